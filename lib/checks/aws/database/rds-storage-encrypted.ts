import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { CLUSTERED_DB_TYPES, DB_CLUSTER, describeOrigin, isClusterMember, originOf } from '../../cfn/databases';

/**
 * DB-ENCRYPTION-AT-REST: storage encrypted with a customer-managed KMS key.
 *
 * - An instance of a cluster inherits the cluster's storage encryption (judged
 *   on the cluster).
 * - A database created from another (restored from a snapshot, a point in time
 *   or a clone, or a read replica) inherits its source's encryption: when the
 *   source is a database of this run it is judged there (no finding here);
 *   otherwise the verdict is unknown, naming the source. The one exception is a
 *   cluster restored (not replicated) with a customer-managed `KmsKeyId`: RDS
 *   encrypts the restored cluster with that key, whatever the snapshot.
 * - Otherwise `StorageEncrypted` must be true and `KmsKeyId` a customer-managed
 *   key (absent: the AWS-managed aws/rds key).
 * - DocumentDB and Neptune clusters are read alike (the same properties, the
 *   same aws/rds default key; their instances are judged through the
 *   cluster). A restored DocumentDB or Neptune cluster is judged on its
 *   source (the RDS exception for a restore with `KmsKeyId` is not assumed).
 */
export const RdsStorageEncrypted: AwsRule = {
  id: 'RdsStorageEncrypted',
  items: ['DB-ENCRYPTION-AT-REST'],
  types: CLUSTERED_DB_TYPES,
  severity: Severity.HIGH,
  description: 'RDS/Aurora, DocumentDB and Neptune storage is encrypted with a customer-managed KMS key (a restored database or a replica inherits its source\'s encryption).',
  fix: 'Set StorageEncrypted: true and KmsKeyId to a customer-managed key (ProductionDatabase does both).',
  check(res, { index }) {
    if (isClusterMember(res, index)) return undefined;
    const key = index.prop(res, 'KmsKeyId');
    const origin = originOf(res, index);
    if (origin) {
      if (origin.source) return undefined; // judged on the source, a database of this run
      const from = `storage encryption is inherited: ${describeOrigin(origin)}`;
      if (res.type === DB_CLUSTER && !origin.replica && key.k !== 'absent' && key.k !== 'unknown' && !/alias\/aws\//.test(V.show(key))) {
        return pass('Properties.KmsKeyId', key, `${describeOrigin(origin)}, and encrypted on restore with the customer-managed key ${V.show(key)}`);
      }
      return unknown(`Properties.${origin.property}`, origin.value, `${from}; check that the source is encrypted with a customer-managed key`);
    }
    const enc = index.prop(res, 'StorageEncrypted');
    if (enc.k === 'unknown') return unknown('Properties.StorageEncrypted', enc, `storage encryption decided at deploy time (${enc.why})`);
    if (!V.isTrue(enc)) return fail('Properties.StorageEncrypted', enc, 'storage is not encrypted');
    if (key.k === 'absent') return fail('Properties.KmsKeyId', key, 'encrypted with the AWS-managed aws/rds key, not a customer-managed key');
    if (key.k === 'unknown') return unknown('Properties.KmsKeyId', key, `KMS key decided at deploy time (${key.why})`);
    if (/alias\/aws\//.test(V.show(key))) return fail('Properties.KmsKeyId', key, 'encrypted with an AWS-managed key alias');
    return pass('Properties.KmsKeyId', key, 'storage encrypted with a customer-managed KMS key');
  },
};
