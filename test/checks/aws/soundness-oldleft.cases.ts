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

// ---------------------------------------------------------------------------------------------------------------
// 2. Fn::ImportValue resolved across the run; SSM parameter types of nested stacks
// ---------------------------------------------------------------------------------------------------------------

const STRONG = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const WEAK = 'ELBSecurityPolicy-2016-08';
const exporter = (name: any, value: any, extra: Record<string, any> = {}) => ({ ...extra, Resources: { Placeholder: { Type: 'AWS::SNS::Topic' } }, Outputs: { TlsPolicy: { Value: value, Export: { Name: name } } } });
const importer = (name: any, extra: Record<string, any> = {}) => ({
  ...extra,
  Resources: {
    Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-0a', 'subnet-0b'] } },
    Https: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, Protocol: 'HTTPS', SslPolicy: { 'Fn::ImportValue': name }, Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/0f3e' }], DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] } },
  },
});
const policyVerdict = (inputs: Input[]) => on(run('ElbHttpsListener', inputs), 'app/Https').filter((f) => !/certificate/.test(f));

describe('Fn::ImportValue: an import is resolved only to the one output of the run that can be it', () => {
  test('still resolved: one stack exports the name (pass and fail follow the export)', () => {
    expect(policyVerdict([{ file: 'edge.json', stack: 'edge', template: exporter('edge-TlsPolicy', STRONG) }, { file: 'app.json', stack: 'app', template: importer('edge-TlsPolicy') }])).toEqual([expect.stringMatching(/^app\/Https pass: security policy ELBSecurityPolicy-TLS13/)]);
    expect(policyVerdict([{ file: 'edge.json', stack: 'edge', template: exporter('edge-TlsPolicy', WEAK) }, { file: 'app.json', stack: 'app', template: importer('edge-TlsPolicy') }])).toEqual([expect.stringMatching(/^app\/Https fail/)]);
  });

  test('two stacks of the run export the same name: unknown, naming both (before: the one read last, a pass here)', () => {
    const f = policyVerdict([
      { file: 'edge-us.json', stack: 'edge-us', template: exporter('shared-TlsPolicy', WEAK) },
      { file: 'edge-eu.json', stack: 'edge-eu', template: exporter('shared-TlsPolicy', STRONG) },
      { file: 'app.json', stack: 'app', template: importer('shared-TlsPolicy') },
    ]);
    expect(f).toEqual([expect.stringMatching(/^app\/Https unknown: .*export shared-TlsPolicy may be exported by stack edge-us or stack edge-eu \(export names are unique per account and region/)]);
  });

  test('an export of another region is not the import\'s (before: pass); of the same region it is', () => {
    const inputs = (region: string): Input[] => [
      { file: 'edge.json', stack: 'edge', region: 'eu-west-1', template: exporter('shared-TlsPolicy', STRONG) },
      { file: 'app.json', stack: 'app', region, template: importer('shared-TlsPolicy') },
    ];
    expect(policyVerdict(inputs('us-east-1'))).toEqual([expect.stringMatching(/^app\/Https unknown: .*imported from another stack \(Fn::ImportValue\) not in this check/)]);
    expect(policyVerdict(inputs('eu-west-1'))).toEqual([expect.stringMatching(/^app\/Https pass/)]);
    // Two regions, each with its export: the importer's region decides, and the weak one is read.
    const both: Input[] = [
      { file: 'edge-us.json', stack: 'edge-us', region: 'us-east-1', template: exporter('shared-TlsPolicy', WEAK) },
      { file: 'edge-eu.json', stack: 'edge-eu', region: 'eu-west-1', template: exporter('shared-TlsPolicy', STRONG) },
      { file: 'app.json', stack: 'app', region: 'us-east-1', template: importer('shared-TlsPolicy') },
    ];
    expect(policyVerdict(both)).toEqual([expect.stringMatching(/^app\/Https fail: security policy ELBSecurityPolicy-2016-08/)]);
  });

  test('an export whose name is decided at deploy time may be the import\'s: unknown, naming its parameter (before: the literal export, a pass)', () => {
    const f = policyVerdict([
      { file: 'net.json', stack: 'net', template: exporter({ 'Fn::Sub': '${Env}-TlsPolicy' }, WEAK, { Parameters: { Env: { Type: 'String', Default: 'staging' } } }) },
      { file: 'edge.json', stack: 'edge', template: exporter('prod-TlsPolicy', STRONG) },
      { file: 'app.json', stack: 'app', template: importer('prod-TlsPolicy') },
    ]);
    expect(f).toEqual([expect.stringMatching(/^app\/Https unknown: .*export prod-TlsPolicy may be the export of stack edge or output TlsPolicy of stack net, whose export name \$\{Env\}-TlsPolicy is decided at deploy time/)]);
    // One that cannot be it (another suffix) is left aside.
    expect(policyVerdict([
      { file: 'net.json', stack: 'net', template: exporter({ 'Fn::Sub': '${Env}-VpcId' }, WEAK, { Parameters: { Env: { Type: 'String' } } }) },
      { file: 'edge.json', stack: 'edge', template: exporter('prod-TlsPolicy', STRONG) },
      { file: 'app.json', stack: 'app', template: importer('prod-TlsPolicy') },
    ])).toEqual([expect.stringMatching(/^app\/Https pass/)]);
  });

  test('an import name computed from a parameter: unknown when it is open, one verdict per allowed value', () => {
    const exporters: Input[] = [
      { file: 'prod.json', stack: 'prod', template: exporter('prod-TlsPolicy', STRONG) },
      { file: 'stg.json', stack: 'stg', template: exporter('staging-TlsPolicy', WEAK) },
    ];
    for (const name of [{ 'Fn::Sub': '${Env}-TlsPolicy' }, { 'Fn::Join': ['-', [{ Ref: 'Env' }, 'TlsPolicy']] }]) {
      expect(policyVerdict([...exporters, { file: 'app.json', stack: 'app', template: importer(name, { Parameters: { Env: { Type: 'String', Default: 'prod' } } }) }]))
        .toEqual([expect.stringMatching(/^app\/Https unknown: .*imported from another stack/)]);
      expect(policyVerdict([...exporters, { file: 'app.json', stack: 'app', template: importer(name, { Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'staging'] } } }) }]))
        .toEqual([expect.stringMatching(/^app\/Https unknown: depends on parameter Env: fails when parameter Env = staging/)]);
    }
  });
});

describe('an SSM parameter type of a nested stack: what the parent passes is the SSM parameter\'s name, not the value', () => {
  const parent = (passed: Record<string, any>) => ({ Resources: { Search: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'search.json', Parameters: passed } } } });
  const child = (param: Record<string, any>) => ({ Parameters: { SearchKey: param }, Resources: { Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { EncryptionAtRestOptions: { Enabled: true, KmsKeyId: { Ref: 'SearchKey' } } } } } });
  const nested = (passed: Record<string, any>, param: Record<string, any>) => run('OpenSearchEncryptedWithCmk', [
    { file: 'parent.json', stack: 'P', template: parent(passed) },
    { file: 'search.json', stack: 'P/Search', template: child(param), parent: { file: 'parent.json', stack: 'P', logicalId: 'Search' } },
  ]);

  test('passed by the parent, or its Default: unknown (before: the SSM name read as the key, a pass)', () => {
    expect(nested({ SearchKey: '/platform/search/kms-key' }, { Type: 'AWS::SSM::Parameter::Value<String>' })).toEqual([expect.stringMatching(/^P\/Search\/Domain unknown: KMS key decided at deploy time \(parameter SearchKey is read from SSM Parameter Store at deploy time\)/)]);
    expect(nested({}, { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/platform/search/kms-key' })).toEqual([expect.stringMatching(/unknown: KMS key decided at deploy time \(parameter SearchKey is read from SSM/)]);
    // A String parameter is the value passed: still read.
    expect(nested({ SearchKey: 'arn:aws:kms:eu-west-1:111111111111:key/1a2b' }, { Type: 'String' })).toEqual([expect.stringMatching(/pass: encrypted at rest with the customer-managed KMS key/)]);
  });

  test('a Fn::ForEach collection from an SSM list parameter of a nested stack is undecided, not the name passed', () => {
    const t = {
      Transform: 'AWS::LanguageExtensions',
      Parameters: { Names: { Type: 'AWS::SSM::Parameter::Value<List<String>>' }, Tier: { Type: 'AWS::SSM::Parameter::Value<String>', AllowedValues: ['/tiers/web'] } },
      Resources: {
        'Fn::ForEach::Queues': ['N', { Ref: 'Names' }, { 'Queue${N}': { Type: 'AWS::SQS::Queue' } }],
        'Fn::ForEach::Tiers': ['T', [{ Ref: 'Tier' }], { 'Topic${T}': { Type: 'AWS::SNS::Topic' } }],
      },
    };
    const out = expandLanguageExtensions(t, 'child.json', { nested: true, parameterValues: { Names: '/app/queue-names', Tier: '/tiers/web' } });
    const ids = Object.keys(out.Resources);
    expect(ids.some((id) => id.includes('/app/queue-names') || id.includes('appqueuenames'))).toBe(false);
    expect(ids.some((id) => id.includes('tiers'))).toBe(false);
    expect(JSON.stringify(out.Resources)).toMatch(/read from SSM Parameter Store at deploy time/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Certificates given from outside the template
// ---------------------------------------------------------------------------------------------------------------

const expiryAlarm = (dimension: any) => ({ Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/CertificateManager', MetricName: 'DaysToExpiry', Dimensions: [{ Name: 'CertificateArn', Value: dimension }], Statistic: 'Minimum', Period: 86400, EvaluationPeriods: 1, Threshold: 45, ComparisonOperator: 'LessThanThreshold', AlarmActions: [{ Ref: 'Oncall' }] } });
/** An API domain on an alarmed ACM certificate of the template, and an ALB listener on `cert`. */
const certApp = (cert: any, extra: Record<string, any> = {}) => ({
  Oncall: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/oncall' } },
  ApiCert: { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'api.shop.test', ValidationMethod: 'DNS' } },
  ApiCertExpiry: expiryAlarm({ Ref: 'ApiCert' }),
  ApiDomain: { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'api.shop.test', RegionalCertificateArn: { Ref: 'ApiCert' }, EndpointConfiguration: { Types: ['REGIONAL'] }, SecurityPolicy: 'TLS_1_2' } },
  Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-0a', 'subnet-0b'] } },
  Https: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, Protocol: 'HTTPS', SslPolicy: STRONG, Certificates: [{ CertificateArn: cert }], DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] } },
  ...extra,
});
const expiry = (resources: any, extra: any = {}) => judged('AcmCertificateExpiryAlarm', resources, extra);
const expiryItem = (resources: any, extra: any = {}) => checks.checkTemplate({ ...extra, Resources: resources }).statusOf('EDGE-CERTIFICATE-EXPIRY-ALARM');

describe('AcmCertificateExpiryAlarm: a certificate from outside the template is not warned for by another certificate\'s alarm', () => {
  const SSM_PARAM = { Parameters: { WebCertArn: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/shop/web/certificate-arn' } } };
  test.each([
    ['a dynamic reference {{resolve:ssm:...}}', '{{resolve:ssm:/shop/web/certificate-arn}}', {}, /decided at deploy time \(dynamic reference \{\{resolve:ssm:\/shop\/web\/certificate-arn\}\}\)/],
    ['an SSM parameter type', { Ref: 'WebCertArn' }, SSM_PARAM, /parameter WebCertArn is read from SSM Parameter Store/],
    ['an import', { 'Fn::ImportValue': 'certs-WebCertificateArn' }, {}, /imported from another stack/],
    ['a custom resource\'s attribute', { 'Fn::GetAtt': ['WebCert', 'CertificateArn'] }, {}, /WebCert\.CertificateArn/],
    ['an ACM ARN written as text', 'arn:aws:acm:eu-west-1:111111111111:certificate/7d1c', {}, /arn:aws:acm:eu-west-1:111111111111:certificate\/7d1c/],
  ])('%s: unknown on the listener, the item unknown (before: satisfied by the API certificate\'s alarm)', (_, cert, extra, why) => {
    const resources = certApp(cert, { WebCert: { Type: 'Custom::AcmCertificate', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:certs', DomainName: 'shop.test' } } });
    const f = expiry(resources, extra).filter(([r]) => r === 'Https');
    expect(f).toEqual([['Https', 'unknown', expect.stringMatching(/none of this template's, and no alarm here watches its DaysToExpiry/)]]);
    expect(f[0][2]).toMatch(why);
    expect(expiryItem(resources, extra)).toBe('unknown');
  });

  test('an alarm of the template on the same value is judged: pass (the same ARN, the same SSM parameter, the same dynamic reference), fail when it is inadequate', () => {
    const arn = 'arn:aws:acm:eu-west-1:111111111111:certificate/7d1c';
    expect(expiry(certApp(arn, { WebExpiry: expiryAlarm(arn) })).filter(([r]) => r === 'Https')).toEqual([['Https', 'pass', expect.stringMatching(/alarm WebExpiry fires when DaysToExpiry < 45/)]]);
    expect(expiryItem(certApp(arn, { WebExpiry: expiryAlarm(arn) }))).toBe('satisfied');
    const dyn = '{{resolve:ssm:/shop/web/certificate-arn}}';
    expect(statuses(expiry(certApp(dyn, { WebExpiry: expiryAlarm(dyn) })).filter(([r]) => r === 'Https'))).toEqual(['pass']);
    const ssm = { Parameters: { WebCertArn: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/shop/web/certificate-arn' } } };
    expect(statuses(expiry(certApp({ Ref: 'WebCertArn' }, { WebExpiry: expiryAlarm({ Ref: 'WebCertArn' }) }), ssm).filter(([r]) => r === 'Https'))).toEqual(['pass']);
    const late = { ...expiryAlarm(arn), Properties: { ...expiryAlarm(arn).Properties, Threshold: 7 } };
    expect(expiry(certApp(arn, { WebExpiry: late })).filter(([r]) => r === 'Https')).toEqual([['Https', 'fail', expect.stringMatching(/WebExpiry: threshold 7 days, needs >= 30/)]]);
    // Another ARN's alarm does not watch it.
    expect(statuses(expiry(certApp(arn, { WebExpiry: expiryAlarm('arn:aws:acm:eu-west-1:111111111111:certificate/0000') })).filter(([r]) => r === 'Https'))).toEqual(['unknown']);
  });

  test('a distribution on an IAM server certificate: fail (ACM publishes no DaysToExpiry for it); the default certificate: no finding', () => {
    const dist = (vc: any) => ({ Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true, ViewerCertificate: vc, DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'redirect-to-https' }, Origins: [{ Id: 'o', DomainName: 'origin.shop.test', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }] } } } });
    expect(expiry(dist({ IamCertificateId: 'ASCAEXAMPLE', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' }))).toEqual([['Cdn', 'fail', expect.stringMatching(/IAM server certificate: ACM publishes no DaysToExpiry for it/)]]);
    expect(expiry(dist({ CloudFrontDefaultCertificate: true }))).toEqual([]);
  });

  test('a listener on a certificate of the template gets no finding of its own (the certificate is judged)', () => {
    expect(expiry(certApp({ Ref: 'ApiCert' })).map(([r, s]) => [r, s])).toEqual([['ApiCert', 'pass']]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 4. Fresh hunt: ALB authenticate-oidc actions and Cognito identity providers hold client secrets (SecretsNoPlaintext)
// ---------------------------------------------------------------------------------------------------------------

const oidc = (secret: any, extra: Record<string, any> = {}) => ({ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { Issuer: 'https://login.shop.test', AuthorizationEndpoint: 'https://login.shop.test/authorize', TokenEndpoint: 'https://login.shop.test/token', UserInfoEndpoint: 'https://login.shop.test/userinfo', ClientId: 'shop-web', ...(secret === undefined ? {} : { ClientSecret: secret }), ...extra } });
const forward = { Type: 'forward', Order: 2, TargetGroupArn: { Ref: 'Web' } };
const albApp = (defaultSecret: any, ruleSecret: any = defaultSecret) => ({
  Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-0a', 'subnet-0b'] } },
  Web: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 8080, Protocol: 'HTTP', VpcId: 'vpc-0a', TargetType: 'ip' } },
  Https: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, Protocol: 'HTTPS', SslPolicy: STRONG, Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/0f3e' }], DefaultActions: [oidc(defaultSecret), forward] } },
  Admin: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Https' }, Priority: 10, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/admin/*'] } }], Actions: [oidc(ruleSecret), forward] } },
});
const noPlaintext = (resources: any, extra: any = {}) => judged('SecretsNoPlaintext', resources, extra).filter(([r]) => r === 'Https' || r === 'Admin' || r === 'Idp');
const noPlaintextItem = (resources: any, extra: any = {}) => checks.checkTemplate({ ...extra, Resources: resources }).statusOf('SECRETS-NO-PLAINTEXT');
const NOECHO = { Parameters: { OidcClientSecret: { Type: 'String', NoEcho: true } } };

describe('SecretsNoPlaintext: the OIDC client secret of a load balancer\'s authenticate-oidc action', () => {
  test('written in the listener and in a listener rule: fail on both, the item violated (before: satisfied)', () => {
    const app = albApp('q8Xr-shop-web-client-secret', 'q8Xr-admin-client-secret');
    expect(noPlaintext(app, NOECHO)).toEqual([
      ['Https', 'fail', expect.stringMatching(/^OIDC client secret in plain text in the template: Https DefaultActions\.0\.AuthenticateOidcConfig\.ClientSecret is written in the template in plain text/)],
      ['Admin', 'fail', expect.stringMatching(/Admin Actions\.0\.AuthenticateOidcConfig\.ClientSecret is written in the template in plain text/)],
    ]);
    expect(noPlaintextItem({ ...app, Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'not-a-secret' } } }, NOECHO)).toBe('violated');
  });

  test('a parameter with a Default, or one not NoEcho: fail; a NoEcho parameter, a Secrets Manager reference or UseExistingClientSecret: no finding', () => {
    expect(statuses(noPlaintext(albApp({ Ref: 'OidcClientSecret' }), { Parameters: { OidcClientSecret: { Type: 'String', NoEcho: true, Default: 'changeme-secret' } } }))).toEqual(['fail', 'fail']);
    expect(noPlaintext(albApp({ Ref: 'OidcClientSecret' }), { Parameters: { OidcClientSecret: { Type: 'String' } } })[0][2]).toMatch(/parameter OidcClientSecret is not NoEcho/);
    expect(noPlaintext(albApp({ Ref: 'OidcClientSecret' }), NOECHO)).toEqual([]);
    expect(noPlaintext(albApp('{{resolve:secretsmanager:shop/oidc:SecretString:client_secret}}'))).toEqual([]);
    expect(noPlaintext(albApp(undefined))).toEqual([]);
  });

  test('a secret built at deploy time from a custom resource: unknown', () => {
    const app = { ...albApp({ 'Fn::Sub': '${Oidc.Secret}' }), Oidc: { Type: 'Custom::OidcClient', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:oidc' } } };
    expect(statuses(noPlaintext(app))).toEqual(['unknown', 'unknown']);
  });
});

describe('SecretsNoPlaintext: a Cognito identity provider\'s client secret or private key', () => {
  const idp = (details: Record<string, any>, type = 'OIDC') => ({
    Pool: { Type: 'AWS::Cognito::UserPool', Properties: { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] } },
    Idp: { Type: 'AWS::Cognito::UserPoolIdentityProvider', Properties: { UserPoolId: { Ref: 'Pool' }, ProviderName: 'Corp', ProviderType: type, ProviderDetails: { client_id: 'corp-client', authorize_scopes: 'openid email', ...details } } },
  });
  test('written in ProviderDetails: fail, the item violated (before: no finding, satisfied by the rest)', () => {
    const app = idp({ client_secret: 'Zt4-corp-oidc-client-secret', oidc_issuer: 'https://corp.test', attributes_request_method: 'GET' });
    expect(noPlaintext(app)).toEqual([['Idp', 'fail', expect.stringMatching(/identity provider Idp: client_secret is written in the template in plain text/)]]);
    expect(noPlaintextItem({ ...app, Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'not-a-secret' } } })).toBe('violated');
    expect(noPlaintext(idp({ private_key: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----', key_id: 'K1', team_id: 'T1' }, 'SignInWithApple'))[0][1]).toBe('fail');
  });
  test('from Secrets Manager or a NoEcho parameter: pass', () => {
    expect(noPlaintext(idp({ client_secret: '{{resolve:secretsmanager:corp/oidc:SecretString:secret}}' }))).toEqual([['Idp', 'pass', expect.stringMatching(/passed by reference/)]]);
    expect(statuses(noPlaintext(idp({ client_secret: { Ref: 'OidcClientSecret' } }), NOECHO))).toEqual(['pass']);
  });
});
