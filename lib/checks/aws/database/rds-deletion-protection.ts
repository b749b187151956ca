import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { combine, DB_TYPES, judged } from '../../cfn/databases';

const KEEPS_DATA = ['Snapshot', 'Retain', 'RetainExceptOnCreate'];

/**
 * DB-DELETION-PROTECTION: two checks, reported as one verdict (the worst) on each
 * cluster and standalone instance:
 * - `DeletionProtection` is true (the API refuses to delete the database);
 * - the `DeletionPolicy` keeps the data when CloudFormation removes the resource:
 *   Snapshot, Retain or RetainExceptOnCreate. Absent is CloudFormation's default
 *   for `AWS::RDS::DBCluster` and for instances without `DBClusterIdentifier`,
 *   which is Snapshot → pass, saying so; Delete → fail.
 * Cluster members are protected through their cluster (CloudFormation does not
 * snapshot a member instance).
 */
export const RdsDeletionProtection: AwsRule = {
  id: 'RdsDeletionProtection',
  items: ['DB-DELETION-PROTECTION'],
  types: DB_TYPES,
  severity: Severity.HIGH,
  description: 'Deletion protection is on, and the deletion policy snapshots or retains the database.',
  fix: 'Set DeletionProtection: true and DeletionPolicy Snapshot or Retain (deletionProtection: true, removalPolicy: RemovalPolicy.SNAPSHOT).',
  check(res, ctx) {
    if (!judged(res, ctx.index)) return undefined;
    const dp = ctx.index.prop(res, 'DeletionProtection');
    const out: Verdict[] = [
      dp.k === 'unknown' ? unknown('Properties.DeletionProtection', dp, `deletion protection decided at deploy time (${dp.why})`)
        : V.isTrue(dp) ? pass('Properties.DeletionProtection', dp, 'deletion protection on: the API refuses to delete the database')
          : fail('Properties.DeletionProtection', dp, `deletion protection off (DeletionProtection ${V.show(dp)}): one API call deletes the database`),
    ];
    const policy = ctx.index.attribute(res, 'DeletionPolicy');
    if (policy.k === 'absent') {
      out.push(pass('DeletionPolicy', '(not set)', 'no DeletionPolicy: CloudFormation snapshots RDS clusters and standalone instances by default'));
    } else if (policy.k === 'lit' && KEEPS_DATA.includes(V.show(policy))) {
      out.push(pass('DeletionPolicy', policy, `DeletionPolicy ${V.show(policy)} keeps the data when the resource is removed`));
    } else if (policy.k === 'lit') {
      out.push(fail('DeletionPolicy', policy, `DeletionPolicy ${V.show(policy)}: removing the resource from the stack deletes the database without a final snapshot`));
    } else {
      out.push(unknown('DeletionPolicy', policy, `deletion policy decided at deploy time${policy.k === 'unknown' ? ` (${policy.why})` : ''}`));
    }
    return combine(out);
  },
};
