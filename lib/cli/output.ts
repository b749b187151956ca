import * as path from 'path';
import { ChecklistReport } from '../checks/report';
import { InputError } from '../input/input-error';

/** The report formats of the CLI. @internal */
export const FORMATS = ['summary', 'json', 'md', 'markdown', 'sarif'];

/**
 * Write `golive-report.json`, `.md` and `.sarif` into `outDir` (streamed, so a
 * large app's reports fit), and print the summary (or the report in `format`).
 * Shared by `check` and `verify`.
 * @internal
 */
export function writeReports(report: ChecklistReport, outDir: string, format: string, out: (s: string) => void, err: (s: string) => void, lines?: { [file: string]: { [resource: string]: number } }): void {
  try {
    report.writeReports(outDir, lines);
  } catch (e) {
    throw e instanceof InputError ? new InputError(`--out ${e.message}`) : e;
  }
  if (format === 'json') report._jsonTo(out);
  else if (format === 'md' || format === 'markdown') report._markdownTo(out);
  else if (format === 'sarif') report._sarifTo(out, lines);
  else {
    out(report._terminalText() + '\n');
    err(`reports: ${['json', 'md', 'sarif'].map((x) => path.join(outDir, `golive-report.${x}`)).join(', ')}\n`);
  }
}

/**
 * The report's exit code; when only `--strict` fails it, why: the unknown findings and the
 * items not attested, one line each, on `err`. Shared by `check` and `verify`.
 * @internal
 */
export function exitWithReasons(report: ChecklistReport, strict: boolean, err: (s: string) => void): number {
  const code = report.exitCode(strict);
  const live = strict ? report._liveLeftToVerify() : 0;
  if (live > 0) err(`--strict: ${live} live item(s) are measured on the deployed stacks, not here: gate them after the deploy with 'cdk-golive verify --strict'\n`);
  if (code !== 0 && strict && report.blockingViolations().length === 0) {
    const reasons = report.strictReasons();
    const shownReasons = reasons.slice(0, 200);
    err(`--strict fails on ${reasons.length} item(s) and finding(s) a person or a deploy must settle:\n${shownReasons.map((r) => `  ${r}`).join('\n')}\n`);
    if (reasons.length > shownReasons.length) err(`  ... and ${reasons.length - shownReasons.length} more (see golive-report.md)\n`);
  }
  return code;
}
