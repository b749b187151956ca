import { Severity } from '../../model';
import { SERVING_KINDS } from '../manifest-index';
import { isGovernedByRollout, isTemplated, short } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * SCALING-AUTOSCALING: an HPA (or a KEDA ScaledObject) targets every
 * Deployment and Rollout, with room to scale (max > min). StatefulSets are
 * not required to autoscale (stateful sets are sized, not scaled), but an
 * autoscaler on one is judged the same way. An autoscaler whose
 * `behavior.scaleUp.selectPolicy` is `Disabled` (on a KEDA ScaledObject:
 * `spec.advanced.horizontalPodAutoscalerConfig.behavior`) never adds a pod:
 * it does not autoscale (fail; templated: unknown). A templated (or absent)
 * minimum or maximum is unknown. A KEDA ScaledObject paused by the
 * `autoscaling.keda.sh/paused: "true"` or `autoscaling.keda.sh/paused-replicas`
 * annotation holds the workload where it is: it does not autoscale (fail).
 */
export const K8sAutoscaler: K8sRule = {
  id: 'K8sAutoscaler',
  items: ['SCALING-AUTOSCALING'],
  kinds: SERVING_KINDS,
  severity: Severity.MEDIUM,
  description: 'An HorizontalPodAutoscaler (or KEDA ScaledObject) scales every Deployment and Rollout, with maxReplicas above minReplicas.',
  fix: 'Add a HorizontalPodAutoscaler (autoscaling/v2) whose scaleTargetRef names the Deployment (or the Rollout that took it over).',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    const scalers = ctx.index.scalersOf(obj);
    if (scalers.length === 0) {
      if (obj.kind === 'StatefulSet') return undefined;
      return k8sFail(undefined, undefined, `no HorizontalPodAutoscaler or ScaledObject targets ${short(obj)}`);
    }
    return scalers.map((s) => {
      const isKeda = s.kind === 'ScaledObject';
      const min = isKeda ? (s.doc.spec?.minReplicaCount ?? 0) : (s.doc.spec?.minReplicas ?? 1);
      const max = isKeda ? (s.doc.spec?.maxReplicaCount ?? 100) : s.doc.spec?.maxReplicas;
      const prop = isKeda ? 'spec.maxReplicaCount' : 'spec.maxReplicas';
      if (isKeda) {
        const paused = kedaPause(s.metadata.annotations);
        if (paused) {
          return paused.templated
            ? k8sUnknown(paused.prop, paused.value, `${short(s)}: ${paused.key} is templated: it pauses autoscaling of ${short(obj)} when true`, s)
            : k8sFail(paused.prop, paused.value, `${short(s)} is paused (${paused.key}: ${paused.value}): it holds ${short(obj)} where it is and never scales it`, s);
        }
      }
      if (typeof max !== 'number' || typeof min !== 'number') {
        const [p, v] = typeof max !== 'number' ? [prop, max] : [isKeda ? 'spec.minReplicaCount' : 'spec.minReplicas', min];
        return k8sUnknown(p, v, `${short(s)} targets ${short(obj)} with a ${isTemplated(v) ? 'templated' : 'non-numeric'} ${p.substring(5)} (${String(v)}): cannot tell whether it can scale`, s);
      }
      if (typeof max === 'number' && typeof min === 'number' && max <= min) {
        return k8sFail(prop, max, `${short(s)} targets ${short(obj)} but cannot scale (max ${max} <= min ${min})`, s);
      }
      const behaviorPath = isKeda ? 'spec.advanced.horizontalPodAutoscalerConfig.behavior' : 'spec.behavior';
      const behavior = isKeda ? s.doc.spec?.advanced?.horizontalPodAutoscalerConfig?.behavior : s.doc.spec?.behavior;
      const select = behavior?.scaleUp?.selectPolicy;
      if (isTemplated(select)) return k8sUnknown(`${behaviorPath}.scaleUp.selectPolicy`, select, `${short(s)}: scale-up policy is templated`, s);
      if (select === 'Disabled') {
        return k8sFail(`${behaviorPath}.scaleUp.selectPolicy`, select, `${short(s)} targets ${short(obj)} but never scales it up (scaleUp.selectPolicy Disabled)`, s);
      }
      return k8sPass('spec.scaleTargetRef', `${obj.kind}/${obj.name}`, `${short(s)} scales ${short(obj)} (${min}..${max})`, s);
    });
  },
};

/**
 * The KEDA pause annotation of a ScaledObject, if it pauses autoscaling:
 * `autoscaling.keda.sh/paused-replicas` (any value) or `autoscaling.keda.sh/paused`
 * true; a templated `paused` value is returned with `templated`.
 */
function kedaPause(annotations: Record<string, unknown> | undefined): { key: string; prop: string; value: string; templated: boolean } | undefined {
  const a = annotations ?? {};
  for (const key of ['autoscaling.keda.sh/paused-replicas', 'autoscaling.keda.sh/paused']) {
    const v = a[key];
    if (v === undefined || v === null) continue;
    const value = String(v);
    const prop = `metadata.annotations.${key}`;
    if (key.endsWith('paused-replicas')) return { key, prop, value, templated: false };
    if (isTemplated(value)) return { key, prop, value, templated: true };
    if (['true', '1', 't'].includes(value.trim().toLowerCase())) return { key, prop, value, templated: false };
  }
  return undefined;
}
