/**
 * A latency alarm of another percentile never evidences this one: AlarmLatencyP99 judged a p95 alarm whose metric
 * name is decided at deploy time as "may be the p99 alarm" (unknown, naming the p95 alarm), although no value of
 * the parameter makes it a p99 alarm. The statistic is read first: such an alarm is "not p99".
 */
import { judgedOn } from './judged';

const p = (...path: (string | number)[]) => ['Resources', ...path];
const noP99 = [
  { op: 'delete' as const, path: p('LatencyP99Alarm') },
  // the composite alarm of the base names the p99 alarm: it names the p95 alarm in its place
  { op: 'set' as const, path: p('ServiceHealth', 'Properties', 'AlarmRule'), value: { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['LatencyP95Alarm', 'Arn'] }, '")']] } },
];
const openMetric = [
  { op: 'set' as const, path: ['Parameters', 'LatencyMetric'], value: { Type: 'String', Default: 'TargetResponseTime' } },
  { op: 'set' as const, path: p('LatencyP95Alarm', 'Properties', 'MetricName'), value: { Ref: 'LatencyMetric' } },
];

test('a p95 alarm whose metric name is decided at deploy time is no p99 alarm: fail, naming its statistic', () => {
  const v = judgedOn('ecs-service', [...noP99, ...openMetric], 'AlarmLatencyP99', 'Alb');
  expect(v).toEqual([['fail', expect.stringMatching(/LatencyP95Alarm watches p95, not p99/)]]);
});

test('the p95 rule still reads the same alarm as unknown (the parameter decides whether it watches the response time)', () => {
  const v = judgedOn('ecs-service', [...noP99, ...openMetric], 'AlarmLatencyP95', 'Alb');
  expect(v.map(([s]) => s)).toEqual(['unknown']);
  expect(v[0][1]).toMatch(/LatencyP95Alarm/);
});
