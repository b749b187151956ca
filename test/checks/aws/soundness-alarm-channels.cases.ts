/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * AlarmTopicSubscribed on topics whose only subscriptions store the notifications. An SQS queue (or a Firehose
 * stream) subscribed to the alarm topic counted as a channel to people: a queue nobody reads tells nobody. It counts
 * now only when a function of the template reads the queue (an event source mapping); a topic that reaches only
 * stores is unknown (what reads them is outside the template).
 */
import { judged, statuses } from './judged';

const RULE = 'AlarmTopicSubscribed';
const alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: 'jobs' }], Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1, Threshold: 300, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }] } };
const subscription = (protocol: string, endpoint: any) => ({ Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: protocol, Endpoint: endpoint } });
const base = (more: Record<string, any>) => ({ Topic: { Type: 'AWS::SNS::Topic' }, Alarm: alarm, ...more });
const onTopic = (t: Record<string, any>) => judged(RULE, t).filter(([r]) => r === 'Topic');

describe('AlarmTopicSubscribed: queues and streams store notifications', () => {
  test('only an SQS queue of the template that nothing reads: unknown (was a pass)', () => {
    const f = onTopic(base({ Inbox: { Type: 'AWS::SQS::Queue' }, Sub: subscription('sqs', { 'Fn::GetAtt': ['Inbox', 'Arn'] }) }));
    expect(f).toEqual([['Topic', 'unknown', expect.stringContaining('which store the notifications')]]);
  });

  test('only a queue outside the template, or a Firehose stream: unknown (was a pass)', () => {
    expect(statuses(onTopic(base({ Sub: subscription('sqs', 'arn:aws:sqs:eu-west-1:111111111111:alarms') })))).toEqual(['unknown']);
    expect(statuses(onTopic(base({ Sub: subscription('firehose', 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/alarms') })))).toEqual(['unknown']);
  });

  test('a queue a function of the template reads: pass, naming the reader (compliant form)', () => {
    const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } };
    const f = onTopic(base({
      Inbox: { Type: 'AWS::SQS::Queue' },
      Sub: subscription('sqs', { 'Fn::GetAtt': ['Inbox', 'Arn'] }),
      Role: role,
      Pager: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => 1;' }, Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
      Reads: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Inbox', 'Arn'] }, FunctionName: { Ref: 'Pager' } } },
    }));
    expect(f).toEqual([['Topic', 'pass', expect.stringContaining('read by Pager')]]);
  });

  test('a queue beside an email subscription: pass on the email (compliant form)', () => {
    const f = onTopic(base({ Sub: subscription('sqs', 'arn:aws:sqs:eu-west-1:111111111111:alarms'), Mail: subscription('email', 'oncall@example.com') }));
    expect(f).toEqual([['Topic', 'pass', expect.stringContaining('email oncall@example.com')]]);
  });
});
