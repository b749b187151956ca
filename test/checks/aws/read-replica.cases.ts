import { GoLiveChecks } from '../../../lib';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const replica = (source: unknown) => checks.checkTemplate({
  Resources: {
    Primary: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.m6g.large', StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1', ManageMasterUserPassword: true } },
    Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: source, DBInstanceClass: 'db.m6g.large' } },
  },
});
const verdicts = (report: ReturnType<typeof replica>, ruleId: string) =>
  report.findings.filter((f) => f.resource === 'Replica' && f.ruleId === ruleId).map((f) => ({ status: f.status, message: f.message }));

// A read replica inherits encryption, credentials and backups from its source:
// CloudFormation rejects StorageEncrypted on it, so it is never "not encrypted".
test('a replica of a source outside the template: encryption and credentials unknown, naming the source', () => {
  const report = replica('arn:aws:rds:eu-west-1:111111111111:db:primary');
  for (const rule of ['RdsStorageEncrypted', 'RdsCredentialsManaged']) {
    const v = verdicts(report, rule);
    expect(v.map((x) => x.status)).toEqual(['unknown']);
    expect(v[0].message).toMatch(/read replica of arn:aws:rds:eu-west-1:111111111111:db:primary/);
  }
  expect(verdicts(report, 'RdsInBackupPlan').map((x) => x.status)).toEqual(['unknown']);
});

test('a replica of a database of the template is judged on its source', () => {
  const report = replica({ Ref: 'Primary' });
  for (const rule of ['RdsStorageEncrypted', 'RdsCredentialsManaged', 'RdsInBackupPlan']) expect(verdicts(report, rule)).toEqual([]);
  expect(report.findings.filter((f) => f.resource === 'Primary' && f.ruleId === 'RdsStorageEncrypted').map((f) => f.status)).toEqual(['pass']);
});

test('a point-in-time restore from a source outside the template is a restore, not a replica', () => {
  const report = checks.checkTemplate({
    Resources: { Restored: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: 'golive-pg', UseLatestRestorableTime: true, DBInstanceClass: 'db.m6g.large' } } },
  });
  const f = report.findings.filter((x) => x.resource === 'Restored' && x.ruleId === 'RdsStorageEncrypted');
  expect(f.map((x) => x.status)).toEqual(['unknown']);
  expect(f[0].message).toMatch(/restored to a point in time from golive-pg/);
});
