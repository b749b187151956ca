import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
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
 * composite alarm notifies, and on the topics alerts of the service's own
 * resources go to: a backup vault's notifications and EventBridge rules on
 * AWS Backup or Secrets Manager events (BACKUP-FAILURE-NOTIFICATION and
 * SECRETS-ROTATION-ALERT judge that the service may publish; whether anyone
 * hears is this item's). An alarm whose only notification topics are
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

/** EventBridge sources whose events are alerts of the service's own resources (backup jobs, secret rotation). */
const ALERT_SOURCES = ['aws.backup', 'aws.secretsmanager'];

/**
 * What sends alerts to a topic, in words, or undefined when nothing does: alarms and composite alarms (their
 * actions), backup vaults (their notifications), and enabled-or-not EventBridge rules whose pattern names an alert
 * source (AWS Backup, Secrets Manager) and that target the topic.
 */
function notifiedBy(topic: CfnResource, index: TemplateIndex): string | undefined {
  const names = (rs: CfnResource[], what: string) => (rs.length === 0 ? [] : [rs.length > 2 ? `${rs.length} ${what}s` : `${what}${rs.length === 1 ? '' : 's'} ${rs.map((r) => r.logicalId).join(', ')}`]);
  const alarms = index.referrers(topic, 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm')
    .filter((a) => index.refsOf(index.prop(a, 'AlarmActions')).has(topic.logicalId));
  const vaults = index.referrers(topic, 'AWS::Backup::BackupVault').filter((v) => index.refsOf(index.prop(v, 'Notifications.SNSTopicArn')).has(topic.logicalId));
  const rules = index.referrers(topic, 'AWS::Events::Rule').filter((r) => {
    const targets = index.items(index.prop(r, 'Targets')) ?? [];
    if (!targets.some((t) => index.refsOf(index.field(t, 'Arn')).has(topic.logicalId))) return false;
    const sources = index.items(index.prop(r, 'EventPattern.source')) ?? [];
    return sources.some((x) => ALERT_SOURCES.includes(V.str(x) ?? ''));
  });
  const parts = [...(alarms.length > 0 ? [`${alarms.length} alarm(s)`] : []), ...names(vaults, 'backup vault'), ...names(rules, 'EventBridge rule')];
  return parts.length === 0 ? undefined : parts.join(' and ');
}

export const AlarmTopicSubscribed: AwsRule = {
  id: 'AlarmTopicSubscribed',
  items: ['ALARM-NOTIFICATION-CHANNELS'],
  types: ['AWS::SNS::Topic', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  severity: Severity.MEDIUM,
  description: 'SNS topics that alarms, backup vault notifications or EventBridge rules on AWS Backup and Secrets Manager events notify have at least one subscription or chat integration.',
  fix: 'Subscribe the team: topic.addSubscription(new EmailSubscription(...)) or an AWS Chatbot Slack channel on the topic.',
  check(res, { index }) {
    if (res.type !== 'AWS::SNS::Topic') {
      const actions = alarmActions(res, index);
      if (actions.some((a) => a.k === 'ref' && a.target.type === 'AWS::SNS::Topic')) return undefined;
      const outside = actions.find((a) => externalTopic(a) || a.k === 'unknown');
      if (!outside) return undefined;
      return unknown('Properties.AlarmActions', outside, 'the alarm notifies a topic outside this template: its subscriptions cannot be seen');
    }
    const by = notifiedBy(res, index);
    if (by === undefined) return undefined;
    const all = channelsOf(res, index);
    if (all.length === 0) return fail('Subscription', '(none)', `topic notified by ${by} has no subscription that receives its notifications (none, or only subscriptions whose filter policy on message attributes drops them): nobody receives them`);
    // A queue or a delivery stream stores the notifications; people hear of them only through what reads it.
    const channels = all.filter((c) => !STORES.has(c.protocol) || readerOf(index, c) !== undefined);
    if (channels.length === 0) {
      return unknown('Subscription', all.map((c) => c.via.logicalId).join(', '), `topic notified by ${by} reaches only ${all.map((c) => `${c.protocol} ${V.show(c.endpoint)}`).join(', ')}, which store the notifications: whether something reads them and tells people is not in the template`);
    }
    if (channels.every((c) => c.filtered)) {
      return unknown('Subscription', channels.map((c) => c.via.logicalId).join(', '), `topic notified by ${by} reaches people only through filtered subscriptions (${channels.map((c) => `${c.via.logicalId}: ${c.filtered}`).join('; ')}): whether alarm notifications pass the filter is decided at deploy time`);
    }
    const shown = channels.map((c) => `${c.protocol}${c.endpoint.k === 'lit' ? ` ${V.show(c.endpoint)}` : ''}${STORES.has(c.protocol) ? ` (read by ${readerOf(index, c)})` : ''}`);
    return pass('Subscription', shown.join(', '), `${by} reach${by.includes(' and ') || /\(s\)/.test(by) ? '' : 'es'} ${channels.length} channel(s): ${shown.join(', ')}`);
  },
};
