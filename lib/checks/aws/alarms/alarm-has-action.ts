import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { alarmActs } from '../../cfn/alarms';
import { MUTE_RULE_TYPE } from '../../cfn/alarm-mutes';
import { Delivery, SNS_TOPIC, alarmDelivers } from '../../cfn/sns-delivery';
import { V, Val } from '../../template-index';

/**
 * ALARM-ACTIONS: every alarm notifies someone. Judged in every world: an
 * `ActionsEnabled: !If [Cond, false, !Ref AWS::NoValue]` fails where the
 * condition holds, so the alarm is unknown (or violated when the template
 * settles the condition), never satisfied. An alarm whose only actions are
 * values decided at deploy time (`AlarmActions: [!Ref TopicArn]` from an open
 * String parameter, which may be empty or any ARN) is unknown, naming the
 * parameter: what it notifies is the value passed at deploy.
 *
 * An action that is an SNS topic of the template counts only when CloudWatch
 * can deliver to it (`alarmDelivers`): an encrypted topic's key policy (in the
 * template) lets `cloudwatch.amazonaws.com` use the key (kms:Decrypt,
 * kms:GenerateDataKey*; the AWS-managed `alias/aws/sns` key never does, a key
 * outside the template is unknown), and a topic policy of the template, which
 * replaces SNS's default one, lets it publish (no topic policy in the
 * template: the default policy admits the account's alarms). The alarm fails
 * when every action is such a topic and none can receive; one action that
 * delivers (or that is not judged here: a topic outside the template, an
 * Auto Scaling or EC2 action) is enough. An alarm whose only actions are
 * scaling policies or EC2 actions (a step-scaling alarm) passes, saying that it
 * tells no one: it acts, as Security Hub CloudWatch.15 asks, and scaling alarms
 * are not meant to page; the alarm items on error rate, latency, CPU... do not
 * count such an alarm as theirs.
 *
 * What silences the actions an alarm has is read too (`alarmActs`): an
 * `AWS::CloudWatch::AlarmMuteRule` of the template naming the alarm (by `Ref`
 * or its AlarmName) mutes its actions in the windows of its schedule. One whose
 * windows follow each other without a gap (a daily cron muting for `P1D`, an
 * hourly one for `PT1H`), without an ExpireDate, mutes it at all times: fail.
 * One that mutes it in windows (nightly, weekly, a one-time `at`), or at all
 * times until an ExpireDate, or whose targets or schedule are decided at deploy
 * time: unknown, naming the rule and its schedule (whether the alarm notifies
 * when it fires depends on when). A composite alarm whose `ActionsSuppressor`
 * notifies no one (or is outside the template) has its actions held back while
 * that alarm is in ALARM: unknown; a suppressor that notifies someone itself
 * tells them instead (pass).
 */
export const AlarmHasAction: AwsRule = {
  id: 'AlarmHasAction',
  items: ['ALARM-ACTIONS'],
  types: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  readsTypes: [MUTE_RULE_TYPE],
  severity: Severity.MEDIUM,
  description: 'Every CloudWatch alarm has an action, its actions are enabled and not muted by an alarm mute rule, and CloudWatch can publish to the SNS topics of the template it notifies (topic policy and KMS key policy).',
  fix: 'Add an alarm action (alarm.addAlarmAction(new SnsAction(topic))) and keep ActionsEnabled true; on an encrypted topic let cloudwatch.amazonaws.com use the key (kms:Decrypt, kms:GenerateDataKey*), and if the topic has a topic policy let it publish.',
  check(res, { index }) {
    const a = alarmActs(index, res);
    const property = `Properties.${a.property}`;
    if (a.acts === undefined) return unknown(property, a.value, `alarm: ${a.why}`);
    if (!a.acts) return fail(property, a.value, `alarm: ${a.why}`);
    const list = index.items(a.value) ?? [];
    const topics = list.filter((v): v is Extract<Val, { k: 'ref' }> => v.k === 'ref' && v.target.type === SNS_TOPIC);
    const others = list.filter((v) => !topics.includes(v as Extract<Val, { k: 'ref' }>));
    const deliveries: Delivery[] = topics.map((t) => alarmDelivers(index, t, res));
    if (!deliveries.some((d) => d.k === 'yes')) {
      const broken = deliveries.filter((d): d is Exclude<Delivery, { k: 'yes' }> => d.k !== 'yes');
      const open = broken.find((d) => d.k === 'unknown');
      if (others.length === 0 && broken.length > 0) {
        if (open) return unknown(property, a.value, `alarm: whether CloudWatch can deliver its notification is not known: ${open.why}`);
        return fail(property, a.value, `alarm: CloudWatch cannot deliver its notification: ${broken.map((d) => d.why).join('; ')}`);
      }
      if (broken.length > 0 && others.every((v) => v.k === 'unknown')) {
        const why = open?.why ?? broken[0].why;
        return unknown(property, a.value, `alarm: its other action${others.length > 1 ? 's are' : ' is'} decided at deploy time (${others.map((v) => (v.k === 'unknown' ? v.why : V.show(v))).join('; ')}), and CloudWatch ${open ? 'may not' : 'cannot'} deliver to its topic: ${why}`);
      }
    }
    if (a.openActions !== undefined) return unknown(property, a.value, `alarm: ${a.openActions}`);
    if (a.machineOnly !== undefined) return pass(property, a.value, `alarm acts: ${a.machineOnly} (an action, as Security Hub CloudWatch.15 asks; the alarm items on error rate, latency, CPU... do not count it as an alarm)`);
    return pass(property, a.value, `alarm notifies ${a.count} target(s)`);
  },
};
