/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * BACKUP-BUCKET-SECURED: which bucket policies are a bucket's, and which resources a TLS Deny covers (found by an
 * audit, 2026-12): a policy whose `Bucket` merely held a reference to the bucket (`!Sub '${B}-logs'`, `!Join ['',
 * [!Ref B, '-logs']]`, another bucket's name) was taken as the bucket's own, so a bucket with no policy passed on
 * another bucket's wildcard Deny (S3 accepts a Resource pattern matching the bucket it is put on) and a bucket with
 * its own TLS Deny was unknown; a statement Resource built from a parameter (`arn:aws:s3:::${P1}/*`) was never read,
 * so a Deny over the bucket named by that same parameter was unknown, and one over another parameter P2 named only P2.
 */
import { judgedOn } from './judged';
import { PatchOp } from './fixtures';
import { GoLiveChecks } from '../../../lib';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });
const RULE = 'S3BucketTlsOnly';

/** `[status, message]` of `rule` on `resource` of a small template. */
function judged(resources: Record<string, any>, resource: string, parameters?: Record<string, any>, rule = RULE): Array<[string, string]> {
  const report = checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', ...(parameters ? { Parameters: parameters } : {}), Resources: resources });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}
const deny = (resource: any) => ({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: resource });
const grant = (resource: any) => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: resource });
const policy = (bucket: any, ...statements: any[]) => ({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: bucket, PolicyDocument: { Version: '2012-10-17', Statement: statements } } });
const bucket = (name?: any) => ({ Type: 'AWS::S3::Bucket', ...(name !== undefined ? { Properties: { BucketName: name } } : {}) });
const ownDeny = (id: string) => policy({ Ref: id }, deny([{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Sub': `\${${id}.Arn}/*` }]));
const P = { P1: { Type: 'String' }, P2: { Type: 'String' } };

describe('a policy is the bucket\'s when its Bucket names the bucket, not when it holds a reference to it', () => {
  test('a wildcard TLS Deny of the bucket named ${B}-logs is not B\'s: B has no policy, fail (was a pass)', () => {
    const t = {
      B: bucket(),
      C: bucket({ 'Fn::Sub': '${B}-logs' }),
      CP: policy({ 'Fn::Sub': '${B}-logs' }, deny([{ 'Fn::Sub': 'arn:aws:s3:::${B}*' }, { 'Fn::Sub': 'arn:aws:s3:::${B}*/*' }])),
    };
    expect(judged(t, 'B')).toEqual([['fail', expect.stringMatching(/^no bucket policy: requests without TLS are accepted$/)]]);
  });

  test('a Deny on Resource * attached by !Join [!Ref B, "-logs"] is not B\'s: fail (was a pass)', () => {
    const t = { B: bucket(), CP: policy({ 'Fn::Join': ['', [{ Ref: 'B' }, '-logs']] }, deny('*')) };
    expect(judged(t, 'B')).toEqual([['fail', expect.stringMatching(/^no bucket policy/)]]);
  });

  test('B with its own TLS Deny and a grant on ${B}-logs: pass, the grant is another bucket\'s (was unknown), whatever B\'s BucketName', () => {
    for (const name of [undefined, 'acme-b', { Ref: 'P1' }]) {
      const t = { B: bucket(name), BP: ownDeny('B'), CP: policy({ 'Fn::Sub': '${B}-logs' }, grant({ 'Fn::Sub': 'arn:aws:s3:::${B}-logs/*' })) };
      expect(judged(t, 'B', P)).toEqual([['pass', expect.stringMatching(/^bucket policy BP denies requests without TLS to the whole bucket$/)]]);
    }
  });

  test('the bucket named ${B}-logs reads its own policy by that text: pass (was a fail)', () => {
    const t = {
      B: bucket(),
      C: bucket({ 'Fn::Sub': '${B}-logs' }),
      CP: policy({ 'Fn::Sub': '${B}-logs' }, deny([{ 'Fn::Sub': 'arn:aws:s3:::${B}-logs' }, { 'Fn::Sub': 'arn:aws:s3:::${B}-logs/*' }])),
    };
    expect(judged(t, 'C')).toEqual([['pass', expect.stringMatching(/bucket policy CP denies requests without TLS/)]]);
  });

  test('a policy that names the bucket (Ref, ${B}, the same parameter as BucketName) is still its own', () => {
    expect(judged({ B: bucket(), BP: ownDeny('B'), G: policy({ 'Fn::Sub': '${B}' }, grant({ 'Fn::Sub': '${B.Arn}/*' })) }, 'B'))
      .toEqual([['unknown', expect.stringMatching(/2 bucket policies \(BP, G\) set this bucket's one policy/)]]);
    expect(judged({ B: bucket({ Ref: 'P1' }), BP: ownDeny('B'), G: policy({ Ref: 'P1' }, grant({ 'Fn::Sub': '${B.Arn}/*' })) }, 'B', P))
      .toEqual([['unknown', expect.stringMatching(/2 bucket policies \(BP, G\) set this bucket's one policy/)]]);
  });

  test('a policy that may name the bucket depending on deploy-time values makes a pass unknown, naming it', () => {
    const t = { B: bucket('acme-b'), BP: ownDeny('B'), G: policy({ 'Fn::Sub': '${AWS::AccountId}-b' }, grant('arn:aws:s3:::acme-b/*')) };
    expect(judged(t, 'B')).toEqual([['unknown', expect.stringMatching(/bucket policy G may be this bucket's .*AWS::AccountId.*acme-b.* and does not deny them/)]]);
  });

  test('an ALB log bucket whose only "policy" is another bucket\'s: AlbAccessLogs fails (was a pass)', () => {
    const patch = [
      del(['Resources', 'AccessLogsPolicy']),
      set(['Resources', 'Other'], policy({ 'Fn::Sub': '${AccessLogs}-replica' }, deny('*'))),
    ];
    expect(judgedOn('edge-alb', patch, 'AlbAccessLogs', 'Alb')).toEqual([['fail', expect.stringMatching(/log bucket AccessLogs does not deny every request without TLS: no bucket policy/)]]);
    expect(judgedOn('edge-alb', patch, RULE, 'AccessLogs')).toEqual([['fail', expect.stringMatching(/^no bucket policy/)]]);
  });
});

describe('a Deny over resources built from parameters', () => {
  const onP = (p: string) => [{ 'Fn::Sub': `arn:aws:s3:::\${${p}}` }, { 'Fn::Sub': `arn:aws:s3:::\${${p}}/*` }];

  test('BucketName P1, Resource ${P2}: unknown, naming both parameters (was unknown naming P2 only)', () => {
    const f = judged({ B: bucket({ Ref: 'P1' }), BP: policy({ Ref: 'B' }, deny(onP('P2'))) }, 'BP', P);
    expect(f).toEqual([['unknown', expect.stringMatching(/statement 0 denies requests without TLS to arn:aws:s3:::\$\{P2\}, arn:aws:s3:::\$\{P2\}\/\*, built from parameter P2: whether that is the whole bucket B \(BucketName: parameter P1\) is decided at deploy time/)]]);
  });

  test('BucketName P1, Resource ${P1} (Sub, Join with AWS::Partition, Fn::Sub JSON text): pass (was unknown)', () => {
    const join = [
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'P1' }]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'P1' }, '/*']] },
    ];
    for (const res of [onP('P1'), join]) {
      expect(judged({ B: bucket({ Ref: 'P1' }), BP: policy({ Ref: 'B' }, deny(res)) }, 'B', P)).toEqual([['pass', expect.stringMatching(/bucket policy BP denies requests without TLS to the whole bucket/)]]);
    }
    const text = { 'Fn::Sub': '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::${P1}","arn:aws:s3:::${P1}/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}' };
    expect(judged({ B: bucket({ Ref: 'P1' }), BP: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'P1' }, PolicyDocument: text } } }, 'B', P)).toEqual([['pass', expect.stringMatching(/bucket policy BP denies/)]]);
  });

  test('BucketName ${Env}-logs and Resource ${Env}-logs: pass; Resource ${Other}-logs: unknown (Other may equal Env)', () => {
    const env = { Env: { Type: 'String' }, Other: { Type: 'String' } };
    const name = { 'Fn::Sub': '${Env}-logs' };
    expect(judged({ B: bucket(name), BP: policy({ Ref: 'B' }, deny([{ 'Fn::Sub': 'arn:aws:s3:::${Env}-logs' }, { 'Fn::Sub': 'arn:aws:s3:::${Env}-logs/*' }])) }, 'B', env))
      .toEqual([['pass', expect.stringMatching(/denies requests without TLS to the whole bucket/)]]);
    expect(judged({ B: bucket(name), BP: policy({ Ref: 'B' }, deny([{ 'Fn::Sub': 'arn:aws:s3:::${Other}-logs' }, { 'Fn::Sub': 'arn:aws:s3:::${Other}-logs/*' }])) }, 'BP', env))
      .toEqual([['unknown', expect.stringMatching(/built from parameter Other: whether that is the whole bucket B \(BucketName \$\{Env\}-logs\)/)]]);
  });

  test('a bucket named ${AWS::AccountId}-logs and a Deny over that text: pass (was a fail)', () => {
    const name = { 'Fn::Sub': '${AWS::AccountId}-logs' };
    expect(judged({ B: bucket(name), BP: policy({ Ref: 'B' }, deny([{ 'Fn::Sub': 'arn:aws:s3:::${AWS::AccountId}-logs' }, { 'Fn::Sub': 'arn:aws:s3:::${AWS::AccountId}-logs/*' }])) }, 'B'))
      .toEqual([['pass', expect.stringMatching(/denies requests without TLS to the whole bucket/)]]);
  });

  test('a Deny covering the bucket by Ref with one more resource decided at deploy time: pass (was unknown)', () => {
    const t = { B: bucket({ Ref: 'P1' }), BP: policy({ Ref: 'B' }, deny([{ 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::Sub': '${B.Arn}/*' }, { 'Fn::ImportValue': 'other-bucket-arn' }])) };
    expect(judged(t, 'B', P)).toEqual([['pass', expect.stringMatching(/denies requests without TLS to the whole bucket/)]]);
  });

  test('literal text spelling what a parameter is read as does not stand for the parameter: fail', () => {
    const spelled = ['arn:aws:s3:::\u0000parameter P1\u0000', 'arn:aws:s3:::\u0000parameter P1\u0000/*'];
    expect(judged({ B: bucket({ Ref: 'P1' }), BP: policy({ Ref: 'B' }, deny(spelled)) }, 'B', P)).toEqual([['fail', expect.stringMatching(/covers neither the bucket nor its objects/)]]);
  });
});
