/** Every folder with `*.cases.ts` files runs all of them: runners `cases-1.test.ts` .. `cases-<of>.test.ts`, one per part. */
import * as fs from 'fs';
import * as path from 'path';
import { caseFiles } from './case-files';

const root = path.resolve(__dirname, '..');

function folders(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) folders(path.join(dir, e.name), out);
  }
  if (caseFiles(dir).length > 0) out.push(dir);
  return out;
}

const withCases = [...folders(path.join(root, 'test')), ...folders(path.join(root, 'examples'))];

test('the case files are where the runners expect them', () => {
  expect(withCases.map((d) => path.relative(root, d)).sort()).toEqual(expect.arrayContaining(['test/checks/aws']));
});

test.each(withCases.map((d) => [path.relative(root, d), d]))('%s: a runner for every part, each part with case files', (_rel, dir) => {
  const runners = fs.readdirSync(dir).filter((f) => /^cases-\d+\.test\.ts$/.test(f)).sort();
  expect(runners.length).toBeGreaterThan(0);
  const calls = runners.map((f) => {
    const m = /runCaseFiles\(__dirname, (\d+), (\d+)\)/.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
    expect([f, m !== null]).toEqual([f, true]);
    expect([f, Number(m![1])]).toEqual([f, Number(/\d+/.exec(f)![0])]);
    return { part: Number(m![1]), of: Number(m![2]) };
  });
  const of = calls[0].of;
  expect(calls.map((c) => c.of)).toEqual(calls.map(() => of));
  expect(calls.map((c) => c.part)).toEqual(Array.from({ length: of }, (_, i) => i + 1));
  expect(caseFiles(dir).length).toBeGreaterThanOrEqual(of);
  // A case file is a test file by another name: it must not be matched by jest's testMatch as well.
  expect(caseFiles(dir).filter((f) => f.endsWith('.test.ts'))).toEqual([]);
});

test("the sequencer's estimates name test files that exist", () => {
  // test/sequencer.js starts the slowest files first on a machine with no timing cache; a renamed file would lose
  // its estimate and start last.
  const source = fs.readFileSync(path.join(root, 'test', 'sequencer.js'), 'utf8');
  const named = [...source.matchAll(/^ {2}'([^']+\.test\.ts)': \d+,$/gm)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(20);
  expect(named.filter((f) => !fs.existsSync(path.join(root, f)))).toEqual([]);
});
