/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const platform = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant', 'platform.json'), 'utf8'));

function findings(template: any, ruleId: string, env?: { region: string }) {
  return checks.checkTemplate(template, 'unit', env).findings.filter((f) => f.ruleId === ruleId).map((f) => ({ resource: f.resource, status: f.status, message: f.message }));
}

const copy = () => JSON.parse(JSON.stringify(platform));

describe('CriticalAlarmPages', () => {
  test('an Incident Manager response plan pages', () => {
    const t = copy();
    t.Resources.ServiceHealth.Properties.AlarmActions = ['arn:aws:ssm-incidents::123456789012:response-plan/web-critical'];
    expect(findings(t, 'CriticalAlarmPages').map((f) => f.status)).toEqual(['pass']);
  });
  test('a composite nested in another is judged through the outer one', () => {
    const t = copy();
    t.Resources.Outer = { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmRule: { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['ServiceHealth', 'Arn'] }, '")']] }, AlarmActions: [{ Ref: 'AlarmTopic' }] } };
    expect(findings(t, 'CriticalAlarmPages').map((f) => f.resource)).toEqual(['Outer']);
  });
});

describe('ExternalHealthProbe', () => {
  test('a Route 53 health check on the load balancer with a notifying alarm passes', () => {
    const t = copy();
    delete t.Resources.HealthCanary;
    delete t.Resources.CanaryAlarm;
    t.Resources.Check = { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: { 'Fn::GetAtt': ['Alb', 'DNSName'] }, ResourcePath: '/health' } } };
    t.Resources.CheckAlarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/Route53', MetricName: 'HealthCheckStatus', Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: 'Check' } }], Statistic: 'Minimum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'LessThanThreshold', AlarmActions: [{ Ref: 'AlarmTopic' }] } };
    // Route 53 publishes health-check metrics in us-east-1 only: the alarm works in a stack of that region.
    expect(findings(t, 'ExternalHealthProbe', { region: 'us-east-1' }).map((f) => f.status)).toEqual(['pass']);
  });
  test('an internal service is not judged', () => {
    const t = copy();
    t.Resources.Alb.Properties.Scheme = 'internal';
    expect(findings(t, 'ExternalHealthProbe')).toEqual([]);
  });
});

describe('ExternalHealthProbe follows the entry point to a Lambda function through its alias', () => {
  /** The platform base with a function released through alias Live, served by `entry`; the ECS service removed. */
  const lambdaBehind = (entry: 'alb' | 'url' | 'http-api') => {
    const t = copy();
    delete t.Resources.Service;
    const r = t.Resources;
    r.Fn = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/fn', Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 200 })' } } };
    r.FnVersion = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Fn' } } };
    r.Live = { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Fn' }, FunctionVersion: { 'Fn::GetAtt': ['FnVersion', 'Version'] }, Name: 'live' } };
    if (entry === 'alb') {
      r.FnTg = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { TargetType: 'lambda', HealthCheckEnabled: true, Targets: [{ Id: { Ref: 'Live' } }] } };
      r.FnInvoke = { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Live' }, Principal: 'elasticloadbalancing.amazonaws.com' } };
      r.ProdRule.Properties.Actions = [{ Type: 'forward', TargetGroupArn: { Ref: 'FnTg' } }];
    } else if (entry === 'url') {
      r.FnUrl = { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'NONE', TargetFunctionArn: { Ref: 'Live' } } };
      r.ApiRecord.Properties = { HostedZoneId: 'Z0123456789ABCDEFGHIJ', Name: 'api.example.com.', Type: 'CNAME', TTL: '60', ResourceRecords: [{ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['FnUrl', 'FunctionUrl'] }] }] }] };
    } else {
      r.HttpApi = { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api', ProtocolType: 'HTTP' } };
      r.HttpInt = { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'HttpApi' }, IntegrationType: 'AWS_PROXY', IntegrationUri: { Ref: 'Live' }, PayloadFormatVersion: '2.0' } };
      r.HttpRoute = { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: '$default', Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'HttpInt' }]] } } };
      r.HttpDomain = { Type: 'AWS::ApiGatewayV2::DomainName', Properties: { DomainName: 'api.example.com', DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x', SecurityPolicy: 'TLS_1_2' }] } };
      r.HttpMapping = { Type: 'AWS::ApiGatewayV2::ApiMapping', Properties: { ApiId: { Ref: 'HttpApi' }, DomainName: { Ref: 'HttpDomain' }, Stage: '$default' } };
      r.FnInvoke = { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Live' }, Principal: 'apigateway.amazonaws.com' } };
    }
    return t;
  };
  const withoutProbe = (t: any) => { delete t.Resources.HealthCanary; delete t.Resources.CanaryAlarm; return t; };

  test.each(['alb', 'url', 'http-api'] as const)('%s → alias → function: the canary probing api.example.com counts', (entry) => {
    expect(findings(lambdaBehind(entry), 'ExternalHealthProbe')).toEqual([expect.objectContaining({ resource: 'Fn', status: 'pass' })]);
  });
  test.each(['alb', 'url', 'http-api'] as const)('%s → alias → function without a probe fails (judged, not skipped)', (entry) => {
    expect(findings(withoutProbe(lambdaBehind(entry)), 'ExternalHealthProbe')).toEqual([expect.objectContaining({ resource: 'Fn', status: 'fail' })]);
  });
  test('an internal load balancer in front of the alias is not judged', () => {
    const t = lambdaBehind('alb');
    t.Resources.Alb.Properties.Scheme = 'internal';
    expect(findings(t, 'ExternalHealthProbe')).toEqual([]);
  });
  test('ALARM-UNHEALTHY-HOSTS: the Lambda target group (health checks on) needs its alarm', () => {
    expect(findings(lambdaBehind('alb'), 'AlarmUnhealthyHosts').find((f) => f.resource === 'FnTg')?.status).toBe('fail');
  });
});

describe('ServiceHealthCompositeAlarm', () => {
  test('scaling alarms are not part of the set', () => {
    const t = copy();
    t.Resources.ScaleOutAlarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: { Ref: 'Cluster' } }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } }], Statistic: 'Average', Period: 60, EvaluationPeriods: 1, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'ServiceTaskCountTargetCpu' }] } };
    expect(findings(t, 'ServiceHealthCompositeAlarm').map((f) => f.status)).toEqual(['pass']);
  });
});

describe('S3BucketKmsEncrypted', () => {
  test('an ALB access-log bucket may use SSE-S3', () => {
    expect(findings(platform, 'S3BucketKmsEncrypted').find((f) => f.resource === 'AccessLogs')?.status).toBe('pass');
  });
});

describe('LambdaRoleWritesLogs', () => {
  test('logs:PutLogEvents in an attached policy is enough', () => {
    const t = copy();
    delete t.Resources.PostScaleUpHookServiceRole.Properties.ManagedPolicyArns;
    t.Resources.PostScaleUpHookServiceRoleDefaultPolicy.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' });
    expect(findings(t, 'LambdaRoleWritesLogs').map((f) => f.status)).toEqual(['pass']);
  });
});

describe('values decided at deploy time are never a pass, and never a fail when they may be right', () => {
  const withOpen = (t: any, name: string) => ((t.Parameters ??= {})[name] = { Type: 'String' }, t);

  test('ServiceHealthCompositeAlarm: a composite rule from an open parameter may cover any alarm (unknown, not fail)', () => {
    const t = withOpen(copy(), 'HealthRule');
    t.Resources.ServiceHealth.Properties.AlarmRule = { Ref: 'HealthRule' };
    expect(findings(t, 'ServiceHealthCompositeAlarm').map((f) => f.status)).toEqual(['unknown']);
    expect(findings(t, 'ServiceHealthCompositeAlarm')[0].message).toMatch(/parameter HealthRule/);
  });

  test('CriticalAlarmPages: a critical alarm with its actions disabled pages nobody; decided at deploy time it is unknown', () => {
    const off = copy();
    off.Resources.ServiceHealth.Properties.ActionsEnabled = false;
    expect(findings(off, 'CriticalAlarmPages').map((f) => f.status)).toEqual(['fail']);
    const open = withOpen(copy(), 'Paging');
    open.Resources.ServiceHealth.Properties.ActionsEnabled = { Ref: 'Paging' };
    expect(findings(open, 'CriticalAlarmPages').map((f) => f.status)).toEqual(['unknown']);
  });

  test('CriticalAlarmPages: a topic or response plan named by an ARN built with !Sub is outside the template, not "no pager"', () => {
    const topic = copy();
    topic.Resources.ServiceHealth.Properties.AlarmActions = [{ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:pager' }];
    expect(findings(topic, 'CriticalAlarmPages').map((f) => f.status)).toEqual(['unknown']);
    const plan = copy();
    plan.Resources.ServiceHealth.Properties.AlarmActions = [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm-incidents::${AWS::AccountId}:response-plan/web' }];
    expect(findings(plan, 'CriticalAlarmPages').map((f) => f.status)).toEqual(['pass']);
    const opsItem = copy();
    opsItem.Resources.ServiceHealth.Properties.AlarmActions = [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:opsitem:3' }];
    expect(findings(opsItem, 'CriticalAlarmPages').map((f) => f.status)).toEqual(['fail']);
  });

  test('DashboardService: a dashboard whose body cannot be read may show everything (unknown, not fail)', () => {
    const t = withOpen(copy(), 'ExtraBody');
    t.Resources.Extra = { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', [{ Ref: 'ExtraBody' }, { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] }]] } } };
    const body = t.Resources.Dashboard.Properties.DashboardBody['Fn::Join'][1];
    t.Resources.Dashboard.Properties.DashboardBody['Fn::Join'][1] = body.map((p: any) => (typeof p === 'string' ? p.replace(/"stat":"p99"/g, '"stat":"p90"') : p));
    expect(findings(t, 'DashboardService').find((f) => f.resource === 'Service')?.status).toBe('unknown');
    delete t.Resources.Extra;
    expect(findings(t, 'DashboardService').find((f) => f.resource === 'Service')?.status).toBe('fail');
  });

  test('ExternalHealthProbe: a canary script from a parameter, or a host name from one, is unknown', () => {
    const script = withOpen(copy(), 'CanaryScript');
    script.Resources.HealthCanary.Properties.Code.Script = { Ref: 'CanaryScript' };
    expect(findings(script, 'ExternalHealthProbe').map((f) => f.status)).toEqual(['unknown']);
    const host = withOpen(copy(), 'DomainName');
    host.Resources.ApiRecord.Properties.Name = { Ref: 'DomainName' };
    expect(findings(host, 'ExternalHealthProbe').map((f) => f.status)).toEqual(['unknown']);
    expect(findings(host, 'ExternalHealthProbe')[0].message).toMatch(/host name of the service is decided at deploy time/);
  });

  test('ExternalHealthProbe: a probe alarm whose actions are switched by an open parameter is unknown', () => {
    const t = withOpen(copy(), 'Notify');
    t.Resources.CanaryAlarm.Properties.ActionsEnabled = { Ref: 'Notify' };
    t.Resources.ServiceHealth.Properties.AlarmRule = { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['ErrorRateAlarm', 'Arn'] }, '")']] };
    expect(findings(t, 'ExternalHealthProbe').map((f) => f.status)).toEqual(['unknown']);
  });

  test('AlarmTopicEncrypted: the TLS-only statement behind a condition is judged in each world', () => {
    const t = copy();
    t.Parameters = { Tls: { Type: 'String', AllowedValues: ['on', 'off'] } };
    t.Conditions = { TlsOnly: { 'Fn::Equals': [{ Ref: 'Tls' }, 'on'] } };
    const st = t.Resources.AlarmTopicPolicy.Properties.PolicyDocument.Statement;
    t.Resources.AlarmTopicPolicy.Properties.PolicyDocument.Statement = [{ 'Fn::If': ['TlsOnly', st[0], { Ref: 'AWS::NoValue' }] }];
    const [f] = findings(t, 'AlarmTopicEncrypted');
    expect(f.status).toBe('unknown');
    expect(findings({ ...t, Parameters: { Tls: { Type: 'String', AllowedValues: ['on'] } } }, 'AlarmTopicEncrypted').map((x) => x.status)).toEqual(['pass']);
    expect(f.message).toMatch(/fails when parameter Tls = off/);
  });

  test('LambdaRoleWritesLogs: a customer-managed policy that attaches itself to the role counts', () => {
    const t = copy();
    delete t.Resources.PostScaleUpHookServiceRole.Properties.ManagedPolicyArns;
    t.Resources.Logs = { Type: 'AWS::IAM::ManagedPolicy', Properties: { Roles: [{ Ref: 'PostScaleUpHookServiceRole' }], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] } } };
    expect(findings(t, 'LambdaRoleWritesLogs').map((f) => f.status)).toEqual(['pass']);
    delete t.Resources.Logs;
    expect(findings(t, 'LambdaRoleWritesLogs').map((f) => f.status)).toEqual(['fail']);
  });

  test('AlarmSecurityEvents: an alarm whose WebACL dimension comes from an open parameter may be the one (unknown)', () => {
    const t = withOpen(copy(), 'AclName');
    t.Resources.WafBlockedAlarm.Properties.Dimensions[2].Value = { Ref: 'AclName' };
    expect(findings(t, 'AlarmSecurityEvents').find((f) => f.resource === 'WebAcl')?.status).toBe('unknown');
  });
});
