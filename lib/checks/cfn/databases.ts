import { FindingStatus } from '../model';
import { Verdict } from '../rule';
import { CfnResource, TemplateIndex, V } from '../template-index';

/**
 * Shared reading of RDS resources: which instances belong to which cluster, and
 * which engine a database runs. Cluster-level items (backups, encryption,
 * credentials, deletion protection) are judged on the `AWS::RDS::DBCluster`; an
 * `AWS::RDS::DBInstance` with `DBClusterIdentifier` set is judged through it.
 * @internal
 */

export const DB_CLUSTER = 'AWS::RDS::DBCluster';
export const DB_INSTANCE = 'AWS::RDS::DBInstance';
export const DB_TYPES = [DB_CLUSTER, DB_INSTANCE];

/** True for an instance that belongs to a cluster (its cluster-level properties live on the cluster). */
export function isClusterMember(res: CfnResource, index: TemplateIndex): boolean {
  return res.type === DB_INSTANCE && index.prop(res, 'DBClusterIdentifier').k !== 'absent';
}

/** True for a read replica of another instance (its backups and credentials come from the source). */
export function isReadReplica(res: CfnResource, index: TemplateIndex): boolean {
  return res.type === DB_INSTANCE && index.prop(res, 'SourceDBInstanceIdentifier').k !== 'absent';
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
  for (const inst of index.referrers(cluster, DB_INSTANCE)) {
    const v = index.prop(inst, 'DBClusterIdentifier');
    if ((v.k === 'ref' && v.target === cluster) || (v.k === 'expr' && v.refs.includes(cluster))) out.add(inst);
  }
  const name = V.str(index.prop(cluster, 'DBClusterIdentifier'))?.toLowerCase();
  if (name) {
    for (const inst of index.ofType(DB_INSTANCE)) {
      if (V.str(index.prop(inst, 'DBClusterIdentifier'))?.toLowerCase() === name) out.add(inst);
    }
  }
  return [...out];
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
