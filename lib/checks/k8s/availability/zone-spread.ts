/* eslint-disable @typescript-eslint/no-explicit-any */
import { FindingStatus, Severity } from '../../model';
import { ManifestIndex, matchesSelector, PodTemplate, POD_KINDS, SERVING_KINDS } from '../manifest-index';
import { PodCount, podCount } from '../pod-count';
import { isTemplated, podSpecPath, short } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

const ZONE_KEYS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

/**
 * HA-MULTI-AZ: the pods of a serving workload are spread across zones by a hard
 * rule the scheduler enforces: a topologySpreadConstraint on the zone key with
 * `whenUnsatisfiable: DoNotSchedule` (and, when set, `minDomains` >=
 * minAvailabilityZones), or a required pod anti-affinity on the zone key, whose
 * selector matches the pods and whose namespaces (`namespaces`, `namespaceSelector`; absent: the pod's own)
 * include the workload's: a term that names only other namespaces keeps this workload's pods from no zone. `ScheduleAnyway` and preferred anti-affinity may
 * put every pod in one zone.
 *
 * A spread constraint does not spread pods that the pod spec pins to one zone:
 * `nodeName`, a `nodeSelector` on a zone label (the standard ones, the EBS CSI
 * driver's `topology.ebs.csi.aws.com/zone`, GKE's `topology.gke.io/zone`) or
 * on `kubernetes.io/hostname`, or a required node affinity whose terms allow
 * fewer than minAvailabilityZones zones or nodes (every `In` and `NotIn` on a
 * zone label or the hostname within a term intersected), fails; terms that
 * name enough nodes but whose zones the manifests do not show are unknown. A `maxSkew` not below the workload's pod count at its minimum (2 at
 * least) lets every pod land in one zone (fails); above 1 against a templated
 * count it is unknown. A constraint whose selector (narrowed by its
 * `matchLabelKeys`) also matches the pods of another workload counts the skew
 * over both, so this workload's pods may all share one zone: it fails.
 *
 * A spread needs pods to spread: one pod runs in one zone. A workload whose
 * least pod count is below minAvailabilityZones fails even with a hard
 * constraint or a required anti-affinity (a fixed `replicas: 1`, an HPA
 * minReplicas 1, a KEDA ScaledObject that scales to 0 or to its
 * idleReplicaCount, a paused-replicas count, an HPA on a target written with
 * `replicas: 0`), naming the count and where it comes from; a count that
 * cannot be read (templated) leaves a pass unknown. The count is read by
 * pod-count.ts (`podCount`), as SCALING-MIN-CAPACITY reads it, so the two
 * items never disagree on it (the AWS side, MultiAz, decided the same).
 */
export const K8sZoneSpread: K8sRule = {
  id: 'K8sZoneSpread',
  items: ['HA-MULTI-AZ'],
  kinds: SERVING_KINDS,
  severity: Severity.HIGH,
  description: 'Pods of every Deployment/StatefulSet/Rollout are spread across availability zones by a DoNotSchedule topology spread constraint (or required anti-affinity) on topology.kubernetes.io/zone, and the workload never runs fewer pods than minAvailabilityZones (one pod runs in one zone).',
  fix: 'Add spec.template.spec.topologySpreadConstraints [{ maxSkew: 1, minDomains: 2, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: <pod labels> }], and keep replicas (or the autoscaler\'s minimum) at minAvailabilityZones or more.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const minZones = ctx.thresholds.minAvailabilityZones;
    const count = podCount(obj, ctx.index);
    const spread = judgeSpread(obj, tpl, ctx.index, minZones, count?.least);
    return spread.status === FindingStatus.PASS ? judgeCount(obj, count, minZones) ?? spread : spread;
  },
};

/**
 * One pod runs in one zone: a workload whose least pod count (pod-count.ts, as SCALING-MIN-CAPACITY counts it) is
 * below minAvailabilityZones does not survive the loss of a zone, however its pods are spread (fails, naming the count
 * and where it comes from); a count that cannot be read is unknown. Undefined when the count is enough.
 */
function judgeCount(obj: K8sObject, count: PodCount | undefined, minZones: number): K8sVerdict | undefined {
  if (!count) return k8sUnknown(undefined, undefined, `the pod count of ${short(obj)} cannot be read: whether it runs a pod in ${minZones} zones is not known`);
  const by = count.by;
  const rel = (f: { source: K8sObject; prop: string }) => (f.source.id === obj.id ? f.prop : undefined);
  if (by && count.known! < minZones) {
    return k8sFail(rel(by), by.raw ?? by.count, `${short(obj)} runs as few as ${count.known} pod(s) (${by.what}), and one pod runs in one zone: fewer than minAvailabilityZones ${minZones}, so losing a zone may stop it (set the minimum to ${minZones} or more)`);
  }
  const u = count.unread[0];
  if (u) {
    return k8sUnknown(rel(u), u.raw, `the least pod count of ${short(obj)} cannot be read (${u.what}${u.templated ? ', templated' : ', not a number'}): below ${minZones} it runs in fewer than minAvailabilityZones zones`, u.source.id === obj.id ? undefined : u.source);
  }
  return undefined;
}

/** The spread constraints and anti-affinity of the pod template (see K8sZoneSpread); `least`: the least pod count. */
function judgeSpread(obj: K8sObject, tpl: PodTemplate, index: ManifestIndex, minZones: number, least: number | undefined): K8sVerdict {
  const base = podSpecPath(tpl);
  const pinned = pinnedZones(tpl.spec, base, minZones);
  if (pinned) return pinned;
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
    const shared = sharedWith(c, obj, tpl, index);
    if (shared.length > 0) {
      return k8sFail(`${prop}.labelSelector`, c.labelSelector, `constraint ${i} also selects the pods of ${shared.map(short).join(', ')}: the skew is counted over them together, so every pod of ${short(obj)} may still land in one zone (narrow it with matchLabelKeys or a selector on this workload's labels)`);
    }
    const skew = c.maxSkew ?? 1;
    if (typeof skew !== 'number') {
      return k8sUnknown(`${prop}.maxSkew`, skew, `maxSkew ${String(skew)} is ${isTemplated(skew) ? 'templated' : 'not a number'}: cannot tell whether every pod may land in one zone`);
    }
    if (skew > 1) {
      if (least === undefined) return k8sUnknown(`${prop}.maxSkew`, skew, `maxSkew ${skew} against a pod count of ${short(obj)} that cannot be read (templated): every pod may land in one zone when it runs ${skew} or fewer`);
      const n = Math.max(least, 2);
      if (skew >= n) return k8sFail(`${prop}.maxSkew`, skew, `maxSkew ${skew} lets all ${n} pod(s) of ${short(obj)} run in one zone (a skew of ${n} is within it)`);
    }
    return k8sPass(`${prop}.topologyKey`, c.topologyKey, `pods spread across zones (maxSkew ${c.maxSkew ?? 1}, DoNotSchedule${c.minDomains ? `, minDomains ${c.minDomains}` : ''})`);
  }
  const required: any[] = tpl.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (let i = 0; i < required.length; i++) {
    const term = required[i];
    if (ZONE_KEYS.includes(term?.topologyKey) && term.labelSelector && matchesSelector(term.labelSelector, tpl.labels) && countsOwnNamespace(term, obj.namespace)) {
      return k8sPass(`${base}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.${i}`, term.topologyKey, 'at most one pod per zone (required anti-affinity)');
    }
  }
  return k8sFail(`${base}.topologySpreadConstraints`, undefined, soft ? `${short(obj)}: ${soft}` : `nothing spreads the pods of ${short(obj)} across zones`);
}

/**
 * Whether a pod affinity term counts the pods of the workload's own namespace: with neither `namespaces` nor
 * `namespaceSelector` it does (the pod's namespace); otherwise only the union of the namespaces it lists and those
 * its namespaceSelector selects (`{}`: all; read here on the `kubernetes.io/metadata.name` label every namespace
 * bears). A term that names only other namespaces spreads nothing of this workload.
 */
function countsOwnNamespace(term: any, namespace: string): boolean {
  const listed: unknown[] = Array.isArray(term.namespaces) ? term.namespaces : [];
  const selector = term.namespaceSelector;
  if (listed.length === 0 && (selector === undefined || selector === null)) return true;
  if (listed.includes(namespace)) return true;
  return selector !== undefined && selector !== null && matchesSelector(selector, { 'kubernetes.io/metadata.name': namespace });
}

/**
 * Node labels whose value is the node's zone: the standard ones (which the
 * spread constraints are read on) and those of the EBS CSI driver and GKE.
 */
const PIN_ZONE_KEYS = [...ZONE_KEYS, 'topology.ebs.csi.aws.com/zone', 'topology.gke.io/zone'];
/** The node label whose value is the node's name: one node is in one zone. */
const HOSTNAME = 'kubernetes.io/hostname';

/**
 * What one required node-affinity term allows: the zones its zone expressions
 * leave (every `In` intersected, `NotIn` removed), the nodes its hostname (or
 * `metadata.name` field) expressions leave, or nothing restricted.
 */
function termAllows(term: any): { zones?: Set<string>; nodes?: Set<string> } {
  const narrow = (exprs: any[], keys: string[]) => {
    let allowed: Set<string> | undefined;
    const removed = new Set<string>();
    for (const e of exprs) {
      if (!keys.includes(e?.key) || !Array.isArray(e?.values)) continue;
      const values = e.values.map(String);
      if (e.operator === 'In') allowed = new Set(allowed ? [...allowed].filter((v) => values.includes(v)) : values);
      else if (e.operator === 'NotIn') values.forEach((v: string) => removed.add(v));
    }
    return allowed ? new Set([...allowed].filter((v) => !removed.has(v))) : undefined;
  };
  const exprs: any[] = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
  const fields: any[] = Array.isArray(term?.matchFields) ? term.matchFields : [];
  const zones = narrow(exprs, PIN_ZONE_KEYS);
  const byLabel = narrow(exprs, [HOSTNAME]);
  const byField = narrow(fields, ['metadata.name']);
  const nodes = byLabel && byField ? new Set([...byLabel].filter((n) => byField.has(n))) : byLabel ?? byField;
  return { zones, nodes };
}

/**
 * A pod spec that keeps the pods in fewer than `minZones` zones: `nodeName`
 * (one node, and the scheduler, which applies the spread constraints, is
 * skipped), a `nodeSelector` on a zone label or on the hostname, or a required
 * node affinity whose terms (ORed; the expressions of a term ANDed) allow
 * fewer than minZones zones or nodes. The verdict (fail, or unknown when named
 * nodes may or may not span enough zones), else undefined.
 */
function pinnedZones(spec: Record<string, any>, base: string, minZones: number): K8sVerdict | undefined {
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
    return k8sFail(`${base}.nodeName`, spec.nodeName, `nodeName ${spec.nodeName} binds every pod to one node (one zone), bypassing the scheduler and its spread constraints`);
  }
  const sel = spec.nodeSelector && typeof spec.nodeSelector === 'object' ? spec.nodeSelector : {};
  for (const k of PIN_ZONE_KEYS) {
    if (sel[k] !== undefined && sel[k] !== null) return k8sFail(`${base}.nodeSelector.${k}`, sel[k], `nodeSelector ${k}: ${String(sel[k])} pins every pod to one zone`);
  }
  if (sel[HOSTNAME] !== undefined && sel[HOSTNAME] !== null) return k8sFail(`${base}.nodeSelector.${HOSTNAME}`, sel[HOSTNAME], `nodeSelector ${HOSTNAME}: ${String(sel[HOSTNAME])} pins every pod to one node (one zone)`);
  const terms: any[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  const zones = new Set<string>();
  const nodes = new Set<string>();
  for (const term of terms) {
    const t = termAllows(term);
    if (!t.zones && !t.nodes) return undefined;
    // A term restricted both ways allows at most the fewer of the two.
    if (t.zones && (!t.nodes || t.zones.size <= t.nodes.size)) t.zones.forEach((z) => zones.add(z));
    else t.nodes!.forEach((n) => nodes.add(n));
  }
  const prop = `${base}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
  const allowed = [...(zones.size > 0 ? [`zone(s) ${[...zones].join(', ')}`] : []), ...(nodes.size > 0 ? [`node(s) ${[...nodes].join(', ')}`] : [])].join(' and ') || 'no zone';
  if (zones.size + nodes.size < minZones) {
    return k8sFail(prop, [...zones, ...nodes].join(', '), `required node affinity keeps every pod in ${allowed} (fewer than ${minZones} zones)`);
  }
  if (nodes.size > 0) {
    return k8sUnknown(prop, [...zones, ...nodes].join(', '), `required node affinity keeps every pod in ${allowed}: the zones of those nodes, which the manifests do not show, decide whether they span ${minZones} zones`);
  }
  return undefined;
}

/**
 * The other workloads of the namespace whose pods the constraint's selector
 * (with its `matchLabelKeys` added) also matches; none when a key is a
 * per-revision hash (`pod-template-hash`, `controller-revision-hash`).
 */
function sharedWith(c: any, obj: K8sObject, tpl: PodTemplate, index: ManifestIndex): K8sObject[] {
  const keys: unknown[] = Array.isArray(c.matchLabelKeys) ? c.matchLabelKeys : [];
  if (keys.some((k) => k === 'pod-template-hash' || k === 'controller-revision-hash')) return [];
  const extra: Record<string, string> = {};
  for (const k of keys) if (typeof k === 'string' && tpl.labels[k] !== undefined) extra[k] = tpl.labels[k];
  const selector = { ...c.labelSelector, matchLabels: { ...(c.labelSelector.matchLabels ?? {}), ...extra } };
  return POD_KINDS.flatMap((k) => index.inNamespace(k, obj.namespace)).filter((o) => {
    if (o.id === obj.id) return false;
    const other = index.podTemplate(o);
    return other !== undefined && matchesSelector(selector, other.labels);
  });
}
