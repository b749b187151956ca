/**
 * Where things live in lib/checks: shared template helpers have one home
 * (lib/checks/cfn/), no rule area imports another, and no rule reads a raw
 * template value: every value goes through the evaluator (index.prop / at /
 * field / items / refsIn), which judges it in every world.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', 'lib', 'checks');
const AWS = path.join(ROOT, 'aws');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const ruleFiles = tsFiles(AWS);
const helperFiles = tsFiles(path.join(ROOT, 'cfn'));

test('no rule area imports another; shared helpers come from lib/checks/cfn', () => {
  const bad: string[] = [];
  for (const f of ruleFiles) {
    const area = path.relative(AWS, f).split(path.sep)[0];
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)) {
      const target = path.relative(AWS, path.resolve(path.dirname(f), m[1]));
      if (target.startsWith('..')) continue; // the engine, cfn helpers, the catalog
      const targetArea = target.split(path.sep)[0];
      if (area.endsWith('.ts')) continue; // aws/index.ts lists every area
      if (targetArea !== area) bad.push(`${path.relative(ROOT, f)} imports ${m[1]}`);
    }
  }
  expect(bad).toEqual([]);
});

test('the cfn helpers import no rule area', () => {
  const bad = helperFiles.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)]
    .filter((m) => path.resolve(path.dirname(f), m[1]).startsWith(AWS)).map((m) => `${path.relative(ROOT, f)} imports ${m[1]}`));
  expect(bad).toEqual([]);
});

/** Reading raw template values: resource fields kept only for migration, the raw-ref walker, untyped access. */
const RAW_READS: [string, RegExp][] = [
  ['raw resource field', /\.(properties|metadata|updatePolicy|deletionPolicy|updateReplacePolicy)\b/],
  ['raw reference walk', /(?<!\w\.)\brefsIn\(/],
  ['untyped value', /:\s*any\b|\bas any\b|<any>/],
  ['raw child of a literal', /\.v(\.|\[)/],
];

test('no rule or helper reads a raw template value', () => {
  const found: string[] = [];
  for (const f of [...ruleFiles, ...helperFiles]) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
      for (const [what, re] of RAW_READS) if (re.test(line)) found.push(`${path.relative(ROOT, f)}:${i + 1}: ${what}`);
    });
  }
  const files = [...new Set(found.map((x) => x.split(':')[0]))].sort();
  expect(files.filter((f) => !PENDING.has(f))).toEqual([]);
  // The pending list only shrinks: a file that no longer reads raw values must leave it.
  expect([...PENDING].filter((f) => !files.includes(f))).toEqual([]);
});

/** Files not yet moved to the evaluator (being converted; this list must end empty). */
const PENDING = new Set<string>([
]);

test('no rule or helper converts a literal value with String(x.v) (a map with a toString key throws): V.show(x)', () => {
  const bad: string[] = [];
  for (const f of [...ruleFiles, ...helperFiles]) {
    fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      // A conversion after the value was checked to be text, a number or a boolean on the same line is safe.
      if (/String\(\w[\w.]*\.v\)|\$\{\w[\w.]*\.v\}/.test(line) && !/typeof \w[\w.]*\.v === 'string'/.test(line)) bad.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(bad).toEqual([]);
});
