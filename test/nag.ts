import { IConstruct } from 'constructs';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';

/**
 * The cdk-nag findings left unacknowledged in `app` by the AwsSolutions and
 * NIST 800-53 R5 packs, as `<rule> <construct path or logical id>` lines.
 * The conformance tests expect none.
 */
export function unacknowledgedNagFindings(app: IConstruct): string[] {
  const left: string[] = [];
  for (const pack of [new AwsSolutionsChecks(app), new NIST80053R5Checks(app)]) {
    for (const v of pack.validateScope(app).violations) {
      for (const r of v.violatingResources) left.push(`${v.ruleName} ${(r as { constructPath?: string }).constructPath ?? r.resourceLogicalId}`);
    }
  }
  return left;
}
