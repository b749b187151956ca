/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes of the backup rules found by an audit (2026-12-05; each case was a PASS):
 * - G1: a backup selection's `Resources`/`NotResources` or a restore testing selection's `ProtectedResourceArns`
 *   entry that refers to a DynamoDB table, an EFS file system or an S3 bucket inside a longer text
 *   (`table/${Table}-archive`, `${Table}`, `access-point/${Fs}`, `arn:aws:s3:::${Bucket}/*`) was taken as that
 *   resource's ARN; each kind is now read by its ARN form, as RDS databases were.
 * - G2: BACKUP-RESTORE-TESTED read a rule's target vault with its own reader, which missed a vault of this template
 *   named by its written name and took a literal name that may be a vault whose name is decided at deploy time for
 *   another vault (wrong failures); it now reads it with the shared `targetVaultOf`.
 */
import { PatchOp, R, set } from './fixtures';
import { judgedOn } from './judged';

const PLAN = 'BackupPlanA8F64793';
const TESTING = 'RestoreTestingPlan';

const resources: PatchOp[] = [
  set(R('Table'), { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' } }),
  set(R('Fs'), { Type: 'AWS::EFS::FileSystem', Properties: { Encrypted: true } }),
  set(R('Bucket'), { Type: 'AWS::S3::Bucket', Properties: {} }),
];
/** A selection of the base's plan selecting `arns` (minus `not`). */
const selection = (arns: any[], not?: any[]): PatchOp => set(R('Extra'), {
  Type: 'AWS::Backup::BackupSelection',
  Properties: { BackupPlanId: { 'Fn::GetAtt': [PLAN, 'BackupPlanId'] }, BackupSelection: { IamRoleArn: 'arn:aws:iam::111111111111:role/backup', SelectionName: 'extra', Resources: arns, ...(not ? { NotResources: not } : {}) } },
});
/** A restore testing selection of the base's testing plan for one kind, restoring `arns`. */
const testing = (id: string, kind: string, arns: any[]): PatchOp => set(R(id), {
  Type: 'AWS::Backup::RestoreTestingSelection',
  Properties: { IamRoleArn: 'arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole', ProtectedResourceType: kind, ProtectedResourceArns: arns, RestoreTestingPlanName: { Ref: TESTING }, RestoreTestingSelectionName: `t_${id}` },
});
const sub = (text: string) => ({ 'Fn::Sub': text });
const arn = (res: string) => ({ 'Fn::GetAtt': [res, 'Arn'] });
/** The plan backs up the table, the file system and the bucket; each is tested with these ARNs. */
function tested(table: any, fs: any = arn('Fs'), bucket: any = arn('Bucket'), extra: PatchOp[] = []) {
  return judgedOn('database', [...resources, selection([arn('Table'), arn('Fs'), arn('Bucket')]), testing('TestTable', 'DynamoDB', [table]), testing('TestFs', 'EFS', [fs]), testing('TestBucket', 'S3', [bucket]), ...extra], 'BackupRestoreTested', PLAN);
}

describe('G1: a reference inside a longer text is not the resource\'s ARN', () => {
  test('each resource tested by its ARN passes, also written out with Fn::Sub', () => {
    expect(tested(arn('Table')).map(([s]) => s)).toEqual(['pass']);
    expect(tested(sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}'), sub('arn:aws:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Fs}'), sub('arn:${AWS::Partition}:s3:::${Bucket}')).map(([s]) => s)).toEqual(['pass']);
    expect(tested('arn:aws:dynamodb:eu-west-1:111111111111:table/*').map(([s]) => s)).toEqual(['pass']);
  });

  test('a DynamoDB ARN naming another table (table/${Table}-archive) does not restore the table: fail', () => {
    expect(tested(sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}-archive'))).toEqual([
      ['fail', expect.stringMatching(/no restore testing selection .* restores Table \(AWS::DynamoDB::Table\) \(DynamoDB\)/)],
    ]);
  });

  test('the table\'s name alone (${Table}) or its stream (${Table.StreamArn}) is not its ARN: fail', () => {
    expect(tested(sub('${Table}'))).toEqual([['fail', expect.stringMatching(/restores Table \(AWS::DynamoDB::Table\)/)]]);
    expect(tested(sub('${Table.Arn}/stream/*'))).toEqual([['fail', expect.stringMatching(/restores Table \(AWS::DynamoDB::Table\)/)]]);
  });

  test('an EFS access point or an S3 object ARN is not the file system\'s or the bucket\'s: fail', () => {
    expect(tested(arn('Table'), sub('arn:aws:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${Fs}'))).toEqual([['fail', expect.stringMatching(/restores Fs \(AWS::EFS::FileSystem\)/)]]);
    expect(tested(arn('Table'), arn('Fs'), sub('arn:aws:s3:::${Bucket}/*'))).toEqual([['fail', expect.stringMatching(/restores Bucket \(AWS::S3::Bucket\)/)]]);
  });

  test('a text around the table\'s name with a parameter may be its ARN or not: unknown, naming it', () => {
    const open = set(['Parameters', 'Prefix'], { Type: 'String' });
    expect(tested(sub('arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Prefix}${Table}'), arn('Fs'), arn('Bucket'), [open])).toEqual([
      ['unknown', expect.stringMatching(/Table \(AWS::DynamoDB::Table\): TestTable: ProtectedResourceArns: parameter Prefix is set at deploy time/)],
    ]);
  });

  test('NotResources naming another table (table/${Table}-archive) does not take the table out: it must be tested', () => {
    const patch = [...resources, selection([arn('Table')], [sub('arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}-archive')])];
    expect(judgedOn('database', patch, 'BackupRestoreTested', PLAN)).toEqual([['fail', expect.stringMatching(/restores Table \(AWS::DynamoDB::Table\) \(DynamoDB\)/)]]);
    const own = [...resources, selection([arn('Table')], [sub('arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}')])];
    expect(judgedOn('database', own, 'BackupRestoreTested', PLAN).map(([s]) => s)).toEqual(['pass']);
  });
});

describe('G2: the target vault read as the other vault items read it', () => {
  const VAULT = 'BackupVault3A9C5852';
  const RULES = R(PLAN, 'Properties', 'BackupPlan', 'BackupPlanRule');
  const target = (v: any): PatchOp[] => [set([...RULES, 0, 'TargetBackupVault'], v), set([...RULES, 1, 'TargetBackupVault'], v)];
  const include = (v: any) => set(R(TESTING, 'Properties', 'RecoveryPointSelection', 'IncludeVaults'), v);

  test('rules naming the template\'s vault by its written name write to it: its testing plan covers them', () => {
    expect(judgedOn('database', target('GoLiveDatabaseBackupVault1B1766F9'), 'BackupRestoreTested', PLAN).map(([s]) => s)).toEqual(['pass']);
  });

  test('a literal name that may be the vault whose name is decided at deploy time: unknown by reference, pass by name or *', () => {
    const computed = [set(['Parameters', 'VaultName'], { Type: 'String' }), set(R(VAULT, 'Properties', 'BackupVaultName'), { Ref: 'VaultName' }), ...target('some-vault')];
    expect(judgedOn('database', computed, 'BackupRestoreTested', PLAN)).toEqual([['unknown', expect.stringMatching(/writes to vault some-vault, which may be BackupVault3A9C5852, whose name is decided at deploy time/)]]);
    expect(judgedOn('database', [...computed, include(['some-vault'])], 'BackupRestoreTested', PLAN).map(([s]) => s)).toEqual(['pass']);
    expect(judgedOn('database', [...computed, include(['*'])], 'BackupRestoreTested', PLAN).map(([s]) => s)).toEqual(['pass']);
    expect(judgedOn('database', [...computed, include(['other-vault'])], 'BackupRestoreTested', PLAN).map(([s]) => s)).toEqual(['fail']);
  });

  test('a vault name built at deploy time outside the template is covered by * only', () => {
    const built = target({ 'Fn::Sub': '${AWS::StackName}-vault' });
    expect(judgedOn('database', [...built, include(['*'])], 'BackupRestoreTested', PLAN).map(([s]) => s)).toEqual(['pass']);
    expect(judgedOn('database', [...built, include(['golive-*'])], 'BackupRestoreTested', PLAN)).toEqual([['unknown', expect.stringMatching(/its vaults cannot be matched at synth/)]]);
  });
});
