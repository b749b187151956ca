/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { isGovernedByRollout, isTemplated, parseDurationSeconds, parseIntOrPercent, short } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * DEPLOY-CANARY-ROLLBACK: a failing release is aborted and rolled back without
 * a person. On Kubernetes: an Argo Rollout runs analysis (background canary
 * analysis, a step analysis, or blue-green pre/post-promotion analysis) from
 * AnalysisTemplates whose metrics have a success or failure condition; a failed
 * analysis aborts the Rollout, which returns traffic to the stable version. The
 * slowest metric must abort within alarmDetectionMinutes
 * (initialDelay + interval x (failureLimit + 1)). A plain Deployment has no such rollback.
 *
 * Argo takes a metric's first measurement only after its `initialDelay`; an
 * initialDelay that cannot be read (templated) is unknown. A background canary
 * analysis (`strategy.canary.analysis`) is stopped when the Rollout finishes
 * its steps: a metric whose initialDelay is at least the steps' pauses from
 * `startingStep` on (a pause without a duration waits for a person) never
 * measures before the release is promoted, and fails.
 *
 * A metric whose failureLimit is not below its count of measurements (`count`;
 * 1 without an interval) can never exceed it and never aborts.
 * A metric in dry-run (`dryRun` on the AnalysisTemplate or on the Rollout's
 * analysis) never aborts. Argo matches `dryRun[].metricName` as an unanchored
 * regular expression (`success` matches `success-rate`, `.*` every metric); a
 * pattern beyond literals, `.`, `^`, `$` and two `*`/`+` is taken to match.
 */
export const K8sCanaryAnalysis: K8sRule = {
  id: 'K8sCanaryAnalysis',
  items: ['DEPLOY-CANARY-ROLLBACK'],
  kinds: ['Deployment', 'Rollout'],
  severity: Severity.HIGH,
  description: 'Releases run an Argo Rollouts analysis (AnalysisTemplate metrics with success/failure conditions) that aborts and rolls back a failing release within alarmDetectionMinutes.',
  fix: 'Give the Rollout strategy.canary.analysis.templates referencing an AnalysisTemplate with Prometheus success-rate and latency metrics (successCondition, interval 1m, failureLimit 1).',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    if (obj.kind === 'Deployment') return k8sFail(undefined, undefined, 'released by a rolling update: nothing aborts and rolls back a failing release');
    const strategy = obj.doc.spec?.strategy ?? {};
    const refs: { path: string; templates: any[]; dryRun: unknown }[] = [];
    if (strategy.canary) {
      if (strategy.canary.analysis) refs.push({ path: 'spec.strategy.canary.analysis', templates: strategy.canary.analysis.templates ?? [], dryRun: strategy.canary.analysis.dryRun });
      (strategy.canary.steps ?? []).forEach((s: any, i: number) => {
        if (s?.analysis) refs.push({ path: `spec.strategy.canary.steps.${i}.analysis`, templates: s.analysis.templates ?? [], dryRun: s.analysis.dryRun });
      });
    }
    if (strategy.blueGreen) {
      for (const k of ['prePromotionAnalysis', 'postPromotionAnalysis']) {
        if (strategy.blueGreen[k]) refs.push({ path: `spec.strategy.blueGreen.${k}`, templates: strategy.blueGreen[k].templates ?? [], dryRun: strategy.blueGreen[k].dryRun });
      }
    }
    const named = refs.flatMap((r) => r.templates.map((t: any) => ({ path: r.path, t, dryRun: r.dryRun })));
    if (named.length === 0) return k8sFail('spec.strategy', undefined, 'the Rollout runs no analysis: a failing release is only stopped by a person');
    const limit = ctx.thresholds.alarmDetectionMinutes * 60;
    const verdicts: K8sVerdict[] = [];
    for (const { path, t, dryRun } of named) {
      const name = String(t?.templateName ?? '');
      const tpl = t?.clusterScope ? ctx.index.get('ClusterAnalysisTemplate', 'default', name) ?? findCluster(ctx.index, name) : ctx.index.get('AnalysisTemplate', obj.namespace, name);
      if (!tpl) {
        verdicts.push(k8sUnknown(`${path}.templates`, name, `analysis template ${name} is not in the manifests: its metrics cannot be judged`));
        continue;
      }
      const window = path === 'spec.strategy.canary.analysis' ? backgroundWindow(strategy.canary) : undefined;
      verdicts.push(judgeTemplate(tpl, limit, obj, dryRunPatterns(dryRun), window));
    }
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
 * How long a background canary analysis runs before the Rollout finishes its
 * steps and stops it: the `pause` durations of the steps from `startingStep`
 * on, in seconds (a pause without a duration waits for a person: Infinity);
 * `{ unreadable }` when a duration or startingStep cannot be read.
 */
function backgroundWindow(canary: any): { seconds: number } | { unreadable: string } {
  const steps: any[] = Array.isArray(canary?.steps) ? canary.steps : [];
  const start = canary?.analysis?.startingStep ?? 0;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) return { unreadable: `startingStep ${String(start)}` };
  let seconds = 0;
  for (const st of steps.slice(start)) {
    if (!st || typeof st !== 'object' || st.pause === undefined || st.pause === null) continue;
    if (st.pause.duration === undefined || st.pause.duration === null) return { seconds: Infinity };
    const d = parseDurationSeconds(st.pause.duration);
    if (d === undefined) return { unreadable: `pause duration ${String(st.pause.duration)}` };
    seconds += d;
  }
  return { seconds };
}

function judgeTemplate(tpl: K8sObject, limitSeconds: number, rollout: K8sObject, rolloutDryRun: string[] = [],
  window?: { seconds: number } | { unreadable: string }): K8sVerdict {
  const metrics: any[] = Array.isArray(tpl.doc.spec?.metrics) ? tpl.doc.spec.metrics : [];
  const patterns = [...dryRunPatterns(tpl.doc.spec?.dryRun), ...rolloutDryRun];
  const problems: string[] = [];
  const open: string[] = [];
  const good: string[] = [];
  metrics.forEach((m, i) => {
    const name = String(m?.name ?? `#${i}`);
    if (patterns.some((p) => dryRunMatches(p, name))) return void problems.push(`${name} runs dry`);
    if (!m?.successCondition && !m?.failureCondition) return void problems.push(`${name} has no success or failure condition`);
    const failureLimit = m.failureLimit ?? 0;
    if (typeof failureLimit !== 'number' || failureLimit < 0) return void problems.push(`${name} never fails (failureLimit ${String(failureLimit)})`);
    const interval = m.interval === undefined ? 0 : parseDurationSeconds(m.interval);
    if (interval === undefined) return void problems.push(`${name} interval ${String(m.interval)} unreadable`);
    // Argo's count: the number of measurements (1 without an interval; unbounded with one, until the analysis ends).
    const parsed = m.count === undefined || m.count === null ? undefined : parseIntOrPercent(m.count);
    if (m.count !== undefined && m.count !== null && (!parsed || parsed.percent)) return void problems.push(`${name} count ${String(m.count)} unreadable`);
    const measurements = parsed ? parsed.value : m.interval === undefined ? 1 : Infinity;
    if (failureLimit >= measurements) return void problems.push(`${name} takes at most ${measurements} measurement(s), never more failures than its failureLimit ${failureLimit}: it never fails`);
    // Argo takes no measurement before initialDelay.
    const delay = m.initialDelay === undefined || m.initialDelay === null ? 0 : parseDurationSeconds(m.initialDelay);
    if (delay === undefined) return void open.push(`${name} initialDelay ${String(m.initialDelay)} cannot be read (${isTemplated(m.initialDelay) ? 'templated' : 'not a duration'}): when it first measures decides`);
    const detect = delay + interval * (failureLimit + 1);
    if (detect > limitSeconds) return void problems.push(`${name} aborts only after ${detect / 60} min${delay > 0 ? ` (initialDelay ${String(m.initialDelay)} included)` : ''} (> ${limitSeconds / 60})`);
    if (delay > 0 && window) {
      if ('unreadable' in window) return void open.push(`${name} waits initialDelay ${String(m.initialDelay)}, and how long the steps run the background analysis cannot be read (${window.unreadable})`);
      if (delay >= window.seconds) return void problems.push(`${name} waits initialDelay ${String(m.initialDelay)}, but the steps pause ${window.seconds / 60} min in all: the Rollout is promoted and stops the background analysis before its first measurement`);
    }
    good.push(`${name} (${m.successCondition ?? m.failureCondition})`);
  });
  if (good.length === 0 && open.length > 0) {
    return k8sUnknown('spec.metrics', undefined, `${short(tpl)} may not abort ${short(rollout)}: ${[...open, ...problems].join('; ')}`, tpl);
  }
  if (good.length === 0) {
    return k8sFail('spec.metrics', undefined, `${short(tpl)} cannot abort ${short(rollout)}: ${problems.join('; ') || 'no metrics'}`, tpl);
  }
  return k8sPass('spec.metrics', good.join(', '), `${short(tpl)} aborts and rolls back ${short(rollout)} on ${good.join(', ')}`, tpl);
}
