import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { alarmActions, channelsOf, externalTopic } from './channels';

/**
 * ALARM-NOTIFICATION-CHANNELS: the topics alarms notify reach people — at
 * least one subscription (email, SMS, HTTPS webhook, Lambda, SQS...) or an AWS
 * Chatbot Slack/Teams channel.
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
    const channels = channelsOf(res, index);
    if (channels.length === 0) return fail('Subscription', '(none)', `alarm topic notified by ${alarms.length} alarm(s) has no subscription that receives alarm notifications (none, or only subscriptions whose filter policy on message attributes drops them): nobody receives them`);
    if (channels.every((c) => c.filtered)) {
      return unknown('Subscription', channels.map((c) => c.via.logicalId).join(', '), `alarm topic notified by ${alarms.length} alarm(s) reaches people only through filtered subscriptions (${channels.map((c) => `${c.via.logicalId}: ${c.filtered}`).join('; ')}): whether alarm notifications pass the filter is decided at deploy time`);
    }
    const shown = channels.map((c) => `${c.protocol}${c.endpoint.k === 'lit' ? ` ${V.show(c.endpoint)}` : ''}`);
    return pass('Subscription', shown.join(', '), `alarms reach ${channels.length} channel(s): ${shown.join(', ')}`);
  },
};
