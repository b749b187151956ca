/* eslint-disable @typescript-eslint/no-explicit-any */
import { ACMClient } from '@aws-sdk/client-acm';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { FisClient } from '@aws-sdk/client-fis';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsStub } from 'aws-sdk-client-mock';
import { Finding, GoLiveVerify, GoLiveVerifyProps } from '../../lib';

/** One mock per client class, keyed by the service name `verify` uses (lib/verify/clients.ts). */
export const mocks = {
  cloudformation: mockClient(CloudFormationClient),
  cloudwatch: mockClient(CloudWatchClient),
  logs: mockClient(CloudWatchLogsClient),
  backup: mockClient(BackupClient),
  acm: mockClient(ACMClient),
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  ecs: mockClient(ECSClient),
  rds: mockClient(RDSClient),
  elasticache: mockClient(ElastiCacheClient),
  secretsmanager: mockClient(SecretsManagerClient),
  route53: mockClient(Route53Client),
  codedeploy: mockClient(CodeDeployClient),
  // @aws-sdk/client-fis 3.523.0, the newest the registry has, is built on older smithy types than aws-sdk-client-mock 4
  // expects: its mock is typed loosely, its commands still checked by name at run time.
  fis: mockClient(FisClient as unknown as typeof ACMClient) as unknown as AwsStub<any, any, any>,
  wafv2: mockClient(WAFV2Client),
  cloudfront: mockClient(CloudFrontClient),
  sns: mockClient(SNSClient),
};

/** `service:Command` of every call the verifiers sent through the mocks, over the whole suite. */
export const sent = new Set<string>();

/** Record the calls of the last test, then forget every mock's behaviour. */
export function resetMocks(): void {
  for (const [service, m] of Object.entries(mocks)) {
    for (const c of m.calls()) sent.add(`${service}:${(c.args[0] as any).constructor.name.replace(/Command$/, '')}`);
    m.reset();
  }
}

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const STACK_ARN = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Shop/0f0e`;
export const NOW = Date.now();
export const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000);

export interface Res {
  readonly type: string;
  readonly physical: string;
  readonly props?: any;
}

/** A deployed stack `Shop` with these resources (logical id → type, physical id, template properties). */
export function stack(resources: Record<string, Res>, status = 'UPDATE_COMPLETE'): void {
  mocks.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Shop', StackId: STACK_ARN, StackStatus: status as any, CreationTime: new Date() }] });
  mocks.cloudformation.on(GetTemplateCommand).resolves({
    TemplateBody: JSON.stringify({ Resources: Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, { Type: r.type, Properties: r.props ?? {}, Metadata: { 'aws:cdk:path': `Shop/${id}/Resource` } }])) }),
  });
  mocks.cloudformation.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: Object.entries(resources).map(([id, r]) => ({ LogicalResourceId: id, PhysicalResourceId: r.physical, ResourceType: r.type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() })) as any,
  });
}

/**
 * CloudWatch answers GetMetricData from a table `Namespace|Metric|Stat` → datapoints
 * (a function of the dimensions when given), like CloudWatch: no entry, no datapoint.
 */
export function metrics(table: Record<string, number[] | ((dims: Record<string, string>) => number[])>): void {
  mocks.cloudwatch.on(GetMetricDataCommand).callsFake((input: any) => ({
    MetricDataResults: input.MetricDataQueries.map((q: any) => {
      const m = q.MetricStat.Metric;
      const dims = Object.fromEntries((m.Dimensions ?? []).map((d: any) => [d.Name, d.Value]));
      const entry = table[`${m.Namespace}|${m.MetricName}|${q.MetricStat.Stat}`];
      const values = typeof entry === 'function' ? entry(dims) : entry ?? [];
      return { Id: q.Id, Values: values, Timestamps: values.map(() => new Date()), StatusCode: 'Complete' };
    }),
  }));
}

/** Run verify on `Shop` and return its findings. */
export async function verify(props: Partial<GoLiveVerifyProps> = {}): Promise<Finding[]> {
  return (await new GoLiveVerify({ stacks: ['Shop'], region: REGION, ...props }).run()).findings;
}

/** `[resource, status]` of one verifier's findings. */
export function verdicts(findings: Finding[], ruleId: string): Array<[string, string]> {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource, f.status]);
}

/** The one finding of a verifier on a resource. */
export function finding(findings: Finding[], ruleId: string, resource: string): Finding {
  const f = findings.filter((x) => x.ruleId === ruleId && x.resource === resource);
  if (f.length !== 1) throw new Error(`expected one ${ruleId} finding on ${resource}, got ${f.length}: ${JSON.stringify(findings.map((x) => [x.ruleId, x.resource, x.status]))}`);
  return f[0];
}

/** An AWS service error as the SDK raises it. */
export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
