import { Severity } from '../../model';
import { SERVING_KINDS } from '../manifest-index';
import { isGovernedByRollout, isTemplated, short } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * SCALING-MIN-CAPACITY: a serving workload never runs fewer than minReplicas
 * pods: its HPA's (or KEDA ScaledObject's) minimum, else its fixed `replicas`
 * (absent means 1). A KEDA ScaledObject with `idleReplicaCount` scales the
 * workload to that count when its triggers are idle, below minReplicaCount:
 * an idle count below minReplicas fails like a low minimum (templated: unknown).
 * A ScaledObject paused by `autoscaling.keda.sh/paused-replicas: "<n>"` holds
 * the workload at n: judged like a fixed count (templated: unknown).
 * A Deployment taken over by an Argo Rollout is judged on the Rollout.
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
    const scalers = ctx.index.scalersOf(obj);
    if (scalers.length > 0) {
      return scalers.map((s) => {
        const isKeda = s.kind === 'ScaledObject';
        const prop = isKeda ? 'spec.minReplicaCount' : 'spec.minReplicas';
        const raw = isKeda ? s.doc.spec?.minReplicaCount : s.doc.spec?.minReplicas;
        const v = raw === undefined ? (isKeda ? 0 : 1) : raw;
        if (isTemplated(v)) return k8sUnknown(prop, v, `${short(s)} scales ${short(obj)} from a templated minimum`, s);
        if (typeof v !== 'number') return k8sFail(prop, v, `${short(s)}: minimum is not a number`, s);
        const pausedAt = isKeda ? s.metadata.annotations?.['autoscaling.keda.sh/paused-replicas'] : undefined;
        if (pausedAt !== undefined && pausedAt !== null) {
          const pp = 'metadata.annotations.autoscaling.keda.sh/paused-replicas';
          if (isTemplated(pausedAt)) return k8sUnknown(pp, pausedAt, `${short(s)} holds ${short(obj)} at a templated paused-replicas count`, s);
          const n = /^\s*\d+\s*$/.test(String(pausedAt)) ? Number(pausedAt) : undefined;
          if (n === undefined) return k8sFail(pp, pausedAt, `${short(s)}: paused-replicas ${String(pausedAt)} is not a count`, s);
          return n >= min
            ? k8sPass(pp, pausedAt, `${short(s)} is paused and holds ${short(obj)} at ${n} replicas (minReplicas ${min})`, s)
            : k8sFail(pp, pausedAt, `${short(s)} is paused and holds ${short(obj)} at ${n} replica(s) (paused-replicas), below ${min}`, s);
        }
        const idle = isKeda ? s.doc.spec?.idleReplicaCount : undefined;
        if (idle !== undefined && idle !== null) {
          const ip = 'spec.idleReplicaCount';
          if (isTemplated(idle)) return k8sUnknown(ip, idle, `${short(s)} scales ${short(obj)} to a templated idleReplicaCount when idle`, s);
          if (typeof idle !== 'number') return k8sFail(ip, idle, `${short(s)}: idleReplicaCount is not a number`, s);
          if (idle < min) return k8sFail(ip, idle, `${short(s)} lets ${short(obj)} scale down to ${idle} replica(s) when idle (idleReplicaCount), below ${min}`, s);
        }
        return v >= min
          ? k8sPass(prop, v, `${short(s)} keeps ${short(obj)} at >= ${v} replicas (minReplicas ${min})`, s)
          : k8sFail(prop, v, `${short(s)} lets ${short(obj)} scale down to ${v} replica(s), below ${min}`, s);
      });
    }
    const v = obj.doc.spec?.replicas ?? 1;
    if (isTemplated(v)) return k8sUnknown('spec.replicas', v, 'replicas is templated');
    if (typeof v !== 'number') return k8sFail('spec.replicas', v, 'replicas is not a number');
    return v >= min
      ? k8sPass('spec.replicas', v, `${v} replicas, no autoscaler (minReplicas ${min})`)
      : k8sFail('spec.replicas', obj.doc.spec?.replicas, `${v} replica(s) and no autoscaler: below ${min}`);
  },
};
