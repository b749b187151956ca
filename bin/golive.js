#!/usr/bin/env node
// The `golive` command: the checklist catalog and the checks, from the shell.
// Node 22.1+ keeps the compiled code of the library between runs (a third of a cold start); older Node: no-op.
try {
  require('module').enableCompileCache?.();
} catch {
  // a cache that cannot be written costs nothing but the time it would save
}
process.exitCode = require('../lib/cli/main').main(process.argv.slice(2));
