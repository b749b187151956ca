/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Probe of AlarmHasAction (ALARM-ACTIONS, "every alarm notifies someone") on whether CloudWatch can deliver the
 * alarm's notification to the SNS topic it names (2026-12-05). CloudWatch publishes as the service
 * `cloudwatch.amazonaws.com`: an encrypted topic's key policy must let it use the key (kms:Decrypt,
 * kms:GenerateDataKey*), and a topic policy of the template (it replaces SNS's default policy, which admits the
 * owning account's alarms) must let it publish. Templates written the way third parties write them; each wrong
 * pass must now fail or be unknown, and the compliant form next to it must still pass.
 */
import { judged, statuses } from './judged';

const ALARM = (actions: any[] = [{ Ref: 'Topic' }], more: Record<string, any> = {}) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Statistic: 'Sum', Period: 60,
    EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: actions, ...more,
  },
});

const ROOT = { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' };
const KEY = (...statements: any[]) => ({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: [ROOT, ...statements] } } });
const CW_KEY = { Sid: 'Alarms', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' };
const TLS = { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: 'Topic' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const POLICY = (...statements: any[]) => ({ Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'Topic' }], PolicyDocument: { Version: '2012-10-17', Statement: statements } } });
const CW_TOPIC = { Sid: 'Alarms', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'Topic' } };

/** An alarm notifying Topic (encrypted with `key` when given), subscribed by email, and `more` resources. */
const stack = (key: any | undefined, more: Record<string, any> = {}, alarm: any = ALARM()) => ({
  Topic: { Type: 'AWS::SNS::Topic', Properties: key === undefined ? {} : { KmsMasterKeyId: key } },
  OnCall: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'email', Endpoint: 'oncall@example.com' } },
  Errors: alarm,
  ...more,
});
const has = (resources: Record<string, any>, extra: Record<string, any> = {}) => judged('AlarmHasAction', resources, extra).map(([, s, m]) => [s, m]);

describe('AlarmHasAction: an encrypted topic whose key CloudWatch may not use drops the notification', () => {
  test('compliant: an unencrypted topic with no topic policy (SNS default policy admits the account\'s alarms) passes', () => {
    expect(has(stack(undefined))).toEqual([['pass', expect.stringMatching(/notifies 1 target/)]]);
  });
  test('compliant: a customer-managed key whose policy grants cloudwatch.amazonaws.com passes', () => {
    expect(statuses(judged('AlarmHasAction', stack({ 'Fn::GetAtt': ['Key', 'Arn'] }, { Key: KEY(CW_KEY) })))).toEqual(['pass']);
    expect(statuses(judged('AlarmHasAction', stack({ Ref: 'Key' }, { Key: KEY({ ...CW_KEY, Action: 'kms:*' }) })))).toEqual(['pass']);
    expect(statuses(judged('AlarmHasAction', stack({ Ref: 'Key' }, { Key: KEY({ ...CW_KEY, Action: ['kms:Decrypt*', 'kms:GenerateDataKey*'] }) })))).toEqual(['pass']);
  });
  test('a key whose policy only admits the account (the CDK default key policy): fail, naming the key and the service', () => {
    expect(has(stack({ 'Fn::GetAtt': ['Key', 'Arn'] }, { Key: KEY() }))).toEqual([
      ['fail', expect.stringMatching(/key policy of Key does not let cloudwatch\.amazonaws\.com use the key.*Topic/)],
    ]);
  });
  test('a key granting cloudwatch only kms:Decrypt: fail (GenerateDataKey missing)', () => {
    expect(has(stack({ Ref: 'Key' }, { Key: KEY({ ...CW_KEY, Action: 'kms:Decrypt' }) }))).toEqual([['fail', expect.stringMatching(/cloudwatch\.amazonaws\.com/)]]);
  });
  test('a Deny of the key to cloudwatch wins over the Allow: fail', () => {
    const deny = { Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'kms:*', Resource: '*' };
    expect(statuses(judged('AlarmHasAction', stack({ Ref: 'Key' }, { Key: KEY(CW_KEY, deny) })))).toEqual(['fail']);
  });
  test('the key named through an AWS::KMS::Alias of the template is read', () => {
    const alias = (key: any) => ({ Key: key, KeyAlias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/alarms', TargetKeyId: { Ref: 'Key' } } } });
    expect(statuses(judged('AlarmHasAction', stack({ Ref: 'KeyAlias' }, alias(KEY()))))).toEqual(['fail']);
    expect(statuses(judged('AlarmHasAction', stack({ Ref: 'KeyAlias' }, alias(KEY(CW_KEY)))))).toEqual(['pass']);
  });
  test('a key outside the template (a key ARN, an alias name): unknown, its policy cannot be seen', () => {
    expect(has(stack('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'))).toEqual([['unknown', expect.stringMatching(/outside this template/)]]);
    expect(statuses(judged('AlarmHasAction', stack('alias/team-alarms')))).toEqual(['unknown']);
  });
  test('the AWS-managed alias/aws/sns key: fail here (ALARM-ACTIONS), and AlarmTopicEncrypted keeps its own finding', () => {
    const t = stack('alias/aws/sns');
    expect(has(t)).toEqual([['fail', expect.stringMatching(/alias\/aws\/sns/)]]);
    expect(statuses(judged('AlarmTopicEncrypted', t))).toEqual(['fail']);
    // AlarmTopicSubscribed judges subscriptions only: no second delivery finding.
    expect(statuses(judged('AlarmTopicSubscribed', t))).toEqual(['pass']);
  });
  test('a key from an open parameter: unknown, naming it', () => {
    expect(has(stack({ Ref: 'TopicKey' }), { Parameters: { TopicKey: { Type: 'String' } } })).toEqual([['unknown', expect.stringMatching(/TopicKey/)]]);
  });
  test('a key whose cloudwatch grant holds only under a condition (Fn::If): unknown', () => {
    const key = KEY({ 'Fn::If': ['Grant', CW_KEY, { Ref: 'AWS::NoValue' }] });
    const f = has(stack({ Ref: 'Key' }, { Key: key }), { Parameters: { Env: { Type: 'String' } }, Conditions: { Grant: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } });
    expect(f).toEqual([['unknown', expect.stringMatching(/Grant|Env/)]]);
  });
  test('one broken topic and one that delivers: the alarm notifies someone, pass', () => {
    const t = stack({ Ref: 'Key' }, { Key: KEY(), Plain: { Type: 'AWS::SNS::Topic' } }, ALARM([{ Ref: 'Topic' }, { Ref: 'Plain' }]));
    expect(statuses(judged('AlarmHasAction', t))).toEqual(['pass']);
  });
  test('a broken topic and an action from an open parameter: unknown, naming both', () => {
    const f = has(stack({ Ref: 'Key' }, { Key: KEY() }, ALARM([{ Ref: 'Topic' }, { Ref: 'PagerArn' }])), { Parameters: { PagerArn: { Type: 'String' } } });
    expect(f).toEqual([['unknown', expect.stringMatching(/PagerArn.*cannot deliver to its topic: the key policy of Key/)]]);
  });
  test('a composite alarm notifying the broken topic: fail too', () => {
    const t = stack({ Ref: 'Key' }, {
      Key: KEY(),
      Critical: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmRule: { 'Fn::Sub': 'ALARM(${Errors})' }, AlarmActions: [{ Ref: 'Topic' }] } },
    });
    expect(judged('AlarmHasAction', t).map(([r, s]) => [r, s])).toEqual([['Errors', 'fail'], ['Critical', 'fail']]);
  });
});

describe('AlarmHasAction: a topic policy of the template replaces the default one and must admit CloudWatch', () => {
  test('a topic policy with only the TLS Deny (CDK enforceSSL): fail, nothing lets CloudWatch publish', () => {
    expect(has(stack(undefined, { TopicPolicy: POLICY(TLS) }))).toEqual([
      ['fail', expect.stringMatching(/topic policy TopicPolicy does not let cloudwatch\.amazonaws\.com publish to Topic/)],
    ]);
  });
  test('compliant: a statement for cloudwatch.amazonaws.com (optionally limited to this account or this alarm) passes', () => {
    expect(statuses(judged('AlarmHasAction', stack(undefined, { TopicPolicy: POLICY(TLS, CW_TOPIC) })))).toEqual(['pass']);
    const account = { ...CW_TOPIC, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } };
    expect(statuses(judged('AlarmHasAction', stack(undefined, { TopicPolicy: POLICY(TLS, account) })))).toEqual(['pass']);
    const alarm = { ...CW_TOPIC, Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Errors', 'Arn'] } } } };
    expect(statuses(judged('AlarmHasAction', stack(undefined, { TopicPolicy: POLICY(TLS, alarm) })))).toEqual(['pass']);
  });
  test('compliant: the default statement written out (every principal, AWS:SourceOwner this account) passes', () => {
    const owner = { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: { Ref: 'Topic' }, Condition: { StringEquals: { 'AWS:SourceOwner': { Ref: 'AWS::AccountId' } } } };
    expect(statuses(judged('AlarmHasAction', stack(undefined, { TopicPolicy: POLICY(TLS, owner) })))).toEqual(['pass']);
  });
  test('a statement only for the account root (alarms publish as the CloudWatch service): unknown', () => {
    const root = { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'sns:Publish', Resource: { Ref: 'Topic' } };
    expect(has(stack(undefined, { TopicPolicy: POLICY(TLS, root) }))).toEqual([['unknown', expect.stringMatching(/TopicPolicy/)]]);
  });
  test('a statement for another service only (EventBridge): fail', () => {
    expect(statuses(judged('AlarmHasAction', stack(undefined, { TopicPolicy: POLICY(TLS, { ...CW_TOPIC, Principal: { Service: 'events.amazonaws.com' } }) })))).toEqual(['fail']);
  });
  test('a Deny of publishing to cloudwatch wins: fail', () => {
    const deny = { Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'Topic' } };
    expect(statuses(judged('AlarmHasAction', stack(undefined, { TopicPolicy: POLICY(TLS, CW_TOPIC, deny) })))).toEqual(['fail']);
  });
  test('the cloudwatch statement only under a template condition: unknown', () => {
    const f = has(stack(undefined, { TopicPolicy: POLICY(TLS, { 'Fn::If': ['Grant', CW_TOPIC, { Ref: 'AWS::NoValue' }] }) }),
      { Parameters: { Env: { Type: 'String' } }, Conditions: { Grant: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } });
    expect(f).toEqual([['unknown', expect.stringMatching(/TopicPolicy/)]]);
  });
  test('both problems on one topic: one finding on the alarm', () => {
    expect(statuses(judged('AlarmHasAction', stack({ Ref: 'Key' }, { Key: KEY(), TopicPolicy: POLICY(TLS) })))).toEqual(['fail']);
  });
  test('compliant: the topic our constructs build (enforceSSL, cloudwatch statement, key granting cloudwatch) passes', () => {
    const ours = { ...CW_TOPIC, Sid: 'AllowThisAccountsAlarmsToPublish', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } };
    const key = KEY({ ...CW_KEY, Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] } });
    expect(statuses(judged('AlarmHasAction', stack({ 'Fn::GetAtt': ['Key', 'Arn'] }, { Key: key, TopicPolicy: POLICY(TLS, ours) })))).toEqual(['pass']);
  });
  test('a topic outside the template keeps its verdict (its subscriptions are AlarmTopicSubscribed\'s unknown)', () => {
    expect(statuses(judged('AlarmHasAction', { Errors: ALARM(['arn:aws:sns:eu-west-1:123456789012:oncall']) }))).toEqual(['pass']);
  });
});

describe('AlarmHasAction: a grant under aws:SourceArn holds for the alarm it names only (the verdict is kept per topic only when no condition names the sender)', () => {
  test.each([['Errors', 'Latency'], ['Latency', 'Errors']])('two alarms on one topic, the grant naming %s: that one passes, the other is unknown, in either order', (granted, other) => {
    const grant = { ...CW_TOPIC, Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [granted, 'Arn'] } } } };
    // The alarm judged first comes first in the template.
    const resources = { ...stack(undefined, { TopicPolicy: POLICY(TLS, grant) }), Latency: ALARM() };
    const { Latency, ...rest } = resources;
    const ordered = granted === 'Latency' ? { Latency, ...rest } : { ...rest, Latency };
    const byAlarm = Object.fromEntries(judged('AlarmHasAction', ordered).map(([r, s]) => [r, s]));
    expect(byAlarm).toEqual({ [granted]: 'pass', [other]: 'unknown' });
  });
});

describe('AlarmHasAction: key and topic policies written as JSON text are read (CloudFormation takes Json properties as text)', () => {
  const text = (doc: any) => ({ 'Fn::Sub': JSON.stringify(doc) });
  const keyAsText = (...statements: any[]) => ({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: text({ Version: '2012-10-17', Statement: [ROOT, ...statements] }) } });
  test('a key policy in Fn::Sub JSON granting CloudWatch passes; one not granting it fails', () => {
    expect(has(stack({ Ref: 'Key' }, { Key: keyAsText(CW_KEY) }))).toEqual([['pass', expect.stringMatching(/notifies 1 target/)]]);
    expect(has(stack({ Ref: 'Key' }, { Key: keyAsText() }))).toEqual([['fail', expect.stringMatching(/key policy of Key does not let cloudwatch.amazonaws.com use the key/)]]);
  });
  test('a topic policy written as a JSON string granting CloudWatch passes; text that does not parse is unknown', () => {
    const policy = (doc: any) => ({ Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'Topic' }], PolicyDocument: doc } });
    expect(has(stack(undefined, { Policy: policy(JSON.stringify({ Version: '2012-10-17', Statement: [{ ...CW_TOPIC, Resource: '*' }] })) }))).toEqual([['pass', expect.stringMatching(/notifies 1 target/)]]);
    expect(statuses(judged('AlarmHasAction', stack(undefined, { Policy: policy('Statement: [broken') })))).toEqual(['unknown']);
  });
});
