/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Secrets, fourth pass (2026-12-05):
 * - SecretsNoPlaintext reads the environments of App Runner services (image and code repositories), Batch job
 *   definitions (ContainerProperties, NodeProperties, EcsProperties, EksProperties) and Glue job arguments;
 * - a secret-named value built with Fn::Sub/Fn::Join from a literal piece of secret text is plain text;
 * - SecretsReadScoped judges Secrets Manager resource policies that let everyone read the secret;
 * - AppSecret refuses jsonFields with a well-known token format under any name (the checks' predicate).
 *
 * The token strings are assembled at run time so that no secret scanner mistakes this file for a leak.
 */
import { App, Stack } from 'aws-cdk-lib';
import { AppSecret } from '../../../lib/aws/app-secret';
import { judged, statuses } from './judged';

const T = {
  stripe: ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
  github: 'ghp' + '_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
};
const rule = 'SecretsNoPlaintext';
const messages = (fs: Array<[string, string, string]>) => fs.map(([, s, m]) => [s, m]);
const ifEnv = {
  Parameters: { Env: { Type: 'String' } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
};
const openParam = { Parameters: { DbPassword: { Type: 'String', NoEcho: true } } };
const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf';

describe('SecretsNoPlaintext: App Runner services', () => {
  const image = (vars: any[], secrets?: any[]) => ({
    Type: 'AWS::AppRunner::Service',
    Properties: {
      SourceConfiguration: {
        ImageRepository: {
          ImageIdentifier: 'public.ecr.aws/nginx/nginx:1.25', ImageRepositoryType: 'ECR_PUBLIC',
          ImageConfiguration: { Port: '8080', RuntimeEnvironmentVariables: vars, ...(secrets ? { RuntimeEnvironmentSecrets: secrets } : {}) },
        },
      },
    },
  });
  const code = (vars: any[]) => ({
    Type: 'AWS::AppRunner::Service',
    Properties: {
      SourceConfiguration: {
        CodeRepository: {
          RepositoryUrl: 'https://github.com/acme/app', SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
          CodeConfiguration: { ConfigurationSource: 'API', CodeConfigurationValues: { Runtime: 'NODEJS_18', RuntimeEnvironmentVariables: vars } },
        },
      },
    },
  });

  test('image repository: a secret-named variable with a literal fails', () => {
    const f = judged(rule, { Svc: image([{ Name: 'DB_PASSWORD', Value: 'hunter2hunter2' }, { Name: 'STAGE', Value: 'prod' }]) });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/service Svc.*DB_PASSWORD/)]]);
  });
  test('image repository: a token under a harmless name fails', () => {
    expect(statuses(judged(rule, { Svc: image([{ Name: 'PAYMENTS', Value: T.stripe }]) }))).toEqual(['fail']);
  });
  test('code repository: a secret-named variable with a literal fails', () => {
    expect(statuses(judged(rule, { Svc: code([{ Name: 'API_KEY', Value: 'abc123def456' }]) }))).toEqual(['fail']);
  });
  test('RuntimeEnvironmentSecrets (a secret ARN) and harmless variables pass', () => {
    const f = judged(rule, { Svc: image([{ Name: 'STAGE', Value: 'prod' }], [{ Name: 'DB_PASSWORD', Value: secretArn }]) });
    expect(statuses(f)).toEqual(['pass']);
  });
  test('a secret-named variable from a parameter fails; Fn::If between a literal and an ARN is unknown', () => {
    expect(statuses(judged(rule, { Svc: image([{ Name: 'DB_PASSWORD', Value: { Ref: 'DbPassword' } }]) }, openParam).filter(([r]) => r === 'Svc'))).toEqual(['fail']);
    const f = judged(rule, { Svc: image([{ Name: 'DB_PASSWORD', Value: { 'Fn::If': ['IsProd', secretArn, 'hunter2hunter2'] } }]) }, ifEnv);
    expect(messages(f)).toEqual([['unknown', expect.stringMatching(/IsProd/)]]);
  });
});

describe('SecretsNoPlaintext: Batch job definitions', () => {
  const job = (props: any) => ({ Type: 'AWS::Batch::JobDefinition', Properties: { Type: 'container', ...props } });
  test('ContainerProperties.Environment: a secret-named literal fails; Secrets (valueFrom) pass', () => {
    const bad = judged(rule, { Job: job({ ContainerProperties: { Image: 'busybox:1.36', Environment: [{ Name: 'DB_PASSWORD', Value: 'hunter2hunter2' }] } }) });
    expect(messages(bad)).toEqual([['fail', expect.stringMatching(/DB_PASSWORD/)]]);
    const good = judged(rule, { Job: job({ ContainerProperties: { Image: 'busybox:1.36', Environment: [{ Name: 'STAGE', Value: 'prod' }], Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: secretArn }] } }) });
    expect(statuses(good)).toEqual(['pass']);
  });
  test('EcsProperties task containers: a token fails', () => {
    const f = judged(rule, { Job: job({ EcsProperties: { TaskProperties: [{ Containers: [{ Name: 'app', Image: 'busybox:1.36', Environment: [{ Name: 'GH', Value: T.github }] }] }] } }) });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/GitHub token/)]]);
  });
  test('EksProperties pod containers (Env): a secret-named literal fails', () => {
    const f = judged(rule, { Job: job({ EksProperties: { PodProperties: { Containers: [{ Name: 'app', Image: 'busybox:1.36', Env: [{ Name: 'API_TOKEN', Value: 'abc123def456' }] }] } } }) });
    expect(statuses(f)).toEqual(['fail']);
  });
  test('NodeProperties node ranges: a secret-named literal fails', () => {
    const f = judged(rule, { Job: job({ Type: 'multinode', NodeProperties: { NumNodes: 2, MainNode: 0, NodeRangeProperties: [{ TargetNodes: '0:', Container: { Image: 'busybox:1.36', Environment: [{ Name: 'DB_PASSWORD', Value: 'hunter2hunter2' }] } }] } }) });
    expect(statuses(f)).toEqual(['fail']);
  });
  test('Fn::If between a literal and nothing: unknown', () => {
    const f = judged(rule, { Job: job({ ContainerProperties: { Image: 'busybox:1.36', Environment: [{ Name: 'DB_PASSWORD', Value: { 'Fn::If': ['IsProd', 'hunter2hunter2', ''] } }] } }) }, ifEnv);
    expect(statuses(f)).toEqual(['unknown']);
  });
});

describe('SecretsNoPlaintext: Glue job arguments', () => {
  const glue = (args: any, extra: any = {}) => ({
    Type: 'AWS::Glue::Job',
    Properties: { Role: 'arn:aws:iam::123456789012:role/glue', Command: { Name: 'glueetl', ScriptLocation: 's3://b/job.py' }, DefaultArguments: args, ...extra },
  });
  test('a secret-named argument with a literal fails', () => {
    const f = judged(rule, { Job: glue({ '--db-password': 'hunter2hunter2', '--job-language': 'python' }) });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/job Job.*--db-password/)]]);
  });
  test('NonOverridableArguments: a token fails', () => {
    expect(statuses(judged(rule, { Job: glue({}, { NonOverridableArguments: { '--stripe': T.stripe } }) }))).toEqual(['fail']);
  });
  test('a secret id and ordinary arguments pass; a parameter under a secret name fails', () => {
    expect(statuses(judged(rule, { Job: glue({ '--secret-id': 'app/db', '--enable-metrics': 'true' }) }))).toEqual(['pass']);
    expect(statuses(judged(rule, { Job: glue({ '--db-password': { Ref: 'DbPassword' } }) }, openParam).filter(([r]) => r === 'Job'))).toEqual(['fail']);
  });
  test('Fn::If between a literal and a secret ARN: unknown', () => {
    expect(statuses(judged(rule, { Job: glue({ '--db-password': { 'Fn::If': ['IsProd', secretArn, 'hunter2hunter2'] } }) }, ifEnv))).toEqual(['unknown']);
  });
});

describe('SecretsNoPlaintext: a secret-named value built from a literal piece of the secret', () => {
  const fn = (vars: Record<string, any>) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' }, Environment: { Variables: vars } },
  });
  const db = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro' } };
  test.each([
    ['Fn::Sub with a pseudo parameter', { 'Fn::Sub': 'pw-hunter2-${AWS::StackName}' }],
    ['Fn::Sub with a resource attribute', { 'Fn::Sub': 'hunter2hunter2${Db.Endpoint.Port}' }],
    ['Fn::Join', { 'Fn::Join': ['-', ['s3cr3tvalue', { Ref: 'AWS::Region' }]] }],
    ['a JSON document with a literal secret field', { 'Fn::Sub': '{"host":"${Db.Endpoint.Address}","password":"hunter2hunter2"}' }],
  ])('%s: fail', (_, value) => {
    const f = judged(rule, { Fn: fn({ DB_PASSWORD: value }), Db: db });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/DB_PASSWORD \(.*literal/)]]);
  });
  test.each([
    ['the whole value computed', { 'Fn::Sub': '${Db.Endpoint.Address}' }],
    ['a secret ARN built with Fn::Sub', { 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:app/db' }],
    ['an auth scheme before a computed token', { 'Fn::Sub': 'Bearer ${Db.Endpoint.Address}' }],
    ['a URL without a password', { 'Fn::Sub': 'postgres://app@${Db.Endpoint.Address}:5432/appdb' }],
    ['a JSON document whose secret field is computed', { 'Fn::Sub': '{"username":"app","password":"${Db.Endpoint.Port}"}' }],
    ['a field selector after a secret reference', { 'Fn::Sub': '${DbSecret}:password::' }],
  ])('%s: pass', (_, value) => {
    const dbSecret = { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } };
    expect(statuses(judged(rule, { Fn: fn({ DB_PASSWORD: value }), Db: db, DbSecret: dbSecret }))).toEqual(['pass']);
  });
  test('a literal piece around an open parameter: unknown, naming the parameter (never a pass)', () => {
    const f = judged(rule, { Fn: fn({ DB_PASSWORD: { 'Fn::Sub': 'pw-hunter2-${Suffix}' } }) }, { Parameters: { Suffix: { Type: 'String' } } });
    expect(messages(f)).toEqual([['unknown', expect.stringMatching(/DB_PASSWORD.*Suffix/)]]);
  });
  test('a harmless name with host:port passes', () => {
    expect(statuses(judged(rule, { Fn: fn({ DB_HOST: { 'Fn::Sub': '${Db.Endpoint.Address}:5432' } }), Db: db }))).toEqual(['pass']);
  });
});

describe('SecretsReadScoped: Secrets Manager resource policies', () => {
  const secret = { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } };
  const policy = (statement: any) => ({
    Type: 'AWS::SecretsManager::ResourcePolicy',
    Properties: { SecretId: { Ref: 'S' }, ResourcePolicy: { Version: '2012-10-17', Statement: [statement] } },
  });
  const read = (principal: any, extra: any = {}) => ({ Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...extra });
  const run = (statement: any, extra: any = {}) => judged('SecretsReadScoped', { S: secret, P: policy(statement) }, extra).filter(([r]) => r === 'P');

  test.each([
    ['Principal "*"', read('*')],
    ['Principal AWS "*"', read({ AWS: '*' })],
    ['Principal AWS ["*"] with secretsmanager:*', { ...read({ AWS: ['*'] }), Action: 'secretsmanager:*' }],
    ['NotPrincipal with Allow', { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/x' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
  ])('%s without a condition: fail', (_, st) => {
    expect(messages(run(st))).toEqual([['fail', expect.stringMatching(/every principal|everyone|NotPrincipal/)]]);
  });
  test('everyone, limited to the account or organization by a condition: pass', () => {
    expect(statuses(run(read('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } } })))).toEqual(['pass']);
    expect(statuses(run(read({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })))).toEqual(['pass']);
  });
  test('everyone under a condition the rule cannot read: unknown, naming it', () => {
    expect(messages(run(read('*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })))).toEqual([['unknown', expect.stringMatching(/aws:SourceIp/)]]);
  });
  test('a named role: pass; a deny-only policy (what the CDK writes): no finding', () => {
    expect(statuses(run(read({ AWS: 'arn:aws:iam::123456789012:role/app' })))).toEqual(['pass']);
    expect(run({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'secretsmanager:DeleteSecret', Resource: '*' })).toEqual([]);
  });
  test('a principal behind Fn::If between "*" and a role: unknown', () => {
    expect(statuses(run(read({ AWS: { 'Fn::If': ['IsProd', 'arn:aws:iam::123456789012:role/app', '*'] } }), ifEnv))).toEqual(['unknown']);
  });
});

describe('AppSecret refuses jsonFields the checks would fail', () => {
  const errorsOf = (jsonFields: Record<string, string>) => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const s = new AppSecret(stack, 'Partner', { generateStringKey: 'apiKey', jsonFields });
    return s.node.validate();
  };
  test('a well-known token under a harmless name is refused', () => {
    expect(errorsOf({ stripe: T.stripe }).join('\n')).toMatch(/SECRETS-MANAGED.*stripe.*Stripe secret key/);
  });
  test('a secret-named field and a URL with a password are still refused; a client id is not', () => {
    expect(errorsOf({ password: 'hunter2hunter2' }).join('\n')).toMatch(/SECRETS-MANAGED.*password/);
    expect(errorsOf({ dsn: 'postgres://app:hunter2@db/app' }).join('\n')).toMatch(/SECRETS-MANAGED.*dsn/);
    expect(errorsOf({ clientId: 'acme' })).toEqual([]);
  });
});

describe('SecretsManaged: a token in the secret\'s JSON template under any name', () => {
  test('SecretStringTemplate with a Stripe key under a harmless name: fail', () => {
    const f = judged('SecretsManaged', {
      S: { Type: 'AWS::SecretsManager::Secret', Properties: { KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1', GenerateSecretString: { GenerateStringKey: 'apiKey', SecretStringTemplate: JSON.stringify({ stripe: T.stripe }) } } },
    });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/stripe/)]]);
  });
});
