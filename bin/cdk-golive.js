#!/usr/bin/env node
// The `cdk-golive` command: the checklist catalog, the checks and the live verification, from the shell.
// Node 22.1+ keeps the compiled code of the library between runs (a third of a cold start); older Node: no-op.
try {
  require('module').enableCompileCache?.();
} catch {
  // a cache that cannot be written costs nothing but the time it would save
}
// lib/cli/bundle.js is lib/cli/main.js with the library it reaches, in one file (scripts/bundle-cli.js, run by the build).
Promise.resolve(require('../lib/cli/bundle').main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
