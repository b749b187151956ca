import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { appContainers, containerName, isServiceTaskDefinition } from '../../cfn/environment';
import { LogDestination, appsyncLogDestination, containerLogDestination, lambdaLogDestination } from '../../cfn/log-destinations';

function judge(dest: LogDestination, label: string): Verdict | undefined {
  switch (dest.k) {
    case 'group':
      return pass(dest.property, dest.group.logicalId, `${label} logs to log group ${dest.group.logicalId} (its encryption is checked on the group)`);
    case 'external':
      return unknown(dest.property, dest.what, `${label} logs to ${dest.what}: its encryption cannot be seen here`);
    case 'unknown':
      return unknown(dest.property, undefined, `${label}: log destination decided at deploy time (${dest.why})`);
    case 'none':
      return undefined; // nothing is stored (LogRetention reports it)
    case 'implicit':
      return fail(dest.property, undefined, `${label} logs to the default ${dest.name.split('/<')[0]} group, which is not encrypted with a customer-managed key (${dest.fix})`);
  }
}

const FIREHOSE = 'AWS::KinesisFirehose::DeliveryStream';
/** The types that send logs to the Firehose stream they name (a subscription, a WAF logging configuration, an access log setting, a flow log). */
const LOG_SENDERS = [
  'AWS::Logs::SubscriptionFilter', 'AWS::Logs::Destination', 'AWS::Logs::AccountPolicy', 'AWS::Logs::DeliveryDestination',
  'AWS::WAFv2::LoggingConfiguration', 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage', 'AWS::EC2::FlowLog',
];
/** The destinations of a Firehose stream other than S3. */
const OTHER_DESTINATIONS = [
  'AmazonOpenSearchServerlessDestinationConfiguration', 'AmazonopensearchserviceDestinationConfiguration', 'ElasticsearchDestinationConfiguration',
  'HttpEndpointDestinationConfiguration', 'IcebergDestinationConfiguration', 'RedshiftDestinationConfiguration', 'SnowflakeDestinationConfiguration',
  'SplunkDestinationConfiguration',
];
/** An AWS managed key named by its alias (`alias/aws/s3`, `alias/aws/kinesis`, or its alias ARN). */
const AWS_MANAGED_ALIAS = /alias\/aws\//;

/** A KMS key value: a customer-managed key (pass), an AWS managed alias (fail), or decided at deploy time. */
function keyVerdict(p: string, key: Val, what: string): Verdict {
  if (key.k === 'unknown') return unknown(p, key, `${what}: its KMS key is decided at deploy time (${key.why})`);
  if (AWS_MANAGED_ALIAS.test(V.show(key))) return fail(p, key, `${what} with the AWS managed key ${V.show(key)}, not a customer-managed key`);
  return pass(p, key, `${what} with the customer-managed KMS key ${V.show(key)}`);
}

/** Where the logs a Firehose stream receives wait before delivery: its own store (Direct PUT) or its source stream. */
function streamStore(res: CfnResource, index: TemplateIndex, label: string): Verdict {
  const kind = index.prop(res, 'DeliveryStreamType');
  if (kind.k === 'unknown') return unknown('Properties.DeliveryStreamType', kind, `${label}: the stream's source is decided at deploy time (${kind.why})`);
  const source = V.str(kind) ?? 'DirectPut';
  if (source === 'KinesisStreamAsSource') {
    // Firehose keeps nothing at rest then: the records wait in the Kinesis data stream, encrypted as it is.
    const p = 'Properties.KinesisStreamSourceConfiguration.KinesisStreamARN';
    const s = index.prop(res, 'KinesisStreamSourceConfiguration.KinesisStreamARN');
    if (s.k !== 'ref' || s.target.type !== 'AWS::Kinesis::Stream') return unknown(p, s, `${label}: the logs wait in Kinesis data stream ${V.show(s)}, outside this template: its encryption cannot be read here`);
    const stream = s.target;
    const type = index.prop(stream, 'StreamEncryption.EncryptionType');
    if (type.k === 'unknown') return unknown(p, type, `${label}: the encryption of source stream ${stream.logicalId} is decided at deploy time (${type.why})`);
    if (V.str(type) !== 'KMS') return fail(p, stream.logicalId, `${label}: the logs wait in Kinesis data stream ${stream.logicalId}, which is not encrypted with a customer-managed key (StreamEncryption ${V.show(type)})`);
    return keyVerdict(p, index.prop(stream, 'StreamEncryption.KeyId'), `${label}: the logs wait in Kinesis data stream ${stream.logicalId}, encrypted`);
  }
  if (source !== 'DirectPut') return unknown('Properties.DeliveryStreamType', source, `${label}: the logs wait in its ${source} source, whose encryption this rule does not read`);
  const p = 'Properties.DeliveryStreamEncryptionConfigurationInput';
  const keyType = index.prop(res, 'DeliveryStreamEncryptionConfigurationInput.KeyType');
  if (keyType.k === 'unknown') return unknown(`${p}.KeyType`, keyType, `${label}: the key type of its server-side encryption is decided at deploy time (${keyType.why})`);
  const config = index.prop(res, 'DeliveryStreamEncryptionConfigurationInput');
  if (config.k === 'absent') return fail(p, config, `${label}: server-side encryption is off, so the logs it buffers are kept under a key AWS owns, not a customer-managed key`);
  if (V.str(keyType) !== 'CUSTOMER_MANAGED_CMK') return fail(`${p}.KeyType`, keyType.k === 'absent' ? 'AWS_OWNED_CMK (default)' : keyType, `${label}: server-side encryption uses a key AWS owns (KeyType ${V.show(keyType) === '(not set)' ? 'AWS_OWNED_CMK, the default' : V.show(keyType)}), not a customer-managed key`);
  return keyVerdict(`${p}.KeyARN`, index.prop(res, 'DeliveryStreamEncryptionConfigurationInput.KeyARN'), `${label}: buffered logs encrypted`);
}

/** The objects a Firehose S3 configuration (`path`) writes: under its own KMS key, or under the bucket's default encryption. */
function s3Objects(res: CfnResource, index: TemplateIndex, path: string, label: string): Verdict {
  const p = `Properties.${path}.EncryptionConfiguration`;
  const key = index.prop(res, `${path}.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN`);
  if (key.k !== 'absent') return keyVerdict(`${p}.KMSEncryptionConfig.AWSKMSKeyARN`, key, `${label}: objects written to S3 encrypted`);
  const none = index.prop(res, `${path}.EncryptionConfiguration.NoEncryptionConfig`);
  if (none.k === 'unknown') return unknown(`${p}.NoEncryptionConfig`, none, `${label}: its S3 encryption is decided at deploy time (${none.why})`);
  // Without a key of its own Firehose writes objects that take the bucket's default encryption (SSE-S3 unless it says KMS).
  const b = index.prop(res, `${path}.BucketARN`);
  if (b.k !== 'ref' || b.target.type !== 'AWS::S3::Bucket') return unknown(`Properties.${path}.BucketARN`, b, `${label}: its objects take the default encryption of bucket ${V.show(b)}, outside this template: it cannot be read here`);
  const bucket = b.target;
  const dflt = 'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault';
  const alg = index.prop(bucket, `${dflt}.SSEAlgorithm`);
  const what = `${label}: objects written to bucket ${bucket.logicalId}`;
  if (alg.k === 'unknown') return unknown(p, bucket.logicalId, `${what} take its default encryption, decided at deploy time (${alg.why})`);
  const a = V.str(alg);
  if (a !== 'aws:kms' && a !== 'aws:kms:dsse') return fail(p, bucket.logicalId, `${what} take its default encryption, ${a ?? 'SSE-S3 (the S3 default)'}, not a customer-managed key (the stream names no KMS key of its own)`);
  const k = index.prop(bucket, `${dflt}.KMSMasterKeyID`);
  if (k.k === 'absent') return fail(p, bucket.logicalId, `${what} take its default encryption, SSE-KMS with the AWS managed key aws/s3, not a customer-managed key`);
  return keyVerdict(p, k, `${what} take its default encryption, SSE-KMS`);
}

/**
 * A Firehose stream that logs are sent to (`LOG_SENDERS`): the logs wait in it (Direct PUT: its server-side
 * encryption; a Kinesis source: that stream's) and are delivered to S3 (the stream's key, else the bucket's default).
 * A stream nothing of the template sends logs to is not judged.
 */
function judgeStream(res: CfnResource, index: TemplateIndex): Verdict[] | undefined {
  const senders = index.referrers(res, ...LOG_SENDERS);
  if (senders.length === 0) return undefined;
  const label = `Firehose stream ${res.logicalId} (logs of ${senders.map((s) => s.logicalId).join(', ')})`;
  const out = [streamStore(res, index, label)];
  const ext = index.prop(res, 'ExtendedS3DestinationConfiguration');
  const s3 = ext.k !== 'absent' ? 'ExtendedS3DestinationConfiguration' : index.prop(res, 'S3DestinationConfiguration').k !== 'absent' ? 'S3DestinationConfiguration' : undefined;
  if (!s3) {
    const dest = OTHER_DESTINATIONS.filter((k) => index.prop(res, k).k !== 'absent');
    out.push(unknown('Properties', res.logicalId, `${label}: it delivers the logs somewhere other than S3 (${dest.join(', ') || 'no destination written'}), whose encryption at rest this rule does not read`));
    return out;
  }
  out.push(s3Objects(res, index, s3, label));
  if (s3 === 'ExtendedS3DestinationConfiguration') {
    // Source record backup: a second copy of every record, written by its own S3 configuration.
    const mode = index.prop(res, `${s3}.S3BackupMode`);
    if (mode.k === 'unknown') out.push(unknown(`Properties.${s3}.S3BackupMode`, mode, `${label}: whether it keeps a backup copy of the logs is decided at deploy time (${mode.why})`));
    else if (V.str(mode) === 'Enabled') out.push(s3Objects(res, index, `${s3}.S3BackupConfiguration`, `${label}, backup copy`));
  }
  return out;
}

/**
 * LOG-ENCRYPTED: log groups encrypted with a customer-managed KMS key.
 *
 * Log groups are judged on KmsKeyId. Serving Lambda functions, ECS service containers and AppSync GraphQL and Event APIs that
 * write logs are judged on where they write (`cfn/log-destinations.ts`): a group of the template passes (judged on
 * the group); the default group the service creates itself (Lambda's /aws/lambda/<name>, AppSync's
 * /aws/appsync/apis/<api id>) fails: it is not encrypted with a customer key (a Custom::LogRetention sets only its
 * retention); a group outside the template or decided at deploy time is unknown.
 *
 * A Firehose stream that logs are sent to (a subscription filter or account policy, a CloudWatch Logs destination
 * or delivery destination, a WAF logging configuration, an API Gateway stage's access log setting, a flow log) keeps
 * them too: while it buffers them (a Direct PUT stream: its server-side encryption, `DeliveryStreamEncryptionConfigurationInput`
 * with KeyType CUSTOMER_MANAGED_CMK; a Kinesis data stream source: that stream's KMS key) and once delivered to S3 (the
 * stream's `KMSEncryptionConfig`, else the bucket's default encryption, and the same for a source record backup). A
 * key AWS owns or manages fails; a destination other than S3, a source or bucket outside the template is unknown.
 */
export const LogEncrypted: AwsRule = {
  id: 'LogEncrypted',
  items: ['LOG-ENCRYPTED'],
  types: ['AWS::Logs::LogGroup', 'AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::AppSync::GraphQLApi', 'AWS::AppSync::Api', FIREHOSE],
  severity: Severity.MEDIUM,
  description: 'Every log group has KmsKeyId (a customer-managed key); serving Lambda functions, ECS service containers and AppSync GraphQL and Event APIs log to such a group, not to the default one the service creates; a Firehose stream logs are sent to keeps them under a customer-managed key while it buffers them and in S3.',
  fix: 'Set KmsKeyId on the log group (new logs.LogGroup(..., { encryptionKey })) and grant logs.<region>.amazonaws.com use of the key; give AppSync APIs such a group named /aws/appsync/apis/${Api.ApiId}; encrypt a Firehose stream that carries logs with a customer-managed key (encryption: StreamEncryption.customerManagedKey(key)) and write to a bucket encrypted with one.',
  check(res, { index }) {
    if (res.type === FIREHOSE) return judgeStream(res, index);
    if (res.type === 'AWS::Logs::LogGroup') {
      const key = index.prop(res, 'KmsKeyId');
      const p = 'Properties.KmsKeyId';
      if (key.k === 'absent') return fail(p, key, 'log group not encrypted with a customer-managed key');
      if (key.k === 'unknown') return unknown(p, key, `KMS key decided at deploy time (${key.why})`);
      return pass(p, key, 'log group encrypted with a customer-managed KMS key');
    }
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      return judge(lambdaLogDestination(res, index), `function ${res.logicalId}`);
    }
    if (res.type === 'AWS::AppSync::GraphQLApi' || res.type === 'AWS::AppSync::Api') {
      const dest = appsyncLogDestination(res, index);
      return dest && judge(dest, `${res.type === 'AWS::AppSync::Api' ? 'Event' : 'GraphQL'} API ${res.logicalId}`);
    }
    if (!isServiceTaskDefinition(res, index)) return undefined;
    return appContainers(res, index)
      .map((c) => judge(containerLogDestination(c.def, c.position, index), `container ${containerName(c, index)}`))
      .filter((v): v is Verdict => v !== undefined);
  },
};
