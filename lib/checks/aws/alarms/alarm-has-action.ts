import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { alarmActs } from '../../cfn/alarms';

/**
 * ALARM-ACTIONS: every alarm notifies someone. Judged in every world: an
 * `ActionsEnabled: !If [Cond, false, !Ref AWS::NoValue]` fails where the
 * condition holds, so the alarm is unknown (or violated when the template
 * settles the condition), never satisfied. An alarm whose only actions are
 * values decided at deploy time (`AlarmActions: [!Ref TopicArn]` from an open
 * String parameter, which may be empty or any ARN) is unknown, naming the
 * parameter: what it notifies is the value passed at deploy.
 */
export const AlarmHasAction: AwsRule = {
  id: 'AlarmHasAction',
  items: ['ALARM-ACTIONS'],
  types: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  severity: Severity.MEDIUM,
  description: 'Every CloudWatch alarm has an action, and its actions are enabled.',
  fix: 'Add an alarm action (alarm.addAlarmAction(new SnsAction(topic))) and keep ActionsEnabled true.',
  check(res, { index }) {
    const a = alarmActs(index, res);
    const property = `Properties.${a.property}`;
    if (a.acts === undefined) return unknown(property, a.value, `alarm: ${a.why}`);
    if (!a.acts) return fail(property, a.value, `alarm: ${a.why}`);
    if (a.openActions !== undefined) return unknown(property, a.value, `alarm: ${a.openActions}`);
    return pass(property, a.value, `alarm notifies ${a.count} target(s)`);
  },
};
