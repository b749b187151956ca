import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { DEPLOYMENT, METHOD, STAGE, USAGE_PLAN, V2_STAGE, restApiOf, stageName, stageSettings } from './apigateway';
import { judgeRateRules } from './waf-rate-limit';
import { stageWebAcl } from './waf';

/** A throttle rate that limits: a number >= 0 (API Gateway reads -1 as "no limit"). */
function limits(v: Val): number | undefined {
  const n = V.num(v);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** The stage-wide throttle of a REST stage (`*` `/*` method settings, or a deployment's StageDescription). */
function restStageThrottle(index: TemplateIndex, settings: Val): number | undefined {
  const direct = limits(index.field(settings, 'ThrottlingRateLimit'));
  if (direct !== undefined) return direct;
  for (const m of index.items(index.field(settings, 'MethodSettings')) ?? []) {
    if (V.str(index.field(m, 'HttpMethod')) !== '*' || V.str(index.field(m, 'ResourcePath')) !== '/*') continue;
    const n = limits(index.field(m, 'ThrottlingRateLimit'));
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The usage plans of this template that throttle the stage per API key. */
function usagePlans(index: TemplateIndex, stage: CfnResource): { plan: CfnResource; rate: number }[] {
  const api = restApiOf(index, stage);
  if (!api) return [];
  const name = stageName(index, stage);
  const out: { plan: CfnResource; rate: number }[] = [];
  for (const plan of index.referrers(api, USAGE_PLAN)) {
    const covers = (index.items(index.prop(plan, 'ApiStages')) ?? []).some((s) => {
      const id = index.field(s, 'ApiId');
      if (id.k !== 'ref' || id.target !== api) return false;
      const st = index.field(s, 'Stage');
      return (st.k === 'ref' && st.target === stage) || (name !== undefined && V.str(st) === name);
    });
    if (!covers) continue;
    const rate = limits(index.prop(plan, 'Throttle.RateLimit'));
    if (rate !== undefined) out.push({ plan, rate });
  }
  return out;
}

/** Methods of the stage's API that do not require an API key (a usage plan does not throttle them); CORS preflights excepted. */
function methodsWithoutKey(index: TemplateIndex, stage: CfnResource): CfnResource[] {
  const api = restApiOf(index, stage);
  if (!api) return [];
  return index.referrers(api, METHOD).filter((m) => V.str(index.prop(m, 'HttpMethod')) !== 'OPTIONS' && !V.isTrue(index.prop(m, 'ApiKeyRequired')));
}

/**
 * WAF-RATE-LIMIT (API Gateway): every stage is throttled: a stage-wide (or
 * default-route) throttle, a usage plan throttling each API key when every
 * method requires one, or (REST) a WAF rate-based rule per client IP.
 */
export const ApiGatewayThrottling: AwsRule = {
  id: 'ApiGatewayThrottling',
  items: ['WAF-RATE-LIMIT'],
  types: [STAGE, DEPLOYMENT, V2_STAGE],
  severity: Severity.MEDIUM,
  description: 'Every API Gateway stage is throttled: stage or default-route throttling, a usage plan throttle when every method requires an API key, or (REST) a WAF rate-based rule within rateLimitPerMinute per client IP.',
  fix: 'Set deployOptions.throttlingRateLimit/throttlingBurstLimit (REST) or the stage throttle (HTTP API), or a usage plan throttle with apiKeyRequired methods, or a WAF rate-based rule on the stage.',
  check(res, { index, thresholds }) {
    if (res.type === V2_STAGE) {
      const p = 'Properties.DefaultRouteSettings.ThrottlingRateLimit';
      const rate = index.prop(res, 'DefaultRouteSettings.ThrottlingRateLimit');
      if (rate.k === 'unknown') return unknown(p, rate, `throttle decided at deploy time (${rate.why})`);
      const n = limits(rate);
      if (n !== undefined) return pass(p, rate, `every route is throttled at ${n} requests/s (all clients together)`);
      return fail(p, rate, 'no default route throttle: only the account-level limit (10,000 requests/s) applies, a limit nobody chose for this API');
    }
    const settings = stageSettings(index, res);
    if (!settings) return undefined;
    const out: Verdict[] = [];
    const p = `${settings.base}.MethodSettings`;
    try {
      const n = restStageThrottle(index, settings.v);
      if (n !== undefined) return pass(p, String(n), `every method is throttled at ${n} requests/s (all clients together)`);
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      out.push(unknown(p, undefined, `stage throttle decided at deploy time (${e.why})`));
    }
    const plans = usagePlans(index, res);
    if (plans.length > 0) {
      const open = methodsWithoutKey(index, res);
      if (open.length === 0) return pass('UsagePlan', plans[0].plan.logicalId, `usage plan ${plans[0].plan.logicalId} throttles each API key at ${plans[0].rate} requests/s, and every method requires a key`);
      out.push(fail('UsagePlan', plans[0].plan.logicalId, `usage plan ${plans[0].plan.logicalId} throttles API keys, but ${open.map((m) => m.logicalId).join(', ')} require no key, so their requests are not throttled`));
    }
    const acl = stageWebAcl(index, res);
    if (acl) {
      const waf = judgeRateRules(index, acl, thresholds);
      if (waf.status === FindingStatus.PASS) return waf;
      out.push(waf);
    }
    if (out.some((v) => v.status === FindingStatus.UNKNOWN)) return out.filter((v) => v.status === FindingStatus.UNKNOWN);
    if (out.length > 0) return out;
    return fail(p, '(none)', 'the stage is not throttled: no stage throttle, usage plan or WAF rate-based rule; only the account-level limit (10,000 requests/s) applies');
  },
};
