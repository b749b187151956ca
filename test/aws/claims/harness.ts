/**
 * The claims harness: what a construct claims, the checks must conclude.
 *
 * `claimedItems(app)` collects every item the constructs of an app claim (the
 * `claim()` metadata, `cdk-golive:items`, of lib/aws/private/guard.ts and
 * lib/k8s/private/guard.ts) with the constructs that claim it;
 * `unsatisfiedClaims(app)` runs GoLiveChecks.checkApp and returns one line per
 * claimed item whose status is not `satisfied` (`pending`, `unknown`, `violated`,
 * `acknowledged`, ...), naming the item, who claims it and why: the findings that
 * do not pass, or, for `pending`, that no rule found a resource to judge.
 *
 *   expect(unsatisfiedClaims(app)).toEqual([]);
 */
import { IConstruct } from 'constructs';
import { CLAIMS_METADATA_TYPE } from '../../../lib/aws/private/guard';
import { AWS_RULES } from '../../../lib/checks/aws';
import { ChecklistReport, FindingStatus, GoLiveChecks, GoLiveChecksProps, ItemStatus } from '../../../lib/checks';

/** Every claimed item, with the paths of the constructs that claim it (in tree order). */
export function claimedItems(scope: IConstruct): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const c of scope.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== CLAIMS_METADATA_TYPE) continue;
      for (const item of m.data as string[]) {
        const who = claims.get(item) ?? [];
        if (!who.includes(c.node.path)) who.push(c.node.path);
        claims.set(item, who);
      }
    }
  }
  return claims;
}

/** Why an item is not satisfied, in one line. */
function why(report: ChecklistReport, item: string, status: ItemStatus): string {
  const notPassing = report.findings.filter((f) => f.itemIds.includes(item) && f.status !== FindingStatus.PASS);
  if (notPassing.length > 0) {
    return notPassing.slice(0, 5).map((f) => `${f.ruleId} on ${f.constructPath ?? f.resource} ${f.status}: ${f.message}`).join('; ')
      + (notPassing.length > 5 ? `; and ${notPassing.length - 5} more` : '');
  }
  if (status === ItemStatus.PENDING) {
    const rules = AWS_RULES.filter((r) => r.items.includes(item)).map((r) => r.id);
    return rules.length === 0
      ? 'no rule evidences this item'
      : `no finding: the rules ${rules.join(', ')} found no resource to judge`;
  }
  return `status ${status}`;
}

/**
 * One line per claimed item that GoLiveChecks does not report `satisfied`:
 * `ITEM (claimed by a/b, c/d) is pending: why`. Empty when every claim holds.
 * Returns the report too, for further assertions.
 */
export function checkClaims(scope: IConstruct, props: GoLiveChecksProps = {}): { problems: string[]; report: ChecklistReport; claimed: Map<string, string[]> } {
  const claimed = claimedItems(scope);
  const report = new GoLiveChecks({ printSummary: false, writeReports: false, ...props }).checkApp(scope);
  const problems: string[] = [];
  for (const [item, who] of [...claimed.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const status = report.statusOf(item);
    if (status === ItemStatus.SATISFIED) continue;
    problems.push(`${item} (claimed by ${who.join(', ')}) is ${status}: ${why(report, item, status)}`);
  }
  return { problems, report, claimed };
}

/** The lines of `checkClaims`: `expect(unsatisfiedClaims(app)).toEqual([])`. */
export function unsatisfiedClaims(scope: IConstruct, props: GoLiveChecksProps = {}): string[] {
  return checkClaims(scope, props).problems;
}
