/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { ChecklistReport } from '../checks/report';

/** The report formats of the CLI. @internal */
export const FORMATS = ['summary', 'json', 'md', 'markdown', 'sarif'];

/**
 * Write `golive-report.json`, `.md` and `.sarif` into `outDir`, and print the
 * summary (or the report in `format`).
 * @internal
 */
export function writeReports(report: ChecklistReport, outDir: string, format: string, out: (s: string) => void, err: (s: string) => void, lines?: { [file: string]: { [resource: string]: number } }): void {
  fs.mkdirSync(outDir, { recursive: true });
  const json = report.toJson();
  const md = report.toMarkdown();
  const sarif = report.toSarif(lines);
  fs.writeFileSync(path.join(outDir, 'golive-report.json'), JSON.stringify(json, undefined, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'golive-report.md'), md);
  fs.writeFileSync(path.join(outDir, 'golive-report.sarif'), JSON.stringify(sarif, undefined, 2) + '\n');
  if (format === 'json') out(JSON.stringify(json, undefined, 2) + '\n');
  else if (format === 'md' || format === 'markdown') out(md);
  else if (format === 'sarif') out(JSON.stringify(sarif, undefined, 2) + '\n');
  else {
    out(report.summary() + '\n');
    err(`reports: ${['json', 'md', 'sarif'].map((x) => path.join(outDir, `golive-report.${x}`)).join(', ')}\n`);
  }
}
