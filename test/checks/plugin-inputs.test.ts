/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The synth plugin, `checkApp` and `checkTemplate` hold the templates they are given to the same shape the CLI's
 * loader holds a file to (lib/checks/template-shape.ts): a malformed `Transform`, `Properties`, `Condition`,
 * section or intrinsic argument, written through the CDK's escape hatches, fails the synth with one line naming
 * the file and the field, as it exits 2 from the CLI. Before, the plugin read `Transform: ''` as a macro of no
 * name and `Fn::If: 3` as a value, and judged the rest. A stack with no resources (which the CDK deploys as
 * nothing) is left out and listed, as the CLI lists it, where it used to fail the synth as "not a template".
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, PolicyValidationPluginReport, Stack, Validations, aws_kms as kms } from 'aws-cdk-lib';
import { GoLiveChecks, ItemStatus } from '../../lib';
import { InputError } from '../../lib/input/input-error';

const quiet = { printSummary: false, writeReports: false };

/** A stack with one compliant-enough resource (a rotated key), and what `change` writes through escape hatches. */
function appWith(change: (stack: Stack, key: CfnResource) => void, outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const stack = new Stack(app, 'S');
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  change(stack, key.node.defaultChild as CfnResource);
  return app;
}

/** The plugin's report for the app, as the CDK hands it the synthesized stacks. */
function validate(app: App): { result: PolicyValidationPluginReport; plugin: GoLiveChecks } {
  const asm = app.synth();
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const plugin = new GoLiveChecks(quiet);
  const result = plugin.validate({
    templatePaths: stacks.map((s) => path.join(asm.directory, s.templateFile)),
    stackTemplates: stacks.map((s) => ({ templatePath: path.join(asm.directory, s.templateFile), stackConstructPath: s.node.path })),
    appConstruct: app,
  } as any);
  return { result, plugin };
}

const MALFORMED: [string, (stack: Stack, key: CfnResource) => void, RegExp][] = [
  ['Transform that names nothing', (s) => s.addTransform(''), /S\.template\.json: Transform: must name a transform \(got an empty string\)$/],
  ['Transform whose Name is a number', (s) => { s.templateOptions.transforms = [{ Name: 3 } as any]; }, /S\.template\.json: Transform\.Name: must name a transform \(got number 3\)$/],
  ['Properties that are not a map', (_s, k) => k.addOverride('Properties', 3), /S\.template\.json: Resources\.Key\w+: Properties must be a map \(got number 3\)$/],
  ['Condition that is not a name', (_s, k) => k.addOverride('Condition', 5), /S\.template\.json: Resources\.Key\w+: Condition must be a condition name \(got number 5\)$/],
  ['Type that is empty', (_s, k) => k.addOverride('Type', ''), /S\.template\.json: Resources\.Key\w+: Type must be a resource type such as AWS::S3::Bucket \(got an empty string\)$/],
  ['Fn::If that is not a list', (_s, k) => k.addPropertyOverride('EnableKeyRotation', { 'Fn::If': 3 }), /S\.template\.json: Resources\.Key\w+\.Properties\.EnableKeyRotation: Fn::If takes \[condition name, value if true, value if false\] \(got number 3\)$/],
  ['Fn::Sub of a number', (_s, k) => k.addPropertyOverride('Description', { 'Fn::Sub': 3 }), /S\.template\.json: Resources\.Key\w+\.Properties\.Description: Fn::Sub takes a text, or \[text, map of variables\] \(got number 3\)$/],
  ['Ref of nothing', (_s, k) => k.addPropertyOverride('Tags', [{ Key: 'k', Value: { Ref: '' } }]), /S\.template\.json: Resources\.Key\w+\.Properties\.Tags\[0\]\.Value: Ref takes a name \(got an empty string\)$/],
  ['Fn::Join of one argument', (_s, k) => k.addPropertyOverride('Description', { 'Fn::Join': ['-'] }), /S\.template\.json: Resources\.Key\w+\.Properties\.Description: Fn::Join takes \[delimiter, list of values\] \(got a list\)$/],
  ['Metadata that is a number', (s) => { s.templateOptions.metadata = 3 as any; }, /S\.template\.json: Metadata must be a map \(got number 3\)$/],
];

describe('a malformed template written through the CDK', () => {
  test.each(MALFORMED)('%s: validate() fails the synth with one line naming the file and the field', (_name, change, line) => {
    const { result, plugin } = validate(appWith(change));
    expect(result.success).toBe(false);
    expect(result.violations.map((v) => v.ruleName)).toEqual(['Configuration']);
    expect(result.violations[0].description).toMatch(line);
    expect(result.violations[0].description).not.toMatch(/\n|    at /);
    expect(plugin.lastReport).toBeUndefined();
  });

  test.each(MALFORMED)('%s: the synth of an app with the plugin fails on that line', (_name, change, line) => {
    const app = appWith(change);
    Validations.of(app).addPlugins(new GoLiveChecks(quiet));
    expect(() => app.synth()).toThrow(new RegExp(`FATAL \\S*${line.source.replace(/\$$/, '')} \\(GoLiveChecks\\)`));
  });

  test.each(MALFORMED)('%s: checkApp and checkTemplate throw one line', (_name, change, line) => {
    const app = appWith(change);
    expect(() => new GoLiveChecks(quiet).checkApp(app)).toThrow(InputError);
    expect(() => new GoLiveChecks(quiet).checkApp(app)).toThrow(line);
    const template = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'S.template.json'), 'utf8'));
    expect(() => new GoLiveChecks(quiet).checkTemplate(template, 'S')).toThrow(line);
  });

  test('the same app, well formed, is judged (the key rotated: satisfied)', () => {
    const { result, plugin } = validate(appWith(() => undefined));
    expect(result.violations.filter((v) => v.ruleName === 'Configuration')).toEqual([]);
    expect(plugin.lastReport!.statusOf('KMS-KEY-ROTATION')).toBe(ItemStatus.SATISFIED);
  });

  test('a malformed loop (AWS::LanguageExtensions) is refused with its field, after expansion is tried', () => {
    const { result } = validate(appWith((s, k) => {
      s.addTransform('AWS::LanguageExtensions');
      k.addOverride('Properties.Tags', { 'Fn::ForEach::Tag': 3 });
    }));
    expect(result.violations.map((v) => v.description)).toEqual([expect.stringMatching(/S\.template\.json: Fn::ForEach::Tag: must be a list of \[Identifier, Collection, Fragment\]$/)]);
  });
});

describe('a stack with no resources', () => {
  function twoStacks(outdir?: string): App {
    const app = appWith(() => undefined, outdir);
    new Stack(app, 'Empty');
    return app;
  }

  test('validate(): left out and listed; the other stack is judged and the synth is not failed by it', () => {
    const { result, plugin } = validate(twoStacks());
    expect(result.violations.filter((v) => v.ruleName === 'Configuration')).toEqual([]);
    const report = plugin.lastReport!;
    expect(report.skipped).toEqual([{ file: expect.stringMatching(/Empty\.template\.json$/), reason: 'stack Empty has no resources' }]);
    expect(report.statusOf('KMS-KEY-ROTATION')).toBe(ItemStatus.SATISFIED);
  });

  test('the synth of an app with the plugin: the empty stack does not fail it', () => {
    const app = twoStacks();
    const plugin = new GoLiveChecks(quiet);
    Validations.of(app).addPlugins(plugin);
    // The key alone violates no blocking rule: a failure would be the empty stack's.
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      app.synth();
    } catch {
      // the CDK's own template validation may warn of the empty stack; only our verdict matters here
    } finally {
      err.mockRestore();
    }
    expect(plugin.lastReport!.skipped.map((s) => s.reason)).toEqual(['stack Empty has no resources']);
  });

  test('checkApp: left out and listed', () => {
    const report = new GoLiveChecks(quiet).checkApp(twoStacks());
    expect(report.skipped).toEqual([{ file: 'Empty.template.json', reason: 'stack Empty has no resources' }]);
    expect(report.statusOf('KMS-KEY-ROTATION')).toBe(ItemStatus.SATISFIED);
  });

  test('an app of empty stacks only: a report with nothing checked, every stack listed', () => {
    const app = new App();
    new Stack(app, 'E1');
    new Stack(app, 'E2');
    const { result, plugin } = validate(app);
    expect(result.success).toBe(true);
    expect(plugin.lastReport!.skipped.map((s) => s.reason)).toEqual(['stack E1 has no resources', 'stack E2 has no resources']);
    expect(plugin.lastReport!.findings).toEqual([]);
  });

  test('a template whose text names "Resources" but has no such section is not left out: it fails closed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-plugin-inputs-'));
    const file = path.join(dir, 'Odd.template.json');
    fs.writeFileSync(file, JSON.stringify({ Description: 'Resources', Parameters: {} }));
    const result = new GoLiveChecks(quiet).validate({ templatePaths: [file] } as any);
    expect(result.success).toBe(false);
    expect(result.violations.map((v) => v.description)).toEqual([`${file}: Resources must be a map of logical ids to resources (got nothing)`]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

test('an asset manifest beside the stacks that is a FIFO does not block validate(): it is not read, and the nested stack it would name is listed unread', () => {
  if (!fs.existsSync('/usr/bin/mkfifo') && !fs.existsSync('/bin/mkfifo')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-plugin-inputs-'));
  const file = path.join(dir, 'Parent.template.json');
  fs.writeFileSync(file, JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/b/abc.json' } } } }));
  execFileSync('mkfifo', [path.join(dir, 'Parent.assets.json')]);
  // In a child process, bounded: a read of the FIFO would block this one for good.
  const r = spawnSync(process.execPath, ['-e', `
    const { GoLiveChecks } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'lib'))});
    const p = new GoLiveChecks({ printSummary: false, writeReports: false });
    const res = p.validate({ templatePaths: [${JSON.stringify(file)}] });
    console.log(JSON.stringify({ config: res.violations.filter((v) => v.ruleName === 'Configuration').length, unread: p.lastReport.coverage.unreadNestedStacks }));`],
  { encoding: 'utf8', timeout: 30_000 });
  expect([r.status, r.signal]).toEqual([0, null]);
  expect(JSON.parse(r.stdout)).toEqual({ config: 0, unread: [`${file}: Child (https://s3.amazonaws.com/b/abc.json)`] });
  fs.rmSync(dir, { recursive: true, force: true });
});
