import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';
import { ServiceAlarmKind, ServiceAlarms, ServiceAlarmsProps } from '../../lib/aws/service-alarms';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** A stack with an ALB (HTTP listener, IP target group), a Lambda function and an ECS service, all monitored. */
function build(props: ServiceAlarmsProps = {}, context: Record<string, unknown> = {}, monitor = true) {
  const app = new App({ context });
  const stack = new Stack(app, 'S', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', { vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP });
  alb.addListener('Http', { port: 80, defaultTargetGroups: [targetGroup] });
  const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });') });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const service = new ecs.FargateService(stack, 'Web', { cluster, taskDefinition, minHealthyPercent: 100 });
  const alarms = new ServiceAlarms(stack, 'Alarms', { serviceName: 'shop', ...props });
  if (monitor) {
    alarms.monitorLoadBalancer(alb);
    alarms.monitorTargetGroup(targetGroup);
    alarms.monitorFunction(fn);
    alarms.monitorEcsService(service);
  }
  return { app, stack, alb, targetGroup, fn, service, alarms };
}

function idOf(stack: Stack, construct: any): string {
  return stack.getLogicalId(construct.node?.defaultChild ?? construct);
}

function claims(c: ServiceAlarms): string[] {
  return c.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

/** Period x evaluation periods of an alarm resource (single metric or metric math). */
function detectionSeconds(alarm: any): number {
  const p = alarm.Properties;
  const period = p.Period ?? Math.max(...p.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period));
  return period * p.EvaluationPeriods;
}

describe('ServiceAlarms defaults', () => {
  const { stack, alarms, alb, targetGroup, fn, service } = build();
  const template = Template.fromStack(stack);
  const topicRef = { Ref: idOf(stack, alarms.topic) };

  test('snapshot of a default stack', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('claims the items it provisions', () => {
    expect(claims(alarms).sort()).toEqual(['ALARM-ACTIONS', 'ALARM-CPU', 'ALARM-ERROR-RATE', 'ALARM-LATENCY-P95', 'ALARM-LATENCY-P99',
      'ALARM-MEMORY', 'ALARM-STANDARD-SET', 'ALARM-TOPIC-ENCRYPTED', 'ALARM-UNHEALTHY-HOSTS', 'DASHBOARD-SERVICE', 'KMS-KEY-ROTATION'].sort());
  });

  test('ALARM-TOPIC-ENCRYPTED, KMS-KEY-ROTATION: a new topic encrypted with a rotating key, TLS only', () => {
    const keyId = idOf(stack, alarms.encryptionKey);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('ALARM-ERROR-RATE: ALB 5xx (target + ELB) / requests, in percent, above 1 %, within 3 one-minute periods', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / FILL(requests, 1)', ReturnData: true }),
        Match.objectLike({ Id: 'target5xx', MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum', Metric: Match.objectLike({ Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' }) }) }),
        Match.objectLike({ Id: 'elb5xx', MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum', Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_5XX_Count' }) }) }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum', Metric: Match.objectLike({ MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [idOf(stack, alb), 'LoadBalancerFullName'] } }] }) }) }),
      ]),
    });
  });

  test('ALARM-ERROR-RATE: Lambda Errors / Invocations, in percent, above 1 %', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      EvaluationPeriods: 3,
      AlarmActions: [topicRef],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * FILL(errors, 0) / FILL(invocations, 1)' }),
        Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Period: 60, Metric: Match.objectLike({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(stack, fn) } }] }) }) }),
        Match.objectLike({ Id: 'invocations', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Invocations' }) }) }),
      ]),
    });
    expect(alarms.errorRateAlarms).toHaveLength(2);
  });

  test('ALARM-LATENCY-P95 / P99: ALB TargetResponseTime in seconds (0.5 s, 1 s), Lambda Duration in ms (500, 1000)', () => {
    for (const [stat, albThreshold, fnThreshold] of [['p95', 0.5, 500], ['p99', 1, 1000]] as Array<[string, number, number]>) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', ExtendedStatistic: stat, Period: 60,
        Threshold: albThreshold, EvaluationPeriods: 3, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda', MetricName: 'Duration', ExtendedStatistic: stat, Period: 60,
        Threshold: fnThreshold, EvaluationPeriods: 3, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef],
      });
    }
    expect(alarms.latencyP95Alarms).toHaveLength(2);
    expect(alarms.latencyP99Alarms).toHaveLength(2);
  });

  test('ALARM-UNHEALTHY-HOSTS: UnHealthyHostCount of the target group above 0', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApplicationELB', MetricName: 'UnHealthyHostCount', Statistic: 'Maximum', Period: 60,
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef],
      Dimensions: Match.arrayWith([{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [idOf(stack, targetGroup), 'TargetGroupFullName'] } }]),
    });
    expect(alarms.unhealthyHostAlarms).toHaveLength(1);
  });

  test('ALARM-CPU / ALARM-MEMORY: the ECS service above 80 % CPU and 85 % memory', () => {
    for (const [name, threshold] of [['CPUUtilization', 80], ['MemoryUtilization', 85]] as Array<[string, number]>) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ECS', MetricName: name, Statistic: 'Average', Period: 60, Threshold: threshold, EvaluationPeriods: 3,
        ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef],
        Dimensions: Match.arrayWith([{ Name: 'ServiceName', Value: { 'Fn::GetAtt': [idOf(stack, service), 'Name'] } }]),
      });
    }
    expect(alarms.cpuAlarms).toHaveLength(1);
    expect(alarms.memoryAlarms).toHaveLength(1);
    expect(alarms.throttleAlarms).toHaveLength(1);
    expect(alarms.alarmsOfKind(ServiceAlarmKind.OTHER)).toHaveLength(0);
  });

  test('ALARM-ACTIONS: every alarm notifies the topic on ALARM and OK, actions on; each fires within alarmDetectionMinutes', () => {
    const all = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(all).toHaveLength(10);
    expect(alarms.alarms).toHaveLength(10);
    for (const a of all) {
      expect(a.Properties.AlarmActions).toEqual([topicRef]);
      expect(a.Properties.OKActions).toEqual([topicRef]);
      expect(a.Properties.ActionsEnabled).toBe(true);
      expect(detectionSeconds(a)).toBeLessThanOrEqual(3 * 60);
    }
    expect(alarms.detectionSeconds).toBe(180);
  });

  test('ALARM-STANDARD-SET: a composite service-health alarm over every alarm, notifying the topic', () => {
    const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(composite).toHaveLength(1);
    expect(composite[0].Properties.AlarmActions).toEqual([topicRef]);
    expect(composite[0].Properties.ActionsEnabled).toBe(true);
    const rule = JSON.stringify(composite[0].Properties.AlarmRule);
    for (const id of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) expect(rule).toContain(`"${id}","Arn"`);
  });

  test('DASHBOARD-SERVICE: requests, p50/p95/p99 latency and errors of the ALB and the function; CPU and memory of the service', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const s of ['RequestCount', 'TargetResponseTime', 'HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count', 'UnHealthyHostCount',
      'Invocations', 'Duration', 'Errors', 'Throttles', 'CPUUtilization', 'MemoryUtilization', '\\"stat\\":\\"p50\\"', '\\"stat\\":\\"p95\\"', '\\"stat\\":\\"p99\\"']) {
      expect([s, body.includes(s)]).toEqual([s, true]);
    }
  });
});

describe('ServiceAlarms options', () => {
  test('tighter props are accepted and used', () => {
    const { stack, app } = build({ errorRatePercent: 0.5, latencyP95Threshold: Duration.millis(300), latencyP99Threshold: Duration.millis(600), cpuPercent: 70, memoryPercent: 75, evaluationPeriods: 2 });
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 0.5, EvaluationPeriods: 2, Metrics: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', ExtendedStatistic: 'p95', Threshold: 0.3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: 600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 70 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'MemoryUtilization', Threshold: 75 });
  });

  test('thresholds tightened by the app context and the thresholds prop', () => {
    const fromContext = build({}, { 'cdk-golive:thresholds': { errorRatePercent: 0.5, alarmDetectionMinutes: 2 } });
    Template.fromStack(fromContext.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 0.5, EvaluationPeriods: 2, Metrics: Match.anyValue() });
    const fromProp = build({ thresholds: { latencyP95Ms: 250 } });
    Template.fromStack(fromProp.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', ExtendedStatistic: 'p95', Threshold: 250 });
  });

  test('bring your own topic: no topic or key created, alarms notify it, ALARM-TOPIC-ENCRYPTED not claimed', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const topic = new sns.Topic(stack, 'Mine');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    const alarms = new ServiceAlarms(stack, 'Alarms', { alarmTopic: topic });
    alarms.monitorFunction(fn);
    // A topic of this app without a key is refused (the checks fail it) unless acknowledged.
    expect(alarms.node.validate()).toEqual([expect.stringMatching(/^\[ALARM-TOPIC-ENCRYPTED\] alarmTopic: topic S\/Mine has no KMS key/)]);
    Validations.of(alarms).acknowledge({ id: 'GoLiveChecks::ALARM-TOPIC-ENCRYPTED', reason: 'a test of a topic brought as it is' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: idOf(stack, topic) }] });
    expect(claims(alarms)).not.toContain('ALARM-TOPIC-ENCRYPTED');
    expect(() => new ServiceAlarms(stack, 'Both', { alarmTopic: topic, encryptionKey: new kms.Key(stack, 'K') })).toThrow(/with alarmTopic, encrypt your topic yourself/);
  });

  test('an alias is monitored through its own metrics (Resource dimension)', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new ServiceAlarms(stack, 'Alarms').monitorFunction(alias);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Duration',
      Dimensions: Match.arrayWith([{ Name: 'Resource', Value: { 'Fn::Join': ['', [{ Ref: idOf(stack, fn) }, ':live']] } }]),
    });
  });

  test('addAlarm joins the composite; addDatabase, addCache, addDeploymentAlarms, addBusinessMetrics add widgets', () => {
    const { stack, alarms } = build();
    const extra = new cloudwatch.Alarm(stack, 'Extra', { metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Failures' }), threshold: 1, evaluationPeriods: 1 });
    alarms.addAlarm(extra);
    alarms.addAlarm(extra);
    alarms.addDatabase({ connections: [new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName: 'DatabaseConnections' })], cpuUtilization: [new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName: 'CPUUtilization' })] });
    alarms.addCache({ memory: [new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'DatabaseMemoryUsagePercentage' })] });
    alarms.addDeploymentAlarms([extra]);
    alarms.addBusinessMetrics('Orders', [new cloudwatch.Metric({ namespace: 'Shop', metricName: 'OrdersPlaced' })]);
    const template = Template.fromStack(stack);
    expect(alarms.alarms).toHaveLength(11);
    expect(JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0].Properties.AlarmRule)).toContain(`"${idOf(stack, extra)}","Arn"`);
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const s of ['DatabaseConnections', 'DatabaseMemoryUsagePercentage', 'OrdersPlaced', 'Deployments: canary alarms', 'Database: CPU (%)', 'Cache: memory (%)']) {
      expect([s, body.includes(s)]).toEqual([s, true]);
    }
    expect(() => alarms.addDatabase({ connections: [] })).toThrow(/at least one connections metric/);
    expect(() => alarms.addCache({ memory: [] })).toThrow(/at least one memory metric/);
  });

  test('an alarm set that watches nothing fails the synth', () => {
    const { app } = build({}, {}, false);
    expect(() => app.synth()).toThrow(/watches nothing/);
  });

  test('invalid values are refused', () => {
    expect(() => build({ errorRatePercent: 0 })).toThrow(/errorRatePercent must be above 0/);
    expect(() => build({ cpuPercent: 120 })).toThrow(/cpuPercent must be above 0 and at most 100/);
    expect(() => build({ evaluationPeriods: 1.5 })).toThrow(/evaluationPeriods must be a positive integer/);
  });
});

describe('ServiceAlarms weakening props are refused unless acknowledged', () => {
  const cases: Array<[string, string, ServiceAlarmsProps, RegExp]> = [
    ['ALARM-ERROR-RATE', 'errorRatePercent', { errorRatePercent: 5 }, /5 % is looser than the 1 %/],
    ['ALARM-ERROR-RATE', 'evaluationPeriods', { evaluationPeriods: 5 }, /later than the 3 minutes/],
    ['ALARM-LATENCY-P95', 'latencyP95Threshold', { latencyP95Threshold: Duration.millis(800) }, /800 ms is looser than the 500 ms/],
    ['ALARM-LATENCY-P99', 'latencyP99Threshold', { latencyP99Threshold: Duration.seconds(2) }, /2000 ms is looser than the 1000 ms/],
    ['ALARM-CPU', 'cpuPercent', { cpuPercent: 95 }, /95 % is looser than the 80 %/],
    ['ALARM-MEMORY', 'memoryPercent', { memoryPercent: 95 }, /95 % is looser than the 85 %/],
  ];
  for (const [item, prop, props, problem] of cases) {
    test(`${prop} looser than the catalog is refused (${item})`, () => {
      const { app } = build(props);
      expect(() => app.synth()).toThrow(new RegExp(`\\[${item}\\] ${prop}: `));
      const again = build(props);
      expect(() => again.app.synth()).toThrow(problem);
    });

    test(`${prop} looser than the catalog, acknowledged: synthesizes, warns, and ${item} is not claimed`, () => {
      const { app, alarms } = build(props);
      Validations.of(alarms).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'a batch endpoint with its own SLO' });
      expect(() => app.synth()).not.toThrow();
      expect(claims(alarms)).not.toContain(item);
      expect(alarms.node.metadata.some((m) => m.type === 'aws:cdk:warning' && String(m.data).includes(`${item} weakened (${prop}`))).toBe(true);
    });
  }
});

test('parts that share an id in different scopes get distinct alarms', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: ENV });
  const code = lambda.Code.fromInline('x');
  const b = new lambda.Function(new Construct(stack, 'B'), 'Handler', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code });
  const c = new lambda.Function(stack, 'Handler', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code });
  const alarms = new ServiceAlarms(stack, 'Alarms');
  alarms.monitorFunction(b);
  alarms.monitorFunction(c);
  expect(alarms.errorRateAlarms.map((x) => x.node.id)).toEqual(['HandlerErrorRateAlarm', 'Handler2ErrorRateAlarm']);
  expect(() => app.synth()).not.toThrow();
});
