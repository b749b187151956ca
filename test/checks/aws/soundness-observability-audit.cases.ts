/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes of the observability and logging rules found by an audit (2026-12-06), each a PASS on a patched
 * compliant base: a Lambda role scoped to another function's log group, or granting logs:PutLogEvents alone; an
 * awslogs driver sending to another region; an empty or deploy-time SENTRY_DSN taken for an error tracker; a
 * dashboard whose graphs read another region; a Route 53 health-check alarm outside us-east-1 or firing the wrong
 * way; a Cognito sign-in volume alarm taken for an authentication-failure alarm (and an error-count alarm firing when
 * the count falls); a Firehose role that cannot write the archive bucket. And one wrong FAIL: a metric filter naming
 * its log group by its name.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases, route53Probe } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
/** The bases are stacks of eu-west-1. */
const EU = { region: 'eu-west-1' };

/** `[resource, status, message]` of one rule's findings on a patched base (on `resource` when given). */
function judged(ruleId: string, base: string, patch: PatchOp[], env: { region: string; account?: string } | undefined = EU, resource?: string): Array<[string, string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, env);
  return report.findings.filter((f) => f.ruleId === ruleId && (resource === undefined || f.resource === resource)).map((f) => [f.resource ?? '', f.status, f.message]);
}
const verdicts = (fs: Array<[string, string, string]>) => fs.map(([, s, m]) => [s, m]);
const statuses = (fs: Array<[string, string, string]>) => fs.map(([, s]) => s);
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });

describe('1. LambdaRoleWritesLogs: the role must write the function\'s own log group', () => {
  const FN = 'Fn9270CBC0';
  const ROLE = 'FnServiceRoleB9001A96';
  const inline = (statement: any): PatchOp[] => [
    { op: 'delete', path: ['Resources', ROLE, 'Properties', 'ManagedPolicyArns'] },
    { op: 'push', path: ['Resources', 'FnServiceRoleDefaultPolicyC6A839BF', 'Properties', 'PolicyDocument', 'Statement'], value: { Effect: 'Allow', ...statement } },
  ];
  const both = ['logs:CreateLogStream', 'logs:PutLogEvents'];
  const role = (patch: PatchOp[], env?: { region: string; account?: string }) => judged('LambdaRoleWritesLogs', 'lambda-service', patch, env, FN);

  test('a policy scoped to another function\'s group fails', () => {
    const other = { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/some-other-function:*' };
    expect(verdicts(role(inline({ Action: both, Resource: other })))).toEqual([['fail', expect.stringMatching(/role FnServiceRoleB9001A96 cannot write log group FnLogs3EE1EAE0: no Allow of logs:CreateLogStream and logs:PutLogEvents on it/)]]);
  });
  test('logs:PutLogEvents alone (no logs:CreateLogStream) fails', () => {
    expect(verdicts(role(inline({ Action: 'logs:PutLogEvents', Resource: '*' })))).toEqual([['fail', expect.stringMatching(/no Allow of logs:CreateLogStream on it/)]]);
  });
  test('both actions on the group\'s ARN, on *, or on arn:aws:logs:*:*:* pass', () => {
    expect(statuses(role(inline({ Action: both, Resource: { 'Fn::GetAtt': ['FnLogs3EE1EAE0', 'Arn'] } })))).toEqual(['pass']);
    expect(statuses(role(inline({ Action: both, Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${FnLogs3EE1EAE0}:*' } })))).toEqual(['pass']);
    expect(statuses(role(inline({ Action: 'logs:*', Resource: '*' })))).toEqual(['pass']);
    expect(statuses(role(inline({ Action: both, Resource: 'arn:aws:logs:*:*:*' })))).toEqual(['pass']);
  });
  test('Lambda\'s default group: /aws/lambda/${Fn} passes, another name fails', () => {
    const dflt = [{ op: 'delete', path: ['Resources', FN, 'Properties', 'LoggingConfig', 'LogGroup'] } as PatchOp];
    const own = { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${' + FN + '}:*' };
    expect(statuses(role([...dflt, ...inline({ Action: both, Resource: own })]))).toEqual(['pass']);
    expect(statuses(role([...dflt, ...inline({ Action: both, Resource: 'arn:aws:logs:*:*:log-group:/aws/lambda/other:*' })]))).toEqual(['fail']);
  });
  test('a resource from an open parameter, or a literal account the check does not know, is unknown', () => {
    const open = [set(['Parameters', 'LogArn'], { Type: 'String' }), ...inline({ Action: both, Resource: { Ref: 'LogArn' } })];
    expect(verdicts(role(open))).toEqual([['unknown', expect.stringMatching(/whether role FnServiceRoleB9001A96 may write log group FnLogs3EE1EAE0 is decided at deploy time/)]]);
    const literal = inline({ Action: both, Resource: 'arn:aws:logs:eu-west-1:111111111111:log-group:*' });
    expect(statuses(role(literal))).toEqual(['unknown']);
    expect(statuses(role(literal, { region: 'eu-west-1', account: '111111111111' }))).toEqual(['pass']);
    expect(statuses(role(literal, { region: 'eu-west-1', account: '222222222222' }))).toEqual(['fail']);
  });
  test('the base (AWSLambdaBasicExecutionRole) passes', () => {
    expect(statuses(role([]))).toEqual(['pass']);
  });
});

describe('2. awslogs-region: logs sent to another region never reach the template\'s group', () => {
  const RULES = ['LogRetention', 'LogEncrypted', 'ErrorLogMetricFilter', 'LogArchiveToS3'];
  const region = (value: any): PatchOp[] => [0, 1].map((i) => set(['Resources', 'Task', 'Properties', 'ContainerDefinitions', i, 'LogConfiguration', 'Options', 'awslogs-region'], value));
  const task = (patch: PatchOp[], env?: { region: string }) => RULES.map((r) => judged(r, 'ecs-service', patch, env).filter(([res]) => res === 'Task' || res === 'AppLogsArchive')).flat();
  test('us-east-1 from a stack in eu-west-1: unknown on retention, encryption, error filters and archive', () => {
    const v = task(region('us-east-1'));
    expect(v.map(([, s]) => s)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    for (const [, , m] of v) expect(m).toMatch(/a log group in region us-east-1 \(awslogs-region; the stack is in eu-west-1\), not this template's/);
  });
  test('a literal region while the stack\'s region is not known is unknown; ${AWS::Region} and the stack\'s own region pass', () => {
    expect(task([], { region: undefined as any }).map(([, s, m]) => [s, m])[0]).toEqual(['unknown', expect.stringMatching(/awslogs-region is eu-west-1, and the stack's region is not known/)]);
    expect(statuses(task(region({ Ref: 'AWS::Region' }), { region: undefined as any }))).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(statuses(task([]))).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
  test('a region from an open parameter is unknown', () => {
    expect(statuses(task([set(['Parameters', 'LogRegion'], { Type: 'String' }), ...region({ Ref: 'LogRegion' })]))).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });
});

describe('3. ErrorLogMetricFilter: an error tracker must be switched on', () => {
  const FN = 'Fn9270CBC0';
  const noFilter: PatchOp = { op: 'delete', path: ['Resources', 'FnLogsErrorCount1409FAA4'] };
  const dsn = (value: any): PatchOp => set(['Resources', FN, 'Properties', 'Environment', 'Variables', 'SENTRY_DSN'], value);
  const errors = (patch: PatchOp[]) => judged('ErrorLogMetricFilter', 'lambda-service', patch, EU, FN);
  test('an empty SENTRY_DSN disables the SDK: judged by the metric filters (none here: fail)', () => {
    expect(verdicts(errors([noFilter, dsn('')]))).toEqual([['fail', expect.stringMatching(/no metric filter counts ERROR entries of its log group \(SENTRY_DSN is "", which turns the tracker's SDK off\)/)]]);
  });
  test('a SENTRY_DSN from an open parameter is unknown', () => {
    const param = [set(['Parameters', 'SentryDsn'], { Type: 'String', Default: '' }), noFilter, dsn({ Ref: 'SentryDsn' })];
    expect(verdicts(errors(param))).toEqual([['unknown', expect.stringMatching(/whether errors go to an error tracker is decided at deploy time \(SENTRY_DSN is decided at deploy time/)]]);
  });
  test('a literal DSN or a Secrets Manager reference passes', () => {
    expect(statuses(errors([noFilter, dsn('https://key@o1.ingest.sentry.io/1')]))).toEqual(['pass']);
    expect(statuses(errors([noFilter, dsn('{{resolve:secretsmanager:sentry:SecretString:dsn}}')]))).toEqual(['pass']);
  });
});

describe('4. Dashboards: a graph of another region shows nothing of this stack', () => {
  const RULES = ['DashboardService', 'DashboardInfrastructure', 'DashboardSecurity', 'DashboardBusinessMetrics'];
  const body = bases.get('ecs-service').Resources.Dashboard.Properties.DashboardBody['Fn::Join'];
  const inRegion = (r: string) => set(['Resources', 'Dashboard', 'Properties', 'DashboardBody'], { 'Fn::Join': [body[0], body[1].map((p: any) => (p?.Ref === 'AWS::Region' ? r : p))] });
  const all = (patch: PatchOp[], env?: { region: string }) => RULES.flatMap((r) => judged(r, 'ecs-service', patch, env));
  test('every widget in us-east-1, the stack in eu-west-1: fail', () => {
    const v = all([inRegion('us-east-1')]);
    expect(v.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(statuses(v))]).toEqual(['fail']);
  });
  test('the stack\'s own region written as a literal passes; a literal region while the stack\'s is not known is unknown', () => {
    expect([...new Set(statuses(all([inRegion('eu-west-1')])))]).toEqual(['pass']);
    expect([...new Set(statuses(all([inRegion('us-east-1')], { region: undefined as any })))]).toEqual(['unknown']);
  });
  test('a row\'s own region option counts over the widget\'s', () => {
    const text = JSON.stringify({ widgets: [{ type: 'metric', properties: { region: 'eu-west-1', metrics: [['AWS/ECS', 'CPUUtilization', 'ServiceName', 'SVC', 'ClusterName', 'CL', { region: 'us-east-1' }], ['AWS/ECS', 'MemoryUtilization', 'ServiceName', 'SVC', 'ClusterName', 'CL']] } }] });
    const pieces = text.split(/(SVC|CL)/).map((p) => (p === 'SVC' ? { 'Fn::GetAtt': ['Service', 'Name'] } : p === 'CL' ? { Ref: 'Cluster' } : p));
    const f = judged('DashboardInfrastructure', 'ecs-service', [set(['Resources', 'Dashboard', 'Properties', 'DashboardBody'], { 'Fn::Join': ['', pieces] })]);
    expect(verdicts(f)).toEqual([['fail', expect.stringMatching(/does not show CPU/)]]);
  });
});

describe('5. ExternalHealthProbe: the probe\'s alarm must fire on its failure', () => {
  const probe = (patch: PatchOp[], env?: { region: string }) => judged('ExternalHealthProbe', 'ecs-service', [...route53Probe(), ...patch], env);
  const alarm = (key: string, value: any) => set(['Resources', 'HealthCheckAlarm', 'Properties', key], value);
  test('a Route 53 health-check alarm in a stack outside us-east-1 gets no data: fail', () => {
    expect(verdicts(probe([alarm('TreatMissingData', 'notBreaching')]))).toEqual([['fail', expect.stringMatching(/Route 53 publishes health-check metrics in us-east-1 only; alarm HealthCheckAlarm is in eu-west-1: it gets no data/)]]);
  });
  test('in us-east-1 it passes; with the stack\'s region not known it is unknown', () => {
    expect(statuses(probe([], { region: 'us-east-1' }))).toEqual(['pass']);
    expect(verdicts(probe([], { region: undefined as any }))).toEqual([['unknown', expect.stringMatching(/the stack's region \(where alarm HealthCheckAlarm is\) is not known/)]]);
  });
  test('HealthCheckStatus above 1, or a latency metric, never fires on failure: fail', () => {
    expect(verdicts(probe([alarm('ComparisonOperator', 'GreaterThanThreshold')], { region: 'us-east-1' }))).toEqual([['fail', expect.stringMatching(/alarm HealthCheckAlarm compares with GreaterThanThreshold/)]]);
    expect(verdicts(probe([alarm('Threshold', 0)], { region: 'us-east-1' }))).toEqual([['fail', expect.stringMatching(/the 0 a failure gives never breaches it/)]]);
    expect(verdicts(probe([alarm('MetricName', 'TimeToFirstByte'), alarm('ComparisonOperator', 'GreaterThanThreshold'), alarm('Threshold', 2000)], { region: 'us-east-1' })))
      .toEqual([['fail', expect.stringMatching(/reads AWS\/Route53\/TimeToFirstByte, not AWS\/Route53\/HealthCheckStatus/)]]);
  });
  test('a canary alarm on SuccessPercent above a level never fires on failure; the base canary passes', () => {
    expect(statuses(judged('ExternalHealthProbe', 'ecs-service', []))).toEqual(['pass']);
    expect(verdicts(judged('ExternalHealthProbe', 'ecs-service', [alarm('ComparisonOperator', 'GreaterThanThreshold')]))).toEqual([['fail', expect.stringMatching(/compares with GreaterThanThreshold: it fires when SuccessPercent rises/)]]);
  });
});

describe('6. A sign-in volume alarm is not an authentication-failure alarm; an error count must rise', () => {
  const signIn = (key: string, value: any) => set(['Resources', 'SignInFailuresAlarm', 'Properties', key], value);
  const users = (patch: PatchOp[]) => judged('AlarmSecurityEvents', 'platform', patch, EU, 'Users');
  test('Sum > 10000 of SignInSuccesses fires on more successes: fail', () => {
    expect(verdicts(users([signIn('Statistic', 'Sum'), signIn('ComparisonOperator', 'GreaterThanThreshold'), signIn('Threshold', 10000)])))
      .toEqual([['fail', expect.stringMatching(/alarm on authentication failures does not fire on them: SignInFailuresAlarm: alarm SignInFailuresAlarm compares with GreaterThanThreshold/)]]);
  });
  test('SampleCount counts attempts; a ratio below 0 never fires: fail; a comparison from a parameter is unknown', () => {
    expect(statuses(users([signIn('Statistic', 'SampleCount')]))).toEqual(['fail']);
    expect(statuses(users([signIn('Threshold', 0)]))).toEqual(['fail']);
    expect(statuses(users([set(['Parameters', 'Op'], { Type: 'String' }), signIn('ComparisonOperator', { Ref: 'Op' })]))).toEqual(['unknown']);
  });
  test('the base (Average < 0.8) passes', () => {
    expect(statuses(users([]))).toEqual(['pass']);
  });
  test('ErrorLogMetricFilter: an alarm firing when the error count falls below 0 does not watch errors: fail', () => {
    const f = judged('ErrorLogMetricFilter', 'lambda-service', [set(['Resources', 'ErrorLogs5D1E8A01', 'Properties', 'ComparisonOperator'], 'LessThanThreshold')], EU, 'Fn9270CBC0');
    expect(verdicts(f)).toEqual([['fail', expect.stringMatching(/no alarm watches the metric \(alarm ErrorLogs5D1E8A01 compares with LessThanThreshold/)]]);
  });
});

describe('7. LogArchiveToS3: the Firehose role must write the bucket', () => {
  const s3 = ['Resources', 'LogArchiveStreamS3DestinationRoleDefaultPolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'];
  const archive = (patch: PatchOp[]) => judged('LogArchiveToS3', 'ecs-service', patch);
  test('a role scoped to another bucket fails', () => {
    expect(verdicts(archive([set(s3, ['arn:aws:s3:::some-other-bucket', 'arn:aws:s3:::some-other-bucket/*'])])))
      .toEqual([['fail', expect.stringMatching(/the role of Firehose stream LogArchiveStream has no s3:PutObject on the objects of bucket LogArchive/)]]);
  });
  test('the bucket ARN alone (no objects) fails; a resource from an open parameter is unknown; the base passes', () => {
    expect(statuses(archive([set(s3, { 'Fn::GetAtt': ['LogArchive', 'Arn'] })]))).toEqual(['fail']);
    expect(statuses(archive([set(['Parameters', 'B'], { Type: 'String' }), set(s3, { Ref: 'B' })]))).toEqual(['unknown']);
    expect(statuses(archive([]))).toEqual(['pass']);
  });
  test('a role outside the template is unknown', () => {
    expect(verdicts(archive([set(['Resources', 'LogArchiveStream', 'Properties', 'ExtendedS3DestinationConfiguration', 'RoleARN'], 'arn:aws:iam::123456789012:role/firehose')])))
      .toEqual([['unknown', expect.stringMatching(/whether the role of Firehose stream LogArchiveStream may write bucket LogArchive is decided at deploy time/)]]);
  });
});

describe('8. (wrong fail) a metric filter or subscription naming the log group by its name', () => {
  test('LogGroupName /ecs/web on the group and as text on the filter and subscription: pass', () => {
    const patch = [
      set(['Resources', 'AppLogs', 'Properties', 'LogGroupName'], '/ecs/web'),
      set(['Resources', 'AppLogsErrorCount', 'Properties', 'LogGroupName'], '/ecs/web'),
      set(['Resources', 'AppLogsArchive', 'Properties', 'LogGroupName'], '/ecs/web'),
    ];
    expect(statuses(judged('ErrorLogMetricFilter', 'ecs-service', patch))).toEqual(['pass']);
    expect(statuses(judged('LogArchiveToS3', 'ecs-service', patch))).toEqual(['pass']);
    const other = [...patch.slice(0, 1), set(['Resources', 'AppLogsErrorCount', 'Properties', 'LogGroupName'], '/ecs/other')];
    expect(statuses(judged('ErrorLogMetricFilter', 'ecs-service', other))).toEqual(['fail']);
  });
});
