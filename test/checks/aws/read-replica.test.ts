import { GoLiveChecks } from '../../../lib';

// A read replica inherits encryption and backups from its source: CloudFormation
// rejects StorageEncrypted on it, so those rules must not judge it.
test('read replicas are judged through their source for encryption and backup plan', () => {
  const report = new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate({
    Resources: {
      Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: 'arn:aws:rds:eu-west-1:111111111111:db:primary', DBInstanceClass: 'db.m6g.large' } },
    },
  });
  const judged = report.findings.filter((f) => f.resource === 'Replica').map((f) => f.ruleId);
  expect(judged).not.toContain('RdsStorageEncrypted');
  expect(judged).not.toContain('RdsInBackupPlan');
});
