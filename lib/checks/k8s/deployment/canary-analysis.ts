/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { isGoDuration, isGovernedByRollout, isTemplated, parseDurationSeconds, short, timeText as time } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { judgeFlaggerRollback } from './flagger';

/**
 * DEPLOY-CANARY-ROLLBACK: a failing release is aborted and rolled back without
 * a person. On Kubernetes: an Argo Rollout runs analysis (background canary
 * analysis, a step analysis, or blue-green pre/post-promotion analysis) from
 * AnalysisTemplates whose metrics have a success or failure condition (a
 * `provider.job` metric needs none: the Job's exit code decides, Argo
 * docs/analysis/job.md); a failed analysis aborts the Rollout, which returns
 * traffic to the stable version. The slowest metric must abort within
 * alarmDetectionMinutes (initialDelay + interval x (failureLimit + 1)). A plain
 * Deployment has no such rollback.
 *
 * `failureLimit` and `count` are IntOrString in Argo: a numeric string is that
 * number. A `{{args.NAME}}` in them, or in `interval`/`initialDelay`, is
 * resolved as Argo resolves it when it creates the AnalysisRun: the Rollout's
 * analysis `args` value, else the AnalysisTemplate's `args` default; an arg
 * with `valueFrom` or no value, or any other template, cannot be read (unknown).
 *
 * Argo takes a metric's first measurement after its `initialDelay`, then one
 * per `interval`, and fails the run when the failed measurements exceed
 * `failureLimit`: a metric that fails every measurement fails the run at the
 * earliest at initialDelay + interval x failureLimit. Some analyses are
 * stopped before they end, and must fail before then: a background canary
 * analysis (`strategy.canary.analysis`) is stopped when the Rollout finishes
 * its steps (its window: the steps' pauses from `startingStep` on; a pause
 * without a duration waits for a person, and keeps it open), and a blue-green
 * `postPromotionAnalysis` is cancelled at `scaleDownDelaySeconds` when that is
 * set (without it, Argo keeps the old ReplicaSet until the analysis completes:
 * no window). A metric that cannot fail before its window closes never aborts
 * (fail, naming both times); a window or a time that cannot be read is unknown.
 * Step analyses and pre-promotion analyses block the Rollout: no window.
 * Consecutive provider errors (`consecutiveErrorLimit`) error the run, but a
 * failing release's measurements are failures, not errors: not counted.
 *
 * A metric whose failureLimit is not below its count of measurements (`count`;
 * 1 without an interval; a count of 0 is no count, as Argo's EffectiveCount
 * reads it) can never exceed it and never aborts.
 *
 * Argo refuses the metrics of an analysis (the templates it merges into one
 * AnalysisRun) as argo-rollouts ValidateMetric does: a negative failureLimit,
 * inconclusiveLimit or consecutiveErrorLimit (-1 does not mean "unlimited"), a
 * count below failureLimit or inconclusiveLimit, a count above 1 without an
 * interval, an interval or initialDelay Go's time.ParseDuration cannot read
 * (`60` without a unit), no provider or several, two metrics of one name; and
 * a metric of a step or blue-green analysis that runs indefinitely (an
 * interval without a count). A background analysis so refused errors at once
 * and aborts every release; any other makes the Rollout InvalidSpec. Either
 * fails, whatever the other metrics and analyses (a pass of another analysis
 * no longer hides it).
 * A metric in dry-run (`dryRun` on the AnalysisTemplate or on the Rollout's
 * analysis) never aborts. Argo matches `dryRun[].metricName` as an unanchored
 * regular expression (`success` matches `success-rate`, `.*` every metric); a
 * pattern beyond literals, `.`, `^`, `$` and two `*`/`+` is taken to match.
 *
 * A Deployment a Flagger `Canary` (flagger.app) targets is judged on the Canary (./flagger.ts): its analysis must
 * have a metric Flagger checks with a bound in the failing direction (builtin request-success-rate `min`,
 * request-duration `max`, a MetricTemplate or query metric either), and roll back within alarmDetectionMinutes:
 * interval x (threshold + 1). `skipAnalysis: true` or no analysis fails; a MetricTemplate not in the manifests, a
 * templated field, or only webhooks, is unknown.
 */
export const K8sCanaryAnalysis: K8sRule = {
  id: 'K8sCanaryAnalysis',
  items: ['DEPLOY-CANARY-ROLLBACK'],
  kinds: ['Deployment', 'Rollout'],
  severity: Severity.HIGH,
  description: 'Releases run an Argo Rollouts analysis (AnalysisTemplate metrics with success/failure conditions), or a Flagger Canary analysis (metrics with thresholds), that aborts and rolls back a failing release within alarmDetectionMinutes.',
  fix: 'Give the Rollout strategy.canary.analysis.templates referencing an AnalysisTemplate with Prometheus success-rate and latency metrics (successCondition, interval 1m, failureLimit 1), and steps whose pauses from startingStep on last longer than interval x failureLimit (blue-green post-promotion: no scaleDownDelaySeconds, or a longer one).',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    const canary = obj.kind === 'Deployment' ? ctx.index.flaggerCanaryOf(obj) : undefined;
    if (canary) return judgeFlaggerRollback(obj, canary, ctx.index, ctx.thresholds.alarmDetectionMinutes * 60);
    if (obj.kind === 'Deployment') return k8sFail(undefined, undefined, 'released by a rolling update: nothing aborts and rolls back a failing release');
    const strategy = obj.doc.spec?.strategy ?? {};
    const refs: { path: string; templates: any[]; dryRun: unknown; args: unknown; window?: Window }[] = [];
    if (strategy.canary) {
      const a = strategy.canary.analysis;
      if (a) refs.push({ path: 'spec.strategy.canary.analysis', templates: a.templates ?? [], dryRun: a.dryRun, args: a.args, window: backgroundWindow(strategy.canary) });
      (strategy.canary.steps ?? []).forEach((s: any, i: number) => {
        if (s?.analysis) refs.push({ path: `spec.strategy.canary.steps.${i}.analysis`, templates: s.analysis.templates ?? [], dryRun: s.analysis.dryRun, args: s.analysis.args });
      });
    }
    if (strategy.blueGreen) {
      for (const k of ['prePromotionAnalysis', 'postPromotionAnalysis']) {
        const a = strategy.blueGreen[k];
        if (a) refs.push({ path: `spec.strategy.blueGreen.${k}`, templates: a.templates ?? [], dryRun: a.dryRun, args: a.args, window: k === 'postPromotionAnalysis' ? postPromotionWindow(strategy.blueGreen) : undefined });
      }
    }
    const named = refs.flatMap((r) => r.templates.map((t: any) => ({ ...r, t })));
    if (named.length === 0) return k8sFail('spec.strategy', undefined, 'the Rollout runs no analysis: a failing release is only stopped by a person');
    const limit = ctx.thresholds.alarmDetectionMinutes * 60;
    const verdicts: K8sVerdict[] = [];
    const refused: K8sVerdict[] = [];
    for (const ref of refs) {
      const found: K8sObject[] = [];
      for (const t of ref.templates) {
        const name = String(t?.templateName ?? '');
        const tpl = t?.clusterScope ? ctx.index.get('ClusterAnalysisTemplate', 'default', name) ?? findCluster(ctx.index, name) : ctx.index.get('AnalysisTemplate', obj.namespace, name);
        if (!tpl) {
          verdicts.push(k8sUnknown(`${ref.path}.templates`, name, `analysis template ${name} is not in the manifests: its metrics cannot be judged`));
          continue;
        }
        found.push(tpl);
        verdicts.push(judgeTemplate(tpl, limit, obj, dryRunPatterns(ref.dryRun), ref.window, argValues(tpl, ref.args)));
      }
      // Argo merges the templates of one analysis into one AnalysisRun and validates its metrics as a whole.
      const refusal = argoRefusal(found, ref.args, ref.path === 'spec.strategy.canary.analysis');
      if (refusal) {
        const consequence = ref.path === 'spec.strategy.canary.analysis'
          ? 'the AnalysisRun errors at once ("analysis spec invalid") and the Rollout aborts every release, good or bad'
          : 'the Rollout is marked InvalidSpec and rolls nothing out';
        refused.push(k8sFail(`spec.metrics.${refusal.index}`, refusal.value, `Argo refuses the analysis ${ref.path} (${found.map(short).join(', ')}): ${refusal.why} (argo-rollouts ValidateMetric): ${consequence}; it aborts no failing release on its metrics`, refusal.tpl));
      }
    }
    if (refused.length > 0) return refused;
    if (verdicts.some((v) => v.status === 'pass')) return verdicts.filter((v) => v.status === 'pass');
    return verdicts;
  },
};

function findCluster(index: ManifestIndex, name: string): K8sObject | undefined {
  return index.ofKind('ClusterAnalysisTemplate').find((o) => o.name === name);
}

/** The `metricName` patterns of a `dryRun` list. */
function dryRunPatterns(dryRun: unknown): string[] {
  return Array.isArray(dryRun) ? dryRun.map((d: any) => d?.metricName).filter((n): n is string => typeof n === 'string') : [];
}

/**
 * Whether a dryRun pattern may match a metric name as Argo matches it (Go
 * `regexp.MatchString`: a regular expression, unanchored). Text from a
 * manifest never becomes a regular expression here: a pattern of plain
 * characters matches where the name contains it; any pattern with a regular
 * expression character is taken to match (the metric then gates nothing,
 * never a wrong pass; at worst a false fail on an unusual pattern).
 */
function dryRunMatches(pattern: string, metric: string): boolean {
  if (/[.*+?^$\\[\](){}|]/.test(pattern)) return true;
  return metric.includes(pattern);
}

/**
 * How long an analysis runs before the Rollout stops it, in seconds, with what
 * closes it (for messages); `{ unreadable }` when that cannot be read.
 */
type Window = { seconds: number; closes: string; stops: string } | { unreadable: string };

/**
 * How long a background canary analysis runs before the Rollout finishes its
 * steps and stops it: the `pause` durations of the steps from `startingStep`
 * on, in seconds (a pause without a duration waits for a person: Infinity);
 * `{ unreadable }` when a duration or startingStep cannot be read.
 */
function backgroundWindow(canary: any): Window {
  const steps: any[] = Array.isArray(canary?.steps) ? canary.steps : [];
  const start = canary?.analysis?.startingStep ?? 0;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) return { unreadable: `startingStep ${String(start)}` };
  let seconds = 0;
  for (const st of steps.slice(start)) {
    if (!st || typeof st !== 'object' || st.pause === undefined || st.pause === null) continue;
    if (st.pause.duration === undefined || st.pause.duration === null) return { seconds: Infinity, closes: 'a pause without a duration', stops: '' };
    const d = parseDurationSeconds(st.pause.duration);
    if (d === undefined) return { unreadable: `pause duration ${String(st.pause.duration)}` };
    seconds += d;
  }
  return { seconds, closes: `the steps pause ${seconds / 60} min in all${start > 0 ? ` from startingStep ${start} on` : ''}`, stops: 'the Rollout is promoted and stops the background analysis' };
}

/**
 * How long a blue-green post-promotion analysis runs: Argo cancels it at
 * `scaleDownDelaySeconds` when that is set (docs/features/analysis.md, "BlueGreen
 * Post Promotion Analysis"); without it the old ReplicaSet is kept until the
 * analysis completes (no window: undefined).
 */
function postPromotionWindow(blueGreen: any): Window | undefined {
  const d = blueGreen?.scaleDownDelaySeconds;
  if (d === undefined || d === null) return undefined;
  const n = typeof d === 'number' ? d : typeof d === 'string' && /^\d+$/.test(d.trim()) ? Number(d) : undefined;
  if (n === undefined || !Number.isInteger(n) || n < 0) return { unreadable: `scaleDownDelaySeconds ${String(d)}` };
  return { seconds: n, closes: `scaleDownDelaySeconds ${n} closes the post-promotion analysis after ${time(n)}`, stops: 'Argo cancels the analysis and scales the old version down' };
}

/**
 * The analysis args Argo gives an AnalysisRun of this template: the template's
 * `args` defaults, overridden by the Rollout's analysis `args`; an arg with
 * `valueFrom` (read when the run is created) or without a value maps to undefined.
 */
function argValues(tpl: K8sObject, rolloutArgs: unknown): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const list of [tpl.doc.spec?.args, rolloutArgs]) {
    for (const a of Array.isArray(list) ? list : []) {
      if (!a || typeof a.name !== 'string') continue;
      if (a.valueFrom !== undefined && a.valueFrom !== null) out.set(a.name, undefined);
      else if (a.value !== undefined && a.value !== null) out.set(a.name, String(a.value));
      else if (!out.has(a.name)) out.set(a.name, undefined);
    }
  }
  return out;
}

/**
 * A metric field with its `{{args.NAME}}` placeholders resolved from `args`:
 * `{ value }`, or `{ unresolved }` naming what cannot be read (an arg without a
 * literal value, another template expression).
 */
function resolveArgs(v: unknown, args: Map<string, string | undefined>): { value: unknown } | { unresolved: string } {
  if (typeof v !== 'string' || !v.includes('{{')) return { value: v };
  const missing: string[] = [];
  const out = v.replace(/\{\{\s*args\.([A-Za-z0-9_.-]+?)\s*\}\}/g, (_m, name: string) => {
    const value = args.get(name);
    if (value === undefined) {
      missing.push(`args.${name} ${args.has(name) ? 'has no literal value (valueFrom, or none)' : 'is not declared'}`);
      return '';
    }
    return value;
  });
  if (missing.length > 0) return { unresolved: `${v} cannot be read (templated): ${missing.join(', ')}` };
  if (isTemplated(out)) return { unresolved: `${v} cannot be read (templated)` };
  return { value: out };
}

/** Go's intstr.IntValue: an integer, or a string Atoi reads (anything else, and nothing, is 0). */
function intValue(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? v : 0;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return Number(v);
  return 0;
}

/**
 * What makes Argo refuse the metrics of one analysis (the templates it merges into one AnalysisRun), as
 * argo-rollouts ValidateMetrics / ValidateMetric do (utils/analysis): duplicate metric names, a negative
 * failureLimit / inconclusiveLimit / consecutiveErrorLimit, a count below failureLimit or inconclusiveLimit, a
 * count above 1 without an interval, an interval or initialDelay time.ParseDuration cannot read, no provider or
 * several; and, for an analysis that blocks the Rollout (not a background one), a metric that runs indefinitely
 * (an interval without a count: validation_references.go). Fields whose `{{args.*}}` cannot be resolved are left
 * to judgeTemplate (unknown). Undefined when Argo accepts them.
 */
function argoRefusal(templates: K8sObject[], rolloutArgs: unknown, background: boolean): { tpl: K8sObject; index: number; value: unknown; why: string } | undefined {
  const seen = new Set<string>();
  for (const tpl of templates) {
    const args = argValues(tpl, rolloutArgs);
    const metrics: any[] = Array.isArray(tpl.doc.spec?.metrics) ? tpl.doc.spec.metrics : [];
    for (const [i, m] of metrics.entries()) {
      if (!m || typeof m !== 'object') continue;
      const name = String(m.name ?? `#${i}`);
      const at = (why: string, value?: unknown) => ({ tpl, index: i, value, why: `${short(tpl)} metric ${name}: ${why}` });
      if (seen.has(name)) return at(`two metrics have the same name '${name}'`, name);
      seen.add(name);
      const field = (k: string): { set: boolean; value?: unknown } => {
        const raw = m[k];
        if (raw === undefined || raw === null || raw === '') return { set: false };
        const r = resolveArgs(raw, args);
        return 'value' in r ? { set: true, value: r.value } : { set: true };
      };
      const [count, fl, il, cel, interval, delay] = ['count', 'failureLimit', 'inconclusiveLimit', 'consecutiveErrorLimit', 'interval', 'initialDelay'].map(field);
      const n = (f: { set: boolean; value?: unknown }) => (f.set && f.value !== undefined ? intValue(f.value) : 0);
      const c = n(count);
      if (c > 0 && c < n(fl)) return at(`count ${c} is below failureLimit ${n(fl)} ("count must be >= failureLimit")`, m.count);
      if (c > 0 && c < n(il)) return at(`count ${c} is below inconclusiveLimit ${n(il)} ("count must be >= inconclusiveLimit")`, m.count);
      if (c > 1 && !interval.set) return at(`count ${c} without an interval ("interval must be specified when count > 1")`, m.count);
      if (interval.set && interval.value !== undefined && !isGoDuration(interval.value)) return at(`interval ${String(interval.value)} is not a duration Go reads (a unit is required: 60s, 1m): "invalid interval string"`, m.interval);
      if (delay.set && delay.value !== undefined && !isGoDuration(delay.value)) return at(`initialDelay ${String(delay.value)} is not a duration Go reads (a unit is required: 30s, 1m): "invalid startDelay string"`, m.initialDelay);
      if (n(fl) < 0) return at(`failureLimit ${n(fl)} ("failureLimit must be >= 0")`, m.failureLimit);
      if (n(il) < 0) return at(`inconclusiveLimit ${n(il)} ("inconclusiveLimit must be >= 0")`, m.inconclusiveLimit);
      if (n(cel) < 0) return at(`consecutiveErrorLimit ${n(cel)} ("consecutiveErrorLimit must be >= 0")`, m.consecutiveErrorLimit);
      const provider = m.provider && typeof m.provider === 'object' ? m.provider : {};
      const providers = Object.entries(provider).filter(([, v]) => v !== undefined && v !== null)
        .reduce((sum, [k, v]) => sum + (k === 'plugin' && typeof v === 'object' ? Object.keys(v as object).length : 1), 0);
      if (providers === 0) return at('no provider ("no provider specified")', m.provider);
      if (providers > 1) return at(`${providers} providers (${Object.keys(provider).join(', ')}): "multiple providers specified"`, m.provider);
      if (!background && interval.set && (!count.set || (count.value !== undefined && c === 0))) {
        return at('an interval without a count runs indefinitely, which an analysis that blocks the Rollout may not ("runs indefinitely. Invalid value for count")', m.count ?? m.interval);
      }
    }
  }
  return undefined;
}

function judgeTemplate(tpl: K8sObject, limitSeconds: number, rollout: K8sObject, rolloutDryRun: string[] = [],
  window?: Window, args: Map<string, string | undefined> = new Map()): K8sVerdict {
  const metrics: any[] = Array.isArray(tpl.doc.spec?.metrics) ? tpl.doc.spec.metrics : [];
  const patterns = [...dryRunPatterns(tpl.doc.spec?.dryRun), ...rolloutDryRun];
  const problems: string[] = [];
  const open: string[] = [];
  const good: string[] = [];
  metrics.forEach((m, i) => {
    const name = String(m?.name ?? `#${i}`);
    if (patterns.some((p) => dryRunMatches(p, name))) return void problems.push(`${name} runs dry`);
    // A Job metric is failed when its Job does not complete with exit code 0 (Argo docs/analysis/job.md): no condition needed.
    const job = !m?.successCondition && !m?.failureCondition && m?.provider?.job !== undefined && m?.provider?.job !== null;
    if (!m?.successCondition && !m?.failureCondition && !job) return void problems.push(`${name} has no success or failure condition`);
    // Argo resolves {{args.*}} in the metric when it creates the AnalysisRun.
    const field = (k: string) => resolveArgs(m[k], args);
    const fields = { failureLimit: field('failureLimit'), interval: field('interval'), count: field('count'), initialDelay: field('initialDelay') };
    const unresolved = Object.entries(fields).filter(([, r]) => 'unresolved' in r).map(([k, r]) => `${k} ${(r as { unresolved: string }).unresolved}`);
    if (unresolved.length > 0) return void open.push(`${name} ${unresolved.join('; ')}: the value decides when (and whether) it fails`);
    const [rawLimit, rawInterval, rawCount, rawDelay] = [fields.failureLimit, fields.interval, fields.count, fields.initialDelay].map((r) => (r as { value: unknown }).value);
    // failureLimit is an IntOrString (0 when unset): a numeric string is that number.
    const failureLimit = rawLimit === undefined || rawLimit === null ? 0 : typeof rawLimit === 'string' && /^\s*-?\d+\s*$/.test(rawLimit) ? Number(rawLimit) : rawLimit;
    if (typeof failureLimit !== 'number' || !Number.isInteger(failureLimit)) return void open.push(`${name} failureLimit ${String(m.failureLimit)} is not a number`);
    if (failureLimit < 0) return void problems.push(`${name} never fails (failureLimit ${String(m.failureLimit)})`);
    const interval = rawInterval === undefined ? 0 : parseDurationSeconds(rawInterval);
    if (interval === undefined) return void problems.push(`${name} interval ${String(m.interval)} unreadable`);
    // Argo's count: the number of measurements (1 without an interval; unbounded with one, until the analysis ends).
    // Argo's EffectiveCount: a count of 0 (or one intstr.IntValue reads as 0) is no count.
    const counted = rawCount === undefined || rawCount === null ? 0 : intValue(rawCount);
    const measurements = counted > 0 ? counted : rawInterval === undefined ? 1 : Infinity;
    if (failureLimit >= measurements) return void problems.push(`${name} takes at most ${measurements} measurement(s), never more failures than its failureLimit ${failureLimit}: it never fails`);
    // Argo takes no measurement before initialDelay.
    const delay = rawDelay === undefined || rawDelay === null ? 0 : parseDurationSeconds(rawDelay);
    if (delay === undefined) return void open.push(`${name} initialDelay ${String(m.initialDelay)} cannot be read (${isTemplated(rawDelay) ? 'templated' : 'not a duration'}): when it first measures decides`);
    const detect = delay + interval * (failureLimit + 1);
    if (detect > limitSeconds) return void problems.push(`${name} aborts only after ${detect / 60} min${delay > 0 ? ` (initialDelay ${String(m.initialDelay)} included)` : ''} (> ${limitSeconds / 60})`);
    // Measurements at initialDelay, then every interval: failure failureLimit + 1 (the first over the limit) comes at the earliest at:
    const failsAt = delay + interval * failureLimit;
    const when = `${time(failsAt)} (${delay > 0 ? `initialDelay ${String(rawDelay)} + ` : ''}failureLimit ${failureLimit} x interval ${time(interval)})`;
    if (failsAt > 0 && window) {
      if ('unreadable' in window) return void open.push(`${name} fails at the earliest after ${when}, and how long the Rollout runs the analysis cannot be read (${window.unreadable})`);
      if (failsAt >= window.seconds) {
        const what = failureLimit === 0 ? `waits initialDelay ${String(rawDelay)}` : `fails at the earliest after ${when}`;
        const before = failureLimit === 0 ? 'its first measurement' : `its failure ${failureLimit + 1} (the first over failureLimit ${failureLimit})`;
        return void problems.push(`${name} ${what}, but ${window.closes}: ${window.stops} before ${before}`);
      }
    }
    good.push(`${name} (${job ? 'Job exit code' : m.successCondition ?? m.failureCondition})`);
  });
  if (good.length === 0 && open.length > 0) {
    return k8sUnknown('spec.metrics', undefined, `${short(tpl)} may not abort ${short(rollout)}: ${[...open, ...problems].join('; ')}`, tpl);
  }
  if (good.length === 0) {
    return k8sFail('spec.metrics', undefined, `${short(tpl)} cannot abort ${short(rollout)}: ${problems.join('; ') || 'no metrics'}`, tpl);
  }
  return k8sPass('spec.metrics', good.join(', '), `${short(tpl)} aborts and rolls back ${short(rollout)} on ${good.join(', ')}`, tpl);
}
