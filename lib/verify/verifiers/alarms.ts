/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { errorLine, isFatal } from '../clients';
import { ago, fail, LiveResource, LiveVerdict, LiveVerifier, ofType, pass, toDate, unknown, VerifyContext, windowStart } from '../context';

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

/** What an SNS topic's subscriptions say: how many are confirmed and pending, or why they cannot be read. */
type Subscribers = { readonly confirmed: number; readonly pending: number; readonly truncated: boolean } | { readonly missing: true } | { readonly unread: string };

/**
 * The subscriptions of an SNS topic, read once per run. Only a topic of the run's account and region is read (the
 * clients are of one region, and only the owner may list a topic's subscriptions); another is `unread`. A
 * subscription waiting for its confirmation (an e-mail nobody clicked) is listed with the SubscriptionArn
 * `PendingConfirmation` and delivers nothing.
 */
function subscribers(ctx: VerifyContext, topicArn: string): Promise<Subscribers> {
  return ctx.memo(`sns-subscriptions ${topicArn}`, async (): Promise<Subscribers> => {
    const [, , , region, account] = topicArn.split(':');
    if (region !== ctx.region || account !== ctx.account) return { unread: `it is in ${account === ctx.account ? `region ${region}` : `account ${account}`}, whose subscriptions this run does not read` };
    try {
      const { pages, truncated } = await ctx.clients.pages('sns', 'ListSubscriptionsByTopic', { TopicArn: topicArn }, 'NextToken', 'NextToken');
      const subs = pages.flatMap((p) => p.Subscriptions ?? []);
      const confirmed = subs.filter((x: any) => typeof x.SubscriptionArn === 'string' && x.SubscriptionArn.startsWith('arn:')).length;
      const pending = subs.filter((x: any) => x.SubscriptionArn === 'PendingConfirmation').length;
      return { confirmed, pending, truncated };
    } catch (e) {
      if (isFatal(e)) throw e;
      if (/^NotFound/.test((e as { name?: string }).name ?? '')) return { missing: true };
      return { unread: `its subscriptions could not be read: ${errorLine(e)}` };
    }
  });
}

/**
 * Whether the SNS topics among an alarm's actions reach someone: the first topic with no confirmed subscription (or
 * that does not exist) fails the alarm; a topic that cannot be read makes it unknown; undefined when every topic has
 * a confirmed subscriber (or the alarm notifies no topic).
 */
async function deadTopic(ctx: VerifyContext, r: LiveResource, actions: string[], value: string): Promise<LiveVerdict | undefined> {
  const topics = [...new Set(actions.filter((a) => /^arn:[^:]+:sns:/.test(a)))];
  let open: LiveVerdict | undefined;
  for (const t of topics) {
    const s = await subscribers(ctx, t);
    if ('missing' in s) return fail(r, `alarm ${r.physicalId} notifies SNS topic ${t}, which does not exist: its notifications reach no one`, value, 'AlarmActions');
    if ('unread' in s) {
      open ??= unknown(r, `alarm ${r.physicalId} notifies SNS topic ${t}: whether anyone receives it cannot be read (${s.unread})`, value, 'AlarmActions');
      continue;
    }
    if (s.confirmed > 0) continue;
    if (s.truncated) {
      open ??= unknown(r, `alarm ${r.physicalId} notifies SNS topic ${t}: no confirmed subscription among the first pages of its subscriptions`, value, 'AlarmActions');
      continue;
    }
    const pending = s.pending > 0 ? ` (${s.pending} waiting for confirmation, which deliver nothing)` : '';
    return fail(r, `alarm ${r.physicalId} notifies SNS topic ${t}, which has no confirmed subscription${pending}: its notifications reach no one`, value, 'AlarmActions');
  }
  return open;
}

/** LIVE-ALARMS-ARMED. @internal */
export const LiveAlarmsArmed: LiveVerifier = {
  id: 'LiveAlarmsArmed',
  items: ['LIVE-ALARMS-ARMED'],
  severity: Severity.HIGH,
  description: 'Every alarm of the stack exists, with ActionsEnabled and at least one alarm action; every SNS topic among its actions has a confirmed subscription.',
  fix: 'Enable the alarm actions (aws cloudwatch enable-alarm-actions) and give every alarm an action; redeploy if the alarm is missing; confirm the topic\'s subscriptions (an e-mail subscription delivers nothing until its recipient confirms it) or subscribe the pager.',
  async verify(ctx) {
    const live = await alarms(ctx);
    return Promise.all(ofType(ctx, ...ALARM_TYPES).map(async (r): Promise<LiveVerdict> => {
      const a = live.get(r.physicalId);
      if (!a) return fail(r, `alarm ${r.physicalId} does not exist`);
      const actions: string[] = a.AlarmActions ?? [];
      const value = `ActionsEnabled ${a.ActionsEnabled}, ${actions.length} alarm action(s)`;
      if (a.ActionsEnabled !== true) return fail(r, `alarm ${r.physicalId} has its actions disabled`, value, 'ActionsEnabled');
      if (actions.length === 0) return fail(r, `alarm ${r.physicalId} has no alarm action`, value, 'AlarmActions');
      return (await deadTopic(ctx, r, actions, value)) ?? pass(r, `alarm ${r.physicalId} is armed${actions.some((x) => /^arn:[^:]+:sns:/.test(x)) ? ', and its topics have confirmed subscriptions' : ''}`, value, 'ActionsEnabled');
    }));
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
