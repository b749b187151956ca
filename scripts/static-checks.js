#!/usr/bin/env node
// The steps of `npm test` before jest, run side by side: each is a single-threaded process, and run one after the
// other they left one of CI's two cores idle. The build (jsii, single-threaded, about 20 s) runs beside the type
// check (about 25 s), which does not read it; the jobs that read the build start when it ends. Each job's output is
// printed when it ends, under its name, so outputs never interleave. A job whose prerequisite failed does not run;
// every other job runs to its end; the script fails when any failed, naming them.
//
//   node scripts/static-checks.js            # all of them
//   GOLIVE_STATIC_JOBS=1 node scripts/static-checks.js   # one at a time
//
// The jobs:
//   build    `node scripts/build.js --if-stale`: jsii, lazy-k8s and the CLI bundle, skipped when fresh (`npm ci`
//            does not build: the package has no `prepare` script, so that the build of a fresh clone runs here,
//            beside the type check, instead of alone inside `npm ci`)
//   types    `tsc --noEmit -p tsconfig.dev.json`: every TypeScript file (jest compiles tests without diagnostics)
//   api-md   API.md is what jsii-docgen generates (after build)
//   rules    docs/rules.md is what scripts/rules-reference.js generates (after build)
//   python   the Python bindings generate, with the expected names (after build)
//   min-cdk  the scratch copy of scripts/test-min-cdk.js is prepared (aws-cdk-lib at the declared minimum
//            installed from the registry cache; after build); `node scripts/test-min-cdk.js`, after jest, runs its
//            tests
'use strict';
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const node = process.execPath;
const JOBS = [
  // The longest first: the others share the second core meanwhile.
  { name: 'build', args: [path.join(__dirname, 'build.js'), '--if-stale'] },
  { name: 'types', args: [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.dev.json'] },
  { name: 'min-cdk', args: [path.join(__dirname, 'test-min-cdk.js'), '--prepare'], after: 'build' },
  { name: 'api-md', args: [path.join(__dirname, 'check-api-md.js')], after: 'build' },
  { name: 'python', args: [path.join(__dirname, 'test-python-bindings.js')], after: 'build' },
  { name: 'rules', args: [path.join(__dirname, 'rules-reference.js'), '--check'], after: 'build' },
];
const slots = Math.max(1, Number(process.env.GOLIVE_STATIC_JOBS ?? Math.min(2, os.cpus().length)));

const failed = [];
const skipped = [];
const done = new Set();
const waiting = [...JOBS];
let running = 0;
const started = Date.now();

function startNext() {
  // A job waiting on a failed job never runs; one waiting on a running job waits.
  const blocked = waiting.filter((j) => j.after && failed.includes(j.after));
  for (const j of blocked) {
    waiting.splice(waiting.indexOf(j), 1);
    skipped.push(j.name);
  }
  const i = waiting.findIndex((j) => !j.after || done.has(j.after));
  if (i < 0) {
    if (running === 0) finish();
    return false;
  }
  const { name, args } = waiting.splice(i, 1)[0];
  running++;
  const t0 = Date.now();
  const child = spawn(node, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => out.push(d));
  child.on('close', (code, signal) => {
    running--;
    const seconds = ((Date.now() - t0) / 1000).toFixed(0);
    const ok = code === 0;
    if (ok) done.add(name);
    else failed.push(name);
    const text = Buffer.concat(out).toString('utf8').trimEnd();
    process.stdout.write(`static-checks: ${name}: ${ok ? 'pass' : `FAIL (${signal ?? `exit ${code}`})`} in ${seconds} s\n${text ? text.replace(/^/gm, `  ${name} | `) + '\n' : ''}`);
    // Fill every free slot: the end of a prerequisite can make several jobs ready at once.
    while (running < slots && startNext());
  });
  return true;
}

function finish() {
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (failed.length > 0) {
    console.error(`static-checks: failed: ${failed.join(', ')}${skipped.length ? `; not run (after a failed job): ${skipped.join(', ')}` : ''} (${seconds} s)`);
    process.exit(1);
  }
  console.log(`static-checks: all ${JOBS.length} pass (${seconds} s, ${slots} at a time)`);
}

while (running < slots && startNext());
