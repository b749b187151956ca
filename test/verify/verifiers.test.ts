/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { GetRestoreTestingPlanCommand, ListBackupJobsCommand, ListCopyJobsCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetDistributionCommand } from '@aws-sdk/client-cloudfront';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs';
import { DescribeReplicationGroupsCommand, DescribeEventsCommand as CacheEventsCommand } from '@aws-sdk/client-elasticache';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import * as fis from '@aws-sdk/client-fis';
import { DescribeDBClusterParametersCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBParametersCommand, DescribeEventsCommand } from '@aws-sdk/client-rds';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { GetWebACLForResourceCommand } from '@aws-sdk/client-wafv2';
import type { AwsCommand } from 'aws-sdk-client-mock';
import { Catalog, EvidenceKind } from '../../lib';
import { schedulePeriodHours } from '../../lib/verify/verifiers/backup';
import { ACCOUNT, awsError, finding, hoursAgo, metrics, mocks, REGION, resetMocks, sent, stack, STACK_ARN, verdicts, verify } from './harness';

// @aws-sdk/client-fis 3.523.0, the newest the registry has, is typed against older smithy types than aws-sdk-client-mock
// 4 expects: its two commands are typed loosely here (the mock still matches them by class at run time).
const ListExperimentsCommand = fis.ListExperimentsCommand as unknown as new (input: any) => AwsCommand<any, any>;
const ListExperimentResolvedTargetsCommand = fis.ListExperimentResolvedTargetsCommand as unknown as new (input: any) => AwsCommand<any, any>;

const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/shop/50dc6c495c0c9188`;
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/shop/73e2d6bc24d8a067`;
const CERT_ARN = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`;
const SVC_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/shop-cluster/shop-web`;
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/db-AbCdEf`;
const GIB = 1024 ** 3;

const lb = { Lb: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', physical: LB_ARN } };
const db = { Db: { type: 'AWS::RDS::DBInstance', physical: 'shop-db' } };
const rdsInstance = (over: any = {}) => mocks.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'shop-db', DBInstanceClass: 'db.r6g.large', Engine: 'postgres', AllocatedStorage: 100, MultiAZ: true, DBParameterGroups: [{ DBParameterGroupName: 'shop-params' }], ...over }] });

beforeEach(() => resetMocks());

describe('LIVE-ERROR-RATE', () => {
  const fn = { Api: { type: 'AWS::Lambda::Function', physical: 'shop-api' }, Rotation: { type: 'AWS::Lambda::Function', physical: 'shop-rotation' } };
  test('pass at or below errorRatePercent; an idle function is not judged', async () => {
    stack({ ...lb, ...fn });
    metrics({ 'AWS/ApplicationELB|RequestCount|Sum': [600, 400], 'AWS/ApplicationELB|HTTPCode_Target_5XX_Count|Sum': [3], 'AWS/ApplicationELB|HTTPCode_ELB_5XX_Count|Sum': [2], 'AWS/Lambda|Invocations|Sum': (d) => (d.FunctionName === 'shop-api' ? [200] : []), 'AWS/Lambda|Errors|Sum': (d) => (d.FunctionName === 'shop-api' ? [1] : []) });
    const f = await verify();
    expect(verdicts(f, 'LiveErrorRate')).toEqual([['Lb', 'pass'], ['Api', 'pass']]);
    expect(finding(f, 'LiveErrorRate', 'Lb')).toMatchObject({ value: '0.5 % (5 of 1000)', itemIds: ['LIVE-ERROR-RATE'], observedAt: expect.any(String), constructPath: 'Shop/Lb/Resource' });
  });
  test('fail above it', async () => {
    stack({ ...lb });
    metrics({ 'AWS/ApplicationELB|RequestCount|Sum': [1000], 'AWS/ApplicationELB|HTTPCode_Target_5XX_Count|Sum': [15] });
    expect(verdicts(await verify(), 'LiveErrorRate')).toEqual([['Lb', 'fail']]);
  });
  test('a tightened threshold is applied', async () => {
    stack({ ...lb });
    metrics({ 'AWS/ApplicationELB|RequestCount|Sum': [1000], 'AWS/ApplicationELB|HTTPCode_Target_5XX_Count|Sum': [5] });
    expect(verdicts(await verify({ thresholds: { errorRatePercent: 0.1 } }), 'LiveErrorRate')).toEqual([['Lb', 'fail']]);
  });
  test('unknown without requests, on the entry point and on a stack of idle functions', async () => {
    stack({ ...lb, ...fn });
    metrics({});
    expect(verdicts(await verify(), 'LiveErrorRate')).toEqual([['Lb', 'unknown']]);
    resetMocks();
    stack(fn);
    metrics({});
    expect(verdicts(await verify(), 'LiveErrorRate')).toEqual([['Shop', 'unknown']]);
  });
  test('REST APIs are measured by ApiName, HTTP APIs by ApiId', async () => {
    stack({ Rest: { type: 'AWS::ApiGateway::RestApi', physical: 'a1b2c3', props: { Name: 'shop' } }, Http: { type: 'AWS::ApiGatewayV2::Api', physical: 'h1', props: { ProtocolType: 'HTTP' } }, NoName: { type: 'AWS::ApiGateway::RestApi', physical: 'x' } });
    metrics({ 'AWS/ApiGateway|Count|Sum': (d) => (d.ApiName === 'shop' || d.ApiId === 'h1' ? [100] : []), 'AWS/ApiGateway|5XXError|Sum': [0], 'AWS/ApiGateway|5xx|Sum': [9] });
    expect(verdicts(await verify(), 'LiveErrorRate')).toEqual([['NoName', 'unknown'], ['Rest', 'pass'], ['Http', 'fail']]);
  });
});

describe('LIVE-LATENCY', () => {
  const traffic = { 'AWS/ApplicationELB|RequestCount|Sum': [1000] };
  test('pass within p95/p99 (seconds turned into ms)', async () => {
    stack(lb);
    metrics({ ...traffic, 'AWS/ApplicationELB|TargetResponseTime|p95': [0.3], 'AWS/ApplicationELB|TargetResponseTime|p99': [0.8], 'AWS/ApplicationELB|TargetResponseTime|Average': [0.1] });
    const f = await verify();
    expect(finding(f, 'LiveLatency', 'Lb')).toMatchObject({ status: 'pass', value: 'p95 300 ms, p99 800 ms, avg 100 ms' });
  });
  test('fail when p95 is over, using the worst period as an upper bound', async () => {
    stack(lb);
    metrics({ ...traffic, 'AWS/ApplicationELB|TargetResponseTime|p95': [0.2, 0.7], 'AWS/ApplicationELB|TargetResponseTime|p99': [0.8], 'AWS/ApplicationELB|TargetResponseTime|Average': [0.1] });
    expect(verdicts(await verify(), 'LiveLatency')).toEqual([['Lb', 'fail']]);
  });
  test('unknown without percentiles', async () => {
    stack(lb);
    metrics(traffic);
    expect(verdicts(await verify(), 'LiveLatency')).toEqual([['Lb', 'unknown']]);
  });
});

describe('LIVE-TARGETS-HEALTHY', () => {
  const tg = { Tg: { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physical: TG_ARN } };
  const health = (...states: string[]) => mocks.elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: states.map((s, i) => ({ Target: { Id: `10.0.0.${i}` }, TargetHealth: { State: s as any, Reason: s === 'healthy' ? undefined : 'Target.ResponseCodeMismatch' as any } })) });
  test.each([
    [['healthy', 'healthy'], 'pass'],
    [['healthy', 'unhealthy'], 'fail'],
    [[], 'fail'],
    [['healthy', 'initial'], 'unknown'],
  ])('%j -> %s', async (states, status) => {
    stack(tg);
    metrics({});
    health(...(states as string[]));
    expect(verdicts(await verify(), 'LiveTargetsHealthy')).toEqual([['Tg', status]]);
  });
});

describe('LIVE-CPU, LIVE-MEMORY', () => {
  const svc = { Web: { type: 'AWS::ECS::Service', physical: SVC_ARN } };
  const ecs = () => mocks.ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn: SVC_ARN, serviceName: 'shop-web', clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/shop-cluster`, runningCount: 3, desiredCount: 3, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }] });
  test.each([[[40, 62], 'pass'], [[40, 95], 'fail'], [[], 'unknown']])('ECS CPU %j -> %s', async (values, status) => {
    stack(svc);
    ecs();
    metrics({ 'AWS/ECS|CPUUtilization|Average': (d) => (d.ClusterName === 'shop-cluster' && d.ServiceName === 'shop-web' ? values as number[] : []) });
    expect(verdicts(await verify(), 'LiveCpu')).toEqual([['Web', status]]);
  });
  test.each([[8 * GIB, 'pass'], [1 * GIB, 'fail']])('RDS memory with %d bytes free of 16 GiB -> %s', async (free, status) => {
    stack(db);
    rdsInstance();
    metrics({ 'AWS/RDS|FreeableMemory|Minimum': [free as number, 12 * GIB] });
    expect(verdicts(await verify(), 'LiveMemory')).toEqual([['Db', status]]);
  });
  test('RDS memory of a class cdk-golive does not know is unknown', async () => {
    stack(db);
    rdsInstance({ DBInstanceClass: 'db.x9.colossal' });
    metrics({ 'AWS/RDS|FreeableMemory|Minimum': [GIB] });
    expect(verdicts(await verify(), 'LiveMemory')).toEqual([['Db', 'unknown']]);
  });
  test('ElastiCache: the busiest node decides', async () => {
    stack({ Cache: { type: 'AWS::ElastiCache::ReplicationGroup', physical: 'shop-cache' } });
    mocks.elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'shop-cache', MemberClusters: ['shop-cache-001', 'shop-cache-002'] }] });
    mocks.elasticache.on(CacheEventsCommand).resolves({ Events: [] });
    mocks.fis.on(ListExperimentsCommand).resolves({ experiments: [] });
    metrics({ 'AWS/ElastiCache|EngineCPUUtilization|Average': (d) => (d.CacheClusterId === 'shop-cache-002' ? [91] : [10]), 'AWS/ElastiCache|DatabaseMemoryUsagePercentage|Average': [40] });
    const f = await verify();
    expect(finding(f, 'LiveCpu', 'Cache')).toMatchObject({ status: 'fail', value: '91 % (node shop-cache-002)' });
    expect(verdicts(f, 'LiveMemory')).toEqual([['Cache', 'pass']]);
  });
});

describe('LIVE-DISK, LIVE-DB-CONNECTIONS', () => {
  const params = (value?: string) => mocks.rds.on(DescribeDBParametersCommand).resolves({ Parameters: value === undefined ? [] : [{ ParameterName: 'max_connections', ParameterValue: value, Source: 'user' }] });
  test.each([[50 * GIB, 'pass'], [10 * GIB, 'fail'], [undefined, 'unknown']])('disk: %d free of 100 GiB -> %s', async (free, status) => {
    stack(db);
    rdsInstance();
    params('100');
    metrics(free === undefined ? {} : { 'AWS/RDS|FreeStorageSpace|Minimum': [free] });
    expect(verdicts(await verify(), 'LiveDisk')).toEqual([['Db', status]]);
  });
  test('Aurora volumes are not judged for disk', async () => {
    stack(db);
    rdsInstance({ Engine: 'aurora-postgresql', DBClusterIdentifier: 'shop-cluster' });
    mocks.rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'shop-cluster', DBClusterParameterGroup: 'shop-cluster-params' }] });
    mocks.rds.on(DescribeDBParametersCommand).resolves({ Parameters: [{ ParameterName: 'max_connections', ParameterValue: 'LEAST({DBInstanceClassMemory/9531392},5000)', Source: 'engine-default' }] });
    mocks.rds.on(DescribeDBClusterParametersCommand).resolves({ Parameters: [{ ParameterName: 'max_connections', ParameterValue: '400', Source: 'user' }] });
    metrics({ 'AWS/RDS|DatabaseConnections|Maximum': [100] });
    const f = await verify();
    expect(verdicts(f, 'LiveDisk')).toEqual([]);
    // the cluster parameter group's explicit value wins over the instance group's engine default
    expect(finding(f, 'LiveDbConnections', 'Db')).toMatchObject({ status: 'pass', value: expect.stringContaining('100 of 400') });
  });
  test.each([['100', [50], 'pass'], ['100', [95], 'fail'], [undefined, [50], 'unknown'], ['100', [], 'unknown']])('connections: max_connections %s, peak %j -> %s', async (max, conns, status) => {
    stack(db);
    rdsInstance();
    params(max);
    metrics({ 'AWS/RDS|DatabaseConnections|Maximum': conns as number[] });
    expect(verdicts(await verify(), 'LiveDbConnections')).toEqual([['Db', status]]);
  });
  test('the engine formula is evaluated with the class memory', async () => {
    stack(db);
    rdsInstance();
    params('LEAST({DBInstanceClassMemory/9531392},5000)');
    metrics({ 'AWS/RDS|DatabaseConnections|Maximum': [1700] });
    // db.r6g.large: 16 GiB / 9531392 = 1802 connections; 1700 is 94 %
    expect(finding(await verify(), 'LiveDbConnections', 'Db')).toMatchObject({ status: 'fail', value: expect.stringContaining('1700 of 1802') });
  });
});

describe('LIVE-ALARMS-ARMED, LIVE-ALARMS-QUIET', () => {
  const alarms = { Errors: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-errors' }, Health: { type: 'AWS::CloudWatch::CompositeAlarm', physical: 'shop-health' }, Gone: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-gone' } };
  const topic = (name: string, region = REGION, account = ACCOUNT) => `arn:aws:sns:${region}:${account}:${name}`;
  /** SNS answers ListSubscriptionsByTopic from a table topic name -> SubscriptionArns (a topic not in it does not exist). */
  const subscriptions = (table: Record<string, string[]>) => mocks.sns.on(ListSubscriptionsByTopicCommand).callsFake((input: { TopicArn: string }) => {
    const subs = table[input.TopicArn.split(':').pop()!];
    if (!subs) throw awsError('NotFoundException', 'Topic does not exist');
    return { Subscriptions: subs.map((a) => ({ SubscriptionArn: a, TopicArn: input.TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' })) };
  });
  const armed = (name: string, actions: string[]) => ({ AlarmName: name, ActionsEnabled: true, AlarmActions: actions, StateValue: 'OK' as const, StateTransitionedTimestamp: hoursAgo(30) });
  beforeEach(() => subscriptions({ oncall: [`${topic('oncall')}:0d5e2c6a-6f1e-4f7b-9a57-2c1f0e3d4b5a`] }));
  test('armed, firing, stuck and fresh states', async () => {
    stack(alarms);
    metrics({});
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'shop-errors', ActionsEnabled: true, AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:oncall'], StateValue: 'ALARM', StateReason: 'Threshold crossed', StateTransitionedTimestamp: hoursAgo(0.2) }],
      CompositeAlarms: [{ AlarmName: 'shop-health', ActionsEnabled: false, AlarmActions: [], StateValue: 'INSUFFICIENT_DATA', StateTransitionedTimestamp: hoursAgo(3) }],
    });
    const f = await verify();
    expect(verdicts(f, 'LiveAlarmsArmed')).toEqual([['Errors', 'pass'], ['Health', 'fail'], ['Gone', 'fail']]);
    expect(verdicts(f, 'LiveAlarmsQuiet')).toEqual([['Errors', 'fail'], ['Health', 'fail'], ['Gone', 'unknown']]);
  });
  test('OK passes; INSUFFICIENT_DATA entered within the window is unknown', async () => {
    stack({ Errors: alarms.Errors, Health: alarms.Health });
    metrics({});
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'shop-errors', ActionsEnabled: true, AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:oncall'], StateValue: 'OK', StateTransitionedTimestamp: hoursAgo(30) }],
      CompositeAlarms: [{ AlarmName: 'shop-health', ActionsEnabled: true, AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:oncall'], StateValue: 'INSUFFICIENT_DATA', StateTransitionedTimestamp: hoursAgo(0.25) }],
    });
    expect(verdicts(await verify(), 'LiveAlarmsQuiet')).toEqual([['Errors', 'pass'], ['Health', 'unknown']]);
  });
  test('an SNS topic among the actions with no confirmed subscription fails the alarm: pending confirmations, no subscription, no topic', async () => {
    stack({ Pending: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-pending' }, Empty: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-empty' }, NoTopic: { type: 'AWS::CloudWatch::CompositeAlarm', physical: 'shop-notopic' }, Both: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-both' }, Scaling: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-scaling' } });
    metrics({});
    subscriptions({ oncall: [`${topic('oncall')}:0d5e2c6a`], unconfirmed: ['PendingConfirmation', 'PendingConfirmation'], empty: [] });
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [armed('shop-pending', [topic('unconfirmed')]), armed('shop-empty', [topic('empty')]), armed('shop-both', [topic('oncall'), topic('unconfirmed')]), armed('shop-scaling', [`arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:1:autoScalingGroupName/web:policyName/out`])],
      CompositeAlarms: [armed('shop-notopic', [topic('deleted')])],
    });
    const f = await verify();
    expect(verdicts(f, 'LiveAlarmsArmed')).toEqual([['Pending', 'fail'], ['Empty', 'fail'], ['NoTopic', 'fail'], ['Both', 'fail'], ['Scaling', 'pass']]);
    expect(finding(f, 'LiveAlarmsArmed', 'Pending').message).toMatch(/topic .*:unconfirmed, which has no confirmed subscription \(2 waiting for confirmation, which deliver nothing\): its notifications reach no one/);
    expect(finding(f, 'LiveAlarmsArmed', 'Empty').message).toMatch(/:empty, which has no confirmed subscription: its notifications reach no one/);
    expect(finding(f, 'LiveAlarmsArmed', 'NoTopic').message).toMatch(/:deleted, which does not exist/);
    expect(finding(f, 'LiveAlarmsArmed', 'Both').message).toMatch(/:unconfirmed, which has no confirmed subscription/);
    // One call per topic, however many alarms notify it.
    expect(mocks.sns.commandCalls(ListSubscriptionsByTopicCommand).map((c) => c.args[0].input.TopicArn!.split(':').pop()).sort()).toEqual(['deleted', 'empty', 'oncall', 'unconfirmed']);
  });
  test('a topic of another region or account, or one SNS refuses to list, makes the alarm unknown, never a pass', async () => {
    stack({ Away: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-away' }, Other: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-other' }, Denied: { type: 'AWS::CloudWatch::Alarm', physical: 'shop-denied' } });
    metrics({});
    mocks.sns.on(ListSubscriptionsByTopicCommand).rejects(awsError('AuthorizationErrorException', 'not authorized to perform sns:ListSubscriptionsByTopic'));
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [armed('shop-away', [topic('oncall', 'us-east-1')]), armed('shop-other', [topic('oncall', REGION, '222222222222')]), armed('shop-denied', [topic('oncall')])],
    });
    const f = await verify();
    expect(verdicts(f, 'LiveAlarmsArmed')).toEqual([['Away', 'unknown'], ['Other', 'unknown'], ['Denied', 'unknown']]);
    expect(finding(f, 'LiveAlarmsArmed', 'Away').message).toMatch(/it is in region us-east-1, whose subscriptions this run does not read/);
    expect(finding(f, 'LiveAlarmsArmed', 'Other').message).toMatch(/it is in account 222222222222/);
    expect(finding(f, 'LiveAlarmsArmed', 'Denied').message).toMatch(/could not be read: AuthorizationErrorException: not authorized/);
  });
  test('a service error makes the items unknown, never a pass', async () => {
    stack({ Errors: alarms.Errors });
    metrics({});
    mocks.cloudwatch.on(DescribeAlarmsCommand).rejects(awsError('AccessDenied', 'not authorized to perform cloudwatch:DescribeAlarms'));
    const f = await verify();
    expect(verdicts(f, 'LiveAlarmsArmed')).toEqual([['Shop', 'unknown']]);
    expect(finding(f, 'LiveAlarmsArmed', 'Shop').message).toMatch(/AccessDenied: not authorized/);
  });
});

describe('LIVE-BACKUP-JOBS', () => {
  const job = (State: string, created: number, completed?: number) => ({ BackupJobId: `j-${created}`, State, CreationDate: hoursAgo(created), CompletionDate: completed === undefined ? undefined : hoursAgo(completed), StatusMessage: State === 'FAILED' ? 'Insufficient privileges' : undefined });
  test.each([
    [[job('COMPLETED', 6, 5)], 'pass'],
    [[job('COMPLETED', 31, 30)], 'fail'],
    [[job('COMPLETED', 6, 5), job('FAILED', 0.5)], 'fail'],
    [[], 'fail'],
  ])('case %# -> %s', async (jobs, status) => {
    stack(db);
    rdsInstance({ MultiAZ: false });
    metrics({});
    mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: jobs as any });
    expect(verdicts(await verify(), 'LiveBackupJobs')).toEqual([['Db', status]]);
  });
  test('an unreadable job list is unknown; Aurora members are backed up with their cluster', async () => {
    stack({ ...db, Cluster: { type: 'AWS::RDS::DBCluster', physical: 'shop-cluster' } });
    rdsInstance({ DBClusterIdentifier: 'shop-cluster', Engine: 'aurora-postgresql' });
    metrics({});
    mocks.backup.on(ListBackupJobsCommand).rejects(awsError('AccessDeniedException'));
    mocks.fis.on(ListExperimentsCommand).resolves({ experiments: [] });
    mocks.rds.on(DescribeEventsCommand).resolves({ Events: [] });
    expect(verdicts(await verify(), 'LiveBackupJobs')).toEqual([['Cluster', 'unknown']]);
    expect(mocks.backup.commandCalls(ListBackupJobsCommand)[0].args[0].input).toMatchObject({ ByResourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:shop-cluster` });
  });
});

describe('LIVE-BACKUP-COPIES', () => {
  const DR = `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:dr`;
  const plan = { Plan: { type: 'AWS::Backup::BackupPlan', physical: 'plan-1', props: { BackupPlan: { BackupPlanRule: [{ RuleName: 'daily', CopyActions: [{ DestinationBackupVaultArn: DR }] }] } } } };
  test.each([
    [[{ State: 'COMPLETED', CreationDate: hoursAgo(5), CompletionDate: hoursAgo(4), DestinationBackupVaultArn: DR }], 'pass'],
    [[{ State: 'COMPLETED', CreationDate: hoursAgo(5), CompletionDate: hoursAgo(4), DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:1:backup-vault:other' }], 'fail'],
    [[{ State: 'FAILED', CreationDate: hoursAgo(0.2), DestinationBackupVaultArn: DR }], 'fail'],
  ])('case %# -> %s', async (jobs, status) => {
    stack({ ...db, ...plan });
    rdsInstance({ MultiAZ: false });
    metrics({});
    mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
    mocks.backup.on(ListCopyJobsCommand).resolves({ CopyJobs: jobs as any });
    expect(verdicts(await verify(), 'LiveBackupCopies')).toEqual([['Db', status]]);
  });
  test('unknown when copy jobs cannot be listed; nothing judged without a copy action', async () => {
    stack({ ...db, ...plan });
    rdsInstance({ MultiAZ: false });
    metrics({});
    mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
    mocks.backup.on(ListCopyJobsCommand).rejects(awsError('ThrottlingException'));
    expect(verdicts(await verify(), 'LiveBackupCopies')).toEqual([['Db', 'unknown']]);
    resetMocks();
    stack(db);
    rdsInstance({ MultiAZ: false });
    metrics({});
    mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
    expect(verdicts(await verify(), 'LiveBackupCopies')).toEqual([]);
  });
});

describe('LIVE-RESTORE-TESTS', () => {
  const plan = { Rtp: { type: 'AWS::Backup::RestoreTestingPlan', physical: 'weekly_restore' } };
  const testingPlan = (ScheduleExpression: string) => mocks.backup.on(GetRestoreTestingPlanCommand).resolves({ RestoreTestingPlan: { RestoreTestingPlanName: 'weekly_restore', RestoreTestingPlanArn: 'arn:aws:backup:eu-west-1:111111111111:restore-testing-plan:weekly_restore-1', ScheduleExpression, StartWindowHours: 24, RecoveryPointSelection: {} as any, CreationTime: new Date() } as any });
  test.each([
    [[{ Status: 'COMPLETED', CreationDate: hoursAgo(70), CompletionDate: hoursAgo(69), ValidationStatus: 'SUCCESSFUL' }], 'pass'],
    [[{ Status: 'COMPLETED', CreationDate: hoursAgo(70), CompletionDate: hoursAgo(69), ValidationStatus: 'FAILED' }], 'fail'],
    [[{ Status: 'COMPLETED', CreationDate: hoursAgo(300), CompletionDate: hoursAgo(299) }].filter(() => false), 'fail'],
  ])('weekly plan, case %#', async (jobs, status) => {
    stack(plan);
    metrics({});
    testingPlan('cron(0 5 ? * SUN *)');
    mocks.backup.on(ListRestoreJobsCommand).resolves({ RestoreJobs: jobs as any });
    expect(verdicts(await verify(), 'LiveRestoreTests')).toEqual([['Rtp', status]]);
  });
  test('a schedule cdk-golive cannot bound is unknown', async () => {
    stack(plan);
    metrics({});
    testingPlan('cron(0 5 1,15 * ? *)');
    expect(verdicts(await verify(), 'LiveRestoreTests')).toEqual([['Rtp', 'unknown']]);
  });
  test.each([
    ['rate(12 hours)', 12], ['rate(1 day)', 24], ['cron(0 5 * * ? *)', 24], ['cron(0 * * * ? *)', 1],
    ['cron(0 5 ? * SUN *)', 168], ['cron(0 5 1 * ? *)', 744], ['cron(0 5 ? * 2#1 *)', 840], ['cron(0 5 1,15 * ? *)', undefined], ['at(2026-01-01T00:00:00)', undefined],
  ])('schedule %s bounds runs %s h apart', (expr, hours) => {
    expect(schedulePeriodHours(expr)).toBe(hours);
  });
});

describe('LIVE-FAILOVER-DRILL', () => {
  const cluster = { Cluster: { type: 'AWS::RDS::DBCluster', physical: 'shop-cluster' } };
  const CLUSTER_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:shop-cluster`;
  test('a completed FIS experiment that targeted the cluster passes', async () => {
    stack(cluster);
    metrics({});
    mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
    mocks.fis.on(ListExperimentsCommand).resolves({ experiments: [{ id: 'EXP1', state: { status: 'completed' }, creationTime: hoursAgo(240), endTime: hoursAgo(239) }, { id: 'EXP2', state: { status: 'failed' }, creationTime: hoursAgo(10) }] as any });
    mocks.fis.on(ListExperimentResolvedTargetsCommand).resolves({ resolvedTargets: [{ resourceType: 'aws:rds:cluster', targetName: 'db', targetInformation: { 'resource-arn': CLUSTER_ARN }, resourceArn: CLUSTER_ARN } as any] });
    expect(finding(await verify(), 'LiveFailoverDrill', 'Cluster')).toMatchObject({ status: 'pass', message: expect.stringContaining('EXP1') });
  });
  test('a failover event passes; nothing within the 14 days RDS keeps is unknown for 90 days, fail for 7', async () => {
    stack(cluster);
    metrics({});
    mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
    mocks.fis.on(ListExperimentsCommand).resolves({ experiments: [] });
    mocks.rds.on(DescribeEventsCommand).resolves({ Events: [{ SourceIdentifier: 'shop-cluster', Message: 'Completed failover to DB instance: shop-db-2', EventCategories: ['failover'], Date: hoursAgo(100) }] });
    expect(verdicts(await verify(), 'LiveFailoverDrill')).toEqual([['Cluster', 'pass']]);
    mocks.rds.on(DescribeEventsCommand).resolves({ Events: [] });
    expect(verdicts(await verify(), 'LiveFailoverDrill')).toEqual([['Cluster', 'unknown']]);
    expect(verdicts(await verify({ thresholds: { failoverDrillDays: 7 } }), 'LiveFailoverDrill')).toEqual([['Cluster', 'fail']]);
  });
});

describe('LIVE-CERTIFICATES', () => {
  const cert = (over: any) => mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: CERT_ARN, DomainName: 'shop.example.com', Status: 'ISSUED', InUseBy: [LB_ARN], NotAfter: new Date(Date.now() + 200 * 86_400_000), ...over } });
  test.each([
    [{}, 'pass'],
    [{ NotAfter: new Date(Date.now() + 10 * 86_400_000) }, 'fail'],
    [{ Status: 'PENDING_VALIDATION' }, 'fail'],
    [{ InUseBy: [] }, 'fail'],
    [{ NotAfter: undefined }, 'unknown'],
  ])('%j -> %s', async (over, status) => {
    stack({ Cert: { type: 'AWS::CertificateManager::Certificate', physical: CERT_ARN } });
    metrics({});
    cert(over);
    expect(verdicts(await verify(), 'LiveCertificates')).toEqual([['Cert', status]]);
  });
  test('certificates of the HTTPS listeners are judged on their load balancer', async () => {
    stack(lb);
    metrics({});
    mocks.elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB_ARN, LoadBalancerName: 'shop', Type: 'application', Scheme: 'internet-facing', DNSName: 'shop-1.eu-west-1.elb.amazonaws.com' }] });
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [{ Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT_ARN }] }] });
    mocks.wafv2.on(GetWebACLForResourceCommand).resolves({});
    cert({});
    expect(finding(await verify(), 'LiveCertificates', 'Lb')).toMatchObject({ status: 'pass', property: `listener certificate ${CERT_ARN}` });
  });
});

describe('LIVE-WAF-ASSOCIATED', () => {
  const lbDescribed = (Scheme = 'internet-facing') => mocks.elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB_ARN, LoadBalancerName: 'shop', Type: 'application', Scheme: Scheme as any, DNSName: 'shop-1.eu-west-1.elb.amazonaws.com' }] });
  test('pass with a web ACL, fail without, internal load balancers not judged', async () => {
    stack({ ...lb, Cdn: { type: 'AWS::CloudFront::Distribution', physical: 'E2ABC' } });
    metrics({});
    lbDescribed();
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [] });
    mocks.wafv2.on(GetWebACLForResourceCommand).resolves({ WebACL: { Name: 'shop-acl', Id: '1', ARN: 'arn:acl' } as any });
    mocks.cloudfront.on(GetDistributionCommand).resolves({ Distribution: { Id: 'E2ABC', DomainName: 'd1.cloudfront.net', DistributionConfig: { WebACLId: '' } } as any });
    expect(verdicts(await verify(), 'LiveWafAssociated')).toEqual([['Lb', 'pass'], ['Cdn', 'fail']]);
    lbDescribed('internal');
    expect(verdicts(await verify(), 'LiveWafAssociated')).toEqual([['Cdn', 'fail']]);
  });
  test('unknown when WAF cannot be asked', async () => {
    stack(lb);
    metrics({});
    lbDescribed();
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [] });
    mocks.wafv2.on(GetWebACLForResourceCommand).rejects(awsError('WAFInternalErrorException'));
    expect(verdicts(await verify(), 'LiveWafAssociated')).toEqual([['Lb', 'unknown']]);
  });
});

describe('LIVE-DNS-RECORD', () => {
  const zone = { Zone: { type: 'AWS::Route53::HostedZone', physical: 'Z0123' } };
  const rec = (props: any) => ({ Www: { type: 'AWS::Route53::RecordSet', physical: 'www.shop.example.com', props: { HostedZoneId: { Ref: 'Zone' }, Name: 'www.shop.example.com', Type: 'A', ...props } } });
  const setup = (records: any[]) => {
    metrics({});
    mocks.elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB_ARN, LoadBalancerName: 'shop', Type: 'application', Scheme: 'internet-facing', DNSName: 'shop-1.eu-west-1.elb.amazonaws.com' }] });
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [] });
    mocks.wafv2.on(GetWebACLForResourceCommand).resolves({});
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: records });
  };
  test.each([
    [[{ Name: 'www.shop.example.com.', Type: 'A', AliasTarget: { DNSName: 'dualstack.shop-1.eu-west-1.elb.amazonaws.com.', HostedZoneId: 'Z32O', EvaluateTargetHealth: true } }], 'pass'],
    [[{ Name: 'www.shop.example.com.', Type: 'A', AliasTarget: { DNSName: 'old-lb.eu-west-1.elb.amazonaws.com.', HostedZoneId: 'Z32O', EvaluateTargetHealth: true } }], 'fail'],
    [[{ Name: 'x.shop.example.com.', Type: 'A', ResourceRecords: [{ Value: '1.2.3.4' }] }], 'fail'],
  ])('%# -> %s', async (records, status) => {
    stack({ ...lb, ...zone, ...rec({}) });
    setup(records);
    const f = await verify();
    expect(verdicts(f, 'LiveDnsRecord')).toEqual([['Www', status]]);
    expect(mocks.route53.commandCalls(ListResourceRecordSetsCommand)[0].args[0].input).toMatchObject({ HostedZoneId: 'Z0123', StartRecordName: 'www.shop.example.com', StartRecordType: 'A' });
  });
  test('a zone named by HostedZoneName is looked up; an imported zone id is unknown', async () => {
    stack({ ...lb, ...rec({ HostedZoneId: undefined, HostedZoneName: 'shop.example.com.' }) });
    setup([{ Name: 'www.shop.example.com.', Type: 'A', AliasTarget: { DNSName: 'shop-1.eu-west-1.elb.amazonaws.com.', HostedZoneId: 'Z32O', EvaluateTargetHealth: true } }]);
    mocks.route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [{ Id: '/hostedzone/Z0999', Name: 'shop.example.com.', CallerReference: 'x' }] } as any);
    expect(verdicts(await verify(), 'LiveDnsRecord')).toEqual([['Www', 'pass']]);
    resetMocks();
    stack({ ...lb, ...rec({ HostedZoneId: { 'Fn::ImportValue': 'ZoneId' } }) });
    setup([]);
    expect(verdicts(await verify(), 'LiveDnsRecord')).toEqual([['Www', 'unknown']]);
  });
});

describe('LIVE-DEPLOYMENT-SUCCEEDED, LIVE-ROLLBACK-ARMED', () => {
  const svc = { Web: { type: 'AWS::ECS::Service', physical: SVC_ARN } };
  const service = (over: any = {}) => mocks.ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn: SVC_ARN, serviceName: 'shop-web', clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/shop-cluster`, status: 'ACTIVE', runningCount: 3, desiredCount: 3, deploymentController: { type: 'ECS' }, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }, deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }], ...over }] });
  test.each([['UPDATE_COMPLETE', 'pass'], ['UPDATE_ROLLBACK_COMPLETE', 'fail'], ['UPDATE_IN_PROGRESS', 'unknown']])('stack %s -> %s', async (status, verdict) => {
    stack({}, status);
    expect(verdicts(await verify(), 'LiveDeploymentSucceeded')).toEqual([['Shop', verdict]]);
  });
  test.each([
    [{}, [{ status: 'SUCCESSFUL', createdAt: hoursAgo(2) }], 'pass'],
    [{ runningCount: 2 }, [{ status: 'SUCCESSFUL', createdAt: hoursAgo(2) }], 'fail'],
    [{}, [{ status: 'ROLLBACK_SUCCESSFUL', createdAt: hoursAgo(1) }, { status: 'SUCCESSFUL', createdAt: hoursAgo(30) }], 'fail'],
    [{}, [{ status: 'IN_PROGRESS', createdAt: hoursAgo(0.1) }], 'unknown'],
  ])('ECS service %j, deployments %j -> %s', async (over, deployments, verdict) => {
    stack(svc);
    metrics({});
    service(over);
    mocks.ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: deployments as any });
    expect(verdicts(await verify(), 'LiveDeploymentSucceeded')).toEqual([['Shop', 'pass'], ['Web', verdict]]);
  });
  test('without ListServiceDeployments the PRIMARY rollout state tells; a circuit-breaker rollback fails', async () => {
    stack(svc);
    metrics({});
    service({ deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/123' }] });
    mocks.ecs.on(ListServiceDeploymentsCommand).rejects(awsError('UnknownOperationException'));
    expect(verdicts(await verify(), 'LiveDeploymentSucceeded')).toEqual([['Shop', 'pass'], ['Web', 'fail']]);
  });
  test.each([[{ enable: true, rollback: true }, 'pass'], [{ enable: true, rollback: false }, 'fail']])('ECS circuit breaker %j -> %s', async (cb, verdict) => {
    stack(svc);
    metrics({});
    service({ deploymentConfiguration: { deploymentCircuitBreaker: cb } });
    mocks.ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] });
    expect(verdicts(await verify(), 'LiveRollbackArmed')).toEqual([['Web', verdict]]);
  });
  const dg = { App: { type: 'AWS::CodeDeploy::Application', physical: 'shop-app' }, Group: { type: 'AWS::CodeDeploy::DeploymentGroup', physical: 'shop-dg', props: { ApplicationName: { Ref: 'App' } } } };
  const group = (over: any) => mocks.codedeploy.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { applicationName: 'shop-app', deploymentGroupName: 'shop-dg', autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] }, alarmConfiguration: { enabled: true, alarms: [{ name: 'shop-errors' }] }, lastAttemptedDeployment: { deploymentId: 'd-1', status: 'Succeeded', endTime: hoursAgo(3) }, ...over } as any });
  test.each([
    [{}, 'pass', 'pass'],
    [{ lastAttemptedDeployment: { deploymentId: 'd-2', status: 'Failed' }, autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } }, 'fail', 'fail'],
    [{ lastAttemptedDeployment: undefined, alarmConfiguration: { enabled: false, alarms: [] } }, 'unknown', 'fail'],
  ])('CodeDeploy %j -> deployment %s, rollback %s', async (over, deployed, armed) => {
    stack(dg);
    metrics({});
    group(over);
    const f = await verify();
    expect(verdicts(f, 'LiveDeploymentSucceeded')).toEqual([['Shop', 'pass'], ['Group', deployed]]);
    expect(verdicts(f, 'LiveRollbackArmed')).toEqual([['Group', armed]]);
    expect(mocks.codedeploy.commandCalls(GetDeploymentGroupCommand)[0].args[0].input).toEqual({ applicationName: 'shop-app', deploymentGroupName: 'shop-dg' });
  });
  test('a group whose application is not a literal is unknown', async () => {
    stack({ Group: { ...dg.Group, props: { ApplicationName: { 'Fn::ImportValue': 'App' } } } });
    metrics({});
    expect(verdicts(await verify(), 'LiveRollbackArmed')).toEqual([['Group', 'unknown']]);
  });
});

describe('LIVE-SECRET-ROTATION', () => {
  const secret = { Secret: { type: 'AWS::SecretsManager::Secret', physical: SECRET_ARN } };
  test.each([
    [{ RotationEnabled: true, LastRotatedDate: hoursAgo(24 * 10), VersionIdsToStages: { v2: ['AWSCURRENT'], v1: ['AWSPREVIOUS'] } }, 'pass'],
    [{ RotationEnabled: false, LastRotatedDate: hoursAgo(24) }, 'fail'],
    [{ RotationEnabled: true, LastRotatedDate: hoursAgo(24 * 45) }, 'fail'],
    [{ RotationEnabled: true, LastRotatedDate: hoursAgo(24 * 10), VersionIdsToStages: { v2: ['AWSCURRENT'], v3: ['AWSPENDING'] } }, 'fail'],
    [{ RotationEnabled: true, CreatedDate: hoursAgo(24 * 90) }, 'fail'],
    [{ RotationEnabled: true, CreatedDate: hoursAgo(2) }, 'unknown'],
  ])('%j -> %s', async (described, status) => {
    stack(secret);
    metrics({});
    mocks.secretsmanager.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Name: 'shop/db', ...described });
    expect(verdicts(await verify(), 'LiveSecretRotation')).toEqual([['Secret', status]]);
  });
});

describe('LIVE-LOGS-FLOWING', () => {
  const app = {
    Logs: { type: 'AWS::Logs::LogGroup', physical: '/shop/api' },
    Api: { type: 'AWS::Lambda::Function', physical: 'shop-api', props: { LoggingConfig: { LogGroup: { Ref: 'Logs' } } } },
    Idle: { type: 'AWS::Lambda::Function', physical: 'shop-idle' },
    Task: { type: 'AWS::ECS::TaskDefinition', physical: 'arn:task', props: { ContainerDefinitions: [{ Name: 'web', LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { 'Fn::ImportValue': 'SharedLogs' } } } }] } },
  };
  test('events in the window pass, none fail, an unresolvable group is unknown; idle functions are not judged', async () => {
    stack(app);
    metrics({ 'AWS/Lambda|Invocations|Sum': (d) => (d.FunctionName === 'shop-api' ? [10] : []) });
    mocks.logs.on(FilterLogEventsCommand).resolves({ events: [{ timestamp: Date.now() - 60_000, message: 'ok' }] });
    expect(verdicts(await verify(), 'LiveLogsFlowing')).toEqual([['Logs', 'pass'], ['Task', 'unknown']]);
    mocks.logs.on(FilterLogEventsCommand).resolves({ events: [] });
    expect(verdicts(await verify(), 'LiveLogsFlowing')).toEqual([['Logs', 'fail'], ['Task', 'unknown']]);
  });
});

describe('discovery', () => {
  test('nested stacks are followed, and their resources verified with their own stack', async () => {
    const NESTED_ARN = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Shop-Data-1/aaaa`;
    stack({ Data: { type: 'AWS::CloudFormation::Stack', physical: NESTED_ARN } });
    mocks.cloudformation.on(DescribeStacksCommand, { StackName: NESTED_ARN }).resolves({ Stacks: [{ StackName: 'Shop-Data-1', StackId: NESTED_ARN, StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: new Date() }] });
    const { GetTemplateCommand, ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
    mocks.cloudformation.on(GetTemplateCommand, { StackName: NESTED_ARN }).resolves({ TemplateBody: 'Resources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: !Sub "${AWS::StackName}-db"\n' });
    mocks.cloudformation.on(ListStackResourcesCommand, { StackName: NESTED_ARN }).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Secret', PhysicalResourceId: SECRET_ARN, ResourceType: 'AWS::SecretsManager::Secret', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    metrics({});
    mocks.secretsmanager.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, RotationEnabled: true, LastRotatedDate: hoursAgo(1) });
    const f = await verify();
    expect(finding(f, 'LiveSecretRotation', 'Secret')).toMatchObject({ stack: 'Shop-Data-1', status: 'pass', file: 'cloudformation/Shop' });
    expect(finding(f, 'LiveDeploymentSucceeded', 'Data')).toMatchObject({ stack: 'Shop-Data-1', status: 'fail' });
  });
  test('a missing stack stops the run with one line', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id Nope does not exist'));
    await expect(verify({ stacks: ['Nope'] })).rejects.toThrow(/^stack 'Nope' does not exist \(check --stack and --region\)$/);
  });
  test('missing credentials stop the run instead of making verdicts unknown', async () => {
    stack({ Secret: { type: 'AWS::SecretsManager::Secret', physical: SECRET_ARN } });
    metrics({});
    mocks.secretsmanager.on(DescribeSecretCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    await expect(verify()).rejects.toThrow(/Could not load credentials/);
  });
  test('without --app the report holds exactly the live items', async () => {
    stack({});
    const { GoLiveVerify } = await import('../../lib');
    const report = await new GoLiveVerify({ stacks: ['Shop'], region: REGION }).run();
    expect(report.items.map((i) => i.id).sort()).toEqual(Catalog.itemsByEvidence(EvidenceKind.LIVE).map((i) => i.id).sort());
    expect(report.statusOf('LIVE-DEPLOYMENT-SUCCEEDED')).toBe('satisfied');
    expect(report.statusOf('LIVE-ERROR-RATE')).toBe('pending');
    expect(report.items.find((i) => i.id === 'LIVE-DEPLOYMENT-SUCCEEDED')!.evidence[0]).toMatchObject({ kind: 'live', resource: 'Shop', value: 'UPDATE_COMPLETE', observedAt: expect.any(String) });
    // The live items were measured here: strict fails on each one still pending (a static check leaves them to verify).
    expect(report.exitCode(true)).toBe(1);
    expect(report.strictReasons()).toContainEqual(expect.stringMatching(/^not measured: LIVE-ERROR-RATE \(live\) /));
    expect(report._liveLeftToVerify()).toBe(0);
  });
  test('props are validated with the prop named', async () => {
    const { GoLiveVerify } = await import('../../lib');
    expect(() => new GoLiveVerify({ stacks: [] })).toThrow(/stacks must name at least one/);
    expect(() => new GoLiveVerify({ stacks: ['S'], windowMinutes: 1 })).toThrow(/windowMinutes must be between 5 and 20160/);
    expect(() => new GoLiveVerify({ stacks: ['S'], thresholds: { failoverDrillDays: 120 } })).toThrow(/failoverDrillDays.*looser/);
  });
});

describe('read-only IAM policy (README)', () => {
  test('every live item has a verifier test above, and the README policy grants exactly the calls the verifiers made', () => {
    resetMocks();
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const block = /<!-- verify-iam-policy -->\s*```json\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const policy = JSON.parse(block![1]);
    const actions = new Set<string>(policy.Statement.flatMap((s: any) => (s.Effect === 'Allow' ? [s.Action].flat() : [])));
    for (const a of actions) expect(a).toMatch(/^[a-z0-9-]+:(Describe|Get|List|Filter)[A-Za-z]+$/); // read-only verbs
    const { SERVICES } = require('../../lib/verify/clients');
    const called = [...sent].map((c) => {
      const [service, command] = c.split(':');
      return `${SERVICES[service].iam}:${command}`;
    });
    expect(called.filter((a) => !actions.has(a))).toEqual([]);
    expect([...actions].filter((a) => !called.includes(a)).sort()).toEqual([]);
  });
});
