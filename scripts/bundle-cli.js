#!/usr/bin/env node
// Run after `jsii` (npm run build): bundles the CLI (lib/cli/main.js and everything of lib/ it reaches, with
// `yaml`) into one file, lib/cli/bundle.js, which bin/cdk-golive.js loads. A cold `cdk-golive check` then
// resolves, reads and compiles one file instead of ~270 modules (a quarter of its time: npm run bench, part 3).
//
// Left outside the bundle: the peer dependencies (aws-cdk-lib, constructs, cdk8s, cdk8s-plus-28: one copy in
// the app, never a second) and the AWS SDK clients (optional dependencies, loaded by `verify` on use). Every
// module keeps its lazy initialisation (esbuild wraps CommonJS modules), so `check` still does not run the code
// of `verify`. A warning from esbuild fails the build: a require it could not follow would break at run time.
'use strict';
const path = require('path');

let esbuild;
try {
  esbuild = require('esbuild');
} catch (e) {
  console.error(`bundle-cli: esbuild is not installed (a devDependency: npm ci): ${String(e.message).split('\n')[0]}`);
  process.exit(1);
}

const root = path.resolve(__dirname, '..');
const result = esbuild.buildSync({
  entryPoints: [path.join(root, 'lib', 'cli', 'main.js')],
  outfile: path.join(root, 'lib', 'cli', 'bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk8s', 'cdk8s-plus-28', '@aws-sdk/*', '@smithy/*'],
  // Names kept: messages and reports never depend on them, but a user's stack trace should still read.
  keepNames: true,
  legalComments: 'none',
  logLevel: 'silent',
  metafile: true,
});
const problems = [...result.errors, ...result.warnings];
if (problems.length > 0) {
  for (const p of problems) console.error(`bundle-cli: ${p.location ? `${p.location.file}:${p.location.line}: ` : ''}${p.text}`);
  process.exit(1);
}
// ASCII only: node decodes an ASCII file as Latin-1 in a fraction of a millisecond and V8 reads one byte a character,
// where one non-ASCII character anywhere makes the 2 MB file UTF-8 to decode (~12 ms) and a two-byte string. esbuild
// escapes non-ASCII characters in code and strings; what it leaves is in comments it keeps (a JSDoc `→`), replaced
// here. A non-ASCII character on a line that is not a comment fails the build rather than being touched.
const outFile = path.join(root, 'lib', 'cli', 'bundle.js');
const lines = require('fs').readFileSync(outFile, 'utf8').split('\n');
let replaced = 0;
for (let i = 0; i < lines.length; i++) {
  if (!/[^\x00-\x7f]/.test(lines[i])) continue;
  if (!/^\s*(\/\/|\/\*\*?|\*)/.test(lines[i]) || /\*\/./.test(lines[i])) {
    console.error(`bundle-cli: lib/cli/bundle.js:${i + 1}: a non-ASCII character outside a comment line`);
    process.exit(1);
  }
  lines[i] = lines[i].replace(/[^\x00-\x7f]/g, () => (replaced++, '?'));
}
if (replaced > 0) require('fs').writeFileSync(outFile, lines.join('\n'));
const inputs = Object.keys(result.metafile.inputs).length;
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`bundle-cli: lib/cli/bundle.js, ${inputs} modules, ${(bytes / 1024).toFixed(0)} KiB`);
