/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes (and two false fails) found by probing the CloudFront and logging rules with templates written the
 * way third parties write them: each wrong pass must now fail or be unknown, and the compliant form next to it must
 * still pass.
 */
import { judged } from './judged';

/** The rule's verdict on the template: its worst finding (the log bucket rules report one finding per aspect when all pass). */
const statuses = (fs: Array<[string, string, string]>) => {
  const all = fs.map(([, s]) => s);
  const worst = ['fail', 'unknown', 'pass'].find((s) => all.includes(s));
  return worst === undefined ? [] : [worst];
};
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

const behavior = { TargetOriginId: 'o', ViewerProtocolPolicy: 'redirect-to-https', Compress: true, CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' };
const distribution = (config: Record<string, any>, origin: Record<string, any> = { Id: 'o', DomainName: 'origin.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }) => ({
  Type: 'AWS::CloudFront::Distribution',
  Properties: { DistributionConfig: { Enabled: true, Origins: [origin], DefaultCacheBehavior: behavior, ...config } },
});

describe('CloudFrontHttpsCaching: VPC origins', () => {
  const template = (policy: any, id: any = { 'Fn::GetAtt': ['VpcOrigin', 'Id'] }) => ({
    Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: ['subnet-aaaa1111', 'subnet-bbbb2222'] } },
    VpcOrigin: {
      Type: 'AWS::CloudFront::VpcOrigin',
      Properties: { VpcOriginEndpointConfig: { Name: 'alb', Arn: { Ref: 'Alb' }, HTTPPort: 80, HTTPSPort: 443, ...(policy === undefined ? {} : { OriginProtocolPolicy: policy }) } },
    },
    Dist: distribution({}, { Id: 'o', DomainName: { 'Fn::GetAtt': ['Alb', 'DNSName'] }, VpcOriginConfig: { VpcOriginId: id } }),
  });

  test('a VPC origin reached with http-only fails', () => {
    const f = judged('CloudFrontHttpsCaching', template('http-only'));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/origin o is reached over plain HTTP \(VPC origin VpcOrigin: http-only\)/);
  });
  test('a VPC origin id from a parameter is unknown', () => {
    const f = judged('CloudFrontHttpsCaching', template('https-only', { Ref: 'OriginId' }), { Parameters: { OriginId: { Type: 'String' } } });
    expect(statuses(f)).toEqual(['unknown']);
  });
  test.each([['https-only'], ['match-viewer'], [undefined]])('a VPC origin with %s passes', (policy) => {
    expect(statuses(judged('CloudFrontHttpsCaching', template(policy)))).toEqual(['pass']);
  });
});

describe('CloudFrontAccessLogs: delivery sources', () => {
  const source = {
    Type: 'AWS::Logs::DeliverySource',
    Properties: { Name: 'cf-access', LogType: 'ACCESS_LOGS', ResourceArn: { 'Fn::Sub': 'arn:aws:cloudfront::${AWS::AccountId}:distribution/${Dist}' } },
  };
  const destination = { Type: 'AWS::Logs::DeliveryDestination', Properties: { Name: 'cf-dest', DestinationResourceArn: { 'Fn::GetAtt': ['Group', 'Arn'] } } };
  const group = { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 400 } };
  const delivery = (name: any) => ({ Type: 'AWS::Logs::Delivery', Properties: { DeliverySourceName: name, DeliveryDestinationArn: { 'Fn::GetAtt': ['Dest', 'Arn'] } } });

  test('a delivery source with no delivery delivers nothing', () => {
    const f = judged('CloudFrontAccessLogs', { Dist: distribution({}), Source: source });
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/delivery source Source delivers nothing/);
  });
  test.each([[{ Ref: 'Source' }], ['cf-access']])('a delivery naming the source (%j) passes', (name) => {
    const f = judged('CloudFrontAccessLogs', { Dist: distribution({}), Source: source, Group: group, Dest: destination, Delivery: delivery(name) });
    expect(f.map(([, s, m]) => [s, m])).toEqual([['pass', 'access logs delivered through Source by Delivery']]);
  });
  test('a delivery of another source fails; one named by an open parameter is unknown', () => {
    expect(statuses(judged('CloudFrontAccessLogs', { Dist: distribution({}), Source: source, Group: group, Dest: destination, Delivery: delivery('other') }))).toEqual(['fail']);
    expect(statuses(judged('CloudFrontAccessLogs', { Dist: distribution({}), Source: source, Group: group, Dest: destination, Delivery: delivery({ Ref: 'SourceName' }) },
      { Parameters: { SourceName: { Type: 'String' } } }))).toEqual(['unknown']);
  });
});

/** A CloudFront log bucket (encrypted by default, TLS-only) with these lifecycle rules, logging under `prefix`. */
function cloudFrontLogs(rules: any[] | undefined, prefix: any = 'cf/'): Record<string, any> {
  return {
    LogBucket: {
      Type: 'AWS::S3::Bucket',
      Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] }, ...(rules ? { LifecycleConfiguration: { Rules: rules } } : {}) },
    },
    LogBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'LogBucket' },
        PolicyDocument: {
          Statement: [{
            Effect: 'Deny', Principal: '*', Action: 's3:*',
            Resource: [{ 'Fn::GetAtt': ['LogBucket', 'Arn'] }, { 'Fn::Sub': '${LogBucket.Arn}/*' }],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }],
        },
      },
    },
    Dist: distribution({ Logging: { Bucket: { 'Fn::GetAtt': ['LogBucket', 'RegionalDomainName'] }, ...(prefix === undefined ? {} : { Prefix: prefix }) } }),
  };
}

/** A trail passing every other aspect, to a bucket of this template with these lifecycle rules. */
function trail(rules: any[] | undefined, trailProps: Record<string, any> = {}): Record<string, any> {
  return {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }] } },
    },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: rules ? { LifecycleConfiguration: { Rules: rules } } : {} },
    Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 400 } },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      Properties: {
        IsLogging: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
        KMSKeyId: { Ref: 'Key' }, S3BucketName: { Ref: 'Bucket' },
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': ['Group', 'Arn'] }, CloudWatchLogsRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
        ...trailProps,
      },
    },
  };
}
const openParam = { Parameters: { P: { Type: 'String' } } };

describe('log bucket lifecycle: ExpirationDate', () => {
  const date = { Id: 'purge', Status: 'Enabled', ExpirationDate: '2024-01-01T00:00:00.000Z' };
  test('CloudFront: an enabled rule with an ExpirationDate fails', () => {
    const f = judged('CloudFrontAccessLogs', cloudFrontLogs([date]));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/lifecycle rule purge deletes every log file from 2024-01-01T00:00:00.000Z on \(ExpirationDate\)/);
  });
  test('AuditTrail: an enabled rule with an ExpirationDate fails', () => {
    const f = judged('AuditTrail', trail([{ Status: 'Enabled', ExpirationDate: '2024-01-01T00:00:00.000Z' }]));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/trail bucket Bucket: lifecycle rule 0 deletes every log file/);
  });
  test('a disabled ExpirationDate rule does not apply', () => {
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([{ ...date, Status: 'Disabled' }, { Status: 'Enabled', ExpirationInDays: 400 }])))).toEqual(['pass']);
    expect(statuses(judged('AuditTrail', trail([{ ...date, Status: 'Disabled' }, { Status: 'Enabled', ExpirationInDays: 400 }])))).toEqual(['pass']);
  });
  test('an ExpirationDate chosen by an undecided condition is unknown', () => {
    const extra = { Parameters: { P: { Type: 'String' } }, Conditions: { Purge: { 'Fn::Equals': [{ Ref: 'P' }, 'yes'] } } };
    const rule = { Status: 'Enabled', ExpirationInDays: 400, ExpirationDate: { 'Fn::If': ['Purge', '2024-01-01T00:00:00.000Z', { Ref: 'AWS::NoValue' }] } };
    expect(statuses(judged('AuditTrail', trail([rule]), extra))).toEqual(['unknown']);
  });
  test('compliant: expiring after the retention passes', () => {
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([{ Status: 'Enabled', ExpirationInDays: 400 }])))).toEqual(['pass']);
    expect(statuses(judged('AuditTrail', trail([{ Status: 'Enabled', ExpirationInDays: 400 }])))).toEqual(['pass']);
  });
});

describe('log bucket lifecycle: only rules whose filter can take the log files apply', () => {
  const tmp = { Id: 'tmp', Status: 'Enabled', Prefix: 'tmp/', ExpirationInDays: 1 };
  test('CloudFront: a short rule on another prefix does not apply (was a false fail)', () => {
    const f = judged('CloudFrontAccessLogs', cloudFrontLogs([tmp, { Id: 'cf', Status: 'Enabled', Prefix: 'cf/', ExpirationInDays: 400 }]));
    expect(statuses(f)).toEqual(['pass']);
  });
  test('AuditTrail: a short rule on another prefix does not apply (was a false fail)', () => {
    const f = judged('AuditTrail', trail([{ Status: 'Enabled', Prefix: 'scratch/', ExpirationInDays: 1 }, { Status: 'Enabled', Prefix: 'AWSLogs/', ExpirationInDays: 400 }]));
    expect(statuses(f)).toEqual(['pass']);
  });
  test.each([
    ['Filter.Prefix', { Status: 'Enabled', Filter: { Prefix: 'tmp/' }, ExpirationInDays: 1 }],
    ['tag filters', { Status: 'Enabled', TagFilters: [{ Key: 'scratch', Value: 'yes' }], ExpirationInDays: 1 }],
    ['a disabled rule', { Status: 'Disabled', ExpirationInDays: 1 }],
  ])('%s: the short rule does not apply', (_what, rule) => {
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([rule, { Status: 'Enabled', ExpirationInDays: 400 }])))).toEqual(['pass']);
    expect(statuses(judged('AuditTrail', trail([rule, { Status: 'Enabled', ExpirationInDays: 400 }])))).toEqual(['pass']);
  });
  test('a short rule on the logs\' prefix (or a prefix of it) still fails', () => {
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([{ Status: 'Enabled', Prefix: 'cf/', ExpirationInDays: 1 }])))).toEqual(['fail']);
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([{ Status: 'Enabled', Prefix: 'c', ExpirationInDays: 1 }])))).toEqual(['fail']);
    expect(statuses(judged('AuditTrail', trail([{ Status: 'Enabled', Prefix: 'AWSLogs/', ExpirationInDays: 1 }])))).toEqual(['fail']);
    expect(statuses(judged('AuditTrail', trail([{ Status: 'Enabled', Prefix: 'audit/', ExpirationInDays: 1 }], { S3KeyPrefix: 'audit' })))).toEqual(['fail']);
    expect(statuses(judged('AuditTrail', trail([{ Status: 'Enabled', Prefix: 'AWSLogs/', ExpirationInDays: 1 }], { S3KeyPrefix: 'audit' })))).toEqual(['pass']);
  });
  test('a CloudFront log bucket whose only rule is for another prefix never expires the logs: fail', () => {
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([{ Status: 'Enabled', Prefix: 'tmp/', ExpirationInDays: 400 }])))).toEqual(['fail']);
  });
  test('the log prefix or the filter decided at deploy time is unknown', () => {
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([tmp, { Status: 'Enabled', ExpirationInDays: 400 }], { Ref: 'P' }), openParam))).toEqual(['unknown']);
    expect(statuses(judged('AuditTrail', trail([tmp], { S3KeyPrefix: { Ref: 'P' } }), openParam))).toEqual(['unknown']);
    expect(statuses(judged('AuditTrail', trail([{ ...tmp, Prefix: { Ref: 'P' } }]), openParam))).toEqual(['unknown']);
    expect(statuses(judged('CloudFrontAccessLogs', cloudFrontLogs([{ ...tmp, Prefix: { Ref: 'P' } }, { Status: 'Enabled', ExpirationInDays: 400 }]), openParam))).toEqual(['unknown']);
  });
  test('a rule prefix reaching past the log prefix takes only some log files: unknown', () => {
    expect(statuses(judged('AuditTrail', trail([{ Status: 'Enabled', Prefix: 'AWSLogs/123456789012/', ExpirationInDays: 1 }])))).toEqual(['unknown']);
  });
  test('ALB access logs: the access_logs.s3.prefix decides', () => {
    const alb = (rules: any[]) => ({
      ...cloudFrontLogs(rules),
      Dist: undefined,
      Alb: {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: {
          Subnets: ['subnet-1', 'subnet-2'],
          LoadBalancerAttributes: [
            { Key: 'access_logs.s3.enabled', Value: 'true' },
            { Key: 'access_logs.s3.bucket', Value: { Ref: 'LogBucket' } },
            { Key: 'access_logs.s3.prefix', Value: 'alb' },
          ],
        },
      },
    });
    const strip = (r: Record<string, any>) => { const c = clone(r); delete c.Dist; return c; };
    expect(statuses(judged('AlbAccessLogs', strip(alb([tmp, { Status: 'Enabled', Prefix: 'alb/', ExpirationInDays: 400 }]))))).toEqual(['pass']);
    expect(statuses(judged('AlbAccessLogs', strip(alb([{ ...tmp, Prefix: 'alb/AWSLogs/' }]))))).toEqual(['fail']);
  });
});

describe('AuditTrail: management events', () => {
  test('a basic selector excluding management event sources fails', () => {
    const f = judged('AuditTrail', trail([], { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] }));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/excludes the management events of kms.amazonaws.com, rdsdata.amazonaws.com/);
  });
  test('excluded sources from an open parameter are unknown', () => {
    const f = judged('AuditTrail', trail([], { EventSelectors: [{ ReadWriteType: 'All', ExcludeManagementEventSources: { Ref: 'P' } }] }), { Parameters: { P: { Type: 'CommaDelimitedList' } } });
    expect(statuses(f)).toEqual(['unknown']);
  });
  test('compliant: no excluded source (or an empty list) passes', () => {
    expect(statuses(judged('AuditTrail', trail([], { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] })))).toEqual(['pass']);
    expect(statuses(judged('AuditTrail', trail([], { EventSelectors: [{ ReadWriteType: 'All', ExcludeManagementEventSources: [] }] })))).toEqual(['pass']);
  });

  const advanced = (...fields: any[]) => ({ AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...fields] }] });
  test.each([
    ['eventSource NotEquals', { Field: 'eventSource', NotEquals: ['kms.amazonaws.com', 'iam.amazonaws.com'] }],
    ['eventName Equals', { Field: 'eventName', Equals: ['CreateUser'] }],
    ['resources.type', { Field: 'resources.type', Equals: ['AWS::S3::Object'] }],
    ['readOnly', { Field: 'readOnly', Equals: ['false'] }],
  ])('an advanced selector narrowed by %s fails', (_what, field) => {
    const f = judged('AuditTrail', trail([], advanced(field)));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/advanced event selectors do not record all/);
  });
  test('a narrowing field whose values come from an open parameter is unknown', () => {
    expect(statuses(judged('AuditTrail', trail([], advanced({ Field: 'eventSource', NotEquals: [{ Ref: 'P' }] })), openParam))).toEqual(['unknown']);
  });
  test('compliant: eventCategory Management alone, or a reads and a writes selector together, pass', () => {
    expect(statuses(judged('AuditTrail', trail([], advanced())))).toEqual(['pass']);
    const split = { AdvancedEventSelectors: ['true', 'false'].map((r) => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: [r] }] })) };
    expect(statuses(judged('AuditTrail', trail([], split)))).toEqual(['pass']);
  });
});
