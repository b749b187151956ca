import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { DYNAMODB_TYPES, TableCopy, acrossCopies, tableCopies } from '../../cfn/dynamodb';
import { Thresholds } from '../../../checklist/thresholds';

/** DynamoDB keeps continuous backups 35 days when RecoveryPeriodInDays is not set (1 to 35). */
const DEFAULT_RECOVERY_DAYS = 35;

/**
 * DB-BACKUP-RETENTION for DynamoDB: point-in-time recovery is on and its recovery period is at least
 * `backupRetentionDays`. DynamoDB's automated backups are point-in-time recovery
 * (`PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled`, off unless set), kept
 * `RecoveryPeriodInDays` (absent: 35, the most DynamoDB keeps); a threshold above 35 days can only be met by
 * AWS Backup (BACKUP-PLAN). A global table sets it on each replica (`Replicas[].PointInTimeRecoverySpecification`):
 * every replica must. Decided at deploy time is unknown.
 * A `Table`'s CDK replicas (`Custom::DynamoDBReplica`, `replicationRegions`) are created with their region alone and carry none of the table's settings: each is judged as a copy with none (fail).
 */
export const DynamoDbPointInTimeRecovery: AwsRule = {
  id: 'DynamoDbPointInTimeRecovery',
  items: ['DB-BACKUP-RETENTION'],
  types: DYNAMODB_TYPES,
  severity: Severity.HIGH,
  description: 'DynamoDB tables (every replica of a global table) have point-in-time recovery on, with a recovery period of at least backupRetentionDays.',
  fix: 'Set PointInTimeRecoverySpecification { PointInTimeRecoveryEnabled: true } and leave RecoveryPeriodInDays at 35 or set it to the threshold or more (Table/TableV2 pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }).',
  check(res, { index, thresholds }) {
    return acrossCopies(tableCopies(res, index).map((c) => judgeCopy(c, thresholds)));
  },
};

function judgeCopy(c: TableCopy, thresholds: Thresholds): Verdict {
  const on = c.at('PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled');
  const p = `${c.base}.PointInTimeRecoverySpecification`;
  if (on.k === 'unknown') return unknown(`${p}.PointInTimeRecoveryEnabled`, on, `${c.name}: point-in-time recovery decided at deploy time (${on.why})`);
  if (!V.isTrue(on)) return fail(`${p}.PointInTimeRecoveryEnabled`, on, `${c.name}: point-in-time recovery off (PointInTimeRecoveryEnabled ${V.show(on)}): no automated backup to restore from`);
  const days = c.at('PointInTimeRecoverySpecification.RecoveryPeriodInDays');
  if (days.k === 'unknown') return unknown(`${p}.RecoveryPeriodInDays`, days, `${c.name}: recovery period decided at deploy time (${days.why})`);
  const n = days.k === 'absent' ? DEFAULT_RECOVERY_DAYS : V.num(days);
  const t = thresholds.get('backupRetentionDays');
  if (n === undefined) return fail(`${p}.RecoveryPeriodInDays`, days, `${c.name}: RecoveryPeriodInDays is ${V.show(days)} (needs ${t})`);
  const shown = days.k === 'absent' ? `${n} days (the default)` : `${n} days`;
  return thresholds.meets('backupRetentionDays', n)
    ? pass(`${p}.RecoveryPeriodInDays`, String(n), `${c.name}: point-in-time recovery on, recovery period ${shown} meets backupRetentionDays ${t}`)
    : fail(`${p}.RecoveryPeriodInDays`, String(n), `${c.name}: point-in-time recovery period ${shown}, threshold backupRetentionDays is ${t}`);
}
