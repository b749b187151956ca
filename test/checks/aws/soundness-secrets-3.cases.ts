/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * SECRETS-NO-PLAINTEXT, third pass (2026-12-05): a secret VALUE written under a harmless name. A well-known
 * token format (lib/checklist/policy/secret-values.ts) in a Lambda or container environment, a CodeBuild
 * PLAINTEXT variable, an SSM String parameter, a template parameter's Default, a Kubernetes env value or a
 * ConfigMap is a secret in plain text whatever its name; a value computed at deploy (a Ref, `${...}`, a
 * dynamic reference) is not a literal and does not fail; documentation examples and certificates pass.
 *
 * The token strings are assembled at run time so that no secret scanner mistakes this file for a leak.
 */
import { judged, statuses } from './judged';
import { deployment as k8sDeployment, statuses as k8sStatuses, run as k8sRun } from '../k8s/judged';

const T = {
  stripe: ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
  stripeTest: ['sk', 'test', '51Hx9QeLkP2mN4rT6vW8yZ0a'].join('_'),
  stripeRestricted: ['rk', 'live', '51Hx9QeLkP2mN4rT6vW8yZ0a'].join('_'),
  github: 'ghp' + '_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  githubPat: 'github' + '_pat_' + '11ABCDEFG0aBcDeFgHiJkL_' + 'mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcD',
  slack: 'xox' + 'b-' + '1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  gitlab: 'gl' + 'pat-' + 'Ab1Cd2Ef3Gh4Ij5Kl6Mn',
  pem: '-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7b0\n-----END RSA PRIVATE KEY-----',
  pemOpenssh: '-----BEGIN ' + 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
  pemPkcs8: '-----BEGIN ' + 'PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----',
  akia: 'AK' + 'IA' + 'Z7Q3R5T8W2Y4U6P9',
  awsSecret: 'Zq8rT2' + 'vW5xY7/bN3mK9pL1+jH4gF6dS0aQ2eR8tU',
};

const fn = (vars: Record<string, any>) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' }, Environment: { Variables: vars } },
});
const task = (env: Array<{ Name: string; Value: any }>) => ({
  Type: 'AWS::ECS::TaskDefinition',
  Properties: { ContainerDefinitions: [{ Name: 'app', Image: 'nginx:1.25', Essential: true, Environment: env }] },
});
const project = (env: any[]) => ({
  Type: 'AWS::CodeBuild::Project',
  Properties: {
    Source: { Type: 'NO_SOURCE', BuildSpec: 'version: 0.2' },
    Artifacts: { Type: 'NO_ARTIFACTS' },
    ServiceRole: 'arn:aws:iam::123456789012:role/build',
    Environment: { Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL', Image: 'aws/codebuild/standard:7.0', EnvironmentVariables: env },
  },
});
const rule = 'SecretsNoPlaintext';
const messages = (fs: Array<[string, string, string]>) => fs.map(([, s, m]) => [s, m]);

describe('SecretsNoPlaintext: a well-known token format under a harmless name', () => {
  test.each([
    ['STRIPE', T.stripe, /Stripe secret key/],
    ['STRIPE', T.stripeTest, /Stripe secret key/],
    ['STRIPE', T.stripeRestricted, /Stripe restricted key/],
    ['GH', T.github, /GitHub token/],
    ['GH', T.githubPat, /GitHub fine-grained token/],
    ['SLACK', T.slack, /Slack token/],
    ['GITLAB', T.gitlab, /GitLab personal access token/],
    ['SIGNER', T.pem, /private key/],
    ['SIGNER', T.pemOpenssh, /private key/],
    ['SIGNER', T.pemPkcs8, /private key/],
    ['SIGNER', T.pemPkcs8.split('\n').join('\\n'), /private key/],
    ['AUTH_HEADER', `Bearer ${T.github}`, /GitHub token/],
  ])('Lambda %s, case %#: fail, naming the format (and not the value)', (name, value, why) => {
    const f = judged(rule, { Fn: fn({ [name]: value, LOG_LEVEL: 'info' }) });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(why)]]);
    expect(f[0][2]).not.toContain(value.slice(8));
  });

  test('ECS container Environment: fail', () => {
    const f = judged(rule, { Td: task([{ Name: 'PAYMENTS', Value: T.stripe }]) });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/container app: PAYMENTS \(.*Stripe secret key/)]]);
  });

  test('a token inside Fn::Sub text is still written in the template: fail', () => {
    const f = judged(rule, { Fn: fn({ AUTH: { 'Fn::Sub': `Bearer ${T.slack} region \${AWS::Region}` } }) });
    expect(statuses(f)).toEqual(['fail']);
  });

  test('an AWS access key id next to a 40-character secret key in the same environment: fail', () => {
    const f = judged(rule, { Fn: fn({ ID: T.akia, K: T.awsSecret }) });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/AWS access key.*ID.*K/)]]);
    expect(statuses(judged(rule, { Td: task([{ Name: 'A', Value: T.akia }, { Name: 'B', Value: T.awsSecret }]) }))).toEqual(['fail']);
  });

  test('Fn::If between a token and a harmless value: unknown, naming the condition', () => {
    const f = judged(rule, { Fn: fn({ STRIPE: { 'Fn::If': ['IsProd', T.stripe, 'disabled'] } }) }, {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    });
    expect(statuses(f)).toEqual(['unknown']);
  });

  test('a Ref to a parameter whose Default is a token: the parameter fails, the function is unknown', () => {
    const f = judged(rule, { Fn: fn({ STRIPE: { Ref: 'Stripe' } }) }, { Parameters: { Stripe: { Type: 'String', Default: T.stripe } } });
    expect(f.map(([r, s]) => [r, s]).sort()).toEqual([['Fn', 'unknown'], ['Stripe', 'fail']]);
    expect(f.find(([r]) => r === 'Stripe')![2]).toMatch(/Stripe secret key/);
    expect(f.find(([r]) => r === 'Fn')![2]).toMatch(/Stripe.*default/);
  });
});

describe('SecretsNoPlaintext: SSM String parameters and CodeBuild PLAINTEXT variables', () => {
  test('SSM String parameter whose value is a token: fail', () => {
    const f = judged(rule, { P: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/app/slack', Type: 'String', Value: T.slack } } });
    expect(messages(f)).toEqual([['fail', expect.stringMatching(/SSM String parameter \/app\/slack holds a secret/)]]);
  });
  test('SSM String parameter with an ordinary value: no finding, as before', () => {
    expect(statuses(judged(rule, { P: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/app/region', Type: 'String', Value: 'eu-west-1' } } }))).toEqual([]);
  });

  test.each([
    ['PLAINTEXT token', [{ Name: 'NPM', Value: T.github, Type: 'PLAINTEXT' }], 'fail', /GitHub token/],
    ['Type absent (PLAINTEXT by default) token', [{ Name: 'NPM', Value: T.github }], 'fail', /GitHub token/],
    ['secret-looking name with a literal', [{ Name: 'GITHUB_TOKEN', Value: 'abc123' }], 'fail', /GITHUB_TOKEN/],
    ['URL with a password', [{ Name: 'DB', Value: 'postgres://app:hunter2@db.internal/app' }], 'fail', /URL with a password/],
    ['SECRETS_MANAGER reference', [{ Name: 'GITHUB_TOKEN', Value: 'ci/github:token', Type: 'SECRETS_MANAGER' }], 'pass', /GITHUB_TOKEN/],
    ['PARAMETER_STORE reference', [{ Name: 'NPM_TOKEN', Value: '/ci/npm', Type: 'PARAMETER_STORE' }], 'pass', /NPM_TOKEN/],
    ['ordinary PLAINTEXT settings', [{ Name: 'STAGE', Value: 'prod' }, { Name: 'NODE_ENV', Value: 'production', Type: 'PLAINTEXT' }], 'pass', /no secret/],
  ])('CodeBuild project, %s: %s', (_, env, status, why) => {
    const f = judged(rule, { Build: project(env) });
    expect(messages(f)).toEqual([[status, expect.stringMatching(why)]]);
  });
  test('CodeBuild: the variable type decided by a parameter, with a token value: unknown', () => {
    const f = judged(rule, { Build: project([{ Name: 'NPM', Value: T.github, Type: { Ref: 'VarType' } }]) }, { Parameters: { VarType: { Type: 'String' } } });
    expect(statuses(f)).toEqual(['unknown']);
  });
});

describe('SecretsNoPlaintext: template parameters', () => {
  test('a harmless-named parameter whose Default is a token: fail', () => {
    const f = judged(rule, { Fn: fn({ LOG_LEVEL: 'info' }) }, { Parameters: { Webhook: { Type: 'String', Default: T.slack } } });
    expect(f.filter(([r]) => r === 'Webhook').map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/parameter Webhook.*Default.*Slack token/)]]);
  });
  test('a harmless-named parameter with an ordinary Default: no finding, as before', () => {
    const f = judged(rule, { Fn: fn({ LOG_LEVEL: 'info' }) }, { Parameters: { Stage: { Type: 'String', Default: 'prod' } } });
    expect(f.filter(([r]) => r === 'Stage')).toEqual([]);
  });
});

describe('SecretsNoPlaintext: what is not a secret value stays compliant', () => {
  test.each([
    ['Stripe publishable key', { STRIPE_PK: ['pk', 'live', '51Hx9QeLkP2mN4rT6vW8yZ0a'].join('_') }],
    ['a prefix with no body', { NOTE: 'keys look like sk_live_...' }],
    ['a 40-hex git commit next to nothing', { GIT_SHA: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' }],
    ['an access key id alone (an identifier, not a secret)', { ID: T.akia }],
    ['an access key id next to a 40-hex commit', { ID: T.akia, GIT_SHA: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' }],
    ['the AWS documentation example key pair', { ID: 'AKIAIOSFODNN7EXAMPLE', K: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
    ['a placeholder body', { STRIPE: ['sk', 'live', 'xxxxxxxxxxxxxxxxxxxxxxxx'].join('_') }],
    ['a certificate (public)', { CA: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----' }],
    ['a public key', { PUB: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEF\n-----END PUBLIC KEY-----' }],
    ['a URL whose password the application expands (${...} written literally)', { DB: 'postgres://app:${DB_PASSWORD}@db.internal/app' }],
    ['a plain SSM dynamic reference', { STRIPE: '{{resolve:ssm:/app/stripe-id}}' }],
    ['a word that starts like a token', { MODE: 'ghp_short' }],
  ])('%s: pass', (_, vars) => {
    const f = judged(rule, { Fn: fn(vars) }, { Parameters: { StripeKey: { Type: 'String', NoEcho: true } } });
    expect(f.filter(([r]) => r === 'Fn').map(([, s, m]) => [s, m])).toEqual([['pass', expect.any(String)]]);
  });

  test('a NoEcho parameter is written in plain text whatever the name, alone or in a Fn::Sub URL: fail (audit 2026-12, was pass)', () => {
    const sections = { Parameters: { StripeKey: { Type: 'String', NoEcho: true } } };
    for (const vars of [{ STRIPE: { Ref: 'StripeKey' } }, { DB: { 'Fn::Sub': 'postgres://app:${StripeKey}@db.internal/app' } }]) {
      const f = judged(rule, { Fn: fn(vars) }, sections);
      expect(f.filter(([r]) => r === 'Fn').map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/StripeKey \(NoEcho\).* is written into the configuration in plain text, whatever the variable's name/)]]);
    }
  });

  test('a URL with a literal password under a harmless name still fails', () => {
    expect(statuses(judged(rule, { Fn: fn({ DB: 'postgres://user:pass@host/db' }) }))).toEqual(['fail']);
  });
});

describe('K8sSecretEnv: token formats in env values and ConfigMaps', () => {
  const deployment = (env: string) => k8sDeployment({ container: `          env:\n${env}` });
  const configMap = (data: Record<string, string>) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: ${JSON.stringify(data)}
`;

  test.each([
    ['Stripe key', T.stripe, /Stripe secret key/],
    ['Slack token', T.slack, /Slack token/],
    ['GitLab token', T.gitlab, /GitLab/],
  ])('env value is a %s under a harmless name: fail', (_, value, why) => {
    const f = k8sRun(deployment(`            - {name: PAYMENTS, value: ${JSON.stringify(value)}}`), 'K8sSecretEnv');
    expect(f.map((x) => [x.status, x.message])).toEqual([['fail', expect.stringMatching(why)]]);
  });
  test('an access key id and a secret key in one container env: fail', () => {
    const y = deployment(`            - {name: A, value: ${T.akia}}\n            - {name: B, value: ${JSON.stringify(T.awsSecret)}}`);
    expect(k8sStatuses(y, 'K8sSecretEnv')).toEqual(['fail']);
  });
  test('a URL whose password is a dependent variable $(DB_PASSWORD), expanded by the kubelet: pass', () => {
    const y = deployment('            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}\n            - {name: DATABASE_URL, value: "postgres://app:$(DB_PASSWORD)@db/app"}');
    expect(k8sStatuses(y, 'K8sSecretEnv')).toEqual(['pass']);
  });
  test('ConfigMap value with a token, plain or in a config file line: fail', () => {
    expect(k8sStatuses(configMap({ github: T.github }), 'K8sSecretEnv')).toEqual(['fail']);
    expect(k8sStatuses(configMap({ 'application.properties': `stripe.endpoint=https://api.stripe.com\nstripe.key=${T.stripe}\n` }), 'K8sSecretEnv')).toEqual(['fail']);
    expect(k8sStatuses(configMap({ 'signer.pem': T.pem }), 'K8sSecretEnv')).toEqual(['fail']);
  });
  test('ConfigMap binaryData holding a private key: fail', () => {
    const y = `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
binaryData: {key.pem: ${Buffer.from(T.pemPkcs8).toString('base64')}}
`;
    expect(k8sStatuses(y, 'K8sSecretEnv')).toEqual(['fail']);
  });
  test('compliant: a CA bundle, a publishable key and a git commit in a ConfigMap pass', () => {
    const y = configMap({ 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----', pk: ['pk', 'live', '51Hx9QeLkP2mN4rT6vW8yZ0a'].join('_'), sha: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' });
    expect(k8sStatuses(y, 'K8sSecretEnv')).toEqual(['pass']);
  });
});

describe('SecretsNoDefaults: a credential variable set from a parameter with a well-known Default', () => {
  const params = (d: any) => ({ Parameters: { Db: { Type: 'String', NoEcho: true, ...(d === undefined ? {} : { Default: d }) } } });
  test.each([['changeme'], ['admin'], ['']])('DB_PASSWORD = Ref Db (a harmless parameter name), Default %j: unknown, naming the parameter', (d) => {
    const f = judged('SecretsNoDefaults', { Fn: fn({ DB_PASSWORD: { Ref: 'Db' } }) }, params(d));
    expect(messages(f)).toEqual([['unknown', expect.stringMatching(/DB_PASSWORD is parameter Db, whose Default is .*the value given at deploy decides/)]]);
  });
  test('compliant: no Default, or a Default that is not well known, passes', () => {
    expect(statuses(judged('SecretsNoDefaults', { Fn: fn({ DB_PASSWORD: { Ref: 'Db' } }) }, params(undefined)))).toEqual(['pass']);
    expect(statuses(judged('SecretsNoDefaults', { Fn: fn({ DB_PASSWORD: { Ref: 'Db' } }) }, params('x7Qp-9vLm-2kT4')))).toEqual(['pass']);
  });
  test('a literal well-known value still fails', () => {
    expect(statuses(judged('SecretsNoDefaults', { Fn: fn({ DB_PASSWORD: 'changeme' }) }))).toEqual(['fail']);
  });
});

describe('SecretsNoPlaintext: the name of an SSM String parameter', () => {
  const ssm = (Name: any, Value: any) => ({ Type: 'AWS::SSM::Parameter', Properties: { ...(Name === undefined ? {} : { Name }), Type: 'String', Value } });
  test.each([
    ['a Fn::Sub name', { P: ssm({ 'Fn::Sub': '/app/${AWS::StackName}/db-password' }, 'hunter2') }],
    ['no Name: the logical id, without its trailing Param', { DbPasswordParam: ssm(undefined, 'hunter2') }],
  ])('%s ending in a secret-looking word, holding a literal: fail', (_, resources) => {
    expect(messages(judged(rule, resources))).toEqual([['fail', expect.stringMatching(/SSM String parameter .*password.* holds a secret in plain text/i)]]);
  });
  test('compliant: a Fn::Sub name of a setting holding a literal: no finding', () => {
    expect(statuses(judged(rule, { P: ssm({ 'Fn::Sub': '/app/${AWS::StackName}/log-level' }, 'info') }))).toEqual([]);
  });
});
