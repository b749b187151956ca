/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * An alarm watches a Lambda function, an RDS database or an ElastiCache
 * replication group only when it reads the metric with a dimension set AWS
 * publishes it with, each value being what CloudWatch names the resource by
 * (the function *name*, the DB identifier, a member cache cluster id): a
 * dimension that merely references the resource (its ARN, its endpoint) gets
 * no data, and the alarm never fires. And an error-rate alarm must count the
 * errors and the requests (Sum): a SampleCount, Minimum, Average or
 * percentile of a count is not a count. Each failing case below was a PASS
 * before; the compliant form next to it still passes.
 */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { GoLiveChecks } from '../../../lib';
import { AlarmCpu } from '../../../lib/checks/aws/alarms/alarm-cpu';
import { AlarmDbConnections } from '../../../lib/checks/aws/alarms/alarm-db-connections';
import { AlarmDisk } from '../../../lib/checks/aws/alarms/alarm-disk';
import { AlarmErrorRate } from '../../../lib/checks/aws/alarms/alarm-error-rate';
import { AlarmLatencyP95 } from '../../../lib/checks/aws/alarms/alarm-latency-p95';
import { AlarmMemory } from '../../../lib/checks/aws/alarms/alarm-memory';
import { AwsRule, Verdict } from '../../../lib/checks/rule';
import { TemplateIndex } from '../../../lib/checks/template-index';
import { compliantBases } from './fixtures';

function one(rule: AwsRule, template: any, logicalId: string): Verdict {
  const index = new TemplateIndex(template, 'test.json', 'Test');
  const res = index.get(logicalId);
  if (!res) throw new Error(`no ${logicalId}`);
  const out = rule.check(res, { index, thresholds: Thresholds.DEFAULTS });
  const vs = out === undefined ? [] : Array.isArray(out) ? out : [out];
  expect(vs).toHaveLength(1);
  return vs[0];
}

/** The finding of a rule on a resource through the whole engine (which enumerates parameter AllowedValues). */
function finding(template: any, ruleId: string, resource: string): { status: string; message: string } {
  const report = new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate(template, 'dims');
  const fs = report.findings.filter((f) => f.ruleId === ruleId && f.resource === resource);
  expect(fs).toHaveLength(1);
  return fs[0];
}

const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });
const ref = (id: string) => ({ Ref: id });
const join = (...parts: any[]) => ({ 'Fn::Join': ['', parts] });
const dim = (Name: string, Value: any) => ({ Name, Value });

function template(resources: Record<string, any>, parameters: Record<string, any> = {}): any {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: parameters,
    Resources: {
      Topic: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'email', Endpoint: 'oncall@example.com' }] } },
      ...resources,
    },
  };
}

/** A single-metric alarm with an action. */
function alarm(namespace: string, metric: string, dims: any[], extra: Record<string, any> = {}): any {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: namespace, MetricName: metric, Dimensions: dims, Statistic: 'Average', Period: 60, EvaluationPeriods: 3,
      Threshold: 80, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [ref('Topic')], ...extra,
    },
  };
}

// ---------------------------------------------------------------- Lambda

/** A serving function released through alias `live` (its current version), with the given alarms. */
function lambda(alarms: Record<string, any>, fnProps: Record<string, any> = {}, parameters: Record<string, any> = {}): any {
  return template({
    Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => ({})' }, Role: getAtt('Role', 'Arn'), ...fnProps } },
    Version: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: ref('Fn') } },
    Other: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => ({})' }, Role: getAtt('Role', 'Arn') } },
    OtherVersion: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: ref('Other') } },
    Alias: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: ref('Fn'), FunctionVersion: getAtt('Version', 'Version'), Name: 'live' } },
    ...alarms,
  }, parameters);
}

const p95 = (dims: any[]) => {
  const a = alarm('AWS/Lambda', 'Duration', dims, { ExtendedStatistic: 'p95', Threshold: 300 });
  delete a.Properties.Statistic;
  return { Lat: a };
};
const aliasResource = join(ref('Fn'), ':live');

/** A metric-math error rate over two MetricStats (`errors`, `requests`) and an expression. */
function rate(errors: any, requests: any, expression = '100 * m1 / m2', extra: any[] = []): any {
  return {
    Err: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        EvaluationPeriods: 3, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [ref('Topic')],
        Metrics: [
          { Id: 'm1', ReturnData: false, MetricStat: errors },
          { Id: 'm2', ReturnData: false, MetricStat: requests },
          ...extra,
          { Id: 'e1', Expression: expression, ReturnData: true },
        ],
      },
    },
  };
}
const stat = (namespace: string, name: string, dims: any[], s: any = 'Sum') => ({ Stat: s, Period: 60, Metric: { Namespace: namespace, MetricName: name, Dimensions: dims } });
const lambdaRate = (dims: any[], errorStat: any = 'Sum', requestStat: any = 'Sum') => rate(stat('AWS/Lambda', 'Errors', dims, errorStat), stat('AWS/Lambda', 'Invocations', dims, requestStat));

describe('defect 1a: a Lambda alarm names the function by its name, as AWS/Lambda publishes it', () => {
  test('FunctionName !Ref Fn (the name) passes; FunctionName + Resource name:alias passes; + ExecutedVersion of its version passes', () => {
    expect(one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn'))])), 'Fn').status).toBe('pass');
    expect(one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn')), dim('Resource', aliasResource)])), 'Fn').status).toBe('pass');
    expect(one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn')), dim('Resource', { 'Fn::Sub': '${Fn}:live' }), dim('ExecutedVersion', getAtt('Version', 'Version'))])), 'Fn').status).toBe('pass');
  });

  test('FunctionName !GetAtt Fn.Arn is the ARN: no data (lambda-dim-arn)', () => {
    const v = one(AlarmLatencyP95, lambda(p95([dim('FunctionName', getAtt('Fn', 'Arn'))])), 'Fn');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/watches nothing of Fn: dimension FunctionName is Fn\.Arn, not what CloudWatch publishes under FunctionName: !Ref <Function> \(the function name/);
  });

  test('FunctionName !Ref Alias is the alias ARN: no data', () => {
    const v = one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Alias'))])), 'Fn');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/dimension FunctionName is Ref Alias, a AWS::Lambda::Alias/);
  });

  test('Resource !Ref Alias (the alias ARN) gets no data; Resource without FunctionName is not published', () => {
    const arn = one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn')), dim('Resource', ref('Alias'))])), 'Fn');
    expect(arn.status).toBe('fail');
    expect(arn.message).toMatch(/dimension Resource is Ref Alias.*<function name>:<alias>/);
    const alone = one(AlarmLatencyP95, lambda(p95([dim('Resource', aliasResource)])), 'Fn');
    expect(alone.status).toBe('fail');
    expect(alone.message).toMatch(/AWS publishes AWS\/Lambda Duration per FunctionName or FunctionName \+ Resource or ExecutedVersion \+ FunctionName \+ Resource; read with dimensions Resource it has no data/);
  });

  test('Resource of another function, or ExecutedVersion of another function\'s version, watches nothing', () => {
    const other = one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn')), dim('Resource', join(ref('Other'), ':live'))])), 'Fn');
    expect(other.status).toBe('fail');
    expect(other.message).toMatch(/dimension Resource names Other, not function Fn/);
    const ver = one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn')), dim('Resource', aliasResource), dim('ExecutedVersion', getAtt('OtherVersion', 'Version'))])), 'Fn');
    expect(ver.status).toBe('fail');
    expect(ver.message).toMatch(/ExecutedVersion is a version of Other, not of function Fn/);
  });

  test('Resource naming a qualifier no alias of the function has in the template is unknown, naming it', () => {
    const v = one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn')), dim('Resource', join(ref('Fn'), ':prod'))])), 'Fn');
    expect(v.status).toBe('unknown');
    expect(v.message).toMatch(/no alias of Fn in the template is named prod/);
  });

  test('the function name as a literal (its FunctionName) or as the same open parameter passes; a parameter of an alias name is unknown', () => {
    expect(one(AlarmLatencyP95, lambda(p95([dim('FunctionName', 'api')]), { FunctionName: 'api' }), 'Fn').status).toBe('pass');
    const params = { FnName: { Type: 'String' } };
    expect(one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('FnName'))]), { FunctionName: ref('FnName') }, params), 'Fn').status).toBe('pass');
    const open = one(AlarmLatencyP95, lambda(p95([dim('FunctionName', ref('Fn')), dim('Resource', { 'Fn::Sub': '${Fn}:${AliasName}' })]), {}, { AliasName: { Type: 'String' } }), 'Fn');
    expect(open.status).toBe('unknown');
    expect(open.message).toMatch(/parameter AliasName/);
  });

  test('a Lambda error rate over Errors named by the function ARN gets no data (lambda-err-arn)', () => {
    expect(one(AlarmErrorRate, lambda(lambdaRate([dim('FunctionName', ref('Fn'))])), 'Fn').status).toBe('pass');
    const v = one(AlarmErrorRate, lambda(lambdaRate([dim('FunctionName', getAtt('Fn', 'Arn'))])), 'Fn');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/alarm Err is not an error rate of this function: metric m1 \(Errors\) gets no data: dimension FunctionName is Fn\.Arn/);
  });
});

// ---------------------------------------------------------------- RDS

const rdsInstance = (extra: Record<string, any> = {}) => ({
  Type: 'AWS::RDS::DBInstance',
  Properties: { Engine: 'postgres', DBInstanceClass: 'db.r6g.large', AllocatedStorage: '100', StorageEncrypted: true, MultiAZ: true, ...extra },
});
const aurora = (instances: number, alarms: Record<string, any>, parameters: Record<string, any> = {}) => {
  const members: Record<string, any> = {};
  for (let i = 1; i <= instances; i++) members[`Inst${i}`] = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', DBClusterIdentifier: ref('Cluster') } };
  return template({ Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', StorageEncrypted: true } }, ...members, ...alarms }, parameters);
};
const rdsCpu = (dims: any[]) => ({ Cpu: alarm('AWS/RDS', 'CPUUtilization', dims) });

describe('defect 1b: an RDS alarm names the database by its identifier, as AWS/RDS publishes it', () => {
  test('DBInstanceIdentifier !Ref Db passes', () => {
    expect(one(AlarmCpu, template({ Db: rdsInstance(), ...rdsCpu([dim('DBInstanceIdentifier', ref('Db'))]) }), 'Db').status).toBe('pass');
  });

  test('DBInstanceIdentifier !GetAtt Db.Endpoint.Address or the ARN gets no data (rds-dim-endpoint)', () => {
    for (const attr of ['Endpoint.Address', 'DBInstanceArn']) {
      const v = one(AlarmCpu, template({ Db: rdsInstance(), ...rdsCpu([dim('DBInstanceIdentifier', getAtt('Db', attr))]) }), 'Db');
      expect([attr, v.status]).toEqual([attr, 'fail']);
      expect(v.message).toMatch(new RegExp(`watches nothing of Db: dimension DBInstanceIdentifier is Db\\.${attr.replace('.', '\\.')}, not what CloudWatch publishes under DBInstanceIdentifier: !Ref <DBInstance>`));
    }
  });

  test('an instance named under DBClusterIdentifier, or with an extra dimension, gets no data', () => {
    const asCluster = one(AlarmCpu, template({ Db: rdsInstance(), ...rdsCpu([dim('DBClusterIdentifier', ref('Db'))]) }), 'Db');
    expect(asCluster.status).toBe('fail');
    expect(asCluster.message).toMatch(/dimension DBClusterIdentifier is Ref Db, a AWS::RDS::DBInstance/);
    const extra = one(AlarmCpu, template({ Db: rdsInstance(), ...rdsCpu([dim('DBInstanceIdentifier', ref('Db')), dim('DatabaseClass', 'db.r6g.large')]) }), 'Db');
    expect(extra.status).toBe('fail');
    expect(extra.message).toMatch(/AWS publishes AWS\/RDS CPUUtilization per DBInstanceIdentifier or DBClusterIdentifier or DBClusterIdentifier \+ Role/);
  });

  test('the instance identifier as its literal (case-insensitive) or the same open parameter passes', () => {
    expect(one(AlarmCpu, template({ Db: rdsInstance({ DBInstanceIdentifier: 'orders' }), ...rdsCpu([dim('DBInstanceIdentifier', 'orders')]) }), 'Db').status).toBe('pass');
    const t = template({ Db: rdsInstance({ DBInstanceIdentifier: ref('DbName') }), ...rdsCpu([dim('DBInstanceIdentifier', ref('DbName'))]) }, { DbName: { Type: 'String' } });
    expect(one(AlarmCpu, t, 'Db').status).toBe('pass');
  });

  test('the other RDS rules read the dimensions the same way: connections, free storage, freeable memory', () => {
    const good = [dim('DBInstanceIdentifier', ref('Db'))];
    const bad = [dim('DBInstanceIdentifier', getAtt('Db', 'Endpoint.Address'))];
    const conns = (dims: any[]) => template({ Db: rdsInstance(), Conn: alarm('AWS/RDS', 'DatabaseConnections', dims, { Threshold: 100 }) });
    expect(one(AlarmDbConnections, conns(good), 'Db').status).toBe('pass');
    expect(one(AlarmDbConnections, conns(bad), 'Db').status).toBe('fail');
    const disk = (dims: any[]) => template({ Db: rdsInstance(), Disk: alarm('AWS/RDS', 'FreeStorageSpace', dims, { Statistic: 'Minimum', Threshold: 30 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' }) });
    expect(one(AlarmDisk, disk(good), 'Db').status).toBe('pass');
    expect(one(AlarmDisk, disk(bad), 'Db').status).toBe('fail');
    const mem = (dims: any[]) => template({ Db: rdsInstance(), Mem: alarm('AWS/RDS', 'FreeableMemory', dims, { Threshold: 256 * 1024 ** 2, ComparisonOperator: 'LessThanThreshold' }) });
    expect(one(AlarmMemory, mem(good), 'Db').status).toBe('pass');
    expect(one(AlarmMemory, mem(bad), 'Db').status).toBe('fail');
  });

  test('Aurora: DBClusterIdentifier !Ref Cluster passes; the cluster endpoint or ARN gets no data', () => {
    // Read with Maximum: an Average over the two instances hides one at the limit (soundness-cluster-spread).
    expect(one(AlarmCpu, aurora(2, { Cpu: alarm('AWS/RDS', 'CPUUtilization', [dim('DBClusterIdentifier', ref('Cluster'))], { Statistic: 'Maximum' }) }), 'Cluster').status).toBe('pass');
    for (const attr of ['Endpoint.Address', 'DBClusterArn']) {
      const v = one(AlarmCpu, aurora(2, rdsCpu([dim('DBClusterIdentifier', getAtt('Cluster', attr))])), 'Cluster');
      expect([attr, v.status]).toEqual([attr, 'fail']);
      expect(v.message).toMatch(/dimension DBClusterIdentifier is Cluster\./);
    }
  });

  test('Aurora: a Role alarm watches the instances of that role only: WRITER and READER together cover the cluster', () => {
    const role = (r: any) => [dim('DBClusterIdentifier', ref('Cluster')), dim('Role', r)];
    const writer = one(AlarmCpu, aurora(2, rdsCpu(role('WRITER'))), 'Cluster');
    expect(writer.status).toBe('fail');
    expect(writer.message).toMatch(/alarm Cpu watches only the WRITER instance of cluster Cluster.*2 instances/);
    const both = aurora(2, { ...rdsCpu(role('WRITER')), Cpu2: alarm('AWS/RDS', 'CPUUtilization', role('READER')) });
    const v = one(AlarmCpu, both, 'Cluster');
    expect(v.status).toBe('pass');
    expect(v.message).toMatch(/WRITER \(Cpu\) and READER \(Cpu2\)/);
    // A one-instance cluster has only the writer.
    expect(one(AlarmCpu, aurora(1, rdsCpu(role('WRITER'))), 'Cluster').status).toBe('pass');
    expect(one(AlarmCpu, aurora(1, rdsCpu(role('READER'))), 'Cluster').status).toBe('fail');
  });

  test('Aurora: a Role that is no role gets no data; a Role from an open parameter is unknown', () => {
    const bad = one(AlarmCpu, aurora(1, rdsCpu([dim('DBClusterIdentifier', ref('Cluster')), dim('Role', 'PRIMARY')])), 'Cluster');
    expect(bad.status).toBe('fail');
    expect(bad.message).toMatch(/dimension Role is PRIMARY: AWS publishes WRITER or READER/);
    const open = one(AlarmCpu, aurora(1, rdsCpu([dim('DBClusterIdentifier', ref('Cluster')), dim('Role', ref('R'))]), { R: { Type: 'String' } }), 'Cluster');
    expect(open.status).toBe('unknown');
    expect(open.message).toMatch(/parameter R/);
  });
});

// ---------------------------------------------------------------- ElastiCache

const cache = (alarms: Record<string, any>, rgProps: Record<string, any> = {}) => template({
  Cache: {
    Type: 'AWS::ElastiCache::ReplicationGroup',
    Properties: {
      ReplicationGroupDescription: 'cache', Engine: 'redis', CacheNodeType: 'cache.r6g.large', NumCacheClusters: 2,
      AutomaticFailoverEnabled: true, MultiAZEnabled: true, AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, ...rgProps,
    },
  },
  ...alarms,
});
const engineCpu = (dims: any[], id = 'Cpu') => ({ [id]: alarm('AWS/ElastiCache', 'EngineCPUUtilization', dims, { Statistic: 'Maximum' }) });
const member = (n: string) => ({ 'Fn::Join': ['-', [ref('Cache'), n]] });

describe('defect 1c: an ElastiCache alarm names a member cache cluster (node), as AWS/ElastiCache publishes it', () => {
  // One member alone does not watch the group (soundness-cache-members): each of these alarms is read as watching its
  // member, and the group fails for the other member only.
  test('CacheClusterId <group>-001 (the CDK Join), with or without CacheNodeId 0001, watches that member', () => {
    expect(one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', member('001'))])), 'Cache').message).toMatch(/the alarms watch member -001 of Cache, not -002: /);
    expect(one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', { 'Fn::Sub': '${Cache}-002' }), dim('CacheNodeId', '0001')])), 'Cache').message).toMatch(/the alarms watch member -002 of Cache, not -001: /);
  });

  test('CacheClusterId !Ref Cache is the replication group id, no cache cluster: no data (cache-dim-group)', () => {
    const v = one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', ref('Cache'))])), 'Cache');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/watches nothing of Cache: dimension CacheClusterId is Ref Cache, the replication group id: CloudWatch publishes per member cache cluster/);
  });

  test('ReplicationGroupId is not a dimension AWS publishes EngineCPUUtilization or DatabaseMemoryUsagePercentage with', () => {
    const v = one(AlarmCpu, cache(engineCpu([dim('ReplicationGroupId', ref('Cache'))])), 'Cache');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/AWS publishes AWS\/ElastiCache EngineCPUUtilization per CacheClusterId or CacheClusterId \+ CacheNodeId; read with dimensions ReplicationGroupId it has no data/);
    const mem = one(AlarmMemory, cache({ Mem: alarm('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', [dim('ReplicationGroupId', ref('Cache'))], { Statistic: 'Maximum' }) }), 'Cache');
    expect(mem.status).toBe('fail');
  });

  test('the primary endpoint address gets no data; a member beyond NumCacheClusters does not exist', () => {
    const ep = one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', getAtt('Cache', 'PrimaryEndPoint.Address'))])), 'Cache');
    expect(ep.status).toBe('fail');
    expect(ep.message).toMatch(/dimension CacheClusterId is Cache\.PrimaryEndPoint\.Address/);
    const beyond = one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', member('003'))])), 'Cache');
    expect(beyond.status).toBe('fail');
    expect(beyond.message).toMatch(/Cache has 2 member cache clusters \(-001 to -002\): -003 does not exist/);
  });

  test('cluster mode: members are <group id>-<node group>-NNN, within NumNodeGroups and ReplicasPerNodeGroup + 1', () => {
    const sharded = (n: string) => one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', member(n))]), { NumCacheClusters: undefined, NumNodeGroups: 2, ReplicasPerNodeGroup: 1 }), 'Cache');
    expect(sharded('0002-002').message).toMatch(/the alarms watch member -0002-002 of Cache, not -0001-001, -0001-002, -0002-001: /);
    expect(sharded('001').message).toMatch(/Cache runs in cluster mode: its members are named <group id>-NNNN-NNN; -001 does not exist/);
    expect(sharded('0003-001').message).toMatch(/Cache has node groups 0001, 0002: -0003-001 does not exist/);
    expect(sharded('0001-003').status).toBe('fail');
    // A custom parameter group that may turn cluster mode on leaves the member names open.
    const t = cache(engineCpu([dim('CacheClusterId', member('001'))]), { CacheParameterGroupName: 'team-redis7' });
    expect(one(AlarmCpu, t, 'Cache').status).toBe('unknown');
  });

  test('a CacheNodeId that is not a node id gets no data', () => {
    const v = one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', member('001')), dim('CacheNodeId', ref('Cache'))])), 'Cache');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/dimension CacheNodeId is Ref Cache/);
  });

  test('a member named as a literal of the group\'s ReplicationGroupId is that member; a member count from an open parameter is unknown', () => {
    expect(one(AlarmCpu, cache(engineCpu([dim('CacheClusterId', 'sessions-002')]), { ReplicationGroupId: 'Sessions' }), 'Cache').message).toMatch(/the alarms watch member -002 of Cache, not -001: /);
    const t = cache(engineCpu([dim('CacheClusterId', member('002'))]), { NumCacheClusters: ref('Nodes') });
    t.Parameters = { Nodes: { Type: 'Number' } };
    const v = one(AlarmCpu, t, 'Cache');
    expect(v.status).toBe('unknown');
    expect(v.message).toMatch(/parameter Nodes/);
  });
});

// ---------------------------------------------------------------- error-rate statistic

/** An ECS-less internet-facing ALB with a topic. */
const alb = (alarms: Record<string, any>, parameters: Record<string, any> = {}) => template({
  Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] } },
  ...alarms,
}, parameters);
const lbDims = [dim('LoadBalancer', getAtt('Alb', 'LoadBalancerFullName'))];
/** An ALB's error rate: its targets' 5xx (m1) and its own (m4) over its requests (m2). */
const albRate = (errorStat: any = 'Sum', requestStat: any = 'Sum', expression = '100 * (m1 + m4) / m2', extra: any[] = []) =>
  rate(stat('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', lbDims, errorStat), stat('AWS/ApplicationELB', 'RequestCount', lbDims, requestStat), expression,
    [{ Id: 'm4', ReturnData: false, MetricStat: stat('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', lbDims, errorStat) }, ...extra]);

describe('defect 2: an error rate divides the number of errors by the number of requests (Sum of both)', () => {
  test('Sum of 5XX / Sum of RequestCount passes', () => {
    expect(one(AlarmErrorRate, alb(albRate()), 'Alb').status).toBe('pass');
  });

  test('SampleCount, Minimum, Average or a percentile of the 5XX count is not the number of errors (alb-err-samplecount)', () => {
    for (const s of ['SampleCount', 'Minimum', 'Average', 'Maximum', 'p99']) {
      const v = one(AlarmErrorRate, alb(albRate(s)), 'Alb');
      expect([s, v.status]).toEqual([s, 'fail']);
      expect(v.message).toMatch(new RegExp(`alarm Err is not an error rate: metric m1 \\(HTTPCode_Target_5XX_Count\\) is read with ${s}, not Sum: it is not the number of errors`));
    }
  });

  test('the requests must be counted with Sum too', () => {
    const v = one(AlarmErrorRate, alb(albRate('Sum', 'SampleCount')), 'Alb');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/metric m2 \(RequestCount\) is read with SampleCount, not Sum: it is not the number of requests/);
  });

  test('Lambda Errors read with Average in the expression is not a count', () => {
    const v = one(AlarmErrorRate, lambda(lambdaRate([dim('FunctionName', ref('Fn'))], 'Average')), 'Fn');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/metric m1 \(Errors\) is read with Average, not Sum/);
  });

  test('a statistic from an open parameter is unknown, naming it; AllowedValues decide per value', () => {
    const open = one(AlarmErrorRate, alb(albRate(ref('Stat')), { Stat: { Type: 'String', Default: 'Sum' } }), 'Alb');
    expect(open.status).toBe('unknown');
    expect(open.message).toMatch(/metric m1, which is decided at deploy time: parameter Stat/);
    expect(finding(alb(albRate(ref('Stat')), { Stat: { Type: 'String', AllowedValues: ['Sum'] } }), 'AlarmErrorRate', 'Alb').status).toBe('pass');
    const mixed = finding(alb(albRate(ref('Stat')), { Stat: { Type: 'String', AllowedValues: ['Sum', 'Average'] } }), 'AlarmErrorRate', 'Alb');
    expect(mixed.status).toBe('unknown');
    expect(mixed.message).toMatch(/Stat/);
  });

  test('an expression that also depends on another metric is not errors / requests (alb-err-other-metric)', () => {
    const m3 = { Id: 'm3', ReturnData: false, MetricStat: stat('AWS/ApplicationELB', 'HTTPCode_Target_2XX_Count', lbDims) };
    const v = one(AlarmErrorRate, alb(albRate('Sum', 'Sum', '100 * (m1 + m4 - m3) / m2', [m3])), 'Alb');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/alarm Err is not an error rate: the expression also depends on m3 \(HTTPCode_Target_2XX_Count\)/);
    // A metric the expression does not read does not matter.
    expect(one(AlarmErrorRate, alb(albRate('Sum', 'Sum', '100 * (m1 + m4) / m2', [m3])), 'Alb').status).toBe('pass');
  });

  test('the load balancer\'s own 5xx (502, 503 with no healthy target, 504) must be counted too', () => {
    const v = one(AlarmErrorRate, alb(albRate('Sum', 'Sum', '100 * m1 / m2')), 'Alb');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/alarm Err counts HTTPCode_Target_5XX_Count but not HTTPCode_ELB_5XX_Count: the 502, 503 and 504 the load balancer answers itself/);
  });
});

describe('the compliant reference templates still pass every alarm item they carry', () => {
  const bases = compliantBases();
  test.each([
    ['cache', AlarmCpu, 'Cache'], ['cache', AlarmMemory, 'Cache'],
    ['database-rds', AlarmCpu, 'Db'], ['database-rds', AlarmMemory, 'Db'], ['database-rds', AlarmDbConnections, 'Db'], ['database-rds', AlarmDisk, 'Db'],
    ['database', AlarmCpu, 'Db'], ['database', AlarmMemory, 'Db'], ['database', AlarmDbConnections, 'Db'],
    ['lambda-canary', AlarmErrorRate, 'Handler'], ['lambda-canary', AlarmLatencyP95, 'Handler'],
    ['lambda-service', AlarmErrorRate, 'Fn9270CBC0'], ['lambda-service', AlarmLatencyP95, 'Fn9270CBC0'],
    ['edge-api', AlarmErrorRate, 'Fn'], ['ecs-service', AlarmErrorRate, 'Alb'],
  ].map(([base, rule, id]) => [base, (rule as AwsRule).id, id, rule]) as [string, string, string, AwsRule][])('%s: %s on %s', (base, _name, id, rule) => {
    expect(one(rule, bases.get(base), id).status).toBe('pass');
  });
});
