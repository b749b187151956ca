import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { judgeLogBucket } from './alb-access-logs';
import { BUCKET, DISTRIBUTION, worst } from '../../cfn/edge';
import { pointsAt } from '../../cfn/load-balancers';

const DELIVERY_SOURCE = 'AWS::Logs::DeliverySource';

/** EDGE-ACCESS-LOGS (CloudFront): the distribution logs its requests. */
export const CloudFrontAccessLogs: AwsRule = {
  id: 'CloudFrontAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'CloudFront distributions have standard logging to an encrypted, TLS-only S3 bucket with a lifecycle (DistributionConfig.Logging) or a CloudWatch Logs delivery source for ACCESS_LOGS.',
  fix: 'Set enableLogging: true (and logBucket) on the Distribution, or add a logs.CfnDeliverySource for ACCESS_LOGS.',
  fsbp: ['CloudFront.5'],
  controlTower: ['CT.CLOUDFRONT.PR.5'],
  check(res, ctx) {
    const { index } = ctx;
    const bucket = index.prop(res, 'DistributionConfig.Logging.Bucket');
    if (bucket.k === 'unknown') return unknown('Properties.DistributionConfig.Logging.Bucket', bucket, `log bucket decided at deploy time (${bucket.why})`);
    if (bucket.k === 'ref' && bucket.target.type === BUCKET) {
      return worst([pass('Properties.DistributionConfig.Logging.Bucket', bucket, `standard access logs to bucket ${bucket.target.logicalId}`), ...judgeLogBucket(ctx, bucket.target, false)]);
    }
    if (bucket.k !== 'absent') return pass('Properties.DistributionConfig.Logging.Bucket', bucket, `standard access logs to ${V.show(bucket)} (not in this template: check its encryption and policy there)`);
    const sources = index.referrers(res, DELIVERY_SOURCE).filter((s) =>
      pointsAt(index.prop(s, 'ResourceArn'), res) && V.str(index.prop(s, 'LogType')) === 'ACCESS_LOGS');
    if (sources.length > 0) return pass('DeliverySource', sources[0].logicalId, `access logs delivered through ${sources[0].logicalId}`);
    return fail('Properties.DistributionConfig.Logging', bucket, 'the distribution keeps no access logs');
  },
};
