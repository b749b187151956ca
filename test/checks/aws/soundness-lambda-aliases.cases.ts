/**
 * An alarm on one alias of a function (`Resource: <function>:live`) watches the invocations made through that alias
 * only. AlarmErrorRate and the latency rules passed a function on such an alarm while an SQS event source mapping, a
 * function URL, a permission, an EventBridge rule, a schedule or an SNS subscription invoked the function itself,
 * whose errors and latency the alarm never saw. Now the template's invokers of the function itself make an
 * alias-only alarm fail, naming them; an alarm on FunctionName alone watches every invocation.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aws, Duration, Fn, Stack, aws_apigateway as apigw, aws_appsync as appsync, aws_cloudwatch as cw, aws_events as events, aws_events_targets as targets, aws_iam as iam, aws_lambda as lambda, aws_lambda_event_sources as sources, aws_logs as logs, aws_sns as sns, aws_sqs as sqs, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { checks } from './judged';

type Extra = (s: Stack, fn: lambda.Function, alias: lambda.Alias) => void;

/** A function released through alias `live` behind a REST API, its error-rate and p95 alarms on `watch`, and `extra`. */
function verdicts(watch: 'alias' | 'function', extra: Extra = () => undefined): string[][] {
  const s = new Stack(new App(), 'Orders', { env: { account: '111111111111', region: 'eu-west-1' } });
  const fn = new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});') });
  const alias = new lambda.Alias(s, 'Live', { aliasName: 'live', version: fn.currentVersion });
  new apigw.LambdaRestApi(s, 'Api', { handler: alias, restApiName: 'orders' });
  const topic = new sns.Topic(s, 'OnCall');
  const dims: Record<string, string> = watch === 'alias' ? { FunctionName: fn.functionName, Resource: `${fn.functionName}:live` } : { FunctionName: fn.functionName };
  const metric = (name: string, statistic: string) => new cw.Metric({ namespace: 'AWS/Lambda', metricName: name, dimensionsMap: dims, statistic, period: Duration.minutes(1) });
  const rate = new cw.MathExpression({ expression: '100 * e / i', usingMetrics: { e: metric('Errors', 'Sum'), i: metric('Invocations', 'Sum') }, period: Duration.minutes(1) });
  for (const a of [new cw.Alarm(s, 'Rate', { metric: rate, threshold: 1, evaluationPeriods: 3 }), new cw.Alarm(s, 'P95', { metric: metric('Duration', 'p95'), threshold: 500, evaluationPeriods: 3 })]) {
    a.addAlarmAction({ bind: () => ({ alarmActionArn: topic.topicArn }) });
  }
  extra(s, fn, alias);
  const template = Template.fromStack(s).toJSON();
  return checks.checkTemplate(template).findings
    .filter((f) => (f.ruleId === 'AlarmErrorRate' || f.ruleId === 'AlarmLatencyP95') && template.Resources[f.resource!].Type === 'AWS::Lambda::Function')
    .map((f) => [f.ruleId, f.status, f.message]);
}

const SCHEMA = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'golive-alias-')), 'schema.graphql');
fs.writeFileSync(SCHEMA, 'type Query { order(id: ID!): String }\n');

const sqsTrigger: Extra = (s, fn) => fn.addEventSource(new sources.SqsEventSource(new sqs.Queue(s, 'Orders')));

test('alarms on the alias, every invocation through it: pass', () => {
  expect(verdicts('alias').map((v) => v[1])).toEqual(['pass', 'pass']);
});

test('alarms on the alias while an SQS event source mapping invokes the function itself: fail, naming it', () => {
  expect(verdicts('alias', sqsTrigger)).toEqual([
    ['AlarmErrorRate', 'fail', expect.stringMatching(/watches one alias of the function, but FnSqsEventSource\w+ \(AWS::Lambda::EventSourceMapping\) invokes the function itself/)],
    ['AlarmLatencyP95', 'fail', expect.stringContaining('(AWS::Lambda::EventSourceMapping) invokes the function itself')],
  ]);
});

test('alarms on FunctionName alone watch every invocation: pass beside the event source mapping', () => {
  expect(verdicts('function', sqsTrigger).map((v) => v[1])).toEqual(['pass', 'pass']);
});

test('a function URL on the function itself fails; one on the alias does not', () => {
  expect(verdicts('alias', (_s, fn) => fn.addFunctionUrl()).map((v) => v[1])).toEqual(['fail', 'fail']);
  expect(verdicts('alias', (_s, _fn, alias) => alias.addFunctionUrl()).map((v) => v[1])).toEqual(['pass', 'pass']);
});

test('an EventBridge rule targeting the function itself fails; one targeting the alias does not', () => {
  const rule = (target: lambda.IFunction): Extra => (s) => new events.Rule(s, 'Nightly', { schedule: events.Schedule.cron({ hour: '3', minute: '0' }), targets: [new targets.LambdaFunction(target)] });
  expect(verdicts('alias', (s, fn) => rule(fn)(s, fn, undefined as never)).map((v) => v[1])).toEqual(['fail', 'fail']);
  expect(verdicts('alias', (s, fn, alias) => rule(alias)(s, fn, alias)).map((v) => v[1])).toEqual(['pass', 'pass']);
});

// Invokers the first pass did not read: they call the function through an IAM role (no permission on the function)
// and name it in an integration, a definition or a data source. Each passed an alias-only alarm before.
describe('invokers that name the function in what they call', () => {
  const role = (s: Stack, service: string) => new iam.Role(s, `${service.split('.')[0]}Role`, { assumedBy: new iam.ServicePrincipal(service) });

  test('a state machine task invoking the function itself fails, naming it; one invoking the alias passes', () => {
    const machine = (target: lambda.IFunction): Extra => (s) => new sfn.StateMachine(s, 'Refunds', {
      definitionBody: sfn.DefinitionBody.fromChainable(new tasks.LambdaInvoke(s, 'Refund', { lambdaFunction: target })),
    });
    expect(verdicts('alias', (s, fn) => machine(fn)(s, fn, undefined as never))).toEqual([
      ['AlarmErrorRate', 'fail', expect.stringMatching(/Refunds\w* \(AWS::StepFunctions::StateMachine\) invokes the function itself/)],
      ['AlarmLatencyP95', 'fail', expect.stringContaining('(AWS::StepFunctions::StateMachine) invokes the function itself')],
    ]);
    expect(verdicts('alias', (s, fn, alias) => machine(alias)(s, fn, alias)).map((v) => v[1])).toEqual(['pass', 'pass']);
  });

  test('a REST API integration with a credentials role (no permission on the function) on the function itself fails; on the alias passes', () => {
    const api = (target: lambda.IFunction): Extra => (s) => {
      const rest = new apigw.RestApi(s, 'Admin', { restApiName: 'admin' });
      rest.root.addMethod('POST', new apigw.LambdaIntegration(target, { credentialsRole: role(s, 'apigateway.amazonaws.com') }));
    };
    expect(verdicts('alias', (s, fn) => api(fn)(s, fn, undefined as never))).toEqual([
      ['AlarmErrorRate', 'fail', expect.stringMatching(/AdminPOST[0-9A-F]{8} \(AWS::ApiGateway::Method\) invoke the function itself/)],
      ['AlarmLatencyP95', 'fail', expect.stringMatching(/AdminPOST[0-9A-F]{8} \(AWS::ApiGateway::Method\) invoke the function itself/)],
    ]);
    expect(verdicts('alias', (s, fn, alias) => api(alias)(s, fn, alias)).map((v) => v[1])).toEqual(['pass', 'pass']);
  });

  test('an AppSync Lambda data source on the function itself fails', () => {
    const graph: Extra = (s, fn) => {
      const gql = new appsync.GraphqlApi(s, 'Graph', { name: 'orders', definition: appsync.Definition.fromSchema(appsync.SchemaFile.fromAsset(SCHEMA)) });
      gql.addLambdaDataSource('Orders', fn);
    };
    expect(verdicts('alias', graph).map((v) => [v[0], v[1]])).toEqual([['AlarmErrorRate', 'fail'], ['AlarmLatencyP95', 'fail']]);
  });

  test('the CDK template as written by hand: a REST method whose Integration.Uri is a Join on the function ARN fails; the same Join ending in :live passes', () => {
    const uri = (qualifier: string): Extra => (s, fn) => {
      const rest = new apigw.CfnRestApi(s, 'Raw', { name: 'raw' });
      new apigw.CfnMethod(s, 'RawGet', {
        restApiId: rest.ref, resourceId: rest.attrRootResourceId, httpMethod: 'GET', authorizationType: 'NONE',
        integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', credentials: role(s, 'apigateway.amazonaws.com').roleArn,
          uri: Fn.join('', ['arn:', Aws.PARTITION, ':apigateway:', Aws.REGION, ':lambda:path/2015-03-31/functions/', fn.functionArn, `${qualifier}/invocations`]) },
      });
    };
    expect(verdicts('alias', uri('')).map((v) => v[1])).toEqual(['fail', 'fail']);
    expect(verdicts('alias', uri(':live')).map((v) => v[1])).toEqual(['pass', 'pass']);
  });

  test('another resource naming the function itself (a function given its ARN to call): unknown, naming it', () => {
    const caller: Extra = (s, fn) => new lambda.Function(s, 'Caller', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      environment: { ORDERS_FUNCTION: fn.functionArn },
    });
    expect(verdicts('alias', caller)).toEqual([
      ['AlarmErrorRate', 'unknown', expect.stringMatching(/Caller\w+ \(AWS::Lambda::Function\) may invoke the function itself or another alias or version of it, not through the alias/)],
      ['AlarmLatencyP95', 'unknown', expect.stringContaining('(AWS::Lambda::Function) may invoke the function itself')],
    ]);
  });

  test('what names the function without calling it changes nothing: an IAM grant, a log group, an invoke config', () => {
    const quiet: Extra = (s, fn) => {
      fn.grantInvoke(role(s, 'states.amazonaws.com'));
      new logs.LogGroup(s, 'Logs', { logGroupName: `/aws/lambda/${fn.functionName}` });
      new lambda.EventInvokeConfig(s, 'Retries', { function: fn, retryAttempts: 0 });
    };
    expect(verdicts('alias', quiet).map((v) => v[1])).toEqual(['pass', 'pass']);
  });
});

// An alarm on alias live sees the invocations through live only: those through another alias or version of the
// function are not in its data either. Each passed before.
describe('invokers of another alias or version', () => {
  test('a second alias behind its own API fails the alarm on live, naming the alias', () => {
    const beta: Extra = (s, fn) => {
      const other = new lambda.Alias(s, 'Beta', { aliasName: 'beta', version: fn.currentVersion });
      new apigw.LambdaRestApi(s, 'BetaApi', { handler: other, restApiName: 'orders-beta' });
    };
    expect(verdicts('alias', beta)).toEqual([
      ['AlarmErrorRate', 'fail', expect.stringMatching(/\(AWS::Lambda::Permission, through beta\)/)],
      ['AlarmLatencyP95', 'fail', expect.stringMatching(/\(AWS::Lambda::Permission, through beta\)/)],
    ]);
  });

  test('an event source mapping or a function URL on another qualifier fails; on live passes', () => {
    const mapping = (qualifier: string): Extra => (s, fn) => new lambda.CfnEventSourceMapping(s, 'Queue', {
      functionName: `${fn.functionArn}:${qualifier}`, eventSourceArn: new sqs.Queue(s, 'Orders').queueArn,
    });
    expect(verdicts('alias', mapping('canary')).map((v) => v[1])).toEqual(['fail', 'fail']);
    expect(verdicts('alias', mapping('live')).map((v) => v[1])).toEqual(['pass', 'pass']);
    const url = (qualifier: string): Extra => (s, fn) => new lambda.CfnUrl(s, 'Url', { targetFunctionArn: fn.functionArn, qualifier, authType: 'AWS_IAM' });
    expect(verdicts('alias', url('beta')).map((v) => v[1])).toEqual(['fail', 'fail']);
    expect(verdicts('alias', url('live')).map((v) => v[1])).toEqual(['pass', 'pass']);
  });

  test('a second alias nothing invokes changes nothing', () => {
    expect(verdicts('alias', (s, fn) => new lambda.Alias(s, 'Beta', { aliasName: 'beta', version: fn.currentVersion })).map((v) => v[1])).toEqual(['pass', 'pass']);
  });
});
