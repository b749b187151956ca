/**
 * Nested stacks are read as part of their parent: by the CDK plugin and
 * checkApp (NestedStack), and from a folder (CDK's *.nested.template.json
 * through the asset manifest; a plain template's TemplateURL naming a file
 * beside it). Parameters come from the parent, findings carry the nested
 * stack, and a nested stack whose template is missing keeps every item from
 * being satisfied.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, aws_s3 as s3, CfnParameter } from 'aws-cdk-lib';
import { GoLiveChecks } from '../../lib';
import { loadFolder } from '../../lib/checks/loader';

const checks = () => new GoLiveChecks({ items: ['BACKUP-BUCKET-LIFECYCLE'], printSummary: false, writeReports: false });

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'golive-nested-'));
}

describe('CDK nested stacks', () => {
  function app() {
    const a = new App();
    const parent = new Stack(a, 'Parent', { env: { account: '111111111111', region: 'eu-west-1' } });
    const { Duration } = require('aws-cdk-lib');
    new s3.Bucket(parent, 'Versioned', { versioned: true, lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(90), transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }] });
    const inner = new NestedStack(parent, 'Inner');
    new s3.Bucket(inner, 'Unversioned');
    return a;
  }

  test('checkApp judges the nested stack as part of its parent, with its construct path', () => {
    const report = checks().checkApp(app());
    const f = report.findings.find((x) => x.ruleId === 'S3BucketVersioned' && x.resource.startsWith('Unversioned'));
    expect(f).toMatchObject({ status: 'fail', stack: 'Parent/Inner', constructPath: 'Parent/Inner/Unversioned/Resource' });
    expect(report.coverage.unreadNestedStacks).toEqual([]);
  });

  test('the synth plugin reads the nested templates and acknowledges by construct path inside them', () => {
    const a = app();
    const plugin = checks();
    require('aws-cdk-lib').Validations.of(a).addPlugins(plugin);
    expect(() => a.synth({ force: true })).toThrow(/GoLiveChecks::S3BucketVersioned/);
    const f = plugin.lastReport!.findings.find((x) => x.ruleId === 'S3BucketVersioned' && x.resource.startsWith('Unversioned'));
    expect(f?.status).toBe('fail');
    const acked = app();
    const inner = acked.node.findAll().find((c) => c.node.path === 'Parent/Inner/Unversioned')!;
    require('aws-cdk-lib').Validations.of(inner).acknowledge({ id: 'GoLiveChecks::BACKUP-BUCKET-LIFECYCLE', reason: 'scratch data, rebuilt nightly' });
    const plugin2 = checks();
    require('aws-cdk-lib').Validations.of(acked).addPlugins(plugin2);
    acked.synth({ force: true });
    expect(plugin2.lastReport!.findings.find((x) => x.ruleId === 'S3BucketVersioned' && x.resource.startsWith('Unversioned'))).toMatchObject({ status: 'acknowledged', constructPath: 'Parent/Inner/Unversioned/Resource' });
  });

  test('the CLI reads the nested templates of a cloud assembly through the asset manifest', () => {
    const dir = tmp();
    const a = app();
    a.synth({ force: true });
    const out = (a as any).outdir as string;
    const input = loadFolder(out);
    const report = checks()._evaluateLoaded(input);
    const f = report.findings.find((x) => x.ruleId === 'S3BucketVersioned' && x.resource.startsWith('Unversioned'));
    expect(f?.status).toBe('fail');
    expect(f?.file).toMatch(/\.nested\.template\.json$/);
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('plain templates', () => {
  const parent = (params: any, url = 'child.yaml') => `
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Storage:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ${url}
      Parameters: ${JSON.stringify(params)}
`;
  const child = `
Parameters:
  Versioning:
    Type: String
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: !Ref Versioning
      LifecycleConfiguration:
        Rules:
          - Status: Enabled
            ExpirationInDays: 400
            NoncurrentVersionExpiration: { NoncurrentDays: 90 }
            Transitions: [{ StorageClass: GLACIER, TransitionInDays: 90 }]
`;

  function run(files: Record<string, string>) {
    const dir = tmp();
    for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), t);
    try {
      return checks()._evaluateLoaded(loadFolder(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('the parent passes the violating value: the nested bucket fails, judged once', () => {
    const report = run({ 'parent.yaml': parent({ Versioning: 'Suspended' }), 'child.yaml': child });
    const mine = report.findings.filter((f) => f.ruleId === 'S3BucketVersioned');
    expect(mine.map((f) => [f.stack, f.resource, f.status])).toEqual([['parent/Storage', 'Data', 'fail']]);
  });

  test('the parent passes the compliant value: the item is satisfied', () => {
    const report = run({ 'parent.yaml': parent({ Versioning: 'Enabled' }), 'child.yaml': child });
    expect(report.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('satisfied');
  });

  test('an S3 TemplateURL whose last segment is a file of the folder is read', () => {
    const report = run({ 'parent.yaml': parent({ Versioning: 'Suspended' }, 'https://s3.amazonaws.com/bucket/prefix/child.yaml'), 'child.yaml': child });
    expect(report.findings.filter((f) => f.ruleId === 'S3BucketVersioned').map((f) => f.status)).toEqual(['fail']);
  });

  test('a nested template not in the folder keeps every item from being satisfied, and is reported', () => {
    const ok = `
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: { Status: Enabled }
      LifecycleConfiguration: { Rules: [{ Status: Enabled, ExpirationInDays: 400, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Transitions: [{ StorageClass: GLACIER, TransitionInDays: 90 }] }] }
  Elsewhere:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/bucket/other.yaml
`;
    const report = run({ 'parent.yaml': ok });
    expect(report.coverage.unreadNestedStacks).toEqual([expect.stringContaining('Elsewhere (https://s3.amazonaws.com/bucket/other.yaml)')]);
    expect(report.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('unknown');
    expect(report.summary()).toMatch(/nested stack\(s\) not read/);
  });

  test('three levels in one folder: each template read once, under its parent (it was an internal error)', () => {
    const nests = (id: string, file: string) => `Resources:\n  ${id}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${file}\n`;
    const report = run({ 'parent.yaml': nests('Mid', 'mid.yaml'), 'mid.yaml': nests('Leaf', 'leaf.yaml'), 'leaf.yaml': 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n' });
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'S3BucketVersioned').map((f) => [f.stack, f.resource, f.status])).toEqual([['parent/Mid/Leaf', 'Data', 'fail']]);
  });

  test('a template that nests itself is bad input', () => {
    expect(() => run({ 'parent.yaml': parent({}, 'parent.yaml') })).toThrow(/nests .*parent\.yaml in itself/);
  });
});

test('a CDK parameter of a nested stack passed by the parent is followed', () => {
  const a = new App();
  const parent = new Stack(a, 'P');
  const inner = new NestedStack(parent, 'N', { parameters: { Status: 'Suspended' } });
  const p = new CfnParameter(inner, 'Status', { type: 'String' });
  new s3.CfnBucket(inner, 'B', { versioningConfiguration: { status: p.valueAsString }, lifecycleConfiguration: { rules: [{ status: 'Enabled', expirationInDays: 400 }] } });
  const report = checks().checkApp(a);
  expect(report.findings.filter((f) => f.ruleId === 'S3BucketVersioned').map((f) => f.status)).toEqual(['fail']);
});

test('a parent reading a nested stack output follows it into the child template', () => {
  const { indexTemplates } = require('../../lib/checks/engine');
  const parent = { Resources: {
    Keys: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'keys.json' } },
    Data: { Type: 'AWS::S3::Bucket', Properties: { Key: { 'Fn::GetAtt': ['Keys', 'Outputs.KeyArn'] } } },
  } };
  const child = { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } }, Outputs: { KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] } } } };
  const [p, c] = indexTemplates([
    { file: 'parent.json', stack: 'P', template: parent },
    { file: 'keys.json', stack: 'P/Keys', template: child, parent: { file: 'parent.json', stack: 'P', logicalId: 'Keys' } },
  ]);
  const v = p.prop(p.get('Data'), 'Key');
  expect(v.k === 'ref' && [v.target.logicalId, c.ownerOf(v.target) === c]).toEqual(['Key', true]);
  expect(p.prop(v.target, 'EnableKeyRotation')).toEqual({ k: 'lit', v: false });
});

/** A bucket that satisfies BACKUP-BUCKET-LIFECYCLE: the base of the unread-template cases below. */
const versioned = { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 400, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }] } } };

describe('nested stacks made by Fn::ForEach: linked in the template as expanded', () => {
  const looped = (type: unknown) => ({
    Transform: 'AWS::LanguageExtensions',
    Resources: {
      Versioned: versioned,
      'Fn::ForEach::Kids': ['K', ['Stack'], { 'Child${K}': { Type: type, Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/child.json' } } }],
    },
  });

  test('without the loop the item is satisfied (the base of the cases below)', () => {
    expect(checks().checkTemplate({ Resources: { Versioned: versioned } }).statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('satisfied');
  });

  test.each([
    ['a literal type', 'AWS::CloudFormation::Stack'],
    ['a type spelled with Fn::Sub of the loop variable', { 'Fn::Sub': 'AWS::CloudFormation::${K}' }],
  ])('with %s and its template not in the folder: reported as not read, so no item is satisfied', (_name, type) => {
    const report = checks().checkTemplate(looped(type), 'Looped');
    expect(report.coverage.unreadNestedStacks).toEqual(['Looped.template.json: ChildStack (https://s3.amazonaws.com/bucket/child.json)']);
    expect(report.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('unknown');
  });

  test('through validate(), a type only the loop spells (the text never names it): looked for like any nested stack, reported as not read', () => {
    const dir = tmp();
    const file = path.join(dir, 'Looped.template.json');
    fs.writeFileSync(file, JSON.stringify(looped({ 'Fn::Sub': 'AWS::CloudFormation::${K}' })));
    const plugin = checks();
    plugin.validate({ templatePaths: [file], stackTemplates: [{ templatePath: file, stackConstructPath: 'Looped' }] } as any);
    expect(plugin.lastReport!.coverage.unreadNestedStacks).toEqual([`${file}: ChildStack (https://s3.amazonaws.com/bucket/child.json)`]);
    expect(plugin.lastReport!.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('unknown');
  });

  test('through validate(), a type only the loop spells, its template beside it: read, and a violation in it found', () => {
    const dir = tmp();
    const file = path.join(dir, 'Looped.template.json');
    fs.writeFileSync(file, JSON.stringify(looped({ 'Fn::Sub': 'AWS::CloudFormation::${K}' })));
    fs.writeFileSync(path.join(dir, 'child.json'), JSON.stringify({ Resources: { Logs: { Type: 'AWS::S3::Bucket' } } }));
    const plugin = checks();
    const result = plugin.validate({ templatePaths: [file], stackTemplates: [{ templatePath: file, stackConstructPath: 'Looped' }] } as any);
    expect(result.violations.filter((v) => v.ruleName === 'Configuration')).toEqual([]);
    expect(plugin.lastReport!.coverage.unreadNestedStacks).toEqual([]);
    const failing = plugin.lastReport!.findings.filter((f) => f.ruleId === 'S3BucketVersioned' && f.status === 'fail');
    expect(failing.map((f) => [f.stack, f.resource])).toEqual([['Looped/ChildStack', 'Logs']]);
    expect(plugin.lastReport!.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('violated');
  });

  /** A parent making one nested stack per team, each from `<team>.json` beside it, passing the team's bucket names. */
  function teams(children: Record<string, unknown>, collection: unknown = ['Orders', 'Billing']) {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'parent.json'), JSON.stringify({
      Transform: 'AWS::LanguageExtensions',
      Parameters: { Teams: { Type: 'CommaDelimitedList' } },
      Resources: {
        Versioned: versioned,
        'Fn::ForEach::Teams': ['Team', collection, { '${Team}Stack': { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::Sub': 'https://s3.amazonaws.com/templates/${Team}.json' }, Parameters: { Buckets: { 'Fn::Sub': '${Team}Logs,${Team}Data' } } } } }],
      },
    }));
    for (const [name, template] of Object.entries(children)) fs.writeFileSync(path.join(dir, name), JSON.stringify(template));
    return { dir, report: checks()._evaluateLoaded(loadFolder(dir)) };
  }

  test('each stack the loop makes reads its own template: a violation inside one is found, in that nested stack', () => {
    const { report } = teams({ 'Orders.json': { Resources: { Data: versioned } }, 'Billing.json': { Resources: { Data: { Type: 'AWS::S3::Bucket' } } } });
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    const failing = report.findings.filter((f) => f.ruleId === 'S3BucketVersioned' && f.status === 'fail');
    expect(failing.map((f) => [f.stack, f.resource])).toEqual([['parent/BillingStack', 'Data']]);
    expect(report.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('violated');
  });

  test('a child whose own loop reads what the parent passes is expanded with those values', () => {
    const child = {
      Transform: 'AWS::LanguageExtensions',
      Parameters: { Buckets: { Type: 'CommaDelimitedList' } },
      Resources: { 'Fn::ForEach::Buckets': ['Name', { Ref: 'Buckets' }, { '${Name}': versioned }] },
    };
    const { report } = teams({ 'Orders.json': child, 'Billing.json': child });
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    const passing = report.findings.filter((f) => f.ruleId === 'S3BucketVersioned' && f.status === 'pass' && f.stack !== 'parent');
    expect(passing.map((f) => `${f.stack} ${f.resource}`).sort()).toEqual(['parent/BillingStack BillingData', 'parent/BillingStack BillingLogs', 'parent/OrdersStack OrdersData', 'parent/OrdersStack OrdersLogs']);
    expect(report.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('satisfied');
  });

  test('a child whose own loop, over what the parent passes, makes nested stacks: each is read', () => {
    const child = {
      Transform: 'AWS::LanguageExtensions',
      Parameters: { Buckets: { Type: 'CommaDelimitedList' } },
      Resources: { 'Fn::ForEach::Buckets': ['Name', { Ref: 'Buckets' }, { '${Name}Stack': { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'leaf.json' } } }] },
    };
    const { report } = teams({ 'Orders.json': child, 'Billing.json': child, 'leaf.json': { Resources: { Data: versioned } } });
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    const leaves = report.findings.filter((f) => f.ruleId === 'S3BucketVersioned' && f.resource === 'Data').map((f) => `${f.stack} ${f.status}`);
    expect(leaves.sort()).toEqual(['parent/BillingStack/BillingDataStack pass', 'parent/BillingStack/BillingLogsStack pass', 'parent/OrdersStack/OrdersDataStack pass', 'parent/OrdersStack/OrdersLogsStack pass']);
  });

  test('a loop over a collection decided at deploy time: the stacks it makes are not read, so no item is satisfied', () => {
    const { report } = teams({ 'Orders.json': { Resources: { Data: versioned } } }, { Ref: 'Teams' });
    expect(report.coverage.unreadNestedStacks).toHaveLength(1);
    expect(report.coverage.unreadNestedStacks[0]).toMatch(/parent\.json: .*Stack \(made by Fn::ForEach: .*Teams/);
    expect(report.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('unknown');
  });
});

test('a SAM nested application (AWS::Serverless::Application) is a nested template not read: no item is satisfied', () => {
  const app = { Type: 'AWS::Serverless::Application', Properties: { Location: { ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/x', SemanticVersion: '1.0.0' } } };
  const report = checks().checkTemplate({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Versioned: versioned, Nested: app } }, 'Sam');
  expect(report.coverage.unreadNestedStacks).toEqual(['Sam.template.json: Nested (a SAM nested application: its template is not read)']);
  expect(report.statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('unknown');
  expect(checks().checkTemplate({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Versioned: versioned } }).statusOf('BACKUP-BUCKET-LIFECYCLE')).toBe('satisfied');
});
