/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';
import { scheduleIntervalDays } from '../../../lib/checks/cfn/schedules';
import { applyPatch, compliantBases, PatchOp } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const bases = compliantBases();

/** Findings of one rule on one resource, after patching a base. */
function findings(base: string, patch: PatchOp[], ruleId: string, resource: string, c: GoLiveChecks = checks) {
  return c.checkTemplate(applyPatch(bases.get(base), patch), base).findings.filter((f) => f.ruleId === ruleId && f.resource === resource);
}
function statusOf(base: string, patch: PatchOp[], ruleId: string, resource: string, c?: GoLiveChecks): string[] {
  return findings(base, patch, ruleId, resource, c).map((f) => f.status);
}
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });
const R = (...p: (string | number)[]) => ['Resources', ...p];

const ROTATION_AURORA = 'DbSecretAttachmentRotationScheduleEA9A4F7C';

describe('scheduleIntervalDays', () => {
  test.each([
    ['rate(30 days)', 30],
    ['rate(1 day)', 1],
    ['rate(12 hours)', 0.5],
    ['cron(0 3 * * ? *)', 1],
    ['cron(0 5 ? * * *)', 1],
    ['cron(0 */6 * * ? *)', 0.25],
    ['cron(0 4 1 * ? *)', 31],
    ['cron(0 4 1,15 * ? *)', 17],
    ['cron(0 5 L * ? *)', 31],
    ['cron(0 3 ? * SUN *)', 7],
    ['cron(0 3 ? * MON-FRI *)', 3],
    ['cron(0 3 ? * 2#1 *)', 35],
    ['cron(0 5 1 1,7 ? *)', 186],
    ['cron(0 5 1 * ? *)', 31],
  ])('%s → %d days', (expr, days) => {
    expect(scheduleIntervalDays(expr)).toBeCloseTo(days);
  });

  test.each(['daily', 'cron(0 3 * *)', 'rate(3 weeks)', 'cron(0 25 * * ? *)'])('%s is not understood', (expr) => {
    expect(scheduleIntervalDays(expr)).toBeUndefined();
  });
});

describe('RdsCredentialsManaged', () => {
  test('ManageMasterUserPassword passes (RDS rotates every 7 days)', () => {
    const f = findings('database-rds', [del(R('Db', 'Properties', 'MasterUserPassword')), set(R('Db', 'Properties', 'ManageMasterUserPassword'), true)], 'RdsCredentialsManaged', 'Db');
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/7 days/);
  });

  test('a rotation schedule slower than secretRotationDays fails', () => {
    const f = findings('database', [set(R(ROTATION_AURORA, 'Properties', 'RotationRules'), { AutomaticallyAfterDays: 90 })], 'RdsCredentialsManaged', ROTATION_AURORA);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/90/);
  });

  test('AutomaticallyAfterDays within the threshold passes', () => {
    expect(statusOf('database', [set(R(ROTATION_AURORA, 'Properties', 'RotationRules'), { AutomaticallyAfterDays: 14 })], 'RdsCredentialsManaged', 'Db')).toEqual(['pass']);
  });

  test('a tightened secretRotationDays fails a 30-day rotation', () => {
    const strict = new GoLiveChecks({ printSummary: false, writeReports: false, thresholds: { secretRotationDays: 14 } });
    expect(statusOf('database', [], 'RdsCredentialsManaged', ROTATION_AURORA, strict)).toEqual(['fail']);
  });

  test('a secret without rotation schedule fails', () => {
    expect(statusOf('database', [del(R(ROTATION_AURORA))], 'RdsCredentialsManaged', 'Db')).toEqual(['fail']);
  });

  test('a literal secret name is matched to the secret of the template', () => {
    const patch = [
      set(R('DbSecret', 'Properties', 'Name'), 'golive/db'),
      set(R('Db', 'Properties', 'MasterUserPassword'), '{{resolve:secretsmanager:golive/db:SecretString:password}}'),
    ];
    expect(statusOf('database', patch, 'RdsCredentialsManaged', 'Db')).toEqual(['pass']);
  });

  test('cluster members are judged through the cluster', () => {
    expect(statusOf('database', [], 'RdsCredentialsManaged', 'DbWriter9BD1608D')).toEqual([]);
  });
});

describe('RdsTlsEnforced', () => {
  test('RDS for PostgreSQL 15+ on the default group passes, saying the default is 1', () => {
    const f = findings('database-rds', [], 'RdsTlsEnforced', 'Db');
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/defaults rds\.force_ssl to 1/);
  });

  test('an unpinned RDS for PostgreSQL version passes', () => {
    expect(statusOf('database-rds', [del(R('Db', 'Properties', 'EngineVersion'))], 'RdsTlsEnforced', 'Db')).toEqual(['pass']);
  });

  test('an instance parameter group with rds.force_ssl 0 fails', () => {
    const patch = [
      set(R('Params'), { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres16', Description: 'p', Parameters: { 'rds.force_ssl': 0 } } }),
      set(R('Db', 'Properties', 'DBParameterGroupName'), { Ref: 'Params' }),
    ];
    expect(statusOf('database-rds', patch, 'RdsTlsEnforced', 'Params')).toEqual(['fail']);
  });

  test('an Aurora cluster group without rds.force_ssl fails', () => {
    expect(statusOf('database', [set(R('DbParameterGroupB60E38C6', 'Properties', 'Parameters'), { 'log_min_duration_statement': '1000' })], 'RdsTlsEnforced', 'DbParameterGroupB60E38C6')).toEqual(['fail']);
  });

  test('a parameter group named outside the template is unknown', () => {
    expect(statusOf('database', [set(R('Db', 'Properties', 'DBClusterParameterGroupName'), 'shared-aurora-pg16')], 'RdsTlsEnforced', 'Db')).toEqual(['unknown']);
  });

  test('a MySQL engine is unknown (rds.force_ssl is PostgreSQL)', () => {
    expect(statusOf('database', [set(R('Db', 'Properties', 'Engine'), 'aurora-mysql')], 'RdsTlsEnforced', 'Db')).toEqual(['unknown']);
  });
});

describe('RdsMultiAz', () => {
  test('a tightened minAvailabilityZones needs a third Aurora instance', () => {
    const strict = new GoLiveChecks({ printSummary: false, writeReports: false, thresholds: { minAvailabilityZones: 3 } });
    expect(statusOf('database', [], 'RdsMultiAz', 'Db', strict)).toEqual(['fail']);
  });

  test('instances pinned to two zones pass', () => {
    const patch = [set(R('DbWriter9BD1608D', 'Properties', 'AvailabilityZone'), 'eu-central-1a'), set(R('DbReader965174EA', 'Properties', 'AvailabilityZone'), 'eu-central-1b')];
    expect(statusOf('database', patch, 'RdsMultiAz', 'Db')).toEqual(['pass']);
  });

  test('a member found by literal cluster identifier counts', () => {
    expect(statusOf('database', [set(R('DbReader965174EA', 'Properties', 'DBClusterIdentifier'), 'golive-db')], 'RdsMultiAz', 'Db')).toEqual(['pass']);
  });

  test('a Multi-AZ DB cluster passes', () => {
    const t = { Resources: { C: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'postgres', DBClusterInstanceClass: 'db.m6gd.large' } } } };
    expect(checks.checkTemplate(t, 't').findings.filter((f) => f.ruleId === 'RdsMultiAz').map((f) => f.status)).toEqual(['pass']);
  });
});

describe('RdsDatabaseProvisioned', () => {
  test('a non-PostgreSQL engine passes and says so', () => {
    const f = findings('database-rds', [set(R('Db', 'Properties', 'Engine'), 'mysql')], 'RdsDatabaseProvisioned', 'Db');
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/mysql, not PostgreSQL/);
  });
});

describe('RdsEnhancedMonitoring', () => {
  test('cluster-level Enhanced Monitoring is accepted', () => {
    const patch = [
      del(R('DbReader965174EA', 'Properties', 'MonitoringInterval')),
      set(R('Db', 'Properties', 'MonitoringInterval'), 60),
      set(R('Db', 'Properties', 'MonitoringRoleArn'), { 'Fn::GetAtt': ['DbMonitoringRole0A2030F1', 'Arn'] }),
    ];
    expect(statusOf('database', patch, 'RdsEnhancedMonitoring', 'Db')).toEqual(['pass']);
  });

  test('Performance Insights on every member instance is accepted', () => {
    const pi = { EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } };
    const patch = [
      del(R('Db', 'Properties', 'PerformanceInsightsEnabled')),
      ...['DbWriter9BD1608D', 'DbReader965174EA'].flatMap((m) => Object.entries(pi).map(([k, v]) => set(R(m, 'Properties', k), v))),
    ];
    expect(statusOf('database', patch, 'RdsEnhancedMonitoring', 'Db')).toEqual(['pass']);
  });
});
