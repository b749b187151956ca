// jest testSequencer: the slowest files start first, also on a machine with no timing cache yet (CI's fresh
// clone). Jest orders by the durations it recorded in its cache; without them it orders by file size, which put
// the package test (a short file that runs `npm pack`, `npm install` and the CDK CLI) last, so the run ended with
// one worker busy and the other idle. Files with no recorded duration take the estimate below (seconds each file
// took in one `npx jest --json` run on 2 cores, both workers busy: every file of 2 s or more; order matters, not
// accuracy), or one second. A file of 12 s missing from the table (cfn-validation-conformance) started last in a
// fresh clone and ran alone at the end. A stale table changes the order of the run, never its result.
'use strict';
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const ESTIMATE_SECONDS = {
  'test/package/pack.test.ts': 57,
  'test/checks/aws/cases-1.test.ts': 22,
  'test/checks/aws/cases-2.test.ts': 20,
  'test/aws/production-service.test.ts': 18,
  'test/aws/weakenings/production-service.test.ts': 15,
  'test/checks/aws/rules.test.ts': 15,
  'test/checks/aws/intrinsic-forms.test.ts': 14,
  'test/reference-app.test.ts': 12,
  'test/aws/weakenings/cases-1.test.ts': 12,
  'test/k8s/cdk8s-cli.test.ts': 11,
  'test/checks/gate.test.ts': 11,
  'test/checks/file-template.test.ts': 10,
  'test/aws/cfn-validation-conformance.test.ts': 9,
  'test/verify/integration.test.ts': 9,
  'test/checks/linear-work.test.ts': 9,
  'test/checks/regex-safety.test.ts': 7,
  'test/aws/claims/service.test.ts': 7,
  'test/checks/k8s/cases-1.test.ts': 7,
  'test/checks/cases-1.test.ts': 6,
  'test/verify/timeouts.test.ts': 6,
  'test/checks/k8s/cases-2.test.ts': 6,
  'test/cli/fuzz.test.ts': 5,
  'test/cli/bundle.test.ts': 5,
  'test/aws/https-endpoint.test.ts': 4,
  'test/cli/hard-inputs.test.ts': 4,
  'test/aws/service-conformance.test.ts': 4,
  'test/k8s/schema.test.ts': 4,
  'test/aws/production-database.test.ts': 4,
  'test/aws/production-cache.test.ts': 3,
  'test/aws/service-alarms.test.ts': 3,
  'test/checks/plugin-inputs.test.ts': 3,
  'test/aws/canary-deployment.test.ts': 2,
  'test/verify/verifiers.test.ts': 2,
  'test/aws/edge-conformance.test.ts': 2,
  'test/aws/data-tier-conformance-cache.test.ts': 2,
  'test/aws/data-tier-conformance-db.test.ts': 2,
};

class SlowestFirst extends Sequencer {
  time(test) {
    const recorded = super.time(test);
    if (recorded != null) return recorded;
    const relative = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
    return 1000 * (ESTIMATE_SECONDS[relative] ?? 1);
  }
}

module.exports = SlowestFirst;
