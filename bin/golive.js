#!/usr/bin/env node
// The `cdk-golive` command: the checklist catalog, the checks and the live verification, from the shell.
Promise.resolve(require('../lib/cli/main').main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
