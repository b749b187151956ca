import { RuleContext, Verdict, unknown } from '../../rule';
import { CfnResource, V } from '../../template-index';

/** @internal */
export const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';

/**
 * How the cache rules meet an `AWS::ElastiCache::CacheCluster`: a standalone Redis or Valkey cluster is a cache
 * of its own, judged by every cache item (`judge`); a member of a replication group (`ReplicationGroupId`) takes
 * its settings from the group, and Memcached is left to CacheProvisioned (`skip`); an engine decided at deploy
 * time is `open`. Before, the items were read on replication groups only, so a Redis node without TLS, encryption
 * or AUTH next to a compliant group left them satisfied.
 * @internal
 */
export function clusterRole(ctx: RuleContext, res: CfnResource): { judge: string } | { skip: true } | { open: Verdict } {
  if (ctx.index.prop(res, 'ReplicationGroupId').k !== 'absent') return { skip: true };
  const engine = ctx.index.prop(res, 'Engine');
  if (engine.k === 'unknown') return { open: unknown('Properties.Engine', engine, `cache engine decided at deploy time (${engine.why}): a Redis or Valkey cluster is judged for this item`) };
  const name = (V.str(engine) ?? '').toLowerCase();
  return name === 'redis' || name === 'valkey' ? { judge: name } : { skip: true };
}
