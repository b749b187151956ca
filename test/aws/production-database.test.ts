import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupPlan } from '../../lib/aws/backup-plan';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';
import { postgresDefaultMaxConnections } from '../../lib/checklist/policy/instance-memory';
import { DatabaseFlavor, ProductionDatabase, ProductionDatabaseProps } from '../../lib/aws/production-database';

const env = { account: '111111111111', region: 'eu-west-1' };
const GIB = 1024 * 1024 * 1024;

interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly db: ProductionDatabase;
}

function build(props: Partial<ProductionDatabaseProps> = {}, after?: (b: Built) => void): Built {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const db = new ProductionDatabase(stack, 'Db', { vpc, ...props });
  const built = { app, stack, vpc, db };
  after?.(built);
  return built;
}

function claims(db: ProductionDatabase): string[] {
  return db.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

function refOf(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.resolve((construct.node.defaultChild as rds.CfnDBCluster).logicalId);
}

describe('ProductionDatabase (Aurora PostgreSQL, defaults)', () => {
  let b: Built;
  let t: Template;
  let clusterId: string;
  let keyId: string;
  beforeAll(() => {
    b = build({ proxy: true, databaseIdentifier: 'orders' });
    t = Template.fromStack(b.stack);
    clusterId = refOf(b.stack, b.db.cluster!);
    keyId = refOf(b.stack, b.db.encryptionKey as kms.Key);
  });

  test('DB-PROVISIONED, DB-ENGINE-VERSION: an Aurora PostgreSQL cluster with a pinned version', () => {
    t.resourceCountIs('AWS::RDS::DBCluster', 1);
    t.hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-postgresql', EngineVersion: '17.9', DBClusterIdentifier: 'orders' });
  });

  test('DB-ENCRYPTION-AT-REST, KMS-KEY-ROTATION: storage encrypted with a rotating customer-managed key', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', { StorageEncrypted: true, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('DB-TLS-ENFORCED: rds.force_ssl = 1 and TLS 1.2 at least', () => {
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }),
    });
    t.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('ParameterGroup') } });
  });

  test('DB-BACKUP-RETENTION: 30 days of automated backups, kept after deletion', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', { BackupRetentionPeriod: 30, DeleteAutomatedBackups: false });
  });

  test('DB-DELETION-PROTECTION: deletion protection and a snapshot on removal', () => {
    t.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({ DeletionProtection: true }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('DB-MULTI-AZ: a writer and a reader, in different availability zones', () => {
    t.resourceCountIs('AWS::RDS::DBInstance', 2);
    const instances = Object.values(t.findResources('AWS::RDS::DBInstance'));
    const zones = instances.map((i) => i.Properties.AvailabilityZone);
    expect(new Set(zones).size).toBe(2);
    expect(instances.map((i) => i.Properties.DBInstanceIdentifier).sort()).toEqual(['orders-reader-1', 'orders-writer']);
    for (const i of instances) expect(i.Properties.DBClusterIdentifier).toEqual({ Ref: clusterId });
  });

  test('DB-NOT-PUBLIC, NET-PRIVATE-SUBNETS: no instance public, subnets isolated', () => {
    t.allResourcesProperties('AWS::RDS::DBInstance', { PubliclyAccessible: false });
    const isolated = b.vpc.isolatedSubnets.map((s) => ({ Ref: b.stack.resolve((s.node.defaultChild as ec2.CfnSubnet).logicalId) }));
    t.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: isolated });
  });

  test('DB-IAM-AUTH: IAM database authentication', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', { EnableIAMDatabaseAuthentication: true });
  });

  test('DB-LOG-EXPORTS, LOG-RETENTION, LOG-ENCRYPTED: the postgresql log, slow statements included, to an encrypted group kept 30 days', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', { EnableCloudwatchLogsExports: ['postgresql'] });
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: Match.objectLike({ log_min_duration_statement: '1000' }) });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/rds/cluster/orders/postgresql', RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    // The group exists before RDS starts writing to it.
    const logGroupId = Object.keys(t.findResources('AWS::Logs::LogGroup'))[0];
    t.hasResource('AWS::RDS::DBCluster', { DependsOn: Match.arrayWith([logGroupId]) });
    // CloudWatch Logs may use the key.
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: Match.arrayWith(['kms:GenerateDataKey*']) })]) },
    });
  });

  test('DB-ENHANCED-MONITORING: 60 s enhanced monitoring and Performance Insights with the key', () => {
    t.allResourcesProperties('AWS::RDS::DBInstance', { MonitoringInterval: 60, MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('MonitoringRole'), 'Arn'] } });
    t.hasResourceProperties('AWS::RDS::DBCluster', { PerformanceInsightsEnabled: true, PerformanceInsightsKmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    // The instances enable it as the cluster does: the CDK no longer warns that they override it.
    t.allResourcesProperties('AWS::RDS::DBInstance', { EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(Annotations.fromStack(b.stack).findWarning('*', Match.stringLikeRegexp('Performance Insights'))).toEqual([]);
  });

  test('DB-CREDENTIALS-MANAGED, SECRETS-MANAGED, SECRETS-STRENGTH: a generated 32-character password, encrypted with the key', () => {
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      GenerateSecretString: Match.objectLike({ PasswordLength: 32, GenerateStringKey: 'password' }),
    });
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      MasterUserPassword: { 'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:', ':SecretString:password::}}'])] },
    });
  });

  test('SECRETS-ROTATION: hosted single-user rotation every 30 days, reaching the database', () => {
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser', KmsKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } }),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432, ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('RotationSecurityGroup'), 'GroupId'] },
    });
  });

  test('SECRETS-ROTATION-ALERT: a failed rotation notifies the alarm topic', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.secretsmanager'], detail: Match.objectLike({ eventName: Match.arrayWith(['RotationFailed']) }) }),
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('DbAlarmTopic') } })],
    });
  });

  test('ALARM-CPU, ALARM-DB-CONNECTIONS, ALARM-MEMORY: one-minute alarms on every instance at the thresholds', () => {
    const writer = refOf(b.stack, b.db.cluster!.node.findChild('Writer') as unknown as { node: { defaultChild?: unknown } });
    const common = { Namespace: 'AWS/RDS', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 3, Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: writer } }] };
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { ...common, MetricName: 'CPUUtilization', Threshold: 80, ComparisonOperator: 'GreaterThanThreshold' });
    // db.r6g.large: 16 GiB → max_connections LEAST(16 GiB / 9531392, 5000) = 1802; 90 % → 1621.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { ...common, MetricName: 'DatabaseConnections', Threshold: 1621 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { ...common, MetricName: 'FreeableMemory', Threshold: Math.floor(16 * GIB * 0.15), ComparisonOperator: 'LessThanThreshold' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AuroraReplicaLag', Threshold: 30000 });
    expect(b.db.alarms).toHaveLength(7);
  });

  test('ALARM-ACTIONS, ALARM-TOPIC-ENCRYPTED: every alarm notifies an encrypted, TLS-only topic', () => {
    t.allResourcesProperties('AWS::CloudWatch::Alarm', {
      ActionsEnabled: true,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('DbAlarmTopic') }],
    });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('DASHBOARD-INFRASTRUCTURE: a dashboard of CPU, connections, memory, storage and replica lag', () => {
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(b.stack.resolve((b.db.dashboard.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));
    for (const metric of ['CPUUtilization', 'DatabaseConnections', 'FreeableMemory', 'VolumeBytesUsed', 'AuroraReplicaLag']) expect(body).toContain(metric);
    expect(body).toContain(clusterId);
    expect(b.db.dashboardWidgets()).toHaveLength(5);
  });

  test('DB-CONNECTION-POOLING: an RDS Proxy requiring TLS and IAM authentication', () => {
    t.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      DBProxyName: 'orders-proxy',
      Auth: [Match.objectLike({ IAMAuth: 'REQUIRED', SecretArn: { Ref: Match.stringLikeRegexp('MasterSecretAttachment') } })],
    });
    expect(b.db.proxy).toBeDefined();
  });

  test('BACKUP-PLAN: the cluster joins a new AWS Backup plan', () => {
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::Join': ['', Match.arrayWith([{ Ref: clusterId }])] }] }),
    });
    expect(b.db.backupPlan).toBeDefined();
  });

  test('claims the items it provisions', () => {
    expect(claims(b.db)).toEqual(expect.arrayContaining([
      'DB-PROVISIONED', 'DB-ENCRYPTION-AT-REST', 'DB-TLS-ENFORCED', 'DB-BACKUP-RETENTION', 'DB-DELETION-PROTECTION', 'DB-MULTI-AZ',
      'DB-NOT-PUBLIC', 'DB-IAM-AUTH', 'DB-LOG-EXPORTS', 'DB-ENHANCED-MONITORING', 'DB-CREDENTIALS-MANAGED', 'DB-ENGINE-VERSION',
      'DB-CONNECTION-POOLING', 'KMS-KEY-ROTATION', 'SECRETS-ROTATION', 'LOG-RETENTION', 'LOG-ENCRYPTED',
      'ALARM-CPU', 'ALARM-DB-CONNECTIONS', 'ALARM-MEMORY', 'ALARM-ACTIONS', 'ALARM-TOPIC-ENCRYPTED', 'DASHBOARD-INFRASTRUCTURE',
    ]));
    expect(claims(b.db)).not.toContain('ALARM-DISK');
  });

  test('exposes the L2s, endpoints and metrics', () => {
    expect(b.db.cluster).toBeInstanceOf(rds.DatabaseCluster);
    expect(b.db.instance).toBeUndefined();
    expect(b.db.readerEndpoint).toBeDefined();
    expect(b.stack.resolve(b.db.endpoint.hostname)).toEqual({ 'Fn::GetAtt': [clusterId, 'Endpoint.Address'] });
    expect(b.db.metricCpu().metricName).toBe('CPUUtilization');
    expect(b.db.metricConnections().statistic).toBe('Maximum');
    expect(b.db.metricFreeableMemory().metricName).toBe('FreeableMemory');
    expect(b.db.metricReplicaLag().metricName).toBe('AuroraReplicaLag');
    expect(() => b.db.metricFreeStorageSpace()).toThrow(/Aurora storage grows/);
    expect(() => b.db.metricReplicaLag(2)).toThrow(/no reader 2/);
  });

  test('snapshot of the default stack', () => {
    expect(t.toJSON()).toMatchSnapshot();
  });
});

describe('ProductionDatabase (RDS for PostgreSQL)', () => {
  let b: Built;
  let t: Template;
  beforeAll(() => {
    b = build({ flavor: DatabaseFlavor.RDS_POSTGRESQL, readers: 1, allocatedStorage: 200, databaseIdentifier: 'reports' });
    t = Template.fromStack(b.stack);
  });

  test('DB-MULTI-AZ, DB-ENCRYPTION-AT-REST, DB-DELETION-PROTECTION: a Multi-AZ, encrypted, protected instance', () => {
    t.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        Engine: 'postgres', EngineVersion: '17.9', MultiAZ: true, StorageEncrypted: true, StorageType: 'gp3',
        DeletionProtection: true, PubliclyAccessible: false, EnableIAMDatabaseAuthentication: true, BackupRetentionPeriod: 30,
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'], MonitoringInterval: 60, EnablePerformanceInsights: true,
      }),
      DeletionPolicy: 'Snapshot',
    });
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/reports/postgresql', RetentionInDays: 30 });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/reports/upgrade', RetentionInDays: 30 });
  });

  test('a read replica in another zone, protected and retained, with a ReplicaLag alarm', () => {
    t.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({ DBInstanceIdentifier: 'reports-replica-1', DeletionProtection: true, StorageEncrypted: Match.absent(), SourceDBInstanceIdentifier: Match.anyValue() }),
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ReplicaLag', Threshold: 30 });
  });

  test('ALARM-DISK: free storage below 20 % of the allocated storage', () => {
    t.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Threshold: Math.floor(200 * GIB * 0.2), ComparisonOperator: 'LessThanThreshold' }, 2);
    // db.m6g.large: 8 GiB → 901 connections, 90 % → 810.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 810 });
    expect(claims(b.db)).toContain('ALARM-DISK');
  });

  test('DASHBOARD-INFRASTRUCTURE: free storage of each instance on the dashboard', () => {
    const body = JSON.stringify(b.stack.resolve((b.db.dashboard.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));
    expect(body).toContain('FreeStorageSpace');
    expect(body).toContain('ReplicaLag');
  });

  test('BACKUP-PLAN: the instance joins the plan and its restore tests', () => {
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'RDS' });
    expect(b.db.instance).toBeInstanceOf(rds.DatabaseInstance);
    expect(b.db.readReplicas).toHaveLength(1);
  });
});

describe('ProductionDatabase props and API', () => {
  test('max_connections from the instance class memory, capped at 5000', () => {
    expect(postgresDefaultMaxConnections('db.r6g.large')).toBe(1802);
    expect(postgresDefaultMaxConnections('t4g.medium')).toBe(450);
    expect(postgresDefaultMaxConnections('r7g.16xlarge')).toBe(5000);
    expect(postgresDefaultMaxConnections('x2iedn.xlarge')).toBe(5000);
    expect(postgresDefaultMaxConnections('db.m4.large')).toBeUndefined();
  });

  test('an unknown instance class needs maxConnections', () => {
    const instanceType = new ec2.InstanceType('m4.large');
    expect(() => build({ flavor: DatabaseFlavor.RDS_POSTGRESQL, instanceType })).toThrow(/db\.m4\.large is unknown.*set maxConnections/);
    const { stack } = build({ flavor: DatabaseFlavor.RDS_POSTGRESQL, instanceType, maxConnections: 1000 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 900 });
  });

  test('props of the other flavor are refused', () => {
    expect(() => build({ postgresEngineVersion: rds.PostgresEngineVersion.VER_17_9 })).toThrow(/postgresEngineVersion only apply to DatabaseFlavor.RDS_POSTGRESQL/);
    expect(() => build({ flavor: DatabaseFlavor.RDS_POSTGRESQL, auroraEngineVersion: rds.AuroraPostgresEngineVersion.VER_17_9 })).toThrow(/auroraEngineVersion/);
  });

  test('tightened thresholds tighten the defaults', () => {
    const { stack } = build({ thresholds: { cpuPercent: 70, backupRetentionDays: 35, secretRotationDays: 7 } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 70 });
    t.hasResourceProperties('AWS::RDS::DBCluster', { BackupRetentionPeriod: 35 });
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
  });

  test('bring your own key, topic and backup plan', () => {
    const app = new App();
    const s = new Stack(app, 'Own', { env });
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const key = new kms.Key(s, 'MyKey', { enableKeyRotation: true });
    const topic = new sns.Topic(s, 'MyTopic', { masterKey: key, enforceSSL: true });
    const plan = new BackupPlan(s, 'MyPlan', { alarmTopic: topic });
    const dashboard = new cloudwatch.Dashboard(s, 'Service');
    const own = new ProductionDatabase(s, 'Db', { vpc, encryptionKey: key, alarmTopic: topic, backupPlan: plan, dashboard });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(own.dashboard).toBe(dashboard);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.resourceCountIs('AWS::Backup::BackupPlan', 1);
    t.resourceCountIs('AWS::KMS::Key', 2); // the database's (mine) and the vault's
    t.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: s.resolve((topic.node.defaultChild as sns.CfnTopic).logicalId) }] });
    expect(own.backupPlan).toBe(plan);
    expect(claims(own)).not.toContain('KMS-KEY-ROTATION');
    expect(claims(own)).not.toContain('ALARM-TOPIC-ENCRYPTED');
  });

  test('grantConnect grants rds-db:connect on the cluster and the proxy; allowDefaultPortFrom opens the proxy', () => {
    const { stack, db } = build({ proxy: true }, ({ stack: s, vpc, db: d }) => {
      const role = new iam.Role(s, 'App', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      d.grantConnect(role, 'app_user');
      const sg = new ec2.SecurityGroup(s, 'AppSg', { vpc });
      d.allowDefaultPortFrom(sg);
    });
    const t = Template.fromStack(stack);
    const statements = Object.values(t.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((st: { Action: string }) => st.Action === 'rds-db:connect');
    expect(statements).toHaveLength(2);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DbProxySecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AppSg'), 'GroupId'] },
      FromPort: 5432,
    });
    expect(db.enableProxy()).toBe(db.proxy);
  });

  test('no isolated subnets: private subnets with egress', () => {
    const app = new App();
    const s = new Stack(app, 'Private', { env });
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new ProductionDatabase(s, 'Db', { vpc });
    const privateSubnets = vpc.privateSubnets.map((sn) => ({ Ref: s.resolve((sn.node.defaultChild as ec2.CfnSubnet).logicalId) }));
    Template.fromStack(s).hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: privateSubnets });
  });
});

describe('ProductionDatabase refuses weakening props unless acknowledged', () => {
  const publicSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PUBLIC };
  const cases: Array<[string, string, Partial<ProductionDatabaseProps>]> = [
    ['DB-BACKUP-RETENTION', 'backupRetention', { backupRetention: Duration.days(7) }],
    ['DB-DELETION-PROTECTION', 'deletionProtection', { deletionProtection: false }],
    ['DB-DELETION-PROTECTION', 'removalPolicy', { removalPolicy: RemovalPolicy.DESTROY }],
    ['DB-MULTI-AZ', 'readers', { readers: 0 }],
    ['DB-MULTI-AZ', 'multiAz', { flavor: DatabaseFlavor.RDS_POSTGRESQL, multiAz: false }],
    ['DB-MULTI-AZ', 'vpcSubnets', { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: ['dummy1a'] } }],
    ['DB-NOT-PUBLIC', 'vpcSubnets', { vpcSubnets: publicSubnets }],
    ['DB-TLS-ENFORCED', 'parameters', { parameters: { 'rds.force_ssl': '0' } }],
    ['LOG-RETENTION', 'cloudwatchLogsRetention', { cloudwatchLogsRetention: logs.RetentionDays.ONE_WEEK }],
    ['DB-CREDENTIALS-MANAGED', 'secretRotation', { secretRotation: Duration.days(90) }],
    ['BACKUP-PLAN', 'backup', { backup: false }],
  ];

  test.each(cases)('%s via %s', (item, prop, props) => {
    const refused = build(props);
    expect(() => Template.fromStack(refused.stack)).toThrow(new RegExp(`\\[${item}\\] ${prop}:`));
    expect(claims(refused.db)).not.toContain(item);

    const acknowledged = build(props, ({ db }) => {
      Validations.of(db).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'test: accepted' });
    });
    expect(() => Template.fromStack(acknowledged.stack)).not.toThrow();
    Annotations.fromStack(acknowledged.stack).hasWarning('/Stack/Db', Match.stringLikeRegexp(`${item} weakened \\(${prop}: .*acknowledged: test: accepted`));
  });

  test('the weakened values reach the template when acknowledged', () => {
    const { stack } = build({ readers: 0, deletionProtection: false, backupRetention: Duration.days(7) }, ({ db }) => {
      Validations.of(db).acknowledge(
        { id: 'GoLiveChecks::DB-MULTI-AZ', reason: 'staging' },
        { id: 'GoLiveChecks::DB-DELETION-PROTECTION', reason: 'staging' },
        { id: 'GoLiveChecks::DB-BACKUP-RETENTION', reason: 'staging' },
      );
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::RDS::DBInstance', 1);
    t.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: false, BackupRetentionPeriod: 7 });
  });
});
