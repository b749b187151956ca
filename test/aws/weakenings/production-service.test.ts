/**
 * ProductionService: every prop that can weaken an item it (or a construct it composes) claims is
 * refused unless acknowledged, and GoLiveChecks fails the same weakening.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { TrafficShift } from '../../../lib/aws/canary-deployment';
import { ProductionService, ProductionServiceProps } from '../../../lib/aws/production-service';
import { FargateComputeOptions, ServiceCompute } from '../../../lib/aws/service-compute';
import { lambdaCompute } from '../conformance/production-service';
import { Check, weakeningSuite } from './harness';

const IMAGE = 'public.ecr.aws/docker/library/node@sha256:c610fcdfb1d5b4740dd70c284ed3cb16bb857e0f7166196e36a5501df7a3aa32';
const fargate = (options: Partial<FargateComputeOptions> = {}) => ({ compute: ServiceCompute.fargate({ image: ecs.ContainerImage.fromRegistry(IMAGE), ...options }) });

/** Resources a row cannot carry as a value (they need the stack): built by the configuration. */
const UNENCRYPTED_TOPIC = 'an alarm topic of this app without a KMS key';
const KEY_WITHOUT_ROTATION = 'a KMS key of this app without rotation';
const ONE_ZONE_VPC = 'a VPC of this app in one availability zone';

function service(stack: Stack, props: { [name: string]: unknown }): ProductionService {
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const own: { [name: string]: unknown } = { ...props };
  if (own.alarmTopic === UNENCRYPTED_TOPIC) own.alarmTopic = new sns.Topic(stack, 'PlainTopic');
  if (own.encryptionKey === KEY_WITHOUT_ROTATION) own.encryptionKey = new kms.Key(stack, 'StaticKey', { enableKeyRotation: false });
  if (own.vpc === ONE_ZONE_VPC) own.vpc = new ec2.Vpc(stack, 'OneZone', { availabilityZones: ['eu-west-1a'], natGateways: 1 });
  return new ProductionService(stack, 'Svc', {
    compute: lambdaCompute(),
    domainName: 'api.example.com',
    hostedZone: zone,
    monthlyBudgetUsd: 500,
    alarmEmails: ['oncall@example.com'],
    pagerUrl: 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue',
    businessMetrics: ['OrdersPlaced'],
    backupCopyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr',
    ...own,
  } as ProductionServiceProps);
}

const NO_DATA = { database: false, cache: false, backupCopyToVaultArn: undefined };
const BY_CHILD = 'handed to the construct it composes, which refuses it';

weakeningSuite({
  construct: 'ProductionService',
  propsType: 'ProductionServiceProps',
  configurations: {
    lambda: service,
    fargate: (stack, props) => service(stack, { ...fargate(), ...props }),
  },
  weakenings: [
    { prop: 'environment.ENVIRONMENT', item: 'CONFIG-ENVIRONMENT-PRODUCTION', props: { environment: { ENVIRONMENT: 'staging' } }, check: Check.fails() },
    { prop: 'environment.DEBUG', item: 'CONFIG-DEBUG-OFF', props: { environment: { DEBUG: 'true' } }, check: Check.fails() },
    { prop: 'environment.NODE_OPTIONS', item: 'CONFIG-DEBUG-OFF', props: { environment: { NODE_OPTIONS: '--inspect=0.0.0.0:9229' } }, check: Check.fails() },
    { prop: 'environment.LOG_LEVEL', item: 'CONFIG-LOG-LEVEL', props: { environment: { LOG_LEVEL: 'debug' } }, check: Check.fails() },
    { prop: 'environment.STRIPE_API_KEY', item: 'SECRETS-NO-PLAINTEXT', props: { environment: { STRIPE_API_KEY: 'sk_live_123' } }, check: Check.fails() },
    { prop: 'environment.REDIS_URL', item: 'SECRETS-NO-PLAINTEXT', props: { environment: { REDIS_URL: 'redis://:p4ss@cache:6379' } }, check: Check.fails() },
    { prop: 'logLevel', item: 'CONFIG-LOG-LEVEL', props: { logLevel: 'DEBUG' }, check: Check.fails() },
    { prop: 'logRetention', item: 'LOG-RETENTION', props: { logRetention: logs.RetentionDays.ONE_WEEK }, check: Check.fails() },
    // Without the database and cache, which refuse one zone too (DB-MULTI-AZ, CACHE-MULTI-AZ-FAILOVER).
    { prop: 'availabilityZones', item: 'HA-MULTI-AZ', props: { availabilityZones: ['eu-west-1a'], ...NO_DATA }, check: Check.fails() },
    { prop: 'vpc', item: 'HA-MULTI-AZ', props: { vpc: ONE_ZONE_VPC, ...NO_DATA }, label: ONE_ZONE_VPC, check: Check.fails() },
    // DbConnectionPooling does not yet fail a service that reaches its database without a proxy.
    { prop: 'databaseOptions.proxy', item: 'DB-CONNECTION-POOLING', props: { databaseOptions: { proxy: false } }, check: Check.cannotKnow('connection pooling may live in the application (a driver pool): a template without an RDS Proxy cannot show it, so the item stays pending (RdsProxyRequiresTls judges the proxies that exist)') },
    { prop: 'cacheOptions.snapshotRetentionDays', item: 'CACHE-SNAPSHOT-RETENTION', props: { cacheOptions: { snapshotRetentionDays: 1 } }, check: Check.fails() },
    { prop: 'healthProbe', item: 'HEALTH-EXTERNAL-PROBE', props: { healthProbe: false }, check: Check.fails() },
    { prop: 'healthCheckPath', item: 'HEALTH-ENDPOINT', props: { healthCheckPath: '/' }, propInMessage: 'path', check: Check.fails() },
    { prop: 'logArchive', item: 'LOG-ARCHIVE', props: { logArchive: false }, check: Check.fails() },
    { prop: 'alarmTopic', item: 'ALARM-TOPIC-ENCRYPTED', props: { alarmTopic: UNENCRYPTED_TOPIC }, label: UNENCRYPTED_TOPIC, check: Check.fails() },
    { prop: 'trafficShift.allAtOnce()', item: 'DEPLOY-PROGRESSIVE', props: { trafficShift: TrafficShift.allAtOnce() }, propInMessage: 'trafficShift', label: 'TrafficShift.allAtOnce()', check: Check.fails() },
    { prop: 'cors.allowedOrigins', item: 'EDGE-CORS', props: { cors: { allowedOrigins: ['*'] } }, check: Check.fails() },
    { prop: 'staticAssets.webAclArn', item: 'WAF-WEB-ACL', props: { staticAssets: {} }, label: 'staticAssets without webAclArn outside us-east-1', check: Check.fails() },
    {
      prop: 'compute.lambdaFunction().reservedConcurrentExecutions', item: 'SCALING-AUTOSCALING', check: Check.fails(),
      props: { compute: lambdaCompute({ reservedConcurrentExecutions: 1 }) },
      label: 'lambdaFunction({ reservedConcurrentExecutions: 1 })',
    },
    { prop: 'compute.fargate().user', item: 'COMPUTE-HARDENED', props: fargate({ user: 'root' }), label: "fargate({ user: 'root' })", configuration: 'fargate', check: Check.fails() },
    { prop: 'compute.fargate().readonlyRootFilesystem', item: 'COMPUTE-HARDENED', props: fargate({ readonlyRootFilesystem: false }), label: 'fargate({ readonlyRootFilesystem: false })', configuration: 'fargate', check: Check.fails() },
    { prop: 'compute.fargate().minTasks', item: 'SCALING-MIN-CAPACITY', props: fargate({ minTasks: 1 }), label: 'fargate({ minTasks: 1 })', configuration: 'fargate', check: Check.fails() },
    {
      prop: 'compute.fargate().image', item: 'DEPLOY-IMMUTABLE-ARTIFACTS', configuration: 'fargate', check: Check.fails(),
      props: { compute: ServiceCompute.fargate({ image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') }) }, label: 'nginx:latest',
    },
    {
      prop: 'environment.SESSION_TIMEOUT_MINUTES', item: 'CONFIG-SESSION-LIMITS', configuration: 'fargate', check: Check.fails(),
      props: { ...fargate(), generateSecrets: ['SESSION_SECRET'], environment: { SESSION_TIMEOUT_MINUTES: '0' } }, label: "SESSION_SECRET with SESSION_TIMEOUT_MINUTES: '0'",
    },
    {
      prop: 'environment', item: 'CONFIG-SESSION-LIMITS', configuration: 'fargate', check: Check.fails(),
      props: { ...fargate(), generateSecrets: ['SESSION_SECRET'] }, label: 'SESSION_SECRET without a lifetime',
    },
    { prop: 'encryptionKey', item: 'KMS-KEY-ROTATION', props: { encryptionKey: KEY_WITHOUT_ROTATION }, label: KEY_WITHOUT_ROTATION, check: Check.fails() },
  ],
  untouched: {
    'compute.lambdaFunction()': 'the Lambda flavour itself provisions every compute item (its reservedConcurrentExecutions is a row)',
    'compute.lambdaFunction().code': 'the application: no checklist item',
    'compute.lambdaFunction().handler': 'the application entry point: no checklist item',
    'compute.lambdaFunction().runtime': 'any runtime Lambda supports; an outdated one is a cdk-nag finding (AwsSolutions-L1), not a checklist item',
    'compute.lambdaFunction().memorySize': 'sizing: no checklist item',
    'compute.lambdaFunction().timeout': 'the longest request: no checklist item',
    'compute.lambdaFunction().architecture': 'the instruction set: no checklist item',
    'compute.fargate()': 'the Fargate flavour itself; its weakening fields are rows',
    'compute.fargate().command': 'what the container runs: no checklist item',
    'compute.fargate().cpu': 'sizing: no checklist item',
    'compute.fargate().memoryLimitMiB': 'sizing: no checklist item',
    'compute.fargate().containerPort': 'the port behind the load balancer: no checklist item',
    'compute.fargate().writablePaths': 'task-local scratch volumes; the root filesystem stays read-only (COMPUTE-HARDENED)',
    'compute.fargate().cpuArchitecture': 'the instruction set: no checklist item',
    'compute.fargate().maxTasks': 'the autoscaling ceiling, above minTasks (an error otherwise): no checklist item',
    'compute.fargate().stopTimeout': 'graceful shutdown within Fargate\'s 1-120 s (an error otherwise); DEPLOY-GRACEFUL-SHUTDOWN is the target group deregistration delay',
    domainName: 'the name the service answers on: no checklist item',
    hostedZone: 'where the record and validation go; without one the user brings the certificate (EDGE-DNS is then not claimed)',
    certificate: 'an ACM certificate by type (EDGE-CERTIFICATE-MANAGED); the listener policy stays TLS 1.2+',
    monthlyBudgetUsd: 'any amount above 0 is a budget (ALARM-COST-BUDGET); 0 or less is an error',
    budgetEmails: 'more recipients of the budget: never fewer than the alarm topic',
    serviceName: 'names only',
    natGateways: 'egress capacity, at least 1 (an error otherwise): no checklist item',
    secrets: 'secrets passed by reference are the compliant way (SECRETS-NO-PLAINTEXT)',
    generateSecrets: 'generated by AppSecret, which enforces SECRETS-STRENGTH and rotation itself',
    database: 'false: no database, so no database item is claimed',
    'databaseOptions.flavor': `${BY_CHILD} (ProductionDatabase: the data tier's table)`,
    'databaseOptions.auroraEngineVersion': `${BY_CHILD} (ProductionDatabase: the data tier's table)`,
    'databaseOptions.postgresEngineVersion': `${BY_CHILD} (ProductionDatabase: the data tier's table)`,
    'databaseOptions.instanceType': `${BY_CHILD} (ProductionDatabase: the data tier's table, instance memory)`,
    'databaseOptions.readers': `${BY_CHILD} (ProductionDatabase: the data tier's table)`,
    'databaseOptions.allocatedStorage': `${BY_CHILD} (ProductionDatabase: the data tier's table)`,
    'databaseOptions.databaseName': 'a name: no checklist item',
    'databaseOptions.databaseUser': 'the IAM database user: no checklist item',
    cache: 'false: no cache, so no cache item is claimed',
    'cacheOptions.engine': `${BY_CHILD} (ProductionCache: the data tier's table)`,
    'cacheOptions.engineVersion': `${BY_CHILD} (ProductionCache: the data tier's table)`,
    'cacheOptions.nodeType': `${BY_CHILD} (ProductionCache: the data tier's table)`,
    'cacheOptions.replicas': `${BY_CHILD} (ProductionCache: the data tier's table, CACHE-MULTI-AZ)`,
    backupCopyToVaultArn: 'without it a warning, and BACKUP-CROSS-REGION-COPY is not claimed',
    alarmEmails: 'ALARM-NOTIFICATION-CHANNELS is claimed only with an address',
    pagerUrl: 'ALARM-PAGING is claimed only with a pager; http:// is an error',
    logArchiveRetention: 'the archive\'s lifetime above 30 days (an error otherwise); LOG-ARCHIVE asks for the archive, LOG-RETENTION for the log group',
    metricsNamespace: 'a name: no checklist item',
    businessMetrics: 'without them a warning, and DASHBOARD-BUSINESS is not claimed',
    'trafficShift.canary()': 'progressive: the percent and interval DEPLOY-PROGRESSIVE accepts',
    'trafficShift.linear()': 'progressive: the percent and interval DEPLOY-PROGRESSIVE accepts',
    'cors.allowedHeaders': 'request headers the origin may send: EDGE-CORS judges the origins',
    'cors.allowedMethods': 'the methods the origin may use: EDGE-CORS judges the origins',
    'cors.allowCredentials': 'credentials for one named origin, which EDGE-CORS allows (never with *, refused)',
    'cors.maxAge': 'the preflight cache: no checklist item',
    'staticAssets.bucket': 'a bucket you bring: the distribution still reads it through origin access control',
    'staticAssets.domainName': 'a name; without a certificate an error',
    'staticAssets.certificate': 'a us-east-1 certificate (an error elsewhere)',
    'staticAssets.priceClass': 'the edge locations: no checklist item',
    'staticAssets.cachePolicy': 'caching: no checklist item',
    'staticAssets.geoRestriction': 'countries served: no checklist item',
    thresholds: 'only ever tightens: a looser value is an error',
  },
}, ['lib/aws/production-service.ts', 'lib/aws/service-compute.ts', 'lib/aws/canary-deployment.ts', 'lib/aws/https-endpoint.ts']);
