import { Severity } from '../../model';
import { AwsRule, fail, pass } from '../../rule';
import { V } from '../../template-index';
import { DISTRIBUTION } from '../../cfn/edge';
import { pointsAt } from '../../cfn/load-balancers';
import { judgeLogDestination } from './access-logs';

const DELIVERY_SOURCE = 'AWS::Logs::DeliverySource';

/** EDGE-ACCESS-LOGS (CloudFront): the distribution logs its requests. */
export const CloudFrontAccessLogs: AwsRule = {
  id: 'CloudFrontAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'CloudFront distributions have standard logging to an encrypted, TLS-only S3 bucket with a lifecycle (DistributionConfig.Logging) or a CloudWatch Logs delivery source for ACCESS_LOGS.',
  fix: 'Set enableLogging: true (and logBucket) on the Distribution, or add a logs.CfnDeliverySource for ACCESS_LOGS.',
  check(res, ctx) {
    const { index } = ctx;
    const p = 'Properties.DistributionConfig.Logging.Bucket';
    const bucket = index.prop(res, 'DistributionConfig.Logging.Bucket');
    if (bucket.k !== 'absent') return judgeLogDestination(ctx, bucket, p, false, pass(p, bucket, 'standard access logs'));
    const sources = index.referrers(res, DELIVERY_SOURCE).filter((s) =>
      pointsAt(index.prop(s, 'ResourceArn'), res) && V.str(index.prop(s, 'LogType')) === 'ACCESS_LOGS');
    if (sources.length > 0) return pass('DeliverySource', sources[0].logicalId, `access logs delivered through ${sources[0].logicalId}`);
    return fail('Properties.DistributionConfig.Logging', bucket, 'the distribution keeps no access logs');
  },
};
