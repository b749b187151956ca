import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V, Val } from '../../template-index';
import { DYNAMODB_TYPES, acrossCopies, tableCopies } from '../../cfn/dynamodb';

/** An AWS managed key named by its alias (`alias/aws/dynamodb`, or its alias ARN). */
const AWS_MANAGED_ALIAS = /alias\/aws\//;

/**
 * DB-ENCRYPTION-AT-REST for DynamoDB: the table is encrypted with a customer-managed KMS key.
 *
 * DynamoDB encrypts every table at rest; the item asks whose key. `SSESpecification.SSEEnabled` false or absent
 * is an AWS owned key (fail); true without `KMSMasterKeyId` (or with `alias/aws/dynamodb`) is the AWS managed key
 * (fail); true with another key is a customer-managed key (pass; a key ARN or id is taken as customer-managed, as
 * RdsStorageEncrypted takes `KmsKeyId`). An `SSEType` written other than `KMS` is unknown. A global table sets
 * `SSEEnabled` at the top and each replica's key in `Replicas[].SSESpecification.KMSMasterKeyId` (keys are
 * regional): every replica must name a customer-managed key. Values from parameters, conditions or mappings are
 * read through the index: decided at deploy time is unknown.
 * A `Table`'s CDK replicas (`Custom::DynamoDBReplica`, `replicationRegions`) are created with their region alone and carry none of the table's settings: each is judged as a copy with none (fail).
 */
export const DynamoDbEncryptedWithCmk: AwsRule = {
  id: 'DynamoDbEncryptedWithCmk',
  items: ['DB-ENCRYPTION-AT-REST'],
  types: DYNAMODB_TYPES,
  severity: Severity.HIGH,
  description: 'DynamoDB tables (and every replica of a global table) are encrypted with a customer-managed KMS key, not the AWS owned or AWS managed key.',
  fix: 'Set SSESpecification { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: <customer-managed key> } (Table encryption: TableEncryption.CUSTOMER_MANAGED; TableV2 encryption: TableEncryptionV2.customerManagedKey(key, replicaKeyArns)).',
  check(res, { index }) {
    const enabled = index.prop(res, 'SSESpecification.SSEEnabled');
    const p = 'Properties.SSESpecification.SSEEnabled';
    if (enabled.k === 'unknown') return unknown(p, enabled, `server-side encryption type decided at deploy time (${enabled.why})`);
    if (!V.isTrue(enabled)) return fail(p, enabled, `encrypted with an AWS owned key (SSEEnabled ${V.show(enabled)}): not a customer-managed key, its use is not in the account's CloudTrail and it cannot be disabled or rotated by the account`);
    const type = index.prop(res, 'SSESpecification.SSEType');
    if (type.k === 'unknown') return unknown('Properties.SSESpecification.SSEType', type, `encryption type decided at deploy time (${type.why})`);
    if (type.k !== 'absent' && (V.str(type) ?? '').toUpperCase() !== 'KMS') return unknown('Properties.SSESpecification.SSEType', type, `SSEType ${V.show(type)}: DynamoDB documents KMS as the only encryption type`);
    const copies = tableCopies(res, index);
    // A table names its key beside SSEEnabled; each replica of a global table names its own (the same path below it).
    return acrossCopies(copies.map((c) => judgeKey(`${c.base}.SSESpecification.KMSMasterKeyId`, c.at('SSESpecification.KMSMasterKeyId'), c.name)));
  },
};

function judgeKey(p: string, key: Val, name: string): Verdict {
  if (key.k === 'unknown') return unknown(p, key, `${name}: KMS key decided at deploy time (${key.why})`);
  if (key.k === 'absent') return fail(p, key, `${name}: encrypted with the AWS managed key aws/dynamodb, not a customer-managed key`);
  if (AWS_MANAGED_ALIAS.test(V.show(key))) return fail(p, key, `${name}: encrypted with the AWS managed key ${V.show(key)}, not a customer-managed key`);
  return pass(p, key, `${name}: encrypted with the customer-managed KMS key ${V.show(key)}`);
}
