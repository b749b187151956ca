#!/usr/bin/env node
// The checks of `npm test` that are not jest, run side by side: each is a single-threaded process, and run one
// after the other they left one of CI's two cores idle for about 40 s. Each job's output is printed when it ends,
// under its name, so outputs never interleave. Every job runs to its end; the script fails when any failed,
// naming them.
//
//   node scripts/static-checks.js            # all of them
//   GOLIVE_STATIC_JOBS=1 node scripts/static-checks.js   # one at a time
//
// The jobs (all read the build: run after `node scripts/build.js --if-stale`):
//   types    `tsc --noEmit -p tsconfig.dev.json`: every TypeScript file (jest compiles tests without diagnostics)
//   api-md   API.md is what jsii-docgen generates
//   rules    docs/rules.md is what scripts/rules-reference.js generates
//   python   the Python bindings generate, with the expected names
//   min-cdk  the scratch copy of scripts/test-min-cdk.js is prepared (aws-cdk-lib at the declared minimum
//            installed from the registry cache); `node scripts/test-min-cdk.js`, after jest, runs its tests
'use strict';
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const node = process.execPath;
const JOBS = [
  // The longest first: the others share the second core meanwhile.
  ['types', [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.dev.json']],
  ['min-cdk', [path.join(__dirname, 'test-min-cdk.js'), '--prepare']],
  ['api-md', [path.join(__dirname, 'check-api-md.js')]],
  ['python', [path.join(__dirname, 'test-python-bindings.js')]],
  ['rules', [path.join(__dirname, 'rules-reference.js'), '--check']],
];
const slots = Math.max(1, Number(process.env.GOLIVE_STATIC_JOBS ?? Math.min(2, os.cpus().length)));

const failed = [];
let next = 0;
let running = 0;
const started = Date.now();

function startNext() {
  if (next >= JOBS.length) {
    if (running === 0) finish();
    return;
  }
  const [name, args] = JOBS[next++];
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
    if (!ok) failed.push(name);
    const text = Buffer.concat(out).toString('utf8').trimEnd();
    process.stdout.write(`static-checks: ${name}: ${ok ? 'pass' : `FAIL (${signal ?? `exit ${code}`})`} in ${seconds} s\n${text ? text.replace(/^/gm, `  ${name} | `) + '\n' : ''}`);
    startNext();
  });
}

function finish() {
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (failed.length > 0) {
    console.error(`static-checks: failed: ${failed.join(', ')} (${seconds} s)`);
    process.exit(1);
  }
  console.log(`static-checks: all ${JOBS.length} pass (${seconds} s, ${slots} at a time)`);
}

for (let i = 0; i < slots; i++) startNext();
