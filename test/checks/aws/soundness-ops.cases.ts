/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes found by probing the observability, deployment, scaling and configuration rules (2026-12-04):
 * each case was a PASS on a patched compliant base; each must now fail or be unknown, and the base must still pass.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases, route53Probe } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[resource, status, message]` of one rule's findings on a patched base. */
function judged(ruleId: string, base: string, patch: PatchOp[]): Array<[string, string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch));
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource ?? '', f.status, f.message]);
}
const statuses = (fs: Array<[string, string, string]>) => [...new Set(fs.map(([, s]) => s))];
const env = (vars: Array<[string, string]>): PatchOp[] => vars.map(([Name, Value]) => ({ op: 'push', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Environment'], value: { Name, Value } }));
const secret = (Name: string): PatchOp => ({ op: 'push', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Secrets'], value: { Name, ValueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/flag' } });

test('the bases pass the rules below', () => {
  for (const rule of ['ExternalHealthProbe', 'ScalingAutoscaling', 'ScalingMinCapacity', 'ConfigNoMocks', 'ConfigDebugOff', 'ConfigLogLevel', 'ApplicationMetricsDeclared']) {
    expect([rule, statuses(judged(rule, 'ecs-service', []))]).toEqual([rule, ['pass']]);
  }
});

describe('ExternalHealthProbe', () => {
  test('an inverted Route 53 health check reports healthy when the endpoint is down: it probes nothing', () => {
    const f = judged('ExternalHealthProbe', 'ecs-service', [...route53Probe(), { op: 'set', path: ['Resources', 'HealthCheck', 'Properties', 'HealthCheckConfig', 'Inverted'], value: true }]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/HealthCheck is inverted/)]]);
  });
  test('Inverted from an open parameter is unknown', () => {
    const f = judged('ExternalHealthProbe', 'ecs-service', [
      ...route53Probe(),
      { op: 'set', path: ['Parameters', 'Invert'], value: { Type: 'String' } },
      { op: 'set', path: ['Resources', 'HealthCheck', 'Properties', 'HealthCheckConfig', 'Inverted'], value: { Ref: 'Invert' } },
    ]);
    expect(statuses(f)).toEqual(['unknown']);
  });
});

describe('ScalingAutoscaling and ScalingMinCapacity', () => {
  const target = ['Resources', 'ServiceTaskCountTarget', 'Properties'];
  test('scaling out suspended: the task count never grows', () => {
    const f = judged('ScalingAutoscaling', 'ecs-service', [{ op: 'set', path: [...target, 'SuspendedState'], value: { DynamicScalingOutSuspended: true, DynamicScalingInSuspended: true } }]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/scaling out suspended/)]]);
  });
  test('a StepScaling policy no alarm invokes never runs', () => {
    const f = judged('ScalingAutoscaling', 'ecs-service', [
      { op: 'set', path: ['Resources', 'ServiceTaskCountTargetCpu', 'Properties'], value: { PolicyName: 'step', PolicyType: 'StepScaling', ScalingTargetId: { Ref: 'ServiceTaskCountTarget' }, StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] } } },
    ]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/no scaling policy that acts/)]]);
  });
  test('a nightly scheduled action to 0 tasks breaks the minimum', () => {
    const f = judged('ScalingMinCapacity', 'ecs-service', [{ op: 'set', path: [...target, 'ScheduledActions'], value: [{ ScheduledActionName: 'night', Schedule: 'cron(0 22 * * ? *)', ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 0 } }] }]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/scheduled action night sets MinCapacity 0/)]]);
  });
  test('a scheduled action keeping the minimum passes', () => {
    expect(statuses(judged('ScalingMinCapacity', 'ecs-service', [{ op: 'set', path: [...target, 'ScheduledActions'], value: [{ ScheduledActionName: 'day', Schedule: 'cron(0 8 * * ? *)', ScalableTargetAction: { MinCapacity: 6 } }] }]))).toEqual(['pass']);
  });
});

describe('configuration switches', () => {
  test.each([['MOCK_MODE', 'full'], ['DRY_RUN', 'y']])('%s=%s is switched on', (name, value) => {
    expect(statuses(judged('ConfigNoMocks', 'ecs-service', env([[name, value]])))).toEqual(['fail']);
  });
  test('MOCK_MODE=none is off', () => {
    expect(statuses(judged('ConfigNoMocks', 'ecs-service', env([['MOCK_MODE', 'none']])))).toEqual(['pass']);
  });
  test('a switch set from a secret or parameter (ECS Secrets) is unknown, not absent', () => {
    expect(statuses(judged('ConfigNoMocks', 'ecs-service', [secret('DRY_RUN')]))).toEqual(['unknown']);
    expect(statuses(judged('ConfigDebugOff', 'ecs-service', [{ op: 'delete', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Environment', 3] }, secret('DEBUG')]))).toEqual(['unknown']);
    expect(statuses(judged('ConfigLogLevel', 'ecs-service', [{ op: 'delete', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Environment', 1] }, secret('LOG_LEVEL')]))).toEqual(['unknown']);
  });
});

describe('ApplicationMetricsDeclared', () => {
  const withoutNamespace: PatchOp = { op: 'delete', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Environment', 4] };
  test('METRICS_ENABLED=false publishes nothing', () => {
    expect(statuses(judged('ApplicationMetricsDeclared', 'ecs-service', [withoutNamespace, ...env([['METRICS_ENABLED', 'false']])]))).not.toContain('pass');
    expect(statuses(judged('ApplicationMetricsDeclared', 'ecs-service', [withoutNamespace, ...env([['METRICS_ENABLED', 'true']])]))).toEqual(['pass']);
  });
});

describe('DeployProgressive and a Lambda function held at 0', () => {
  const server = (value: number | object) => checks.checkTemplate({
    Parameters: { Min: { Type: 'Number' } },
    Resources: {
      App: { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'Server' } },
      Cfg: { Type: 'AWS::CodeDeploy::DeploymentConfig', Properties: { MinimumHealthyHosts: { Type: 'HOST_COUNT', Value: value } } },
      Group: { Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: { ApplicationName: { Ref: 'App' }, ServiceRoleArn: 'arn:aws:iam::123456789012:role/cd', DeploymentConfigName: { Ref: 'Cfg' } } },
    },
  }).findings.filter((f) => f.ruleId === 'DeployProgressive').map((f) => f.status);
  test('MinimumHealthyHosts of 0 hosts is all at once; 1 keeps a host; an open parameter is unknown', () => {
    expect(server(0)).toEqual(['fail']);
    expect(server(1)).toEqual(['pass']);
    expect(server({ Ref: 'Min' })).toEqual(['unknown']);
  });
  test('ReservedConcurrentExecutions 0 throttles the function: it does not scale', () => {
    const f = judged('ScalingAutoscaling', 'lambda-service', [{ op: 'set', path: ['Resources', 'Fn9270CBC0', 'Properties', 'ReservedConcurrentExecutions'], value: 0 }]);
    expect(f.filter(([r]) => r === 'Fn9270CBC0').map(([, s]) => s)).toEqual(['fail']);
    expect(judged('ScalingAutoscaling', 'lambda-service', []).filter(([r]) => r === 'Fn9270CBC0').map(([, s]) => s)).toEqual(['pass']);
  });
});

describe('LambdaRoleWritesLogs: Denies and permissions boundaries', () => {
  const role = ['Resources', 'FnServiceRoleB9001A96', 'Properties'];
  const fnStatus = (patch: PatchOp[]) => judged('LambdaRoleWritesLogs', 'lambda-service', patch).filter(([r]) => r === 'Fn9270CBC0').map(([, s, m]) => [s, m]);
  const deny = (resource: any): PatchOp => ({ op: 'set', path: [...role, 'Policies'], value: [{ PolicyName: 'no-logs', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'logs:*', Resource: resource }] } }] });
  test('the base passes', () => {
    expect(fnStatus([])).toEqual([['pass', expect.any(String)]]);
  });
  test('a Deny of logs:* on every resource drops the output', () => {
    expect(fnStatus([deny('*')])).toEqual([['fail', expect.stringMatching(/denies logs:PutLogEvents on every resource/)]]);
  });
  test('a Deny on some log groups may cover the function\'s: unknown', () => {
    expect(fnStatus([deny('arn:aws:logs:*:*:log-group:/aws/lambda/*')])).toEqual([['unknown', expect.stringMatching(/may apply to the function's log group/)]]);
  });
  test('a permissions boundary that does not allow logs:PutLogEvents drops the output; the Lambda execution policy as boundary keeps it', () => {
    expect(fnStatus([{ op: 'set', path: [...role, 'PermissionsBoundary'], value: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }])).toEqual([['fail', expect.stringMatching(/permissions boundary/)]]);
    expect(fnStatus([{ op: 'set', path: [...role, 'PermissionsBoundary'], value: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }])).toEqual([['pass', expect.any(String)]]);
    expect(fnStatus([{ op: 'set', path: [...role, 'PermissionsBoundary'], value: 'arn:aws:iam::123456789012:policy/team-boundary' }])).toEqual([['unknown', expect.stringMatching(/cannot be read/)]]);
  });
});

describe('ErrorLogMetricFilter: a filter must select errors', () => {
  const pattern = (p: string): PatchOp[] => [{ op: 'set', path: ['Resources', 'FnLogsErrorCount1409FAA4', 'Properties', 'FilterPattern'], value: p }];
  const fnStatus = (patch: PatchOp[]) => judged('ErrorLogMetricFilter', 'lambda-service', patch).filter(([r]) => r === 'Fn9270CBC0').map(([, s]) => s);
  test.each([['{ $.latencyMs > 500 }'], ['{ $.level != "ERROR" }'], ['-ERROR INFO']])('%s counts no errors', (p) => {
    expect(fnStatus(pattern(p))).toEqual(['fail']);
  });
  test.each([['{ $.level = "ERROR" }'], ['{ $.statusCode >= 500 }'], ['?ERROR ?Exception'], ['[ip, user, ts, request, status_code=5*, bytes]']])('%s counts errors', (p) => {
    expect(fnStatus(pattern(p))).toEqual(['pass']);
  });
});

describe('DeployProgressive: a function URL on $LATEST bypasses the canary', () => {
  const url = (extra: Record<string, any>): PatchOp => ({ op: 'set', path: ['Resources', 'PublicUrl'], value: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['Fn9270CBC0', 'Arn'] }, ...extra } } });
  const fnStatus = (patch: PatchOp[]) => judged('DeployProgressive', 'lambda-service', patch).filter(([r]) => r === 'Fn9270CBC0').map(([, s, m]) => [s, m]);
  test('a URL on the function itself fails; one qualified by the alias passes', () => {
    expect(fnStatus([url({})])).toEqual([['fail', expect.stringMatching(/PublicUrl \(the function itself, \$LATEST\) invokes the function outside the alias CodeDeploy releases/)]]);
    expect(fnStatus([url({ Qualifier: 'live' })]).map(([s]) => s)).toEqual(['pass']);
  });
});

describe('ConfigDebugOff: a debugger on the container command line', () => {
  const command = (args: any): PatchOp => ({ op: 'set', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Command'], value: args });
  test('node --inspect=0.0.0.0:9229 in Command fails; a plain command passes; a command from an open parameter is unknown', () => {
    expect(statuses(judged('ConfigDebugOff', 'ecs-service', [command(['node', '--inspect=0.0.0.0:9229', 'server.js'])]))).toEqual(['fail']);
    expect(statuses(judged('ConfigDebugOff', 'ecs-service', [command(['node', 'server.js'])]))).toEqual(['pass']);
    expect(statuses(judged('ConfigDebugOff', 'ecs-service', [{ op: 'set', path: ['Parameters', 'Cmd'], value: { Type: 'String' } }, command([{ Ref: 'Cmd' }])]))).toEqual(['unknown']);
  });
});

describe('the last probes: header Override, certificate alarm dimensions, health-check matcher, tracing layer', () => {
  test('a response headers policy with Override false leaves the origin\'s header: unknown', () => {
    const f = judged('HeadersHsts', 'edge-cloudfront', [{ op: 'set', path: ['Resources', 'SecurityHeaders', 'Properties', 'ResponseHeadersPolicyConfig', 'SecurityHeadersConfig', 'StrictTransportSecurity', 'Override'], value: false }]);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/Override false: CloudFront keeps the origin's Strict-Transport-Security/)]]);
    expect(statuses(judged('HeadersHsts', 'edge-cloudfront', []))).toEqual(['pass']);
  });
  test('a DaysToExpiry alarm with a dimension CloudWatch does not publish watches nothing', () => {
    const f = judged('AcmCertificateExpiryAlarm', 'edge-alb', [{ op: 'push', path: ['Resources', 'CertificateExpiryAlarm', 'Properties', 'Dimensions'], value: { Name: 'Environment', Value: 'prod' } }]);
    expect(statuses(f)).toEqual(['fail']);
    expect(statuses(judged('AcmCertificateExpiryAlarm', 'edge-alb', []))).toEqual(['pass']);
  });
  test('a health check counting 200-499 as healthy fails; 200-399 passes', () => {
    const matcher = (codes: string): PatchOp => ({ op: 'set', path: ['Resources', 'TargetGroup', 'Properties', 'Matcher'], value: { HttpCode: codes } });
    expect(statuses(judged('TargetGroupHealthCheck', 'edge-alb', [matcher('200-499')]))).toEqual(['fail']);
    expect(statuses(judged('TargetGroupHealthCheck', 'edge-alb', [matcher('200,302')]))).toEqual(['pass']);
  });
  test('an ADOT layer named only by an open parameter\'s Default is unknown', () => {
    const f = judged('LogTracing', 'lambda-service', [
      { op: 'delete', path: ['Resources', 'Fn9270CBC0', 'Properties', 'TracingConfig'] },
      { op: 'set', path: ['Parameters', 'Layer'], value: { Type: 'String', Default: 'arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-nodejs-amd64-ver-1-18-1:4' } },
      { op: 'set', path: ['Resources', 'Fn9270CBC0', 'Properties', 'Layers'], value: [{ Ref: 'Layer' }] },
    ]);
    expect(f.filter(([r]) => r === 'Fn9270CBC0').map(([, s]) => s)).toEqual(['unknown']);
  });
});

describe('ConfigNoPlaceholders: more placeholder forms', () => {
  test.each([['SUPPORT_EMAIL', 'REPLACE_WITH_SUPPORT_EMAIL'], ['CALLBACK_BASE', '{{CALLBACK_BASE}}'], ['TENANT', 'tenant-${TENANT_ID}']])('%s=%s fails', (name, value) => {
    expect(statuses(judged('ConfigNoPlaceholders', 'ecs-service', env([[name, value]])))).toEqual(['fail']);
  });
  test('a dynamic reference and a real value pass', () => {
    expect(statuses(judged('ConfigNoPlaceholders', 'ecs-service', env([['REGION_NAME', 'eu-west-1'], ['FLAG', '{{resolve:ssm:/app/flag}}']])))).not.toContain('fail');
  });
});

describe('EdgeDnsAlias: only an alias or a CNAME sends clients to the load balancer', () => {
  const record = (type: string): PatchOp[] => [
    { op: 'delete', path: ['Resources', 'AliasRecord'] },
    { op: 'set', path: ['Resources', 'Record'], value: { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneId: { Ref: 'Zone' }, Name: 'app.example.com', Type: type, TTL: '300', ResourceRecords: [type === 'TXT' ? { 'Fn::Sub': '"lb=${Alb.DNSName}"' } : { 'Fn::GetAtt': ['Alb', 'DNSName'] }] } } },
  ];
  test('a TXT record naming the load balancer is not a DNS name for it; a CNAME is', () => {
    expect(statuses(judged('EdgeDnsAlias', 'edge-alb', record('TXT')))).toEqual(['fail']);
    expect(statuses(judged('EdgeDnsAlias', 'edge-alb', record('CNAME')))).toEqual(['pass']);
  });
});
