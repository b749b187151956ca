/* eslint-disable no-console */
/**
 * Benchmarks, printed as tables of ratios measured in one run (`npm run bench`,
 * after `npm run build`: the child processes use the compiled library).
 *
 *  1. GoLiveChecks.validate() on CDK-synthesized apps (~100, ~500, ~3,600
 *     resources in one stack, 10 stacks of ~360) against the floor (read, parse
 *     and visit every value of the same templates once) and cdk-nag's
 *     AwsSolutionsChecks.validate(), in one process (median after warm-up).
 *  2. Large shapes, each measured in its own process, three of each in turns
 *     (time and peak RSS for the floor and for validate()): one template of 7.7k, 15.4k and 30.7k
 *     resources (a real base replicated), the 15.4k one with its values under a
 *     condition, one of ~29k (the generated units),
 *     100 and 1,000 stacks of ~490; then the 10 slowest rules at 30.7k
 *     resources, with their time at 7.7k (a rule that is not linear shows).
 *  3. The CLI: `cdk-golive check` on the reference app's cdk.out against
 *     `node -e 0` (in turns) plus the floor; on the 1,000-stack assembly, with all three
 *     reports, its time and peak RSS.
 *  4. The cost GoLiveChecks adds to the reference app's synth.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GoLiveChecks } from '../lib';
import { buildReferenceApp } from '../bin/reference-app';
import { generateApp } from './generate';
import { replicate, underCondition } from './replicate';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { floor } = require('./floor') as { floor: (files: string[]) => number };

// The generated stacks exceed CloudFormation's 500-resource limit on purpose; the CDK's own template validation would say so on every synth.
process.env.CDK_VALIDATION = 'false';

const ROOT = path.join(__dirname, '..');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-bench-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function time(fn: () => void, runs: number): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up (JIT)
  gc(); // start each series from a collected heap, so it does not pay for the previous one's garbage
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ts);
}

function contextFor(app: App): IPolicyValidationContext {
  const asm = app.synth();
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const stackTemplates = stacks.map((s) => ({ stackConstructPath: s.node.path, templatePath: path.join(asm.directory, s.templateFile), accountId: undefined, region: undefined }));
  return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: app } as IPolicyValidationContext;
}

function resourceCount(files: string[]): number {
  return files.reduce((n, p) => n + Object.keys(JSON.parse(fs.readFileSync(p, 'utf8')).Resources).length, 0);
}

function table(head: string[], rows: string[][]): void {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

const x = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
const quiet = { printSummary: false, writeReports: false };

// ---------------------------------------------------------------- 1. CDK apps, in process

const part1: string[][] = [];
const keep: Record<string, string> = {};
for (const [label, stacks, perStack] of [['1 stack, ~100', 1, 100], ['1 stack, ~500', 1, 500], ['1 stack, ~3,600', 1, 3600], ['10 stacks x ~360', 10, 360]] as const) {
  const app = generateApp(stacks, perStack);
  const ctx = contextFor(app);
  const n = resourceCount(ctx.templatePaths);
  if (stacks === 1) keep[perStack] = fs.readFileSync(ctx.templatePaths[0], 'utf8');
  const runs = n > 2000 ? 9 : 15;
  // One series after the other, each paying for its own garbage: in turns in one process, the floor's runs
  // would pay for collections validate()'s garbage starts (tried: 2.8x at ~500 resources, against 4.1-5.9x in
  // three runs measured this way, a gain that is not speed).
  const f = time(() => floor(ctx.templatePaths), runs);
  const golive = new GoLiveChecks(quiet);
  const g = time(() => golive.validate(ctx), runs);
  const c = time(() => new AwsSolutionsChecks().validate(ctx), n > 2000 ? 5 : 7);
  part1.push([label, String(n), f.toFixed(1), g.toFixed(1), x(g, f), (1000 * g / n).toFixed(1), c.toFixed(0), `${(c / g).toFixed(0)}x`]);
}
console.log('\n## 1. GoLiveChecks.validate() against the floor and cdk-nag (CDK apps, one process, median)\n');
table(['app', 'resources', 'floor ms', 'golive ms', 'golive / floor', 'golive us/resource', 'cdk-nag ms', 'cdk-nag / golive'], part1);

// ---------------------------------------------------------------- 2. large shapes, one process each

/** A cloud assembly of `templates` (name -> JSON text), on disk; returns its folder and template files. */
function assembly(name: string, templates: [string, string][]): { dir: string; files: string[] } {
  const dir = path.join(WORK, name);
  fs.mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  const files: string[] = [];
  for (const [stack, text] of templates) {
    const file = `${stack}.template.json`;
    fs.writeFileSync(path.join(dir, file), text);
    files.push(path.join(dir, file));
    artifacts[stack] = { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/eu-west-1', properties: { templateFile: file, stackName: stack }, displayName: stack };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }));
  return { dir, files };
}

function measure(mode: 'floor' | 'validate' | 'rules', files: string[], runs: number): { ms: number; rssMB: number; rules?: Record<string, number> } {
  const list = path.join(WORK, `list-${process.hrtime.bigint()}.json`);
  fs.writeFileSync(list, JSON.stringify(files));
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', path.join(__dirname, 'measure.js'), mode, String(runs), list], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const database = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'aws', 'compliant', 'database.json'), 'utf8');
// The large templates are written without indentation: indented, the 30.7k one is over the 16 MiB a template may weigh
// (validate() refuses it in 3 ms, which measured nothing).
const shapes: [string, () => [string, string][], number][] = [
  ['1 template, 7.7k (database base x154)', () => [['Db', JSON.stringify(replicate(JSON.parse(database), 154))]], 3],
  ['1 template, 15.4k (database base x308)', () => [['Db', JSON.stringify(replicate(JSON.parse(database), 308))]], 3],
  ['1 template, 30.7k (database base x614)', () => [['Db', JSON.stringify(replicate(JSON.parse(database), 614))]], 3],
  // The 15.4k one with its resources' top-level values under a condition (as third-party templates choose a value by
  // environment): every rule then reads in two worlds, and what is read once for the whole template must not be read
  // again for each resource judged (it was: 3.4 s at 7.7k resources, growing 8-9x for 4x; the alarms' statistic alone
  // under a condition took 6.6 s at 7.7k and went over the 60 s budget at 30.7k).
  ['1 template, 15.4k, values under a condition (x308)', () => [['Db', JSON.stringify(underCondition(replicate(JSON.parse(database), 308)))]], 3],
  ['1 template, ~29k (generated units, ~3,600 x8)', () => [['Units', JSON.stringify(replicate(JSON.parse(keep[3600]), 8))]], 3],
  ['100 stacks x ~490', () => Array.from({ length: 100 }, (_, i) => [`S${i}`, keep[500]] as [string, string]), 3],
  ['1,000 stacks x ~490', () => Array.from({ length: 1000 }, (_, i) => [`S${i}`, keep[500]] as [string, string]), 1],
];
const part2: string[][] = [];
let thousand: { dir: string; files: string[] } | undefined;
const perRule: { label: string; n: number; files: string[] }[] = [];
for (const [label, make, runs] of shapes) {
  const asm = assembly(label.replace(/[^A-Za-z0-9]+/g, '-'), make());
  if (label.startsWith('1,000')) thousand = asm;
  if (label.includes('database base x154') || label.includes('database base x614')) perRule.push({ label, n: resourceCount(asm.files), files: asm.files });
  const n = resourceCount(asm.files);
  // Three processes of each, in turns, so that a drift of the machine's speed (other tenants of the host) falls
  // on both sides of the ratio: measured one after the other, the same code came out 30 % apart from one run of
  // the bench to the next. The medians, and the largest peak RSS.
  const fs3: { ms: number; rssMB: number }[] = [];
  const gs3: { ms: number; rssMB: number }[] = [];
  for (let i = 0; i < 3; i++) {
    fs3.push(measure('floor', asm.files, runs));
    gs3.push(measure('validate', asm.files, runs));
  }
  const f = { ms: median(fs3.map((m) => m.ms)), rssMB: Math.max(...fs3.map((m) => m.rssMB)) };
  const g = { ms: median(gs3.map((m) => m.ms)), rssMB: Math.max(...gs3.map((m) => m.rssMB)) };
  part2.push([label, String(n), f.ms.toFixed(0), g.ms.toFixed(0), x(g.ms, f.ms), (1000 * g.ms / n).toFixed(1), f.rssMB.toFixed(0), g.rssMB.toFixed(0)]);
}
console.log('\n## 2. Large shapes: floor and validate(), each in its own process, three of each in turns (median; peak RSS)\n');
table(['shape', 'resources', 'floor ms', 'golive ms', 'golive / floor', 'golive us/resource', 'floor peak RSS MB', 'golive peak RSS MB'], part2);

// Per rule, at the largest template and at a quarter of it: a rule that is not linear grows by much more than the 4x.
// '% of golive' is of the median validate() of the same runs (timing every check costs a few per cent).
if (perRule.length === 2) {
  const [small, large] = perRule.map((p) => ({ ...p, ...measure('rules', p.files, 3) }));
  const top = Object.entries(large.rules!).sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(`\n## 2b. The 10 slowest rules on ${large.label} (its checks timed, the least of 3 runs; in ${small.label}: ${(large.n / small.n).toFixed(0)}x fewer resources)\n`);
  table(['rule', 'ms', '% of golive', 'us/resource', `ms at ${small.n}`, 'growth (resources: x' + (large.n / small.n).toFixed(0) + ')'], top.map(([id, ms]) => {
    const before = small.rules![id] ?? 0;
    return [id, ms.toFixed(0), `${(100 * ms / large.ms).toFixed(0)} %`, (1000 * ms / large.n).toFixed(1), before.toFixed(0), before > 0 ? x(ms, before) : ''];
  }));
}

// ---------------------------------------------------------------- 3. the CLI

/** Wall time (ms) and peak RSS (MB) of commands run in turns (a drift of the machine falls on each), the median of `runs` of each. */
function commands(argss: string[][], runs: number): { ms: number; rssMB: number }[] {
  const rssFile = path.join(WORK, 'rss');
  const out = argss.map(() => ({ ts: [] as number[], rss: 0 }));
  for (let i = 0; i < runs; i++) {
    argss.forEach((args, j) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'rss-probe.js'), ...args], { env: { ...process.env, GOLIVE_RSS_FILE: rssFile }, stdio: 'ignore' });
      out[j].ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}`);
      out[j].rss = Math.max(out[j].rss, Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
    });
  }
  return out.map((o) => ({ ms: median(o.ts), rssMB: o.rss }));
}

const refOut = path.join(WORK, 'reference');
const refCtx = contextFor(buildReferenceApp({ outdir: refOut, checks: false, nag: false, printSummary: false }));
const cli = path.join(ROOT, 'bin', 'cdk-golive.js');
const reports = path.join(WORK, 'reports');
const refFloor = time(() => floor(refCtx.templatePaths), 15);
const [node0, refCli] = commands([['-e', '0'], [cli, 'check', refOut, '--out', reports]], 11);
console.log(`\n## 3. The CLI: \`cdk-golive check\` (wall time, median of 11; peak RSS)\n`);
const part3: string[][] = [
  ['`node -e 0`', node0.ms.toFixed(0), node0.rssMB.toFixed(0), ''],
  [`floor of the reference cdk.out (${resourceCount(refCtx.templatePaths)} resources, in process)`, refFloor.toFixed(1), '', ''],
  ['`cdk-golive check` on the reference cdk.out (3 reports)', refCli.ms.toFixed(0), refCli.rssMB.toFixed(0), `${x(refCli.ms, node0.ms + refFloor)} of node -e 0 + floor`],
];
if (thousand) {
  const [big] = commands([[cli, 'check', thousand.dir, '--out', reports]], 1);
  const size = ['json', 'md', 'sarif'].map((e) => `${e} ${(fs.statSync(path.join(reports, `golive-report.${e}`)).size / 1e6).toFixed(0)} MB`).join(', ');
  part3.push([`\`cdk-golive check\` on 1,000 stacks x ~490 (3 reports: ${size})`, big.ms.toFixed(0), big.rssMB.toFixed(0), '']);
}
table(['run', 'ms', 'peak RSS MB', 'ratio'], part3);

// ---------------------------------------------------------------- 4. the reference app's synth

let k = 0;
const build = (withChecks: boolean) => buildReferenceApp({ outdir: path.join(WORK, `ref-${k++}`), checks: withChecks, nag: false, printSummary: false });
const refValidate = time(() => new GoLiveChecks(quiet).validate(refCtx), 15);
const without: number[] = [];
const withChecks: number[] = [];
for (let i = 0; i < 9; i++) {
  for (const [checks, into] of [[false, without], [true, withChecks]] as const) {
    const app = build(checks);
    gc();
    const t0 = process.hrtime.bigint();
    app.synth();
    if (i > 0) into.push(Number(process.hrtime.bigint() - t0) / 1e6); // the first round warms up
  }
}
const base = median(without);
console.log(`\n## 4. The reference app (${resourceCount(refCtx.templatePaths)} resources in ${refCtx.templatePaths.length} stacks)\n`);
table(['measure', 'ms'], [
  ['GoLiveChecks.validate() alone (median of 15)', refValidate.toFixed(1)],
  ['floor of its templates (median of 15)', refFloor.toFixed(1)],
  ['synth without GoLiveChecks (median of 8)', base.toFixed(0)],
  ['synth with GoLiveChecks (median of 8)', median(withChecks).toFixed(0)],
  ['plugin cost / synth without it', `${(100 * refValidate / base).toFixed(1)} %`],
]);
fs.rmSync(WORK, { recursive: true, force: true });
console.log(`\nnode ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
