import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { TemplateIndex, V } from '../../template-index';
import { alarmActions, Channel, channelsOf, externalTopic } from './channels';

/**
 * ALARM-NOTIFICATION-CHANNELS: the topics alarms notify reach people — at
 * least one subscription (email, SMS, HTTPS webhook, Lambda...) or an AWS
 * Chatbot Slack/Teams channel. An SQS queue or a Firehose stream stores the
 * notifications: it counts only when a function of the template reads the
 * queue (an event source mapping); a topic that reaches nothing else is
 * unknown (what reads them is not in the template).
 *
 * Decisions: judged on every SNS topic of the template that an alarm or
 * composite alarm notifies. An alarm whose only notification topics are
 * outside the template (a literal topic ARN, an import) is unknown: their
 * subscriptions cannot be seen. Subscription confirmation happens outside the
 * template and is not judged. Alarm notifications carry no message attributes,
 * so a subscription whose filter policy on message attributes requires one
 * receives none and does not count; one filtering the message body (or with a
 * filter decided at deploy time) is unknown when it is the only channel.
 */
/** Subscription protocols that store notifications (a queue, a delivery stream) rather than tell anyone. */
const STORES = new Set(['sqs', 'firehose']);

/** The function of this template that reads a queue subscription's queue (an event source mapping on it), if any. */
function readerOf(index: TemplateIndex, c: Channel): string | undefined {
  if (c.protocol !== 'sqs' || c.endpoint.k !== 'ref' || c.endpoint.target.type !== 'AWS::SQS::Queue') return undefined;
  const queue = c.endpoint.target;
  const mapping = index.referrers(queue, 'AWS::Lambda::EventSourceMapping').find((m) => index.refsOf(index.prop(m, 'EventSourceArn')).has(queue.logicalId));
  if (!mapping) return undefined;
  const fn = index.prop(mapping, 'FunctionName');
  return fn.k === 'ref' ? fn.target.logicalId : V.show(fn);
}

export const AlarmTopicSubscribed: AwsRule = {
  id: 'AlarmTopicSubscribed',
  items: ['ALARM-NOTIFICATION-CHANNELS'],
  types: ['AWS::SNS::Topic', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  severity: Severity.MEDIUM,
  description: 'SNS topics that alarms notify have at least one subscription or chat integration.',
  fix: 'Subscribe the team: topic.addSubscription(new EmailSubscription(...)) or an AWS Chatbot Slack channel on the topic.',
  check(res, { index }) {
    if (res.type !== 'AWS::SNS::Topic') {
      const actions = alarmActions(res, index);
      if (actions.some((a) => a.k === 'ref' && a.target.type === 'AWS::SNS::Topic')) return undefined;
      const outside = actions.find((a) => externalTopic(a) || a.k === 'unknown');
      if (!outside) return undefined;
      return unknown('Properties.AlarmActions', outside, 'the alarm notifies a topic outside this template: its subscriptions cannot be seen');
    }
    const alarms = index.referrers(res, 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm')
      .filter((a) => index.refsOf(index.prop(a, 'AlarmActions')).has(res.logicalId));
    if (alarms.length === 0) return undefined;
    const all = channelsOf(res, index);
    if (all.length === 0) return fail('Subscription', '(none)', `alarm topic notified by ${alarms.length} alarm(s) has no subscription that receives alarm notifications (none, or only subscriptions whose filter policy on message attributes drops them): nobody receives them`);
    // A queue or a delivery stream stores the notifications; people hear of them only through what reads it.
    const channels = all.filter((c) => !STORES.has(c.protocol) || readerOf(index, c) !== undefined);
    if (channels.length === 0) {
      return unknown('Subscription', all.map((c) => c.via.logicalId).join(', '), `alarm topic notified by ${alarms.length} alarm(s) reaches only ${all.map((c) => `${c.protocol} ${V.show(c.endpoint)}`).join(', ')}, which store the notifications: whether something reads them and tells people is not in the template`);
    }
    if (channels.every((c) => c.filtered)) {
      return unknown('Subscription', channels.map((c) => c.via.logicalId).join(', '), `alarm topic notified by ${alarms.length} alarm(s) reaches people only through filtered subscriptions (${channels.map((c) => `${c.via.logicalId}: ${c.filtered}`).join('; ')}): whether alarm notifications pass the filter is decided at deploy time`);
    }
    const shown = channels.map((c) => `${c.protocol}${c.endpoint.k === 'lit' ? ` ${V.show(c.endpoint)}` : ''}${STORES.has(c.protocol) ? ` (read by ${readerOf(index, c)})` : ''}`);
    return pass('Subscription', shown.join(', '), `alarms reach ${channels.length} channel(s): ${shown.join(', ')}`);
  },
};
