import { Severity } from '../../model';
import { AwsRule, fail, pass, requireTrue, unknown } from '../../rule';
import { V } from '../../template-index';

/** CACHE-MULTI-AZ-FAILOVER: a replica in another zone and automatic failover. */
export const CacheMultiAzFailover: AwsRule = {
  id: 'CacheMultiAzFailover',
  items: ['CACHE-MULTI-AZ-FAILOVER'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache'],
  severity: Severity.HIGH,
  description: 'The replication group has AutomaticFailoverEnabled and MultiAZEnabled true and at least one replica per shard (serverless caches replicate across zones).',
  fix: 'Set AutomaticFailoverEnabled: true, MultiAZEnabled: true and NumCacheClusters >= 2 (or ReplicasPerNodeGroup >= 1).',
  check(res, ctx) {
    if (res.type === 'AWS::ElastiCache::ServerlessCache') return pass(undefined, res.type, 'serverless caches replicate data across availability zones');
    const { index } = ctx;
    for (const [prop, what] of [['AutomaticFailoverEnabled', 'automatic failover'], ['MultiAZEnabled', 'Multi-AZ']]) {
      const v = requireTrue(ctx, res, prop, what);
      if (v.status !== 'pass') return v;
    }
    // Nodes per shard: the smallest shard decides.
    let prop = 'NumCacheClusters';
    let nodes: number | undefined;
    const replicas = index.prop(res, 'ReplicasPerNodeGroup');
    const groups = index.prop(res, 'NodeGroupConfiguration');
    const clusters = index.prop(res, 'NumCacheClusters');
    for (const v of [replicas, groups, clusters]) {
      if (v.k === 'unknown') return unknown(undefined, v, `node count decided at deploy time (${v.why})`);
    }
    if (replicas.k !== 'absent') {
      prop = 'ReplicasPerNodeGroup';
      const r = V.num(replicas);
      nodes = r === undefined ? undefined : r + 1;
    } else if ((index.items(groups) ?? []).length > 0) {
      prop = 'NodeGroupConfiguration';
      const counts = (index.items(groups) ?? []).map((g) => index.field(g, 'ReplicaCount'));
      if (counts.some((c) => c.k === 'unknown')) return unknown('Properties.NodeGroupConfiguration', groups, 'replica count decided at deploy time');
      nodes = Math.min(...counts.map((c) => (c.k === 'absent' ? 0 : V.num(c) ?? 0))) + 1;
    } else {
      nodes = clusters.k === 'absent' ? 1 : V.num(clusters);
    }
    if (nodes === undefined) return fail(`Properties.${prop}`, undefined, `cannot read the node count from ${prop}`);
    if (nodes < 2) return fail(`Properties.${prop}`, String(nodes), `${nodes} node per shard: no replica to fail over to`);
    return pass(`Properties.${prop}`, String(nodes), `automatic failover across zones with ${nodes} nodes per shard`);
  },
};
