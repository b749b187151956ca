import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, refMark, TemplateIndex } from '../../template-index';
import { DASHBOARD_TYPE, DB_NAMESPACE, givenName, paddedAccount, sameName, stackAccount } from '../../cfn/alarms';
import { DOC_GRAPH_TYPES, DOCDB_CLUSTER, isCluster, isClusterMember, membersOf, NEPTUNE_CLUSTER } from '../../cfn/databases';
import { DashRow, rowsMentioning, rowsOf, searchingDashboards, showing, whyUnreadable } from '../../cfn/dashboards';
import { ELASTICSEARCH_DOMAIN, isDomain, OPENSEARCH_DOMAIN, OPENSEARCH_TYPES } from '../../cfn/opensearch';

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
    // An OpenSearch domain: CPU, JVM memory pressure and free storage of its data nodes (AWS/ES); it has no connection
    // count (ALARM-DB-CONNECTIONS sets it aside).
    case OPENSEARCH_DOMAIN:
    case ELASTICSEARCH_DOMAIN:
      return [['CPU', ['CPUUtilization']], ['memory', ['JVMMemoryPressure']], ['storage', ['FreeStorageSpace']]];
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

/** The rows of the dashboards that reference one of `subs`, or search every value of a dimension (`searchingDashboards`), that may show one of them (`showing`). */
function referring(index: TemplateIndex, subs: CfnResource[]): { rows: DashRow[]; unreadable: CfnResource[]; why: Map<CfnResource, string>; dashboards: CfnResource[] } {
  const dashboards = [...new Set([...subs.flatMap((s) => index.referrers(s, DASHBOARD_TYPE)), ...searchingDashboards(index)])];
  const { rows, unreadable, why } = rowsOf(index, dashboards);
  return { rows: rows.filter((r) => subs.some((s) => showing(index, r, s) !== 'no')), unreadable, why, dashboards };
}

/** Whether a row shows one of `subs` (`showing`): `yes` if it shows one for sure, `maybe` if it may. */
function showsOne(index: TemplateIndex, row: DashRow, subs: CfnResource[]): 'yes' | 'maybe' | 'no' {
  const fits = subs.map((s) => showing(index, row, s));
  return fits.includes('yes') ? 'yes' : fits.includes('maybe') ? 'maybe' : 'no';
}

/**
 * Whether a dashboard row shows an OpenSearch domain's metrics: its `DomainName` is the domain's (`${Domain}`, or the
 * DomainName the template gives it) and its `ClientId` the stack's account (`${AWS::AccountId}`, or the account the
 * stack is known to deploy to). `maybe` when that is decided at deploy time (a literal account while the stack's is
 * not known, a name built from other values); `no` for another account, another attribute of the domain (its Arn) or
 * a name written out for a domain whose name CloudFormation generates.
 */
function domainRow(index: TemplateIndex, row: DashRow, domain: CfnResource): 'yes' | 'maybe' | 'no' {
  return domainFit(index, row, domain).fit;
}

/** `domainRow`, with why a `maybe` is not decided when it is not the deploy time (a ClientId with white space around it). */
function domainFit(index: TemplateIndex, row: DashRow, domain: CfnResource): { fit: 'yes' | 'maybe' | 'no'; why?: string } {
  const name = row.dims.DomainName ?? '';
  const own = givenName(index, domain);
  let fit: 'yes' | 'maybe' | 'no';
  // `${Domain}` as Fn::Sub / Fn::Join place it (`refMark`), never the same characters written as text.
  if (name === refMark(domain.logicalId) || (own !== undefined && sameName({ k: 'lit', v: name }, own.value, own.caseless))) fit = 'yes';
  else if (!name.includes('${') && (own === undefined || own.value.k === 'lit')) fit = 'no';
  else fit = name.startsWith(`${refMark(domain.logicalId).slice(0, -1)}.`) ? 'no' : 'maybe';
  if (fit === 'no') return { fit };
  const written = row.dims.ClientId ?? '';
  const account = stackAccount(index, { k: 'lit', v: written });
  if (account.same) return { fit };
  if (account.other !== undefined) return { fit: 'no' };
  return { fit: 'maybe', ...(account.padded !== undefined ? { why: `dimension ClientId is ${paddedAccount(written, account.padded, account.mine)}` } : {}) };
}

/**
 * DASHBOARD-INFRASTRUCTURE: a dashboard shows the saturation of compute,
 * database and cache — CPU and memory of each ECS service; CPU, memory,
 * storage and connections of each RDS cluster/standalone instance and DocumentDB
 * cluster, CPU, memory and storage of each Neptune cluster (it publishes no
 * connection count); CPU, memory and connections of each ElastiCache
 * replication group or serverless cache; CPU, JVM memory pressure and free
 * storage of each OpenSearch Service or Elasticsearch domain (AWS/ES, by
 * `ClientId` and `DomainName`: `domainRow`).
 *
 * Decisions: a dashboard counts for a resource when one of its metric rows
 * names the resource (or an Aurora cluster's member instance) in a dimension
 * by the value CloudWatch publishes its metrics under (`showing`: an ECS
 * service by `!GetAtt Svc.Name` in AWS/ECS or ECS/ContainerInsights, a
 * database by `!Ref` — its identifier, not an endpoint or ARN —, a
 * replication group by a member cache cluster `<group id>-001`, a serverless
 * cache by `clusterId` `!Ref`), or by the name the template gives it (a
 * literal ServiceName, DBInstanceIdentifier...); one whose naming is decided
 * at deploy time leaves the item unknown. A SEARCH expression counts for the rows its search is sure to return
 * (`searchRows`; a schema dimension no term fixes returns every resource's series). A database's row counts only in its service's
 * namespace (`DB_NAMESPACE`: AWS/RDS, AWS/DocDB, AWS/Neptune): CloudWatch
 * shows no data of a DocumentDB cluster under AWS/RDS. Lambda functions have
 * no CPU or memory metric without Lambda Insights and are not judged.
 */
export const DashboardInfrastructure: AwsRule = {
  id: 'DashboardInfrastructure',
  items: ['DASHBOARD-INFRASTRUCTURE'],
  types: ['AWS::ECS::Service', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', ...DOC_GRAPH_TYPES, ...OPENSEARCH_TYPES],
  severity: Severity.LOW,
  description: 'A CloudWatch dashboard shows CPU and memory of ECS services, CPU/memory/storage/connections of databases (Neptune: CPU/memory/storage; OpenSearch domains: CPU/JVM memory pressure/free storage) and CPU/memory/connections of caches.',
  fix: 'Add GraphWidgets for the service\'s CPUUtilization/MemoryUtilization, the database\'s CPUUtilization/FreeableMemory/FreeStorageSpace (VolumeBytesUsed)/DatabaseConnections (a domain: AWS/ES CPUUtilization/JVMMemoryPressure/FreeStorageSpace with ClientId and DomainName) and the cache\'s EngineCPUUtilization/DatabaseMemoryUsagePercentage/CurrConnections.',
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
    const inNamespace = namespace === undefined ? found.rows : found.rows.filter((r) => r.namespace === namespace);
    // A row names the resource by the value CloudWatch publishes under (`showing`); a domain's by its name and
    // account (`domainRow`): a row that may do so is no row of it yet.
    const fits = inNamespace.map((r) => {
      const shown = showsOne(index, r, subs);
      const domain = isDomain(res) ? domainRow(index, r, res) : 'yes';
      return shown === 'no' || domain === 'no' ? 'no' : shown === 'maybe' || domain === 'maybe' ? 'maybe' : 'yes';
    });
    const mine = inNamespace.filter((_, i) => fits[i] === 'yes');
    const maybe = inNamespace.filter((_, i) => fits[i] === 'maybe');
    const missing = need.filter(([, names]) => !mine.some((r) => names.includes(r.name))).map(([what]) => what);
    if (missing.length === 0) return pass(undefined, [...new Set(mine.map((r) => r.dashboard.logicalId))].join(', '), `dashboard shows ${need.map(([w]) => w).join(', ')} of ${res.logicalId}`);
    const open = maybe.filter((r) => need.some(([what, names]) => missing.includes(what) && names.includes(r.name)));
    const paddedWhy = isDomain(res) ? open.map((r) => domainFit(index, r, res).why).find((w) => w !== undefined) : undefined;
    const crowded = open.find((r) => r.crowded !== undefined)?.crowded;
    if (crowded !== undefined) return unknown(undefined, open.map((r) => r.dashboard.logicalId).join(', '), `whether the rows of ${[...new Set(open.map((r) => r.dashboard.logicalId))].join(', ')} (${open.map((r) => r.name).join(', ')}) show ${res.logicalId} is not known: ${crowded}`);
    if (paddedWhy !== undefined) return unknown(undefined, open.map((r) => r.dashboard.logicalId).join(', '), `whether the rows of ${[...new Set(open.map((r) => r.dashboard.logicalId))].join(', ')} (${open.map((r) => r.name).join(', ')}) show ${res.logicalId} is not known: ${paddedWhy}`);
    if (open.length > 0) {
      const must = isDomain(res) ? `their DomainName ${open.map((r) => r.dims.DomainName ?? '?').join(', ')} and ClientId ${open.map((r) => r.dims.ClientId ?? '?').join(', ')} must be its name and this stack's account`
        : `their dimensions (${open.map((r) => Object.entries(r.dims).map(([k, v]) => `${k} ${v}`).join(' + ')).join('; ')}) must name it as CloudWatch publishes its metrics`;
      return unknown(undefined, open.map((r) => r.dashboard.logicalId).join(', '), `whether the rows of ${[...new Set(open.map((r) => r.dashboard.logicalId))].join(', ')} (${open.map((r) => r.name).join(', ')}) show ${res.logicalId} is decided at deploy time: ${must}`);
    }
    if (unreadable.length > 0) return unknown(undefined, unreadable.map((d) => d.logicalId).join(', '), whyUnreadable(found));
    if (dashboards.length === 0) return fail(undefined, res.logicalId, `no dashboard shows ${res.logicalId}`);
    return fail(undefined, missing.join(', '), `dashboard ${dashboards.map((d) => d.logicalId).join(', ')} does not show ${missing.join(', ')} of ${res.logicalId}`);
  },
};
