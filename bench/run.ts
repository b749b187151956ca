/* eslint-disable no-console */
/**
 * Benchmarks, printed as a table (`npm run bench`):
 *  1. GoLiveChecks.validate() vs cdk-nag AwsSolutionsChecks.validate() on the same
 *     synthesized app, in one process, for ~100, ~500 and ~3,600 resources in one
 *     stack and for 10 stacks of ~360;
 *  2. the cost GoLiveChecks adds to the reference app's synth.
 * Each timing is the median of several runs after a warm-up.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GoLiveChecks } from '../lib';
import { buildReferenceApp } from '../bin/reference-app';
import { generateApp } from './generate';

// The generated stacks exceed CloudFormation's 500-resource limit on purpose; the CDK's own template validation would say so on every synth.
process.env.CDK_VALIDATION = 'false';

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

function resourceCount(ctx: IPolicyValidationContext): number {
  return ctx.templatePaths.reduce((n, p) => n + Object.keys(JSON.parse(fs.readFileSync(p, 'utf8')).Resources).length, 0);
}

const rows: string[][] = [];
const quiet = { printSummary: false, writeReports: false };
const runsFor = (n: number) => (n > 2000 ? 9 : 15);
for (const [label, stacks, perStack] of [['1 stack, ~100', 1, 100], ['1 stack, ~500', 1, 500], ['1 stack, ~3,600', 1, 3600], ['10 stacks x ~360', 10, 360]] as const) {
  const app = generateApp(stacks, perStack);
  const ctx = contextFor(app);
  const n = resourceCount(ctx);
  const golive = new GoLiveChecks(quiet);
  const heapBefore = process.memoryUsage().heapUsed;
  const g = time(() => golive.validate(ctx), runsFor(n));
  const heapAfter = process.memoryUsage().heapUsed;
  const nagRuns = n > 2000 ? 5 : 7;
  const c = time(() => new AwsSolutionsChecks().validate(ctx), nagRuns);
  rows.push([label, String(n), g.toFixed(1), (1000 * g / n).toFixed(1), c.toFixed(0), `${(c / g).toFixed(0)}x`, `${Math.max(0, (heapAfter - heapBefore) / 1e6).toFixed(0)}`]);
}

console.log('\n## Checks: GoLiveChecks vs cdk-nag AwsSolutions (same synthesized app, one process, median)\n');
const head = ['app', 'resources', 'golive ms', 'golive us/resource', 'cdk-nag ms', 'speed-up', 'golive heap MB'];
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// The reference app: the plugin's own cost, and synth with and without it (interleaved, so drift hits both).
const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-bench-'));
let k = 0;
const build = (withChecks: boolean) => buildReferenceApp({ outdir: path.join(outRoot, String(k++)), checks: withChecks, nag: false, printSummary: false });
const refCtx = contextFor(build(false));
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
const withMs = median(withChecks);
console.log(`\n## The reference app (${resourceCount(refCtx)} resources in ${refCtx.templatePaths.length} stacks)\n`);
console.log('| measure | ms |\n|---|---|');
console.log(`| GoLiveChecks.validate() alone (median of 15) | ${refValidate.toFixed(1)} |`);
console.log(`| synth without GoLiveChecks (median of 8) | ${base.toFixed(0)} |`);
console.log(`| synth with GoLiveChecks (median of 8) | ${withMs.toFixed(0)} |`);
console.log(`| plugin cost / synth without it | ${(100 * refValidate / base).toFixed(1)} % |`);
fs.rmSync(outRoot, { recursive: true, force: true });
console.log(`\nnode ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? 'unknown'})`);
