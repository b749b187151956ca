import { Duration, Names, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { slowQueryLogProblem } from '../checklist/policy/data-settings';
import { weakDbTlsVersions } from '../checklist/policy/tls';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { AppSecret } from './app-secret';
import { BackupPlan, BackupTarget, IBackupTarget } from './backup-plan';
import { instanceClassMemoryBytes, postgresDefaultMaxConnections } from '../checklist/policy/instance-memory';
import { allowBackupNotifications } from './private/backup-notifications';
import {
  allowServicesToUseKey, createAlarmTopic, createKey, refuseKeyWithoutRotation, refuseOpenSecurityGroups, refuseUnprotectedTopic, retentionAtLeast, retentionMeets,
} from './private/data-tier-defaults';
import { claim, refuseWeakening, thresholdsFor } from './private/guard';
import { acknowledgeSameChecks } from './private/nag-packs';

/**
 * The kind of PostgreSQL database a `ProductionDatabase` provisions.
 */
export enum DatabaseFlavor {
  /** Amazon Aurora PostgreSQL-Compatible Edition: a cluster with a writer and reader instances. */
  AURORA_POSTGRESQL = 'AURORA_POSTGRESQL',
  /** Amazon RDS for PostgreSQL: a Multi-AZ DB instance (a synchronous standby in another zone). */
  RDS_POSTGRESQL = 'RDS_POSTGRESQL',
}

/**
 * Properties of a `ProductionDatabase`.
 */
export interface ProductionDatabaseProps {
  /**
   * The VPC the database is placed in.
   */
  readonly vpc: ec2.IVpc;

  /**
   * Aurora PostgreSQL or RDS for PostgreSQL.
   * @default DatabaseFlavor.AURORA_POSTGRESQL
   */
  readonly flavor?: DatabaseFlavor;

  /**
   * Aurora PostgreSQL engine version, pinned (DB-ENGINE-VERSION). Only with `DatabaseFlavor.AURORA_POSTGRESQL`.
   * @default rds.AuroraPostgresEngineVersion.VER_17_9
   */
  readonly auroraEngineVersion?: rds.AuroraPostgresEngineVersion;

  /**
   * RDS for PostgreSQL engine version, pinned (DB-ENGINE-VERSION). Only with `DatabaseFlavor.RDS_POSTGRESQL`.
   * @default rds.PostgresEngineVersion.VER_17_9
   */
  readonly postgresEngineVersion?: rds.PostgresEngineVersion;

  /**
   * The instance class of every instance (writer, readers, replicas).
   * @default - db.r6g.large for Aurora, db.m6g.large for RDS
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Aurora: the number of reader instances besides the writer, placed in other
   * availability zones (DB-MULTI-AZ; 0 is refused unless acknowledged).
   * RDS: the number of read replicas besides the Multi-AZ standby.
   * @default - 1 for Aurora, 0 for RDS (the Multi-AZ standby covers DB-MULTI-AZ)
   */
  readonly readers?: number;

  /**
   * RDS only: a synchronous standby in another availability zone
   * (DB-MULTI-AZ; `false` is refused unless acknowledged).
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * RDS only: allocated storage, in GiB (gp3). The free-storage alarm is a
   * percentage of it.
   * @default 100
   */
  readonly allocatedStorage?: number;

  /**
   * The subnets of the database (and of the proxy and the rotation function).
   * Public subnets are refused (DB-NOT-PUBLIC) unless acknowledged.
   * @default - the isolated subnets of the VPC, or its private subnets if it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security group of the database. Open it with `allowDefaultPortFrom()`.
   * @default - a new security group with no ingress and no egress
   */
  readonly securityGroup?: ec2.ISecurityGroup;

  /**
   * The customer-managed KMS key that encrypts the storage, Performance
   * Insights, the master secret, the log groups and the default alarm topic.
   * A key you bring must rotate; when it is imported, its policy must let
   * CloudWatch Logs, CloudWatch and EventBridge use it (this construct adds
   * those statements to a key defined in the same app).
   * @default - a new key with rotation enabled, retained on removal
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The identifier of the cluster (Aurora) or instance (RDS); instances and
   * log groups are named after it. Lowercase letters, digits and hyphens.
   * @default - derived from the construct path
   */
  readonly databaseIdentifier?: string;

  /**
   * The PostgreSQL port of the database (and the proxy).
   * @default 5432
   */
  readonly port?: number;

  /**
   * The name of a database created with the cluster or instance.
   * @default - none (only the `postgres` maintenance database)
   */
  readonly databaseName?: string;

  /**
   * The master user name, stored with a generated password in Secrets Manager.
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;

  /**
   * Automated backup retention, which is also the point-in-time restore
   * window (DB-BACKUP-RETENTION). Shorter than the `backupRetentionDays`
   * threshold is refused unless acknowledged.
   * @default - the `backupRetentionDays` threshold (30 days)
   */
  readonly backupRetention?: Duration;

  /**
   * The daily automated backup window, `hh24:mi-hh24:mi` in UTC.
   * @default - a window chosen by the service
   */
  readonly preferredBackupWindow?: string;

  /**
   * Deletion protection (DB-DELETION-PROTECTION). `false` is refused unless acknowledged.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the database when it leaves the stack
   * (DB-DELETION-PROTECTION). `DESTROY` is refused unless acknowledged.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Enhanced monitoring interval (DB-ENHANCED-MONITORING): 1, 5, 10, 15, 30 or 60 seconds.
   * @default Duration.seconds(60)
   */
  readonly monitoringInterval?: Duration;

  /**
   * Performance Insights retention (always on, encrypted with the key).
   * @default rds.PerformanceInsightRetention.DEFAULT (7 days, free tier)
   */
  readonly performanceInsightRetention?: rds.PerformanceInsightRetention;

  /**
   * Statements running longer than this are logged (`log_min_duration_statement`, DB-LOG-EXPORTS).
   * @default Duration.seconds(1)
   */
  readonly slowQueryThreshold?: Duration;

  /**
   * Extra engine parameters, merged over the construct's (`rds.force_ssl = 1`,
   * `ssl_min_protocol_version = TLSv1.2`, `log_min_duration_statement`).
   * Setting `rds.force_ssl` to `0` is refused (DB-TLS-ENFORCED) unless acknowledged.
   * @default - none
   */
  readonly parameters?: { [name: string]: string };

  /**
   * Retention of the exported PostgreSQL log groups (LOG-RETENTION). Shorter
   * than the `logRetentionDays` threshold is refused unless acknowledged.
   * @default - the shortest retention that meets the `logRetentionDays` threshold (one month)
   */
  readonly cloudwatchLogsRetention?: logs.RetentionDays;

  /**
   * How often the master password rotates (DB-CREDENTIALS-MANAGED). Longer
   * than the `secretRotationDays` threshold is refused unless acknowledged.
   * @default - the `secretRotationDays` threshold (30 days)
   */
  readonly secretRotation?: Duration;

  /**
   * Subnets of the hosted rotation function. They need a route to Secrets
   * Manager: a NAT gateway or a `secretsmanager` interface VPC endpoint.
   * @default - the database subnets
   */
  readonly rotationSubnets?: ec2.SubnetSelection;

  /**
   * Put an RDS Proxy in front of the database (DB-CONNECTION-POOLING), with
   * TLS required and IAM authentication. Also `enableProxy()`.
   * @default false
   */
  readonly proxy?: boolean;

  /**
   * The topic every alarm notifies (ALARM-ACTIONS), also used for failed
   * rotations and by the default backup plan. When it is encrypted, its key
   * policy must let CloudWatch, EventBridge and AWS Backup use the key, and its
   * topic policy must let CloudWatch alarms publish.
   * @default - a new topic encrypted with the key, TLS-only
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * `max_connections` of each instance, for the connections alarm. Required
   * for an instance class the construct does not know, or when you change
   * `max_connections` in `parameters`.
   * @default - the PostgreSQL default for the instance class: LEAST(memory / 9531392, 5000)
   */
  readonly maxConnections?: number;

  /**
   * Replica lag that raises an alarm.
   * @default Duration.seconds(30)
   */
  readonly replicaLagThreshold?: Duration;

  /**
   * The dashboard the database's widgets are added to (DASHBOARD-INFRASTRUCTURE):
   * CPU, connections, freeable memory, storage and replica lag of every instance.
   * @default - a new dashboard for this database
   */
  readonly dashboard?: cloudwatch.Dashboard;

  /**
   * The AWS Backup plan the database joins (BACKUP-PLAN).
   * @default - a new `BackupPlan` (with its own key) notifying the alarm topic
   */
  readonly backupPlan?: BackupPlan;

  /**
   * Join an AWS Backup plan. `false` is refused (BACKUP-PLAN) unless acknowledged.
   * @default true
   */
  readonly backup?: boolean;

  /**
   * Tightened thresholds for this database (and its default backup plan).
   * @default - the catalog thresholds, tightened by the `cdk-golive:thresholds` context
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * A production PostgreSQL database: Aurora PostgreSQL (default) or RDS for
 * PostgreSQL, with every database item of the checklist provisioned.
 *
 * - storage, Performance Insights, master secret and logs encrypted with a
 *   customer-managed KMS key that rotates (DB-ENCRYPTION-AT-REST, KMS-KEY-ROTATION);
 * - `rds.force_ssl = 1` and TLS 1.2+ (DB-TLS-ENFORCED);
 * - 30 days of automated backups with point-in-time restore (DB-BACKUP-RETENTION),
 *   and an AWS Backup plan with restore testing (BACKUP-PLAN);
 * - deletion protection and a final snapshot (DB-DELETION-PROTECTION);
 * - a writer and a reader in another zone, or a Multi-AZ instance (DB-MULTI-AZ);
 * - isolated (or private) subnets, never public (DB-NOT-PUBLIC);
 * - IAM database authentication (DB-IAM-AUTH);
 * - PostgreSQL logs, slow statements included, exported to encrypted log
 *   groups kept 30 days (DB-LOG-EXPORTS, LOG-RETENTION, LOG-ENCRYPTED);
 * - enhanced monitoring and Performance Insights (DB-ENHANCED-MONITORING);
 * - a generated 32-character master password in Secrets Manager, rotated every
 *   30 days by the hosted single-user rotation, a failed rotation notifying the
 *   alarm topic (DB-CREDENTIALS-MANAGED, SECRETS-ROTATION, SECRETS-ROTATION-ALERT);
 * - optionally an RDS Proxy with TLS and IAM authentication (DB-CONNECTION-POOLING);
 * - alarms on CPU, connections (% of `max_connections`), freeable memory,
 *   replica lag and (RDS) free storage, each notifying a topic (ALARM-CPU,
 *   ALARM-DB-CONNECTIONS, ALARM-MEMORY, ALARM-DISK, ALARM-ACTIONS), and a
 *   dashboard of the same metrics (DASHBOARD-INFRASTRUCTURE).
 *
 * Every threshold comes from the catalog (`Thresholds`); a prop that weakens an
 * item fails the synth unless acknowledged:
 * `Validations.of(db).acknowledge({ id: 'GoLiveChecks::DB-MULTI-AZ', reason: '...' })`.
 *
 * The rotation function runs in the database subnets: give them a route to
 * Secrets Manager (a NAT gateway or an interface endpoint), or set `rotationSubnets`.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * declare const service: ec2.IConnectable & iam.IGrantable;
 * const db = new ProductionDatabase(this, 'Db', { vpc, proxy: true, databaseName: 'app' });
 * db.allowDefaultPortFrom(service);
 * db.grantConnect(service, 'app_user');
 *
 * // RDS for PostgreSQL instead of Aurora, in an existing backup plan
 * declare const plan: BackupPlan;
 * new ProductionDatabase(this, 'Reports', {
 *   vpc,
 *   flavor: DatabaseFlavor.RDS_POSTGRESQL,
 *   postgresEngineVersion: rds.PostgresEngineVersion.VER_17_9,
 *   allocatedStorage: 200,
 *   backupPlan: plan,
 * });
 */
export class ProductionDatabase extends Construct implements ec2.IConnectable, IBackupTarget {
  /** Aurora or RDS. */
  public readonly flavor: DatabaseFlavor;
  /** The Aurora cluster (Aurora only). */
  public readonly cluster?: rds.DatabaseCluster;
  /** The DB instance (RDS only). */
  public readonly instance?: rds.DatabaseInstance;
  /** The read replicas (RDS only). */
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[] = [];
  /** The security group(s) of the database. */
  public readonly connections: ec2.Connections;
  /** The writer endpoint (host name and port). */
  public readonly endpoint: rds.Endpoint;
  /** The reader endpoint of the cluster (Aurora only). */
  public readonly readerEndpoint?: rds.Endpoint;
  /** The master credentials (username, password, host, port) in Secrets Manager. */
  public readonly secret: secretsmanager.ISecret;
  /** The customer-managed key. */
  public readonly encryptionKey: kms.IKey;
  /** The topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The alarms, each with an action on `alarmTopic`. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The dashboard showing the database (DASHBOARD-INFRASTRUCTURE). */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The log groups of the exported PostgreSQL logs. */
  public readonly logGroups: logs.LogGroup[] = [];
  /** The AWS Backup plan the database joined, unless `backup: false`. */
  public readonly backupPlan?: BackupPlan;
  /** The cluster or instance identifier. */
  public readonly databaseIdentifier: string;
  /**
   * The identifiers of every DB instance (references to the instances): the
   * writer first, then the readers or replicas.
   */
  public readonly instanceIdentifiers: string[];
  /** The `max_connections` the connections alarm is computed from. */
  public readonly maxConnections: number;
  /** The thresholds in force. */
  public readonly thresholds: Thresholds;

  private readonly props: ProductionDatabaseProps;
  /** The literal names of `instanceIdentifiers`, for construct ids and descriptions. */
  private readonly instanceNames: string[];
  private readonly subnets: ec2.SubnetSelection;
  private readonly port: number;
  private _proxy?: rds.DatabaseProxy;

  constructor(scope: Construct, id: string, props: ProductionDatabaseProps) {
    super(scope, id);
    this.props = props;
    const t = thresholdsFor(this, props.thresholds);
    this.thresholds = t;
    this.flavor = props.flavor ?? DatabaseFlavor.AURORA_POSTGRESQL;
    const aurora = this.flavor === DatabaseFlavor.AURORA_POSTGRESQL;
    this.validateFlavorProps(aurora);

    this.databaseIdentifier = props.databaseIdentifier ?? this.defaultIdentifier();
    validateIdentifier(this.databaseIdentifier);
    this.port = props.port ?? 5432;
    const instanceType = props.instanceType ?? (aurora
      ? ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE)
      : ec2.InstanceType.of(ec2.InstanceClass.M6G, ec2.InstanceSize.LARGE));
    const connections = this.resolveMaxConnections(instanceType, t);
    this.maxConnections = connections.value;

    this.encryptionKey = props.encryptionKey ?? createKey(this, 'Key', `Encrypts the ${this.databaseIdentifier} database, its secret, logs and alarm topic`);
    allowServicesToUseKey(this.encryptionKey);
    if (props.encryptionKey) refuseKeyWithoutRotation(this, props.encryptionKey, 'encryptionKey');
    if (props.alarmTopic) refuseUnprotectedTopic(this, props.alarmTopic, 'alarmTopic');
    if (props.securityGroup) refuseOpenSecurityGroups(this, [props.securityGroup], 'securityGroup');

    // ---- network ----------------------------------------------------------------------------
    this.subnets = props.vpcSubnets ?? { subnetType: props.vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const selected = props.vpc.selectSubnets(this.subnets);
    const publicIds = new Set(props.vpc.publicSubnets.map((s) => s.subnetId));
    if (this.subnets.subnetType === ec2.SubnetType.PUBLIC || selected.subnets.some((s) => publicIds.has(s.subnetId))) {
      refuseWeakening(this, 'NET-PRIVATE-SUBNETS', 'vpcSubnets', 'selects public subnets; a database belongs in isolated or private subnets');
    }
    const zones = [...new Set(selected.subnets.map((s) => s.availabilityZone))].filter((z) => !Token.isUnresolved(z));
    const enoughZones = zones.length === 0 || t.meets('minAvailabilityZones', zones.length);
    if (!enoughZones) {
      refuseWeakening(this, 'DB-MULTI-AZ', 'vpcSubnets', `selects subnets in ${zones.length} availability zone(s), fewer than the minAvailabilityZones threshold (${t.minAvailabilityZones})`);
    }
    const securityGroup = props.securityGroup ?? new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Database ${this.databaseIdentifier}: no ingress unless granted, no egress`,
      allowAllOutbound: false,
    });

    // ---- weakening props ----------------------------------------------------------------------
    const backupRetention = props.backupRetention ?? Duration.days(t.backupRetentionDays);
    const backupRetentionMeets = t.meets('backupRetentionDays', backupRetention.toDays({ integral: false }));
    if (!backupRetentionMeets) {
      refuseWeakening(this, 'DB-BACKUP-RETENTION', 'backupRetention', `${backupRetention.toHumanString()} is shorter than the backupRetentionDays threshold (${t.backupRetentionDays} days)`);
    }
    const deletionProtection = props.deletionProtection ?? true;
    if (!deletionProtection) {
      refuseWeakening(this, 'DB-DELETION-PROTECTION', 'deletionProtection', 'false lets the database be deleted by a stack update or a console click');
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    if (removalPolicy === RemovalPolicy.DESTROY) {
      refuseWeakening(this, 'DB-DELETION-PROTECTION', 'removalPolicy', 'DESTROY deletes the database without a final snapshot when it leaves the stack');
    }
    const readers = props.readers ?? (aurora ? 1 : 0);
    if (!Number.isInteger(readers) || readers < 0) {
      throw new Error(`ProductionDatabase ${this.node.path}: readers must be a non-negative integer, got ${readers}`);
    }
    if (aurora && readers === 0) {
      refuseWeakening(this, 'DB-MULTI-AZ', 'readers', '0 leaves the cluster with a writer only, no reader in another availability zone to fail over to');
    }
    const multiAz = props.multiAz ?? true;
    if (!aurora && !multiAz) {
      refuseWeakening(this, 'DB-MULTI-AZ', 'multiAz', 'false leaves the instance without a standby in another availability zone');
    }
    const parameters = this.engineParameters();
    const logRetention = props.cloudwatchLogsRetention ?? retentionAtLeast(t.logRetentionDays);
    if (!retentionMeets(t, logRetention)) {
      refuseWeakening(this, 'LOG-RETENTION', 'cloudwatchLogsRetention', `${logRetention} days is shorter than the logRetentionDays threshold (${t.logRetentionDays} days)`);
    }
    const rotation = props.secretRotation ?? Duration.days(t.secretRotationDays);
    const rotationMeets = t.meets('secretRotationDays', rotation.toDays({ integral: false }));
    if (!rotationMeets) {
      refuseWeakening(this, 'DB-CREDENTIALS-MANAGED', 'secretRotation', `${rotation.toHumanString()} is longer than the secretRotationDays threshold (${t.secretRotationDays} days)`);
    }
    if (props.backup === false && props.backupPlan) {
      throw new Error(`ProductionDatabase ${this.node.path}: set either backup: false or backupPlan, not both`);
    }
    if (props.backup === false) {
      refuseWeakening(this, 'BACKUP-PLAN', 'backup', 'false keeps the database out of an AWS Backup plan (no daily/monthly recovery points, no restore testing)');
    }

    // ---- credentials --------------------------------------------------------------------------
    const masterSecret = new secretsmanager.Secret(this, 'MasterSecret', {
      description: `Master credentials of the ${this.databaseIdentifier} database`,
      encryptionKey: this.encryptionKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: props.masterUsername ?? 'dbadmin' }),
        generateStringKey: 'password',
        passwordLength: t.secretLengthChars,
        excludeCharacters: PASSWORD_EXCLUDE_CHARACTERS,
      },
    });
    const credentials = rds.Credentials.fromSecret(masterSecret);

    // ---- monitoring -------------------------------------------------------------------------
    const monitoringRole = new iam.Role(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      description: `Enhanced monitoring of the ${this.databaseIdentifier} database`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    Validations.of(monitoringRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason: 'The AWS-managed service role policy is the documented, minimal permission set for RDS enhanced monitoring (it writes to the RDSOSMetrics log group only).',
    });
    const monitoringInterval = props.monitoringInterval ?? Duration.seconds(60);
    const monitoringSeconds = monitoringInterval.toSeconds({ integral: false });
    if (monitoringSeconds === 0) {
      refuseWeakening(this, 'DB-ENHANCED-MONITORING', 'monitoringInterval', '0 turns Enhanced Monitoring off (no OS metrics: memory, swap, processes)');
    } else if (!MONITORING_INTERVALS.includes(monitoringSeconds)) {
      throw new Error(`ProductionDatabase ${this.node.path}: monitoringInterval must be one of ${MONITORING_INTERVALS.join(', ')} seconds, got ${monitoringInterval.toHumanString()}`);
    }
    const performanceInsightRetention = props.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT;
    const caCertificate = rds.CaCertificate.RDS_CA_RSA2048_G1;

    // ---- the database -------------------------------------------------------------------------
    if (aurora) {
      const writerId = `${this.databaseIdentifier}-writer`;
      const readerIds = Array.from({ length: readers }, (_, i) => `${this.databaseIdentifier}-reader-${i + 1}`);
      this.instanceNames = [writerId, ...readerIds];
      const logGroups = this.createLogGroups('cluster', this.databaseIdentifier, '', ['postgresql'], logRetention);
      const instanceOptions = (identifier: string, zoneIndex: number): rds.ProvisionedClusterInstanceProps => ({
        instanceType,
        instanceIdentifier: identifier,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        caCertificate,
        availabilityZone: zones.length >= 2 ? zones[zoneIndex % zones.length] : undefined,
        // As on the cluster: left unset, the CDK warns that the instances override it.
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.encryptionKey,
        performanceInsightRetention,
      });
      const cluster = new rds.DatabaseCluster(this, 'Cluster', {
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: props.auroraEngineVersion ?? rds.AuroraPostgresEngineVersion.VER_17_9 }),
        clusterIdentifier: this.databaseIdentifier,
        writer: rds.ClusterInstance.provisioned('Writer', instanceOptions(writerId, 0)),
        readers: readerIds.map((rid, i) => rds.ClusterInstance.provisioned(`Reader${i + 1}`, instanceOptions(rid, i + 1))),
        vpc: props.vpc,
        vpcSubnets: this.subnets,
        securityGroups: [securityGroup],
        port: this.port,
        credentials,
        defaultDatabaseName: props.databaseName,
        storageEncrypted: true,
        storageEncryptionKey: this.encryptionKey,
        backup: { retention: backupRetention, preferredWindow: props.preferredBackupWindow },
        deleteAutomatedBackups: false,
        copyTagsToSnapshot: true,
        deletionProtection,
        removalPolicy,
        iamAuthentication: true,
        parameters,
        cloudwatchLogsExports: ['postgresql'],
        monitoringInterval,
        monitoringRole,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.encryptionKey,
        performanceInsightRetention,
      });
      for (const g of logGroups) cluster.node.addDependency(g);
      this.cluster = cluster;
      this.instanceIdentifiers = cluster.instanceIdentifiers;
      this.endpoint = cluster.clusterEndpoint;
      this.readerEndpoint = cluster.clusterReadEndpoint;
      this.connections = cluster.connections;
      this.secret = cluster.secret!;
    } else {
      const replicaIds = Array.from({ length: readers }, (_, i) => `${this.databaseIdentifier}-replica-${i + 1}`);
      this.instanceNames = [this.databaseIdentifier, ...replicaIds];
      const exports = ['postgresql', 'upgrade'];
      const logGroups = this.createLogGroups('instance', this.databaseIdentifier, '', exports, logRetention);
      const common = {
        instanceType,
        vpc: props.vpc,
        vpcSubnets: this.subnets,
        securityGroups: [securityGroup],
        port: this.port,
        storageEncryptionKey: this.encryptionKey,
        iamAuthentication: true,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        caCertificate,
        copyTagsToSnapshot: true,
        monitoringInterval,
        monitoringRole,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.encryptionKey,
        performanceInsightRetention,
        cloudwatchLogsExports: exports,
        storageType: rds.StorageType.GP3,
      };
      const instance = new rds.DatabaseInstance(this, 'Instance', {
        ...common,
        engine: rds.DatabaseInstanceEngine.postgres({ version: props.postgresEngineVersion ?? rds.PostgresEngineVersion.VER_17_9 }),
        instanceIdentifier: this.databaseIdentifier,
        credentials,
        databaseName: props.databaseName,
        storageEncrypted: true,
        allocatedStorage: this.allocatedStorage(),
        multiAz,
        backupRetention,
        preferredBackupWindow: props.preferredBackupWindow,
        deleteAutomatedBackups: false,
        deletionProtection,
        removalPolicy,
        parameters,
      });
      for (const g of logGroups) instance.node.addDependency(g);
      acknowledgeDefaultPort(instance);
      replicaIds.forEach((rid, i) => {
        const replicaLogGroups = this.createLogGroups('instance', rid, `Replica${i + 1}`, exports, logRetention);
        // A read replica is protected like its source, but retained rather than
        // snapshotted (RDS takes no final snapshot of a replica): to scale in,
        // remove it from the stack and delete the instance by hand.
        const replica = new rds.DatabaseInstanceReadReplica(this, `Replica${i + 1}`, {
          ...common,
          sourceDatabaseInstance: instance,
          instanceIdentifier: rid,
          availabilityZone: zones.length >= 2 ? zones[(i + 1) % zones.length] : undefined,
          deletionProtection,
          removalPolicy: removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        });
        // A replica inherits encryption from its source (KmsKeyId is set); CloudFormation
        // rejects StorageEncrypted together with SourceDBInstanceIdentifier.
        (replica.node.defaultChild as rds.CfnDBInstance).addPropertyDeletionOverride('StorageEncrypted');
        for (const g of replicaLogGroups) replica.node.addDependency(g);
        acknowledgeDefaultPort(replica);
        Validations.of(replica).acknowledge(
          {
            id: 'AwsSolutions-RDS3',
            reason: 'A read replica adds read capacity; availability comes from the Multi-AZ source (and from other replicas placed in other zones).',
          },
          {
            id: 'NIST.800.53.R5-RDSMultiAZSupport',
            reason: 'A read replica adds read capacity; availability comes from the Multi-AZ source (and from other replicas placed in other zones).',
          },
          {
            id: 'NIST.800.53.R5-RDSInBackupPlan',
            reason: 'A read replica holds a copy of its source, which the AWS Backup plan selects; backing up the replica would duplicate the source\'s recovery points.',
          },
        );
        this.readReplicas.push(replica);
      });
      this.instance = instance;
      this.instanceIdentifiers = [instance.instanceIdentifier, ...this.readReplicas.map((r) => r.instanceIdentifier)];
      this.endpoint = instance.instanceEndpoint;
      this.connections = instance.connections;
      this.secret = instance.secret!;
    }

    // ---- rotation ---------------------------------------------------------------------------
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: `Rotation function of the ${this.databaseIdentifier} master secret: HTTPS to Secrets Manager and the database port only`,
      allowAllOutbound: false,
    });
    rotationSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager API (through a NAT gateway or an interface endpoint)');
    const hostedRotation = secretsmanager.HostedRotation.postgreSqlSingleUser({
      vpc: props.vpc,
      vpcSubnets: props.rotationSubnets ?? this.subnets,
      securityGroups: [rotationSecurityGroup],
      excludeCharacters: PASSWORD_EXCLUDE_CHARACTERS,
    });
    this.secret.addRotationSchedule('RotationSchedule', {
      hostedRotation,
      automaticallyAfter: rotation,
    });
    this.connections.allowFrom(hostedRotation, ec2.Port.tcp(this.port), 'Secrets Manager rotation of the master password');

    // ---- alarms -------------------------------------------------------------------------------
    this.alarmTopic = props.alarmTopic ?? createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, `Alarms of the ${this.databaseIdentifier} database`);
    this.createAlarms(instanceType, aurora);
    this.dashboard = props.dashboard ?? new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(...this.dashboardWidgets());
    new events.Rule(this, 'RotationFailedRule', {
      description: `A rotation of the ${this.databaseIdentifier} master secret failed`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: {
          eventName: ['RotationFailed', 'RotationAbandoned'],
          additionalEventData: { SecretId: [this.secret.secretArn] },
        },
      },
      targets: [new eventsTargets.SnsTopic(this.alarmTopic)],
    });

    // ---- proxy ------------------------------------------------------------------------------
    if (props.proxy) this.enableProxy();

    // ---- backup ------------------------------------------------------------------------------
    if (props.backup !== false) {
      if (this.cluster) {
        for (const member of this.instanceNames.map((_, i) => this.cluster!.node.tryFindChild(i === 0 ? 'Writer' : `Reader${i}`))) {
          if (!member) continue;
          Validations.of(member).acknowledge({
            id: 'NIST.800.53.R5-RDSInBackupPlan',
            reason: 'An Aurora cluster member is backed up with its cluster: the AWS Backup plan selects the cluster (AWS Backup backs up Aurora clusters, not their instances).',
          });
        }
      }
      if (!props.backupPlan && !props.alarmTopic) {
        allowBackupNotifications(this.encryptionKey);
      }
      this.backupPlan = props.backupPlan ?? new BackupPlan(this, 'BackupPlan', {
        alarmTopic: this.alarmTopic,
        thresholds: props.thresholds,
      });
      this.backupPlan.addDatabase(this);
    }

    // ---- claims ------------------------------------------------------------------------------
    // A read replica inherits its engine and storage from its source, which the checks do not follow
    // (SourceDBInstanceIdentifier): with replicas, the items judged on them are unknown, so not claimed.
    const judgedOnReplicas = aurora || readers === 0;
    const items = [
      'DB-PROVISIONED', 'DB-ENCRYPTION-AT-REST', 'DB-IAM-AUTH', 'DB-ENGINE-VERSION',
      'SECRETS-MANAGED', 'SECRETS-STRENGTH', 'SECRETS-ROTATION-ALERT', 'LOG-ENCRYPTED',
      'ALARM-CPU', 'ALARM-ACTIONS', 'DASHBOARD-INFRASTRUCTURE',
    ];
    if (!props.encryptionKey) items.push('KMS-KEY-ROTATION');
    if (!props.alarmTopic) items.push('ALARM-TOPIC-ENCRYPTED');
    if (!aurora && judgedOnReplicas) items.push('ALARM-DISK');
    if (parameters['rds.force_ssl'] === '1' && weakDbTlsVersions(parameters.ssl_min_protocol_version).length === 0 && judgedOnReplicas) items.push('DB-TLS-ENFORCED');
    if (monitoringSeconds > 0) items.push('DB-ENHANCED-MONITORING');
    if (connections.meets && judgedOnReplicas) items.push('ALARM-DB-CONNECTIONS');
    if (slowQueryLogProblem(parameters.log_min_duration_statement) === undefined && judgedOnReplicas) items.push('DB-LOG-EXPORTS');
    if (instanceClassMemoryBytes(instanceType.toString()) !== undefined) items.push('ALARM-MEMORY');
    if (rotationMeets) items.push('DB-CREDENTIALS-MANAGED', 'SECRETS-ROTATION');
    if (retentionMeets(t, logRetention)) items.push('LOG-RETENTION');
    if (backupRetentionMeets) items.push('DB-BACKUP-RETENTION');
    if (deletionProtection && removalPolicy !== RemovalPolicy.DESTROY) items.push('DB-DELETION-PROTECTION');
    if ((aurora ? readers > 0 : multiAz) && enoughZones) items.push('DB-MULTI-AZ');
    items.push('DB-NOT-PUBLIC'); // PubliclyAccessible is false on every instance, whatever the subnets
    if (!selected.subnets.some((s) => publicIds.has(s.subnetId))) items.push('NET-PRIVATE-SUBNETS');
    claim(this, ...items);
    acknowledgeSameChecks(this);
  }

  /** What a `BackupPlan` selects: the Aurora cluster, or the RDS instance (its replicas are copies of it). */
  public backupTarget(): BackupTarget {
    return this.cluster ? BackupPlan.clusterTarget(this.cluster) : BackupPlan.instanceTarget(this.instance!);
  }

  /** The RDS Proxy in front of the database, if enabled. */
  public get proxy(): rds.DatabaseProxy | undefined {
    return this._proxy;
  }

  /**
   * Put an RDS Proxy in front of the database (DB-CONNECTION-POOLING): TLS
   * required, IAM authentication, in the database subnets. Idempotent.
   */
  public enableProxy(): rds.DatabaseProxy {
    if (this._proxy) return this._proxy;
    const vpc = this.props.vpc;
    const proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
      vpc,
      description: `RDS Proxy of the ${this.databaseIdentifier} database: no ingress unless granted`,
      allowAllOutbound: false,
    });
    const proxy = new rds.DatabaseProxy(this, 'Proxy', {
      proxyTarget: this.cluster ? rds.ProxyTarget.fromCluster(this.cluster) : rds.ProxyTarget.fromInstance(this.instance!),
      secrets: [this.secret],
      vpc,
      vpcSubnets: this.subnets,
      securityGroups: [proxySecurityGroup],
      requireTLS: true,
      iamAuth: true,
      debugLogging: false,
      dbProxyName: `${this.databaseIdentifier}-proxy`,
    });
    // ProxyTarget opens the database's security group to the proxy's, on the
    // port the cluster/instance reports at deploy time.
    for (const sg of this.connections.securityGroups) {
      for (const rule of sg.node.children.filter((c) => c.node.id.startsWith(`from ${proxySecurityGroup.uniqueId}:`))) {
        Validations.of(rule).acknowledge(...['NIST.800.53.R5-EC2RestrictedCommonPorts', 'NIST.800.53.R5-EC2RestrictedSSH'].map((id) => ({
          id,
          reason: 'Ingress from the RDS Proxy security group only, on the PostgreSQL port of the database, which CDK reads from the cluster/instance endpoint at deploy time (so the rule cannot read it at synth).',
        })));
      }
    }
    const proxyRole = proxy.node.tryFindChild('IAMRole');
    if (proxyRole) {
      Validations.of(proxyRole).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'CDK grants the RDS Proxy role read access to the master secret (and decrypt through Secrets Manager) in the role\'s own policy, scoped to that one secret and used by this role only.',
      });
    }
    this._proxy = proxy;
    claim(this, 'DB-CONNECTION-POOLING');
    acknowledgeSameChecks(this);
    return proxy;
  }

  /**
   * Allow connections on the PostgreSQL port from `other`: to the proxy when
   * there is one, to the database otherwise.
   */
  public allowDefaultPortFrom(other: ec2.IConnectable, description?: string): void {
    if (this._proxy) {
      this._proxy.connections.allowFrom(other, ec2.Port.tcp(this.port), description);
    } else {
      this.connections.allowDefaultPortFrom(other, description);
    }
  }

  /**
   * Grant `rds-db:connect` as `dbUser` (IAM database authentication) on the
   * database, and on the proxy when there is one.
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    const onDatabase = this.cluster ? this.cluster.grantConnect(grantee, dbUser) : this.instance!.grantConnect(grantee, dbUser);
    return this._proxy ? onDatabase.combine(this._proxy.grantConnect(grantee, dbUser)) : onDatabase;
  }

  /** A metric of the writer instance (namespace AWS/RDS, one-minute period). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instanceMetric(metricName, this.instanceIdentifiers[0], cloudwatch.Stats.AVERAGE, props);
  }

  /** CPU utilization of the writer, in percent (maximum per minute). */
  public metricCpu(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instanceMetric('CPUUtilization', this.instanceIdentifiers[0], cloudwatch.Stats.MAXIMUM, props);
  }

  /** Connections to the writer (maximum per minute). */
  public metricConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instanceMetric('DatabaseConnections', this.instanceIdentifiers[0], cloudwatch.Stats.MAXIMUM, props);
  }

  /** Freeable memory of the writer, in bytes (minimum per minute). */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instanceMetric('FreeableMemory', this.instanceIdentifiers[0], cloudwatch.Stats.MINIMUM, props);
  }

  /** RDS only: free storage of the instance, in bytes (minimum per minute). */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (this.cluster) throw new Error(`ProductionDatabase ${this.node.path}: Aurora storage grows on its own; FreeStorageSpace is an RDS metric`);
    return this.instanceMetric('FreeStorageSpace', this.instanceIdentifiers[0], cloudwatch.Stats.MINIMUM, props);
  }

  /**
   * Replica lag of reader (or replica) number `reader` (1-based): AuroraReplicaLag
   * in milliseconds for Aurora, ReplicaLag in seconds for RDS (maximum per minute).
   */
  public metricReplicaLag(reader: number = 1, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const identifier = this.instanceIdentifiers[reader];
    if (reader < 1 || identifier === undefined) {
      throw new Error(`ProductionDatabase ${this.node.path}: no reader ${reader} (the database has ${this.instanceIdentifiers.length - 1})`);
    }
    return this.instanceMetric(this.cluster ? 'AuroraReplicaLag' : 'ReplicaLag', identifier, cloudwatch.Stats.MAXIMUM, props);
  }

  /**
   * Graph widgets of the database, one line per instance: CPU, connections
   * (with the alarm threshold), freeable memory, storage (Aurora: the cluster
   * volume; RDS: free storage) and replica lag. Added to `dashboard`; use them
   * in a service dashboard of your own too.
   */
  public dashboardWidgets(): cloudwatch.IWidget[] {
    const perInstance = (metricName: string, statistic: string): cloudwatch.IMetric[] =>
      this.instanceIdentifiers.map((id, i) => this.instanceMetric(metricName, id, statistic, { label: this.instanceNames[i] }));
    const connectionsThreshold = Math.floor(this.maxConnections * this.thresholds.dbConnectionsPercent / 100);
    const title = (what: string) => `${this.databaseIdentifier}: ${what}`;
    const widgets: cloudwatch.IWidget[] = [
      new cloudwatch.GraphWidget({
        title: title('CPU utilization (%)'),
        left: perInstance('CPUUtilization', cloudwatch.Stats.MAXIMUM),
        leftYAxis: { min: 0, max: 100 },
        leftAnnotations: [{ value: this.thresholds.cpuPercent, label: 'alarm' }],
      }),
      new cloudwatch.GraphWidget({
        title: title(`connections (max_connections ${this.maxConnections})`),
        left: perInstance('DatabaseConnections', cloudwatch.Stats.MAXIMUM),
        leftYAxis: { min: 0 },
        leftAnnotations: [{ value: connectionsThreshold, label: 'alarm' }],
      }),
      new cloudwatch.GraphWidget({
        title: title('freeable memory (bytes)'),
        left: perInstance('FreeableMemory', cloudwatch.Stats.MINIMUM),
        leftYAxis: { min: 0 },
      }),
    ];
    if (this.cluster) {
      widgets.push(new cloudwatch.GraphWidget({
        title: title('cluster volume used (bytes)'),
        left: [new cloudwatch.Metric({
          namespace: 'AWS/RDS',
          metricName: 'VolumeBytesUsed',
          dimensionsMap: { DBClusterIdentifier: this.cluster.clusterIdentifier },
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(5),
        })],
        leftYAxis: { min: 0 },
      }));
    } else {
      widgets.push(new cloudwatch.GraphWidget({
        title: title('free storage (bytes)'),
        left: perInstance('FreeStorageSpace', cloudwatch.Stats.MINIMUM),
        leftYAxis: { min: 0 },
      }));
    }
    if (this.instanceIdentifiers.length > 1) {
      const lag = this.cluster ? 'AuroraReplicaLag' : 'ReplicaLag';
      widgets.push(new cloudwatch.GraphWidget({
        title: title(`replica lag (${this.cluster ? 'ms' : 's'})`),
        left: this.instanceIdentifiers.slice(1).map((id, i) => this.instanceMetric(lag, id, cloudwatch.Stats.MAXIMUM, { label: this.instanceNames[i + 1] })),
        leftYAxis: { min: 0 },
      }));
    }
    return widgets;
  }

  private instanceMetric(metricName: string, instanceIdentifier: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap: { DBInstanceIdentifier: instanceIdentifier },
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }

  private createAlarms(instanceType: ec2.InstanceType, aurora: boolean): void {
    const t = this.thresholds;
    const memoryBytes = instanceClassMemoryBytes(instanceType.toString());
    const connectionsThreshold = Math.floor(this.maxConnections * t.dbConnectionsPercent / 100);
    const lagThreshold = this.props.replicaLagThreshold ?? Duration.seconds(30);
    this.instanceIdentifiers.forEach((identifier, index) => {
      const label = index === 0 ? 'Writer' : `${aurora ? 'Reader' : 'Replica'}${index}`;
      const who = this.instanceNames[index];
      this.addAlarm(`${label}CpuAlarm`, this.instanceMetric('CPUUtilization', identifier, cloudwatch.Stats.MAXIMUM), {
        threshold: t.cpuPercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `ALARM-CPU: CPU of ${who} above ${t.cpuPercent} %`,
      });
      this.addAlarm(`${label}ConnectionsAlarm`, this.instanceMetric('DatabaseConnections', identifier, cloudwatch.Stats.MAXIMUM), {
        threshold: connectionsThreshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `ALARM-DB-CONNECTIONS: connections to ${who} at ${t.dbConnectionsPercent} % of max_connections (${this.maxConnections})`,
      });
      if (memoryBytes !== undefined) {
        this.addAlarm(`${label}FreeableMemoryAlarm`, this.instanceMetric('FreeableMemory', identifier, cloudwatch.Stats.MINIMUM), {
          threshold: Math.floor(memoryBytes * (100 - t.memoryPercent) / 100),
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          alarmDescription: `ALARM-MEMORY: freeable memory of ${who} below ${100 - t.memoryPercent} % of ${instanceType} (memory use above ${t.memoryPercent} %)`,
        });
      }
      if (index > 0) {
        this.addAlarm(`${label}ReplicaLagAlarm`, this.instanceMetric(aurora ? 'AuroraReplicaLag' : 'ReplicaLag', identifier, cloudwatch.Stats.MAXIMUM), {
          threshold: aurora ? lagThreshold.toMilliseconds() : lagThreshold.toSeconds(),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          alarmDescription: `Replica lag of ${who} above ${lagThreshold.toHumanString()}`,
        });
      }
      if (!aurora) {
        const storageBytes = this.allocatedStorage() * 1024 * 1024 * 1024;
        this.addAlarm(`${label}FreeStorageAlarm`, this.instanceMetric('FreeStorageSpace', identifier, cloudwatch.Stats.MINIMUM), {
          threshold: Math.floor(storageBytes * (100 - t.diskPercent) / 100),
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          alarmDescription: `ALARM-DISK: free storage of ${who} below ${100 - t.diskPercent} % of ${this.allocatedStorage()} GiB (disk use above ${t.diskPercent} %)`,
        });
      }
    });
  }

  private addAlarm(id: string, metric: cloudwatch.Metric, options: { threshold: number; comparisonOperator: cloudwatch.ComparisonOperator; alarmDescription: string }): void {
    const minutes = this.thresholds.alarmDetectionMinutes;
    const alarm = metric.createAlarm(this, id, {
      ...options,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      actionsEnabled: true,
    });
    const action = new cloudwatchActions.SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }

  private createLogGroups(kind: 'cluster' | 'instance', identifier: string, label: string, exports: string[], retention: logs.RetentionDays): logs.LogGroup[] {
    const names = exports.map((e) => `/aws/rds/${kind}/${identifier}/${e}`);
    const groups = exports.map((e, i) => new logs.LogGroup(this, `${label}${e.charAt(0).toUpperCase()}${e.slice(1)}LogGroup`, {
      logGroupName: names[i],
      retention,
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    this.logGroups.push(...groups);
    return groups;
  }

  private engineParameters(): { [name: string]: string } {
    const slow = this.props.slowQueryThreshold ?? Duration.seconds(1);
    const parameters: { [name: string]: string } = {
      'rds.force_ssl': '1',
      'ssl_min_protocol_version': 'TLSv1.2',
      'log_min_duration_statement': String(slow.toMilliseconds()),
      ...(this.props.parameters ?? {}),
    };
    if (parameters['rds.force_ssl'] !== '1') {
      refuseWeakening(this, 'DB-TLS-ENFORCED', 'parameters', `rds.force_ssl = ${parameters['rds.force_ssl']} lets clients connect without TLS`);
    }
    const weakTls = weakDbTlsVersions(parameters.ssl_min_protocol_version);
    if (weakTls.length > 0) {
      refuseWeakening(this, 'DB-TLS-ENFORCED', 'parameters', `ssl_min_protocol_version = ${parameters.ssl_min_protocol_version} admits ${weakTls.join(', ')}, older than TLS 1.2`);
    }
    const slowOff = slowQueryLogProblem(parameters.log_min_duration_statement);
    if (slowOff !== undefined) {
      refuseWeakening(this, 'DB-LOG-EXPORTS', 'parameters', `log_min_duration_statement: ${slowOff}`);
    }
    return parameters;
  }

  private allocatedStorage(): number {
    return this.props.allocatedStorage ?? 100;
  }

  /**
   * The `max_connections` of the instances: the `max_connections` parameter when
   * it is a number, else the PostgreSQL default for the class; undefined when
   * neither is known (a formula, or a class whose memory is not in the table).
   */
  private maxConnectionsInForce(instanceType: ec2.InstanceType): { value?: number; source: string } {
    const param = this.props.parameters?.max_connections;
    if (param !== undefined) {
      return { value: /^\d+$/.test(param.trim()) ? Number(param) : undefined, source: `the max_connections parameter (${param})` };
    }
    return { value: postgresDefaultMaxConnections(instanceType.toString()), source: `the PostgreSQL default for db.${instanceType}` };
  }

  /**
   * The `max_connections` the connections alarm is computed from, and whether the
   * alarm meets ALARM-DB-CONNECTIONS: `maxConnections` larger than what the
   * instances run with puts the alarm above the real limit, and is refused.
   */
  private resolveMaxConnections(instanceType: ec2.InstanceType, t: Thresholds): { value: number; meets: boolean } {
    const inForce = this.maxConnectionsInForce(instanceType);
    const given = this.props.maxConnections;
    if (given === undefined) {
      if (inForce.value === undefined) {
        throw new Error(`ProductionDatabase ${this.node.path}: the max_connections of the instances is not known (${inForce.source}), so the ` +
          'connections alarm cannot be computed: set maxConnections (the max_connections of the instance)');
      }
      return { value: inForce.value, meets: true };
    }
    if (!Number.isInteger(given) || given <= 0) {
      throw new Error(`ProductionDatabase ${this.node.path}: maxConnections must be a positive integer, got ${given}`);
    }
    if (inForce.value === undefined) return { value: given, meets: false }; // the checks cannot judge the alarm: not claimed
    const alarmPercent = 100 * Math.floor(given * t.dbConnectionsPercent / 100) / inForce.value;
    if (!t.meets('dbConnectionsPercent', alarmPercent)) {
      refuseWeakening(this, 'ALARM-DB-CONNECTIONS', 'maxConnections',
        `${given} is more than the instances' max_connections (${inForce.value}, ${inForce.source}): the alarm would fire at ${Math.round(alarmPercent)} % of the real limit, above the dbConnectionsPercent threshold (${t.dbConnectionsPercent} %)`);
      return { value: given, meets: false };
    }
    return { value: given, meets: true };
  }

  private validateFlavorProps(aurora: boolean): void {
    const misplaced: string[] = aurora
      ? (['postgresEngineVersion', 'multiAz', 'allocatedStorage'] as const).filter((p) => this.props[p] !== undefined)
      : (['auroraEngineVersion'] as const).filter((p) => this.props[p] !== undefined);
    if (misplaced.length > 0) {
      throw new Error(`ProductionDatabase ${this.node.path}: ${misplaced.join(', ')} only apply to ${aurora ? 'DatabaseFlavor.RDS_POSTGRESQL' : 'DatabaseFlavor.AURORA_POSTGRESQL'}`);
    }
  }

  private defaultIdentifier(): string {
    const raw = Names.uniqueResourceName(this, { maxLength: 48, separator: '-' })
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .replace(/-+/g, '-')
      .replace(/^-+/, '')
      .replace(/-$/, ''); // runs of '-' are one '-' by now
    return /^[a-z]/.test(raw) ? raw : `db-${raw}`.slice(0, 48);
  }
}

/** The Enhanced Monitoring intervals RDS accepts besides 0 (off), in seconds. */
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

/** Characters left out of generated passwords (they break connection strings and shells): AppSecret's. */
const PASSWORD_EXCLUDE_CHARACTERS = AppSecret.DEFAULT_EXCLUDE_CHARACTERS;

/** AwsSolutions-RDS11 asks for a non-default port: obscurity, not a control. */
function acknowledgeDefaultPort(instance: Construct): void {
  Validations.of(instance).acknowledge({
    id: 'AwsSolutions-RDS11',
    reason: 'A non-default port hides nothing from a scan of the VPC; access is controlled by security groups (no ingress unless granted), TLS and IAM authentication. Set the port prop to move it.',
  });
}

function validateIdentifier(identifier: string): void {
  if (Token.isUnresolved(identifier)) {
    throw new Error('ProductionDatabase: databaseIdentifier must be a literal string (log groups and alarms are named after it)');
  }
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(identifier) || identifier.length > 50) {
    throw new Error(`ProductionDatabase: databaseIdentifier '${identifier}' must be 1-50 lowercase letters, digits and single hyphens, starting with a letter`);
  }
}
