/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Data-tier shapes from real third-party templates (found by a hunt, 2026-12-05):
 * - a bucket created with `ObjectLockEnabled: true` is versioned whatever its `VersioningConfiguration` says (the CDK's
 *   `objectLockEnabled` writes no VersioningConfiguration): S3BucketVersioned failed it, and S3BucketLifecycle read it
 *   as unversioned, so an expiry of current versions alone passed although it only makes them noncurrent;
 * - an ElastiCache user whose password is `!Sub '${AWS::StackName}-Password123!'` passed CACHE-AUTH (only literals
 *   were read as written in the template), and one from a parameter passed too, where an AUTH token is unknown;
 * - a cache naming its user group by its literal UserGroupId (the CDK alpha ServerlessCache) was unknown ("defined
 *   outside this template") although the group is in the template.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });

function judged(base: string, patch: PatchOp[], rule: string, resource: string): Array<[string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, { region: 'eu-west-1', account: '111111111111' });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}

describe('a bucket created with Object Lock is versioned', () => {
  const B = 'CanaryArtifacts';
  const props = (k: string) => ['Resources', B, 'Properties', k];
  const locked = [del(props('VersioningConfiguration')), set(props('ObjectLockEnabled'), true)];
  const currentOnly = del(['Resources', B, 'Properties', 'LifecycleConfiguration', 'Rules', 0, 'NoncurrentVersionExpiration']);

  test('S3BucketVersioned passes it (was a fail); without Object Lock it still fails', () => {
    expect(judged('platform', locked, 'S3BucketVersioned', B)).toEqual([['pass', expect.stringMatching(/created with Object Lock, which turns versioning on/)]]);
    expect(judged('platform', [...locked, set(props('ObjectLockEnabled'), 'TRUE')], 'S3BucketVersioned', B)).toEqual([['pass', expect.stringMatching(/Object Lock/)]]);
    expect(judged('platform', [del(props('VersioningConfiguration')), set(props('ObjectLockEnabled'), false)], 'S3BucketVersioned', B)).toEqual([['fail', expect.stringMatching(/versioning off/)]]);
  });

  test('S3BucketLifecycle: an expiry of current versions alone keeps them as noncurrent versions: fail (was a pass)', () => {
    expect(judged('platform', [...locked, currentOnly], 'S3BucketLifecycle', B)).toEqual([['fail', expect.stringMatching(/versioning is Enabled: an expired object becomes a noncurrent version/)]]);
    expect(judged('platform', locked, 'S3BucketLifecycle', B)).toEqual([['pass', expect.anything()]]);
  });

  test('ObjectLockEnabled decided at deploy time: versioning unknown (was a fail), the current-only expiry unknown (was a pass)', () => {
    const open = [del(props('VersioningConfiguration')), set(['Parameters', 'Lock'], { Type: 'String' }), set(props('ObjectLockEnabled'), { Ref: 'Lock' })];
    expect(judged('platform', open, 'S3BucketVersioned', B)).toEqual([['unknown', expect.stringMatching(/ObjectLockEnabled decided at deploy time/)]]);
    expect(judged('platform', [...open, currentOnly], 'S3BucketLifecycle', B)).toEqual([['unknown', expect.stringMatching(/ObjectLockEnabled/)]]);
  });
});

describe('CACHE-AUTH reads every password and user group the template writes', () => {
  const user = (mode: any) => set(['Resources', 'AppUser', 'Properties', 'AuthenticationMode'], mode);

  test('a user password built from text and AWS::StackName is written in the template: fail (was a pass)', () => {
    const r = judged('cache', [user({ Type: 'password', Passwords: [{ 'Fn::Sub': '${AWS::StackName}-Password123!' }] })], 'CacheAuth', 'Cache');
    expect(r).toEqual([['fail', expect.stringMatching(/AppUser\) has a password built in the template from text and pseudo parameters/)]]);
    expect(r[0][1]).not.toMatch(/Password123/);
    const top = [set(['Resources', 'AppUser', 'Properties', 'Passwords'], [{ 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'Password123!']] }]), del(['Resources', 'AppUser', 'Properties', 'AuthenticationMode'])];
    expect(judged('cache', top, 'CacheAuth', 'Cache')).toEqual([['fail', expect.stringMatching(/built in the template/)]]);
  });

  test('a user password from a parameter is unknown (was a pass); one from Secrets Manager passes', () => {
    const param = [set(['Parameters', 'CachePassword'], { Type: 'String', NoEcho: true }), user({ Type: 'password', Passwords: [{ Ref: 'CachePassword' }] })];
    expect(judged('cache', param, 'CacheAuth', 'Cache')).toEqual([['unknown', expect.stringMatching(/a password of user app-cache-user \(AppUser\) is decided at deploy time .*CachePassword/)]]);
    const secret = user({ Type: 'password', Passwords: ['{{resolve:secretsmanager:cache-pw:SecretString:password}}'] });
    expect(judged('cache', [secret], 'CacheAuth', 'Cache')).toEqual([['pass', expect.anything()]]);
  });

  test('an AUTH token built from text and AWS::StackName fails (was unknown)', () => {
    const token = [del(['Resources', 'Cache', 'Properties', 'UserGroupIds']), set(['Resources', 'Cache', 'Properties', 'AuthToken'], { 'Fn::Sub': '${AWS::StackName}-token-0123456789' })];
    expect(judged('cache', token, 'CacheAuth', 'Cache')).toEqual([['fail', expect.stringMatching(/AUTH token built in the template/)]]);
  });

  test('a user group named by its literal UserGroupId is read (was unknown)', () => {
    const literal = set(['Resources', 'Cache', 'Properties', 'UserGroupIds'], ['app-cache']);
    expect(judged('cache', [literal], 'CacheAuth', 'Cache')).toEqual([['pass', expect.stringMatching(/users of UserGroup/)]]);
    const nopass = set(['Resources', 'AppUser', 'Properties', 'AccessString'], 'on ~app:* +@all nopass');
    expect(judged('cache', [literal, nopass], 'CacheAuth', 'Cache')).toEqual([['fail', expect.stringMatching(/nopass/)]]);
    expect(judged('cache', [set(['Resources', 'Cache', 'Properties', 'UserGroupIds'], ['other-group'])], 'CacheAuth', 'Cache')).toEqual([['unknown', expect.stringMatching(/user group other-group is defined outside this template/)]]);
  });

  test('a serverless cache naming the group by its id is judged by its users', () => {
    const serverless = set(['Resources', 'Serverless'], {
      Type: 'AWS::ElastiCache::ServerlessCache',
      DependsOn: ['UserGroup'],
      Properties: { Engine: 'valkey', ServerlessCacheName: 'sc', UserGroupId: 'app-cache', KmsKeyId: { 'Fn::GetAtt': ['CacheKeyA9E311EC', 'Arn'] }, SnapshotRetentionLimit: 7 },
    });
    expect(judged('cache', [serverless], 'CacheAuth', 'Serverless')).toEqual([['pass', expect.stringMatching(/users of UserGroup/)]]);
    const nopass = set(['Resources', 'AppUser', 'Properties', 'NoPasswordRequired'], true);
    expect(judged('cache', [serverless, nopass, del(['Resources', 'AppUser', 'Properties', 'AuthenticationMode'])], 'CacheAuth', 'Serverless')).toEqual([['fail', expect.stringMatching(/needs no password/)]]);
  });
});
