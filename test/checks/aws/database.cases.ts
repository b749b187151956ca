/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';
import { scheduleIntervalDays } from '../../../lib/checklist/policy/schedules';
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
/** The parameter group of both database bases (cluster group in database, instance group in database-rds). */
const PG = 'DbParameterGroupB60E38C6';

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

  test('a password passed as a template parameter fails, NoEcho or not', () => {
    const patch = [set(['Parameters', 'MasterPassword'], { Type: 'String', NoEcho: true, MinLength: 12 }), set(R('Db', 'Properties', 'MasterUserPassword'), { Ref: 'MasterPassword' })];
    const f = findings('database-rds', patch, 'RdsCredentialsManaged', 'Db');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/parameter MasterPassword/);
  });

  test('ManageMasterUserPassword from a parameter is unknown', () => {
    const patch = [set(['Parameters', 'Managed'], { Type: 'String', Default: 'true' }), del(R('Db', 'Properties', 'MasterUserPassword')), set(R('Db', 'Properties', 'ManageMasterUserPassword'), { Ref: 'Managed' })];
    expect(statusOf('database-rds', patch, 'RdsCredentialsManaged', 'Db')).toEqual(['unknown']);
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

  test('a MySQL engine is judged on require_secure_transport (default OFF)', () => {
    const mysql = set(R('Db', 'Properties', 'Engine'), 'aurora-mysql');
    const version = set(R('Db', 'Properties', 'EngineVersion'), '8.0.mysql_aurora.3.05.2');
    const f = findings('database', [mysql, version], 'RdsTlsEnforced', PG);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/require_secure_transport is not set/);
    const on = set(R(PG, 'Properties', 'Parameters'), { require_secure_transport: 'ON' });
    expect(statusOf('database', [mysql, version, on], 'RdsTlsEnforced', 'Db')).toEqual(['pass']);
    const old = set(R(PG, 'Properties', 'Parameters'), { require_secure_transport: '1', tls_version: 'TLSv1,TLSv1.1,TLSv1.2' });
    expect(statusOf('database', [mysql, version, old], 'RdsTlsEnforced', PG)).toEqual(['fail']);
  });

  test('an engine with no modelled TLS setting is unknown, naming it', () => {
    const f = findings('database-rds', [set(R('Db', 'Properties', 'Engine'), 'sqlserver-se')], 'RdsTlsEnforced', 'Db');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/sqlserver-se/);
  });

  test('ssl_min_protocol_version TLSv1.2 passes, TLSv1 fails even with rds.force_ssl 1', () => {
    expect(statusOf('database', [], 'RdsTlsEnforced', 'Db')).toEqual(['pass']);
    const f = findings('database', [set(R(PG, 'Properties', 'Parameters', 'ssl_min_protocol_version'), 'TLSv1')], 'RdsTlsEnforced', PG);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/TLSv1.*broken/);
  });

  test('an engine chosen from AllowedValues is judged for each value', () => {
    const patch = [
      set(['Parameters', 'Engine'], { Type: 'String', AllowedValues: ['aurora-postgresql', 'aurora-mysql'], Default: 'aurora-postgresql' }),
      set(R('Db', 'Properties', 'Engine'), { Ref: 'Engine' }),
    ];
    // PostgreSQL passes (rds.force_ssl 1); MySQL fails on the group (no require_secure_transport).
    const f = findings('database', patch, 'RdsTlsEnforced', PG);
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/parameter Engine/);
  });
});

describe('RdsLogExports: slow queries', () => {
  test('log_min_duration_statement in milliseconds or with a unit passes; -1 and absent fail', () => {
    expect(statusOf('database', [], 'RdsLogExports', 'Db')).toEqual(['pass']);
    expect(statusOf('database', [set(R(PG, 'Properties', 'Parameters', 'log_min_duration_statement'), '250ms')], 'RdsLogExports', 'Db')).toEqual(['pass']);
    expect(statusOf('database', [set(R(PG, 'Properties', 'Parameters', 'log_min_duration_statement'), '-1')], 'RdsLogExports', PG)).toEqual(['fail']);
    const f = findings('database', [del(R('Db', 'Properties', 'DBClusterParameterGroupName'))], 'RdsLogExports', 'Db');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/default, -1, logs no slow query/);
  });

  test('an Aurora member instance parameter group overrides the cluster value', () => {
    const patch = [
      set(R('WriterParams'), { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'aurora-postgresql16', Description: 'w', Parameters: { log_min_duration_statement: '-1' } } }),
      set(R('DbWriter9BD1608D', 'Properties', 'DBParameterGroupName'), { Ref: 'WriterParams' }),
    ];
    const f = findings('database', patch, 'RdsLogExports', 'WriterParams');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/instance DbWriter9BD1608D/);
  });

  test('MySQL: slowquery exported, slow_query_log on and log_output FILE', () => {
    const mysql = [
      set(R('Db', 'Properties', 'Engine'), 'mysql'),
      set(R('Db', 'Properties', 'EnableCloudwatchLogsExports'), ['error', 'slowquery']),
      set(R(PG, 'Properties', 'Parameters'), { slow_query_log: '1', log_output: 'FILE' }),
    ];
    expect(statusOf('database-rds', mysql, 'RdsLogExports', 'Db')).toEqual(['pass']);
    const table = [...mysql, set(R(PG, 'Properties', 'Parameters'), { slow_query_log: '1' })];
    const f = findings('database-rds', table, 'RdsLogExports', PG);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/log_output not set/);
    expect(statusOf('database-rds', [...mysql, set(R('Db', 'Properties', 'EnableCloudwatchLogsExports'), ['error'])], 'RdsLogExports', 'Db')).toEqual(['fail']);
  });

  test('another engine with exports is unknown (slow query logging not modelled), without exports fails', () => {
    expect(statusOf('database-rds', [set(R('Db', 'Properties', 'Engine'), 'oracle-ee')], 'RdsLogExports', 'Db')).toEqual(['unknown']);
    expect(statusOf('database-rds', [set(R('Db', 'Properties', 'Engine'), 'oracle-ee'), del(R('Db', 'Properties', 'EnableCloudwatchLogsExports'))], 'RdsLogExports', 'Db')).toEqual(['fail']);
  });
});

describe('databases created from another: encryption and credentials are inherited', () => {
  const restore = [
    set(R('Db', 'Properties', 'DBSnapshotIdentifier'), 'arn:aws:rds:eu-central-1:123456789012:snapshot:golive-pre-release'),
    del(R('Db', 'Properties', 'StorageEncrypted')),
    del(R('Db', 'Properties', 'KmsKeyId')),
    del(R('Db', 'Properties', 'MasterUserPassword')),
    del(R('Db', 'Properties', 'MasterUsername')),
  ];

  test('an instance restored from a snapshot: unknown, naming the snapshot, never "not encrypted"', () => {
    const enc = findings('database-rds', restore, 'RdsStorageEncrypted', 'Db');
    expect(enc.map((x) => x.status)).toEqual(['unknown']);
    expect(enc[0].message).toMatch(/restored from snapshot arn:aws:rds:.*golive-pre-release/);
    const cred = findings('database-rds', restore, 'RdsCredentialsManaged', 'Db');
    expect(cred.map((x) => x.status)).toEqual(['unknown']);
    expect(cred[0].message).toMatch(/inherited: restored from snapshot/);
  });

  test('a cluster restored with a customer-managed key is encrypted with it', () => {
    const patch = [set(R('Db', 'Properties', 'SnapshotIdentifier'), 'golive-db-final'), del(R('Db', 'Properties', 'StorageEncrypted'))];
    expect(statusOf('database', patch, 'RdsStorageEncrypted', 'Db')).toEqual(['pass']);
    expect(statusOf('database', [...patch, del(R('Db', 'Properties', 'KmsKeyId'))], 'RdsStorageEncrypted', 'Db')).toEqual(['unknown']);
  });

  test('a cross-region Aurora replica is unknown even with a key: an unencrypted source stays unencrypted', () => {
    const patch = [set(R('Db', 'Properties', 'ReplicationSourceIdentifier'), 'arn:aws:rds:eu-west-1:123456789012:cluster:golive-db')];
    expect(statusOf('database', patch, 'RdsStorageEncrypted', 'Db')).toEqual(['unknown']);
  });

  test('a snapshot restore behind a condition: unknown, naming the condition', () => {
    const patch = [
      set(['Parameters', 'SnapshotId'], { Type: 'String', Default: '' }),
      set(['Conditions', 'FromSnapshot'], { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SnapshotId' }, ''] }] }),
      set(R('Db', 'Properties', 'DBSnapshotIdentifier'), { 'Fn::If': ['FromSnapshot', { Ref: 'SnapshotId' }, { Ref: 'AWS::NoValue' }] }),
      set(R('Db', 'Properties', 'StorageEncrypted'), { 'Fn::If': ['FromSnapshot', { Ref: 'AWS::NoValue' }, true] }),
    ];
    const f = findings('database-rds', patch, 'RdsStorageEncrypted', 'Db');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/condition FromSnapshot/);
  });

  test('a read replica of a database of the template is judged on its source', () => {
    const replica = set(R('Replica'), { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: 'Db' }, DBInstanceClass: 'db.m7g.large' } });
    expect(statusOf('database-rds', [replica], 'RdsStorageEncrypted', 'Replica')).toEqual([]);
    expect(statusOf('database-rds', [replica], 'RdsCredentialsManaged', 'Replica')).toEqual([]);
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

  test('the Performance Insights key is not this item any more', () => {
    expect(statusOf('database', [del(R('Db', 'Properties', 'PerformanceInsightsKmsKeyId'))], 'RdsEnhancedMonitoring', 'Db')).toEqual(['pass']);
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

describe('RdsPerformanceInsightsKey (DB-ENCRYPTION-AT-REST)', () => {
  test('a member without its own settings is judged with its cluster; a member with its own key on it', () => {
    expect(statusOf('database', [], 'RdsPerformanceInsightsKey', 'Db')).toEqual(['pass']);
    expect(statusOf('database', [], 'RdsPerformanceInsightsKey', 'DbWriter9BD1608D')).toEqual([]);
    const own = [set(R('DbWriter9BD1608D', 'Properties', 'EnablePerformanceInsights'), true)];
    expect(statusOf('database', own, 'RdsPerformanceInsightsKey', 'DbWriter9BD1608D')).toEqual(['pass']); // the cluster's key
    expect(statusOf('database', [...own, del(R('Db', 'Properties', 'PerformanceInsightsKmsKeyId'))], 'RdsPerformanceInsightsKey', 'DbWriter9BD1608D')).toEqual(['fail']);
  });

  test('Performance Insights off: nothing is kept, no finding', () => {
    const off = [set(R('Db', 'Properties', 'EnablePerformanceInsights'), false), del(R('Db', 'Properties', 'PerformanceInsightsKMSKeyId'))];
    expect(statusOf('database-rds', off, 'RdsPerformanceInsightsKey', 'Db')).toEqual([]);
  });
});
