import { CfnResource, TemplateIndex } from '../../template-index';
import { refsIn } from '../../cfn/alarms';

/** @internal */
export const BUCKET = 'AWS::S3::Bucket';

/**
 * What delivers logs into a bucket, when it is a log-delivery target: ALB/NLB
 * access, connection or health-check logs, CloudFront standard logging, or S3
 * server access logging of another bucket. These services write with SSE-S3
 * (ALB and S3 server access logs do not support SSE-KMS), so such a bucket is
 * exempt from the KMS requirement. Undefined when the bucket is not one.
 * @internal
 */
export function logDeliverySource(bucket: CfnResource, index: TemplateIndex): string | undefined {
  const id = bucket.logicalId;
  for (const lb of index.referrers(bucket, 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const attrs = Array.isArray(lb.properties.LoadBalancerAttributes) ? lb.properties.LoadBalancerAttributes : [];
    if (attrs.some((a: { Key?: unknown; Value?: unknown }) => /_logs\.s3\.bucket$/.test(String(a?.Key)) && refsIn(a?.Value).has(id))) return `load balancer ${lb.logicalId} logs`;
  }
  for (const d of index.referrers(bucket, 'AWS::CloudFront::Distribution')) {
    if (refsIn(d.properties.DistributionConfig?.Logging).has(id)) return `distribution ${d.logicalId} standard logs`;
  }
  for (const b of index.referrers(bucket, BUCKET)) {
    if (refsIn(b.properties.LoggingConfiguration?.DestinationBucketName).has(id)) return `server access logs of bucket ${b.logicalId}`;
  }
  return undefined;
}
