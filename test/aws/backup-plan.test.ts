import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { BackupPlan, BackupPlanProps, RestoreTestingResourceType } from '../../lib/aws/backup-plan';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';

const env = { account: '111111111111', region: 'eu-west-1' };
const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:111111111111:cluster:orders';

function build(props: BackupPlanProps = {}, after?: (plan: BackupPlan, stack: Stack) => void): { stack: Stack; plan: BackupPlan } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env });
  const plan = new BackupPlan(stack, 'Backups', props);
  const cluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(stack, 'Orders', { clusterIdentifier: 'orders' });
  plan.addDatabaseCluster(cluster);
  after?.(plan, stack);
  return { stack, plan };
}

function claims(plan: BackupPlan): string[] {
  return plan.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

function rules(t: Template): Array<Record<string, any>> {
  return Object.values(t.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
}

describe('BackupPlan (defaults)', () => {
  let stack: Stack;
  let plan: BackupPlan;
  let t: Template;
  let keyId: string;
  let vaultId: string;
  beforeAll(() => {
    ({ stack, plan } = build());
    t = Template.fromStack(stack);
    keyId = stack.resolve((plan.encryptionKey.node.defaultChild as kms.CfnKey).logicalId);
    vaultId = stack.resolve((plan.vault.node.defaultChild as backup.CfnBackupVault).logicalId);
  });

  test('BACKUP-PLAN: daily recovery points kept 35 days, monthly ones 365 days', () => {
    expect(rules(t)).toEqual([
      expect.objectContaining({ RuleName: 'Daily', ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } }),
      expect.objectContaining({ RuleName: 'Monthly', ScheduleExpression: 'cron(0 3 1 * ? *)', Lifecycle: { DeleteAfterDays: 365 } }),
    ]);
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::Join': ['', Match.arrayWith([':rds:eu-west-1:111111111111:cluster:orders'])] }] }),
    });
  });

  test('BACKUP-CONTINUOUS: continuous backup (point-in-time restore) on the daily rule', () => {
    expect(rules(t)[0].EnableContinuousBackup).toBe(true);
  });

  test('BACKUP-VAULT-ENCRYPTED, KMS-KEY-ROTATION: the vault is encrypted with a rotating customer-managed key, retained', () => {
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectLike({ EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } }),
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('recovery points can only expire: deletion is denied to everyone', () => {
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: { Statement: [Match.objectLike({ Effect: 'Deny', Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'] })] },
    });
  });

  test('BACKUP-FAILURE-NOTIFICATION, ALARM-TOPIC-ENCRYPTED: failed jobs notify an encrypted, TLS-only topic', () => {
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      Notifications: { BackupVaultEvents: ['COPY_JOB_FAILED'], SNSTopicArn: { Ref: Match.stringLikeRegexp('AlarmTopic') } },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Backup Job State Change'],
        'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED'], backupVaultName: [{ 'Fn::GetAtt': [vaultId, 'BackupVaultName'] }] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('AlarmTopic') } })],
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.backup'], 'detail-type': ['Restore Job State Change'], 'detail': { status: ['FAILED', 'ABORTED'] } },
    });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' } }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
  });

  test('BACKUP-RESTORE-TESTED: a weekly restore test of the latest recovery point of the cluster', () => {
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 6 ? * SUN *)',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [vaultId, 'BackupVaultArn'] }],
        RecoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'],
        SelectionWindowDays: 7,
      },
    });
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'Aurora',
      ProtectedResourceArns: [{ 'Fn::Join': ['', Match.arrayWith([':rds:eu-west-1:111111111111:cluster:orders'])] }],
      RestoreTestingPlanName: plan.restoreTestingPlan!.restoreTestingPlanName,
      IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BackupsRole'), 'Arn'] },
    });
  });

  test('one role for backups and restores, with the AWS-managed service policies', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
      ],
    });
  });

  test('claims the items it provisions', () => {
    expect(claims(plan).sort()).toEqual([
      'ALARM-TOPIC-ENCRYPTED', 'BACKUP-CONTINUOUS', 'BACKUP-FAILURE-NOTIFICATION', 'BACKUP-PLAN', 'BACKUP-RESTORE-TESTED',
      'BACKUP-VAULT-ENCRYPTED', 'KMS-KEY-ROTATION',
    ]);
  });

  test('snapshot of the default stack', () => {
    expect(t.toJSON()).toMatchSnapshot();
  });
});

describe('BackupPlan options', () => {
  test('BACKUP-CROSS-REGION-COPY: every rule copies to the vault given by ARN', () => {
    const copyToVaultArn = 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr';
    const { stack, plan } = build({ copyToVaultArn });
    const r = rules(Template.fromStack(stack));
    for (const rule of r) expect(rule.CopyActions).toEqual([expect.objectContaining({ DestinationBackupVaultArn: copyToVaultArn })]);
    expect(r[0].CopyActions[0].Lifecycle).toEqual({ DeleteAfterDays: 35 });
    expect(r[1].CopyActions[0].Lifecycle).toEqual({ DeleteAfterDays: 365 });
    expect(claims(plan)).toContain('BACKUP-CROSS-REGION-COPY');
  });

  test('copyToVault with its own retention; both copy props are refused', () => {
    const app = new App();
    const other = new Stack(app, 'Dr', { env: { account: '111111111111', region: 'eu-central-1' } });
    const vault = backup.BackupVault.fromBackupVaultArn(other, 'Dr', 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr');
    const { stack } = build({ copyToVault: vault, copyRetention: Duration.days(90) });
    expect(rules(Template.fromStack(stack))[1].CopyActions[0].Lifecycle).toEqual({ DeleteAfterDays: 90 });
    expect(() => build({ copyToVault: vault, copyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr' })).toThrow(/copyToVault or copyToVaultArn, not both/);
  });

  test('a daily retention beyond 35 days moves continuous backup to its own 35-day rule', () => {
    const { stack } = build({ dailyRetention: Duration.days(60) });
    const r = rules(Template.fromStack(stack));
    expect(r.map((x) => [x.RuleName, x.Lifecycle.DeleteAfterDays, x.EnableContinuousBackup])).toEqual([
      ['Daily', 60, false], ['Continuous', 35, true], ['Monthly', 365, undefined],
    ]);
  });

  test('vault lock, checked against the retention of the rules', () => {
    const { stack } = build({ vaultLock: { minRetention: Duration.days(7), maxRetention: Duration.days(400), changeableFor: Duration.days(3) } });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: 3 } });
    expect(() => build({ vaultLock: { minRetention: Duration.days(60) } })).toThrow(/vaultLock.minRetention \(60 days\) is longer than dailyRetention/);
    expect(() => build({ vaultLock: { minRetention: Duration.days(7), maxRetention: Duration.days(100) } })).toThrow(/vaultLock.maxRetention \(100 days\) is shorter than monthlyRetention/);
    // With a daily retention above 35 days, the continuous rule keeps 35 days: a longer minimum fails its jobs.
    expect(() => build({ dailyRetention: Duration.days(60), vaultLock: { minRetention: Duration.days(40) } })).toThrow(/vaultLock.minRetention \(40 days\) is longer than the 35 days AWS Backup keeps continuous backups/);
  });

  test('bring your own key; tightened thresholds', () => {
    const { stack } = build({ thresholds: { dailyBackupRetentionDays: 40 } });
    expect(rules(Template.fromStack(stack))[0].Lifecycle).toEqual({ DeleteAfterDays: 40 });
    const app = new App();
    const s = new Stack(app, 'Own', { env });
    const key = new kms.Key(s, 'MyKey', { enableKeyRotation: true });
    const own = new BackupPlan(s, 'Backups', { encryptionKey: key });
    own.addResource(backup.BackupResource.fromArn(CLUSTER_ARN));
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [s.resolve((key.node.defaultChild as kms.CfnKey).logicalId), 'Arn'] } });
    expect(claims(own)).not.toContain('KMS-KEY-ROTATION');
  });

  test('addDatabaseInstance, addResource and addRestoreTesting', () => {
    const { stack } = build({}, (plan, s) => {
      const instance = rds.DatabaseInstance.fromDatabaseInstanceAttributes(s, 'Reports', {
        instanceIdentifier: 'reports', instanceEndpointAddress: 'reports.example', port: 5432, securityGroups: [],
      });
      plan.addDatabaseInstance(instance);
      const table = dynamodb.Table.fromTableName(s, 'Table', 'events');
      plan.addResource(backup.BackupResource.fromDynamoDbTable(table));
      plan.addRestoreTesting(RestoreTestingResourceType.DYNAMODB, table.tableArn);
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Backup::BackupSelection', 3);
    t.resourceCountIs('AWS::Backup::RestoreTestingSelection', 3);
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'RDS' });
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'DynamoDB' });
  });

  test('a plan that selects nothing fails the synth', () => {
    const app = new App();
    const stack = new Stack(app, 'Empty', { env });
    new BackupPlan(stack, 'Backups');
    expect(() => Template.fromStack(stack)).toThrow(/BackupPlan selects no resource/);
  });
});

describe('BackupPlan refuses weakening props unless acknowledged', () => {
  const cases: Array<[string, string, BackupPlanProps]> = [
    ['BACKUP-PLAN', 'dailyRetention', { dailyRetention: Duration.days(7) }],
    ['BACKUP-PLAN', 'monthlyRetention', { monthlyRetention: Duration.days(90) }],
    ['BACKUP-CONTINUOUS', 'continuousBackup', { continuousBackup: false }],
    ['BACKUP-RESTORE-TESTED', 'restoreTesting', { restoreTesting: false }],
  ];

  test.each(cases)('%s via %s', (item, prop, props) => {
    const refused = build(props);
    expect(() => Template.fromStack(refused.stack)).toThrow(new RegExp(`\\[${item}\\] ${prop}:`));
    expect(claims(refused.plan)).not.toContain(item);

    const acknowledged = build(props, (plan) => {
      Validations.of(plan).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'test: accepted' });
    });
    expect(() => Template.fromStack(acknowledged.stack)).not.toThrow();
    Annotations.fromStack(acknowledged.stack).hasWarning('/Stack/Backups', Match.stringLikeRegexp(`${item} weakened \\(${prop}: .*acknowledged: test: accepted`));
  });

  test('without restore testing, no restore testing plan', () => {
    const { stack, plan } = build({ restoreTesting: false }, (p) => {
      Validations.of(p).acknowledge({ id: 'GoLiveChecks::BACKUP-RESTORE-TESTED', reason: 'test' });
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
    t.resourceCountIs('AWS::Backup::RestoreTestingSelection', 0);
    expect(plan.restoreTestingPlan).toBeUndefined();
  });
});

test('backup-plan.ts does not import production-database.ts (the cycle is broken by IBackupTarget)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source: string = require('fs').readFileSync(require('path').join(__dirname, '../../lib/aws/backup-plan.ts'), 'utf-8');
  expect(source).not.toMatch(/from '\.\/production-database'/);
});
