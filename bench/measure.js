/* eslint-disable */
// One measurement in its own process, so its peak RSS is its own:
//   node bench/measure.js floor|validate|rules <runs> <templates.json> [reportsDir]
// templates.json lists the template files (a cloud assembly's stacks). Prints
// one JSON line: { ms: median of the runs, rssMB: peak resident set size }.
// `rules` is `validate` with every rule's check timed (per rule id, in `rules`,
// its smallest time over the runs, so a collection or another process's burst
// does not stand for the rule; what a template read once per run costs is
// counted to the rule that first asked for it).
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
  // The library loaded as in the other modes, unused: a process's heap changes how long parsing takes (the floor of
  // ~500 resources took 3.2 ms in a bare process and 2.0 ms in one that loaded the library), and the floor must not
  // be slower than it would be in the checker's own process.
  require('../lib');
  once = () => floor(files);
} else if (mode === 'validate' || mode === 'rules') {
  const { GoLiveChecks } = require('../lib');
  if (mode === 'rules') timeRules(require('../lib/checks/aws').AWS_RULES);
  const stackTemplates = files.map((f) => ({ templatePath: f, stackConstructPath: path.basename(f).replace(/\.template\.json$/, '') }));
  const ctx = { templatePaths: files, stackTemplates };
  const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
  once = () => {
    const out = checks.validate(ctx);
    // A run refused (a file over the size limit, bad input) measures nothing: stop with its reason.
    const refused = out.violations.find((v) => v.ruleName === 'Configuration');
    if (refused) throw new Error(`validate() refused the input: ${refused.description}`);
    if (reports) checks.lastReport.writeReports(reports);
  };
} else {
  throw new Error(`unknown mode ${mode}`);
}

const times = [];
/** Per rule id, the milliseconds its checks took in this run, and the smallest over the runs. */
let ruleMs = {};
const ruleMin = {};
for (let i = 0; i < runs; i++) {
  ruleMs = {};
  gc();
  const t0 = process.hrtime.bigint();
  once();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  for (const id in ruleMs) ruleMin[id] = Math.min(ruleMin[id] ?? Infinity, ruleMs[id]);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ ms: times[Math.floor(times.length / 2)], rssMB: process.resourceUsage().maxRSS / 1024, ...(mode === 'rules' ? { rules: ruleMin } : {}) }));

/** Wrap each rule's check with a timer (the rule objects are the ones GoLiveChecks runs). */
function timeRules(rules) {
  for (const rule of rules) {
    const check = rule.check;
    rule.check = function (res, ctx) {
      const t0 = process.hrtime.bigint();
      try {
        return check.call(this, res, ctx);
      } finally {
        ruleMs[rule.id] = (ruleMs[rule.id] || 0) + Number(process.hrtime.bigint() - t0) / 1e6;
      }
    };
  }
}
