import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { actionProblem, alarmsOn, bandProblem, best, label, MetricKind, openAlarm, resolutionGap, unwatchedOf, watchedMetric, wrongAlarm } from '../../cfn/alarms';

const KINDS: MetricKind[] = [
  { namespace: 'AWS/ApplicationELB', names: ['UnHealthyHostCount'] },
  { namespace: 'AWS/NetworkELB', names: ['UnHealthyHostCount'] },
];

/**
 * ALARM-UNHEALTHY-HOSTS: a target group alarms as soon as one target is
 * unhealthy.
 *
 * Decisions: target groups of instances or IPs are judged; a Lambda target
 * group (a function, usually through its alias) is judged when its health
 * checks are enabled — only then does the load balancer publish
 * UnHealthyHostCount for it; with health checks off (the Lambda default) it
 * has no unhealthy targets to alarm on. Target groups of an ALB behind an NLB
 * are not judged. The alarm must read UnHealthyHostCount as the load balancer
 * publishes it: per LoadBalancer + TargetGroup (an alarm that adds
 * AvailabilityZone watches the targets of one zone only: unknown, as alarms
 * zone by zone are not added up), the target group by `TargetGroupFullName` and its balancer by
 * `LoadBalancerFullName` (or the CDK's split of a listener ARN); a
 * TargetGroup-only alarm, or one naming them by `!Ref` (their ARNs), gets no
 * data and fails with that reason (`watchedMetric`). A Period under the
 * minute at which the load balancer publishes it is unknown when the alarm
 * may not see enough data points to fire (`resolutionGap`).
 */
export const AlarmUnhealthyHosts: AwsRule = {
  id: 'AlarmUnhealthyHosts',
  items: ['ALARM-UNHEALTHY-HOSTS'],
  types: ['AWS::ElasticLoadBalancingV2::TargetGroup'],
  severity: Severity.MEDIUM,
  description: 'A target group of instances or IPs (or of a Lambda function with health checks enabled) has an alarm on UnHealthyHostCount that fires at one unhealthy target, with an action.',
  fix: 'Add a cloudwatch.Alarm on targetGroup.metrics.unhealthyHostCount() with threshold 0 and GreaterThanThreshold (or 1 and GreaterThanOrEqualToThreshold), and an SNS action.',
  check(res, { index }) {
    const type = index.prop(res, 'TargetType');
    if (type.k === 'unknown') return unknown('Properties.TargetType', type, `target type decided at deploy time (${type.why})`);
    const t = V.str(type) ?? 'instance';
    if (t === 'lambda') {
      const enabled = index.prop(res, 'HealthCheckEnabled');
      if (enabled.k === 'unknown') return unknown('Properties.HealthCheckEnabled', enabled, `whether the Lambda target group checks health is decided at deploy time (${enabled.why})`);
      if (!V.isTrue(enabled)) return undefined;
    } else if (t !== 'instance' && t !== 'ip') {
      return undefined;
    }
    const verdicts: Verdict[] = [];
    for (const view of alarmsOn(index, [res])) {
      const w = KINDS.map((k) => watchedMetric(index, view, k, [res])).find((x) => x !== undefined);
      if (!w) continue;
      const l = label(view);
      if (w.wrong !== undefined) {
        verdicts.push(wrongAlarm(view, w));
        continue;
      }
      if (w.open !== undefined) {
        verdicts.push(openAlarm(view, w.open));
        continue;
      }
      // One zone of the target group (an AvailabilityZone dimension): the other zones' targets are not in its data.
      const aside = w.metric && unwatchedOf(index, [w.metric], res);
      if (aside) {
        verdicts.push(openAlarm(view, `alarm ${l} ${aside.text}`));
        continue;
      }
      const band = bandProblem(view);
      if (band !== undefined) {
        verdicts.push(fail(`${l}.ThresholdMetricId`, view.band?.id, band('a static threshold the first unhealthy target breaches (GreaterThanThreshold 0)')));
        continue;
      }
      if (view.threshold.k === 'unknown') {
        verdicts.push(unknown(`${l}.Threshold`, view.threshold, `threshold of alarm ${l} decided at deploy time (${view.threshold.why})`));
        continue;
      }
      const op = index.prop(view.alarm, 'ComparisonOperator');
      if (op.k === 'unknown') {
        verdicts.push(unknown(`${l}.ComparisonOperator`, op, `comparison of alarm ${l} decided at deploy time (${op.why})`));
        continue;
      }
      const n = V.num(view.threshold);
      const cmp = view.comparison;
      const atOne = n !== undefined && ((cmp === 'GreaterThanThreshold' && n >= 0 && n < 1) || (cmp === 'GreaterThanOrEqualToThreshold' && n > 0 && n <= 1));
      if (!atOne) {
        verdicts.push(fail(`${l}.Threshold`, `${cmp} ${V.show(view.threshold)}`, `alarm ${l} does not fire at the first unhealthy target (${cmp} ${V.show(view.threshold)}); use GreaterThanThreshold 0`));
        continue;
      }
      const gap = resolutionGap(view);
      if (gap !== undefined && !actionProblem(index, view)) {
        verdicts.push(unknown(`${l}.Period`, undefined, `alarm ${l} ${gap}`));
        continue;
      }
      verdicts.push(actionProblem(index, view) ?? pass(`${l}.Threshold`, `${cmp} ${n}`, `alarm ${l} fires when a target is unhealthy, and notifies`));
    }
    return best(verdicts, () => fail(undefined, undefined, 'no alarm on UnHealthyHostCount watches this target group'));
  },
};
