import { CfnResource, TemplateIndex, V } from '../../template-index';
import { CLASSIC_LB, LB } from '../../cfn/load-balancers';

/** @internal */
export const BUCKET = 'AWS::S3::Bucket';

/**
 * What delivers logs into a bucket, when it is a log-delivery target: ALB/NLB
 * access, connection or health-check logs, Classic Load Balancer access logs,
 * CloudFront standard logging, or S3 server access logging of another bucket.
 * These services write with SSE-S3 (ALB, CLB and S3 server access logs do not
 * support SSE-KMS), so such a bucket is exempt from the KMS requirement.
 * Undefined when the bucket is not one (in the current world).
 * @internal
 */
export function logDeliverySource(bucket: CfnResource, index: TemplateIndex): string | undefined {
  const id = bucket.logicalId;
  for (const lb of index.referrers(bucket, LB)) {
    const attrs = index.items(index.prop(lb, 'LoadBalancerAttributes')) ?? [];
    if (attrs.some((a) => /_logs\.s3\.bucket$/.test(V.str(index.field(a, 'Key')) ?? '') && index.refsOf(index.field(a, 'Value')).has(id))) return `load balancer ${lb.logicalId} logs`;
  }
  for (const clb of index.referrers(bucket, CLASSIC_LB)) {
    if (index.refsOf(index.prop(clb, 'AccessLoggingPolicy.S3BucketName')).has(id)) return `load balancer ${clb.logicalId} access logs`;
  }
  for (const d of index.referrers(bucket, 'AWS::CloudFront::Distribution')) {
    if (index.refsOf(index.prop(d, 'DistributionConfig.Logging')).has(id)) return `distribution ${d.logicalId} standard logs`;
  }
  for (const b of index.referrers(bucket, BUCKET)) {
    if (index.refsOf(index.prop(b, 'LoggingConfiguration.DestinationBucketName')).has(id)) return `server access logs of bucket ${b.logicalId}`;
  }
  return undefined;
}
