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
  const owner = index.rolloutOf(obj) ?? obj;
  const scalers = index.scalersOf(owner).map(scalerFloor);
  const written = owner.doc.spec?.replicas;
  let replicas: CountReading | undefined;
  if (scalers.length === 0) replicas = reading(owner, 'spec.replicas', 'replicas', written, 1);
  else if (written === 0 && scalers.some((s) => !s.keda && s.minimum.count !== 0)) {
    replicas = { ...reading(owner, 'spec.replicas', 'replicas', 0), what: `${short(owner)} replicas 0 (an HPA stops adjusting a target set to 0 replicas)` };
  }
  const floors = [...scalers.flatMap((s) => s.floors), ...(replicas ? [replicas] : [])];
  const readable = floors.filter((f) => f.count !== undefined);
  const by = readable.reduce<CountReading | undefined>((a, f) => (a === undefined || f.count! < a.count! ? f : a), undefined);
  const unread = floors.filter((f) => f.count === undefined);
  return { owner, scalers, replicas, floors, known: by?.count, by, unread, least: unread.length === 0 ? by?.count : undefined };
}

/**
 * The most pods a workload runs: its autoscalers' largest maximum (an HPA's maxReplicas, a KEDA ScaledObject's
 * maxReplicaCount, default 100), else its `replicas` (default 1); a Pod is one. Undefined when one cannot be read.
 * @internal
 */
export function mostPods(obj: K8sObject, index: ManifestIndex): number | undefined {
  if (obj.kind === 'Pod') return 1;
  if (!COUNTED.includes(obj.kind)) return undefined;
  const owner = index.rolloutOf(obj) ?? obj;
  const scalers = index.scalersOf(owner);
  if (scalers.length > 0) {
    const maxes = scalers.map((s) => (s.kind === 'ScaledObject' ? (s.doc.spec?.maxReplicaCount ?? 100) : s.doc.spec?.maxReplicas));
    return maxes.every((m) => typeof m === 'number') ? Math.max(...maxes) : undefined;
  }
  const r = owner.doc.spec?.replicas ?? 1;
  return typeof r === 'number' ? r : undefined;
}
