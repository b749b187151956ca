/**
 * F4 of the hfdep round (a PASS before): a restore testing selection's IamRoleArn was not read: a role that does not
 * trust backup.amazonaws.com or has no restore permissions passed BACKUP-RESTORE-TESTED although every restore job
 * fails.
 */
import { PatchOp, R, del, set } from './fixtures';
import { judgedOn } from './judged';

describe('F4: the restore testing selection\'s IAM role', () => {
  const PLAN = 'BackupPlanA8F64793';
  const ROLE = 'RestoreTestingRoleAFB21C86';
  const tested = (patch: PatchOp[]) => judgedOn('database', patch, 'BackupRestoreTested', PLAN);

  test('the base (trusts backup.amazonaws.com, AWSBackupServiceRolePolicyForRestores) passes', () => {
    expect(tested([]).map(([s]) => s)).toEqual(['pass']);
  });

  test('a role that does not trust backup.amazonaws.com fails: AWS Backup cannot assume it', () => {
    expect(tested([set(R(ROLE, 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'), { Service: 'lambda.amazonaws.com' })])).toEqual([
      ['fail', expect.stringMatching(/RestoreTestingSelection cannot restore it: role RestoreTestingRoleAFB21C86 does not trust backup\.amazonaws\.com/)],
    ]);
  });

  test('a role without restore permissions fails; own statements allowing the restore are unknown', () => {
    expect(tested([set(R(ROLE, 'Properties', 'ManagedPolicyArns'), ['arn:aws:iam::aws:policy/ReadOnlyAccess'])])).toEqual([
      ['fail', expect.stringMatching(/has neither AWSBackupServiceRolePolicyForRestores nor any statement allowing rds:RestoreDBClusterFromSnapshot: every restore job/)],
    ]);
    // The backup policy is not the restore policy.
    expect(tested([set(R(ROLE, 'Properties', 'ManagedPolicyArns'), ['arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'])]).map(([s]) => s)).toEqual(['fail']);
    const inline = [{ PolicyName: 'r', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rds:Restore*', Resource: '*' }] } }];
    expect(tested([del(R(ROLE, 'Properties', 'ManagedPolicyArns')), set(R(ROLE, 'Properties', 'Policies'), inline)])).toEqual([
      ['unknown', expect.stringMatching(/its own statements allow rds:RestoreDBClusterFromSnapshot, but whether they allow all AWS Backup needs is not judged/)],
    ]);
  });

  test('a role outside the template is unknown, except the account\'s default AWS Backup service role', () => {
    const sel = R('RestoreTestingSelection', 'Properties', 'IamRoleArn');
    expect(tested([set(['Parameters', 'RestoreRole'], { Type: 'String' }), set(sel, { Ref: 'RestoreRole' })])).toEqual([
      ['unknown', expect.stringMatching(/is a role outside this template: whether it trusts backup\.amazonaws\.com and may restore them cannot be read here/)],
    ]);
    expect(tested([set(sel, 'arn:aws:iam::111111111111:role/restores')]).map(([s]) => s)).toEqual(['unknown']);
    expect(tested([set(sel, 'arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole')]).map(([s]) => s)).toEqual(['pass']);
  });
});
