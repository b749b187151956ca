/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The alarm rules on what an alarm really sees (found by an audit of the alarm area, 2026-12-06: each case below
 * was a PASS):
 * - F1: ALARM-DB-CONNECTIONS compares the level of DatabaseConnections, not its SampleCount (1 a minute) or Sum;
 * - F2: a Period shorter than the minute at which AWS publishes ALB, Lambda, API Gateway, ECS, RDS and ElastiCache
 *   metrics leaves most periods empty: unknown where the alarm may never see enough data points, and a detection
 *   time never shorter than the data interval;
 * - F3: an ECS service's CPU or memory read with Minimum (or a percentile under p50) is the least-loaded task's;
 * - F4: ALARM-TOPIC-ENCRYPTED needs every topic policy on the topic to deny non-TLS (the last applied wins);
 * - F5: an error rate adds its error counts up (MAX, ABS of two counts are not their sum);
 * - F6: a metric read in another account (`AccountId`) is not the stack's resource's.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const ACCOUNT = '111111111111';

/** `[status, message]` of `rule` on `resource` of the patched base. */
function judged(base: string, rule: string, resource: string, patch: PatchOp[], account: string | undefined = ACCOUNT): Array<[string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, { region: 'eu-west-1', ...(account ? { account } : {}) });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });
const prop = (alarm: string, name: string, value: any) => set(['Resources', alarm, 'Properties', name], value);
const one = (status: string, re: RegExp) => [[status, expect.stringMatching(re)]];

/** Every MetricStat entry of an alarm of a base (their indexes in Metrics). */
function statEntries(base: string, alarm: string): number[] {
  const metrics: any[] = bases.get(base).Resources[alarm].Properties.Metrics;
  return metrics.map((m, i) => (m.MetricStat ? i : -1)).filter((i) => i >= 0);
}
const eachStat = (base: string, alarm: string, field: string[], value: any) =>
  statEntries(base, alarm).map((i) => set(['Resources', alarm, 'Properties', 'Metrics', i, ...field], value));

describe('F1: ALARM-DB-CONNECTIONS reads the number of connections', () => {
  const conn = (patch: PatchOp[]) => judged('database-rds', 'AlarmDbConnections', 'Db', patch);
  test('the base passes (Average)', () => {
    expect(conn([])).toEqual(one('pass', /alarm DbConnectionsAlarm7767BF57 fires above 700 connections/));
  });
  test('SampleCount (one data point a minute) and Sum fail, naming the statistic', () => {
    expect(conn([prop('DbConnectionsAlarm7767BF57', 'Statistic', 'SampleCount')])).toEqual(one('fail', /its statistic SampleCount is not the level of DatabaseConnections/));
    expect(conn([prop('DbConnectionsAlarm7767BF57', 'Statistic', 'Sum')])).toEqual(one('fail', /its statistic Sum is not the level of DatabaseConnections/));
  });
  test('a statistic from an open parameter is unknown; Maximum passes', () => {
    const open = [set(['Parameters', 'Stat'], { Type: 'String' }), prop('DbConnectionsAlarm7767BF57', 'Statistic', { Ref: 'Stat' })];
    expect(conn(open)).toEqual(one('unknown', /statistic is decided at deploy time/));
    expect(conn([prop('DbConnectionsAlarm7767BF57', 'Statistic', 'Maximum')])).toEqual(one('pass', /fires above 700 connections/));
  });
});

describe('F2: a Period shorter than the minute AWS publishes the metric at', () => {
  const p95 = (patch: PatchOp[]) => judged('edge-alb', 'AlarmLatencyP95', 'Alb', patch);
  const rate = (patch: PatchOp[]) => judged('edge-alb', 'AlarmErrorRate', 'Alb', patch);
  const cpu = (patch: PatchOp[]) => judged('database-rds', 'AlarmCpu', 'Db', patch);
  const notBreaching = (alarm: string) => prop(alarm, 'TreatMissingData', 'notBreaching');

  test('a 10-s p95 latency alarm, 3 of 3 periods, notBreaching: unknown, naming the data interval', () => {
    expect(p95([prop('LatencyP95Alarm', 'Period', 10), notBreaching('LatencyP95Alarm')]))
      .toEqual(one('unknown', /TargetResponseTime at a 10-s Period, but AWS publishes it once every 60 s: at most 1 of its 3 evaluation periods holds a data point, fewer than the 3 that must breach/));
  });
  test('the error-rate alarm at 10-s periods, notBreaching: unknown (it claimed to fire within 30 s)', () => {
    expect(rate(eachStat('edge-alb', 'ErrorRateAlarm', ['MetricStat', 'Period'], 10)))
      .toEqual(one('unknown', /HTTPCode_Target_5XX_Count at a 10-s Period, but AWS publishes it once every 60 s/));
  });
  test('an RDS CPU alarm at 10 s: unknown, whatever it does with missing data', () => {
    expect(cpu([prop('DbCpuAlarm', 'Period', 10), del(['Resources', 'DbCpuAlarm', 'Properties', 'TreatMissingData'])]))
      .toEqual(one('unknown', /CPUUtilization at a 10-s Period.*TreatMissingData missing does not count the empty ones/));
    expect(cpu([prop('DbCpuAlarm', 'Period', 10), notBreaching('DbCpuAlarm')])).toEqual(one('unknown', /TreatMissingData notBreaching/));
    // The base treats missing data as breaching: a window of 3 empty periods puts it in ALARM with no breach.
    expect(cpu([prop('DbCpuAlarm', 'Period', 10)])).toEqual(one('unknown', /\(some as few as 0\), and TreatMissingData breaching counts the empty ones as breaching: 3 empty periods reach the 3 needed/));
  });
  test('a Period decided at deploy time is unknown', () => {
    const open = [set(['Parameters', 'Period'], { Type: 'Number' }), prop('DbCpuAlarm', 'Period', { Ref: 'Period' })];
    expect(cpu(open)).toEqual(one('unknown', /CPUUtilization at a Period decided at deploy time/));
  });
  test('breaching empty periods that alone reach DatapointsToAlarm: unknown (it may sit in ALARM)', () => {
    expect(p95([prop('LatencyP95Alarm', 'Period', 10), prop('LatencyP95Alarm', 'TreatMissingData', 'breaching'), prop('LatencyP95Alarm', 'DatapointsToAlarm', 2)]))
      .toEqual(one('unknown', /TreatMissingData breaching counts the empty ones as breaching: 3 empty periods reach the 2 needed/));
  });
  test('still passes where the alarm sees the data points it needs, timed at the data interval', () => {
    expect(p95([prop('LatencyP95Alarm', 'Period', 10), notBreaching('LatencyP95Alarm'), prop('LatencyP95Alarm', 'DatapointsToAlarm', 1)]))
      .toEqual(one('pass', /fires above 0.5 s/));
    const tenSeconds = [...eachStat('edge-alb', 'ErrorRateAlarm', ['MetricStat', 'Period'], 10), prop('ErrorRateAlarm', 'DatapointsToAlarm', 1)];
    expect(rate(tenSeconds)).toEqual(one('pass', /fires within 60 s \(limit 180 s\)/));
    const thirty = [...eachStat('edge-alb', 'ErrorRateAlarm', ['MetricStat', 'Period'], 30), prop('ErrorRateAlarm', 'DatapointsToAlarm', 2)];
    expect(rate(thirty)).toEqual(one('pass', /fires within 120 s \(limit 180 s\)/));
  });
  test('an UnHealthyHostCount alarm at 10 s is unknown', () => {
    expect(judged('edge-alb', 'AlarmUnhealthyHosts', 'TargetGroup', [prop('UnhealthyHostsAlarm', 'Period', 10)]).map(([s]) => s)).toEqual(['unknown']);
  });
});

describe('F3: an ECS service alarm on the least-loaded task', () => {
  const cpu = (patch: PatchOp[]) => judged('ecs-service', 'AlarmCpu', 'Service', patch);
  const memory = (patch: PatchOp[]) => judged('ecs-service', 'AlarmMemory', 'Service', patch);
  test('Minimum CPU and memory fail, naming the statistic', () => {
    expect(cpu([prop('CpuAlarm', 'Statistic', 'Minimum')])).toEqual(one('fail', /reads the Minimum over the tasks of service Service, below the median task/));
    expect(memory([prop('MemoryAlarm', 'Statistic', 'Minimum')])).toEqual(one('fail', /reads the Minimum over the tasks of service Service/));
  });
  test('p5 and a trimmed mean of the lowest half fail', () => {
    expect(cpu([del(['Resources', 'CpuAlarm', 'Properties', 'Statistic']), prop('CpuAlarm', 'ExtendedStatistic', 'p5')])).toEqual(one('fail', /reads the p5 over the tasks/));
    expect(cpu([del(['Resources', 'CpuAlarm', 'Properties', 'Statistic']), prop('CpuAlarm', 'ExtendedStatistic', 'TM(0%:40%)')])).toEqual(one('fail', /reads the TM\(0%:40%\)/));
  });
  test('Average (the base), Maximum and p50 still pass', () => {
    expect(cpu([]).map(([s]) => s)).toEqual(['pass']);
    expect(cpu([prop('CpuAlarm', 'Statistic', 'Maximum')]).map(([s]) => s)).toEqual(['pass']);
    expect(cpu([del(['Resources', 'CpuAlarm', 'Properties', 'Statistic']), prop('CpuAlarm', 'ExtendedStatistic', 'p50')]).map(([s]) => s)).toEqual(['pass']);
  });
});

describe('F4: ALARM-TOPIC-ENCRYPTED reads every topic policy on the topic', () => {
  const enc = (patch: PatchOp[]) => judged('edge-alb', 'AlarmTopicEncrypted', 'AlarmTopic', patch);
  const cw = { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'AlarmTopic' } };
  const second = (topics: any, statements: any[]) => set(['Resources', 'P2'], { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: topics, PolicyDocument: { Version: '2012-10-17', Statement: statements } } });
  const tls = () => bases.get('edge-alb').Resources.AlarmTopicPolicy.Properties.PolicyDocument.Statement[0];
  test('the base passes', () => {
    expect(enc([])).toEqual(one('pass', /AlarmTopicPolicy denies non-TLS requests/));
  });
  test('a second topic policy without the TLS deny may replace it: unknown', () => {
    expect(enc([second([{ Ref: 'AlarmTopic' }], [cw])])).toEqual(one('unknown', /topic policies AlarmTopicPolicy and P2 all apply to AlarmTopic and the last applied replaces the others: AlarmTopicPolicy denies non-TLS requests, P2 does not/));
  });
  test('a topic policy whose Topics are decided at deploy time may be the topic\'s: unknown', () => {
    expect(enc([set(['Parameters', 'TopicArn'], { Type: 'String' }), second([{ Ref: 'TopicArn' }], [cw])])).toEqual(one('unknown', /the topics of topic policy P2 are decided at deploy time: it may replace AlarmTopicPolicy/));
  });
  test('two topic policies that both deny pass', () => {
    expect(enc([second([{ Ref: 'AlarmTopic' }], [tls(), cw])])).toEqual(one('pass', /AlarmTopicPolicy and P2 deny non-TLS requests/));
  });
});

describe('F5: an error rate adds its error counts up', () => {
  const rate = (expression: string) => judged('edge-alb', 'AlarmErrorRate', 'Alb', [set(['Resources', 'ErrorRateAlarm', 'Properties', 'Metrics', 0, 'Expression'], expression)]);
  test('MAX and ABS of the two counts fail', () => {
    expect(rate('100 * MAX([FILL(e5, 0), FILL(elb5, 0)]) / req')).toEqual(one('fail', /the error counts e5, elb5 are not added up/));
    expect(rate('100 * ABS(FILL(e5, 0) - FILL(elb5, 0)) / req')).toEqual(one('fail', /the error counts e5, elb5 are not added up/));
  });
  test('their sum, written any way, passes', () => {
    expect(rate('100 * SUM([FILL(e5, 0), FILL(elb5, 0)]) / req').map(([s]) => s)).toEqual(['pass']);
    expect(rate('(FILL(e5, 0) * 100 + FILL(elb5, 0) * 100) / req').map(([s]) => s)).toEqual(['pass']);
  });
});

describe('F6: a metric read in another account', () => {
  const rate = (patch: PatchOp[], account?: string) => judged('edge-alb', 'AlarmErrorRate', 'Alb', patch, account);
  const accountOn = (value: any) => eachStat('edge-alb', 'ErrorRateAlarm', ['AccountId'], value);
  test('a literal other account fails; the stack\'s own passes', () => {
    expect(rate(accountOn('222222222222'))).toEqual(one('fail', /is read in account 222222222222 \(AccountId\), not this stack's account 111111111111/));
    expect(rate(accountOn(ACCOUNT)).map(([s]) => s)).toEqual(['pass']);
    expect(rate(accountOn({ Ref: 'AWS::AccountId' })).map(([s]) => s)).toEqual(['pass']);
  });
  test('unknown when the stack\'s account, or the AccountId, is decided at deploy time', () => {
    expect(rate(accountOn('222222222222'), '')).toEqual(one('unknown', /read in account 222222222222 \(AccountId\): whether it is the account of this stack/));
    expect(rate([set(['Parameters', 'Acct'], { Type: 'String' }), ...accountOn({ Ref: 'Acct' })])).toEqual(one('unknown', /read in the account its AccountId names, decided at deploy time/));
    expect(rate(accountOn({ Ref: 'AWS::AccountId' }), '').map(([s]) => s)).toEqual(['pass']);
  });
  test('an RDS CPU alarm in Metrics form on another account fails', () => {
    const metrics = [{ Id: 'm1', AccountId: '222222222222', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: 'Db' } }] }, Period: 60, Stat: 'Average' } }];
    const patch = [...['Namespace', 'MetricName', 'Dimensions', 'Statistic', 'Period'].map((p) => del(['Resources', 'DbCpuAlarm', 'Properties', p])), prop('DbCpuAlarm', 'Metrics', metrics)];
    expect(judged('database-rds', 'AlarmCpu', 'Db', patch)).toEqual(one('fail', /alarm DbCpuAlarm watches nothing of Db: metric m1 \(AWS\/RDS CPUUtilization\) is read in account 222222222222/));
    expect(judged('database-rds', 'AlarmCpu', 'Db', [...patch, set(['Resources', 'DbCpuAlarm', 'Properties', 'Metrics', 0, 'AccountId'], ACCOUNT)]).map(([s]) => s)).toEqual(['pass']);
  });
});
