import { Severity } from '../../model';
import { AwsRule, requireThreshold } from '../../rule';
import { CLUSTERED_DB_TYPES, asPrimary, judged, onReplica, replicaState } from '../../cfn/databases';

/** RDS, DocumentDB and Neptune keep automated backups 1 day when BackupRetentionPeriod is not set. */
const DEFAULT_RETENTION_DAYS = 1;

/**
 * DB-BACKUP-RETENTION: automated backups (and with them point-in-time restore)
 * are kept at least `backupRetentionDays`. Judged on clusters and standalone
 * instances; a cluster member inherits its cluster's retention, and a read
 * replica's backups are its source's. Absent means the RDS default of 1 day.
 * DocumentDB and Neptune clusters are read alike (default 1 day, 1 to 35;
 * their instances are judged through the cluster). A point-in-time restore, or an instance whose source is empty, is a primary
 * with its own retention (`replicaState`); when whether it is a replica is
 * decided at deploy time, a failure is unknown, naming what decides it (a pass
 * too when its source is outside this template: `asPrimary`). A replica of a
 * source outside this template is unknown, naming it (`onReplica`).
 */
export const RdsBackupRetention: AwsRule = {
  id: 'RdsBackupRetention',
  items: ['DB-BACKUP-RETENTION'],
  types: CLUSTERED_DB_TYPES,
  severity: Severity.HIGH,
  description: 'Automated backups (point-in-time restore) are kept at least backupRetentionDays.',
  fix: 'Set BackupRetentionPeriod to the threshold or more (rds.DatabaseCluster backup: { retention: Duration.days(30) }).',
  check(res, ctx) {
    const replica = replicaState(res, ctx.index);
    if (!judged(res, ctx.index)) return undefined;
    if (replica.k === 'yes') return onReplica(res, ctx.index, 'automated backup retention');
    return asPrimary(replica, requireThreshold(ctx, res, 'BackupRetentionPeriod', 'backupRetentionDays', 'automated backup retention', DEFAULT_RETENTION_DAYS));
  },
};
