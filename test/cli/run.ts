import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';

/** Run the CLI in-process: exit code, stdout, stderr. */
export function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, (s) => (out += s), (s) => (err += s)) as number; // check and catalog answer synchronously
  return { code, out, err };
}

/** A new temporary folder holding `files` (name → text or bytes). */
export function folder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A new temporary folder for reports. */
export const outDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'golive-out-'));
