import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/** ALARM-ACTIONS: every alarm notifies someone. */
export const AlarmHasAction: AwsRule = {
  id: 'AlarmHasAction',
  items: ['ALARM-ACTIONS'],
  types: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  severity: Severity.MEDIUM,
  description: 'Every CloudWatch alarm has an action, and its actions are enabled.',
  fix: 'Add an alarm action (alarm.addAlarmAction(new SnsAction(topic))) and keep ActionsEnabled true.',
  fsbp: ['CloudWatch.15'],
  check(res, { index }) {
    const enabled = index.prop(res, 'ActionsEnabled');
    if (V.isFalse(enabled)) return fail('Properties.ActionsEnabled', enabled, 'alarm actions are disabled');
    const actions = index.prop(res, 'AlarmActions');
    if (actions.k === 'unknown') return unknown('Properties.AlarmActions', actions, `alarm actions decided at deploy time (${actions.why})`);
    const list = V.list(actions);
    if (!list || list.length === 0) return fail('Properties.AlarmActions', actions, 'alarm has no action: nobody is told when it fires');
    return pass('Properties.AlarmActions', actions, `alarm notifies ${list.length} target(s)`);
  },
};
