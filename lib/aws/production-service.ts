import { Annotations, Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { debugProblem, isEnvironmentName, isLogLevelName, isProductionEnvironment, isVerboseLogLevel } from '../checklist/policy/environment';
import { literalSecretProblem } from '../checklist/policy/secret-names';
import { AWS_KEY_PAIR, awsKeyPairIn } from '../checklist/policy/secret-values';
import { isBoundedLifetime, isSessionLifetimeName, signsSessions } from '../checklist/policy/sessions';
import { AppSecret } from './app-secret';
import { BackupPlan } from './backup-plan';
import { CanaryDeployment, TrafficShift } from './canary-deployment';
import { ExternalHealthProbe } from './external-health-probe';
import { HttpsEndpoint, HttpsEndpointCorsOptions, HttpsEndpointStaticAssetsOptions } from './https-endpoint';
import { LogArchive } from './log-archive';
import { allowBackupNotifications } from './private/backup-notifications';
import { allowServicesToUseKey, createAlarmTopic, createKey, retentionAtLeast, retentionMeets } from './private/data-tier-defaults';
import { blockedRequestsAlarm, webAclMetrics } from './private/edge-alarms';
import { ErrorLogAlarm } from './private/error-log-alarm';
import { claim, refuseKeyWithoutRotation, refuseWeakening, thresholdsFor } from './private/guard';
import { LAMBDA_LOG_LEVELS } from './private/log-levels';
import { keepParentLogicalIds } from './private/logical-ids';
import { pascal } from './private/naming';
import { allowBudgetsToPublish, allowBudgetsToUseKey, ServiceBudget } from './private/service-budget';
import { acknowledgeSameChecks } from './private/nag-packs';
import { CacheEngine, ProductionCache } from './production-cache';
import { DatabaseFlavor, ProductionDatabase } from './production-database';
import { ServiceAlarms } from './service-alarms';
import { ServiceCompute, ServiceComputeType } from './service-compute';


/**
 * The database of a `ProductionService`: the `ProductionDatabase` props the
 * service lets you choose (the VPC, key, topic, backup plan and dashboard are the service's).
 */
export interface ServiceDatabaseOptions {
  /**
   * Aurora PostgreSQL or RDS for PostgreSQL.
   * @default DatabaseFlavor.AURORA_POSTGRESQL
   */
  readonly flavor?: DatabaseFlavor;

  /**
   * The Aurora PostgreSQL engine version (Aurora only).
   * @default - `ProductionDatabase`'s pinned version
   */
  readonly auroraEngineVersion?: rds.AuroraPostgresEngineVersion;

  /**
   * The RDS for PostgreSQL engine version (RDS only).
   * @default - `ProductionDatabase`'s pinned version
   */
  readonly postgresEngineVersion?: rds.PostgresEngineVersion;

  /**
   * The instance class of every instance.
   * @default - `ProductionDatabase`'s (db.r6g.large for Aurora, db.m6g.large for RDS)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Aurora readers, or RDS read replicas.
   * @default - `ProductionDatabase`'s (1 Aurora reader; no RDS replica, the Multi-AZ standby)
   */
  readonly readers?: number;

  /**
   * RDS only: allocated storage, in GiB.
   * @default 100
   */
  readonly allocatedStorage?: number;

  /**
   * The database the service uses, created with the cluster or instance.
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * The database user the service connects as, with IAM authentication (`rds-db:connect`).
   * Create it in a migration (`CREATE USER app; GRANT rds_iam TO app;`) with the
   * privileges the service needs and no more.
   * @default 'app'
   */
  readonly databaseUser?: string;

  /**
   * An RDS Proxy between the service and the database (DB-CONNECTION-POOLING):
   * `false` is refused unless acknowledged.
   * @default true
   */
  readonly proxy?: boolean;
}

/**
 * The cache of a `ProductionService`: the `ProductionCache` props the service lets you choose.
 */
export interface ServiceCacheOptions {
  /**
   * Valkey or Redis OSS.
   * @default CacheEngine.VALKEY
   */
  readonly engine?: CacheEngine;

  /**
   * The engine version, major.minor.
   * @default - `ProductionCache`'s pinned version
   */
  readonly engineVersion?: string;

  /**
   * The node type.
   * @default 'cache.r7g.large'
   */
  readonly nodeType?: string;

  /**
   * Read replicas beside the primary.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * How many days daily snapshots are kept. Fewer than `cacheSnapshotRetentionDays` is refused
   * (CACHE-SNAPSHOT-RETENTION) unless acknowledged.
   * @default - the `cacheSnapshotRetentionDays` threshold (7)
   */
  readonly snapshotRetentionDays?: number;
}

/**
 * Properties of a `ProductionService`.
 */
export interface ProductionServiceProps {
  /** What runs the service: `ServiceCompute.lambdaFunction({...})` or `ServiceCompute.fargate({...})`. */
  readonly compute: ServiceCompute;

  /** The service's domain name, such as `api.example.com`. */
  readonly domainName: string;

  /**
   * The public hosted zone of `domainName`: the certificate is validated against it and an alias
   * record points the name at the load balancer.
   * @default - none: give `certificate` (and point the name at the load balancer yourself)
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * The certificate of the HTTPS listener.
   * @default - a new certificate validated by DNS in `hostedZone`
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The monthly cost, in US dollars, above which the budget notifies (ALARM-COST-BUDGET):
   * actual spend above 80 % of it, and forecast spend above 100 %. The budget covers the
   * account's cost: run one workload per account, as AWS recommends, or add cost filters to `budget`.
   */
  readonly monthlyBudgetUsd: number;

  /**
   * Email addresses the budget notifies besides the alarm topic.
   * @default - the alarm topic only
   */
  readonly budgetEmails?: string[];

  /**
   * The name of the service: log group names, alarm descriptions, the dashboard, the metrics namespace.
   * Lowercase letters, digits and hyphens.
   * @default - derived from the construct path
   */
  readonly serviceName?: string;

  /**
   * The VPC the service runs in. Its private subnets (with egress) take the compute, its
   * isolated subnets (or private ones) the database and cache, its public subnets the load balancer.
   * @default - a new VPC over three availability zones with flow logs
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The availability zones of the new VPC, used as given: the synth looks nothing up (no
   * credentials needed). Fewer than `minAvailabilityZones` is refused (HA-MULTI-AZ) unless
   * acknowledged. Only without `vpc`.
   * @default - zones a, b and c of the stack's region; in a stack with an account, the CDK checks
   * them against the account's zones (a context lookup that needs credentials once and is cached in
   * `cdk.context.json`)
   */
  readonly availabilityZones?: string[];

  /**
   * NAT gateways of the new VPC. Only without `vpc`.
   * @default - one per availability zone, so losing a zone does not cut the others' egress
   */
  readonly natGateways?: number;

  /**
   * Environment variables of the compute, merged over the construct's (`ENVIRONMENT=production`,
   * `DEBUG=false`, `LOG_LEVEL`, `LOG_FORMAT=json`, `METRICS_NAMESPACE`, `DATABASE_URL`, `REDIS_URL`...).
   * A non-production environment name (CONFIG-ENVIRONMENT-PRODUCTION), a debug switch
   * (CONFIG-DEBUG-OFF), a verbose log level (CONFIG-LOG-LEVEL) and a literal secret value
   * (SECRETS-NO-PLAINTEXT) are refused unless acknowledged: pass secrets in `secrets`.
   * @default - the construct's only
   */
  readonly environment?: { [name: string]: string };

  /**
   * The application log level (`LOG_LEVEL`, and Lambda's application log level filter).
   * DEBUG and TRACE are refused (CONFIG-LOG-LEVEL) unless acknowledged.
   * @default 'INFO'
   */
  readonly logLevel?: string;

  /**
   * Application secrets, by the variable name the application reads. Fargate: injected by ECS
   * at task start (`secrets`). Lambda: `<NAME>_SECRET_ARN` holds the secret's ARN and the
   * function may read it; it fetches the value at run time. Never a value in the environment.
   * @default - none
   */
  readonly secrets?: { [name: string]: AppSecret };

  /**
   * Names of application secrets the service generates (`AppSecret`: at least
   * `secretLengthChars` random characters, encrypted with the service key, rotated every
   * `secretRotationDays`), handed to the compute like `secrets`.
   * @default - none
   */
  readonly generateSecrets?: string[];

  /**
   * A PostgreSQL database (`ProductionDatabase`) in an AWS Backup plan. The compute gets
   * `DATABASE_URL` (the proxy, TLS required, IAM authentication as `databaseUser`) and
   * `rds-db:connect`.
   * @default true
   */
  readonly database?: boolean;

  /**
   * The database's options.
   * @default - see `ServiceDatabaseOptions`
   */
  readonly databaseOptions?: ServiceDatabaseOptions;

  /**
   * A Valkey/Redis cache (`ProductionCache`). The compute gets `REDIS_URL` (`rediss://`) and the
   * cache user's credentials (Fargate: `REDIS_USERNAME`, `REDIS_PASSWORD`; Lambda:
   * `REDIS_CREDENTIALS_SECRET_ARN`).
   * @default true
   */
  readonly cache?: boolean;

  /**
   * The cache's options.
   * @default - see `ServiceCacheOptions`
   */
  readonly cacheOptions?: ServiceCacheOptions;

  /**
   * The ARN of a backup vault in another region or account the database's recovery points are
   * copied to (BACKUP-CROSS-REGION-COPY).
   * @default - no copy (a warning: the checks will report BACKUP-CROSS-REGION-COPY)
   */
  readonly backupCopyToVaultArn?: string;

  /**
   * The customer-managed key that encrypts the logs, the alarm topic, the database, the cache,
   * the generated secrets and the log archive. A key you bring must rotate; its policy must let
   * CloudWatch Logs, CloudWatch, EventBridge, AWS Backup and AWS Budgets use it (the construct
   * adds those statements to a key defined in this app).
   * @default - a new key with yearly rotation, retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The topic every alarm notifies. An encrypted topic you bring must let CloudWatch, EventBridge,
   * AWS Backup and AWS Budgets publish (the construct adds the statements to a topic of this app).
   * @default - a new topic encrypted with `encryptionKey`, TLS-only
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the alarm topic (ALARM-NOTIFICATION-CHANNELS).
   * @default - none: subscribe the team's channels to `alarmTopic` yourself
   */
  readonly alarmEmails?: string[];

  /**
   * The HTTPS integration URL of the on-call pager (PagerDuty, Opsgenie...), subscribed to a
   * paging topic that only the composite service-health alarm notifies (ALARM-PAGING), so a
   * page means the service is unhealthy, not that one metric twitched.
   * @default - no paging topic: subscribe your pager to `alarms.compositeAlarm` yourself
   */
  readonly pagerUrl?: string;

  /**
   * The retention of the service's log groups (application, X-Ray sidecar, VPC flow logs, the
   * archive delivery's errors). Shorter than `logRetentionDays` is refused (LOG-RETENTION) unless acknowledged.
   * @default - the shortest retention of at least the `logRetentionDays` threshold (30 days)
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Archive the application logs to S3 through Amazon Data Firehose (LOG-ARCHIVE): a bucket
   * encrypted with the key, moving them to Glacier Instant Retrieval after 30 days.
   * `false` is refused unless acknowledged.
   * @default true
   */
  readonly logArchive?: boolean;

  /**
   * How long archived logs are kept.
   * @default - the `auditLogRetentionDays` threshold (365 days)
   */
  readonly logArchiveRetention?: Duration;

  /**
   * The CloudWatch namespace the application publishes its own metrics to (METRICS_NAMESPACE,
   * and Powertools' POWERTOOLS_METRICS_NAMESPACE on Lambda; embedded metric format needs no permission).
   * @default - the service name
   */
  readonly metricsNamespace?: string;

  /**
   * Names of the application's own (business) metrics in `metricsNamespace`, with the
   * dimension `service` = the service name (what Powertools Metrics publishes), shown on the
   * service dashboard (DASHBOARD-BUSINESS).
   * @default - none (a warning: the checks will report DASHBOARD-BUSINESS)
   */
  readonly businessMetrics?: string[];

  /**
   * The health endpoint: the target groups' health check, the release hooks' synthetic
   * request and the external probe.
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * A CloudWatch Synthetics canary that requests `https://<domainName><healthCheckPath>` from
   * outside the VPC every minute, with an alarm when a run fails (HEALTH-EXTERNAL-PROBE).
   * `false` is refused unless acknowledged.
   * @default true
   */
  readonly healthProbe?: boolean;

  /**
   * How releases shift traffic.
   * @default TrafficShift.canary(10, Duration.minutes(5))
   */
  readonly trafficShift?: TrafficShift;

  /**
   * CORS for one browser origin, added by the load balancer.
   * @default - no CORS headers
   */
  readonly cors?: HttpsEndpointCorsOptions;

  /**
   * A CloudFront distribution for static assets (EDGE-CDN), see `HttpsEndpointStaticAssetsOptions`.
   * @default - none
   */
  readonly staticAssets?: HttpsEndpointStaticAssetsOptions;

  /**
   * Thresholds for the service and its parts, tightening the catalog's (and the app context's).
   * @default - the catalog thresholds, as tightened by the app context `cdk-golive:thresholds`
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * A production service in one construct, with every infrastructure item of the
 * go-live checklist provisioned by default:
 *
 * - **Network**: a VPC over three availability zones (public subnets for the load balancer only,
 *   private subnets with a NAT gateway per zone for the compute, isolated subnets for the data),
 *   flow logs of all traffic to an encrypted log group (NET-FLOW-LOGS, NET-PRIVATE-SUBNETS), its
 *   default security group stripped of every rule; or your `vpc`.
 * - **Front door**: an `HttpsEndpoint` — ALB, TLS 1.2+, ACM certificate, HTTP→HTTPS redirect,
 *   security headers, WAF with a rate limit, access logs, DNS alias (EDGE-*, WAF-*, HEADERS-*) —
 *   with an alarm on the requests the web ACL blocks and the web ACL on the dashboard
 *   (ALARM-SECURITY-EVENTS, DASHBOARD-SECURITY).
 * - **Compute** (`ServiceCompute`): Lambda (active X-Ray tracing, JSON logs at `logLevel`) or
 *   Fargate (non-root, read-only root filesystem, an X-Ray daemon sidecar pinned by digest,
 *   Container Insights, at least `minReplicas` tasks autoscaled on CPU and memory, circuit
 *   breaker with rollback, 100 % minimum healthy), in private subnets, reachable only from the
 *   load balancer (COMPUTE-*, SCALING-*, LOG-TRACING, LOG-STRUCTURED, METRICS-COLLECTED).
 *   `ENVIRONMENT=production`, `DEBUG=false` and `LOG_LEVEL` are set (CONFIG-*); secrets are
 *   passed by reference only (SECRETS-NO-PLAINTEXT).
 * - **Data**: a `ProductionDatabase` behind an RDS Proxy in an AWS Backup `BackupPlan`, a
 *   `ProductionCache`, their endpoints wired into `DATABASE_URL` and `REDIS_URL`
 *   (CONFIG-SERVICE-ENDPOINTS), IAM database authentication, cache credentials from Secrets Manager.
 * - **Releases**: a `CanaryDeployment` — CodeDeploy canary through an alias (Lambda) or ECS's
 *   native canary (Fargate), health hooks, rollback on alarm (DEPLOY-*).
 * - **Operations**: `ServiceAlarms` (error rate, latency, unhealthy hosts, CPU, memory, a composite
 *   service-health alarm, the service dashboard with database, cache and business metrics), an
 *   external Synthetics probe of `/health`, a metric filter and alarm on ERROR log entries
 *   (LOG-ERROR-TRACKING), the logs kept `logRetentionDays` encrypted with the key and archived to
 *   S3 (LOG-RETENTION, LOG-ENCRYPTED, LOG-ARCHIVE), and an AWS Budgets budget on the monthly
 *   cost (ALARM-COST-BUDGET). Alarms notify an encrypted topic (with `alarmEmails`), the
 *   composite alarm also a paging topic (with `pagerUrl`).
 *
 * A prop that weakens an item fails the synth naming the item, unless acknowledged:
 * `Validations.of(service).acknowledge({ id: 'GoLiveChecks::CONFIG-DEBUG-OFF', reason: '...' })`.
 *
 * @example
 * const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: 'example.com' });
 * const api = new ProductionService(this, 'Api', {
 *   compute: ServiceCompute.lambdaFunction({
 *     runtime: lambda.Runtime.NODEJS_24_X,
 *     handler: 'index.handler',
 *     code: lambda.Code.fromAsset('dist/api'),
 *   }),
 *   domainName: 'api.example.com',
 *   hostedZone: zone,
 *   monthlyBudgetUsd: 500,
 *   alarmEmails: ['oncall@example.com'],
 *   pagerUrl: 'https://events.pagerduty.com/integration/<integration key>/enqueue',
 *   generateSecrets: ['JWT_SIGNING_KEY'],
 *   environment: { ACCESS_TOKEN_EXPIRE_MINUTES: '15' },
 * });
 *
 * new ProductionService(this, 'Web', {
 *   compute: ServiceCompute.fargate({
 *     image: ecs.ContainerImage.fromEcrRepository(repository, 'v1.4.2'),
 *     containerPort: 8080,
 *   }),
 *   domainName: 'www.example.com',
 *   hostedZone: zone,
 *   monthlyBudgetUsd: 800,
 *   vpc: api.vpc,
 * });
 */
export class ProductionService extends Construct implements ec2.IConnectable {
  /** Lambda or Fargate. */
  public readonly computeType: ServiceComputeType;
  /** The service's name. */
  public readonly serviceName: string;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The flow log of the VPC the construct created. */
  public readonly flowLog?: ec2.FlowLog;
  /** The HTTPS front door. */
  public readonly endpoint: HttpsEndpoint;
  /** The database, unless `database: false`. */
  public readonly database?: ProductionDatabase;
  /** The cache, unless `cache: false`. */
  public readonly cache?: ProductionCache;
  /** The AWS Backup plan of the database. */
  public readonly backupPlan?: BackupPlan;
  /** The application secrets, by variable name: `secrets` and `generateSecrets`. */
  public readonly secrets: { [name: string]: AppSecret } = {};
  /** The standard alarm set, its composite service-health alarm and the service dashboard. */
  public readonly alarms: ServiceAlarms;
  /** Progressive delivery with rollback. */
  public readonly canary: CanaryDeployment;
  /** The function (Lambda). */
  public readonly lambdaFunction?: lambda.Function;
  /** The alias the load balancer invokes, which CodeDeploy shifts (Lambda). */
  public readonly alias?: lambda.Alias;
  /** The ECS cluster (Fargate). */
  public readonly cluster?: ecs.Cluster;
  /** The ECS service (Fargate). */
  public readonly service?: ecs.FargateService;
  /** The task definition (Fargate). */
  public readonly taskDefinition?: ecs.FargateTaskDefinition;
  /** The application container (Fargate). */
  public readonly container?: ecs.ContainerDefinition;
  /** The customer-managed key. */
  public readonly encryptionKey: kms.IKey;
  /** The topic every alarm notifies. */
  public readonly alarmTopic: sns.ITopic;
  /** The topic the composite service-health alarm pages through, with `pagerUrl`. */
  public readonly pagingTopic?: sns.Topic;
  /** The application's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The alarm on ERROR entries of the application log. */
  public readonly errorLogAlarm: cloudwatch.Alarm;
  /** The alarm on requests the web ACL blocks, when the endpoint has its own web ACL. */
  public readonly blockedRequestsAlarm?: cloudwatch.Alarm;
  /** The alarm on requests the static assets' CloudFront web ACL blocks, when the endpoint made that web ACL. */
  public readonly staticAssetsBlockedRequestsAlarm?: cloudwatch.Alarm;
  /** The external probe of the health endpoint (canary, alarm, artifacts bucket), unless `healthProbe: false`. */
  public readonly externalProbe?: ExternalHealthProbe;
  /** The canary of the external probe, unless `healthProbe: false`. */
  public readonly healthProbe?: synthetics.Canary;
  /** The alarm on failed probe runs. */
  public readonly healthProbeAlarm?: cloudwatch.Alarm;
  /** The archive of the application logs, unless `logArchive: false`. */
  public readonly logArchive?: LogArchive;
  /** The bucket the logs are archived to, unless `logArchive: false`. */
  public readonly logArchiveBucket?: s3.Bucket;
  /** The Firehose stream that delivers the logs to the archive. */
  public readonly logArchiveStream?: firehose.DeliveryStream;
  /** The monthly cost budget. */
  public readonly budget: budgets.CfnBudget;
  /** The security group(s) of the compute. */
  public readonly connections: ec2.Connections;
  /** The role of the application: the function's execution role, or the task role. */
  public readonly role: iam.IRole;
  /** The CloudWatch namespace of the application's own metrics. */
  public readonly metricsNamespace: string;
  /** The environment the compute runs with (construct and user variables; tokens unresolved). */
  public readonly environment: { [name: string]: string };
  /** The thresholds in force. */
  public readonly thresholds: Thresholds;

  private readonly claimed = new Set<string>();
  private readonly weakened = new Set<string>();
  private readonly computeSecurityGroup: ec2.SecurityGroup;
  private readonly logRetention: logs.RetentionDays;
  private readonly healthCheckPath: string;

  constructor(scope: Construct, id: string, props: ProductionServiceProps) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    this.thresholds = t;
    this.computeType = props.compute.computeType;
    this.serviceName = props.serviceName ?? Names.uniqueResourceName(this, { maxLength: 40, separator: '-' }).toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(this.serviceName)) {
      throw new Error(`ProductionService ${this.node.path}: serviceName must be lowercase letters, digits and hyphens (at most 63), got '${this.serviceName}'`);
    }
    this.metricsNamespace = props.metricsNamespace ?? this.serviceName;
    this.healthCheckPath = props.healthCheckPath ?? '/health';
    if (!Token.isUnresolved(props.monthlyBudgetUsd) && !(props.monthlyBudgetUsd > 0)) {
      throw new Error(`ProductionService ${this.node.path}: monthlyBudgetUsd must be above 0, got ${props.monthlyBudgetUsd}`);
    }

    // ---- weakening props -------------------------------------------------------------------------
    const logLevel = (props.logLevel ?? 'INFO').toUpperCase();
    this.validateEnvironment(props.environment ?? {}, logLevel);
    this.logRetention = props.logRetention ?? retentionAtLeast(t.logRetentionDays);
    if (!retentionMeets(t, this.logRetention)) {
      this.weaken('LOG-RETENTION', 'logRetention', `${this.logRetention} days is shorter than the logRetentionDays threshold (${t.logRetentionDays} days)`);
    } else {
      this.claimOnce('LOG-RETENTION');
    }

    // ---- key and topics --------------------------------------------------------------------------
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
      refuseKeyWithoutRotation(this, props.encryptionKey, 'encryptionKey');
      allowServicesToUseKey(this.encryptionKey);
    } else {
      this.encryptionKey = createKey(this, 'Key', `Encrypts the logs, alarm topic, data and secrets of the ${this.serviceName} service`);
      this.claimOnce('KMS-KEY-ROTATION');
    }
    allowBudgetsToUseKey(this.encryptionKey);
    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
    } else {
      this.alarmTopic = createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, `Alarms of the ${this.serviceName} service`);
      allowBackupNotifications(this.encryptionKey);
      this.claimOnce('ALARM-TOPIC-ENCRYPTED');
    }
    allowBudgetsToPublish(this.alarmTopic);
    for (const email of props.alarmEmails ?? []) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));
    if ((props.alarmEmails ?? []).length > 0) this.claimOnce('ALARM-NOTIFICATION-CHANNELS');
    if (props.pagerUrl) {
      if (!Token.isUnresolved(props.pagerUrl) && !/^https:\/\//.test(props.pagerUrl)) {
        throw new Error(`ProductionService ${this.node.path}: pagerUrl must be an https:// URL, got '${props.pagerUrl}'`);
      }
      this.pagingTopic = createAlarmTopic(this, 'PagingTopic', this.encryptionKey, `Pages for the ${this.serviceName} service`);
      this.pagingTopic.addSubscription(new subscriptions.UrlSubscription(props.pagerUrl, { protocol: sns.SubscriptionProtocol.HTTPS }));
      this.claimOnce('ALARM-PAGING');
    }

    // ---- network ---------------------------------------------------------------------------------
    if (props.vpc) {
      if (props.availabilityZones || props.natGateways !== undefined) {
        throw new Error(`ProductionService ${this.node.path}: availabilityZones and natGateways shape a new VPC; they cannot be given with vpc`);
      }
      this.vpc = props.vpc;
    } else {
      const created = this.createVpc(props);
      this.vpc = created.vpc;
      this.flowLog = created.flowLog;
    }
    this.computeSecurityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: `Compute of the ${this.serviceName} service: ingress from its load balancer only, egress as granted`,
      allowAllOutbound: false,
    });
    this.computeSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS: AWS APIs (Secrets Manager, X-Ray, CloudWatch) and image pulls, through the NAT gateways');
    this.connections = new ec2.Connections({ securityGroups: [this.computeSecurityGroup] });
    this.claimOnce('NET-PRIVATE-SUBNETS', 'NET-RESTRICTED-INGRESS', 'COMPUTE-REMOTE-ACCESS');
    // HA-MULTI-AZ: the compute's subnets (the load balancer's are checked by the endpoint).
    const computeZones = this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).availabilityZones;
    if (!t.meets('minAvailabilityZones', computeZones.length) && !computeZones.some((z) => Token.isUnresolved(z))) {
      this.weaken('HA-MULTI-AZ', props.vpc ? 'vpc' : 'availabilityZones',
        `the compute's private subnets span ${computeZones.length} availability zone(s), fewer than the minAvailabilityZones threshold (${t.minAvailabilityZones})`);
    } else {
      this.claimOnce('HA-MULTI-AZ');
    }

    // ---- alarms and dashboard --------------------------------------------------------------------
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      serviceName: this.serviceName,
      alarmTopic: this.alarmTopic,
      thresholds: props.thresholds,
    });
    if (this.pagingTopic) this.alarms.compositeAlarm.addAlarmAction(new cw_actions.SnsAction(this.pagingTopic));

    // ---- data --------------------------------------------------------------------------------------
    const dbOptions = props.databaseOptions ?? {};
    if (props.database === false && props.databaseOptions) {
      throw new Error(`ProductionService ${this.node.path}: databaseOptions is given but database is false`);
    }
    if (props.database ?? true) {
      if (dbOptions.proxy === false) {
        this.weaken('DB-CONNECTION-POOLING', 'databaseOptions.proxy', 'false lets every task or function instance open its own connections to the database');
      }
      this.backupPlan = new BackupPlan(this, 'BackupPlan', {
        encryptionKey: this.encryptionKey,
        alarmTopic: this.alarmTopic,
        copyToVaultArn: props.backupCopyToVaultArn,
        thresholds: props.thresholds,
      });
      this.database = new ProductionDatabase(this, 'Database', {
        vpc: this.vpc,
        flavor: dbOptions.flavor,
        auroraEngineVersion: dbOptions.auroraEngineVersion,
        postgresEngineVersion: dbOptions.postgresEngineVersion,
        instanceType: dbOptions.instanceType,
        readers: dbOptions.readers,
        allocatedStorage: dbOptions.allocatedStorage,
        databaseName: dbOptions.databaseName ?? 'app',
        proxy: dbOptions.proxy ?? true,
        encryptionKey: this.encryptionKey,
        alarmTopic: this.alarmTopic,
        backupPlan: this.backupPlan,
        // The database's CPU, memory, storage and connections on the service dashboard.
        dashboard: this.alarms.dashboard,
        cloudwatchLogsRetention: this.logRetention,
        rotationSubnets: this.vpc.privateSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
        thresholds: props.thresholds,
      });
      if (!props.backupCopyToVaultArn) {
        Annotations.of(this).addWarningV2('cdk-golive:BACKUP-CROSS-REGION-COPY',
          'BACKUP-CROSS-REGION-COPY: the database\'s recovery points stay in this region and account; name a vault elsewhere in backupCopyToVaultArn');
      }
    } else if (props.backupCopyToVaultArn) {
      throw new Error(`ProductionService ${this.node.path}: backupCopyToVaultArn is given but database is false (the backup plan backs up the database)`);
    }
    if (props.cache === false && props.cacheOptions) {
      throw new Error(`ProductionService ${this.node.path}: cacheOptions is given but cache is false`);
    }
    if (props.cache ?? true) {
      const cacheOptions = props.cacheOptions ?? {};
      this.cache = new ProductionCache(this, 'Cache', {
        vpc: this.vpc,
        engine: cacheOptions.engine,
        engineVersion: cacheOptions.engineVersion,
        nodeType: cacheOptions.nodeType,
        replicas: cacheOptions.replicas,
        snapshotRetentionDays: cacheOptions.snapshotRetentionDays,
        encryptionKey: this.encryptionKey,
        alarmTopic: this.alarmTopic,
        logRetention: this.logRetention,
        // The cache's CPU, memory and connections on the service dashboard.
        dashboard: this.alarms.dashboard,
        thresholds: props.thresholds,
      });
    }

    // ---- secrets ---------------------------------------------------------------------------------
    for (const [name, secret] of Object.entries(props.secrets ?? {})) this.addSecretEntry(name, secret);
    for (const name of props.generateSecrets ?? []) {
      if (props.secrets?.[name]) throw new Error(`ProductionService ${this.node.path}: secret ${name} is both in secrets and generateSecrets`);
      this.addSecretEntry(name, new AppSecret(this, `Secret${pascal(name)}`, {
        description: `${name} of the ${this.serviceName} service`,
        encryptionKey: this.encryptionKey,
        alarmTopic: this.alarmTopic,
        thresholds: props.thresholds,
      }));
    }

    const fargate = props.compute.computeType === ServiceComputeType.FARGATE;
    // A container sees its secrets by name (ECS Secrets), so a session-signing key there needs its lifetime beside it.
    if (fargate) this.validateSessionLifetime(props);

    // ---- front door ------------------------------------------------------------------------------
    this.endpoint = new HttpsEndpoint(this, 'Endpoint', {
      vpc: this.vpc,
      domainName: props.domainName,
      hostedZone: props.hostedZone,
      certificate: props.certificate,
      encryptionKey: this.encryptionKey,
      alarmTopic: this.alarmTopic,
      cors: props.cors,
      staticAssets: props.staticAssets,
      wafLogRetention: this.logRetention,
      // Fargate: the release's listener rule routes every path; anything else is not found.
      defaultAction: fargate ? elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }) : undefined,
      thresholds: props.thresholds,
    });
    this.alarms.monitorLoadBalancer(this.endpoint.loadBalancer);
    if (props.staticAssets && !props.staticAssets.bucket && !props.encryptionKey) {
      // The assets bucket is encrypted with the service key; its origin access control statement warns that it names no distribution.
      Annotations.of(this).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        'The key is this service\'s own; its CloudFront statement admits this account\'s distributions only, and naming the one distribution would make the key, bucket and distribution depend on each other');
    }

    // ---- environment -------------------------------------------------------------------------------
    this.environment = this.baseEnvironment(logLevel, props);

    // ---- log group ---------------------------------------------------------------------------------
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: fargate ? `/ecs/${this.serviceName}` : `/aws/lambda/${this.serviceName}`,
      retention: this.logRetention,
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.claimOnce('LOG-ENCRYPTED', 'LOG-CENTRALIZED');

    // ---- compute and release -------------------------------------------------------------------------
    const compute = props.compute.bind(this, {
      serviceName: this.serviceName,
      vpc: this.vpc,
      securityGroup: this.computeSecurityGroup,
      logGroup: this.logGroup,
      logRetention: this.logRetention,
      logLevel,
      environment: this.environment,
      secrets: this.secrets,
      cache: this.cache,
      endpoint: this.endpoint,
      alarms: this.alarms,
      alarmTopic: this.alarmTopic,
      encryptionKey: this.encryptionKey,
      healthCheckPath: this.healthCheckPath,
      trafficShift: props.trafficShift,
      thresholds: t,
      thresholdOverrides: props.thresholds,
    });
    this.claimOnce(...compute.claimedItems);
    this.role = compute.role;
    this.canary = compute.canary;
    this.lambdaFunction = compute.lambdaFunction;
    this.alias = compute.alias;
    this.cluster = compute.cluster;
    this.service = compute.service;
    this.taskDefinition = compute.taskDefinition;
    this.container = compute.container;
    this.grantData(props);

    // ---- errors, probe, security signals -------------------------------------------------------------
    this.errorLogAlarm = new ErrorLogAlarm(this, keepParentLogicalIds(this, 'ErrorLog'), {
      logGroup: this.logGroup,
      metric: this.metricErrorLogEntries(),
      filterName: `${this.serviceName}-errors`,
      name: this.serviceName,
      detectionMinutes: t.alarmDetectionMinutes,
      alarmTopic: this.alarmTopic,
    }).alarm;
    this.claimOnce('LOG-ERROR-TRACKING');
    if (props.healthProbe ?? true) {
      this.externalProbe = new ExternalHealthProbe(this, keepParentLogicalIds(this, 'ExternalProbe'), {
        url: `https://${props.domainName}${this.healthCheckPath}`,
        name: this.serviceName,
        encryptionKey: this.encryptionKey,
        alarmTopic: this.alarmTopic,
        serverAccessLogsBucket: this.endpoint.accessLogBucket,
      });
      this.alarms.addAlarm(this.externalProbe.alarm);
      this.healthProbe = this.externalProbe.canary;
      this.healthProbeAlarm = this.externalProbe.alarm;
      this.claimOnce('HEALTH-EXTERNAL-PROBE');
    } else {
      this.weaken('HEALTH-EXTERNAL-PROBE', 'healthProbe', 'false: nothing outside the VPC notices when the service is unreachable (DNS, certificate, load balancer)');
    }
    const watched = this.watchWebAcl();
    this.blockedRequestsAlarm = watched.loadBalancer;
    this.staticAssetsBlockedRequestsAlarm = watched.staticAssets;
    if ((props.businessMetrics ?? []).length > 0) {
      this.alarms.addBusinessMetrics(`${this.serviceName}: business metrics`, props.businessMetrics!.map((metricName) => new cloudwatch.Metric({
        namespace: this.metricsNamespace,
        metricName,
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
        dimensionsMap: { service: this.serviceName },
      })));
      this.claimOnce('DASHBOARD-BUSINESS');
    } else {
      Annotations.of(this).addWarningV2('cdk-golive:DASHBOARD-BUSINESS',
        `DASHBOARD-BUSINESS: the service declares its metrics namespace (${this.metricsNamespace}) but no business metric is on its dashboard; name them in businessMetrics`);
    }

    // ---- log archive -----------------------------------------------------------------------------------
    if (props.logArchive ?? true) {
      this.logArchive = new LogArchive(this, keepParentLogicalIds(this, 'Archive'), {
        logGroup: this.logGroup,
        encryptionKey: this.encryptionKey,
        name: this.serviceName,
        retention: props.logArchiveRetention,
        errorLogRetention: this.logRetention,
        serverAccessLogsBucket: this.endpoint.accessLogBucket,
        thresholds: props.thresholds,
      });
      this.logArchiveBucket = this.logArchive.bucket;
      this.logArchiveStream = this.logArchive.deliveryStream;
      this.claimOnce('LOG-ARCHIVE');
    } else {
      this.weaken('LOG-ARCHIVE', 'logArchive', 'false: application logs expire after the log group retention with no archive');
    }

    // ---- budget ------------------------------------------------------------------------------------
    this.budget = new ServiceBudget(this, keepParentLogicalIds(this, 'CostBudget'), {
      budgetName: `${this.serviceName}-monthly`,
      monthlyUsd: props.monthlyBudgetUsd,
      alarmTopic: this.alarmTopic,
      emails: props.budgetEmails,
    }).budget;
    this.claimOnce('ALARM-COST-BUDGET', 'METRICS-APPLICATION', 'CONFIG-AS-CODE');
    claim(this, ...[...this.claimed].filter((i) => !this.weakened.has(i)));
    acknowledgeSameChecks(this);
  }

  /**
   * Grant `grantee` read access to an application secret of the service.
   * @param name the secret's variable name
   */
  public grantSecretRead(name: string, grantee: iam.IGrantable): iam.Grant {
    const secret = this.secrets[name];
    if (!secret) throw new Error(`ProductionService ${this.node.path}: no secret named ${name}`);
    return secret.grantRead(grantee);
  }

  /** The application's ERROR log entries per minute (the metric filter's metric). */
  public metricErrorLogEntries(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: `${this.metricsNamespace}/Logs`,
      metricName: 'ErrorLogEntries',
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  // ==================================================================================================
  // validation
  // ==================================================================================================

  private validateEnvironment(env: { [name: string]: string }, logLevel: string): void {
    for (const [name, value] of Object.entries(env)) {
      if (Token.isUnresolved(value)) continue;
      if (isEnvironmentName(name) && !isProductionEnvironment(name, value)) {
        this.weaken('CONFIG-ENVIRONMENT-PRODUCTION', `environment.${name}`, `'${value}' tells the application it does not run in production`);
      }
      const debug = debugProblem(name, value);
      if (debug) this.weaken('CONFIG-DEBUG-OFF', `environment.${name}`, `${debug} in production`);
      if (isLogLevelName(name) && isVerboseLogLevel(value)) {
        this.weaken('CONFIG-LOG-LEVEL', `environment.${name}`, `'${value}' logs request payloads and internals in production`);
      }
      const secret = literalSecretProblem(name, value);
      if (secret) {
        this.weaken('SECRETS-NO-PLAINTEXT', `environment.${name}`, `a secret value in plain text (${secret}), visible in the template and the console; pass it in secrets or generateSecrets`);
      }
    }
    // An AWS access key pair split over two harmless names is a secret too (the checks read the environment whole).
    const literal = Object.entries(env).filter(([, value]) => !Token.isUnresolved(value));
    for (const i of awsKeyPairIn(literal.map(([, value]) => value))) {
      this.weaken('SECRETS-NO-PLAINTEXT', `environment.${literal[i][0]}`, `${AWS_KEY_PAIR} in plain text; give the function or task a role instead of keys`);
    }
    if (isVerboseLogLevel(logLevel)) {
      this.weaken('CONFIG-LOG-LEVEL', 'logLevel', `${logLevel} logs request payloads and internals in production`);
    } else if (!(logLevel in LAMBDA_LOG_LEVELS)) {
      throw new Error(`ProductionService ${this.node.path}: logLevel must be one of INFO, WARN, ERROR, FATAL (or DEBUG, TRACE, refused), got '${logLevel}'`);
    }
    this.claimOnce('CONFIG-ENVIRONMENT-PRODUCTION', 'CONFIG-DEBUG-OFF', 'CONFIG-LOG-LEVEL');
  }

  /**
   * CONFIG-SESSION-LIMITS: a container that signs sessions or tokens (SESSION_SECRET, JWT_SECRET, ... among
   * `secrets`, `generateSecrets` or `environment`) declares their lifetime in `environment`
   * (SESSION_TIMEOUT_MINUTES, ACCESS_TOKEN_EXPIRE_MINUTES, JWT_TTL, ...) with a positive value, as the
   * ConfigSessionLimits rule requires. The construct does not claim the item: the application owns the value.
   */
  private validateSessionLifetime(props: ProductionServiceProps): void {
    const env = props.environment ?? {};
    const signer = [...Object.keys(props.secrets ?? {}), ...(props.generateSecrets ?? []), ...Object.keys(env)].find(signsSessions);
    if (!signer) return;
    const lifetimes = Object.entries(env).filter(([name]) => isSessionLifetimeName(name));
    if (lifetimes.length === 0) {
      this.weaken('CONFIG-SESSION-LIMITS', 'environment', `the container signs sessions or tokens with ${signer} but declares no lifetime beside it (e.g. SESSION_TIMEOUT_MINUTES: '30'): the framework default, unstated, applies`);
      return;
    }
    for (const [name, value] of lifetimes) {
      if (!Token.isUnresolved(value) && !isBoundedLifetime(value)) {
        this.weaken('CONFIG-SESSION-LIMITS', `environment.${name}`, `'${value}' is not a positive lifetime: sessions signed with ${signer} would not expire`);
      }
    }
  }

  // ==================================================================================================
  // network
  // ==================================================================================================

  private createVpc(props: ProductionServiceProps): { vpc: ec2.Vpc; flowLog: ec2.FlowLog } {
    const region = Stack.of(this).region;
    const zones = props.availabilityZones
      ?? (Token.isUnresolved(region) ? undefined : ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`));
    const zoneCount = zones?.length ?? 2;
    const natGateways = props.natGateways ?? zoneCount;
    if (!Number.isInteger(natGateways) || natGateways < 1) {
      throw new Error(`ProductionService ${this.node.path}: natGateways must be at least 1 (the compute pulls images and calls AWS APIs through them), got ${natGateways}`);
    }
    const vpc = withStackZones(Stack.of(this), props.availabilityZones, () => new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      availabilityZones: zones,
      maxAzs: zones ? undefined : 3,
      natGateways,
      subnetConfiguration: [
        // The load balancer and the NAT gateways (Elastic IPs) only: nothing launched here gets a public IP.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'compute', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    }));
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: this.logRetention,
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const flowLog = vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    Validations.of(flowLog).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'CDK writes the flow log role\'s permissions (put events into this one log group) as the role\'s own policy; no other principal would share a managed policy.',
    });
    for (const subnet of vpc.publicSubnets) {
      const route = subnet.node.tryFindChild('DefaultRoute');
      if (route) {
        Validations.of(route).acknowledge({
          id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
          reason: 'The public subnets hold only the internet-facing load balancer and the NAT gateways, which need their route to the internet gateway; the compute and the data run in private and isolated subnets without one.',
        });
      }
    }
    this.acknowledgeRestrictDefaultSecurityGroup();
    this.claimOnce('NET-FLOW-LOGS');
    return { vpc, flowLog };
  }

  /** The CDK's custom resource that strips the default security group's rules is a CDK-internal Lambda. */
  private acknowledgeRestrictDefaultSecurityGroup(): void {
    const stack = Stack.of(this);
    const provider = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (!provider || provider.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) return;
    const reason = 'The CDK\'s own custom resource provider (restrictDefaultSecurityGroup) that strips the rules of the VPC\'s default security group once, at deployment';
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${reason}: the AWS managed policy lets it write its logs, nothing else.`,
      },
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${reason}: it runs once per deployment, so reserving concurrency would only take quota.` },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${reason}: CloudFormation waits for its answer and fails the deployment when it does not come; a dead-letter queue would hold nothing to act on.` },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${reason}: it calls the EC2 API only, over TLS.` },
    );
    acknowledgeSameChecks(provider); // the stack's provider is outside this construct
  }

  // ==================================================================================================
  // environment and secrets
  // ==================================================================================================

  private baseEnvironment(logLevel: string, props: ProductionServiceProps): { [name: string]: string } {
    const env: { [name: string]: string } = {
      ENVIRONMENT: 'production',
      DEBUG: 'false',
      LOG_LEVEL: logLevel,
      LOG_FORMAT: 'json',
      SERVICE_NAME: this.serviceName,
      METRICS_NAMESPACE: this.metricsNamespace,
      PUBLIC_URL: this.endpoint.url,
    };
    if (props.compute.computeType === ServiceComputeType.LAMBDA) {
      env.POWERTOOLS_SERVICE_NAME = this.serviceName;
      env.POWERTOOLS_METRICS_NAMESPACE = this.metricsNamespace;
    }
    if (this.database) {
      const db = this.database;
      const opts = props.databaseOptions ?? {};
      const host = db.proxy ? db.proxy.endpoint : db.endpoint.hostname;
      const port = Token.asString(db.endpoint.port);
      const name = opts.databaseName ?? 'app';
      const user = opts.databaseUser ?? 'app';
      // IAM authentication: the application signs a token for `user` as its password; TLS is required.
      env.DATABASE_URL = `postgresql://${user}@${host}:${port}/${name}?sslmode=verify-full`;
      env.DATABASE_HOST = host;
      env.DATABASE_PORT = port;
      env.DATABASE_NAME = name;
      env.DATABASE_USER = user;
      env.DATABASE_IAM_AUTH = 'true';
    }
    if (this.cache) {
      env.REDIS_URL = this.cache.endpoint.url;
      env.REDIS_READER_URL = this.cache.readerEndpoint.url;
    }
    return { ...env, ...(props.environment ?? {}) };
  }

  private addSecretEntry(name: string, secret: AppSecret): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`ProductionService ${this.node.path}: secret name '${name}' is not a valid environment variable name`);
    }
    if (this.secrets[name]) throw new Error(`ProductionService ${this.node.path}: secret ${name} is given twice`);
    this.secrets[name] = secret;
    this.claimOnce('SECRETS-NO-PLAINTEXT', 'SECRETS-ACCESS-SCOPED');
  }

  // ==================================================================================================
  // data access
  // ==================================================================================================

  private grantData(props: ProductionServiceProps): void {
    if (this.database) {
      this.database.allowDefaultPortFrom(this, `The ${this.serviceName} service`);
      this.database.grantConnect(this.role, props.databaseOptions?.databaseUser ?? 'app');
    }
    if (this.cache) {
      this.cache.connections.allowDefaultPortFrom(this, `The ${this.serviceName} service`);
    }
  }

  // ==================================================================================================
  // operations
  // ==================================================================================================

  /**
   * An alarm on the requests each web ACL the endpoint made blocks (the load balancer's, and the
   * static assets' CloudFront one), and their requests on the dashboard.
   */
  private watchWebAcl(): { loadBalancer?: cloudwatch.Alarm; staticAssets?: cloudwatch.Alarm } {
    const name = this.endpoint.webAclName;
    let alarm: cloudwatch.Alarm | undefined;
    let cdnAlarm: cloudwatch.Alarm | undefined;
    if (name) {
      const { allowed, blocked, rateLimited } = webAclMetrics(name, Stack.of(this).region);
      alarm = blockedRequestsAlarm(this, 'BlockedRequestsAlarm', blocked, this.serviceName, this.alarmTopic);
      this.alarms.dashboard.addWidgets(new cloudwatch.GraphWidget({
        title: 'Web ACL: allowed, blocked and rate-limited requests',
        left: [allowed, blocked, rateLimited],
        width: 24,
      }));
    }
    const cdnAcl = this.endpoint.staticAssetsWebAclName;
    if (cdnAcl) {
      // A CLOUDFRONT web ACL's metrics carry no Region dimension.
      const { allowed, blocked, rateLimited } = webAclMetrics(cdnAcl);
      cdnAlarm = blockedRequestsAlarm(this, 'StaticAssetsBlockedRequestsAlarm', blocked, `${this.serviceName} static assets`, this.alarmTopic);
      this.alarms.dashboard.addWidgets(new cloudwatch.GraphWidget({
        title: 'Static assets web ACL (CloudFront): allowed, blocked and rate-limited requests',
        left: [allowed, blocked, rateLimited],
        width: 24,
      }));
    }
    if (name || cdnAcl) this.claimOnce('ALARM-SECURITY-EVENTS', 'DASHBOARD-SECURITY');
    return { loadBalancer: alarm, staticAssets: cdnAlarm };
  }

  private claimOnce(...items: string[]): void {
    for (const i of items) this.claimed.add(i);
  }

  /** Refuse a weakening prop (unless acknowledged) and leave its item unclaimed. */
  private weaken(item: string, prop: string, problem: string): void {
    this.weakened.add(item);
    refuseWeakening(this, item, prop, problem);
  }
}

/**
 * Build with the stack's availability zones taken as `zones` (when given): `ec2.Vpc` checks given
 * zones against `stack.availabilityZones`, which for a stack with an account is a context lookup
 * needing credentials at synth. Zones the user names are used as named, offline; the stack is
 * left as it was.
 */
function withStackZones<T>(stack: Stack, zones: string[] | undefined, build: () => T): T {
  if (!zones) return build();
  const own = Object.getOwnPropertyDescriptor(stack, 'availabilityZones');
  Object.defineProperty(stack, 'availabilityZones', { value: [...zones], configurable: true });
  try {
    return build();
  } finally {
    if (own) Object.defineProperty(stack, 'availabilityZones', own);
    else delete (stack as { availabilityZones?: string[] }).availabilityZones;
  }
}
