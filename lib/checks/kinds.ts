/**
 * Kinds of resource the checklist's items are about, with the types of each kind the rules read and the types
 * of the same kind they do not. An item whose rules judge a kind (a database: RDS) cannot be satisfied while
 * the app holds a resource of that kind no rule reads (a DocumentDB cluster): it could violate the item unseen.
 * A type of `unread` may have rules for some items (SecretsNoPlaintext reads App Runner's variables): it keeps
 * every other item about its kind from being satisfied, and moves to `judged` only once the rules of every item
 * about the kind read it (a test holds the table to that).
 * @internal
 */
export interface ResourceKind {
  /** In words, as the report names it: `a database`. */
  readonly name: string;
  /** The types of the kind the rules read: an item with a rule for one of them is about the kind. */
  readonly judged: readonly string[];
  /** The types of the kind that the rules of some items about it do not read. */
  readonly unread: readonly string[];
  /**
   * Types that are parts of one resource: a rule that reads one part of a group judges the others (an ECS service
   * runs the task definition it names; a REST API is served through its stages). A group may name types of no kind.
   */
  readonly parts?: readonly (readonly string[])[];
  /**
   * A part that may run without the whole that reads it (a task definition no ECS service runs, launched by a
   * schedule, a pipe, a state machine or from outside the template), under a type of its own: the engine counts that
   * type present for such a resource (see `ECS_TASK_ALONE`), and only the rules that read the part itself judge it,
   * or (`runners`) rules that read every type that runs it.
   */
  readonly alone?: readonly { readonly part: string; readonly type: string; readonly runners?: readonly string[] }[];
}

/**
 * The type the engine counts for a task definition that an EventBridge rule or an EventBridge Scheduler schedule of
 * its template runs (and nothing else but ECS services): its network configuration is written on the target. @internal
 */
export const ECS_TASK_SCHEDULED = 'AWS::ECS::TaskDefinition run by a schedule';
/** The types that run a task definition on a schedule, each target with a network configuration of its own. @internal */
export const ECS_TASK_SCHEDULERS: readonly string[] = ['AWS::Events::Rule', 'AWS::Scheduler::Schedule'];
/**
 * The type the engine counts for a task definition that nothing of its template runs (it may be run from outside:
 * a pipeline's `ecs run-task`, a service made elsewhere), or that something other than a service or a schedule runs
 * (a pipe, a state machine, a task set). @internal
 */
export const ECS_TASK_ALONE = 'AWS::ECS::TaskDefinition run by no ECS service';

/**
 * The type the engine counts for an Auto Scaling group whose instances are launched from a launch template or
 * configuration outside the template (an id or name written as text, a parameter, an import; one chosen by a
 * condition): what its instances run is read by no rule. A group launched from a launch template or configuration of
 * the template is read through it (the rules of EC2 instances read both). @internal
 */
export const ASG_LAUNCHED_OUTSIDE = 'AWS::AutoScaling::AutoScalingGroup launched from outside the template';

/**
 * The types the engine counts for a launch template, or a launch configuration, that no Auto Scaling group of its
 * template launches (named as written, under no condition other than its own), or that something else also uses or
 * may use (an instance, an EKS node group, an output another stack may launch it from): the rules that read the
 * Auto Scaling group (MultiAz, ScalingMinCapacity...) do not see what it launches. A launch template or
 * configuration that only groups launch is part of them (compute `parts`). @internal
 */
export const LAUNCH_TEMPLATE_ALONE = 'AWS::EC2::LaunchTemplate launched by no Auto Scaling group';
/** See `LAUNCH_TEMPLATE_ALONE`. @internal */
export const LAUNCH_CONFIGURATION_ALONE = 'AWS::AutoScaling::LaunchConfiguration launched by no Auto Scaling group';

/**
 * A kustomization and a kustomize component (types `k8s:<kind>`): what `kubectl apply -k` deploys is the output of
 * `kustomize build`, which can rewrite any object the manifests show (images, replicas, namespace, patches) and add
 * others, so while one is in the input no item about Kubernetes workloads or endpoints is satisfied, as a
 * CloudFormation transform the checks do not expand keeps every item from being satisfied.
 * @internal
 */
export const KUSTOMIZE_TYPES: readonly string[] = ['k8s:Kustomization', 'k8s:Component'];

/** @internal */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    name: 'a database',
    // DynamoDB tables: the database items' rules read them (DynamoDb*), or NOT_ABOUT says why an item is not about them.
    // DocumentDB and Neptune clusters and instances: the Rds* rules, the alarm rules (AWS/DocDB, AWS/Neptune metrics),
    // DashboardInfrastructure and PrivateSubnets read them, or NOT_ABOUT says why (DOC_GRAPH_ASIDE).
    // OpenSearch Service and Elasticsearch domains are `unread` below: the OpenSearch* rules, PrivateSubnets and the
    // alarm and dashboard rules (AWS/ES metrics) read them, or NOT_ABOUT says why (OPENSEARCH_ASIDE), for every database
    // item but DB-BACKUP-RETENTION and DB-LOG-EXPORTS, which are about a domain and which no template can satisfy for
    // one (see OPENSEARCH_ASIDE): the items stay unknown beside a domain.
    judged: [
      'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
      'AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance', 'AWS::Neptune::DBCluster', 'AWS::Neptune::DBInstance',
    ],
    unread: [
      'AWS::DocDBElastic::Cluster', 'AWS::NeptuneGraph::Graph',
      'AWS::Redshift::Cluster', 'AWS::RedshiftServerless::Namespace', 'AWS::RedshiftServerless::Workgroup',
      'AWS::Timestream::Database', 'AWS::Timestream::InfluxDBInstance',
      'AWS::Cassandra::Keyspace', 'AWS::Cassandra::Table',
      'AWS::QLDB::Ledger', 'AWS::DSQL::Cluster', 'AWS::Lightsail::Database',
      'AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain', 'AWS::OpenSearchServerless::Collection',
      'AWS::MemoryDB::Cluster',
    ],
  },
  {
    name: 'a cache',
    judged: ['AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache'],
    // A cache's subnets are those of its subnet group.
    parts: [['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::SubnetGroup']],
    unread: ['AWS::MemoryDB::Cluster', 'AWS::DAX::Cluster'],
  },
  {
    // Where the service's code runs: functions, tasks, instances. Build and data-processing compute (CodeBuild,
    // EMR, Glue) is not the service, and is not listed.
    name: 'compute',
    // A launch configuration (the legacy launch template) is read wherever a launch template is (INSTANCE_TYPES).
    judged: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::ECS::Service', 'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'],
    // An Auto Scaling group and the launch template or configuration it launches are one fleet: a rule that reads the
    // group (its zones, its size) judges what it launches; one launched by no group is `LAUNCH_TEMPLATE_ALONE`.
    parts: [['AWS::ECS::Service', 'AWS::ECS::TaskDefinition'], ['AWS::AutoScaling::AutoScalingGroup', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration']],
    alone: [
      { part: 'AWS::ECS::TaskDefinition', type: ECS_TASK_SCHEDULED, runners: ECS_TASK_SCHEDULERS },
      { part: 'AWS::ECS::TaskDefinition', type: ECS_TASK_ALONE },
      { part: 'AWS::EC2::LaunchTemplate', type: LAUNCH_TEMPLATE_ALONE },
      { part: 'AWS::AutoScaling::LaunchConfiguration', type: LAUNCH_CONFIGURATION_ALONE },
    ],
    unread: ['AWS::AppRunner::Service', 'AWS::ElasticBeanstalk::Environment', 'AWS::Batch::JobDefinition', 'AWS::Lightsail::Instance', 'AWS::Lightsail::Container', ASG_LAUNCHED_OUTSIDE],
  },
  {
    // What clients reach the service through: load balancers, distributions, APIs.
    name: 'an endpoint',
    judged: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancing::LoadBalancer', 'AWS::CloudFront::Distribution', 'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage', 'AWS::Lambda::Url'],
    parts: [
      ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
      ['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Method'],
      ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Route'],
    ],
    // AppSync GraphQL and Event APIs (an Event API's channel namespaces too): API-AUTHORIZATION, EDGE-ACCESS-LOGS and
    // (GraphQL) the WAF and certificate items read them, no rule of the other endpoint items does.
    unread: [
      'AWS::AppSync::GraphQLApi', 'AWS::AppSync::Api', 'AWS::AppSync::ChannelNamespace', 'AWS::AppRunner::Service', 'AWS::ElasticBeanstalk::Environment', 'AWS::Amplify::App',
      'AWS::Lightsail::LoadBalancer', 'AWS::Lightsail::Distribution', 'AWS::GlobalAccelerator::Listener', 'AWS::VpcLattice::Listener',
    ],
  },
  {
    // What clients reach a Kubernetes service through (types `k8s:<kind>`, see `k8sTypeOf`): the Ingresses, Gateway
    // API Gateways and HTTPRoutes the rules read; a LoadBalancer Service in front of the app's own pods, Istio
    // gateways, the other routes that attach to a gateway (Gateway API GRPC/TLS/TCP/UDP routes, Istio VirtualServices with gateways: the gateway,
    // often a shared one outside the manifests, decides their listeners), Gateway API ListenerSets (listeners of
    // their own, HTTP ones too, merged into a Gateway that allows them), Traefik's TCP and UDP IngressRoutes (a TCP router
    // may pass TLS through to its backend or terminate it with options of its own; UDP has no TLS), Contour's retired IngressRoute,
    // Contour HTTPProxies, NGINX Inc.'s VirtualServers, VirtualServerRoutes and TransportServers (k8s.nginx.org: a
    // VirtualServer without spec.tls serves plain HTTP), Emissary Mappings, Kong TCP/UDP ingresses and OpenShift
    // Routes they do not.
    name: 'a Kubernetes endpoint',
    // Gateway API Gateways and HTTPRoutes are read by the TLS, redirect and HSTS rules; Gateways (their listeners' Secrets) by the certificate item's too.
    // Traefik's HTTP IngressRoutes are read by the rules of all four items (K8sIngress*: ingress-route.ts).
    judged: ['k8s:Ingress', 'k8s:Gateway', 'k8s:HTTPRoute', 'k8s:IngressRoute'],
    // A kustomization (k8s/engine.ts) deploys what `kustomize build` makes of the objects: it may rewrite or add any.
    unread: [
      'k8s:Service/LoadBalancer', 'k8s:Gateway/other', 'k8s:HTTPRoute/other', 'k8s:GRPCRoute', 'k8s:TLSRoute', 'k8s:TCPRoute', 'k8s:UDPRoute',
      'k8s:ListenerSet', 'k8s:XListenerSet', 'k8s:VirtualService', 'k8s:IngressRoute/other', 'k8s:IngressRouteTCP', 'k8s:IngressRouteUDP', 'k8s:HTTPProxy',
      'k8s:VirtualServer', 'k8s:VirtualServerRoute', 'k8s:TransportServer', 'k8s:Mapping',
      'k8s:TCPIngress', 'k8s:UDPIngress', 'k8s:Route', ...KUSTOMIZE_TYPES,
    ],
  },
  {
    // Where a Kubernetes service's code runs: every kind with a pod template. The serving items read the replicated
    // ones (Deployment, StatefulSet, Rollout); a bare Pod or ReplicaSet, a DaemonSet or a StatefulSet's rollout is
    // judged by none of theirs.
    name: 'a Kubernetes workload',
    judged: ['k8s:Deployment', 'k8s:StatefulSet', 'k8s:Rollout', 'k8s:DaemonSet', 'k8s:ReplicaSet', 'k8s:Job', 'k8s:CronJob', 'k8s:Pod'],
    unread: [...KUSTOMIZE_TYPES],
  },
];

/** The prefix of Kubernetes kinds among the types of `RESOURCE_KINDS` (`k8s:Ingress`). @internal */
export const K8S_TYPE_PREFIX = 'k8s:';

const KINDS_OF_UNREAD = new Map<string, ResourceKind[]>();
for (const kind of RESOURCE_KINDS) {
  for (const t of kind.unread) {
    const list = KINDS_OF_UNREAD.get(t) ?? [];
    list.push(kind);
    KINDS_OF_UNREAD.set(t, list);
  }
}

/**
 * Whether a resource, by its properties as written, is network plumbing rather than the service's own: an EC2
 * instance with `SourceDestCheck` written as false is a NAT instance (it forwards the subnets' traffic, as the CDK's
 * `NatProvider.instanceV2()` makes it). A type all of whose resources are plumbing does not keep the items about its
 * kind from being satisfied. Any other way of writing it (a parameter, a condition) counts as the service's.
 * @internal
 */
export function isPlumbing(type: string, properties: Record<string, unknown> | undefined): boolean {
  if (type !== 'AWS::EC2::Instance') return false;
  const check = properties?.SourceDestCheck;
  return check === false || check === 'false';
}

/** The kinds a type no rule reads belongs to (undefined for most types). @internal */
export function kindsOfUnread(type: string): readonly ResourceKind[] | undefined {
  return KINDS_OF_UNREAD.get(type);
}

/** The kinds a rule judging `types` is about. @internal */
export function kindsJudged(types: readonly string[]): ResourceKind[] {
  return RESOURCE_KINDS.filter((k) => k.judged.some((t) => types.includes(t)));
}

const LAMBDA = 'AWS::Lambda::Function';
const FUNCTION_URL = 'AWS::Lambda::Url';
const ECS_TASK = 'AWS::ECS::TaskDefinition';
const ECS_SERVICE = 'AWS::ECS::Service';
const CLOUDFRONT = 'AWS::CloudFront::Distribution';
const REST_API = 'AWS::ApiGateway::RestApi';
const REST_STAGE = 'AWS::ApiGateway::Stage';
const API_V2_STAGE = 'AWS::ApiGatewayV2::Stage';
const ALB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const ALB_LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const CLB = 'AWS::ElasticLoadBalancing::LoadBalancer';
const APPSYNC = 'AWS::AppSync::GraphQLApi';
const APPSYNC_EVENTS = 'AWS::AppSync::Api';
const APPSYNC_NAMESPACE = 'AWS::AppSync::ChannelNamespace';

const K8S_JOB = 'k8s:Job';
const K8S_CRONJOB = 'k8s:CronJob';
const K8S_DAEMONSET = 'k8s:DaemonSet';
const RUNS_TO_COMPLETION = 'it runs to completion: it serves no requests, keeps no replicas and is not rolled out';
const PER_NODE = 'one pod per node: its count, spread and evictions follow the nodes (a drain leaves daemon pods)';
const NO_UTILISATION = 'Lambda publishes no CPU or memory utilisation (Lambda Insights aside): a function\'s saturation shows in its duration and throttles';
const ECS_SHELL = 'an ECS task offers a shell only through ECS Exec (Session Manager); its open ports are judged on its security groups, which the rules read';
const ECS_REQUESTS = 'ECS publishes no request, error or latency metric: a service\'s requests are measured at its load balancer, which the rule reads';
const AT_THE_ORIGIN = 'a distribution forwards to an origin whose requests the rule reads (a load balancer, a function); its own edge errors are not the service\'s';
const URL_IS_FUNCTION = 'a function URL\'s requests are invocations of its function, which the rule reads';
const AWS_HTTPS_ONLY = 'AWS serves it over HTTPS only, TLS 1.2 or later, with its own certificate; custom domains are judged on their own (ApiGatewayDomainTls)';
const APPSYNC_HTTPS_ONLY = 'AppSync serves GraphQL over HTTPS (and WSS) only, with TLS 1.2 or 1.3 on its own and on custom domains (whose certificate must come from ACM)';
const APPSYNC_EVENTS_HTTPS_ONLY = 'AppSync serves Event APIs over HTTPS (publish) and WSS (connections) only, on its own endpoints and on custom domains (whose certificate must come from ACM)';
const AWS_CERTIFICATE = 'its default endpoint serves AWS\'s own certificate; custom domains, which carry the app\'s certificates, are judged on their own';
const AWS_PARSER = 'AWS\'s managed front end parses the requests: it has no setting for this (the item sets an Application Load Balancer\'s attribute)';
const NOT_A_LOAD_BALANCER = 'not a load balancer: nothing to protect from deletion by this setting';
const IS_THE_PROXY = 'it is the managed reverse proxy the item asks for';
const NOT_A_CDN = 'not a CDN: the item is about the distributions, which the rule reads';
const AWS_NAME = 'its default endpoint has AWS\'s own name; custom domains, which DNS records point at, are judged on their own';
const NO_TARGETS = 'AWS runs it: there are no targets of the app to deregister';
const AWS_ZONES = 'a regional service AWS runs across the region\'s zones';
const NO_SUBNETS = 'a serverless service reached through its regional endpoint: it is placed in no subnet of the app';
const NOT_AN_API = 'not an API Gateway route: the item is about API Gateway; authentication inside the application is APPSEC-AUTHENTICATION';

const SCHEDULED = 'a task a schedule starts runs to completion: it serves no requests, keeps no replicas, is not rolled out, and ECS publishes no service metrics for it';
/**
 * The items read on ECS services (not on task definitions) that a scheduled task is not about: every one but
 * NET-PRIVATE-SUBNETS, whose subnets and public IP are written on the schedule's target (PrivateSubnets reads it).
 */
const NOT_ABOUT_SCHEDULED = [
  'EDGE-REVERSE-PROXY', 'HEALTH-EXTERNAL-PROBE', 'ALARM-MEMORY', 'ALARM-CPU', 'ALARM-STANDARD-SET',
  'DASHBOARD-SERVICE', 'DASHBOARD-INFRASTRUCTURE', 'DASHBOARD-BUSINESS', 'METRICS-COLLECTED',
  'DEPLOY-PROGRESSIVE', 'DEPLOY-CANARY-ROLLBACK', 'DEPLOY-HEALTH-HOOKS', 'DEPLOY-ZERO-DOWNTIME',
  'HA-MULTI-AZ', 'SCALING-AUTOSCALING', 'SCALING-MIN-CAPACITY', 'COMPUTE-PROVISIONED',
];

const DDB_TABLE = 'AWS::DynamoDB::Table';
const DDB_GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';
/** What DynamoDB has no equivalent of, or does itself, for each database item its rules do not read (see the README). */
const DYNAMODB_ASIDE: Record<string, string> = {
  'DB-PROVISIONED': 'the item asks for a production PostgreSQL database (RDS or Aurora), which its rule reads: a DynamoDB table neither is one nor keeps one from being provisioned',
  'DB-MULTI-AZ': 'DynamoDB stores every table synchronously in three availability zones of its region: there is no single-zone table',
  'DB-NOT-PUBLIC': 'a table has no network endpoint of its own (it is reached through DynamoDB\'s IAM-authenticated regional API), and DynamoDB\'s Block Public Access, always on, refuses a resource policy granting public access',
  'DB-IAM-AUTH': 'DynamoDB authenticates every request with IAM (SigV4): there is no other way to sign in',
  'DB-CREDENTIALS-MANAGED': 'DynamoDB has no master user or password: every request is signed with IAM credentials',
  'DB-CONNECTION-POOLING': 'DynamoDB is an HTTPS API with no connection limit to pool: there is no server connection for a proxy to share',
  'DB-ENGINE-VERSION': 'DynamoDB is a managed service with no engine version to pin',
  'DB-ENHANCED-MONITORING': 'DynamoDB runs on no instance of the app: there is no operating system to monitor and no Performance Insights',
  'DB-LOG-EXPORTS': 'DynamoDB has no database log or slow-query log to export; its API calls are CloudTrail\'s (data events), not this item\'s',
  'ALARM-CPU': 'DynamoDB publishes no CPU utilisation: a table\'s saturation shows in its throttled requests and consumed capacity',
  'ALARM-MEMORY': 'DynamoDB publishes no memory metric: a table\'s saturation shows in its throttled requests and consumed capacity',
  'ALARM-DISK': 'a DynamoDB table\'s storage grows without limit: there is no free storage to run out of',
  'ALARM-DB-CONNECTIONS': 'DynamoDB has no connections or max_connections: every request is a separate HTTPS call',
  'DASHBOARD-INFRASTRUCTURE': 'DynamoDB publishes no CPU, memory, storage or connection metric: the item\'s infrastructure rows do not exist for a table',
};
/** `table` with DynamoDB tables set aside for each item of `DYNAMODB_ASIDE`, for its reason. */
function withDynamoDb(table: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  const out = { ...table };
  for (const [item, reason] of Object.entries(DYNAMODB_ASIDE)) out[item] = { ...out[item], [DDB_TABLE]: reason, [DDB_GLOBAL_TABLE]: reason };
  for (const [item, types] of Object.entries(DOC_GRAPH_ASIDE)) {
    for (const [reason, list] of types) for (const t of list) out[item] = { ...out[item], [t]: reason };
  }
  for (const [item, reason] of Object.entries(OPENSEARCH_ASIDE)) for (const t of OPENSEARCH) out[item] = { ...out[item], [t]: reason };
  return out;
}

const DOCDB = ['AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance'];
const NEPTUNE = ['AWS::Neptune::DBCluster', 'AWS::Neptune::DBInstance'];
/** What DocumentDB and Neptune have no equivalent of, for each database item the Rds* rules do not read them for. */
const DOC_GRAPH_ASIDE: Record<string, [string, string[]][]> = {
  'DB-PROVISIONED': [['the item asks for a production PostgreSQL database (RDS or Aurora), which its rule reads: a DocumentDB or Neptune cluster neither is one nor keeps one from being provisioned', [...DOCDB, ...NEPTUNE]]],
  'DB-CONNECTION-POOLING': [
    ['RDS Proxy does not front DocumentDB, and no managed pooler does: MongoDB drivers pool connections in the client', DOCDB],
    ['RDS Proxy does not front Neptune, and no managed pooler does: clients reach it over HTTPS and WebSocket, pooled by the Gremlin/HTTP client', NEPTUNE],
  ],
  'DB-NOT-PUBLIC': [['DocumentDB has no public endpoint: its instances get no public IP and are reached only from their VPC (their subnets are NET-PRIVATE-SUBNETS\'s)', DOCDB]],
  'DB-CREDENTIALS-MANAGED': [['Neptune has no master user or password: it authenticates requests with IAM (DB-IAM-AUTH judges IamAuthEnabled) or not at all', NEPTUNE]],
  'DB-ENHANCED-MONITORING': [['Neptune has neither Enhanced Monitoring nor Performance Insights: its instances publish CloudWatch metrics only', NEPTUNE]],
  'ALARM-DISK': [['a DocumentDB or Neptune cluster volume grows on its own (up to 128 TiB), as Aurora\'s does: there is no allocated storage to run out of', [...DOCDB, ...NEPTUNE]]],
  'ALARM-DB-CONNECTIONS': [['Neptune publishes no DatabaseConnections and has no max_connections or connection limit to alarm near: clients send HTTPS requests (GremlinWebSocketOpenConnections counts Gremlin WebSockets only, with no limit); its saturation shows in CPU and its request queue', NEPTUNE]],
};

const OPENSEARCH = ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'];
/**
 * What an OpenSearch Service (or legacy Elasticsearch) domain has no equivalent of, for each database item the
 * OpenSearch* rules do not read it for. The domain types stay `unread` for the two items no rule reads them for,
 * which are about a domain (it keeps backups and writes logs) but which no template can satisfy for one; they are not
 * set aside here, since this table says an item is not about a type, and the items stay unknown beside a domain:
 * DB-BACKUP-RETENTION (automated snapshots are kept 14 days, fixed, with no point-in-time restore; longer retention
 * is manual snapshots or snapshot-management policies made through the domain's API, which the template cannot show)
 * and DB-LOG-EXPORTS (RdsLogExports fails a domain that does not publish its logs, but the slow-log thresholds are
 * index settings outside the template). ALARM-CPU, ALARM-MEMORY, ALARM-DISK and DASHBOARD-INFRASTRUCTURE read them
 * (AWS/ES CPUUtilization, JVMMemoryPressure, FreeStorageSpace).
 */
const OPENSEARCH_ASIDE: Record<string, string> = {
  'DB-PROVISIONED': 'the item asks for a production PostgreSQL database (RDS or Aurora), which its rule reads: an OpenSearch domain neither is one nor keeps one from being provisioned',
  'DB-CONNECTION-POOLING': 'RDS Proxy does not front OpenSearch, and no managed pooler does: clients send HTTPS requests and keep their connections alive in the client',
  'DB-ENHANCED-MONITORING': 'OpenSearch Service has neither Enhanced Monitoring nor Performance Insights: a domain publishes per-node CloudWatch metrics (AWS/ES) only',
  'BACKUP-PLAN': 'AWS Backup does not support OpenSearch Service (not among its resource types): a domain\'s backups are its automated snapshots, kept 14 days (DB-BACKUP-RETENTION)',
  'ALARM-DB-CONNECTIONS': 'OpenSearch Service publishes no database connection count and has no max_connections to alarm near: clients send HTTPS requests; its saturation shows in CPU, JVM memory pressure and thread pool rejections',
};

/**
 * For an item, the types of its kinds that its rules do not read and that cannot bear on it, with the reason (a type
 * of `judged` that other items' rules read, or of `unread`: a DynamoDB table has no subnets). Every
 * other type of the item's kinds that its rules do not read (nor any part of the same resource) keeps the item from
 * being satisfied when the app holds one: an app whose ECS images are pinned and whose Lambda function runs
 * `app:latest` does not satisfy DEPLOY-IMMUTABLE-ARTIFACTS. A test holds every entry to a type of the item's kinds
 * that its rules do not read.
 * @internal
 */
export const NOT_ABOUT: Readonly<Record<string, Readonly<Record<string, string>>>> = withType(NOT_ABOUT_SCHEDULED, ECS_TASK_SCHEDULED, SCHEDULED, withDynamoDb({
  // Compute
  'ALARM-MEMORY': { [LAMBDA]: NO_UTILISATION },
  'ALARM-CPU': { [LAMBDA]: NO_UTILISATION },
  'DASHBOARD-INFRASTRUCTURE': { [LAMBDA]: NO_UTILISATION },
  'DEPLOY-CANARY-ROLLBACK': { [LAMBDA]: 'a function\'s canary is its CodeDeploy deployment group, which the rule reads; a function released without one has no canary (DEPLOY-PROGRESSIVE fails it)', [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION },
  'DEPLOY-ZERO-DOWNTIME': { [LAMBDA]: 'a new version of a function takes requests as its instances start: no capacity is taken away during a release', [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION },
  'SCALING-MIN-CAPACITY': { [LAMBDA]: 'a function runs as many instances as requests need (SCALING-AUTOSCALING); it has no replica count', [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION, [K8S_DAEMONSET]: PER_NODE },
  'COMPUTE-HARDENED': { [LAMBDA]: 'a managed runtime: no privileged mode, root user, writable image or instance metadata to set' },
  'COMPUTE-REMOTE-ACCESS': {
    [LAMBDA]: 'a function offers no shell and no inbound port',
    [ECS_TASK]: ECS_SHELL,
    [ECS_SERVICE]: ECS_SHELL,
  },
  'ALARM-ERROR-RATE': { [ECS_TASK]: ECS_REQUESTS, [ECS_SERVICE]: ECS_REQUESTS, [CLOUDFRONT]: AT_THE_ORIGIN, [FUNCTION_URL]: URL_IS_FUNCTION },
  'ALARM-LATENCY-P95': { [ECS_TASK]: ECS_REQUESTS, [ECS_SERVICE]: ECS_REQUESTS, [CLOUDFRONT]: AT_THE_ORIGIN, [FUNCTION_URL]: URL_IS_FUNCTION },
  'ALARM-LATENCY-P99': { [ECS_TASK]: ECS_REQUESTS, [ECS_SERVICE]: ECS_REQUESTS, [CLOUDFRONT]: AT_THE_ORIGIN, [FUNCTION_URL]: URL_IS_FUNCTION },
  'DASHBOARD-SERVICE': { [CLOUDFRONT]: AT_THE_ORIGIN, [FUNCTION_URL]: URL_IS_FUNCTION },
  // Endpoints
  'EDGE-HTTPS-LISTENER': { [API_V2_STAGE]: AWS_HTTPS_ONLY, [FUNCTION_URL]: AWS_HTTPS_ONLY, [APPSYNC]: APPSYNC_HTTPS_ONLY, [APPSYNC_EVENTS]: APPSYNC_EVENTS_HTTPS_ONLY, [APPSYNC_NAMESPACE]: APPSYNC_EVENTS_HTTPS_ONLY },
  'EDGE-HTTPS-REDIRECT': { [REST_API]: AWS_HTTPS_ONLY, [REST_STAGE]: AWS_HTTPS_ONLY, [API_V2_STAGE]: AWS_HTTPS_ONLY, [FUNCTION_URL]: AWS_HTTPS_ONLY, [APPSYNC]: APPSYNC_HTTPS_ONLY, [APPSYNC_EVENTS]: APPSYNC_EVENTS_HTTPS_ONLY, [APPSYNC_NAMESPACE]: APPSYNC_EVENTS_HTTPS_ONLY },
  'EDGE-CERTIFICATE-MANAGED': { [REST_API]: AWS_CERTIFICATE, [REST_STAGE]: AWS_CERTIFICATE, [API_V2_STAGE]: AWS_CERTIFICATE, [FUNCTION_URL]: AWS_CERTIFICATE, [APPSYNC]: AWS_CERTIFICATE, [APPSYNC_EVENTS]: AWS_CERTIFICATE, [APPSYNC_NAMESPACE]: AWS_CERTIFICATE },
  'EDGE-DROP-INVALID-HEADERS': { [CLOUDFRONT]: AWS_PARSER, [REST_API]: AWS_PARSER, [REST_STAGE]: AWS_PARSER, [API_V2_STAGE]: AWS_PARSER, [FUNCTION_URL]: AWS_PARSER },
  'EDGE-DESYNC-MITIGATION': { [CLOUDFRONT]: AWS_PARSER, [REST_API]: AWS_PARSER, [REST_STAGE]: AWS_PARSER, [API_V2_STAGE]: AWS_PARSER, [FUNCTION_URL]: AWS_PARSER },
  'EDGE-LB-DELETION-PROTECTION': { [CLOUDFRONT]: NOT_A_LOAD_BALANCER, [REST_API]: NOT_A_LOAD_BALANCER, [REST_STAGE]: NOT_A_LOAD_BALANCER, [API_V2_STAGE]: NOT_A_LOAD_BALANCER, [FUNCTION_URL]: NOT_A_LOAD_BALANCER },
  'EDGE-REVERSE-PROXY': { [ALB]: IS_THE_PROXY, [ALB_LISTENER]: IS_THE_PROXY, [CLB]: IS_THE_PROXY, [CLOUDFRONT]: IS_THE_PROXY, [REST_API]: IS_THE_PROXY, [REST_STAGE]: IS_THE_PROXY, [API_V2_STAGE]: IS_THE_PROXY },
  'EDGE-CDN': { [ALB]: NOT_A_CDN, [ALB_LISTENER]: NOT_A_CDN, [CLB]: NOT_A_CDN, [REST_API]: NOT_A_CDN, [REST_STAGE]: NOT_A_CDN, [API_V2_STAGE]: NOT_A_CDN, [FUNCTION_URL]: NOT_A_CDN },
  'EDGE-DNS': { [REST_API]: AWS_NAME, [REST_STAGE]: AWS_NAME, [API_V2_STAGE]: AWS_NAME, [FUNCTION_URL]: AWS_NAME },
  'EDGE-CORS': { [CLOUDFRONT]: 'a distribution sends the CORS headers of its response headers policy, which the rule reads, or of its origin' },
  'DEPLOY-GRACEFUL-SHUTDOWN': { [CLOUDFRONT]: NO_TARGETS, [REST_API]: NO_TARGETS, [REST_STAGE]: NO_TARGETS, [API_V2_STAGE]: NO_TARGETS, [FUNCTION_URL]: NO_TARGETS },
  'HA-MULTI-AZ': { [CLOUDFRONT]: 'a global service, not placed in zones', [REST_API]: AWS_ZONES, [REST_STAGE]: AWS_ZONES, [API_V2_STAGE]: AWS_ZONES, [FUNCTION_URL]: AWS_ZONES, [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION, [K8S_DAEMONSET]: PER_NODE },
  'API-AUTHORIZATION': { [ALB]: NOT_AN_API, [ALB_LISTENER]: NOT_AN_API, [CLB]: NOT_AN_API, [CLOUDFRONT]: NOT_AN_API, [FUNCTION_URL]: 'a function URL\'s authentication is judged by ServiceBehindProxy (EDGE-REVERSE-PROXY); the item is about API Gateway routes' },
  // Databases and caches
  'NET-PRIVATE-SUBNETS': {
    'AWS::DynamoDB::Table': NO_SUBNETS, 'AWS::DynamoDB::GlobalTable': NO_SUBNETS, 'AWS::Timestream::Database': NO_SUBNETS,
    'AWS::Cassandra::Keyspace': NO_SUBNETS, 'AWS::Cassandra::Table': NO_SUBNETS, 'AWS::QLDB::Ledger': NO_SUBNETS, 'AWS::DSQL::Cluster': NO_SUBNETS,
  },
  // Kubernetes workloads
  'SCALING-AUTOSCALING': { [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION, [K8S_DAEMONSET]: PER_NODE },
  'K8S-POD-DISRUPTION-BUDGET': { [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION, [K8S_DAEMONSET]: PER_NODE },
  'HEALTH-ENDPOINT': { [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION },
  'K8S-PROBES': { [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION },
  'K8S-STARTUP-PROBE': { [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION },
  'DEPLOY-PROGRESSIVE': { [K8S_JOB]: RUNS_TO_COMPLETION, [K8S_CRONJOB]: RUNS_TO_COMPLETION },
}));

/** `table` with `type` set aside, for `reason`, for each of `items`. */
function withType(items: readonly string[], type: string, reason: string, table: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  const out = { ...table };
  for (const item of items) out[item] = { ...out[item], [type]: reason };
  return out;
}

/** A type of an item's kinds that no rule of the item reads. @internal */
export interface UnreadType {
  readonly type: string;
  readonly kind: ResourceKind;
  /** A type of the kind's `judged` list (other items read it); otherwise of `unread`. */
  readonly judged: boolean;
}

/**
 * The types of `kinds` that no rule of `item` reads (`itemTypes`: the types its rules read) and that can bear on
 * it: each type of `unread`, and each type of `judged` that the item's rules read no part of, that `NOT_ABOUT` does
 * not set aside.
 * @internal
 */
export function unreadFor(item: string, kinds: readonly ResourceKind[], itemTypes: ReadonlySet<string>): UnreadType[] {
  const out: UnreadType[] = [];
  const aside = NOT_ABOUT[item] ?? {};
  for (const kind of kinds) {
    for (const type of kind.unread) if (!itemTypes.has(type) && aside[type] === undefined) out.push({ type, kind, judged: false });
    for (const type of kind.judged) {
      if (itemTypes.has(type) || aside[type] !== undefined) continue;
      const group = kind.parts?.find((g) => g.includes(type));
      if (group?.some((t) => itemTypes.has(t))) continue;
      out.push({ type, kind, judged: true });
    }
    // A part running alone is judged by the rules that read the part, not by those that read its whole.
    for (const { part, type, runners } of kind.alone ?? []) {
      if (itemTypes.has(part) || aside[part] !== undefined || aside[type] !== undefined) continue;
      if (runners?.every((t) => itemTypes.has(t))) continue;
      if (kind.parts?.find((g) => g.includes(part))?.some((t) => itemTypes.has(t))) out.push({ type, kind, judged: true });
    }
  }
  return out;
}
