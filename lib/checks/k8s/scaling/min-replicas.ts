import { Severity } from '../../model';
import { SERVING_KINDS } from '../manifest-index';
import { PodCount, podCount, ScalerFloor } from '../pod-count';
import { isGovernedByRollout, short } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * SCALING-MIN-CAPACITY: a serving workload never runs fewer than minReplicas
 * pods: its HPA's (or KEDA ScaledObject's) minimum, else its fixed `replicas`
 * (absent means 1). A KEDA ScaledObject with `idleReplicaCount` scales the
 * workload to that count when its triggers are idle, below minReplicaCount:
 * an idle count below minReplicas fails like a low minimum (templated: unknown).
 * A ScaledObject paused by `autoscaling.keda.sh/paused-replicas: "<n>"` holds
 * the workload at n: judged like a fixed count (templated: unknown).
 * A Deployment taken over by an Argo Rollout is judged on the Rollout.
 * A count below minReplicas fails even when another bound of the same
 * autoscaler is templated. A workload written with `replicas: 0` under an HPA
 * runs no pod: the HPA stops adjusting a target set to 0 replicas
 * ("implicit maintenance-mode deactivation", kubernetes.io, Horizontal Pod
 * Autoscaling): fails. A Deployment a Flagger Canary targets is judged on the
 * `<name>-primary` Deployment Flagger runs its pods as (it scales the target to
 * 0): the autoscaler named in spec.autoscalerRef, with the minimum
 * autoscalerRef.primaryScalerReplicas.minReplicas sets, else the replicas the
 * primary copies (pod-count.ts `flaggerPrimaryCount`). The counts are read by pod-count.ts (`podCount`), the
 * reader HA-MULTI-AZ (K8sZoneSpread), SCALING-AUTOSCALING and the
 * PodDisruptionBudget rule use too.
 */
export const K8sMinReplicas: K8sRule = {
  id: 'K8sMinReplicas',
  items: ['SCALING-MIN-CAPACITY'],
  kinds: SERVING_KINDS,
  severity: Severity.HIGH,
  description: 'Serving workloads run at least minReplicas pods (HPA minReplicas, or replicas without an HPA).',
  fix: 'Set the HPA\'s spec.minReplicas (or spec.replicas when nothing autoscales) to at least 3.',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    const min = ctx.thresholds.minReplicas;
    const count = podCount(obj, ctx.index);
    if (!count) return undefined;
    if (count.canary) return judgePrimary(obj, count, min);
    const out = count.scalers.map((f) => judgeScaler(f, obj, min));
    const r = count.replicas;
    if (r && count.scalers.length > 0) {
      // An HPA stops adjusting a target written with replicas 0 (kubernetes.io, Horizontal Pod Autoscaling).
      out.push(k8sFail('spec.replicas', 0, `${short(obj)} is set to 0 replicas: ${count.scalers.filter((f) => !f.keda).map((f) => short(f.scaler)).join(', ')} stops adjusting a target set to 0 replicas ("implicit maintenance-mode deactivation"), so it runs no pod, below ${min}`));
    }
    if (count.scalers.length > 0) return out;
    if (!r) return undefined;
    const v = r.count;
    if (r.templated) return k8sUnknown('spec.replicas', r.raw, 'replicas is templated');
    if (v === undefined) return k8sFail('spec.replicas', r.raw, 'replicas is not a number');
    return v >= min
      ? k8sPass('spec.replicas', v, `${v} replicas, no autoscaler (minReplicas ${min})`)
      : k8sFail('spec.replicas', r.raw, `${v} replica(s) and no autoscaler: below ${min}`);
  },
};

/**
 * One autoscaler against minReplicas: what it lets the workload go down to (pod-count.ts: its minimum, a KEDA
 * idleReplicaCount, or the paused-replicas count it holds the workload at). A count below minReplicas fails even when
 * another floor is templated; a templated floor otherwise is unknown.
 */
function judgeScaler(f: ScalerFloor, obj: K8sObject, min: number): K8sVerdict {
  const s = f.scaler;
  if (f.paused) {
    const p = f.paused;
    if (p.templated) return k8sUnknown(p.prop, p.raw, `${short(s)} holds ${short(obj)} at a templated paused-replicas count`, s);
    if (p.count === undefined) return k8sFail(p.prop, p.raw, `${short(s)}: paused-replicas ${String(p.raw)} is not a count`, s);
    return p.count >= min
      ? k8sPass(p.prop, p.raw, `${short(s)} is paused and holds ${short(obj)} at ${p.count} replicas (minReplicas ${min})`, s)
      : k8sFail(p.prop, p.raw, `${short(s)} is paused and holds ${short(obj)} at ${p.count} replica(s) (paused-replicas), below ${min}`, s);
  }
  const m = f.minimum;
  const i = f.idle;
  if (m.count === undefined && !m.templated) return k8sFail(m.prop, m.raw, `${short(s)}: minimum is not a number`, s);
  if (i && i.count === undefined && !i.templated) return k8sFail(i.prop, i.raw, `${short(s)}: idleReplicaCount is not a number`, s);
  if (i?.count !== undefined && i.count < min) return k8sFail(i.prop, i.raw, `${short(s)} lets ${short(obj)} scale down to ${i.count} replica(s) when idle (idleReplicaCount), below ${min}`, s);
  if (m.count !== undefined && m.count < min) return k8sFail(m.prop, m.count, `${short(s)} lets ${short(obj)} scale down to ${m.count} replica(s), below ${min}`, s);
  if (m.templated) return k8sUnknown(m.prop, m.raw, `${short(s)} scales ${short(obj)} from a templated minimum`, s);
  if (i?.templated) return k8sUnknown(i.prop, i.raw, `${short(s)} scales ${short(obj)} to a templated idleReplicaCount when idle`, s);
  return k8sPass(m.prop, m.count, `${short(s)} keeps ${short(obj)} at >= ${m.count} replicas (minReplicas ${min})`, s);
}

/**
 * A Deployment a Flagger Canary targets, on the least pod count of the `<name>-primary` Deployment its pods serve as
 * (pod-count.ts `flaggerPrimaryCount`): below minReplicas fails, a count that cannot be read is unknown.
 */
function judgePrimary(obj: K8sObject, count: PodCount, min: number): K8sVerdict {
  const runs = `${short(count.canary!)} (Flagger) scales ${short(obj)} to 0 between releases and serves its pods as ${obj.name}-primary`;
  const on = (source: K8sObject) => (source.id === obj.id ? undefined : source);
  const by = count.by;
  if (by && count.known! < min) return k8sFail(by.prop, by.raw ?? by.count, `${runs}, which runs as few as ${count.known} pod(s) (${by.what}): below ${min}`, on(by.source));
  const u = count.unread[0];
  if (u) return k8sUnknown(u.prop, u.raw, `${runs}, whose least pod count cannot be read (${u.what}${u.templated ? ', templated' : ''})`, on(u.source));
  if (!by) return k8sUnknown(undefined, undefined, `${runs}, whose pod count cannot be read`);
  return k8sPass(by.prop, by.count, `${runs}, which runs at least ${count.known} pods (${by.what}; minReplicas ${min})`, on(by.source));
}
