/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * EcsImageImmutable and the shared image policy (2026-12-05): a tag with no version number (`stable`, `lts`,
 * `alpine`) or a major version alone (`16`, `20-alpine`) moves with every release whatever the registry, so a task
 * definition pinning one outside an immutable repository of the template fails (it was unknown: "only the
 * registry knows"); a digest is sha256: and 64 lower-case hex digits (OCI image spec), an upper-case one pins
 * nothing; a tag or digest computed at deploy time is not judged by its placeholder text. The compliant forms
 * next to each still pass.
 */
import { isDigestPinned, unpinnedImageReason } from '../../../lib/checklist/policy/image';
import { judged, statuses } from './judged';

const RULE = 'EcsImageImmutable';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const td = (image: any, extra: Record<string, any> = {}) => ({
  Type: 'AWS::ECS::TaskDefinition',
  ...extra,
  Properties: { RequiresCompatibilities: ['FARGATE'], Cpu: '256', Memory: '512', NetworkMode: 'awsvpc', ContainerDefinitions: [{ Name: 'web', Image: image, Essential: true }] },
});
const one = (image: any, more: Record<string, any> = {}, extra: Record<string, any> = {}) => judged(RULE, { Task: td(image), ...more }, extra);
const sm = (fs: Array<[string, string, string]>) => fs.map(([, s, m]) => [s, m]);
const repo = (mutability: string) => ({ Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: mutability } });
const ecrSub = (tag: string) => ({ 'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/\${Repo}:${tag}` });

describe('EcsImageImmutable: a channel or major-only tag moves, whatever the registry', () => {
  test.each([
    ['nginx:stable', /tag 'stable' carries no version number/],
    ['node:lts', /tag 'lts' carries no version number/],
    ['nginx:alpine', /tag 'alpine' carries no version number/],
    ['public.ecr.aws/docker/library/node:16', /tag '16' names only a major version/],
    ['node:20-alpine', /tag '20-alpine' names only a major version \(20\)/],
    ['ghcr.io/acme/web:v2', /tag 'v2' names only a major version/],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:main', /tag 'main' carries no version number/],
  ])('%s (a registry outside the template): fail', (image, why) => {
    const f = one(image);
    expect(sm(f)).toEqual([['fail', expect.stringMatching(why)]]);
    expect(f[0][2]).toMatch(/container web/);
  });

  test('a full version outside the template stays unknown (the registry decides whether the tag can be overwritten); a digest passes', () => {
    expect(sm(one('nginx:1.25.3'))).toEqual([['unknown', expect.stringMatching(/tag 1\.25\.3 in a registry outside this template.*pin it by digest/)]]);
    expect(sm(one('ghcr.io/acme/web:3f2a9c1'))).toEqual([['unknown', expect.stringMatching(/registry outside this template/)]]);
    expect(statuses(one(`nginx@${DIGEST}`))).toEqual(['pass']);
    expect(statuses(one(`nginx:stable@${DIGEST}`))).toEqual(['pass']);
  });

  test('major.minor outside the template: unknown, naming the doubt', () => {
    expect(sm(one('nginx:1.25'))).toEqual([['unknown', expect.stringMatching(/tag '1\.25' names major\.minor only/)]]);
  });

  test('latest and no tag still fail', () => {
    expect(statuses(one('nginx:latest'))).toEqual(['fail']);
    expect(statuses(one('nginx'))).toEqual(['fail']);
  });

  test('Fn::Sub on a registry outside the template (pseudo parameters in the host): a channel tag fails, a full version is unknown', () => {
    const sub = (tag: string) => ({ 'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/web:${tag}` });
    expect(sm(one(sub('stable')))).toEqual([['fail', expect.stringMatching(/tag 'stable' carries no version number/)]]);
    expect(statuses(one(sub('2.4.1')))).toEqual(['unknown']);
  });

  test('Fn::Sub with an ECR repository of the template: a channel or major-only tag fails even when the repository is immutable (like latest); a release tag there passes', () => {
    expect(statuses(one(ecrSub('stable'), { Repo: repo('MUTABLE') }))).toEqual(['fail']);
    expect(statuses(one(ecrSub('1.4.2'), { Repo: repo('MUTABLE') }))).toEqual(['fail']);
    expect(sm(one(ecrSub('1.4.2'), { Repo: repo('IMMUTABLE') }))).toEqual([['pass', expect.stringMatching(/tag 1\.4\.2 in immutable repository Repo/)]]);
    expect(statuses(one(ecrSub('1.25'), { Repo: repo('IMMUTABLE') }))).toEqual(['pass']);
    expect(sm(one(ecrSub('stable'), { Repo: repo('IMMUTABLE') }))).toEqual([['fail', expect.stringMatching(/tag 'stable' carries no version number.*repository Repo, immutable or not, such a tag moves by deleting the image and pushing it again/)]]);
    expect(statuses(one(ecrSub('16'), { Repo: repo('IMMUTABLE') }))).toEqual(['fail']);
    expect(statuses(one(ecrSub('latest'), { Repo: repo('IMMUTABLE') }))).toEqual(['fail']);
  });

  test('Fn::If between a full version and stable: unknown naming the condition; between two channel tags: fail', () => {
    const extra = {
      Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    };
    const f = one({ 'Fn::If': ['IsProd', `nginx@${DIGEST}`, 'nginx:stable'] }, {}, extra);
    expect(sm(f)).toEqual([['unknown', expect.stringMatching(/fails when .*Env = dev.*tag 'stable' carries no version number/)]]);
    const g = one({ 'Fn::If': ['IsProd', 'nginx:1.25.3', 'nginx:stable'] }, {}, extra);
    expect(statuses(g)).toEqual(['unknown']);
    expect(g[0][2]).toMatch(/fails when .*Env = dev/);
    expect(statuses(one({ 'Fn::If': ['IsProd', 'nginx:lts', 'nginx:stable'] }, {}, extra))).toEqual(['fail']);
  });

  test('a tag parameter with AllowedValues: every value a channel fails; one a channel, one a digest-pinned full version is unknown naming the value', () => {
    const param = (values: string[]) => ({ Parameters: { Tag: { Type: 'String', AllowedValues: values } } });
    expect(statuses(one({ 'Fn::Sub': 'nginx:${Tag}' }, {}, param(['stable', 'lts', '20-alpine'])))).toEqual(['fail']);
    const f = one({ 'Fn::Sub': 'nginx:${Tag}' }, {}, param(['1.25.3', 'stable']));
    expect(sm(f)).toEqual([['unknown', expect.stringMatching(/fails when parameter Tag = stable/)]]);
    // An image parameter with AllowedValues: a digest or a channel.
    const g = judged(RULE, { Task: td({ Ref: 'Image' }) }, { Parameters: { Image: { Type: 'String', AllowedValues: [`nginx@${DIGEST}`, 'nginx:lts'] } } });
    expect(sm(g)).toEqual([['unknown', expect.stringMatching(/fails when parameter Image = nginx:lts/)]]);
  });

  test('an open tag parameter (a Default is only likely): unknown, never a verdict on the default', () => {
    const f = one({ 'Fn::Sub': 'nginx:${Tag}' }, {}, { Parameters: { Tag: { Type: 'String', Default: 'stable' } } });
    expect(statuses(f)).not.toContain('pass');
  });
});

describe('EcsImageImmutable: a tag or digest computed at deploy time is not judged by its placeholder', () => {
  const build = { Type: 'Custom::ImageBuild', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:build' } };
  test('a tag from a resource attribute, outside the template: unknown (not a malformed tag)', () => {
    const f = one({ 'Fn::Join': ['', ['ghcr.io/acme/web:', { 'Fn::GetAtt': ['Build', 'Tag'] }]] }, { Build: build });
    expect(statuses(f)).toEqual(['unknown']);
    expect(f[0][2]).not.toMatch(/not a valid tag/);
  });
  test('a pseudo parameter in the tag (its `::` is no tag separator): unknown outside the template, judged by the repository inside it', () => {
    const f = one({ 'Fn::Sub': 'ghcr.io/acme/web:build-${AWS::StackName}' });
    expect(sm(f)).toEqual([['unknown', expect.stringMatching(/tag decided at deploy time/)]]);
    expect(statuses(one({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Repo}:build-${AWS::StackName}' }, { Repo: repo('IMMUTABLE') }))).toEqual(['pass']);
    expect(statuses(one({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Repo}:build-${AWS::StackName}' }, { Repo: repo('MUTABLE') }))).toEqual(['fail']);
  });
  test('a digest from a resource attribute: unknown (it was failed as "no tag")', () => {
    const f = one({ 'Fn::Join': ['', ['ghcr.io/acme/web@', { 'Fn::GetAtt': ['Build', 'Digest'] }]] }, { Build: build });
    expect(sm(f)).toEqual([['unknown', expect.stringMatching(/digest .*decided at deploy time/)]]);
  });
});

describe('digests are sha256: and 64 lower-case hex digits (OCI image spec); the policy predicates agree', () => {
  const upper = `sha256:${'0123456789ABCDEF'.repeat(4)}`;
  test('isDigestPinned and unpinnedImageReason agree on upper-case hex: not a pin', () => {
    expect(isDigestPinned(`web@${upper}`)).toBe(false);
    expect(unpinnedImageReason(`web@${upper}`)).toMatch(/lower-case hex/);
    expect(isDigestPinned(`web@${DIGEST}`)).toBe(true);
    expect(unpinnedImageReason(`web@${DIGEST}`)).toBeUndefined();
  });
  test.each([
    `web@${DIGEST}`, `web:1.0@${DIGEST}`, `web@${upper}`, 'web@sha256:abc', 'web:1.0', 'web', 'web:stable', `web@sha512:${'a'.repeat(128)}`,
  ])('%s: isDigestPinned iff unpinnedImageReason sees a digest and no fault', (ref) => {
    const hasDigest = ref.includes('@');
    expect(isDigestPinned(ref)).toBe(hasDigest && unpinnedImageReason(ref) === undefined);
  });
  test('EcsImageImmutable: an upper-case digest fails (the image cannot be pulled by it), naming the digest; lower-case passes', () => {
    expect(sm(one(`nginx@${upper}`))).toEqual([['fail', expect.stringMatching(/digest 'sha256:0123456789ABCDEF.*lower-case hex/)]]);
    expect(sm(one('nginx@sha256:abc'))).toEqual([['fail', expect.stringMatching(/digest 'sha256:abc' is not sha256/)]]);
    expect(sm(one(`nginx@${DIGEST}`))).toEqual([['pass', expect.stringMatching(/pinned by digest/)]]);
  });
});

describe('EcrLifecyclePolicy: a pinned tag with a deploy-time part is not read from its placeholder text', () => {
  const policy = (prefix: string) => JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'tagged', tagPrefixList: [prefix], countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] });
  const repoWith = (prefix: string) => ({ Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'IMMUTABLE', LifecyclePolicy: { LifecyclePolicyText: policy(prefix) } } });
  const lifecycle = (tag: string, prefix: string) => judged('EcrLifecyclePolicy', { Task: td(ecrSub(tag)), Repo: repoWith(prefix) });
  test('build-${AWS::StackName} under a rule keeping 1 build-* image: not passed (the tag is read as "StackName}" otherwise)', () => {
    expect(statuses(lifecycle('build-${AWS::StackName}', 'build-'))).toEqual(['unknown']);
  });
  test('a literal tag the rule takes fails; one it does not take passes', () => {
    expect(statuses(lifecycle('build-1.4.2', 'build-'))).toEqual(['fail']);
    expect(statuses(lifecycle('1.4.2', 'build-'))).toEqual(['pass']);
  });
});
