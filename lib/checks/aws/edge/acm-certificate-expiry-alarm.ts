import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { ALARM, CERTIFICATE } from '../../cfn/edge';
import { pointsAt } from '../../cfn/load-balancers';

const KEY = 'certificateExpiryDays';

/** Whether a metric (an alarm's own properties, or a MetricStat.Metric) is this certificate's DaysToExpiry. */
function isDaysToExpiry(index: TemplateIndex, metric: Val, cert: CfnResource): boolean {
  if (V.str(index.field(metric, 'Namespace')) !== 'AWS/CertificateManager') return false;
  if (V.str(index.field(metric, 'MetricName')) !== 'DaysToExpiry') return false;
  // CloudWatch publishes DaysToExpiry with the CertificateArn dimension alone: another dimension selects no data.
  const dims = index.items(index.field(metric, 'Dimensions')) ?? [];
  return dims.length === 1 && V.str(index.field(dims[0], 'Name')) === 'CertificateArn' && pointsAt(index.field(dims[0], 'Value'), cert);
}

/** Whether an alarm watches the certificate's DaysToExpiry (directly, or as the returned metric of metric math). */
function watchesExpiry(index: TemplateIndex, alarm: CfnResource, cert: CfnResource): boolean {
  if (isDaysToExpiry(index, index.prop(alarm, ''), cert)) return true;
  const metrics = index.items(index.prop(alarm, 'Metrics')) ?? [];
  const returned = metrics.filter((m) => !V.isFalse(index.field(m, 'ReturnData')));
  if (returned.length !== 1) return false;
  return isDaysToExpiry(index, index.field(returned[0], 'MetricStat.Metric'), cert);
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
    const problems: string[] = [];
    let undecided: { alarm: CfnResource; why: string } | undefined;
    let watching = 0;
    for (const alarm of index.referrers(res, ALARM)) {
      const op = index.prop(alarm, 'ComparisonOperator');
      const threshold = index.prop(alarm, 'Threshold');
      const actions = index.prop(alarm, 'AlarmActions');
      const enabled = index.prop(alarm, 'ActionsEnabled');
      try {
        if (!watchesExpiry(index, alarm, res)) continue;
        if (actions.k === 'unknown') throw new Undecidable(actions.why);
        watching++;
        const n = V.num(threshold);
        const operator = V.str(op);
        if (operator !== 'LessThanThreshold' && operator !== 'LessThanOrEqualToThreshold') { problems.push(`${alarm.logicalId}: ${V.show(op)} does not fire as expiry approaches`); continue; }
        if (n === undefined || !thresholds.meets(KEY, n)) { problems.push(`${alarm.logicalId}: threshold ${V.show(threshold)} days, needs >= ${t}`); continue; }
        if (V.isFalse(enabled) || (index.items(actions) ?? []).length === 0) { problems.push(`${alarm.logicalId}: no enabled alarm action`); continue; }
        return pass('Alarm', alarm.logicalId, `alarm ${alarm.logicalId} fires when DaysToExpiry ${operator === 'LessThanThreshold' ? '<' : '<='} ${n} (threshold ${KEY} ${t})`);
      } catch (e) {
        // One undecided alarm does not hide another that passes: judge the rest first.
        if (!(e instanceof Undecidable)) throw e;
        undecided = { alarm, why: e.why };
      }
    }
    if (undecided) return unknown('Alarm', undecided.alarm.logicalId, `alarm ${undecided.alarm.logicalId} is decided at deploy time (${undecided.why})`);
    if (watching === 0) return fail(undefined, undefined, `no alarm on DaysToExpiry: nobody is warned ${t} days before the certificate expires`);
    return fail('Alarm', `${watching} alarm(s)`, `no adequate expiry alarm: ${problems.join('; ')}`);
  },
};
