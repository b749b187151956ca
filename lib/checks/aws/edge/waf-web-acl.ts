import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { DISTRIBUTION } from '../../cfn/edge';
import { LB } from '../../cfn/load-balancers';
import { DEPLOYMENT, STAGE, restApiOf } from './apigateway';
import { GRAPHQL_API } from './appsync';
import { bypassBefore, rulePriority, scopeDownGap, webAclFor } from './waf';
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

/**
 * The verdict on a web ACL's managed rule groups. A required group is weak
 * (fails) when it counts instead of blocking (`managedGroupWeakness`), when a
 * ScopeDownStatement not shown to match every request limits it to some
 * requests, or when an Allow rule ordered before it matches every request,
 * or is an allow-list read from a forwarded-IP header where clients reach
 * `res` directly (`bypassBefore`); a ScopeDownStatement that matches every
 * request only if each carries a header (cookie, query, body) or if its text
 * transformations keep the path's `/` (`scopeDownGap`), an earlier Allow
 * rule not shown narrow, an earlier managed rule overridden to Allow, or an
 * earlier rule group from another vendor or outside the template makes it
 * unknown. `res` is the resource judged (an ALB, a distribution, a REST API;
 * without it, what the web ACL protects in this template). Captcha and Challenge
 * overrides do not block (policy `NON_BLOCKING_ACTIONS`): a client that solves
 * them is let through.
 */
function judgeManagedGroups(index: TemplateIndex, acl: CfnResource, res: CfnResource | undefined) {
  const rules = index.prop(acl, 'Rules');
  if (rules.k === 'unknown') return unknown('Rules', rules, `web ACL ${acl.logicalId} rules decided at deploy time`);
  const list = index.items(rules) ?? [];
  const active = new Set<string>();
  const weak = new Map<string, string>();
  const undecided = new Map<string, string>();
  for (const r of list) {
    const group = index.field(r, 'Statement.ManagedRuleGroupStatement');
    if (group.k === 'absent') continue;
    if (group.k === 'unknown') return unknown('Rules', acl.logicalId, `a managed rule group of ${acl.logicalId} is decided at deploy time (${group.why})`);
    const vendor = V.str(index.field(group, 'VendorName'));
    const name = V.str(index.field(group, 'Name'));
    if (vendor !== 'AWS' || !name) continue;
    const scope = scopeDownGap(index, index.field(group, 'ScopeDownStatement'));
    const priority = rulePriority(index, r);
    const bypass = priority === undefined ? { status: 'unknown' as const, why: `its priority ${V.show(index.field(r, 'Priority'))} is not a number` } : bypassBefore(index, list, priority, name, { acl, res });
    const why = managedGroupWeakness(groupUse(index, r, group))
      ?? (scope?.status === 'fail' ? 'inspects only the requests its ScopeDownStatement matches' : undefined)
      ?? (bypass?.status === 'fail' ? bypass.why : undefined);
    if (why) weak.set(name, why);
    else if (scope) undecided.set(name, scope.why);
    else if (bypass) undecided.set(name, bypass.why);
    else active.add(name);
  }
  const missing = REQUIRED_MANAGED_RULE_GROUPS.filter((g) => !active.has(g) && !undecided.has(g));
  if (missing.length > 0) return fail('WebACL', acl.logicalId, `web ACL ${acl.logicalId} lacks ${missing.map((m) => weak.has(m) ? `${m} (${weak.get(m)})` : m).join(', ')}`);
  if (undecided.size > 0) return unknown('WebACL', acl.logicalId, `web ACL ${acl.logicalId} runs ${REQUIRED_MANAGED_RULE_GROUPS.join(', ')}, but ${[...undecided].map(([g, why]) => `${g}: ${why}`).join('; ')}`);
  return pass('WebACL', acl.logicalId, `web ACL ${acl.logicalId} runs ${REQUIRED_MANAGED_RULE_GROUPS.join(', ')} on every request`);
}

/**
 * WAF-WEB-ACL: a web ACL with the AWS managed rule groups protects every
 * internet-facing ALB, distribution, public REST API stage and public AppSync
 * GraphQL API (not `Visibility: PRIVATE`), each group
 * blocking and inspecting every request: no rule counted, excluded or
 * overridden to Allow, no scope-down statement narrowing it, no Allow rule
 * (nor rule group rule overridden to Allow) ordered before it that lets
 * requests skip it (an IP allow-list read from a forwarded-IP header lets
 * any client that writes the header skip it). A resource with several
 * associations naming different web ACLs is unknown (`webAclFor`).
 */
export const WafWebAcl: AwsRule = {
  id: 'WafWebAcl',
  items: ['WAF-WEB-ACL'],
  types: [LB, DISTRIBUTION, STAGE, DEPLOYMENT, GRAPHQL_API],
  severity: Severity.HIGH,
  description: 'Internet-facing ALBs, CloudFront distributions, public REST API stages and public AppSync GraphQL APIs are protected by a WAFv2 web ACL running the AWS managed rule groups Common, KnownBadInputs and SQLi, blocking (not in count mode, no rule overridden to count or allow, none excluded) on every request (no ScopeDownStatement that may leave requests out; no Allow rule, or rule group rule overridden to Allow, ordered before them that may match every request or reads an IP allow-list from a forwarded-IP header the client writes); several associations naming different web ACLs on one resource are unknown.',
  fix: 'Create a wafv2.CfnWebACL with the AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesSQLiRuleSet rule groups (overrideAction none, no ruleActionOverrides to count) and associate it (CfnWebACLAssociation / webAclId; for an AppSync API, resourceArn: api.arn).',
  check(res, { index }) {
    const found = webAclFor(index, res);
    if (!found) return undefined;
    if (!found.acl) return found.verdict;
    // A stage is judged for its API (which faces clients, or not), as WAF-RATE-LIMIT does.
    return judgeManagedGroups(index, found.acl, res.type === STAGE || res.type === DEPLOYMENT ? restApiOf(index, res) : res);
  },
};
