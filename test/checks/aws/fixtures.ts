/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { PatchOp } from '../../fixture-patch';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'aws');

export type { PatchOp } from '../../fixture-patch';
export { applyPatch } from '../../fixture-patch';

/** A violating case: a compliant base template with a patch that breaks exactly one rule's item. */
export interface ViolationCase {
  readonly name: string;
  readonly base: string;
  readonly patch: PatchOp[];
  /** The logical id the rule must flag. */
  readonly resource: string;
  /** `fail` (the default) or `unknown`. */
  readonly expect?: 'fail' | 'unknown';
  /**
   * Other rules the same change violates by design (an invoker outside a Lambda alias is outside the alias an alarm
   * watches and the alias CodeDeploy releases): they must fail, and no rule besides them.
   */
  readonly alsoFails?: string[];
}

export interface ViolationFile {
  readonly rule: string;
  readonly cases: ViolationCase[];
}

export function compliantBases(): Map<string, any> {
  const dir = path.join(FIXTURES, 'compliant');
  const out = new Map<string, any>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    out.set(f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  return out;
}

export function violationFiles(): ViolationFile[] {
  const dir = path.join(FIXTURES, 'violations');
  return fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ViolationFile);
}

/**
 * The patch that replaces the canary probing api.example.com in the ecs-service and edge-api bases by a Route 53
 * health check with its alarm (HealthCheckAlarm on HealthCheckStatus, Minimum < 1, notifying `topic`). Route 53
 * publishes health-check metrics in us-east-1 only: the alarm fires only in a stack of that region.
 */
export function route53Probe(topic = 'AlarmTopic'): PatchOp[] {
  return [
    { op: 'delete', path: ['Resources', 'HealthCanary'] },
    { op: 'set', path: ['Resources', 'HealthCheck'], value: { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { FailureThreshold: 3, FullyQualifiedDomainName: 'api.example.com', Port: 443, RequestInterval: 10, ResourcePath: '/health', Type: 'HTTPS' } } } },
    {
      op: 'set',
      path: ['Resources', 'HealthCheckAlarm', 'Properties'],
      value: {
        AlarmActions: [{ Ref: topic }], ComparisonOperator: 'LessThanThreshold', Dimensions: [{ Name: 'HealthCheckId', Value: { 'Fn::GetAtt': ['HealthCheck', 'HealthCheckId'] } }],
        EvaluationPeriods: 2, MetricName: 'HealthCheckStatus', Namespace: 'AWS/Route53', Period: 60, Statistic: 'Minimum', Threshold: 1, TreatMissingData: 'breaching',
      },
    },
  ];
}

/** A patch op that sets `value` at `path`. */
export const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
/** A patch op that deletes `path`. */
export const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });
/** A path below `Resources`. */
export const R = (...p: (string | number)[]) => ['Resources', ...p];

/** A TLS Deny over the whole of bucket `Logs` (the access-log bucket of `albLogsTemplate`). */
export const LOGS_TLS_DENY = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }, { 'Fn::Sub': '${Logs.Arn}/*' }], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
/** A bucket policy on `Logs` of these statements. */
export const logsPolicy = (...statements: any[]) => ({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Version: '2012-10-17', Statement: statements } } });
/** An ALB `LB` logging to bucket `Logs` (encrypted, expiring), with these bucket policies (resources by id). */
export const albLogsTemplate = (policies: Record<string, any>) => ({
  Logs: {
    Type: 'AWS::S3::Bucket',
    Properties: {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 365 }] },
    },
  },
  LB: {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    Properties: {
      Type: 'application', Subnets: ['subnet-1', 'subnet-2'],
      LoadBalancerAttributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }, { Key: 'access_logs.s3.bucket', Value: { Ref: 'Logs' } }],
    },
  },
  ...policies,
});

/** A dashboard of one widget of SEARCH expressions, one per metric: `SEARCH('{<schema>} MetricName="<m>" <filter>', 'Average', 60)` (`filter`: Join pieces). */
export function searchDashboard(schema: string, metrics: string[], filter: any[] = []): any {
  const pieces: any[] = ['{"widgets":[{"type":"metric","properties":{"region":"eu-west-1","metrics":['];
  metrics.forEach((m, i) => pieces.push(`${i ? ',' : ''}[{"expression":"SEARCH('{${schema}} MetricName=\\"${m}\\" `, ...filter, `', 'Average', 60)","id":"e${i}"}]`));
  pieces.push(']}}]}');
  return { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } };
}
