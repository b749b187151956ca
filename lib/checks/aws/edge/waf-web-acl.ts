import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { DISTRIBUTION } from '../../cfn/edge';
import { LB } from '../../cfn/load-balancers';
import { DEPLOYMENT, STAGE } from './apigateway';
import { webAclFor } from './waf';
import { ManagedGroupUse, REQUIRED_MANAGED_RULE_GROUPS, managedGroupWeakness } from '../../../checklist/policy/waf';

/** The keys of an action object (`{ Count: {} }` → Count) in this world; an action decided at deploy time is undecidable. */
function actionKeys(index: TemplateIndex, action: Val): string[] {
  if (action.k === 'unknown') throw new Undecidable(action.why);
  return action.k === 'lit' && action.v !== null && typeof action.v === 'object' && !Array.isArray(action.v)
    ? Object.keys(action.v).filter((k) => index.field(action, k).k !== 'absent') : [];
}

/** How a web ACL rule runs its managed rule group, read in this world. */
function groupUse(index: TemplateIndex, rule: Val, group: Val): ManagedGroupUse {
  const list = (path: string): Val[] => {
    const v = index.field(group, path);
    if (v.k === 'unknown') throw new Undecidable(v.why);
    return index.items(v) ?? [];
  };
  return {
    overrideToCount: actionKeys(index, index.field(rule, 'OverrideAction')).some((k) => k.toLowerCase() === 'count'),
    ruleActionOverrides: list('RuleActionOverrides').map((o) => ({ name: V.show(index.field(o, 'Name')), actions: actionKeys(index, index.field(o, 'ActionToUse')) })),
    excludedRules: list('ExcludedRules').map((o) => V.show(index.field(o, 'Name'))),
  };
}

/** The verdict on a web ACL's managed rule groups. */
function judgeManagedGroups(index: TemplateIndex, acl: CfnResource) {
  const rules = index.prop(acl, 'Rules');
  if (rules.k === 'unknown') return unknown('Rules', rules, `web ACL ${acl.logicalId} rules decided at deploy time`);
  const active = new Set<string>();
  const weak = new Map<string, string>();
  for (const r of index.items(rules) ?? []) {
    const group = index.field(r, 'Statement.ManagedRuleGroupStatement');
    if (group.k === 'absent') continue;
    if (group.k === 'unknown') return unknown('Rules', acl.logicalId, `a managed rule group of ${acl.logicalId} is decided at deploy time (${group.why})`);
    const vendor = V.str(index.field(group, 'VendorName'));
    const name = V.str(index.field(group, 'Name'));
    if (vendor !== 'AWS' || !name) continue;
    const why = managedGroupWeakness(groupUse(index, r, group));
    if (why) weak.set(name, why);
    else active.add(name);
  }
  const missing = REQUIRED_MANAGED_RULE_GROUPS.filter((g) => !active.has(g));
  if (missing.length === 0) return pass('WebACL', acl.logicalId, `web ACL ${acl.logicalId} runs ${REQUIRED_MANAGED_RULE_GROUPS.join(', ')}`);
  return fail('WebACL', acl.logicalId, `web ACL ${acl.logicalId} lacks ${missing.map((m) => weak.has(m) ? `${m} (${weak.get(m)})` : m).join(', ')}`);
}

/** WAF-WEB-ACL: a web ACL with the AWS managed rule groups protects every internet-facing ALB, distribution and public REST API stage. */
export const WafWebAcl: AwsRule = {
  id: 'WafWebAcl',
  items: ['WAF-WEB-ACL'],
  types: [LB, DISTRIBUTION, STAGE, DEPLOYMENT],
  severity: Severity.HIGH,
  description: 'Internet-facing ALBs, CloudFront distributions and public REST API stages are protected by a WAFv2 web ACL running the AWS managed rule groups Common, KnownBadInputs and SQLi, blocking (not in count mode, no rule overridden to count).',
  fix: 'Create a wafv2.CfnWebACL with the AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesSQLiRuleSet rule groups (overrideAction none, no ruleActionOverrides to count) and associate it (CfnWebACLAssociation / webAclId).',
  fsbp: ['ELB.16', 'CloudFront.6', 'WAF.10'],
  controlTower: ['CT.WAFV2.PR.1'],
  check(res, { index }) {
    const found = webAclFor(index, res);
    if (!found) return undefined;
    if (!found.acl) return found.verdict;
    return judgeManagedGroups(index, found.acl);
  },
};
