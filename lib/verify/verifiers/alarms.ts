/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { ago, fail, LiveVerdict, LiveVerifier, ofType, pass, toDate, unknown, VerifyContext, windowStart } from '../context';

const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];

/** Every alarm of the run by name (metric and composite), read once. */
function alarms(ctx: VerifyContext): Promise<Map<string, any>> {
  return ctx.memo('alarms', async () => {
    const names = [...new Set(ofType(ctx, ...ALARM_TYPES).map((r) => r.physicalId))];
    const out = new Map<string, any>();
    for (let i = 0; i < names.length; i += 100) {
      const { pages } = await ctx.clients.pages('cloudwatch', 'DescribeAlarms', { AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 }, 'NextToken', 'NextToken');
      for (const p of pages) for (const a of [...(p.MetricAlarms ?? []), ...(p.CompositeAlarms ?? [])]) out.set(a.AlarmName, a);
    }
    return out;
  });
}

/** LIVE-ALARMS-ARMED. @internal */
export const LiveAlarmsArmed: LiveVerifier = {
  id: 'LiveAlarmsArmed',
  items: ['LIVE-ALARMS-ARMED'],
  severity: Severity.HIGH,
  description: 'Every alarm of the stack exists, with ActionsEnabled and at least one alarm action.',
  fix: 'Enable the alarm actions (aws cloudwatch enable-alarm-actions) and give every alarm an action; redeploy if the alarm is missing.',
  async verify(ctx) {
    const live = await alarms(ctx);
    return ofType(ctx, ...ALARM_TYPES).map((r): LiveVerdict => {
      const a = live.get(r.physicalId);
      if (!a) return fail(r, `alarm ${r.physicalId} does not exist`);
      const actions = a.AlarmActions ?? [];
      const value = `ActionsEnabled ${a.ActionsEnabled}, ${actions.length} alarm action(s)`;
      if (a.ActionsEnabled !== true) return fail(r, `alarm ${r.physicalId} has its actions disabled`, value, 'ActionsEnabled');
      if (actions.length === 0) return fail(r, `alarm ${r.physicalId} has no alarm action`, value, 'AlarmActions');
      return pass(r, `alarm ${r.physicalId} is armed`, value, 'ActionsEnabled');
    });
  },
};

/** LIVE-ALARMS-QUIET. @internal */
export const LiveAlarmsQuiet: LiveVerifier = {
  id: 'LiveAlarmsQuiet',
  items: ['LIVE-ALARMS-QUIET'],
  severity: Severity.HIGH,
  description: 'No alarm of the stack is in ALARM, and none has been in INSUFFICIENT_DATA for longer than the window.',
  fix: 'Handle the firing alarm; an alarm stuck without data watches a metric nobody publishes: fix its metric, dimensions or TreatMissingData.',
  async verify(ctx) {
    const live = await alarms(ctx);
    const start = windowStart(ctx);
    return ofType(ctx, ...ALARM_TYPES).map((r): LiveVerdict => {
      const a = live.get(r.physicalId);
      if (!a) return unknown(r, `alarm ${r.physicalId} does not exist, so its state cannot be read`);
      const since = toDate(a.StateTransitionedTimestamp) ?? toDate(a.StateUpdatedTimestamp);
      const when = since ? ` since ${ago(ctx, since)}` : '';
      const value = `${a.StateValue}${when}`;
      if (a.StateValue === 'ALARM') return fail(r, `alarm ${r.physicalId} is in ALARM${when}: ${String(a.StateReason ?? '').slice(0, 200)}`, value, 'StateValue');
      if (a.StateValue === 'INSUFFICIENT_DATA') {
        if (!since) return unknown(r, `alarm ${r.physicalId} is in INSUFFICIENT_DATA and reports no transition time`, value, 'StateValue');
        return since < start
          ? fail(r, `alarm ${r.physicalId} has been in INSUFFICIENT_DATA${when}, longer than the window: it watches no data`, value, 'StateValue')
          : unknown(r, `alarm ${r.physicalId} entered INSUFFICIENT_DATA within the window${when}`, value, 'StateValue');
      }
      if (a.StateValue === 'OK') return pass(r, `alarm ${r.physicalId} is OK`, value, 'StateValue');
      return unknown(r, `alarm ${r.physicalId} is in state ${a.StateValue}`, value, 'StateValue');
    });
  },
};
