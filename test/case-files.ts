/**
 * Test files merged into a few jest suites.
 *
 * jest runs every test file in a new module registry: the checks' modules are evaluated again and run cold
 * (interpreted) until V8 warms them up, for every file. The small files of one folder, run as one suite, share that
 * cost: the 105 soundness files of test/checks/aws took 50 s in band as separate files and 20 s as one.
 *
 * A folder's `*.cases.ts` files are such test files (the same `test`/`describe` calls, no `jest.mock`); its
 * `cases-<part>.test.ts` files each run a share of them, every case file under a `describe` named for it:
 *
 *   npx jest --testMatch '<rootDir>/test/checks/aws/soundness-hfalarm.cases.ts'   # one case file, alone
 *   npx jest test/checks/aws/cases -t soundness-hfalarm     # the same, among the others of its part
 *
 * `runCaseFiles(__dirname, part, of)` in `cases-<part>.test.ts` runs the files whose position in name order, modulo
 * `of`, is `part - 1`; test/case-files.test.ts checks that every folder with case files has the runners of every
 * part, so no case file is left unrun.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The `*.cases.ts` files of `dir`, in name order. */
export function caseFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.cases.ts')).sort();
}

/** Runs, each under a `describe` named for its file, the case files of `dir` in part `part` of `of`. */
export function runCaseFiles(dir: string, part: number, of: number): void {
  if (!Number.isInteger(part) || !Number.isInteger(of) || part < 1 || part > of) {
    throw new Error(`runCaseFiles(${dir}, ${part}, ${of}): part must be an integer from 1 to ${of}`);
  }
  const files = caseFiles(dir).filter((_, i) => i % of === part - 1);
  if (files.length === 0) throw new Error(`runCaseFiles: no case files for part ${part} of ${of} in ${dir}`);
  for (const f of files) {
    describe(f.slice(0, -'.cases.ts'.length), () => {
      require(path.join(dir, f));
    });
  }
}
