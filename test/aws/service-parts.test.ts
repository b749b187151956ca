/**
 * The constructs ProductionService is composed of, used alone: ExternalHealthProbe, LogArchive.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ExternalHealthProbe } from '../../lib/aws/external-health-probe';
import { LogArchive } from '../../lib/aws/log-archive';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';

function stackWith() {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const topic = new sns.Topic(stack, 'Topic', { masterKey: key, enforceSSL: true });
  return { stack, key, topic };
}
const claims = (c: { node: { metadata: Array<{ type: string; data: unknown }> } }) =>
  c.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);

describe('ExternalHealthProbe', () => {
  test('a canary requests the URL every minute, an alarm notifies on 2 failed runs of 3, artifacts encrypted', () => {
    const { stack, key, topic } = stackWith();
    const probe = new ExternalHealthProbe(stack, 'Probe', { url: 'https://api.example.com/health', encryptionKey: key, alarmTopic: topic });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Synthetics::Canary', {
      Name: 'probe',
      Schedule: { Expression: 'rate(1 minute)' },
      RunConfig: { EnvironmentVariables: { PROBE_URL: 'https://api.example.com/health' }, TimeoutInSeconds: 30 },
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_KMS' } },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SuccessPercent', Threshold: 100, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: stack.resolve((topic.node.defaultChild as sns.CfnTopic).logicalId) }],
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(claims(probe)).toEqual(['HEALTH-EXTERNAL-PROBE']);
  });

  test('refuses a URL that is not https, and a canary name Synthetics would refuse', () => {
    const { stack, key, topic } = stackWith();
    expect(() => new ExternalHealthProbe(stack, 'A', { url: 'http://api.example.com/health', encryptionKey: key, alarmTopic: topic }))
      .toThrow(/ExternalHealthProbe S\/A: url must be an https:\/\/ URL/);
    expect(() => new ExternalHealthProbe(stack, 'B', { url: 'https://x.example.com', canaryName: 'Way-Too-Long-For-Synthetics', encryptionKey: key, alarmTopic: topic }))
      .toThrow(/canaryName must be at most 21/);
  });
});

describe('LogArchive', () => {
  test('every event of the log group goes through an encrypted Firehose stream to a bucket; Glacier after 30 days', () => {
    const { stack, key } = stackWith();
    const logGroup = new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key });
    const target = new s3.Bucket(stack, 'AccessLogs');
    const archive = new LogArchive(stack, 'Archive', { logGroup, encryptionKey: key, name: 'orders', retention: Duration.days(400), serverAccessLogsBucket: target });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: stack.resolve((logGroup.node.defaultChild as logs.CfnLogGroup).logicalId) },
      FilterPattern: '',
    });
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({ Prefix: 'logs/orders/!{timestamp:yyyy/MM/dd}/' }),
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 400, Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }] })] },
      LoggingConfiguration: { LogFilePrefix: 's3/orders-log-archive/' },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: Match.anyValue(), LogGroupName: Match.absent() });
    expect(archive.retentionDays).toBe(400);
    expect(claims(archive)).toEqual(['LOG-ARCHIVE']);
  });

  test('the default retention is the auditLogRetentionDays threshold; 30 days or a fraction of a day is refused', () => {
    const { stack, key } = stackWith();
    const logGroup = new logs.LogGroup(stack, 'Logs');
    expect(new LogArchive(stack, 'A', { logGroup, encryptionKey: key, name: 'a' }).retentionDays).toBe(365);
    expect(() => new LogArchive(stack, 'B', { logGroup, encryptionKey: key, name: 'b', retention: Duration.days(30) }))
      .toThrow(/LogArchive S\/B: retention must be a whole number of days above 30/);
    expect(() => new LogArchive(stack, 'C', { logGroup, encryptionKey: key, name: 'c d' })).toThrow(/name must be letters/);
  });
});
