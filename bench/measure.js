/* eslint-disable */
// One measurement in its own process, so its peak RSS is its own:
//   node bench/measure.js floor|validate <runs> <templates.json> [reportsDir]
// templates.json lists the template files (a cloud assembly's stacks). Prints
// one JSON line: { ms: median of the runs, rssMB: peak resident set size }.
// Uses the compiled library (npm run build first).
'use strict';
const fs = require('fs');
const path = require('path');
const { floor } = require('./floor');

const [mode, runsArg, listFile, reports] = process.argv.slice(2);
const runs = Number(runsArg);
const files = JSON.parse(fs.readFileSync(listFile, 'utf8'));
const gc = global.gc || (() => undefined);

let once;
if (mode === 'floor') {
  once = () => floor(files);
} else if (mode === 'validate') {
  const { GoLiveChecks } = require('../lib');
  const stackTemplates = files.map((f) => ({ templatePath: f, stackConstructPath: path.basename(f).replace(/\.template\.json$/, '') }));
  const ctx = { templatePaths: files, stackTemplates };
  const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
  once = () => {
    checks.validate(ctx);
    if (reports) checks.lastReport.writeReports(reports);
  };
} else {
  throw new Error(`unknown mode ${mode}`);
}

const times = [];
for (let i = 0; i < runs; i++) {
  gc();
  const t0 = process.hrtime.bigint();
  once();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ ms: times[Math.floor(times.length / 2)], rssMB: process.resourceUsage().maxRSS / 1024 }));
