/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `validate()` and the CLI's loader read each stack's template from its file and judge the ones no other
 * template needs alone, one at a time, releasing each once judged (lib/checks/file-template.ts, `judgedAlone`
 * in the engine). It must give exactly the findings of a run that holds every template: the same verdicts, in
 * the same order, for templates that import from each other, nest each other, or hide a token behind a `\u`
 * escape.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoLiveChecks } from '../../lib';
import { FileTemplate } from '../../lib/checks/file-template';
import { loadFolder } from '../../lib/checks/loader';
import { Finding } from '../../lib/checks/model';
import { applyPatch, compliantBases, violationFiles } from './aws/fixtures';
import { reexpress } from './aws/reexpress';

const quiet = { printSummary: false, writeReports: false };
const release = FileTemplate.prototype.release;
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-file-template-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, template: any, text = JSON.stringify(template)): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** What the CDK hands a validation plugin: the stacks' template files. */
function context(files: string[]): any {
  return { templatePaths: files, stackTemplates: files.map((f) => ({ templatePath: f, stackConstructPath: path.basename(f).replace(/\.template\.json$/, '') })) };
}

/** The file names of the templates released from now on (each judged alone). */
function recordReleases(): string[] {
  const released: string[] = [];
  jest.spyOn(FileTemplate.prototype, 'release').mockImplementation(function (this: FileTemplate) {
    released.push(path.basename(this.file));
    return release.call(this);
  });
  return released;
}

/** The same findings in the same order (one line per finding: a diff of 30,000 objects would take longer than the runs). */
function expectSameFindings(streamed: Finding[], whole: Finding[]): void {
  const line = (f: Finding) => JSON.stringify(f);
  expect(streamed.map(line)).toEqual(whole.map(line));
}

/** Judged alone and released: plain stacks; never an importer, an exporter (something imports), a parent or a child, nor a stack with an alarm when a stack has an alarm mute rule. */
function expectReleased(released: string[], names: { direct: string[]; importer: string[]; exporter: string[]; parent: string[] }): void {
  // Every plain stack that needs no other one and that none needs (its text names no import, export, stack output,
  // nested stack or loop) is released; the sample shifts as fixture cases are added, so it is not counted.
  // (With a stack in the run that reads stack outputs, or a nested template, which is read whole and not scanned, a
  // stack with any output may be read: held too.)
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const held = texts.some((t) => t.includes('Fn::GetStackOutput') || t.includes('AWS::CloudFormation::Stack')) ? /Fn::ImportValue|Fn::GetStackOutput|AWS::CloudFormation::Stack|Fn::ForEach::|Export|Outputs|\\u/ : /Fn::ImportValue|Fn::GetStackOutput|AWS::CloudFormation::Stack|Fn::ForEach::|Export|\\u/;
  // An alarm mute rule in the run may name an alarm of another stack: every stack with a CloudWatch alarm is held.
  const muting = texts.some((t) => t.includes('AlarmMuteRule'));
  const alone = names.direct.filter((n) => { const t = fs.readFileSync(path.join(dir, n), 'utf8'); return !held.test(t) && !(muting && t.includes('AWS::CloudWatch::')); });
  expect(alone.length).toBeGreaterThan(0);
  expect(released).toEqual(expect.arrayContaining(alone));
  const notAlone = new Set([...names.importer, ...names.exporter, ...names.parent]);
  expect(released.filter((r) => notAlone.has(r) || r.includes('child'))).toEqual([]);
}

/** validate() (files, judged alone where it can) and the same files parsed up front and judged as one run. */
function bothWays(files: string[]) {
  const checks = new GoLiveChecks(quiet);
  const released = recordReleases();
  const result = checks.validate(context(files));
  expect(result.violations.filter((v) => v.ruleName === 'Configuration')).toEqual([]);
  const streamed = checks.lastReport!.findings;
  const templates = files.map((f) => ({ file: f, stack: path.basename(f).replace(/\.template\.json$/, ''), template: JSON.parse(fs.readFileSync(f, 'utf8')) }));
  const whole = new GoLiveChecks(quiet)._evaluateLoaded({ templates, manifests: [], acks: [], lines: {} }).findings;
  return { streamed, whole, released };
}

/**
 * The first `set` of a scalar in a case's patch, under a resource's Properties: the value to move into another stack
 * (a resource's Condition, DependsOn or Type must be written in the template, never imported).
 */
function scalarSet(patch: any[]): { path: (string | number)[]; value: any } | undefined {
  return patch.find((op) => op.op === 'set' && op.path[0] === 'Resources' && op.path[2] === 'Properties' && ['string', 'number', 'boolean'].includes(typeof op.value));
}

/**
 * Stack files in `dir` (`sparser`: fewer of them): violating fixtures as plain stacks, behind an import of
 * another stack's export (listed after the importer) and as nested stacks (some children also listed as stacks).
 */
function fixtureStacks(sparser = 1) {
  const bases = compliantBases();
  const files: string[] = [];
  const names = { direct: [] as string[], importer: [] as string[], exporter: [] as string[], parent: [] as string[], importerOfFail: [] as string[] };
  let i = 0;
  for (const f of violationFiles()) {
    for (const c of f.cases) {
      i++;
      const violating = applyPatch(bases.get(c.base), c.patch);
      // An eighth of the cases as plain stacks (the ones judged alone), a quarter through an import and a sixth
      // as a nested stack (fewer with `sparser`): a spread of rules, in a test of a second or two.
      if (i % (8 * sparser) === 0) {
        files.push(write(`C${i}.template.json`, violating));
        names.direct.push(`C${i}.template.json`);
      }
      const moved = i % (4 * sparser) === 0 ? scalarSet(c.patch) : undefined;
      if (moved) {
        // The violating value comes from another stack's export, listed after the stack that imports it.
        const importer = applyPatch(violating, [{ op: 'set', path: moved.path, value: { 'Fn::ImportValue': `golive-v${i}` } }]);
        const exporter = { Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } }, Outputs: { V: { Value: moved.value, Export: { Name: `golive-v${i}` } } } };
        files.push(write(`I${i}.template.json`, importer), write(`E${i}.template.json`, exporter));
        names.importer.push(`I${i}.template.json`);
        if ((c.expect ?? 'fail') === 'fail') names.importerOfFail.push(`I${i}.template.json`);
        names.exporter.push(`E${i}.template.json`);
      }
      if (i % (6 * sparser) === 0) {
        const { templates, moved: n } = reexpress(bases.get(c.base), c.patch, 'nested', 'violating');
        if (n > 0) {
          const [parent, child] = templates;
          parent.template.Resources.Child.Properties.TemplateURL = `N${i}child.template.json`;
          write(`N${i}child.template.json`, child.template);
          files.push(write(`N${i}.template.json`, parent.template));
          names.parent.push(`N${i}.template.json`);
          // Every other child is also a stack of its own in the list: it is checked only as its parent's child.
          if (i % (12 * sparser) === 0) files.push(path.join(dir, `N${i}child.template.json`));
        }
      }
    }
  }
  return { files, names };
}

test('violating fixtures as plain stacks, behind an import of another stack and as nested stacks: the findings of the whole run, in its order', () => {
  const { files, names } = fixtureStacks(2);
  const { streamed, whole, released } = bothWays(files);
  expect(names.importer.length).toBeGreaterThan(15);
  // The sample is taken by case number, so it shifts as fixture cases are added: the floors leave room for that.
  expect(names.parent.length).toBeGreaterThan(7);
  expectSameFindings(streamed, whole);
  // The imports were resolved (an unresolved import is unknown, never a failure): most importers of a failing case
  // fail (the cases expected unknown fail nothing; the sample shifts between them as cases are added).
  const importersFailing = new Set(streamed.filter((f) => f.status === 'fail' && path.basename(f.file).startsWith('I')).map((f) => f.file));
  expect(importersFailing.size).toBeGreaterThan(names.importerOfFail.length * 0.8);
  expectReleased(released, names);
});

test.each([['a cloud assembly', true], ['a plain folder', false]])('the CLI reading the same stacks as %s: the findings of the whole run, in its order', (_what, assembly) => {
  const { files, names } = fixtureStacks(assembly ? 4 : 8);
  if (assembly) {
    const artifacts: Record<string, unknown> = {};
    for (const f of files) artifacts[path.basename(f).replace(/\.template\.json$/, '')] = { type: 'aws:cloudformation:stack', properties: { templateFile: path.basename(f) } };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }));
  }
  const loaded = loadFolder(dir);
  expect(loaded.templates.length).toBeGreaterThan(18);
  expect(loaded.templates.every((t) => t instanceof FileTemplate)).toBe(true);
  // The same input with every template parsed up front, judged as one run.
  const eager = { ...loaded, templates: loaded.templates.map((t) => ({ file: t.file, stack: t.stack, stackName: t.stackName, paths: t.paths, template: JSON.parse(fs.readFileSync(t.file, 'utf8')) })) };
  const released = recordReleases();
  const streamed = new GoLiveChecks(quiet)._evaluateLoaded(loaded).findings;
  const whole = new GoLiveChecks(quiet)._evaluateLoaded(eager).findings;
  expectSameFindings(streamed, whole);
  expectReleased(released, names);
});

test('a stack that exports is judged alone when nothing imports; with an importer it is held', () => {
  const exporter = { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: false } } }, Outputs: { V: { Value: 'false', Export: { Name: 'enc' } } } };
  const plain = { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: false } } } };
  const e = write('Exporter.template.json', exporter);
  const p = write('Plain.template.json', plain);
  expect(bothWays([e, p]).released).toEqual(['Exporter.template.json', 'Plain.template.json']);
  const importer = { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: { 'Fn::ImportValue': 'enc' } } } } };
  const run = bothWays([write('Importer.template.json', importer), e, p]);
  expect(run.released).toEqual(['Plain.template.json']);
  expect(run.streamed).toEqual(run.whole);
  expect(run.streamed.find((f) => f.ruleId === 'RdsStorageEncrypted' && f.file.endsWith('Importer.template.json'))?.status).toBe('fail');
});

test('an import spelled in \\u escapes is still resolved (escaped text may spell any token: never judged alone)', () => {
  const exporter = write('Exporter.template.json', { Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } }, Outputs: { V: { Value: 'false', Export: { Name: 'enc' } } } });
  const text = '{"Resources":{"Db":{"Type":"AWS::RDS::DBInstance","Properties":{"StorageEncrypted":{"Fn::Import\\u0056alue":"enc"}}}}}';
  expect(JSON.parse(text).Resources.Db.Properties.StorageEncrypted).toEqual({ 'Fn::ImportValue': 'enc' });
  const importer = write('Importer.template.json', undefined, text);
  const run = bothWays([importer, exporter]);
  expect(run.released).toEqual([]);
  expect(run.streamed).toEqual(run.whole);
  expect(run.streamed.find((f) => f.ruleId === 'RdsStorageEncrypted')?.status).toBe('fail');
});

test('a nested stack spelled in \\u escapes is still linked, not judged alone', () => {
  const child = write('Kid.template.json', { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: false } } } });
  const text = '{"Resources":{"Kid":{"Type":"AWS::CloudFormation::\\u0053tack","Properties":{"TemplateURL":"Kid.template.json"}}}}';
  const run = bothWays([write('Parent.template.json', undefined, text)]);
  expect(run.released).toEqual([]);
  expect(run.streamed).toEqual(run.whole);
  expect(run.streamed.find((f) => f.ruleId === 'RdsStorageEncrypted')).toMatchObject({ status: 'fail', file: child });
});

test('a stack file that is not JSON fails the synth with one line naming it; the others are not judged', () => {
  const good = write('Good.template.json', { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: true } } } });
  const bad = write('Bad.template.json', undefined, '{"Resources": {');
  const result = new GoLiveChecks(quiet).validate(context([good, bad]));
  expect(result.success).toBe(false);
  expect(result.violations.map((v) => [v.ruleName, v.description])).toEqual([['Configuration', `${bad}: malformed JSON`]]);
});

test('an unreadable stack file stops the run before any template is parsed', () => {
  const good = write('Good.template.json', { Resources: {} });
  const parsed = jest.spyOn(JSON, 'parse');
  const result = new GoLiveChecks(quiet).validate(context([good, path.join(dir, 'Missing.template.json')]));
  expect(result.violations.map((v) => v.description)).toEqual([expect.stringMatching(/Missing\.template\.json: does not exist$/)]);
  expect(parsed.mock.calls.filter(([t]) => typeof t === 'string' && t.includes('Resources'))).toEqual([]);
});
