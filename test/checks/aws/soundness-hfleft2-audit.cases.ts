/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts left by earlier fixers (hfleft2, second round): `${AWS::Region}` that CloudFormation leaves as
 * written (a plain string, an Fn::Join piece) read as the stack's region by the readers of a region (a WAF alarm's
 * and a dashboard row's Region dimension, a dashboard graph's region, a log driver's region) and of an S3 host name
 * (a CloudFront log bucket), and a KMS key whose KeySpec / Origin is a parameter read as symmetric with KMS-held
 * material.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, R, applyPatch, compliantBases, set } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[status, message]` of a rule on a resource of a patched base. */
function judged(base: string, patch: PatchOp[], rule: string, resource: string, env: { region?: string } = { region: 'eu-west-1' }): Array<[string, string]> {
  const tpl = applyPatch(bases.get(base), patch);
  const report = checks.checkTemplate(tpl, 'probe', env);
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}

const statuses = (v: Array<[string, string]>) => [...new Set(v.map(([s]) => s))];
const ENVS: Array<{ region?: string }> = [{ region: 'eu-west-1' }, {}];

describe('${AWS::Region} as written is no region', () => {
  const wafRegion = (v: any) => [set(R('WafBlockedAlarm', 'Properties', 'Dimensions', 0, 'Value'), v)];

  test('AlarmSecurityEvents: a blocked-requests alarm whose Region dimension is ${AWS::Region} in an Fn::Join piece or a plain string gets no data: fail (was pass)', () => {
    for (const env of ENVS) {
      for (const v of [{ 'Fn::Join': ['', ['${AWS::Region}']] }, '${AWS::Region}']) {
        expect(judged('edge-alb', wafRegion(v), 'AlarmSecurityEvents', 'WebAcl', env)).toEqual([['fail', expect.stringMatching(/dimension Region is \$\{AWS::Region\} as written \(CloudFormation substitutes it only in Fn::Sub\), which is no region/)]]);
      }
    }
  });

  test('AlarmSecurityEvents: ${AWS::Region} placed by Fn::Sub, Ref or an Fn::Join of the Ref still passes', () => {
    for (const env of ENVS) {
      for (const v of [{ 'Fn::Sub': '${AWS::Region}' }, { Ref: 'AWS::Region' }, { 'Fn::Join': ['', [{ Ref: 'AWS::Region' }]] }]) {
        expect(statuses(judged('edge-alb', wafRegion(v), 'AlarmSecurityEvents', 'WebAcl', env))).toEqual(['pass']);
      }
    }
  });

  /** The security dashboard of edge-alb with its body's pieces mapped. */
  const dashboard = (map: (piece: any) => any): PatchOp[] => {
    const body = bases.get('edge-alb').Resources.SecurityDashboard.Properties.DashboardBody;
    return [set(R('SecurityDashboard', 'Properties', 'DashboardBody'), { 'Fn::Join': [body['Fn::Join'][0], body['Fn::Join'][1].map(map)] })];
  };

  test('DashboardSecurity: graphs whose region is ${AWS::Region} in an Fn::Join piece show no data: fail (was pass)', () => {
    const literal = dashboard((p) => (typeof p === 'object' && p.Ref === 'AWS::Region' ? '${AWS::Region}' : p));
    for (const env of ENVS) {
      expect(judged('edge-alb', literal, 'DashboardSecurity', 'WebAcl', env)).toEqual([['fail', expect.stringMatching(/no dashboard shows AllowedRequests, BlockedRequests/)]]);
    }
  });

  test('DashboardSecurity: rows whose Region dimension is ${AWS::Region} as written: fail naming it (was pass), also beside a placed one', () => {
    const literalDim = dashboard((p) => (typeof p === 'string' ? p.split('"Region","eu-west-1"').join('"Region","${AWS::Region}"') : p));
    // Without a region the graphs' region is the placed `${AWS::Region}` of the same text: the index marks the placed
    // one (pseudoMark), so the rows are still told apart (this was unknown while the readers counted placeholders).
    for (const env of ENVS) {
      expect(judged('edge-alb', literalDim, 'DashboardSecurity', 'WebAcl', env)).toEqual([['fail', expect.stringMatching(/rows that show no data: .*dimension Region is \$\{AWS::Region\} as written/)]]);
    }
  });

  const cloudFrontLogs = (v: any): PatchOp[] => [
    set(R('AccessLogs', 'Properties', 'BucketName'), 'edge-logs'),
    set(R('Distribution', 'Properties', 'DistributionConfig', 'Logging', 'Bucket'), v),
  ];

  test('S3BucketKmsEncrypted: a CloudFront log bucket host with ${AWS::Region} as written names no bucket of the template, which is then no log-delivery bucket: fail (was pass)', () => {
    for (const env of ENVS) {
      for (const v of [{ 'Fn::Join': ['', ['edge-logs.s3.${AWS::Region}.amazonaws.com']] }, 'edge-logs.s3.${AWS::Region}.amazonaws.com']) {
        expect(judged('edge-cloudfront', cloudFrontLogs(v), 'S3BucketKmsEncrypted', 'AccessLogs', env)).toEqual([['fail', expect.stringMatching(/default encryption is AES256, not KMS/)]]);
      }
    }
  });

  test('S3BucketKmsEncrypted: the host built with the Region placed still names the log bucket', () => {
    for (const env of ENVS) {
      for (const v of [{ 'Fn::Sub': 'edge-logs.s3.${AWS::Region}.amazonaws.com' }, { 'Fn::Join': ['', ['edge-logs.s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] }]) {
        expect(judged('edge-cloudfront', cloudFrontLogs(v), 'S3BucketKmsEncrypted', 'AccessLogs', env)).toEqual([['pass', expect.stringMatching(/log-delivery bucket \(distribution Distribution standard logs\)/)]]);
      }
    }
  });

  test('LogRetention / LogEncrypted: awslogs-region ${AWS::Region} as written sends the logs to no group of the template: unknown (was pass)', () => {
    const region = (v: any) => [set(R('Task', 'Properties', 'ContainerDefinitions', 0, 'LogConfiguration', 'Options', 'awslogs-region'), v)];
    for (const env of ENVS) {
      for (const v of [{ 'Fn::Join': ['', ['${AWS::Region}']] }, '${AWS::Region}']) {
        for (const rule of ['LogRetention', 'LogEncrypted']) {
          expect(judged('ecs-service', region(v), rule, 'Task', env)).toEqual([['unknown', expect.stringMatching(/container web logs to region \$\{AWS::Region\} as written \(awslogs-region/)]]);
        }
      }
      expect(statuses(judged('ecs-service', region({ 'Fn::Sub': '${AWS::Region}' }), 'LogRetention', 'Task', env))).toEqual(['pass']);
    }
  });
});

describe('KmsKeyRotation: KeySpec or Origin decided at deploy time', () => {
  const key = (props: Record<string, any>, rotation?: any): PatchOp[] => [
    set(['Parameters', 'Spec'], { Type: 'String', Default: 'SYMMETRIC_DEFAULT' }),
    set(['Parameters', 'Origin'], { Type: 'String', Default: 'AWS_KMS' }),
    ...Object.entries(props).map(([k, v]) => set(R('Key', 'Properties', k), v)),
    rotation === undefined ? { op: 'delete', path: R('Key', 'Properties', 'EnableKeyRotation') } as PatchOp : set(R('Key', 'Properties', 'EnableKeyRotation'), rotation),
  ];

  test('rotation off with a KeySpec / Origin parameter: unknown naming it (was unknown naming only the parameter)', () => {
    expect(judged('database', key({ KeySpec: { Ref: 'Spec' } }, false), 'KmsKeyRotation', 'Key')).toEqual([['unknown', expect.stringMatching(/EnableKeyRotation is false, and the key's KeySpec is decided at deploy time \(parameter Spec/)]]);
    expect(judged('database', key({ KeySpec: { Ref: 'Spec' } }), 'KmsKeyRotation', 'Key')).toEqual([['unknown', expect.stringMatching(/KeySpec is decided at deploy time/)]]);
    expect(judged('database', key({ Origin: { Ref: 'Origin' } }, false), 'KmsKeyRotation', 'Key')).toEqual([['unknown', expect.stringMatching(/the key's Origin is decided at deploy time \(parameter Origin/)]]);
  });

  test('rotation on passes (was unknown: KMS refuses EnableKeyRotation on a key that cannot rotate, so the key exists only where it rotates); a known symmetric key without rotation still fails; a known RSA key passes', () => {
    expect(judged('database', key({ KeySpec: { Ref: 'Spec' } }, true), 'KmsKeyRotation', 'Key')).toEqual([['pass', 'key rotation']]);
    expect(judged('database', key({ KeySpec: 'SYMMETRIC_DEFAULT', Origin: { Ref: 'Origin' } }, true), 'KmsKeyRotation', 'Key')).toEqual([['pass', 'key rotation']]);
    expect(judged('database', key({ KeySpec: 'SYMMETRIC_DEFAULT' }, false), 'KmsKeyRotation', 'Key')).toEqual([['fail', expect.stringMatching(/EnableKeyRotation is false/)]]);
    expect(judged('database', key({ KeySpec: 'RSA_2048', Origin: { Ref: 'Origin' } }, false), 'KmsKeyRotation', 'Key')).toEqual([['pass', expect.stringMatching(/asymmetric\/HMAC keys cannot rotate/)]]);
  });
});
