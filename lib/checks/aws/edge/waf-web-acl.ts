import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { DISTRIBUTION } from '../../cfn/edge';
import { LB } from '../../cfn/load-balancers';
import { webAclFor } from './waf';

/** The AWS managed rule groups every web ACL must run (common, known bad inputs, SQL injection). */
export const REQUIRED_MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

/** WAF-WEB-ACL: a web ACL with the AWS managed rule groups protects every internet-facing ALB and distribution. */
export const WafWebAcl: AwsRule = {
  id: 'WafWebAcl',
  items: ['WAF-WEB-ACL'],
  types: [LB, DISTRIBUTION],
  severity: Severity.HIGH,
  description: 'Internet-facing ALBs and CloudFront distributions are protected by a WAFv2 web ACL running the AWS managed rule groups Common, KnownBadInputs and SQLi (not in count mode).',
  fix: 'Create a wafv2.CfnWebACL with the AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesSQLiRuleSet rule groups (overrideAction none) and associate it (CfnWebACLAssociation / webAclId).',
  fsbp: ['ELB.16', 'CloudFront.6', 'WAF.10'],
  controlTower: ['CT.WAFV2.PR.1'],
  check(res, { index }) {
    const found = webAclFor(index, res);
    if (!found) return undefined;
    if (!found.acl) return found.verdict;
    const acl = found.acl;
    const rules = index.prop(acl, 'Rules');
    if (rules.k === 'unknown') return unknown('Rules', rules, `web ACL ${acl.logicalId} rules decided at deploy time`);
    const active = new Set<string>();
    const counting = new Set<string>();
    for (const r of V.list(rules) ?? []) {
      const vendor = V.str(index.at(r, 'Statement.ManagedRuleGroupStatement.VendorName'));
      const name = V.str(index.at(r, 'Statement.ManagedRuleGroupStatement.Name'));
      if (vendor !== 'AWS' || !name) continue;
      if (index.at(r, 'OverrideAction.Count').k !== 'absent') counting.add(name);
      else active.add(name);
    }
    const missing = REQUIRED_MANAGED_RULE_GROUPS.filter((g) => !active.has(g));
    if (missing.length === 0) return pass('WebACL', acl.logicalId, `web ACL ${acl.logicalId} runs ${REQUIRED_MANAGED_RULE_GROUPS.join(', ')}`);
    return fail('WebACL', acl.logicalId, `web ACL ${acl.logicalId} lacks ${missing.map((m) => counting.has(m) ? `${m} (count mode only)` : m).join(', ')}`);
  },
};
