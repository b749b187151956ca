/**
 * Verdicts an audit of real third-party CloudFormation templates found wrong (2026-12, each a PASS or an unknown
 * where the template already fails):
 * - F1: CloudFront standard logging (legacy) writes the log files through the bucket ACL, so a log bucket whose ACLs
 *   are disabled (no OwnershipControls: S3 creates new buckets BucketOwnerEnforced; or BucketOwnerEnforced written
 *   out) receives nothing. The load balancers write through the bucket policy and are not concerned.
 * - F2: a viewer certificate decided at deploy time with a MinimumProtocolVersion older than TLSv1.2_2021 fails
 *   whatever the certificate: a custom one is held to that policy, the default one accepts TLSv1 anyway.
 * - Lesser: S3BucketKmsEncrypted's message on a KMS-encrypted log bucket no longer says the service requires KMS.
 */
import { PatchOp, R, del, set } from './fixtures';
import { checkPatched, judgedOn } from './judged';

const BASE = 'edge-cloudfront';
const DIST = 'Distribution';
const OWNERSHIP = R('AccessLogs', 'Properties', 'OwnershipControls');
const owner = (value: unknown): PatchOp => set([...OWNERSHIP, 'Rules'], [{ ObjectOwnership: value }]);
const stage: PatchOp[] = [
  set(['Parameters', 'Stage'], { Type: 'String', AllowedValues: ['prod', 'dev'] }),
  set(['Conditions'], { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } }),
];
const logs = (patch: PatchOp[]) => judgedOn(BASE, patch, 'CloudFrontAccessLogs', DIST);

describe('F1: CloudFront standard logs need a log bucket with ACLs enabled', () => {
  test('the base (ObjectWriter) passes, and so does BucketOwnerPreferred', () => {
    const base = logs([]);
    expect(base.map(([s]) => s)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(base).toContainEqual(['pass', 'log bucket AccessLogs keeps ACLs enabled (ObjectOwnership ObjectWriter), which CloudFront standard logging writes through']);
    expect(logs([owner('BucketOwnerPreferred')])).toContainEqual(['pass', 'log bucket AccessLogs keeps ACLs enabled (ObjectOwnership BucketOwnerPreferred), which CloudFront standard logging writes through']);
  });

  test('no OwnershipControls (S3 creates the bucket BucketOwnerEnforced) fails', () => {
    expect(logs([del(OWNERSHIP)])).toEqual([['fail', expect.stringMatching(/log bucket AccessLogs has no ObjectOwnership: S3 creates it with BucketOwnerEnforced \(ACLs disabled\), and CloudFront standard logging, which writes through the bucket ACL, cannot deliver to it/)]]);
  });

  test('BucketOwnerEnforced written out fails', () => {
    expect(logs([owner('BucketOwnerEnforced')])).toEqual([['fail', expect.stringMatching(/log bucket AccessLogs has ObjectOwnership BucketOwnerEnforced: ACLs are disabled/)]]);
  });

  test('an ownership from an open parameter is unknown; from AllowedValues it is judged in each', () => {
    const open = [set(['Parameters', 'Owner'], { Type: 'String' }), owner({ Ref: 'Owner' })];
    expect(logs(open)).toEqual([['unknown', expect.stringMatching(/log bucket AccessLogs: its ObjectOwnership, which decides whether CloudFront standard logging can write through its ACL, is decided at deploy time \(.*Owner/)]]);
    const mixed = [set(['Parameters', 'Owner'], { Type: 'String', AllowedValues: ['BucketOwnerPreferred', 'BucketOwnerEnforced'] }), owner({ Ref: 'Owner' })];
    expect(logs(mixed)).toEqual([['unknown', expect.stringMatching(/depends on parameter Owner: fails when parameter Owner = BucketOwnerEnforced: .*ACLs are disabled/)]]);
    const enforced = [set(['Parameters', 'Owner'], { Type: 'String', AllowedValues: ['BucketOwnerEnforced'] }), owner({ Ref: 'Owner' })];
    expect(logs(enforced)).toEqual([['fail', expect.stringMatching(/ObjectOwnership BucketOwnerEnforced/)]]);
  });

  test('a condition choosing the ownership: unknown when one branch enables ACLs, fail when none does', () => {
    expect(logs([...stage, owner({ 'Fn::If': ['IsProd', 'ObjectWriter', 'BucketOwnerEnforced'] })]))
      .toEqual([['unknown', expect.stringMatching(/depends on parameter Stage: fails when parameter Stage = dev: log bucket AccessLogs has ObjectOwnership BucketOwnerEnforced: ACLs are disabled.*; passes when parameter Stage = prod/)]]);
    expect(logs([...stage, set(OWNERSHIP, { 'Fn::If': ['IsProd', { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] }, { Ref: 'AWS::NoValue' }] })]))
      .toEqual([['fail', expect.stringMatching(/(has ObjectOwnership BucketOwnerEnforced|has no ObjectOwnership).*\(in every combination of parameter Stage\)/)]]);
  });

  test('a log bucket outside the template passes on the setting as before, naming the ACLs to check there', () => {
    const outside = [
      set(R(DIST, 'Properties', 'DistributionConfig', 'Logging', 'Bucket'), 'central-logs.s3.amazonaws.com'),
      del(R('AccessLogs')), del(R('AccessLogsPolicy')),
    ];
    expect(logs(outside)).toEqual([['pass', expect.stringMatching(/not in this template: check its encryption and policy, and that its ACLs are enabled, there/)]]);
  });

  test('the load balancers write through the bucket policy: an ALB log bucket with BucketOwnerEnforced still passes', () => {
    const alb = judgedOn('edge-alb', [], 'AlbAccessLogs', 'Alb');
    expect(alb.map(([s]) => s)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(alb.map(([, m]) => m).join('\n')).not.toMatch(/ACL|ObjectOwnership/);
  });
});

describe('F2: a viewer certificate decided at deploy time does not hide an old security policy', () => {
  const VC = R(DIST, 'Properties', 'DistributionConfig', 'ViewerCertificate');
  const certParam = [set(['Parameters', 'CertArn'], { Type: 'String' }), set([...VC, 'AcmCertificateArn'], { Ref: 'CertArn' })];
  const viewer = (patch: PatchOp[]) => judgedOn(BASE, patch, 'CloudFrontViewerHttps', DIST);

  test('TLSv1 with a certificate parameter fails, whatever the certificate', () => {
    expect(viewer([...certParam, set([...VC, 'MinimumProtocolVersion'], 'TLSv1')])).toEqual([['fail', expect.stringMatching(/viewer security policy TLSv1 is older than TLSv1\.2_2021, whatever the certificate decided at deploy time \(.*CertArn.*\): a custom one is held to this policy, the default \*\.cloudfront\.net one accepts TLSv1 too/)]]);
  });

  test('no MinimumProtocolVersion with a certificate parameter fails (CloudFront defaults to TLSv1)', () => {
    expect(viewer([...certParam, del([...VC, 'MinimumProtocolVersion'])])).toEqual([['fail', expect.stringMatching(/no MinimumProtocolVersion: CloudFront defaults to TLSv1 for custom certificates, whatever the certificate/)]]);
  });

  test('an IAM certificate id from a parameter with TLSv1.1_2016 fails', () => {
    const iam = [set(['Parameters', 'IamCert'], { Type: 'String' }), del([...VC, 'AcmCertificateArn']), set([...VC, 'IamCertificateId'], { Ref: 'IamCert' }), set([...VC, 'MinimumProtocolVersion'], 'TLSv1.1_2016')];
    expect(viewer(iam)).toEqual([['fail', expect.stringMatching(/TLSv1\.1_2016 is older than TLSv1\.2_2021, whatever the certificate .*IamCert/)]]);
  });

  test('a modern policy with a certificate parameter stays unknown (the default certificate would fail)', () => {
    expect(viewer(certParam)).toEqual([['unknown', expect.stringMatching(/viewer certificate decided at deploy time/)]]);
  });

  test('a policy from parameters: unknown when some value could pass, fail when none can', () => {
    const minFrom = (allowed?: string[]) => [...certParam, set(['Parameters', 'Min'], allowed ? { Type: 'String', AllowedValues: allowed } : { Type: 'String' }), set([...VC, 'MinimumProtocolVersion'], { Ref: 'Min' })];
    expect(viewer(minFrom())).toEqual([['unknown', expect.stringMatching(/viewer certificate decided at deploy time/)]]);
    expect(viewer(minFrom(['TLSv1', 'TLSv1.2_2021']))).toEqual([['unknown', expect.stringMatching(/depends on parameter Min: fails when parameter Min = TLSv1/)]]);
    expect(viewer(minFrom(['TLSv1', 'TLSv1.1_2016']))).toEqual([['fail', expect.stringMatching(/whatever the certificate .*\(in every combination of parameter Min\)/)]]);
  });
});

describe('lesser: S3BucketKmsEncrypted on a CloudFront log bucket says what is true', () => {
  const kms = (patch: PatchOp[]) => judgedOn(BASE, patch, 'S3BucketKmsEncrypted', 'AccessLogs');
  const ALGO = R('AccessLogs', 'Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm');

  test('SSE-S3 passes as a log-delivery bucket', () => {
    expect(kms([])).toEqual([['pass', expect.stringMatching(/log-delivery bucket \(distribution Distribution standard logs\): encrypted with AES256, which every log-delivery service can write to/)]]);
  });

  test('aws:kms passes without claiming the service requires KMS', () => {
    const found = kms([set(ALGO, 'aws:kms')]);
    expect(found).toEqual([['pass', expect.stringMatching(/encrypted with aws:kms; log-delivery targets are exempt from the KMS requirement, and the delivering service must be allowed to use the key/)]]);
    expect(found[0][1]).not.toMatch(/requires/);
  });
});

describe('lesser: a container log group named by the same expression as a log group of the template is that group', () => {
  const RULES = ['LogRetention', 'LogEncrypted', 'ErrorLogMetricFilter', 'LogArchiveToS3'];
  const named = (group: unknown, container: unknown, extra: PatchOp[] = []) => [
    ...extra,
    set(R('AppLogs', 'Properties', 'LogGroupName'), group),
    set(R('Task', 'Properties', 'ContainerDefinitions', 0, 'LogConfiguration', 'Options', 'awslogs-group'), container),
    set(R('Task', 'Properties', 'ContainerDefinitions', 1, 'LogConfiguration', 'Options', 'awslogs-group'), container),
  ];
  /** Each rule's findings (LogArchiveToS3 reports on the subscription's stream): `[rule, statuses]`. */
  const found = (patch: PatchOp[]) => checkPatched('ecs-service', patch).findings.filter((f) => RULES.includes(f.ruleId));
  const onTask = (patch: PatchOp[]) => { const fs = found(patch); return RULES.map((rule) => [rule, fs.filter((f) => f.ruleId === rule).map((f) => f.status)]); };
  const messages = (patch: PatchOp[]) => found(patch).map((f) => f.message).join('\n');

  test('!Ref AWS::StackName on both sides: judged on the group (all pass, as with a Ref of the group)', () => {
    const stack = named({ Ref: 'AWS::StackName' }, { Ref: 'AWS::StackName' });
    expect(onTask(stack)).toEqual(onTask([]));
    expect(onTask(stack).map(([, s]) => (s as string[]).length > 0)).toEqual(RULES.map(() => true));
    expect(onTask(stack).every(([, s]) => (s as string[]).every((x) => x === 'pass'))).toBe(true);
    expect(messages(stack)).not.toMatch(/decided at deploy time/);
  });

  test('!Sub ${AWS::StackName} on one side and !Ref AWS::StackName on the other is the same name', () => {
    expect(onTask(named({ 'Fn::Sub': '${AWS::StackName}' }, { Ref: 'AWS::StackName' }))).toEqual(onTask([]));
    expect(onTask(named({ Ref: 'AWS::StackName' }, { 'Fn::Sub': '${AWS::StackName}' }))).toEqual(onTask([]));
  });

  test('the same open parameter on both sides is the same group; two parameters may differ: unknown', () => {
    const params = [set(['Parameters', 'Group'], { Type: 'String' }), set(['Parameters', 'Other'], { Type: 'String' })];
    expect(onTask(named({ Ref: 'Group' }, { Ref: 'Group' }, params))).toEqual(onTask([]));
    const other = named({ Ref: 'Group' }, { Ref: 'Other' }, params);
    expect(onTask(other).map(([, s]) => (s as string[]).includes('unknown'))).toEqual(RULES.map(() => true));
    expect(messages(other)).toMatch(/parameter Other is set at deploy time/);
  });

  test('different pseudo parameters stay unknown', () => {
    const mixed = named({ Ref: 'AWS::StackName' }, { Ref: 'AWS::StackId' });
    expect(onTask(mixed).map(([, s]) => (s as string[]).includes('unknown'))).toEqual(RULES.map(() => true));
    expect(messages(mixed)).toMatch(/pseudo parameter AWS::StackId/);
  });
});

test('lesser: a Lambda function named !Ref AWS::StackName logs to a group named !Sub /aws/lambda/${AWS::StackName} of the template', () => {
  const FN = 'Fn9270CBC0';
  const implicit = [
    set(R(FN, 'Properties', 'FunctionName'), { Ref: 'AWS::StackName' }),
    set(R(FN, 'Properties', 'LoggingConfig'), { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' }),
    set(R('FnLogs3EE1EAE0', 'Properties', 'LogGroupName'), { 'Fn::Sub': '/aws/lambda/${AWS::StackName}' }),
  ];
  const found = judgedOn('lambda-service', implicit, 'LogRetention', FN);
  expect(found.map(([s]) => s)).toEqual(judgedOn('lambda-service', [], 'LogRetention', FN).map(([s]) => s));
  expect(found.map(([, m]) => m).join('\n')).not.toMatch(/decided at deploy time/);
});
