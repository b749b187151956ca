/* eslint-disable no-console */
import * as fs from 'fs';
import { Catalog } from '../checklist/catalog';
import { Thresholds } from '../checklist/thresholds';
import { Section } from '../checklist/types';
import { GoLiveChecks } from '../checks/golive-checks';
import { InputError, loadFolder } from '../checks/loader';
import { DEFAULT_MAX_FILE_BYTES } from '../input/read-file';
import { shown } from '../input/input-error';
import { verifyCommand, VERIFY_USAGE } from '../verify/cli';
import { FORMATS, writeReports } from './output';

const USAGE = `usage:
  golive catalog [--json]
      The checklist catalog: every item by section (--json: { items, seedMap, thresholds }).
  golive check <dir> [--format summary|json|md|sarif] [--out <dir>] [--strict]
                     [--attestations <file>] [--sections a,b] [--items ID,ID]
                     [--threshold key=value ...] [--max-file-size <MiB>]
      Check a cloud assembly (cdk.out/) or a folder of CloudFormation templates
      (JSON/YAML). Writes golive-report.json, .md and .sarif into --out (default:
      the current directory); prints the summary, or with --format the report.
      Files larger than --max-file-size (default ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024} MiB) are refused.
      Exit 0: nothing violated; 1: an unacknowledged violation (with --strict also
      an unknown finding or an attestation item not attested); 2: bad input.
${VERIFY_USAGE}`;

/** The CLI entry point; returns the exit code. @internal */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number | Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out(USAGE + '\n');
      return cmd ? 0 : 2;
    }
    if (cmd === 'catalog') return catalog(rest, out);
    if (cmd === 'check') return check(rest, out, err);
    if (cmd === 'verify') return verifyCommand(rest, out, err);
    throw new InputError(`unknown command '${cmd}' (try: golive catalog, golive check <dir>)`);
  } catch (e) {
    err(`cdk-golive: ${errorLine(e)}\n`);
    return 2;
  }
}

/**
 * One line for an error: the message of bad input as written (it names the file
 * and what is wrong); anything else is a fault of cdk-golive, said as such,
 * without a stack trace.
 */
function errorLine(e: unknown): string {
  if (e instanceof InputError) return shown(e.message.split('\n')[0], 2000);
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'an input is nested too deeply to check (a stack overflow in cdk-golive: please report it)';
  if (e instanceof RangeError && /string length/i.test(e.message)) return 'an input is too large to check (a string over the JavaScript limit: please report it)';
  const msg = e instanceof Error ? e.message : String(e);
  return `internal error, please report it: ${shown(msg.split('\n')[0], 300)}`;
}

/** @internal */
export interface Parsed {
  readonly positional: string[];
  readonly flags: Map<string, string[]>;
}

/** @internal */
export function parse(args: string[], valued: string[], bool: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s);
    if (bool.includes(name)) {
      flags.set(name, ['true']);
    } else if (valued.includes(name)) {
      const v = inline ?? args[++i];
      if (v === undefined) throw new InputError(`--${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), v]);
    } else {
      throw new InputError(`unknown option --${name}`);
    }
  }
  return { positional, flags };
}

function catalog(args: string[], out: (s: string) => void): number {
  const p = parse(args, [], ['json']);
  if (p.flags.has('json')) {
    out(JSON.stringify({ items: Catalog.items(), seedMap: Catalog.seedMap(), thresholds: Thresholds.specs() }, undefined, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  for (const s of Catalog.sections()) {
    const items = Catalog.itemsInSection(s);
    if (items.length === 0) continue;
    lines.push('', `${s} (${items.length})`);
    for (const i of items) lines.push(`  ${i.id.padEnd(34)} ${i.evidence.padEnd(11)} ${i.title}`);
  }
  const all = Catalog.items();
  lines.push('', `${all.length} items: ${['rule', 'live', 'pipeline', 'attestation'].map((k) => `${all.filter((i) => i.evidence === k).length} ${k}`).join(', ')}; ${Catalog.seedMap().length} seed lines mapped.`);
  out(lines.join('\n').replace(/^\n/, '') + '\n');
  return 0;
}

function check(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const p = parse(args, ['format', 'out', 'attestations', 'sections', 'items', 'threshold', 'max-file-size'], ['strict']);
  if (p.positional.length !== 1) throw new InputError('check takes one folder: golive check <cdk.out | dir>');
  const dir = p.positional[0];
  const format = p.flags.get('format')?.[0] ?? 'summary';
  if (!FORMATS.includes(format)) throw new InputError(`--format must be summary, json, md or sarif (got ${format})`);
  const sections = p.flags.get('sections')?.[0]?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of sections ?? []) {
    if (!(Object.values(Section) as string[]).includes(s)) throw new InputError(`--sections: unknown section '${s}' (known: ${Object.values(Section).join(', ')})`);
  }
  const items = p.flags.get('items')?.[0]?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items ?? []) if (!Catalog.has(i)) throw new InputError(`--items: unknown checklist item '${i}'`);
  const thresholds: Record<string, number> = {};
  for (const t of p.flags.get('threshold') ?? []) {
    const m = /^([A-Za-z0-9]+)=(.+)$/.exec(t);
    if (!m || !Number.isFinite(Number(m[2]))) throw new InputError(`--threshold takes key=number (got ${t})`);
    thresholds[m[1]] = Number(m[2]);
  }
  const attestations = p.flags.get('attestations')?.[0];
  if (attestations && !fs.existsSync(attestations)) throw new InputError(`--attestations: ${shown(attestations, 400)} does not exist`);
  const maxFile = p.flags.get('max-file-size')?.[0];
  if (maxFile !== undefined && !(/^\d+(\.\d+)?$/.test(maxFile) && Number(maxFile) > 0)) throw new InputError(`--max-file-size takes a size in MiB, such as 16 or 0.5 (got ${shown(maxFile, 40)})`);
  const maxFileBytes = maxFile === undefined ? undefined : Math.floor(Number(maxFile) * 1024 * 1024);

  let checks: GoLiveChecks;
  try {
    checks = new GoLiveChecks({ sections: sections as Section[] | undefined, items, thresholds, printSummary: false, writeReports: false });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const input = loadFolder(dir, { maxFileBytes });
  const report = checks._evaluateLoaded(input, attestations);
  writeReports(report, p.flags.get('out')?.[0] ?? '.', format, out, err, input.lines);
  return report.exitCode(p.flags.has('strict'));
}
