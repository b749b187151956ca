/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The database items read Amazon DocumentDB and Amazon Neptune (before, `AWS::DocDB::DBCluster` / `DBInstance` and
 * `AWS::Neptune::DBCluster` / `DBInstance` were "a database no rule reads": every database item unknown beside one).
 * The Rds* rules read them where the properties are RDS's (storage encryption, backups, deletion protection, Multi-AZ,
 * credentials, log exports, engine version, backup plan) with what differs per service (CloudFormation's default
 * DeletionPolicy Delete, DocumentDB's `tls` parameter, Neptune's HTTPS-only engines, `IamAuthEnabled`, the profiler /
 * slow-query parameters, Neptune's instance-level public endpoint); PrivateSubnets reads their subnet groups;
 * kinds.ts NOT_ABOUT says why the rest is not about them. The alarm and dashboard items read them too
 * (soundness-docalarm.cases.ts): both types are `judged`.
 * Compliant base: test/fixtures/aws/compliant/database-neptune.json (Neptune beside the RDS base). DocumentDB has no
 * compliant base: IAM authentication is per database user (unknown), and its Performance Insights key cannot be set
 * in CloudFormation (RdsPerformanceInsightsKey fails it while DB-ENHANCED-MONITORING asks for Performance Insights).
 */
import * as cdk from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GoLiveChecks } from '../../../lib';
import { ruleReads } from '../../../lib/checks/golive-checks';
import { RESOURCE_KINDS, unreadFor } from '../../../lib/checks/kinds';
import { applyPatch, compliantBases, PatchOp, R, set } from './fixtures';
import { findingsOn, oneFindingOn } from './judged';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const ENV = { region: 'eu-west-1', account: '111111111111' };
const bases = compliantBases();
const neptune = (ops: PatchOp[] = []) => applyPatch(bases.get('database-neptune'), ops);

const on = findingsOn;
const one = oneFindingOn;

/** A DocumentDB cluster of two instances, hand-written as a template author would (CloudFormation shapes). */
function docdbTemplate(cluster: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, instance: Record<string, unknown> = {}): any {
  return {
    Parameters: { Tls: { Type: 'String', AllowedValues: ['tls1.2+', 'enabled'] }, Group: { Type: 'String' } },
    Resources: {
      Params: { Type: 'AWS::DocDB::DBClusterParameterGroup', Properties: { Description: 'docs', Family: 'docdb5.0', Parameters: { tls: 'tls1.2+', profiler: 'enabled' } } },
      Docs: {
        Type: 'AWS::DocDB::DBCluster',
        DeletionPolicy: 'Snapshot',
        Properties: {
          EngineVersion: '5.0.0', StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/2f6e1b1e-0000-4000-8000-000000000001',
          BackupRetentionPeriod: 30, DeletionProtection: true, ManageMasterUserPassword: true, MasterUsername: 'app',
          EnableCloudwatchLogsExports: ['audit', 'profiler'], DBClusterParameterGroupName: { Ref: 'Params' }, DBSubnetGroupName: 'docs-private',
          ...cluster,
        },
      },
      DocsA: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large', EnablePerformanceInsights: true, ...instance } },
      DocsB: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large', EnablePerformanceInsights: true, ...instance } },
      ...extra,
    },
  };
}

describe('Neptune: the compliant base is judged, and each item reads the cluster', () => {
  const ITEMS = ['DB-ENCRYPTION-AT-REST', 'DB-BACKUP-RETENTION', 'DB-DELETION-PROTECTION', 'DB-MULTI-AZ', 'DB-TLS-ENFORCED', 'DB-IAM-AUTH',
    'DB-LOG-EXPORTS', 'DB-ENGINE-VERSION', 'DB-NOT-PUBLIC', 'DB-CREDENTIALS-MANAGED', 'DB-ENHANCED-MONITORING', 'DB-CONNECTION-POOLING',
    'DB-PROVISIONED', 'BACKUP-PLAN', 'NET-PRIVATE-SUBNETS', 'ALARM-DISK', 'ALARM-CPU', 'ALARM-MEMORY', 'ALARM-DB-CONNECTIONS', 'DASHBOARD-INFRASTRUCTURE'];

  // The Neptune base holds the RDS base's Serverless transform (its rotation application): its items are unknown for
  // that reason, so the table of kinds is asked directly, and items are judged below on templates without one.
  test('every database item reads DocumentDB and Neptune or sets them aside (was: none read them; then all but the alarm items)', () => {
    const reads = ruleReads();
    const kind = RESOURCE_KINDS.find((k) => k.name === 'a database')!;
    const left = (item: string) => unreadFor(item, [kind], new Set(reads.filter((r) => r.items.includes(item)).flatMap((r) => r.types)))
      .map((u) => u.type).filter((t) => /DocDB::DB|Neptune::DB/.test(t));
    expect(ITEMS.filter((i) => left(i).length > 0)).toEqual([]);
  });

  test('the compliant base: every finding on the Neptune cluster passes; the coverage names the rules that read it', () => {
    const report = checks.checkTemplate(neptune(), 'T', ENV);
    expect(report.findings.filter((f) => f.status !== 'pass').map((f) => `${f.ruleId} ${f.resource}`)).toEqual([]);
    expect(report.findings.filter((f) => f.resource === 'Graph').map((f) => f.ruleId).sort()).toEqual(['AlarmCpu', 'AlarmMemory', 'DashboardInfrastructure', 'PrivateSubnets', 'RdsBackupRetention', 'RdsDeletionProtection',
      'RdsEngineVersionPinned', 'RdsIamAuth', 'RdsInBackupPlan', 'RdsLogExports', 'RdsMultiAz', 'RdsStorageEncrypted', 'RdsTlsEnforced'].filter((r) => r !== 'PrivateSubnets'));
    expect(report.coverage.unreadKinds.filter((u) => /Graph/.test(u))).toEqual([]);
  });

  test('a template with a DocumentDB cluster alone: items its rules read are satisfied (were unknown); ALARM-CPU without an alarm is violated (was pending)', () => {
    const items = ['DB-BACKUP-RETENTION', 'DB-DELETION-PROTECTION', 'ALARM-CPU'];
    const report = new GoLiveChecks({ items, printSummary: false, writeReports: false }).checkTemplate(docdbTemplate(), 'T', ENV);
    expect(items.map((i) => report.statusOf(i))).toEqual(['satisfied', 'satisfied', 'violated']);
  });

  test('no DeletionPolicy: CloudFormation deletes a Neptune cluster without a snapshot (fail)', () => {
    const t = neptune();
    delete t.Resources.Graph.DeletionPolicy;
    expect(one(t, 'Graph', 'RdsDeletionProtection')).toMatch(/^RdsDeletionProtection fail: .*no DeletionPolicy: CloudFormation deletes a Neptune cluster .* without a final snapshot/);
  });

  test('storage not encrypted fails; a KMS key from an open parameter is unknown', () => {
    expect(one(neptune([set(R('Graph', 'Properties', 'StorageEncrypted'), false)]), 'Graph', 'RdsStorageEncrypted')).toMatch(/^RdsStorageEncrypted fail: storage is not encrypted/);
    const t = neptune([set(R('Graph', 'Properties', 'KmsKeyId'), { Ref: 'GraphKey' })]);
    t.Parameters = { ...t.Parameters, GraphKey: { Type: 'String' } };
    expect(one(t, 'Graph', 'RdsStorageEncrypted')).toMatch(/^RdsStorageEncrypted unknown: KMS key decided at deploy time/);
  });

  test('a cluster restored from a snapshot inherits its encryption: unknown, naming the snapshot', () => {
    const t = neptune([set(R('Graph', 'Properties', 'SnapshotIdentifier'), 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:graph-1')]);
    expect(one(t, 'Graph', 'RdsStorageEncrypted')).toMatch(/^RdsStorageEncrypted unknown: storage encryption is inherited: restored from snapshot arn:aws:rds:.*graph-1/);
  });

  test('backup retention: absent is 1 day (fail); an open parameter is unknown', () => {
    const t = neptune();
    delete t.Resources.Graph.Properties.BackupRetentionPeriod;
    expect(one(t, 'Graph', 'RdsBackupRetention')).toMatch(/^RdsBackupRetention fail: .*BackupRetentionPeriod is 1/);
    const p = neptune([set(R('Graph', 'Properties', 'BackupRetentionPeriod'), { Ref: 'Days' })]);
    p.Parameters = { ...p.Parameters, Days: { Type: 'Number', Default: 35 } };
    expect(one(p, 'Graph', 'RdsBackupRetention')).toMatch(/^RdsBackupRetention unknown: /);
  });

  test('IAM authentication: absent fails; an Fn::If on a condition is not a pass', () => {
    const t = neptune();
    delete t.Resources.Graph.Properties.IamAuthEnabled;
    expect(one(t, 'Graph', 'RdsIamAuth')).toMatch(/^RdsIamAuth fail: Neptune IAM authentication: IamAuthEnabled is/);
    const c = neptune([set(R('Graph', 'Properties', 'IamAuthEnabled'), { 'Fn::If': ['Prod', true, false] })]);
    c.Parameters = { ...c.Parameters, Stage: { Type: 'String' } };
    c.Conditions = { ...c.Conditions, Prod: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } };
    expect(one(c, 'Graph', 'RdsIamAuth')).toMatch(/^RdsIamAuth (fail|unknown): /);
  });

  test('TLS: an engine before 1.0.4.0 fails; an engine version from an open parameter is unknown', () => {
    expect(one(neptune([set(R('Graph', 'Properties', 'EngineVersion'), '1.0.3.0')]), 'Graph', 'RdsTlsEnforced')).toMatch(/^RdsTlsEnforced fail: Neptune 1\.0\.3\.0 is older than 1\.0\.4\.0/);
    const t = neptune([set(R('Graph', 'Properties', 'EngineVersion'), { Ref: 'Version' })]);
    t.Parameters = { ...t.Parameters, Version: { Type: 'String' } };
    expect(one(t, 'Graph', 'RdsTlsEnforced')).toMatch(/^RdsTlsEnforced unknown: engine version decided at deploy time/);
  });

  test('slow queries: not exported fails; exported with the parameter off fails', () => {
    expect(one(neptune([set(R('Graph', 'Properties', 'EnableCloudwatchLogsExports'), ['audit'])]), 'Graph', 'RdsLogExports')).toMatch(/^RdsLogExports fail: the slow-query log is not exported/);
    expect(one(neptune([set(R('GraphParameterGroup', 'Properties', 'Parameters', 'neptune_enable_slow_query_log'), 'disabled')]), 'GraphParameterGroup', 'RdsLogExports'))
      .toMatch(/^RdsLogExports fail: .*neptune_enable_slow_query_log is disabled/);
  });

  test('engine version: absent or not a full release fails', () => {
    expect(one(neptune([set(R('Graph', 'Properties', 'EngineVersion'), '1.3')]), 'Graph', 'RdsEngineVersionPinned')).toMatch(/^RdsEngineVersionPinned fail: EngineVersion 1\.3 is not a full Neptune release/);
  });

  test('Multi-AZ: one instance fails; two pinned to one zone fail', () => {
    const t = neptune();
    delete t.Resources.GraphInstance2;
    expect(one(t, 'Graph', 'RdsMultiAz')).toMatch(/^RdsMultiAz fail: Neptune cluster has 1 instance\(s\) in this template/);
    const z = neptune([set(R('GraphInstance1', 'Properties', 'AvailabilityZone'), 'eu-west-1a'), set(R('GraphInstance2', 'Properties', 'AvailabilityZone'), 'eu-west-1a')]);
    expect(one(z, 'Graph', 'RdsMultiAz')).toMatch(/^RdsMultiAz fail: all 2 instances are pinned to 1 zone/);
  });

  test('a Neptune instance with a public endpoint fails', () => {
    expect(one(neptune([set(R('GraphInstance1', 'Properties', 'PubliclyAccessible'), true)]), 'GraphInstance1', 'RdsNotPublic')).toMatch(/^RdsNotPublic fail: publicly accessible/);
  });

  test('a Neptune cluster without a subnet group is in the default VPC (fail)', () => {
    const t = neptune();
    delete t.Resources.Graph.Properties.DBSubnetGroupName;
    expect(one(t, 'Graph', 'PrivateSubnets')).toMatch(/^PrivateSubnets fail: no DBSubnetGroupName: placed in the default VPC/);
  });

  test('a Neptune cluster no backup plan selects fails BACKUP-PLAN', () => {
    const t = neptune([set(R('Graph', 'Properties', 'Tags'), [{ Key: 'golive:area', Value: 'graph' }])]);
    expect(one(t, 'Graph', 'RdsInBackupPlan')).toMatch(/^RdsInBackupPlan fail: /);
  });
});

describe('DocumentDB', () => {
  test('a hand-written cluster: every Rds* rule reads it (was: no finding at all)', () => {
    expect(on(docdbTemplate(), 'Docs').map((f) => f.replace(/:.*/, ''))).toEqual(expect.arrayContaining([
      'RdsStorageEncrypted pass', 'RdsTlsEnforced pass', 'RdsBackupRetention pass', 'RdsDeletionProtection pass', 'RdsMultiAz pass',
      'RdsIamAuth unknown', 'RdsLogExports pass', 'RdsCredentialsManaged pass', 'RdsEngineVersionPinned pass',
      'RdsInBackupPlan fail', 'PrivateSubnets unknown',
    ]));
  });

  test('TLS: tls enabled (or not set: enabled) accepts TLS 1.0/1.1 and fails; disabled fails; AllowedValues judged per value; a group from a parameter is unknown', () => {
    const tls = (v: unknown) => docdbTemplate({}, { Params: { Type: 'AWS::DocDB::DBClusterParameterGroup', Properties: { Description: 'd', Family: 'docdb5.0', Parameters: { tls: v, profiler: 'enabled' } } } });
    expect(one(tls('enabled'), 'Params', 'RdsTlsEnforced')).toMatch(/^RdsTlsEnforced fail: tls is enabled in parameter group Params: TLS is required but TLS 1\.0 and 1\.1 are accepted/);
    expect(one(tls('disabled'), 'Params', 'RdsTlsEnforced')).toMatch(/^RdsTlsEnforced fail: tls is disabled/);
    expect([...on(tls({ Ref: 'Tls' }), 'Params', ['RdsTlsEnforced']), ...on(tls({ Ref: 'Tls' }), 'Docs', ['RdsTlsEnforced'])].filter((f) => !/ pass: /.test(f)))
      .toEqual([expect.stringMatching(/^RdsTlsEnforced unknown: depends on parameter Tls: fails when parameter Tls = enabled: tls is enabled/)]);
    const noGroup = docdbTemplate({ DBClusterParameterGroupName: undefined });
    delete noGroup.Resources.Docs.Properties.DBClusterParameterGroupName;
    expect(one(noGroup, 'Docs', 'RdsTlsEnforced')).toMatch(/^RdsTlsEnforced fail: tls not set in the default parameter group: its default, enabled, requires TLS but accepts TLS 1\.0 and 1\.1/);
    expect(one(docdbTemplate({ DBClusterParameterGroupName: { Ref: 'Group' } }), 'Docs', 'RdsTlsEnforced')).toMatch(/^RdsTlsEnforced unknown: the tls parameter cannot be read at synth/);
  });

  test('no DeletionPolicy fails (CloudFormation\'s default for DocumentDB is Delete)', () => {
    const t = docdbTemplate();
    delete t.Resources.Docs.DeletionPolicy;
    expect(one(t, 'Docs', 'RdsDeletionProtection')).toMatch(/^RdsDeletionProtection fail: .*CloudFormation deletes a DocumentDB cluster/);
  });

  test('credentials: a literal password fails; a parameter fails; ManageMasterUserPassword passes', () => {
    const lit = docdbTemplate({ ManageMasterUserPassword: undefined, MasterUserPassword: 'hunter2hunter2' });
    expect(one(lit, 'Docs', 'RdsCredentialsManaged')).toMatch(/^RdsCredentialsManaged fail: the master password is written in the template/);
    const t = docdbTemplate({ ManageMasterUserPassword: undefined, MasterUserPassword: { Ref: 'Pw' } });
    t.Parameters.Pw = { Type: 'String', NoEcho: true };
    expect(one(t, 'Docs', 'RdsCredentialsManaged')).toMatch(/^RdsCredentialsManaged fail: the master password is passed as parameter Pw/);
    expect(one(docdbTemplate(), 'Docs', 'RdsCredentialsManaged')).toMatch(/^RdsCredentialsManaged pass: DocumentDB manages the master password/);
  });

  test('IAM authentication: before 5.0 fails; 5.0 is unknown (per database user)', () => {
    expect(one(docdbTemplate({ EngineVersion: '4.0.0' }), 'Docs', 'RdsIamAuth')).toMatch(/^RdsIamAuth fail: DocumentDB 4\.0\.0 has no IAM authentication/);
    expect(one(docdbTemplate(), 'Docs', 'RdsIamAuth')).toMatch(/^RdsIamAuth unknown: DocumentDB grants IAM authentication per database user/);
  });

  test('Performance Insights: its data is encrypted with aws/rds (no CloudFormation property for the key): fail; off fails DB-ENHANCED-MONITORING', () => {
    expect(one(docdbTemplate(), 'DocsA', 'RdsPerformanceInsightsKey')).toMatch(/^RdsPerformanceInsightsKey fail: DocumentDB Performance Insights data .* AWS-managed aws\/rds key/);
    const off = docdbTemplate({}, {}, { EnablePerformanceInsights: false });
    expect(on(off, 'DocsA', ['RdsPerformanceInsightsKey'])).toEqual([]);
    // Reported on the cluster, each instance named once (it was on DocsA with DocsB's message unnamed).
    expect(one(off, 'Docs', 'RdsEnhancedMonitoring')).toMatch(/^RdsEnhancedMonitoring fail: instance DocsA: Performance Insights off .*; instance DocsB: Performance Insights off/);
    expect(on(off, 'DocsA', ['RdsEnhancedMonitoring'])).toEqual([]);
  });

  test('log exports: the profiler not exported, or the profiler parameter not set, fails', () => {
    expect(one(docdbTemplate({ EnableCloudwatchLogsExports: ['audit'] }), 'Docs', 'RdsLogExports')).toMatch(/^RdsLogExports fail: the profiler \(slow operations\) is not exported/);
    const t = docdbTemplate({}, { Params: { Type: 'AWS::DocDB::DBClusterParameterGroup', Properties: { Description: 'd', Family: 'docdb5.0', Parameters: { tls: 'tls1.2+' } } } });
    expect(one(t, 'Params', 'RdsLogExports')).toMatch(/^RdsLogExports fail: .*profiler not set in parameter group Params: off by default/);
  });

  test('engine version absent fails; storage unencrypted fails; one instance fails Multi-AZ; no subnet group fails', () => {
    expect(one(docdbTemplate({ EngineVersion: undefined }), 'Docs', 'RdsEngineVersionPinned')).toMatch(/^RdsEngineVersionPinned fail: EngineVersion not set: DocumentDB creates/);
    expect(one(docdbTemplate({ StorageEncrypted: false }), 'Docs', 'RdsStorageEncrypted')).toMatch(/^RdsStorageEncrypted fail: storage is not encrypted/);
    const single = docdbTemplate();
    delete single.Resources.DocsB;
    expect(one(single, 'Docs', 'RdsMultiAz')).toMatch(/^RdsMultiAz fail: DocumentDB cluster has 1 instance/);
    expect(one(docdbTemplate({ DBSubnetGroupName: undefined }), 'Docs', 'PrivateSubnets')).toMatch(/^PrivateSubnets fail: no DBSubnetGroupName/);
  });

  test('the CDK\'s DatabaseCluster (aws-cdk-lib/aws-docdb) is read: its defaults fail where they should', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'S', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const cluster = new docdb.DatabaseCluster(stack, 'Docs', {
      masterUser: { username: 'app' }, vpc, instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
    });
    const template = app.synth().getStackByName('S').template;
    const id = stack.getLogicalId(cluster.node.defaultChild as cdk.CfnElement);
    const found = on(template, id);
    // The CDK encrypts with the AWS-managed key unless kmsKey is given, keeps the default parameter group (tls enabled), one instance.
    expect(found).toContainEqual(expect.stringMatching(/^RdsStorageEncrypted fail: encrypted with the AWS-managed aws\/rds key/));
    expect(found).toContainEqual(expect.stringMatching(/^RdsTlsEnforced fail: tls not set in the default parameter group/));
    expect(found).toContainEqual(expect.stringMatching(/^RdsMultiAz fail: DocumentDB cluster has 1 instance/));
    expect(found).toContainEqual(expect.stringMatching(/^RdsCredentialsManaged fail: master secret .* has no RotationSchedule/));
    const report = new GoLiveChecks({ items: ['DB-ENCRYPTION-AT-REST'], printSummary: false, writeReports: false }).checkTemplate(template, 'S', ENV);
    expect(report.statusOf('DB-ENCRYPTION-AT-REST')).toBe('violated');
  });
});
