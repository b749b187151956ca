#!/usr/bin/env node
// The `cdk-golive` command (also installed as `golive`): the checklist catalog, the checks and the baseline, from the shell.
process.exitCode = require('../lib/cli/main').main(process.argv.slice(2));
