/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex, matchesSelector, POD_KINDS, SERVING_KINDS } from '../manifest-index';
import { mostPods, podCount } from '../pod-count';
import { isTemplated, parseIntOrPercent, short } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * K8S-POD-DISRUPTION-BUDGET: a PodDisruptionBudget selects the pods of every
 * serving workload and protects some of them without blocking drains:
 * minAvailable >= 1 but below the replica count, or maxUnavailable >= 1 but
 * below 100 %. Judged on the object that owns the pod template (a Rollout with
 * a workloadRef is judged through its Deployment).
 *
 * A PDB whose selector also matches the pods of other workloads budgets all
 * the pods it covers together, not each workload's: `minAvailable: 1` over two
 * Deployments of 3 lets all 3 pods of either be evicted. Such a PDB is judged on
 * the covered pods in the worst case (this workload at its minimum, the others
 * at their maximum, rounding percentages up as the disruption controller does):
 * it fails when it would let every pod of this workload go at once, or when it
 * allows no eviction at all; it is unknown when a covered workload's pod count
 * cannot be read (a DaemonSet, a Job, a templated count).
 *
 * A PDB of one workload is judged against its pod count at its minimum (read
 * by pod-count.ts as SCALING-MIN-CAPACITY and HA-MULTI-AZ read it: the least
 * any of its autoscalers lets it go down to, a KEDA idleReplicaCount or
 * paused-replicas count included, else its replicas; a minimum of 0 is judged
 * as the single pod it runs when it runs), percentages rounded up as the
 * disruption controller does: `maxUnavailable: 67%` of 3 pods lets all 3 go,
 * `minAvailable: 90%` of 3 allows no eviction (both fail). When the count
 * cannot be read (templated), a count above 1 or a percentage above 50 % is
 * unknown. Two or more PDBs selecting the same pods fail: the eviction API
 * refuses to evict a pod with more than one PodDisruptionBudget.
 *
 * A workload a Flagger `Canary` targets is judged on the pods Flagger runs for
 * it between releases, `<name>-primary`, whose selector label (`app`, `name`
 * or `app.kubernetes.io/name`) has the value `<value>-primary`: a PDB that
 * selects only the written labels covers the canary pods, which Flagger scales
 * to 0 after each analysis (fails).
 *
 * A KEDA ScaledObject without minReplicaCount scales to 0 (its default): the
 * workload may run a single pod, which `maxUnavailable: 1` lets go (fails, as
 * minReplicaCount 1 does). A count written as text that is not a percentage
 * (`"1"`) is refused by the API server, so the PDB never exists (fails).
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
    // Flagger runs the pods as <name>-primary with the selector label renamed, and scales this object to 0.
    const primary = ctx.index.flaggerPrimaryLabels(obj);
    const pdbs = ctx.index.selecting('PodDisruptionBudget', obj, primary?.labels);
    if (pdbs.length === 0 && primary) {
      const written = ctx.index.selecting('PodDisruptionBudget', obj);
      return k8sFail(undefined, undefined, `${short(ctx.index.flaggerCanaryOf(obj)!)} (Flagger) runs the pods of ${short(obj)} as ${obj.name}-primary labelled ${primary.label}=${primary.value} and scales ${short(obj)} to 0 between releases: no PodDisruptionBudget selects those pods${written.length > 0 ? ` (${written.map(short).join(', ')} select${written.length === 1 ? 's' : ''} only the canary pods, ${primary.label}=${obj.doc.spec.selector.matchLabels[primary.label]})` : ''}, so a node drain may evict all of them at once`);
    }
    if (pdbs.length === 0) return k8sFail(undefined, undefined, `no PodDisruptionBudget selects the pods of ${short(obj)}: a node drain may evict all of them at once`);
    if (pdbs.length > 1) {
      return k8sFail(undefined, pdbs.map(short).join(', '), `${pdbs.map(short).join(', ')} all select the pods of ${short(obj)}: the eviction API refuses to evict a pod with more than one PodDisruptionBudget, so node drains stall`);
    }
    // The least count as SCALING-MIN-CAPACITY and HA-MULTI-AZ read it (pod-count.ts); judge() counts 0 as 1 (a
    // workload that scales to 0 runs a single pod when it runs), which those items do not.
    const replicas = podCount(obj, ctx.index)?.least;
    return pdbs.map((p) => {
      const others = coveredBy(p, ctx.index).filter((o) => o.id !== obj.id);
      return others.length === 0 ? judge(p, obj, replicas) : judgeShared(p, obj, others, ctx.index);
    });
  },
};

/** The pod-template holders of the PDB's namespace whose pod labels its selector matches. Memoized per index. */
const coveredCache = new WeakMap<ManifestIndex, Map<string, K8sObject[]>>();
function coveredBy(pdb: K8sObject, index: ManifestIndex): K8sObject[] {
  let m = coveredCache.get(index);
  if (!m) coveredCache.set(index, (m = new Map()));
  const hit = m.get(pdb.id);
  if (hit) return hit;
  const sel = pdb.doc.spec?.selector;
  const out = sel === undefined || sel === null ? [] : POD_KINDS.flatMap((k) => index.inNamespace(k, pdb.namespace)).filter((o) => {
    const tpl = index.podTemplate(o);
    return tpl !== undefined && matchesSelector(sel, index.flaggerPrimaryLabels(o)?.labels ?? tpl.labels);
  });
  m.set(pdb.id, out);
  return out;
}

/**
 * The pods a workload runs, as [least, most] (pod-count.ts: the least its autoscalers let it go down to, a KEDA idle
 * or paused count included, else its replicas; the largest maximum); undefined when not readable.
 */
function podRange(obj: K8sObject, index: ManifestIndex): [number, number] | undefined {
  const lo = podCount(obj, index)?.least;
  const hi = mostPods(obj, index);
  return lo !== undefined && hi !== undefined ? [lo, Math.max(lo, hi)] : undefined;
}

/** A budget's one field (minAvailable or maxUnavailable) and its count or percentage, or the verdict when it has none. */
function budgetOf(pdb: K8sObject): { field: 'minAvailable' | 'maxUnavailable'; prop: string; raw: unknown; v: { value: number; percent: boolean } } | { verdict: K8sVerdict } {
  const spec = pdb.doc.spec ?? {};
  const field = spec.minAvailable !== undefined ? 'minAvailable' : spec.maxUnavailable !== undefined ? 'maxUnavailable' : undefined;
  if (!field) return { verdict: k8sFail('spec', undefined, `${short(pdb)} sets neither minAvailable nor maxUnavailable`, pdb) };
  const prop = `spec.${field}`;
  const raw = spec[field];
  if (typeof raw === 'string' && !/^[0-9]+%$/.test(raw)) {
    if (isTemplated(raw)) return { verdict: k8sUnknown(prop, raw, `${short(pdb)}: ${field} is templated`, pdb) };
    return { verdict: k8sFail(prop, raw, `${short(pdb)}: ${field} "${raw}" is text but not a percentage: the API server refuses the PodDisruptionBudget (write a number, or a percentage like "50%")`, pdb) };
  }
  const v = parseIntOrPercent(raw);
  if (!v) return { verdict: k8sUnknown(prop, raw, `${short(pdb)}: ${field} is not a count or a percentage`, pdb) };
  return { field, prop, raw, v };
}

/** A budget's count of pods out of `total`: the disruption controller rounds a percentage up. */
function scaledTo(v: { value: number; percent: boolean }, total: number): number {
  return v.percent ? Math.ceil((v.value * total) / 100) : v.value;
}

/** A PDB that covers the pods of `obj` and of `others`: judged on all the pods it covers. */
function judgeShared(pdb: K8sObject, obj: K8sObject, others: K8sObject[], index: ManifestIndex): K8sVerdict {
  const b = budgetOf(pdb);
  if ('verdict' in b) return b.verdict;
  const { field, prop, raw, v } = b;
  const names = [obj, ...others].map(short).join(', ');
  const mine = podRange(obj, index);
  const unread = others.filter((o) => podRange(o, index) === undefined);
  if (!mine || unread.length > 0) {
    return k8sUnknown(prop, raw, `${short(pdb)} covers the pods of ${names} together, and the pod count of ${[...(mine ? [] : [obj]), ...unread].map(short).join(', ')} cannot be read: cannot tell whether it keeps any pod of ${short(obj)}`, pdb);
  }
  const ranges = others.map((o) => podRange(o, index)!);
  const othersMin = ranges.reduce((a, r) => a + r[0], 0);
  const othersMax = ranges.reduce((a, r) => a + r[1], 0);
  const allowed = (total: number) => (field === 'minAvailable' ? total - scaledTo(v, total) : scaledTo(v, total));
  if (allowed(mine[0] + othersMin) <= 0) {
    return k8sFail(prop, raw, `${short(pdb)} allows no eviction of the ${mine[0] + othersMin} pods it covers (${names}): node drains and upgrades stall`, pdb);
  }
  const r = Math.max(mine[0], 1);
  const worst = allowed(r + othersMax);
  if (worst >= r) {
    return k8sFail(prop, raw, `${short(pdb)} covers the pods of ${names} together (up to ${r + othersMax}): ${field} ${String(raw)} lets ${worst} go at once, so all ${r} pod(s) of ${short(obj)} can be evicted together`, pdb);
  }
  return k8sPass(prop, raw, `${short(pdb)} covers the pods of ${names} together; ${field} ${String(raw)} keeps at least ${r - worst} of the ${r} pod(s) of ${short(obj)}`, pdb);
}

function judge(pdb: K8sObject, obj: K8sObject, replicas: number | undefined): K8sVerdict {
  const b = budgetOf(pdb);
  if ('verdict' in b) return b.verdict;
  const { field, prop, raw, v } = b;
  const min = field === 'minAvailable';
  if (v.value === 0) {
    return min
      ? k8sFail(prop, raw, `${short(pdb)} protects no pod of ${short(obj)} (minAvailable 0)`, pdb)
      : k8sFail(prop, raw, `${short(pdb)} allows no eviction of ${short(obj)}: node drains and upgrades stall`, pdb);
  }
  const blocked = () => k8sFail(prop, raw, `${short(pdb)} allows no eviction of ${short(obj)} (${replicas ?? '?'} replicas): node drains and upgrades stall`, pdb);
  const allGo = (n: string) => k8sFail(prop, raw, `${short(pdb)} lets every pod of ${short(obj)} be evicted at once (${n})`, pdb);
  if (v.percent && v.value >= 100) return min ? blocked() : allGo(`${raw}`);
  if (replicas === undefined) {
    // Without the pod count, only a budget that holds for every count of 2 or more pods passes:
    // a count of 1 or a percentage up to 50 % (rounded up, as the disruption controller does).
    if ((v.percent && v.value > 50) || (!v.percent && v.value > 1)) {
      return k8sUnknown(prop, raw, `${short(pdb)}: ${field} ${String(raw)} against the replica count of ${short(obj)}, which cannot be read (templated): cannot tell whether it blocks drains or lets every pod go`, pdb);
    }
  } else {
    // The workload at its minimum is the worst case (a workload that may scale to 0 runs 1 pod at its least when it runs).
    const least = Math.max(replicas, 1);
    const scaled = scaledTo(v, least);
    if (scaled >= least) return min ? blocked() : allGo(`${scaled} of ${least}${replicas === 0 ? ', as it may scale down to 0 and run a single pod' : ''}`);
  }
  return min
    ? k8sPass(prop, raw, `${short(pdb)} keeps ${String(raw)} pod(s) of ${short(obj)} available`, pdb)
    : k8sPass(prop, raw, `${short(pdb)} lets at most ${String(raw)} pod(s) of ${short(obj)} go at a time`, pdb);
}
