/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The alarm readers on what silences an alarm and on anomaly detection alarms (found by an audit, 2026-12-18):
 * - an `AWS::CloudWatch::AlarmMuteRule` naming an alarm mutes its actions in its windows, or at all times when each
 *   window lasts until the next one starts: ALARM-ACTIONS, the threshold items and ALARM-PAGING passed such an alarm;
 * - a composite alarm whose `ActionsSuppressor` notifies no one holds its actions back while that alarm is in ALARM;
 * - an anomaly detection alarm (`ThresholdMetricId`) watches its metric, with a band, not a static threshold: the
 *   alarm items said no alarm watched the metric (or that it compared "with GreaterThanUpperThreshold");
 * - display: a port that is a `Fn::GetAtt` printed `undefined`; require_secure_transport not set was shown as
 *   `DBClusterParameterGroupName=(not set)`.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[status, message]` of `rule` on `resource` of the patched base. */
function judged(base: string, rule: string, resource: string, patch: PatchOp[]): Array<[string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, { region: 'eu-west-1', account: '111111111111' });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}
function finding(tpl: any, rule: string, resource: string) {
  const report = checks.checkTemplate(tpl, 'probe', { region: 'eu-west-1', account: '111111111111' });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource);
}
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const resource = (id: string, value: any) => set(['Resources', id], value);
const one = (status: string, re: RegExp) => [[status, expect.stringMatching(re)]];
const mute = (targets: any[], expression: string, duration: string, extra: any = {}) => resource('Mute', {
  Type: 'AWS::CloudWatch::AlarmMuteRule',
  Properties: { Rule: { Schedule: { Expression: expression, Duration: duration } }, MuteTargets: { AlarmNames: targets }, ...extra },
});

describe('alarm mute rules', () => {
  test('the base passes', () => {
    expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', [])).toEqual(one('pass', /notifies 1 target/));
    expect(judged('ecs-service', 'AlarmCpu', 'Service', [])).toEqual(one('pass', /CpuAlarm fires above 80/));
  });

  test('a mute whose windows follow each other (daily for a day, hourly for an hour) silences the alarm: fail', () => {
    for (const [expression, duration] of [['cron(0 0 * * ? *)', 'P1D'], ['cron(0 2 * * *)', 'PT24H'], ['cron(30 * * * *)', 'PT1H'], ['cron(0 18 * * FRI)', 'P7D'], ['cron(0 0 * * MON-FRI)', 'P3D']]) {
      const patch = [mute([{ Ref: 'CpuAlarm' }], expression, duration)];
      expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', patch)).toEqual(one('fail', /alarm mute rule Mute mutes its actions at all times .*nobody is told when it fires/));
      expect(judged('ecs-service', 'AlarmCpu', 'Service', patch)).toEqual(one('fail', /CPU: alarm CpuAlarm: alarm mute rule Mute mutes its actions at all times/));
    }
  });

  test('a mute of a critical composite at all times pages nobody: fail', () => {
    const patch = [mute([{ Ref: 'ServiceHealth' }], 'cron(0 0 * * ? *)', 'P1D')];
    expect(judged('ecs-service', 'CriticalAlarmPages', 'ServiceHealth', patch)).toEqual(one('fail', /mutes its actions at all times .*it pages nobody/));
    expect(judged('ecs-service', 'AlarmHasAction', 'ServiceHealth', patch)).toEqual(one('fail', /mutes its actions at all times/));
  });

  test('a mute in windows (weekly, nightly, once), or at all times until an ExpireDate: unknown', () => {
    for (const patch of [
      [mute([{ Ref: 'CpuAlarm' }], 'cron(0 2 ? * SUN *)', 'PT2H')],
      [mute([{ Ref: 'CpuAlarm' }], 'cron(0 2 * * *)', 'PT23H')],
      [mute([{ Ref: 'CpuAlarm' }], 'at(2027-01-01T00:00:00)', 'P7D')],
      [mute([{ Ref: 'CpuAlarm' }], 'cron(0 0 1 * *)', 'P15D')],
      [mute([{ Ref: 'CpuAlarm' }], 'cron(0 0 * * ? *)', 'P1D', { ExpireDate: '2027-01-01T00:00:00Z' })],
    ]) {
      expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', patch)).toEqual(one('unknown', /alarm mute rule Mute mutes its actions/));
      expect(judged('ecs-service', 'AlarmCpu', 'Service', patch)).toEqual(one('unknown', /CpuAlarm: alarm mute rule Mute/));
    }
    const weekly = [mute([{ Ref: 'CpuAlarm' }], 'cron(0 2 ? * SUN *)', 'PT2H')];
    expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', weekly)).toEqual(one('unknown', /on schedule cron\(0 2 \? \* SUN \*\) for PT2H: whether it notifies when it fires depends on when/));
  });

  test('a daily mute in a time zone with daylight saving that just covers the day leaves an hour: unknown', () => {
    const patch = [set(['Resources', 'Mute'], { Type: 'AWS::CloudWatch::AlarmMuteRule', Properties: { Rule: { Schedule: { Expression: 'cron(0 0 * * *)', Duration: 'P1D', Timezone: 'Europe/Paris' } }, MuteTargets: { AlarmNames: [{ Ref: 'CpuAlarm' }] } } })];
    expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', patch)).toEqual(one('unknown', /time zone Europe\/Paris/));
  });

  test('a mute naming the alarm by its AlarmName text; a target from an open parameter may name it: unknown', () => {
    const named = [set(['Resources', 'CpuAlarm', 'Properties', 'AlarmName'], 'svc-cpu'), mute(['svc-cpu'], 'cron(0 0 * * ? *)', 'P1D')];
    expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', named)).toEqual(one('fail', /mutes its actions at all times/));
    const open = [set(['Parameters', 'Muted'], { Type: 'String' }), mute([{ Ref: 'Muted' }], 'cron(0 0 * * ? *)', 'P1D')];
    expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', open)).toEqual(one('unknown', /alarm mute rule Mute may name it: an alarm name is decided at deploy time/));
  });

  test('a mute of other alarms, without targets, or not deployed (condition false) leaves the alarm as it was', () => {
    for (const patch of [
      [mute([{ Ref: 'MemoryAlarm' }, 'other-alarm'], 'cron(0 0 * * ? *)', 'P1D')],
      [mute([{ 'Fn::GetAtt': ['CpuAlarm', 'Arn'] }], 'cron(0 0 * * ? *)', 'P1D')],
      [resource('Mute', { Type: 'AWS::CloudWatch::AlarmMuteRule', Properties: { Rule: { Schedule: { Expression: 'cron(0 0 * * ? *)', Duration: 'P1D' } } } })],
      [set(['Conditions', 'Never'], { 'Fn::Equals': ['a', 'b'] }), mute([{ Ref: 'CpuAlarm' }], 'cron(0 0 * * ? *)', 'P1D'), set(['Resources', 'Mute', 'Condition'], 'Never')],
    ]) {
      expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', patch)).toEqual(one('pass', /notifies 1 target/));
    }
  });
});

describe('alarm mute rules on the alarms other items read', () => {
  test('a certificate expiry alarm muted at all times warns nobody: fail; in windows: unknown', () => {
    expect(judged('ecs-service', 'AcmCertificateExpiryAlarm', 'Certificate', [])).toEqual(one('pass', /CertificateExpiryAlarm fires/));
    const always = [mute([{ Ref: 'CertificateExpiryAlarm' }], 'cron(0 0 * * ? *)', 'P1D')];
    expect(judged('ecs-service', 'AcmCertificateExpiryAlarm', 'Certificate', always)).toEqual(one('fail', /CertificateExpiryAlarm: alarm mute rule Mute mutes its actions at all times/));
    const weekly = [mute([{ Ref: 'CertificateExpiryAlarm' }], 'cron(0 2 ? * SUN *)', 'PT2H')];
    expect(judged('ecs-service', 'AcmCertificateExpiryAlarm', 'Certificate', weekly)).toEqual(one('unknown', /alarm mute rule Mute mutes its actions on schedule/));
  });

  test('an alarm on the rotation function\'s errors muted at all times reports no failed rotation: fail; in windows: unknown', () => {
    const byAlarm = [
      { op: 'delete', path: ['Resources', 'RotationFailed0AF7EA14'] } as PatchOp,
      resource('RotationErrors', { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'SecurityTopic077AEA2C' }], ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'RotationFnF5FD23F8' } }], Period: 300, Statistic: 'Sum', Threshold: 0 } }),
    ];
    const rotation = (patch: PatchOp[]) => judged('secrets', 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7', [...byAlarm, ...patch]);
    expect(rotation([])).toEqual(one('pass', /alarm RotationErrors watches the rotation function's errors/));
    expect(rotation([mute([{ Ref: 'RotationErrors' }], 'cron(0 * * * *)', 'PT1H')])).toEqual(one('fail', /no EventBridge rule or alarm reports a failed rotation/));
    expect(rotation([mute([{ Ref: 'RotationErrors' }], 'cron(0 2 ? * SUN *)', 'PT2H')])).toEqual(one('unknown', /alarm RotationErrors: alarm mute rule Mute mutes its actions on schedule/));
  });
});

describe('composite alarms held back by an ActionsSuppressor', () => {
  const deploying = resource('Deploying', { Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, MetricName: 'Deploying', Namespace: 'Custom', Period: 60, Statistic: 'Maximum', Threshold: 0 } });
  const suppressor = (v: any) => set(['Resources', 'ServiceHealth', 'Properties', 'ActionsSuppressor'], v);

  test('a suppressor that notifies no one, or one outside the template: unknown', () => {
    const patch = [deploying, suppressor({ 'Fn::GetAtt': ['Deploying', 'Arn'] })];
    expect(judged('ecs-service', 'AlarmHasAction', 'ServiceHealth', patch)).toEqual(one('unknown', /suppressed while alarm Deploying is in ALARM, and Deploying notifies no one/));
    expect(judged('ecs-service', 'CriticalAlarmPages', 'ServiceHealth', patch)).toEqual(one('unknown', /suppressed while alarm Deploying is in ALARM/));
    expect(judged('ecs-service', 'AlarmHasAction', 'ServiceHealth', [suppressor('arn:aws:cloudwatch:eu-west-1:111111111111:alarm:deploying')])).toEqual(one('unknown', /outside this template/));
  });

  test('a suppressor that notifies someone itself passes', () => {
    const patch = [deploying, set(['Resources', 'Deploying', 'Properties', 'AlarmActions'], [{ Ref: 'AlarmTopic' }]), suppressor({ 'Fn::GetAtt': ['Deploying', 'Arn'] })];
    expect(judged('ecs-service', 'AlarmHasAction', 'ServiceHealth', patch)).toEqual(one('pass', /notifies 1 target/));
  });
});

describe('anomaly detection alarms', () => {
  const base = bases.get('ecs-service');
  const band = (alarm: string, metric: any, stat: string, returnBand = true) => set(['Resources', alarm, 'Properties'], {
    AlarmActions: [{ Ref: 'AlarmTopic' }], ComparisonOperator: 'GreaterThanUpperThreshold', EvaluationPeriods: 3, ThresholdMetricId: 'ad1',
    Metrics: [
      { Id: 'm1', ReturnData: true, MetricStat: { Metric: metric, Period: 60, Stat: stat } },
      { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: returnBand },
    ],
  });
  const cpu = { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: base.Resources.CpuAlarm.Properties.Dimensions };
  const p99 = { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: base.Resources.LatencyP99Alarm.Properties.Dimensions };

  test('an anomaly band on CPUUtilization watches it, with no static threshold: fail, saying so', () => {
    expect(judged('ecs-service', 'AlarmCpu', 'Service', [band('CpuAlarm', cpu, 'Average')])).toEqual(one('fail', /alarm CpuAlarm compares CPUUtilization \(Average\) with an anomaly detection band \(ad1: ANOMALY_DETECTION_BAND\(m1, 2\)\), not with a static threshold at or below 80 %/));
    expect(judged('ecs-service', 'AlarmHasAction', 'CpuAlarm', [band('CpuAlarm', cpu, 'Average')])).toEqual(one('pass', /notifies/));
  });

  test('an anomaly band on the p99 latency (its band returned or not): fail, saying so', () => {
    for (const returned of [true, false]) {
      expect(judged('ecs-service', 'AlarmLatencyP99', 'Alb', [band('LatencyP99Alarm', p99, 'p99', returned)])).toEqual(one('fail', /alarm LatencyP99Alarm compares TargetResponseTime \(p99\) with an anomaly detection band/));
    }
  });

  test('an anomaly band on an error rate expression: fail, saying so', () => {
    const metrics = [...base.Resources.ErrorRateAlarm.Properties.Metrics, { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(expr_1, 2)', ReturnData: true }];
    const patch = [
      set(['Resources', 'ErrorRateAlarm', 'Properties', 'Metrics'], metrics),
      set(['Resources', 'ErrorRateAlarm', 'Properties', 'ThresholdMetricId'], 'ad1'),
      set(['Resources', 'ErrorRateAlarm', 'Properties', 'ComparisonOperator'], 'GreaterThanUpperThreshold'),
      { op: 'delete', path: ['Resources', 'ErrorRateAlarm', 'Properties', 'Threshold'] } as PatchOp,
    ];
    expect(judged('ecs-service', 'AlarmErrorRate', 'Alb', patch)).toEqual(one('fail', /alarm ErrorRateAlarm compares expression expr_1 with an anomaly detection band/));
  });
});

describe('display', () => {
  test('a world-open port that is a database endpoint port is shown as written, not "undefined"', () => {
    const tpl = {
      Resources: {
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: '20', MasterUsername: 'u', ManageMasterUserPassword: true } },
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: 'vpc-1', SecurityGroupIngress: [{ IpProtocol: 'tcp', CidrIp: '0.0.0.0/0', FromPort: { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] }, ToPort: { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] } }] } },
      },
    };
    const f = finding(tpl, 'SecurityGroupRestrictedIngress', 'Sg');
    expect(f.map((x) => [x.status, x.message])).toEqual(one('fail', /^open to 0\.0\.0\.0\/0 on tcp port Db\.Endpoint\.Port: only a public load balancer/));
    expect(f[0].message).not.toMatch(/undefined/);
  });

  test('require_secure_transport not set in a default cluster parameter group is shown as not set, not the group name', () => {
    const tpl = {
      Resources: {
        Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.05.2', DBClusterParameterGroupName: 'default.aurora-mysql8.0', MasterUsername: 'u', ManageMasterUserPassword: true, StorageEncrypted: true } },
        I1: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-mysql', DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.r6g.large' } },
      },
    };
    const f = finding(tpl, 'RdsTlsEnforced', 'Cluster');
    expect(f.map((x) => [x.status, x.value])).toEqual([['fail', '(require_secure_transport not set)']]);
    expect(f[0].message).toMatch(/require_secure_transport is not set \(the default is OFF\) in the default parameter group default\.aurora-mysql8\.0/);
  });
});
