import { Severity } from '../../model';
import { AwsRule, RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, V, Val } from '../../template-index';
import { DISTRIBUTION } from '../../cfn/edge';
import { pointsAt } from '../../cfn/load-balancers';
import { logKeysAt } from '../../cfn/log-destinations';
import { judgeLogDestination } from './access-logs';

const DELIVERY_SOURCE = 'AWS::Logs::DeliverySource';
const DELIVERY = 'AWS::Logs::Delivery';

/** The text of a name: a literal, or the text of an Fn::Sub / Fn::Join; undefined when decided at deploy time. */
function nameText(v: Val): string | undefined {
  if (v.k === 'expr') return v.text;
  return v.k === 'lit' ? V.str(v) : undefined;
}

/**
 * Whether an AWS::Logs::Delivery of this template connects the delivery source
 * to a destination: its DeliverySourceName refers to the source (Ref / GetAtt),
 * or has the text of the source's Name, and it names a destination. A name
 * decided at deploy time on either side may or may not match: `open`.
 */
function delivered(ctx: RuleContext, source: CfnResource): { delivery?: CfnResource; open?: string } {
  const { index } = ctx;
  const sourceName = index.prop(source, 'Name');
  let open: string | undefined;
  for (const d of index.ofType(DELIVERY)) {
    const dest = index.prop(d, 'DeliveryDestinationArn');
    if (dest.k === 'absent') continue;
    const n = index.prop(d, 'DeliverySourceName');
    if (pointsAt(n, source)) return { delivery: d };
    if (n.k === 'unknown') { open ??= `the delivery source of ${d.logicalId} is decided at deploy time (${n.why})`; continue; }
    const text = nameText(n);
    if (text === undefined) continue;
    if (sourceName.k === 'unknown') { open ??= `the name of ${source.logicalId} is decided at deploy time (${sourceName.why}): ${d.logicalId} may deliver it`; continue; }
    if (text === nameText(sourceName)) return { delivery: d };
  }
  return { open };
}

/**
 * EDGE-ACCESS-LOGS (CloudFront): the distribution logs its requests.
 *
 * Decisions: standard logging (`DistributionConfig.Logging.Bucket`) is judged
 * with its bucket (`judgeLogDestination`; the log files' keys start with
 * `Logging.Prefix`, so only lifecycle rules whose filter can take them count).
 * CloudFront writes standard log files through the bucket ACL, so a log bucket
 * of this template must keep ACLs enabled: ObjectOwnership BucketOwnerPreferred
 * or ObjectWriter passes; none (S3 creates new buckets BucketOwnerEnforced,
 * ACLs disabled, since April 2023) or BucketOwnerEnforced fails, as CloudFront
 * cannot deliver there; one decided at deploy time is unknown. A log bucket
 * outside the template passes on the setting, naming where to check it.
 * A CloudWatch Logs delivery source for the distribution's ACCESS_LOGS counts
 * only when an AWS::Logs::Delivery connects it to a destination: a source
 * alone delivers nothing (fail); a source or delivery name decided at deploy
 * time is unknown.
 */
export const CloudFrontAccessLogs: AwsRule = {
  id: 'CloudFrontAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'CloudFront distributions have standard logging to an encrypted, TLS-only S3 bucket with ACLs enabled (ObjectOwnership BucketOwnerPreferred or ObjectWriter: CloudFront writes through the bucket ACL) whose lifecycle keeps the logs (DistributionConfig.Logging), or a CloudWatch Logs delivery source for ACCESS_LOGS connected to a destination by an AWS::Logs::Delivery.',
  fix: 'Set enableLogging: true (and logBucket, with objectOwnership OBJECT_WRITER or BUCKET_OWNER_PREFERRED) on the Distribution, or add a logs.CfnDeliverySource for ACCESS_LOGS with a logs.CfnDeliveryDestination and a logs.CfnDelivery connecting them.',
  check(res, ctx) {
    const { index } = ctx;
    const p = 'Properties.DistributionConfig.Logging.Bucket';
    const bucket = index.prop(res, 'DistributionConfig.Logging.Bucket');
    if (bucket.k !== 'absent') {
      const logs = logKeysAt(index.prop(res, 'DistributionConfig.Logging.Prefix'), 'Logging.Prefix');
      return judgeLogDestination(ctx, bucket, p, false, pass(p, bucket, 'standard access logs'), logs, true);
    }
    const sources = index.referrers(res, DELIVERY_SOURCE).filter((s) =>
      pointsAt(index.prop(s, 'ResourceArn'), res) && V.str(index.prop(s, 'LogType')) === 'ACCESS_LOGS');
    if (sources.length === 0) return fail('Properties.DistributionConfig.Logging', bucket, 'the distribution keeps no access logs');
    const open: Verdict[] = [];
    for (const s of sources) {
      const d = delivered(ctx, s);
      if (d.delivery) return pass('DeliverySource', s.logicalId, `access logs delivered through ${s.logicalId} by ${d.delivery.logicalId}`);
      if (d.open) open.push(unknown('DeliverySource', s.logicalId, `whether delivery source ${s.logicalId} delivers the access logs is decided at deploy time: ${d.open}`));
    }
    if (open.length > 0) return open[0];
    return fail('DeliverySource', sources.map((s) => s.logicalId).join(', '),
      `delivery source ${sources.map((s) => s.logicalId).join(', ')} delivers nothing: no AWS::Logs::Delivery connects it to a destination`);
  },
};
