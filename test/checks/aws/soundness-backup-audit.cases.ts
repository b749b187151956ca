/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes of the backup rules found by the cache/appconfig audit (audit, 2026-12-05; each case was a PASS):
 * - F1: a Vault Lock (MinRetentionDays / MaxRetentionDays) fails every job whose retention it refuses, so the rule
 *   makes no recovery point (BACKUP-PLAN, BACKUP-CONTINUOUS);
 * - F2: the vault items are judged on the vault the plan writes to: a vault outside the template is unknown;
 * - F3: a copy action without its own Lifecycle keeps the source recovery point's (the rule's).
 */
import { PatchOp, R, del, set } from './fixtures';
import { checkPatched, judgedOn } from './judged';

const run = checkPatched;
const judged = judgedOn;

// The database base: an Aurora cluster, a vault of the template, a plan with a continuous daily rule (35 days, copied
// 35 days to another region) and a monthly rule (365 days, copied 365 days).
const VAULT = 'BackupVault3A9C5852';
const PLAN = 'BackupPlanA8F64793';
const RULES = R(PLAN, 'Properties', 'BackupPlan', 'BackupPlanRule');
const lock = (value: any) => set(R(VAULT, 'Properties', 'LockConfiguration'), value);

describe('F1: a Vault Lock that refuses a rule\'s retention', () => {
  test('the base passes BACKUP-PLAN and BACKUP-CONTINUOUS; a lock that accepts both rules changes nothing', () => {
    expect(judged('database', [], 'RdsInBackupPlan', 'Db').map(([s]) => s)).toEqual(['pass']);
    expect(judged('database', [], 'BackupContinuous', PLAN).map(([s]) => s)).toEqual(['pass']);
    const fits = [lock({ MinRetentionDays: 7, MaxRetentionDays: 400 })];
    expect(judged('database', fits, 'RdsInBackupPlan', 'Db').map(([s]) => s)).toEqual(['pass']);
    expect(judged('database', fits, 'BackupContinuous', PLAN).map(([s]) => s)).toEqual(['pass']);
  });

  test('MaxRetentionDays below the monthly rule\'s retention: no monthly recovery point, BACKUP-PLAN fails', () => {
    expect(judged('database', [lock({ MinRetentionDays: 1, MaxRetentionDays: 100 })], 'RdsInBackupPlan', 'Db')).toEqual([
      ['fail', expect.stringMatching(/no rule at least monthly kept >= 365 days .*BackupPlanA8F64793\/Monthly monthly, kept 365 days, but the Vault Lock of BackupVault3A9C5852 \(MaxRetentionDays 100\) fails every job kept 365 days, so the rule makes no recovery point/)],
    ]);
  });

  test('a rule without Lifecycle is kept forever, more than any MaxRetentionDays: it fails too', () => {
    const patch = [del([...RULES, 1, 'Lifecycle']), del([...RULES, 1, 'CopyActions']), lock({ MinRetentionDays: 1, MaxRetentionDays: 3650 })];
    expect(judged('database', patch, 'RdsInBackupPlan', 'Db')).toEqual([
      ['fail', expect.stringMatching(/Monthly monthly, kept forever, but the Vault Lock of BackupVault3A9C5852 \(MaxRetentionDays 3650\) fails every job kept until deleted by hand/)],
    ]);
  });

  test('MinRetentionDays above the continuous rule\'s 35 days: no point-in-time restore and no daily recovery point', () => {
    const patch = [lock({ MinRetentionDays: 365 })];
    expect(judged('database', patch, 'BackupContinuous', PLAN)).toEqual([
      ['fail', expect.stringMatching(/no continuous backup job can run: rule Daily enables continuous backup, but the Vault Lock of BackupVault3A9C5852 \(MinRetentionDays 365\) fails every job kept 35 days/)],
    ]);
    expect(judged('database', patch, 'RdsInBackupPlan', 'Db')).toEqual([
      ['fail', expect.stringMatching(/no daily rule kept >= 35 days .*Daily daily, kept 35 days, but the Vault Lock of BackupVault3A9C5852 \(MinRetentionDays 365\)/)],
    ]);
  });

  test('a lock bound from a parameter is unknown, naming it; a bound that already refuses still fails', () => {
    const open = [set(['Parameters', 'MinDays'], { Type: 'Number' }), lock({ MinRetentionDays: { Ref: 'MinDays' } })];
    expect(judged('database', open, 'RdsInBackupPlan', 'Db')).toEqual([['unknown', expect.stringMatching(/MinRetentionDays of the Vault Lock of BackupVault3A9C5852 is decided at deploy time.*MinDays/)]]);
    expect(judged('database', open, 'BackupContinuous', PLAN)).toEqual([['unknown', expect.stringMatching(/rule Daily enables continuous backup, but MinRetentionDays of the Vault Lock of BackupVault3A9C5852 is decided at deploy time/)]]);
    const refused = [set(['Parameters', 'MinDays'], { Type: 'Number' }), lock({ MinRetentionDays: { Ref: 'MinDays' }, MaxRetentionDays: 30 })];
    expect(judged('database', refused, 'RdsInBackupPlan', 'Db').map(([s]) => s)).toEqual(['fail']);
  });

  test('a rule naming a locked vault of the template by its written name is judged against its lock', () => {
    const patch = [
      set([...RULES, 0, 'TargetBackupVault'], 'GoLiveDatabaseBackupVault1B1766F9'),
      set([...RULES, 1, 'TargetBackupVault'], 'GoLiveDatabaseBackupVault1B1766F9'),
      lock({ MinRetentionDays: 365 }),
    ];
    expect(judged('database', patch, 'BackupContinuous', PLAN).map(([s]) => s)).toEqual(['fail']);
  });

  test('a target vault from a parameter, with a locked vault in the template it may be, is unknown', () => {
    const patch = [
      set(['Parameters', 'Vault'], { Type: 'String' }),
      set([...RULES, 0, 'TargetBackupVault'], { Ref: 'Vault' }),
      lock({ MinRetentionDays: 365 }),
    ];
    expect(judged('database', patch, 'BackupContinuous', PLAN)).toEqual([['unknown', expect.stringMatching(/target vault of rule Daily is decided at deploy time.*it may be BackupVault3A9C5852, and the Vault Lock of BackupVault3A9C5852 \(MinRetentionDays 365\) fails every job kept 35 days/)]]);
  });
});

describe('F2: the vault items on the vault the plan writes to', () => {
  const toDefault = [set([...RULES, 0, 'TargetBackupVault'], 'Default'), set([...RULES, 1, 'TargetBackupVault'], 'Default')];

  test('a plan writing to the account\'s Default vault: both items unknown, naming it, though the unused vault of the template passes', () => {
    const report = run('database', toDefault);
    const onPlan = report.findings.filter((f) => ['BackupVaultEncrypted', 'BackupFailureNotification'].includes(f.ruleId) && f.resource === PLAN).map((f) => [f.ruleId, f.status, f.message]);
    expect(onPlan).toEqual([
      ['BackupVaultEncrypted', 'unknown', expect.stringMatching(/writes recovery points to vault Default \(rule Daily, Monthly\), outside this template: its encryption key cannot be read here/)],
      ['BackupFailureNotification', 'unknown', expect.stringMatching(/runs its backup jobs in vault Default \(rule Daily, Monthly\), outside this template: whether its failed jobs notify anyone is set there/)],
    ]);
    expect(report.statusOf('BACKUP-VAULT-ENCRYPTED')).toBe('unknown');
    expect(report.statusOf('BACKUP-FAILURE-NOTIFICATION')).toBe('unknown');
  });

  test('a plan writing to a vault of the template has no finding of its own (the base)', () => {
    const report = run('database', []);
    expect(report.findings.filter((f) => f.resource === PLAN && ['BackupVaultEncrypted', 'BackupFailureNotification'].includes(f.ruleId))).toEqual([]);
    expect(report.findings.filter((f) => f.resource === VAULT && ['BackupVaultEncrypted', 'BackupFailureNotification'].includes(f.ruleId)).map((f) => f.status)).toEqual(['pass', 'pass']);
  });

  test('an EventBridge rule of the template on every vault\'s failed jobs reports the outside vault\'s: notification passes', () => {
    const patch = [set(R(PLAN, 'Properties', 'BackupPlan', 'BackupPlanRule', 0, 'TargetBackupVault'), 'Default'), set(R(PLAN, 'Properties', 'BackupPlan', 'BackupPlanRule', 1, 'TargetBackupVault'), 'Default')];
    expect(judged('database-rds', patch, 'BackupFailureNotification', PLAN)).toEqual([['pass', expect.stringMatching(/vault Default \(rule DailyContinuous, Monthly\) by EventBridge rule BackupJobFailedC2F25F8F/)]]);
    expect(judged('database-rds', patch, 'BackupVaultEncrypted', PLAN).map(([s]) => s)).toEqual(['unknown']);
  });

  test('a target vault from a parameter is unknown', () => {
    const patch = [set(['Parameters', 'Vault'], { Type: 'String' }), set([...RULES, 0, 'TargetBackupVault'], { Ref: 'Vault' })];
    expect(judged('database', patch, 'BackupVaultEncrypted', PLAN)).toEqual([['unknown', expect.stringMatching(/target vault of rule Daily is decided at deploy time/)]]);
  });
});

describe('F3: a copy without its own Lifecycle keeps the rule\'s', () => {
  const weekly = (copy: any, lifecycle: any = { DeleteAfterDays: 7 }) => set([...RULES, 2], {
    RuleName: 'Weekly', ScheduleExpression: 'cron(0 2 ? * SUN *)', TargetBackupVault: { Ref: VAULT }, Lifecycle: lifecycle,
    CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr', ...copy }],
  });

  test('a weekly rule kept 7 days copied without a Lifecycle: the copy is kept 7 days, fail', () => {
    expect(judged('database', [weekly({})], 'BackupCrossRegionCopy', PLAN)).toEqual([
      ['fail', expect.stringMatching(/kept less than dailyBackupRetentionDays 35: Weekly → arn:aws:backup:eu-central-1:111111111111:backup-vault:dr .*kept 7 days \(no Lifecycle of its own: the rule's\)/)],
    ]);
  });

  test('the rule\'s retention from a parameter leaves the copy unknown; a Lifecycle of its own without DeleteAfterDays is never deleted', () => {
    const open = [set(['Parameters', 'Keep'], { Type: 'Number' }), weekly({}, { DeleteAfterDays: { Ref: 'Keep' } })];
    expect(judged('database', open, 'BackupCrossRegionCopy', PLAN)).toEqual([['unknown', expect.stringMatching(/retention of the copy of Weekly \(no Lifecycle of its own: the rule's\).*Keep/)]]);
    expect(judged('database', [weekly({ Lifecycle: { MoveToColdStorageAfterDays: 30 } })], 'BackupCrossRegionCopy', PLAN).map(([s]) => s)).toEqual(['pass']);
  });
});
