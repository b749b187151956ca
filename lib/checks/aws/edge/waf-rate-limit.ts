import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { environments, pick } from '../../cfn/environment';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Thresholds } from '../../../checklist/thresholds';
import { DISTRIBUTION, computeBehind } from '../../cfn/edge';
import { LB } from '../../cfn/load-balancers';
import { Undecidable } from '../../world';
import { DEPLOYMENT, METHOD, restApiOf, STAGE } from './apigateway';
import { RULE_GROUP, bypassBefore, clientsReach, rulePriority, scopeDownGap, webAclFor } from './waf';

const KEY = 'rateLimitPerMinute';
/** WAF's evaluation window when EvaluationWindowSec is not set. */
const DEFAULT_WINDOW_SEC = 300;

/**
 * The application-level alternative the seeds name: RATE_LIMIT_ENABLED=true and
 * RATE_LIMIT_PER_MINUTE <= rateLimitPerMinute on every application container or
 * function behind the endpoint. `pass` with evidence, `unknown` when a value is
 * decided at deploy time, `undefined` when the compute does not enable it.
 */
function appRateLimit(index: TemplateIndex, res: CfnResource, thresholds: Thresholds): { status: 'pass' | 'unknown'; message: string } | undefined {
  const parts = behind(index, res);
  const envs = parts.compute.flatMap((c) => environments(c, index, true) ?? []);
  if (envs.length === 0) return undefined;
  const t = thresholds.get(KEY);
  let undecided: string | undefined;
  for (const env of envs) {
    if (env.unknown) { undecided = `${env.label}: environment decided at deploy time`; continue; }
    const enabled = pick(env, ['RATE_LIMIT_ENABLED'])[0]?.[1];
    const perMinute = pick(env, ['RATE_LIMIT_PER_MINUTE'])[0]?.[1];
    if (!enabled || !perMinute) return undefined;
    if (enabled.k === 'unknown' || perMinute.k === 'unknown' || enabled.k === 'secret' || perMinute.k === 'secret') { undecided = `${env.label}: RATE_LIMIT_* decided at deploy time`; continue; }
    const on = /^(true|1|yes|on)$/i.test(V.str(enabled) ?? '');
    const n = V.num(perMinute);
    if (!on || n === undefined || n <= 0 || !thresholds.meets(KEY, n)) return undefined;
  }
  if (undecided) return { status: 'unknown', message: undecided };
  const limited = `RATE_LIMIT_ENABLED=true and RATE_LIMIT_PER_MINUTE <= ${t} on ${envs.map((e) => e.label).join(', ')}`;
  // The applications found limit each client; what else the endpoint sends requests to is not read.
  if (parts.unread.length > 0) return { status: 'unknown', message: `${limited}, but it also sends requests to ${parts.unread.join(', ')}, whose application is not read: whether it limits each client is not known` };
  return { status: 'pass', message: `the application limits each client: ${limited}` };
}

/**
 * The compute behind an ALB or distribution (`computeBehind`), or behind a REST stage: the Lambda functions its
 * API's Method resources integrate (an `Integration.Uri` naming the function or an alias of it). `unread` names
 * what else it sends requests to: a method integrating anything else (an HTTP backend, another AWS service; a MOCK
 * integration has no backend), and the methods an OpenAPI body declares (not read).
 */
function behind(index: TemplateIndex, res: CfnResource): { compute: CfnResource[]; unread: string[] } {
  if (res.type !== STAGE && res.type !== DEPLOYMENT) return computeBehind(index, res);
  const api = restApiOf(index, res);
  if (!api) return { compute: [], unread: [] };
  const unread: string[] = [];
  if (index.prop(api, 'Body').k !== 'absent' || index.prop(api, 'BodyS3Location').k !== 'absent') unread.push(`the methods the OpenAPI definition of ${api.logicalId} declares`);
  const out = new Set<CfnResource>();
  for (const method of index.referrers(api, METHOD)) {
    if (restApiOf(index, method) !== api) continue;
    if (V.str(index.prop(method, 'Integration.Type')) === 'MOCK') continue;
    const uri = index.prop(method, 'Integration.Uri');
    const refs = uri.k === 'expr' ? uri.refs : uri.k === 'ref' ? [uri.target] : [];
    let found = false;
    for (const r of refs) {
      if (r.type === 'AWS::Lambda::Function') { out.add(r); found = true; } else if (r.type === 'AWS::Lambda::Alias') {
        const fn = index.prop(r, 'FunctionName');
        if (fn.k === 'ref' && fn.target.type === 'AWS::Lambda::Function') { out.add(fn.target); found = true; }
      }
    }
    if (!found) unread.push(`method ${method.logicalId} (integration ${V.show(index.prop(method, 'Integration.Type'))})`);
  }
  return { compute: [...out], unread };
}

/**
 * WAF-RATE-LIMIT: the web ACL blocks a client above rateLimitPerMinute
 * requests, counting per the client's source IP (`judgeRateRules`). A rate
 * rule keyed on a forwarded-IP header fails where clients reach the resource
 * directly (a CLOUDFRONT web ACL, an ALB open to the internet): WAF reads
 * the header's first address, which the client writes, and skips requests
 * without the header; it is unknown where a proxy the template does not
 * show may be the only client. A public REST API stage (an
 * `AWS::ApiGateway::Stage`, or a Deployment that creates one) is judged like
 * an ALB: its web ACL (the association naming the stage), read for the
 * stage's API.
 */
export const WafRateLimit: AwsRule = {
  id: 'WafRateLimit',
  items: ['WAF-RATE-LIMIT'],
  types: [LB, DISTRIBUTION, STAGE, DEPLOYMENT],
  severity: Severity.MEDIUM,
  description: 'The web ACL of each internet-facing ALB, distribution and public REST API stage has a rate-based rule that blocks a client above rateLimitPerMinute requests per minute, counting per source IP (AggregateKeyType IP, or custom keys IP and ASN; not a forwarded-IP header, which the client writes where it reaches the resource directly; no key the client can vary) and every request (no ScopeDownStatement that may leave requests out; no Allow rule, or rule group rule overridden to Allow, ordered before it that may match every request or reads an IP allow-list from a forwarded-IP header the client writes) (or every application behind it sets RATE_LIMIT_ENABLED=true and RATE_LIMIT_PER_MINUTE within the threshold).',
  fix: 'Add a rule { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 100, evaluationWindowSec: 60 } } } to the web ACL.',
  check(res, { index, thresholds }) {
    const found = webAclFor(index, res);
    if (!found) return undefined;
    // A stage is judged for its API (which faces clients, or not); a stage whose API is not in the template, for what the ACL protects.
    const judged = res.type === STAGE || res.type === DEPLOYMENT ? restApiOf(index, res) : res;
    const verdict = found.acl ? judgeRateRules(index, found.acl, thresholds, judged) : found.verdict;
    if (verdict?.status !== FindingStatus.FAIL) return verdict;
    const app = appRateLimit(index, res, thresholds);
    // No web ACL at all is WAF-WEB-ACL's finding: one missing ACL is one violation (and one acknowledgement), not two.
    if (!app) return found.acl ? verdict : undefined;
    return app.status === 'pass' ? pass('Environment', 'RATE_LIMIT_PER_MINUTE', app.message) : unknown('Environment', 'RATE_LIMIT_*', app.message);
  },
};

/**
 * What a rate-based statement counts per: the source IP (`ip`), an address a
 * client can write itself (`forwarded`: the first address of a header, or
 * the ASN of it), or something that is not one client (`other`, why).
 * Undecidable when the key type or the custom keys are decided at deploy time.
 */
type Keying = { readonly per: 'ip' } | { readonly per: 'forwarded'; readonly header: string } | { readonly per: 'other'; readonly why: string };

/** The one key a custom key object names (`{ Header: {...} }` → Header, with its Name for messages). */
function customKey(index: TemplateIndex, key: Val): { kind: string; label: string } {
  if (key.k === 'unknown') throw new Undecidable(key.why);
  const kinds = key.k === 'lit' && key.v !== null && typeof key.v === 'object' && !Array.isArray(key.v)
    ? Object.keys(key.v).filter((k) => index.field(key, k).k !== 'absent') : [];
  const kind = kinds[0] ?? V.show(key);
  const name = index.field(key, `${kind}.Name`);
  return { kind, label: name.k === 'absent' ? kind : `${kind} ${V.show(name)}` };
}

/** Keys of custom aggregation derived from the address the statement counts per: the ASN of that address. */
const SAME_CLIENT_KEYS = new Set(['IP', 'ForwardedIP', 'ASN']);

function keying(index: TemplateIndex, stmt: Val, name: string): Keying {
  const type = index.field(stmt, 'AggregateKeyType');
  if (type.k === 'unknown') throw new Undecidable(`the AggregateKeyType of ${name}: ${type.why}`);
  const header = (): string => {
    const h = index.field(stmt, 'ForwardedIPConfig.HeaderName');
    if (h.k === 'unknown') throw new Undecidable(`the forwarded-IP header of ${name}: ${h.why}`);
    return V.str(h) ?? V.show(h);
  };
  const key = type.k === 'absent' ? 'IP' : V.str(type) ?? V.show(type);
  if (key === 'IP') return { per: 'ip' };
  if (key === 'FORWARDED_IP') return { per: 'forwarded', header: header() };
  if (key !== 'CUSTOM_KEYS') return { per: 'other', why: `${name} aggregates by ${key}, not per client IP` };
  const list = index.field(stmt, 'CustomKeys');
  if (list.k === 'unknown') throw new Undecidable(`the CustomKeys of ${name}: ${list.why}`);
  const keys = (index.items(list) ?? []).map((k) => customKey(index, k));
  const kinds = new Set(keys.map((k) => k.kind));
  if (!kinds.has('IP') && !kinds.has('ForwardedIP')) return { per: 'other', why: `${name} aggregates by CUSTOM_KEYS (${keys.map((k) => k.label).join(', ') || 'none'}), not per client IP` };
  const split = keys.filter((k) => !SAME_CLIENT_KEYS.has(k.kind)).map((k) => k.label);
  if (split.length > 0) {
    return { per: 'other', why: `${name} counts per client IP and ${split.join(', ')} (CUSTOM_KEYS): a client that varies ${split.length === 1 ? 'it' : 'them'} is counted anew for each value, and a request without ${split.length === 1 ? 'it' : 'one of them'} is not counted at all` };
  }
  // The ASN comes from the forwarded address when a ForwardedIPConfig is set.
  if (kinds.has('ForwardedIP') || (kinds.has('ASN') && index.field(stmt, 'ForwardedIPConfig').k !== 'absent')) return { per: 'forwarded', header: header() };
  return { per: 'ip' };
}


/**
 * The verdict on a rate rule that counts per the first address of header
 * `header` (FORWARDED_IP, or a ForwardedIP custom key). WAF reads only the
 * first address of the header, and does not apply the rule at all to a
 * request without it; CloudFront, load balancers and most proxies append the
 * address they saw after what the client sent. So the first address is the
 * client's own text, and the limit holds only when every request reaching
 * the resource comes through a proxy that overwrites the header with the
 * client's address. Fail when clients reach the protected resource directly
 * (`clientsReach`: a CLOUDFRONT-scope ACL reads the viewer's header; an ALB
 * open to the internet; a public REST API without a resource policy) and the
 * web ACL allows by default; otherwise unknown, naming what decides it.
 * FallbackBehavior (MATCH / NO_MATCH) only decides requests whose header
 * holds no valid address, so it changes nothing here. `res` is the resource
 * judged; without it, every resource the ACL protects in this template.
 */
function judgeForwarded(index: TemplateIndex, acl: CfnResource, res: CfnResource | undefined, name: string, header: string): { status: 'fail' | 'unknown'; why: string } {
  const direct = clientsReach(index, { acl, res });
  const xff = header.toLowerCase() === 'x-forwarded-for';
  const whose = xff
    ? `WAF reads only the first address of ${header}, which the client writes (CloudFront and load balancers append the address they saw after it)`
    : `WAF reads the first address of ${header}, which is whatever the client sends`;
  const what = `${name} counts per the first address in header ${header}: ${whose}, and a request without the header is not counted at all`;
  const allowsByDefault = index.prop(acl, 'DefaultAction.Allow').k !== 'absent';
  if (direct && allowsByDefault) {
    return { status: 'fail', why: `${what}; ${direct.join('; ')}, so each client can claim a new address on every request` };
  }
  const where = res ? res.logicalId : `what ${acl.logicalId} protects`;
  return {
    status: 'unknown',
    why: `${what}. Whether every request reaching ${where} comes through a proxy that overwrites ${header} with the client's address (and ${where} admits nothing else) decides it; the template does not show ${where} facing clients directly${allowsByDefault ? '' : ` (and ${acl.logicalId} blocks by default)`}`,
  };
}

/**
 * The verdict on a web ACL's rate-based rules: pass when one blocks a client
 * IP above rateLimitPerMinute requests per minute, counting every request:
 * - it must count per client: AggregateKeyType IP, or CUSTOM_KEYS of IP and
 *   at most the ASN of that IP. Any other custom key (a header, cookie,
 *   query argument, path, method, label namespace, TLS fingerprint) lets a
 *   client split its requests over values it chooses, and a request missing
 *   one is not counted at all (not adequate);
 * - a forwarded address (FORWARDED_IP, a ForwardedIP custom key, or the ASN
 *   taken from it) is one the client writes unless a proxy overwrites the
 *   header: fail when clients reach the protected resource directly,
 *   unknown otherwise (`judgeForwarded`);
 * - a ScopeDownStatement not shown to match every request limits only some
 *   requests (not adequate); one that would but for a field a request may
 *   leave out (a header, cookie, query or body) or for text transformations
 *   that may drop the path's `/` leaves it unknown (`scopeDownGap`);
 * - an Allow rule ordered before it that matches every request ends
 *   evaluation before it (not adequate), and so does an allow-list read from
 *   a forwarded-IP header where clients reach the resource directly; one not
 *   shown narrow, or a rule group rule overridden to Allow, leaves it
 *   unknown (`bypassBefore`).
 * A rate rule inside a rule group the web ACL uses is not judged: when the
 * ACL's own rules give no pass and a group of this template holds a
 * rate-based rule (or a group comes from outside the template), the verdict
 * is unknown, naming the group, never a fail (`groupedRateRules`).
 * `res` is the resource judged (an ALB, a distribution, a REST API); without
 * it, the resources the web ACL protects in this template.
 * @internal
 */
export function judgeRateRules(index: TemplateIndex, acl: CfnResource, thresholds: Thresholds, res?: CfnResource): Verdict {
  const t = thresholds.get(KEY);
  const rules = index.prop(acl, 'Rules');
  if (rules.k === 'unknown') return unknown('Rules', rules, `web ACL ${acl.logicalId} rules decided at deploy time`);
  const problems: string[] = [];
  let undecided: string | undefined;
  const list = index.items(rules) ?? [];
  for (const r of list) {
    const stmt = index.field(r, 'Statement.RateBasedStatement');
    if (stmt.k === 'absent') continue;
    const name = V.show(index.field(r, 'Name'));
    const limit = index.field(stmt, 'Limit');
    const window = index.field(stmt, 'EvaluationWindowSec');
    const block = index.field(r, 'Action.Block');
    if (stmt.k === 'unknown' || limit.k === 'unknown' || window.k === 'unknown' || index.field(r, 'Action').k === 'unknown') { undecided = `${name}: rule decided at deploy time`; continue; }
    if (block.k === 'absent') { problems.push(`${name} does not block`); continue; }
    let client: Keying;
    try {
      client = keying(index, stmt, name);
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      undecided ??= `what ${name} counts per is decided at deploy time (${e.why})`;
      continue;
    }
    if (client.per === 'other') { problems.push(client.why); continue; }
    const n = V.num(limit);
    const w = window.k === 'absent' ? DEFAULT_WINDOW_SEC : V.num(window);
    if (n === undefined || w === undefined || w <= 0) { problems.push(`${name} has no usable limit`); continue; }
    const perMinute = (n * 60) / w;
    if (!thresholds.meets(KEY, perMinute)) { problems.push(`${name} allows ${perMinute} requests/minute (${n} per ${w} s), ${KEY} is ${t}`); continue; }
    const scope = scopeDownGap(index, index.field(stmt, 'ScopeDownStatement'));
    if (scope?.status === 'fail') { problems.push(`${name} counts only the requests its ScopeDownStatement matches: a client is not limited on the others`); continue; }
    if (scope) { undecided ??= `rate rule ${name}: ${scope.why}; a client is not limited on requests it leaves out`; continue; }
    const priority = rulePriority(index, r);
    const bypass = priority === undefined ? { status: 'unknown' as const, why: `${name}: priority ${V.show(index.field(r, 'Priority'))} is not a number` } : bypassBefore(index, list, priority, `rate rule ${name}`, { acl, res });
    if (bypass?.status === 'fail') { problems.push(bypass.why); continue; }
    if (bypass) { undecided ??= bypass.why; continue; }
    if (client.per === 'forwarded') {
      const forwarded = judgeForwarded(index, acl, res, name, client.header);
      if (forwarded.status === 'fail') problems.push(forwarded.why); else undecided ??= forwarded.why;
      continue;
    }
    return pass('WebACL', acl.logicalId, `rule ${name} of web ACL ${acl.logicalId} blocks a client above ${perMinute} requests/minute (${n} per ${w} s)`);
  }
  if (undecided) return unknown('WebACL', acl.logicalId, undecided);
  const grouped = groupedRateRules(index, list);
  if (grouped) return unknown('WebACL', acl.logicalId, `${problems.length > 0 ? `no adequate rate limit among the web ACL's own rules (${problems.join('; ')}), and ` : ''}${grouped}: rate rules inside a rule group are not judged`);
  if (problems.length === 0) return fail('WebACL', acl.logicalId, `web ACL ${acl.logicalId} has no rate-based rule`);
  return fail('WebACL', acl.logicalId, `no adequate rate limit in ${acl.logicalId}: ${problems.join('; ')}`);
}

/**
 * A rule group the web ACL uses (not overridden to Count) that holds, or may hold, a rate-based rule: one of this
 * template with a RateBasedStatement among its rules (or rules decided at deploy time), or one outside the template.
 * AWS managed rule groups are not rate limits per client. Undefined when there is none.
 */
function groupedRateRules(index: TemplateIndex, rules: Val[]): string | undefined {
  for (const r of rules) {
    const ref = index.field(r, 'Statement.RuleGroupReferenceStatement');
    if (ref.k === 'absent' || index.field(r, 'OverrideAction.Count').k !== 'absent') continue;
    const name = V.show(index.field(r, 'Name'));
    const arn = ref.k === 'unknown' ? ref : index.field(ref, 'Arn');
    if (arn.k !== 'ref' || arn.target.type !== RULE_GROUP) return `rule ${name} uses rule group ${V.show(arn)}, outside this template, which may hold one`;
    const inner = index.prop(arn.target, 'Rules');
    if (inner.k === 'unknown') return `rule ${name} uses rule group ${arn.target.logicalId}, whose rules are decided at deploy time`;
    if ((index.items(inner) ?? []).some((g) => index.field(g, 'Statement.RateBasedStatement').k !== 'absent')) {
      return `rule ${name} uses rule group ${arn.target.logicalId}, which holds a rate-based rule`;
    }
  }
  return undefined;
}
