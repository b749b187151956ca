/**
 * Conformance of the cache data tier: a stack built from ProductionCache and
 * AppSecret passes GoLiveChecks, cdk-nag (AwsSolutions, NIST 800-53 R5, HIPAA
 * Security and PCI DSS 3.2.1) with every remaining finding acknowledged with a
 * reason, and the CDK's CloudFormation validation. The acknowledgements are
 * listed in docs/acknowledgements-data-tier-cache.md (a test checks it).
 *
 * The stack's own acknowledgements go through `ack` (test/nag.ts), which makes
 * them under the HIPAA and PCI packs too, as the constructs do.
 *
 * The synth with the CDK's CloudFormation validation is in cfn-validation-conformance.test.ts, with the
 * other suites' apps: the validation loads its rules once per test file.
 */
import { unacknowledgedNagFindings, undocumentedAcknowledgements, unmirroredNistAcknowledgements } from '../nag';
import { checkClaims } from './claims/harness';
import { build } from './conformance/data-tier-cache';

test('GoLiveChecks: no violation, and every item the constructs claim is satisfied', () => {
  const { app } = build();
  const { problems, report } = checkClaims(app);
  expect(problems).toEqual([]);
  const violations = report.violations().map((f) => `${f.ruleId} [${f.itemIds.join(',')}] ${f.constructPath ?? f.resource}: ${f.message}`);
  expect(violations).toEqual([]);
  for (const item of ['CACHE-PROVISIONED', 'CACHE-TLS-IN-TRANSIT', 'CACHE-ENCRYPTION-AT-REST', 'CACHE-AUTH', 'CACHE-MULTI-AZ-FAILOVER',
    'CACHE-SNAPSHOT-RETENTION', 'SECRETS-MANAGED', 'SECRETS-ROTATION', 'SECRETS-STRENGTH', 'SECRETS-ROTATION-ALERT']) {
    expect([item, report.statusOf(item)]).toEqual([item, 'satisfied']);
  }
});

test('cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1: every finding acknowledged', () => {
  const { app } = build();
  expect(unacknowledgedNagFindings(app)).toEqual([]);
});

test('every acknowledgement has a reason and is listed in docs/acknowledgements-data-tier-cache.md; the NIST ones are made under HIPAA and PCI too', () => {
  const { app } = build();
  expect(undocumentedAcknowledgements(app, 'acknowledgements-data-tier-cache.md')).toEqual([]);
  expect(unmirroredNistAcknowledgements(app)).toEqual([]);
});
