import { Duration, Lazy, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DAILY_INTERVAL_DAYS, MONTHLY_INTERVAL_DAYS, scheduleInterval, showInterval } from '../checklist/policy/schedules';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { allowBackupNotifications } from './private/backup-notifications';
import { createAlarmTopic, createKey, refuseKeyWithoutRotation, refuseUnprotectedTopic } from './private/data-tier-defaults';
import { claim, refuseWeakening, thresholdsFor } from './private/guard';
import { acknowledgeSameChecks } from './private/nag-packs';

/**
 * Resource types an AWS Backup restore testing selection can restore.
 */
export enum RestoreTestingResourceType {
  /** Amazon Aurora clusters. */
  AURORA = 'Aurora',
  /** Amazon RDS DB instances. */
  RDS = 'RDS',
  /** Amazon DynamoDB tables. */
  DYNAMODB = 'DynamoDB',
  /** Amazon EBS volumes. */
  EBS = 'EBS',
  /** Amazon EC2 instances. */
  EC2 = 'EC2',
  /** Amazon EFS file systems. */
  EFS = 'EFS',
  /** Amazon S3 buckets. */
  S3 = 'S3',
  /** Amazon DocumentDB clusters. */
  DOCUMENTDB = 'DocumentDB',
  /** Amazon Neptune clusters. */
  NEPTUNE = 'Neptune',
}

/**
 * What a `BackupPlan` selects for a data store, and how it tests its restores.
 */
export interface BackupTarget {
  /** The resource AWS Backup backs up. */
  readonly resource: backup.BackupResource;
  /** The kind of resource the restore tests restore. */
  readonly restoreTestingType: RestoreTestingResourceType;
  /** The ARN of the resource the restore tests restore. */
  readonly resourceArn: string;
}

/**
 * A data store a `BackupPlan` backs up and restore-tests with `addDatabase()`.
 * `ProductionDatabase` implements it (its Aurora cluster or RDS instance).
 */
export interface IBackupTarget {
  /** What the plan selects, and what the restore tests restore. */
  backupTarget(): BackupTarget;
}

/**
 * Properties of a `BackupPlan`.
 */
export interface BackupPlanProps {
  /**
   * The customer-managed key of the vault (BACKUP-VAULT-ENCRYPTED), also used
   * by the default notification topic. A key you bring must rotate.
   * @default - a new key with rotation enabled, retained on removal
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Retention of the daily recovery points (BACKUP-PLAN). Shorter than the
   * `dailyBackupRetentionDays` threshold is refused unless acknowledged.
   * @default - the `dailyBackupRetentionDays` threshold (35 days)
   */
  readonly dailyRetention?: Duration;

  /**
   * Retention of the monthly recovery points (BACKUP-PLAN). Shorter than the
   * `monthlyBackupRetentionDays` threshold is refused unless acknowledged.
   * @default - the `monthlyBackupRetentionDays` threshold (365 days)
   */
  readonly monthlyRetention?: Duration;

  /**
   * When the daily backup starts.
   * @default - every day at 03:00 UTC
   */
  readonly dailySchedule?: events.Schedule;

  /**
   * When the monthly backup starts.
   * @default - the first day of each month at 03:00 UTC
   */
  readonly monthlySchedule?: events.Schedule;

  /**
   * Continuous backup (point-in-time restore) for the resources that support
   * it, RDS and Aurora among them (BACKUP-CONTINUOUS). `false` is refused
   * unless acknowledged. AWS Backup keeps continuous backups 35 days at most:
   * with a longer daily retention, a separate continuous rule keeps 35 days.
   * @default true
   */
  readonly continuousBackup?: boolean;

  /**
   * AWS Backup Vault Lock: recovery points can be deleted by no one, root
   * included, before `minRetention`; after `changeableFor` the lock itself
   * becomes immutable (compliance mode). The vault fails every job kept less
   * than `minRetention` or more than `maxRetention`, so `minRetention` may not
   * exceed `dailyRetention` (nor, with continuous backup, 35 days) and
   * `maxRetention` may not be below `monthlyRetention`.
   * @default - no vault lock
   */
  readonly vaultLock?: backup.LockConfiguration;

  /**
   * Deny everyone `backup:DeleteRecoveryPoint` and `backup:UpdateRecoveryPointLifecycle`
   * on the vault, so recovery points only expire by their lifecycle.
   * @default true
   */
  readonly blockRecoveryPointDeletion?: boolean;

  /**
   * Copy every recovery point to this vault, in another region or account
   * (BACKUP-CROSS-REGION-COPY). Exclusive with `copyToVaultArn`.
   * @default - no copy
   */
  readonly copyToVault?: backup.IBackupVault;

  /**
   * Copy every recovery point to the vault with this ARN, in another region
   * or account (BACKUP-CROSS-REGION-COPY). Exclusive with `copyToVault`.
   * @default - no copy
   */
  readonly copyToVaultArn?: string;

  /**
   * Retention of the copies.
   * @default - the retention of the rule that made the recovery point
   */
  readonly copyRetention?: Duration;

  /**
   * The topic notified of failed backup, copy and restore jobs (BACKUP-FAILURE-NOTIFICATION).
   * @default - a new topic encrypted with the key, TLS-only
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Restore the latest recovery point of every database on a schedule
   * (BACKUP-RESTORE-TESTED). `false` is refused unless acknowledged.
   * @default true
   */
  readonly restoreTesting?: boolean;

  /**
   * When restore tests start.
   * @default - every Sunday at 06:00 UTC
   */
  readonly restoreTestingSchedule?: events.Schedule;

  /**
   * Resources selected by the plan at creation; add more with `addResource()`,
   * `addDatabase()`, `addDatabaseCluster()` or `addDatabaseInstance()`.
   * @default - none
   */
  readonly resources?: backup.BackupResource[];

  /**
   * Tightened thresholds for this plan.
   * @default - the catalog thresholds, tightened by the `cdk-golive:thresholds` context
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * An AWS Backup plan for production data: daily recovery points kept 35 days
 * with continuous backup (point-in-time restore), monthly ones kept a year,
 * in a vault encrypted with a customer-managed key that rotates, failed jobs
 * notifying a topic, and a restore testing plan that restores the latest
 * recovery point every week, so restores are proven, not assumed.
 *
 * Items: BACKUP-PLAN, BACKUP-VAULT-ENCRYPTED, BACKUP-CONTINUOUS,
 * BACKUP-FAILURE-NOTIFICATION, BACKUP-RESTORE-TESTED, BACKUP-CROSS-REGION-COPY
 * (with `copyToVault`/`copyToVaultArn`), KMS-KEY-ROTATION, ALARM-TOPIC-ENCRYPTED.
 *
 * Failed jobs: AWS Backup no longer emits the vault events `BACKUP_JOB_FAILED`
 * and `RESTORE_JOB_FAILED`, and `BACKUP_JOB_COMPLETED` would notify every
 * success too, so EventBridge rules on "Backup Job State Change" (FAILED,
 * ABORTED, EXPIRED, this vault) and "Restore Job State Change" (FAILED,
 * ABORTED) notify the topic; the vault itself notifies `COPY_JOB_FAILED`.
 *
 * Copies to another account need the destination vault's access policy to
 * admit this account, and an RDS/Aurora key shared with it.
 *
 * AWS Backup does not support Amazon ElastiCache: `ProductionCache` keeps the
 * cache's native snapshots (SnapshotRetentionLimit) instead of joining a plan.
 *
 * Aurora and RDS: with continuous backup, AWS Backup manages the database's
 * point-in-time recovery window. Restore tests of Aurora restore the cluster
 * (without instances) and delete it after the validation window.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * const plan = new BackupPlan(this, 'Backups', { copyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr' });
 * new ProductionDatabase(this, 'Orders', { vpc, backupPlan: plan });
 * new ProductionDatabase(this, 'Billing', { vpc, backupPlan: plan });
 *
 * declare const table: dynamodb.ITable;
 * plan.addResource(backup.BackupResource.fromDynamoDbTable(table));
 * plan.addRestoreTesting(RestoreTestingResourceType.DYNAMODB, table.tableArn);
 */
export class BackupPlan extends Construct {
  /** What a plan selects for an Aurora cluster: the cluster, restore-tested as Aurora. */
  public static clusterTarget(cluster: rds.IDatabaseCluster): BackupTarget {
    return { resource: backup.BackupResource.fromRdsDatabaseCluster(cluster), restoreTestingType: RestoreTestingResourceType.AURORA, resourceArn: cluster.clusterArn };
  }

  /** What a plan selects for an RDS DB instance: the instance, restore-tested as RDS. */
  public static instanceTarget(instance: rds.IDatabaseInstance): BackupTarget {
    return { resource: backup.BackupResource.fromRdsDatabaseInstance(instance), restoreTestingType: RestoreTestingResourceType.RDS, resourceArn: instance.instanceArn };
  }

  /** The AWS Backup plan. */
  public readonly plan: backup.BackupPlan;
  /** The vault, encrypted with `encryptionKey`. */
  public readonly vault: backup.BackupVault;
  /** The customer-managed key of the vault. */
  public readonly encryptionKey: kms.IKey;
  /** The topic notified of failed jobs. */
  public readonly alarmTopic: sns.ITopic;
  /** The restore testing plan, unless `restoreTesting: false`. */
  public readonly restoreTestingPlan?: backup.CfnRestoreTestingPlan;
  /** The role AWS Backup assumes to back up and restore the selected resources. */
  public readonly role: iam.Role;
  /** The thresholds in force. */
  public readonly thresholds: Thresholds;

  private readonly restoreSelections = new Map<RestoreTestingResourceType, string[]>();
  private readonly restoreTestingPlanName?: string;
  private selectionCount = 0;

  constructor(scope: Construct, id: string, props: BackupPlanProps = {}) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    this.thresholds = t;

    const dailyRetention = props.dailyRetention ?? Duration.days(t.dailyBackupRetentionDays);
    const monthlyRetention = props.monthlyRetention ?? Duration.days(t.monthlyBackupRetentionDays);
    if (!t.meets('dailyBackupRetentionDays', dailyRetention.toDays({ integral: false }))) {
      refuseWeakening(this, 'BACKUP-PLAN', 'dailyRetention', `${dailyRetention.toHumanString()} is shorter than the dailyBackupRetentionDays threshold (${t.dailyBackupRetentionDays} days)`);
    }
    if (!t.meets('monthlyBackupRetentionDays', monthlyRetention.toDays({ integral: false }))) {
      refuseWeakening(this, 'BACKUP-PLAN', 'monthlyRetention', `${monthlyRetention.toHumanString()} is shorter than the monthlyBackupRetentionDays threshold (${t.monthlyBackupRetentionDays} days)`);
    }
    const continuous = props.continuousBackup ?? true;
    if (!continuous) {
      refuseWeakening(this, 'BACKUP-CONTINUOUS', 'continuousBackup', 'false leaves daily snapshots only: no point-in-time restore between them');
    }
    const restoreTesting = props.restoreTesting ?? true;
    if (!restoreTesting) {
      refuseWeakening(this, 'BACKUP-RESTORE-TESTED', 'restoreTesting', 'false leaves the recovery points untested until the day a restore is needed');
    }
    if (props.copyToVault && props.copyToVaultArn) {
      throw new Error(`BackupPlan ${this.node.path}: set copyToVault or copyToVaultArn, not both`);
    }
    const dailySchedule = props.dailySchedule ?? events.Schedule.cron({ minute: '0', hour: '3' });
    const monthlySchedule = props.monthlySchedule ?? events.Schedule.cron({ minute: '0', hour: '3', day: '1' });
    const dailyOk = this.refuseSparseSchedule('dailySchedule', dailySchedule, DAILY_INTERVAL_DAYS, 'daily');
    const monthlyOk = this.refuseSparseSchedule('monthlySchedule', monthlySchedule, MONTHLY_INTERVAL_DAYS, 'monthly');
    const copyOk = this.refuseWeakCopy(props, dailyRetention, t);
    if (props.encryptionKey) refuseKeyWithoutRotation(this, props.encryptionKey, 'encryptionKey');
    if (props.alarmTopic) refuseUnprotectedTopic(this, props.alarmTopic, 'alarmTopic');
    if (props.vaultLock) {
      const min = props.vaultLock.minRetention.toDays({ integral: false });
      if (min > dailyRetention.toDays({ integral: false })) {
        throw new Error(`BackupPlan ${this.node.path}: vaultLock.minRetention (${props.vaultLock.minRetention.toHumanString()}) is longer than dailyRetention (${dailyRetention.toHumanString()}): the daily backup jobs would fail`);
      }
      if (continuous && min > MAX_CONTINUOUS_RETENTION_DAYS) {
        throw new Error(`BackupPlan ${this.node.path}: vaultLock.minRetention (${props.vaultLock.minRetention.toHumanString()}) is longer than the ${MAX_CONTINUOUS_RETENTION_DAYS} days AWS Backup keeps continuous backups: the vault would fail every continuous backup job (no point-in-time restore)`);
      }
      const max = props.vaultLock.maxRetention?.toDays({ integral: false });
      if (max !== undefined && max < monthlyRetention.toDays({ integral: false })) {
        throw new Error(`BackupPlan ${this.node.path}: vaultLock.maxRetention (${props.vaultLock.maxRetention!.toHumanString()}) is shorter than monthlyRetention (${monthlyRetention.toHumanString()}): the monthly backup jobs would fail`);
      }
    }

    this.encryptionKey = props.encryptionKey ?? createKey(this, 'Key', 'Encrypts an AWS Backup vault and its notification topic');
    this.alarmTopic = props.alarmTopic ?? createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, 'Failed AWS Backup jobs');
    if (!props.alarmTopic) allowBackupNotifications(this.encryptionKey);

    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: this.encryptionKey,
      notificationTopic: this.alarmTopic,
      // The only failure-only vault event AWS Backup still emits; BACKUP_JOB_FAILED
      // and RESTORE_JOB_FAILED are deprecated (they send nothing), so failed backup
      // and restore jobs reach the topic through the EventBridge rules below.
      notificationEvents: [backup.BackupVaultEvents.COPY_JOB_FAILED],
      lockConfiguration: props.vaultLock,
      blockRecoveryPointDeletion: props.blockRecoveryPointDeletion ?? true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.failedJobRules();

    const copyVault = props.copyToVault
      ?? (props.copyToVaultArn ? backup.BackupVault.fromBackupVaultArn(this, 'CopyToVault', props.copyToVaultArn) : undefined);
    const copyActions = (retention: Duration): backup.BackupPlanCopyActionProps[] | undefined =>
      copyVault ? [{ destinationBackupVault: copyVault, deleteAfter: props.copyRetention ?? retention }] : undefined;

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: Names.uniqueResourceName(this, { maxLength: 50, separator: '-' }),
      backupVault: this.vault,
    });
    // AWS Backup keeps continuous backups 35 days at most.
    const continuousOnDaily = continuous && dailyRetention.toDays({ integral: false }) <= MAX_CONTINUOUS_RETENTION_DAYS;
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: dailySchedule,
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: dailyRetention,
      enableContinuousBackup: continuousOnDaily,
      copyActions: copyActions(dailyRetention),
    }));
    if (continuous && !continuousOnDaily) {
      this.plan.addRule(new backup.BackupPlanRule({
        ruleName: 'Continuous',
        scheduleExpression: dailySchedule,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(MAX_CONTINUOUS_RETENTION_DAYS),
        enableContinuousBackup: true,
      }));
    }
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Monthly',
      scheduleExpression: monthlySchedule,
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: monthlyRetention,
      copyActions: copyActions(monthlyRetention),
    }));

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup backs up, restores and restore-tests the resources of this plan',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    Validations.of(this.role).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason: 'The AWS-managed service role policy is the documented permission set AWS Backup needs to back up every supported resource type; AWS maintains it as services are added.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
        reason: 'The AWS-managed service role policy is the documented permission set AWS Backup needs to restore (and restore-test) every supported resource type.',
      },
    );

    if (restoreTesting) {
      this.restoreTestingPlanName = alphanumericName(this, 'RestoreTests');
      this.restoreTestingPlan = new backup.CfnRestoreTestingPlan(this, 'RestoreTestingPlan', {
        restoreTestingPlanName: this.restoreTestingPlanName,
        scheduleExpression: (props.restoreTestingSchedule ?? events.Schedule.cron({ minute: '0', hour: '6', weekDay: 'SUN' })).expressionString,
        scheduleExpressionTimezone: 'Etc/UTC',
        startWindowHours: 24,
        recoveryPointSelection: {
          algorithm: 'LATEST_WITHIN_WINDOW',
          includeVaults: [this.vault.backupVaultArn],
          recoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'],
          selectionWindowDays: 7,
        },
      });
    }

    for (const r of props.resources ?? []) this.addResource(r);

    this.node.addValidation({
      validate: () => this.selectionCount === 0
        ? ['BackupPlan selects no resource: call addResource(), addDatabase(), addDatabaseCluster() or addDatabaseInstance()']
        : [],
    });

    const items = ['BACKUP-VAULT-ENCRYPTED', 'BACKUP-FAILURE-NOTIFICATION'];
    if (dailyOk && monthlyOk && t.meets('dailyBackupRetentionDays', dailyRetention.toDays({ integral: false }))
      && t.meets('monthlyBackupRetentionDays', monthlyRetention.toDays({ integral: false }))) items.push('BACKUP-PLAN');
    if (continuous) items.push('BACKUP-CONTINUOUS');
    if (restoreTesting) items.push('BACKUP-RESTORE-TESTED');
    if (copyVault && copyOk) items.push('BACKUP-CROSS-REGION-COPY');
    if (!props.encryptionKey) items.push('KMS-KEY-ROTATION');
    if (!props.alarmTopic) items.push('ALARM-TOPIC-ENCRYPTED');
    claim(this, ...items);
    acknowledgeSameChecks(this);
  }

  /**
   * Select a resource for the plan's daily and monthly backups. (Restore
   * testing is added by `addDatabase()`, `addDatabaseCluster()`,
   * `addDatabaseInstance()` or `addRestoreTesting()`.)
   */
  public addResource(resource: backup.BackupResource): void {
    this.selectionCount += 1;
    this.plan.addSelection(`Selection${this.selectionCount}`, {
      resources: [resource],
      role: this.role,
    });
  }

  /** Back up and restore-test a data store, such as a `ProductionDatabase` (its Aurora cluster or RDS instance). */
  public addDatabase(database: IBackupTarget): void {
    const target = database.backupTarget();
    this.addResource(target.resource);
    this.addRestoreTesting(target.restoreTestingType, target.resourceArn);
  }

  /** Back up and restore-test an Aurora cluster. */
  public addDatabaseCluster(cluster: rds.IDatabaseCluster): void {
    this.addDatabase({ backupTarget: () => BackupPlan.clusterTarget(cluster) });
  }

  /** Back up and restore-test an RDS DB instance. */
  public addDatabaseInstance(instance: rds.IDatabaseInstance): void {
    this.addDatabase({ backupTarget: () => BackupPlan.instanceTarget(instance) });
  }

  /**
   * Restore the latest recovery point of `resourceArn` on the restore testing
   * schedule. The resource must also be selected (`addResource()`). No-op with
   * `restoreTesting: false`.
   */
  public addRestoreTesting(resourceType: RestoreTestingResourceType, resourceArn: string): void {
    if (!this.restoreTestingPlan || !this.restoreTestingPlanName) return;
    let arns = this.restoreSelections.get(resourceType);
    if (!arns) {
      arns = [];
      this.restoreSelections.set(resourceType, arns);
      const list = arns;
      const selection = new backup.CfnRestoreTestingSelection(this, `RestoreTestingSelection${resourceType}`, {
        restoreTestingPlanName: this.restoreTestingPlanName,
        restoreTestingSelectionName: `${resourceType}`,
        protectedResourceType: resourceType,
        protectedResourceArns: Lazy.list({ produce: () => list }),
        iamRoleArn: this.role.roleArn,
        validationWindowHours: 1,
      });
      selection.node.addDependency(this.restoreTestingPlan);
    }
    arns.push(resourceArn);
  }

  /**
   * Refuse (BACKUP-PLAN) a schedule whose runs are further apart than `days`:
   * a "daily" rule that runs monthly. Whether it meets: true when it does.
   */
  private refuseSparseSchedule(prop: string, schedule: events.Schedule, days: number, what: string): boolean {
    const expression = schedule.expressionString;
    if (Token.isUnresolved(expression)) {
      refuseWeakening(this, 'BACKUP-PLAN', prop, `${expression} is decided at deploy time, so the rule cannot be shown to run ${what}`);
      return false;
    }
    const interval = scheduleInterval(expression);
    if (interval.days === undefined || interval.days > days) {
      const found = interval.days === undefined ? `cannot be read (${interval.error})` : `runs ${interval.note ?? showInterval(interval.days)} (up to ${showInterval(interval.days)} apart)`;
      refuseWeakening(this, 'BACKUP-PLAN', prop, `${expression} ${found}: the ${what} rule must run at least ${what}`);
      return false;
    }
    return true;
  }

  /**
   * Refuse (BACKUP-CROSS-REGION-COPY) a copy that protects nothing: kept less than
   * `dailyBackupRetentionDays`, or to a vault in this stack's own region and account.
   * Whether the copy meets the item: true when it does (or there is no copy).
   */
  private refuseWeakCopy(props: BackupPlanProps, dailyRetention: Duration, t: Thresholds): boolean {
    let ok = true;
    const kept = props.copyRetention ?? dailyRetention;
    if ((props.copyToVault || props.copyToVaultArn) && !t.meets('dailyBackupRetentionDays', kept.toDays({ integral: false }))) {
      refuseWeakening(this, 'BACKUP-CROSS-REGION-COPY', 'copyRetention', `${kept.toHumanString()} is shorter than the dailyBackupRetentionDays threshold (${t.dailyBackupRetentionDays} days): the copy expires before the recovery point it protects`);
      ok = false;
    }
    const stack = Stack.of(this);
    const local = props.copyToVault !== undefined && props.copyToVault.node.defaultChild instanceof backup.CfnBackupVault && Stack.of(props.copyToVault) === stack;
    const arn = props.copyToVaultArn ?? (local ? undefined : props.copyToVault?.backupVaultArn);
    const parts = arn && !Token.isUnresolved(arn) ? arn.split(':') : undefined;
    const sameRegionAndAccount = parts !== undefined && !Token.isUnresolved(stack.region) && !Token.isUnresolved(stack.account)
      && parts[3] === stack.region && parts[4] === stack.account;
    if (local || sameRegionAndAccount) {
      refuseWeakening(this, 'BACKUP-CROSS-REGION-COPY', props.copyToVaultArn ? 'copyToVaultArn' : 'copyToVault',
        `${local ? `the vault ${props.copyToVault!.node.path} of this stack` : arn} is in the stack's own region and account: a regional outage or a compromised account loses the copies with the originals`);
      ok = false;
    }
    return ok;
  }

  private failedJobRules(): void {
    const target = new eventsTargets.SnsTopic(this.alarmTopic);
    new events.Rule(this, 'BackupJobFailedRule', {
      description: 'A backup job of this vault failed, was aborted or expired',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'], backupVaultName: [this.vault.backupVaultName] },
      },
      targets: [target],
    });
    new events.Rule(this, 'RestoreJobFailedRule', {
      description: 'An AWS Backup restore job (a restore test included) failed or was aborted',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: ['FAILED', 'ABORTED'] },
      },
      targets: [target],
    });
  }
}

/** AWS Backup keeps continuous backups (point-in-time restore) 35 days at most. */
const MAX_CONTINUOUS_RETENTION_DAYS = 35;

/** Restore testing plan and selection names: letters, digits and underscores, 1-50 characters. */
function alphanumericName(scope: Construct, suffix: string): string {
  const base = Names.uniqueResourceName(scope, { maxLength: 50 - suffix.length - 1, separator: '_' }).replace(/[^A-Za-z0-9_]/g, '');
  return `${base}_${suffix}`;
}
