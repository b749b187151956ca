/* eslint-disable @typescript-eslint/no-explicit-any */
import { evaluateMaxConnections, instanceClassMemoryBytes } from '../../checklist/policy/instance-memory';
import { Severity } from '../../checks/model';
import { eachResource, fail, LiveResource, LiveVerdict, LiveVerifier, ofType, pass, round, unknown, VerifyContext } from '../context';
import { cacheGroup, ecsService, inCluster, rdsCluster, rdsInstance } from '../describe';
import { max, metricValues, min } from '../metrics';

const GIB = 1024 ** 3;

/** The highest 5-minute statistic of one metric over the window. */
async function peak(ctx: VerifyContext, namespace: string, metric: string, dims: Record<string, string>, stat = 'Average'): Promise<number | undefined> {
  const [values] = await metricValues(ctx, [{ namespace, metric, dims, stat, period: '5m' }]);
  return stat === 'Minimum' ? min(values) : max(values);
}

function judge(r: LiveResource, what: string, pct: number | undefined, limit: number, property: string, detail = ''): LiveVerdict {
  if (pct === undefined) return unknown(r, `no ${what} data in the window`, undefined, property);
  const value = `${round(pct, 1)} %${detail}`;
  return pct <= limit
    ? pass(r, `${what} peaked at ${round(pct, 1)} % <= ${limit} %`, value, property)
    : fail(r, `${what} peaked at ${round(pct, 1)} % > ${limit} % in the window`, value, property);
}

/** An ECS service's utilisation metric (Container Insights off or on, AWS/ECS has it). */
function ecsServices(ctx: VerifyContext, metric: string, what: string, limit: number): Promise<LiveVerdict[]> {
  return eachResource(ofType(ctx, 'AWS::ECS::Service'), async (r) => {
    const svc = await ecsService(ctx, r);
    if (!svc) return fail(r, 'the ECS service does not exist');
    const dims = { ClusterName: String(svc.clusterArn).split('/').pop()!, ServiceName: svc.serviceName };
    return judge(r, what, await peak(ctx, 'AWS/ECS', metric, dims), limit, `AWS/ECS ${metric}`);
  });
}

/** The RDS instances of the stack that exist, with their description. */
/**
 * Judge how much of an instance's capacity (`total` bytes, shown as `totalGib`) was used at the peak: from the
 * lowest value of the AWS/RDS `freeMetric` (bytes free) over the window.
 */
async function judgeUsed(ctx: VerifyContext, r: LiveResource, db: any, freeMetric: string, total: number, totalGib: string, what: string, limit: number, property: string): Promise<LiveVerdict> {
  const free = await peak(ctx, 'AWS/RDS', freeMetric, { DBInstanceIdentifier: db.DBInstanceIdentifier }, 'Minimum');
  return judge(r, what, free === undefined ? undefined : 100 * (1 - free / total), limit, property, free === undefined ? '' : ` (${round(free / GIB, 2)} GiB free of ${totalGib} GiB)`);
}

async function instances(ctx: VerifyContext, fn: (r: LiveResource, db: any) => Promise<LiveVerdict | undefined>): Promise<LiveVerdict[]> {
  return eachResource(ofType(ctx, 'AWS::RDS::DBInstance'), async (r) => {
    const db = await rdsInstance(ctx, r.physicalId);
    if (!db) return fail(r, 'the DB instance does not exist');
    return fn(r, db);
  });
}

/** The highest 5-minute value over the member nodes of a replication group. */
async function cacheNodes(ctx: VerifyContext, r: LiveResource, metric: string, what: string, limit: number): Promise<LiveVerdict> {
  const rg = await cacheGroup(ctx, r.physicalId);
  if (!rg) return fail(r, 'the replication group does not exist');
  let worst: { node: string; v: number } | undefined;
  for (const node of rg.MemberClusters ?? []) {
    const v = await peak(ctx, 'AWS/ElastiCache', metric, { CacheClusterId: node });
    if (v === undefined) return unknown(r, `no ${metric} data for node ${node} in the window`, undefined, `AWS/ElastiCache ${metric}`);
    if (!worst || v > worst.v) worst = { node, v };
  }
  if (!worst) return unknown(r, 'the replication group has no member nodes');
  return judge(r, what, worst.v, limit, `AWS/ElastiCache ${metric}`, ` (node ${worst.node})`);
}

/** LIVE-CPU. @internal */
export const LiveCpu: LiveVerifier = {
  id: 'LiveCpu',
  items: ['LIVE-CPU'],
  severity: Severity.HIGH,
  description: 'The highest 5-minute average CPU of ECS services, RDS instances and ElastiCache nodes stays at or below cpuPercent.',
  fix: 'Scale out (more tasks, a larger or another reader instance, more shards) or find the hot path.',
  async verify(ctx) {
    const limit = ctx.thresholds.cpuPercent;
    return [
      ...await ecsServices(ctx, 'CPUUtilization', 'service CPU', limit),
      ...await instances(ctx, async (r, db) => judge(r, 'database CPU', await peak(ctx, 'AWS/RDS', 'CPUUtilization', { DBInstanceIdentifier: db.DBInstanceIdentifier }), limit, 'AWS/RDS CPUUtilization')),
      ...await eachResource(ofType(ctx, 'AWS::ElastiCache::ReplicationGroup'), (r) => cacheNodes(ctx, r, 'EngineCPUUtilization', 'cache engine CPU', limit)),
    ];
  },
};

/** LIVE-MEMORY. @internal */
export const LiveMemory: LiveVerifier = {
  id: 'LiveMemory',
  items: ['LIVE-MEMORY'],
  severity: Severity.HIGH,
  description: 'The highest 5-minute memory use of ECS services, RDS instances and ElastiCache nodes stays at or below memoryPercent.',
  fix: 'Give the service more memory or fix the leak; for the cache, evict (TTLs, maxmemory policy) or scale up.',
  async verify(ctx) {
    const limit = ctx.thresholds.memoryPercent;
    return [
      ...await ecsServices(ctx, 'MemoryUtilization', 'service memory', limit),
      ...await instances(ctx, async (r, db) => {
        const property = 'AWS/RDS 1 - FreeableMemory / class memory';
        const total = instanceClassMemoryBytes(db.DBInstanceClass);
        if (total === undefined) return unknown(r, `the memory of class ${db.DBInstanceClass} is not known to cdk-golive, so FreeableMemory cannot be turned into a percentage`, undefined, property);
        return judgeUsed(ctx, r, db, 'FreeableMemory', total, String(round(total / GIB, 1)), 'database memory', limit, property);
      }),
      ...await eachResource(ofType(ctx, 'AWS::ElastiCache::ReplicationGroup'), (r) => cacheNodes(ctx, r, 'DatabaseMemoryUsagePercentage', 'cache memory', limit)),
    ];
  },
};

/** LIVE-DISK. @internal */
export const LiveDisk: LiveVerifier = {
  id: 'LiveDisk',
  items: ['LIVE-DISK'],
  severity: Severity.HIGH,
  description: 'RDS instance storage used over the window stays at or below diskPercent (Aurora volumes grow on their own).',
  fix: 'Raise AllocatedStorage or set MaxAllocatedStorage (storage autoscaling), and clean up what fills it.',
  async verify(ctx) {
    const limit = ctx.thresholds.diskPercent;
    return instances(ctx, async (r, db) => {
      if (String(db.Engine).startsWith('aurora') || inCluster(db)) return undefined;
      const property = 'AWS/RDS 1 - FreeStorageSpace / AllocatedStorage';
      const total = Number(db.AllocatedStorage) * GIB;
      if (!(total > 0)) return unknown(r, 'the instance reports no AllocatedStorage', undefined, property);
      return judgeUsed(ctx, r, db, 'FreeStorageSpace', total, String(db.AllocatedStorage), 'database storage', limit, property);
    });
  },
};

/** `max_connections` of an instance: its parameter group, its cluster's, or the engine formula. */
async function maxConnections(ctx: VerifyContext, db: any): Promise<{ value?: number; source: string }> {
  const find = async (command: string, input: any): Promise<any> => {
    const { pages } = await ctx.clients.pages('rds', command, input, 'Marker', 'Marker', 20);
    for (const p of pages) for (const param of p.Parameters ?? []) if (param.ParameterName === 'max_connections') return param;
    return undefined;
  };
  const group = db.DBParameterGroups?.[0]?.DBParameterGroupName;
  const own = group ? await find('DescribeDBParameters', { DBParameterGroupName: group }) : undefined;
  let chosen = own;
  let source = `parameter group ${group}`;
  if (db.DBClusterIdentifier && own?.Source !== 'user') {
    const cluster = await rdsCluster(ctx, db.DBClusterIdentifier);
    const cgroup = cluster?.DBClusterParameterGroup;
    const fromCluster = cgroup ? await find('DescribeDBClusterParameters', { DBClusterParameterGroupName: cgroup }) : undefined;
    if (fromCluster?.Source === 'user') {
      chosen = fromCluster;
      source = `cluster parameter group ${cgroup}`;
    }
  }
  if (!chosen?.ParameterValue) return { source };
  const text = String(chosen.ParameterValue);
  const value = evaluateMaxConnections(text, instanceClassMemoryBytes(db.DBInstanceClass));
  return { value, source: /^\d+$/.test(text.trim()) ? source : `${source}: ${text} with the nominal memory of ${db.DBInstanceClass}` };
}

/** LIVE-DB-CONNECTIONS. @internal */
export const LiveDbConnections: LiveVerifier = {
  id: 'LiveDbConnections',
  items: ['LIVE-DB-CONNECTIONS'],
  severity: Severity.HIGH,
  description: 'The highest DatabaseConnections of each RDS instance over the window stays at or below dbConnectionsPercent of its max_connections.',
  fix: 'Pool connections (RDS Proxy), fix connection leaks, or raise max_connections with the instance class.',
  async verify(ctx) {
    const limit = ctx.thresholds.dbConnectionsPercent;
    return instances(ctx, async (r, db) => {
      const property = 'AWS/RDS DatabaseConnections / max_connections';
      const mc = await maxConnections(ctx, db);
      if (!mc.value) return unknown(r, `max_connections cannot be read (${mc.source})`, undefined, property);
      const conns = await peak(ctx, 'AWS/RDS', 'DatabaseConnections', { DBInstanceIdentifier: db.DBInstanceIdentifier }, 'Maximum');
      return judge(r, 'database connections', conns === undefined ? undefined : (100 * conns) / mc.value, limit, property, conns === undefined ? '' : ` (${conns} of ${mc.value}, ${mc.source})`);
    });
  },
};
