/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Second-pass probe of the logging, deployment, compute and observability rules (2026-12-05): templates written
 * the way third parties write them. Each wrong pass must now fail or be unknown; the compliant form next to it
 * must still pass.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases, route53Probe } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[resource, status, message]` of one rule's findings on a patched base. */
function judged(ruleId: string, base: string, patch: PatchOp[], env?: { region: string }): Array<[string, string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), undefined, env);
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource ?? '', f.status, f.message]);
}
/** The same on a whole template. */
function judgedTemplate(ruleId: string, template: any): Array<[string, string, string]> {
  return checks.checkTemplate(template).findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource ?? '', f.status, f.message]);
}
const statuses = (fs: Array<[string, string, string]>) => [...new Set(fs.map(([, s]) => s))];
/** The ecs-service base is a stack of eu-west-1: its awslogs-region is that literal, judged against the stack's region. */
const EU = { region: 'eu-west-1' };
const of = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, s, m]) => [s, m]);

describe('WafLoggingEnabled: a logging filter that drops blocked requests', () => {
  const filter = (value: any): PatchOp => ({ op: 'set', path: ['Resources', 'WebAclLogging', 'Properties', 'LoggingFilter'], value });
  const keep = (behavior: string, ...conditions: any[]) => ({ Behavior: behavior, Requirement: 'MEETS_ANY', Conditions: conditions });
  const action = (a: string) => ({ ActionCondition: { Action: a } });
  const label = (l: string) => ({ LabelNameCondition: { LabelName: l } });
  test('the base (no filter) passes', () => {
    expect(statuses(judged('WafLoggingEnabled', 'ecs-service', []))).toEqual(['pass']);
  });
  test('DefaultBehavior DROP keeping only allowed requests fails', () => {
    const f = judged('WafLoggingEnabled', 'ecs-service', [filter({ DefaultBehavior: 'DROP', Filters: [keep('KEEP', action('ALLOW'))] })]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/does not record blocked requests: DefaultBehavior DROP/)]]);
  });
  test('a DROP filter on action BLOCK fails', () => {
    const f = judged('WafLoggingEnabled', 'ecs-service', [filter({ DefaultBehavior: 'KEEP', Filters: [keep('DROP', action('BLOCK'), action('COUNT'))] })]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/filter 0 drops the records of blocked requests/)]]);
  });
  test('a DROP filter on labels blocked requests may carry is unknown', () => {
    const f = judged('WafLoggingEnabled', 'ecs-service', [filter({ DefaultBehavior: 'KEEP', Filters: [keep('DROP', label('awswaf:managed:aws:bot-control:bot:verified'))] })]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/labels, which blocked requests may carry/)]]);
  });
  test('a filter behavior from an open parameter is unknown', () => {
    expect(statuses(judged('WafLoggingEnabled', 'ecs-service', [
      { op: 'set', path: ['Parameters', 'B'], value: { Type: 'String', AllowedValues: ['KEEP', 'DROP'] } },
      filter({ DefaultBehavior: 'KEEP', Filters: [{ Behavior: { Ref: 'B' }, Requirement: 'MEETS_ANY', Conditions: [action('BLOCK')] }] }),
    ]))).toEqual(['unknown']);
  });
  test('compliant: keeping BLOCK under a DROP default, or dropping only ALLOW, passes', () => {
    expect(statuses(judged('WafLoggingEnabled', 'ecs-service', [filter({ DefaultBehavior: 'DROP', Filters: [keep('KEEP', action('BLOCK'), action('COUNT'))] })]))).toEqual(['pass']);
    expect(statuses(judged('WafLoggingEnabled', 'ecs-service', [filter({ DefaultBehavior: 'KEEP', Filters: [keep('DROP', action('ALLOW'))] })]))).toEqual(['pass']);
    expect(statuses(judged('WafLoggingEnabled', 'ecs-service', [filter({ DefaultBehavior: 'DROP', Filters: [keep('KEEP', label('x')), keep('KEEP', action('BLOCK'))] })]))).toEqual(['pass']);
  });
});

describe('AlarmTopicSubscribed and CriticalAlarmPages: filter policies (alarm notifications carry no message attributes)', () => {
  const policy = (sub: string, value: any, scope?: string): PatchOp[] => [
    { op: 'set', path: ['Resources', sub, 'Properties', 'FilterPolicy'], value },
    ...(scope ? [{ op: 'set', path: ['Resources', sub, 'Properties', 'FilterPolicyScope'], value: scope } as PatchOp] : []),
  ];
  const email = 'AlarmTopiconcallexamplecom';
  const pager = 'PagerTopichttpseventspagerdutycomintegration0123456789abcdef0123456789abcdefenqueue';
  test('the base passes', () => {
    expect(of(judged('AlarmTopicSubscribed', 'ecs-service', []), 'AlarmTopic').map(([s]) => s)).toEqual(['pass']);
    expect(statuses(judged('CriticalAlarmPages', 'ecs-service', []))).toEqual(['pass']);
  });
  test('the only subscription filtering on a message attribute receives no alarm: fail', () => {
    const f = judged('AlarmTopicSubscribed', 'ecs-service', policy(email, { severity: ['critical'] }));
    expect(of(f, 'AlarmTopic')).toEqual([['fail', expect.stringMatching(/no subscription that receives its notifications/)]]);
  });
  test('the same policy written as a JSON string fails too', () => {
    expect(of(judged('AlarmTopicSubscribed', 'ecs-service', policy(email, '{"severity":["critical"]}')), 'AlarmTopic').map(([s]) => s)).toEqual(['fail']);
  });
  test('a filter on the message body may let alarms through: unknown', () => {
    const f = judged('AlarmTopicSubscribed', 'ecs-service', policy(email, { NewStateValue: ['ALARM'] }, 'MessageBody'));
    expect(of(f, 'AlarmTopic')).toEqual([['unknown', expect.stringMatching(/filtered subscriptions/)]]);
  });
  test('a filter matching only absent attributes lets alarms through: pass', () => {
    expect(of(judged('AlarmTopicSubscribed', 'ecs-service', policy(email, { source: [{ exists: false }] })), 'AlarmTopic').map(([s]) => s)).toEqual(['pass']);
  });
  test('a pager subscription filtering on an attribute pages nobody; on the body, unknown', () => {
    expect(statuses(judged('CriticalAlarmPages', 'ecs-service', policy(pager, { severity: ['critical'] })))).toEqual(['fail']);
    expect(statuses(judged('CriticalAlarmPages', 'ecs-service', policy(pager, { NewStateValue: ['ALARM'] }, 'MessageBody')))).toEqual(['unknown']);
  });
});

describe('DeployCanaryRollback: deployers look alarms up by name, not ARN', () => {
  test('ECS deployment alarms named by Fn::GetAtt Arn are not the template\'s alarms: unknown', () => {
    const f = judged('DeployCanaryRollback', 'ecs-service', [{ op: 'set', path: ['Resources', 'Service', 'Properties', 'DeploymentConfiguration', 'Alarms', 'AlarmNames'], value: [{ 'Fn::GetAtt': ['ErrorRateAlarm', 'Arn'] }] }]);
    expect(of(f, 'Service')).toEqual([['unknown', expect.stringMatching(/ErrorRateAlarm.Arn \(an attribute, not the alarm name/)]]);
  });
  test('CodeDeploy alarms named by Fn::GetAtt Arn: unknown', () => {
    const f = judged('DeployCanaryRollback', 'lambda-service', [{ op: 'set', path: ['Resources', 'Deployment37BBD5E4', 'Properties', 'AlarmConfiguration', 'Alarms'], value: [{ Name: { 'Fn::GetAtt': ['ErrorRateFEDEF997', 'Arn'] } }] }]);
    expect(statuses(f)).toEqual(['unknown']);
  });
  test('compliant: Ref (the name) passes', () => {
    expect(statuses(judged('DeployCanaryRollback', 'ecs-service', []))).toEqual(['pass']);
    expect(statuses(judged('DeployCanaryRollback', 'lambda-service', []))).toEqual(['pass']);
  });
});

describe('BudgetNotifies: a cost budget notified above its threshold', () => {
  const budget = (type: any, operator: any, extra: Record<string, any> = {}) => ({
    ...extra,
    Resources: {
      B: {
        Type: 'AWS::Budgets::Budget',
        Properties: {
          Budget: { BudgetType: type, TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 100, Unit: 'USD' } },
          NotificationsWithSubscribers: [{ Notification: { NotificationType: 'ACTUAL', ComparisonOperator: operator, Threshold: 80 }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'finance@example.org' }] }],
        },
      },
    },
  });
  const openParam = (name: string) => ({ Parameters: { [name]: { Type: 'String' } } });
  test('a usage budget is not a cost budget: not judged (the item stays pending)', () => {
    expect(judgedTemplate('BudgetNotifies', budget('USAGE', 'GREATER_THAN'))).toEqual([]);
  });
  test('a notification on spend below the threshold (LESS_THAN) does not notify overspend: fail', () => {
    expect(statuses(judgedTemplate('BudgetNotifies', budget('COST', 'LESS_THAN')))).toEqual(['fail']);
  });
  test('EQUAL_TO, an operator or a budget type from an open parameter: unknown', () => {
    expect(statuses(judgedTemplate('BudgetNotifies', budget('COST', 'EQUAL_TO')))).toEqual(['unknown']);
    expect(statuses(judgedTemplate('BudgetNotifies', budget('COST', { Ref: 'Op' }, openParam('Op'))))).toEqual(['unknown']);
    expect(statuses(judgedTemplate('BudgetNotifies', budget({ Ref: 'T' }, 'GREATER_THAN', openParam('T'))))).toEqual(['unknown']);
  });
  test('compliant: a COST budget with a GREATER_THAN notification passes', () => {
    expect(statuses(judgedTemplate('BudgetNotifies', budget('COST', 'GREATER_THAN')))).toEqual(['pass']);
  });
});

describe('LogTracing: the tracing SDK switched off, the ADOT layer without its wrapper', () => {
  const fn = ['Resources', 'Fn9270CBC0', 'Properties'];
  const adotLayer = 'arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-nodejs-amd64-ver-1-18-1:4';
  const withAdot = (vars: Record<string, any>): PatchOp[] => [
    { op: 'delete', path: [...fn, 'TracingConfig'] },
    { op: 'set', path: [...fn, 'Layers'], value: [adotLayer] },
    ...Object.entries(vars).map(([k, v]) => ({ op: 'set', path: [...fn, 'Environment', 'Variables', k], value: v } as PatchOp)),
  ];
  const fnVerdict = (patch: PatchOp[]) => of(judged('LogTracing', 'lambda-service', patch), 'Fn9270CBC0');
  test('an ADOT layer without AWS_LAMBDA_EXEC_WRAPPER instruments nothing by itself: unknown', () => {
    expect(fnVerdict(withAdot({}))).toEqual([['unknown', expect.stringMatching(/without AWS_LAMBDA_EXEC_WRAPPER/)]]);
  });
  test('an ADOT layer with the OpenTelemetry SDK disabled fails', () => {
    expect(fnVerdict(withAdot({ AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler', OTEL_SDK_DISABLED: 'true' }))).toEqual([['fail', expect.stringMatching(/OpenTelemetry SDK is switched off \(OTEL_SDK_DISABLED=true\)/)]]);
  });
  test('compliant: the ADOT layer with its wrapper passes; active X-Ray passes', () => {
    expect(fnVerdict(withAdot({ AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler' })).map(([s]) => s)).toEqual(['pass']);
    expect(fnVerdict(withAdot({ AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-instrument' })).map(([s]) => s)).toEqual(['pass']);
    expect(fnVerdict([]).map(([s]) => s)).toEqual(['pass']);
  });
  const appEnv = (vars: Array<[string, any]>): PatchOp[] => vars.map(([Name, Value]) => ({ op: 'push', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Environment'], value: { Name, Value } }));
  test('an X-Ray sidecar beside an application that switches off both SDKs fails; one of them is unknown', () => {
    const both = judged('LogTracing', 'ecs-service', appEnv([['OTEL_SDK_DISABLED', 'true'], ['AWS_XRAY_SDK_ENABLED', 'false']]));
    expect(both.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/switches off both the OpenTelemetry and the X-Ray SDK/)]]);
    expect(statuses(judged('LogTracing', 'ecs-service', appEnv([['AWS_XRAY_SDK_ENABLED', 'false']])))).toEqual(['unknown']);
    expect(statuses(judged('LogTracing', 'ecs-service', appEnv([['OTEL_TRACES_EXPORTER', 'none']])))).toEqual(['unknown']);
  });
  test('a switch from an open parameter is unknown; switches left on pass', () => {
    expect(statuses(judged('LogTracing', 'ecs-service', [{ op: 'set', path: ['Parameters', 'X'], value: { Type: 'String' } }, ...appEnv([['AWS_XRAY_SDK_ENABLED', { Ref: 'X' }]])]))).toEqual(['unknown']);
    expect(statuses(judged('LogTracing', 'ecs-service', appEnv([['AWS_XRAY_SDK_ENABLED', 'true'], ['OTEL_TRACES_EXPORTER', 'otlp']])))).toEqual(['pass']);
    expect(statuses(judged('LogTracing', 'ecs-service', []))).toEqual(['pass']);
  });
});

describe('ErrorLogMetricFilter: a filter publishing 0 per error', () => {
  const value = (v: any): PatchOp => ({ op: 'set', path: ['Resources', 'AppLogsErrorCount', 'Properties', 'MetricTransformations', 0, 'MetricValue'], value: v });
  test('MetricValue 0 adds nothing for the Sum alarm: fail', () => {
    const f = judged('ErrorLogMetricFilter', 'ecs-service', [value('0')], EU);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/publishes MetricValue 0 per error/)]]);
  });
  test('MetricValue 0 with a SampleCount alarm counts the matches: pass', () => {
    expect(statuses(judged('ErrorLogMetricFilter', 'ecs-service', [value('0'), { op: 'set', path: ['Resources', 'ErrorLogAlarm', 'Properties', 'Statistic'], value: 'SampleCount' }], EU))).toEqual(['pass']);
  });
  test('MetricValue from an open parameter is unknown; 1 passes', () => {
    expect(statuses(judged('ErrorLogMetricFilter', 'ecs-service', [{ op: 'set', path: ['Parameters', 'V'], value: { Type: 'String' } }, value({ Ref: 'V' })], EU))).toEqual(['unknown']);
    expect(statuses(judged('ErrorLogMetricFilter', 'ecs-service', [value('1')], EU))).toEqual(['pass']);
  });
});

describe('LogArchiveToS3: what reaches the archive tier', () => {
  const rule = ['Resources', 'LogArchive', 'Properties', 'LifecycleConfiguration', 'Rules', 0];
  const archive = (patch: PatchOp[]) => judged('LogArchiveToS3', 'ecs-service', patch, EU);
  test('the base passes', () => {
    expect(statuses(archive([]))).toEqual(['pass']);
  });
  test('a subscription filter pattern archives only the lines it matches: fail', () => {
    const f = archive([{ op: 'set', path: ['Resources', 'AppLogsArchive', 'Properties', 'FilterPattern'], value: 'ERROR' }]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/archives only the lines matching "ERROR"/)]]);
  });
  test('a pattern from an open parameter is unknown', () => {
    expect(statuses(archive([{ op: 'set', path: ['Parameters', 'P'], value: { Type: 'String' } }, { op: 'set', path: ['Resources', 'AppLogsArchive', 'Properties', 'FilterPattern'], value: { Ref: 'P' } }]))).toEqual(['unknown']);
  });
  test('an expiration before the transition ends the logs first: fail', () => {
    const f = archive([{ op: 'set', path: [...rule, 'ExpirationInDays'], value: 7 }]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/expires them after 7 days, before any transition/)]]);
  });
  test('in a versioned bucket a noncurrent-version transition archives what the expiration leaves: pass; unversioned, it moves nothing: fail', () => {
    const expireThenArchive: PatchOp[] = [
      { op: 'set', path: [...rule, 'ExpirationInDays'], value: 7 },
      { op: 'set', path: [...rule, 'NoncurrentVersionTransitions'], value: [{ StorageClass: 'GLACIER', TransitionInDays: 1 }] },
    ];
    expect(statuses(archive([...expireThenArchive, { op: 'set', path: ['Resources', 'LogArchive', 'Properties', 'VersioningConfiguration'], value: { Status: 'Enabled' } }]))).toEqual(['pass']);
    expect(statuses(archive([...expireThenArchive, { op: 'delete', path: ['Resources', 'LogArchive', 'Properties', 'VersioningConfiguration'] }]))).toEqual(['fail']);
  });
  test('the only transition rule on another prefix does not take the logs: fail; a longer prefix: unknown', () => {
    expect(statuses(archive([{ op: 'set', path: [...rule, 'Prefix'], value: 'other/' }]))).toEqual(['fail']);
    expect(statuses(archive([{ op: 'set', path: [...rule, 'Prefix'], value: 'logs/2026/' }]))).toEqual(['unknown']);
    expect(statuses(archive([{ op: 'set', path: [...rule, 'Prefix'], value: 'logs/' }]))).toEqual(['pass']);
  });
});

describe('DeployProgressive: a CodeDeploy canary or linear config of 100 %', () => {
  const template = (routing: Record<string, any>, extra: Record<string, any> = {}) => ({
    ...extra,
    Resources: {
      App: { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'Lambda' } },
      Cfg: { Type: 'AWS::CodeDeploy::DeploymentConfig', Properties: { ComputePlatform: 'Lambda', TrafficRoutingConfig: routing } },
      Group: { Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: { ApplicationName: { Ref: 'App' }, ServiceRoleArn: 'arn:aws:iam::123456789012:role/cd', DeploymentConfigName: { Ref: 'Cfg' }, DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' } } },
    },
  });
  const canary = (pct: any) => ({ Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: pct, CanaryInterval: 10 } });
  const linear = (pct: any) => ({ Type: 'TimeBasedLinear', TimeBasedLinear: { LinearPercentage: pct, LinearInterval: 10 } });
  test('a canary of 100 % or a linear step of 100 % shifts everything at once: fail', () => {
    expect(statuses(judgedTemplate('DeployProgressive', template(canary(100))))).toEqual(['fail']);
    expect(statuses(judgedTemplate('DeployProgressive', template(linear(100))))).toEqual(['fail']);
  });
  test('a step from an open parameter is unknown; 10 % passes', () => {
    expect(statuses(judgedTemplate('DeployProgressive', template(canary({ Ref: 'Pct' }), { Parameters: { Pct: { Type: 'Number' } } })))).toEqual(['unknown']);
    expect(statuses(judgedTemplate('DeployProgressive', template(canary(10))))).toEqual(['pass']);
    expect(statuses(judgedTemplate('DeployProgressive', template(linear(10))))).toEqual(['pass']);
  });
});

describe('ExternalHealthProbe: probes that stop probing', () => {
  const hc = (key: string, value: any): PatchOp => ({ op: 'set', path: ['Resources', 'HealthCheck', 'Properties', 'HealthCheckConfig', key], value });
  const schedule = (value: any): PatchOp => ({ op: 'set', path: ['Resources', 'HealthCanary', 'Properties', 'Schedule'], value });
  test('a disabled Route 53 health check is always healthy: fail', () => {
    const f = judged('ExternalHealthProbe', 'ecs-service', [...route53Probe(), hc('Disabled', true)]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/HealthCheck is disabled: Route 53 considers it always healthy/)]]);
  });
  test('Disabled from an open parameter is unknown; false passes', () => {
    expect(statuses(judged('ExternalHealthProbe', 'ecs-service', [...route53Probe(), { op: 'set', path: ['Parameters', 'Off'], value: { Type: 'String', AllowedValues: ['true', 'false'] } }, hc('Disabled', { Ref: 'Off' })]))).toEqual(['unknown']);
    // Route 53 publishes health-check metrics in us-east-1 only: the alarm works in a stack of that region.
    expect(statuses(judged('ExternalHealthProbe', 'ecs-service', [...route53Probe(), hc('Disabled', false)], { region: 'us-east-1' }))).toEqual(['pass']);
  });
  test('a canary on rate(0 minute) runs once; one with a DurationInSeconds stops: fail', () => {
    expect(judged('ExternalHealthProbe', 'platform', [schedule({ Expression: 'rate(0 minute)', DurationInSeconds: '0' })]).map(([, s, m]) => [s, m]))
      .toEqual([['fail', expect.stringMatching(/runs once when started/)]]);
    expect(judged('ExternalHealthProbe', 'platform', [schedule({ Expression: 'rate(1 minute)', DurationInSeconds: '3600' })]).map(([, s, m]) => [s, m]))
      .toEqual([['fail', expect.stringMatching(/stops running after its Schedule.DurationInSeconds/)]]);
  });
  test('compliant: rate(5 minutes) without a duration passes', () => {
    expect(statuses(judged('ExternalHealthProbe', 'platform', [schedule({ Expression: 'rate(5 minutes)' })]))).toEqual(['pass']);
    expect(statuses(judged('ExternalHealthProbe', 'platform', []))).toEqual(['pass']);
  });
});

describe('ScalingAutoscaling: a step policy that only removes tasks', () => {
  const step = (adjustments: any[], type = 'ChangeInCapacity'): PatchOp[] => [
    { op: 'set', path: ['Resources', 'ServiceTaskCountTargetCpu', 'Properties'], value: { PolicyName: 'step', PolicyType: 'StepScaling', ScalingTargetId: { Ref: 'ServiceTaskCountTarget' }, StepScalingPolicyConfiguration: { AdjustmentType: type, StepAdjustments: adjustments } } },
    { op: 'set', path: ['Resources', 'StepAlarm'], value: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Statistic: 'Average', Period: 60, EvaluationPeriods: 3, Threshold: 20, ComparisonOperator: 'LessThanThreshold', AlarmActions: [{ Ref: 'ServiceTaskCountTargetCpu' }] } } },
  ];
  test('steps that all remove tasks never scale out: fail', () => {
    const f = judged('ScalingAutoscaling', 'ecs-service', step([{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }]));
    expect(of(f, 'Service')).toEqual([['fail', expect.stringMatching(/no scaling policy that acts/)]]);
  });
  test('a step adding tasks passes; an adjustment from an open parameter is unknown', () => {
    expect(of(judged('ScalingAutoscaling', 'ecs-service', step([{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }])), 'Service').map(([s]) => s)).toEqual(['pass']);
    expect(of(judged('ScalingAutoscaling', 'ecs-service', [{ op: 'set', path: ['Parameters', 'N'], value: { Type: 'Number' } }, ...step([{ MetricIntervalLowerBound: 0, ScalingAdjustment: { Ref: 'N' } }])]), 'Service').map(([s]) => s)).toEqual(['unknown']);
  });
});

describe('DeployCanaryRollback: a composite deployment alarm joined with AND fires with its slowest child', () => {
  const composite = (op: string): PatchOp[] => [
    { op: 'set', path: ['Resources', 'SlowAlarm'], value: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] } }], Statistic: 'Sum', Period: 3600, EvaluationPeriods: 3, Threshold: 1, ComparisonOperator: 'LessThanThreshold' } } },
    { op: 'set', path: ['Resources', 'DeployGate'], value: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmRule: { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['ErrorRateAlarm', 'Arn'] }, `") ${op} ALARM("`, { 'Fn::GetAtt': ['SlowAlarm', 'Arn'] }, '")']] } } } },
    { op: 'set', path: ['Resources', 'Service', 'Properties', 'DeploymentConfiguration', 'Alarms', 'AlarmNames'], value: [{ Ref: 'DeployGate' }] },
  ];
  test('AND: the error spike rolls back only when the 3-hour alarm fires too: fail', () => {
    const f = judged('DeployCanaryRollback', 'ecs-service', composite('AND'));
    expect(of(f, 'Service')).toEqual([['fail', expect.stringMatching(/alarm SlowAlarm: 3600 s x 3 periods/)]]);
  });
  test('OR: the error-rate child decides: pass', () => {
    expect(of(judged('DeployCanaryRollback', 'ecs-service', composite('OR')), 'Service').map(([s]) => s)).toEqual(['pass']);
  });
});
