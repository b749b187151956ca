import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AppSecret, SecretRotation } from '../../lib/aws/app-secret';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(context: Record<string, unknown> = {}): { app: App; stack: Stack } {
  const app = new App({ context });
  const stack = new Stack(app, 'S', { env: ENV });
  return { app, stack };
}

function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

function claims(secret: AppSecret): string[] {
  return secret.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

describe('AppSecret defaults', () => {
  const { stack } = newStack();
  const secret = new AppSecret(stack, 'Jwt', { description: 'JWT signing key' });
  const template = Template.fromStack(stack);

  test('snapshot of a default stack', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('SECRETS-MANAGED: a Secrets Manager secret encrypted with a customer-managed key', () => {
    const key = only(template, 'AWS::KMS::Key');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
    });
  });

  test('KMS-KEY-ROTATION: the key it creates rotates and is retained', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });

  test('SECRETS-STRENGTH and SECRETS-NO-PLAINTEXT: generated with the threshold length, no value in the template', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        PasswordLength: 32,
        ExcludeCharacters: AppSecret.DEFAULT_EXCLUDE_CHARACTERS,
        GenerateStringKey: Match.absent(),
      },
      SecretString: Match.absent(),
    });
    expect(secret.length).toBe(32);
  });

  test('SECRETS-ROTATION: rotated every 30 days by the inline rotation function', () => {
    const fn = only(template, 'AWS::Lambda::Function');
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^JwtSecret') },
      RotationLambdaARN: { 'Fn::GetAtt': [fn.id, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'secretsmanager.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fn.id, 'Arn'] },
    });
  });

  test('the rotation function: Node.js 24, JSON logs to an encrypted log group kept 30 days, no managed policy', () => {
    const key = only(template, 'AWS::KMS::Key');
    const logGroup = only(template, 'AWS::Logs::LogGroup');
    expect(logGroup.resource.Properties).toEqual({ RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: Match.stringLikeRegexp('GetRandomPasswordCommand') },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logGroup.id } },
      Environment: { Variables: { LENGTH: '32', EXCLUDE_CHARS: AppSecret.DEFAULT_EXCLUDE_CHARACTERS } },
    });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    // the function writes to its own log group only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroup.id, 'Arn'] } }),
          Match.objectLike({
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
            Resource: { Ref: Match.stringLikeRegexp('^JwtSecret') },
          }),
        ]),
      },
    });
    expect(Buffer.byteLength(template.findResources('AWS::Lambda::Function')[only(template, 'AWS::Lambda::Function').id].Properties.Code.ZipFile)).toBeLessThan(4096);
  });

  test('SECRETS-ROTATION-ALERT: RotationFailed events of this secret go to the encrypted alarm topic', () => {
    const topic = only(template, 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        'detail': {
          eventName: ['RotationFailed'],
          additionalEventData: { SecretId: [{ Ref: Match.stringLikeRegexp('^JwtSecret') }] },
        },
      },
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { Ref: topic.id } })],
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
  });

  test('ALARM-TOPIC-ENCRYPTED: the topic it creates uses the key and refuses requests without TLS', () => {
    const key = only(template, 'AWS::KMS::Key');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    // EventBridge may publish to the encrypted topic
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: Match.arrayWith(['events.amazonaws.com']) },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  test('claims the items it provisions', () => {
    expect(claims(secret).sort()).toEqual([
      'ALARM-TOPIC-ENCRYPTED', 'KMS-KEY-ROTATION', 'LOG-ENCRYPTED', 'LOG-RETENTION',
      'SECRETS-ACCESS-SCOPED', 'SECRETS-MANAGED', 'SECRETS-NO-PLAINTEXT', 'SECRETS-ROTATION',
      'SECRETS-ROTATION-ALERT', 'SECRETS-STRENGTH',
    ]);
  });
});

describe('AppSecret options', () => {
  test('an existing key and topic are used, no new ones created', () => {
    const { stack } = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'MyTopic', { masterKey: key, enforceSSL: true });
    const secret = new AppSecret(stack, 'Webhook', { encryptionKey: key, alarmTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } });
    template.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) } })] });
    // the key you bring is given the statements CloudWatch Logs and EventBridge need
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })]) },
    });
    expect(secret.encryptionKey).toBe(key);
    expect(secret.alarmTopic).toBe(topic);
    expect(claims(secret)).not.toContain('KMS-KEY-ROTATION');
    expect(claims(secret)).not.toContain('ALARM-TOPIC-ENCRYPTED');
  });

  test('a longer value and a tighter rotation', () => {
    const { stack } = newStack();
    new AppSecret(stack, 'Api', { length: 64, rotateEvery: Duration.days(7) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64 } });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { LENGTH: '64' } } });
  });

  test('thresholds tightened in the app context set the defaults', () => {
    const { stack } = newStack({ 'cdk-golive:thresholds': { secretLengthChars: 48, secretRotationDays: 14 } });
    new AppSecret(stack, 'Api');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 48 } });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(14 days)' } });
  });

  test('a JSON secret keeps its fixed fields and generates one key', () => {
    const { stack } = newStack();
    new AppSecret(stack, 'Partner', { generateStringKey: 'apiKey', jsonFields: { clientId: 'acme' } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { GenerateStringKey: 'apiKey', SecretStringTemplate: '{"clientId":"acme"}' },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { JSON_FIELD: 'apiKey' } } });
  });

  test('jsonFields without generateStringKey, or containing it, is an error', () => {
    const { stack } = newStack();
    expect(() => new AppSecret(stack, 'A', { jsonFields: { a: 'b' } })).toThrow(/jsonFields needs generateStringKey/);
    expect(() => new AppSecret(stack, 'B', { generateStringKey: 'k', jsonFields: { k: 'v' } })).toThrow(/must not contain the generated key 'k'/);
    expect(() => new AppSecret(stack, 'C', { length: 5000 })).toThrow(/length must be an integer from 1 to 4096/);
  });

  test('SecretRotation.fromFunction: your function rotates, and is granted what rotation needs', () => {
    const { stack } = newStack();
    const fn = new lambda.Function(stack, 'Rotator', {
      runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}'),
    });
    const secret = new AppSecret(stack, 'Custom', { rotation: SecretRotation.fromFunction(fn) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationLambdaARN: { 'Fn::GetAtt': [stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction), 'Arn'] },
    });
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(secret.rotationFunction).toBeUndefined();
  });
});

describe('AppSecret weakening props are refused unless acknowledged', () => {
  test('length shorter than secretLengthChars: SECRETS-STRENGTH', () => {
    const { app, stack } = newStack();
    new AppSecret(stack, 'Short', { length: 16 });
    expect(() => app.synth()).toThrow(/\[SECRETS-STRENGTH\] length: 16 characters is shorter than secretLengthChars 32/);
  });

  test('length shorter than secretLengthChars, acknowledged', () => {
    const { app, stack } = newStack();
    const secret = new AppSecret(stack, 'Short', { length: 16 });
    Validations.of(secret).acknowledge({ id: 'GoLiveChecks::SECRETS-STRENGTH', reason: 'the partner API takes 16 characters at most' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 16 } });
    expect(claims(secret)).not.toContain('SECRETS-STRENGTH');
  });

  test('rotateEvery longer than secretRotationDays: SECRETS-ROTATION', () => {
    const { app, stack } = newStack();
    new AppSecret(stack, 'Slow', { rotateEvery: Duration.days(90) });
    expect(() => app.synth()).toThrow(/\[SECRETS-ROTATION\] rotateEvery: 90 days is longer than the 30 days/);
  });

  test('rotateEvery longer than secretRotationDays, acknowledged', () => {
    const { app, stack } = newStack();
    const secret = new AppSecret(stack, 'Slow', { rotateEvery: Duration.days(90) });
    Validations.of(stack).acknowledge({ id: 'GoLiveChecks::SECRETS-ROTATION', reason: 'quarterly rotation agreed with the partner' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(90 days)' } });
    expect(claims(secret)).not.toContain('SECRETS-ROTATION');
  });

  test('rotation disabled: SECRETS-ROTATION', () => {
    const { app, stack } = newStack();
    new AppSecret(stack, 'Static', { rotation: SecretRotation.disabled() });
    expect(() => app.synth()).toThrow(/\[SECRETS-ROTATION\] rotation: SecretRotation.disabled\(\) leaves the secret unrotated/);
  });

  test('rotation disabled, acknowledged: no schedule, no function, no rule', () => {
    const { app, stack } = newStack();
    const secret = new AppSecret(stack, 'Static', { rotation: SecretRotation.disabled() });
    Validations.of(secret).acknowledge({ id: 'GoLiveChecks::SECRETS-ROTATION', reason: 'rotated by the vendor portal' });
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(secret.rotationSchedule).toBeUndefined();
  });
});

describe('handing the secret to compute', () => {
  test('grantToFunction: the ARN in <NAME>_SECRET_ARN and read access, never the value', () => {
    const { stack } = newStack();
    const secret = new AppSecret(stack, 'Jwt');
    const fn = new lambda.Function(stack, 'Api', {
      runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}'),
    });
    secret.grantToFunction(fn, 'JWT_SIGNING_KEY');
    const template = Template.fromStack(stack);
    const secretId = stack.getLogicalId(secret.node.findChild('Secret').node.defaultChild as secretsmanager.CfnSecret);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { JWT_SIGNING_KEY_SECRET_ARN: { Ref: secretId } } },
    });
    // SECRETS-ACCESS-SCOPED: read on this secret's ARN, decrypt through Secrets Manager only
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ApiServiceRole') }],
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: secretId } }],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiServiceRole'), 'Arn'] } },
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
        })]),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/resolve:secretsmanager/);
    expect(() => secret.grantToFunction(fn, 'not-valid')).toThrow(/not a valid environment variable name/);
  });

  test('ecsSecret: the container gets the secret by reference', () => {
    const { stack } = newStack();
    const secret = new AppSecret(stack, 'Db', { generateStringKey: 'password', jsonFields: { username: 'app' } });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      secrets: { DB_PASSWORD: secret.ecsSecret('password'), WHOLE: secret.ecsSecret() },
    });
    const secretId = stack.getLogicalId(secret.node.findChild('Secret').node.defaultChild as secretsmanager.CfnSecret);
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Secrets: [
          { Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [{ Ref: secretId }, ':password::']] } },
          { Name: 'WHOLE', ValueFrom: { Ref: secretId } },
        ],
        Environment: Match.absent(),
      })],
    });
  });
});

describe('AppSecret.forDatabaseUser', () => {
  test('a JSON user secret attached to the database, rotated by the hosted function', () => {
    const { stack } = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const db = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
    });
    const hosted = secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    const user = AppSecret.forDatabaseUser(stack, 'AppUser', { username: 'app', target: db, hostedRotation: hosted });
    db.connections.allowDefaultPortFrom(hosted);
    const template = Template.fromStack(stack);
    const secretId = stack.getLogicalId(user.node.findChild('Secret').node.defaultChild as secretsmanager.CfnSecret);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { GenerateStringKey: 'password', SecretStringTemplate: '{"username":"app"}', PasswordLength: 32 },
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppUserKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', {
      SecretId: { Ref: secretId },
      TargetType: 'AWS::RDS::DBInstance',
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: Match.objectLike({ eventName: ['RotationFailed'] }) }),
    });
    expect(user.rotationFunction).toBeUndefined();
  });

  test('hosted rotation without a database to attach to is an error', () => {
    const { stack } = newStack();
    expect(() => new AppSecret(stack, 'X', { rotation: SecretRotation.hosted(secretsmanager.HostedRotation.mysqlSingleUser()) }))
      .toThrow(/hosted rotation needs the secret attached to its database/);
  });
});

/**
 * The inline rotation function, run against an in-memory Secrets Manager and
 * ElastiCache: the four steps do what the JSDoc says.
 */
describe('the inline rotation function', () => {
  interface Version { stages: string[]; value: string }
  function codeOf(props: ConstructorParameters<typeof AppSecret>[2]): { code: string; env: Record<string, string> } {
    const { stack } = newStack();
    new AppSecret(stack, 'Sec', props);
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any;
    return { code: fn.Properties.Code.ZipFile, env: fn.Properties.Environment.Variables };
  }

  function run(code: string, env: Record<string, string>, versions: Record<string, Version>) {
    const calls: Array<{ command: string; input: any }> = [];
    const command = (name: string) => class { public readonly name = name; constructor(public readonly input: any) {} };
    const sm = {
      SecretsManagerClient: class {
        async send(cmd: any) {
          calls.push({ command: cmd.name, input: cmd.input });
          const i = cmd.input;
          switch (cmd.name) {
            case 'DescribeSecret':
              return { RotationEnabled: true, VersionIdsToStages: Object.fromEntries(Object.entries(versions).map(([k, v]) => [k, v.stages])) };
            case 'GetSecretValue': {
              const found = Object.entries(versions).find(([k, v]) => (i.VersionId === undefined || k === i.VersionId) && v.stages.includes(i.VersionStage) && v.value !== '');
              if (!found) { const e = new Error('not found'); e.name = 'ResourceNotFoundException'; throw e; }
              return { SecretString: found[1].value };
            }
            case 'GetRandomPassword':
              return { RandomPassword: 'N'.repeat(i.PasswordLength) };
            case 'PutSecretValue':
              versions[i.ClientRequestToken] = { stages: i.VersionStages, value: i.SecretString };
              return {};
            case 'UpdateSecretVersionStage':
              versions[i.RemoveFromVersionId].stages = versions[i.RemoveFromVersionId].stages.filter((s: string) => s !== 'AWSCURRENT').concat('AWSPREVIOUS');
              versions[i.MoveToVersionId].stages = ['AWSCURRENT'];
              return {};
            default: throw new Error(`unexpected ${cmd.name}`);
          }
        }
      },
      DescribeSecretCommand: command('DescribeSecret'),
      GetSecretValueCommand: command('GetSecretValue'),
      GetRandomPasswordCommand: command('GetRandomPassword'),
      PutSecretValueCommand: command('PutSecretValue'),
      UpdateSecretVersionStageCommand: command('UpdateSecretVersionStage'),
    };
    const ec = {
      ElastiCacheClient: class { async send(cmd: any) { calls.push({ command: cmd.name, input: cmd.input }); return {}; } },
      ModifyUserCommand: command('ModifyUser'),
      ModifyReplicationGroupCommand: command('ModifyReplicationGroup'),
    };
    const fakeRequire = (m: string) => {
      if (m === '@aws-sdk/client-secrets-manager') return sm;
      if (m === '@aws-sdk/client-elasticache') return ec;
      throw new Error(`unexpected module ${m}`);
    };
    const mod: any = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', 'module', 'process', 'console', code)(fakeRequire, mod.exports, mod, { env }, { log: () => undefined });
    const handler = mod.exports.handler as (e: any) => Promise<void>;
    const step = (Step: string) => handler({ SecretId: 'arn:secret', ClientRequestToken: 'new', Step });
    return { calls, step };
  }

  test('a generic secret: new value, nothing to set, tested, then current', async () => {
    const { code, env } = codeOf({});
    const versions: Record<string, Version> = { old: { stages: ['AWSCURRENT'], value: 'o'.repeat(32) }, new: { stages: ['AWSPENDING'], value: '' } };
    const { calls, step } = run(code, env, versions);
    await step('createSecret');
    expect(versions.new).toEqual({ stages: ['AWSPENDING'], value: 'N'.repeat(32) });
    expect(calls.find((c) => c.command === 'GetRandomPassword')!.input).toEqual({ PasswordLength: 32, ExcludeCharacters: AppSecret.DEFAULT_EXCLUDE_CHARACTERS });
    await step('setSecret');
    expect(calls.some((c) => c.command.startsWith('Modify'))).toBe(false);
    await step('testSecret');
    await step('finishSecret');
    expect(versions.new.stages).toEqual(['AWSCURRENT']);
    expect(versions.old.stages).toEqual(['AWSPREVIOUS']);
    // a retried step on the current version does nothing
    const before = calls.length;
    await step('createSecret');
    expect(calls.length).toBe(before + 1); // DescribeSecret only
  });

  test('a JSON secret keeps its other fields; an ElastiCache user gets both passwords', async () => {
    const { code, env } = codeOf({ generateStringKey: 'password', jsonFields: { username: 'app' }, rotation: SecretRotation.cacheUserPassword('u-app') });
    expect(env.CACHE_USER_ID).toBe('u-app');
    const old = JSON.stringify({ username: 'app', password: 'o'.repeat(32) });
    const versions: Record<string, Version> = { old: { stages: ['AWSCURRENT'], value: old }, new: { stages: ['AWSPENDING'], value: '' } };
    const { calls, step } = run(code, env, versions);
    await step('createSecret');
    expect(JSON.parse(versions.new.value)).toEqual({ username: 'app', password: 'N'.repeat(32) });
    await step('setSecret');
    expect(calls.find((c) => c.command === 'ModifyUser')!.input).toEqual({ UserId: 'u-app', Passwords: ['o'.repeat(32), 'N'.repeat(32)] });
    await step('testSecret');
    await step('finishSecret');
    expect(versions.new.stages).toEqual(['AWSCURRENT']);
  });

  test('an AUTH token is rotated on the replication group (strategy ROTATE)', async () => {
    const { code, env } = codeOf({ rotation: SecretRotation.cacheAuthToken('my-group') });
    const versions: Record<string, Version> = { old: { stages: ['AWSCURRENT'], value: 'o'.repeat(32) }, new: { stages: ['AWSPENDING'], value: 'N'.repeat(32) } };
    const { calls, step } = run(code, env, versions);
    await step('setSecret');
    expect(calls.find((c) => c.command === 'ModifyReplicationGroup')!.input).toEqual({
      ReplicationGroupId: 'my-group', AuthToken: 'N'.repeat(32), AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true,
    });
  });

  test('testSecret refuses a short pending value; a version that is not pending is refused', async () => {
    const { code, env } = codeOf({});
    const versions: Record<string, Version> = { old: { stages: ['AWSCURRENT'], value: 'o'.repeat(32) }, new: { stages: ['AWSPENDING'], value: 'short' } };
    await expect(run(code, env, versions).step('testSecret')).rejects.toThrow(/too short/);
    const notPending: Record<string, Version> = { old: { stages: ['AWSCURRENT'], value: 'o'.repeat(32) }, new: { stages: [], value: 'x' } };
    await expect(run(code, env, notPending).step('createSecret')).rejects.toThrow(/is not AWSPENDING/);
  });
});
