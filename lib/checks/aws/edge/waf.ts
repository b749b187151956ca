import { Verdict, fail, unknown } from '../../rule';
import { CfnResource, refMark, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { DISTRIBUTION, WEB_ACL, WEB_ACL_ASSOCIATION } from '../../cfn/edge';
import { isAlb, isInternetFacing, isInternetFacingAlb, LB, pointsAt } from '../../cfn/load-balancers';
import { SECURITY_GROUP, ingressRules, worldSource } from '../../cfn/network';
import { DEPLOYMENT, REST_API, STAGE, isPrivateApi, namesStage, restApiOf, stageSettings } from './apigateway';
import { GRAPHQL_API, isPrivateGraphqlApi, namesGraphqlApi } from './appsync';

/** The web ACL found for a protected resource: in the template (`acl`), or a verdict saying why not. @internal */
export interface Found {
  readonly acl?: CfnResource;
  readonly verdict?: Verdict;
}

/**
 * The web ACL of this template a `WebACLArn` / `WebACLId` value names: `Fn::GetAtt Acl.Arn` (or a `Ref`, read as
 * before), or the same ARN as text, `Fn::Sub '${Acl.Arn}'` (or an `Fn::Join` of it alone). Undefined otherwise.
 */
function ownWebAcl(v: Val): CfnResource | undefined {
  if (v.k === 'ref') return v.target.type === WEB_ACL ? v.target : undefined;
  if (v.k !== 'expr' || v.refs.length !== 1) return undefined;
  const acl = v.refs[0];
  return acl.type === WEB_ACL && v.text === refMark(acl.logicalId, 'Arn') ? acl : undefined;
}

/**
 * The web ACL the associations attach, or why it cannot be judged. A
 * resource has one web ACL: several associations naming different web ACLs
 * are created with no order between them, so which one the resource keeps
 * (the last AssociateWebACL to run, or none when the second is refused) is
 * not in the template: unknown, naming them, whatever each ACL holds.
 * Several associations naming the same web ACL are judged as one.
 */
function fromAssociations(index: TemplateIndex, assoc: CfnResource[], what: string): Found {
  if (assoc.length === 0) return { verdict: fail('WebACLAssociation', '(none)', `no WAF web ACL is associated with the ${what}`) };
  const arns = assoc.map((a) => index.prop(a, 'WebACLArn'));
  const same = (a: Val, b: Val) => (ownWebAcl(a) !== undefined && ownWebAcl(a) === ownWebAcl(b)) || (a.k === 'lit' && b.k === 'lit' && V.str(a) !== undefined && V.str(a) === V.str(b));
  if (arns.some((a, i) => i > 0 && !same(a, arns[0]))) {
    const named = assoc.map((a, i) => `${a.logicalId} (${V.show(arns[i])})`).join(', ');
    return { verdict: unknown('WebACLAssociation', assoc.map((a) => a.logicalId).join(', '), `associations ${named} attach different web ACLs to the ${what}, which keeps one: CloudFormation creates them in no set order, so which web ACL protects it is not in the template`) };
  }
  const arn = arns[0];
  const acl = ownWebAcl(arn);
  if (acl) return { acl };
  return { verdict: unknown('WebACLAssociation', V.show(arn), `web ACL ${V.show(arn)} is not in this template`) };
}

/** The associations of this template that attach a web ACL to a REST stage. */
function stageAssociations(index: TemplateIndex, stage: CfnResource): CfnResource[] {
  const api = restApiOf(index, stage);
  if (!api) return [];
  return index.referrers(api, WEB_ACL_ASSOCIATION).filter((a) => namesStage(index, index.prop(a, 'ResourceArn'), stage));
}

/** The web ACL associated with a REST stage: `{ acl }` when it is in the template, else a verdict saying why not (none: fail; outside the template, or several: unknown). @internal */
export function stageWebAcl(index: TemplateIndex, stage: CfnResource): Found {
  return fromAssociations(index, stageAssociations(index, stage), 'stage');
}

/**
 * The WAFv2 web ACL protecting an internet-facing ALB, a distribution, a
 * public REST API stage or a public AppSync GraphQL API (an association whose
 * ResourceArn is the API's ARN: `Ref`, `Fn::GetAtt Api.Arn`, or built as
 * `arn:...:appsync:...:apis/${Api.ApiId}`): `{ acl }` when it is in the
 * template, `{ verdict }` when it is missing (fail), not in the template or
 * one of several associations naming different web ACLs (unknown),
 * `undefined` when WAF does not apply (internal or non-application load
 * balancer, private API, a deployment that creates no stage).
 * @internal
 */
export function webAclFor(index: TemplateIndex, res: CfnResource): Found | undefined {
  if (res.type === GRAPHQL_API) {
    if (isPrivateGraphqlApi(index, res)) return undefined;
    const assoc = index.referrers(res, WEB_ACL_ASSOCIATION).filter((a) => namesGraphqlApi(index.prop(a, 'ResourceArn'), res));
    return fromAssociations(index, assoc, 'public GraphQL API');
  }
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
  const acl = ownWebAcl(id);
  if (acl) return { acl };
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

/** Fields every HTTP request has, so a size constraint `GE 0` on them matches every request. */
const EVERY_REQUEST_FIELDS = ['UriPath', 'Method'];

/**
 * Text transformations after which a URI path still starts with `/`: they
 * lower-case, decode escapes, or remove or replace characters other than a
 * leading `/`. Others (BASE64_DECODE, HEX_DECODE, MD5, REMOVE_COMMENTS of a
 * leading `/*`, ...) may turn the path into text without it.
 */
const PATH_PREFIX_KEEPING = new Set(['NONE', 'LOWERCASE', 'URL_DECODE', 'URL_DECODE_UNI', 'NORMALIZE_PATH', 'NORMALIZE_PATH_WIN', 'COMPRESS_WHITE_SPACE', 'HTML_ENTITY_DECODE', 'REMOVE_NULLS', 'REPLACE_NULLS']);

/** The text transformations of a match statement that may remove the leading `/` of a path (those decided at deploy time included), by name. */
function prefixBreaking(index: TemplateIndex, match: Val): string[] {
  const list = index.field(match, 'TextTransformations');
  if (list.k === 'unknown') return [`text transformations decided at deploy time (${list.why})`];
  return (index.items(list) ?? []).map((t) => index.field(t, 'Type')).filter((t) => !PATH_PREFIX_KEEPING.has(V.str(t) ?? '')).map((t) => V.show(t));
}

/** The one field a FieldToMatch names (`{ SingleHeader: {...} }` → SingleHeader, with the header's name), or undefined when it is decided at deploy time. */
function fieldName(index: TemplateIndex, field: Val): { kind: string; label: string } | undefined {
  if (field.k !== 'lit' || field.v === null || typeof field.v !== 'object' || Array.isArray(field.v)) return undefined;
  const kind = Object.keys(field.v).find((k) => index.field(field, k).k !== 'absent');
  if (kind === undefined) return undefined;
  const name = index.field(field, `${kind}.Name`);
  return { kind, label: name.k === 'absent' ? kind : `${kind} ${V.show(name)}` };
}

/**
 * The reach of a statement; with `gaps`, a byte match of `/` on the path
 * behind transformations that may drop it, and a size constraint `GE 0` on a
 * field a request may lack, count as every request, each noted in `gaps`.
 */
function reach(index: TemplateIndex, stmt: Val, gaps?: string[]): Reach {
  if (stmt.k === 'unknown') return 'unknown';
  const byte = index.field(stmt, 'ByteMatchStatement');
  if (byte.k === 'lit') {
    const onPath = index.field(byte, 'FieldToMatch.UriPath').k !== 'absent';
    const position = V.str(index.field(byte, 'PositionalConstraint'));
    const search = V.str(index.field(byte, 'SearchString'));
    if (onPath && (position === 'STARTS_WITH' || position === 'CONTAINS') && search === '/') {
      const breaking = prefixBreaking(index, byte);
      if (breaking.length === 0) return 'every';
      if (!gaps) return 'unknown';
      gaps.push(`its byte match of "/" in the URI path runs after the text transformations ${breaking.join(', ')}, which may turn a path into text without "/" (the template does not show what each request's path becomes)`);
      return 'every';
    }
    if (onPath && position === 'EXACTLY' && search !== undefined && search !== '') return 'narrow';
    return 'unknown';
  }
  const size = index.field(stmt, 'SizeConstraintStatement');
  if (size.k === 'lit') {
    if (V.str(index.field(size, 'ComparisonOperator')) !== 'GE' || V.num(index.field(size, 'Size')) !== 0) return 'unknown';
    const field = fieldName(index, index.field(size, 'FieldToMatch'));
    if (field && EVERY_REQUEST_FIELDS.includes(field.kind)) return 'every';
    if (!gaps) return 'unknown';
    gaps.push(field
      ? `its size constraint (GE 0) reads ${field.label}, which a request may leave out, and WAF does not match a request without it; whether every request reaching the resource carries it (a proxy in front adding it) is not in the template`
      : 'the field of its size constraint (GE 0) is decided at deploy time');
    return 'every';
  }
  // An IP set read from a forwarded-IP header matches what the client writes there (`forwardedSets`): never narrow.
  const ipSet = index.field(stmt, 'IPSetReferenceStatement');
  if (ipSet.k === 'lit') return index.field(ipSet, 'IPSetForwardedIPConfig').k === 'absent' && narrowIpSet(index, index.field(ipSet, 'Arn')) ? 'narrow' : 'unknown';
  for (const [key, combine] of [['AndStatement', 'and'], ['OrStatement', 'or']] as const) {
    const list = index.field(stmt, `${key}.Statements`);
    if (list.k === 'absent') continue;
    const reaches = (index.items(list) ?? []).map((s) => reach(index, s, gaps));
    if (reaches.length === 0) return 'unknown';
    const narrowWins = combine === 'and';
    if (reaches.some((r) => r === (narrowWins ? 'narrow' : 'every'))) return narrowWins ? 'narrow' : 'every';
    if (reaches.every((r) => r === (narrowWins ? 'every' : 'narrow'))) return narrowWins ? 'every' : 'narrow';
    return 'unknown';
  }
  return 'unknown';
}

/**
 * How much traffic a statement matches:
 * - every request: a byte match of the URI path that STARTS_WITH or CONTAINS
 *   `/` (every path starts with it) with no text transformation but ones
 *   that keep a leading `/` (NONE, LOWERCASE, URL_DECODE, NORMALIZE_PATH,
 *   ...), a size constraint `GE 0` on the URI path or the method (a request
 *   without the field, such as a header or cookie, does not match), an Or
 *   with one such branch, an And of only such statements;
 * - narrow: a byte match of the URI path EXACTLY one path, an IP set of this
 *   template whose literal addresses are each at most a /16 (IPv4) or /32
 *   (IPv6), matched against the connection's address (not an
 *   IPSetForwardedIPConfig header, which the client may write), an And with
 *   one narrow branch, an Or of only narrow branches;
 * - anything else cannot be told from the template (geo matches, labels,
 *   headers, regexes, negations, IP sets from elsewhere).
 * @internal
 */
export function statementReach(index: TemplateIndex, stmt: Val): Reach {
  return reach(index, stmt);
}

/**
 * Why a ScopeDownStatement may leave requests out of the rule it limits,
 * or undefined when it matches every request (`statementReach`): `unknown`
 * when it would match every request but for a field a request may leave
 * out (a size constraint `GE 0` on a header, cookie, query or body: whether
 * a proxy in front adds it is not in the template) or for text
 * transformations that may drop the `/` of the path; `fail` otherwise (it
 * is not shown to match every request).
 * @internal
 */
export function scopeDownGap(index: TemplateIndex, scope: Val): Bypass | undefined {
  if (scope.k === 'absent' || reach(index, scope) === 'every') return undefined;
  const gaps: string[] = [];
  if (reach(index, scope, gaps) === 'every' && gaps.length > 0) return { status: 'unknown', why: `its ScopeDownStatement may leave requests out: ${gaps.join('; ')}` };
  return { status: 'fail', why: 'it inspects only the requests its ScopeDownStatement matches' };
}

/** An IP set statement read from a forwarded-IP header: the IP set, the header and the position WAF reads. */
interface ForwardedSet {
  readonly set: string;
  readonly header: string;
  readonly position: string;
  /** Whether a client can make the whole statement match by writing the header: the statement itself, or a branch of an Or of it. */
  readonly decides: boolean;
}

/** The IP set statements of a statement that read a forwarded-IP header (IPSetForwardedIPConfig), in And, Or and Not statements too. */
function forwardedSets(index: TemplateIndex, stmt: Val, decides = true): ForwardedSet[] {
  if (stmt.k !== 'lit') return [];
  const ipSet = index.field(stmt, 'IPSetReferenceStatement');
  const config = index.field(ipSet, 'IPSetForwardedIPConfig');
  if (ipSet.k === 'lit' && config.k !== 'absent') {
    const arn = index.field(ipSet, 'Arn');
    return [{ set: arn.k === 'ref' ? arn.target.logicalId : V.show(arn), header: V.show(index.field(config, 'HeaderName')), position: V.show(index.field(config, 'Position')), decides }];
  }
  const out: ForwardedSet[] = [];
  for (const [key, keeps] of [['OrStatement.Statements', true], ['AndStatement.Statements', false]] as const) {
    for (const s of index.items(index.field(stmt, key)) ?? []) out.push(...forwardedSets(index, s, decides && keeps));
  }
  const not = index.field(stmt, 'NotStatement.Statement');
  if (not.k !== 'absent') out.push(...forwardedSets(index, not, false));
  return out;
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
 * Why clients reach `res` directly, with nothing of the owner's in front that
 * could rewrite a header, or undefined when the template does not show it:
 * a distribution always (WAF inspects the viewer's request at the edge); an
 * internet-facing ALB when one of its security groups of this template
 * admits the internet; a public REST API with no resource policy.
 */
function facesClients(index: TemplateIndex, res: CfnResource): string | undefined {
  if (res.type === DISTRIBUTION) return `WAF inspects the viewer's own request at the CloudFront edge of ${res.logicalId}, before anything of yours`;
  if (res.type === LB) {
    if (!isInternetFacingAlb(index, res)) return undefined;
    for (const g of index.items(index.prop(res, 'SecurityGroups')) ?? []) {
      const sg = g.k === 'ref' && g.target.type === SECURITY_GROUP ? g.target : undefined;
      for (const rule of (sg && ingressRules(index, sg, true)) ?? []) {
        const open = worldSource(index, rule.rule).open;
        if (open) return `${res.logicalId} faces the internet (security group ${sg!.logicalId} admits ${open})`;
      }
    }
    return undefined;
  }
  if (res.type === REST_API) {
    try {
      if (isPrivateApi(index, res)) return undefined;
    } catch (e) {
      if (e instanceof Undecidable) return undefined;
      throw e;
    }
    return index.prop(res, 'Policy').k === 'absent' ? `${res.logicalId} is a public REST API with no resource policy limiting who calls it` : undefined;
  }
  return undefined;
}

/** What a web ACL protects in this template: the distributions naming it, the ALBs and REST APIs its associations name; `outside` when an association names something else. */
function protectedBy(index: TemplateIndex, acl: CfnResource): { targets: CfnResource[]; outside: boolean } {
  const targets = index.referrers(acl, DISTRIBUTION).filter((d) => pointsAt(index.prop(d, 'DistributionConfig.WebACLId'), acl));
  let outside = false;
  for (const a of index.referrers(acl, WEB_ACL_ASSOCIATION).filter((x) => pointsAt(index.prop(x, 'WebACLArn'), acl))) {
    const arn = index.prop(a, 'ResourceArn');
    const target = arn.k === 'ref' && arn.target.type === LB ? arn.target : arn.k === 'expr' ? arn.refs.find((r) => r.type === REST_API) : undefined;
    if (target) targets.push(target); else outside = true;
  }
  return { targets, outside };
}

/** Where a web ACL is judged: the web ACL, and the resource judged (an ALB, a distribution, a REST API), if any. @internal */
export interface AclSeat {
  readonly acl: CfnResource;
  readonly res?: CfnResource;
}

/**
 * Why every client reaches what the web ACL protects directly, so it writes
 * any header WAF reads (`facesClients`), or undefined when the template does
 * not show it: a CLOUDFRONT web ACL judged for no particular resource; else
 * `res`, or without it every resource the ACL protects in this template (and
 * nothing outside it).
 * @internal
 */
export function clientsReach(index: TemplateIndex, seat: AclSeat): string[] | undefined {
  const { acl, res } = seat;
  const found = res ? { targets: [res], outside: false } : protectedBy(index, acl);
  const direct = !res && V.str(index.prop(acl, 'Scope')) === 'CLOUDFRONT'
    ? [`WAF inspects the viewer's own request at the CloudFront edge, before anything of yours (${acl.logicalId} is a CLOUDFRONT web ACL)`]
    : found.targets.map((t) => facesClients(index, t));
  return direct.length > 0 && !found.outside && direct.every((d) => d !== undefined) ? direct as string[] : undefined;
}

/**
 * The verdict on an Allow rule (`label`) ordered before `what`: fail when it
 * matches every request, or when a client decides that it matches by
 * writing a forwarded-IP header (an IP set with IPSetForwardedIPConfig, as
 * the statement or a branch of an Or) where clients reach the resource
 * directly (`clientsReach`) and the header's address WAF reads is the
 * client's (Position FIRST or ANY, or any position of a header other than
 * X-Forwarded-For, to which load balancers append the address they saw);
 * unknown when it is not shown narrow, naming a forwarded-IP header it
 * reads; undefined for a narrow exemption.
 */
function judgeAllow(index: TemplateIndex, stmt: Val, label: string, what: string, seat: AclSeat | undefined): Bypass | undefined {
  const reached = statementReach(index, stmt);
  if (reached === 'every') return { status: 'fail', why: `${label} allows every request before ${what}: evaluation ends there, ${what} sees nothing` };
  if (reached === 'narrow') return undefined;
  const forwarded = forwardedSets(index, stmt);
  if (forwarded.length === 0) return { status: 'unknown', why: `${label} allows the requests its statement matches before ${what}, which never sees them; the template does not show that statement to be narrow` };
  const f = forwarded.find((x) => x.decides) ?? forwarded[0];
  const reads = `${label} allows requests whose ${f.header} header holds an address of IP set ${f.set} (IPSetForwardedIPConfig, Position ${f.position}) before ${what}: WAF reads that address from the header, not from the connection, and the client writes the header`;
  const spoofable = f.position === 'FIRST' || f.position === 'ANY' || (f.position === 'LAST' && f.header.toLowerCase() !== 'x-forwarded-for');
  const direct = f.decides && spoofable && seat ? clientsReach(index, seat) : undefined;
  if (direct) return { status: 'fail', why: `${reads}; ${direct.join('; ')}, so any client that sends ${f.header} with such an address skips ${what}` };
  return { status: 'unknown', why: `${reads}, so a request claiming an allowed address skips ${what} unless every request comes through a proxy that overwrites ${f.header} (and nothing else reaches the resource); the template does not show which` };
}

/**
 * Whether requests can skip the rule at `priority` of a web ACL: WAF
 * evaluates rules by ascending Priority and an Allow action ends the
 * evaluation (also an Allow inside a rule group), so a request an earlier
 * Allow matches is never inspected, counted or blocked by the later rule.
 * An earlier Allow rule whose statement matches every request fails
 * (nothing reaches the rule); one whose statement is not shown narrow
 * (`statementReach`) is unknown, naming it; a narrow one (an exact path, a
 * small IP allow-list matched against the connection's address) is a
 * deliberate exemption. An allow-list read from a forwarded-IP header
 * (IPSetForwardedIPConfig) is never narrow: the client writes the header, so
 * it fails where clients reach the resource directly (`seat`, see
 * `judgeAllow`) and is unknown elsewhere. An earlier rule group
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
export function bypassBefore(index: TemplateIndex, rules: Val[], priority: number, what: string, seat?: AclSeat): Bypass | undefined {
  let undecided: string | undefined;
  for (const r of rules) {
    const p = rulePriority(index, r);
    if (p === undefined) { undecided ??= `the priority of rule ${V.show(index.field(r, 'Name'))} is not a number`; continue; }
    if (p >= priority) continue;
    const name = V.show(index.field(r, 'Name'));
    const action = index.field(r, 'Action');
    if (action.k === 'unknown') { undecided ??= `the action of rule ${name} (priority ${p}), before ${what}, is decided at deploy time`; continue; }
    if (index.field(action, 'Allow').k !== 'absent') {
      const allow = judgeAllow(index, index.field(r, 'Statement'), `rule ${name} (priority ${p})`, what, seat);
      if (allow?.status === 'fail') return allow;
      if (allow) undecided ??= allow.why;
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
      const label = `rule ${V.show(index.field(a.rule, 'Name'))} of rule group ${name} (priority ${p})`;
      if (a.action.k === 'unknown') { undecided ??= `${label} may allow requests before ${what}: its action is decided at deploy time`; continue; }
      const allow = judgeAllow(index, index.field(a.rule, 'Statement'), label, what, seat);
      if (allow?.status === 'fail') return allow;
      if (allow) undecided ??= allow.why;
    }
  }
  return undecided ? { status: 'unknown', why: undecided } : undefined;
}
