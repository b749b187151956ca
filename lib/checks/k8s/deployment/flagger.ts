/* eslint-disable @typescript-eslint/no-explicit-any */
import { isMap } from '../../collections';
import { ManifestIndex } from '../manifest-index';
import { isGoDuration, isTemplated, parseDurationSeconds, short, timeText } from '../pod-spec';
import { K8sObject, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * How Flagger (flagger.app/v1beta1 `Canary`) releases the Deployment its `targetRef` names, as its scheduler does
 * (fluxcd/flagger pkg/controller/scheduler.go, pkg/apis/flagger/v1beta1/canary.go; docs "Deployment Strategies"):
 *
 * - `spec.skipAnalysis: true`, or no `spec.analysis` (nor the deprecated `spec.canaryAnalysis`): Flagger copies each
 *   new revision over `<name>-primary` without an analysis, all traffic at once, and aborts nothing.
 * - The strategy: with the `kubernetes` provider (Kubernetes CNI, no weighted routing) always blue/green (Flagger
 *   sets `iterations: 10` when none is given and drops `match`); else `iterations` with `match` is A/B testing,
 *   `iterations` alone is blue/green (the new version is tested on load-test or mirrored traffic, then all live
 *   traffic switches at once), and otherwise the canary weights: `stepWeight` (it wins over `stepWeights`) up to
 *   `maxWeight` (default 100), or the `stepWeights` list up to its last weight; a first step of 0 never advances.
 * - The provider is `spec.provider`, else the `-mesh-provider` flag of the Flagger controller (istio when not set).
 *   The flag is read from a Flagger Deployment in the manifests (image `.../flagger:<tag>`); when there is none it
 *   cannot be read, and canary weights are not judged (unknown): with `kubernetes` they are a blue/green switch.
 * - Rollback: every `interval` (Go duration, default 60s, at least 10s; one Go cannot read is 60s) Flagger runs the
 *   analysis; a failing metric or `rollout` webhook adds a failed check, and the next run after `threshold` failed
 *   checks (at least 1) routes all traffic back to the primary and scales the canary to 0. A release failing from its
 *   first step is rolled back interval x (threshold + 1) after it gets traffic: that must be within
 *   alarmDetectionMinutes.
 * - A metric aborts a failing release when Flagger runs a check for it and it has a bound in the failing direction:
 *   the builtin `request-success-rate` a `thresholdRange.min` (or the deprecated `threshold`) above 0, the builtin
 *   `request-duration` a `thresholdRange.max` (or `threshold`); a `templateRef` or inline `query` metric either bound
 *   (its query decides the direction). A MetricTemplate not in the manifests (`templateRef.namespace`, else the
 *   Canary's) cannot be judged: unknown, as a missing Argo AnalysisTemplate is. Builtin metrics are queried from
 *   the provider's metrics (mesh or ingress proxies; `kubernetes`: the pods' own `http_request_duration_seconds`):
 *   whatever the provider, a query that finds no values is a failed check, so a builtin metric fails a release the
 *   provider cannot measure rather than passing it; the provider is not needed to judge it. A metric's own
 *   `interval` is its query window, not when it is checked: not counted. Webhooks can fail checks too, but whether
 *   they fail a failing release depends on what they run (a load test succeeds whatever the canary answers): an
 *   analysis with webhooks and no such metric is unknown.
 * - A field that is templated or not of its type cannot be read: unknown, naming it.
 */

type Analysis = { a: Record<string, any>; path: string; runs: string };

/** Flagger's analysis of the Canary, or the verdict when there is none to read (skipped, absent, unreadable). */
function analysisOf(obj: K8sObject, canary: K8sObject, skippedMeans: string): Analysis | { verdict: K8sVerdict } {
  const spec = canary.doc.spec ?? {};
  const runs = `${short(canary)} (Flagger) releases ${short(obj)}`;
  const skip = spec.skipAnalysis;
  if (skip === true) return { verdict: k8sFail('spec.skipAnalysis', true, `${runs} with skipAnalysis true: Flagger ${skippedMeans}`, canary) };
  if (skip !== undefined && skip !== null && skip !== false) {
    return { verdict: k8sUnknown('spec.skipAnalysis', skip, `${runs}: skipAnalysis ${String(skip)} cannot be read (${isTemplated(skip) ? 'templated' : 'not a boolean'}); true means Flagger ${skippedMeans}`, canary) };
  }
  const path = spec.analysis !== undefined && spec.analysis !== null ? 'spec.analysis' : 'spec.canaryAnalysis';
  const a = spec.analysis ?? spec.canaryAnalysis;
  if (a === undefined || a === null) return { verdict: k8sFail('spec.analysis', undefined, `${runs} without spec.analysis: Flagger skips the analysis and ${skippedMeans}`, canary) };
  if (!isMap(a)) return { verdict: k8sUnknown(path, a, `${runs}: ${path} cannot be read (${isTemplated(a) ? 'templated' : 'not a map'})`, canary) };
  return { a, path, runs };
}

/** An integer field of the analysis: its value (undefined when unset), or why it cannot be read. */
function intField(a: Record<string, any>, key: string, path: string): { value: number | undefined } | { unreadable: string } {
  const v = a[key];
  if (v === undefined || v === null) return { value: undefined };
  if (typeof v === 'number' && Number.isInteger(v)) return { value: v };
  return { unreadable: `${path}.${key} ${String(v)} cannot be read (${isTemplated(v) ? 'templated' : 'not an integer'})` };
}

/**
 * The provider Flagger uses for a Canary: `spec.provider`, else the `-mesh-provider` flag of the Flagger controller
 * Deployments in the manifests (`istio` when they do not set it); `{ unreadable }` when neither is in the manifests,
 * or the controllers disagree.
 */
export function flaggerProvider(canary: K8sObject, index: ManifestIndex): { provider: string; from: string } | { unreadable: string } {
  const own = canary.doc.spec?.provider;
  if (typeof own === 'string' && own !== '' && !isTemplated(own)) return { provider: own, from: 'spec.provider' };
  if (own !== undefined && own !== null && own !== '') return { unreadable: `spec.provider ${String(own)} cannot be read` };
  const found = new Map<string, string>();
  for (const d of index.ofKind('Deployment')) {
    const containers: any[] = Array.isArray(d.doc.spec?.template?.spec?.containers) ? d.doc.spec.template.spec.containers : [];
    for (const c of containers) {
      if (typeof c?.image !== 'string' || !/(^|\/)flagger(:|@|$)/.test(c.image)) continue;
      const words = [...(Array.isArray(c.command) ? c.command : []), ...(Array.isArray(c.args) ? c.args : [])].filter((w): w is string => typeof w === 'string');
      let provider = 'istio';
      words.forEach((w, i) => {
        const m = /^--?mesh-provider(?:=(.*))?$/.exec(w);
        if (m) provider = m[1] ?? words[i + 1] ?? provider;
      });
      found.set(provider, short(d));
    }
  }
  if (found.size === 1) {
    const [[provider, from]] = [...found.entries()];
    if (!isTemplated(provider)) return { provider, from: `the -mesh-provider of ${from}` };
  }
  if (found.size > 1) return { unreadable: `the Flagger controllers in the manifests use different mesh providers (${[...found.keys()].join(', ')})` };
  return { unreadable: 'spec.provider is not set and the Flagger controller (its -mesh-provider flag) is not in the manifests' };
}

/**
 * DEPLOY-PROGRESSIVE for a Deployment a Flagger Canary releases: canary weights with a first step below 100 % pass
 * (unknown when the provider cannot be read: `kubernetes` cannot weight traffic); blue/green (iterations, or the
 * `kubernetes` provider) switches all traffic at once and fails, as an Argo blue-green Rollout does; A/B testing
 * sends the users its `match` selects, a share the manifests do not show: unknown.
 * @internal
 */
export function judgeFlaggerProgressive(obj: K8sObject, canary: K8sObject, index: ManifestIndex): K8sVerdict {
  const read = analysisOf(obj, canary, 'copies each release over the primary at once, with no traffic step');
  if ('verdict' in read) return read.verdict;
  const { a, path, runs } = read;
  const provider = flaggerProvider(canary, index);
  if ('provider' in provider && provider.provider === 'kubernetes') {
    return k8sFail('spec.provider', 'kubernetes', `${runs} with the kubernetes provider (${provider.from}): Kubernetes CNI cannot weight traffic, so Flagger runs blue/green and switches all traffic to the new version at once on promotion; use a mesh or ingress provider with stepWeight/maxWeight`, canary);
  }
  const iterations = intField(a, 'iterations', path);
  if ('unreadable' in iterations) return k8sUnknown(`${path}.iterations`, a.iterations, `${runs}: ${iterations.unreadable}; iterations above 0 make it blue/green (all traffic at once)`, canary);
  if ((iterations.value ?? 0) > 0) {
    if (Array.isArray(a.match) && a.match.length > 0) {
      return k8sUnknown(`${path}.match`, a.match, `${runs} by A/B testing (iterations ${iterations.value} with match conditions): the requests the match conditions select go to the new version during the analysis, all others at once on promotion; what share of the traffic they are is not in the manifests`, canary);
    }
    return k8sFail(`${path}.iterations`, iterations.value, `${runs} blue/green (iterations ${iterations.value}, no traffic weights): the new version is tested on ${a.mirror === true ? 'mirrored' : 'load-test'} traffic and all live traffic switches to it at once on promotion; use stepWeight/maxWeight (and no iterations)`, canary);
  }
  const weights = canaryWeights(a, path);
  if ('unreadable' in weights) return k8sUnknown(path, undefined, `${runs}: ${weights.unreadable}: the traffic steps cannot be read`, canary);
  if (weights.steps.length === 0) {
    return k8sFail(`${path}.stepWeight`, a.stepWeight, `${runs} with ${weights.stuck ? 'a first traffic step of 0 (and no iterations)' : 'no stepWeight, stepWeights or iterations'}: Flagger shifts no traffic to the new version and never promotes it`, canary);
  }
  const partial = weights.steps.filter((w) => w > 0 && w < 100);
  const shown = weights.steps.length > 12 ? [...weights.steps.slice(0, 10).map((w) => `${w} %`), '...', `${weights.steps[weights.steps.length - 1]} %`] : weights.steps.map((w) => `${w} %`);
  if (partial.length === 0) return k8sFail(`${path}.${weights.field}`, a[weights.field], `${runs}: its first step sends 100 % of the traffic to the new version at once`, canary);
  if ('unreadable' in provider) {
    return k8sUnknown('spec.provider', undefined, `${runs} through ${shown.join(', ')} of the traffic, if its provider can weight traffic: ${provider.unreadable} (with kubernetes Flagger runs blue/green, all traffic at once)`, canary);
  }
  return k8sPass(`${path}.${weights.field}`, weights.steps, `${runs} (provider ${provider.provider}, ${provider.from}) through ${shown.join(', ')} of the traffic, then promotes`, canary);
}

/**
 * The canary weights Flagger steps through (scheduler.go nextStepWeight / maxWeight): `stepWeight` up to `maxWeight`
 * (100 when unset), else the `stepWeights` list up to its last weight. `stuck` when a first step of 0 never advances.
 */
function canaryWeights(a: Record<string, any>, path: string): { steps: number[]; field: string; stuck: boolean } | { unreadable: string } {
  const step = intField(a, 'stepWeight', path);
  if ('unreadable' in step) return step;
  const max = intField(a, 'maxWeight', path);
  if ('unreadable' in max) return max;
  const list = a.stepWeights;
  const useList = !((step.value ?? 0) > 0) && Array.isArray(list) && list.length > 0;
  if (!((step.value ?? 0) > 0) && list !== undefined && list !== null && !Array.isArray(list)) return { unreadable: `${path}.stepWeights cannot be read (${isTemplated(list) ? 'templated' : 'not a list'})` };
  if (useList && list.some((w: unknown) => typeof w !== 'number' || !Number.isInteger(w))) return { unreadable: `${path}.stepWeights ${JSON.stringify(list)} cannot be read (not integers)` };
  const maxWeight = useList ? Math.min(100, list[list.length - 1]) : (max.value ?? 0) > 0 ? max.value! : 100;
  const next = (w: number): number => {
    if (!useList) return step.value ?? 0;
    const room = 100 - w;
    if (room === 0) return 1;
    if (w === 0) return Math.min(room, list[0]);
    for (let i = 0; i < list.length - 1; i++) if (list[i] === w) return Math.min(room, list[i + 1] - w);
    return room;
  };
  const steps: number[] = [];
  let w = 0;
  let stuck = false;
  for (let k = 0; k < 200 && w < maxWeight; k++) {
    const n = next(w);
    if (n <= 0) {
      stuck = steps.length === 0 && (useList || step.value === 0);
      break;
    }
    w = Math.min(100, w + n);
    steps.push(w);
  }
  return { steps, field: useList ? 'stepWeights' : 'stepWeight', stuck };
}

/**
 * DEPLOY-CANARY-ROLLBACK for a Deployment a Flagger Canary releases: a metric that fails a failing release (see the
 * module notes), and interval x (threshold + 1) within alarmDetectionMinutes.
 * @internal
 */
export function judgeFlaggerRollback(obj: K8sObject, canary: K8sObject, index: ManifestIndex, limitSeconds: number): K8sVerdict {
  const read = analysisOf(obj, canary, 'promotes each release without analysing it: nothing aborts a failing release');
  if ('verdict' in read) return read.verdict;
  const { a, path, runs } = read;
  const good: string[] = [];
  const open: string[] = [];
  const problems: string[] = [];
  const metrics: unknown[] = Array.isArray(a.metrics) ? a.metrics : [];
  if (a.metrics !== undefined && a.metrics !== null && !Array.isArray(a.metrics)) open.push(`${path}.metrics cannot be read`);
  metrics.forEach((m, i) => {
    const r = metricGate(m, i, canary, index);
    if ('good' in r) good.push(r.good);
    else if ('open' in r) open.push(r.open);
    else problems.push(r.problem);
  });
  const hooks = (Array.isArray(a.webhooks) ? a.webhooks : [])
    .filter((h: any) => h?.type === undefined || h?.type === null || h?.type === '' || h?.type === 'rollout' || h?.type === 'pre-rollout')
    .map((h: any) => String(h?.name ?? h?.url ?? '?'));
  if (good.length === 0 && open.length === 0 && hooks.length === 0) {
    return k8sFail(`${path}.metrics`, undefined, `${runs}, but no metric can fail its analysis: ${problems.join('; ') || 'no metrics'}; a failing release is promoted`, canary);
  }
  // The analysis runs every interval (Flagger GetAnalysisInterval: default 60s, at least 10s, 60s when Go cannot read it).
  const rawInterval = a.interval;
  let interval = 60;
  if (isTemplated(rawInterval) || (rawInterval !== undefined && rawInterval !== null && typeof rawInterval !== 'string')) {
    return k8sUnknown(`${path}.interval`, rawInterval, `${runs}: interval ${String(rawInterval)} cannot be read: it decides how soon a failing release is rolled back`, canary);
  }
  if (typeof rawInterval === 'string' && rawInterval !== '' && isGoDuration(rawInterval)) interval = Math.max(10, parseDurationSeconds(rawInterval) ?? 60);
  const threshold = intField(a, 'threshold', path);
  if ('unreadable' in threshold) return k8sUnknown(`${path}.threshold`, a.threshold, `${runs}: ${threshold.unreadable}: it decides how soon a failing release is rolled back`, canary);
  const checks = (threshold.value ?? 0) > 0 ? threshold.value! : 1;
  const detect = interval * (checks + 1);
  if (detect > limitSeconds) {
    return k8sFail(`${path}.threshold`, checks, `${runs}: Flagger rolls back after ${checks} failed check(s), one per interval ${timeText(interval)}, so a release failing from its first step is rolled back only ${timeText(detect)} after it gets traffic (interval x (threshold + 1)) > ${limitSeconds / 60} min`, canary);
  }
  if (good.length > 0) {
    return k8sPass(`${path}.metrics`, good.join(', '), `${runs}: ${good.join(', ')} fail a failing release, rolled back within ${timeText(detect)} (interval ${timeText(interval)} x (threshold ${checks} + 1))`, canary);
  }
  const why = [...open, ...(hooks.length > 0 ? [`webhook(s) ${hooks.join(', ')} may fail checks: what they run decides whether a failing release fails them`] : []), ...problems];
  return k8sUnknown(`${path}.metrics`, undefined, `${runs}; whether its analysis fails a failing release cannot be told: ${why.join('; ')}`, canary);
}

/** Whether Flagger runs a check for the metric that fails a failing release: `good` (with its bound), `open` (cannot be read) or `problem`. */
function metricGate(m: any, i: number, canary: K8sObject, index: ManifestIndex): { good: string } | { open: string } | { problem: string } {
  if (!isMap(m)) return { open: `metric #${i} cannot be read` };
  const name = String(m.name ?? `#${i}`);
  const range = m.thresholdRange;
  if (range !== undefined && range !== null && !isMap(range)) return { open: `${name} thresholdRange cannot be read` };
  const bound = (k: 'min' | 'max'): number | undefined | 'open' => {
    const v = isMap(range) ? range[k] : undefined;
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : 'open';
  };
  const [min, max] = [bound('min'), bound('max')];
  const threshold = m.threshold;
  if (min === 'open' || max === 'open' || (threshold !== undefined && threshold !== null && (typeof threshold !== 'number' || !Number.isFinite(threshold)))) {
    return { open: `${name} thresholdRange/threshold cannot be read (${[range?.min, range?.max, threshold].filter((v) => v !== undefined && v !== null).map(String).join(', ')})` };
  }
  const hasRange = isMap(range);
  const t = typeof threshold === 'number' ? threshold : 0;
  const builtin = name === 'request-success-rate' || name === 'request-duration';
  const custom = (typeof m.query === 'string' && m.query.trim() !== '') || isMap(m.templateRef);
  if (!builtin && !custom) return { problem: `${name} is not a builtin metric (request-success-rate, request-duration) and has no templateRef or query: Flagger runs no check for it` };
  if (builtin) {
    if (name === 'request-success-rate' && (hasRange ? typeof min === 'number' && min > 0 : t > 0)) return { good: `request-success-rate (min ${hasRange ? min : t} %)` };
    if (name === 'request-duration' && (hasRange ? typeof max === 'number' : t > 0)) return { good: `request-duration (max ${hasRange ? max : t} ms)` };
  }
  if (custom) {
    const bounded = hasRange ? min !== undefined || max !== undefined : t !== 0;
    if (!bounded) return { problem: `${name} has no thresholdRange: nothing it measures fails it` };
    const ref = m.templateRef;
    if (isMap(ref)) {
      const ns = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : canary.namespace;
      const tpl = index.get('MetricTemplate', ns, String(ref.name));
      if (!tpl || !/^flagger\.app\//.test(tpl.apiVersion)) return { open: `${name}: MetricTemplate ${ns}/${String(ref.name)} is not in the manifests: its provider and query cannot be judged` };
    }
    return { good: `${name} (${hasRange ? [min !== undefined ? `min ${min}` : '', max !== undefined ? `max ${max}` : ''].filter(Boolean).join(', ') : `threshold ${t}`})` };
  }
  return { problem: name === 'request-success-rate' ? `request-success-rate has no thresholdRange.min above 0: a falling success rate never fails it` : `request-duration has no thresholdRange.max: a slow release never fails it` };
}
