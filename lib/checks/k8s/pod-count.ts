import { ManifestIndex } from './manifest-index';
import { isTemplated, short } from './pod-spec';
import { K8sObject } from './rule';

/**
 * One number that bounds a workload's pod count from below, as written (or defaulted).
 * @internal
 */
export interface CountReading {
  /** The object that holds it: an autoscaler, or the workload (the Rollout that took it over). */
  readonly source: K8sObject;
  /** Its property, e.g. `spec.minReplicas`. */
  readonly prop: string;
  /** The value written; undefined when the default applies. */
  readonly raw: unknown;
  /** The count; undefined when it cannot be read (templated, or not a number). */
  readonly count: number | undefined;
  /** Whether it is a template expression (`{{ .Values.x }}`): decided at render time. */
  readonly templated: boolean;
  /** Where it comes from, in words: `HorizontalPodAutoscaler/web minReplicas 1 (unset: the default)`. */
  readonly what: string;
}

/**
 * What one autoscaler (HPA or KEDA ScaledObject) lets the workload's pod count go down to.
 * @internal
 */
export interface ScalerFloor {
  readonly scaler: K8sObject;
  readonly keda: boolean;
  /** The minimum while it scales: an HPA's minReplicas (default 1), a ScaledObject's minReplicaCount (default 0). */
  readonly minimum: CountReading;
  /** A ScaledObject's `idleReplicaCount` (when set): the count it scales the workload to while its triggers are idle. */
  readonly idle?: CountReading;
  /** A ScaledObject's `autoscaling.keda.sh/paused-replicas` annotation (when set): it holds the workload at that count. */
  readonly paused?: CountReading;
  /** The readings that bound the count from below: the paused count alone when paused, else the minimum and the idle count. */
  readonly floors: CountReading[];
}

/**
 * The fewest pods a workload runs, read once for every rule that needs it (HA-MULTI-AZ, SCALING-MIN-CAPACITY,
 * SCALING-AUTOSCALING, K8S-POD-DISRUPTION-BUDGET).
 * @internal
 */
export interface PodCount {
  /** The object that owns the count: the Argo Rollout whose workloadRef takes the workload over, else the workload. */
  readonly owner: K8sObject;
  /** Its autoscalers, each with what it lets the count go down to. */
  readonly scalers: ScalerFloor[];
  /**
   * Without an autoscaler: the owner's `replicas` (default 1). With an HPA, a `replicas: 0` written on the owner:
   * the HPA then stops adjusting the target ("Implicit maintenance-mode deactivation", kubernetes.io, Horizontal Pod
   * Autoscaling), so the workload runs none. Undefined otherwise.
   */
  readonly replicas?: CountReading;
  /** Every reading that bounds the count from below. */
  readonly floors: CountReading[];
  /** The least of the floors that can be read (undefined when none can). */
  readonly known?: number;
  /** The reading that gives `known`. */
  readonly by?: CountReading;
  /** The floors that cannot be read (templated or not a number): the count may be lower than `known`. */
  readonly unread: CountReading[];
  /** The fewest pods the workload runs: `known` when every floor can be read, else undefined. */
  readonly least?: number;
  /**
   * The Flagger `Canary` whose targetRef is the workload: Flagger scales it to 0 between releases and its pods serve as
   * `<name>-primary`, so the count is the primary's (`flaggerPrimaryCount`).
   */
  readonly canary?: K8sObject;
}

function reading(source: K8sObject, prop: string, label: string, raw: unknown, dflt?: number): CountReading {
  const v = raw === undefined || raw === null ? dflt : raw;
  const count = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  const shown = raw === undefined || raw === null ? `${String(dflt)} (unset: the default)` : String(raw);
  return { source, prop, raw: raw ?? undefined, count, templated: isTemplated(raw), what: `${short(source)} ${label} ${shown}` };
}

/** What one autoscaler lets the pod count go down to. @internal */
export function scalerFloor(s: K8sObject): ScalerFloor {
  const keda = s.kind === 'ScaledObject';
  const spec = s.doc.spec ?? {};
  const minimum = keda ? reading(s, 'spec.minReplicaCount', 'minReplicaCount', spec.minReplicaCount, 0) : reading(s, 'spec.minReplicas', 'minReplicas', spec.minReplicas, 1);
  const idle = keda && spec.idleReplicaCount !== undefined && spec.idleReplicaCount !== null ? reading(s, 'spec.idleReplicaCount', 'idleReplicaCount', spec.idleReplicaCount) : undefined;
  const rawPause = keda ? s.metadata.annotations?.['autoscaling.keda.sh/paused-replicas'] : undefined;
  let paused: CountReading | undefined;
  if (rawPause !== undefined && rawPause !== null) {
    // An annotation is text: "2" is a count.
    const n = /^\s*\d+\s*$/.test(String(rawPause)) ? Number(rawPause) : undefined;
    paused = { ...reading(s, 'metadata.annotations.autoscaling.keda.sh/paused-replicas', 'paused-replicas', rawPause), count: n };
  }
  return { scaler: s, keda, minimum, idle, paused, floors: paused ? [paused] : idle ? [minimum, idle] : [minimum] };
}

const COUNTED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout'];

/**
 * The fewest pods a workload runs: for a Deployment an Argo Rollout took over, the Rollout's; with autoscalers, the
 * least each lets it go down to (an HPA's minReplicas, default 1; a KEDA ScaledObject's minReplicaCount, default 0,
 * its idleReplicaCount when set, or its paused-replicas count when paused); without, its `replicas` (default 1).
 * A Pod is one. Undefined for kinds whose count is not a replica count (DaemonSet, Job, CronJob).
 * @internal
 */
export function podCount(obj: K8sObject, index: ManifestIndex): PodCount | undefined {
  if (obj.kind === 'Pod') {
    const one: CountReading = { source: obj, prop: 'kind', raw: 'Pod', count: 1, templated: false, what: `${short(obj)} (a bare Pod)` };
    return { owner: obj, scalers: [], floors: [one], known: 1, by: one, unread: [], least: 1 };
  }
  if (!COUNTED.includes(obj.kind)) return undefined;
  // A Deployment a Flagger Canary targets (and no Argo Rollout took over) serves as <name>-primary.
  const canary = obj.kind === 'Deployment' && !index.rolloutOf(obj) ? index.flaggerCanaryOf(obj) : undefined;
  if (canary) return flaggerPrimaryCount(obj, canary, index);
  const owner = index.rolloutOf(obj) ?? obj;
  const scalers = index.scalersOf(owner).map(scalerFloor);
  const written = owner.doc.spec?.replicas;
  let replicas: CountReading | undefined;
  if (scalers.length === 0) replicas = reading(owner, 'spec.replicas', 'replicas', written, 1);
  else if (written === 0 && scalers.some((s) => !s.keda && s.minimum.count !== 0)) {
    replicas = { ...reading(owner, 'spec.replicas', 'replicas', 0), what: `${short(owner)} replicas 0 (an HPA stops adjusting a target set to 0 replicas)` };
  }
  return counted(owner, scalers, replicas, [...scalers.flatMap((s) => s.floors), ...(replicas ? [replicas] : [])]);
}

/** A PodCount from its floors: the least readable one, and those that cannot be read. */
function counted(owner: K8sObject, scalers: ScalerFloor[], replicas: CountReading | undefined, floors: CountReading[], canary?: K8sObject): PodCount {
  const readable = floors.filter((f) => f.count !== undefined);
  const by = readable.reduce<CountReading | undefined>((a, f) => (a === undefined || f.count! < a.count! ? f : a), undefined);
  const unread = floors.filter((f) => f.count === undefined);
  return { owner, scalers, replicas, floors, known: by?.count, by, unread, least: unread.length === 0 ? by?.count : undefined, canary };
}

/**
 * The pod count of a Deployment a Flagger Canary targets: Flagger scales the target to 0 between releases, and the
 * pods that serve are those of the `<name>-primary` Deployment it creates from the target (Flagger docs, "How it
 * works": "by default all traffic is routed to this version and the target deployment is scaled to zero"; fluxcd/flagger
 * pkg/canary deployment_controller.go createPrimaryDeployment, hpa_reconciler.go, scaled_object_reconciler.go):
 * - with `spec.autoscalerRef`, Flagger gives the primary a copy of that HPA or ScaledObject (its minimum and, for
 *   KEDA, its idleReplicaCount; not its annotations, so not a paused-replicas count), whose minimum
 *   `autoscalerRef.primaryScalerReplicas.minReplicas` replaces when set; the copy targets the primary, which never
 *   has 0 replicas, so a `replicas: 0` written on the target does not stop it. An autoscalerRef not in the manifests
 *   cannot be read;
 * - without it, the primary gets no autoscaler and the replicas of the target when Flagger creates it: the written
 *   `replicas` (1 when 0 or unset), or, when an autoscaler of the target has already scaled it, that autoscaler's
 *   count: the least of those.
 */
function flaggerPrimaryCount(obj: K8sObject, canary: K8sObject, index: ManifestIndex): PodCount {
  const primary = `${obj.name}-primary`;
  const ref = canary.doc.spec?.autoscalerRef;
  if (ref !== undefined && ref !== null) {
    const kind = typeof ref.kind === 'string' && ref.kind !== '' ? ref.kind : 'HorizontalPodAutoscaler';
    const name = ref.name;
    const scaler = typeof name === 'string' && !isTemplated(name) ? index.get(kind, obj.namespace, name) : undefined;
    if (!scaler) {
      const missing: CountReading = {
        source: canary, prop: 'spec.autoscalerRef', raw: name, count: undefined, templated: isTemplated(name),
        what: `${short(canary)} autoscalerRef ${kind}/${String(name)} (the autoscaler Flagger copies onto ${primary}), not in the manifests`,
      };
      return counted(obj, [], undefined, [missing], canary);
    }
    const f = scalerFloor(scaler);
    const override = ref.primaryScalerReplicas?.minReplicas;
    const minimum = override !== undefined && override !== null
      ? { ...reading(canary, 'spec.autoscalerRef.primaryScalerReplicas.minReplicas', 'primaryScalerReplicas.minReplicas', override), what: `${short(canary)} autoscalerRef.primaryScalerReplicas.minReplicas ${String(override)} (the minimum of the autoscaler Flagger makes for ${primary})` }
      : { ...f.minimum, what: `${f.minimum.what}, copied by ${short(canary)} (Flagger) onto ${primary}` };
    const primaryFloor: ScalerFloor = { scaler, keda: f.keda, minimum, idle: f.idle, floors: f.idle ? [minimum, f.idle] : [minimum] };
    return counted(obj, [primaryFloor], undefined, primaryFloor.floors, canary);
  }
  const written = obj.doc.spec?.replicas;
  const copied = written === undefined || written === null || written === 0 ? 1 : written;
  const replicas: CountReading = {
    ...reading(obj, 'spec.replicas', 'replicas', written, 1),
    count: typeof copied === 'number' && Number.isFinite(copied) ? copied : undefined,
    what: `${short(canary)} (Flagger) creates ${primary} with the replicas of ${short(obj)}, ${written === undefined || written === null ? 'unset' : String(written)}${copied === 1 && written !== 1 ? ' (1 when 0 or unset)' : ''}, and no autoscaler (no spec.autoscalerRef)`,
  };
  // An autoscaler of the target may have scaled it before Flagger copies its replicas: the least of the two.
  const scaled = index.scalersOf(obj).map(scalerFloor).flatMap((s) => s.floors).map((f) => ({ ...f, what: `${f.what} (the count ${primary} copies if it has scaled ${short(obj)} by then)` }));
  return counted(obj, [], replicas, [replicas, ...scaled], canary);
}

/**
 * The most pods a workload runs: its autoscalers' largest maximum (an HPA's maxReplicas, a KEDA ScaledObject's
 * maxReplicaCount, default 100), else its `replicas` (default 1); a Pod is one. Undefined when one cannot be read.
 * @internal
 */
export function mostPods(obj: K8sObject, index: ManifestIndex): number | undefined {
  if (obj.kind === 'Pod') return 1;
  if (!COUNTED.includes(obj.kind)) return undefined;
  const canary = obj.kind === 'Deployment' && !index.rolloutOf(obj) ? index.flaggerCanaryOf(obj) : undefined;
  if (canary) return flaggerPrimaryMost(obj, canary, index);
  const owner = index.rolloutOf(obj) ?? obj;
  const scalers = index.scalersOf(owner);
  if (scalers.length > 0) {
    const maxes = scalers.map((s) => (s.kind === 'ScaledObject' ? (s.doc.spec?.maxReplicaCount ?? 100) : s.doc.spec?.maxReplicas));
    return maxes.every((m) => typeof m === 'number') ? Math.max(...maxes) : undefined;
  }
  const r = owner.doc.spec?.replicas ?? 1;
  return typeof r === 'number' ? r : undefined;
}

/** The most pods a Flagger primary runs (as `flaggerPrimaryCount` reads it): its autoscaler's maximum, else the replicas it copies. */
function flaggerPrimaryMost(obj: K8sObject, canary: K8sObject, index: ManifestIndex): number | undefined {
  const ref = canary.doc.spec?.autoscalerRef;
  const maxOf = (s: K8sObject) => (s.kind === 'ScaledObject' ? (s.doc.spec?.maxReplicaCount ?? 100) : s.doc.spec?.maxReplicas);
  if (ref !== undefined && ref !== null) {
    const scaler = typeof ref.name === 'string' ? index.get(typeof ref.kind === 'string' && ref.kind !== '' ? ref.kind : 'HorizontalPodAutoscaler', obj.namespace, ref.name) : undefined;
    const max = ref.primaryScalerReplicas?.maxReplicas ?? (scaler ? maxOf(scaler) : undefined);
    return typeof max === 'number' ? max : undefined;
  }
  const written = obj.doc.spec?.replicas ?? 1;
  const counts = [written === 0 ? 1 : written, ...index.scalersOf(obj).map(maxOf)];
  return counts.every((c) => typeof c === 'number') ? Math.max(...counts) : undefined;
}
