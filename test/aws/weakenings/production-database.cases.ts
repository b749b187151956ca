/**
 * ProductionDatabase refuses every weakening the checks would fail, naming the
 * item, unless acknowledged; every prop is in the table or says why it touches
 * no claimed item (test/aws/weakenings/harness.ts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DatabaseFlavor, ProductionDatabase } from '../../../lib/aws/production-database';
import { keyWithoutRotation, openSecurityGroup, unencryptedTopic, vpcOf } from './data-tier-fixtures';
import { Check, weakeningSuite } from './harness';

weakeningSuite({
  construct: 'ProductionDatabase',
  propsType: 'ProductionDatabaseProps',
  configurations: {
    aurora: (stack, props) => new ProductionDatabase(stack, 'Db', { vpc: vpcOf(stack), ...props }),
    rds: (stack, props) => new ProductionDatabase(stack, 'Db', { vpc: vpcOf(stack), flavor: DatabaseFlavor.RDS_POSTGRESQL, ...props }),
  },
  weakenings: [
    { prop: 'vpcSubnets', label: 'public subnets', props: { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, item: 'NET-PRIVATE-SUBNETS', check: Check.fails() },
    {
      prop: 'vpcSubnets',
      label: 'one zone',
      props: (stack) => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: [stack.availabilityZones[0]] } }),
      item: 'DB-MULTI-AZ',
      check: Check.cannotKnow('the rule reads the zones of the instances, which RDS places; a DB subnet group in one zone is refused by RDS at deploy'),
    },
    { prop: 'readers', props: { readers: 0 }, item: 'DB-MULTI-AZ', check: Check.fails() },
    { prop: 'multiAz', props: { multiAz: false }, item: 'DB-MULTI-AZ', check: Check.fails(), configuration: 'rds' },
    { prop: 'backupRetention', label: '7 days', props: { backupRetention: Duration.days(7) }, item: 'DB-BACKUP-RETENTION', check: Check.fails() },
    { prop: 'deletionProtection', props: { deletionProtection: false }, item: 'DB-DELETION-PROTECTION', check: Check.fails() },
    { prop: 'removalPolicy', label: 'DESTROY', props: { removalPolicy: RemovalPolicy.DESTROY }, item: 'DB-DELETION-PROTECTION', check: Check.fails() },
    { prop: 'monitoringInterval', label: '0 s', props: { monitoringInterval: Duration.seconds(0) }, item: 'DB-ENHANCED-MONITORING', check: Check.fails() },
    { prop: 'parameters.rds.force_ssl', props: { parameters: { 'rds.force_ssl': '0' } }, item: 'DB-TLS-ENFORCED', check: Check.fails() },
    { prop: 'parameters.ssl_min_protocol_version', props: { parameters: { ssl_min_protocol_version: 'TLSv1' } }, item: 'DB-TLS-ENFORCED', check: Check.fails() },
    { prop: 'parameters.log_min_duration_statement', props: { parameters: { log_min_duration_statement: '-1' } }, item: 'DB-LOG-EXPORTS', check: Check.fails() },
    { prop: 'cloudwatchLogsRetention', label: '1 day', props: { cloudwatchLogsRetention: logs.RetentionDays.ONE_DAY }, item: 'LOG-RETENTION', check: Check.fails() },
    { prop: 'secretRotation', label: '90 days', props: { secretRotation: Duration.days(90) }, item: 'DB-CREDENTIALS-MANAGED', check: Check.fails() },
    { prop: 'backup', props: { backup: false }, item: 'BACKUP-PLAN', check: Check.fails() },
    { prop: 'maxConnections', props: { maxConnections: 1e9 }, item: 'ALARM-DB-CONNECTIONS', check: Check.fails() },
    { prop: 'maxConnections', label: 'above the max_connections parameter', props: { maxConnections: 2000, parameters: { max_connections: '500' } }, item: 'ALARM-DB-CONNECTIONS', check: Check.fails() },
    { prop: 'encryptionKey', label: 'a key without rotation', props: (stack) => ({ encryptionKey: keyWithoutRotation(stack) }), item: 'KMS-KEY-ROTATION', check: Check.fails() },
    { prop: 'alarmTopic', label: 'an unencrypted topic', props: (stack) => ({ alarmTopic: unencryptedTopic(stack) }), item: 'ALARM-TOPIC-ENCRYPTED', check: Check.fails() },
    { prop: 'securityGroup', label: 'open to the internet', props: (stack) => ({ securityGroup: openSecurityGroup(stack) }), item: 'NET-RESTRICTED-INGRESS', check: Check.fails() },
  ],
  untouched: {
    'vpc': 'the subnets are chosen by vpcSubnets (its rows); a VPC without private or isolated subnets is refused by selectSubnets',
    'flavor': 'both flavors provision every database item (the rows run in each)',
    'auroraEngineVersion': 'every AuroraPostgresEngineVersion is a pinned version (DB-ENGINE-VERSION)',
    'postgresEngineVersion': 'every PostgresEngineVersion is a pinned version (DB-ENGINE-VERSION)',
    'instanceType': 'any class: the alarms follow its memory; for a class whose memory cdk-golive does not know, ALARM-MEMORY and ALARM-DB-CONNECTIONS are not claimed',
    'allocatedStorage': 'the free-storage alarm is a percentage of it (ALARM-DISK holds at any size)',
    'databaseIdentifier': 'a name; no item depends on it',
    'port': 'the port is not an item: security groups, TLS and IAM authentication control access',
    'databaseName': 'a name; no item depends on it',
    'masterUsername': 'the password is generated and rotated whatever the user name (SECRETS-STRENGTH, DB-CREDENTIALS-MANAGED)',
    'preferredBackupWindow': 'when the daily automated backup runs; retention (DB-BACKUP-RETENTION) is backupRetention',
    'performanceInsightRetention': 'Performance Insights stays on (DB-ENHANCED-MONITORING) at every retention',
    'slowQueryThreshold': 'any Duration is a non-negative log_min_duration_statement, which logs slow statements (DB-LOG-EXPORTS); the catalog sets no bound on it',
    'rotationSubnets': 'where the rotation function runs; rotation stays scheduled every secretRotationDays (whether the subnets reach Secrets Manager is not in a template)',
    'proxy': 'DB-CONNECTION-POOLING is claimed only with the proxy; without it, nothing is claimed',
    'replicaLagThreshold': 'the replica lag alarm is not a checklist item',
    'dashboard': "the widgets go to the user's dashboard instead of a new one (DASHBOARD-INFRASTRUCTURE holds)",
    'backupPlan': 'a BackupPlan refuses its own weakenings (test/aws/weakenings/backup-plan.cases.ts)',
    'thresholds': 'thresholds only tighten (Thresholds.of refuses a looser value)',
  },
}, ['lib/aws/production-database.ts']);
