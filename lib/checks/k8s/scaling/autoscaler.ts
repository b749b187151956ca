/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { effectiveRequest } from '../limit-ranges';
import { ManifestIndex, PodTemplate, SERVING_KINDS } from '../manifest-index';
import { podCount, scalerFloor } from '../pod-count';
import { containersOf, isGovernedByRollout, isTemplated, short } from '../pod-spec';
import { K8sObject, K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';

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
 *
 * An autoscaler none of whose metrics can be computed never scales (fail). A `Resource` metric with a `Utilization`
 * target (an HPA without metrics: CPU at 80 %; `autoscaling/v1`: CPU) is a percentage of the pods' requests: when a
 * container of the target (regular containers and sidecars, `restartPolicy: Always` init containers; not the other
 * init containers) has no request for the resource, "CPU utilization for the Pod will not be defined and the
 * autoscaler will not take any action for that metric" (kubernetes.io, Horizontal Pod Autoscaling; the controller's
 * `calculatePodRequests` returns "missing request for cpu in container ..."). A request counts when the container
 * sets it, or a limit (the API server copies it into the request), or a LimitRange of the namespace in the manifests
 * gives a default (limit-ranges.ts). A `ContainerResource` metric looks only at the container it names (one the pod
 * does not run: never computed). KEDA `cpu` and `memory` triggers (`metricType` Utilization, the default) are read
 * the same way. `Pods`, `Object` and `External` metrics (other KEDA triggers) need no request. A templated request,
 * or a pod-level `resources.requests` (used only where the PodLevelResources feature is on), is unknown. With one
 * metric that can be computed, the HPA scales on it (it scales up when the others cannot be computed): that passes,
 * naming the metrics that are not.
 *
 * A workload a Flagger `Canary` targets is scaled to 0 by Flagger between releases, and its pods run as
 * `<name>-primary`; Flagger gives the primary a copy only of the autoscaler the Canary names in `autoscalerRef`
 * (Flagger pkg/canary reconcilePrimaryHpa). Another autoscaler of the target scales nothing that serves (an HPA
 * stops adjusting a target whose replicas are 0: kubernetes.io, Horizontal Pod Autoscaling, "Implicit
 * maintenance-mode deactivation"): fails. So does an HPA (minReplicas above 0) on a workload written with
 * `replicas: 0`: it never scales it (a KEDA ScaledObject activates it from 0). The minimum is read by pod-count.ts
 * (`scalerFloor`), as SCALING-MIN-CAPACITY reads it; the range judged here is the active one (an HPA's minReplicas,
 * a ScaledObject's minReplicaCount), not a KEDA idle count.
 */
export const K8sAutoscaler: K8sRule = {
  id: 'K8sAutoscaler',
  items: ['SCALING-AUTOSCALING'],
  kinds: SERVING_KINDS,
  severity: Severity.MEDIUM,
  description: 'An HorizontalPodAutoscaler (or KEDA ScaledObject) scales every Deployment and Rollout, with maxReplicas above minReplicas and a metric it can compute (a CPU or memory Utilization metric needs that request on every container it reads).',
  fix: 'Add a HorizontalPodAutoscaler (autoscaling/v2) whose scaleTargetRef names the Deployment (or the Rollout that took it over); for a Utilization metric, give every container (sidecars included) a request for its resource, or a LimitRange defaultRequest in the namespace.',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    const scalers = ctx.index.scalersOf(obj);
    if (scalers.length === 0) {
      if (obj.kind === 'StatefulSet') return undefined;
      return k8sFail(undefined, undefined, `no HorizontalPodAutoscaler or ScaledObject targets ${short(obj)}`);
    }
    const canary = ctx.index.flaggerCanaryOf(obj);
    const deactivated = podCount(obj, ctx.index)?.replicas !== undefined;
    return scalers.map((s) => {
      const isKeda = s.kind === 'ScaledObject';
      // Flagger scales its target to 0 between releases and runs <name>-primary instead; it copies only the
      // autoscaler its Canary names in autoscalerRef onto the primary. An HPA stops adjusting a target at 0 replicas.
      const ref = canary?.doc.spec?.autoscalerRef;
      if (canary && !(ref?.name === s.name && (ref?.kind ?? 'HorizontalPodAutoscaler') === s.kind)) {
        return k8sFail('spec.scaleTargetRef', s.doc.spec?.scaleTargetRef?.name, `${short(s)} scales ${short(obj)}, which ${short(canary)} (Flagger) scales to 0 between releases; the pods that serve run as ${obj.name}-primary, which it does not scale (Flagger copies onto the primary only the autoscaler named in the Canary's spec.autoscalerRef; an HPA also stops adjusting a target at 0 replicas): name ${short(s)} in spec.autoscalerRef`, s);
      }
      // The active minimum (not a KEDA idle or paused count: the range it scales in), read as pod-count.ts reads it.
      const floor = scalerFloor(s);
      const min = floor.minimum.count ?? floor.minimum.raw;
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
      if (!isKeda && deactivated && floor.minimum.count !== 0) {
        return k8sFail('spec.scaleTargetRef', s.doc.spec?.scaleTargetRef?.name, `${short(s)} targets ${short(obj)}, which is set to 0 replicas: an HPA stops adjusting a target set to 0 replicas ("implicit maintenance-mode deactivation", ScalingActive false), so it never scales it`, s);
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
      const metrics = judgeMetrics(s, obj, ctx.index);
      if (metrics.usable === 0) {
        if (metrics.unknown.length > 0) return k8sUnknown(metrics.prop, undefined, `${short(s)} targets ${short(obj)}, but whether its metrics can be computed is not known: ${[...metrics.unknown, ...metrics.broken].join('; ')}`, s);
        if (metrics.broken.length > 0) return k8sFail(metrics.prop, undefined, `${short(s)} never scales ${short(obj)}: no metric of it can be computed (${metrics.broken.join('; ')})`, s);
      }
      const caveat = metrics.broken.length + metrics.unknown.length > 0 ? `; it scales on its other metrics only (${[...metrics.broken, ...metrics.unknown].join('; ')})` : '';
      return k8sPass('spec.scaleTargetRef', `${obj.kind}/${obj.name}`, `${short(s)} scales ${short(obj)} (${min}..${max})${caveat}`, s);
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

/** A resource metric of an autoscaler that is a percentage of the pods' requests. */
interface UtilizationMetric {
  readonly resource: unknown;
  /** The container of a `ContainerResource` metric (or KEDA `containerName`); undefined: every container. */
  readonly container?: unknown;
  readonly prop: string;
}

/**
 * The metrics of an autoscaler: how many can be computed, and in words those that cannot (`broken`) or may not
 * (`unknown`), with the property that holds them.
 */
function judgeMetrics(s: K8sObject, target: K8sObject, index: ManifestIndex): { usable: number; broken: string[]; unknown: string[]; prop: string } {
  const out = { usable: 0, broken: [] as string[], unknown: [] as string[], prop: s.kind === 'ScaledObject' ? 'spec.triggers' : 'spec.metrics' };
  const read = utilizationMetrics(s);
  out.usable = read.other;
  out.unknown.push(...read.unknown);
  if (read.utilization.length === 0) return out;
  const tpl = index.podTemplate(target) ?? index.podTemplateViaRollout(target);
  if (!tpl) {
    out.unknown.push(`the pod template of ${short(target)} is not in the manifests`);
    return out;
  }
  for (const m of read.utilization) {
    const why = missingRequest(m, tpl, target, index);
    if (why === undefined) out.usable++;
    else (why.unknown ? out.unknown : out.broken).push(`${m.prop}: ${why.what}`);
  }
  if (read.utilization.length === 1) out.prop = read.utilization[0].prop;
  return out;
}

/**
 * The utilization metrics of an HPA or a KEDA ScaledObject, the count of its other metrics (which need no request),
 * and those whose kind is templated.
 */
function utilizationMetrics(s: K8sObject): { utilization: UtilizationMetric[]; other: number; unknown: string[] } {
  const out = { utilization: [] as UtilizationMetric[], other: 0, unknown: [] as string[] };
  const spec = s.doc.spec ?? {};
  if (s.kind === 'ScaledObject') {
    const triggers: any[] = Array.isArray(spec.triggers) ? spec.triggers : [];
    triggers.forEach((t, i) => {
      const type = t?.type;
      const prop = `spec.triggers.${i}`;
      if (isTemplated(type)) return void out.unknown.push(`${prop}: the trigger type is templated`);
      if (type !== 'cpu' && type !== 'memory') return void out.other++;
      // KEDA: metricType (or the deprecated metadata.type) Utilization, the default, or AverageValue.
      const metricType = t.metricType ?? t.metadata?.type ?? 'Utilization';
      if (isTemplated(metricType)) return void out.unknown.push(`${prop}: the metric type is templated`);
      if (metricType !== 'Utilization') return void out.other++;
      out.utilization.push({ resource: type, container: t.metadata?.containerName, prop });
    });
    return out;
  }
  if (s.apiVersion === 'autoscaling/v1') {
    out.utilization.push({ resource: 'cpu', prop: 'spec.targetCPUUtilizationPercentage' });
    return out;
  }
  const metrics: any[] = Array.isArray(spec.metrics) ? spec.metrics : [];
  // No metrics: the controller scales on CPU utilization at 80 %.
  if (metrics.length === 0) {
    out.utilization.push({ resource: 'cpu', prop: 'spec.metrics' });
    return out;
  }
  metrics.forEach((m, i) => {
    const prop = `spec.metrics.${i}`;
    const type = m?.type;
    if (isTemplated(type)) return void out.unknown.push(`${prop}: the metric type is templated`);
    const field = type === 'Resource' ? 'resource' : type === 'ContainerResource' ? 'containerResource' : undefined;
    if (!field) return void out.other++;
    const r = m[field] ?? {};
    // autoscaling/v2 (and v2beta2): target.type; v2beta1: targetAverageUtilization.
    const targetType = r.target?.type ?? (r.targetAverageUtilization !== undefined ? 'Utilization' : 'AverageValue');
    if (isTemplated(targetType)) return void out.unknown.push(`${prop}: the target type is templated`);
    if (targetType !== 'Utilization') return void out.other++;
    out.utilization.push({ resource: r.name, container: field === 'containerResource' ? r.container ?? '' : undefined, prop });
  });
  return out;
}

/**
 * Why a utilization metric cannot be computed (a container it reads has no request for the resource), or may not
 * (templated), or undefined when every container it reads has one.
 */
function missingRequest(m: UtilizationMetric, tpl: PodTemplate, target: K8sObject, index: ManifestIndex): { what: string; unknown: boolean } | undefined {
  if (isTemplated(m.resource) || isTemplated(m.container)) return { what: 'the resource or the container is templated', unknown: true };
  const resource = String(m.resource);
  // Regular containers and sidecars (restartable init containers), as the HPA controller sums them.
  const read = containersOf(tpl, true).filter((c) => !c.init && (m.container === undefined || c.name === String(m.container)));
  if (m.container !== undefined && read.length === 0) return { what: `${resource} utilization of container ${String(m.container)}, which ${short(target)}'s pods do not run`, unknown: false };
  const podLevel = tpl.spec.resources?.requests?.[resource];
  for (const c of read) {
    const req = effectiveRequest(index, target.namespace, c.container, resource);
    if (req && isTemplated(req.value)) return { what: `container ${c.name}'s ${resource} request is templated (${String(req.value)})`, unknown: true };
    if (req) continue;
    if (podLevel !== undefined && podLevel !== null && podLevel !== '') {
      return { what: `container ${c.name} requests no ${resource}; the pod-level request counts only where the PodLevelResources feature is on`, unknown: true };
    }
    return { what: `${resource} utilization, but container ${c.name} requests no ${resource} (and no LimitRange of namespace ${target.namespace} in the manifests gives a default)`, unknown: false };
  }
  return undefined;
}
