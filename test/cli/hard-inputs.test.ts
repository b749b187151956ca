/* eslint-disable @typescript-eslint/no-explicit-any */
import '@microsoft/jest-sarif';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoLiveChecks } from '../../lib';
import { loadFolder } from '../../lib/checks/loader';
import { folder, outDir, run } from './run';

const key = (rotation: boolean) => ({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: rotation } } } });
const goodKey = JSON.stringify(key(true));
const badKey = JSON.stringify(key(false));
const K8S = path.join(__dirname, '..', 'fixtures', 'k8s', 'compliant');
const posix = process.platform !== 'win32';

/** Run `check` on a folder; the reports go to a fresh folder. */
function check(dir: string, ...args: string[]) {
  const out = outDir();
  const r = run(['check', dir, '--out', out, ...args]);
  return { ...r, reports: out, json: () => JSON.parse(fs.readFileSync(path.join(out, 'golive-report.json'), 'utf8')) };
}

/** Exit 2 and exactly one line on stderr, prefixed, matching `message`, with no raw JavaScript error. */
function expectBadInput(r: { code: number; err: string }, message: RegExp): void {
  expect(r.err).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^cdk-golive: /);
  expect(r.err).not.toMatch(/Cannot read properties|is not iterable|Maximum call stack|is not a function|undefined|\bat .*:\d+:\d+/);
}

describe('file limits', () => {
  test('a file over --max-file-size is refused, naming the file, the size and the option', () => {
    const dir = folder({ 'big.json': JSON.stringify({ ...key(true), Description: 'x'.repeat(3000) }) });
    expectBadInput(check(dir, '--max-file-size', '0.002'), /big\.json: 3(\.\d)? KiB, over the limit of 2 KiB per file \(raise it with --max-file-size\)$/m);
    expect(check(dir, '--max-file-size', '0.01').code).toBe(0);
  });

  test('the attestations file, whose limit is fixed, and the synth plugin, which has no option, say what to do instead of --max-file-size', () => {
    const dir = folder({ 'k.json': goodKey });
    const attestations = path.join(folder({ 'big.attestations.json': `{"attestations":[],"$schema":"${'x'.repeat(1100 * 1024)}"}` }), 'big.attestations.json');
    expectBadInput(check(dir, '--attestations', attestations), /big\.attestations\.json: 1\.1 MiB, over the limit of 1 MiB per file \(a fixed limit: shorten the attestations file\)$/m);
    const stack = path.join(folder({}), 'Big.template.json');
    fs.writeFileSync(stack, JSON.stringify({ ...key(true), Description: 'x'.repeat(17 * 1024 * 1024) }));
    const result = new GoLiveChecks({ printSummary: false, writeReports: false }).validate({ templatePaths: [stack] } as any);
    expect(result.violations.map((v) => v.description)).toEqual([expect.stringMatching(/Big\.template\.json: 17(\.\d)? MiB, over the limit of 16 MiB per file \(CloudFormation deploys templates of up to 1 MB; check a larger one with cdk-golive check --max-file-size\)$/)]);
  });

  test('--max-file-size holds for a nested stack\'s template too (it was read within the default 16 MiB whatever the option said)', () => {
    const dir = folder({
      'manifest.json': JSON.stringify({ version: '48.0.0', artifacts: { Parent: { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/eu-west-1', properties: { templateFile: 'Parent.template.json' } } } }),
      'Parent.template.json': JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/ParentChild.nested.template.json' } } } }),
      'ParentChild.nested.template.json': JSON.stringify({ ...key(false), Description: 'x'.repeat(3000) }),
    });
    expectBadInput(check(dir, '--max-file-size', '0.002'), /ParentChild\.nested\.template\.json: 3(\.\d)? KiB, over the limit of 2 KiB per file \(raise it with --max-file-size\)$/m);
    const r = check(dir, '--max-file-size', '0.01', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.filter((f: { ruleId: string }) => f.ruleId === 'KmsKeyRotation').map((f: { stack: string; status: string }) => `${f.stack} ${f.status}`)).toEqual(['Parent/Child fail']);
  });

  test.each(['0', '-1', 'abc', '1e3', ''])('--max-file-size %j is refused', (v) => {
    expectBadInput(check(folder({ 'k.json': goodKey }), '--max-file-size', v), /--max-file-size takes a size in MiB/);
  });

  (posix ? test : test.skip)('a FIFO named like a template is refused at once, not read', () => {
    const dir = folder({ 'k.json': goodKey });
    execFileSync('mkfifo', [path.join(dir, 'stack.template.json')]);
    expectBadInput(check(dir), /stack\.template\.json: a FIFO \(named pipe\), not a regular file$/m);
  });

  (posix ? test : test.skip)('a symlink to a device named like a template is refused', () => {
    const dir = folder({ 'k.json': goodKey });
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.template.json'));
    expectBadInput(check(dir), /zero\.template\.json: a symlink to outside the checked folder/);
  });

  test('a file that is not UTF-8 is refused; UTF-16 is named', () => {
    expectBadInput(check(folder({ 'k.json': Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })), /k\.json: not UTF-8 text$/m);
    expectBadInput(check(folder({ 'k.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(goodKey, 'utf16le')]) })), /k\.json: UTF-16 text; save it as UTF-8$/m);
  });

  test('an attestations path that is a folder or a FIFO is one line', () => {
    const dir = folder({ 'k.json': goodKey });
    expectBadInput(check(dir, '--attestations', os.tmpdir()), /: a folder, not a regular file$/m);
    if (posix) {
      const fifo = path.join(dir, 'att.fifo');
      execFileSync('mkfifo', [fifo]);
      expectBadInput(check(dir, '--attestations', fifo), /att\.fifo: a FIFO \(named pipe\), not a regular file$/m);
    }
  });

  test('a reports folder that cannot be made, or a report path that is not a regular file, is one line, never a hang (node\'s recursive mkdir loops forever under /proc; a FIFO blocks a write)', () => {
    const dir = folder({ 'k.json': goodKey });
    if (fs.existsSync('/proc/self')) {
      // In a child process, bounded: in this one, a regression would hang the suite.
      const r = spawnSync(process.execPath, ['-e', `
        const { main } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'lib', 'cli', 'main'))});
        process.exitCode = main(['check', ${JSON.stringify(dir)}, '--out', '/proc/golive-x/y'], (s) => process.stdout.write(s), (s) => process.stderr.write(s));`],
      { encoding: 'utf8', timeout: 30_000 });
      expect([r.status, r.signal]).toEqual([2, null]);
      expect(r.stderr.trim().split('\n').pop()).toBe('cdk-golive: --out /proc/golive-x/y: the reports cannot be written (ENOENT)');
    }
    if (posix) {
      // A FIFO (no reader) or a device where a report goes: refused at once, not written through or waited on.
      // A FIFO with no reader refuses the non-blocking open (ENXIO); a device is opened, then refused by its kind.
      for (const [name, make, why] of [
        ['golive-report.json', (f: string) => execFileSync('mkfifo', [f]), 'ENXIO'],
        ['golive-report.md', (f: string) => fs.symlinkSync('/dev/null', f), 'golive-report.md is a device, not a regular file'],
      ] as const) {
        const out = outDir();
        make(path.join(out, name));
        const r = spawnSync(process.execPath, ['-e', `
          const { main } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'lib', 'cli', 'main'))});
          process.exitCode = main(['check', ${JSON.stringify(dir)}, '--out', ${JSON.stringify(out)}], (s) => process.stdout.write(s), (s) => process.stderr.write(s));`],
        { encoding: 'utf8', timeout: 30_000 });
        expect([r.status, r.signal]).toEqual([2, null]);
        expect(r.stderr.trim().split('\n').pop()).toBe(`cdk-golive: --out ${out}: the reports cannot be written (${why})`);
      }
    }
    // A missing chain of folders is made, level by level.
    const deep = path.join(outDir(), 'a', 'b', 'c');
    expect(run(['check', dir, '--out', deep]).code).toBe(0);
    expect(fs.readdirSync(deep).sort()).toEqual(['golive-report.json', 'golive-report.md', 'golive-report.sarif']);
  });
});

describe('folders and symlinks', () => {
  test('a violating template in a dot-folder is checked', () => {
    expect(check(folder({ 'ok.json': goodKey, '.infra/stack.json': badKey })).code).toBe(1);
  });

  (posix ? test : test.skip)('a violating template in a symlinked sub-folder is checked', () => {
    const dir = folder({ 'ok.json': goodKey, 'real/stack.json': badKey });
    const root = folder({ 'ok.json': goodKey });
    fs.renameSync(path.join(dir, 'real'), path.join(root, 'real'));
    fs.symlinkSync('real', path.join(root, 'linked'));
    const r = check(root, '--format', 'json');
    expect(r.code).toBe(1);
    // the folder is read once: the second way to it is listed
    const j = JSON.parse(r.out);
    expect(j.findings.filter((f: any) => f.status === 'fail')).toHaveLength(1);
    expect(j.skipped).toEqual([expect.objectContaining({ file: path.join(root, 'real'), reason: expect.stringMatching(/^same folder as .*linked, already read \(symlink\)$/) })]);
  });

  (posix ? test : test.skip)('a symlink loop is listed, not followed, and the rest is checked', () => {
    const dir = folder({ 'a/stack.json': badKey });
    fs.symlinkSync('..', path.join(dir, 'a', 'up'));
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.json().skipped).toEqual([{ file: path.join(dir, 'a', 'up'), reason: 'symlink to a folder that contains it (a loop), not followed' }]);
  });

  (posix ? test : test.skip)('a symlinked folder outside the checked folder is refused', () => {
    const outside = folder({ 'stack.json': badKey });
    const dir = folder({ 'ok.json': goodKey });
    fs.symlinkSync(outside, path.join(dir, 'shared'));
    expectBadInput(check(dir), /shared: a symlink to outside the checked folder .*; only symlinks within it are followed$/m);
  });

  test('version control and dependency folders are listed as not read', () => {
    const r = check(folder({ 'ok.json': goodKey, 'node_modules/x/bad.json': badKey, '.git/config.json': '{}' }));
    expect(r.code).toBe(0);
    expect(r.json().skipped.map((s: any) => [path.basename(s.file), s.reason])).toEqual([
      ['.git', 'version control folder, not read'],
      ['node_modules', 'dependencies folder, not read'],
    ]);
  });
});

describe('files that parse but are not templates (skipped and listed)', () => {
  const params = JSON.stringify([{ ParameterKey: 'Env', ParameterValue: 'prod' }]);
  const event = JSON.stringify({ httpMethod: 'GET', path: '/' });

  test('parameter files, test events and documents are left out with the reason; the template is checked', () => {
    const dir = folder({ 'stack.json': badKey, 'params.json': params, 'events/get.json': event, 'docs/openapi.yaml': 'openapi: 3.0.0\ninfo: { title: x }\n', 'Chart.yaml': 'apiVersion: v2\nname: web\n' });
    const r = check(dir, '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.skipped.map((s: any) => [path.basename(s.file), s.reason])).toEqual([
      ['Chart.yaml', 'has apiVersion or kind but not both as text: not a Kubernetes object'],
      ['openapi.yaml', expect.stringMatching(/^neither a CloudFormation template/)],
      ['get.json', expect.stringMatching(/^neither/)],
      ['params.json', expect.stringMatching(/^neither/)],
    ]);
    expect(check(dir).out).toMatch(/^4 file\(s\) left out, each with its reason in the report \(skipped\)\.$/m);
  });

  test('the Markdown and SARIF reports list the files left out', () => {
    const r = check(folder({ 'stack.json': badKey, 'params.json': params }));
    expect(fs.readFileSync(path.join(r.reports, 'golive-report.md'), 'utf8')).toMatch(/## Files left out\n\n\| file \| reason \|\n\|---\|---\|\n\| .*params\.json \| neither a CloudFormation template/);
    const sarif = JSON.parse(fs.readFileSync(path.join(r.reports, 'golive-report.sarif'), 'utf8'));
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'note', message: { text: expect.stringMatching(/^left out: neither/) } });
  });

  test('only such files: exit 2, nothing checked', () => {
    expectBadInput(check(folder({ 'params.json': params, 'event.json': event })), /nothing to check: .* \(2 file\(s\) left out: .*event\.json: neither/);
  });

  test('a file that does not parse is still bad input', () => {
    expectBadInput(check(folder({ 'stack.json': goodKey, 'notes.yaml': 'a: [1, 2\n' })), /notes\.yaml: malformed YAML at line \d+, column \d+/);
  });
});

describe('empty inputs are never a pass', () => {
  test.each([
    ['JSON null', { 'a.json': 'null' }, /a\.json: empty: the document is null/],
    ['YAML with only ---', { 'a.yaml': '---\n' }, /a\.yaml: empty: the document is null/],
    ['YAML with only ...', { 'a.yaml': '...\n' }, /a\.yaml: empty/],
    ['YAML with only comments', { 'a.yaml': '# nothing\n' }, /a\.yaml: empty: no document/],
    ['empty Kubernetes documents', { 'a.yaml': '---\n---\n---\n' }, /a\.yaml: empty: every document is null/],
    ['an empty List', { 'a.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' }, /a\.yaml: no Kubernetes object: every List is empty/],
    ['Resources: {}', { 'a.json': '{"Resources":{}}' }, /a\.json: a CloudFormation template without resources/],
  ])('%s: exit 2, nothing to check, the reason given', (_name, files, reason) => {
    expectBadInput(check(folder(files as Record<string, string>)), new RegExp(`nothing to check: .*${(reason as RegExp).source}`));
  });

  test('beside a real template, an empty one is listed as left out', () => {
    const r = check(folder({ 'stack.json': goodKey, 'empty.yaml': '---\n' }));
    expect(r.code).toBe(0);
    expect(r.json().skipped).toEqual([expect.objectContaining({ reason: 'empty: the document is null' })]);
  });

  test.each([
    ['Resources: []', '{"Resources":[]}', /a\.json: Resources must be a map of logical ids to resources \(got an empty list\)$/m],
    ['Resources: null', '{"Resources":null}', /Resources must be a map .*\(got null\)$/m],
    ['Type: ""', '{"Resources":{"K":{"Type":""}}}', /a\.json: Resources\.K: Type must be a resource type such as AWS::S3::Bucket \(got an empty string\)$/m],
    ['Type: 3', '{"Resources":{"K":{"Type":3}}}', /Resources\.K: Type must be a resource type .*\(got number 3\)$/m],
    ['no Type', '{"Resources":{"K":{"Properties":{}}}}', /Resources\.K: Type must be .*\(got nothing\)$/m],
    ['a resource that is null', '{"Resources":{"K":null}}', /Resources\.K: must be an object with a Type \(got null\)$/m],
    ['Properties a list', '{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":[]}}}', /Resources\.K: Properties must be a map/],
    ['Parameters a list', '{"Parameters":[],"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Parameters must be a map/],
    ['a parameter without a Type', '{"Parameters":{"P":{"Default":"a"}},"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Parameters\.P: Type must be a parameter type such as String or Number \(got nothing\)$/m],
    ['a parameter Type that is an object', '{"Parameters":{"P":{"Type":{"toString":2}}},"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Parameters\.P: Type must be a parameter type .*\(got a map\)$/m],
    ['a parameter that is text', '{"Parameters":{"P":"String"},"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Parameters\.P: must be an object with a Type \(got the text 'String'\)$/m],
    ['Outputs text', '{"Outputs":"x","Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Outputs must be a map/],
    ['a version and no Resources', '{"AWSTemplateFormatVersion":"2010-09-09"}', /Resources must be a map .*\(got nothing\)$/m],
    ['Fn::If not a list of three', '{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"EnableKeyRotation":{"Fn::If":3}}}}}', /a\.json: Resources\.K\.Properties\.EnableKeyRotation: Fn::If takes \[condition name, value if true, value if false\] \(got number 3\)$/m],
    ['Ref to a list', '{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"Description":{"Ref":["a"]}}}}}', /Properties\.Description: Ref takes a name \(got a list\)$/m],
    ['Fn::Join of one element', '{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"Description":{"Fn::Join":[","]}}}}}', /Fn::Join takes \[delimiter, list of values\]/],
    ['Fn::GetAtt null in an output', '{"Resources":{"K":{"Type":"AWS::KMS::Key"}},"Outputs":{"O":{"Value":{"Fn::GetAtt":null}}}}', /a\.json: Outputs\.O\.Value: Fn::GetAtt takes \[logical id, attribute\] \(got null\)$/m],
    ['Fn::Sub with a list of variables', '{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"Description":{"Fn::Sub":["${A}",[]]}}}}}', /Fn::Sub takes a text, or \[text, map of variables\]/],
    ['Transform null (YAML `Transform:` with nothing after it)', '{"Transform":null,"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Transform: must be a transform name or \{ Name, Parameters \} \(got null\)$/m],
    ['Transform an empty name', '{"Transform":" ","Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Transform: must name a transform \(got an empty string\)$/m],
    ['Transform a number in a list', '{"Transform":["AWS::LanguageExtensions",42],"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Transform\[1\]: must be a transform name or \{ Name, Parameters \} \(got number 42\)$/m],
    ['Transform without a Name', '{"Transform":{"Parameters":{}},"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Transform\.Name: must name a transform \(got nothing\)$/m],
    ['Transform Parameters a number', '{"Transform":{"Name":"M","Parameters":3},"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Transform\.Parameters: must be a map \(got number 3\)$/m],
    ['Transform with an unknown key', '{"Transform":{"Name":"M","Params":{}},"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Transform: unknown key Params \(a transform has Name and Parameters\)$/m],
    ['a Condition function of a number in Conditions', '{"Conditions":{"C":{"Fn::Not":[{"Condition":3}]}},"Resources":{"K":{"Type":"AWS::KMS::Key"}}}', /a\.json: Conditions\.C\.Fn::Not\[0\]: Condition takes a name \(got number 3\)$/m],
  ])('%s is bad input', (_name, text, message) => {
    expectBadInput(check(folder({ 'a.json': text as string })), message as RegExp);
  });

  test('a property named Condition, alone in its map, is a property (AWS::Kendra::DataSource), not a call: accepted', () => {
    const kendra = { Type: 'AWS::Kendra::DataSource', Properties: { Name: 'docs', Type: 'S3', IndexId: 'i', CustomDocumentEnrichmentConfiguration: { InlineConfigurations: [{ Condition: { ConditionDocumentAttributeKey: '_source_uri', Operator: 'Exists' } }] } } };
    const r = check(folder({ 'a.json': JSON.stringify({ Resources: { Docs: kendra, ...key(false).Resources } }) }));
    expect([r.code, r.err]).toEqual([1, expect.stringMatching(/^reports: /)]);
  });
});

describe('parsing', () => {
  test('a UTF-8 byte order mark is accepted in JSON and YAML alike', () => {
    expect(check(folder({ 'a.json': '\uFEFF' + badKey })).code).toBe(1);
    expect(check(folder({ 'a.yaml': '\uFEFFResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: { EnableKeyRotation: false }\n' })).code).toBe(1);
  });

  test('duplicate keys are refused, naming the file, the key and where', () => {
    expectBadInput(check(folder({ 'a.json': '{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"EnableKeyRotation":false,"EnableKeyRotation":true}}}}' })),
      /a\.json: duplicate key 'EnableKeyRotation' in Resources\.K\.Properties at line 1, column \d+$/m);
    expectBadInput(check(folder({ 'a.yaml': 'Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: false\n      EnableKeyRotation: true\n' })),
      /a\.yaml: duplicate key 'EnableKeyRotation' at line 6, column 7$/m);
  });

  test('YAML merge keys are read: a security context merged from an anchor passes as the written-out one does', () => {
    const text = fs.readFileSync(path.join(K8S, 'api.yaml'), 'utf8');
    const merged = text.replace(/^( {10})securityContext: \*sc$/m, '$1securityContext:\n$1  <<: *sc');
    expect(merged).not.toBe(text);
    const a = JSON.parse(check(folder({ 'api.yaml': text }), '--format', 'json').out);
    const b = JSON.parse(check(folder({ 'api.yaml': merged }), '--format', 'json').out);
    const statuses = (j: any) => j.findings.map((f: any) => `${f.ruleId} ${f.resource} ${f.status}`);
    expect(statuses(b)).toEqual(statuses(a));
    expect(statuses(b).filter((s: string) => / fail$/.test(s))).toEqual([]);
  });

  test('an unknown YAML tag and a collection as a map key are refused', () => {
    expectBadInput(check(folder({ 'a.yaml': 'Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties: { EnableKeyRotation: !Reff x }\n' })), /a\.yaml: unknown YAML tag at line 4/);
    expectBadInput(check(folder({ 'a.yaml': 'Resources:\n  ? [a, b]\n  : { Type: AWS::KMS::Key }\n' })), /a\.yaml: a map key that is itself a list or map at line 2; keys must be text$/m);
  });

  test('a YAML alias bomb is refused', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    expectBadInput(check(folder({ 'bomb.yaml': lines.join('\n') + '\n' })), /bomb\.yaml: too many YAML aliases/);
  });

  test('YAML nested deeper than the parser can go is one line', () => {
    expectBadInput(check(folder({ 'a.yaml': 'Resources: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n' })), /a\.yaml: YAML nested too deeply to parse at line 1, column \d+ \(write it as JSON, which has no such limit\)$/m);
  });

  test('10,000-deep JSON parses (JSON.parse is iterative; every walker of the loader too)', () => {
    const deep = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);
    const dir = folder({ 'a.json': `{"Resources":{"K":{"Type":"AWS::KMS::Key","Metadata":${deep},"Properties":{"EnableKeyRotation":true}}}}` });
    const input = loadFolder(dir);
    expect(input.templates).toHaveLength(1);
    expect(check(dir).code).toBe(0);
  });

  test('10,000-deep JSON in Properties is checked (the evaluator walks iteratively and bounds intrinsic depth)', () => {
    const deep = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);
    const r = check(folder({ 'a.json': `{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"EnableKeyRotation":true,"KeyPolicy":${deep}}}}}` }));
    expect(r.err).not.toMatch(/cdk-golive:/);
    expect(r.code).toBe(0);
    expect(r.json().findings.find((f: any) => f.ruleId === 'KmsKeyRotation')?.status).toBe('pass');
  });

  test('10,000-deep lists in Properties are checked too', () => {
    const deep = '['.repeat(10000) + ']'.repeat(10000);
    const r = check(folder({ 'a.json': `{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"EnableKeyRotation":true,"Tags":${deep}}}}}` }));
    expect(r.err).not.toMatch(/cdk-golive:/);
    expect(r.code).toBe(0);
  });

  test('a syntax error names the line and column, never the text', () => {
    const r = check(folder({ 'a.json': '{\n  "Resources": {\n    "K": { "Type": "AWS::KMS::Key" SECRET-TOKEN }\n  }\n}' }));
    expectBadInput(r, /a\.json: malformed JSON at line 3, column 36: expected ',' or '}'$/m);
    expect(r.err).not.toMatch(/SECRET/);
  });
});

describe('cloud assemblies', () => {
  const manifest = (artifacts: Record<string, any>) => JSON.stringify({ version: '48.0.0', artifacts });
  const stack = (templateFile: string, extra: Record<string, any> = {}) => ({ type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile }, ...extra });

  test('a templateFile outside the assembly is refused without showing a byte of it', () => {
    const outside = folder({ 'secret.json': '{"password":"hunter2"}' });
    // an absolute templateFile is read below the assembly, like a relative one
    const dir = folder({ 'manifest.json': manifest({ S: stack(path.join(outside, 'secret.json')) }) });
    const r = check(dir);
    expectBadInput(r, /manifest\.json: artifact 'S': templateFile '.*secret\.json': does not exist$/m);
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest({ S: stack(path.join('..', path.basename(outside), 'secret.json')) }));
    const r2 = check(dir);
    for (const x of [r, r2]) {
      expect(x.err).not.toMatch(/hunter2|password/);
      expect(x.code).toBe(2);
    }
    expectBadInput(r2, /manifest\.json: artifact 'S': templateFile '\.\.\/.*secret\.json': points outside the cloud assembly/);
  });

  test('two stacks sharing one template file are refused', () => {
    const dir = folder({ 'manifest.json': manifest({ A: stack('t.json'), B: stack('t.json') }), 't.json': goodKey });
    expectBadInput(check(dir), /artifact 'B': templateFile 't\.json' is also the template of artifact 'A'/);
  });

  test('an empty stack is listed as left out; the other stacks are checked', () => {
    const dir = folder({ 'manifest.json': manifest({ A: stack('a.json'), Empty: stack('e.json') }), 'a.json': badKey, 'e.json': '{"Parameters":{"BootstrapVersion":{"Type":"AWS::SSM::Parameter::Value<String>"}}}' });
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.json().skipped).toEqual([{ file: path.join(dir, 'e.json'), reason: 'stack Empty has no resources' }]);
  });

  test.each([
    ['artifacts a list', { version: '1', artifacts: [] }, /manifest\.json: artifacts must be an object/],
    ['an artifact null', { artifacts: { A: null } }, /artifact 'A': must be an object/],
    ['no templateFile', { artifacts: { A: { type: 'aws:cloudformation:stack', properties: {} } } }, /artifact 'A': properties\.templateFile must be a file name/],
    ['metadata entries null', { artifacts: { A: { ...stack('t.json'), metadata: { '/A/K': null } } } }, /artifact 'A': metadata\['\/A\/K'\] must be a list of entries/],
    ['a metadata entry null', { artifacts: { A: { ...stack('t.json'), metadata: { '/A/K': [null] } } } }, /metadata\['\/A\/K'\]: an entry must be an object/],
    ['a nested assembly outside', { artifacts: { N: { type: 'cdk:cloud-assembly', properties: { directoryName: '../..' } } } }, /directoryName '\.\.\/\.\.': points outside the cloud assembly/],
    ['manifest null', null, /manifest\.json: not a cloud assembly manifest/],
    ['an environment that is not aws://', { artifacts: { A: { ...stack('t.json'), environment: 'eu-west-1' } } }, /artifact 'A': environment must be aws:\/\/<account>\/<region>$/m],
    ['an environment of a list', { artifacts: { A: { ...stack('t.json'), environment: ['aws://1/2'] } } }, /artifact 'A': environment must be aws:\/\/<account>\/<region>$/m],
    ['an environment account that is not an id', { artifacts: { A: { ...stack('t.json'), environment: 'aws://acme/eu-west-1' } } }, /environment account 'acme' is not a 12-digit account id$/m],
    ['an environment region that is not a region', { artifacts: { A: { ...stack('t.json'), environment: 'aws://111111111111/Europe' } } }, /environment region 'Europe' is not a region name$/m],
  ])('%s is bad input', (_name, m, message) => {
    const dir = folder({ 'manifest.json': JSON.stringify(m), 't.json': goodKey });
    expectBadInput(check(dir), message as RegExp);
  });

  test('a stack\'s environment decides the pseudo parameters: a backup copied to its own region and account fails there, passes from elsewhere, and is unknown for an environment-agnostic stack', () => {
    const plan = JSON.stringify({
      Resources: {
        Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'v', EncryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/1' } },
        Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: 'p', BackupPlanRule: [{ RuleName: 'daily', TargetBackupVault: { Ref: 'Vault' }, ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: 35 }, CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:dr', Lifecycle: { DeleteAfterDays: 35 } }] }] } } },
      },
    });
    const verdict = (environment: string) => {
      const r = check(folder({ 'manifest.json': manifest({ A: stack('t.json', { environment }) }), 't.json': plan }));
      return r.json().findings.filter((f: any) => f.ruleId === 'BackupCrossRegionCopy').map((f: any) => f.status);
    };
    expect(verdict('aws://111111111111/eu-west-1')).toEqual(['fail']);
    expect(verdict('aws://111111111111/eu-central-1')).toEqual(['pass']);
    expect(verdict('aws://unknown-account/unknown-region')).toEqual(['unknown']);
  });

  test('a stack template that is JSON null is bad input', () => {
    expectBadInput(check(folder({ 'manifest.json': manifest({ A: stack('t.json') }), 't.json': 'null' })), /t\.json: not a CloudFormation template \(null, expected an object\)$/m);
  });
});

describe('Kubernetes manifests the rules could not read', () => {
  const rollout = (strategy: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { matchLabels: { app: web } }\n  workloadRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  ${strategy}\n`;
  const ingress = (tls: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec:\n  ingressClassName: traefik\n  ${tls}\n  rules:\n    - host: web.example.com\n      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }\n`;
  test('the Ingress of the cases below, well formed, is judged (class traefik, TLS for its host: K8sIngressTls passes)', () => {
    const r = check(folder({ 'a.yaml': ingress('tls: [{ hosts: [web.example.com], secretName: web-tls }]') }), '--format', 'json');
    expect(JSON.parse(r.out).findings.filter((f: { ruleId: string }) => f.ruleId === 'K8sIngressTls').map((f: { status: string }) => f.status)).toEqual(['pass']);
  });
  const deployment = (patch: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, labels: { app: web } }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers: [{ name: web, image: nginx }]\n${patch}`;

  test.each([
    ['a List with a null item', 'apiVersion: v1\nkind: List\nitems: [null]\n', /a\.yaml: document 1 \(List\): items\[0\] is not a Kubernetes object/],
    ['a List whose items is a map', 'apiVersion: v1\nkind: List\nitems: {}\n', /a\.yaml: document 1 \(List\): items must be a list$/m],
    ['a number as name', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: 12 }\n', /a\.yaml: document 1 \(ConfigMap\): metadata\.name must be text \(quote it\)$/m],
    ['metadata a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata: []\n', /metadata must be a map/],
    ['a number as label value', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, labels: { v: 1 } }\n', /ConfigMap\/default\/c: metadata\.labels\.v must be text \(quote it\)$/m],
    ['containers a map', deployment('').replace('containers: [{ name: web, image: nginx }]', 'containers: { name: web }'), /Deployment\/default\/web: spec\.template\.spec\.containers must be a list$/m],
    ['no containers', deployment('').replace('containers: [{ name: web, image: nginx }]', 'hostNetwork: false'), /spec\.template\.spec\.containers is missing/],
    ['matchExpressions a map', deployment('').replace('selector: { matchLabels: { app: web } }', 'selector: { matchExpressions: { key: app } }'), /spec\.selector\.matchExpressions must be a list$/m],
    ['mixed documents', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n---\nfoo: bar\n', /a\.yaml: document 2 has no apiVersion and kind, while other documents of the file are Kubernetes objects/],
    // Documents are numbered as the file has them: an empty document (`---` then `---`) counts, as it does for kubectl
    // and for the loader's own messages (a shape error named the third document 'document 2').
    ['a List whose items is a map, after an empty document', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n---\n---\napiVersion: v1\nkind: List\nitems: [{ apiVersion: v1, kind: ConfigMap, metadata: [] }]\n', /a\.yaml: document 3 \(List\) items\[0\] \(ConfigMap\): metadata must be a map$/m],
    ['a number as name, after an empty document', '---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: 12 }\n', /a\.yaml: document 2 \(ConfigMap\): metadata\.name must be text \(quote it\)$/m],
    // Found by the fuzz test (GOLIVE_FUZZ_CASES=400): a TLS host that is not text was a rule error, 'th.startsWith is not a function'.
    ['an Ingress TLS host that is a number', ingress('tls: [{ hosts: [3], secretName: web-tls }]'), /Ingress\/shop\/web: spec\.tls\[0\]\.hosts must be a list of text \(quote each\)$/m],
    ['an Ingress TLS hosts that is text', ingress('tls: [{ hosts: web.example.com, secretName: web-tls }]'), /Ingress\/shop\/web: spec\.tls\[0\]\.hosts must be a list of text/],
    ['an Ingress tls that is a map', ingress('tls: { hosts: [web.example.com] }'), /Ingress\/shop\/web: spec\.tls must be a list$/m],
    // Found by the fuzz test (GOLIVE_FUZZ_CASES=2000): a reference named by a map with a toString key was an internal error
    // ('Cannot convert object to primitive value'); canary steps or analysis templates not lists were rule errors.
    ['an HPA target named by a map', 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web, namespace: shop }\nspec:\n  scaleTargetRef: { kind: Deployment, name: { toString: 2 } }\n  minReplicas: 3\n  maxReplicas: 6\n', /HorizontalPodAutoscaler\/shop\/web: spec\.scaleTargetRef\.name must be text \(quote it\)$/m],
    ['Rollout canary steps that are a map', rollout('strategy: { canary: { steps: { setWeight: 20 } } }'), /Rollout\/shop\/web: spec\.strategy\.canary\.steps must be a list$/m],
    ['Rollout analysis templates that are text', rollout('strategy: { canary: { analysis: { templates: success-rate } } }'), /Rollout\/shop\/web: spec\.strategy\.canary\.analysis\.templates must be a list$/m],
    ['Rollout step analysis templateName a number', rollout('strategy: { canary: { steps: [{ analysis: { templates: [{ templateName: 7 }] } }] } }'), /Rollout\/shop\/web: spec\.strategy\.canary\.steps\[0\]\.analysis\.templates\[0\]\.templateName must be text \(quote it\)$/m],
    ['an ExternalSecret target name that is a list', 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: { name: db, namespace: shop }\nspec: { target: { name: [db] } }\n', /ExternalSecret\/shop\/db: spec\.target\.name must be text \(quote it\)$/m],
    ['a cert-manager Certificate secretName that is a map', 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: web, namespace: shop }\nspec: { secretName: { a: 1 } }\n', /Certificate\/shop\/web: spec\.secretName must be text \(quote it\)$/m],
    ['an Ingress rule host that is a list', ingress('tls: [{ hosts: [web.example.com], secretName: web-tls }]').replace('- host: web.example.com', '- host: [web.example.com]'), /Ingress\/shop\/web: spec\.rules\[0\]\.host must be text \(quote it\)$/m],
    ['an Ingress TLS secretName that is a number', ingress('tls: [{ hosts: [web.example.com], secretName: 3 }]'), /Ingress\/shop\/web: spec\.tls\[0\]\.secretName must be text \(quote it\)$/m],
  ])('%s is bad input', (_name, text, message) => {
    expectBadInput(check(folder({ 'a.yaml': text as string })), message as RegExp);
  });
});

describe('CloudFormation values of a shape the rules do not expect', () => {
  // Found by seeded mutations of every violation fixture case: a map with an own toString key where text is expected
  // (a DeletionPolicy, an ECS deployment strategy) was a rule error, 'Cannot convert object to primitive value'.
  const TOSTRING = { toString: 2, valueOf: 3 };
  test.each([
    ['an RDS DeletionPolicy that is such a map', { Db: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: TOSTRING, Properties: { DeletionProtection: true } } }, 'RdsDeletionProtection'],
    ['an ECS deployment strategy that is such a map', { Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 2, DeploymentConfiguration: { Strategy: TOSTRING } } } }, 'DeployZeroDowntime'],
  ])('%s: judged (no rule error)', (_name, resources, ruleId) => {
    const r = check(folder({ 'a.json': JSON.stringify({ Resources: resources }) }), '--format', 'json');
    expect([0, 1]).toContain(r.code);
    const findings = JSON.parse(r.out).findings as { ruleId: string; message: string }[];
    expect(findings.filter((f) => /rule error/.test(f.message)).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(findings.some((f) => f.ruleId === ruleId)).toBe(true);
  });
});
