/**
 * Wrong passes left by the hunt hfbak (each case was a PASS):
 * - F1: a backup selection's IamRoleArn was never read: a role of the template that does not trust
 *   backup.amazonaws.com, or may not take the database's snapshot, passed BACKUP-PLAN although every job fails;
 * - F2: a continuous rule kept over 35 days, or without a lifecycle, passed BACKUP-CONTINUOUS and counted as a rule
 *   "kept 400 days / forever" for BACKUP-PLAN, although AWS Backup refuses such a plan at deploy.
 */
import { PatchOp, R, del, set } from './fixtures';
import { judgedOn } from './judged';

const PLAN = 'BackupPlanA8F64793';
const ROLE = 'BackupPlanDbRoleCF78F0F4';
const SEL = 'BackupPlanDb13A0B979';
const inPlan = (patch: PatchOp[]) => judgedOn('database', patch, 'RdsInBackupPlan', 'Db');
const continuous = (patch: PatchOp[]) => judgedOn('database', patch, 'BackupContinuous', PLAN);
const rule0 = (...p: (string | number)[]) => R(PLAN, 'Properties', 'BackupPlan', 'BackupPlanRule', 0, ...p);

describe('F1: the backup selection\'s IAM role', () => {
  test('the base (CDK role: trusts backup.amazonaws.com, AWSBackupServiceRolePolicyForBackup) passes', () => {
    expect(inPlan([]).map(([s]) => s)).toEqual(['pass']);
  });

  test('a role that does not trust backup.amazonaws.com fails: AWS Backup cannot assume it', () => {
    expect(inPlan([set(R(ROLE, 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'), { Service: 'lambda.amazonaws.com' })])).toEqual([
      ['fail', expect.stringMatching(/the database is selected, but no backup of it can run \(BackupPlanDb13A0B979: role BackupPlanDbRoleCF78F0F4 does not trust backup\.amazonaws\.com/)],
    ]);
  });

  test('BACKUP-CONTINUOUS no longer counts a database whose only selection cannot run (no pass)', () => {
    expect(continuous([set(R(ROLE, 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'), { Service: 'lambda.amazonaws.com' })])).toEqual([]);
    expect(continuous([set(R(ROLE, 'Properties', 'PermissionsBoundary'), 'arn:aws:iam::111111111111:policy/boundary')]).map(([s]) => s)).toEqual(['unknown']);
  });

  test('a trust that denies sts:AssumeRole to the service fails; one under a Condition is unknown', () => {
    const deny = { Effect: 'Deny', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' };
    expect(inPlan([set(R(ROLE, 'Properties', 'AssumeRolePolicyDocument', 'Statement', 1), deny)])).toEqual([['fail', expect.stringMatching(/denies sts:AssumeRole/)]]);
    expect(inPlan([set(R(ROLE, 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Condition'), { StringEquals: { 'aws:SourceAccount': '111111111111' } })])).toEqual([
      ['unknown', expect.stringMatching(/trusts backup\.amazonaws\.com under a Condition/)],
    ]);
  });

  test('a role without backup permissions fails: neither the managed policy nor rds:CreateDBClusterSnapshot', () => {
    expect(inPlan([set(R(ROLE, 'Properties', 'ManagedPolicyArns'), ['arn:aws:iam::aws:policy/ReadOnlyAccess'])])).toEqual([
      ['fail', expect.stringMatching(/role BackupPlanDbRoleCF78F0F4 has neither AWSBackupServiceRolePolicyForBackup nor any statement allowing rds:CreateDBClusterSnapshot/)],
    ]);
    expect(inPlan([del(R(ROLE, 'Properties', 'ManagedPolicyArns'))]).map(([s]) => s)).toEqual(['fail']);
  });

  test('own statements allowing the snapshot are unknown; so are a customer policy outside the template and a boundary', () => {
    const inline = [{ PolicyName: 'b', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rds:*', Resource: '*' }] } }];
    expect(inPlan([del(R(ROLE, 'Properties', 'ManagedPolicyArns')), set(R(ROLE, 'Properties', 'Policies'), inline)])).toEqual([
      ['unknown', expect.stringMatching(/its own statements allow rds:CreateDBClusterSnapshot, but whether they allow all AWS Backup needs is not judged/)],
    ]);
    expect(inPlan([set(R(ROLE, 'Properties', 'ManagedPolicyArns'), ['arn:aws:iam::111111111111:policy/backup'])])).toEqual([
      ['unknown', expect.stringMatching(/managed policy arn:aws:iam::111111111111:policy\/backup, not read/)],
    ]);
    expect(inPlan([set(R(ROLE, 'Properties', 'PermissionsBoundary'), 'arn:aws:iam::111111111111:policy/boundary')])).toEqual([
      ['unknown', expect.stringMatching(/has a permissions boundary/)],
    ]);
  });

  test('a literal ARN naming a role of the template by its RoleName is that role', () => {
    expect(inPlan([
      set(R(ROLE, 'Properties', 'RoleName'), 'backup-db'),
      set(R(ROLE, 'Properties', 'ManagedPolicyArns'), []),
      set(R(SEL, 'Properties', 'BackupSelection', 'IamRoleArn'), 'arn:aws:iam::111111111111:role/backup-db'),
    ]).map(([s]) => s)).toEqual(['fail']);
  });

  test('the account\'s default AWS Backup service role passes; any other role outside the template (a parameter, a literal ARN) is unknown', () => {
    expect(inPlan([set(R(SEL, 'Properties', 'BackupSelection', 'IamRoleArn'), 'arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole')]).map(([s]) => s)).toEqual(['pass']);
    for (const role of [{ Ref: 'BackupRole' }, 'arn:aws:iam::111111111111:role/backup-jobs']) {
      const v = inPlan([set(['Parameters', 'BackupRole'], { Type: 'String' }), set(R(SEL, 'Properties', 'BackupSelection', 'IamRoleArn'), role)]);
      expect(v.map(([s]) => s)).toEqual(['unknown']);
      expect(v[0][1]).toMatch(/is a role outside this template: whether it trusts backup\.amazonaws\.com and may take the backups cannot be read here/);
    }
  });

  test('a role chosen by a condition is judged in each branch: unknown overall, never pass', () => {
    const patch = [
      set(['Parameters', 'Env'], { Type: 'String', AllowedValues: ['prod', 'dev'] }),
      set(['Conditions', 'Prod'], { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }),
      set(R('Other'), { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } }),
      set(R(SEL, 'Properties', 'BackupSelection', 'IamRoleArn'), { 'Fn::If': ['Prod', { 'Fn::GetAtt': [ROLE, 'Arn'] }, { 'Fn::GetAtt': ['Other', 'Arn'] }] }),
    ];
    expect(inPlan(patch).map(([s]) => s)).not.toContain('pass');
  });
});

describe('F2: a continuous rule AWS Backup refuses', () => {
  const monthlyOff = del(R(PLAN, 'Properties', 'BackupPlan', 'BackupPlanRule', 1));

  test('kept 400 days: the plan is refused at deploy; BACKUP-CONTINUOUS and BACKUP-PLAN fail', () => {
    const patch = [set(rule0('Lifecycle', 'DeleteAfterDays'), 400), monthlyOff];
    expect(continuous(patch)).toEqual([['fail', expect.stringMatching(/AWS Backup refuses the plan at deploy \(rule Daily enables continuous backup kept 400 days, and AWS Backup keeps continuous backups 1 to 35 days\)/)]]);
    expect(inPlan(patch)).toEqual([['fail', expect.stringMatching(/kept 400 days, but AWS Backup refuses the plan at deploy/)]]);
  });

  test('no lifecycle (not "kept forever"): refused', () => {
    const patch = [del(rule0('Lifecycle')), monthlyOff];
    expect(continuous(patch)).toEqual([['fail', expect.stringMatching(/without Lifecycle\.DeleteAfterDays \(CloudFormation: "Lifecycle must be specified for backup rule enabled continuous backup"\)/)]]);
    expect(inPlan(patch).map(([s]) => s)).toEqual(['fail']);
  });

  test('a refused continuous rule takes the monthly rule of the same plan with it', () => {
    expect(inPlan([set(rule0('Lifecycle', 'DeleteAfterDays'), 36)])).toEqual([['fail', expect.stringMatching(/Monthly monthly, kept 365 days, but AWS Backup refuses the plan/)]]);
  });

  test('continuous with MoveToColdStorageAfterDays: refused', () => {
    expect(continuous([set(rule0('Lifecycle', 'MoveToColdStorageAfterDays'), 7)])).toEqual([['fail', expect.stringMatching(/MoveToColdStorageAfterDays is unavailable/)]]);
  });

  test('a retention from a parameter, or a continuous flag from one over a long retention, is unknown', () => {
    const param = set(['Parameters', 'Keep'], { Type: 'Number' });
    expect(continuous([param, set(rule0('Lifecycle', 'DeleteAfterDays'), { Ref: 'Keep' })]).map(([s]) => s)).toEqual(['unknown']);
    const flag = [set(['Parameters', 'Pitr'], { Type: 'String' }), set(rule0('EnableContinuousBackup'), { Ref: 'Pitr' }), set(rule0('Lifecycle', 'DeleteAfterDays'), 400)];
    expect(inPlan(flag)).toEqual([['unknown', expect.stringMatching(/whether AWS Backup refuses the plan/)]]);
  });

  test('35 days and 1 day are accepted', () => {
    expect(continuous([]).map(([s]) => s)).toEqual(['pass']);
    expect(continuous([set(rule0('Lifecycle', 'DeleteAfterDays'), 1)]).map(([s]) => s)).toEqual(['pass']);
  });
});
