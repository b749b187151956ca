/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * API Gateway's own errors and latency (AlarmErrorRate, AlarmLatencyP95, AlarmLatencyP99). An API's 5XX are not only
 * its function's errors: an integration timeout, a throttled or misconfigured integration and a failing authorizer
 * answer 5XX while the function reports none. The rules read REST APIs (5XXError / Count, Latency by ApiName) and
 * HTTP APIs (5xx / Count, Latency by ApiId), as the CDK's metric methods write them; ALARM-ERROR-RATE and the latency
 * items were unknown beside any API before.
 */
import { App, Duration, Stack, aws_apigateway as apigw, aws_apigatewayv2 as apigwv2, aws_cloudwatch as cw, aws_lambda as lambda, aws_sns as sns } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { checks } from './judged';

const RULES = ['AlarmErrorRate', 'AlarmLatencyP95', 'AlarmLatencyP99'];

function stack(): { stack: Stack; fn: lambda.Function; topic: sns.Topic } {
  const s = new Stack(new App(), 'Orders', { env: { account: '111111111111', region: 'eu-west-1' } });
  const fn = new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });') });
  return { stack: s, fn, topic: new sns.Topic(s, 'OnCall') };
}

function alarms(s: Stack, topic: sns.Topic, prefix: string, errors: cw.IMetric, requests: cw.IMetric, latency: (stat: string) => cw.IMetric): void {
  const rate = new cw.MathExpression({ expression: '100 * errors / MAX([errors, requests])', usingMetrics: { errors, requests }, period: Duration.minutes(1) });
  const all = [
    new cw.Alarm(s, `${prefix}ErrorRate`, { metric: rate, threshold: 1, evaluationPeriods: 3 }),
    new cw.Alarm(s, `${prefix}P95`, { metric: latency('p95'), threshold: 500, evaluationPeriods: 3 }),
    new cw.Alarm(s, `${prefix}P99`, { metric: latency('p99'), threshold: 1000, evaluationPeriods: 3 }),
  ];
  for (const a of all) a.addAlarmAction({ bind: () => ({ alarmActionArn: topic.topicArn }) });
}

/** `[rule, resource type, status]` of the three rules' findings on the stack's API resources. */
function verdicts(s: Stack): string[][] {
  const template = Template.fromStack(s).toJSON();
  const report = checks.checkTemplate(template);
  return report.findings.filter((f) => RULES.includes(f.ruleId) && /Api/.test(template.Resources[f.resource!]?.Type ?? ''))
    .map((f) => [f.ruleId, template.Resources[f.resource!].Type, f.status]);
}

const minute = { period: Duration.minutes(1) };

test('a REST API alarmed as the CDK writes it (its stage\'s 5XXError / Count, Latency): pass', () => {
  const { stack: s, fn, topic } = stack();
  const api = new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' });
  const stage = api.deploymentStage;
  alarms(s, topic, 'Rest', stage.metricServerError({ ...minute, statistic: 'Sum' }), stage.metricCount({ ...minute, statistic: 'SampleCount' }), (stat) => stage.metricLatency({ ...minute, statistic: stat }));
  expect(verdicts(s)).toEqual([
    ['AlarmErrorRate', 'AWS::ApiGateway::RestApi', 'pass'],
    ['AlarmLatencyP95', 'AWS::ApiGateway::RestApi', 'pass'],
    ['AlarmLatencyP99', 'AWS::ApiGateway::RestApi', 'pass'],
  ]);
});

test('a REST API alarmed on the whole API (ApiName alone): pass', () => {
  const { stack: s, fn, topic } = stack();
  const api = new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' });
  alarms(s, topic, 'Rest', api.metricServerError({ ...minute, statistic: 'Sum' }), api.metricCount({ ...minute, statistic: 'Sum' }), (stat) => api.metricLatency({ ...minute, statistic: stat }));
  expect(verdicts(s).map((v) => v[2])).toEqual(['pass', 'pass', 'pass']);
});

test('an HTTP API alarmed as the CDK writes it (ApiId and its default stage): pass', () => {
  const { stack: s, topic } = stack();
  const api = new apigwv2.HttpApi(s, 'HttpApi', { apiName: 'orders-http' });
  const stage = api.defaultStage!;
  alarms(s, topic, 'Http', stage.metricServerError({ ...minute, statistic: 'Sum' }), stage.metricCount({ ...minute, statistic: 'Sum' }), (stat) => stage.metricLatency({ ...minute, statistic: stat }));
  expect(verdicts(s)).toEqual([
    ['AlarmErrorRate', 'AWS::ApiGatewayV2::Api', 'pass'],
    ['AlarmLatencyP95', 'AWS::ApiGatewayV2::Api', 'pass'],
    ['AlarmLatencyP99', 'AWS::ApiGatewayV2::Api', 'pass'],
  ]);
});

test('an API alarmed only through its function: the API\'s own errors and latency fail, and the items are violated', () => {
  const { stack: s, fn, topic } = stack();
  new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' });
  alarms(s, topic, 'Fn', fn.metricErrors({ ...minute, statistic: 'Sum' }), fn.metricInvocations({ ...minute, statistic: 'Sum' }), (stat) => fn.metricDuration({ ...minute, statistic: stat }));
  expect(verdicts(s).map((v) => v[2])).toEqual(['fail', 'fail', 'fail']);
  const report = checks.checkTemplate(Template.fromStack(s).toJSON());
  expect(['ALARM-ERROR-RATE', 'ALARM-LATENCY-P95', 'ALARM-LATENCY-P99'].map((i) => report.statusOf(i))).toEqual(['violated', 'violated', 'violated']);
});

test('ApiName read by !Ref (the API id, not its name): fail, saying what CloudWatch publishes', () => {
  const { stack: s, fn, topic } = stack();
  const api = new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' });
  const byId = (name: string, statistic: string) => new cw.Metric({ namespace: 'AWS/ApiGateway', metricName: name, dimensionsMap: { ApiName: api.restApiId }, statistic, ...minute });
  alarms(s, topic, 'Rest', byId('5XXError', 'Sum'), byId('Count', 'Sum'), (stat) => byId('Latency', stat));
  const template = Template.fromStack(s).toJSON();
  const f = checks.checkTemplate(template).findings.find((x) => x.ruleId === 'AlarmErrorRate' && template.Resources[x.resource!].Type === 'AWS::ApiGateway::RestApi')!;
  expect(f.status).toBe('fail');
  expect(f.message).toContain('the REST API\'s name, its Name (!Ref <RestApi> is its id)');
});

test('a REST API imported from an OpenAPI body without Name is named by the definition\'s title', () => {
  const template = (title: string) => ({
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { openapi: '3.0.1', info: { title, version: '1' }, paths: {} } } },
      Topic: { Type: 'AWS::SNS::Topic' },
      Latency: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ApiGateway', MetricName: 'Latency', Dimensions: [{ Name: 'ApiName', Value: 'orders' }], ExtendedStatistic: 'p95', Period: 60, EvaluationPeriods: 3, Threshold: 500, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }] } },
    },
  });
  const p95 = (t: any) => checks.checkTemplate(t).findings.find((f) => f.ruleId === 'AlarmLatencyP95')!.status;
  expect(p95(template('orders'))).toBe('pass');
  expect(p95(template('payments'))).toBe('fail');
});

test('a WebSocket API, or one whose protocol is a parameter: unknown, saying why', () => {
  const ws = { Resources: { Ws: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } } } };
  const found = checks.checkTemplate(ws).findings.filter((f) => f.ruleId === 'AlarmErrorRate');
  expect(found.map((f) => [f.status, f.message])).toEqual([['unknown', expect.stringContaining('a WEBSOCKET API: its errors are counted per message')]]);
  const param = { Parameters: { Protocol: { Type: 'String' } }, Resources: { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'x', ProtocolType: { Ref: 'Protocol' } } } } };
  expect(checks.checkTemplate(param).findings.filter((f) => f.ruleId === 'AlarmLatencyP99').map((f) => f.status)).toEqual(['unknown']);
});

test('a stage named by a deployment\'s StageName counts as the API\'s stage', () => {
  const t = {
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders' } },
      Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'live' } },
      Topic: { Type: 'AWS::SNS::Topic' },
      Latency: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ApiGateway', MetricName: 'Latency', Dimensions: [{ Name: 'ApiName', Value: 'orders' }, { Name: 'Stage', Value: 'live' }], ExtendedStatistic: 'p99', Period: 60, EvaluationPeriods: 3, Threshold: 1000, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }] } },
    },
  };
  expect(checks.checkTemplate(t).findings.find((f) => f.ruleId === 'AlarmLatencyP99')!.status).toBe('pass');
});

describe('DASHBOARD-SERVICE (DashboardService) reads the APIs too', () => {
  const dashboard = (s: Stack, requests: cw.IMetric, latency: (stat: string) => cw.IMetric, errors: cw.IMetric, stats = ['p50', 'p95', 'p99']) =>
    new cw.Dashboard(s, 'Dashboard').addWidgets(new cw.GraphWidget({ title: 'API', left: [requests, ...stats.map(latency), errors] }));
  const onApi = (s: Stack) => {
    const template = Template.fromStack(s).toJSON();
    return checks.checkTemplate(template).findings.filter((f) => f.ruleId === 'DashboardService' && /Api/.test(template.Resources[f.resource!].Type)).map((f) => f.status);
  };

  test('a REST API stage\'s requests, p50/p95/p99 latency and 5XXError on a dashboard: pass; without p99: fail', () => {
    for (const [stats, expected] of [[['p50', 'p95', 'p99'], 'pass'], [['p50', 'p95'], 'fail']] as const) {
      const { stack: s, fn } = stack();
      const stage = new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' }).deploymentStage;
      dashboard(s, stage.metricCount(), (stat) => stage.metricLatency({ statistic: stat }), stage.metricServerError(), [...stats]);
      expect(onApi(s)).toEqual([expected]);
    }
  });

  test('an HTTP API on a dashboard: pass; a dashboard of its function alone: fail', () => {
    const { stack: s } = stack();
    const api = new apigwv2.HttpApi(s, 'HttpApi', { apiName: 'orders-http' });
    dashboard(s, api.metricCount(), (stat) => api.metricLatency({ statistic: stat }), api.metricServerError());
    expect(onApi(s)).toEqual(['pass']);
    const other = stack();
    new apigw.LambdaRestApi(other.stack, 'Api', { handler: other.fn, restApiName: 'orders' });
    dashboard(other.stack, other.fn.metricInvocations(), (stat) => other.fn.metricDuration({ statistic: stat }), other.fn.metricErrors());
    expect(onApi(other.stack)).toEqual(['fail']);
  });
});

test('two REST APIs of one name (API Gateway allows it) publish under one ApiName: their alarms are unknown', () => {
  const { stack: s, fn, topic } = stack();
  const api = new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' });
  new apigw.LambdaRestApi(s, 'Api2', { handler: fn, restApiName: 'orders' });
  alarms(s, topic, 'Rest', api.metricServerError({ ...minute, statistic: 'Sum' }), api.metricCount({ ...minute, statistic: 'Sum' }), (stat) => api.metricLatency({ ...minute, statistic: stat }));
  const template = Template.fromStack(s).toJSON();
  const found = checks.checkTemplate(template).findings.filter((f) => f.ruleId === 'AlarmLatencyP95' && template.Resources[f.resource!].Type === 'AWS::ApiGateway::RestApi');
  const unknownOf = ['unknown', expect.stringContaining('share the name orders: CloudWatch adds their metrics together')];
  expect(found.map((f) => [f.status, f.message])).toEqual([unknownOf, unknownOf]);
});

describe('the Average of a REST API\'s 5XXError is its error rate (AWS documents it), a fraction', () => {
  const single = (metricName: string, dims: any[], threshold: number) => ({
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders' } },
      Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'orders-http', ProtocolType: 'HTTP' } },
      Topic: { Type: 'AWS::SNS::Topic' },
      Errors: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ApiGateway', MetricName: metricName, Dimensions: dims, Statistic: 'Average', Period: 60, EvaluationPeriods: 3, Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }] } },
    },
  });
  const rate = (t: any, id: string) => checks.checkTemplate(t).findings.filter((f) => f.ruleId === 'AlarmErrorRate' && f.resource === id).map((f) => [f.status, f.message]);

  test('above 0.01 (1 %): pass; above 1 (every request failing): fail', () => {
    expect(rate(single('5XXError', [{ Name: 'ApiName', Value: 'orders' }], 0.01), 'Api')).toEqual([['pass', expect.stringContaining('the Average of 5XXError')]]);
    expect(rate(single('5XXError', [{ Name: 'ApiName', Value: 'orders' }], 1), 'Api')[0][0]).toBe('fail');
  });

  test('an HTTP API\'s 5xx Average is not documented as a rate: fail, asking for 5xx / Count', () => {
    expect(rate(single('5xx', [{ Name: 'ApiId', Value: { Ref: 'Http' } }], 0.01), 'Http')).toEqual([['fail', expect.stringContaining('divide by Count in metric math')]]);
  });
});

test('an alarm on one route (the detailed metrics: Method and Resource) does not watch the API: fail, naming the route', () => {
  const { stack: s, fn, topic } = stack();
  new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' });
  const route = (name: string, statistic: string) => new cw.Metric({ namespace: 'AWS/ApiGateway', metricName: name, dimensionsMap: { ApiName: 'orders', Stage: 'prod', Method: 'GET', Resource: '/health' }, statistic, ...minute });
  alarms(s, topic, 'Route', route('5XXError', 'Sum'), route('Count', 'Sum'), (stat) => route('Latency', stat));
  const found = verdicts(s);
  expect(found.map((v) => v[2])).toEqual(['fail', 'fail', 'fail']);
  const template = Template.fromStack(s).toJSON();
  const f = checks.checkTemplate(template).findings.find((x) => x.ruleId === 'AlarmErrorRate' && template.Resources[x.resource!].Type === 'AWS::ApiGateway::RestApi')!;
  expect(f.message).toContain('watches one route of the API (Method GET, Resource /health)');
});

describe('an alarm on one stage of an API with several', () => {
  function twoStages(): { s: Stack; topic: sns.Topic; api: apigw.LambdaRestApi; dev: apigw.Stage } {
    const { stack: s, fn, topic } = stack();
    const api = new apigw.LambdaRestApi(s, 'Api', { handler: fn, restApiName: 'orders' });
    const dev = new apigw.Stage(s, 'Dev', { deployment: api.latestDeployment!, stageName: 'dev' });
    return { s, topic, api, dev };
  }

  test('watches that stage only: unknown, naming the other stage (it passed)', () => {
    const { s, topic, dev } = twoStages();
    alarms(s, topic, 'Rest', dev.metricServerError({ ...minute, statistic: 'Sum' }), dev.metricCount({ ...minute, statistic: 'SampleCount' }), (stat) => dev.metricLatency({ ...minute, statistic: stat }));
    expect(verdicts(s).map((v) => v[2])).toEqual(['unknown', 'unknown', 'unknown']);
    const template = Template.fromStack(s).toJSON();
    const onApi = checks.checkTemplate(template).findings.find((f) => f.ruleId === 'AlarmErrorRate' && template.Resources[f.resource!]?.Type === 'AWS::ApiGateway::RestApi');
    expect(onApi?.message).toMatch(/watches stage dev of the API, which also has stage prod/);
  });

  test('alarms on each stage, added up: pass, naming both', () => {
    const { s, topic, api, dev } = twoStages();
    for (const [prefix, stage] of [['Prod', api.deploymentStage], ['Dev', dev]] as const) {
      alarms(s, topic, prefix, stage.metricServerError({ ...minute, statistic: 'Sum' }), stage.metricCount({ ...minute, statistic: 'SampleCount' }), (stat) => stage.metricLatency({ ...minute, statistic: stat }));
    }
    expect(verdicts(s).map((v) => v[2])).toEqual(['pass', 'pass', 'pass']);
    const template = Template.fromStack(s).toJSON();
    const onApi = checks.checkTemplate(template).findings.find((f) => f.ruleId === 'AlarmErrorRate' && template.Resources[f.resource!]?.Type === 'AWS::ApiGateway::RestApi');
    expect(onApi?.message).toMatch(/together watch every stage of the API \((prod, dev|dev, prod)\)/);
  });

  test('an alarm on the whole API (ApiName alone): pass', () => {
    const { s, topic, api } = twoStages();
    alarms(s, topic, 'Rest', api.metricServerError({ ...minute, statistic: 'Sum' }), api.metricCount({ ...minute, statistic: 'Sum' }), (stat) => api.metricLatency({ ...minute, statistic: stat }));
    expect(verdicts(s).map((v) => v[2])).toEqual(['pass', 'pass', 'pass']);
  });
});
