/* eslint-disable no-console */
import * as fs from 'fs';
import * as path from 'path';
import { Catalog } from '../checklist/catalog';
import { Thresholds } from '../checklist/thresholds';
import { Section } from '../checklist/types';
import { BASELINE_FILE, baselineEntries, renderBaseline } from '../checks/baseline';
import { GoLiveChecks, RunOptions, RunResult } from '../checks/golive-checks';
import { InputError, loadFolder } from '../checks/loader';
import { Severity } from '../checks/model';

const USAGE = `usage (the command is also installed as \`golive\`):
  cdk-golive catalog [--json]
      The checklist catalog: every item by section (--json: { items, seedMap, thresholds }).
  cdk-golive check <dir> [--format summary|json|md|sarif] [--out <dir>] [--strict]
                         [--fail-on critical|high|medium|low] [--report-only]
                         [--baseline <file>] [--attestations <file>]
                         [--sections a,b] [--items ID,ID] [--threshold key=value ...]
      Check a cloud assembly (cdk.out/) or a folder of CloudFormation templates
      (JSON/YAML) and Kubernetes manifests. Writes golive-report.json, .md and
      .sarif into --out (default: the current directory); prints the summary, or
      with --format the report. Reads ${BASELINE_FILE} when it exists.
      Exit 0: nothing fails; 1: a violation not in the baseline, at or above
      --fail-on (none with --report-only), and with --strict also an unknown
      finding or an attestation item not attested (listed); 2: bad input.
  cdk-golive baseline <dir> [--baseline <file>] [--sections a,b] [--items ID,ID]
                            [--threshold key=value ...]
      Record today's violations in ${BASELINE_FILE}: later checks fail only on new
      ones. Run again, it drops the fixed ones and never adds one (new violations
      are listed, exit 1): the baseline only shrinks.`;

/** The CLI entry point; returns the exit code. @internal */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  try {
    const [cmd, ...rest] = argv;
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out(USAGE + '\n');
      return cmd ? 0 : 2;
    }
    if (cmd === 'catalog') return catalog(rest, out);
    if (cmd === 'check') return check(rest, out, err);
    if (cmd === 'baseline') return baseline(rest, out, err);
    throw new InputError(`unknown command '${cmd}' (try: cdk-golive catalog, cdk-golive check <dir>, cdk-golive baseline <dir>)`);
  } catch (e) {
    // One line per mistake: input errors may list several; anything else is cut to its first line.
    const lines = String((e as Error).message).split('\n').filter(Boolean);
    for (const line of e instanceof InputError ? lines : lines.slice(0, 1)) err(`cdk-golive: ${line}\n`);
    return 2;
  }
}

interface Parsed {
  readonly positional: string[];
  readonly flags: Map<string, string[]>;
}

function parse(args: string[], valued: string[], bool: string[]): Parsed {
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
  lines.push('', `${all.length} items: ${['rule', 'pipeline', 'attestation'].map((k) => `${all.filter((i) => i.evidence === k).length} ${k}`).join(', ')}; ${Catalog.seedMap().length} seed lines mapped.`);
  out(lines.join('\n').replace(/^\n/, '') + '\n');
  return 0;
}

const SELECTION = ['sections', 'items', 'threshold'];

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
    if (file && !fs.existsSync(file)) throw new InputError(`--${flag}: ${file} does not exist`);
  }
  const checks = new GoLiveChecks({ sections: sections as Section[] | undefined, items, thresholds, printSummary: false, writeReports: false });
  const problems = checks._configProblems();
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  const input = loadFolder(p.positional[0]);
  try {
    return { ...checks._run(input, options), lines: input.lines };
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

function check(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const p = parse(args, ['format', 'out', 'attestations', 'baseline', 'fail-on', ...SELECTION], ['strict', 'report-only']);
  const format = p.flags.get('format')?.[0] ?? 'summary';
  if (!['summary', 'json', 'md', 'markdown', 'sarif'].includes(format)) throw new InputError(`--format must be summary, json, md or sarif (got ${format})`);
  const failOn = p.flags.get('fail-on')?.[0];
  if (failOn !== undefined && !(Object.values(Severity) as string[]).includes(failOn)) {
    throw new InputError(`--fail-on must be ${Object.values(Severity).join(', ')} (got ${failOn})`);
  }
  const { report, lines } = evaluate('check', p, {
    attestationsFile: p.flags.get('attestations')?.[0],
    baselineFile: p.flags.get('baseline')?.[0],
    failOn: failOn as Severity | undefined,
    reportOnly: p.flags.has('report-only'),
  });
  const outDir = p.flags.get('out')?.[0] ?? '.';
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
    out([report.summary(), ...report.violationLines()].join('\n') + '\n');
    err(`reports: ${['json', 'md', 'sarif'].map((x) => path.join(outDir, `golive-report.${x}`)).join(', ')}\n`);
  }
  const strict = p.flags.has('strict');
  const code = report.exitCode(strict);
  if (code !== 0 && strict && report.blockingViolations().length === 0) {
    const reasons = report.strictReasons();
    err(`--strict fails on ${reasons.length} item(s) and finding(s) a person or a deploy must settle:\n${reasons.map((r) => `  ${r}`).join('\n')}\n`);
  }
  return code;
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
    fs.writeFileSync(file, renderBaseline(baselineEntries(violations)));
    out(`${file}: recorded ${violations.length} violation(s); checks now fail only on new ones.\n`);
    return 0;
  }
  // Keep what is still found, and what this run could not see (other rules, other stacks); drop the fixed.
  const fixed = new Set(used.fixed);
  const kept = used.entries.filter((e) => !fixed.has(e));
  if (fixed.size > 0) fs.writeFileSync(file, renderBaseline(kept));
  out(`${file}: ${fixed.size} fixed violation(s) dropped, ${kept.length} left.\n`);
  const added = violations.filter((f) => !f.baselined);
  if (added.length === 0) return 0;
  err(`${added.length} new violation(s) are not added: a baseline only shrinks. Fix or acknowledge them:\n`);
  for (const f of added) err(`  [${f.severity}] ${f.ruleId} (${f.itemIds.join(', ')}) ${f.stack}/${f.resource}: ${f.message}\n`);
  return 1;
}
