import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, requireTrue, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { CACHE_CLUSTER, clusterRole } from './cluster';
import { PLACED, Zone, zoneKey } from '../../cfn/network';

/**
 * CACHE-MULTI-AZ-FAILOVER: a replica in another zone and automatic failover.
 *
 * Decisions: `AutomaticFailoverEnabled` and `MultiAZEnabled` true and at least
 * two nodes per shard (the smallest shard decides). Where the template pins the
 * nodes' zones (`PreferredCacheClusterAZs`, the first entry being the primary;
 * `NodeGroupConfiguration[].PrimaryAvailabilityZone` and
 * `ReplicaAvailabilityZones`), a shard whose replicas are all pinned to its
 * primary's zone fails: no replica in another zone to fail over to. Zones
 * compare when written as names, or as entries of `Fn::GetAZs` of the stack's
 * region (distinct indexes are distinct zones); a zone written otherwise, or a
 * name against an entry of `Fn::GetAZs`, cannot be compared: unknown. Zones
 * not pinned are placed by ElastiCache across zones. Serverless caches
 * replicate across zones.
 */
export const CacheMultiAzFailover: AwsRule = {
  id: 'CacheMultiAzFailover',
  items: ['CACHE-MULTI-AZ-FAILOVER'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', CACHE_CLUSTER],
  severity: Severity.HIGH,
  description: 'The replication group has AutomaticFailoverEnabled and MultiAZEnabled true and at least one replica per shard (serverless caches replicate across zones).',
  fix: 'Set AutomaticFailoverEnabled: true, MultiAZEnabled: true and NumCacheClusters >= 2 (or ReplicasPerNodeGroup >= 1).',
  check(res, ctx) {
    if (res.type === 'AWS::ElastiCache::ServerlessCache') return pass(undefined, res.type, 'serverless caches replicate data across availability zones');
    if (res.type === CACHE_CLUSTER) {
      const role = clusterRole(ctx, res);
      if ('skip' in role) return undefined;
      if ('open' in role) return role.open;
      return fail(undefined, res.type, `a standalone ${role.judge} cache cluster has no replica to fail over to: use a replication group`);
    }
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
    const placed = placement(res, index);
    if (placed) return placed;
    return pass(`Properties.${prop}`, String(nodes), `automatic failover across zones with ${nodes} nodes per shard`);
  },
};

/**
 * A verdict when the pinned zones decide it: a shard whose replicas all sit in
 * its primary's zone fails; zones that cannot be compared are unknown.
 */
function placement(res: CfnResource, index: TemplateIndex): Verdict | undefined {
  const shards: { prop: string; primary: Val; replicas: Val[] }[] = [];
  const preferred = index.prop(res, 'PreferredCacheClusterAZs');
  if (preferred.k === 'unknown') return unknown('Properties.PreferredCacheClusterAZs', preferred, `node zones decided at deploy time (${preferred.why})`);
  const listed = index.items(preferred) ?? [];
  if (preferred.k !== 'absent' && index.items(preferred) === undefined) return unknown('Properties.PreferredCacheClusterAZs', preferred, 'node zones computed at deploy time');
  if (listed.length >= 2) shards.push({ prop: 'PreferredCacheClusterAZs', primary: listed[0], replicas: listed.slice(1) });
  const groups = index.items(index.prop(res, 'NodeGroupConfiguration')) ?? [];
  groups.forEach((g, i) => {
    const primary = index.field(g, 'PrimaryAvailabilityZone');
    const replicas = index.field(g, 'ReplicaAvailabilityZones');
    if (primary.k === 'absent' || replicas.k === 'absent') return;
    const id = index.field(g, 'NodeGroupId');
    const name = id.k === 'lit' ? `NodeGroupConfiguration ${V.show(id)}` : `NodeGroupConfiguration[${i}]`;
    const list = replicas.k === 'unknown' ? undefined : index.items(replicas);
    shards.push({ prop: name, primary, replicas: list ?? [replicas.k === 'unknown' ? replicas : { k: 'unknown', why: 'ReplicaAvailabilityZones computed at deploy time' }] });
  });
  let open: { prop: string; v: Val; why: string } | undefined;
  for (const s of shards) {
    if (s.replicas.length === 0) continue;
    const p = zoneOf(index, s.primary);
    const rs = s.replicas.map((r) => ({ v: r, z: zoneOf(index, r) }));
    if (p && rs.some((r) => r.z && r.z.kind === p.kind && r.z.key !== p.key)) continue; // a replica surely in another zone
    if (p && rs.every((r) => r.z && r.z.kind === p.kind && r.z.key === p.key)) {
      return fail(`Properties.${s.prop}`, [s.primary, ...s.replicas].map((v) => V.show(v)).join(', '), `${s.prop} pins the primary and every replica to ${p.shown}: no replica in another zone to fail over to`);
    }
    const bad = !p ? s.primary : rs.find((r) => !r.z || r.z.kind !== p.kind)?.v ?? s.primary;
    open ??= { prop: s.prop, v: bad, why: `the zones ${[s.primary, ...s.replicas].map((v) => V.show(v)).join(', ')} of ${s.prop} cannot be compared at synth` };
  }
  if (open) return unknown(`Properties.${open.prop}`, open.v, `whether a replica is in another zone than its primary is decided at deploy time (${open.why})`);
  return undefined;
}

/** A pinned zone that compares with zones of its kind (see zoneKey), or undefined. */
function zoneOf(index: TemplateIndex, v: Val): Zone | undefined {
  const z = zoneKey(index, v);
  return z === PLACED ? undefined : z;
}
