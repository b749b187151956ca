/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Third pass over the log archive, image retention and access-log bucket rules (2026-12-05): templates written
 * the way third parties write them, each of which came out PASS although some deployment of it does not meet the
 * item; the compliant form next to each still passes.
 */
import { checks, judged, statuses } from './judged';
import { LOGS_TLS_DENY, PatchOp, albLogsTemplate, applyPatch, compliantBases, logsPolicy } from './fixtures';

const bases = compliantBases();
/** `[resource, status, message]` of one rule's findings on a patched compliant base. */
const patched = (ruleId: string, base: string, patch: PatchOp[], env?: { region: string }): Array<[string, string, string]> =>
  checks.checkTemplate(applyPatch(bases.get(base), patch), undefined, env).findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource ?? '', f.status, f.message]);
const sm = (fs: Array<[string, string, string]>) => fs.map(([, s, m]) => [s, m]);

// ---------------------------------------------------------------- LogArchiveToS3

describe('LogArchiveToS3: lifecycle expirations the archive does not survive', () => {
  const bucket = ['Resources', 'LogArchive', 'Properties'];
  const rule0 = [...bucket, 'LifecycleConfiguration', 'Rules', 0];
  const rules = (...rs: any[]): PatchOp => ({ op: 'set', path: [...bucket, 'LifecycleConfiguration', 'Rules'], value: rs });
  const unversioned: PatchOp = { op: 'delete', path: [...bucket, 'VersioningConfiguration'] };
  // The ecs-service base is a stack of eu-west-1: its awslogs-region is that literal, read against the stack's region.
  const archive = (patch: PatchOp[], extra: PatchOp[] = []) => patched('LogArchiveToS3', 'ecs-service', [...patch, ...extra], { region: 'eu-west-1' });
  const glacier30 = { Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }] };

  test('the base (transition at 30 days, expiration at 730) passes', () => {
    expect(statuses(archive([]))).toEqual(['pass']);
  });
  test('an ExpirationDate expires the archive: objects written from that date on expire at once, before any transition: fail', () => {
    const f = archive([{ op: 'delete', path: [...rule0, 'ExpirationInDays'] }, { op: 'set', path: [...rule0, 'ExpirationDate'], value: '2027-01-01T00:00:00.000Z' }], [unversioned]);
    expect(sm(f)).toEqual([['fail', expect.stringMatching(/expires them on 2027-01-01T00:00:00.000Z \(ExpirationDate: every log object then.*before any transition/)]]);
  });
  test('an ExpirationDate on a second enabled rule that covers the stream: fail; Disabled, or on another prefix: pass', () => {
    const dated = (more: any) => ({ Status: 'Enabled', ExpirationDate: '2027-01-01T00:00:00.000Z', ...more });
    expect(statuses(archive([rules(glacier30, dated({}))], [unversioned]))).toEqual(['fail']);
    expect(statuses(archive([rules(glacier30, dated({ Prefix: 'logs/' }))], [unversioned]))).toEqual(['fail']);
    expect(statuses(archive([rules(glacier30, dated({ Status: 'Disabled' }))], [unversioned]))).toEqual(['pass']);
    expect(statuses(archive([rules(glacier30, dated({ Prefix: 'other/' }))], [unversioned]))).toEqual(['pass']);
  });
  test('a TransitionDate counts as a transition from that date; with an ExpirationDate too, later objects expire first: fail', () => {
    const byDate = { Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionDate: '2026-01-01T00:00:00.000Z' }] };
    expect(statuses(archive([rules(byDate)], [unversioned]))).toEqual(['pass']);
    expect(statuses(archive([rules({ ...byDate, ExpirationDate: '2027-01-01T00:00:00.000Z' })], [unversioned]))).toEqual(['fail']);
  });
  test('an expiration on a rule that may take only some of the log objects (a longer prefix) before the transition: unknown', () => {
    const f = archive([rules(glacier30, { Status: 'Enabled', Prefix: 'logs/2026/', ExpirationInDays: 7 })], [unversioned]);
    expect(sm(f)).toEqual([['unknown', expect.stringMatching(/lifecycle rule 1 .*logs\/2026\/.* may expire some of the log objects after 7 days/)]]);
    expect(statuses(archive([rules(glacier30, { Status: 'Enabled', Prefix: 'logs/2026/', ExpirationInDays: 90 })], [unversioned]))).toEqual(['pass']);
  });
  test('an expiration rule whose Status is chosen by a condition: unknown', () => {
    const f = checks.checkTemplate(applyPatch(bases.get('ecs-service'), [
      rules(glacier30, { Status: { 'Fn::If': ['Short', 'Enabled', 'Disabled'] }, ExpirationInDays: 7 }), unversioned,
      { op: 'set', path: ['Parameters', 'Mode'], value: { Type: 'String', AllowedValues: ['short', 'long'] } },
      { op: 'set', path: ['Conditions', 'Short'], value: { 'Fn::Equals': [{ Ref: 'Mode' }, 'short'] } },
    ]), undefined, { region: 'eu-west-1' }).findings.filter((x) => x.ruleId === 'LogArchiveToS3');
    expect(f.map((x) => x.status)).toContain('unknown');
    expect(f.map((x) => x.status)).not.toContain('fail');
    expect(f.find((x) => x.status === 'unknown')?.message).toMatch(/fails when parameter Mode = short/);
  });
  test('a noncurrent-version transition due on or after the NoncurrentVersionExpiration never happens: fail', () => {
    // Versioned bucket: the expiration makes the logs noncurrent after 7 days; they are deleted 30 days later, before the 40-day move.
    const f = archive([rules({ Status: 'Enabled', ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 40 }] })]);
    expect(sm(f)).toEqual([['fail', expect.stringMatching(/noncurrent.*30 days/)]]);
    expect(statuses(archive([rules({ Status: 'Enabled', ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 1 }] })]))).toEqual(['pass']);
  });
  test('a noncurrent-version transition alone moves nothing: without an expiration the logs stay current: fail', () => {
    const f = archive([rules({ Status: 'Enabled', NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 1 }] })]);
    expect(sm(f)).toEqual([['fail', expect.stringMatching(/no lifecycle rule moves them to an archive tier/)]]);
  });
  test('a transition rule with an object size filter may leave the small log objects behind: unknown', () => {
    const f = archive([rules({ ...glacier30, Filter: { ObjectSizeGreaterThan: 1048576 } })], [unversioned]);
    expect(sm(f)).toEqual([['unknown', expect.stringMatching(/ObjectSizeGreaterThan/)]]);
  });
});

// ---------------------------------------------------------------- EcrLifecyclePolicy

describe('EcrLifecyclePolicy: a lifecycle policy that expires the releases', () => {
  const policy = (...rules: any[]) => JSON.stringify({ rules: rules.map((r, i) => ({ rulePriority: i + 1, action: { type: 'expire' }, ...r })) });
  const count = (n: number, sel: any = { tagStatus: 'any' }) => ({ selection: { ...sel, countType: 'imageCountMoreThan', countNumber: n } });
  const age = (days: number, sel: any = { tagStatus: 'any' }) => ({ selection: { ...sel, countType: 'sinceImagePushed', countUnit: 'days', countNumber: days } });
  const repo = (text: any, tag = 'v1.2.3'): Record<string, any> => ({
    Repo: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'IMMUTABLE', LifecyclePolicy: { LifecyclePolicyText: text } } },
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: { ContainerDefinitions: [{ Name: 'web', Essential: true, Image: { 'Fn::Sub': `\${Repo.RepositoryUri}:${tag}` } }] },
    },
  });
  const ecr = (text: any, tag?: string, extra: Record<string, any> = {}) => sm(judged('EcrLifecyclePolicy', repo(text, tag), extra));

  test('tagStatus any keeping 1 image: the previous release is expired by the next push: fail', () => {
    expect(ecr(policy(count(1)))).toEqual([['fail', expect.stringMatching(/rule 1 .*keeps only the 1 most recent image.*previous release/)]]);
  });
  test('tagged (pattern *) keeping 1: fail; an age limit on tagged images expires the release in service: fail', () => {
    expect(ecr(policy(count(1, { tagStatus: 'tagged', tagPatternList: ['*'] })))[0][0]).toEqual('fail');
    expect(ecr(policy(age(30)))).toEqual([['fail', expect.stringMatching(/rule 1 .*expires images 30 days after they are pushed/)]]);
  });
  test('a tag-filtered rule that expires the tags the task definition pins: fail; other tags: pass', () => {
    expect(ecr(policy(count(1, { tagStatus: 'tagged', tagPrefixList: ['v'] }), count(50)))[0][0]).toEqual('fail');
    expect(ecr(policy(age(7, { tagStatus: 'tagged', tagPrefixList: ['pr-'] }), count(50)))).toEqual([['pass', expect.any(String)]]);
  });
  test('a rule for some tags ahead of an any rule that keeps 1: the tags it does not take are expired: unknown without a pinned tag, fail with one it misses', () => {
    const text = policy(count(50, { tagStatus: 'tagged', tagPatternList: ['release-*'] }), count(1));
    expect(sm(judged('EcrLifecyclePolicy', { Repo: repo(text).Repo }))).toEqual([['unknown', expect.stringMatching(/release-\*.*rule 2/)]]);
    expect(ecr(text, 'release-7')[0][0]).toEqual('pass');
    expect(ecr(text, 'v7')[0][0]).toEqual('fail');
  });
  test('no task definition of the template pins a tag: an any rule keeping 1 fails; a tag-filtered rule expiring by age is unknown', () => {
    const only = (text: string) => sm(judged('EcrLifecyclePolicy', { Repo: repo(text).Repo }));
    expect(only(policy(count(1)))).toEqual([['fail', expect.stringMatching(/takes every tagged image and keeps only the 1 most recent image/)]]);
    expect(only(policy(age(7, { tagStatus: 'tagged', tagPrefixList: ['pr-'] }), count(50)))).toEqual([['unknown', expect.stringMatching(/pr-.*whether the release tags match its filter decides/)]]);
    expect(only(policy(count(50)))).toEqual([['pass', expect.any(String)]]);
  });
  test('a task definition pinning the repository by digest: its tags are not in the template, so the policy is read for every tag', () => {
    const t = repo(policy(age(7, { tagStatus: 'tagged', tagPrefixList: ['pr-'] }), count(50)));
    t.Task.Properties.ContainerDefinitions[0].Image = { 'Fn::Sub': '${Repo.RepositoryUri}@sha256:' + 'a'.repeat(64) };
    expect(sm(judged('EcrLifecyclePolicy', t)).map(([s]) => s)).toEqual(['unknown']);
  });
  test('a policy chosen by a condition, one branch keeping 1 image: unknown', () => {
    const f = ecr({ 'Fn::If': ['Short', policy(count(1)), policy(count(50))] }, undefined, {
      Parameters: { Mode: { Type: 'String', AllowedValues: ['short', 'long'] } }, Conditions: { Short: { 'Fn::Equals': [{ Ref: 'Mode' }, 'short'] } },
    });
    expect(f).toEqual([['unknown', expect.stringMatching(/Mode = short/)]]);
  });
  test('compliant: keep 50 of any, or expire only untagged images: pass', () => {
    expect(ecr(policy(count(50)))).toEqual([['pass', expect.any(String)]]);
    expect(ecr(policy(age(7, { tagStatus: 'untagged' })))).toEqual([['pass', expect.any(String)]]);
    expect(ecr(policy(age(7, { tagStatus: 'untagged' }), count(2)))).toEqual([['pass', expect.any(String)]]);
  });
  test('a policy text built from a parameter is unknown; one that is not JSON is unknown', () => {
    const f = ecr({ 'Fn::Sub': ['{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":${N}},"action":{"type":"expire"}}]}', { N: { Ref: 'N' } }] }, undefined, { Parameters: { N: { Type: 'Number' } } });
    expect(f.map(([s]) => s)).toEqual(['unknown']);
    expect(ecr('not json').map(([s]) => s)).toEqual(['unknown']);
  });
});

// ---------------------------------------------------------------- access-log buckets: one policy per bucket

describe('AlbAccessLogs: the log bucket keeps one of its bucket policies', () => {
  const tlsDeny = LOGS_TLS_DENY;
  const grant = { Effect: 'Allow', Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }, Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Logs.Arn}/AWSLogs/*' } };
  const pol = logsPolicy;
  const template = albLogsTemplate;
  const alb = (policies: Record<string, any>) => judged('AlbAccessLogs', template(policies));

  test('two bucket policies, only one denying plain HTTP: the one applied last is kept: unknown', () => {
    expect(sm(alb({ Tls: pol(tlsDeny, grant), Grant: pol(grant) }))).toEqual([['unknown', expect.stringMatching(/2 bucket policies \(Tls, Grant\).*applies last.*Grant does not/)]]);
  });
  test('compliant: one policy denying plain HTTP, or two that both do: pass', () => {
    expect([...new Set(statuses(alb({ Tls: pol(tlsDeny, grant) })))]).toEqual(['pass']);
    expect([...new Set(statuses(alb({ Tls: pol(tlsDeny, grant), Tls2: pol(tlsDeny, grant) })))]).toEqual(['pass']);
  });
  test('two policies that both deny plain HTTP, only one granting the log delivery: the grant may be replaced: unknown', () => {
    const other = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Logs.Arn}/*' } };
    expect(sm(alb({ Tls: pol(tlsDeny, grant), Reader: pol(tlsDeny, other) }))).toEqual([['unknown', expect.stringMatching(/2 bucket policies \(Tls, Reader\).*grant writes to different principals.*Reader: none.*log delivery decides/)]]);
  });
  test('no policy denies plain HTTP: fail', () => {
    expect(statuses(alb({ Grant: pol(grant), Grant2: pol(grant) }))).toEqual(['fail']);
  });
});
