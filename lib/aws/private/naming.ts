import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** `JWT_SIGNING_KEY` → `JwtSigningKey`, for construct ids. @internal */
export function pascal(name: string): string {
  return name.toLowerCase().split(/[_\-]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/**
 * An ARN of this stack's account and region as cdk-nag renders it in finding ids:
 * pseudo parameters that are tokens appear as `<AWS::Partition>`, `<AWS::Region>`...
 * (with the `enablePartitionLiterals` flag and a concrete region, the partition is a literal).
 * @internal
 */
export function nagArn(scope: Construct, service: string, resource: string): string {
  const stack = Stack.of(scope);
  const show = (value: string, pseudo: string) => Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
  return `arn:${show(stack.partition, 'Partition')}:${service}:${show(stack.region, 'Region')}:${show(stack.account, 'AccountId')}:${resource}`;
}

/** The logical id of a resource's default child, as cdk-nag names it in findings. @internal */
export function logicalIdOf(c: Construct): string {
  const cfn = c.node.defaultChild as unknown as { logicalId: string };
  const id = Stack.of(c).resolve(cfn.logicalId);
  return String(id);
}

/**
 * S3 server access logs of `bucket` into `target` under `s3/<prefix>/`, admitted by a bucket
 * policy statement `S3ServerAccessLogs<Sid>` (not the LogDeliveryWrite ACL, which bucket-owner-enforced buckets refuse),
 * whatever the app's feature flags. A no-op without a target.
 * @internal
 */
export function logServerAccess(bucket: s3.Bucket, target: s3.IBucket | undefined, prefix: string, sid: string): void {
  if (!target) return;
  const keyPrefix = `s3/${prefix}/`;
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: target.bucketName, logFilePrefix: keyPrefix };
  target.addToResourcePolicy(new iam.PolicyStatement({
    sid: `S3ServerAccessLogs${sid}`,
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [target.arnForObjects(`${keyPrefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': bucket.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
    },
  }));
}

/**
 * The props every KMS-encrypted bucket of the constructs shares: the key (with a bucket key),
 * TLS 1.2+ only, no public access, ACLs off, versioned, retained on stack deletion.
 * @internal
 */
export function encryptedBucketProps(key: kms.IKey): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
