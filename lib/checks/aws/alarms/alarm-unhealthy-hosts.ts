import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { actionProblem, alarmsOn, best, label, metricOn, singleMetric } from '../../cfn/alarms';

const NAMESPACES = ['AWS/ApplicationELB', 'AWS/NetworkELB'];

/** ALARM-UNHEALTHY-HOSTS: a target group of instances or IPs alarms as soon as one target is unhealthy. */
export const AlarmUnhealthyHosts: AwsRule = {
  id: 'AlarmUnhealthyHosts',
  items: ['ALARM-UNHEALTHY-HOSTS'],
  types: ['AWS::ElasticLoadBalancingV2::TargetGroup'],
  severity: Severity.MEDIUM,
  description: 'A target group of instances or IPs has an alarm on UnHealthyHostCount that fires at one unhealthy target, with an action.',
  fix: 'Add a cloudwatch.Alarm on targetGroup.metrics.unhealthyHostCount() with threshold 0 and GreaterThanThreshold (or 1 and GreaterThanOrEqualToThreshold), and an SNS action.',
  check(res, { index }) {
    const type = index.prop(res, 'TargetType');
    if (type.k === 'unknown') return unknown('Properties.TargetType', type, `target type decided at deploy time (${type.why})`);
    const t = V.str(type) ?? 'instance';
    if (t !== 'instance' && t !== 'ip') return undefined;
    const verdicts: Verdict[] = [];
    for (const view of alarmsOn(index, [res])) {
      const m = singleMetric(view);
      if (!m || m.name !== 'UnHealthyHostCount' || !NAMESPACES.includes(m.namespace ?? '') || !metricOn(m, [res])) continue;
      const l = label(view);
      if (view.threshold.k === 'unknown') {
        verdicts.push(unknown(`${l}.Threshold`, view.threshold, `threshold of alarm ${l} decided at deploy time (${view.threshold.why})`));
        continue;
      }
      const n = V.num(view.threshold);
      const op = view.comparison;
      const atOne = n !== undefined && ((op === 'GreaterThanThreshold' && n >= 0 && n < 1) || (op === 'GreaterThanOrEqualToThreshold' && n > 0 && n <= 1));
      if (!atOne) {
        verdicts.push(fail(`${l}.Threshold`, `${op} ${V.show(view.threshold)}`, `alarm ${l} does not fire at the first unhealthy target (${op} ${V.show(view.threshold)}); use GreaterThanThreshold 0`));
        continue;
      }
      verdicts.push(actionProblem(index, view) ?? pass(`${l}.Threshold`, `${op} ${n}`, `alarm ${l} fires when a target is unhealthy, and notifies`));
    }
    return best(verdicts, () => fail(undefined, undefined, 'no alarm on UnHealthyHostCount watches this target group'));
  },
};
