import { Severity } from '../../model';
import { AwsRule, requireThreshold } from '../../rule';
import { CACHE_CLUSTER, clusterRole } from './cluster';

/** CACHE-SNAPSHOT-RETENTION: daily snapshots kept long enough (AWS Backup does not cover ElastiCache). */
export const CacheSnapshotRetention: AwsRule = {
  id: 'CacheSnapshotRetention',
  items: ['CACHE-SNAPSHOT-RETENTION'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', CACHE_CLUSTER],
  severity: Severity.MEDIUM,
  description: 'Automatic snapshots are kept at least cacheSnapshotRetentionDays (SnapshotRetentionLimit; absent means no automatic snapshots).',
  fix: 'Set SnapshotRetentionLimit to at least the cacheSnapshotRetentionDays threshold (7 by default) and a SnapshotWindow.',
  check(res, ctx) {
    if (res.type === CACHE_CLUSTER) {
      const role = clusterRole(ctx, res);
      if ('skip' in role) return undefined;
      if ('open' in role) return role.open;
    }
    return requireThreshold(ctx, res, 'SnapshotRetentionLimit', 'cacheSnapshotRetentionDays', 'automatic cache snapshots', 0);
  },
};
