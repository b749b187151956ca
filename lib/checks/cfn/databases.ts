import { FindingStatus } from '../model';
import { Verdict, fail, pass, unknown } from '../rule';
import { CfnResource, TemplateIndex, V, Val } from '../template-index';
import { Undecidable } from '../world';
import { settled } from './settled';

/**
 * Shared reading of RDS resources: which instances belong to which cluster, and
 * which engine a database runs. Cluster-level items (backups, encryption,
 * credentials, deletion protection) are judged on the `AWS::RDS::DBCluster`; an
 * `AWS::RDS::DBInstance` with `DBClusterIdentifier` set is judged through it.
 * @internal
 */

export const DB_CLUSTER = 'AWS::RDS::DBCluster';
/** @internal */
export const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup';
export const DB_INSTANCE = 'AWS::RDS::DBInstance';
export const DB_TYPES = [DB_CLUSTER, DB_INSTANCE];
export const CLUSTER_PARAMETER_GROUP = 'AWS::RDS::DBClusterParameterGroup';
export const INSTANCE_PARAMETER_GROUP = 'AWS::RDS::DBParameterGroup';

/**
 * Amazon DocumentDB and Amazon Neptune: RDS-like clusters (the same property names for storage encryption,
 * backups, deletion protection, log exports, engine version) whose instances always belong to a cluster: every
 * cluster-level item is judged on the cluster, its instances through it.
 */
export const DOCDB_CLUSTER = 'AWS::DocDB::DBCluster';
export const DOCDB_INSTANCE = 'AWS::DocDB::DBInstance';
export const DOCDB_CLUSTER_PARAMETER_GROUP = 'AWS::DocDB::DBClusterParameterGroup';
export const NEPTUNE_CLUSTER = 'AWS::Neptune::DBCluster';
export const NEPTUNE_INSTANCE = 'AWS::Neptune::DBInstance';
export const NEPTUNE_CLUSTER_PARAMETER_GROUP = 'AWS::Neptune::DBClusterParameterGroup';
/** The DocumentDB and Neptune clusters and instances. */
export const DOC_GRAPH_TYPES = [DOCDB_CLUSTER, DOCDB_INSTANCE, NEPTUNE_CLUSTER, NEPTUNE_INSTANCE];
/** RDS, DocumentDB and Neptune clusters and instances: what the Rds* rules that read all three judge. */
export const CLUSTERED_DB_TYPES = [...DB_TYPES, ...DOC_GRAPH_TYPES];
/** The instance type of each cluster type. */
const INSTANCE_OF: Record<string, string> = { [DB_CLUSTER]: DB_INSTANCE, [DOCDB_CLUSTER]: DOCDB_INSTANCE, [NEPTUNE_CLUSTER]: NEPTUNE_INSTANCE };
/** The cluster parameter group type of each cluster type. */
const CLUSTER_GROUP_OF: Record<string, string> = { [DB_CLUSTER]: CLUSTER_PARAMETER_GROUP, [DOCDB_CLUSTER]: DOCDB_CLUSTER_PARAMETER_GROUP, [NEPTUNE_CLUSTER]: NEPTUNE_CLUSTER_PARAMETER_GROUP };

/** True for a cluster of RDS, DocumentDB or Neptune. */
export function isCluster(res: CfnResource): boolean {
  return INSTANCE_OF[res.type] !== undefined;
}

/** The service of a database, for messages: `DocumentDB`, `Neptune`, `RDS`. */
export function serviceOf(res: CfnResource): string {
  return res.type.startsWith('AWS::DocDB::') ? 'DocumentDB' : res.type.startsWith('AWS::Neptune::') ? 'Neptune' : 'RDS';
}

/**
 * True for an instance that belongs to a cluster (its cluster-level properties live on the cluster). A DocumentDB
 * or Neptune instance always does: neither service has standalone instances.
 */
export function isClusterMember(res: CfnResource, index: TemplateIndex): boolean {
  if (res.type === DOCDB_INSTANCE || res.type === NEPTUNE_INSTANCE) return true;
  return res.type === DB_INSTANCE && index.prop(res, 'DBClusterIdentifier').k !== 'absent';
}

/**
 * Whether an instance is a read replica (its backups, Multi-AZ standby and
 * version come from its source): `yes`, `no`, or `open` when that is decided
 * at deploy time. It is one when `SourceDBInstanceIdentifier` (or
 * `SourceDBClusterIdentifier`) names a source and no restore time is given: the
 * RDS handler creates a replica only from a source that has a value, and a
 * point-in-time restore (`RestoreTime`, `UseLatestRestorableTime: true`) from
 * the same property is a standalone primary (`originOf`). A source or
 * `UseLatestRestorableTime` decided at deploy time (an open parameter may be
 * `''`) leaves it open. A cluster is never one here (a replica cluster has its
 * own instances, retention and version).
 */
export type ReplicaState = { k: 'yes' } | { k: 'no' } | { k: 'open'; property: string; value: Val; why: string; outside: boolean };

export function replicaState(res: CfnResource, index: TemplateIndex): ReplicaState {
  if (res.type !== DB_INSTANCE) return { k: 'no' };
  const origin = originOf(res, index);
  if (!origin || !ORIGINS[DB_INSTANCE].some(([p, , replica]) => replica && p === origin.property)) return { k: 'no' };
  const property = `Properties.${origin.property}`;
  if (index.prop(res, 'RestoreTime').k !== 'absent') return { k: 'no' };
  const latest = index.prop(res, 'UseLatestRestorableTime');
  if (V.isTrue(latest)) return { k: 'no' };
  const outside = origin.source === undefined;
  if (latest.k === 'unknown') return { k: 'open', property: 'Properties.UseLatestRestorableTime', value: latest, why: `UseLatestRestorableTime is decided at deploy time (${latest.why}): a point-in-time restore or a read replica of ${V.show(origin.value)}`, outside };
  if (origin.value.k === 'unknown') return { k: 'open', property, value: origin.value, why: `${origin.property} is decided at deploy time (${origin.value.why}): a read replica, or a new primary when it is empty`, outside };
  return { k: 'yes' };
}

/** True for a read replica of another instance in this world (`replicaState` yes). */
export function isReadReplica(res: CfnResource, index: TemplateIndex): boolean {
  return replicaState(res, index).k === 'yes';
}

/**
 * A verdict on an instance as a primary, when whether it is a read replica is
 * decided at deploy time: a pass holds either way (a replica is judged on its
 * source), a failure only if it is created as a primary, so it is unknown,
 * naming what decides it.
 */
export function asPrimary(state: ReplicaState, verdict: Verdict | undefined): Verdict | undefined {
  if (state.k !== 'open' || !verdict) return verdict;
  if (verdict.status === FindingStatus.FAIL) return { ...verdict, status: FindingStatus.UNKNOWN, property: state.property, value: V.show(state.value), message: `${verdict.message}, if it is created as a primary: ${state.why}` };
  // As a replica it is judged on its source: one outside this run cannot be read, so a pass holds only as a primary.
  if (verdict.status === FindingStatus.PASS && state.outside) return { ...verdict, status: FindingStatus.UNKNOWN, property: state.property, value: V.show(state.value), message: `${verdict.message} if it is created as a primary; as a read replica it is judged on its source, outside this template: ${state.why}` };
  return verdict;
}

/**
 * The verdict on a read replica (`replicaState` yes) for an item it takes from its source (backups, Multi-AZ
 * primary, engine version, backup plan): none when the source is a database of this run (judged there);
 * unknown, naming the source, when it is outside this template (an ARN or identifier text, an import): its
 * settings cannot be read here, and no finding would leave the item unjudged.
 */
export function onReplica(res: CfnResource, index: TemplateIndex, what: string): Verdict | undefined {
  const origin = originOf(res, index);
  if (!origin || origin.source) return undefined;
  return unknown(`Properties.${origin.property}`, origin.value, `a read replica of ${V.show(origin.value)}, outside this template: its ${what} is its source's, which cannot be read here; check it on the source`);
}

/**
 * The database a rule judges for `res`: the resource itself for a cluster or a
 * standalone instance, undefined for a cluster member (judged on its cluster).
 */
export function judged(res: CfnResource, index: TemplateIndex): CfnResource | undefined {
  return isClusterMember(res, index) ? undefined : res;
}

/**
 * The member instances of a cluster in this template: instances whose
 * `DBClusterIdentifier` references it, or names its literal `DBClusterIdentifier`.
 */
export function membersOf(cluster: CfnResource, index: TemplateIndex): CfnResource[] {
  const out = new Set<CfnResource>();
  const type = INSTANCE_OF[cluster.type] ?? DB_INSTANCE;
  for (const inst of index.referrers(cluster, type)) {
    const v = index.prop(inst, 'DBClusterIdentifier');
    if ((v.k === 'ref' && v.target === cluster) || (v.k === 'expr' && v.refs.includes(cluster))) out.add(inst);
  }
  const name = V.str(index.prop(cluster, 'DBClusterIdentifier'))?.toLowerCase();
  if (name) {
    const byName = instancesByClusterName(index, type);
    // An instance whose cluster is decided at deploy time may be a member: membership cannot be known.
    if (byName.open) throw new Undecidable(byName.open);
    for (const inst of byName.members.get(name) ?? []) out.add(inst);
  }
  return [...out];
}

/** The instances of the template by the literal cluster identifier they name (read once per template when no world decides it). */
function instancesByClusterName(index: TemplateIndex, type: string): { members: Map<string, CfnResource[]>; open?: string } {
  return settled(index, `instances-by-cluster-name ${type}`, () => {
    const members = new Map<string, CfnResource[]>();
    let open: string | undefined;
    for (const inst of index.ofType(type)) {
      const v = index.prop(inst, 'DBClusterIdentifier');
      if (v.k === 'unknown') { open ??= `the cluster of instance ${inst.logicalId} is decided at deploy time (${v.why})`; continue; }
      const n = v.k === 'lit' ? V.str(v)?.toLowerCase() : undefined;
      if (n === undefined) continue;
      let list = members.get(n);
      if (!list) members.set(n, (list = []));
      list.push(inst);
    }
    return { members, open };
  });
}

/** The engine name (lower case), or undefined when absent or decided at deploy time. */
export function engineOf(res: CfnResource, index: TemplateIndex): string | undefined {
  return V.str(index.prop(res, 'Engine'))?.toLowerCase();
}

/** PostgreSQL engines: `postgres` (RDS, Multi-AZ DB cluster) and `aurora-postgresql`. */
export function isPostgres(engine: string | undefined): boolean {
  return engine !== undefined && /postgres/.test(engine);
}

/** An Aurora cluster (as opposed to a Multi-AZ DB cluster of RDS for MySQL/PostgreSQL). */
export function isAuroraCluster(res: CfnResource, index: TemplateIndex): boolean {
  if (res.type !== DB_CLUSTER) return false;
  const engine = engineOf(res, index);
  if (engine !== undefined) return engine.startsWith('aurora');
  return index.prop(res, 'DBClusterInstanceClass').k === 'absent';
}

/** The major version of `EngineVersion` (e.g. 16 for "16.4"), or undefined. */
export function majorVersion(res: CfnResource, index: TemplateIndex): number | undefined {
  const v = V.str(index.prop(res, 'EngineVersion'));
  if (v === undefined) return undefined;
  const m = /^(\d+)/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** A short description of a database for messages: "aurora-postgresql 16.4 cluster". */
export function describeDb(res: CfnResource, index: TemplateIndex): string {
  const engine = V.show(index.prop(res, 'Engine'));
  const version = V.str(index.prop(res, 'EngineVersion'));
  const kind = res.type === DB_CLUSTER ? (isAuroraCluster(res, index) ? 'Aurora cluster' : 'Multi-AZ DB cluster') : 'instance';
  return `${engine}${version ? ' ' + version : ''} ${kind}`;
}

/**
 * Several checks of one item on one resource as one verdict: the worst status
 * wins (fail over unknown over pass), and the messages are joined, so a value
 * decided at deploy time is never reported next to a pass of the same item.
 */
export function combine(verdicts: Verdict[]): Verdict {
  const rank = (v: Verdict) => (v.status === FindingStatus.FAIL ? 2 : v.status === FindingStatus.UNKNOWN ? 1 : 0);
  const worst = verdicts.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const shown = rank(worst) === 0 ? verdicts : verdicts.filter((v) => rank(v) === rank(worst));
  return { ...worst, message: shown.map((v) => v.message).join('; ') };
}

/** The deletion policies that keep a resource when CloudFormation removes it. */
const KEEPS_ON_REMOVAL = ['Retain', 'RetainExceptOnCreate'];

/**
 * Whether the `DeletionPolicy` of a data store CloudFormation cannot snapshot (a DynamoDB table, an OpenSearch
 * domain) keeps it when the resource is removed: Retain or RetainExceptOnCreate pass; absent (CloudFormation's
 * default, Delete), Delete and Snapshot (not among the types CloudFormation snapshots) fail; decided at deploy time is
 * unknown. `a`: the resource as the message names it (`a DynamoDB table`), `the`: as it refers back (`the table`).
 */
export function keptOnRemoval(res: CfnResource, index: TemplateIndex, a: string, the: string): Verdict {
  const policy = index.attribute(res, 'DeletionPolicy');
  if (policy.k === 'absent') return fail('DeletionPolicy', '(not set)', `no DeletionPolicy: CloudFormation deletes ${a}, and its data, when the resource is removed`);
  if (policy.k === 'lit' && KEEPS_ON_REMOVAL.includes(V.show(policy))) return pass('DeletionPolicy', policy, `DeletionPolicy ${V.show(policy)} keeps ${the} when the resource is removed`);
  if (policy.k === 'lit' && V.show(policy) === 'Snapshot') {
    return fail('DeletionPolicy', policy, `DeletionPolicy Snapshot: CloudFormation takes no snapshot of ${a} (it snapshots RDS, ElastiCache, Neptune, Redshift and EBS volumes), so ${the} is not kept`);
  }
  if (policy.k === 'lit') return fail('DeletionPolicy', policy, `DeletionPolicy ${V.show(policy)}: removing the resource from the stack deletes ${the} and its data`);
  return unknown('DeletionPolicy', policy, `deletion policy decided at deploy time${policy.k === 'unknown' ? ` (${policy.why})` : ''}`);
}

/** The engine families whose settings the rules read: PostgreSQL, MySQL/MariaDB, or another engine. */
export type EngineFamily = 'postgres' | 'mysql' | 'other';

/** The family of an engine name (`aurora-postgresql` → postgres, `aurora-mysql`/`mariadb` → mysql). */
export function engineFamily(engine: string): EngineFamily {
  return isPostgres(engine) ? 'postgres' : /mysql|mariadb/.test(engine) ? 'mysql' : 'other';
}

/**
 * Where a database that is not created empty comes from: a snapshot, a
 * point-in-time restore or clone of another database, or the source of a read
 * replica. It inherits that source's storage encryption and credentials.
 */
export interface Origin {
  /** The property that names the source, e.g. `DBSnapshotIdentifier`. */
  readonly property: string;
  readonly value: Val;
  /** In words, for messages: `restored from snapshot`, `read replica of`. */
  readonly what: string;
  readonly replica: boolean;
  /** The source database, when it is a resource of this run (then judged on its own). */
  readonly source?: CfnResource;
}

const ORIGINS: Record<string, [string, string, boolean][]> = {
  [DB_INSTANCE]: [
    ['SourceDBInstanceIdentifier', 'read replica of', true],
    ['SourceDBClusterIdentifier', 'read replica of the Multi-AZ DB cluster', true],
    ['DBSnapshotIdentifier', 'restored from snapshot', false],
    ['SourceDBInstanceAutomatedBackupsArn', 'restored from the automated backups', false],
    ['SourceDbiResourceId', 'restored from the instance', false],
  ],
  [DB_CLUSTER]: [
    ['SnapshotIdentifier', 'restored from snapshot', false],
    ['SourceDBClusterIdentifier', 'restored from the cluster', false],
    ['ReplicationSourceIdentifier', 'read replica of', true],
  ],
  [DOCDB_CLUSTER]: [
    ['SnapshotIdentifier', 'restored from snapshot', false],
    ['SourceDBClusterIdentifier', 'restored from the cluster', false],
  ],
  [NEPTUNE_CLUSTER]: [
    ['SnapshotIdentifier', 'restored from snapshot', false],
    ['SourceDBClusterIdentifier', 'restored from the cluster', false],
  ],
};

/**
 * The source a database is created from in the current world, or undefined
 * when it is created empty. A source decided at deploy time counts (the
 * database may be restored from it); an empty literal does not. An instance
 * with `SourceDBInstanceIdentifier` and a restore time is a point-in-time
 * restore, not a replica.
 */
export function originOf(res: CfnResource, index: TemplateIndex): Origin | undefined {
  for (const [property, what, replica] of ORIGINS[res.type] ?? []) {
    const value = index.prop(res, property);
    if (value.k === 'absent' || (value.k === 'lit' && V.show(value).trim() === '')) continue;
    const restored = replica && res.type === DB_INSTANCE
      && (index.prop(res, 'RestoreTime').k !== 'absent' || V.isTrue(index.prop(res, 'UseLatestRestorableTime')));
    const source = value.k === 'ref' ? value.target : value.k === 'expr' ? value.refs[0] : undefined;
    return {
      property,
      value,
      what: restored ? 'restored to a point in time from' : what,
      replica: replica && !restored,
      source: source && CLUSTERED_DB_TYPES.includes(source.type) ? source : undefined,
    };
  }
  return undefined;
}

/** A database's origin in words: `restored from snapshot arn:...:snapshot:golive-pre-release`. */
export function describeOrigin(o: Origin): string {
  const source = o.source ? o.source.logicalId : o.value.k === 'unknown' ? `a source decided at deploy time (${o.value.why})` : V.show(o.value);
  return `${o.what} ${source}`;
}

/** An engine parameter as a database gets it from its parameter group. */
export interface DbSetting {
  /** The value; absent when the engine's default applies (default group, or the key not set). */
  readonly value: Val;
  /** Where it was read, for messages: `parameter group Pg`, `the default parameter group`. */
  readonly where: string;
  /** The parameter group resource, when the value comes from one of this template. */
  readonly group?: CfnResource;
  /** The property path for evidence, on the group or on the database. */
  readonly property: string;
}

/**
 * Engine parameter `name` of a database: a cluster reads its
 * `AWS::RDS::DBClusterParameterGroup` (`DBClusterParameterGroupName`), an
 * instance its `AWS::RDS::DBParameterGroup` (`DBParameterGroupName`). The
 * default group (absent, or a `default.*` name) and a group without the key
 * give absent (the engine default applies); a group from a parameter, an
 * import or named outside this template gives unknown.
 */
export function dbSetting(res: CfnResource, name: string, index: TemplateIndex): DbSetting {
  const cluster = isCluster(res);
  const prop = cluster ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
  const property = `Properties.${prop}`;
  const g = index.prop(res, prop);
  if (g.k === 'absent') return { value: g, where: 'the default parameter group', property };
  if (g.k === 'unknown') return { value: { k: 'unknown', why: `the parameter group of ${res.logicalId} is decided at deploy time (${g.why})` }, where: 'a parameter group decided at deploy time', property };
  if (g.k === 'ref' && g.target.type === (cluster ? CLUSTER_GROUP_OF[res.type] : INSTANCE_PARAMETER_GROUP)) {
    const group = g.target;
    const params = index.prop(group, 'Parameters');
    const where = `parameter group ${group.logicalId}`;
    if (params.k === 'unknown') return { value: { k: 'unknown', why: `the parameters of ${group.logicalId} are decided at deploy time (${params.why})` }, where, group, property: 'Properties.Parameters' };
    return { value: index.key(params, name), where, group, property: `Properties.Parameters['${name}']` };
  }
  const text = g.k === 'lit' ? V.str(g) : undefined;
  if (text !== undefined && text.startsWith('default.')) return { value: { k: 'absent' }, where: `the default parameter group ${text}`, property };
  return { value: { k: 'unknown', why: `parameter group ${V.show(g)} is defined outside this template: ${name} cannot be read` }, where: `parameter group ${V.show(g)}`, property };
}

/**
 * An instance-level engine parameter as the instances of a database get it: a
 * standalone instance or a Multi-AZ DB cluster from its own group; a member of
 * an Aurora cluster from its instance parameter group when that sets the key,
 * else from the cluster's group. Each distinct source once, with the resource
 * it belongs to (`on`: the database, or the member whose group overrides it).
 */
export function effectiveSettings(res: CfnResource, name: string, index: TemplateIndex): { on: CfnResource; setting: DbSetting }[] {
  const own = { on: res, setting: dbSetting(res, name, index) };
  if (!isAuroraCluster(res, index)) return [own];
  const members = membersOf(res, index);
  const overrides = members.map((m) => ({ on: m, setting: dbSetting(m, name, index) })).filter((x) => x.setting.value.k !== 'absent');
  // The cluster's value applies to every member that does not override it (and to members added later).
  return overrides.length === members.length && members.length > 0 ? overrides : [own, ...overrides];
}

/** The Performance Insights properties of a cluster or an instance (their names differ). */
export function insightsProps(res: CfnResource): { enabled: string; key: string } {
  return res.type === DB_CLUSTER
    ? { enabled: 'PerformanceInsightsEnabled', key: 'PerformanceInsightsKmsKeyId' }
    : { enabled: 'EnablePerformanceInsights', key: 'PerformanceInsightsKMSKeyId' };
}
