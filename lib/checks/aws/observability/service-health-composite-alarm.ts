import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { compositesOf, metricOn, openComposites } from '../../cfn/alarms';
import { V } from '../../template-index';
import { isServiceCompute } from '../../cfn/service-compute';
import { serviceAlarms, serviceParts } from './signals';

/**
 * ALARM-STANDARD-SET: the service's alarms ship as one set — a composite
 * "service health" alarm covers every alarm that watches the service.
 *
 * Decisions: the members of the set (error rate, latency, unhealthy hosts,
 * CPU, memory, database, cache) are each judged by their own items
 * (ALARM-ERROR-RATE ... ALARM-MEMORY); repeating those here would fail two
 * items for one missing alarm. What this item adds is that the set is declared
 * as a whole: every notification alarm on the service's own metrics (service,
 * target groups, load balancer, function and its aliases) is part of an
 * AWS::CloudWatch::CompositeAlarm, which is what pages (ALARM-PAGING) and what
 * a deployment watches. Scaling alarms are left out. A service no alarm
 * watches fails. The composite's AlarmRule is read in each world: an alarm
 * named only in a branch not taken is not covered there.
 */
export const ServiceHealthCompositeAlarm: AwsRule = {
  id: 'ServiceHealthCompositeAlarm',
  items: ['ALARM-STANDARD-SET'],
  types: ['AWS::ECS::Service', 'AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'Every alarm on a service\'s metrics (ECS service, its target groups and load balancer, or a serving function) is part of a composite service-health alarm.',
  fix: 'Add a cloudwatch.CompositeAlarm with AlarmRule.anyOf(...all the service alarms) and route it to on-call (ServiceAlarms does this).',
  check(res, { index }) {
    if (!isServiceCompute(res, index)) return undefined;
    const parts = serviceParts(res, index);
    const alarms = serviceAlarms(res, index);
    if (alarms.length === 0) return fail(undefined, res.logicalId, 'no alarm watches the service: the standard alarm set is missing');
    const uncovered = alarms.filter((a) => compositesOf(index, a.alarm).length === 0);
    const certain = uncovered.filter((a) => a.open === undefined && a.metrics.some((m) => metricOn(index, m, parts) === true));
    const openRules = uncovered.length > 0 ? openComposites(index) : [];
    if (openRules.length > 0) {
      const ids = uncovered.map((a) => a.alarm.logicalId).join(', ');
      return unknown(undefined, ids, `whether composite alarm ${openRules.map((c) => c.logicalId).join(', ')} covers ${ids} is decided at deploy time (its AlarmRule: ${V.show(index.prop(openRules[0], 'AlarmRule'))})`);
    }
    if (certain.length > 0) {
      const ids = certain.map((a) => a.alarm.logicalId).join(', ');
      return fail(undefined, ids, `alarm(s) ${ids} watch the service but belong to no composite service-health alarm`);
    }
    if (uncovered.length > 0) {
      const ids = uncovered.map((a) => a.alarm.logicalId).join(', ');
      return unknown(undefined, ids, `alarm(s) ${ids} belong to no composite service-health alarm, and whether they watch the service is decided at deploy time`);
    }
    const composites = [...new Set(alarms.flatMap((a) => compositesOf(index, a.alarm).map((c) => c.logicalId)))];
    return pass(undefined, composites.join(', '), `composite alarm ${composites.join(', ')} covers all ${alarms.length} alarms of the service`);
  },
};
