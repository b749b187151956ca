import { AwsRule } from '../../rule';
import { BackupContinuous } from './backup-continuous';
import { BackupCrossRegionCopy } from './backup-cross-region-copy';
import { BackupFailureNotification } from './backup-failure-notification';
import { BackupRestoreTested } from './backup-restore-tested';
import { BackupVaultEncrypted } from './backup-vault-encrypted';
import { DynamoDbInBackupPlan } from './dynamodb-in-backup-plan';
import { KmsKeyRotation } from './kms-key-rotation';
import { RdsInBackupPlan } from './rds-in-backup-plan';

/** Rules of the backup area. @internal */
export const BACKUP_RULES: AwsRule[] = [
  RdsInBackupPlan,
  DynamoDbInBackupPlan,
  BackupVaultEncrypted,
  BackupContinuous,
  BackupRestoreTested,
  BackupFailureNotification,
  BackupCrossRegionCopy,
  KmsKeyRotation,
];
