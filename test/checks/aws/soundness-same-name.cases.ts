/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Names built around an open parameter. The evaluator describes `!Sub '${P}-x'` by its parameter alone, and
 * `sameName` took every such value to be `!Ref P`: an alarm on the function named `!Ref P` stood for the function
 * named `${P}-x` (another function) when choosing the alarms of a resource. Two values are now the same name only when both are the bare
 * parameter; anything built around it leaves the alarm's target decided at deploy time (unknown).
 */
import { refMark, TemplateIndex } from '../../../lib/checks/template-index';
import { sameName } from '../../../lib/checks/cfn/alarms';
import { judged, statuses } from './judged';

const P = { Parameters: { P: { Type: 'String' } } };

describe('sameName on values built around an open parameter', () => {
  const index = new TemplateIndex({
    ...P,
    Resources: {
      Sub: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${P}-x' } } },
      Other: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Join': ['', [{ Ref: 'P' }, '-y']] } } },
      Bare: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'P' } } },
    },
  }, 'case.json', 'case');
  const name = (id: string) => index.prop(index.get(id)!, 'TopicName');

  test('${P}-x is not !Ref P, nor ${P}-y (all three read as "parameter P is set at deploy time")', () => {
    expect(sameName(name('Sub'), name('Bare'), false)).toBe(false);
    expect(sameName(name('Bare'), name('Sub'), false)).toBe(false);
    expect(sameName(name('Sub'), name('Other'), false)).toBe(false);
  });

  test('the bare parameter is itself (compliant form)', () => {
    expect(sameName(name('Bare'), name('Bare'), false)).toBe(true);
  });
});

describe('AlarmErrorRate: an alarm on FunctionName !Ref P does not watch the function named ${P}-x', () => {
  const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } };
  const metric = (id: string, name: string, dim: any) => ({ Id: id, ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: name, Dimensions: [{ Name: 'FunctionName', Value: dim }] }, Period: 60, Stat: 'Sum' } });
  const template = (fnName: any, dim: any) => ({
    Role: role,
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: fnName, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => 1;' }, Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    Invoke: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' } },
    ErrorRate: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [metric('e', 'Errors', dim), metric('i', 'Invocations', dim), { Id: 'rate', Expression: '100 * e / i', ReturnData: true }],
        EvaluationPeriods: 3, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:oncall'],
      },
    },
  });

  // The metric read also leaves a dimension decided at deploy time open, so this rule did not pass it before either;
  // the comparison is fixed where every rule finds its candidate alarms.
  test('the function is named ${P}-x, the alarm watches !Ref P: not a pass', () => {
    expect(statuses(judged('AlarmErrorRate', template({ 'Fn::Sub': '${P}-x' }, { Ref: 'P' }), P))).not.toContain('pass');
  });

  test('the alarm watching the function by reference: pass (compliant form)', () => {
    expect(statuses(judged('AlarmErrorRate', template({ 'Fn::Sub': '${P}-x' }, { Ref: 'Fn' }), P))).toEqual(['pass']);
  });
});

describe('names a service stores in lower case (RDS, ElastiCache): CloudWatch compares dimension values exactly', () => {
  const index = new TemplateIndex({
    Parameters: { Env: { Type: 'String' } },
    Resources: {
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'Orders-DB', Engine: 'postgres', DBInstanceClass: 'db.t4g.small' } },
      Bucket: { Type: 'AWS::S3::Bucket' },
      Sub: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: { 'Fn::Sub': 'Orders-${Bucket}' }, Engine: 'postgres', DBInstanceClass: 'db.t4g.small' } },
    },
  }, 'case.json', 'case');
  const name = (id: string) => index.prop(index.get(id)!, 'DBInstanceIdentifier');
  const lit = (v: string) => ({ k: 'lit' as const, v });

  test('an alarm on Orders-DB (as written) watches nothing: RDS stores and publishes orders-db (was the same name)', () => {
    expect(sameName(lit('Orders-DB'), name('Db'), true)).toBe(false);
  });

  test('the lower-case form is the same name (compliant form)', () => {
    expect(sameName(lit('orders-db'), name('Db'), true)).toBe(true);
  });

  test('placeholders keep their case; the literal text is lowered', () => {
    const sub = index.prop(index.get('Sub')!, 'DBInstanceIdentifier');
    expect(sub.k).toBe('expr');
    expect(sameName({ k: 'expr', text: `orders-${refMark('Bucket')}`, refs: [] } as any, sub, true)).toBe(true);
    expect(sameName({ k: 'expr', text: `Orders-${refMark('Bucket')}`, refs: [] } as any, sub, true)).toBe(false);
    expect(sameName({ k: 'expr', text: `orders-${refMark('bucket')}`, refs: [] } as any, sub, true)).toBe(false);
  });
});
