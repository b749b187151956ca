/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * BACKUP-BUCKET-SECURED / ALARM-TOPIC-ENCRYPTED / ELB-ACCESS-LOGS, what the first bucket-policy fix left (see
 * soundness-bucket-policy-audit): a wildcard statement `Resource` was compared by its literal prefix only, so
 * `arn:aws:s3:::${B}*` did not cover the bucket named `${B}-logs`, nor `${P}*` the bucket named `${P}-logs` (a wrong
 * fail; S3 matches `*` against any run of characters of the ARN, `?` one); `Bucket: !Sub '${P1}'` was only "may be"
 * the bucket named `!Ref P1` (the same value in every world) and `!Sub '${P1}-x'` too (never equal); a topic
 * policy's `Resource` built from a parameter was unknown whatever it said, and any text merely mentioning the topic
 * (`${Topic}-other`) covered it (a wrong pass); two log-bucket policies granting the log delivery to one principal
 * written two ways (a Join and a literal, the account id and its root ARN) read as different grants (unknown).
 */
import { GoLiveChecks } from '../../../lib';
import { patternCoversAll, patternMatches, sameText, selfAtom, tokens } from '../../../lib/checks/cfn/holed-text';
import { paramHole } from '../../../lib/checks/template-index';
import { LOGS_TLS_DENY, albLogsTemplate, logsPolicy } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[status, message]` of `rule` on `resource` of a small template. */
function judged(resources: Record<string, any>, resource: string, parameters?: Record<string, any>, rule = 'S3BucketTlsOnly', more: Record<string, any> = {}, account?: string): Array<[string, string]> {
  const report = checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', ...(parameters ? { Parameters: parameters } : {}), ...more, Resources: resources }, 'T',
    account ? { region: 'eu-west-1', account } : undefined);
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}
const deny = (resource: any) => ({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: resource });
const grant = (resource: any) => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: resource });
const policy = (bucket: any, ...statements: any[]) => ({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: bucket, PolicyDocument: { Version: '2012-10-17', Statement: statements } } });
const bucket = (name?: any) => ({ Type: 'AWS::S3::Bucket', ...(name !== undefined ? { Properties: { BucketName: name } } : {}) });
const sub = (s: string) => ({ 'Fn::Sub': s });
const P = { P: { Type: 'String' }, Q: { Type: 'String' }, P1: { Type: 'String' }, P2: { Type: 'String' } };
const PASS = /denies requests without TLS to the whole bucket/;

describe('a wildcard Resource is matched against the ARN, holes and all', () => {
  test('arn:aws:s3:::${B}* covers the bucket named ${B}-logs (alone, or with ${B}*/*): pass (was a fail)', () => {
    for (const res of [sub('arn:aws:s3:::${B}*'), [sub('arn:aws:s3:::${B}*'), sub('arn:aws:s3:::${B}*/*')], sub('arn:${AWS::Partition}:s3:::${B}*')]) {
      const t = { B: bucket(), C: bucket(sub('${B}-logs')), CP: policy({ Ref: 'C' }, deny(res)) };
      expect(judged(t, 'C')).toEqual([['pass', expect.stringMatching(PASS)]]);
    }
  });

  test('${P}* and ${P}?logs* cover the bucket named ${P}-logs: pass (was a fail)', () => {
    for (const res of ['arn:aws:s3:::${P}*', 'arn:aws:s3:::${P}?logs*', 'arn:aws:s3:::*']) {
      expect(judged({ B: bucket(sub('${P}-logs')), BP: policy({ Ref: 'B' }, deny(sub(res))) }, 'B', P)).toEqual([['pass', expect.stringMatching(PASS)]]);
    }
    // The same through Fn::Join and with a parameter's value that may itself hold wildcards at its own place.
    const join = { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'P' }, '*']] };
    expect(judged({ B: bucket({ 'Fn::Join': ['-', [{ Ref: 'P' }, 'logs']] }), BP: policy({ Ref: 'B' }, deny(join)) }, 'B', P)).toEqual([['pass', expect.stringMatching(PASS)]]);
  });

  test('${Q}* on the bucket named ${P}-logs: unknown, naming Q and the name (was a fail)', () => {
    expect(judged({ B: bucket(sub('${P}-logs')), BP: policy({ Ref: 'B' }, deny(sub('arn:aws:s3:::${Q}*'))) }, 'BP', P))
      .toEqual([['unknown', expect.stringMatching(/statement 0 denies requests without TLS to arn:aws:s3:::\$\{Q\}\*, built from parameter Q: whether that is the whole bucket B \(BucketName \$\{P\}-logs\) is decided at deploy time/)]]);
  });

  test('a literal wildcard on a name built from a parameter: unknown where the parameter decides, fail where none can', () => {
    expect(judged({ B: bucket(sub('${P}-logs')), BP: policy({ Ref: 'B' }, deny('arn:aws:s3:::acme-*')) }, 'BP', P))
      .toEqual([['unknown', expect.stringMatching(/to arn:aws:s3:::acme-\*: whether that is the whole bucket B \(BucketName \$\{P\}-logs\) is decided at deploy time/)]]);
    expect(judged({ B: bucket(sub('acme-${P}')), BP: policy({ Ref: 'B' }, deny('arn:aws:s3:::other-*')) }, 'B', P))
      .toEqual([['fail', expect.stringMatching(/covers neither the bucket nor its objects/)]]);
    // A bucket name holds no '/': a pattern needing one after the name covers only objects, whatever P is.
    expect(judged({ B: bucket(sub('${P}-logs')), BP: policy({ Ref: 'B' }, deny(sub('arn:aws:s3:::${P}-logs/*'))) }, 'B', P))
      .toEqual([['fail', expect.stringMatching(/covers its objects, not the whole bucket/)]]);
    expect(judged({ B: bucket(sub('orders-${AWS::AccountId}')), BP: policy({ Ref: 'B' }, deny(sub('arn:aws:s3:::${B}/logs/*'))) }, 'B'))
      .toEqual([['fail', expect.stringMatching(/covers neither the bucket nor its objects/)]]);
  });

  test('a generated name: another bucket\'s wildcard is not it (fail), a parameter\'s may be (unknown)', () => {
    expect(judged({ A: bucket(), B: bucket(), BP: policy({ Ref: 'B' }, deny(sub('arn:aws:s3:::${A}*'))) }, 'B')).toEqual([['fail', expect.stringMatching(/covers neither/)]]);
    expect(judged({ B: bucket(), BP: policy({ Ref: 'B' }, deny(sub('arn:aws:s3:::${P}*'))) }, 'BP', P))
      .toEqual([['unknown', expect.stringMatching(/built from parameter P: whether that is the whole bucket B \(its name generated by CloudFormation\)/)]]);
  });

  test('conditions (Fn::If) and AllowedValues: judged in each world', () => {
    const more = { Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } };
    const env = { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] }, P: { Type: 'String' } };
    const name = { 'Fn::If': ['IsProd', sub('${P}-logs'), 'dev-logs'] };
    const both = { 'Fn::If': ['IsProd', sub('arn:aws:s3:::${P}*'), 'arn:aws:s3:::dev-*'] };
    expect(judged({ B: bucket(name), BP: policy({ Ref: 'B' }, deny(both)) }, 'B', env, undefined, more)).toEqual([['pass', expect.stringMatching(PASS)]]);
    // ${P}* on the dev name dev-logs: P may be "dev" (unknown); on the prod name it covers.
    const out = judged({ B: bucket(name), BP: policy({ Ref: 'B' }, deny(sub('arn:aws:s3:::${P}*'))) }, 'BP', env, undefined, more);
    expect(out).toEqual([['unknown', expect.stringMatching(/built from parameter P: whether that is the whole bucket B \(BucketName dev-logs\)/)]]);
    // AllowedValues: ${Env}-logs is prod-logs or dev-logs; prod-* covers the first only.
    expect(judged({ B: bucket(sub('${Env}-logs')), BP: policy({ Ref: 'B' }, deny(sub('arn:aws:s3:::${Env}*'))) }, 'B', env)).toEqual([['pass', expect.stringMatching(PASS)]]);
    expect(judged({ B: bucket(sub('${Env}-logs')), BP: policy({ Ref: 'B' }, deny('arn:aws:s3:::prod-*')) }, 'B', env))
      .toEqual([['unknown', expect.stringMatching(/^depends on parameter Env: fails when parameter Env = dev: .*covers neither the bucket nor its objects.*; passes when parameter Env = prod$/)]]);
  });

  test('the matcher: holes, placeholders, generated names; hostile patterns answer at once', () => {
    const h = (s: string) => tokens(s.split('${P}').join(paramHole('P')).split('${Q}').join(paramHole('Q')), { holes: true, glob: true });
    const t = (s: string) => tokens(s.split('${P}').join(paramHole('P')).split('${Q}').join(paramHole('Q')), { holes: true });
    expect(patternMatches(h('arn:${P}*'), t('arn:${P}-logs'))).toBe('yes');
    expect(patternMatches(h('arn:*${P}'), t('arn:x${P}'))).toBe('yes');
    expect(patternMatches(h('arn:${Q}*'), t('arn:${P}-logs'))).toBe('may');
    expect(patternMatches(h('arn:a?c'), t('arn:abc'))).toBe('yes');
    expect(patternMatches(h('arn:a?c'), t('arn:abd'))).toBe('no');
    expect(patternMatches(h('arn:x-*'), t('arn:${P}-y'))).toBe('may');
    expect(patternMatches(h('arn:x-*-z'), t('arn:${P}-y'))).toBe('no');
    expect(patternMatches(h('arn:lit*'), [...t('arn:'), selfAtom('B')])).toBe('no');
    expect(patternCoversAll(h('arn:${P}/*'), t('arn:${P}/'))).toBe('yes');
    expect(patternCoversAll(h('arn:${P}/logs/*'), t('arn:${P}/'))).toBe('no');
    expect(patternCoversAll(h('arn:${Q}/*'), t('arn:${P}/'))).toBe('may');
    expect(sameText(t('${P}'), t('${P}'))).toBe('yes');
    expect(sameText(t('${P}-x'), t('${P}'))).toBe('no');
    expect(sameText(t('${Q}-x'), t('${P}'))).toBe('may');
    expect(sameText(t('a-${P}'), t('b-${Q}'))).toBe('no');
    const start = Date.now();
    const hostile = 'arn:aws:s3:::' + 'a*'.repeat(3000) + 'b';
    expect(patternMatches(h(hostile), t('arn:aws:s3:::' + 'a'.repeat(6000)))).toBe('no');
    expect(patternMatches(h(hostile), t('arn:aws:s3:::' + 'a'.repeat(3000) + '${P}'))).toBe('may');
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('a bucket policy\'s Bucket built around the parameter that names the bucket', () => {
  const onP1 = [sub('arn:aws:s3:::${P1}'), sub('arn:aws:s3:::${P1}/*')];

  test('Bucket !Sub ${P1} on the bucket named !Ref P1 is its policy: pass on its TLS Deny (was unknown)', () => {
    expect(judged({ B: bucket({ Ref: 'P1' }), BP: policy(sub('${P1}'), deny(onP1)) }, 'B', P)).toEqual([['pass', expect.stringMatching(/bucket policy BP denies/)]]);
    // And the other way round: BucketName !Sub ${P1}, Bucket !Ref P1.
    expect(judged({ B: bucket(sub('${P1}')), BP: policy({ Ref: 'P1' }, deny(onP1)) }, 'B', P)).toEqual([['pass', expect.stringMatching(/bucket policy BP denies/)]]);
  });

  test('Bucket !Sub ${P1}-x is never the bucket named !Ref P1: its grant leaves the bucket\'s own TLS Deny a pass (was unknown)', () => {
    const own = policy({ Ref: 'B' }, deny([{ 'Fn::GetAtt': ['B', 'Arn'] }, sub('${B.Arn}/*')]));
    expect(judged({ B: bucket({ Ref: 'P1' }), BP: own, G: policy(sub('${P1}-x'), grant(sub('arn:aws:s3:::${P1}-x/*'))) }, 'B', P))
      .toEqual([['pass', expect.stringMatching(/^bucket policy BP denies requests without TLS to the whole bucket$/)]]);
    // x-${P2} may be the name ${P1}: still unknown, naming the policy.
    expect(judged({ B: bucket({ Ref: 'P1' }), BP: own, G: policy(sub('x-${P2}'), grant('*')) }, 'B', P))
      .toEqual([['unknown', expect.stringMatching(/bucket policy G may be this bucket's .*parameter P1.*does not deny them/)]]);
  });
});

describe('a topic policy\'s Resource is read like a bucket\'s', () => {
  const topic = (name?: any) => ({ Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k', ...(name !== undefined ? { TopicName: name } : {}) } });
  const tdeny = (resource: any) => ({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: resource, Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  const tpol = (resource: any) => ({ Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'T' }], PolicyDocument: { Version: '2012-10-17', Statement: [tdeny(resource)] } } });
  const RULE = 'AlarmTopicEncrypted';

  test('the topic named by parameter P1 and a Deny on its ARN built from P1: pass (was unknown)', () => {
    for (const res of [sub('arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${P1}'), sub('arn:aws:sns:*:*:${P1}'), { 'Fn::Join': [':', ['arn:aws:sns', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'P1' }]] }]) {
      expect(judged({ T: topic({ Ref: 'P1' }), TP: tpol(res) }, 'T', P, RULE)).toEqual([['pass', expect.stringMatching(/TP denies non-TLS requests/)]]);
    }
    // With the stack's account and region known, the same text with them written out.
    expect(judged({ T: topic(sub('${P1}-alarms')), TP: tpol(sub('arn:aws:sns:eu-west-1:111111111111:${P1}-*')) }, 'T', P, RULE, {}, '111111111111'))
      .toEqual([['pass', expect.stringMatching(/TP denies non-TLS requests/)]]);
  });

  test('a Deny on another parameter\'s topic: unknown; on another name or on text merely mentioning the topic: fail (was a pass)', () => {
    expect(judged({ T: topic({ Ref: 'P1' }), TP: tpol(sub('arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${P2}')) }, 'T', P, RULE))
      .toEqual([['unknown', expect.stringMatching(/whether topic policy TP denies non-TLS requests is decided at deploy time/)]]);
    expect(judged({ T: topic({ Ref: 'P1' }), TP: tpol(sub('arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${P1}-other')) }, 'T', P, RULE))
      .toEqual([['fail', expect.stringMatching(/no topic policy denies publishing without TLS/)]]);
    expect(judged({ T: topic(), TP: tpol(sub('${T}-other')) }, 'T', P, RULE)).toEqual([['fail', expect.stringMatching(/no topic policy denies publishing without TLS/)]]);
    // The topic by reference, by its TopicArn, or * still covers it.
    for (const res of [{ Ref: 'T' }, { 'Fn::GetAtt': ['T', 'TopicArn'] }, '*', sub('${T}')]) {
      expect(judged({ T: topic(), TP: tpol(res) }, 'T', P, RULE)).toEqual([['pass', expect.stringMatching(/TP denies/)]]);
    }
  });
});

describe('AlbAccessLogs: one principal written two ways is one grant', () => {
  const tlsDeny = LOGS_TLS_DENY;
  const put = (principal: any) => ({ Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Logs.Arn}/AWSLogs/*' } });
  const pol = logsPolicy;
  const template = albLogsTemplate;
  const alb = (policies: Record<string, any>, account?: string) => judged(template(policies), 'LB', undefined, 'AlbAccessLogs', {}, account);
  const statuses = (out: Array<[string, string]>) => [...new Set(out.map(([s]) => s))];

  test('a Join and a literal of the ELB account\'s root; the account id and its root ARN: pass (was unknown)', () => {
    const join = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::156460612806:root']] } };
    expect(statuses(alb({ A: pol(tlsDeny, put(join)), B: pol(tlsDeny, put({ AWS: 'arn:aws:iam::156460612806:root' })) }))).toEqual(['pass']);
    expect(statuses(alb({ A: pol(tlsDeny, put({ AWS: '156460612806' })), B: pol(tlsDeny, put({ AWS: ['arn:aws:iam::156460612806:root'] })) }))).toEqual(['pass']);
    // The stack's own account, known: ${AWS::AccountId} root and the id.
    const own = { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } };
    expect(statuses(alb({ A: pol(tlsDeny, put(own)), B: pol(tlsDeny, put({ AWS: '111111111111' })) }, '111111111111'))).toEqual(['pass']);
    expect(statuses(alb({ A: pol(tlsDeny, put(own)), B: pol(tlsDeny, put({ AWS: { Ref: 'AWS::AccountId' } })) }))).toEqual(['pass']);
  });

  test('principals that differ, or may differ: unknown, as before', () => {
    const own = { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } };
    expect(alb({ A: pol(tlsDeny, put(own)), B: pol(tlsDeny, put({ AWS: '111111111111' })) })).toEqual(expect.arrayContaining([['unknown', expect.stringMatching(/grant writes to different principals/)]]));
    expect(alb({ A: pol(tlsDeny, put({ AWS: '156460612806' })), B: pol(tlsDeny, put({ AWS: '054676820928' })) })).toEqual(expect.arrayContaining([['unknown', expect.stringMatching(/grant writes to different principals/)]]));
  });
});
