#!/usr/bin/env node
// Proves the declared minimum of the aws-cdk-lib peer range: installs that version into a scratch
// copy of the package (lib/ as compiled, the JavaScript the package ships, and the construct tests) and runs the
// construct tests there. The compiled lib/ is built first when a source is newer (scripts/build.js --if-stale).
//
//   node scripts/test-min-cdk.js            # the lower bound of peerDependencies['aws-cdk-lib']
//   node scripts/test-min-cdk.js 2.270.0    # any other version (used to find the minimum)
//   node scripts/test-min-cdk.js --prepare  # only install and copy (scripts/static-checks.js runs this beside
//                                           # the type check, so the test step does not wait for the install)
//
// The scratch copy lives in .tmp/min-cdk-<version>/ inside the repository, so every other module
// (jest, ts-jest, constructs' own helpers) resolves from the repository's node_modules, while
// aws-cdk-lib (and cdk-nag, whose own aws-cdk-lib must be the same one) resolve from the scratch
// node_modules. Snapshots are written, not compared: they pin the template of the development
// version. What judges cdk-nag's findings rather than the constructs' use of aws-cdk-lib is left out: the cdk-nag
// conformance suites and the packs' table (see testPathIgnorePatterns), and the tests named for cdk-nag (NO_NAG).
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const range = pkg.peerDependencies['aws-cdk-lib'];
const declared = /^(?:\^|>=\s*)?(\d+\.\d+\.\d+)$/.exec(range);
if (!declared) fail(`peerDependencies['aws-cdk-lib'] is '${range}': expected ^X.Y.Z or >=X.Y.Z`);
const prepareOnly = process.argv[2] === '--prepare';
const args = process.argv.slice(prepareOnly ? 3 : 2);
const version = args[0] ?? declared[1];
const nagVersion = pkg.devDependencies['cdk-nag'];
const constructsVersion = pkg.devDependencies.constructs;

const scratch = path.join(root, '.tmp', `min-cdk-${version}`);
const started = Date.now();

// 1. aws-cdk-lib at the version under test (kept between runs when it is already there).
const installed = path.join(scratch, 'node_modules', 'aws-cdk-lib', 'package.json');
if (!fs.existsSync(installed) || JSON.parse(fs.readFileSync(installed, 'utf8')).version !== version) {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, private: true }, undefined, 2));
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error',
    `aws-cdk-lib@${version}`, `cdk-nag@${nagVersion}`, `constructs@${constructsVersion}`], { cwd: scratch, stdio: 'inherit' });
}
const installSeconds = (Date.now() - started) / 1000;

// 2. A fresh copy of the sources and the construct tests.
for (const d of ['lib', 'test']) fs.rmSync(path.join(scratch, d), { recursive: true, force: true });
// The compiled JavaScript is what the tests load (moduleFileExtensions below puts js first): ts-jest would transpile
// every source of lib/ again on a cold cache (the copy's paths are new to it), 8 s of the step in a fresh clone. The
// sources are copied too, for the tests that read them. The CLI's bundle is not a module the tests load.
execFileSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
copyTree(path.join(root, 'lib'), path.join(scratch, 'lib'), (f) => (f.endsWith('.js') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))) && f !== path.join(root, 'lib', 'cli', 'bundle.js'));
copyTree(path.join(root, 'test', 'aws'), path.join(scratch, 'test', 'aws'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
// The claims test reads the feature flags of cdk.json.
fs.copyFileSync(path.join(root, 'cdk.json'), path.join(scratch, 'cdk.json'));
for (const f of fs.readdirSync(path.join(root, 'test'))) {
  if (f.endsWith('.ts')) fs.copyFileSync(path.join(root, 'test', f), path.join(scratch, 'test', f));
}
fs.writeFileSync(path.join(scratch, 'jest.config.js'), `module.exports = ${JSON.stringify({
  rootDir: scratch,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // The construct tests, and the claims of ProductionService (its builds in every compute and edge variant, judged by
  // the checks) in place of production-service.test.ts: the same constructs and aws-cdk-lib calls in a third of the
  // time; that file's remaining cases are prop refusals, which are this library's code.
  testMatch: ['**/test/aws/*.test.ts', '**/test/aws/claims/service.test.ts'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  // The construct tests; the cdk-nag conformance suites (*-conformance) and the packs' table (nag-packs) judge
  // cdk-nag's findings, not the constructs' use of aws-cdk-lib, and would double the run.
  testPathIgnorePatterns: ['/node_modules/', 'conformance[^/]*\\.test\\.ts$', 'nag-packs\\.test\\.ts$', '/test/aws/production-service\\.test\\.ts$'],
  moduleFileExtensions: ['js', 'ts', 'json'],
  transform: { '^.+\\.ts$': [require.resolve('ts-jest'), { tsconfig: path.join(root, 'tsconfig.dev.json'), diagnostics: false }] },
  snapshotResolver: path.join(scratch, 'snapshot-resolver.js'),
  maxWorkers: Number(process.env.GOLIVE_MIN_CDK_WORKERS ?? 2),
}, undefined, 2)};\n`);
// Snapshots go to a throwaway folder: written fresh, never compared.
fs.writeFileSync(path.join(scratch, 'snapshot-resolver.js'), `const path = require('path');
const dir = path.join(__dirname, 'snapshots-unchecked');
module.exports = {
  resolveSnapshotPath: (t, ext) => path.join(dir, path.basename(t) + ext),
  resolveTestPath: (s, ext) => path.join(__dirname, 'test', 'aws', path.basename(s, ext)),
  testPathForConsistencyCheck: path.join(__dirname, 'test', 'aws', 'example.test.ts'),
};
`);
fs.rmSync(path.join(scratch, 'snapshots-unchecked'), { recursive: true, force: true });
// The run proves which aws-cdk-lib the constructs were tested against.
fs.writeFileSync(path.join(scratch, 'test', 'aws', 'aws-cdk-lib-version.test.ts'), `import { Stack } from 'aws-cdk-lib';
import { ServiceAlarms } from '../../lib/aws/service-alarms';
test('the constructs load aws-cdk-lib ${version}', () => {
  expect(require('aws-cdk-lib/package.json').version).toBe('${version}');
  expect(require.resolve('aws-cdk-lib')).toBe(${JSON.stringify(path.join(scratch, 'node_modules', 'aws-cdk-lib', 'index.js'))});
  expect(typeof ServiceAlarms).toBe('function');
  expect(typeof Stack).toBe('function');
});
`);

// 3. The construct tests against that version.
if (prepareOnly) {
  console.log(`min-cdk: ${path.relative(root, scratch)} prepared (aws-cdk-lib ${version}, install ${installSeconds.toFixed(0)} s)`);
  process.exit(0);
}
const actual = JSON.parse(fs.readFileSync(installed, 'utf8')).version;
console.log(`aws-cdk-lib ${actual} (declared minimum ${range}): running the construct tests in ${path.relative(root, scratch)}`);
// The tests named for cdk-nag ('cdk-nag finds nothing unacknowledged') build an app to run cdk-nag's packs on it: the
// same builds run in the other tests, and the packs' findings are judged by `npm test` on the development version.
const NO_NAG = '^(?!.*cdk-nag)';
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', path.join(scratch, 'jest.config.js'), '--ci=false', '--testNamePattern', NO_NAG, ...args.slice(1)], {
  cwd: scratch, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' },
});
const seconds = (Date.now() - started) / 1000;
console.log(`min-cdk: aws-cdk-lib ${actual}: construct tests ${jest.status === 0 ? 'pass' : 'FAIL'} (install ${installSeconds.toFixed(0)} s, total ${seconds.toFixed(0)} s)`);
process.exit(jest.status ?? 1);

function copyTree(from, to, keep) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst, keep);
    else if (keep(src)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dst);
    }
  }
}

function fail(message) {
  console.error(`test-min-cdk: ${message}`);
  process.exit(2);
}
