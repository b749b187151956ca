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
 * it does not autoscale (fail; templated: unknown).
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
