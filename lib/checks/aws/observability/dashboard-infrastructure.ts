import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex } from '../../template-index';
import { DASHBOARD_TYPE, DB_NAMESPACE, givenName } from '../../cfn/alarms';
import { DOC_GRAPH_TYPES, DOCDB_CLUSTER, isCluster, isClusterMember, membersOf, NEPTUNE_CLUSTER } from '../../cfn/databases';
import { DashRow, mentions, rowsMentioning, rowsOf } from '../../cfn/dashboards';

type Need = [string, string[]];

/** What an infrastructure dashboard shows for each kind of resource: [what, metric names]. */
function needs(res: CfnResource): Need[] | undefined {
  switch (res.type) {
    case 'AWS::ECS::Service':
      return [['CPU', ['CPUUtilization', 'CpuUtilized']], ['memory', ['MemoryUtilization', 'MemoryUtilized']]];
    case 'AWS::RDS::DBCluster':
      return [['CPU', ['CPUUtilization']], ['memory', ['FreeableMemory']], ['storage', ['VolumeBytesUsed', 'FreeLocalStorage', 'FreeStorageSpace']], ['connections', ['DatabaseConnections']]];
    case 'AWS::RDS::DBInstance':
      return [['CPU', ['CPUUtilization']], ['memory', ['FreeableMemory']], ['storage', ['FreeStorageSpace']], ['connections', ['DatabaseConnections']]];
    // The cluster volume (VolumeBytesUsed), as Aurora's. Neptune publishes no DatabaseConnections (no connection
    // limit to watch): CPU, memory and storage.
    case DOCDB_CLUSTER:
      return [['CPU', ['CPUUtilization']], ['memory', ['FreeableMemory']], ['storage', ['VolumeBytesUsed']], ['connections', ['DatabaseConnections']]];
    case NEPTUNE_CLUSTER:
      return [['CPU', ['CPUUtilization']], ['memory', ['FreeableMemory']], ['storage', ['VolumeBytesUsed']]];
    case 'AWS::ElastiCache::ReplicationGroup':
      return [['CPU', ['CPUUtilization', 'EngineCPUUtilization']], ['memory', ['DatabaseMemoryUsagePercentage', 'BytesUsedForCache', 'FreeableMemory']], ['connections', ['CurrConnections']]];
    case 'AWS::ElastiCache::ServerlessCache':
      return [['CPU', ['ElastiCacheProcessingUnits']], ['memory', ['BytesUsedForCache']], ['connections', ['CurrConnections']]];
    default:
      return undefined;
  }
}

/** The resources whose metrics count for `res`: itself, and a cluster's member instances (Aurora, DocumentDB, Neptune). */
function subjects(res: CfnResource, index: TemplateIndex): CfnResource[] {
  return isCluster(res) ? [res, ...membersOf(res, index)] : [res];
}

/** The rows of the dashboards that reference one of `subs` that mention one of them. */
function referring(index: TemplateIndex, subs: CfnResource[]): { rows: DashRow[]; unreadable: CfnResource[]; dashboards: CfnResource[] } {
  const dashboards = [...new Set(subs.flatMap((s) => index.referrers(s, DASHBOARD_TYPE)))];
  const { rows, unreadable } = rowsOf(index, dashboards);
  return { rows: rows.filter((r) => subs.some((s) => mentions(index, r, s))), unreadable, dashboards };
}

/**
 * DASHBOARD-INFRASTRUCTURE: a dashboard shows the saturation of compute,
 * database and cache — CPU and memory of each ECS service; CPU, memory,
 * storage and connections of each RDS cluster/standalone instance and DocumentDB
 * cluster, CPU, memory and storage of each Neptune cluster (it publishes no
 * connection count); CPU, memory and connections of each ElastiCache
 * replication group or serverless cache.
 *
 * Decisions: a dashboard counts for a resource when one of its metric rows
 * names the resource (or an Aurora cluster's member instance) in a dimension,
 * by reference or by the name the template gives it (a literal ServiceName,
 * DBInstanceIdentifier...). A database's row counts only in its service's
 * namespace (`DB_NAMESPACE`: AWS/RDS, AWS/DocDB, AWS/Neptune): CloudWatch
 * shows no data of a DocumentDB cluster under AWS/RDS. Lambda functions have
 * no CPU or memory metric without Lambda Insights and are not judged.
 */
export const DashboardInfrastructure: AwsRule = {
  id: 'DashboardInfrastructure',
  items: ['DASHBOARD-INFRASTRUCTURE'],
  types: ['AWS::ECS::Service', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', ...DOC_GRAPH_TYPES],
  severity: Severity.LOW,
  description: 'A CloudWatch dashboard shows CPU and memory of ECS services, CPU/memory/storage/connections of databases (Neptune: CPU/memory/storage) and CPU/memory/connections of caches.',
  fix: 'Add GraphWidgets for the service\'s CPUUtilization/MemoryUtilization, the database\'s CPUUtilization/FreeableMemory/FreeStorageSpace (VolumeBytesUsed)/DatabaseConnections and the cache\'s EngineCPUUtilization/DatabaseMemoryUsagePercentage/CurrConnections.',
  check(res, { index }) {
    if (isClusterMember(res, index)) return undefined;
    const need = needs(res);
    if (!need) return undefined;
    const subs = subjects(res, index);
    // Dashboards that reference the resource; every dashboard when the template names it (a row may carry the name).
    const named = subs.some((s) => givenName(index, s) !== undefined);
    const found = named ? rowsMentioning(index, subs) : referring(index, subs);
    const { dashboards, unreadable } = found;
    // A database's metrics are in its service's namespace only.
    const namespace = DB_NAMESPACE[res.type];
    const mine = namespace === undefined ? found.rows : found.rows.filter((r) => r.namespace === namespace);
    const missing = need.filter(([, names]) => !mine.some((r) => names.includes(r.name))).map(([what]) => what);
    if (missing.length === 0) return pass(undefined, [...new Set(mine.map((r) => r.dashboard.logicalId))].join(', '), `dashboard shows ${need.map(([w]) => w).join(', ')} of ${res.logicalId}`);
    if (unreadable.length > 0) return unknown(undefined, unreadable.map((d) => d.logicalId).join(', '), `dashboard body of ${unreadable.map((d) => d.logicalId).join(', ')} is computed at deploy time`);
    if (dashboards.length === 0) return fail(undefined, res.logicalId, `no dashboard shows ${res.logicalId}`);
    return fail(undefined, missing.join(', '), `dashboard ${dashboards.map((d) => d.logicalId).join(', ')} does not show ${missing.join(', ')} of ${res.logicalId}`);
  },
};
