/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Leftovers of the AWS soundness passes (session of 2026-12-06, thirteenth; helper "oldleft"):
 * 1. LOG-ENCRYPTED passed while the logs a log group is subscribed to a Firehose stream with (or a WAF logging
 *    configuration, an access log setting) waited in the stream and landed in S3 under keys AWS owns or manages.
 * 2. Fn::ImportValue was resolved to one stack's export when another output of the run may be it: two stacks export
 *    the name (last read won), an export of another region, an export whose name is decided at deploy time.
 * 3. A certificate given through SSM, a parameter, an import or a custom resource left EDGE-CERTIFICATE-EXPIRY-ALARM
 *    satisfied by another certificate's alarm; an SSM parameter type of a nested stack was read as the SSM key passed.
 */
import { runAwsRules } from '../../../lib/checks/engine';
import { expandLanguageExtensions } from '../../../lib/checks/language-extensions';
import { AWS_RULES } from '../../../lib/checks/aws';
import { Thresholds } from '../../../lib/checklist/thresholds';
import { checks, judged, statuses } from './judged';

type Input = { file: string; stack: string; template: any; region?: string; parent?: any };
/** `stack/resource status: message` of one rule's findings on a run of several templates. */
function run(rule: string, inputs: Input[]): string[] {
  return runAwsRules(inputs, { rules: AWS_RULES.filter((r) => r.id === rule), thresholds: Thresholds.DEFAULTS })
    .map((f) => `${f.stack}/${f.resource} ${f.status}: ${f.message}`);
}
const on = (fs: string[], prefix: string) => fs.filter((f) => f.startsWith(prefix));

// ---------------------------------------------------------------------------------------------------------------
// 1. Firehose streams that carry logs (LogEncrypted, LOG-ENCRYPTED)
// ---------------------------------------------------------------------------------------------------------------

const KEY_ARN = { 'Fn::GetAtt': ['LogKey', 'Arn'] };
const bucket = (encryption?: any) => ({ Type: 'AWS::S3::Bucket', Properties: { ...(encryption ? { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: encryption }] } } : {}), LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }] }] } } });
const stream = (props: Record<string, any>, s3: Record<string, any> = {}) => ({
  Type: 'AWS::KinesisFirehose::DeliveryStream',
  Properties: { DeliveryStreamType: 'DirectPut', ExtendedS3DestinationConfiguration: { BucketARN: { 'Fn::GetAtt': ['Archive', 'Arn'] }, RoleARN: { 'Fn::GetAtt': ['DeliveryRole', 'Arn'] }, Prefix: 'app/', CompressionFormat: 'GZIP', ...s3 }, ...props },
});
const CMK_STREAM = { DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KEY_ARN } };
/** A log group (encrypted) subscribed, every line, to the Firehose stream `Stream` writing to bucket `Archive`. */
const logsApp = (streamRes: any, archive: any = bucket({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN }), extra: Record<string, any> = {}) => ({
  LogKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }] } } },
  AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365, KmsKeyId: KEY_ARN } },
  Archive: archive,
  DeliveryRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
  Stream: streamRes,
  ToArchive: { Type: 'AWS::Logs::SubscriptionFilter', Properties: { LogGroupName: { Ref: 'AppLogs' }, FilterPattern: '', DestinationArn: { 'Fn::GetAtt': ['Stream', 'Arn'] }, RoleArn: 'arn:aws:iam::111111111111:role/cwl-to-firehose' } },
  ...extra,
});
const logEncrypted = (resources: any, extra: any = {}) => judged('LogEncrypted', resources, extra).filter(([r]) => r === 'Stream');
const itemStatus = (resources: any) => checks.checkTemplate({ Resources: resources }).statusOf('LOG-ENCRYPTED');

describe('LogEncrypted: a Firehose stream that logs are sent to keeps them under a customer-managed key', () => {
  test('a Direct PUT stream without server-side encryption writing to a bucket with the S3 default: two fails, the item violated (before: satisfied on the log group alone)', () => {
    const app = logsApp(stream({}), bucket());
    const f = logEncrypted(app);
    expect(statuses(f)).toEqual(['fail', 'fail']);
    expect(f[0][2]).toMatch(/^Firehose stream Stream \(logs of ToArchive\): server-side encryption is off, so the logs it buffers are kept under a key AWS owns/);
    expect(f[1][2]).toMatch(/objects written to bucket Archive take its default encryption, SSE-S3 \(the S3 default\), not a customer-managed key/);
    expect(itemStatus(app)).toBe('violated');
  });

  test('KeyType AWS_OWNED_CMK (or no KeyType, its default): fail', () => {
    for (const input of [{ KeyType: 'AWS_OWNED_CMK' }, {}]) {
      const f = logEncrypted(logsApp(stream({ DeliveryStreamEncryptionConfigurationInput: input })));
      expect(f[0]).toEqual(['Stream', 'fail', expect.stringMatching(/server-side encryption uses a key AWS owns \(KeyType AWS_OWNED_CMK/)]);
    }
  });

  test('a customer-managed key on the stream and on the bucket: pass, the item satisfied', () => {
    const app = logsApp(stream(CMK_STREAM));
    expect(statuses(logEncrypted(app))).toEqual(['pass', 'pass']);
    expect(itemStatus(app)).toBe('satisfied');
    // The stream's own KMSEncryptionConfig is read before the bucket's default (here: the S3 default, not read).
    expect(statuses(logEncrypted(logsApp(stream(CMK_STREAM, { EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: KEY_ARN } } }), bucket())))).toEqual(['pass', 'pass']);
  });

  test('objects under the AWS managed key: the bucket\'s aws:kms without a key, or alias/aws/s3 on the stream: fail', () => {
    expect(logEncrypted(logsApp(stream(CMK_STREAM), bucket({ SSEAlgorithm: 'aws:kms' })))[1]).toEqual(['Stream', 'fail', expect.stringMatching(/SSE-KMS with the AWS managed key aws\/s3, not a customer-managed key/)]);
    const alias = stream(CMK_STREAM, { EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/s3' } } });
    expect(logEncrypted(logsApp(alias))[1]).toEqual(['Stream', 'fail', expect.stringMatching(/with the AWS managed key arn:aws:kms:eu-west-1:111111111111:alias\/aws\/s3/)]);
  });

  test('NoEncryptionConfig: the objects take the bucket\'s default (KMS with a customer key: pass; the S3 default: fail)', () => {
    const none = stream(CMK_STREAM, { EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' } });
    expect(statuses(logEncrypted(logsApp(none)))).toEqual(['pass', 'pass']);
    expect(statuses(logEncrypted(logsApp(none, bucket({ SSEAlgorithm: 'AES256' }))))).toEqual(['pass', 'fail']);
  });

  test('a bucket outside the template, or a key type decided at deploy time: unknown, naming it', () => {
    const outside = stream(CMK_STREAM, { BucketARN: 'arn:aws:s3:::central-log-archive' });
    expect(logEncrypted(logsApp(outside))[1]).toEqual(['Stream', 'unknown', expect.stringMatching(/default encryption of bucket arn:aws:s3:::central-log-archive, outside this template/)]);
    const param = stream({ DeliveryStreamEncryptionConfigurationInput: { KeyType: { Ref: 'KeyType' }, KeyARN: KEY_ARN } });
    const f = logEncrypted(logsApp(param), { Parameters: { KeyType: { Type: 'String', Default: 'CUSTOMER_MANAGED_CMK' } } });
    expect(f[0]).toEqual(['Stream', 'unknown', expect.stringMatching(/key type of its server-side encryption is decided at deploy time \(parameter KeyType/)]);
  });

  test('a Kinesis data stream source: the logs wait there, judged on its StreamEncryption', () => {
    const source = (enc?: any) => ({ Source: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 1, ...(enc ? { StreamEncryption: enc } : {}) } } });
    const fromKinesis = stream({ DeliveryStreamType: 'KinesisStreamAsSource', KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': ['Source', 'Arn'] }, RoleARN: { 'Fn::GetAtt': ['DeliveryRole', 'Arn'] } } });
    expect(logEncrypted(logsApp(fromKinesis, undefined, source()))[0]).toEqual(['Stream', 'fail', expect.stringMatching(/the logs wait in Kinesis data stream Source, which is not encrypted with a customer-managed key/)]);
    expect(logEncrypted(logsApp(fromKinesis, undefined, source({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })))[0]).toEqual(['Stream', 'fail', expect.stringMatching(/AWS managed key alias\/aws\/kinesis/)]);
    expect(statuses(logEncrypted(logsApp(fromKinesis, undefined, source({ EncryptionType: 'KMS', KeyId: KEY_ARN }))))).toEqual(['pass', 'pass']);
  });

  test('a source record backup to another bucket is judged too; a destination other than S3 is unknown', () => {
    const backup = stream(CMK_STREAM, { S3BackupMode: 'Enabled', S3BackupConfiguration: { BucketARN: { 'Fn::GetAtt': ['Raw', 'Arn'] }, RoleARN: { 'Fn::GetAtt': ['DeliveryRole', 'Arn'] } } });
    const f = logEncrypted(logsApp(backup, undefined, { Raw: bucket() }));
    expect(statuses(f)).toEqual(['pass', 'pass', 'fail']);
    expect(f[2][2]).toMatch(/Stream \(logs of ToArchive\), backup copy: objects written to bucket Raw take its default encryption, SSE-S3/);
    const search = { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { ...CMK_STREAM, AmazonopensearchserviceDestinationConfiguration: { DomainARN: 'arn:aws:es:eu-west-1:111111111111:domain/logs', IndexName: 'app', RoleARN: 'arn:aws:iam::111111111111:role/r', S3Configuration: { BucketARN: { 'Fn::GetAtt': ['Archive', 'Arn'] }, RoleARN: 'arn:aws:iam::111111111111:role/r' } } } };
    expect(logEncrypted(logsApp(search))[1]).toEqual(['Stream', 'unknown', expect.stringMatching(/delivers the logs somewhere other than S3 \(AmazonopensearchserviceDestinationConfiguration\)/)]);
  });

  test('WAF logs sent to a stream are judged; a stream nothing sends logs to is not', () => {
    const { ToArchive: _, ...app } = logsApp(stream({}), bucket());
    expect(logEncrypted(app)).toEqual([]);
    const waf = { ...app, Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'acl' }, Rules: [] } }, AclLogs: { Type: 'AWS::WAFv2::LoggingConfiguration', Properties: { ResourceArn: { 'Fn::GetAtt': ['Acl', 'Arn'] }, LogDestinationConfigs: [{ 'Fn::GetAtt': ['Stream', 'Arn'] }] } } };
    expect(logEncrypted(waf).map(([, s, m]) => [s, m.slice(0, 41)])).toEqual([['fail', 'Firehose stream Stream (logs of AclLogs):'], ['fail', 'Firehose stream Stream (logs of AclLogs):']]);
  });
});
