/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { matchesSelector, SERVING_KINDS } from '../manifest-index';
import { podSpecPath, short } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass } from '../rule';

const ZONE_KEYS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

/**
 * HA-MULTI-AZ: the pods of a serving workload are spread across zones by a hard
 * rule the scheduler enforces: a topologySpreadConstraint on the zone key with
 * `whenUnsatisfiable: DoNotSchedule` (and, when set, `minDomains` >=
 * minAvailabilityZones), or a required pod anti-affinity on the zone key, whose
 * selector matches the pods. `ScheduleAnyway` and preferred anti-affinity may
 * put every pod in one zone.
 */
export const K8sZoneSpread: K8sRule = {
  id: 'K8sZoneSpread',
  items: ['HA-MULTI-AZ'],
  kinds: SERVING_KINDS,
  severity: Severity.HIGH,
  description: 'Pods of every Deployment/StatefulSet/Rollout are spread across availability zones by a DoNotSchedule topology spread constraint (or required anti-affinity) on topology.kubernetes.io/zone.',
  fix: 'Add spec.template.spec.topologySpreadConstraints [{ maxSkew: 1, minDomains: 2, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: <pod labels> }].',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const base = podSpecPath(tpl);
    const minZones = ctx.thresholds.minAvailabilityZones;
    const constraints: any[] = Array.isArray(tpl.spec.topologySpreadConstraints) ? tpl.spec.topologySpreadConstraints : [];
    let soft: string | undefined;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!ZONE_KEYS.includes(c?.topologyKey)) continue;
      const prop = `${base}.topologySpreadConstraints.${i}`;
      if (!c.labelSelector || !matchesSelector(c.labelSelector, tpl.labels)) {
        soft = `constraint ${i} does not select the pods`;
        continue;
      }
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        soft = `constraint ${i} is ${c.whenUnsatisfiable ?? 'unset'}: the scheduler may still put every pod in one zone`;
        continue;
      }
      if (typeof c.minDomains === 'number' && c.minDomains < minZones) {
        return k8sFail(`${prop}.minDomains`, c.minDomains, `minDomains ${c.minDomains} accepts fewer than ${minZones} zones`);
      }
      return k8sPass(`${prop}.topologyKey`, c.topologyKey, `pods spread across zones (maxSkew ${c.maxSkew ?? 1}, DoNotSchedule${c.minDomains ? `, minDomains ${c.minDomains}` : ''})`);
    }
    const required: any[] = tpl.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    for (let i = 0; i < required.length; i++) {
      const term = required[i];
      if (ZONE_KEYS.includes(term?.topologyKey) && term.labelSelector && matchesSelector(term.labelSelector, tpl.labels)) {
        return k8sPass(`${base}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.${i}`, term.topologyKey, 'at most one pod per zone (required anti-affinity)');
      }
    }
    return k8sFail(`${base}.topologySpreadConstraints`, undefined, soft ? `${short(obj)}: ${soft}` : `nothing spreads the pods of ${short(obj)} across zones`);
  },
};
