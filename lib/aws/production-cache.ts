import { Duration, Lazy, Names, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { accessStringProblem, parseAccessString } from '../checklist/policy/data-settings';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { AppSecret, SecretRotation } from './app-secret';
import {
  allowServicesToUseKey, createAlarmTopic, createKey, refuseKeyWithoutRotation, refuseOpenSecurityGroups, retentionAtLeast, retentionMeets,
} from './private/data-tier-defaults';
import { claim, refuseWeakening, thresholdsFor } from './private/guard';
import { acknowledgeSameChecks } from './private/nag-packs';

/**
 * The cache engine of a `ProductionCache`.
 */
export enum CacheEngine {
  /**
   * Valkey, the open-source (BSD) fork of Redis OSS 7.2 that ElastiCache
   * maintains and prices below Redis OSS. The default.
   */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
}

/**
 * Options of RBAC authentication.
 */
export interface CacheRbacOptions {
  /**
   * The application user's name.
   * @default 'app'
   */
  readonly userName?: string;

  /**
   * The application user's access string (Redis ACL rules). Must enable the user (`on`).
   * @default 'on ~* +@all -@admin' - every key and command except the administrative ones
   */
  readonly accessString?: string;
}

/**
 * How clients authenticate to a `ProductionCache` (CACHE-AUTH). A value object:
 * build it with a static factory.
 */
export class CacheAuthentication {
  /**
   * Role-based access control (the default): a user group with one application
   * user, whose password is a generated, rotated `AppSecret` (JSON
   * `{ username, password }`), and the mandatory `default` user switched off
   * (`off -@all`), so a connection that does not authenticate can do nothing.
   */
  public static rbac(options: CacheRbacOptions = {}): CacheAuthentication {
    return new CacheAuthentication('rbac', options);
  }

  /**
   * A Redis AUTH token: a generated, rotated `AppSecret` (a plain string) passed to
   * the replication group as a Secrets Manager dynamic reference. Every client shares
   * the one token and gets full access; prefer `rbac()` unless a client cannot send a user name.
   */
  public static authToken(): CacheAuthentication {
    return new CacheAuthentication('token', {});
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _options: CacheRbacOptions;

  private constructor(kind: string, options: CacheRbacOptions) {
    this._kind = kind;
    this._options = options;
  }
}

/**
 * A host and port of a `ProductionCache`.
 */
export class CacheEndpoint {
  /** The DNS name. */
  public readonly hostname: string;
  /** The port. */
  public readonly port: number;
  /** `hostname:port`. */
  public readonly socketAddress: string;
  /**
   * A `rediss://` URL (TLS) without credentials, for a `REDIS_URL` built from the
   * stack (CONFIG-SERVICE-ENDPOINTS); clients add the user name and password from the secret.
   */
  public readonly url: string;

  constructor(hostname: string, port: number) {
    this.hostname = hostname;
    this.port = port;
    this.socketAddress = `${hostname}:${port}`;
    this.url = `rediss://${hostname}:${port}`;
  }
}

/**
 * Options of a metric of a `ProductionCache`.
 */
export interface CacheMetricOptions extends cloudwatch.MetricOptions {
  /**
   * Which node (member cluster) the metric is of: 1 is `<replicationGroupId>-001`,
   * the node created as the primary. The primary role moves on failover, so the
   * construct's own alarms cover every node.
   * @default 1
   */
  readonly member?: number;
}

/**
 * Properties of a `ProductionCache`.
 */
export interface ProductionCacheProps {
  /** The VPC to place the cache in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets to place the cache in. Public subnets are refused (NET-PRIVATE-SUBNETS);
   * subnets in fewer than `minAvailabilityZones` zones are refused (CACHE-MULTI-AZ-FAILOVER).
   * @default - the VPC's isolated subnets if it has any, else its private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The cache engine.
   * @default CacheEngine.VALKEY
   */
  readonly engine?: CacheEngine;

  /**
   * The engine version, pinned (major.minor).
   * @default - '8.2' for Valkey, '7.1' for Redis OSS
   */
  readonly engineVersion?: string;

  /**
   * The node type.
   * @default 'cache.r7g.large'
   */
  readonly nodeType?: string;

  /**
   * Read replicas beside the primary. Fewer than one is refused (CACHE-MULTI-AZ-FAILOVER):
   * multi-AZ and automatic failover need a replica. At most 5.
   * @default 1 - two nodes, in two availability zones
   */
  readonly replicas?: number;

  /**
   * The port clients connect to. Not 6379, the port every scanner tries first.
   * @default 6380
   */
  readonly port?: number;

  /**
   * How clients authenticate (CACHE-AUTH).
   * @default CacheAuthentication.rbac()
   */
  readonly authentication?: CacheAuthentication;

  /**
   * The customer-managed key that encrypts the cache at rest (CACHE-ENCRYPTION-AT-REST),
   * its secret, its log groups and, when the construct creates it, its alarm topic.
   * A key you bring must let CloudWatch Logs, CloudWatch and EventBridge use it
   * (the construct adds those statements to a key defined in this app).
   * @default - a new key with yearly rotation (KMS-KEY-ROTATION), retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How many days daily snapshots are kept. AWS Backup does not back up ElastiCache,
   * so these native snapshots are the cache's backups. Fewer than
   * `cacheSnapshotRetentionDays` is refused (CACHE-SNAPSHOT-RETENTION). At most 35.
   * @default - the `cacheSnapshotRetentionDays` threshold (7)
   */
  readonly snapshotRetentionDays?: number;

  /**
   * The daily snapshot window, UTC (`hh:mm-hh:mm`, at least 60 minutes).
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;

  /**
   * The weekly maintenance window, UTC (`ddd:hh:mm-ddd:hh:mm`); must not overlap the snapshot window.
   * @default 'sun:05:00-sun:06:00'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * Security groups for the cache.
   * @default - a new security group with no ingress and no egress: open it with
   * `cache.connections.allowDefaultPortFrom(service)` (NET-RESTRICTED-INGRESS)
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Engine parameters, in a new parameter group of the engine's family.
   * @default - the engine's default parameter group
   */
  readonly parameters?: { [name: string]: string };

  /**
   * Retention of the slow log and engine log groups. Shorter than `logRetentionDays`
   * is refused (LOG-RETENTION).
   * @default - the shortest retention of at least the `logRetentionDays` threshold (30 days)
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The topic the alarms notify.
   * @default - a new topic encrypted with `encryptionKey` that refuses non-TLS requests (ALARM-TOPIC-ENCRYPTED)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The `Evictions` alarm fires when more keys than this are evicted in a minute.
   * @default 0
   */
  readonly evictionsThreshold?: number;

  /**
   * The `ReplicationLag` alarm fires when a replica lags more than this.
   * @default Duration.seconds(10)
   */
  readonly replicationLagThreshold?: Duration;

  /**
   * The `CurrConnections` alarm fires above this many client connections per node.
   * @default - `dbConnectionsPercent` (90) percent of 65,000, ElastiCache's fixed `maxclients`
   */
  readonly connectionsThreshold?: number;

  /**
   * What happens to the replication group when it leaves the stack.
   * @default RemovalPolicy.SNAPSHOT - a final snapshot is taken
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The dashboard the cache's widgets are added to (DASHBOARD-INFRASTRUCTURE).
   * @default - a new dashboard for this cache
   */
  readonly dashboard?: cloudwatch.Dashboard;

  /**
   * Thresholds for this cache, tightening the catalog's (and the app context's).
   * @default - the catalog thresholds, as tightened by the app context `cdk-golive:thresholds`
   */
  readonly thresholds?: ThresholdOverrides;
}

/** ElastiCache's `maxclients`, which cannot be changed. */
const ELASTICACHE_MAX_CLIENTS = 65000;
/** The longest ElastiCache user password or AUTH token. */
const MAX_PASSWORD_LENGTH = 128;
/** Ports ElastiCache accepts. */
const MIN_PORT = 1150;
const MAX_PORT = 65535;

/**
 * A production ElastiCache (Valkey or Redis OSS) replication group, secure and
 * highly available by default. aws-cdk-lib has no L2 for replication groups;
 * this one writes the L1s (`CfnReplicationGroup`, `CfnSubnetGroup`, `CfnUser`,
 * `CfnUserGroup`, `CfnParameterGroup`) with:
 *
 * - Valkey 8.2 (or Redis OSS 7.1), the version pinned (CACHE-PROVISIONED).
 * - TLS required in transit: `TransitEncryptionEnabled` with mode `required`; clients use `rediss://` (CACHE-TLS-IN-TRANSIT).
 * - Encryption at rest with a customer-managed key that rotates (CACHE-ENCRYPTION-AT-REST, KMS-KEY-ROTATION).
 * - RBAC (CACHE-AUTH): an application user whose password is a generated `AppSecret`, rotated every
 *   `secretRotationDays` by a function that also updates the user (both passwords valid while clients switch),
 *   and the mandatory `default` user switched off. Or an AUTH token from Secrets Manager (`CacheAuthentication.authToken()`).
 * - A primary and `replicas` (1) replicas in different zones, multi-AZ with automatic failover (CACHE-MULTI-AZ-FAILOVER).
 * - Daily snapshots kept `cacheSnapshotRetentionDays` (7) days, and a final snapshot on removal (CACHE-SNAPSHOT-RETENTION).
 *   AWS Backup does not support ElastiCache: these native snapshots are the cache's backups.
 * - Port 6380, private subnets (NET-PRIVATE-SUBNETS), and a security group that admits only
 *   what `connections.allowDefaultPortFrom()` names (NET-RESTRICTED-INGRESS).
 * - Slow log and engine log delivered as JSON to CloudWatch Logs, kept `logRetentionDays` and encrypted
 *   with the key (LOG-RETENTION, LOG-ENCRYPTED).
 * - Per-node alarms with one-minute periods over `alarmDetectionMinutes` (3) periods, notifying the alarm
 *   topic (ALARM-ACTIONS): memory > `memoryPercent` (ALARM-MEMORY), engine CPU > `cpuPercent` (ALARM-CPU),
 *   evictions, replication lag and connections.
 *
 * Cluster mode (sharding) is not provisioned: one shard, a primary and its replicas.
 *
 * @example
 * const cache = new ProductionCache(this, 'Cache', { vpc });
 * cache.connections.allowDefaultPortFrom(service);
 * container.addEnvironment('REDIS_URL', cache.endpoint.url);
 * container.addSecret('REDIS_USERNAME', cache.secret.ecsSecret('username'));
 * container.addSecret('REDIS_PASSWORD', cache.secret.ecsSecret('password'));
 */
export class ProductionCache extends Construct implements ec2.IConnectable {
  /** The replication group (L1). */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The replication group id (CloudFormation's `Ref`). */
  public readonly replicationGroupId: string;
  /** The subnet group (L1). */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The parameter group (L1), when `parameters` are given. */
  public readonly parameterGroup?: elasticache.CfnParameterGroup;
  /** The RBAC user group (L1), with RBAC authentication. */
  public readonly userGroup?: elasticache.CfnUserGroup;
  /** The application user (L1), with RBAC authentication. */
  public readonly appUser?: elasticache.CfnUser;
  /** The switched-off `default` user (L1), with RBAC authentication. */
  public readonly disabledDefaultUser?: elasticache.CfnUser;
  /**
   * The authentication secret: JSON `{ username, password }` with RBAC, the AUTH token
   * string with `CacheAuthentication.authToken()`.
   */
  public readonly secret: AppSecret;
  /** The network connections of the cache; its default port is the cache port. */
  public readonly connections: ec2.Connections;
  /** The primary endpoint: writes and reads. */
  public readonly endpoint: CacheEndpoint;
  /** The reader endpoint: reads, spread over the replicas. */
  public readonly readerEndpoint: CacheEndpoint;
  /** The key that encrypts the cache, its secret and its logs. */
  public readonly encryptionKey: kms.IKey;
  /** The topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The slow log group. */
  public readonly slowLogGroup: logs.LogGroup;
  /** The engine log group. */
  public readonly engineLogGroup: logs.LogGroup;
  /** The alarms, per node. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The dashboard showing the cache's CPU, memory and connections (DASHBOARD-INFRASTRUCTURE). */
  public readonly dashboard: cloudwatch.Dashboard;
  private readonly widgetThresholds: Thresholds;
  /** The engine. */
  public readonly engine: CacheEngine;
  /** The engine version. */
  public readonly engineVersion: string;
  /** The number of nodes: the primary and its replicas. */
  public readonly nodeCount: number;

  constructor(scope: Construct, id: string, props: ProductionCacheProps) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    this.widgetThresholds = t;
    const claimed: string[] = ['CACHE-PROVISIONED', 'CACHE-TLS-IN-TRANSIT', 'CACHE-ENCRYPTION-AT-REST'];

    this.engine = props.engine ?? CacheEngine.VALKEY;
    this.engineVersion = props.engineVersion ?? (this.engine === CacheEngine.VALKEY ? '8.2' : '7.1');
    const major = parseMajor(this.engineVersion, this.node.path);
    if ((this.engine === CacheEngine.VALKEY && major < 7) || (this.engine === CacheEngine.REDIS && major < 6)) {
      throw new Error(`ProductionCache ${this.node.path}: engineVersion ${this.engineVersion} predates RBAC and log delivery; use Valkey 7.2+ or Redis OSS 6.2+`);
    }

    const port = props.port ?? 6380;
    if (!Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT) {
      throw new Error(`ProductionCache ${this.node.path}: port must be an integer from ${MIN_PORT} to ${MAX_PORT}, got ${port}`);
    }

    // --- availability (CACHE-MULTI-AZ-FAILOVER)
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0 || replicas > 5) {
      throw new Error(`ProductionCache ${this.node.path}: replicas must be an integer from 0 to 5, got ${replicas}`);
    }
    this.nodeCount = replicas + 1;
    const highlyAvailable = replicas >= 1;
    let multiAzMet = highlyAvailable;
    if (!highlyAvailable) {
      refuseWeakening(this, 'CACHE-MULTI-AZ-FAILOVER', 'replicas', 'no replica: a single node, without multi-AZ or automatic failover');
    }

    // --- network (NET-PRIVATE-SUBNETS, NET-RESTRICTED-INGRESS)
    const selection = props.vpcSubnets ?? {
      subnetType: props.vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS,
    };
    const subnets = props.vpc.selectSubnets(selection);
    const publicIds = new Set(props.vpc.publicSubnets.map((s) => s.subnetId));
    if (selection.subnetType === ec2.SubnetType.PUBLIC || subnets.subnets.some((s) => publicIds.has(s.subnetId))) {
      refuseWeakening(this, 'NET-PRIVATE-SUBNETS', 'vpcSubnets', 'the selection includes public subnets');
    } else {
      claimed.push('NET-PRIVATE-SUBNETS');
    }
    const zones = new Set(subnets.availabilityZones.filter((z) => !Token.isUnresolved(z)));
    if (highlyAvailable && zones.size > 0 && !t.meets('minAvailabilityZones', zones.size)) {
      refuseWeakening(this, 'CACHE-MULTI-AZ-FAILOVER', 'vpcSubnets',
        `the subnets span ${zones.size} availability zone(s), fewer than the ${t.minAvailabilityZones} the catalog requires`);
      multiAzMet = false;
    }
    if (multiAzMet) claimed.push('CACHE-MULTI-AZ-FAILOVER');

    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `Private subnets of ${this.node.path}`,
      subnetIds: subnets.subnetIds,
    });

    const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: cache port ${port}, opened per client by connections.allowDefaultPortFrom()`,
      allowAllOutbound: false,
    })];
    if (!props.securityGroups) claimed.push('NET-RESTRICTED-INGRESS');
    else refuseOpenSecurityGroups(this, props.securityGroups, 'securityGroups');
    this.connections = new ec2.Connections({ securityGroups, defaultPort: ec2.Port.tcp(port) });

    // --- encryption key, alarm topic
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
      allowServicesToUseKey(this.encryptionKey);
      refuseKeyWithoutRotation(this, this.encryptionKey, 'encryptionKey');
    } else {
      this.encryptionKey = createKey(this, 'Key', `Encrypts the cache ${this.node.path}, its secret and its logs`);
      claimed.push('KMS-KEY-ROTATION');
    }
    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic; // refused, when unprotected, by the AppSecret it is passed to (ALARM-TOPIC-ENCRYPTED)
    } else {
      this.alarmTopic = createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, `Alarms of ${this.node.path}`);
      claimed.push('ALARM-TOPIC-ENCRYPTED');
    }

    // --- authentication (CACHE-AUTH)
    const auth = props.authentication ?? CacheAuthentication.rbac();
    const base = physicalIdBase(this);
    let authProps: Partial<elasticache.CfnReplicationGroupProps>;
    let authClaimed = auth._kind !== 'rbac';
    if (auth._kind === 'rbac') {
      const userName = auth._options.userName ?? 'app';
      if (userName === 'default') {
        throw new Error(`ProductionCache ${this.node.path}: the application user cannot be named 'default' (that user is switched off)`);
      }
      const accessString = auth._options.accessString ?? 'on ~* +@all -@admin';
      if (!parseAccessString(accessString).on) {
        throw new Error(`ProductionCache ${this.node.path}: accessString must switch the user on ('on ...'), got '${accessString}'`);
      }
      const accessProblem = accessStringProblem(accessString);
      if (accessProblem !== undefined) {
        refuseWeakening(this, 'CACHE-AUTH', 'accessString', `'${accessString}' for user '${userName}': ${accessProblem} (the password comes from the generated secret)`);
      } else {
        authClaimed = true;
      }
      const appUserId = `${base}-app`;
      this.secret = new AppSecret(this, 'AuthSecret', {
        description: `RBAC user '${userName}' of the cache ${this.node.path}`,
        encryptionKey: this.encryptionKey,
        alarmTopic: this.alarmTopic,
        jsonFields: { username: userName },
        generateStringKey: 'password',
        rotation: SecretRotation.cacheUserPassword(appUserId),
        thresholds: props.thresholds,
      });
      const user = new elasticache.CfnUser(this, 'AppUser', {
        engine: 'redis',
        userId: appUserId,
        userName,
        accessString,
        authenticationMode: {
          Type: 'password',
          Passwords: [this.secret.secret.secretValueFromJson('password').unsafeUnwrap()],
        },
      });
      const defaultUser = new elasticache.CfnUser(this, 'DisabledDefaultUser', {
        engine: 'redis',
        userId: `${base}-default`,
        userName: 'default',
        accessString: 'off -@all',
        authenticationMode: { Type: 'no-password-required' },
      });
      const group = new elasticache.CfnUserGroup(this, 'UserGroup', {
        engine: 'redis',
        userGroupId: base,
        userIds: [defaultUser.ref, user.ref],
      });
      this.appUser = user;
      this.disabledDefaultUser = defaultUser;
      this.userGroup = group;
      authProps = { userGroupIds: [group.ref] };
    } else {
      this.secret = new AppSecret(this, 'AuthToken', {
        description: `AUTH token of the cache ${this.node.path}`,
        encryptionKey: this.encryptionKey,
        alarmTopic: this.alarmTopic,
        // The replication group id is CloudFormation's, known once the group exists below.
        rotation: SecretRotation.cacheAuthToken(Lazy.string({ produce: () => this.replicationGroup.ref })),
        thresholds: props.thresholds,
      });
      authProps = { authToken: this.secret.secret.secretValue.unsafeUnwrap() };
    }

    if (this.secret.length > MAX_PASSWORD_LENGTH) {
      throw new Error(`ProductionCache ${this.node.path}: ElastiCache passwords and AUTH tokens are at most ${MAX_PASSWORD_LENGTH} characters; the secretLengthChars threshold asks ${this.secret.length}`);
    }

    // --- logs (LOG-RETENTION, LOG-ENCRYPTED)
    const retention = props.logRetention ?? retentionAtLeast(t.logRetentionDays);
    if (!retentionMeets(t, retention)) {
      refuseWeakening(this, 'LOG-RETENTION', 'logRetention', `${retention} days is shorter than the ${t.logRetentionDays} days the catalog requires`);
    } else {
      claimed.push('LOG-RETENTION');
    }
    claimed.push('LOG-ENCRYPTED');
    this.slowLogGroup = new logs.LogGroup(this, 'SlowLog', { retention, encryptionKey: this.encryptionKey, removalPolicy: RemovalPolicy.RETAIN });
    this.engineLogGroup = new logs.LogGroup(this, 'EngineLog', { retention, encryptionKey: this.encryptionKey, removalPolicy: RemovalPolicy.RETAIN });

    // --- snapshots (CACHE-SNAPSHOT-RETENTION)
    const snapshotRetentionDays = props.snapshotRetentionDays ?? t.cacheSnapshotRetentionDays;
    if (!Number.isInteger(snapshotRetentionDays) || snapshotRetentionDays < 0 || snapshotRetentionDays > 35) {
      throw new Error(`ProductionCache ${this.node.path}: snapshotRetentionDays must be an integer from 0 to 35, got ${snapshotRetentionDays}`);
    }
    if (!t.meets('cacheSnapshotRetentionDays', snapshotRetentionDays)) {
      refuseWeakening(this, 'CACHE-SNAPSHOT-RETENTION', 'snapshotRetentionDays',
        `${snapshotRetentionDays} days is shorter than the ${t.cacheSnapshotRetentionDays} days the catalog requires`);
    } else {
      claimed.push('CACHE-SNAPSHOT-RETENTION');
    }

    if (props.parameters && Object.keys(props.parameters).length > 0) {
      this.parameterGroup = new elasticache.CfnParameterGroup(this, 'ParameterGroup', {
        description: `Parameters of ${this.node.path}`,
        cacheParameterGroupFamily: parameterGroupFamily(this.engine, major, this.engineVersion),
        properties: props.parameters,
      });
    }

    // --- the replication group
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupDescription: `${this.node.path} (cdk-golive ProductionCache)`,
      engine: this.engine,
      engineVersion: this.engineVersion,
      cacheNodeType: props.nodeType ?? 'cache.r7g.large',
      numCacheClusters: this.nodeCount,
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      port,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
      cacheParameterGroupName: this.parameterGroup?.ref,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: this.encryptionKey.keyArn,
      ...authProps,
      snapshotRetentionLimit: snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow ?? '03:00-04:00',
      preferredMaintenanceWindow: props.preferredMaintenanceWindow ?? 'sun:05:00-sun:06:00',
      autoMinorVersionUpgrade: true,
      networkType: 'ipv4',
      ipDiscovery: 'ipv4',
      logDeliveryConfigurations: [
        logDelivery('slow-log', this.slowLogGroup),
        logDelivery('engine-log', this.engineLogGroup),
      ],
    });
    this.replicationGroup.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.SNAPSHOT);
    if (this.userGroup) {
      Validations.of(this.replicationGroup).acknowledge({
        id: 'AwsSolutions-AEC6',
        reason: 'Clients authenticate with RBAC (UserGroupIds: a password user from Secrets Manager, the default user switched off), which replaces the shared AUTH token the rule looks for',
      });
    }

    // The first rotation runs when the schedule is created: after the user or group exists.
    if (this.secret.rotationSchedule) this.secret.rotationSchedule.node.addDependency(this.replicationGroup);

    this.replicationGroupId = this.replicationGroup.ref;
    this.endpoint = new CacheEndpoint(this.replicationGroup.attrPrimaryEndPointAddress, port);
    this.readerEndpoint = new CacheEndpoint(this.replicationGroup.attrReaderEndPointAddress, port);

    // --- alarms (ALARM-MEMORY, ALARM-CPU, ALARM-ACTIONS)
    this.createAlarms(props, t.memoryPercent, t.cpuPercent, t.alarmDetectionMinutes, t.dbConnectionsPercent);
    claimed.push('ALARM-MEMORY', 'ALARM-CPU', 'ALARM-ACTIONS');

    // --- dashboard (DASHBOARD-INFRASTRUCTURE)
    this.dashboard = props.dashboard ?? new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(...this.dashboardWidgets());
    claimed.push('DASHBOARD-INFRASTRUCTURE');

    if (authClaimed) claimed.push('CACHE-AUTH');
    claim(this, ...claimed);
    acknowledgeSameChecks(this);
  }

  /**
   * A metric of this cache (namespace `AWS/ElastiCache`), per node, one-minute period.
   * @param metricName the metric, such as 'EngineCPUUtilization'
   */
  public metric(metricName: string, props: CacheMetricOptions = {}): cloudwatch.Metric {
    const member = props.member ?? 1;
    if (!Number.isInteger(member) || member < 1 || member > this.nodeCount) {
      throw new Error(`ProductionCache ${this.node.path}: member must be an integer from 1 to ${this.nodeCount}, got ${member}`);
    }
    const { member: _member, ...options } = props;
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: this.memberClusterId(member) },
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
      ...options,
    });
  }

  /** Percentage of the memory available for data that is used (`DatabaseMemoryUsagePercentage`, maximum). */
  public metricDatabaseMemoryUsagePercentage(props?: CacheMetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseMemoryUsagePercentage', props);
  }

  /** CPU utilization of the engine thread (`EngineCPUUtilization`, maximum). */
  public metricEngineCpuUtilization(props?: CacheMetricOptions): cloudwatch.Metric {
    return this.metric('EngineCPUUtilization', props);
  }

  /** Keys evicted for lack of memory (`Evictions`, sum). */
  public metricEvictions(props?: CacheMetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** How far a replica is behind the primary, in seconds (`ReplicationLag`, maximum). */
  public metricReplicationLag(props?: CacheMetricOptions): cloudwatch.Metric {
    return this.metric('ReplicationLag', props);
  }

  /** Client connections (`CurrConnections`, maximum). */
  public metricCurrConnections(props?: CacheMetricOptions): cloudwatch.Metric {
    return this.metric('CurrConnections', props);
  }

  /**
   * Graph widgets of the cache, one line per node: engine CPU and memory used
   * (with the alarm thresholds), client connections and evictions. Added to
   * `dashboard`; use them in a service dashboard of your own too.
   */
  public dashboardWidgets(): cloudwatch.IWidget[] {
    const t = this.widgetThresholds;
    const perNode = (fn: (o: CacheMetricOptions) => cloudwatch.Metric): cloudwatch.IMetric[] =>
      Array.from({ length: this.nodeCount }, (_, i) => fn({ member: i + 1, label: `node ${i + 1}` }));
    return [
      new cloudwatch.GraphWidget({
        title: `${this.node.id}: engine CPU (%)`,
        left: perNode((o) => this.metricEngineCpuUtilization(o)),
        leftYAxis: { min: 0, max: 100 },
        leftAnnotations: [{ value: t.cpuPercent, label: 'alarm' }],
      }),
      new cloudwatch.GraphWidget({
        title: `${this.node.id}: memory used (%)`,
        left: perNode((o) => this.metricDatabaseMemoryUsagePercentage(o)),
        leftYAxis: { min: 0, max: 100 },
        leftAnnotations: [{ value: t.memoryPercent, label: 'alarm' }],
      }),
      new cloudwatch.GraphWidget({
        title: `${this.node.id}: connections and evictions`,
        left: perNode((o) => this.metricCurrConnections(o)),
        right: perNode((o) => this.metricEvictions(o)),
      }),
    ];
  }

  /** The member cluster id of node `member` (1-based): `<replicationGroupId>-00<member>`. */
  public memberClusterId(member: number): string {
    return `${this.replicationGroup.ref}-${String(member).padStart(3, '0')}`;
  }

  private createAlarms(props: ProductionCacheProps, memoryPercent: number, cpuPercent: number, minutes: number, connectionsPercent: number): void {
    const evaluationPeriods = minutes; // one-minute periods
    const action = new cw_actions.SnsAction(this.alarmTopic);
    const connections = props.connectionsThreshold ?? Math.floor(ELASTICACHE_MAX_CLIENTS * connectionsPercent / 100);
    const lagSeconds = (props.replicationLagThreshold ?? Duration.seconds(10)).toSeconds();
    const evictions = props.evictionsThreshold ?? 0;
    for (let member = 1; member <= this.nodeCount; member++) {
      const specs: Array<[string, cloudwatch.Metric, number, string, cloudwatch.TreatMissingData]> = [
        ['Memory', this.metricDatabaseMemoryUsagePercentage({ member }), memoryPercent,
          `memory used above ${memoryPercent}% (ALARM-MEMORY)`, cloudwatch.TreatMissingData.MISSING],
        ['EngineCpu', this.metricEngineCpuUtilization({ member }), cpuPercent,
          `engine CPU above ${cpuPercent}% (ALARM-CPU)`, cloudwatch.TreatMissingData.MISSING],
        ['Evictions', this.metricEvictions({ member }), evictions,
          `more than ${evictions} key(s) evicted per minute: the cache is short of memory`, cloudwatch.TreatMissingData.NOT_BREACHING],
        ['ReplicationLag', this.metricReplicationLag({ member }), lagSeconds,
          `replica more than ${lagSeconds} s behind the primary (no data on the primary)`, cloudwatch.TreatMissingData.NOT_BREACHING],
        ['Connections', this.metricCurrConnections({ member }), connections,
          `more than ${connections} client connections`, cloudwatch.TreatMissingData.MISSING],
      ];
      for (const [name, metric, threshold, what, treatMissingData] of specs) {
        const alarm = new cloudwatch.Alarm(this, `${name}Alarm${member}`, {
          alarmDescription: `${this.node.path} node ${member}: ${what} for ${minutes} minute(s)`,
          metric,
          threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods,
          datapointsToAlarm: evaluationPeriods,
          treatMissingData,
          actionsEnabled: true,
        });
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        this.alarms.push(alarm);
      }
    }
  }
}

function logDelivery(logType: string, group: logs.ILogGroup): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty {
  return {
    logType,
    logFormat: 'json',
    destinationType: 'cloudwatch-logs',
    destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
  };
}

function parseMajor(version: string, path: string): number {
  const m = /^(\d+)(\.\d+)*$/.exec(version);
  if (!m) throw new Error(`ProductionCache ${path}: engineVersion must look like '8.2', got '${version}'`);
  return Number(m[1]);
}

function parameterGroupFamily(engine: CacheEngine, major: number, version: string): string {
  if (engine === CacheEngine.VALKEY) return `valkey${major}`;
  if (major >= 7) return 'redis7';
  return version.startsWith('6') ? 'redis6.x' : `redis${major}`;
}

/**
 * A stable, lowercase, letter-first id for the RBAC user and user group ids,
 * which must be unique in the account and region.
 */
function physicalIdBase(scope: Construct): string {
  const name = Names.uniqueResourceName(scope, { maxLength: 30, separator: '' }).toLowerCase().replace(/[^a-z0-9]/g, '');
  return /^[a-z]/.test(name) ? name : `c${name}`.slice(0, 30);
}
