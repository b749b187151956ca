/* eslint-disable no-console */
import * as fs from 'fs';
import { Catalog } from '../checklist/catalog';
import { Thresholds } from '../checklist/thresholds';
import { Section } from '../checklist/types';
import { BASELINE_FILE, baselineEntries, renderBaseline } from '../checks/baseline';
import { GoLiveChecks, RunOptions, RunResult } from '../checks/golive-checks';
import { ACCOUNT_ID, InputError, loadFolder, REGION_NAME } from '../checks/loader';
import { DEFAULT_MAX_FILE_BYTES } from '../input/read-file';
import { shown } from '../input/input-error';
import { exitWithReasons, FORMATS, writeReports } from './output';
import { Severity } from '../checks/model';

/** The usage text (with `verify`'s, whose module is loaded only for help and for `verify` itself). */
const usage = (): string => `usage (the command is also installed as \`golive\`):
  cdk-golive catalog [--json]
      The checklist catalog: every item by section (--json: { items, seedMap, thresholds }).
  cdk-golive check <dir> [--format summary|json|md|sarif] [--out <dir>] [--strict]
                         [--fail-on critical|high|medium|low] [--report-only]
                         [--baseline <file>] [--attestations <file>]
                         [--sections a,b] [--items ID,ID] [--threshold key=value ...]
                         [--max-file-size <MiB>] [--region <name>] [--account <id>]
      Check a cloud assembly (cdk.out/) or a folder of CloudFormation templates
      (JSON/YAML) and Kubernetes manifests. Writes golive-report.json, .md and
      .sarif into --out (default: the current directory); prints the summary, or
      with --format the report. Reads ${BASELINE_FILE} when it exists. Files larger
      than --max-file-size (default ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024} MiB) are refused.
      --region and --account say where templates deploy when the input does not
      (a folder of templates, an environment-agnostic stack); without them what
      depends on the region or account is unknown. The annotation
      acknowledge.cdk-golive.io/<rule or item id>: "<reason>" on a Kubernetes
      object acknowledges the failing findings of that rule reported on it.
      Exit 0: nothing fails; 1: a violation not in the baseline, at or above
      --fail-on (none with --report-only), and with --strict also an unknown
      finding or item, or an attestation or pipeline item not attested (listed;
      the live items are left to verify --strict); 2: bad input.
  cdk-golive baseline <dir> [--baseline <file>] [--sections a,b] [--items ID,ID]
                            [--threshold key=value ...] [--max-file-size <MiB>]
                            [--region <name>] [--account <id>]
      Record today's violations in ${BASELINE_FILE}: later checks fail only on new
      ones. Run again, it drops the fixed ones and never adds one (new violations
      are listed, exit 1): the baseline only shrinks.
${verifyCli().VERIFY_USAGE}`;

/** `cdk-golive verify`, loaded on use: `check` does not pay for the live verifiers. */
function verifyCli(): typeof import('../verify/cli') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../verify/cli');
}

/** The CLI entry point; returns the exit code. @internal */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number | Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out(usage() + '\n');
      return cmd ? 0 : 2;
    }
    if (cmd === 'catalog') return catalog(rest, out);
    if (cmd === 'check') return check(rest, out, err);
    if (cmd === 'verify') return verifyCli().verifyCommand(rest, out, err);
    if (cmd === 'baseline') return baseline(rest, out, err);
    throw new InputError(`unknown command '${shown(cmd, 80)}' (try: cdk-golive catalog, cdk-golive check <dir>, cdk-golive baseline <dir>, cdk-golive verify --stack <name>)`);
  } catch (e) {
    // One line per mistake: input errors may list several; anything else is cut to its first line.
    for (const line of errorLines(e)) err(`cdk-golive: ${line}\n`);
    return 2;
  }
}

/**
 * One line for an error: the message of bad input as written (it names the file
 * and what is wrong); anything else is a fault of cdk-golive, said as such,
 * without a stack trace.
 */
function errorLines(e: unknown): string[] {
  if (e instanceof InputError) return e.message.split('\n').filter(Boolean).map((l) => shown(l, 2000));
  return [errorLine(e)];
}

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

const SELECTION = ['sections', 'items', 'threshold', 'max-file-size', 'region', 'account'];

/** Load the folder and evaluate it with the selection flags (--sections, --items, --threshold). */
function evaluate(command: string, p: Parsed, options: RunOptions): RunResult & { lines: Record<string, Record<string, number>> } {
  if (p.positional.length !== 1) throw new InputError(`${command} takes one folder: cdk-golive ${command} <cdk.out | dir>`);
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
  for (const flag of ['attestations', 'baseline'] as const) {
    const file = p.flags.get(flag)?.[0];
    if (file && !fs.existsSync(file)) throw new InputError(`--${flag}: ${shown(file, 400)} does not exist`);
  }
  const maxFile = p.flags.get('max-file-size')?.[0];
  if (maxFile !== undefined && !(/^\d+(\.\d+)?$/.test(maxFile) && Number(maxFile) > 0)) throw new InputError(`--max-file-size takes a size in MiB, such as 16 or 0.5 (got ${shown(maxFile, 40)})`);
  const maxFileBytes = maxFile === undefined ? undefined : Math.floor(Number(maxFile) * 1024 * 1024);
  const region = p.flags.get('region')?.[0];
  if (region !== undefined && !REGION_NAME.test(region)) throw new InputError(`--region takes a region name, such as eu-west-1 (got ${shown(region, 40)})`);
  const accountId = p.flags.get('account')?.[0];
  if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) throw new InputError(`--account takes a 12-digit account id (got ${shown(accountId, 40)})`);
  const checks = new GoLiveChecks({ sections: sections as Section[] | undefined, items, thresholds, printSummary: false, writeReports: false });
  const problems = checks._configProblems();
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  const input = loadFolder(p.positional[0], { maxFileBytes, region, accountId });
  // Mistakes in acknowledgements, attestations and baseline are InputErrors (one line each, exit 2).
  return { ...checks._run(input, options), lines: input.lines };
}

function check(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const p = parse(args, ['format', 'out', 'attestations', 'baseline', 'fail-on', ...SELECTION], ['strict', 'report-only']);
  const format = p.flags.get('format')?.[0] ?? 'summary';
  if (!FORMATS.includes(format)) throw new InputError(`--format must be summary, json, md or sarif (got ${shown(format, 40)})`);
  const failOn = p.flags.get('fail-on')?.[0];
  if (failOn !== undefined && !(Object.values(Severity) as string[]).includes(failOn)) {
    throw new InputError(`--fail-on must be ${Object.values(Severity).join(', ')} (got ${shown(failOn, 40)})`);
  }
  const { report, lines } = evaluate('check', p, {
    attestationsFile: p.flags.get('attestations')?.[0],
    baselineFile: p.flags.get('baseline')?.[0],
    failOn: failOn as Severity | undefined,
    reportOnly: p.flags.has('report-only'),
  });
  writeReports(report, p.flags.get('out')?.[0] ?? '.', format, out, err, lines);
  return exitWithReasons(report, p.flags.has('strict'), err);
}

/** Write the baseline file; a path that cannot be written (no such folder, not permitted) is one line. */
function writeBaseline(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new InputError(`${shown(file, 400)}: the baseline cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function baseline(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const p = parse(args, ['baseline', ...SELECTION], []);
  const file = p.flags.get('baseline')?.[0] ?? BASELINE_FILE;
  const exists = fs.existsSync(file);
  const { report, baseline: used } = evaluate('baseline', { positional: p.positional, flags: new Map([...p.flags].filter(([k]) => k !== 'baseline')) }, {
    ...(exists ? { baselineFile: file } : { ignoreBaseline: true }),
  });
  const violations = report.violations();
  if (!used) {
    writeBaseline(file, renderBaseline(baselineEntries(violations)));
    out(`${file}: recorded ${violations.length} violation(s); checks now fail only on new ones.\n`);
    return 0;
  }
  // Keep what is still found, and what this run could not see (other rules, other stacks); drop the fixed.
  const fixed = new Set(used.fixed);
  const kept = used.entries.filter((e) => !fixed.has(e));
  if (fixed.size > 0) writeBaseline(file, renderBaseline(kept));
  out(`${file}: ${fixed.size} fixed violation(s) dropped, ${kept.length} left.\n`);
  const added = violations.filter((f) => !f.baselined);
  if (added.length === 0) return 0;
  err(`${added.length} new violation(s) are not added: a baseline only shrinks. Fix or acknowledge them:\n`);
  // violationLines lists only violations not in the baseline
  for (const line of report.violationLines(Number.MAX_SAFE_INTEGER)) err(line + '\n');
  return 1;
}
