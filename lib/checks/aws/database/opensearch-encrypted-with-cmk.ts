import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { OPENSEARCH_TYPES } from '../../cfn/opensearch';

/** An AWS managed key named by its alias (`alias/aws/es`, or its alias ARN). */
const AWS_MANAGED_ALIAS = /alias\/aws\//;

/**
 * DB-ENCRYPTION-AT-REST for OpenSearch Service domains (and legacy Elasticsearch domains): the domain's data is
 * encrypted at rest with a customer-managed KMS key, as RdsStorageEncrypted and DynamoDbEncryptedWithCmk ask.
 * `EncryptionAtRestOptions.Enabled` absent or false leaves the indexes, logs, swap files and automated snapshots
 * unencrypted (fail); true without `KmsKeyId` (or with `alias/aws/...`) is the AWS managed key `aws/es` (fail); true
 * with another key is a customer-managed key (pass; a key ARN or id is taken as customer-managed, as the RDS rule
 * takes `KmsKeyId`). Values from parameters, conditions or mappings are read through the index: decided at deploy
 * time is unknown.
 */
export const OpenSearchEncryptedWithCmk: AwsRule = {
  id: 'OpenSearchEncryptedWithCmk',
  items: ['DB-ENCRYPTION-AT-REST'],
  types: OPENSEARCH_TYPES,
  severity: Severity.HIGH,
  description: 'OpenSearch Service (and Elasticsearch) domains are encrypted at rest with a customer-managed KMS key, not the AWS managed key aws/es.',
  fix: 'Set EncryptionAtRestOptions { Enabled: true, KmsKeyId: <customer-managed key> } (opensearch.Domain encryptionAtRest: { enabled: true, kmsKey: key }).',
  check(res, { index }) {
    const enabled = index.prop(res, 'EncryptionAtRestOptions.Enabled');
    const p = 'Properties.EncryptionAtRestOptions';
    if (enabled.k === 'unknown') return unknown(`${p}.Enabled`, enabled, `encryption at rest decided at deploy time (${enabled.why})`);
    if (!V.isTrue(enabled)) return fail(`${p}.Enabled`, enabled, `encryption at rest off (EncryptionAtRestOptions.Enabled ${V.show(enabled)}): the domain's indexes, logs and automated snapshots are stored unencrypted`);
    const key = index.prop(res, 'EncryptionAtRestOptions.KmsKeyId');
    if (key.k === 'unknown') return unknown(`${p}.KmsKeyId`, key, `KMS key decided at deploy time (${key.why})`);
    if (key.k === 'absent') return fail(`${p}.KmsKeyId`, key, 'encrypted with the AWS managed key aws/es, not a customer-managed key');
    if (AWS_MANAGED_ALIAS.test(V.show(key))) return fail(`${p}.KmsKeyId`, key, `encrypted with the AWS managed key ${V.show(key)}, not a customer-managed key`);
    return pass(`${p}.KmsKeyId`, key, `encrypted at rest with the customer-managed KMS key ${V.show(key)}`);
  },
};
