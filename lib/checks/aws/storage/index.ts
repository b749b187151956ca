import { AwsRule } from '../../rule';
import { S3BucketKmsEncrypted } from './s3-bucket-kms-encrypted';
import { S3BucketLifecycle } from './s3-bucket-lifecycle';
import { S3BucketPublicAccessBlocked } from './s3-bucket-public-access-blocked';
import { S3BucketTlsOnly } from './s3-bucket-tls-only';
import { S3BucketVersioned } from './s3-bucket-versioned';

/** Rules of the storage area (S3 buckets). @internal */
export const STORAGE_RULES: AwsRule[] = [
  S3BucketKmsEncrypted,
  S3BucketPublicAccessBlocked,
  S3BucketTlsOnly,
  S3BucketVersioned,
  S3BucketLifecycle,
];
