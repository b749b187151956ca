/**
 * An alarm on one alias of a function (`Resource: <function>:live`) watches the invocations made through that alias
 * only. AlarmErrorRate and the latency rules passed a function on such an alarm while an SQS event source mapping, a
 * function URL, a permission, an EventBridge rule, a schedule or an SNS subscription invoked the function itself,
 * whose errors and latency the alarm never saw. Now the template's invokers of the function itself make an
 * alias-only alarm fail, naming them; an alarm on FunctionName alone watches every invocation.
 */
import { App, Duration, Stack, aws_apigateway as apigw, aws_cloudwatch as cw, aws_events as events, aws_events_targets as targets, aws_lambda as lambda, aws_lambda_event_sources as sources, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
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
