/* eslint-disable @typescript-eslint/no-explicit-any */
import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { environments, pick } from '../../cfn/environment';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { Thresholds } from '../../../checklist/thresholds';
import { DISTRIBUTION, computeBehind } from '../../cfn/edge';
import { LB } from '../../cfn/load-balancers';
import { webAclFor } from './waf';

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
  description: 'The web ACL of each internet-facing ALB and distribution has a rate-based rule that blocks a client IP above rateLimitPerMinute requests per minute (or every application behind it sets RATE_LIMIT_ENABLED=true and RATE_LIMIT_PER_MINUTE within the threshold).',
  fix: 'Add a rule { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 100, evaluationWindowSec: 60 } } } to the web ACL.',
  check(res, { index, thresholds }) {
    const found = webAclFor(index, res);
    if (!found) return undefined;
    const verdict = judgeAcl(index, found, thresholds);
    if (verdict?.status !== FindingStatus.FAIL) return verdict;
    const app = appRateLimit(index, res, thresholds);
    // No web ACL at all is WAF-WEB-ACL's finding: one missing ACL is one violation (and one acknowledgement), not two.
    if (!app) return found.acl ? verdict : undefined;
    return app.status === 'pass' ? pass('Environment', 'RATE_LIMIT_PER_MINUTE', app.message) : unknown('Environment', 'RATE_LIMIT_*', app.message);
  },
};

/** The verdict on the web ACL's rate-based rules. */
function judgeAcl(index: TemplateIndex, found: { acl?: CfnResource; verdict?: Verdict }, thresholds: Thresholds): Verdict | undefined {
  if (!found.acl) return found.verdict;
  const acl = found.acl;
  const t = thresholds.get(KEY);
  const rules = index.prop(acl, 'Rules');
  if (rules.k === 'unknown') return unknown('Rules', rules, `web ACL ${acl.logicalId} rules decided at deploy time`);
  const problems: string[] = [];
  let undecided: string | undefined;
  for (const r of V.list(rules) ?? []) {
    const stmt = index.at(r, 'Statement.RateBasedStatement');
    if (stmt.k !== 'lit') continue;
    const name = V.show(index.at(r, 'Name'));
    const limit = index.at(stmt.v, 'Limit');
    const window = index.at(stmt.v, 'EvaluationWindowSec');
    if (limit.k === 'unknown' || window.k === 'unknown') { undecided = `${name}: limit decided at deploy time`; continue; }
    if (index.at(r, 'Action.Block').k === 'absent') { problems.push(`${name} does not block`); continue; }
    const key = V.str(index.at(stmt.v, 'AggregateKeyType')) ?? 'IP';
    const customKeys = V.list(index.at(stmt.v, 'CustomKeys')) ?? [];
    const perClient = key === 'IP' || key === 'FORWARDED_IP'
      || (key === 'CUSTOM_KEYS' && customKeys.some((k: any) => k && typeof k === 'object' && ('IP' in k || 'ForwardedIP' in k)));
    if (!perClient) { problems.push(`${name} aggregates by ${key}, not per client IP`); continue; }
    const n = V.num(limit);
    const w = window.k === 'absent' ? DEFAULT_WINDOW_SEC : V.num(window);
    if (n === undefined || w === undefined || w <= 0) { problems.push(`${name} has no usable limit`); continue; }
    const perMinute = (n * 60) / w;
    if (!thresholds.meets(KEY, perMinute)) { problems.push(`${name} allows ${perMinute} requests/minute (${n} per ${w} s), ${KEY} is ${t}`); continue; }
    return pass('WebACL', acl.logicalId, `rule ${name} blocks a client above ${perMinute} requests/minute (${n} per ${w} s)`);
  }
  if (undecided) return unknown('WebACL', acl.logicalId, undecided);
  if (problems.length === 0) return fail('WebACL', acl.logicalId, `web ACL ${acl.logicalId} has no rate-based rule`);
  return fail('WebACL', acl.logicalId, `no adequate rate limit in ${acl.logicalId}: ${problems.join('; ')}`);
}
