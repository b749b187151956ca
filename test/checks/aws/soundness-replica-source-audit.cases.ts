/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * G3 (audit, 2026-12-05): a read replica whose source is outside the template (an ARN text, or a parameter) had no
 * finding for the items it takes from its source (DB-BACKUP-RETENTION, DB-MULTI-AZ, DB-ENGINE-VERSION, BACKUP-PLAN),
 * and with its source from a parameter a pass stood although, as a replica, it is judged on a source nobody judges:
 * both are unknown now, naming the source. A replica of a database of this template is still judged on it.
 */
import { checks } from './judged';

const RULES = ['RdsBackupRetention', 'RdsMultiAz', 'RdsEngineVersionPinned', 'RdsInBackupPlan'];
const replica = (source: any, extra: any = {}) => ({ Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r6g.large', SourceDBInstanceIdentifier: source, ...extra } });
function judged(resources: any, parameters: any = {}) {
  const report = checks.checkTemplate({ Parameters: parameters, Resources: resources }, 'replica', { region: 'eu-west-1', account: '111111111111' });
  return report.findings.filter((f) => RULES.includes(f.ruleId) && f.resource === 'Replica').map((f) => [f.ruleId, f.status, f.message]);
}

test('a replica of a source outside the template: each item it takes from its source is unknown, naming it', () => {
  expect(judged({ Replica: replica('arn:aws:rds:eu-west-1:111111111111:db:orders') })).toEqual(RULES.map((r) => [r, 'unknown', expect.stringMatching(/a read replica of arn:aws:rds:eu-west-1:111111111111:db:orders, outside this template: its .* is its source's/)]));
});

test('a source from a parameter: a pass holds only as a primary, unknown', () => {
  const own = { MultiAZ: true, BackupRetentionPeriod: 30, EngineVersion: '16.4', Engine: 'postgres' };
  const found = judged({ Replica: replica({ Ref: 'Source' }, own) }, { Source: { Type: 'String' } });
  expect(found.filter(([r]) => r !== 'RdsInBackupPlan')).toEqual(['RdsBackupRetention', 'RdsMultiAz', 'RdsEngineVersionPinned'].map((r) => [r, 'unknown', expect.stringMatching(/if it is created as a primary; as a read replica it is judged on its source, outside this template: SourceDBInstanceIdentifier is decided at deploy time/)]));
});

test('a replica of a database of this template is judged on it: no finding of its own', () => {
  const source = { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r6g.large', Engine: 'postgres', EngineVersion: '16.4', MultiAZ: true, BackupRetentionPeriod: 30, AllocatedStorage: '100' } };
  expect(judged({ Source: source, Replica: replica({ Ref: 'Source' }) })).toEqual([]);
});
