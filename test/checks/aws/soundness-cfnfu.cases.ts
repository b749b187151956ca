/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * S3BucketTlsOnly / AlarmTopicEncrypted / access-log rules, DB-CONNECTION-POOLING and the coverage list (cfnfu):
 * - a plain string (not Fn::Sub) `arn:aws:s3:::${B}/*` in a Deny's Resource read as naming bucket B: CloudFormation
 *   leaves it as written, IAM reads `${B}` as a policy variable or literal text (IAM User Guide, "Policy elements:
 *   variables and tags", "Version"): the Deny protects nothing of B (was a pass, now a fail);
 * - `arn:aws:s3:::${B}/?*` did not cover B's objects (every key has a character): a wrong fail, now it covers;
 * - two log-bucket policies granting "the same" principal, once as Fn::Sub text, once as a plain string holding
 *   `${AWS::AccountId}`: one grant (was a pass), now different grants (unknown).
 */
import { GoLiveChecks } from '../../../lib';
import { LOGS_TLS_DENY, albLogsTemplate, logsPolicy } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[status, message]` of `rule` on `resource` of a small template. */
function judged(resources: Record<string, any>, resource: string, rule = 'S3BucketTlsOnly', account?: string): Array<[string, string]> {
  const report = checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, 'T',
    account ? { region: 'eu-west-1', account } : undefined);
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}
const deny = (resource: any) => ({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: resource });
const policy = (bucket: any, ...statements: any[]) => ({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: bucket, PolicyDocument: { Version: '2012-10-17', Statement: statements } } });
const bucket = (name?: any) => ({ Type: 'AWS::S3::Bucket', ...(name !== undefined ? { Properties: { BucketName: name } } : {}) });
const sub = (s: string) => ({ 'Fn::Sub': s });
const PASS = /denies requests without TLS to the whole bucket/;
const AS_WRITTEN = /outside Fn::Sub is left as written by CloudFormation/;

describe('${...} in a plain string names no resource', () => {
  test('plain arn:aws:s3:::${B} and ${B}/*: fail (was a pass)', () => {
    for (const name of [undefined, 'orders']) {
      const t = { B: bucket(name), BP: policy({ Ref: 'B' }, deny(['arn:aws:s3:::${B}', 'arn:aws:s3:::${B}/*'])) };
      expect(judged(t, 'B')).toEqual([['fail', expect.stringMatching(AS_WRITTEN)]]);
    }
    // `${!B}` in Fn::Sub is the same literal text; a Join of plain pieces too.
    for (const res of [sub('arn:aws:s3:::${!B}/*'), { 'Fn::Join': ['', ['arn:aws:s3:::', '${B}', '/*']] }]) {
      expect(judged({ B: bucket(), BP: policy({ Ref: 'B' }, deny([{ 'Fn::GetAtt': ['B', 'Arn'] }, res])) }, 'B')).toEqual([['fail', expect.stringMatching(/covers the bucket, not the whole bucket/)]]);
    }
  });

  test('a plain ${AWS::Partition} or ${B.Arn}: fail (was a pass); the same in Fn::Sub passes', () => {
    expect(judged({ B: bucket('orders'), BP: policy({ Ref: 'B' }, deny(['arn:${AWS::Partition}:s3:::orders', 'arn:${AWS::Partition}:s3:::orders/*'])) }, 'B'))
      .toEqual([['fail', expect.stringMatching(AS_WRITTEN)]]);
    expect(judged({ B: bucket(), BP: policy({ Ref: 'B' }, deny(['${B.Arn}', '${B.Arn}/*'])) }, 'B')).toEqual([['fail', expect.stringMatching(AS_WRITTEN)]]);
    for (const res of [[sub('arn:${AWS::Partition}:s3:::orders'), sub('arn:${AWS::Partition}:s3:::orders/*')], [sub('${B.Arn}'), sub('${B.Arn}/*')], [sub('arn:aws:s3:::${B}'), sub('arn:aws:s3:::${B}/*')]]) {
      expect(judged({ B: bucket('orders'), BP: policy({ Ref: 'B' }, deny(res)) }, 'B')).toEqual([['pass', expect.stringMatching(PASS)]]);
    }
  });

  test('a topic policy: plain ${T} or ${AWS::Region}: fail (was a pass)', () => {
    const topic = (name?: any) => ({ Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k', ...(name !== undefined ? { TopicName: name } : {}) } });
    const tdeny = (resource: any) => ({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: resource, Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const tpol = (resource: any) => ({ Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'T' }], PolicyDocument: { Version: '2012-10-17', Statement: [tdeny(resource)] } } });
    const RULE = 'AlarmTopicEncrypted';
    for (const [name, res] of [[undefined, '${T}'], ['alarms', 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alarms']] as const) {
      expect(judged({ T: topic(name), TP: tpol(res) }, 'T', RULE)).toEqual([['fail', expect.stringMatching(/no topic policy denies publishing without TLS/)]]);
      expect(judged({ T: topic(name), TP: tpol(sub(res)) }, 'T', RULE)).toEqual([['pass', expect.stringMatching(/TP denies/)]]);
    }
  });

  test('log-bucket grants: a plain ${AWS::AccountId} is not the Fn::Sub one: unknown (was a pass)', () => {
    const tlsDeny = LOGS_TLS_DENY;
    const put = (principal: any) => ({ Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Logs.Arn}/AWSLogs/*' } });
    const pol = logsPolicy;
    const t = albLogsTemplate({
      A: pol(tlsDeny, put({ AWS: sub('arn:aws:iam::${AWS::AccountId}:root') })),
      B: pol(tlsDeny, put({ AWS: 'arn:aws:iam::${AWS::AccountId}:root' })),
    });
    expect(judged(t, 'LB', 'AlbAccessLogs')).toEqual(expect.arrayContaining([['unknown', expect.stringMatching(/grant writes to different principals/)]]));
  });
});

describe('a Resource ending /?* covers every object', () => {
  test('${B}/?*, ${B}/*?, ${B}?*: pass (was a fail); /??* and /? still fail', () => {
    for (const keys of ['${B.Arn}/?*', '${B.Arn}/*?', '${B.Arn}?*', '${B.Arn}/*?*']) {
      expect(judged({ B: bucket(), BP: policy({ Ref: 'B' }, deny([{ 'Fn::GetAtt': ['B', 'Arn'] }, sub(keys)])) }, 'B')).toEqual([['pass', expect.stringMatching(PASS)]]);
    }
    for (const keys of ['${B.Arn}/??*', '${B.Arn}/?', '${B.Arn}/?x*']) {
      expect(judged({ B: bucket(), BP: policy({ Ref: 'B' }, deny([{ 'Fn::GetAtt': ['B', 'Arn'] }, sub(keys)])) }, 'B')).toEqual([['fail', expect.stringMatching(/covers the bucket, not the whole bucket/)]]);
    }
  });
});

describe('a bucket policy whose Bucket is the plain string ${B}', () => {
  test('is not B\'s policy: B has none (fail, was a pass)', () => {
    const t = { B: bucket(), BP: policy('${B}', deny('*')) };
    expect(judged(t, 'B')).toEqual([['fail', expect.stringMatching(/no bucket policy|does not deny/)]]);
    expect(judged({ B: bucket(), BP: policy(sub('${B}'), deny('*')) }, 'B')).toEqual([['pass', expect.stringMatching(PASS)]]);
  });
});

describe('DB-CONNECTION-POOLING is judged per database once the stack has an RDS Proxy', () => {
  const RULE = 'RdsProxyRequiresTls';
  const inst = (more: Record<string, any> = {}) => ({ Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', ...more } });
  const proxy = { Type: 'AWS::RDS::DBProxy', Properties: { DBProxyName: 'pool', EngineFamily: 'POSTGRESQL', RequireTLS: true, RoleArn: 'arn:aws:iam::123456789012:role/r', Auth: [], VpcSubnetIds: ['subnet-1'] } };
  const group = (prop: string, ...dbs: any[]) => ({ Type: 'AWS::RDS::DBProxyTargetGroup', Properties: { DBProxyName: { Ref: 'P' }, TargetGroupName: 'default', [prop]: dbs } });

  test('two databases, a proxy in front of one: the other is unknown (the item passed)', () => {
    const t = { A: inst(), B: inst(), P: proxy, G: group('DBInstanceIdentifiers', { Ref: 'A' }) };
    expect(judged(t, 'A', RULE)).toEqual([['pass', expect.stringMatching(/fronted by RDS Proxy P \(target group G/)]]);
    expect(judged(t, 'B', RULE)).toEqual([['unknown', expect.stringMatching(/no RDS Proxy of this template fronts database instance B/)]]);
    expect(judged(t, 'P', RULE)).toEqual([['pass', expect.anything()]]);
    // By literal identifier, and by the proxy's literal name.
    const named = { A: inst({ DBInstanceIdentifier: 'Orders' }), P: proxy, G: { ...group('DBInstanceIdentifiers', 'orders'), Properties: { ...group('DBInstanceIdentifiers', 'orders').Properties, DBProxyName: 'pool' } } };
    expect(judged(named, 'A', RULE)).toEqual([['pass', expect.stringMatching(/fronted by RDS Proxy P/)]]);
  });

  test('a cluster is judged for its members; a read replica on its source; no proxy in the stack: no finding', () => {
    const cluster = { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } };
    const t = { C: cluster, M: inst({ Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'C' } }), A: inst(), R: inst({ SourceDBInstanceIdentifier: { Ref: 'A' } }), P: proxy, G: group('DBInstanceIdentifiers', { Ref: 'A' }) };
    expect(judged(t, 'C', RULE)).toEqual([['unknown', expect.stringMatching(/fronts database cluster C .*DBClusterIdentifiers/)]]);
    expect(judged(t, 'M', RULE)).toEqual([]);
    expect(judged(t, 'R', RULE)).toEqual([]);
    expect(judged({ ...t, G: group('DBClusterIdentifiers', { Ref: 'C' }) }, 'C', RULE)).toEqual([['pass', expect.stringMatching(/cluster C is fronted by RDS Proxy P/)]]);
    expect(judged({ A: inst(), B: inst() }, 'B', RULE)).toEqual([]);
  });
});

describe('coverage: types a rule reads as neighbours are not "not judged"', () => {
  test('Route 53 records EdgeDnsAlias reads are not listed; a Route 53 type no rule reads still is', () => {
    const report = checks.checkTemplate({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        LB: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application', Scheme: 'internet-facing', Subnets: ['subnet-1', 'subnet-2'] } },
        R: { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneId: 'Z1', Name: 'app.example.com', Type: 'A', AliasTarget: { DNSName: { 'Fn::GetAtt': ['LB', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['LB', 'CanonicalHostedZoneID'] } } } },
        G: { Type: 'AWS::Route53::RecordSetGroup', Properties: { HostedZoneId: 'Z1', RecordSets: [{ Name: 'www.example.com', Type: 'A', AliasTarget: { DNSName: { 'Fn::GetAtt': ['LB', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['LB', 'CanonicalHostedZoneID'] } } }] } },
        K: { Type: 'AWS::Route53::KeySigningKey', Properties: { HostedZoneId: 'Z1', KeyManagementServiceArn: 'arn:aws:kms:us-east-1:123456789012:key/k', Name: 'k', Status: 'ACTIVE' } },
      },
    }, 'T');
    expect(report.findings.filter((f) => f.ruleId === 'EdgeDnsAlias').map((f) => f.status)).toEqual(['pass']);
    expect(report.coverage.notJudged).toEqual({ 'AWS::Route53::KeySigningKey': 1 });
  });
});
