/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const platform = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant', 'platform.json'), 'utf8'));

function findings(template: any, ruleId: string) {
  return checks.checkTemplate(template, 'unit').findings.filter((f) => f.ruleId === ruleId).map((f) => ({ resource: f.resource, status: f.status, message: f.message }));
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
    expect(findings(t, 'ExternalHealthProbe').map((f) => f.status)).toEqual(['pass']);
  });
  test('an internal service is not judged', () => {
    const t = copy();
    t.Resources.Alb.Properties.Scheme = 'internal';
    expect(findings(t, 'ExternalHealthProbe')).toEqual([]);
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
