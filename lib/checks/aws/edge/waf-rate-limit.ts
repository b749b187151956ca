import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { environments, pick } from '../../cfn/environment';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Thresholds } from '../../../checklist/thresholds';
import { DISTRIBUTION, computeBehind } from '../../cfn/edge';
import { LB } from '../../cfn/load-balancers';
import { bypassBefore, rulePriority, statementReach, webAclFor } from './waf';

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
  const envs = computeBehind(index, res).flatMap((c) => environments(c, index, true) ?? []);
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
  return { status: 'pass', message: `the application limits each client: RATE_LIMIT_ENABLED=true and RATE_LIMIT_PER_MINUTE <= ${t} on ${envs.map((e) => e.label).join(', ')}` };
}

/** WAF-RATE-LIMIT: the web ACL blocks a client above rateLimitPerMinute requests. */
export const WafRateLimit: AwsRule = {
  id: 'WafRateLimit',
  items: ['WAF-RATE-LIMIT'],
  types: [LB, DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'The web ACL of each internet-facing ALB and distribution has a rate-based rule that blocks a client IP above rateLimitPerMinute requests per minute, counting every request (no ScopeDownStatement, no Allow rule ordered before it that may match every request) (or every application behind it sets RATE_LIMIT_ENABLED=true and RATE_LIMIT_PER_MINUTE within the threshold).',
  fix: 'Add a rule { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 100, evaluationWindowSec: 60 } } } to the web ACL.',
  check(res, { index, thresholds }) {
    const found = webAclFor(index, res);
    if (!found) return undefined;
    const verdict = found.acl ? judgeRateRules(index, found.acl, thresholds) : found.verdict;
    if (verdict?.status !== FindingStatus.FAIL) return verdict;
    const app = appRateLimit(index, res, thresholds);
    // No web ACL at all is WAF-WEB-ACL's finding: one missing ACL is one violation (and one acknowledgement), not two.
    if (!app) return found.acl ? verdict : undefined;
    return app.status === 'pass' ? pass('Environment', 'RATE_LIMIT_PER_MINUTE', app.message) : unknown('Environment', 'RATE_LIMIT_*', app.message);
  },
};

/** Whether a rate-based statement counts per client IP (IP, forwarded IP, or custom keys including one of them). */
function perClient(index: TemplateIndex, stmt: Val): { ok: boolean; key: string } {
  const key = V.str(index.field(stmt, 'AggregateKeyType')) ?? 'IP';
  if (key === 'IP' || key === 'FORWARDED_IP') return { ok: true, key };
  if (key !== 'CUSTOM_KEYS') return { ok: false, key };
  const keys = index.items(index.field(stmt, 'CustomKeys')) ?? [];
  return { ok: keys.some((k) => index.field(k, 'IP').k !== 'absent' || index.field(k, 'ForwardedIP').k !== 'absent'), key };
}

/**
 * The verdict on a web ACL's rate-based rules: pass when one blocks a client
 * IP above rateLimitPerMinute requests per minute, counting every request:
 * a ScopeDownStatement not shown to match every request limits only some
 * requests (not adequate), and an Allow rule ordered before it that matches
 * every request ends evaluation before it (not adequate; one not shown
 * narrow leaves it unknown, `bypassBefore`).
 * @internal
 */
export function judgeRateRules(index: TemplateIndex, acl: CfnResource, thresholds: Thresholds): Verdict {
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
    const client = perClient(index, stmt);
    if (!client.ok) { problems.push(`${name} aggregates by ${client.key}, not per client IP`); continue; }
    const n = V.num(limit);
    const w = window.k === 'absent' ? DEFAULT_WINDOW_SEC : V.num(window);
    if (n === undefined || w === undefined || w <= 0) { problems.push(`${name} has no usable limit`); continue; }
    const perMinute = (n * 60) / w;
    if (!thresholds.meets(KEY, perMinute)) { problems.push(`${name} allows ${perMinute} requests/minute (${n} per ${w} s), ${KEY} is ${t}`); continue; }
    const scope = index.field(stmt, 'ScopeDownStatement');
    if (scope.k !== 'absent' && statementReach(index, scope) !== 'every') { problems.push(`${name} counts only the requests its ScopeDownStatement matches: a client is not limited on the others`); continue; }
    const priority = rulePriority(index, r);
    const bypass = priority === undefined ? { status: 'unknown' as const, why: `${name}: priority ${V.show(index.field(r, 'Priority'))} is not a number` } : bypassBefore(index, list, priority, `rate rule ${name}`);
    if (bypass?.status === 'fail') { problems.push(bypass.why); continue; }
    if (bypass) { undecided ??= bypass.why; continue; }
    return pass('WebACL', acl.logicalId, `rule ${name} of web ACL ${acl.logicalId} blocks a client above ${perMinute} requests/minute (${n} per ${w} s)`);
  }
  if (undecided) return unknown('WebACL', acl.logicalId, undecided);
  if (problems.length === 0) return fail('WebACL', acl.logicalId, `web ACL ${acl.logicalId} has no rate-based rule`);
  return fail('WebACL', acl.logicalId, `no adequate rate limit in ${acl.logicalId}: ${problems.join('; ')}`);
}
