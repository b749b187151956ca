import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { CLASSIC_LB, LB, attribute } from '../../cfn/load-balancers';
import { mayNameBucket, namesBucket } from '../../cfn/bucket-names';

/** @internal */
export const BUCKET = 'AWS::S3::Bucket';

const DISTRIBUTION = 'AWS::CloudFront::Distribution';
/** The ELBv2 log kinds written to S3 (`<kind>.s3.enabled`, `<kind>.s3.bucket`): access, connection, health-check logs. */
const LB_LOGS = ['access_logs', 'connection_logs', 'health_check_logs'];

/** One place a resource delivers logs to: what (`what`) and the bucket value. */
interface Delivery {
  readonly what: string;
  readonly bucket: Val;
}

/**
 * The log deliveries a resource sets up in the current world, on or off: a bucket a load balancer names for its
 * logs stays exempt while the logging is off (it is the log bucket, and turning the logging on needs SSE-S3 there).
 */
function deliveries(index: TemplateIndex, r: CfnResource): Delivery[] {
  const id = r.logicalId;
  const out: Delivery[] = [];
  const add = (what: string, bucket: Val) => {
    if (bucket.k !== 'absent') out.push({ what, bucket });
  };
  if (r.type === LB) {
    for (const kind of LB_LOGS) add(`load balancer ${id} ${kind.replace(/_/g, ' ')}`, attribute(index, r, 'LoadBalancerAttributes', `${kind}.s3.bucket`));
  } else if (r.type === CLASSIC_LB) {
    add(`load balancer ${id} access logs`, index.prop(r, 'AccessLoggingPolicy.S3BucketName'));
  } else if (r.type === DISTRIBUTION) {
    add(`distribution ${id} standard logs`, index.prop(r, 'DistributionConfig.Logging.Bucket'));
  } else if (r.type === BUCKET) {
    add(`server access logs of bucket ${id}`, index.prop(r, 'LoggingConfiguration.DestinationBucketName'));
  }
  return out;
}

/**
 * What delivers logs into a bucket, when it is a log-delivery target: ALB/NLB
 * access, connection or health-check logs, Classic Load Balancer access logs
 * (on or off: see `deliveries`), CloudFront
 * standard logging, or S3 server access logging of another bucket. These
 * services write with SSE-S3 (ALB, CLB and S3 server access logs do not
 * support SSE-KMS), so such a bucket is exempt from the KMS requirement. The
 * delivery names the bucket by reference or by text (`namesBucket`: its
 * `BucketName`, `${Bucket}`, a host name). `source` names it (in the current
 * world); else `open` says why one may, depending on values decided at deploy
 * time (the name it writes to, or the bucket's); neither when the bucket is not one.
 * The deliveries are found through an index built once per run (`mayNameBucket`).
 * @internal
 */
export function logDeliverySource(bucket: CfnResource, index: TemplateIndex): { source?: string; open?: string } {
  let open: string | undefined;
  for (const r of mayNameBucket(index, 'log-deliveries', [LB, CLASSIC_LB, DISTRIBUTION, BUCKET], (x) => deliveries(index, x).map((d) => d.bucket), bucket)) {
    for (const d of deliveries(index, r)) {
      const n = namesBucket(index, d.bucket, bucket);
      if (n === true) return { source: d.what };
      if (n !== false) open ??= `${d.what} go to ${V.show(d.bucket)}: ${n}`;
    }
  }
  return { open };
}
