/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Probe of the rules that take an EventBridge rule or an AWS Backup vault notification as "someone is told"
 * (2026-12-05): SecretsRotationAlert and BackupFailureNotification. Templates written the way third parties write
 * them. Each wrong pass must now fail or be unknown; the compliant form next to it must still pass.
 */
import { judged, statuses } from './judged';

const TOPIC_POLICY = (service: string | string[], extra: Record<string, any> = {}, topic = 'Topic') => ({
  Type: 'AWS::SNS::TopicPolicy',
  Properties: {
    Topics: [{ Ref: topic }],
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: topic }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'Service', Effect: 'Allow', Principal: { Service: service }, Action: 'sns:Publish', Resource: { Ref: topic }, ...extra },
      ],
    },
  },
});

const KEY = (services: string[]) => ({
  Type: 'AWS::KMS::Key',
  Properties: {
    EnableKeyRotation: true,
    KeyPolicy: {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
        ...services.map((s) => ({ Effect: 'Allow', Principal: { Service: s }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' })),
      ],
    },
  },
});

// ---------------------------------------------------------------- SecretsRotationAlert

/** A rotated secret, an EventBridge rule on its RotationFailed events with `targets`, and a subscribed topic. */
const rotation = (targets: any[], more: Record<string, any> = {}) => ({
  Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
  RotationFn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.12', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' } } },
  Schedule: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: { Ref: 'Secret' }, RotationLambdaARN: { 'Fn::GetAtt': ['RotationFn', 'Arn'] }, RotationRules: { AutomaticallyAfterDays: 30 } } },
  Topic: { Type: 'AWS::SNS::Topic' },
  OnCall: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'email', Endpoint: 'oncall@example.com' } },
  TopicPolicy: TOPIC_POLICY('events.amazonaws.com'),
  RotationFailed: {
    Type: 'AWS::Events::Rule',
    Properties: {
      State: 'ENABLED',
      EventPattern: { 'source': ['aws.secretsmanager'], 'detail-type': ['AWS Service Event via CloudTrail'], 'detail': { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['RotationFailed'] } },
      Targets: targets,
    },
  },
  ...more,
});
const toTopic = [{ Id: 't', Arn: { Ref: 'Topic' } }];
const alert = (resources: Record<string, any>, extra: Record<string, any> = {}) => judged('SecretsRotationAlert', resources, extra).map(([, s, m]) => [s, m]);

describe('SecretsRotationAlert: the EventBridge target must tell people (an SNS topic)', () => {
  test('compliant: a rule targeting a topic whose policy lets EventBridge publish passes', () => {
    expect(alert(rotation(toTopic))).toEqual([['pass', expect.stringMatching(/RotationFailed forwards RotationFailed events to SNS topic Topic/)]]);
  });
  test('a Lambda function as the only target: fail', () => {
    expect(alert(rotation([{ Id: 'f', Arn: { 'Fn::GetAtt': ['RotationFn', 'Arn'] } }]))).toEqual([['fail', expect.stringMatching(/RotationFn is a AWS::Lambda::Function, not an SNS topic/)]]);
  });
  test('an SQS queue or a log group as the only target: fail', () => {
    const queue = { Queue: { Type: 'AWS::SQS::Queue' } };
    expect(alert(rotation([{ Id: 'q', Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } }], queue))).toEqual([['fail', expect.stringMatching(/Queue is a AWS::SQS::Queue, not an SNS topic/)]]);
    const logs = { Logs: { Type: 'AWS::Logs::LogGroup' } };
    expect(statuses(judged('SecretsRotationAlert', rotation([{ Id: 'l', Arn: { 'Fn::GetAtt': ['Logs', 'Arn'] } }], logs)))).toEqual(['fail']);
    expect(statuses(judged('SecretsRotationAlert', rotation([{ Id: 'l', Arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/rotation' }])))).toEqual(['fail']);
  });
  test('a Lambda and a topic: the topic counts, pass', () => {
    expect(statuses(judged('SecretsRotationAlert', rotation([{ Id: 'f', Arn: { 'Fn::GetAtt': ['RotationFn', 'Arn'] } }, ...toTopic])))).toEqual(['pass']);
  });
  test('a target from an open parameter: unknown, naming it', () => {
    const f = alert(rotation([{ Id: 'p', Arn: { Ref: 'AlertArn' } }]), { Parameters: { AlertArn: { Type: 'String' } } });
    expect(f).toEqual([['unknown', expect.stringMatching(/AlertArn/)]]);
  });
  test('a topic outside the template (a literal ARN, an import that does not resolve): unknown, its policy cannot be seen', () => {
    expect(alert(rotation([{ Id: 'x', Arn: 'arn:aws:sns:eu-west-1:123456789012:oncall' }]))).toEqual([['unknown', expect.stringMatching(/outside this template/)]]);
    expect(statuses(judged('SecretsRotationAlert', rotation([{ Id: 'x', Arn: { 'Fn::ImportValue': 'shared-oncall-topic' } }])))).toEqual(['unknown']);
  });
});

describe('SecretsRotationAlert: EventBridge must be allowed to publish to the topic', () => {
  const without = (r: Record<string, any>, ...ids: string[]) => { for (const id of ids) delete r[id]; return r; };
  test('no topic policy in the template: unknown, naming the missing grant', () => {
    const f = alert(without(rotation(toTopic), 'TopicPolicy'));
    expect(f).toEqual([['unknown', expect.stringMatching(/no AWS::SNS::TopicPolicy.*events\.amazonaws\.com/)]]);
  });
  test('a topic policy that grants only CloudWatch: fail (it replaces the default policy; EventBridge is refused)', () => {
    const f = alert(rotation(toTopic, { TopicPolicy: TOPIC_POLICY('cloudwatch.amazonaws.com') }));
    expect(f).toEqual([['fail', expect.stringMatching(/TopicPolicy does not let events\.amazonaws\.com publish/)]]);
  });
  test('a grant under aws:SourceArn of this rule, or aws:SourceAccount of this account, passes; of another rule is unknown', () => {
    const arn = (c: any) => rotation(toTopic, { TopicPolicy: TOPIC_POLICY('events.amazonaws.com', { Condition: c }) });
    expect(statuses(judged('SecretsRotationAlert', arn({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['RotationFailed', 'Arn'] } } })))).toEqual(['pass']);
    expect(statuses(judged('SecretsRotationAlert', arn({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } })))).toEqual(['pass']);
    expect(statuses(judged('SecretsRotationAlert', arn({ ArnEquals: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:123456789012:rule/other' } })))).toEqual(['unknown']);
  });
  test('a Deny of sns:Publish to every principal without condition: fail', () => {
    const policy = TOPIC_POLICY('events.amazonaws.com');
    policy.Properties.PolicyDocument.Statement.push({ Sid: 'Lock', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: { Ref: 'Topic' } } as any);
    expect(statuses(judged('SecretsRotationAlert', rotation(toTopic, { TopicPolicy: policy })))).toEqual(['fail']);
  });
  test('two topic policies on the topic, one without the grant: unknown (the last applied replaces the other)', () => {
    const f = alert(rotation(toTopic, { Other: TOPIC_POLICY('cloudwatch.amazonaws.com') }));
    expect(f).toEqual([['unknown', expect.stringMatching(/TopicPolicy.*Other|Other.*TopicPolicy/)]]);
  });
  test('a grant behind a condition of the template: unknown, naming the parameter', () => {
    const policy = TOPIC_POLICY({ 'Fn::If': ['Events', 'events.amazonaws.com', 'cloudwatch.amazonaws.com'] } as any);
    const f = alert(rotation(toTopic, { TopicPolicy: policy }), {
      Parameters: { Mode: { Type: 'String', AllowedValues: ['events', 'alarms'] } },
      Conditions: { Events: { 'Fn::Equals': [{ Ref: 'Mode' }, 'events'] } },
    });
    expect(f).toEqual([['unknown', expect.stringMatching(/Mode/)]]);
  });
  test('a KMS-encrypted topic: the key policy must let EventBridge use the key', () => {
    const encrypted = (key: any, more: Record<string, any> = {}) => {
      const r = rotation(toTopic, more);
      r.Topic = { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: key } } as any;
      return r;
    };
    expect(alert(encrypted({ 'Fn::GetAtt': ['Key', 'Arn'] }, { Key: KEY(['cloudwatch.amazonaws.com']) })))
      .toEqual([['fail', expect.stringMatching(/key policy of Key does not let events\.amazonaws\.com use the key/)]]);
    expect(statuses(judged('SecretsRotationAlert', encrypted({ 'Fn::GetAtt': ['Key', 'Arn'] }, { Key: KEY(['events.amazonaws.com']) })))).toEqual(['pass']);
    expect(statuses(judged('SecretsRotationAlert', encrypted({ Ref: 'Key' }, { Key: KEY(['events.amazonaws.com']) })))).toEqual(['pass']);
    expect(alert(encrypted('alias/aws/sns'))).toEqual([['fail', expect.stringMatching(/alias\/aws\/sns/)]]);
    expect(alert(encrypted('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab')))
      .toEqual([['unknown', expect.stringMatching(/key .* outside this template/)]]);
  });
});

describe('SecretsRotationAlert: many schedules, each with its own rule', () => {
  /** `n` secrets, each rotated, each with its own rule filtered on its secret, all to one topic. */
  const many = (n: number) => {
    const r: Record<string, any> = { ...rotation(toTopic) };
    delete r.Secret; delete r.Schedule; delete r.RotationFailed;
    for (let i = 0; i < n; i++) {
      r[`Secret${i}`] = { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } };
      r[`Schedule${i}`] = { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: { Ref: `Secret${i}` }, RotationLambdaARN: { 'Fn::GetAtt': ['RotationFn', 'Arn'] }, RotationRules: { AutomaticallyAfterDays: 30 } } };
      r[`Failed${i}`] = {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventPattern: { 'source': ['aws.secretsmanager'], 'detail-type': ['AWS Service Event via CloudTrail'], 'detail': { eventName: ['RotationFailed'], additionalEventData: { SecretId: [{ Ref: `Secret${i}` }] } } },
          Targets: toTopic,
        },
      };
    }
    return r;
  };
  // How the time grows with the schedules is measured by `npm run bench` (its per-rule table), not here: this
  // checks that filing the rules by secret once per template still finds each schedule's own rule.
  test('200 schedules, each with its own rule: every one passes, on its own rule', () => {
    const f = judged('SecretsRotationAlert', many(200));
    expect(f).toHaveLength(200);
    expect(new Set(statuses(f))).toEqual(new Set(['pass']));
    expect(f.find(([r]) => r === 'Schedule137')?.[2]).toContain('Failed137');
  });
});

// ---------------------------------------------------------------- BackupFailureNotification

/** A vault whose `Notifications` go to a subscribed topic, with `policy` as its topic policy. */
const vault = (more: Record<string, any> = {}) => ({
  Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'app-vault', Notifications: { BackupVaultEvents: ['BACKUP_JOB_COMPLETED'], SNSTopicArn: { Ref: 'Topic' } } } },
  Topic: { Type: 'AWS::SNS::Topic' },
  OnCall: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'email', Endpoint: 'oncall@example.com' } },
  TopicPolicy: TOPIC_POLICY('backup.amazonaws.com'),
  ...more,
});
const backup = (resources: Record<string, any>, extra: Record<string, any> = {}) => judged('BackupFailureNotification', resources, extra).map(([, s, m]) => [s, m]);
const failedJobs = (targets: any[]) => ({
  Type: 'AWS::Events::Rule',
  Properties: { EventPattern: { 'source': ['aws.backup'], 'detail-type': ['Backup Job State Change'], 'detail': { state: ['FAILED'] } }, Targets: targets },
});

describe('BackupFailureNotification: AWS Backup (or EventBridge) must be allowed to publish to the topic', () => {
  test('compliant: the vault notifies a topic whose policy lets backup.amazonaws.com publish', () => {
    expect(backup(vault())).toEqual([['pass', expect.stringMatching(/vault notifies Topic on BACKUP_JOB_COMPLETED/)]]);
  });
  test('no topic policy in the template: unknown, naming the missing grant', () => {
    const r = vault(); delete (r as any).TopicPolicy;
    expect(backup(r)).toEqual([['unknown', expect.stringMatching(/no AWS::SNS::TopicPolicy.*backup\.amazonaws\.com/)]]);
  });
  test('a topic policy that grants only EventBridge: fail', () => {
    expect(backup(vault({ TopicPolicy: TOPIC_POLICY('events.amazonaws.com') }))).toEqual([['fail', expect.stringMatching(/TopicPolicy does not let backup\.amazonaws\.com publish/)]]);
  });
  test('a grant to both services in one statement passes', () => {
    expect(statuses(judged('BackupFailureNotification', vault({ TopicPolicy: TOPIC_POLICY(['events.amazonaws.com', 'backup.amazonaws.com']) })))).toEqual(['pass']);
  });
  test('a KMS-encrypted topic whose key policy does not admit AWS Backup: fail; admitting it: pass', () => {
    const encrypted = (services: string[]) => vault({ Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } }, Key: KEY(services) });
    expect(backup(encrypted(['events.amazonaws.com']))).toEqual([['fail', expect.stringMatching(/key policy of Key does not let backup\.amazonaws\.com use the key/)]]);
    expect(statuses(judged('BackupFailureNotification', encrypted(['backup.amazonaws.com'])))).toEqual(['pass']);
  });
  test('a literal topic ARN outside the template: unknown', () => {
    const r = vault(); (r.Vault.Properties.Notifications as any).SNSTopicArn = 'arn:aws:sns:eu-west-1:123456789012:oncall';
    expect(backup(r)).toEqual([['unknown', expect.stringMatching(/outside this template/)]]);
  });
  test('an EventBridge rule to the topic needs events.amazonaws.com in the topic policy', () => {
    const viaRule = (policyService: string) => {
      const r: Record<string, any> = vault({ TopicPolicy: TOPIC_POLICY(policyService), Failed: failedJobs(toTopic) });
      delete r.Vault.Properties.Notifications;
      return r;
    };
    expect(statuses(judged('BackupFailureNotification', viaRule('events.amazonaws.com')))).toEqual(['pass']);
    expect(backup(viaRule('backup.amazonaws.com'))).toEqual([['fail', expect.stringMatching(/does not let events\.amazonaws\.com publish/)]]);
  });
});
