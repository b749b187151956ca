/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * A dashboard row shows a resource's metric only when its dimension carries the value CloudWatch publishes the
 * metric under (found by an audit, 2026-12-06: each "was pass" case passed). The dashboard readers counted a row as
 * showing a resource when any dimension held `${Id}` or `${Id.<any attribute>}`: a row of an Aurora cluster by its
 * endpoint address, an ECS service by its ARN (`!Ref`), a load balancer by its ARN, a Lambda function by its ARN, a
 * replication group by its group id (ElastiCache publishes per member cache cluster), a user pool by its ARN, or a
 * REST API's stage beside another API's name "showed" the resource, though no metric is published under that value.
 * Now a row names a resource through the alarm readers' tables (`NAMING`, `metricFit`): `!Ref` where Ref returns the
 * identifier, the attribute that does (`Name`, `LoadBalancerFullName`, `TargetGroupFullName`...), or the given name.
 * One row per namespace the dashboard rules read.
 */
import { findingsOn, oneFindingOn } from './judged';
import { searchDashboard } from './fixtures';

/** A dashboard body (Fn::Join) of one metric widget whose rows are lists of cells: a string, an intrinsic, or an options object. */
function dashboard(rows: any[][], stat = 'Average'): any {
  const pieces: any[] = [`{"widgets":[{"type":"metric","properties":{"region":"eu-west-1","stat":"${stat}","metrics":[`];
  rows.forEach((row, i) => {
    pieces.push(i ? ',[' : '[');
    row.forEach((c, j) => {
      if (j) pieces.push(',');
      if (typeof c === 'string') pieces.push(JSON.stringify(c));
      else if ('stat' in c) pieces.push(JSON.stringify(c));
      else pieces.push('"', c, '"');
    });
    pieces.push(']');
  });
  pieces.push(']}}]}');
  return { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } };
}

const ref = (id: string) => ({ Ref: id });
const att = (id: string, a: string) => ({ 'Fn::GetAtt': [id, a] });
const sub = (text: string) => ({ 'Fn::Sub': text });
/** Rows of `metrics` in `ns`, each with the dimensions `dims` (name, value pairs). */
const rowsOf = (ns: string, metrics: string[], dims: any[]) => metrics.map((m) => [ns, m, ...dims]);

const infra = (resources: any, id: string) => oneFindingOn({ Resources: resources }, id, 'DashboardInfrastructure');

describe('DASHBOARD-INFRASTRUCTURE: a row names the resource by the value CloudWatch publishes under', () => {
  const aurora = (rows: any[][]) => ({
    Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
    Dash: dashboard(rows),
  });
  const RDS = ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'];

  test('AWS/RDS: DBClusterIdentifier !Ref passes; the endpoint address (or the ARN) shows nothing: fail (was pass)', () => {
    expect(infra(aurora(rowsOf('AWS/RDS', RDS, ['DBClusterIdentifier', ref('Db')])), 'Db')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(aurora(rowsOf('AWS/RDS', RDS, ['DBClusterIdentifier', att('Db', 'Endpoint.Address')])), 'Db')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage, connections of Db/);
    expect(infra(aurora(rowsOf('AWS/RDS', RDS, ['DBClusterIdentifier', att('Db', 'DBClusterArn')])), 'Db')).toMatch(/^DashboardInfrastructure fail/);
  });

  test('AWS/RDS: the cluster id in another dimension (DBInstanceIdentifier) shows nothing: fail (was pass)', () => {
    expect(infra(aurora(rowsOf('AWS/RDS', RDS, ['DBInstanceIdentifier', ref('Db')])), 'Db')).toMatch(/^DashboardInfrastructure fail/);
  });

  test('AWS/RDS: an identifier built around the reference (Sub) is decided at deploy time: unknown (was pass)', () => {
    expect(infra(aurora(rowsOf('AWS/RDS', RDS, ['DBClusterIdentifier', sub('${Db}-x')])), 'Db')).toMatch(/^DashboardInfrastructure unknown: whether the rows of Dash .* show Db is decided at deploy time: their dimensions \(DBClusterIdentifier \$\{Db\}-x/);
  });

  test('AWS/DocDB and AWS/Neptune: the cluster endpoint shows nothing: fail (was pass); !Ref passes', () => {
    const docs = (v: any) => ({
      Docs: { Type: 'AWS::DocDB::DBCluster', Properties: { EngineVersion: '5.0.0' } },
      Dash: dashboard(rowsOf('AWS/DocDB', RDS, ['DBClusterIdentifier', v])),
    });
    expect(infra(docs(ref('Docs')), 'Docs')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(docs(att('Docs', 'Endpoint')), 'Docs')).toMatch(/^DashboardInfrastructure fail/);
    const graph = (v: any) => ({
      Graph: { Type: 'AWS::Neptune::DBCluster', Properties: {} },
      Dash: dashboard(rowsOf('AWS/Neptune', ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed'], ['DBClusterIdentifier', v])),
    });
    expect(infra(graph(ref('Graph')), 'Graph')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(graph(att('Graph', 'ReadEndpoint')), 'Graph')).toMatch(/^DashboardInfrastructure fail/);
  });

  const ecs = (rows: any[][]) => ({
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
    Svc: { Type: 'AWS::ECS::Service', Properties: { Cluster: ref('Cluster'), TaskDefinition: 'td', DesiredCount: 2 } },
    Dash: dashboard(rows),
  });

  test('AWS/ECS: ServiceName !GetAtt Svc.Name passes; !Ref Svc (its ARN) shows nothing: fail (was pass)', () => {
    expect(infra(ecs(rowsOf('AWS/ECS', ['CPUUtilization', 'MemoryUtilization'], ['ClusterName', ref('Cluster'), 'ServiceName', att('Svc', 'Name')])), 'Svc')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(ecs(rowsOf('AWS/ECS', ['CPUUtilization', 'MemoryUtilization'], ['ClusterName', ref('Cluster'), 'ServiceName', ref('Svc')])), 'Svc')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory of Svc/);
  });

  test('AWS/ECS: the service beside a cluster name CloudFormation cannot give its cluster (it generates it): unknown, as the alarm readers judge it (was pass)', () => {
    expect(infra(ecs(rowsOf('AWS/ECS', ['CPUUtilization', 'MemoryUtilization'], ['ClusterName', 'other', 'ServiceName', att('Svc', 'Name')])), 'Svc')).toMatch(/^DashboardInfrastructure unknown: whether the rows of Dash \(CPUUtilization, MemoryUtilization\) show Svc is decided at deploy time/);
    // Another cluster of the template: fail.
    const other = ecs(rowsOf('AWS/ECS', ['CPUUtilization', 'MemoryUtilization'], ['ClusterName', ref('Other'), 'ServiceName', att('Svc', 'Name')]));
    expect(infra({ ...other, Other: { Type: 'AWS::ECS::Cluster', Properties: {} } }, 'Svc')).toMatch(/^DashboardInfrastructure fail/);
  });

  test('ECS/ContainerInsights: ServiceName !GetAtt Svc.Name passes; !Ref Svc fails (was pass); another namespace fails (was pass)', () => {
    expect(infra(ecs(rowsOf('ECS/ContainerInsights', ['CpuUtilized', 'MemoryUtilized'], ['ClusterName', ref('Cluster'), 'ServiceName', att('Svc', 'Name')])), 'Svc')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(ecs(rowsOf('ECS/ContainerInsights', ['CpuUtilized', 'MemoryUtilized'], ['ClusterName', ref('Cluster'), 'ServiceName', ref('Svc')])), 'Svc')).toMatch(/^DashboardInfrastructure fail/);
    expect(infra(ecs(rowsOf('MyApp', ['CPUUtilization', 'MemoryUtilization'], ['ServiceName', att('Svc', 'Name')])), 'Svc')).toMatch(/^DashboardInfrastructure fail/);
  });

  const group = (v: any) => ({
    Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'c', Engine: 'redis', CacheNodeType: 'cache.r6g.large', NumCacheClusters: 2 } },
    Dash: dashboard(rowsOf('AWS/ElastiCache', ['EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'CurrConnections'], ['CacheClusterId', v])),
  });

  test('AWS/ElastiCache: a member cache cluster ${Group}-001 passes; the group id, or its endpoint, shows nothing: fail (was pass)', () => {
    expect(infra(group({ 'Fn::Join': ['-', [ref('Cache'), '001']] }), 'Cache')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(group(ref('Cache')), 'Cache')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, connections of Cache/);
    expect(infra(group(att('Cache', 'PrimaryEndPoint.Address')), 'Cache')).toMatch(/^DashboardInfrastructure fail/);
    // A member that does not exist (two members: -001 and -002).
    expect(infra(group({ 'Fn::Join': ['-', [ref('Cache'), '003']] }), 'Cache')).toMatch(/^DashboardInfrastructure fail/);
  });

  test('AWS/ElastiCache serverless: clusterId !Ref passes; its ARN shows nothing: fail (was pass)', () => {
    const serverless = (v: any) => ({
      Cache: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { ServerlessCacheName: 'c', Engine: 'valkey' } },
      Dash: dashboard(rowsOf('AWS/ElastiCache', ['ElastiCacheProcessingUnits', 'BytesUsedForCache', 'CurrConnections'], ['clusterId', v])),
    });
    expect(infra(serverless(ref('Cache')), 'Cache')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(serverless(att('Cache', 'ARN')), 'Cache')).toMatch(/^DashboardInfrastructure fail/);
  });

  test('AWS/ES: a domain by its Arn shows nothing (as before): fail', () => {
    const domain = (v: any) => ({
      Search: { Type: 'AWS::OpenSearchService::Domain', Properties: {} },
      Dash: dashboard(rowsOf('AWS/ES', ['CPUUtilization', 'JVMMemoryPressure', 'FreeStorageSpace'], ['ClientId', ref('AWS::AccountId'), 'DomainName', v])),
    });
    expect(infra(domain(ref('Search')), 'Search')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(domain(att('Search', 'Arn')), 'Search')).toMatch(/^DashboardInfrastructure fail/);
  });
});

const service = (resources: any, id: string) => findingsOn({ Resources: resources }, id, ['DashboardService']);
/** Requests, p50/p95/p99 latency and errors of one service, each row with the dimensions `dims`. */
const servicePanel = (ns: string, requests: string, latency: string, errors: string, dims: any[]) => [
  [ns, requests, ...dims, { stat: 'Sum' }],
  [ns, latency, ...dims, { stat: 'p50' }],
  [ns, latency, ...dims, { stat: 'p95' }],
  [ns, latency, ...dims, { stat: 'p99' }],
  [ns, errors, ...dims, { stat: 'Sum' }],
];

describe('DASHBOARD-SERVICE: a row names the service by the value CloudWatch publishes under', () => {
  const alb = (v: any) => ({
    Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Type: 'application', Subnets: ['subnet-1', 'subnet-2'] } },
    Dash: dashboard(servicePanel('AWS/ApplicationELB', 'RequestCount', 'TargetResponseTime', 'HTTPCode_Target_5XX_Count', ['LoadBalancer', v])),
  });

  test('AWS/ApplicationELB: LoadBalancerFullName passes; !Ref Lb (its ARN) or its DNS name shows nothing: fail (was pass)', () => {
    expect(service(alb(att('Lb', 'LoadBalancerFullName')), 'Lb')).toEqual([expect.stringMatching(/^DashboardService pass/)]);
    expect(service(alb(ref('Lb')), 'Lb')).toEqual([expect.stringMatching(/^DashboardService fail: dashboard Dash does not show requests, p50 latency, p95 latency, p99 latency, errors/)]);
    expect(service(alb(att('Lb', 'DNSName')), 'Lb')).toEqual([expect.stringMatching(/^DashboardService fail/)]);
  });

  const http = (dims: any[]) => ({
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api', ProtocolType: 'HTTP' } },
    Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: ref('Api'), StageName: '$default' } },
    Other: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'other', ProtocolType: 'HTTP' } },
    Dash: dashboard(servicePanel('AWS/ApiGateway', 'Count', 'Latency', '5xx', dims)),
  });

  test('AWS/ApiGateway (HTTP): ApiId !Ref passes; its ApiEndpoint shows nothing: fail (was pass)', () => {
    expect(service(http(['ApiId', ref('Api')]), 'Api')).toEqual([expect.stringMatching(/^DashboardService pass/)]);
    expect(service(http(['ApiId', att('Api', 'ApiEndpoint')]), 'Api')).toEqual([expect.stringMatching(/^DashboardService fail/)]);
  });

  test('AWS/ApiGateway: the API\'s stage beside another API\'s id shows nothing: fail (was pass)', () => {
    expect(service(http(['ApiId', ref('Other'), 'Stage', ref('Stage')]), 'Api')).toEqual([expect.stringMatching(/^DashboardService fail/)]);
    expect(service(http(['ApiId', ref('Api'), 'Stage', ref('Stage')]), 'Api')).toEqual([expect.stringMatching(/^DashboardService pass/)]);
  });

  test('AWS/ApiGateway (REST): ApiName is its Name; !Ref Api (its id) shows nothing: fail (was pass)', () => {
    const rest = (v: any) => ({
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders' } },
      Dash: dashboard(servicePanel('AWS/ApiGateway', 'Count', 'Latency', '5XXError', ['ApiName', v])),
    });
    expect(service(rest('orders'), 'Api')).toEqual([expect.stringMatching(/^DashboardService pass/)]);
    expect(service(rest(ref('Api')), 'Api')).toEqual([expect.stringMatching(/^DashboardService fail/)]);
  });

  test('AWS/Lambda: FunctionName !Ref passes; the function ARN shows nothing: fail (was pass); a name built around it: unknown (was pass)', () => {
    const fn = (v: any) => ({
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' } } },
      Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: att('Fn', 'Arn'), AuthType: 'NONE' } },
      Dash: dashboard(servicePanel('AWS/Lambda', 'Invocations', 'Duration', 'Errors', ['FunctionName', v])),
    });
    expect(service(fn(ref('Fn')), 'Fn')).toEqual([expect.stringMatching(/^DashboardService pass/)]);
    expect(service(fn(att('Fn', 'Arn')), 'Fn')).toEqual([expect.stringMatching(/^DashboardService fail/)]);
    expect(service(fn(sub('${Fn}-x')), 'Fn')).toEqual([expect.stringMatching(/^DashboardService unknown: whether the rows of dashboard Dash show this service is decided at deploy time/)]);
  });
});

describe('DASHBOARD-SECURITY: a Cognito row names the pool by its id', () => {
  const pool = (v: any) => ({
    Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
    Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: ref('Pool') } },
    Dash: dashboard([['AWS/Cognito', 'SignInSuccesses', 'UserPool', v, 'UserPoolClient', ref('Client')]]),
  });
  const security = (resources: any) => oneFindingOn({ Resources: resources }, 'Pool', 'DashboardSecurity');

  test('AWS/Cognito: UserPool !Ref passes; its Arn or ProviderName shows nothing: fail (was pass)', () => {
    expect(security(pool(ref('Pool')))).toMatch(/^DashboardSecurity pass/);
    expect(security(pool(att('Pool', 'Arn')))).toMatch(/^DashboardSecurity fail: no dashboard shows the user pool's authentication metrics/);
    expect(security(pool(att('Pool', 'ProviderName')))).toMatch(/^DashboardSecurity fail/);
  });
});

describe('SEARCH expressions: the rows CloudWatch\'s search is sure to return (`searchRows`)', () => {
  /** A widget of SEARCH expressions, one per metric, each `SEARCH('{<schema>} MetricName="<m>" <filter>', 'Average')`. */
  const search = searchDashboard;
  const RDS = ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'];
  const app = (dash: any) => ({ Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } }, Other: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } }, Dash: dash });

  test('a SEARCH filtered to another cluster shows none of this one; filtered to this one, it does; over the whole namespace (a wildcard returns every cluster) it may, a graph showing at most 500 series (soundness-searchdash, soundness-dashfollow)', () => {
    expect(infra(app(search('AWS/RDS,DBClusterIdentifier', RDS, ['DBClusterIdentifier=\\"', ref('Other'), '\\"'])), 'Db')).toMatch(/^DashboardInfrastructure fail/);
    expect(infra(app(search('AWS/RDS,DBClusterIdentifier', RDS, ['DBClusterIdentifier=\\"', ref('Db'), '\\"'])), 'Db')).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(app(search('AWS/RDS,DBClusterIdentifier', RDS)), 'Db')).toMatch(/^DashboardInfrastructure unknown: .*at most 500/);
  });

  test('a SEARCH over a custom namespace counts as a graph of that namespace (DASHBOARD-BUSINESS reads namespaces only)', () => {
    const fn = {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' }, Environment: { Variables: { POWERTOOLS_METRICS_NAMESPACE: 'Orders' } } } },
      Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: att('Fn', 'Arn'), AuthType: 'NONE' } },
    };
    expect(findingsOn({ Resources: { ...fn, Dash: search('Orders,service', ['OrderPlaced']) } }, 'Fn', ['DashboardBusinessMetrics'])).toEqual([expect.stringMatching(/^DashboardBusinessMetrics pass: dashboard Dash shows application metrics Orders\/OrderPlaced/)]);
    expect(findingsOn({ Resources: { ...fn, Dash: search('Billing,service', ['OrderPlaced']) } }, 'Fn', ['DashboardBusinessMetrics'])).toEqual([expect.stringMatching(/^DashboardBusinessMetrics fail/)]);
  });
});
