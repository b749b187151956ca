/**
 * BackupPlan refuses every weakening the checks would fail, naming the item,
 * unless acknowledged; every prop is in the table or says why it touches no
 * claimed item (test/aws/weakenings/harness.ts).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as rds from 'aws-cdk-lib/aws-rds';
import { BackupPlan, BackupPlanProps } from '../../../lib/aws/backup-plan';
import { keyWithoutRotation, unencryptedTopic, vpcOf } from './data-tier-fixtures';
import { Check, HARNESS_ENV, weakeningSuite } from './harness';

const OTHER_REGION_VAULT = 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr';

/** A plan that selects one RDS instance (the checks judge BACKUP-PLAN on the database). */
function planWithDatabase(stack: Stack, props: BackupPlanProps): BackupPlan {
  const plan = new BackupPlan(stack, 'Plan', props);
  const instance = new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 }),
    vpc: vpcOf(stack),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  plan.addDatabaseInstance(instance);
  return plan;
}

weakeningSuite({
  construct: 'BackupPlan',
  propsType: 'BackupPlanProps',
  configurations: {
    database: (stack, props) => planWithDatabase(stack, props),
    // The same, copying to a vault in another region (BACKUP-CROSS-REGION-COPY is claimed).
    copied: (stack, props) => planWithDatabase(stack, { copyToVaultArn: OTHER_REGION_VAULT, ...props }),
  },
  weakenings: [
    { prop: 'dailyRetention', label: '7 days', props: { dailyRetention: Duration.days(7) }, item: 'BACKUP-PLAN', check: Check.fails() },
    { prop: 'monthlyRetention', label: '90 days', props: { monthlyRetention: Duration.days(90) }, item: 'BACKUP-PLAN', check: Check.fails() },
    {
      prop: 'dailySchedule', label: 'monthly', item: 'BACKUP-PLAN', check: Check.fails(),
      props: { dailySchedule: events.Schedule.cron({ minute: '0', hour: '3', day: '1' }) },
    },
    {
      prop: 'monthlySchedule', label: 'yearly', item: 'BACKUP-PLAN', check: Check.fails(),
      props: { monthlySchedule: events.Schedule.cron({ minute: '0', hour: '3', day: '1', month: '1' }) },
    },
    { prop: 'continuousBackup', props: { continuousBackup: false }, item: 'BACKUP-CONTINUOUS', check: Check.fails() },
    { prop: 'restoreTesting', props: { restoreTesting: false }, item: 'BACKUP-RESTORE-TESTED', check: Check.fails() },
    {
      prop: 'copyRetention', label: '1 day', item: 'BACKUP-CROSS-REGION-COPY', check: Check.fails(),
      props: { copyRetention: Duration.days(1) }, configuration: 'copied',
    },
    {
      prop: 'copyToVaultArn', label: "a vault in the stack's own region and account", item: 'BACKUP-CROSS-REGION-COPY', check: Check.fails(),
      props: { copyToVaultArn: `arn:aws:backup:${HARNESS_ENV.region}:${HARNESS_ENV.account}:backup-vault:same` }, configuration: 'copied',
    },
    {
      prop: 'copyToVault', label: 'a vault of the same stack', item: 'BACKUP-CROSS-REGION-COPY', check: Check.fails(),
      props: (stack) => ({ copyToVaultArn: undefined, copyToVault: new backup.BackupVault(stack, 'SameVault') }), configuration: 'copied',
    },
    { prop: 'encryptionKey', label: 'a key without rotation', props: (stack) => ({ encryptionKey: keyWithoutRotation(stack) }), item: 'KMS-KEY-ROTATION', check: Check.fails() },
    { prop: 'alarmTopic', label: 'an unencrypted topic', props: (stack) => ({ alarmTopic: unencryptedTopic(stack) }), item: 'ALARM-TOPIC-ENCRYPTED', check: Check.fails() },
  ],
  untouched: {
    vaultLock: 'a lock only keeps recovery points longer; one that would make backup jobs fail is refused (an error)',
    blockRecoveryPointDeletion: 'an extra guard against deleting recovery points; no checklist item asks for it',
    restoreTestingSchedule: 'BACKUP-RESTORE-TESTED asks for restore tests on a schedule, whatever its period',
    resources: 'what the plan selects; each database is judged for BACKUP-PLAN on its own',
    thresholds: 'thresholds only tighten (Thresholds.of refuses a looser value)',
  },
}, ['lib/aws/backup-plan.ts']);
