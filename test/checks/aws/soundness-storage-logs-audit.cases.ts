/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * BACKUP-BUCKET-SECURED on a bucket that receives logs, and on a bucket a second policy may replace the policy of
 * (found by an audit): a load balancer, distribution or bucket naming a log bucket by its BucketName text (not by
 * Ref) left the bucket's KMS exemption unseen (a wrong fail), and a bucket policy whose Bucket is another open parameter than the bucket's BucketName (P2 = P1 at
 * deploy) may replace the TLS-only policy: S3BucketTlsOnly and AlbAccessLogs passed.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });

/** `[status, message]` of `rule` on `resource` in `template`. */
function judged(template: any, rule: string, resource: string): Array<[string, string]> {
  const report = checks.checkTemplate(template, 'T', { region: 'eu-west-1', account: '123456789012' });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}
const alb = (patch: PatchOp[]) => applyPatch(bases.get('edge-alb'), patch);
const ALB_BUCKET = ['Resources', 'Alb', 'Properties', 'LoadBalancerAttributes', 4, 'Value'];
const LOGS_NAME = ['Resources', 'AccessLogs', 'Properties', 'BucketName'];
const params = set(['Parameters'], { P1: { Type: 'String' }, P2: { Type: 'String' } });
const kms = (patch: PatchOp[]) => judged(alb(patch), 'S3BucketKmsEncrypted', 'AccessLogs');

/** A small template: an SSE-S3 bucket `Logs` named `name`, and `more` resources. */
function small(name: any, more: Record<string, any>, parameters: Record<string, any> = {}): any {
  return { Parameters: parameters, Resources: { Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketName: name } }, ...more } };
}

describe('S3BucketKmsEncrypted: a log-delivery bucket named by text', () => {
  test('the base: the ALB names the bucket by Ref, exempt', () => {
    expect(kms([])).toEqual([['pass', expect.stringMatching(/log-delivery bucket \(load balancer Alb access logs\)/)]]);
  });

  test('an ALB naming the bucket by its literal BucketName or the same Fn::Sub text: exempt (pass)', () => {
    expect(kms([set(LOGS_NAME, 'edge-alb-logs'), set(ALB_BUCKET, 'edge-alb-logs')])).toEqual([['pass', expect.stringMatching(/load balancer Alb access logs/)]]);
    const sub = { 'Fn::Sub': '${AWS::StackName}-logs' };
    expect(kms([set(LOGS_NAME, sub), set(ALB_BUCKET, sub)])).toEqual([['pass', expect.stringMatching(/load balancer Alb access logs/)]]);
  });

  test('access logs turned off: the bucket named for them stays exempt (a decision, see soundness-data-2)', () => {
    expect(kms([set(LOGS_NAME, 'edge-alb-logs'), set(ALB_BUCKET, 'edge-alb-logs'), set(['Resources', 'Alb', 'Properties', 'LoadBalancerAttributes', 3, 'Value'], 'false')])).toEqual([['pass', expect.stringMatching(/load balancer Alb access logs/)]]);
  });

  test('the name the ALB writes to may be the bucket\'s depending on deploy-time values: unknown, naming both', () => {
    expect(kms([params, set(LOGS_NAME, { Ref: 'P1' }), set(ALB_BUCKET, { Ref: 'P2' })])).toEqual([['unknown', expect.stringMatching(/load balancer Alb access logs go to .*P2.*BucketName is decided at deploy time \(parameter P1/)]]);
    expect(kms([set(LOGS_NAME, 'prod-logs'), set(ALB_BUCKET, { 'Fn::Sub': '${AWS::StackName}-logs' })])).toEqual([['unknown', expect.stringMatching(/BucketName prod-logs\) may be it, depending on values decided at deploy time/)]]);
    expect(kms([params, set(LOGS_NAME, 'prod-logs'), set(ALB_BUCKET, { Ref: 'P2' })])).toEqual([['unknown', expect.stringMatching(/BucketName prod-logs\) may be it: the name is decided at deploy time \(parameter P2/)]]);
  });

  test('another bucket name: not exempt (fail)', () => {
    expect(kms([set(LOGS_NAME, 'edge-alb-logs'), set(ALB_BUCKET, 'other-logs')])).toEqual([['fail', expect.stringMatching(/not KMS/)]]);
  });

  test('a CLB, a distribution (host name) and a bucket\'s server access logs naming the bucket by text: exempt', () => {
    const clb = small('my-logs', { Clb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [], AccessLoggingPolicy: { Enabled: true, S3BucketName: 'my-logs' } } } });
    expect(judged(clb, 'S3BucketKmsEncrypted', 'Logs')).toEqual([['pass', expect.stringMatching(/load balancer Clb access logs/)]]);
    for (const host of ['my-logs.s3.amazonaws.com', 'my-logs.s3.eu-west-1.amazonaws.com', { 'Fn::Sub': 'my-logs.s3.${AWS::Region}.amazonaws.com' }]) {
      const cf = small('my-logs', { D: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true, Logging: { Bucket: host } } } } });
      expect(judged(cf, 'S3BucketKmsEncrypted', 'Logs')).toEqual([['pass', expect.stringMatching(/distribution D standard logs/)]]);
    }
    const s3 = small({ 'Fn::Sub': 'logs-${AWS::AccountId}' }, { B: { Type: 'AWS::S3::Bucket', Properties: { LoggingConfiguration: { DestinationBucketName: { 'Fn::Sub': 'logs-${AWS::AccountId}' } } } } });
    expect(judged(s3, 'S3BucketKmsEncrypted', 'Logs')).toEqual([['pass', expect.stringMatching(/server access logs of bucket B/)]]);
    const open = small({ Ref: 'P1' }, { B: { Type: 'AWS::S3::Bucket', Properties: { LoggingConfiguration: { DestinationBucketName: { Ref: 'P2' } } } } }, { P1: { Type: 'String' }, P2: { Type: 'String' } });
    expect(judged(open, 'S3BucketKmsEncrypted', 'Logs')).toEqual([['unknown', expect.stringMatching(/server access logs of bucket B go to .*P2.*P1/)]]);
  });
});

describe('a bucket policy on another open parameter may replace the bucket\'s', () => {
  const other = (bucket: any) => set(['Resources', 'Pol2'], {
    Type: 'AWS::S3::BucketPolicy',
    Properties: { Bucket: bucket, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: { 'Fn::Sub': 'arn:aws:s3:::${P2}/*' } }] } },
  });
  const named = [params, set(LOGS_NAME, { Ref: 'P1' })];

  test('S3BucketTlsOnly: Bucket P2, BucketName P1: unknown, naming both (was a pass)', () => {
    expect(judged(alb([...named, other({ Ref: 'P2' })]), 'S3BucketTlsOnly', 'AccessLogs')).toEqual([['unknown', expect.stringMatching(/bucket policy Pol2 may be this bucket's \(its Bucket .*parameter P2.*parameter P1.*\) and does not deny them/)]]);
  });

  test('AlbAccessLogs: the log bucket\'s TLS denial and log-delivery grant may be lost: unknown (was a pass)', () => {
    const out = judged(alb([...named, other({ Ref: 'P2' })]), 'AlbAccessLogs', 'Alb');
    expect(out.map(([s]) => s)).toEqual(['unknown', 'unknown']);
    expect(out[0][1]).toMatch(/bucket policy Pol2 may be this bucket's .*P2.*P1/);
    expect(out[1][1]).toMatch(/2 bucket policies \(AccessLogsPolicy, Pol2\) may set its one policy/);
  });

  test('a policy on !Sub ${P1} (the bucket\'s own name) is the bucket\'s: unknown (was a pass)', () => {
    // !Sub '${P1}' is the value of P1 in every world, the BucketName: Pol2 is decided to be this bucket's policy
    // (it was "may be" while the evaluator described the Sub by its parameter alone; see soundness-bucket-policy-audit-2).
    expect(judged(alb([...named, other({ 'Fn::Sub': '${P1}' })]), 'S3BucketTlsOnly', 'AccessLogs')).toEqual([['unknown', expect.stringMatching(/2 bucket policies \(AccessLogsPolicy, Pol2\) set this bucket's one policy.*Pol2 does not/)]]);
  });

  test('a policy on another literal name, the bucket named by a literal: not the bucket\'s, both pass', () => {
    const t = alb([params, set(LOGS_NAME, 'edge-alb-logs'), other('other-bucket')]);
    expect(judged(t, 'S3BucketTlsOnly', 'AccessLogs').map(([s]) => s)).toEqual(['pass']);
    expect(new Set(judged(t, 'AlbAccessLogs', 'Alb').map(([s]) => s))).toEqual(new Set(['pass']));
  });
});
