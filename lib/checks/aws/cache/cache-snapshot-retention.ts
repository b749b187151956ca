import { Severity } from '../../model';
import { AwsRule, requireThreshold } from '../../rule';

/** CACHE-SNAPSHOT-RETENTION: daily snapshots kept long enough (AWS Backup does not cover ElastiCache). */
export const CacheSnapshotRetention: AwsRule = {
  id: 'CacheSnapshotRetention',
  items: ['CACHE-SNAPSHOT-RETENTION'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache'],
  severity: Severity.MEDIUM,
  description: 'Automatic snapshots are kept at least cacheSnapshotRetentionDays (SnapshotRetentionLimit; absent means no automatic snapshots).',
  fix: 'Set SnapshotRetentionLimit to at least the cacheSnapshotRetentionDays threshold (7 by default) and a SnapshotWindow.',
  check(res, ctx) {
    return requireThreshold(ctx, res, 'SnapshotRetentionLimit', 'cacheSnapshotRetentionDays', 'automatic cache snapshots', 0);
  },
};
