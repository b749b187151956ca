/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * CloudWatch dashboards and alarms, follow-ups (2026-12-06, thirteenth session).
 *
 * 1. A graph's literal region is compared with the stack's region *in the world judged*: where a mapping keyed by
 *    `AWS::Region` took the key `eu-west-1`, the stack's region is eu-west-1, wherever in the template (or the body)
 *    that choice was made; the parsed rows are kept by body text and that region, never by text alone. A body that
 *    takes text from elsewhere (a mapping, a parameter) is read for a SEARCH it may hold.
 * 2. A region or account with white space around it is named as such, never "computed at deploy time".
 */
import { checks, findingsOn } from './judged';
import { applyPatch, compliantBases, R, set } from './fixtures';

const bases = compliantBases();

/** The edge-alb base with each widget's `region` given by `region`, and the first widget's title by `title` (before its region). */
function albWithRegion(region: any, title?: any, mappings?: any): any {
  const t = bases.get('edge-alb');
  const pieces: any[] = t.Resources.Dashboard.Properties.DashboardBody['Fn::Join'][1].map((p: any) => (p && p.Ref === 'AWS::Region' ? region : p));
  if (title !== undefined) {
    pieces[0] = (pieces[0] as string).replace('"title":"Requests","region":"', '"title":"');
    pieces.splice(1, 0, title, '","region":"');
  }
  return applyPatch(t, [set(R('Dashboard', 'Properties', 'DashboardBody'), { 'Fn::Join': ['', pieces] }), ...(mappings ? [set(['Mappings'], mappings)] : [])]);
}

/** `status: message` of one rule's findings on one resource, the stack in `region` (account 111111111111), or neither known. */
function verdicts(t: any, rule: string, resource: string, region?: string): string[] {
  return checks.checkTemplate(t, 'T', region ? { region, account: '111111111111' } : undefined).findings
    .filter((f) => f.ruleId === rule && f.resource === resource).map((f) => `${f.status}: ${f.message}`);
}
const service = (t: any, region?: string) => verdicts(t, 'DashboardService', 'Alb', region);

const byRegion = (key: string) => ({ 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, key] });
/** Each region's dashboard graphs that region. */
const OWN = { RegionMap: { 'eu-west-1': { Graphs: 'eu-west-1', Title: 'Requests' }, 'us-east-1': { Graphs: 'us-east-1', Title: 'Requests' } } };
/** Both regions' dashboards graph eu-west-1. */
const CENTRAL = { RegionMap: { 'eu-west-1': { Graphs: 'eu-west-1', Title: 'Requests' }, 'us-east-1': { Graphs: 'eu-west-1', Title: 'Requests' } } };

describe('DASHBOARD-SERVICE: a graph region from a mapping keyed by AWS::Region is read in each region\'s world', () => {
  test('every entry is its own region: pass with the stack\'s region unknown (was unknown: "cannot be read"), and in each region', () => {
    const t = albWithRegion(byRegion('Graphs'), undefined, OWN);
    expect(service(t)).toEqual([expect.stringMatching(/^pass: dashboard Dashboard shows requests, p50\/p95\/p99 latency and errors \(in every combination of AWS::Region \(mapping RegionMap\)\)$/)]);
    expect(service(t, 'eu-west-1')).toEqual([expect.stringMatching(/^pass/)]);
    expect(service(t, 'us-east-1')).toEqual([expect.stringMatching(/^pass/)]);
  });

  test('us-east-1 graphs eu-west-1: unknown naming the region that fails (was unknown: "cannot be read"); fail in us-east-1', () => {
    const t = albWithRegion(byRegion('Graphs'), undefined, CENTRAL);
    expect(service(t)).toEqual([expect.stringMatching(/^unknown: depends on AWS::Region \(mapping RegionMap\): fails when AWS::Region \(mapping RegionMap\) = us-east-1: dashboard Dashboard does not show .*; passes when AWS::Region \(mapping RegionMap\) = eu-west-1$/)]);
    expect(service(t, 'eu-west-1')).toEqual([expect.stringMatching(/^pass/)]);
    expect(service(t, 'us-east-1')).toEqual([expect.stringMatching(/^fail/)]);
  });

  test('a literal region, the world\'s region chosen by a mapping elsewhere in the body whose entries agree: unknown naming us-east-1, never a pass kept from eu-west-1', () => {
    // The body's text is the same in both worlds: rows kept by text alone would carry eu-west-1's pass into us-east-1.
    const t = albWithRegion('eu-west-1', byRegion('Title'), OWN);
    expect(service(t)).toEqual([expect.stringMatching(/^unknown: depends on AWS::Region \(mapping RegionMap\): fails when AWS::Region \(mapping RegionMap\) = us-east-1: .*; passes when AWS::Region \(mapping RegionMap\) = eu-west-1$/)]);
    expect(service(t, 'us-east-1')).toEqual([expect.stringMatching(/^fail/)]);
  });

  test('!Ref AWS::Region read after the mapping chose the region is the stack\'s region: pass (was unknown)', () => {
    expect(service(albWithRegion({ Ref: 'AWS::Region' }, byRegion('Title'), OWN))).toEqual([expect.stringMatching(/^pass: .*in every combination of AWS::Region/)]);
  });

  test('a literal region with the stack\'s region unknown, and no mapping: unknown, saying the stack\'s region decides', () => {
    expect(service(albWithRegion('eu-west-1'))).toEqual([expect.stringMatching(/^unknown: dashboard Dashboard graphs region "eu-west-1": whether that is this stack's region is decided at deploy time/)]);
  });
});

describe('DASHBOARD-INFRASTRUCTURE: a SEARCH the body takes from a mapping is read (was never read: fail)', () => {
  // A cluster whose name CloudFormation generates, and a dashboard that does not reference it: only a SEARCH over
  // every cluster can show it, and the body's text says SEARCH only once the mapping is read.
  const RDS = ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'];
  const app = (namespace: string) => {
    const searches = Object.fromEntries(RDS.map((m) => [m, JSON.stringify(`SEARCH('{${namespace},DBClusterIdentifier} MetricName="${m}"', 'Average', 60)`)]));
    const pieces: any[] = ['{"widgets":[{"type":"metric","properties":{"region":"eu-west-1","metrics":['];
    RDS.forEach((m, i) => pieces.push(`${i ? ',' : ''}[{"expression":`, { 'Fn::FindInMap': ['Panels', { Ref: 'AWS::Region' }, m] }, `,"id":"e${i}"}]`));
    pieces.push(']}}]}');
    return {
      Mappings: { Panels: { 'eu-west-1': searches } },
      Resources: {
        Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
        Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } },
      },
    };
  };
  const infra = (t: any) => findingsOn(t, 'Db', ['DashboardInfrastructure']);

  test('searches over every cluster, in a mapping keyed by AWS::Region: read (was fail: "no dashboard shows Db"); unknown, as any search over every cluster', () => {
    expect(infra(app('AWS/RDS'))).toEqual([expect.stringMatching(/^DashboardInfrastructure unknown: whether the rows of Dash \(CPUUtilization, FreeableMemory, VolumeBytesUsed, DatabaseConnections\) show Db is not known: a graph of dashboard Dash may hold more than 500 time series/)]);
  });

  test('searches of another namespace: still a fail, the body read', () => {
    expect(infra(app('AWS/DocDB'))).toEqual([expect.stringMatching(/^DashboardInfrastructure fail/)]);
  });
});

describe('a region or account with white space around it is named as such, never "computed at deploy time"', () => {
  const os = bases.get('opensearch');
  const body = JSON.stringify(os.Resources.Dashboard9E4231ED.Properties.DashboardBody);
  const withBody = (from: RegExp, to: string) => applyPatch(os, [set(R('Dashboard9E4231ED', 'Properties', 'DashboardBody'), JSON.parse(body.replace(from, to)))]);
  const infra = (t: any, region?: string) => verdicts(t, 'DashboardInfrastructure', 'Search', region);

  test('a graph\'s region " eu-west-1 " (DashboardInfrastructure, DashboardService), the stack\'s region known or not', () => {
    const t = withBody(/\{"Ref":"AWS::Region"\}/g, '" eu-west-1 "');
    for (const region of ['eu-west-1', undefined]) {
      expect(infra(t, region)).toEqual([expect.stringMatching(/^unknown: dashboard Dashboard9E4231ED graphs region " eu-west-1 ", with white space around it: whether CloudWatch reads it as region eu-west-1 is not documented$/)]);
    }
    expect(service(albWithRegion(' eu-west-1 '), 'eu-west-1')).toEqual([expect.stringMatching(/^unknown: dashboard Dashboard graphs region " eu-west-1 ", with white space around it/)]);
  });

  test('a graph\'s accountId " 111111111111 "', () => {
    // In the body's JSON text (escaped once more here): each widget's `"region":"` gets an `accountId` before it.
    const t = withBody(/\\"region\\":\\"/g, '\\"accountId\\":\\" 111111111111 \\",\\"region\\":\\"');
    expect(infra(t, 'eu-west-1')).toEqual([expect.stringMatching(/^unknown: dashboard Dashboard9E4231ED graphs account " 111111111111 ", with white space around it: whether CloudWatch reads it as account 111111111111 is not documented$/)]);
  });

  test('a graph row\'s ClientId " 111111111111 " (DashboardInfrastructure, a domain)', () => {
    const t = withBody(/\{"Ref":"AWS::AccountId"\}/g, '" 111111111111 "');
    expect(infra(t, 'eu-west-1')).toEqual([expect.stringMatching(/^unknown: whether the rows of Dashboard9E4231ED \(CPUUtilization, JVMMemoryPressure, FreeStorageSpace\) show Search is not known: dimension ClientId is " 111111111111 ", with white space around it: whether CloudWatch reads it as account 111111111111 \(this stack's account\) is not documented$/)]);
  });

  test('an alarm\'s ClientId dimension and a metric\'s AccountId " 111111111111 "', () => {
    const clientId = applyPatch(os, [set(R('SearchCpuAlarm', 'Properties', 'Dimensions', 0, 'Value'), ' 111111111111 ')]);
    expect(verdicts(clientId, 'AlarmCpu', 'Search', 'eu-west-1')).toEqual([expect.stringMatching(/: dimension ClientId is " 111111111111 ", with white space around it: whether CloudWatch reads it as account 111111111111 \(this stack's account\) is not documented$/)]);
    expect(verdicts(clientId, 'AlarmCpu', 'Search')).toEqual([expect.stringMatching(/: dimension ClientId is " 111111111111 ", with white space around it: whether CloudWatch reads it as account 111111111111 is not documented$/)]);
    const metric = { Id: 'm1', ReturnData: true, AccountId: ' 111111111111 ', MetricStat: { Period: 60, Stat: 'p99', Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [{ Name: 'LoadBalancer', Value: { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] } }] } } };
    const alarm = applyPatch(bases.get('edge-alb'), [set(R('LatencyP99Alarm', 'Properties'), { AlarmActions: [{ Ref: 'AlarmTopic' }], ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 3, Threshold: 1, Metrics: [metric] })]);
    expect(verdicts(alarm, 'AlarmLatencyP99', 'Alb', 'eu-west-1')).toEqual([expect.stringMatching(/^unknown: .*metric m1 \(AWS\/ApplicationELB TargetResponseTime\) has AccountId " 111111111111 ", with white space around it: whether CloudWatch reads it as account 111111111111 \(this stack's account\) is not documented$/)]);
  });
});

describe('ALARM-DISK: a free-storage threshold above the storage itself keeps the alarm in ALARM (was pass)', () => {
  // The domain's data nodes have 20 GiB volumes (20480 MiB); 20 % free is 4096 MiB. AWS/ES FreeStorageSpace is in MiB.
  const domainAlarm = (patch: Record<string, any>) => verdicts(applyPatch(bases.get('opensearch'), Object.entries(patch).map(([k, v]) => set(R('SearchFreeStorageAlarm', 'Properties', k), v))), 'AlarmDisk', 'Search', 'eu-west-1');

  test('AWS/ES: a threshold written in bytes (5 GiB = 5368709120) is above every node\'s 20480 MiB: fail (was pass)', () => {
    expect(domainAlarm({ Threshold: 5368709120 })).toEqual([expect.stringMatching(/^fail: free storage per data node \(20 % of 20 GiB\): alarm SearchFreeStorageAlarm fires below 5368709120 MiB, more than the 20 GiB volume of each data node \(20480 MiB\): the value is always below it, so the alarm is in ALARM from its creation/)]);
    expect(domainAlarm({ Threshold: 5120 })).toEqual([expect.stringMatching(/^pass/)]);
    // In GB (5): below the limit, as before.
    expect(domainAlarm({ Threshold: 5 })).toEqual([expect.stringMatching(/^fail: .*fires below 5 MiB, the limit is at least 4096 MiB/)]);
  });

  test('a Sum adds a period\'s data points up: no ceiling judged (it may read more than one node\'s volume)', () => {
    expect(domainAlarm({ Threshold: 30000, Statistic: 'Sum' })[0]).not.toMatch(/always below it/);
  });

  test('AWS/RDS: a threshold above the storage the instance may grow to: fail (was pass); within MaxAllocatedStorage: pass; MaxAllocatedStorage decided at deploy time: unknown', () => {
    const rds = (threshold: number, most?: any) => verdicts(applyPatch(bases.get('database-rds'), [
      set(R('DbFreeStorageAlarm65E1C211', 'Properties', 'Threshold'), threshold),
      ...(most === undefined ? [] : [set(R('Db', 'Properties', 'MaxAllocatedStorage'), most), set(['Parameters', 'MaxStorage'], { Type: 'Number', Default: 1000 })]),
    ]), 'AlarmDisk', 'Db', 'eu-west-1');
    const GIB = 1024 ** 3;
    expect(rds(600 * GIB)).toEqual([expect.stringMatching(/^fail: .*fires below 600 GiB, more than the 500 GiB of storage the database may grow to \(MaxAllocatedStorage\) \(500 GiB\)/)]);
    expect(rds(300 * GIB)).toEqual([expect.stringMatching(/^pass/)]);
    expect(rds(300 * GIB, { Ref: 'MaxStorage' })).toEqual([expect.stringMatching(/^unknown: .*fires below 300 GiB, more than the 100 GiB of storage the database has \(100 GiB\); whether the value can rise above it is decided at deploy time \(MaxAllocatedStorage /)]);
  });
});

describe('DASHBOARD-INFRASTRUCTURE: a serverless cache publishes under clusterId alone', () => {
  // Serverless caches publish AWS/ElastiCache metrics under the dimension `clusterId` only (ElastiCache, "Metrics and
  // events for Valkey and Redis OSS serverless caches"; list-metrics shows `clusterId` where a node-based cluster has
  // CacheClusterId).
  const app = (dims: (string | any)[]) => ({
    Resources: {
      Cache: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { Engine: 'valkey' } },
      Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets: [{ type: 'metric', properties: { region: 'eu-west-1', metrics: ['ElastiCacheProcessingUnits', 'BytesUsedForCache', 'CurrConnections'].map((m) => ['AWS/ElastiCache', m, ...dims]) } }] }) } } },
    },
  });
  const infra = (dims: (string | any)[]) => findingsOn(app(dims), 'Cache', ['DashboardInfrastructure']);

  test('clusterId alone: pass; with a CacheNodeId beside it (no such series): fail (was pass)', () => {
    expect(infra(['clusterId', '${Cache}'])).toEqual([expect.stringMatching(/^DashboardInfrastructure pass/)]);
    expect(infra(['clusterId', '${Cache}', 'CacheNodeId', '0001'])).toEqual([expect.stringMatching(/^DashboardInfrastructure fail/)]);
  });

  test('CacheClusterId, ClusterId or ServerlessCacheName (what the CDK alpha construct\'s metric() writes) show nothing: fail', () => {
    for (const dim of ['CacheClusterId', 'ClusterId', 'ServerlessCacheName']) expect(infra([dim, '${Cache}'])).toEqual([expect.stringMatching(/^DashboardInfrastructure fail/)]);
  });
});

describe('a graph shows at most 500 time series: a SEARCH that may return more shows a resource\'s series for sure never', () => {
  // "A graph can display as many as 500 time series" (CloudWatch search expression syntax, Search expression limits);
  // a search over every value of a dimension returns as many series as the account has seen in two weeks, and which
  // ones a graph shows past 500 is not documented.
  /** The edge-alb dashboard with one more row at the end of each graph (`extra`, JSON text). */
  const withExtra = (extra: string[]): any => {
    const t = bases.get('edge-alb');
    const pieces: any[] = t.Resources.Dashboard.Properties.DashboardBody['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p.split('}]],"yAxis"').join(`}],${extra.join('')}],"yAxis"`) : p));
    return applyPatch(t, [set(R('Dashboard', 'Properties', 'DashboardBody'), { 'Fn::Join': ['', pieces] })]);
  };
  const search = (terms: string[]) => ['[{"expression":"SEARCH(\'{AWS/EC2,InstanceId} ', ...terms, '\', \'Average\', 300)","id":"s1"}]'];

  test('a SEARCH over every EC2 instance beside the load balancer\'s rows: unknown, naming the limit (was pass)', () => {
    expect(service(withExtra(search(['MetricName=\\"CPUUtilization\\"'])), 'eu-west-1')).toEqual([expect.stringMatching(/^unknown: whether dashboard Dashboard shows this service's series is not known: a graph of dashboard Dashboard may hold more than 500 time series \(SEARCH\('\{AWS\/EC2,InstanceId\} MetricName="CPUUtilization"', 'Average', 300\) returns every series that matches it in the account and region\), and CloudWatch shows at most 500 in a graph without saying which$/)]);
  });

  test('a SEARCH fixing the metric name and every dimension by exact terms returns one series: pass, as before', () => {
    expect(service(withExtra(search(['MetricName=\\"CPUUtilization\\" InstanceId=\\"i-0123456789abcdef0\\"'])), 'eu-west-1')).toEqual([expect.stringMatching(/^pass/)]);
    // A partial term (unquoted) may match many instances.
    expect(service(withExtra(search(['MetricName=\\"CPUUtilization\\" InstanceId=i-0123'])), 'eu-west-1')).toEqual([expect.stringMatching(/^unknown: .*at most 500/)]);
  });

  test('DASHBOARD-BUSINESS: a search over a custom namespace still shows some of its series (pass); a custom row beside a search over every EC2 instance may not (unknown, was pass)', () => {
    const fn = {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' } } },
      Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'NONE' } },
    };
    const dash = (metrics: any[]) => ({ Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: JSON.stringify({ widgets: [{ type: 'metric', properties: { region: 'eu-west-1', metrics } }] }) } });
    const business = (metrics: any[]) => findingsOn({ Resources: { ...fn, Dash: dash(metrics) } }, 'Fn', ['DashboardBusinessMetrics']);
    expect(business([[{ expression: 'SEARCH(\'{Orders,service} MetricName="OrderPlaced"\', \'Sum\', 300)', id: 'e1' }]])).toEqual([expect.stringMatching(/^DashboardBusinessMetrics pass/)]);
    expect(business([['Orders', 'OrderPlaced'], [{ expression: 'SEARCH(\'{AWS/EC2,InstanceId} MetricName="CPUUtilization"\', \'Average\', 300)', id: 'e1' }]])).toEqual([expect.stringMatching(/^DashboardBusinessMetrics unknown: whether a dashboard shows an application metric is not known: a graph of dashboard Dash may hold more than 500 time series/)]);
  });
});
