#!/usr/bin/env node
// The `golive` command: the checklist catalog and the checks, from the shell.
process.exitCode = require('../lib/cli/main').main(process.argv.slice(2));
