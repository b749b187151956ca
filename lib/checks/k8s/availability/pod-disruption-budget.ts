/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex, SERVING_KINDS } from '../manifest-index';
import { parseIntOrPercent, short } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * K8S-POD-DISRUPTION-BUDGET: a PodDisruptionBudget selects the pods of every
 * serving workload and protects some of them without blocking drains:
 * minAvailable >= 1 but below the replica count, or maxUnavailable >= 1 but
 * below 100 %. Judged on the object that owns the pod template (a Rollout with
 * a workloadRef is judged through its Deployment).
 */
export const K8sPodDisruptionBudget: K8sRule = {
  id: 'K8sPodDisruptionBudget',
  items: ['K8S-POD-DISRUPTION-BUDGET'],
  kinds: SERVING_KINDS,
  severity: Severity.MEDIUM,
  description: 'A PodDisruptionBudget selects the pods of every Deployment/StatefulSet/Rollout and keeps some available without blocking node drains.',
  fix: 'Add a policy/v1 PodDisruptionBudget with spec.selector matching the pod labels and maxUnavailable: 1.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const pdbs = ctx.index.selecting('PodDisruptionBudget', obj);
    if (pdbs.length === 0) return k8sFail(undefined, undefined, `no PodDisruptionBudget selects the pods of ${short(obj)}: a node drain may evict all of them at once`);
    const replicas = minReplicas(obj, ctx.index);
    return pdbs.map((p) => judge(p, obj, replicas));
  },
};

function minReplicas(obj: K8sObject, index: ManifestIndex): number | undefined {
  const owner = index.rolloutOf(obj) ?? obj;
  const scalers = index.scalersOf(owner);
  if (scalers.length > 0) {
    const v = scalers[0].kind === 'ScaledObject' ? scalers[0].doc.spec?.minReplicaCount : (scalers[0].doc.spec?.minReplicas ?? 1);
    return typeof v === 'number' ? v : undefined;
  }
  const r = owner.doc.spec?.replicas ?? 1;
  return typeof r === 'number' ? r : undefined;
}

function judge(pdb: K8sObject, obj: K8sObject, replicas: number | undefined): K8sVerdict {
  const spec = pdb.doc.spec ?? {};
  if (spec.minAvailable !== undefined) {
    const v = parseIntOrPercent(spec.minAvailable);
    if (!v) return k8sUnknown('spec.minAvailable', spec.minAvailable, `${short(pdb)}: minAvailable is not a count or a percentage`, pdb);
    if (v.value === 0) return k8sFail('spec.minAvailable', spec.minAvailable, `${short(pdb)} protects no pod of ${short(obj)} (minAvailable 0)`, pdb);
    if ((v.percent && v.value >= 100) || (!v.percent && replicas !== undefined && v.value >= replicas)) {
      return k8sFail('spec.minAvailable', spec.minAvailable, `${short(pdb)} allows no eviction of ${short(obj)} (${replicas ?? '?'} replicas): node drains and upgrades stall`, pdb);
    }
    return k8sPass('spec.minAvailable', spec.minAvailable, `${short(pdb)} keeps ${String(spec.minAvailable)} pod(s) of ${short(obj)} available`, pdb);
  }
  if (spec.maxUnavailable !== undefined) {
    const v = parseIntOrPercent(spec.maxUnavailable);
    if (!v) return k8sUnknown('spec.maxUnavailable', spec.maxUnavailable, `${short(pdb)}: maxUnavailable is not a count or a percentage`, pdb);
    if (v.value === 0) return k8sFail('spec.maxUnavailable', spec.maxUnavailable, `${short(pdb)} allows no eviction of ${short(obj)}: node drains and upgrades stall`, pdb);
    if ((v.percent && v.value >= 100) || (!v.percent && replicas !== undefined && v.value >= replicas)) {
      return k8sFail('spec.maxUnavailable', spec.maxUnavailable, `${short(pdb)} lets every pod of ${short(obj)} be evicted at once`, pdb);
    }
    return k8sPass('spec.maxUnavailable', spec.maxUnavailable, `${short(pdb)} lets at most ${String(spec.maxUnavailable)} pod(s) of ${short(obj)} go at a time`, pdb);
  }
  return k8sFail('spec', undefined, `${short(pdb)} sets neither minAvailable nor maxUnavailable`, pdb);
}
