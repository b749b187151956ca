import { Severity } from '../../model';
import { AwsRule, fail, pass } from '../../rule';
import { isServiceCompute } from '../../cfn/service-compute';
import { compositesOf, serviceAlarms } from './signals';

/**
 * ALARM-STANDARD-SET: the service's alarms ship as one set — a composite
 * "service health" alarm covers every alarm that watches the service.
 *
 * Decisions: the members of the set (error rate, latency, unhealthy hosts,
 * CPU, memory, database, cache) are each judged by their own items
 * (ALARM-ERROR-RATE ... ALARM-MEMORY); repeating those here would fail two
 * items for one missing alarm. What this item adds is that the set is declared
 * as a whole: every notification alarm on the service's own metrics (service,
 * target groups, load balancer, function) is part of an
 * AWS::CloudWatch::CompositeAlarm, which is what pages (ALARM-PAGING) and what
 * a deployment watches. Scaling alarms are left out. A service no alarm
 * watches fails.
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
    const alarms = serviceAlarms(res, index);
    if (alarms.length === 0) return fail(undefined, res.logicalId, 'no alarm watches the service: the standard alarm set is missing');
    const uncovered = alarms.filter((a) => compositesOf(a.alarm, index).length === 0).map((a) => a.alarm.logicalId);
    if (uncovered.length > 0) {
      return fail(undefined, uncovered.join(', '), `alarm(s) ${uncovered.join(', ')} watch the service but belong to no composite service-health alarm`);
    }
    const composites = [...new Set(alarms.flatMap((a) => compositesOf(a.alarm, index).map((c) => c.logicalId)))];
    return pass(undefined, composites.join(', '), `composite alarm ${composites.join(', ')} covers all ${alarms.length} alarms of the service`);
  },
};
