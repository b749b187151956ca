import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { Thresholds } from '../../../checklist/thresholds';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { ALARM, CERTIFICATE, worst } from '../../cfn/edge';
import { sameName } from '../../cfn/names';
import { CERTIFICATE_USERS, certificatesServed } from './certificates';
import { pointsAt } from '../../cfn/load-balancers';
import { alarmActs, levelStatistic, parseAlarm } from '../../cfn/alarms';

const KEY = 'certificateExpiryDays';
const DAY = 86400;

/**
 * How many days after DaysToExpiry first crosses the threshold the alarm fires at the latest, or why that is not
 * known. ACM publishes DaysToExpiry once a day, so the alarm needs `DatapointsToAlarm` (else `EvaluationPeriods`)
 * breaching datapoints, at least a day apart and a period apart: the last comes `M x max(Period, 1 day) - 1 day`
 * after the first. With periods shorter than a day and M > 1, most periods hold no datapoint: whether M ever fall
 * within the EvaluationPeriods depends on TreatMissingData, so `open` says so (with the delay it has at least).
 * Throws `Undecidable` when the period or the counts are decided at deploy time.
 */
function firingDelay(index: TemplateIndex, alarm: CfnResource): { days: number; open?: string } {
  const evals = index.prop(alarm, 'EvaluationPeriods');
  const points = index.prop(alarm, 'DatapointsToAlarm');
  for (const v of [evals, points]) if (v.k === 'unknown') throw new Undecidable(v.why);
  const period = index.prop(alarm, 'Period');
  if (period.k === 'unknown') throw new Undecidable(period.why);
  const seconds = parseAlarm(index, alarm).periodSeconds;
  if (seconds === undefined) throw new Undecidable(`the period of alarm ${alarm.logicalId} is not known (${V.show(period)})`);
  const m = points.k === 'absent' ? V.num(evals) : V.num(points);
  if (m === undefined || m < 1) throw new Undecidable(`alarm ${alarm.logicalId} needs ${V.show(points.k === 'absent' ? evals : points)} datapoints`);
  const days = (m * Math.max(seconds, DAY) - DAY) / DAY;
  if (seconds < DAY && m > 1) {
    return { days, open: `with ${seconds}-second periods it needs ${m} breaching datapoints of a metric published once a day: whether ${m} ever fall within its ${V.show(evals)} evaluation periods depends on TreatMissingData` };
  }
  return { days };
}

/**
 * Why the statistic an alarm reads is not the number of days left (undefined when it is). ACM publishes DaysToExpiry
 * once a day: a level statistic (Minimum, Average, Maximum, a percentile) reads it; `Sum` reads it only over periods
 * of a day or less (one datapoint), and over longer ones adds several days up (fires late); `SampleCount` counts
 * datapoints (1, or a few), so the alarm breaches from the first day, stays in ALARM and never notifies again as
 * expiry approaches. Throws `Undecidable` when the statistic or the period is decided at deploy time.
 */
function statisticProblem(index: TemplateIndex, alarm: CfnResource): string | undefined {
  const view = parseAlarm(index, alarm);
  const m = view.returned?.metric;
  if (!m) return undefined;
  const level = levelStatistic(m);
  if (level === undefined) return undefined;
  if (level.open !== undefined) throw new Undecidable(level.open);
  if (m.stat !== undefined && /^Sum$/i.test(m.stat)) {
    const seconds = m.period ?? view.periodSeconds;
    if (seconds === undefined) throw new Undecidable(`the period over which alarm ${alarm.logicalId} sums DaysToExpiry is decided at deploy time`);
    if (seconds <= DAY) return undefined;
    return `its statistic Sum adds up DaysToExpiry over ${seconds / DAY} days (ACM publishes it once a day), so it fires late; use Minimum`;
  }
  return m.stat === undefined ? 'it sets no statistic' : `its statistic ${m.stat} is not the days left before expiry (ACM publishes DaysToExpiry once a day; use Minimum)`;
}

/** Whether a metric (an alarm's own properties, or a MetricStat.Metric) is the DaysToExpiry of the certificate `cert` names. */
function isDaysToExpiry(index: TemplateIndex, metric: Val, cert: (dimension: Val) => boolean): boolean {
  if (V.str(index.field(metric, 'Namespace')) !== 'AWS/CertificateManager') return false;
  if (V.str(index.field(metric, 'MetricName')) !== 'DaysToExpiry') return false;
  // CloudWatch publishes DaysToExpiry with the CertificateArn dimension alone: another dimension selects no data.
  const dims = index.items(index.field(metric, 'Dimensions')) ?? [];
  return dims.length === 1 && V.str(index.field(dims[0], 'Name')) === 'CertificateArn' && cert(index.field(dims[0], 'Value'));
}

/** Whether an alarm watches the certificate's DaysToExpiry (directly, or as the returned metric of metric math). */
function watchesExpiry(index: TemplateIndex, alarm: CfnResource, cert: (dimension: Val) => boolean): boolean {
  if (isDaysToExpiry(index, index.prop(alarm, ''), cert)) return true;
  const metrics = index.items(index.prop(alarm, 'Metrics')) ?? [];
  const returned = metrics.filter((m) => !V.isFalse(index.field(m, 'ReturnData')));
  if (returned.length !== 1) return false;
  return isDaysToExpiry(index, index.field(returned[0], 'MetricStat.Metric'), cert);
}

/**
 * EDGE-CERTIFICATE-EXPIRY-ALARM: an alarm fires before the certificate expires.
 *
 * Decisions: an alarm on the certificate's DaysToExpiry (the CertificateArn dimension alone) counts when it compares
 * LessThan(OrEqualTo)Threshold, has an enabled action, and fires at least certificateExpiryDays before expiry: its
 * Threshold less the days it waits for DatapointsToAlarm (else EvaluationPeriods) breaching datapoints of a metric
 * published once a day (see `firingDelay`): Threshold 30 with 7 daily datapoints fires at DaysToExpiry < 24. Period,
 * EvaluationPeriods or DatapointsToAlarm decided at deploy time is unknown, and so are periods shorter than a day
 * with more than one datapoint to alarm, unless it fires too late even at best. The alarm must read the days left
 * (`statisticProblem`): a level statistic (Minimum, Average, Maximum, a percentile), or `Sum` over periods of a day or
 * less; `SampleCount` (a count of datapoints, below any threshold from the first day: the alarm stays in ALARM and
 * never notifies again) or `Sum` over longer periods (several days added up, so it fires late) fails. Whether the
 * alarm acts is `alarmActs`' answer, as for ALARM-ACTIONS: actions disabled (`ActionsEnabled` false), none, or an
 * alarm mute rule muting it at all times do not count; `ActionsEnabled` or the actions decided at deploy time, or a
 * mute rule muting it in windows, are unknown; actions that only scale or stop machines tell no one and do not count.
 */
export const AcmCertificateExpiryAlarm: AwsRule = {
  id: 'AcmCertificateExpiryAlarm',
  items: ['EDGE-CERTIFICATE-EXPIRY-ALARM'],
  types: [CERTIFICATE, ...CERTIFICATE_USERS],
  severity: Severity.MEDIUM,
  description: 'An alarm on AWS/CertificateManager DaysToExpiry fires at certificateExpiryDays or more before expiry and notifies someone.',
  fix: 'new cloudwatch.Alarm(this, "CertExpiry", { metric: cert.metricDaysToExpiry(), comparisonOperator: LESS_THAN_THRESHOLD, threshold: 30, evaluationPeriods: 1 }) with an SNS action.',
  check(res, { index, thresholds }) {
    if (res.type === CERTIFICATE) return judgeAlarms(index, thresholds, index.referrers(res, ALARM), (v) => pointsAt(v, res)) ?? fail(undefined, undefined, `no alarm on DaysToExpiry: nobody is warned ${thresholds.get(KEY)} days before the certificate expires`);
    const uses = certificatesServed(index, res);
    if (!uses) return undefined;
    return worst(uses.filter((u) => !namesCertificate(u.v)).map(({ property, v, list, iam }) => {
      if (list) return unknown(property, v, `certificates decided at deploy time (${list})`);
      if (iam) return fail(property, v, 'IAM server certificate: ACM publishes no DaysToExpiry for it, so no alarm can warn before it expires (use an ACM certificate)');
      const shown = v.k === 'unknown' ? `decided at deploy time (${v.why})` : V.show(v);
      return judgeAlarms(index, thresholds, index.ofType(ALARM), (d) => sameCertificate(d, v))
        ?? unknown(property, v, `the certificate, ${shown}, is none of this template's, and no alarm here watches its DaysToExpiry: whether one elsewhere warns ${thresholds.get(KEY)} days before it expires cannot be seen`);
    }));
  },
};

/** Whether a certificate value is (built on) a certificate of the run, which is judged itself. */
function namesCertificate(v: Val): boolean {
  return (v.k === 'ref' && v.target.type === CERTIFICATE) || (v.k === 'expr' && v.refs.some((r) => r.type === CERTIFICATE));
}

/**
 * Whether an alarm's CertificateArn dimension names the certificate `cert` gives: the same text, or the same value
 * decided at deploy time (the same attribute of the same resource, the same open or SSM parameter, the same dynamic
 * reference: CloudFormation resolves both in the same stack operation).
 */
function sameCertificate(dimension: Val, cert: Val): boolean {
  if (sameName(dimension, cert, false)) return true;
  if (dimension.k === 'ref' && cert.k === 'ref') return dimension.target === cert.target && dimension.attr === cert.attr;
  if (dimension.k !== 'unknown' || cert.k !== 'unknown' || dimension.why !== cert.why) return false;
  return (dimension.param !== undefined && dimension.param === cert.param) || dimension.why.startsWith('dynamic reference {{resolve:');
}

/**
 * The verdict of the alarms (`alarms`) on the DaysToExpiry of the certificate `cert` names, or undefined when none
 * watches it.
 */
function judgeAlarms(index: TemplateIndex, thresholds: Thresholds, alarms: readonly CfnResource[], cert: (dimension: Val) => boolean): Verdict | undefined {
  const t = thresholds.get(KEY);
  const problems: string[] = [];
  let undecided: { alarm: CfnResource; why: string } | undefined;
  let watching = 0;
  for (const alarm of alarms) {
    const op = index.prop(alarm, 'ComparisonOperator');
    const threshold = index.prop(alarm, 'Threshold');
    try {
      if (!watchesExpiry(index, alarm, cert)) continue;
      watching++;
      const n = V.num(threshold);
      const operator = V.str(op);
      if (operator !== 'LessThanThreshold' && operator !== 'LessThanOrEqualToThreshold') { problems.push(`${alarm.logicalId}: ${V.show(op)} does not fire as expiry approaches`); continue; }
      if (n === undefined || !thresholds.meets(KEY, n)) { problems.push(`${alarm.logicalId}: threshold ${V.show(threshold)} days, needs >= ${t}`); continue; }
      // Whether the alarm acts is `alarmActs`' answer (ActionsEnabled, its actions, an alarm mute rule naming it), as
      // for every alarm item; one whose only actions scale or stop machines tells no one.
      const acts = alarmActs(index, alarm);
      if (acts.acts === false) { problems.push(`${alarm.logicalId}: ${acts.why}`); continue; }
      if (acts.acts === undefined) throw new Undecidable(acts.why);
      if (acts.machineOnly !== undefined) { problems.push(`${alarm.logicalId}: ${acts.machineOnly}`); continue; }
      const stat = statisticProblem(index, alarm);
      if (stat !== undefined) { problems.push(`${alarm.logicalId}: ${stat}`); continue; }
      const delay = firingDelay(index, alarm);
      const fires = n - delay.days;
      if (!thresholds.meets(KEY, fires)) { problems.push(`${alarm.logicalId}: threshold ${n} days, but it waits for ${delay.days + 1} breaching datapoints of a metric published daily, so it fires ${delay.days} days later, at DaysToExpiry ${operator === 'LessThanThreshold' ? '<' : '<='} ${fires} (needs >= ${t})`); continue; }
      if (delay.open) throw new Undecidable(delay.open);
      const after = delay.days > 0 ? ` and ${delay.days + 1} datapoints (at DaysToExpiry ${operator === 'LessThanThreshold' ? '<' : '<='} ${fires})` : '';
      return pass('Alarm', alarm.logicalId, `alarm ${alarm.logicalId} fires when DaysToExpiry ${operator === 'LessThanThreshold' ? '<' : '<='} ${n}${after} (threshold ${KEY} ${t})`);
    } catch (e) {
      // One undecided alarm does not hide another that passes: judge the rest first.
      if (!(e instanceof Undecidable)) throw e;
      undecided = { alarm, why: e.why };
    }
  }
  if (undecided) return unknown('Alarm', undecided.alarm.logicalId, `alarm ${undecided.alarm.logicalId} is decided at deploy time (${undecided.why})`);
  if (watching === 0) return undefined;
  return fail('Alarm', `${watching} alarm(s)`, `no adequate expiry alarm: ${problems.join('; ')}`);
}

