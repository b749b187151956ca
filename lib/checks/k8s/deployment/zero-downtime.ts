import { Severity } from '../../model';
import { mostPods } from '../pod-count';
import { isGovernedByRollout, isTemplated, parseIntOrPercent } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * DEPLOY-ZERO-DOWNTIME: a release never takes serving capacity away. A
 * Deployment rolls with `maxUnavailable: 0` (the default is 25 %; `Recreate`
 * stops everything first); an Argo canary Rollout sets `maxUnavailable: 0`
 * (its default is 25 % too); a blue-green Rollout keeps the old stack until the
 * switch. A Deployment taken over by a Rollout is judged on the Rollout.
 * A percentage of maxUnavailable is rounded down: one that is 0 pods at the
 * workload's largest count (its autoscaler's maximum, else its replicas)
 * passes (`25%` of 3 replicas), one that is not fails; against a count that
 * cannot be read it is unknown. maxSurge must not round to 0 as well.
 *
 * A DaemonSet keeps every node's capacity only by surging: `maxSurge` 1 or
 * more with `maxUnavailable` 0 starts the new pod on a node before the old one
 * stops (the defaults, maxUnavailable 1 and maxSurge 0, stop it first).
 * `OnDelete` replaces a pod only when someone deletes it: unknown. (A
 * DaemonSet on host ports cannot run both pods on one node: its rollout waits,
 * keeping the old pod, rather than dropping capacity.) A StatefulSet's
 * rollout is judged by no rule: the item stays unknown beside one.
 */
export const K8sZeroDowntimeUpdate: K8sRule = {
  id: 'K8sZeroDowntimeUpdate',
  items: ['DEPLOY-ZERO-DOWNTIME'],
  kinds: ['Deployment', 'Rollout', 'DaemonSet'],
  severity: Severity.HIGH,
  description: 'Deployments roll with maxUnavailable 0 (and a surge), Argo canary Rollouts set maxUnavailable 0, DaemonSets surge (maxSurge 1, maxUnavailable 0), so no release drops capacity.',
  fix: 'Set spec.strategy.rollingUpdate.maxUnavailable: 0 and maxSurge: 1 (Rollout: spec.strategy.canary.maxUnavailable: 0; DaemonSet: spec.updateStrategy.rollingUpdate.maxSurge: 1, maxUnavailable: 0).',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    if (obj.kind === 'DaemonSet') return judgeDaemonSet(obj.doc.spec?.updateStrategy ?? {});
    const strategy = obj.doc.spec?.strategy ?? {};
    const most = mostPods(obj, ctx.index);
    if (obj.kind === 'Rollout') {
      if (strategy.blueGreen) return k8sPass('spec.strategy.blueGreen', undefined, 'blue-green: the old version serves until the new one is ready');
      if (!strategy.canary) return k8sFail('spec.strategy', strategy, 'a Rollout without a canary or blueGreen strategy');
      return judge(strategy.canary.maxUnavailable, strategy.canary.maxSurge, 'spec.strategy.canary', most, false);
    }
    if (strategy.type === 'Recreate') return k8sFail('spec.strategy.type', 'Recreate', 'Recreate stops every pod before starting the new version');
    return judge(strategy.rollingUpdate?.maxUnavailable, strategy.rollingUpdate?.maxSurge, 'spec.strategy.rollingUpdate', most, true);
  },
};

/**
 * maxUnavailable and maxSurge at the workload's pod count: a percentage of
 * maxUnavailable is rounded down, of maxSurge up (RollingUpdateDeployment; Argo
 * canary likewise). A percentage that rounds to 0 pods at the workload's
 * largest count (`most`) takes none out of service at any count. For a
 * Deployment (`apiValidated`) a count written as text that is not a percentage
 * is refused by the API server.
 */
function judge(maxUnavailable: unknown, maxSurge: unknown, base: string, most: number | undefined, apiValidated: boolean) {
  const prop = `${base}.maxUnavailable`;
  for (const [field, v] of [['maxUnavailable', maxUnavailable], ['maxSurge', maxSurge]] as const) {
    if (apiValidated && typeof v === 'string' && !/^[0-9]+%$/.test(v) && !isTemplated(v)) {
      return k8sFail(`${base}.${field}`, v, `${field} "${v}" is text but not a percentage: the API server refuses the Deployment`);
    }
  }
  const mu = maxUnavailable === undefined ? { value: 25, percent: true } : parseIntOrPercent(maxUnavailable);
  const shown = maxUnavailable === undefined ? 'unset (the default 25%)' : String(maxUnavailable);
  if (!mu) return k8sUnknown(prop, maxUnavailable, 'maxUnavailable is not a number or a percentage');
  let rounded = '';
  if (mu.percent && mu.value > 0) {
    if (mu.value >= 100 || most === undefined) {
      if (mu.value < 100) return k8sUnknown(prop, maxUnavailable, `maxUnavailable ${shown} against a pod count that cannot be read (templated): it takes pods out of service once ${Math.ceil(100 / mu.value)} or more run`);
    } else if (Math.floor((mu.value * most) / 100) === 0) {
      rounded = ` (${mu.value}% of at most ${most} pods rounds down to 0)`;
    }
    if (!rounded) {
      const n = most === undefined ? undefined : Math.floor((mu.value * most) / 100);
      return k8sFail(prop, maxUnavailable, `maxUnavailable ${shown}: a release takes ${n === undefined ? 'pods' : `up to ${n} pod(s)`} out of service before their replacements are ready`);
    }
  } else if (mu.value !== 0) {
    return k8sFail(prop, maxUnavailable, `maxUnavailable ${shown}: a release takes pods out of service before their replacements are ready`);
  }
  const ms = maxSurge === undefined ? { value: 25, percent: true } : parseIntOrPercent(maxSurge);
  // With both at 0 the Deployment controller takes 1 pod out of service anyway.
  if (ms && ms.value === 0) return k8sFail(`${base}.maxSurge`, maxSurge, `maxSurge 0 with maxUnavailable ${rounded ? `${shown}${rounded}` : '0'} cannot roll without taking a pod out of service`);
  return k8sPass(prop, maxUnavailable, `maxUnavailable ${rounded ? `${shown}${rounded}` : '0'}, maxSurge ${maxSurge === undefined ? '25% (default)' : String(maxSurge)}: new pods are ready before old ones stop`);
}

/** A DaemonSet's update strategy (see K8sZeroDowntimeUpdate): RollingUpdate defaults to maxUnavailable 1, maxSurge 0. */
function judgeDaemonSet(strategy: { type?: unknown; rollingUpdate?: { maxUnavailable?: unknown; maxSurge?: unknown } }) {
  if (strategy.type === 'OnDelete') return k8sUnknown('spec.updateStrategy.type', 'OnDelete', 'OnDelete: a pod is replaced only when someone deletes it, so whether a node keeps its daemon pod is decided outside the manifests');
  const base = 'spec.updateStrategy.rollingUpdate';
  const { maxUnavailable, maxSurge } = strategy.rollingUpdate ?? {};
  const mu = maxUnavailable === undefined ? { value: 1, percent: false } : parseIntOrPercent(maxUnavailable);
  const ms = maxSurge === undefined ? { value: 0, percent: false } : parseIntOrPercent(maxSurge);
  if (!mu) return k8sUnknown(`${base}.maxUnavailable`, maxUnavailable, 'maxUnavailable is not a number or a percentage');
  if (!ms) return k8sUnknown(`${base}.maxSurge`, maxSurge, 'maxSurge is not a number or a percentage');
  if (mu.value !== 0) return k8sFail(`${base}.maxUnavailable`, maxUnavailable ?? 1, `maxUnavailable ${maxUnavailable === undefined ? '1 (the default)' : String(maxUnavailable)}: a node's daemon pod stops before its replacement is ready`);
  if (ms.value === 0) return k8sFail(`${base}.maxSurge`, maxSurge ?? 0, 'maxSurge 0 with maxUnavailable 0 cannot roll');
  return k8sPass(`${base}.maxSurge`, maxSurge, `maxSurge ${String(maxSurge)}, maxUnavailable 0: each node runs the new pod before the old one stops`);
}
