/* eslint-disable @typescript-eslint/no-explicit-any */
process.env.JSII_DEPRECATED = 'quiet';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Thresholds } from '../../../lib/checklist/thresholds';
import { AWS_RULES } from '../../../lib/checks/aws';
import { CONFIG_RULES } from '../../../lib/checks/aws/config';
import { LOGGING_RULES } from '../../../lib/checks/aws/logging';
import { SECRETS_RULES } from '../../../lib/checks/aws/secrets';
import { runAwsRules } from '../../../lib/checks/engine';
import { applyPatch } from './fixtures';

const RULES = [...CONFIG_RULES, ...LOGGING_RULES, ...SECRETS_RULES];

function findings(template: any, ruleId: string, resource?: string) {
  // The stacks below deploy in eu-west-1 (their awslogs-region is that literal): the rules read it as the stack's.
  return runAwsRules([{ file: 't.json', stack: 'T', template, region: 'eu-west-1' }], { rules: RULES, thresholds: Thresholds.DEFAULTS })
    .filter((f) => f.ruleId === ruleId && (resource === undefined || f.resource === resource));
}
const statuses = (template: any, ruleId: string, resource?: string) => findings(template, ruleId, resource).map((f) => f.status);

function logicalId(t: any, type: string, prefix = ''): string {
  return Object.keys(t.Resources).find((k) => t.Resources[k].Type === type && k.startsWith(prefix))!;
}

describe('ECS service task definitions', () => {
  // A Fargate service with an application container and an X-Ray sidecar, as the CDK emits it.
  const stack = new Stack(new App(), 'Ecs', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const td = new ecs.FargateTaskDefinition(stack, 'Task');
  const group = new logs.LogGroup(stack, 'AppLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
  const secret = new secretsmanager.Secret(stack, 'ApiKey');
  td.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/acme/app:1.0'),
    environment: { ENVIRONMENT: 'production', LOG_LEVEL: 'INFO', LOG_FORMAT: 'json', DB_SECRET_ARN: secret.secretArn },
    secrets: { API_KEY: ecs.Secret.fromSecretsManager(secret) },
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logGroup: group }),
  });
  td.addContainer('xray', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/xray/aws-xray-daemon:latest'),
    essential: false,
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'xray', logGroup: group }),
  });
  new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: td });
  const base = Template.fromStack(stack).toJSON();
  const tdId = logicalId(base, 'AWS::ECS::TaskDefinition');
  const app = ['Resources', tdId, 'Properties', 'ContainerDefinitions', 0];

  test('compliant container passes config, logging and secrets rules', () => {
    for (const id of ['ConfigEnvironmentProduction', 'ConfigDebugOff', 'ConfigLogLevel', 'ConfigNoMocks', 'LogRetention', 'LogEncrypted', 'LogStructured', 'LogTracing', 'LogCentralized', 'SecretsNoPlaintext', 'SecretsNoDefaults']) {
      expect([id, statuses(base, id, tdId)]).toEqual([id, ['pass']]);
    }
  });

  test('the X-Ray sidecar is not judged as an application container', () => {
    expect(findings(base, 'ConfigEnvironmentProduction', tdId)[0].message).toContain('container app');
  });

  test('a task definition no service runs is not service compute', () => {
    const t = applyPatch(base, [{ op: 'delete', path: ['Resources', logicalId(base, 'AWS::ECS::Service')] }]);
    expect(statuses(t, 'ConfigLogLevel', tdId)).toEqual([]);
    expect(statuses(t, 'SecretsNoPlaintext', tdId)).toEqual(['pass']);
  });

  test('no tracing sidecar fails LogTracing', () => {
    const t = applyPatch(base, [{ op: 'delete', path: ['Resources', tdId, 'Properties', 'ContainerDefinitions', 1] }]);
    expect(statuses(t, 'LogTracing', tdId)).toEqual(['fail']);
  });

  test('an image from an ECR repository of the template is known; a parameter image is unknown', () => {
    // ContainerImage.fromEcrRepository renders account and region with Fn::Select/Fn::Split.
    const ecrImage = { 'Fn::Join': ['', [
      { 'Fn::Select': [4, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] }, '.dkr.ecr.',
      { 'Fn::Select': [3, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'Repo' }, ':1.0.0']] };
    const noSidecar = applyPatch(base, [
      { op: 'delete', path: ['Resources', tdId, 'Properties', 'ContainerDefinitions', 1] },
      { op: 'set', path: ['Resources', 'Repo'], value: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'IMMUTABLE' } } },
      { op: 'set', path: [...app, 'Image'], value: ecrImage },
    ]);
    expect(statuses(noSidecar, 'LogTracing', tdId)).toEqual(['fail']);
    const fromParameter = applyPatch(noSidecar, [
      { op: 'set', path: ['Parameters', 'Image'], value: { Type: 'String' } },
      { op: 'set', path: [...app, 'Image'], value: { Ref: 'Image' } },
    ]);
    expect(statuses(fromParameter, 'LogTracing', tdId)).toEqual(['unknown']);
  });

  test('no LOG_FORMAT fails LogStructured; environment files make it unknown', () => {
    const noFormat = applyPatch(base, [{ op: 'delete', path: [...app, 'Environment', 2] }]);
    expect(statuses(noFormat, 'LogStructured', tdId)).toEqual(['fail']);
    const files = applyPatch(noFormat, [{ op: 'set', path: [...app, 'EnvironmentFiles'], value: [{ Type: 's3', Value: 'arn:aws:s3:::cfg/app.env' }] }]);
    expect(statuses(files, 'LogStructured', tdId)).toEqual(['unknown']);
  });

  test('no log configuration fails LogCentralized only', () => {
    const t = applyPatch(base, [{ op: 'delete', path: [...app, 'LogConfiguration'] }]);
    expect(statuses(t, 'LogCentralized', tdId)).toEqual(['fail']);
    expect(statuses(t, 'LogRetention', tdId)).toEqual([]);
    expect(statuses(t, 'LogEncrypted', tdId)).toEqual([]);
  });

  test('awslogs group outside the template is unknown', () => {
    const t = applyPatch(base, [{ op: 'set', path: [...app, 'LogConfiguration', 'Options', 'awslogs-group'], value: '/shared/app' }]);
    expect(statuses(t, 'LogRetention', tdId)).toEqual(['unknown']);
    expect(statuses(t, 'LogEncrypted', tdId)).toEqual(['unknown']);
  });

  test('DEBUG=1 and a literal password in the container environment fail', () => {
    const t = applyPatch(base, [
      { op: 'push', path: [...app, 'Environment'], value: { Name: 'DEBUG', Value: '1' } },
      { op: 'push', path: [...app, 'Environment'], value: { Name: 'DB_PASSWORD', Value: 'hunter2hunter2' } },
    ]);
    expect(statuses(t, 'ConfigDebugOff', tdId)).toEqual(['fail']);
    expect(statuses(t, 'SecretsNoPlaintext', tdId)).toEqual(['fail']);
  });
});

describe('Lambda log groups', () => {
  function fnStack(props: Partial<lambda.FunctionProps>) {
    const stack = new Stack(new App(), 'Fn');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
      environment: { ENVIRONMENT: 'production', LOG_LEVEL: 'INFO' }, ...props,
    });
    new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    const t = Template.fromStack(stack).toJSON();
    return { t, id: logicalId(t, 'AWS::Lambda::Function', 'Fn') };
  }

  test('logRetention (Custom::LogRetention) keeps the function a service function; 30 days passes retention, not encryption', () => {
    const { t, id } = fnStack({ logRetention: logs.RetentionDays.ONE_MONTH });
    expect(statuses(t, 'LogRetention', id)).toEqual(['pass']);
    expect(statuses(t, 'LogEncrypted', id)).toEqual(['fail']);
  });

  test('logRetention of one week fails retention', () => {
    const { t, id } = fnStack({ logRetention: logs.RetentionDays.ONE_WEEK });
    expect(statuses(t, 'LogRetention', id)).toEqual(['fail']);
  });

  test('the default log group fails retention and encryption', () => {
    const { t, id } = fnStack({});
    expect(statuses(t, 'LogRetention', id)).toEqual(['fail']);
    expect(statuses(t, 'LogEncrypted', id)).toEqual(['fail']);
  });

  test('a LogGroup declared as /aws/lambda/<function> counts as managed', () => {
    const stack = new Stack(new App(), 'Fn');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new logs.LogGroup(stack, 'G', { logGroupName: `/aws/lambda/${fn.functionName}`, retention: logs.RetentionDays.ONE_MONTH });
    const t = Template.fromStack(stack).toJSON();
    const id = logicalId(t, 'AWS::Lambda::Function', 'Fn');
    expect(statuses(t, 'LogRetention', id)).toEqual(['pass']);
    expect(statuses(t, 'LogEncrypted', id)).toEqual(['pass']);
  });

  test('a log group written by a CloudTrail trail needs auditLogRetentionDays', () => {
    const t = {
      Resources: {
        G: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } },
        Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': ['G', 'Arn'] } } },
      },
    };
    expect(statuses(t, 'LogRetention', 'G')).toEqual(['fail']);
  });

  test('functions that are not service compute are not judged', () => {
    const stack = new Stack(new App(), 'Fn');
    new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), timeout: Duration.seconds(3) });
    const t = Template.fromStack(stack).toJSON();
    for (const id of ['ConfigEnvironmentProduction', 'LogRetention', 'LogStructured', 'LogTracing']) expect(statuses(t, id)).toEqual([]);
  });
});

describe('environments and container definitions read in every world', () => {
  /** One rule's findings on one resource (only that rule runs). */
  const findings = (template: any, ruleId: string, resource: string) => runAwsRules([{ file: 't.json', stack: 'T', template }], { rules: AWS_RULES.filter((r) => r.id === ruleId), thresholds: Thresholds.DEFAULTS })
    .filter((f) => f.resource === resource);
  const statuses = (template: any, ruleId: string, resource: string) => findings(template, ruleId, resource).map((f) => f.status);
  /** A Lambda function behind a function URL (service compute) with these variables and parameters. */
  function fnTemplate(variables: any, parameters: any = {}, conditions: any = {}, extra: any = {}) {
    return {
      Parameters: parameters,
      Conditions: conditions,
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'x' }, Role: 'arn:aws:iam::111111111111:role/r', Environment: { Variables: variables } } },
        Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'AWS_IAM' } },
        ...extra,
      },
    };
  }
  const choice = (...values: string[]) => ({ Type: 'String', AllowedValues: values });

  test('a variable that is AWS::NoValue in a world is not set there', () => {
    const t = fnTemplate({ ENVIRONMENT: 'production', DEBUG: { 'Fn::If': ['Verbose', 'false', { Ref: 'AWS::NoValue' }] } }, { Mode: choice('a', 'b') }, { Verbose: { 'Fn::Equals': [{ Ref: 'Mode' }, 'a'] } });
    expect(findings(t, 'ConfigDebugOff', 'Fn').map((f) => [f.status, f.message])).toEqual([['pass', 'function Fn: debug off (DEBUG=false) (in every combination of parameter Mode)']]);
    const on = fnTemplate({ DEBUG: { 'Fn::If': ['Verbose', 'true', { Ref: 'AWS::NoValue' }] } }, { Mode: choice('a', 'b') }, { Verbose: { 'Fn::Equals': [{ Ref: 'Mode' }, 'a'] } });
    expect(statuses(on, 'ConfigDebugOff', 'Fn')).toEqual(['unknown']);
  });

  test('a rule reads only the variables it needs: ten two-valued parameters elsewhere do not multiply its worlds', () => {
    const vars: any = { LOG_LEVEL: 'INFO' };
    const params: any = {};
    for (let i = 0; i < 10; i++) { vars[`SETTING_${i}`] = { Ref: `P${i}` }; params[`P${i}`] = choice('x', 'y'); }
    const t = fnTemplate(vars, params);
    expect(findings(t, 'ConfigLogLevel', 'Fn').map((f) => [f.status, f.message])).toEqual([['pass', 'function Fn: production log level LOG_LEVEL=INFO']]);
    // A rule that reads every variable meets every choice: 1,024 worlds, more than the engine's bound, is "not judged" (unknown).
    expect(findings(t, 'ConfigNoPlaceholders', 'Fn').map((f) => [f.status, f.message.replace(/ of .*/, '')])).toEqual([['unknown', 'more than 512 combinations']]);
  });

  const task = (containers: any[], parameters: any = {}, conditions: any = {}) => ({
    Parameters: parameters,
    Conditions: conditions,
    Resources: {
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k' } },
      Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: containers } },
      Svc: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Td' } } },
    },
  });
  const awslogs = { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'Logs' } } };
  const app = { Name: 'app', Image: 'public.ecr.aws/acme/app:1.0', LogConfiguration: awslogs, Environment: [{ Name: 'ENVIRONMENT', Value: 'production' }] };
  const xray = { Name: 'xray', Image: 'public.ecr.aws/xray/aws-xray-daemon:3.3.13', Essential: false, LogConfiguration: awslogs };

  test('a container that is AWS::NoValue in a world is no container there; the sidecar decides LogTracing', () => {
    const t = task([app, { 'Fn::If': ['WithXray', xray, { Ref: 'AWS::NoValue' }] }], { X: choice('on', 'off') }, { WithXray: { 'Fn::Equals': [{ Ref: 'X' }, 'on'] } });
    expect(statuses(t, 'LogCentralized', 'Td')).toEqual(['pass']);
    expect(statuses(t, 'ConfigEnvironmentProduction', 'Td')).toEqual(['pass']);
    expect(findings(t, 'LogTracing', 'Td').map((f) => [f.status, f.message])).toEqual([['unknown',
      'depends on parameter X: fails when parameter X = off: no X-Ray daemon or OpenTelemetry collector container: requests are not traced; passes when parameter X = on']]);
  });

  test('a container definition decided at deploy time is unknown, never skipped', () => {
    const t = task([app, { 'Fn::ImportValue': 'SharedSidecarDefinition' }]);
    for (const id of ['LogCentralized', 'LogTracing', 'ConfigEnvironmentProduction']) {
      expect([id, findings(t, id, 'Td').map((f) => [f.status, f.message])]).toEqual([id, [['unknown', expect.stringContaining('container definition 1 of Td is computed at deploy time')]]]);
    }
  });

  test('an environment entry without a Value sets the variable to the empty string', () => {
    const t = task([{ ...app, Environment: [{ Name: 'ENVIRONMENT', Value: 'production' }, { Name: 'API_URL' }] }]);
    expect(findings(t, 'ConfigNoPlaceholders', 'Td').map((f) => f.message)).toEqual(['container app: placeholder or empty setting(s): API_URL (empty)']);
  });

  test('awslogs-group named like a log group of the template (Fn::Sub text) is that group; an open-named group makes it unknown', () => {
    const named = (group: any, name: any) => {
      const t: any = task([{ ...app, LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': group } } }], { GroupName: { Type: 'String' } });
      t.Resources.Logs.Properties.LogGroupName = name;
      return t;
    };
    expect(findings(named({ 'Fn::Sub': '/ecs/${AWS::StackName}/app' }, { 'Fn::Join': ['', ['/ecs/', { Ref: 'AWS::StackName' }, '/app']] }), 'LogRetention', 'Td')[0].message)
      .toBe('container app logs to log group Logs (its retention is checked on the group)');
    expect(statuses(named({ 'Fn::Sub': '/ecs/${AWS::StackName}/app' }, '/ecs/other'), 'LogRetention', 'Td')).toEqual(['unknown']);
    expect(findings(named('/ecs/app', { Ref: 'GroupName' }), 'LogRetention', 'Td')[0].message).toContain('log group /ecs/app may be Logs, whose name is decided at deploy time');
  });
});
