#!/usr/bin/env node
// Generates the Python bindings (jsii-pacmak --code-only: pip cannot build the wheel offline here)
// so that a break in the jsii targets shows in `npm test`, and checks the names Python users get.
// Run after the build (it reads .jsii).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, '.tmp', 'pacmak');
fs.rmSync(out, { recursive: true, force: true });
const started = Date.now();
execFileSync(process.execPath, [require.resolve('jsii-pacmak/bin/jsii-pacmak'), '--code-only', '--targets', 'python', '--outdir', out], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  // pacmak embeds `npm pack` of the package as built: without `prepare`, which would run jsii a second time.
  env: { ...process.env, npm_config_ignore_scripts: 'true' },
});

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const init = path.join(out, 'python', 'src', pkg.jsii.targets.python.module, '__init__.py');
if (!fs.existsSync(init)) fail(`${path.relative(root, init)} was not generated`);
const py = fs.readFileSync(init, 'utf8');
const expect = [
  [/class ServiceCompute\(/, 'class ServiceCompute'],
  [/def lambda_function\(/, 'ServiceCompute.lambda_function (ServiceCompute.lambdaFunction)'],
  [/class GoLiveChecks\(/, 'class GoLiveChecks'],
  [/class ProductionWorkload\(/, 'class ProductionWorkload'],
  [/def namespace_name\(/, 'namespace_name (the namespaceName props)'],
];
for (const [re, what] of expect) if (!re.test(py)) fail(`the Python bindings lack ${what}`);
// Names a jsii target escapes (lambda_, type_, ...) mean an identifier is reserved in a target language.
const escaped = [...py.matchAll(/\bdef ([a-z]+_)\(/g)].map((m) => m[1]);
if (escaped.length > 0) fail(`escaped Python names (a reserved word in the API): ${[...new Set(escaped)].join(', ')}`);
console.log(`python bindings: ${path.relative(root, init)} (${Math.round(py.length / 1024)} KiB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);

function fail(message) {
  console.error(`test-python-bindings: ${message}`);
  process.exit(1);
}
