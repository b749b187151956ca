/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts of the hfmisc round: a Step Functions state machine an API starts (a serving state machine,
 * `isServiceStateMachine`) was judged by no alarm rule, so a serving function's alarm left ALARM-ERROR-RATE (and the
 * latency items) satisfied while the state machine's failures were watched by nothing. It is now judged like a
 * serving function: AWS/States ExecutionsFailed + ExecutionsTimedOut / ExecutionsStarted by StateMachineArn, and (an
 * Express state machine) the percentiles of ExecutionTime.
 */
import { checks, judged } from './judged';

type F = Array<[string, string, string]>;
const on = (fs: F, resource: string) => fs.filter(([r]) => r === resource).map(([, s]) => s);
const messages = (fs: F, resource: string) => fs.filter(([r]) => r === resource).map(([, , m]) => m).join('\n');

const ARN = 'arn:aws:iam::123456789012:role/r';
const topic = { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } };
const dims = (name: string, value: any) => [{ Name: name, Value: value }];
const stat = (id: string, ns: string, metric: string, d: any[], s = 'Sum') => ({ Id: id, ReturnData: false, MetricStat: { Metric: { Namespace: ns, MetricName: metric, Dimensions: d }, Period: 60, Stat: s } });
const rateAlarm = (metrics: any[], expression: string) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: { ComparisonOperator: 'GreaterThanThreshold', Threshold: 1, EvaluationPeriods: 3, AlarmActions: [{ Ref: 'Topic' }], Metrics: [...metrics, { Id: 'r', Expression: expression, ReturnData: true }] },
});
const fn = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.h', Role: ARN, Code: { ZipFile: 'x' } } };
const fnUrl = { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } } };
const fnAlarm = rateAlarm([stat('e', 'AWS/Lambda', 'Errors', dims('FunctionName', { Ref: 'Fn' })), stat('i', 'AWS/Lambda', 'Invocations', dims('FunctionName', { Ref: 'Fn' }))], '100 * e / i');
const integration = { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: 'abc123', IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'StepFunctions-StartSyncExecution', PayloadFormatVersion: '1.0', CredentialsArn: ARN, RequestParameters: { StateMachineArn: { Ref: 'Sm' } } } };
const sm = (extra: Record<string, any> = {}) => ({ Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: ARN, Definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, ...extra } });
const express = sm({ StateMachineType: 'EXPRESS' });
const smDim = (v: any = { Ref: 'Sm' }) => dims('StateMachineArn', v);
const smRate = (v?: any, errors = ['ExecutionsFailed', 'ExecutionsTimedOut']) => rateAlarm([
  ...errors.map((n, i) => stat(`e${i}`, 'AWS/States', n, smDim(v))),
  stat('s', 'AWS/States', 'ExecutionsStarted', smDim(v)),
], `100 * (${errors.map((_, i) => `e${i}`).join(' + ')}) / s`);
const latencyAlarm = (p: number, threshold: number) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: { Namespace: 'AWS/States', MetricName: 'ExecutionTime', Dimensions: smDim(), ExtendedStatistic: `p${p}`, Period: 60, EvaluationPeriods: 3, Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }] },
});
const served = { Topic: topic, Fn: fn, Url: fnUrl, FnErrRate: fnAlarm, Int: integration };

describe('AlarmErrorRate: a serving state machine is judged on its failed executions', () => {
  test('an API-started state machine without an alarm beside an alarmed function: fail, item violated (before: no finding, item satisfied)', () => {
    const resources = { ...served, Sm: express };
    const f = judged('AlarmErrorRate', resources);
    expect(on(f, 'Fn')).toEqual(['pass']);
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(/no error-rate alarm \(ExecutionsFailed.*\/ ExecutionsStarted\) watches this state machine/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('ALARM-ERROR-RATE')).toBe('violated');
  });

  test('a rate of failed and timed-out executions over started ones, by !Ref or !GetAtt .Arn: pass', () => {
    for (const v of [{ Ref: 'Sm' }, { 'Fn::GetAtt': ['Sm', 'Arn'] }]) {
      const f = judged('AlarmErrorRate', { ...served, Sm: express, SmRate: smRate(v) });
      expect(on(f, 'Sm')).toEqual(['pass']);
      expect(messages(f, 'Sm')).toMatch(/alarm SmRate fires above 1 %/);
    }
    const all = judged('AlarmErrorRate', { ...served, Sm: express, SmRate: smRate(undefined, ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) });
    expect(on(all, 'Sm')).toEqual(['pass']);
  });

  test('a rate of ExecutionsFailed alone leaves timed-out executions out: fail', () => {
    const f = judged('AlarmErrorRate', { ...served, Sm: express, SmRate: smRate(undefined, ['ExecutionsFailed']) });
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(/counts ExecutionsFailed but not ExecutionsTimedOut/);
  });

  test('StateMachineArn written as the name (!GetAtt .Name) gets no data: fail; a count of failures is not a rate: fail', () => {
    const byName = judged('AlarmErrorRate', { ...served, Sm: express, SmRate: smRate({ 'Fn::GetAtt': ['Sm', 'Name'] }) });
    expect(on(byName, 'Sm')).toEqual(['fail']);
    expect(messages(byName, 'Sm')).toMatch(/StateMachineArn.*!Ref <StateMachine>/);
    const count = judged('AlarmErrorRate', { ...served, Sm: express, SmCount: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/States', MetricName: 'ExecutionsFailed', Dimensions: smDim(), Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: 'Topic' }] } } });
    expect(on(count, 'Sm')).toEqual(['fail']);
    expect(messages(count, 'Sm')).toMatch(/counts ExecutionsFailed but is not an error rate: divide by ExecutionsStarted/);
  });

  test('a state machine nothing of the template serves (a schedule starts it) is not judged, as a helper function is not', () => {
    const f = judged('AlarmErrorRate', { Topic: topic, Sm: express });
    expect(on(f, 'Sm')).toEqual([]);
  });
});

describe('AlarmLatencyP95 / P99: a serving Express state machine is judged on ExecutionTime', () => {
  test('an Express state machine an API starts, without latency alarms: fail (before: no finding)', () => {
    const resources = { ...served, Sm: express };
    expect(on(judged('AlarmLatencyP95', resources), 'Sm')).toEqual(['fail']);
    expect(messages(judged('AlarmLatencyP99', resources), 'Sm')).toMatch(/no p99 ExecutionTime alarm watches this state machine/);
  });

  test('p95 / p99 ExecutionTime alarms within the limits pass', () => {
    const resources = { ...served, Sm: express, P95: latencyAlarm(95, 300), P99: latencyAlarm(99, 900) };
    expect(on(judged('AlarmLatencyP95', resources), 'Sm')).toEqual(['pass']);
    expect(on(judged('AlarmLatencyP99', resources), 'Sm')).toEqual(['pass']);
  });

  test('a Standard state machine (asynchronous) is not judged for latency; a type from a parameter is unknown', () => {
    expect(on(judged('AlarmLatencyP95', { ...served, Sm: sm() }), 'Sm')).toEqual([]);
    const param = { Parameters: { Kind: { Type: 'String', AllowedValues: ['STANDARD', 'EXPRESS'] } } };
    const open = judged('AlarmLatencyP95', { ...served, Sm: sm({ StateMachineType: { Ref: 'Kind' } }) }, { Parameters: { Kind: { Type: 'String' } } });
    expect(on(open, 'Sm')).toEqual(['unknown']);
    expect(messages(open, 'Sm')).toMatch(/parameter Kind/);
    // AllowedValues are judged value by value: the EXPRESS world has no alarm, the STANDARD one no finding: never a pass.
    const worlds = judged('AlarmLatencyP95', { ...served, Sm: sm({ StateMachineType: { Ref: 'Kind' } }) }, param);
    expect(on(worlds, 'Sm')).toEqual(['unknown']);
    expect(messages(worlds, 'Sm')).toMatch(/no p95 ExecutionTime alarm/);
  });
});
