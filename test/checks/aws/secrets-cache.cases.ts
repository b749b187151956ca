/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { CACHE_RULES } from '../../../lib/checks/aws/cache';
import { SECRETS_RULES } from '../../../lib/checks/aws/secrets';
import { scheduleInterval } from '../../../lib/checklist/policy/schedules';
import { isSecretName, isSecretParameter } from '../../../lib/checks/cfn/secret-values';
import { runAwsRules } from '../../../lib/checks/engine';
import { TemplateIndex } from '../../../lib/checks/template-index';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, applyPatch } from './fixtures';

/** One compliant base (read alone: other bases may be rewritten while tests run). */
const base = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'compliant', `${name}.json`), 'utf8'));

const RULES = [...CACHE_RULES, ...SECRETS_RULES];
const statuses = (template: any, ruleId: string, resource: string, thresholds = Thresholds.DEFAULTS) =>
  runAwsRules([{ file: 't.json', stack: 'T', template }], { rules: RULES, thresholds })
    .filter((f) => f.ruleId === ruleId && f.resource === resource).map((f) => f.status);

describe('rotation schedule expressions', () => {
  test.each([
    ['rate(30 days)', 30],
    ['rate(1 day)', 1],
    ['rate(12 hours)', 0.5],
    ['cron(0 4 * * ? *)', 1],
    ['cron(0 4 ? * SUN *)', 7],
    ['cron(0 4 ? * MON,THU *)', 4],
    ['cron(0 4 ? * 2#1 *)', 35],
    ['cron(0 4 1,15 * ? *)', 17],
    ['cron(0 4 1 * ? *)', 31],
    ['cron(0 4 L * ? *)', 31],
    ['cron(0 4 31 * ? *)', 62],
    ['cron(0 4 1 1/3 ? *)', 93],
    ['cron(0 4 ? * * *)', 1],
    ['cron(0 4 1 * ? 2025)', Infinity],
  ])('%s: at most %d days apart', (expr, days) => {
    expect(scheduleInterval(expr).days).toBe(days);
  });

  test.each(['rate(2 weeks)', 'cron(0 4 * *)', 'every month', 'cron(0 4 1-40 * ? *)', 'cron(0 24 * * ? *)'])('%s cannot be read', (expr) => {
    expect(scheduleInterval(expr).error).toBeDefined();
  });

  test('a tightened threshold is honoured', () => {
    const t = base('secrets');
    expect(statuses(t, 'SecretsRotation', 'ApiKeyF9DDEE66')).toEqual(['pass']);
    expect(statuses(t, 'SecretsRotation', 'ApiKeyF9DDEE66', Thresholds.of({ secretRotationDays: 7 }))).toEqual(['fail']);
    expect(statuses(t, 'SecretsStrength', 'ApiKeyF9DDEE66', Thresholds.of({ secretLengthChars: 64 }))).toEqual(['fail']);
  });

  test('an unreadable expression is unknown', () => {
    const t = applyPatch(base('secrets'), [
      { op: 'set', path: ['Resources', 'ApiKeyRotationA0BAF5C7', 'Properties', 'RotationRules', 'ScheduleExpression'], value: 'cron(0 4 ? * FOO *)' },
    ]);
    expect(statuses(t, 'SecretsRotation', 'ApiKeyF9DDEE66')).toEqual(['unknown']);
  });
});

describe('secret-looking names', () => {
  test.each(['DB_PASSWORD', 'API_KEY', 'apiKey', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'private-key', 'ClientSecret', 'DbPassword',
    'DBPassword', 'SSHPrivateKey', 'MasterUserPassword', 'SECRET_KEY_BASE', 'NEW_RELIC_LICENSE_KEY', 'AdminPassword', 'OAuthClientSecret'])('%s is secret', (n) => {
    expect(isSecretName(n)).toBe(true);
  });
  test.each(['DB_SECRET_ARN', 'SECRET_ID', 'dbSecretArn', 'API_KEY_PARAMETER_NAME', 'TOKEN_URL', 'TOKEN_TTL', 'AWS_ACCESS_KEY_ID', 'PASSWORD_MIN_LENGTH', 'LOG_LEVEL', 'SECRETS_EXTENSION_HTTP_PORT',
    // by meaning: a policy about passwords, a setting, an identifier, a stack name
    'MaxPasswordAge', 'PasswordReusePrevention', 'AllowUsersToChangePassword', 'MinimumPasswordLength', 'RequireSymbols', 'HardExpiry',
    'SecretsStackName', 'SecretStack', 'KmsKeyId', 'KMSKeyArn', 'EncryptionKeyArn', 'MasterKeyAlias', 'ENABLE_API_KEY', 'USE_TOKEN_AUTH', 'IS_SECRET', 'TOKEN_EXPIRATION'])('%s is not', (n) => {
    expect(isSecretName(n)).toBe(false);
  });
});

describe('secret parameters, judged by meaning', () => {
  const template = (Parameters: any) => ({ Parameters, Resources: { T: { Type: 'AWS::SNS::Topic' } } });
  const paramFindings = (Parameters: any) => runAwsRules([{ file: 't.json', stack: 'T', template: template(Parameters) }], { rules: RULES, thresholds: Thresholds.DEFAULTS })
    .filter((f) => f.resourceType === 'Template::Parameter').map((f) => `${f.ruleId} ${f.resource} ${f.status}`);

  test('IAM password policy, stack-name and KMS key parameters are not secrets (no finding)', () => {
    expect(paramFindings({
      MaxPasswordAge: { Type: 'Number', Default: 90 },
      PasswordReusePrevention: { Type: 'Number', Default: 24 },
      AllowUsersToChangePassword: { Type: 'String', AllowedValues: ['true', 'false'], Default: 'true' },
      SecretStackName: { Type: 'String', Default: 'shared-secrets' },
      EncryptionKey: { Type: 'String', Description: 'ARN of the KMS key that encrypts the secrets', Default: '' },
      MasterKey: { Type: 'String', Default: 'alias/app-master' },
      KeyPairPassphrase: { Type: 'AWS::EC2::KeyPair::KeyName' },
    })).toEqual([]);
  });

  test('a password parameter is still judged: NoEcho without default passes, a default fails', () => {
    expect(paramFindings({ DbPassword: { Type: 'String', NoEcho: true, MinLength: 12 } })).toEqual(['SecretsNoPlaintext DbPassword pass']);
    expect(paramFindings({ DbPassword: { Type: 'String', Default: 'changeme' } })).toEqual(['SecretsNoPlaintext DbPassword fail', 'SecretsNoDefaults DbPassword fail']);
  });

  test('isSecretParameter reads the definition through the evaluator', () => {
    const index = new TemplateIndex(template({
      ApiToken: { Type: 'String', NoEcho: true },
      TokenLifetime: { Type: 'Number' },
      SigningKey: { Type: 'String', AllowedPattern: '^arn:aws:kms:.*' },
    }), 't.json', 'T');
    expect(isSecretParameter(index, 'ApiToken')).toBe(true);
    expect(isSecretParameter(index, 'TokenLifetime')).toBe(false);
    expect(isSecretParameter(index, 'SigningKey')).toBe(false);
    expect(isSecretParameter(index, 'constructor')).toBe(false);
  });
});

describe('secrets without generation or schedules', () => {
  test('a secret with a supplied value is not judged for strength', () => {
    const t = applyPatch(base('secrets'), [
      { op: 'delete', path: ['Resources', 'ApiKeyF9DDEE66', 'Properties', 'GenerateSecretString'] },
    ]);
    expect(statuses(t, 'SecretsStrength', 'ApiKeyF9DDEE66')).toEqual([]);
    expect(statuses(t, 'SecretsManaged', 'ApiKeyF9DDEE66')).toEqual(['pass']);
  });

  test('an alarm on the rotation function errors also alerts', () => {
    const t = applyPatch(base('secrets'), [
      { op: 'delete', path: ['Resources', 'RotationFailed0AF7EA14'] },
      { op: 'set', path: ['Resources', 'RotationErrors'], value: { Type: 'AWS::CloudWatch::Alarm', Properties: {
        Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'RotationFnF5FD23F8' } }],
        Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: 'SecurityTopic077AEA2C' }] } } },
    ]);
    expect(statuses(t, 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7')).toEqual(['pass']);
  });

  test('an alarm whose actions are disabled does not alert', () => {
    const t = applyPatch(base('secrets'), [
      { op: 'delete', path: ['Resources', 'RotationFailed0AF7EA14'] },
      { op: 'set', path: ['Resources', 'RotationErrors'], value: { Type: 'AWS::CloudWatch::Alarm', Properties: {
        Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'RotationFnF5FD23F8' } }], ActionsEnabled: false,
        Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: 'SecurityTopic077AEA2C' }] } } },
    ]);
    expect(statuses(t, 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7')).toEqual(['fail']);
  });

  test('a pattern on the API-call detail-type or with a prefix matcher counts', () => {
    const t = applyPatch(base('secrets'), [
      { op: 'set', path: ['Resources', 'RotationFailed0AF7EA14', 'Properties', 'EventPattern', 'detail-type'], value: ['AWS API Call via CloudTrail'] },
      { op: 'set', path: ['Resources', 'RotationFailed0AF7EA14', 'Properties', 'EventPattern', 'detail', 'eventName'], value: [{ prefix: 'Rotation' }] },
    ]);
    expect(statuses(t, 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7')).toEqual(['pass']);
  });

  test('a rule filtered on this secret counts, one filtered on another secret does not', () => {
    const on = (secretId: unknown) => applyPatch(base('secrets'), [
      { op: 'set', path: ['Resources', 'RotationFailed0AF7EA14', 'Properties', 'EventPattern', 'detail', 'additionalEventData'], value: { SecretId: [secretId] } },
    ]);
    expect(statuses(on({ Ref: 'ApiKeyF9DDEE66' }), 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7')).toEqual(['pass']);
    expect(statuses(on({ Ref: 'SecurityTopic077AEA2C' }), 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7')).toEqual(['fail']);
    const other = applyPatch(on('arn:aws:secretsmanager:eu-west-1:111111111111:secret:other-AbCdEf'), [
      { op: 'set', path: ['Resources', 'ApiKeyRotationA0BAF5C7', 'Properties', 'SecretId'], value: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:api-key-AbCdEf' },
    ]);
    expect(statuses(other, 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7')).toEqual(['fail']);
  });

  test('an EventPattern written as a JSON string is read', () => {
    const secrets = base('secrets');
    const pattern = JSON.stringify(secrets.Resources.RotationFailed0AF7EA14.Properties.EventPattern);
    const t = applyPatch(secrets, [{ op: 'set', path: ['Resources', 'RotationFailed0AF7EA14', 'Properties', 'EventPattern'], value: pattern }]);
    expect(statuses(t, 'SecretsRotationAlert', 'ApiKeyRotationA0BAF5C7')).toEqual(['pass']);
  });
});

describe('plaintext secrets that also break another item', () => {
  // Moved from the SecretsNoPlaintext fixtures: a literal data-store URL also fails
  // CONFIG-SERVICE-ENDPOINTS (hand-copied host), so it cannot violate exactly one item.
  test('a database URL with a literal password fails', () => {
    const t = applyPatch(base('lambda-service'), [
      { op: 'set', path: ['Resources', 'Fn9270CBC0', 'Properties', 'Environment', 'Variables', 'DATABASE_URL'], value: 'postgres://app:hunter2hunter2@db.internal:5432/app' },
    ]);
    expect(statuses(t, 'SecretsNoPlaintext', 'Fn9270CBC0')).toEqual(['fail']);
  });

  test.each([
    ['REDIS_URL', 'redis://:p4ss@cache.internal:6379', 'fail'],
    ['JDBC_URL', 'jdbc:postgresql://app:hunter2@db.internal:5432/app', 'fail'],
    ['REDIS_URL', 'rediss://cache.internal:6379', 'pass'],
    ['HOME_PAGE', 'https://user@example.com/', 'pass'],
  ])('%s=%s: %s', (name, value, expected) => {
    const t = applyPatch(base('lambda-service'), [{ op: 'set', path: ['Resources', 'Fn9270CBC0', 'Properties', 'Environment', 'Variables', name], value }]);
    expect(statuses(t, 'SecretsNoPlaintext', 'Fn9270CBC0')).toEqual([expected]);
  });

  test('a URL whose password part is computed is not a literal password', () => {
    const t = applyPatch(base('lambda-service'), [{ op: 'set', path: ['Resources', 'Fn9270CBC0', 'Properties', 'Environment', 'Variables', 'QUEUE_URL'], value: { 'Fn::Sub': 'amqp://app:${Fn9270CBC0}@mq.internal:5671' } }]);
    expect(statuses(t, 'SecretsNoPlaintext', 'Fn9270CBC0')).toEqual(['pass']);
  });

  test('a NoEcho parameter written into the environment is plain text in the configuration', () => {
    const t = applyPatch(base('lambda-service'), [
      { op: 'set', path: ['Parameters', 'DbPassword'], value: { Type: 'String', NoEcho: true } },
      { op: 'set', path: ['Resources', 'Fn9270CBC0', 'Properties', 'Environment', 'Variables', 'DB_PASSWORD'], value: { Ref: 'DbPassword' } },
    ]);
    expect(statuses(t, 'SecretsNoPlaintext', 'Fn9270CBC0')).toEqual(['fail']);
    expect(statuses(t, 'SecretsNoPlaintext', 'DbPassword')).toEqual(['pass']);
  });

  test('a setting named after a password is no secret: MAX_PASSWORD_AGE=90 passes', () => {
    const t = applyPatch(base('lambda-service'), [{ op: 'set', path: ['Resources', 'Fn9270CBC0', 'Properties', 'Environment', 'Variables', 'MAX_PASSWORD_AGE'], value: '90' }]);
    expect(statuses(t, 'SecretsNoPlaintext', 'Fn9270CBC0')).toEqual(['pass']);
  });
});

describe('generated secrets: strength and literal fields', () => {
  const gen = (g: any) => applyPatch(base('secrets'), [{ op: 'set', path: ['Resources', 'ApiKeyF9DDEE66', 'Properties', 'GenerateSecretString'], value: g }]);
  test.each([
    [{ PasswordLength: 32, ExcludePunctuation: true, ExcludeUppercase: true }, 'pass'], // 36 characters: 165 bits
    [{ PasswordLength: 32, ExcludeCharacters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', ExcludePunctuation: true }, 'fail'], // digits only: 106 bits
    [{ PasswordLength: 64, ExcludeCharacters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', ExcludePunctuation: true }, 'pass'], // 212 bits
    [{ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true }, 'fail'], // nothing left
    [{}, 'pass'], // 32 characters of 94
  ])('%j: %s', (g, expected) => {
    expect(statuses(gen(g), 'SecretsStrength', 'ApiKeyF9DDEE66')).toEqual([expected]);
  });

  test('a secret field of the JSON template fails; the generated key and non-secret fields do not', () => {
    const ok = gen({ SecretStringTemplate: '{"username":"app","port":5432}', GenerateStringKey: 'password', PasswordLength: 40 });
    expect(statuses(ok, 'SecretsManaged', 'ApiKeyF9DDEE66')).toEqual(['pass']);
    const nested = gen({ SecretStringTemplate: '{"username":"app","db":{"dbPassword":1234}}', GenerateStringKey: 'password', PasswordLength: 40 });
    expect(statuses(nested, 'SecretsManaged', 'ApiKeyF9DDEE66')).toEqual(['fail']);
    const pw = gen({ SecretStringTemplate: { 'Fn::ToJsonString': { username: 'app', password: 'hunter2hunter2' } }, GenerateStringKey: 'apiKey' });
    expect(statuses(pw, 'SecretsManaged', 'ApiKeyF9DDEE66')).toEqual(['fail']);
  });

  test('an AWS-managed key fails even when the value is decided at deploy time', () => {
    const t = applyPatch(base('secrets'), [
      { op: 'delete', path: ['Resources', 'ApiKeyF9DDEE66', 'Properties', 'GenerateSecretString'] },
      { op: 'delete', path: ['Resources', 'ApiKeyF9DDEE66', 'Properties', 'KmsKeyId'] },
      { op: 'set', path: ['Resources', 'ApiKeyF9DDEE66', 'Properties', 'SecretString'], value: { 'Fn::ImportValue': 'SharedValue' } },
    ]);
    expect(statuses(t, 'SecretsManaged', 'ApiKeyF9DDEE66')).toEqual(['fail']);
  });
});

describe('cache authentication and shapes', () => {
  const cache = () => base('cache');
  test('an AUTH token from Secrets Manager passes', () => {
    const t = applyPatch(cache(), [
      { op: 'delete', path: ['Resources', 'Cache', 'Properties', 'UserGroupIds'] },
      { op: 'set', path: ['Resources', 'Cache', 'Properties', 'AuthToken'], value: '{{resolve:secretsmanager:cache-auth:SecretString:token::}}' },
    ]);
    expect(statuses(t, 'CacheAuth', 'Cache')).toEqual(['pass']);
  });

  test('a user with a literal password fails', () => {
    const t = applyPatch(cache(), [
      { op: 'set', path: ['Resources', 'AppUser', 'Properties', 'AuthenticationMode'], value: { Type: 'password', Passwords: ['a-literal-password-0123'] } },
    ]);
    expect(statuses(t, 'CacheAuth', 'Cache')).toEqual(['fail']);
  });

  test.each([
    ['off nopass', 'pass'], // switched off: nobody logs in as it
    ['on ~* +@all >hunter2hunter2', 'fail'], // a password written in the access string
    ['on ~* +@all nopass resetpass', 'pass'], // resetpass clears nopass
    ['on ~* +@all nopass', 'fail'],
  ])('application user access string %s: %s', (access, expected) => {
    const t = applyPatch(cache(), [{ op: 'set', path: ['Resources', 'AppUser', 'Properties', 'AccessString'], value: access }]);
    expect(statuses(t, 'CacheAuth', 'Cache')).toEqual([expected]);
  });

  test('a user group or user defined outside the template is unknown', () => {
    expect(statuses(applyPatch(cache(), [{ op: 'set', path: ['Resources', 'Cache', 'Properties', 'UserGroupIds'], value: ['shared-users'] }]), 'CacheAuth', 'Cache')).toEqual(['unknown']);
    expect(statuses(applyPatch(cache(), [{ op: 'set', path: ['Resources', 'UserGroup', 'Properties', 'UserIds', 1], value: 'someone-else' }]), 'CacheAuth', 'Cache')).toEqual(['unknown']);
    // A literal user id of a user of the template is that user.
    expect(statuses(applyPatch(cache(), [{ op: 'set', path: ['Resources', 'UserGroup', 'Properties', 'UserIds', 1], value: 'app-cache-user' }]), 'CacheAuth', 'Cache')).toEqual(['pass']);
  });

  test('cluster mode with one replica per shard passes failover', () => {
    const t = applyPatch(cache(), [
      { op: 'delete', path: ['Resources', 'Cache', 'Properties', 'NumCacheClusters'] },
      { op: 'set', path: ['Resources', 'Cache', 'Properties', 'NumNodeGroups'], value: 3 },
      { op: 'set', path: ['Resources', 'Cache', 'Properties', 'ReplicasPerNodeGroup'], value: 1 },
    ]);
    expect(statuses(t, 'CacheMultiAzFailover', 'Cache')).toEqual(['pass']);
  });

  test('a serverless cache: TLS and multi-AZ by design, key, user group and snapshots required', () => {
    const t = { Resources: { S: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { Engine: 'valkey', ServerlessCacheName: 's' } } } };
    expect(statuses(t, 'CacheProvisioned', 'S')).toEqual(['pass']);
    expect(statuses(t, 'CacheTlsInTransit', 'S')).toEqual(['pass']);
    expect(statuses(t, 'CacheMultiAzFailover', 'S')).toEqual(['pass']);
    expect(statuses(t, 'CacheEncryptionAtRest', 'S')).toEqual(['fail']);
    expect(statuses(t, 'CacheAuth', 'S')).toEqual(['fail']);
    expect(statuses(t, 'CacheSnapshotRetention', 'S')).toEqual(['fail']);
  });
});
