#!/usr/bin/env node
// `npm run build`: jsii (lib/ compiled, .jsii written), then scripts/lazy-k8s.js, then scripts/bundle-cli.js.
//
// `--if-stale` (what `npm test` runs, through scripts/static-checks.js, beside the type check) skips the three when
// every output is newer than every input: a second `npm test` after a build does not pay 17 s again. The inputs are
// the files of lib/ that are not build outputs (.ts sources, data), package.json, package-lock.json and the
// build scripts; the outputs are .jsii, lib/index.js (rewritten by lazy-k8s) and lib/cli/bundle.js. A file
// edited, checked out or installed after the last build makes it stale.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const OUTPUTS = ['.jsii', 'lib/index.js', 'lib/cli/bundle.js'].map((f) => path.join(root, f));
const SCRIPTS = ['build.js', 'lazy-k8s.js', 'bundle-cli.js'].map((f) => path.join(__dirname, f));

/** The newest modification time among the inputs, and the file that has it. */
function newestInput() {
  let newest = { time: 0, file: '' };
  const see = (file) => {
    const t = fs.statSync(file).mtimeMs;
    if (t > newest.time) newest = { time: t, file };
  };
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.js') && !e.name.endsWith('.d.ts')) see(p);
    }
  };
  walk(path.join(root, 'lib'));
  for (const f of [path.join(root, 'package.json'), path.join(root, 'package-lock.json'), ...SCRIPTS]) if (fs.existsSync(f)) see(f);
  return newest;
}

/** Why the build must run, or undefined when its outputs are fresh. */
function staleness() {
  const missing = OUTPUTS.find((f) => !fs.existsSync(f));
  if (missing) return `${path.relative(root, missing)} does not exist`;
  const oldest = Math.min(...OUTPUTS.map((f) => fs.statSync(f).mtimeMs));
  const input = newestInput();
  return input.time > oldest ? `${path.relative(root, input.file)} is newer than the last build` : undefined;
}

if (process.argv.includes('--if-stale')) {
  const why = staleness();
  if (!why) {
    console.log('build: up to date (.jsii, lib/index.js and lib/cli/bundle.js are newer than every source)');
    process.exit(0);
  }
  console.log(`build: ${why}`);
}
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });
try {
  run(require.resolve('jsii/bin/jsii'), []);
  run(path.join(__dirname, 'lazy-k8s.js'), []);
  run(path.join(__dirname, 'bundle-cli.js'), []);
} catch (e) {
  process.exit(typeof e.status === 'number' && e.status !== 0 ? e.status : 1);
}
