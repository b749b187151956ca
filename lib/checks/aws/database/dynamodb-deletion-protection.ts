import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { combine, keptOnRemoval } from '../../cfn/databases';
import { DYNAMODB_TYPES, tableCopies } from '../../cfn/dynamodb';

/**
 * DB-DELETION-PROTECTION for DynamoDB, as RdsDeletionProtection asks of RDS: two checks reported as one verdict
 * (the worst) on each table:
 * - `DeletionProtectionEnabled` is true (DynamoDB refuses DeleteTable); a global table sets it on each replica
 *   (`Replicas[].DeletionProtectionEnabled`), and every replica must;
 * - the `DeletionPolicy` keeps the table when CloudFormation removes the resource: Retain or RetainExceptOnCreate
 *   (what the CDK writes by default, `RemovalPolicy.RETAIN`). Absent is CloudFormation's default, Delete, for a
 *   DynamoDB table → fail; Snapshot is not among the types CloudFormation snapshots (RDS, ElastiCache, Neptune,
 *   Redshift, EBS volumes) → fail; decided at deploy time → unknown.
 * `UpdateReplacePolicy` is not judged, as for RDS.
 * A `Table`'s CDK replicas (`Custom::DynamoDBReplica`, `replicationRegions`) are created with their region alone and carry none of the table's settings: each is judged as a copy with none (fail).
 */
export const DynamoDbDeletionProtection: AwsRule = {
  id: 'DynamoDbDeletionProtection',
  items: ['DB-DELETION-PROTECTION'],
  types: DYNAMODB_TYPES,
  severity: Severity.HIGH,
  description: 'DynamoDB tables (every replica of a global table) have deletion protection on, and a Retain deletion policy.',
  fix: 'Set DeletionProtectionEnabled: true (on each replica of a global table) and DeletionPolicy Retain (deletionProtection: true, removalPolicy: RemovalPolicy.RETAIN).',
  check(res, { index }) {
    const out: Verdict[] = tableCopies(res, index).map((c) => {
      const dp = c.at('DeletionProtectionEnabled');
      const p = `${c.base}.DeletionProtectionEnabled`;
      if (dp.k === 'unknown') return unknown(p, dp, `${c.name}: deletion protection decided at deploy time (${dp.why})`);
      if (V.isTrue(dp)) return pass(p, dp, `${c.name}: deletion protection on: DynamoDB refuses to delete the table`);
      return fail(p, dp, `${c.name}: deletion protection off (DeletionProtectionEnabled ${V.show(dp)}): one API call deletes the table`);
    });
    out.push(keptOnRemoval(res, index, 'a DynamoDB table', 'the table'));
    return combine(out);
  },
};
