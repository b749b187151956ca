import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { CLUSTERED_DB_TYPES, combine, DB_TYPES, judged, serviceOf } from '../../cfn/databases';

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
 * DocumentDB and Neptune clusters are read alike, but CloudFormation's default
 * for them is Delete (the DeletionPolicy attribute's page names only the RDS
 * types as snapshotted by default; the Neptune DBCluster page says the volume
 * is deleted without a snapshot): an absent DeletionPolicy fails.
 */
export const RdsDeletionProtection: AwsRule = {
  id: 'RdsDeletionProtection',
  items: ['DB-DELETION-PROTECTION'],
  types: CLUSTERED_DB_TYPES,
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
    if (policy.k === 'absent' && !DB_TYPES.includes(res.type)) {
      out.push(fail('DeletionPolicy', '(not set)', `no DeletionPolicy: CloudFormation deletes a ${serviceOf(res)} cluster removed from the stack without a final snapshot (its default is Delete); set Snapshot or Retain`));
    } else if (policy.k === 'absent') {
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
