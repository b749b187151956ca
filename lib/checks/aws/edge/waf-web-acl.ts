import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { DISTRIBUTION } from '../../cfn/edge';
import { LB } from '../../cfn/load-balancers';
import { DEPLOYMENT, STAGE } from './apigateway';
import { webAclFor } from './waf';

/** The AWS managed rule groups every web ACL must run (common, known bad inputs, SQL injection). */
export const REQUIRED_MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

/** Rule actions that stop a managed rule from blocking: it only counts (or lets the request through). */
const NOT_BLOCKING = ['Count', 'Allow'];

/**
 * How a managed rule group runs: `undefined` when it blocks as AWS wrote it,
 * otherwise why not (the whole group in count mode, or rules overridden to
 * count or allow, or excluded).
 */
function weakened(index: TemplateIndex, rule: Val, group: Val): string | undefined {
  const override = index.field(rule, 'OverrideAction');
  if (override.k === 'unknown') throw new Undecidable(override.why);
  if (index.field(override, 'Count').k !== 'absent') return 'count mode only (OverrideAction Count)';
  const list = (path: string): Val[] => {
    const v = index.field(group, path);
    if (v.k === 'unknown') throw new Undecidable(v.why);
    return index.items(v) ?? [];
  };
  const overridden = list('RuleActionOverrides').filter((o) => {
    const action = index.field(o, 'ActionToUse');
    if (action.k === 'unknown') throw new Undecidable(action.why);
    return NOT_BLOCKING.some((a) => index.field(action, a).k !== 'absent');
  }).map((o) => V.show(index.field(o, 'Name')));
  const excluded = list('ExcludedRules').map((o) => V.show(index.field(o, 'Name')));
  const off = [...overridden, ...excluded];
  return off.length > 0 ? `rules overridden to count or allow: ${off.join(', ')}` : undefined;
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
    const why = weakened(index, r, group);
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
  check(res, { index }) {
    const found = webAclFor(index, res);
    if (!found) return undefined;
    if (!found.acl) return found.verdict;
    return judgeManagedGroups(index, found.acl);
  },
};
