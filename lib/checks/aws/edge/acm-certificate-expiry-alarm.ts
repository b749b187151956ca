/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { ALARM, CERTIFICATE } from '../../cfn/edge';
import { pointsAt } from '../../cfn/load-balancers';

const KEY = 'certificateExpiryDays';

/** Whether a metric (an alarm's own, or a MetricStat.Metric) is this certificate's DaysToExpiry. */
function isDaysToExpiry(index: TemplateIndex, metric: any, cert: CfnResource): boolean {
  if (V.str(index.at(metric, 'Namespace')) !== 'AWS/CertificateManager') return false;
  if (V.str(index.at(metric, 'MetricName')) !== 'DaysToExpiry') return false;
  const dims = V.list(index.at(metric, 'Dimensions')) ?? [];
  return dims.some((d) => V.str(index.at(d, 'Name')) === 'CertificateArn' && pointsAt(index.at(d, 'Value'), cert));
}

/** Whether an alarm watches the certificate's DaysToExpiry (directly, or as the returned metric of metric math). */
function watchesExpiry(index: TemplateIndex, alarm: CfnResource, cert: CfnResource): boolean {
  if (isDaysToExpiry(index, alarm.properties, cert)) return true;
  const metrics = V.list(index.prop(alarm, 'Metrics')) ?? [];
  const returned = metrics.filter((m) => !V.isFalse(index.at(m, 'ReturnData')));
  if (returned.length !== 1) return false;
  const metric = index.at(returned[0], 'MetricStat.Metric');
  return metric.k === 'lit' && isDaysToExpiry(index, metric.v, cert);
}

/** EDGE-CERTIFICATE-EXPIRY-ALARM: an alarm fires before the certificate expires. */
export const AcmCertificateExpiryAlarm: AwsRule = {
  id: 'AcmCertificateExpiryAlarm',
  items: ['EDGE-CERTIFICATE-EXPIRY-ALARM'],
  types: [CERTIFICATE],
  severity: Severity.MEDIUM,
  description: 'An alarm on AWS/CertificateManager DaysToExpiry fires at certificateExpiryDays or more before expiry and notifies someone.',
  fix: 'new cloudwatch.Alarm(this, "CertExpiry", { metric: cert.metricDaysToExpiry(), comparisonOperator: LESS_THAN_THRESHOLD, threshold: 30, evaluationPeriods: 1 }) with an SNS action.',
  check(res, { index, thresholds }) {
    const t = thresholds.get(KEY);
    const alarms = index.referrers(res, ALARM).filter((a) => watchesExpiry(index, a, res));
    if (alarms.length === 0) return fail(undefined, undefined, `no alarm on DaysToExpiry: nobody is warned ${t} days before the certificate expires`);
    const problems: string[] = [];
    let undecided: { alarm: CfnResource; why: string } | undefined;
    for (const alarm of alarms) {
      const op = V.str(index.prop(alarm, 'ComparisonOperator'));
      const threshold = index.prop(alarm, 'Threshold');
      const actions = index.prop(alarm, 'AlarmActions');
      if (threshold.k === 'unknown' || actions.k === 'unknown') {
        undecided = { alarm, why: threshold.k === 'unknown' ? threshold.why : (actions as any).why };
        continue;
      }
      const n = V.num(threshold);
      if (op !== 'LessThanThreshold' && op !== 'LessThanOrEqualToThreshold') { problems.push(`${alarm.logicalId}: ${op} does not fire as expiry approaches`); continue; }
      if (n === undefined || !thresholds.meets(KEY, n)) { problems.push(`${alarm.logicalId}: threshold ${V.show(threshold)} days, needs >= ${t}`); continue; }
      if (V.isFalse(index.prop(alarm, 'ActionsEnabled')) || (V.list(actions) ?? []).length === 0) { problems.push(`${alarm.logicalId}: no enabled alarm action`); continue; }
      return pass('Alarm', alarm.logicalId, `alarm ${alarm.logicalId} fires when DaysToExpiry ${op === 'LessThanThreshold' ? '<' : '<='} ${n} (threshold ${KEY} ${t})`);
    }
    if (undecided) return unknown('Alarm', undecided.alarm.logicalId, `alarm ${undecided.alarm.logicalId} is decided at deploy time (${undecided.why})`);
    return fail('Alarm', alarms.map((a) => a.logicalId).join(', '), `no adequate expiry alarm: ${problems.join('; ')}`);
  },
};
