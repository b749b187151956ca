import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { DEPLOYMENT, METHOD, STAGE, USAGE_PLAN, V2_API, V2_STAGE, clonedFrom, openApiDefinition, quickCreate, restApiOf, stageName, stageSettings } from './apigateway';
import { judgeRateRules } from './waf-rate-limit';
import { stageWebAcl } from './waf';

/**
 * The default account-level throttle of API Gateway (requests/s per Region).
 * A rate above it limits nothing the account does not already limit.
 */
const ACCOUNT_RATE = 10_000;

/** A throttle rate that limits: a number from 0 to the account-level rate (API Gateway reads -1 as "no limit"). */
function limits(v: Val): number | undefined {
  const n = V.num(v);
  return n !== undefined && n >= 0 && n <= ACCOUNT_RATE ? n : undefined;
}

/** Why a rate (known, not `unknown`) does not limit. */
function whyNoLimit(v: Val): string {
  if (v.k === 'absent') return 'sets no rate';
  const n = V.num(v);
  if (n === undefined) return `sets ${V.show(v)}, not a rate`;
  if (n < 0) return `sets ${n}: no limit`;
  return `sets ${n} requests/s, above the default account-level limit (${ACCOUNT_RATE.toLocaleString('en-US')} requests/s): it limits nothing the account does not`;
}

/**
 * The throttle of a REST stage: its `*` `/*` method settings (or a
 * deployment's StageDescription.ThrottlingRateLimit, which writes them).
 * Every other MethodSettings entry replaces them for its methods, so it must
 * limit too: one without ThrottlingRateLimit leaves its methods at -1 (no
 * limit). `rate` is the stage-wide throttle when every wildcard value written
 * limits; `problems` are the method entries (and wildcard values) that do
 * not limit, or are decided at deploy time.
 */
function restStageThrottle(index: TemplateIndex, base: string, settings: Val): { rate?: number; own: number; problems: Verdict[] } {
  const problems: Verdict[] = [];
  const p = `${base}.MethodSettings`;
  const list = index.field(settings, 'MethodSettings');
  if (list.k === 'unknown') return { own: 0, problems: [unknown(p, list, `method settings decided at deploy time (${list.why})`)] };
  const wildcard: { property: string; val: Val }[] = [];
  const direct = index.field(settings, 'ThrottlingRateLimit');
  if (direct.k !== 'absent') wildcard.push({ property: `${base}.ThrottlingRateLimit`, val: direct });
  const methods: { property: string; label: string; val: Val }[] = [];
  for (const [i, m] of (index.items(list) ?? []).entries()) {
    const verb = index.field(m, 'HttpMethod');
    const path = index.field(m, 'ResourcePath');
    const rate = index.field(m, 'ThrottlingRateLimit');
    const property = `${p}.${i}.ThrottlingRateLimit`;
    if (verb.k === 'unknown' || path.k === 'unknown') {
      problems.push(unknown(`${p}.${i}`, verb.k === 'unknown' ? verb : path, 'the method a MethodSettings entry applies to is decided at deploy time'));
      continue;
    }
    if (V.str(verb) === '*' && V.str(path) === '/*') {
      if (rate.k !== 'absent') wildcard.push({ property, val: rate });
    } else {
      methods.push({ property, label: `${V.show(verb)} ${V.show(path)}`, val: rate });
    }
  }
  let stage: number | undefined;
  for (const w of wildcard) {
    if (w.val.k === 'unknown') {
      problems.push(unknown(w.property, w.val, `stage throttle decided at deploy time (${w.val.why})`));
      continue;
    }
    const n = limits(w.val);
    if (n === undefined) problems.push(fail(w.property, w.val, `the stage-wide (* /*) throttle ${whyNoLimit(w.val)}`));
    else stage = Math.max(stage ?? 0, n);
  }
  if (stage === undefined || problems.length > 0) return { own: methods.length, problems };
  for (const m of methods) {
    if (m.val.k === 'unknown') problems.push(unknown(m.property, m.val, `the throttle of ${m.label}, which replaces the stage throttle, is decided at deploy time (${m.val.why})`));
    else if (m.val.k === 'absent') problems.push(fail(m.property, m.val, `the MethodSettings entry for ${m.label} replaces the stage throttle for those methods but sets no ThrottlingRateLimit: API Gateway keeps -1 (no limit) for them`));
    else if (limits(m.val) === undefined) problems.push(fail(m.property, m.val, `the MethodSettings entry for ${m.label} replaces the stage throttle (${stage} requests/s) and ${whyNoLimit(m.val)}`));
  }
  return { rate: stage, own: methods.length, problems };
}

/**
 * The throttle of an HTTP/WebSocket stage (or the `Stage` of a quick
 * create's managed overrides): DefaultRouteSettings, and every RouteSettings
 * entry, which replaces it for its route. A route entry without
 * ThrottlingRateLimit is unknown (whether it keeps the default route
 * throttle is not documented).
 */
function judgeRouteThrottle(index: TemplateIndex, base: string, settings: Val): Verdict {
  const p = `${base}.DefaultRouteSettings.ThrottlingRateLimit`;
  const rate = index.field(settings, 'DefaultRouteSettings.ThrottlingRateLimit');
  if (rate.k === 'unknown') return unknown(p, rate, `throttle decided at deploy time (${rate.why})`);
  const n = limits(rate);
  if (n === undefined) {
    return rate.k === 'absent'
      ? fail(p, rate, `no default route throttle: only the account-level limit (${ACCOUNT_RATE.toLocaleString('en-US')} requests/s) applies, a limit nobody chose for this API`)
      : fail(p, rate, `the default route throttle ${whyNoLimit(rate)}`);
  }
  const routes = index.field(settings, 'RouteSettings');
  if (routes.k === 'unknown') return unknown(`${base}.RouteSettings`, routes, `route settings decided at deploy time (${routes.why})`);
  const problems: Verdict[] = [];
  const entries = index.keys(routes) ?? [];
  for (const [key, entry] of entries) {
    const rp = `${base}.RouteSettings[${key}].ThrottlingRateLimit`;
    const r = index.field(entry, 'ThrottlingRateLimit');
    if (r.k === 'unknown') problems.push(unknown(rp, r, `the throttle of route ${key}, which replaces the default route throttle, is decided at deploy time (${r.why})`));
    else if (r.k === 'absent') problems.push(unknown(rp, r, `route ${key} has its own settings without ThrottlingRateLimit: whether it keeps the default route throttle (${n} requests/s) is not documented; set ThrottlingRateLimit on it`));
    else if (limits(r) === undefined) problems.push(fail(rp, r, `route ${key} replaces the default route throttle (${n} requests/s) and ${whyNoLimit(r)}`));
  }
  const failed = problems.filter((v) => v.status === FindingStatus.FAIL);
  if (failed.length > 0) return failed[0];
  if (problems.length > 0) return problems[0];
  const own = entries.length > 0 ? `; ${entries.length} route(s) set their own limit within ${ACCOUNT_RATE.toLocaleString('en-US')}` : '';
  return pass(p, rate, `every route is throttled at ${n} requests/s (all clients together)${own}`);
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
 * Why the template cannot show that every method of the stage's API
 * requires an API key: methods it does not declare as Method resources, those
 * of the API it is cloned from (`CloneFrom`) or of its OpenAPI definition
 * (whose API key requirements are not read). `undefined` when every method is
 * a Method resource of the template.
 */
function methodsNotInTemplate(index: TemplateIndex, stage: CfnResource): string | undefined {
  const api = restApiOf(index, stage);
  if (!api) return undefined;
  const source = clonedFrom(index, api);
  if (source !== undefined) return `${api.logicalId} is a copy (CloneFrom) of API ${V.show(source)}, whose methods are not in the template`;
  const def = openApiDefinition(index, api);
  if (def) return `${api.logicalId} defines methods in its OpenAPI definition (${'doc' in def ? 'Body' : def.unread.property.replace('Properties.', '')}), whose API key requirements are not read`;
  return undefined;
}

/**
 * WAF-RATE-LIMIT (API Gateway): every stage is throttled: a stage-wide (or
 * default-route) throttle, a usage plan throttling each API key when every
 * method requires one, or (REST) a WAF rate-based rule per client IP.
 *
 * A throttle is a rate from 0 to the default account-level limit (10,000
 * requests/s): -1 is no limit, and a higher rate limits nothing the account
 * does not. A per-method MethodSettings entry (REST) or a RouteSettings entry
 * (HTTP/WebSocket) replaces the stage-wide one for its methods, so each must
 * be a throttle too. The `$default` stage an HTTP API's quick create
 * (`Target`) deploys is judged on the API: unthrottled unless an
 * `ApiGatewayManagedOverrides` sets its Stage.DefaultRouteSettings. A usage
 * plan counts only when every method is a Method resource of the template
 * that requires a key: the methods an API copies (`CloneFrom`) or imports
 * from an OpenAPI definition (`Body`, `BodyS3Location`) leave it unknown.
 * The web ACL is the stage's (`stageWebAcl`): one outside the template, or
 * several associations naming different web ACLs, may hold a rate rule, so
 * without another throttle the stage is unknown, not failed.
 */
export const ApiGatewayThrottling: AwsRule = {
  id: 'ApiGatewayThrottling',
  items: ['WAF-RATE-LIMIT'],
  types: [STAGE, DEPLOYMENT, V2_STAGE, V2_API],
  severity: Severity.MEDIUM,
  description: 'Every API Gateway stage (including the $default stage of an HTTP API quick create) is throttled at no more than the 10,000 requests/s account default: stage or default-route throttling that every per-method (MethodSettings) and per-route (RouteSettings) override also meets, a usage plan throttle when every method (each a Method resource of the template, not copied by CloneFrom or imported from an OpenAPI Body) requires an API key, or (REST) a WAF rate-based rule within rateLimitPerMinute per client IP.',
  fix: 'Set deployOptions.throttlingRateLimit/throttlingBurstLimit (REST) or the stage throttle (HTTP API), or a usage plan throttle with apiKeyRequired methods, or a WAF rate-based rule on the stage.',
  check(res, { index, thresholds }) {
    if (res.type === V2_API) {
      const quick = quickCreate(index, res);
      if (!quick) return undefined;
      if (!quick.overrides) return fail('Properties.Target', index.prop(res, 'Target'), `quick create (Target) deploys a $default stage with no throttle: only the account-level limit (${ACCOUNT_RATE.toLocaleString('en-US')} requests/s) applies; set Stage.DefaultRouteSettings throttling in an AWS::ApiGatewayV2::ApiGatewayManagedOverrides, or declare the stage yourself instead of Target`);
      return judgeRouteThrottle(index, `${quick.overrides.logicalId}.Properties.Stage`, index.prop(quick.overrides, 'Stage'));
    }
    if (res.type === V2_STAGE) return judgeRouteThrottle(index, 'Properties', index.prop(res, ''));
    const settings = stageSettings(index, res);
    if (!settings) return undefined;
    const out: Verdict[] = [];
    const p = `${settings.base}.MethodSettings`;
    const stage = restStageThrottle(index, settings.base, settings.v);
    if (stage.rate !== undefined && stage.problems.length === 0) {
      const own = stage.own > 0 ? `; ${stage.own} MethodSettings entr${stage.own === 1 ? 'y sets its' : 'ies set their'} own limit within ${ACCOUNT_RATE.toLocaleString('en-US')}` : '';
      return pass(p, String(stage.rate), `every method is throttled at ${stage.rate} requests/s (all clients together)${own}`);
    }
    out.push(...stage.problems);
    const plans = usagePlans(index, res);
    if (plans.length > 0) {
      const open = methodsWithoutKey(index, res);
      const unseen = open.length === 0 ? methodsNotInTemplate(index, res) : undefined;
      if (open.length > 0) out.push(fail('UsagePlan', plans[0].plan.logicalId, `usage plan ${plans[0].plan.logicalId} throttles API keys, but ${open.map((m) => m.logicalId).join(', ')} require no key, so their requests are not throttled`));
      else if (unseen) out.push(unknown('UsagePlan', plans[0].plan.logicalId, `usage plan ${plans[0].plan.logicalId} throttles API keys, and every Method resource requires a key, but ${unseen}: whether each of those requires a key (so is throttled) is not known`));
      else return pass('UsagePlan', plans[0].plan.logicalId, `usage plan ${plans[0].plan.logicalId} throttles each API key at ${plans[0].rate} requests/s, and every method requires a key`);
    }
    const found = stageWebAcl(index, res);
    if (found.acl) {
      const waf = judgeRateRules(index, found.acl, thresholds, restApiOf(index, res));
      if (waf.status === FindingStatus.PASS) return waf;
      out.push(waf);
    } else if (found.verdict?.status === FindingStatus.UNKNOWN) {
      // A web ACL outside the template, or several associations: it may hold a rate rule.
      out.push(found.verdict);
    }
    if (out.some((v) => v.status === FindingStatus.UNKNOWN)) return out.filter((v) => v.status === FindingStatus.UNKNOWN);
    if (out.length > 0) return out;
    return fail(p, '(none)', 'the stage is not throttled: no stage throttle, usage plan or WAF rate-based rule; only the account-level limit (10,000 requests/s) applies');
  },
};
