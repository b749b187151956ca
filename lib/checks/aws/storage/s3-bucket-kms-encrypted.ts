import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { BUCKET, logDeliverySource } from './bucket';

/**
 * BACKUP-BUCKET-SECURED (encryption): buckets are encrypted with KMS by default.
 *
 * Decisions: applies to every bucket (no template marks which bucket holds
 * backups). Log-delivery targets (ALB/NLB logs, CLB access logs, CloudFront
 * standard logs, S3 server access logs; on or off, as decided) are exempt from KMS: those
 * services require SSE-S3, which S3 applies by default (one encrypted with
 * KMS passes too, its message saying the service must be allowed to use the
 * key: whether it can write there is not judged here). The delivering
 * resource may name the bucket by reference or by text (its `BucketName`,
 * `${Bucket}`, a host name: see `logDeliverySource`). Any other bucket without
 * an `aws:kms`/`aws:kms:dsse` default fails (SSE-S3 keys are not yours to
 * control or audit); one that may receive such logs depending on values
 * decided at deploy time (the name a delivery writes to, the bucket's name)
 * is unknown, naming the delivery.
 */
export const S3BucketKmsEncrypted: AwsRule = {
  id: 'S3BucketKmsEncrypted',
  items: ['BACKUP-BUCKET-SECURED'],
  types: [BUCKET],
  severity: Severity.MEDIUM,
  description: 'S3 buckets default to SSE-KMS encryption (log-delivery buckets, which require SSE-S3, excepted).',
  fix: 'Set encryption: BucketEncryption.KMS with encryptionKey (and bucketKeyEnabled: true).',
  check(res, { index }) {
    const p = 'Properties.BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm';
    const alg = index.prop(res, 'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm');
    if (alg.k === 'unknown') return unknown(p, alg, `encryption decided at deploy time (${alg.why})`);
    const a = V.str(alg);
    const logs = logDeliverySource(res, index);
    if (logs.source) {
      return pass(p, a ?? 'AES256 (default)', a === 'aws:kms' || a === 'aws:kms:dsse'
        ? `log-delivery bucket (${logs.source}): encrypted with ${a}; log-delivery targets are exempt from the KMS requirement, and the delivering service must be allowed to use the key to write there`
        : `log-delivery bucket (${logs.source}): encrypted with ${a ?? 'SSE-S3 (the default)'}, which every log-delivery service can write to`);
    }
    if (a === 'aws:kms' || a === 'aws:kms:dsse') {
      const key = index.prop(res, 'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID');
      return pass(p, alg, key.k === 'absent' ? 'SSE-KMS with the AWS-managed aws/s3 key' : `SSE-KMS with key ${V.show(key)}`);
    }
    if (logs.open) return unknown(p, alg, `default encryption is ${a ?? 'SSE-S3 (S3 default)'}, not KMS, and the bucket may be a log-delivery target (exempt: the service writes SSE-S3 only) depending on values decided at deploy time: ${logs.open}`);
    return fail(p, alg, `default encryption is ${a ?? 'SSE-S3 (S3 default)'}, not KMS`);
  },
};
