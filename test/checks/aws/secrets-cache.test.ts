/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { CACHE_RULES } from '../../../lib/checks/aws/cache';
import { SECRETS_RULES } from '../../../lib/checks/aws/secrets';
import { rotationIntervalDays } from '../../../lib/checks/aws/secrets/rotation-interval';
import { isSecretName } from '../../../lib/checks/cfn/secret-values';
import { runAwsRules } from '../../../lib/checks/engine';
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
    expect(rotationIntervalDays(expr).days).toBe(days);
  });

  test.each(['rate(5 minutes)', 'cron(0 4 * *)', 'every month', 'cron(0 4 1-40 * ? *)'])('%s cannot be read', (expr) => {
    expect(rotationIntervalDays(expr).error).toBeDefined();
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
  test.each(['DB_PASSWORD', 'API_KEY', 'apiKey', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'private-key', 'ClientSecret', 'DbPassword'])('%s is secret', (n) => {
    expect(isSecretName(n)).toBe(true);
  });
  test.each(['DB_SECRET_ARN', 'SECRET_ID', 'dbSecretArn', 'API_KEY_PARAMETER_NAME', 'TOKEN_URL', 'TOKEN_TTL', 'AWS_ACCESS_KEY_ID', 'PASSWORD_MIN_LENGTH', 'LOG_LEVEL', 'SECRETS_EXTENSION_HTTP_PORT'])('%s is not', (n) => {
    expect(isSecretName(n)).toBe(false);
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
