import { Severity } from '../../model';
import { AwsRule, fail, pass, requireTrue, unknown } from '../../rule';
import { V } from '../../template-index';
import { CACHE_CLUSTER, clusterRole } from './cluster';

/** CACHE-ENCRYPTION-AT-REST: data and snapshots encrypted with a customer-managed key. */
export const CacheEncryptionAtRest: AwsRule = {
  id: 'CacheEncryptionAtRest',
  items: ['CACHE-ENCRYPTION-AT-REST'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', CACHE_CLUSTER],
  severity: Severity.HIGH,
  description: 'The cache is encrypted at rest (AtRestEncryptionEnabled) with a customer-managed KMS key (KmsKeyId).',
  fix: 'Set AtRestEncryptionEnabled: true and KmsKeyId to a customer-managed key (serverless: KmsKeyId).',
  check(res, ctx) {
    if (res.type === CACHE_CLUSTER) {
      const role = clusterRole(ctx, res);
      if ('skip' in role) return undefined;
      if ('open' in role) return role.open;
      return fail(undefined, res.type, `a standalone ${role.judge} cache cluster cannot be encrypted at rest: use a replication group`);
    }
    if (res.type === 'AWS::ElastiCache::ReplicationGroup') {
      const enabled = requireTrue(ctx, res, 'AtRestEncryptionEnabled', 'encryption at rest');
      if (enabled.status !== 'pass') return enabled;
    }
    const key = ctx.index.prop(res, 'KmsKeyId');
    if (key.k === 'absent') return fail('Properties.KmsKeyId', key, 'encrypted with an AWS-owned key, not a customer-managed key');
    if (key.k === 'unknown') return unknown('Properties.KmsKeyId', key, `KMS key decided at deploy time (${key.why})`);
    if (/alias\/aws\//.test(V.show(key))) return fail('Properties.KmsKeyId', key, 'encrypted with an AWS-managed key alias');
    return pass('Properties.KmsKeyId', key, 'encrypted at rest with a customer-managed KMS key');
  },
};
