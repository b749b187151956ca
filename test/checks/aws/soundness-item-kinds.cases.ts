/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * An item is satisfied only when every resource of the kinds it is about has been read for it. Before, a type of a
 * kind some items' rules read (a Lambda function, an EC2 instance, a function URL) counted as read for every item
 * about that kind: an app whose ECS images are pinned satisfied DEPLOY-IMMUTABLE-ARTIFACTS while its Lambda function
 * ran `checkout:latest`, and an ALB behind a web ACL satisfied WAF-WEB-ACL beside a function URL no web ACL can
 * protect. Now each item's rules must read the type (or a part of the same resource: an ECS service and its task
 * definition), or kinds.ts NOT_ABOUT must say why the item is not about it; otherwise the item is unknown, naming
 * the type. LambdaCodeImmutable reads the Lambda half of DEPLOY-IMMUTABLE-ARTIFACTS.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Catalog } from '../../../lib/checklist/catalog';
import { ruleReads } from '../../../lib/checks/golive-checks';
import { kindsJudged, NOT_ABOUT, RESOURCE_KINDS } from '../../../lib/checks/kinds';
import { loadFolder } from '../../../lib/checks/loader';
/** The ecs-service base is a stack of eu-west-1 (its awslogs-region is that literal, read against the stack's region). */
const EU = { region: 'eu-west-1' };
import { checks, judged, statuses } from './judged';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant');
const base = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
const withResources = (t: any, extra: Record<string, any>, sections: Record<string, any> = {}) => ({ ...t, ...sections, Resources: { ...t.Resources, ...extra } });

const ROLE = 'arn:aws:iam::111111111111:role/checkout';
const imageFunction = (imageUri: any) => ({ Type: 'AWS::Lambda::Function', Properties: { PackageType: 'Image', Role: ROLE, Code: { ImageUri: imageUri } } });
const zipFunction = (code: any) => ({ Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: code } });
const instance = (userData: string) => ({
  Type: 'AWS::EC2::Instance',
  Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.small', MetadataOptions: { HttpTokens: 'required' }, UserData: { 'Fn::Base64': userData } },
});
const functionUrl = { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['PostScaleUpHook', 'Arn'] } } };

describe('the kinds table', () => {
  test('every NOT_ABOUT entry is a catalog item, about a kind holding the type, whose rules read neither it nor a part of it', () => {
    const stale: string[] = [];
    for (const [item, types] of Object.entries(NOT_ABOUT)) {
      if (!Catalog.items().some((i) => i.id === item)) stale.push(`${item}: not in the catalog`);
      const rules = ruleReads().filter((r) => r.items.includes(item));
      const read = new Set(rules.flatMap((r) => r.types));
      const kinds = kindsJudged([...read]);
      for (const type of Object.keys(types)) {
        const kind = kinds.find((k) => k.judged.includes(type) || k.unread.includes(type) || k.alone?.some((a) => a.type === type));
        // A part running alone (a task definition no service runs) is read where the part itself is.
        const alone = kind?.alone?.find((a) => a.type === type);
        if (!kind) stale.push(`${item} ${type}: not a type of the item's kinds`);
        else if (alone ? read.has(alone.part) || alone.runners?.every((t) => read.has(t)) : read.has(type) || kind.parts?.find((g) => g.includes(type))?.some((t) => read.has(t))) stale.push(`${item} ${type}: its rules read it`);
        if (!types[type] || types[type].length < 20) stale.push(`${item} ${type}: no reason given`);
      }
    }
    expect(stale).toEqual([]);
  });

  test('a type belongs to one part group of its kind at most', () => {
    for (const kind of RESOURCE_KINDS) {
      const all = (kind.parts ?? []).flat();
      expect(all.filter((t, i) => all.indexOf(t) !== i)).toEqual([]);
    }
  });
});

describe('DEPLOY-IMMUTABLE-ARTIFACTS reads Lambda functions (LambdaCodeImmutable)', () => {
  const ecs = () => base('ecs-service');

  test('the ECS base satisfies it (its images are pinned; its hook function is inline code)', () => {
    expect(checks.checkTemplate(ecs(), 'T').statusOf('DEPLOY-IMMUTABLE-ARTIFACTS')).toBe('satisfied');
  });

  test('a function running checkout:latest beside pinned ECS images violates it', () => {
    const report = checks.checkTemplate(withResources(ecs(), { Worker: imageFunction('111111111111.dkr.ecr.eu-west-1.amazonaws.com/checkout:latest') }), 'T');
    expect(report.statusOf('DEPLOY-IMMUTABLE-ARTIFACTS')).toBe('violated');
    expect(report.findings.filter((f) => f.ruleId === 'LambdaCodeImmutable' && f.resource === 'Worker').map((f) => [f.status, f.message])).toEqual([['fail', expect.stringMatching(/function Worker: the latest tag moves with every push/)]]);
  });

  test.each([
    ['a digest', imageFunction('111111111111.dkr.ecr.eu-west-1.amazonaws.com/checkout@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), 'pass'],
    ['a release tag in the immutable repository of this template', imageFunction({ 'Fn::Sub': '${Repository.RepositoryUri}:1.4.2' }), 'pass'],
    ['a CDK image asset', imageFunction({ 'Fn::Sub': '111111111111.dkr.ecr.eu-west-1.${AWS::URLSuffix}/cdk-hnb659fds-container-assets-111111111111-eu-west-1:9f2ee1b5f7e1a6b3a4d1d26a2c8ab39e3bca0f9f5c6a7c3d2b1e0f9a8b7c6d5e' }), 'pass'],
    ['a CDK file asset', zipFunction({ S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, S3Key: '9f2ee1b5f7e1a6b3a4d1d26a2c8ab39e3bca0f9f5c6a7c3d2b1e0f9a8b7c6d5e.zip' }), 'pass'],
    ['a zip pinned to its object version', zipFunction({ S3Bucket: 'acme-builds', S3Key: 'checkout/function.zip', S3ObjectVersion: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' }), 'pass'],
    ['inline code', zipFunction({ ZipFile: 'exports.handler = async () => ({});' }), 'pass'],
    ['a major tag alone', imageFunction('public.ecr.aws/acme/checkout:20'), 'fail'],
    ['a version tag in a registry outside the template', imageFunction('public.ecr.aws/acme/checkout:1.4.2'), 'unknown'],
    ['a key the next build may overwrite', zipFunction({ S3Bucket: 'acme-builds', S3Key: 'checkout/function.zip' }), 'unknown'],
    ['a CDK asset bucket with a key that is not a content hash', zipFunction({ S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, S3Key: 'function.zip' }), 'unknown'],
    ['a key from an open parameter', zipFunction({ S3Bucket: 'acme-builds', S3Key: { Ref: 'CodeKey' } }), 'unknown'],
  ])('%s: %s', (_name, fn, status) => {
    const f = judged('LambdaCodeImmutable', { ...ecs().Resources, Worker: fn }, { Parameters: { CodeKey: { Type: 'String' } } });
    expect(f.filter(([r]) => r === 'Worker').map(([, s]) => s)).toEqual([status]);
  });

  test('latest in one branch of a condition: not a pass', () => {
    const fn = { Type: 'AWS::Lambda::Function', Properties: { PackageType: 'Image', Role: ROLE, Code: { ImageUri: { 'Fn::If': ['Canary', 'public.ecr.aws/acme/checkout:latest', 'public.ecr.aws/acme/checkout@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'] } } } };
    const sections = { Parameters: { Track: { Type: 'String', AllowedValues: ['canary', 'stable'] } }, Conditions: { Canary: { 'Fn::Equals': [{ Ref: 'Track' }, 'canary'] } } };
    expect(statuses(judged('LambdaCodeImmutable', { Worker: fn }, sections))).toEqual(['unknown']);
    const report = checks.checkTemplate(withResources(ecs(), { Worker: fn }, sections), 'T');
    expect(report.statusOf('DEPLOY-IMMUTABLE-ARTIFACTS')).toBe('unknown');
  });

  test('in a nested stack, read from a file beside its parent: violated', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-kinds-nested-'));
    fs.writeFileSync(path.join(dir, 'parent.json'), JSON.stringify(withResources(ecs(), { Workers: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'workers.json' } } })));
    fs.writeFileSync(path.join(dir, 'workers.json'), JSON.stringify({ Resources: { Worker: imageFunction('public.ecr.aws/acme/checkout:stable') } }));
    const report = checks._evaluateLoaded(loadFolder(dir));
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    expect(report.statusOf('DEPLOY-IMMUTABLE-ARTIFACTS')).toBe('violated');
  });
});

describe('a type of an item\'s kind that its rules do not read keeps it from being satisfied', () => {
  test('an EC2 instance beside ECS and Lambda: the configuration and logging items are unknown, naming it', () => {
    const plain = checks.checkTemplate(base('ecs-service'), 'T', EU);
    const ITEMS = ['CONFIG-DEBUG-OFF', 'SECRETS-NO-PLAINTEXT', 'LOG-RETENTION', 'CONFIG-ENVIRONMENT-PRODUCTION'];
    expect(ITEMS.map((i) => plain.statusOf(i))).toEqual(ITEMS.map(() => 'satisfied'));
    const report = checks.checkTemplate(withResources(base('ecs-service'), { Legacy: instance('#!/bin/bash\nexport DEBUG=true\n/opt/app/run') }), 'T', EU);
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(ITEMS.map(() => 'unknown'));
    expect(report.items.find((i) => i.id === 'CONFIG-DEBUG-OFF')!.reason).toBe("the app holds AWS::EC2::Instance (compute that other items' rules read, this item's do not)");
    // The items whose rules read instances are judged as before.
    expect(report.statusOf('COMPUTE-HARDENED')).toBe('satisfied');
  });

  test('a function URL beside an ALB behind a web ACL: WAF-WEB-ACL and WAF-RATE-LIMIT are unknown (no web ACL can be attached to it)', () => {
    const plain = checks.checkTemplate(base('ecs-service'), 'T', EU);
    expect([plain.statusOf('WAF-WEB-ACL'), plain.statusOf('WAF-RATE-LIMIT')]).toEqual(['satisfied', 'satisfied']);
    const report = checks.checkTemplate(withResources(base('ecs-service'), { HookUrl: functionUrl }), 'T', EU);
    expect([report.statusOf('WAF-WEB-ACL'), report.statusOf('WAF-RATE-LIMIT'), report.statusOf('EDGE-ACCESS-LOGS')]).toEqual(['unknown', 'unknown', 'unknown']);
    // NOT_ABOUT: a function URL serves HTTPS only, with AWS's certificate. (Its function now serves, and has no
    // error-rate alarm: ALARM-ERROR-RATE is violated by the function itself.)
    expect([report.statusOf('EDGE-HTTPS-LISTENER'), report.statusOf('EDGE-CERTIFICATE-MANAGED'), report.statusOf('ALARM-ERROR-RATE')]).toEqual(['satisfied', 'satisfied', 'violated']);
  });

  test('an instance in a nested stack counts too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-kinds-nested-'));
    fs.writeFileSync(path.join(dir, 'parent.json'), JSON.stringify(withResources(base('ecs-service'), { Legacy: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'legacy.json' } } })));
    fs.writeFileSync(path.join(dir, 'legacy.json'), JSON.stringify({ Resources: { Box: instance('#!/bin/bash\nexport DEBUG=true\n') } }));
    const report = checks._evaluateLoaded(loadFolder(dir));
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    expect(report.statusOf('CONFIG-DEBUG-OFF')).toBe('unknown');
  });

  test('NOT_ABOUT and parts keep the items that are not about a type: a Lambda function beside an ECS service', () => {
    // ALARM-CPU reads ECS services (not Lambda: no utilisation metric); CONFIG-DEBUG-OFF reads task definitions (the service's other part).
    const report = checks.checkTemplate(withResources(base('ecs-service'), { Worker: zipFunction({ ZipFile: 'exports.handler = async () => ({});' }) }), 'T', EU);
    expect(['ALARM-CPU', 'SCALING-MIN-CAPACITY', 'COMPUTE-HARDENED', 'DEPLOY-ZERO-DOWNTIME'].map((i) => report.statusOf(i))).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
  });
});

describe('a distribution is an HTTPS endpoint (CloudFrontViewerHttps)', () => {
  // The load balancer of edge-alb beside the distribution of edge-cloudfront (the shared ids taken from the latter).
  const both = () => {
    const alb = base('edge-alb');
    return { ...alb, Resources: { ...alb.Resources, ...base('edge-cloudfront').Resources } };
  };
  const config = (t: any) => t.Resources.Distribution.Properties.DistributionConfig;

  test('both compliant: the HTTPS items are satisfied', () => {
    const report = checks.checkTemplate(both(), 'T');
    expect([report.statusOf('EDGE-HTTPS-LISTENER'), report.statusOf('EDGE-HTTPS-REDIRECT')]).toEqual(['satisfied', 'satisfied']);
  });

  test('the distribution serving plain HTTP (allow-all) beside the redirecting load balancer: EDGE-HTTPS-REDIRECT violated', () => {
    const t = both();
    config(t).DefaultCacheBehavior.ViewerProtocolPolicy = 'allow-all';
    const report = checks.checkTemplate(t, 'T');
    expect(report.statusOf('EDGE-HTTPS-REDIRECT')).toBe('violated');
    expect(report.findings.filter((f) => f.ruleId === 'CloudFrontViewerHttps').map((f) => [f.status, f.message])).toEqual([['fail', 'DefaultCacheBehavior serves viewers over plain HTTP (allow-all)']]);
  });

  test('the distribution on the default *.cloudfront.net certificate (TLSv1): EDGE-HTTPS-LISTENER violated', () => {
    const t = both();
    config(t).ViewerCertificate = { CloudFrontDefaultCertificate: true };
    delete config(t).Aliases;
    expect(checks.checkTemplate(t, 'T').statusOf('EDGE-HTTPS-LISTENER')).toBe('violated');
  });
});

describe('NAT instances are network plumbing, not the service\'s compute', () => {
  const nat = (check: any) => ({ Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't4g.nano', SourceDestCheck: check, MetadataOptions: { HttpTokens: 'required' } } });

  test('an instance with SourceDestCheck false (the CDK\'s NatProvider.instanceV2()) keeps the configuration items satisfied', () => {
    const report = checks.checkTemplate(withResources(base('ecs-service'), { NatInstance: nat(false) }), 'T', EU);
    expect(['CONFIG-DEBUG-OFF', 'LOG-RETENTION'].map((i) => report.statusOf(i))).toEqual(['satisfied', 'satisfied']);
  });

  test('SourceDestCheck from a parameter, or a NAT instance beside another instance: unknown', () => {
    const sections = { Parameters: { Check: { Type: 'String', AllowedValues: ['true', 'false'] } } };
    expect(checks.checkTemplate(withResources(base('ecs-service'), { NatInstance: nat({ Ref: 'Check' }) }, sections), 'T', EU).statusOf('CONFIG-DEBUG-OFF')).toBe('unknown');
    expect(checks.checkTemplate(withResources(base('ecs-service'), { NatInstance: nat(false), App: instance('#!/bin/bash\n/opt/app/run') }), 'T', EU).statusOf('CONFIG-DEBUG-OFF')).toBe('unknown');
  });
});

describe('SecretsNoPlaintext reads an instance\'s user data for what can be seen in a script', () => {
  const onLegacy = (userData: string) => checks.checkTemplate(withResources(base('ecs-service'), { Legacy: instance(userData) }), 'T', EU);

  test.each([
    ['a secret-named variable assigned a literal', '#!/bin/bash\nexport DB_PASSWORD=hunter2-hunter2\n/opt/app/run', /DB_PASSWORD is assigned a literal in the script/],
    ['a quoted one', "#!/bin/bash\nAPI_TOKEN='c0ffee-c0ffee-c0ffee'\n", /API_TOKEN is assigned a literal/],
    ['a GitHub token under a harmless name', '#!/bin/bash\ngit clone https://x:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/app\n', /GitHub|URL with a password/],
    ['an AWS access key pair', '#!/bin/bash\naws configure set aws_access_key_id AKIAQ7RLX4Z2M5N8P3KD\naws configure set aws_secret_access_key kT3v9Qm2Xr8Lp4Zw7Ny1Bc6Hd0Fs5Gj2Ae9Ru4Io\n', /access key pair/],
  ])('%s fails SECRETS-NO-PLAINTEXT', (_name, userData, message) => {
    const report = onLegacy(userData);
    expect(report.statusOf('SECRETS-NO-PLAINTEXT')).toBe('violated');
    expect(report.findings.filter((f) => f.ruleId === 'SecretsNoPlaintext' && f.resource === 'Legacy').map((f) => f.message)).toEqual([expect.stringMatching(message)]);
  });

  test('a script with no secret seen in it gets no verdict, and keeps the item unknown: a secret may hide there unseen', () => {
    const report = onLegacy('#!/bin/bash\nexport DB_PASSWORD_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:111111111111:secret:db\nmysql -u app -p"$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)"\n');
    expect(report.findings.filter((f) => f.ruleId === 'SecretsNoPlaintext' && f.resource === 'Legacy')).toEqual([]);
    expect(report.statusOf('SECRETS-NO-PLAINTEXT')).toBe('unknown');
  });

  test('a launch template\'s user data in Fn::Sub, under a condition\'s branch', () => {
    const template = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { UserData: { 'Fn::Base64': { 'Fn::If': ['Debug', { 'Fn::Sub': '#!/bin/bash\nexport ADMIN_PASSWORD=changeme-${AWS::Region}-2024\n' }, '#!/bin/bash\n'] } } } } };
    const sections = { Parameters: { Mode: { Type: 'String', AllowedValues: ['debug', 'prod'] } }, Conditions: { Debug: { 'Fn::Equals': [{ Ref: 'Mode' }, 'debug'] } } };
    const report = checks.checkTemplate(withResources(base('ecs-service'), { Nodes: template }, sections), 'T', EU);
    expect(report.statusOf('SECRETS-NO-PLAINTEXT')).not.toBe('satisfied');
    expect(report.findings.filter((f) => f.ruleId === 'SecretsNoPlaintext' && f.resource === 'Nodes').map((f) => f.status)).not.toContain('pass');
  });
});
