import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { isReadReplica } from '../../cfn/databases';

/** DB-ENCRYPTION-AT-REST: storage encrypted with a customer-managed KMS key. */
export const RdsStorageEncrypted: AwsRule = {
  id: 'RdsStorageEncrypted',
  items: ['DB-ENCRYPTION-AT-REST'],
  types: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
  severity: Severity.HIGH,
  description: 'RDS/Aurora storage is encrypted with a customer-managed KMS key.',
  fix: 'Set StorageEncrypted: true and KmsKeyId to a customer-managed key (ProductionDatabase does both).',
  fsbp: ['RDS.3'],
  check(res, { index }) {
    // An instance that belongs to a cluster inherits the cluster's storage encryption.
    if (res.type === 'AWS::RDS::DBInstance' && index.prop(res, 'DBClusterIdentifier').k !== 'absent') return undefined;
    // A read replica inherits its source's encryption (CloudFormation rejects StorageEncrypted on it).
    if (isReadReplica(res, index)) return undefined;
    const enc = index.prop(res, 'StorageEncrypted');
    if (enc.k === 'unknown') return unknown('Properties.StorageEncrypted', enc, `storage encryption decided at deploy time (${enc.why})`);
    if (!V.isTrue(enc)) return fail('Properties.StorageEncrypted', enc, 'storage is not encrypted');
    const key = index.prop(res, 'KmsKeyId');
    if (key.k === 'absent') return fail('Properties.KmsKeyId', key, 'encrypted with the AWS-managed aws/rds key, not a customer-managed key');
    if (key.k === 'unknown') return unknown('Properties.KmsKeyId', key, `KMS key decided at deploy time (${key.why})`);
    const s = V.show(key);
    if (/alias\/aws\//.test(s)) return fail('Properties.KmsKeyId', key, 'encrypted with an AWS-managed key alias');
    return pass('Properties.KmsKeyId', key, 'storage encrypted with a customer-managed KMS key');
  },
};
