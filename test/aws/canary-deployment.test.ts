import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CanaryDeployment, CanaryDeploymentProps, HealthCheckEventFormat, TrafficShift, TrafficShiftType } from '../../lib/aws/canary-deployment';
import { ECS_HEALTH_HOOK_CODE, LAMBDA_HEALTH_HOOK_CODE } from '../../lib/aws/private/canary-hooks';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';
import { ServiceAlarms } from '../../lib/aws/service-alarms';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const ERROR_METRIC = /5XX|^Errors$/;

function lambdaStack(props: Partial<CanaryDeploymentProps> = {}, context: Record<string, unknown> = {}) {
  const app = new App({ context });
  const stack = new Stack(app, 'S', { env: ENV });
  const fn = new lambda.Function(stack, 'Api', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  const canary = new CanaryDeployment(stack, 'Release', { lambdaFunction: fn, ...props });
  return { app, stack, fn, canary };
}

function ecsStack(props: Partial<CanaryDeploymentProps> = {}, serviceProps: Partial<ecs.FargateServiceProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'S', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const listener = alb.addListener('Https', {
    port: 443,
    certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')],
    defaultAction: elbv2.ListenerAction.fixedResponse(404),
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const service = new ecs.FargateService(stack, 'Web', { cluster, taskDefinition, minHealthyPercent: 100, ...serviceProps });
  const build = () => new CanaryDeployment(stack, 'Release', { ecsService: service, listener, ...props });
  return { app, stack, service, listener, alb, build };
}

function idOf(stack: Stack, construct: any): string {
  return stack.getLogicalId(construct.node?.defaultChild ?? construct);
}

function claims(c: CanaryDeployment): string[] {
  return c.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

/**
 * The time from an error spike to the start of a rollback, read from the template only:
 * the fastest attached alarm that watches errors (period x evaluation periods) plus the
 * deployer's reaction (~60 s, the assumption the construct and the DeployCanaryRollback rule share).
 */
function spikeToRollbackSeconds(template: Template, alarmRefs: any[]): number {
  const resources = template.toJSON().Resources;
  // By Ref, or by the literal AlarmName the ECS service names its deployment alarms with.
  const byName = (name: string) => Object.values<any>(resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === name);
  const alarms = alarmRefs.map((r) => (typeof r === 'string' ? byName(r) : resources[r.Ref]));
  expect(alarms.every((a) => a?.Type === 'AWS::CloudWatch::Alarm')).toBe(true);
  const errorAlarms = alarms.filter((a) => (a.Properties.Metrics ?? [{ MetricStat: { Metric: { MetricName: a.Properties.MetricName } } }])
    .some((m: any) => ERROR_METRIC.test(m.MetricStat?.Metric?.MetricName ?? '')));
  expect(errorAlarms.length).toBeGreaterThan(0);
  const seconds = errorAlarms.map((a) => {
    const p = a.Properties;
    const period = p.Period ?? Math.max(...p.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period));
    return period * p.EvaluationPeriods;
  });
  return Math.min(...seconds) + 60;
}

/** Run a hook's inline code with stubbed AWS SDK clients, no real waiting. */
function loadHook(code: string, modules: Record<string, any>, env: Record<string, string>): (event: any) => Promise<any> {
  const exports: any = {};
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'exports', 'process', 'console', 'setTimeout', code)(
    (m: string) => modules[m], exports, { env }, { log: () => undefined }, (f: () => void) => f());
  return exports.handler;
}

function command(name: string) {
  return class {
    public readonly name = name;
    constructor(public readonly input: any) {}
  };
}

describe('CanaryDeployment for Lambda, defaults', () => {
  const { stack, fn, canary } = lambdaStack();
  const template = Template.fromStack(stack);
  const groupId = idOf(stack, canary.deploymentGroup);
  const versionId = Object.keys(template.findResources('AWS::Lambda::Version'))[0];

  test('snapshot of a default stack', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('claims the items it provisions', () => {
    expect(claims(canary).sort()).toEqual(['ALARM-ACTIONS', 'ALARM-ERROR-RATE', 'ALARM-LATENCY-P95', 'ALARM-LATENCY-P99', 'ALARM-TOPIC-ENCRYPTED',
      'DEPLOY-CANARY-ROLLBACK', 'DEPLOY-HEALTH-HOOKS', 'DEPLOY-PROGRESSIVE', 'KMS-KEY-ROTATION', 'LOG-ENCRYPTED', 'LOG-RETENTION', 'LOG-STRUCTURED'].sort());
  });

  test('DEPLOY-PROGRESSIVE: an alias on the current version, shifted by CodeDeploy 10 % for 5 minutes', () => {
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] } });
    template.hasResourceProperties('AWS::CodeDeploy::Application', { ComputePlatform: 'Lambda' });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
    });
    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.objectLike({ DeploymentGroupName: { Ref: groupId } }) },
    });
    expect(canary.trafficShift.shiftType).toBe(TrafficShiftType.CANARY);
  });

  test('DEPLOY-CANARY-ROLLBACK: rollback on failure, stop and alarm; the new version\'s alarms attached', () => {
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayEquals(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']) },
      AlarmConfiguration: {
        Enabled: true,
        IgnorePollAlarmFailure: false,
        Alarms: canary.alarms.map((a) => ({ Name: { Ref: idOf(stack, a) } })),
      },
    });
    expect(canary.alarms).toHaveLength(3);
    expect(canary.deploymentAlarms).toEqual(canary.alarms);
  });

  test('the alarms watch the NEW version: alias metrics with the deployed version as ExecutedVersion', () => {
    const dims = [
      { Name: 'ExecutedVersion', Value: { 'Fn::GetAtt': [versionId, 'Version'] } },
      { Name: 'FunctionName', Value: { Ref: idOf(stack, fn) } },
      { Name: 'Resource', Value: { 'Fn::Join': ['', [{ Ref: idOf(stack, fn) }, ':live']] } },
    ];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * FILL(errors, 0) / FILL(invocations, 1)' }),
        Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum', Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: dims } }) }),
        Match.objectLike({ Id: 'invocations', MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum', Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: dims } }) }),
      ]),
    });
    for (const [stat, threshold] of [['p95', 500], ['p99', 1000]] as Array<[string, number]>) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Lambda', MetricName: 'Duration', ExtendedStatistic: stat, Threshold: threshold, Dimensions: dims, Period: 60 });
    }
  });

  test('ALARM-ACTIONS, ALARM-TOPIC-ENCRYPTED: every alarm notifies a new encrypted TLS-only topic', () => {
    const topicRef = { Ref: idOf(stack, canary.topic) };
    for (const a of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(a.Properties.AlarmActions).toEqual([topicRef]);
      expect(a.Properties.ActionsEnabled).toBe(true);
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [idOf(stack, canary.encryptionKey), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('from the template: an error spike starts a rollback within alarmDetectionMinutes (3 min), as rollbackDetectionSeconds says', () => {
    const group = Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup'))[0];
    const seconds = spikeToRollbackSeconds(template, group.Properties.AlarmConfiguration.Alarms.map((a: any) => a.Name));
    expect(seconds).toBe(2 * 60 + 60);
    expect(seconds).toBeLessThanOrEqual(3 * 60);
    expect(canary.rollbackDetectionSeconds).toBe(seconds);
  });

  test('DEPLOY-HEALTH-HOOKS: pre- and post-traffic hooks that check /health on the new version', () => {
    const pre = idOf(stack, canary.preTrafficHook);
    const post = idOf(stack, canary.postTrafficHook);
    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.objectLike({ BeforeAllowTrafficHook: { Ref: pre }, AfterAllowTrafficHook: { Ref: post } }) },
    });
    for (const id of [pre, post]) {
      const hook = template.toJSON().Resources[id];
      expect(hook.Properties.Environment.Variables).toEqual({ TARGET_VERSION_ARN: { Ref: versionId }, HEALTH_CHECK_PATH: '/health', EVENT_FORMAT: 'HTTP_API_V2' });
      expect(hook.Properties.Code.ZipFile.length).toBeLessThan(4096);
      expect(hook.Properties.Runtime).toBe('nodejs24.x');
      expect(hook.Metadata['cdk-golive:service']).toBe(false);
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { Ref: versionId } }),
        Match.objectLike({ Action: 'codedeploy:PutLifecycleEventHookExecutionStatus', Effect: 'Allow' }),
      ]) },
    });
  });

  test('LOG-RETENTION, LOG-ENCRYPTED, LOG-STRUCTURED: the hooks log as JSON to their own log groups, kept 30 days, encrypted', () => {
    const keyArn = { 'Fn::GetAtt': [idOf(stack, canary.encryptionKey), 'Arn'] };
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(g.Properties).toEqual({ RetentionInDays: 30, KmsKeyId: keyArn });
    for (const hook of [canary.preTrafficHook, canary.postTrafficHook]) {
      const logging = template.toJSON().Resources[idOf(stack, hook)].Properties.LoggingConfig;
      expect(logging.LogFormat).toBe('JSON');
      expect(Object.keys(groups.length ? template.findResources('AWS::Logs::LogGroup') : {})).toContain(logging.LogGroup.Ref);
    }
  });
});

describe('the Lambda health hook', () => {
  function run(invoke: (input: any) => any, format = 'HTTP_API_V2') {
    const reported: any[] = [];
    const invoked: any[] = [];
    const handler = loadHook(LAMBDA_HEALTH_HOOK_CODE, {
      '@aws-sdk/client-lambda': {
        LambdaClient: class { public async send(c: any) { invoked.push(c.input); return invoke(c.input); } },
        InvokeCommand: command('Invoke'),
      },
      '@aws-sdk/client-codedeploy': {
        CodeDeployClient: class { public async send(c: any) { reported.push(c.input); return {}; } },
        PutLifecycleEventHookExecutionStatusCommand: command('Put'),
      },
    }, { TARGET_VERSION_ARN: 'arn:aws:lambda:eu-west-1:111111111111:function:api:7', HEALTH_CHECK_PATH: '/health', EVENT_FORMAT: format });
    return { reported, invoked, result: handler({ DeploymentId: 'd-1', LifecycleEventHookExecutionId: 'h-1' }) };
  }
  const reply = (body: any, functionError?: string) => ({ FunctionError: functionError, Payload: Buffer.from(JSON.stringify(body)) });

  test('a 200 on GET /health of the new version reports Succeeded', async () => {
    const { reported, invoked, result } = run(() => reply({ statusCode: 200, body: '{"ok":true}' }));
    expect(await result).toBe('Succeeded');
    expect(reported).toEqual([{ deploymentId: 'd-1', lifecycleEventHookExecutionId: 'h-1', status: 'Succeeded' }]);
    expect(invoked[0].FunctionName).toBe('arn:aws:lambda:eu-west-1:111111111111:function:api:7');
    expect(invoked[0].InvocationType).toBe('RequestResponse');
    const event = JSON.parse(Buffer.from(invoked[0].Payload).toString());
    expect(event).toMatchObject({ version: '2.0', rawPath: '/health', requestContext: { http: { method: 'GET', path: '/health' } } });
  });

  test('a 500, a function error or a missing statusCode (REST/ALB) reports Failed after three attempts', async () => {
    const failing = run(() => reply({ statusCode: 500 }));
    expect(await failing.result).toBe('Failed');
    expect(failing.invoked).toHaveLength(3);
    expect(failing.reported[0].status).toBe('Failed');
    expect(await run(() => reply({ errorMessage: 'boom' }, 'Unhandled')).result).toBe('Failed');
    expect(await run(() => reply({ ok: true }), 'REST_API').result).toBe('Failed');
  });

  test('a transient failure (cold start) then a 200 reports Succeeded', async () => {
    let n = 0;
    const { result, invoked } = run(() => (n++ === 0 ? Promise.reject(new Error('throttled')) : reply({ statusCode: 204 })));
    expect(await result).toBe('Succeeded');
    expect(invoked).toHaveLength(2);
  });

  test('REST and ALB event shapes', async () => {
    const rest = run(() => reply({ statusCode: 200 }), 'REST_API');
    await rest.result;
    expect(JSON.parse(Buffer.from(rest.invoked[0].Payload).toString())).toMatchObject({ httpMethod: 'GET', path: '/health', resource: '/health' });
    const alb = run(() => reply({ statusCode: 200 }), 'ALB');
    await alb.result;
    expect(JSON.parse(Buffer.from(alb.invoked[0].Payload).toString())).toMatchObject({ httpMethod: 'GET', path: '/health', requestContext: { elb: {} } });
  });
});

describe('CanaryDeployment for Lambda, options', () => {
  test('linear and custom shifts: a predefined config when there is one, else a custom config', () => {
    const linear = lambdaStack({ trafficShift: TrafficShift.linear(10, Duration.minutes(1)) });
    Template.fromStack(linear.stack).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute' });
    const custom = lambdaStack({ trafficShift: TrafficShift.canary(20, Duration.minutes(15)) });
    const t = Template.fromStack(custom.stack);
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      ComputePlatform: 'Lambda',
      TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 20, CanaryInterval: 15 } },
    });
    expect(() => lambdaStack({ trafficShift: TrafficShift.canary(12.5, Duration.minutes(5)) })).toThrow(/CodeDeploy shifts whole percentages/);
  });

  test('TrafficShift validates its values', () => {
    expect(() => TrafficShift.canary(0, Duration.minutes(5))).toThrow(/percent must be above 0 and below 100/);
    expect(() => TrafficShift.linear(100, Duration.minutes(5))).toThrow(/percent must be above 0 and below 100/);
    expect(() => TrafficShift.canary(10, Duration.seconds(30))).toThrow(/whole number of minutes/);
    expect(TrafficShift.allAtOnce().percent).toBe(100);
  });

  test('with serviceAlarms: its topic, its composite alarm and its dashboard', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const fn = new lambda.Function(stack, 'Api', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    const alarms = new ServiceAlarms(stack, 'Alarms');
    alarms.monitorFunction(fn);
    const canary = new CanaryDeployment(stack, 'Release', { lambdaFunction: fn, serviceAlarms: alarms, healthCheckEventFormat: HealthCheckEventFormat.ALB });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    expect(canary.topic).toBe(alarms.topic);
    for (const a of canary.alarms) expect(alarms.alarms).toContain(a);
    const rule = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))[0].Properties.AlarmRule);
    for (const a of canary.alarms) expect(rule).toContain(`"${idOf(stack, a)}","Arn"`);
    expect(JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody)).toContain('Deployments: alarms that roll back Release');
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ EVENT_FORMAT: 'ALB' }) } });
  });

  test('more alarms attach to the deployment group, up to CodeDeploy\'s 10', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const fn = new lambda.Function(stack, 'Api', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    const extra = new cloudwatch.Alarm(stack, 'Extra', { metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Failures' }), threshold: 1, evaluationPeriods: 1 });
    const canary = new CanaryDeployment(stack, 'Release', { lambdaFunction: fn, alarms: [extra] });
    expect(canary.deploymentAlarms).toHaveLength(4);
    Template.fromStack(stack).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      AlarmConfiguration: Match.objectLike({ Alarms: Match.arrayWith([{ Name: { Ref: idOf(stack, extra) } }]) }),
    });
    expect(canary.rollbackDetectionSeconds).toBe(180);
    const fast = new cloudwatch.Alarm(stack, 'Fast', { metric: fn.metricErrors({ period: Duration.minutes(1) }), threshold: 5, evaluationPeriods: 1 });
    const faster = new CanaryDeployment(stack, 'Faster', { lambdaFunction: fn, alarms: [fast], aliasName: 'fast' });
    expect(faster.rollbackDetectionSeconds).toBe(120);
    const many = Array.from({ length: 8 }, (_, i) => cloudwatch.Alarm.fromAlarmArn(stack, `A${i}`, `arn:aws:cloudwatch:eu-west-1:111111111111:alarm:a${i}`));
    expect(() => new CanaryDeployment(stack, 'TooMany', { lambdaFunction: fn, alarms: many, aliasName: 'other' })).toThrow(/at most 10 alarms/);
  });

  test('a tightened alarmDetectionMinutes shortens the alarms; 1 minute cannot be met', () => {
    const { stack, canary } = lambdaStack({ thresholds: { alarmDetectionMinutes: 2 } });
    expect(canary.rollbackDetectionSeconds).toBe(120);
    const group = Object.values(Template.fromStack(stack).findResources('AWS::CodeDeploy::DeploymentGroup'))[0];
    expect(spikeToRollbackSeconds(Template.fromStack(stack), group.Properties.AlarmConfiguration.Alarms.map((a: any) => a.Name))).toBe(120);
    expect(() => lambdaStack({ thresholds: { alarmDetectionMinutes: 1 } })).toThrow(/leaves no time for an alarm/);
  });

  test('invalid combinations are refused', () => {
    expect(() => new CanaryDeployment(new Stack(), 'R', {})).toThrow(/give either lambdaFunction or ecsService/);
    expect(() => lambdaStack({ healthCheckPath: 'health' })).toThrow(/must start with '\/'/);
  });
});

describe('CanaryDeployment weakening props are refused unless acknowledged', () => {
  const cases: Array<[string, string, Partial<CanaryDeploymentProps>]> = [
    ['DEPLOY-PROGRESSIVE', 'trafficShift', { trafficShift: TrafficShift.allAtOnce() }],
    ['DEPLOY-CANARY-ROLLBACK', 'autoRollback', { autoRollback: false }],
    ['DEPLOY-HEALTH-HOOKS', 'healthHooks', { healthHooks: false }],
    ['LOG-RETENTION', 'logRetention', { logRetention: logs.RetentionDays.ONE_WEEK }],
  ];
  for (const [item, prop, props] of cases) {
    test(`${prop} is refused (${item})`, () => {
      const { app } = lambdaStack(props);
      expect(() => app.synth()).toThrow(new RegExp(`\\[${item}\\] ${prop}: `));
    });
    test(`${prop}, acknowledged: synthesizes, and ${item} is not claimed`, () => {
      const { app, canary } = lambdaStack(props);
      Validations.of(canary).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'an internal batch function' });
      expect(() => app.synth()).not.toThrow();
      expect(claims(canary)).not.toContain(item);
    });
  }

  test('acknowledged, the weakening takes effect', () => {
    const acked = (props: Partial<CanaryDeploymentProps>, item: string) => {
      const built = lambdaStack(props);
      Validations.of(built.canary).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'test' });
      return built;
    };
    const all = acked({ trafficShift: TrafficShift.allAtOnce() }, 'DEPLOY-PROGRESSIVE');
    Template.fromStack(all.stack).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce' });
    const noRollback = acked({ autoRollback: false }, 'DEPLOY-CANARY-ROLLBACK');
    const group = Object.values(Template.fromStack(noRollback.stack).findResources('AWS::CodeDeploy::DeploymentGroup'))[0];
    expect(group.Properties.AutoRollbackConfiguration).toEqual({ Enabled: false });
    const noHooks = acked({ healthHooks: false }, 'DEPLOY-HEALTH-HOOKS');
    expect(noHooks.canary.preTrafficHook).toBeUndefined();
    Template.fromStack(noHooks.stack).resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('deregistrationDelay 0 is refused (DEPLOY-GRACEFUL-SHUTDOWN), and accepted when acknowledged', () => {
    const refused = ecsStack({ deregistrationDelay: Duration.seconds(0) });
    refused.build();
    expect(() => refused.app.synth()).toThrow(/\[DEPLOY-GRACEFUL-SHUTDOWN\] deregistrationDelay: /);
    const acked = ecsStack({ deregistrationDelay: Duration.seconds(0) });
    const canary = acked.build();
    Validations.of(canary).acknowledge({ id: 'GoLiveChecks::DEPLOY-GRACEFUL-SHUTDOWN', reason: 'websocket-free service with 50 ms requests' });
    expect(() => acked.app.synth()).not.toThrow();
    expect(claims(canary)).not.toContain('DEPLOY-GRACEFUL-SHUTDOWN');
  });
});

describe('CanaryDeployment for ECS, defaults', () => {
  const { stack, service, listener, build } = ecsStack();
  const canary = build();
  const template = Template.fromStack(stack);
  const [blue, green] = canary.targetGroups;
  const serviceId = idOf(stack, service);

  test('snapshot of a default stack', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('claims the items it provisions', () => {
    expect(claims(canary).sort()).toEqual(['ALARM-ACTIONS', 'ALARM-ERROR-RATE', 'ALARM-LATENCY-P95', 'ALARM-LATENCY-P99', 'ALARM-TOPIC-ENCRYPTED',
      'DEPLOY-CANARY-ROLLBACK', 'DEPLOY-GRACEFUL-SHUTDOWN', 'DEPLOY-HEALTH-HOOKS', 'DEPLOY-PROGRESSIVE', 'KMS-KEY-ROTATION', 'LOG-ENCRYPTED', 'LOG-RETENTION', 'LOG-STRUCTURED'].sort());
  });

  test('DEPLOY-PROGRESSIVE: ECS native canary, 10 % for 5 minutes, 5 minutes of bake', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        Strategy: 'CANARY',
        CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 },
        BakeTimeInMinutes: 5,
      }),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: idOf(stack, listener) },
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [
        { TargetGroupArn: { Ref: idOf(stack, blue) }, Weight: 100 },
        { TargetGroupArn: { Ref: idOf(stack, green) }, Weight: 0 },
      ] } }],
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [{
        ContainerName: 'web',
        ContainerPort: 8080,
        TargetGroupArn: { Ref: idOf(stack, blue) },
        AdvancedConfiguration: {
          AlternateTargetGroupArn: { Ref: idOf(stack, green) },
          ProductionListenerRule: { Ref: idOf(stack, canary.productionListenerRule) },
          RoleArn: Match.anyValue(),
        },
      }],
    });
  });

  test('DEPLOY-CANARY-ROLLBACK: circuit breaker with rollback, deployment alarms with rollback on both target groups', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: { Enable: true, Rollback: true, AlarmNames: ['Blue', 'Green'].flatMap((c) => ['ErrorRate', 'LatencyP95', 'LatencyP99'].map((m) => `S/Release/${c}${m}`)) },
      }),
    });
    expect(canary.alarms).toHaveLength(6);
    // Named at synth, so the CDK notes no "possible circular dependency"; the service still waits for them.
    const svc = template.toJSON().Resources[serviceId];
    for (const a of canary.alarms) {
      expect(svc.DependsOn).toContain(idOf(stack, a));
      expect(template.toJSON().Resources[idOf(stack, a)].Properties.AlarmName).toMatch(/^S\/Release\/(Blue|Green)/);
    }
    expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('circular dependency'))).toEqual([]);
    for (const tg of canary.targetGroups) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 1,
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: '100 * FILL(errors, 0) / FILL(requests, 1)' }),
          Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Period: 60, Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count',
            Dimensions: Match.arrayWith([{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [idOf(stack, tg), 'TargetGroupFullName'] } }]) }) }) }),
        ]),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', ExtendedStatistic: 'p95', Threshold: 0.5,
        Dimensions: Match.arrayWith([{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [idOf(stack, tg), 'TargetGroupFullName'] } }]) });
    }
  });

  test('from the template: an error spike starts a rollback within alarmDetectionMinutes (3 min)', () => {
    const svc = template.toJSON().Resources[serviceId];
    const seconds = spikeToRollbackSeconds(template, svc.Properties.DeploymentConfiguration.Alarms.AlarmNames);
    expect(seconds).toBeLessThanOrEqual(3 * 60);
    expect(canary.rollbackDetectionSeconds).toBe(seconds);
  });

  test('DEPLOY-HEALTH-HOOKS: a lifecycle hook before production traffic that checks the new tasks\' /health', () => {
    const hookId = idOf(stack, canary.healthHook);
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        LifecycleHooks: [{ HookTargetArn: { 'Fn::GetAtt': [hookId, 'Arn'] }, LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], RoleArn: Match.anyValue() }],
      }),
    });
    const hook = template.toJSON().Resources[hookId];
    expect(hook.Properties.Environment.Variables).toEqual({
      TARGET_GROUP_ARNS: { 'Fn::Join': ['', [{ Ref: idOf(stack, blue) }, ',', { Ref: idOf(stack, green) }]] },
      MAX_ATTEMPTS: '40',
    });
    expect(hook.Metadata['cdk-golive:service']).toBe(false);
    for (const tg of canary.targetGroups) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', Match.objectLike({
        TargetType: 'ip',
        HealthCheckPath: '/health',
        Matcher: { HttpCode: '200' },
      }));
      expect(stack.resolve(tg.targetGroupArn)).toEqual({ Ref: idOf(stack, tg) });
    }
  });

  test('DEPLOY-GRACEFUL-SHUTDOWN and stateless sessions: 30 s of draining, stickiness off', () => {
    for (const tg of canary.targetGroups) {
      const res = template.toJSON().Resources[idOf(stack, tg)];
      expect(res.Properties.TargetGroupAttributes).toEqual(expect.arrayContaining([
        { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        { Key: 'stickiness.enabled', Value: 'false' },
      ]));
    }
  });
});

describe('the ECS health hook', () => {
  function run(targets: Record<string, string>, tasks: Array<{ ip: string; td: string }>, attempt?: string) {
    const handler = loadHook(ECS_HEALTH_HOOK_CODE, {
      '@aws-sdk/client-ecs': {
        ECSClient: class {
          public async send(c: any) {
            if (c.name === 'Revisions') return { serviceRevisions: [{ clusterArn: 'arn:cluster/c', serviceArn: 'arn:aws:ecs:eu-west-1:1:service/c/web', taskDefinition: 'td:2' }] };
            if (c.name === 'List') return { taskArns: tasks.map((_, i) => `t${i}`) };
            return { tasks: tasks.map((t) => ({ taskDefinitionArn: t.td, lastStatus: 'RUNNING', attachments: [{ details: [{ name: 'privateIPv4Address', value: t.ip }] }] })) };
          }
        },
        DescribeServiceRevisionsCommand: command('Revisions'),
        ListTasksCommand: command('List'),
        DescribeTasksCommand: command('Tasks'),
      },
      '@aws-sdk/client-elastic-load-balancing-v2': {
        ElasticLoadBalancingV2Client: class {
          public async send(c: any) {
            return { TargetHealthDescriptions: c.input.TargetGroupArn === 'green' ? Object.entries(targets).map(([id, state]) => ({ Target: { Id: id }, TargetHealth: { State: state } })) : [] };
          }
        },
        DescribeTargetHealthCommand: command('Health'),
      },
    }, { TARGET_GROUP_ARNS: 'blue,green', MAX_ATTEMPTS: '3' });
    return handler({ executionDetails: { targetServiceRevisionArn: 'rev' }, hookDetails: attempt ? { attempt } : undefined });
  }

  test('every new task healthy: SUCCEEDED (old-revision tasks are ignored)', async () => {
    expect(await run({ '10.0.0.1': 'healthy', '10.0.0.2': 'healthy' }, [{ ip: '10.0.0.1', td: 'td:2' }, { ip: '10.0.0.2', td: 'td:2' }, { ip: '10.0.0.9', td: 'td:1' }]))
      .toEqual({ hookStatus: 'SUCCEEDED' });
  });

  test('a new task unhealthy: FAILED (ECS rolls back)', async () => {
    expect(await run({ '10.0.0.1': 'healthy', '10.0.0.2': 'unhealthy' }, [{ ip: '10.0.0.1', td: 'td:2' }, { ip: '10.0.0.2', td: 'td:2' }]))
      .toEqual({ hookStatus: 'FAILED' });
  });

  test('tasks still starting: IN_PROGRESS in 15 s, FAILED after MAX_ATTEMPTS', async () => {
    expect(await run({ '10.0.0.1': 'initial' }, [{ ip: '10.0.0.1', td: 'td:2' }])).toEqual({ hookStatus: 'IN_PROGRESS', callBackDelay: 15, hookDetails: { attempt: '1' } });
    expect(await run({}, [])).toMatchObject({ hookStatus: 'IN_PROGRESS' });
    expect(await run({ '10.0.0.1': 'initial' }, [{ ip: '10.0.0.1', td: 'td:2' }], '2')).toEqual({ hookStatus: 'FAILED' });
  });
});

describe('CanaryDeployment for ECS, options', () => {
  test('linear: ECS LINEAR strategy; steps below 3 % refused', () => {
    const { stack, build } = ecsStack({ trafficShift: TrafficShift.linear(20, Duration.minutes(3)) });
    build();
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Strategy: 'LINEAR', LinearConfiguration: { StepPercent: 20, StepBakeTimeInMinutes: 3 } }),
    });
    expect(() => ecsStack({ trafficShift: TrafficShift.linear(2, Duration.minutes(3)) }).build()).toThrow(/at least 3 %/);
    expect(() => ecsStack({ trafficShift: TrafficShift.canary(2.55, Duration.minutes(3)) }).build()).toThrow(/multiples of 0.1/);
    expect(() => ecsStack({ bakeTime: Duration.seconds(90) }).build()).toThrow(/bakeTime must be a whole number of minutes/);
  });

  test('with serviceAlarms: unhealthy-target alarms on both target groups, canary alarms in the composite', () => {
    const { stack, build } = ecsStack();
    const alarms = new ServiceAlarms(stack, 'Alarms');
    const canary = new CanaryDeployment(stack, 'Release2', {
      ecsService: new ecs.FargateService(stack, 'Other', {
        cluster: new ecs.Cluster(stack, 'C2', { vpc: new ec2.Vpc(stack, 'V2', { maxAzs: 2, natGateways: 0 }) }),
        taskDefinition: (() => { const td = new ecs.FargateTaskDefinition(stack, 'T2'); td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('x'), portMappings: [{ containerPort: 80 }] }); return td; })(),
      }),
      listener: (stack.node.findChild('Alb') as elbv2.ApplicationLoadBalancer).listeners[0],
      listenerRulePriority: 2,
      serviceAlarms: alarms,
    });
    void build;
    expect(alarms.unhealthyHostAlarms).toHaveLength(2);
    for (const a of canary.alarms) expect(alarms.alarms).toContain(a);
    expect(canary.topic).toBe(alarms.topic);
  });

  test('a service with its own strategy, another controller, or no listener is refused', () => {
    expect(() => ecsStack({}, { deploymentStrategy: ecs.DeploymentStrategy.ROLLING }).build()).toThrow(/do not set deploymentStrategy/);
    expect(() => ecsStack({}, { deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } }).build()).toThrow(/must use the ECS deployment controller/);
    expect(() => ecsStack({ listener: undefined }).build()).toThrow(/listener is required/);
  });
});
