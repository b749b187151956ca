/**
 * The shapes real templates use, data tier (issue 9): RDS and Aurora written by
 * hand (engine version, class and Multi-AZ from AllowedValues parameters,
 * `!If [IsProd, true, false]`, a snapshot restore behind a condition, a read
 * replica of a database outside the template, the master password from a NoEcho
 * parameter, hand-written parameter groups), ElastiCache RBAC users, Secrets
 * Manager secrets with JSON templates and exclusions, account password-policy
 * parameters that only look secret, and AWS Backup with a short-lived DR copy.
 * Each fixture under test/fixtures/aws/shapes/data/ was misjudged by the checks
 * before this work: the verdict before is in the name of each case.
 */
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { loadFolder } from '../../../lib/checks/loader';
import { Finding } from '../../../lib/checks/model';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'shapes', 'data');
const report = new GoLiveChecks({ printSummary: false, writeReports: false })._evaluateLoaded(loadFolder(DIR));

function findings(file: string, ruleId: string, resource: string): Finding[] {
  return report.findings.filter((f) => path.basename(f.file) === file && f.ruleId === ruleId && f.resource === resource);
}

/** The worst status a rule gives a resource of a fixture, or `none`. */
function status(file: string, ruleId: string, resource: string): string {
  const set = new Set<string>(findings(file, ruleId, resource).map((f) => f.status));
  return set.has('fail') ? 'fail' : set.has('unknown') ? 'unknown' : set.has('pass') ? 'pass' : 'none';
}

function message(file: string, ruleId: string, resource: string): string {
  return findings(file, ruleId, resource).map((f) => f.message).join(' | ');
}

describe('RDS PostgreSQL from parameters (rds-instance-parameters.yaml)', () => {
  const f = 'rds-instance-parameters.yaml';
  test('the master password from a NoEcho parameter is not managed (before: unknown)', () => {
    expect(status(f, 'RdsCredentialsManaged', 'Database')).toBe('fail');
    expect(message(f, 'RdsCredentialsManaged', 'Database')).toMatch(/parameter DBMasterUserPassword/);
  });
  test('an engine version from AllowedValues that are all pinned passes (before: unknown)', () => {
    expect(status(f, 'RdsEngineVersionPinned', 'Database')).toBe('pass');
  });
  test('ssl_min_protocol_version TLSv1 outside production: unknown, naming the parameter (before: no finding)', () => {
    expect(status(f, 'RdsTlsEnforced', 'DBParameterGroup')).toBe('unknown');
    expect(message(f, 'RdsTlsEnforced', 'DBParameterGroup')).toMatch(/fails when parameter EnvironmentType = dev: ssl_min_protocol_version is TLSv1/);
  });
  test('slow queries logged only in production: unknown, naming the parameter (before: no finding)', () => {
    expect(status(f, 'RdsLogExports', 'DBParameterGroup')).toBe('unknown');
    expect(message(f, 'RdsLogExports', 'DBParameterGroup')).toMatch(/fails when parameter EnvironmentType = dev: log_min_duration_statement is -1/);
  });
  test('Performance Insights on the AWS-managed key is an encryption finding (before: no finding)', () => {
    expect(status(f, 'RdsPerformanceInsightsKey', 'Database')).toBe('fail');
  });
  test('a burstable class among the AllowedValues and Multi-AZ from !If are decided by the parameters', () => {
    expect(status(f, 'RdsDatabaseProvisioned', 'Database')).toBe('unknown');
    expect(message(f, 'RdsDatabaseProvisioned', 'Database')).toMatch(/fails when .*parameter DBInstanceClass = db\.t3\.medium: Database runs on the burstable class/);
    expect(status(f, 'RdsMultiAz', 'Database')).toBe('unknown');
    expect(message(f, 'RdsMultiAz', 'Database')).toMatch(/parameter EnvironmentType/);
  });
  test('the stack-name parameter and the password parameter are judged by meaning', () => {
    expect(status(f, 'SecretsNoPlaintext', 'ExportVpcStackName')).toBe('none');
    expect(status(f, 'SecretsNoPlaintext', 'KmsKeyId')).toBe('none');
    expect(status(f, 'SecretsNoPlaintext', 'DBMasterUserPassword')).toBe('pass');
  });
});

describe('restores and replicas inherit encryption and credentials (rds-restored-from-snapshot.yaml)', () => {
  const f = 'rds-restored-from-snapshot.yaml';
  test('a snapshot restore from a parameter: unknown, naming the source (before: fail "not encrypted")', () => {
    expect(status(f, 'RdsStorageEncrypted', 'ReportingDatabase')).toBe('unknown');
    expect(message(f, 'RdsStorageEncrypted', 'ReportingDatabase')).toMatch(/inherited: restored from snapshot .*parameter DatabaseSnapshotIdentifier/);
    expect(status(f, 'RdsCredentialsManaged', 'ReportingDatabase')).toBe('unknown');
  });
  test('its engine version is the snapshot\'s: unknown (before: fail "default version of the day")', () => {
    expect(status(f, 'RdsEngineVersionPinned', 'ReportingDatabase')).toBe('unknown');
  });
  test('a snapshot restore behind a condition: unknown, naming the condition', () => {
    expect(status(f, 'RdsStorageEncrypted', 'Database')).toBe('unknown');
    expect(message(f, 'RdsStorageEncrypted', 'Database')).toMatch(/condition UseSnapshot/);
    expect(message(f, 'RdsStorageEncrypted', 'Database')).not.toMatch(/not encrypted/);
  });
  test('a read replica of a database outside the template: unknown, naming the source (before: no finding)', () => {
    for (const rule of ['RdsStorageEncrypted', 'RdsCredentialsManaged']) {
      expect(status(f, rule, 'ReadReplica')).toBe('unknown');
      expect(message(f, rule, 'ReadReplica')).toMatch(/read replica of .*parameter SourceDatabaseArn/);
    }
  });
});

describe('Aurora with a hand-written cluster parameter group (aurora-cluster.yaml)', () => {
  const f = 'aurora-cluster.yaml';
  test('ssl_min_protocol_version TLSv1 fails although rds.force_ssl is 1 (before: pass)', () => {
    expect(status(f, 'RdsTlsEnforced', 'ClusterParameterGroup')).toBe('fail');
    expect(status(f, 'RdsTlsEnforced', 'Cluster')).toBe('none');
  });
  test('log_min_duration_statement -1: slow queries are not logged (before: pass)', () => {
    expect(status(f, 'RdsLogExports', 'ClusterParameterGroup')).toBe('fail');
  });
  test('the Performance Insights key left DB-ENHANCED-MONITORING for its own rule (before: fail on monitoring)', () => {
    expect(status(f, 'RdsEnhancedMonitoring', 'Cluster')).toBe('pass');
    expect(status(f, 'RdsPerformanceInsightsKey', 'Cluster')).toBe('fail');
  });
  test('a cross-region replica cluster inherits its encryption (before: fail "not encrypted")', () => {
    expect(status(f, 'RdsStorageEncrypted', 'ReplicaCluster')).toBe('unknown');
    expect(message(f, 'RdsStorageEncrypted', 'ReplicaCluster')).toMatch(/read replica of .*ReplicaSourceClusterArn/);
    // Created only under a condition: its findings carry it.
    expect(findings(f, 'RdsStorageEncrypted', 'ReplicaCluster')[0].condition).toBe('IsReplica');
  });
});

describe('ElastiCache RBAC (elasticache-redis.yaml)', () => {
  const f = 'elasticache-redis.yaml';
  test('a user with nopass in its access string lets every client in (before: pass)', () => {
    expect(status(f, 'CacheAuth', 'Cache')).toBe('fail');
    expect(message(f, 'CacheAuth', 'Cache')).toMatch(/orders-worker .*nopass/);
  });
  test('TLS mode, failover and snapshots from conditions name the parameter that decides them', () => {
    expect(message(f, 'CacheTlsInTransit', 'Cache')).toMatch(/fails when parameter MigratingToTls = true/);
    expect(message(f, 'CacheMultiAzFailover', 'Cache')).toMatch(/parameter EnvironmentType/);
    expect(message(f, 'CacheSnapshotRetention', 'Cache')).toMatch(/fails when parameter EnvironmentType = dev/);
  });
  test('the password parameter of the application user is a secret parameter (NoEcho, no default)', () => {
    expect(status(f, 'SecretsNoPlaintext', 'AppUserPassword')).toBe('pass');
  });
});

describe('secrets and secret-looking parameters (secrets-and-parameters.yaml)', () => {
  const f = 'secrets-and-parameters.yaml';
  test.each(['MaxPasswordAge', 'PasswordReusePrevention', 'AllowUsersToChangePassword', 'SecretStack', 'EncryptionKey'])(
    'parameter %s is not a secret (before: fail)', (p) => {
      expect(status(f, 'SecretsNoPlaintext', p)).toBe('none');
      expect(status(f, 'SecretsNoDefaults', p)).toBe('none');
    });
  test('MAX_PASSWORD_AGE=90 in an environment is a setting, not a secret (before: fail)', () => {
    expect(status(f, 'SecretsNoPlaintext', 'OrdersFunction')).toBe('pass');
  });
  test('a URL with a password and an empty user is plain text (before: pass)', () => {
    expect(status(f, 'SecretsNoPlaintext', 'SessionFunction')).toBe('fail');
    expect(message(f, 'SecretsNoPlaintext', 'SessionFunction')).toMatch(/SESSION_CACHE_URL/);
  });
  test('a literal client secret in the JSON template of a generated secret (before: pass)', () => {
    expect(status(f, 'SecretsManaged', 'PartnerApiSecret')).toBe('fail');
    expect(message(f, 'SecretsManaged', 'PartnerApiSecret')).toMatch(/clientSecret/);
  });
  test('exclusions that leave a 4-character alphabet (before: pass)', () => {
    expect(status(f, 'SecretsStrength', 'PinSecret')).toBe('fail');
    expect(message(f, 'SecretsStrength', 'PinSecret')).toMatch(/alphabet of 4 \(0123\)/);
    expect(status(f, 'SecretsStrength', 'PartnerApiSecret')).toBe('pass');
  });
  test('a rotation alert rule switched off by a condition: unknown, naming the parameter (before: pass)', () => {
    expect(status(f, 'SecretsRotationAlert', 'PartnerApiRotation')).toBe('unknown');
    expect(message(f, 'SecretsRotationAlert', 'PartnerApiRotation')).toMatch(/fails when parameter AlertsEnabled = false/);
  });
});

describe('AWS Backup (backup-plan.yaml)', () => {
  const f = 'backup-plan.yaml';
  test('a copy to the DR account kept 1 day (before: pass)', () => {
    expect(status(f, 'BackupCrossRegionCopy', 'Plan')).toBe('fail');
    expect(message(f, 'BackupCrossRegionCopy', 'Plan')).toMatch(/kept 1 days/);
  });
  test('a copy retention from AllowedValues: unknown, naming the parameter (before: pass)', () => {
    expect(status(f, 'BackupCrossRegionCopy', 'ParameterPlan')).toBe('unknown');
    // The copy goes to a literal account, which the stack may be deployed in: with 1 day it fails or is undecided
    // wherever it is deployed, never passes.
    expect(message(f, 'BackupCrossRegionCopy', 'ParameterPlan')).toMatch(/when parameter CopyRetentionDays = 1: .*kept 1 days/);
  });
  test('an EventBridge rule on every state but the good ones reports failed jobs (before: fail)', () => {
    expect(status(f, 'BackupFailureNotification', 'Vault')).toBe('pass');
  });
});
