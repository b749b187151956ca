/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';
import { replicate } from '../../../bench/replicate';
import { Thresholds } from '../../../lib/checklist/thresholds';
import { BACKUP_RULES } from '../../../lib/checks/aws/backup';
import { runAwsRules } from '../../../lib/checks/engine';
import { applyPatch, compliantBases, PatchOp } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const bases = compliantBases();

function findings(base: string, patch: PatchOp[], ruleId: string, resource: string, c: GoLiveChecks = checks) {
  return c.checkTemplate(applyPatch(bases.get(base), patch), base).findings.filter((f) => f.ruleId === ruleId && f.resource === resource);
}
function statusOf(base: string, patch: PatchOp[], ruleId: string, resource: string, c: GoLiveChecks = checks): string[] {
  return findings(base, patch, ruleId, resource, c).map((f) => f.status);
}
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });
const R = (...p: (string | number)[]) => ['Resources', ...p];

const PLAN = 'BackupPlanA8F64793';
const SEL_ARN = 'BackupPlanDb13A0B979';
const SEL_TAG = 'BackupPlanTagged113EAD5B';
const VAULT = 'BackupVault3A9C5852';
const RULES = R(PLAN, 'Properties', 'BackupPlan', 'BackupPlanRule');

describe('RdsInBackupPlan selection', () => {
  test('a wildcard cluster ARN selects the cluster', () => {
    expect(statusOf('database', [set(R(SEL_ARN, 'Properties', 'BackupSelection', 'Resources'), ['arn:aws:rds:*:*:cluster:*'])], 'RdsInBackupPlan', 'Db')).toEqual(['pass']);
  });

  test('a wildcard instance ARN does not select a cluster', () => {
    expect(statusOf('database', [set(R(SEL_ARN, 'Properties', 'BackupSelection', 'Resources'), ['arn:aws:rds:*:*:db:*'])], 'RdsInBackupPlan', 'Db')).toEqual(['fail']);
  });

  test('a name pattern matches the literal cluster identifier', () => {
    expect(statusOf('database', [set(R(SEL_ARN, 'Properties', 'BackupSelection', 'Resources'), ['arn:aws:rds:*:*:cluster:golive-*'])], 'RdsInBackupPlan', 'Db')).toEqual(['pass']);
    // A literal region and account select only a stack deployed there: unknown while the environment is not known.
    expect(statusOf('database', [set(R(SEL_ARN, 'Properties', 'BackupSelection', 'Resources'), ['arn:aws:rds:eu-central-1:123456789012:cluster:golive-*'])], 'RdsInBackupPlan', 'Db')).toEqual(['unknown']);
  });

  test('NotResources excludes the cluster', () => {
    const patch = [set(R(SEL_ARN, 'Properties', 'BackupSelection', 'NotResources'), [{ 'Fn::Join': ['', ['arn:aws:rds:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster:', { Ref: 'Db' }]] }])];
    expect(statusOf('database', patch, 'RdsInBackupPlan', 'Db')).toEqual(['fail']);
    // The ARN of a cluster of that name in another region and account excludes it only if the stack is deployed there.
    const elsewhere = [set(R(SEL_ARN, 'Properties', 'BackupSelection', 'NotResources'), [{ 'Fn::Join': ['', ['arn:aws:rds:eu-central-1:123456789012:cluster:', { Ref: 'Db' }]] }])];
    expect(statusOf('database', elsewhere, 'RdsInBackupPlan', 'Db')).toEqual(['unknown']);
  });

  test('Conditions are ANDed with the tag list', () => {
    const cond = (op: string, value: string) => set(R(SEL_TAG, 'Properties', 'BackupSelection', 'Conditions'), { [op]: [{ ConditionKey: 'aws:ResourceTag/golive:area', ConditionValue: value }] });
    expect(statusOf('database-rds', [cond('StringEquals', 'database')], 'RdsInBackupPlan', 'Db')).toEqual(['pass']);
    expect(statusOf('database-rds', [cond('StringEquals', 'cache')], 'RdsInBackupPlan', 'Db')).toEqual(['fail']);
    expect(statusOf('database-rds', [cond('StringNotEquals', 'database')], 'RdsInBackupPlan', 'Db')).toEqual(['fail']);
    expect(statusOf('database-rds', [cond('StringLike', 'data*')], 'RdsInBackupPlan', 'Db')).toEqual(['pass']);
  });

  test('a selection with only Conditions selects every resource that meets them', () => {
    const patch = [
      del(R(SEL_TAG, 'Properties', 'BackupSelection', 'ListOfTags')),
      set(R(SEL_TAG, 'Properties', 'BackupSelection', 'Conditions'), { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'golive-daily-monthly' }] }),
    ];
    expect(statusOf('database-rds', patch, 'RdsInBackupPlan', 'Db')).toEqual(['pass']);
  });

  test('a rule without ScheduleExpression runs daily (AWS Backup default)', () => {
    expect(statusOf('database', [del([...RULES, 0, 'ScheduleExpression'])], 'RdsInBackupPlan', 'Db')).toEqual(['pass']);
  });

  test('one daily rule kept a year satisfies daily and monthly', () => {
    const patch = [del([...RULES, 1]), set([...RULES, 0, 'Lifecycle', 'DeleteAfterDays'], 365), set([...RULES, 0, 'EnableContinuousBackup'], false)];
    expect(statusOf('database', patch, 'RdsInBackupPlan', 'Db')).toEqual(['pass']);
  });

  test('a tightened monthlyBackupRetentionDays fails a 365-day monthly rule', () => {
    const strict = new GoLiveChecks({ printSummary: false, writeReports: false, thresholds: { monthlyBackupRetentionDays: 730 } });
    expect(statusOf('database', [], 'RdsInBackupPlan', 'Db', strict)).toEqual(['fail']);
  });

  test('cluster members are covered by their cluster', () => {
    expect(statusOf('database', [], 'RdsInBackupPlan', 'DbWriter9BD1608D')).toEqual([]);
  });
});

describe('BackupContinuous', () => {
  test('a plan that selects no RDS database has no finding', () => {
    expect(statusOf('database', [set(R(SEL_ARN, 'Properties', 'BackupSelection', 'Resources'), ['arn:aws:dynamodb:eu-central-1:123456789012:table/orders'])], 'BackupContinuous', PLAN)).toEqual([]);
  });

  test('a literal RDS ARN of another stack counts as RDS', () => {
    const patch = [
      set(R(SEL_ARN, 'Properties', 'BackupSelection', 'Resources'), ['arn:aws:rds:eu-central-1:123456789012:cluster:other']),
      set([...RULES, 0, 'EnableContinuousBackup'], false),
    ];
    expect(statusOf('database', patch, 'BackupContinuous', PLAN)).toEqual(['fail']);
  });
});

describe('BackupCrossRegionCopy', () => {
  const dest = (v: any) => set([...RULES, 1, 'CopyActions', 0, 'DestinationBackupVaultArn'], v);
  test('an ARN in the stack\'s own region and account does not count', () => {
    const arn = { 'Fn::Join': ['', ['arn:aws:backup:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':backup-vault:copy']] };
    expect(statusOf('database-rds', [dest(arn)], 'BackupCrossRegionCopy', PLAN)).toEqual(['fail']);
  });

  test('an ARN in the same region but a literal account: another account counts, but only an environment shows it is another', () => {
    const arn = { 'Fn::Join': ['', ['arn:aws:backup:', { Ref: 'AWS::Region' }, ':999999999999:backup-vault:copy']] };
    expect(statusOf('database-rds', [dest(arn)], 'BackupCrossRegionCopy', PLAN)).toEqual(['unknown']);
    const template = applyPatch(bases.get('database-rds'), [dest(arn)]);
    const run = (accountId: string) => runAwsRules([{ file: 't.json', stack: 'T', template, region: 'eu-central-1', accountId }], { rules: BACKUP_RULES, thresholds: Thresholds.DEFAULTS })
      .filter((f) => f.ruleId === 'BackupCrossRegionCopy').map((f) => f.status);
    expect(run('123456789012')).toEqual(['pass']);
    expect(run('999999999999')).toEqual(['fail']);
  });

  test('with the stack\'s environment known, a literal ARN of its own region and account does not count', () => {
    const template = applyPatch(bases.get('database'), [
      set([...RULES, 0, 'CopyActions', 0, 'DestinationBackupVaultArn'], 'arn:aws:backup:eu-central-1:123456789012:backup-vault:golive-dr'),
      set([...RULES, 1, 'CopyActions', 0, 'DestinationBackupVaultArn'], 'arn:aws:backup:eu-central-1:123456789012:backup-vault:golive-dr'),
    ]);
    const run = (region: string) => runAwsRules([{ file: 't.json', stack: 'T', template, region, accountId: '123456789012' }], { rules: BACKUP_RULES, thresholds: Thresholds.DEFAULTS })
      .filter((f) => f.ruleId === 'BackupCrossRegionCopy').map((f) => f.status);
    expect(run('eu-central-1')).toEqual(['fail']);
    expect(run('eu-west-1')).toEqual(['pass']);
  });

  test('a copy kept less than dailyBackupRetentionDays fails; a copy without Lifecycle is kept', () => {
    const f = findings('database', [set([...RULES, 1, 'CopyActions', 0, 'Lifecycle', 'DeleteAfterDays'], 7)], 'BackupCrossRegionCopy', PLAN);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/kept 7 days/);
    expect(statusOf('database', [del([...RULES, 0, 'CopyActions', 0, 'Lifecycle']), del([...RULES, 1, 'CopyActions'])], 'BackupCrossRegionCopy', PLAN)).toEqual(['pass']);
  });

  test('a copy action behind a condition is judged in both worlds', () => {
    const patch = [
      set(['Parameters', 'Dr'], { Type: 'String', AllowedValues: ['on', 'off'] }),
      set(['Conditions', 'DrOn'], { 'Fn::Equals': [{ Ref: 'Dr' }, 'on'] }),
      set([...RULES, 0, 'CopyActions'], { 'Fn::If': ['DrOn', bases.get('database').Resources[PLAN].Properties.BackupPlan.BackupPlanRule[0].CopyActions, { Ref: 'AWS::NoValue' }] }),
      del([...RULES, 1, 'CopyActions']),
    ];
    const f = findings('database', patch, 'BackupCrossRegionCopy', PLAN);
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/parameter Dr/);
  });
});

describe('BackupFailureNotification', () => {
  test('an EventBridge rule for another vault does not count', () => {
    expect(statusOf('database-rds', [set(R('BackupJobFailedC2F25F8F', 'Properties', 'EventPattern', 'detail', 'backupVaultName'), ['other-vault'])], 'BackupFailureNotification', VAULT)).toEqual(['fail']);
  });

  test('an EventBridge rule for this vault counts', () => {
    expect(statusOf('database-rds', [set(R('BackupJobFailedC2F25F8F', 'Properties', 'EventPattern', 'detail', 'backupVaultName'), [{ Ref: VAULT }])], 'BackupFailureNotification', VAULT)).toEqual(['pass']);
  });

  const rule = (...p: (string | number)[]) => R('BackupJobFailedC2F25F8F', 'Properties', ...p);
  test('content filters are read: anything-but, prefix; a pattern written as JSON text', () => {
    expect(statusOf('database-rds', [set(rule('EventPattern', 'detail', 'state'), [{ 'anything-but': ['COMPLETED'] }])], 'BackupFailureNotification', VAULT)).toEqual(['pass']);
    expect(statusOf('database-rds', [set(rule('EventPattern', 'detail', 'state'), [{ 'anything-but': 'FAILED' }])], 'BackupFailureNotification', VAULT)).toEqual(['fail']);
    expect(statusOf('database-rds', [set(rule('EventPattern', 'detail', 'backupVaultName'), [{ prefix: 'GoLiveRds' }])], 'BackupFailureNotification', VAULT)).toEqual(['pass']);
    const text = JSON.stringify(bases.get('database-rds').Resources.BackupJobFailedC2F25F8F.Properties.EventPattern);
    expect(statusOf('database-rds', [set(rule('EventPattern'), text)], 'BackupFailureNotification', VAULT)).toEqual(['pass']);
  });

  test('a rule on a custom bus does not count; a state from a parameter is unknown', () => {
    expect(statusOf('database-rds', [set(rule('EventBusName'), 'audit-bus')], 'BackupFailureNotification', VAULT)).toEqual(['fail']);
    const state = [set(['Parameters', 'RuleState'], { Type: 'String', Default: 'ENABLED' }), set(rule('State'), { Ref: 'RuleState' })];
    expect(statusOf('database-rds', state, 'BackupFailureNotification', VAULT)).toEqual(['unknown']);
  });

  test('a rule created under a condition: unknown, naming it (the rule is read in each world, not once)', () => {
    const patch = [
      set(['Parameters', 'Alerts'], { Type: 'String', AllowedValues: ['on', 'off'] }),
      set(['Conditions', 'AlertsOn'], { 'Fn::Equals': [{ Ref: 'Alerts' }, 'on'] }),
      set(R('BackupJobFailedC2F25F8F', 'Condition'), 'AlertsOn'),
    ];
    const f = findings('database-rds', patch, 'BackupFailureNotification', VAULT);
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/fails when parameter Alerts = off/);
  });

  test('a pattern filtering on a field this check does not model is unknown', () => {
    expect(statusOf('database-rds', [set(rule('EventPattern', 'detail', 'resourceType'), ['RDS'])], 'BackupFailureNotification', VAULT)).toEqual(['unknown']);
  });

  test('a rule that targets no SNS topic does not count', () => {
    expect(statusOf('database-rds', [set(rule('Targets'), [{ Id: 'q', Arn: 'arn:aws:sqs:eu-central-1:123456789012:backup-events' }])], 'BackupFailureNotification', VAULT)).toEqual(['fail']);
  });
});

describe('BackupContinuous and BackupRestoreTested: what cannot be read at synth', () => {
  test('a selection decided at deploy time makes continuous backup unknown', () => {
    const patch = [set(['Parameters', 'Arns'], { Type: 'CommaDelimitedList' }), set(R(SEL_ARN, 'Properties', 'BackupSelection', 'Resources'), { Ref: 'Arns' })];
    expect(statusOf('database', patch, 'BackupContinuous', PLAN)).toEqual(['unknown']);
  });

  test('a target vault from a parameter makes restore testing unknown', () => {
    const patch = [
      set(['Parameters', 'Vault'], { Type: 'String' }),
      set([...RULES, 0, 'TargetBackupVault'], { Ref: 'Vault' }),
      set([...RULES, 1, 'TargetBackupVault'], { Ref: 'Vault' }),
    ];
    expect(statusOf('database', patch, 'BackupRestoreTested', PLAN)).toEqual(['unknown']);
  });
});

describe('BackupRestoreTested', () => {
  const TP = 'RestoreTestingPlan';
  const include = (value: any) => set(R(TP, 'Properties', 'RecoveryPointSelection', 'IncludeVaults'), value);
  const findingsOf = (template: any) => checks.checkTemplate(template, 'database').findings.filter((f) => f.ruleId === 'BackupRestoreTested');
  /** A second testing plan (and its selection, bound by the plan's literal name) testing `vaults`. */
  const secondPlan = (vaults: any, planName = 'second_plan'): PatchOp[] => [
    set(R('Second'), { Type: 'AWS::Backup::RestoreTestingPlan', Properties: { RestoreTestingPlanName: planName, ScheduleExpression: 'cron(0 6 ? * SUN *)', RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: vaults, RecoveryPointTypes: ['SNAPSHOT'] } } }),
    set(R('SecondSelection'), { Type: 'AWS::Backup::RestoreTestingSelection', Properties: { RestoreTestingPlanName: planName, IamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole', ProtectedResourceArns: ['*'], ProtectedResourceType: 'Aurora', RestoreTestingSelectionName: 'second' } }),
  ];

  test('a vault name wildcard covers the plan\'s vault', () => {
    expect(statusOf('database', [include(['arn:aws:backup:*:*:backup-vault:GoLiveDatabase*'])], 'BackupRestoreTested', PLAN)).toEqual(['pass']);
    // A literal region and account: the vault is covered only if the stack is deployed there (soundness-hfbak F1).
    expect(statusOf('database', [include(['arn:aws:backup:eu-central-1:123456789012:backup-vault:GoLiveDatabase*'])], 'BackupRestoreTested', PLAN)).toEqual(['unknown']);
  });

  test('a wildcard that does not match the vault name does not cover it', () => {
    expect(statusOf('database', [include(['arn:aws:backup:*:*:backup-vault:Other*'])], 'BackupRestoreTested', PLAN)).toEqual(['fail']);
  });

  test('the vault\'s literal name covers it', () => {
    expect(statusOf('database', [include(['GoLiveDatabaseBackupVault1B1766F9'])], 'BackupRestoreTested', PLAN)).toEqual(['pass']);
  });

  test('a second testing plan, bound to its selection by name, covers the vault when the first does not', () => {
    const t = applyPatch(bases.get('database'), [include(['other-vault']), ...secondPlan(['*'])]);
    const [f] = findingsOf(t);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/^restore testing plan Second \(SecondSelection\)/);
  });

  test('the first covering testing plan is the one named', () => {
    const t = applyPatch(bases.get('database'), secondPlan([{ 'Fn::GetAtt': [VAULT, 'BackupVaultArn'] }]));
    expect(findingsOf(t)[0].message).toMatch(/^restore testing plan RestoreTestingPlan \(RestoreTestingSelection\)/);
  });

  test('a selection naming another testing plan does not count', () => {
    const t = applyPatch(bases.get('database'), [include(['other-vault']), ...secondPlan(['*']), set(R('SecondSelection', 'Properties', 'RestoreTestingPlanName'), 'someone_else')]);
    const [f] = findingsOf(t);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/RestoreTestingPlan tests other vaults; Second has no selection/);
  });

  test('a vault list from a parameter is unknown, unless another testing plan covers the vault', () => {
    const param = set(['Parameters', 'Vaults'], { Type: 'CommaDelimitedList' });
    expect(statusOf('database', [param, include({ Ref: 'Vaults' })], 'BackupRestoreTested', PLAN)).toEqual(['unknown']);
    expect(statusOf('database', [param, include({ Ref: 'Vaults' }), ...secondPlan(['*'])], 'BackupRestoreTested', PLAN)).toEqual(['pass']);
  });

  test('a literal name cannot rule out a vault whose name is computed', () => {
    const patch = [del(R(VAULT, 'Properties', 'BackupVaultName')), include(['some-vault'])];
    expect(statusOf('database', patch, 'BackupRestoreTested', PLAN)).toEqual(['unknown']);
  });

  test('a failure names five testing plans and counts the others', () => {
    const patch: PatchOp[] = [include(['other-vault'])];
    for (let i = 0; i < 8; i++) patch.push(set(R(`Extra${i}`), { Type: 'AWS::Backup::RestoreTestingPlan', Properties: { RestoreTestingPlanName: `extra_${i}`, RecoveryPointSelection: { IncludeVaults: ['nope'] } } }));
    const [f] = findingsOf(applyPatch(bases.get('database'), patch));
    expect(f.status).toBe('fail');
    expect(f.message).toBe('no restore testing plan tests this plan\'s vault (RestoreTestingPlan tests other vaults; Extra0 has no selection; Extra1 has no selection; Extra2 has no selection; Extra3 has no selection; and 4 more)');
  });

  test('every backup plan of a large template is judged against its own vault', () => {
    const t = replicate(bases.get('database'), 60);
    // copy 7 tests another vault: only its plan fails
    t.Resources.RestoreTestingPlan7.Properties.RecoveryPointSelection.IncludeVaults = ['other-vault'];
    const byPlan = new Map(findingsOf(t).map((f) => [f.resource, f.status]));
    expect(byPlan.size).toBe(60);
    expect(byPlan.get('BackupPlanA8F647937')).toBe('fail');
    expect([...byPlan.values()].filter((s) => s === 'pass')).toHaveLength(59);
  });
});
