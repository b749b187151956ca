import { Verdict, fail, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { DISTRIBUTION, WEB_ACL, WEB_ACL_ASSOCIATION } from '../../cfn/edge';
import { isAlb, isInternetFacing, LB, pointsAt } from '../../cfn/load-balancers';
import { DEPLOYMENT, STAGE, isPrivateApi, namesStage, restApiOf, stageSettings } from './apigateway';

/** The web ACL found for a protected resource: in the template (`acl`), or a verdict saying why not. */
interface Found {
  readonly acl?: CfnResource;
  readonly verdict?: Verdict;
}

/** The web ACL of the first association, or why it cannot be judged. */
function fromAssociations(index: TemplateIndex, assoc: CfnResource[], what: string): Found {
  if (assoc.length === 0) return { verdict: fail('WebACLAssociation', '(none)', `no WAF web ACL is associated with the ${what}`) };
  const arn = index.prop(assoc[0], 'WebACLArn');
  if (arn.k === 'ref' && arn.target.type === WEB_ACL) return { acl: arn.target };
  return { verdict: unknown('WebACLAssociation', V.show(arn), `web ACL ${V.show(arn)} is not in this template`) };
}

/** The associations of this template that attach a web ACL to a REST stage. */
function stageAssociations(index: TemplateIndex, stage: CfnResource): CfnResource[] {
  const api = restApiOf(index, stage);
  if (!api) return [];
  return index.referrers(api, WEB_ACL_ASSOCIATION).filter((a) => namesStage(index, index.prop(a, 'ResourceArn'), stage));
}

/** The web ACL of this template associated with a REST stage, if any. @internal */
export function stageWebAcl(index: TemplateIndex, stage: CfnResource): CfnResource | undefined {
  return fromAssociations(index, stageAssociations(index, stage), 'stage').acl;
}

/**
 * The WAFv2 web ACL protecting an internet-facing ALB, a distribution or a
 * public REST API stage: `{ acl }` when it is in the template, `{ verdict }`
 * when it is missing (fail) or not in the template (unknown), `undefined`
 * when WAF does not apply (internal or non-application load balancer,
 * private API, a deployment that creates no stage).
 * @internal
 */
export function webAclFor(index: TemplateIndex, res: CfnResource): Found | undefined {
  if (res.type === LB) {
    if (!isAlb(res, index) || !isInternetFacing(res, index)) return undefined;
    const assoc = index.referrers(res, WEB_ACL_ASSOCIATION).filter((a) => pointsAt(index.prop(a, 'ResourceArn'), res));
    return fromAssociations(index, assoc, 'internet-facing load balancer');
  }
  if (res.type === STAGE || res.type === DEPLOYMENT) {
    if (!stageSettings(index, res)) return undefined;
    const api = restApiOf(index, res);
    if (api && isPrivateApi(index, api)) return undefined;
    return fromAssociations(index, stageAssociations(index, res), 'public API stage');
  }
  if (res.type !== DISTRIBUTION) return undefined;
  const id = index.prop(res, 'DistributionConfig.WebACLId');
  if (id.k === 'absent') return { verdict: fail('Properties.DistributionConfig.WebACLId', id, 'no WAF web ACL protects the distribution') };
  if (id.k === 'ref' && id.target.type === WEB_ACL) return { acl: id.target };
  return { verdict: unknown('Properties.DistributionConfig.WebACLId', id, `web ACL ${V.show(id)} is not in this template`) };
}

/** How much of the traffic a WAF statement matches, as far as the template shows: every request, a narrow set, or cannot be told. @internal */
export type Reach = 'every' | 'narrow' | 'unknown';

const IP_SET = 'AWS::WAFv2::IPSet';
/** @internal */
export const RULE_GROUP = 'AWS::WAFv2::RuleGroup';

/** Whether an IP set of this template lists only literal addresses no wider than /16 (IPv4) or /32 (IPv6). */
function narrowIpSet(index: TemplateIndex, arn: Val): boolean {
  if (arn.k !== 'ref' || arn.target.type !== IP_SET) return false;
  const addresses = index.items(index.prop(arn.target, 'Addresses'));
  if (addresses === undefined) return false;
  return addresses.every((a) => {
    const text = a.k === 'lit' ? V.str(a) : undefined;
    if (text === undefined) return false;
    const slash = text.lastIndexOf('/');
    const prefix = slash < 0 ? NaN : Number(text.slice(slash + 1));
    return Number.isInteger(prefix) && prefix >= (text.includes(':') ? 32 : 16);
  });
}

/**
 * How much traffic a statement matches:
 * - every request: a byte match of the URI path that STARTS_WITH or CONTAINS
 *   `/` (every path starts with it), a size constraint `GE 0`, an Or with one
 *   such branch, an And of only such statements;
 * - narrow: a byte match of the URI path EXACTLY one path, an IP set of this
 *   template whose literal addresses are each at most a /16 (IPv4) or /32
 *   (IPv6), an And with one narrow branch, an Or of only narrow branches;
 * - anything else cannot be told from the template (geo matches, labels,
 *   headers, regexes, negations, IP sets from elsewhere).
 * @internal
 */
export function statementReach(index: TemplateIndex, stmt: Val): Reach {
  if (stmt.k === 'unknown') return 'unknown';
  const byte = index.field(stmt, 'ByteMatchStatement');
  if (byte.k === 'lit') {
    const onPath = index.field(byte, 'FieldToMatch.UriPath').k !== 'absent';
    const position = V.str(index.field(byte, 'PositionalConstraint'));
    const search = V.str(index.field(byte, 'SearchString'));
    if (onPath && (position === 'STARTS_WITH' || position === 'CONTAINS') && search === '/') return 'every';
    if (onPath && position === 'EXACTLY' && search !== undefined && search !== '') return 'narrow';
    return 'unknown';
  }
  const size = index.field(stmt, 'SizeConstraintStatement');
  if (size.k === 'lit') return V.str(index.field(size, 'ComparisonOperator')) === 'GE' && V.num(index.field(size, 'Size')) === 0 ? 'every' : 'unknown';
  const ipSet = index.field(stmt, 'IPSetReferenceStatement');
  if (ipSet.k === 'lit') return narrowIpSet(index, index.field(ipSet, 'Arn')) ? 'narrow' : 'unknown';
  for (const [key, combine] of [['AndStatement', 'and'], ['OrStatement', 'or']] as const) {
    const list = index.field(stmt, `${key}.Statements`);
    if (list.k === 'absent') continue;
    const reaches = (index.items(list) ?? []).map((s) => statementReach(index, s));
    if (reaches.length === 0) return 'unknown';
    const narrowWins = combine === 'and';
    if (reaches.some((r) => r === (narrowWins ? 'narrow' : 'every'))) return narrowWins ? 'narrow' : 'every';
    if (reaches.every((r) => r === (narrowWins ? 'every' : 'narrow'))) return narrowWins ? 'every' : 'narrow';
    return 'unknown';
  }
  return 'unknown';
}

/** The priority of a web ACL rule in this world (undecidable when computed at deploy time). @internal */
export function rulePriority(index: TemplateIndex, rule: Val): number | undefined {
  return V.num(index.field(rule, 'Priority'));
}

/** Why requests may skip a rule: `fail` when an earlier Allow matches every request, `unknown` when an earlier Allow (or rule group) may. @internal */
export interface Bypass {
  readonly status: 'fail' | 'unknown';
  readonly why: string;
}

/** One rule of a rule group and the action it takes in this web ACL (its own, or the override the reference gives it). */
interface GroupRule {
  readonly rule: Val;
  readonly action: Val;
}

/**
 * The rules of a rule group of this template that may allow requests where
 * the web ACL references it: a rule whose action (after the reference's
 * RuleActionOverrides by name, ExcludedRules switching a rule to Count) is
 * Allow or decided at deploy time; or why they cannot be seen.
 */
function groupAllows(index: TemplateIndex, ref: Val): GroupRule[] | string {
  const arn = index.field(ref, 'Arn');
  if (arn.k !== 'ref' || arn.target.type !== RULE_GROUP) return `rule group ${V.show(arn)} is outside this template`;
  const rules = index.prop(arn.target, 'Rules');
  if (rules.k === 'unknown') return `the rules of rule group ${arn.target.logicalId} are decided at deploy time`;
  const overrides = index.field(ref, 'RuleActionOverrides');
  const excluded = index.field(ref, 'ExcludedRules');
  if (overrides.k === 'unknown' || excluded.k === 'unknown') return `the overrides of rule group ${arn.target.logicalId} are decided at deploy time`;
  const byName = new Map<string, Val>();
  for (const o of index.items(overrides) ?? []) {
    const name = V.str(index.field(o, 'Name'));
    if (name === undefined) return `an override of rule group ${arn.target.logicalId} names ${V.show(index.field(o, 'Name'))}, not a rule`;
    byName.set(name, index.field(o, 'ActionToUse'));
  }
  const counted = new Set((index.items(excluded) ?? []).map((e) => V.str(index.field(e, 'Name'))));
  const out: GroupRule[] = [];
  for (const rule of index.items(rules) ?? []) {
    const name = index.field(rule, 'Name');
    if (name.k === 'unknown') return `the name of a rule of rule group ${arn.target.logicalId} is decided at deploy time, so which override applies to it cannot be told`;
    const n = V.str(name) ?? '';
    if (counted.has(n)) continue;
    const action = byName.get(n) ?? index.field(rule, 'Action');
    if (action.k === 'unknown' || index.field(action, 'Allow').k !== 'absent') out.push({ rule, action });
  }
  return out;
}

/**
 * Why a managed rule group ordered before `what` may allow requests, or
 * undefined when it cannot: AWS managed groups allow nothing as AWS wrote
 * them, so only their rules overridden to Allow (RuleActionOverrides) do;
 * a group from another vendor has rules this template does not show.
 */
function managedAllows(index: TemplateIndex, group: Val, label: string, what: string): string | undefined {
  if (group.k === 'unknown') return `managed rule group ${label} runs before ${what} and is decided at deploy time (${group.why})`;
  const vendor = index.field(group, 'VendorName');
  const name = V.show(index.field(group, 'Name'));
  if (V.str(vendor) !== 'AWS') return `managed rule group ${V.show(vendor)}/${name} (${label}) runs before ${what} and may allow requests: its rules are not in this template`;
  const overrides = index.field(group, 'RuleActionOverrides');
  if (overrides.k === 'unknown') return `the rule action overrides of managed rule group ${name} (${label}), before ${what}, are decided at deploy time`;
  for (const o of index.items(overrides) ?? []) {
    const action = index.field(o, 'ActionToUse');
    if (action.k === 'unknown' || index.field(action, 'Allow').k !== 'absent') {
      return `rule ${V.show(index.field(o, 'Name'))} of managed rule group ${name} (${label}) is overridden to Allow before ${what}: the requests it matches end evaluation there and skip ${what}, and the template cannot show which those are`;
    }
  }
  return undefined;
}

/**
 * Whether requests can skip the rule at `priority` of a web ACL: WAF
 * evaluates rules by ascending Priority and an Allow action ends the
 * evaluation (also an Allow inside a rule group), so a request an earlier
 * Allow matches is never inspected, counted or blocked by the later rule.
 * An earlier Allow rule whose statement matches every request fails
 * (nothing reaches the rule); one whose statement is not shown narrow
 * (`statementReach`) is unknown, naming it; a narrow one (an exact path, a
 * small IP allow-list) is a deliberate exemption. An earlier rule group
 * (OverrideAction Count turns its result into a count, so such a group is
 * skipped) is judged by the rules that allow where the web ACL uses it:
 * - a rule group of this template, by its Allow rules after the
 *   reference's RuleActionOverrides and ExcludedRules, each judged like an
 *   Allow rule of the web ACL; one outside the template is unknown;
 * - an AWS managed group by its rules overridden to Allow: unknown, since
 *   what a managed rule matches is not in the template (and a client can
 *   often shape its request to match it); a managed group of another vendor
 *   is unknown (its rules are not in the template).
 * @internal
 */
export function bypassBefore(index: TemplateIndex, rules: Val[], priority: number, what: string): Bypass | undefined {
  let undecided: string | undefined;
  for (const r of rules) {
    const p = rulePriority(index, r);
    if (p === undefined) { undecided ??= `the priority of rule ${V.show(index.field(r, 'Name'))} is not a number`; continue; }
    if (p >= priority) continue;
    const name = V.show(index.field(r, 'Name'));
    const action = index.field(r, 'Action');
    if (action.k === 'unknown') { undecided ??= `the action of rule ${name} (priority ${p}), before ${what}, is decided at deploy time`; continue; }
    if (index.field(action, 'Allow').k !== 'absent') {
      const reach = statementReach(index, index.field(r, 'Statement'));
      if (reach === 'every') return { status: 'fail', why: `rule ${name} (priority ${p}) allows every request before ${what}: evaluation ends there, ${what} sees nothing` };
      if (reach === 'unknown') undecided ??= `rule ${name} (priority ${p}) allows the requests its statement matches before ${what}, which never sees them; the template does not show that statement to be narrow`;
      continue;
    }
    const override = index.field(r, 'OverrideAction');
    if (override.k === 'unknown') { undecided ??= `the override action of rule ${name} (priority ${p}), before ${what}, is decided at deploy time`; continue; }
    if (index.field(override, 'Count').k !== 'absent') continue;
    const managed = index.field(r, 'Statement.ManagedRuleGroupStatement');
    if (managed.k !== 'absent') {
      undecided ??= managedAllows(index, managed, `priority ${p}`, what);
      continue;
    }
    const ref = index.field(r, 'Statement.RuleGroupReferenceStatement');
    if (ref.k === 'absent') continue;
    const allows = ref.k === 'unknown' ? `it is decided at deploy time (${ref.why})` : groupAllows(index, ref);
    if (typeof allows === 'string') { undecided ??= `rule group ${name} (priority ${p}) runs before ${what} and may allow requests: ${allows}`; continue; }
    for (const a of allows) {
      const reach = a.action.k === 'unknown' ? 'unknown' : statementReach(index, index.field(a.rule, 'Statement'));
      if (reach === 'every') return { status: 'fail', why: `rule ${V.show(index.field(a.rule, 'Name'))} of rule group ${name} (priority ${p}) allows every request before ${what}: evaluation ends there` };
      if (reach === 'unknown') undecided ??= `rule ${V.show(index.field(a.rule, 'Name'))} of rule group ${name} (priority ${p}) may allow requests before ${what}; the template does not show its statement to be narrow`;
    }
  }
  return undecided ? { status: 'unknown', why: undecided } : undefined;
}
