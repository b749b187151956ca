// jest testSequencer: the slowest files start first, also on a machine with no timing cache yet (CI's fresh
// clone). Jest orders by the durations it recorded in its cache; without them it orders by file size, which put
// the package test (a short file that runs `npm pack`, `npm install` and the CDK CLI) last, so the run ended with
// one worker busy and the other idle. Files with no recorded duration take the estimate below (seconds measured on
// 2 cores with both workers busy; order matters, not accuracy), or one second. A stale table changes the order of
// the run, never its result.
'use strict';
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const ESTIMATE_SECONDS = {
  'test/package/pack.test.ts': 75,
  'test/aws/production-service.test.ts': 28,
  'test/aws/weakenings/production-service.test.ts': 24,
  'test/aws/data-tier-conformance-db.test.ts': 20,
  'test/reference-app.test.ts': 18,
  'test/checks/aws/intrinsic-forms.test.ts': 17,
  'test/k8s/cdk8s-cli.test.ts': 16,
  'test/aws/service-conformance.test.ts': 15,
  'test/verify/integration.test.ts': 11,
  'test/checks/gate.test.ts': 10,
  'test/aws/edge-conformance.test.ts': 10,
  'test/aws/data-tier-conformance-cache.test.ts': 10,
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
