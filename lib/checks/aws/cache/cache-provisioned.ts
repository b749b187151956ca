import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/** CACHE-PROVISIONED: a Redis/Valkey replication group or serverless cache. */
export const CacheProvisioned: AwsRule = {
  id: 'CacheProvisioned',
  items: ['CACHE-PROVISIONED'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', 'AWS::ElastiCache::CacheCluster'],
  severity: Severity.MEDIUM,
  description: 'The cache is an ElastiCache Redis/Valkey replication group or serverless cache, not a standalone node or memcached.',
  fix: 'Use an ElastiCache replication group (CfnReplicationGroup, engine valkey or redis) or a serverless cache.',
  check(res, { index }) {
    const engine = index.prop(res, 'Engine');
    if (engine.k === 'unknown') return unknown('Properties.Engine', engine, `cache engine decided at deploy time (${engine.why})`);
    // A replication group's engine defaults to redis.
    const name = (V.str(engine) ?? (res.type === 'AWS::ElastiCache::ReplicationGroup' ? 'redis' : '')).toLowerCase();
    if (name !== 'redis' && name !== 'valkey') return fail('Properties.Engine', engine, `cache engine ${name || '(not set)'} is not Redis or Valkey (no replication, persistence or AUTH)`);
    if (res.type === 'AWS::ElastiCache::CacheCluster') {
      return fail(undefined, res.type, `standalone ${name} cache cluster: a single node without replication or failover; use a replication group`);
    }
    const kind = res.type === 'AWS::ElastiCache::ServerlessCache' ? 'serverless cache' : 'replication group';
    return pass('Properties.Engine', name, `${name} ${kind}`);
  },
};
