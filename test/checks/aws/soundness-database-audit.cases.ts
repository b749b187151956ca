/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Database and backup rules read what AWS does (found by an audit of the database area: each case was a PASS):
 * - a point-in-time restore (`SourceDBInstanceIdentifier` with `UseLatestRestorableTime`/`RestoreTime`) and an
 *   instance whose source is empty are primaries, not read replicas: they are judged on their own;
 * - a backup (or restore testing) selection's ARN that refers to the database is read as an ARN: resource type,
 *   service, region and account; a `Ref` (the identifier) or `Endpoint.Address` is no ARN;
 * - a placeholder in a selection ARN other than the stack's own region, account and partition (`AWS::StackName`)
 *   leaves the match unknown, naming it;
 * - a Secrets Manager ARN names one secret: its name less one `-XXXXXX` suffix, in its region and account.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const bases = compliantBases();
const ENV = { region: 'eu-west-1', account: '111111111111' };
type Found = Array<[string, string, string]>;

/** `[rule, status, message]` of the given rules on one resource. */
function found(template: any, resource: string, rules: string[], env: { region?: string; account?: string } = ENV): Found {
  return checks.checkTemplate(template, 'audit', env).findings
    .filter((f) => rules.includes(f.ruleId) && f.resource === resource)
    .map((f) => [f.ruleId, f.status, f.message]);
}
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });

describe('F1: a point-in-time restore or an instance with an empty source is no read replica', () => {
  const RULES = ['RdsBackupRetention', 'RdsMultiAz', 'RdsEngineVersionPinned', 'RdsInBackupPlan'];
  const instance = (props: any, extra: any = {}) => ({
    ...extra,
    Resources: {
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.r6g.large', ManageMasterUserPassword: true, BackupRetentionPeriod: 0, MultiAZ: false, ...props } },
    },
  });

  test('a point-in-time restore is judged as the primary it is', () => {
    const f = found(instance({ SourceDBInstanceIdentifier: 'arn:aws:rds:eu-west-1:111111111111:db:prod-db', UseLatestRestorableTime: true }), 'Db', RULES);
    expect(f).toEqual([
      ['RdsBackupRetention', 'fail', expect.stringMatching(/BackupRetentionPeriod is 0/)],
      ['RdsMultiAz', 'fail', expect.stringMatching(/single-AZ instance/)],
      ['RdsEngineVersionPinned', 'unknown', expect.stringMatching(/restored to a point in time from arn:aws:rds:eu-west-1:111111111111:db:prod-db/)],
      ['RdsInBackupPlan', 'fail', expect.stringMatching(/no AWS Backup plan in this template selects the database/)],
    ]);
    const restoreTime = found(instance({ SourceDBInstanceIdentifier: 'prod-db', RestoreTime: '2026-01-01T00:00:00Z', EngineVersion: '16' }), 'Db', RULES);
    expect(restoreTime.map(([r, s]) => [r, s])).toEqual([['RdsBackupRetention', 'fail'], ['RdsMultiAz', 'fail'], ['RdsEngineVersionPinned', 'fail'], ['RdsInBackupPlan', 'fail']]);
  });

  test('an empty source makes a primary: a source from a condition is judged in the world where it is empty', () => {
    const cond = {
      Parameters: { SourceDb: { Type: 'String', AllowedValues: ['', 'arn:aws:rds:eu-west-1:111111111111:db:prod-db'], Default: '' } },
      Conditions: { IsReplica: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SourceDb' }, ''] }] } },
    };
    const f = found(instance({ SourceDBInstanceIdentifier: { 'Fn::If': ['IsReplica', { Ref: 'SourceDb' }, ''] } }, cond), 'Db', RULES);
    expect(f).toEqual(RULES.map((r) => [r, 'unknown', expect.stringMatching(/fails when parameter SourceDb = : /)]));
    expect(found(instance({ SourceDBInstanceIdentifier: '' }), 'Db', ['RdsMultiAz'])).toEqual([['RdsMultiAz', 'fail', expect.stringMatching(/single-AZ/)]]);
  });

  test('a source decided at deploy time may be empty: a failure is unknown, naming it', () => {
    const open = { Parameters: { SourceDb: { Type: 'String', Default: '' } } };
    const f = found(instance({ SourceDBInstanceIdentifier: { Ref: 'SourceDb' }, EngineVersion: '16.4' }, open), 'Db', RULES);
    expect(f).toEqual([
      ['RdsBackupRetention', 'unknown', expect.stringMatching(/if it is created as a primary: SourceDBInstanceIdentifier is decided at deploy time \(parameter SourceDb/)],
      ['RdsMultiAz', 'unknown', expect.stringMatching(/if it is created as a primary: SourceDBInstanceIdentifier is decided at deploy time/)],
      // G3: as a replica it is judged on its source, outside this template: the pass holds only as a primary.
      ['RdsEngineVersionPinned', 'unknown', expect.stringMatching(/pinned to 16.4 if it is created as a primary; as a read replica it is judged on its source, outside this template/)],
      ['RdsInBackupPlan', 'unknown', expect.stringMatching(/if it is created as a primary/)],
    ]);
  });

  test('a read replica stays judged on its source: one outside this template is unknown, naming it (G3)', () => {
    expect(found(instance({ SourceDBInstanceIdentifier: 'arn:aws:rds:eu-west-1:111111111111:db:prod-db' }), 'Db', RULES)).toEqual(RULES.map((r) => [r, 'unknown', expect.stringMatching(/a read replica of arn:aws:rds:eu-west-1:111111111111:db:prod-db, outside this template/)]));
  });
});

describe('F2/F3: a backup selection ARN that refers to the database is read as an ARN', () => {
  const SEL = ['Resources', 'BackupPlanDb13A0B979', 'Properties', 'BackupSelection'];
  const TEST_SEL = ['Resources', 'RestoreTestingSelection', 'Properties'];
  const sub = (text: string) => ({ 'Fn::Sub': text });
  const inPlan = (arn: any, env: any = ENV) => found(applyPatch(bases.get('database'), [set([...SEL, 'Resources'], [arn])]), 'Db', ['RdsInBackupPlan'], env);

  test('the cluster\'s own ARN selects it, with or without the environment', () => {
    const own = sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:${Db}');
    expect(inPlan(own)).toEqual([['RdsInBackupPlan', 'pass', expect.stringMatching(/selected by BackupPlanDb13A0B979 \(ARN of Db\)/)]]);
    expect(inPlan(own, {})).toEqual([['RdsInBackupPlan', 'pass', expect.stringMatching(/ARN of Db/)]]);
    expect(inPlan({ 'Fn::GetAtt': ['Db', 'DBClusterArn'] })).toEqual([['RdsInBackupPlan', 'pass', expect.stringMatching(/ARN of Db/)]]);
  });

  test('an instance ARN, another region or another service does not select the cluster: fail, saying which ARN it has', () => {
    const expected = /is not the ARN of Db \(arn:aws:rds:eu-west-1:111111111111:cluster:golive-db\)/;
    expect(inPlan(sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${Db}'))).toEqual([['RdsInBackupPlan', 'fail', expect.stringMatching(expected)]]);
    expect(inPlan(sub('arn:${AWS::Partition}:rds:us-east-1:${AWS::AccountId}:cluster:${Db}'))).toEqual([['RdsInBackupPlan', 'fail', expect.stringMatching(expected)]]);
    expect(inPlan(sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Db}'))).toEqual([['RdsInBackupPlan', 'fail', expect.stringMatching(expected)]]);
    // Without the environment, a literal region is unknown; the wrong type still fails.
    expect(inPlan(sub('arn:${AWS::Partition}:rds:us-east-1:${AWS::AccountId}:cluster:${Db}'), {})).toEqual([['RdsInBackupPlan', 'unknown', expect.stringMatching(/names region us-east-1/)]]);
    expect(inPlan(sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${Db}'), {})).toEqual([['RdsInBackupPlan', 'fail', expect.stringMatching(/is not the ARN of Db/)]]);
  });

  test('a Ref (the identifier) or the endpoint is not the ARN: fail', () => {
    expect(inPlan({ Ref: 'Db' })).toEqual([['RdsInBackupPlan', 'fail', expect.stringMatching(/Ref Db is its identifier, not its ARN/)]]);
    expect(inPlan({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] })).toEqual([['RdsInBackupPlan', 'fail', expect.stringMatching(/Fn::GetAtt Db.Endpoint.Address is not its ARN/)]]);
  });

  test('F3: AWS::StackName in the ARN is known only at deploy time: unknown, naming it', () => {
    const byStack = sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:${AWS::StackName}-db');
    expect(inPlan(byStack)).toEqual([['RdsInBackupPlan', 'unknown', expect.stringMatching(/names AWS::StackName, known only at deploy time/)]]);
    expect(inPlan(byStack, {})).toEqual([['RdsInBackupPlan', 'unknown', expect.stringMatching(/names AWS::StackName, known only/)]]);
    // The rest of the ARN may rule it out anyway.
    expect(inPlan(sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${AWS::StackName}-db'))).toEqual([['RdsInBackupPlan', 'fail', expect.stringMatching(/no AWS Backup plan/)]]);
  });

  test('NotResources reads its ARN alike: the cluster\'s own ARN excludes it, its identifier or another region does not', () => {
    const excluded = (arn: any, env: any = ENV) => found(applyPatch(bases.get('database'), [set([...SEL, 'NotResources'], [arn])]), 'Db', ['RdsInBackupPlan'], env).map(([, s]) => s);
    expect(excluded(sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:${Db}'))).toEqual(['fail']);
    expect(excluded({ Ref: 'Db' })).toEqual(['pass']);
    expect(excluded(sub('arn:${AWS::Partition}:rds:us-east-1:${AWS::AccountId}:cluster:${Db}'))).toEqual(['pass']);
  });

  test('a restore testing selection\'s ProtectedResourceArns are read alike', () => {
    const tested = (arns: any[]) => found(applyPatch(bases.get('database'), [set([...TEST_SEL, 'ProtectedResourceArns'], arns)]), 'BackupPlanA8F64793', ['BackupRestoreTested']);
    expect(tested([sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:${Db}')]).map(([, s]) => s)).toEqual(['pass']);
    expect(tested([sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${Db}')])).toEqual([['BackupRestoreTested', 'fail', expect.stringMatching(/restores Db \(AWS::RDS::DBCluster\) \(Aurora\)/)]]);
    expect(tested([{ Ref: 'Db' }]).map(([, s]) => s)).toEqual(['fail']);
    expect(tested([sub('arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:${AWS::StackName}')])).toEqual([['BackupRestoreTested', 'unknown', expect.stringMatching(/AWS::StackName/)]]);
  });
});

describe('F4: a Secrets Manager ARN names one secret, in its region and account', () => {
  const withSecret = (arn: string) => ({
    Resources: {
      AppSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'prod/db', GenerateSecretString: { SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password' } } },
      Rot: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: { Ref: 'AppSecret' }, RotationLambdaARN: 'arn:aws:lambda:eu-west-1:111111111111:function:rot', RotationRules: { AutomaticallyAfterDays: 30 } } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', EngineVersion: '16.4', DBInstanceClass: 'db.r6g.large', MasterUsername: 'admin', MasterUserPassword: `{{resolve:secretsmanager:${arn}:SecretString:password}}` } },
    },
  });
  const cred = (arn: string, env: any = ENV) => found(withSecret(arn), 'Db', ['RdsCredentialsManaged'], env);
  const outside = [['RdsCredentialsManaged', 'unknown', expect.stringMatching(/the master secret is defined outside this template/)]];

  test('a secret whose name only starts with the template secret\'s is another secret: unknown', () => {
    expect(cred('arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db-legacy-AbCdEf')).toEqual(outside);
  });

  test('the template secret\'s own ARN passes; in another region or account, or with the environment unknown, it is unknown', () => {
    expect(cred('arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db-AbCdEf')).toEqual([['RdsCredentialsManaged', 'pass', expect.stringMatching(/master secret AppSecret in Secrets Manager, rotated every 30 days/)]]);
    expect(cred('arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbCdEf')).toEqual(outside);
    expect(cred('arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-AbCdEf')).toEqual(outside);
    expect(cred('arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db-AbCdEf', {})).toEqual(outside);
  });
});
