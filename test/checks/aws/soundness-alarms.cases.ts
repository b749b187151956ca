/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Alarm rules must not pass an alarm that watches nothing, or an action /
 * topic policy that does not do what the item asks, for any value
 * CloudFormation could give the property. Each case below was a PASS before
 * (the probes under /work/probe/ops/ showed them); the compliant form next to
 * it still passes.
 */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { AlarmCpu } from '../../../lib/checks/aws/alarms/alarm-cpu';
import { AlarmErrorRate } from '../../../lib/checks/aws/alarms/alarm-error-rate';
import { AlarmHasAction } from '../../../lib/checks/aws/alarms/alarm-has-action';
import { AlarmLatencyP95 } from '../../../lib/checks/aws/alarms/alarm-latency-p95';
import { AlarmMemory } from '../../../lib/checks/aws/alarms/alarm-memory';
import { AlarmTopicEncrypted } from '../../../lib/checks/aws/alarms/alarm-topic-encrypted';
import { AlarmUnhealthyHosts } from '../../../lib/checks/aws/alarms/alarm-unhealthy-hosts';
import { AwsRule, Verdict } from '../../../lib/checks/rule';
import { TemplateIndex } from '../../../lib/checks/template-index';
import { compliantBases } from './fixtures';

function run(rule: AwsRule, template: any, logicalId: string): Verdict[] {
  const index = new TemplateIndex(template, 'test.json', 'Test');
  const res = index.get(logicalId);
  if (!res) throw new Error(`no ${logicalId}`);
  const out = rule.check(res, { index, thresholds: Thresholds.DEFAULTS });
  return out === undefined ? [] : Array.isArray(out) ? out : [out];
}

function one(rule: AwsRule, template: any, logicalId: string): Verdict {
  const vs = run(rule, template, logicalId);
  expect(vs).toHaveLength(1);
  return vs[0];
}

const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });
const ref = (id: string) => ({ Ref: id });
const dim = (Name: string, Value: any) => ({ Name, Value });

/** An ECS service behind an internet-facing ALB, with a topic; alarms are added per case. */
function base(alarms: Record<string, any>, parameters: Record<string, any> = {}): any {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: parameters,
    Resources: {
      Cluster: { Type: 'AWS::ECS::Cluster' },
      Other: { Type: 'AWS::ECS::Cluster' },
      TaskDef: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', Cpu: '256', Memory: '512',
          ContainerDefinitions: [{ Name: 'web', Image: 'public.ecr.aws/nginx/nginx:1.25', Essential: true }],
        },
      },
      Svc: {
        Type: 'AWS::ECS::Service',
        DependsOn: 'Listener',
        Properties: {
          Cluster: ref('Cluster'), TaskDefinition: ref('TaskDef'), DesiredCount: 3, LaunchType: 'FARGATE', ServiceName: 'web',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0123456789abcdef0'] } },
          LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: ref('TG') }],
        },
      },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'email', Endpoint: 'oncall@example.com' }] } },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] } },
      OtherAlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] } },
      TG: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: 'vpc-0123456789abcdef0' } },
      Listener: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: { LoadBalancerArn: ref('Alb'), Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: ref('TG') }] },
      },
      ...alarms,
    },
  };
}

/** A single-metric alarm. */
function alarm(namespace: string, metric: string, dims: any[], extra: Record<string, any> = {}): any {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: namespace, MetricName: metric, Dimensions: dims, Statistic: 'Average', Period: 60, EvaluationPeriods: 3,
      Threshold: 80, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [ref('Topic')], ...extra,
    },
  };
}

const ecsDims = (service: any = getAtt('Svc', 'Name'), cluster: any = ref('Cluster')) => [dim('ClusterName', cluster), dim('ServiceName', service)];
const cpu = (dims: any[], extra: Record<string, any> = {}) => ({ Cpu: alarm('AWS/ECS', 'CPUUtilization', dims, extra) });
const lbFull = getAtt('Alb', 'LoadBalancerFullName');
const tgFull = getAtt('TG', 'TargetGroupFullName');
const unhealthy = (dims: any[]) => ({ UH: alarm('AWS/ApplicationELB', 'UnHealthyHostCount', dims, { Statistic: 'Maximum', Threshold: 0 }) });
const latency = (dims: any[], extra: Record<string, any> = {}) => {
  const a = alarm('AWS/ApplicationELB', 'TargetResponseTime', dims, { Threshold: 0.5, ExtendedStatistic: 'p95', ...extra });
  delete a.Properties.Statistic;
  return { Lat: a };
};
const errorRate = (lb: any) => {
  const stat = (name: string) => ({ Stat: 'Sum', Period: 60, Metric: { Namespace: 'AWS/ApplicationELB', MetricName: name, Dimensions: [dim('LoadBalancer', lb)] } });
  return {
    Err: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        EvaluationPeriods: 3, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [ref('Topic')],
        Metrics: [
          { Id: 'm1', ReturnData: false, MetricStat: stat('HTTPCode_Target_5XX_Count') },
          { Id: 'm3', ReturnData: false, MetricStat: stat('HTTPCode_ELB_5XX_Count') },
          { Id: 'm2', ReturnData: false, MetricStat: stat('RequestCount') },
          { Id: 'e1', Expression: '100*(m1+m3)/m2', ReturnData: true },
        ],
      },
    },
  };
};

describe('defect 1: an alarm watches a resource only with the dimensions AWS publishes its metric with', () => {
  test('ECS CPU: ClusterName + ServiceName !GetAtt Svc.Name passes (ecs-cpu-good)', () => {
    expect(one(AlarmCpu, base(cpu(ecsDims())), 'Svc').status).toBe('pass');
  });

  test('ECS CPU: ServiceName !Ref Svc is the service ARN, no data (ecs-cpu-dim-arn)', () => {
    const v = one(AlarmCpu, base(cpu(ecsDims(ref('Svc')))), 'Svc');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/watches nothing of Svc: dimension ServiceName is Ref Svc.*GetAtt <Service>\.Name/);
    expect(v.property).toBe('Cpu.Dimensions');
  });

  test('ECS memory: ServiceName !Ref Svc fails the same way', () => {
    const t = base({ Mem: alarm('AWS/ECS', 'MemoryUtilization', ecsDims(ref('Svc'))) });
    expect(one(AlarmMemory, t, 'Svc').status).toBe('fail');
  });

  test('ECS CPU: ServiceName without ClusterName is not published (ecs-cpu-no-cluster)', () => {
    const v = one(AlarmCpu, base(cpu([dim('ServiceName', getAtt('Svc', 'Name'))])), 'Svc');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/AWS publishes AWS\/ECS CPUUtilization per ClusterName or ClusterName \+ ServiceName; read with dimensions ServiceName it has no data/);
  });

  test('ECS CPU: the ClusterName of another cluster, or its ARN, watches nothing', () => {
    expect(one(AlarmCpu, base(cpu(ecsDims(undefined, ref('Other')))), 'Svc').message).toMatch(/ClusterName names Other, not the cluster of service Svc/);
    expect(one(AlarmCpu, base(cpu(ecsDims(undefined, getAtt('Cluster', 'Arn')))), 'Svc').status).toBe('fail');
  });

  test('ECS CPU: the service name written as text (its ServiceName) still counts; !Sub of the Name attribute too', () => {
    expect(one(AlarmCpu, base(cpu(ecsDims('web'))), 'Svc').status).toBe('pass');
    expect(one(AlarmCpu, base(cpu(ecsDims({ 'Fn::Sub': '${Svc.Name}' }))), 'Svc').status).toBe('pass');
  });

  test('a wrong alarm next to a right one: the right one passes', () => {
    const t = base({ ...cpu(ecsDims(ref('Svc'))), Cpu2: alarm('AWS/ECS', 'CPUUtilization', ecsDims()) });
    expect(one(AlarmCpu, t, 'Svc').status).toBe('pass');
  });

  test('UnHealthyHostCount: TargetGroupFullName + LoadBalancerFullName passes (alb-uh-good)', () => {
    expect(one(AlarmUnhealthyHosts, base(unhealthy([dim('TargetGroup', tgFull), dim('LoadBalancer', lbFull)])), 'TG').status).toBe('pass');
  });

  test('UnHealthyHostCount: !Ref TG and !Ref Alb are ARNs, no data (alb-uh-arn-dims)', () => {
    const v = one(AlarmUnhealthyHosts, base(unhealthy([dim('TargetGroup', ref('TG')), dim('LoadBalancer', ref('Alb'))])), 'TG');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/watches nothing of TG: dimension TargetGroup is Ref TG/);
  });

  test('UnHealthyHostCount per TargetGroup alone is not published (alb-uh-no-lb-dim)', () => {
    const v = one(AlarmUnhealthyHosts, base(unhealthy([dim('TargetGroup', tgFull)])), 'TG');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/UnHealthyHostCount per LoadBalancer \+ TargetGroup or AvailabilityZone \+ LoadBalancer \+ TargetGroup/);
  });

  test('UnHealthyHostCount: a balancer the target group is not behind watches nothing', () => {
    const v = one(AlarmUnhealthyHosts, base(unhealthy([dim('TargetGroup', tgFull), dim('LoadBalancer', getAtt('OtherAlb', 'LoadBalancerFullName'))])), 'TG');
    expect(v.message).toMatch(/LoadBalancer names OtherAlb, not the load balancer of target group TG/);
  });

  test('UnHealthyHostCount: the CDK form (last three parts of the listener ARN) passes; a literal full name is unknown', () => {
    const split = (i: number) => ({ 'Fn::Select': [i, { 'Fn::Split': ['/', ref('Listener')] }] });
    const cdk = { 'Fn::Join': ['', [split(1), '/', split(2), '/', split(3)]] };
    expect(one(AlarmUnhealthyHosts, base(unhealthy([dim('LoadBalancer', cdk), dim('TargetGroup', tgFull)])), 'TG').status).toBe('pass');
    const literal = one(AlarmUnhealthyHosts, base(unhealthy([dim('LoadBalancer', 'app/web/0123456789abcdef'), dim('TargetGroup', tgFull)])), 'TG');
    expect(literal.status).toBe('unknown');
    expect(literal.message).toMatch(/whether dimension LoadBalancer \(app\/web\/0123456789abcdef\) names the load balancer of target group TG is not known/);
  });

  test('TargetResponseTime: LoadBalancerFullName passes, !Ref Alb fails (alb-lat-arn)', () => {
    expect(one(AlarmLatencyP95, base(latency([dim('LoadBalancer', lbFull)])), 'Alb').status).toBe('pass');
    const v = one(AlarmLatencyP95, base(latency([dim('LoadBalancer', ref('Alb'))])), 'Alb');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/p95 latency: alarm Lat watches nothing of Alb: dimension LoadBalancer is Ref Alb/);
  });

  test('error rate: LoadBalancerFullName passes, !Ref Alb fails (alb-err-arn)', () => {
    expect(one(AlarmErrorRate, base(errorRate(lbFull)), 'Alb').status).toBe('pass');
    const v = one(AlarmErrorRate, base(errorRate(ref('Alb'))), 'Alb');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/alarm Err is not an error rate of this load balancer: metric m1 \(HTTPCode_Target_5XX_Count\) gets no data: dimension LoadBalancer is Ref Alb/);
  });

  test('the compliant ECS reference template (CDK forms) still passes every alarm item on the service, balancer and target groups', () => {
    const ecs = compliantBases().get('ecs-service');
    for (const [rule, id] of [[AlarmCpu, 'Service'], [AlarmMemory, 'Service'], [AlarmLatencyP95, 'Alb'], [AlarmErrorRate, 'Alb'], [AlarmUnhealthyHosts, 'Blue'], [AlarmUnhealthyHosts, 'Green']] as [AwsRule, string][]) {
      expect([rule.id, id, one(rule, ecs, id).status]).toEqual([rule.id, id, 'pass']);
    }
  });
});

describe('defect 2: a utilization or latency alarm compares the level of the metric, in its own unit', () => {
  test('Statistic SampleCount compared with 80 is a count, not a percentage (ecs-cpu-samplecount)', () => {
    const v = one(AlarmCpu, base(cpu(ecsDims(), { Statistic: 'SampleCount' })), 'Svc');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/its statistic SampleCount is not the level of CPUUtilization/);
    expect(one(AlarmCpu, base(cpu(ecsDims(), { Statistic: 'Sum' })), 'Svc').status).toBe('fail');
  });

  test('Average, Maximum and a percentile measure the level', () => {
    expect(one(AlarmCpu, base(cpu(ecsDims(), { Statistic: 'Maximum' })), 'Svc').status).toBe('pass');
    const p90 = base(cpu(ecsDims(), { ExtendedStatistic: 'p90' }));
    delete p90.Resources.Cpu.Properties.Statistic;
    expect(one(AlarmCpu, p90, 'Svc').status).toBe('pass');
  });

  test('Statistic from an open parameter is unknown, naming it (ecs-cpu-stat-param)', () => {
    const t = base(cpu(ecsDims(), { Statistic: ref('Stat') }), { Stat: { Type: 'String', Default: 'Average' } });
    const v = one(AlarmCpu, t, 'Svc');
    expect(v.status).toBe('unknown');
    expect(v.message).toMatch(/statistic is decided at deploy time .*parameter Stat/);
  });

  test('Unit Bytes on a Percent metric gets no data (ecs-cpu-unit); Unit Percent passes', () => {
    const v = one(AlarmCpu, base(cpu(ecsDims(), { Unit: 'Bytes' })), 'Svc');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/asks for AWS\/ECS CPUUtilization in Bytes, but AWS publishes it in Percent/);
    expect(v.property).toBe('Cpu.Unit');
    expect(one(AlarmCpu, base(cpu(ecsDims(), { Unit: 'Percent' })), 'Svc').status).toBe('pass');
  });

  test('Unit Milliseconds on TargetResponseTime (published in Seconds) gets no data (alb-lat-unit); Unit Seconds passes', () => {
    const v = one(AlarmLatencyP95, base(latency([dim('LoadBalancer', lbFull)], { Unit: 'Milliseconds' })), 'Alb');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/in Milliseconds, but AWS publishes it in Seconds/);
    expect(one(AlarmLatencyP95, base(latency([dim('LoadBalancer', lbFull)], { Unit: 'Seconds' })), 'Alb').status).toBe('pass');
  });
});

describe('defect 3: an action from an open parameter is not known to notify', () => {
  test('AlarmActions [!Ref Arn] from an open String parameter is unknown, naming it (act-ref-param)', () => {
    const t = base(cpu(ecsDims(), { AlarmActions: [ref('Arn')] }), { Arn: { Type: 'String', Default: '' } });
    const v = one(AlarmHasAction, t, 'Cpu');
    expect(v.status).toBe('unknown');
    expect(v.message).toMatch(/action is decided at deploy time .*parameter Arn/);
  });

  test('an action on a topic of the template passes, also next to a parameter one', () => {
    expect(one(AlarmHasAction, base(cpu(ecsDims())), 'Cpu').status).toBe('pass');
    const t = base(cpu(ecsDims(), { AlarmActions: [ref('Topic'), ref('Arn')] }), { Arn: { Type: 'String' } });
    expect(one(AlarmHasAction, t, 'Cpu').status).toBe('pass');
  });
});

describe('defect 4: the topic policy must deny sns:Publish to everyone without TLS', () => {
  const topic = (statement: any) => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }] } } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: ref('Key') } },
      Another: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: ref('Key') } },
      TP: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [ref('Topic')], PolicyDocument: { Version: '2012-10-17', Statement: [statement] } } },
    },
  });
  const deny = (extra: Record<string, any> = {}) => ({
    Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: ref('Topic'), Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...extra,
  });
  const status = (statement: any) => one(AlarmTopicEncrypted, topic(statement), 'Topic').status;

  test('the CDK enforceSSL statement passes', () => expect(status(deny())).toBe('pass'));

  test('a Deny of sns:Subscribe only leaves Publish without TLS allowed (topic-deny-subscribe-only)', () => {
    const v = one(AlarmTopicEncrypted, topic(deny({ Action: 'sns:Subscribe' })), 'Topic');
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/no topic policy denies publishing without TLS/);
  });

  test('sns:*, * and SNS:Pub* cover sns:Publish; a list with sns:Publish too', () => {
    for (const action of ['sns:*', '*', 'SNS:Pub*', ['sns:Subscribe', 'sns:Publish']]) expect([action, status(deny({ Action: action }))]).toEqual([action, 'pass']);
  });

  test('BoolIfExists counts, and condition keys are case-insensitive (topic-boolifexists)', () => {
    expect(status(deny({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }))).toBe('pass');
    expect(status(deny({ Condition: { Bool: { 'aws:securetransport': false } } }))).toBe('pass');
  });

  test('a Deny that also needs another condition key applies to some requests only', () => {
    expect(status(deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1234' } } }))).toBe('fail');
    expect(status(deny({ Condition: { Bool: { 'aws:SecureTransport': 'false', 'aws:ViaAWSService': 'false' } } }))).toBe('fail');
  });

  test('a Deny for one principal, or for another topic, does not count', () => {
    expect(status(deny({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } }))).toBe('fail');
    expect(status(deny({ Principal: { AWS: '*' } }))).toBe('pass');
    expect(status(deny({ Resource: ref('Another') }))).toBe('fail');
    expect(status(deny({ Resource: '*' }))).toBe('pass');
  });
});
