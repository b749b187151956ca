/**
 * Conformance of the database data tier: a VPC (3 AZs, flow logs, isolated
 * subnets), a ProductionDatabase with an RDS Proxy, and its BackupPlan (copied
 * to another region) pass the go-live checks, cdk-nag (AwsSolutions,
 * NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1) with every remaining
 * finding acknowledged with its reason, and the CDK's CloudFormation validation
 * with its default rules as errors.
 *
 * The acknowledgements made here and in the constructs are listed in
 * docs/acknowledgements-data-tier-db.md (a test checks it).
 *
 * The synth with the CDK's CloudFormation validation is in cfn-validation-conformance.test.ts, with the
 * other suites' apps: the validation loads its rules once per test file.
 */
import { App, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { undocumentedAcknowledgements, unmirroredNistAcknowledgements } from '../nag';
import { checkClaims } from './claims/harness';
import { dataTier } from './conformance/data-tier-db';

function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${(r as { constructPath?: string }).constructPath}: ${v.description}`));
}

describe('data tier (database) conformance', () => {
  test('GoLiveChecks: no violation, and every item the constructs claim is satisfied', () => {
    const app = new App();
    dataTier(app);
    const { problems, report, claimed } = checkClaims(app);
    expect(report.violations().map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
    expect([...claimed.keys()]).toEqual(expect.arrayContaining(['DB-MULTI-AZ', 'DB-CONNECTION-POOLING', 'BACKUP-PLAN', 'BACKUP-CROSS-REGION-COPY']));
    // pending and unknown are failures too: what a construct claims, the checks must conclude.
    expect(problems).toEqual([]);
  });

  test.each<[string, (app: App) => NagPack]>([
    ['AwsSolutions', (app) => new AwsSolutionsChecks(app)],
    ['NIST 800-53 R5', (app) => new NIST80053R5Checks(app)],
    ['HIPAA Security', (app) => new HIPAASecurityChecks(app)],
    ['PCI DSS 3.2.1', (app) => new PCIDSS321Checks(app)],
  ])('cdk-nag %s: every finding acknowledged', (_name, pack) => {
    const app = new App();
    dataTier(app);
    expect(findings(pack(app).validateScope(app))).toEqual([]);
  });

  test('every acknowledgement has a reason and is listed in docs/acknowledgements-data-tier-db.md; the NIST ones are made under HIPAA and PCI too', () => {
    const app = new App();
    dataTier(app);
    expect(undocumentedAcknowledgements(app, 'acknowledgements-data-tier-db.md')).toEqual([]);
    expect(unmirroredNistAcknowledgements(app)).toEqual([]);
  });
});
