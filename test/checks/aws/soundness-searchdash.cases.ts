/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * CloudWatch SEARCH expressions on dashboards and alarms, the Fn::GetAZs placeholder, and a backup selection's
 * `${!Db}` (audit leads, 2026-12-06). A SEARCH row shows a resource only when the search, as CloudWatch evaluates it
 * (the "CloudWatch search expression syntax" page: the schema `{Namespace,Dim...}`, double-quoted names, exact and
 * partial terms, AND / OR / NOT), can return the resource's metric under the dimensions the rule needs; a dimension
 * of the schema no term fixes returns every resource's series (showing more is fine); a NOT or a partial match the
 * checks do not decide leaves it unknown. CloudWatch refuses an alarm whose metric math calls SEARCH ("You can't
 * create an alarm based on the SEARCH expression"): no alarm exists, it watches nothing.
 */
import { findingsOn, judgedOn } from './judged';
import { searchDashboard } from './fixtures';
import { TemplateIndex } from '../../../lib/checks/template-index';
import { zoneKey } from '../../../lib/checks/cfn/network';

/** A dashboard body (Fn::Join) of one widget whose rows are SEARCH expressions: each a list of pieces (text or intrinsics). */
const searchBody = (exprs: any[][]): any => {
  const pieces: any[] = ['{"widgets":[{"type":"metric","properties":{"region":"eu-west-1","stat":"p99","metrics":['];
  exprs.forEach((e, i) => pieces.push(`${i ? ',' : ''}[{"expression":"`, ...e, `","id":"e${i}"}]`));
  pieces.push(']}}]}');
  return { 'Fn::Join': ['', pieces] };
};
const full = { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] };
/** `SEARCH('<schema> <terms>', '<stat>', 60)` as JSON-escaped pieces; `lb` is placed as the LoadBalancer term's value. */
const elb = (schema: string, metric: string, stat: string, lb?: any, more = ''): any[] => [
  `SEARCH('${schema} MetricName=\\"${metric}\\"${lb === undefined ? '' : ' LoadBalancer=\\"'}`, ...(lb === undefined ? [] : [lb, '\\"']), `${more}', '${stat}', 60)`,
];
const ALB_PANEL = (schema: string, lb?: any, more = '') => [
  elb(schema, 'RequestCount', 'Sum', lb, more),
  elb(schema, 'TargetResponseTime', 'p50', lb, more), elb(schema, 'TargetResponseTime', 'p95', lb, more), elb(schema, 'TargetResponseTime', 'p99', lb, more),
  elb(schema, 'HTTPCode_Target_5XX_Count', 'Sum', lb, more),
];
const service = (body: any) => judgedOn('edge-alb', [{ op: 'set', path: ['Resources', 'Dashboard', 'Properties', 'DashboardBody'], value: body }], 'DashboardService', 'Alb');

describe('DASHBOARD-SERVICE: a SEARCH row shows the load balancer when the search can return its metric', () => {
  test('LoadBalancer="${Alb.LoadBalancerFullName}" (Fn::Join), quoted namespace, a leading space: pass (was fail)', () => {
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,LoadBalancer}', full)))).toEqual([['pass', expect.stringMatching(/dashboard Dashboard shows requests, p50\/p95\/p99 latency and errors/)]]);
    expect(service(searchBody(ALB_PANEL(' {\\"AWS/ApplicationELB\\", LoadBalancer}', full)))).toEqual([['pass', expect.any(String)]]);
  });

  test('a schema dimension no term fixes returns every load balancer, this one among them: unknown, a graph shows at most 500 series (was fail, then pass; soundness-dashfollow)', () => {
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,LoadBalancer}')))).toEqual([['unknown', expect.stringMatching(/returns every series that matches it in the account and region\), and CloudWatch shows at most 500 in a graph/)]]);
  });

  test('never a pass where the search cannot return its metric', () => {
    // Another load balancer's full name (the Alb's is generated).
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,LoadBalancer}', 'app/other/123')))[0][0]).not.toBe('pass');
    // A schema AWS does not publish the metrics under (AvailabilityZone alone), another namespace, a dimension outside the schema.
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,AvailabilityZone}')))[0][0]).toBe('fail');
    expect(service(searchBody(ALB_PANEL('{AWS/NetworkELB,LoadBalancer}', full)))[0][0]).toBe('fail');
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,TargetGroup}', full)))[0][0]).toBe('fail');
    // Exact terms that contradict: no metric has two names.
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,LoadBalancer}', full, ' MetricName=\\"Other\\"')))[0][0]).toBe('fail');
    // Inside other metric math the series are added up: not the load balancer's own.
    expect(service(searchBody([['SUM(', ...elb('{AWS/ApplicationELB,LoadBalancer}', 'RequestCount', 'Sum', full), ')']]))[0][0]).toBe('fail');
  });

  test('the statistic is the SEARCH\'s own, not the widget\'s (p99)', () => {
    const avg = [elb('{AWS/ApplicationELB,LoadBalancer}', 'RequestCount', 'Sum', full), elb('{AWS/ApplicationELB,LoadBalancer}', 'TargetResponseTime', 'Average', full), elb('{AWS/ApplicationELB,LoadBalancer}', 'HTTPCode_Target_5XX_Count', 'Sum', full)];
    expect(service(searchBody(avg))).toEqual([['fail', expect.stringMatching(/does not show p50 latency, p95 latency, p99 latency/)]]);
  });

  test('a NOT term that may exclude its metric, or NOT on its own metric name: unknown or fail, never a pass', () => {
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,LoadBalancer}', undefined, ' NOT \\"app/blue/1\\"')))).toEqual([['unknown', expect.stringMatching(/at most 500/)]]);
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,LoadBalancer}', undefined, ' NOT MetricName=\\"RequestCount\\"')))[0][0]).toBe('fail');
    // Terms joined by OR: each side is read; a side that returns it is enough, but a side matching any number of
    // series (Foo) may crowd it out of the graph (soundness-dashfollow).
    expect(service(searchBody(ALB_PANEL('{AWS/ApplicationELB,LoadBalancer}', undefined, ' OR Foo')))).toEqual([['unknown', expect.stringMatching(/at most 500/)]]);
  });
});

describe('DASHBOARD-INFRASTRUCTURE: SEARCH rows of an Aurora cluster', () => {
  const search = searchDashboard;
  const RDS = ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'];
  const app = (dash: any) => ({ Resources: { Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } }, Other: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } }, Dash: dash } });
  const infra = (t: any) => findingsOn(t, 'Db', ['DashboardInfrastructure']);

  test('filtered to this cluster (exact): pass (was fail); over every cluster: unknown (a graph shows at most 500 series); filtered to another: fail', () => {
    expect(infra(app(search('AWS/RDS,DBClusterIdentifier', RDS, ['DBClusterIdentifier=\\"', { Ref: 'Db' }, '\\"'])))).toEqual([expect.stringMatching(/^DashboardInfrastructure pass/)]);
    expect(infra(app(search('AWS/RDS,DBClusterIdentifier', RDS)))).toEqual([expect.stringMatching(/^DashboardInfrastructure unknown: .*CloudWatch shows at most 500 in a graph/)]);
    expect(infra(app(search('AWS/RDS,DBClusterIdentifier', RDS, ['DBClusterIdentifier=\\"', { Ref: 'Other' }, '\\"'])))).toEqual([expect.stringMatching(/^DashboardInfrastructure fail/)]);
    // The cluster's endpoint is no identifier CloudWatch publishes under.
    expect(infra(app(search('AWS/RDS,DBClusterIdentifier', RDS, ['DBClusterIdentifier=\\"', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }, '\\"'])))).toEqual([expect.stringMatching(/^DashboardInfrastructure fail/)]);
  });
});

describe('DASHBOARD-BUSINESS: a SEARCH\'s namespace as CloudWatch reads it', () => {
  const fn = {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' } } },
    Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'NONE' } },
  };
  const dash = (expr: string) => ({ Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: JSON.stringify({ widgets: [{ type: 'metric', properties: { region: 'eu-west-1', metrics: [[{ expression: expr, id: 'e1' }]] } }] }) } });
  const business = (expr: string) => findingsOn({ Resources: { ...fn, Dash: dash(expr) } }, 'Fn', ['DashboardBusinessMetrics']);

  test('a double-quoted AWS namespace is AWS/EC2, not a custom one: fail (was pass)', () => {
    expect(business('SEARCH(\'{"AWS/EC2",InstanceId} MetricName="CPUUtilization"\', \'Average\', 300)')).toEqual([expect.stringMatching(/^DashboardBusinessMetrics fail/)]);
  });

  test('a custom namespace with a space, double-quoted, counts; one a term excludes does not', () => {
    expect(business('SEARCH(\'{"My App",service} MetricName="OrderPlaced"\', \'Sum\', 300)')).toEqual([expect.stringMatching(/^DashboardBusinessMetrics pass: dashboard Dash shows application metrics My App\/OrderPlaced/)]);
    expect(business('SEARCH(\'{Orders,service} Namespace="Billing"\', \'Sum\', 300)')).toEqual([expect.stringMatching(/^DashboardBusinessMetrics fail/)]);
  });
});

describe('Alarms: CloudWatch refuses metric math that calls SEARCH', () => {
  const p99Alarm = (extra: any[]): any[] => [{ op: 'set', path: ['Resources', 'LatencyP99Alarm', 'Properties'], value: {
    AlarmActions: [{ Ref: 'AlarmTopic' }], ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 3, Threshold: 1,
    Metrics: [{ Id: 'm1', ReturnData: true, MetricStat: { Period: 60, Stat: 'p99', Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [{ Name: 'LoadBalancer', Value: full }] } } }, ...extra],
  } }];

  test('an alarm with a SEARCH entry beside the metric it returns is never created: fail (was pass)', () => {
    expect(judgedOn('edge-alb', p99Alarm([]), 'AlarmLatencyP99', 'Alb')).toEqual([['pass', expect.any(String)]]);
    const search = { Id: 's1', ReturnData: false, Expression: 'SEARCH(\'{AWS/ApplicationELB,LoadBalancer} MetricName="TargetResponseTime"\', \'p99\', 60)' };
    expect(judgedOn('edge-alb', p99Alarm([search]), 'AlarmLatencyP99', 'Alb')).toEqual([['fail', expect.not.stringMatching(/LatencyP99Alarm fires/)]]);
  });

  test('an error-rate alarm whose expression calls SEARCH: fail (was unknown: the expression could not be read)', () => {
    const patch: any[] = [{ op: 'set', path: ['Resources', 'ErrorRateAlarm', 'Properties', 'Metrics', 0, 'Expression'], value: '100 * (FILL(e5, 0) + FILL(elb5, 0)) / req + 0 * SUM(SEARCH(\'{AWS/ApplicationELB,LoadBalancer} MetricName="RequestCount"\', \'Sum\', 60))' }];
    expect(judgedOn('edge-alb', patch, 'AlarmErrorRate', 'Alb')).toEqual([['fail', expect.stringMatching(/no error-rate alarm/)]]);
  });
});

describe('Fn::Select over Fn::GetAZs is marked: the same characters written as text are no zone', () => {
  const zoneOf = (v: any) => {
    const index = new TemplateIndex({ Resources: { S: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: v } } } }, 't', 't');
    return zoneKey(index, index.prop(index.get('S')!, 'AvailabilityZone'));
  };

  test('Fn::Select of Fn::GetAZs is a zone of the stack\'s region; `${!Fn::GetAZs()[0]}` (Fn::Sub) and a Join spelling it are not (were)', () => {
    expect(zoneOf({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })).toMatchObject({ kind: 'azs' });
    expect(zoneOf({ 'Fn::Select': [1, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] })).toMatchObject({ kind: 'azs' });
    expect(zoneOf({ 'Fn::Sub': '${!Fn::GetAZs()[0]}' })).toBeUndefined();
    expect(zoneOf({ 'Fn::Join': ['', ['${Fn::GetAZs(', { Ref: 'AWS::Region' }, ')[0]}']] })).toBeUndefined();
  });
});

describe('RdsInBackupPlan: `${!Db}` in a selection ARN is literal text', () => {
  test('it names no resource, said so: fail (was unknown, "known only at deploy time")', () => {
    const patch = [
      { op: 'set', path: ['Resources', 'BackupPlanTagged113EAD5B', 'Properties', 'BackupSelection', 'Resources'], value: [{ 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${!Db}' }] },
      { op: 'delete', path: ['Resources', 'BackupPlanTagged113EAD5B', 'Properties', 'BackupSelection', 'ListOfTags'] },
    ];
    expect(judgedOn('database-rds', patch as any, 'RdsInBackupPlan', 'Db')).toEqual([['fail', expect.stringMatching(/db:\$\{Db\} names no resource: its identifier \$\{Db\} is literal text/)]]);
  });
});
