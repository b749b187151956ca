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
}

/** @internal */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    name: 'a database',
    judged: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
    unread: [
      'AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance', 'AWS::DocDBElastic::Cluster',
      'AWS::Neptune::DBCluster', 'AWS::Neptune::DBInstance', 'AWS::NeptuneGraph::Graph',
      'AWS::Redshift::Cluster', 'AWS::RedshiftServerless::Namespace', 'AWS::RedshiftServerless::Workgroup',
      'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
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
    unread: ['AWS::MemoryDB::Cluster', 'AWS::DAX::Cluster'],
  },
  {
    // Where the service's code runs: functions, tasks, instances. Build and data-processing compute (CodeBuild,
    // EMR, Glue) is not the service, and is not listed.
    name: 'compute',
    judged: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::ECS::Service', 'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
    unread: ['AWS::AppRunner::Service', 'AWS::ElasticBeanstalk::Environment', 'AWS::Batch::JobDefinition', 'AWS::Lightsail::Instance', 'AWS::Lightsail::Container'],
  },
  {
    // What clients reach the service through: load balancers, distributions, APIs.
    name: 'an endpoint',
    judged: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancing::LoadBalancer', 'AWS::CloudFront::Distribution', 'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage', 'AWS::Lambda::Url'],
    unread: [
      'AWS::AppSync::GraphQLApi', 'AWS::AppRunner::Service', 'AWS::ElasticBeanstalk::Environment', 'AWS::Amplify::App',
      'AWS::Lightsail::LoadBalancer', 'AWS::Lightsail::Distribution', 'AWS::GlobalAccelerator::Listener', 'AWS::VpcLattice::Listener',
    ],
  },
];

const KINDS_OF_UNREAD = new Map<string, ResourceKind[]>();
for (const kind of RESOURCE_KINDS) {
  for (const t of kind.unread) {
    const list = KINDS_OF_UNREAD.get(t) ?? [];
    list.push(kind);
    KINDS_OF_UNREAD.set(t, list);
  }
}

/** The kinds a type no rule reads belongs to (undefined for most types). @internal */
export function kindsOfUnread(type: string): readonly ResourceKind[] | undefined {
  return KINDS_OF_UNREAD.get(type);
}

/** The kinds a rule judging `types` is about. @internal */
export function kindsJudged(types: readonly string[]): ResourceKind[] {
  return RESOURCE_KINDS.filter((k) => k.judged.some((t) => types.includes(t)));
}
