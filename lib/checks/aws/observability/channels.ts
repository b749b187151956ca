import { CfnResource, TemplateIndex, Val, V } from '../../template-index';

/**
 * One way a topic reaches people: a subscription (protocol, endpoint) or a
 * chat integration. The protocol is `?` when it is decided at deploy time.
 * @internal
 */
export interface Channel {
  readonly protocol: string;
  readonly endpoint: Val;
  readonly via: CfnResource;
  /** Set when a filter policy may keep alarm notifications from this subscription: why. */
  readonly filtered?: string;
}

/**
 * What a subscription's filter policy does to CloudWatch alarm notifications,
 * which carry no message attributes: `drops` when a MessageAttributes-scoped
 * policy (the default scope) has a key without an `{"exists": false}`
 * condition (SNS delivers a message only when every key matches, and an
 * attribute that is missing matches only `exists: false`); a reason when it may
 * (a MessageBody scope, an `$or`, a policy or scope decided at deploy time);
 * undefined when it lets them through.
 */
function filterEffect(sub: CfnResource, index: TemplateIndex): 'drops' | string | undefined {
  const policy = index.prop(sub, 'FilterPolicy');
  if (policy.k === 'absent') return undefined;
  if (policy.k !== 'lit') return `filter policy ${V.show(policy)} decided at deploy time`;
  const scope = index.prop(sub, 'FilterPolicyScope');
  if (scope.k === 'unknown') return `filter policy scope decided at deploy time (${scope.why})`;
  if (scope.k !== 'absent' && V.str(scope) !== 'MessageAttributes') return `filter policy on the message body (${V.str(scope) ?? V.show(scope)})`;
  let doc: Val = policy;
  const text = V.str(policy);
  if (text !== undefined) {
    try { doc = index.value(JSON.parse(text)); } catch { return 'filter policy that is not JSON'; }
  }
  const entries = index.keys(doc);
  if (entries === undefined) return 'filter policy of unknown shape';
  if (entries.some(([k]) => k === '$or')) return 'filter policy with $or';
  // A key whose conditions include `{ "exists": false }` lets a message without that attribute through.
  const absentMatches = (conds: Val) => (index.items(conds) ?? []).some((c) => V.isFalse(index.field(c, 'exists')));
  const blocking = entries.filter(([, conds]) => !absentMatches(conds));
  return blocking.length > 0 ? 'drops' : undefined;
}

const CHATBOT = ['AWS::Chatbot::SlackChannelConfiguration', 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration'];

function protocolOf(v: Val): string {
  return v.k === 'unknown' ? '?' : (V.str(v) ?? '?').toLowerCase();
}

/**
 * The channels of an SNS topic of this template that alarm notifications can
 * reach, in the current world: a subscription whose filter policy drops them is
 * left out, one whose filter may drop them is marked `filtered`. @internal
 */
export function channelsOf(topic: CfnResource, index: TemplateIndex): Channel[] {
  const out: Channel[] = [];
  for (const s of index.items(index.prop(topic, 'Subscription')) ?? []) {
    out.push({ protocol: protocolOf(index.field(s, 'Protocol')), endpoint: index.field(s, 'Endpoint'), via: topic });
  }
  for (const s of index.referrers(topic, 'AWS::SNS::Subscription')) {
    if (!index.refsOf(index.prop(s, 'TopicArn')).has(topic.logicalId)) continue;
    // A filter policy on message attributes never matches an alarm notification: not a channel for alarms.
    const filter = filterEffect(s, index);
    if (filter === 'drops') continue;
    out.push({ protocol: protocolOf(index.prop(s, 'Protocol')), endpoint: index.prop(s, 'Endpoint'), via: s, ...(filter ? { filtered: filter } : {}) });
  }
  for (const c of index.referrers(topic, ...CHATBOT)) {
    if (!index.refsOf(index.prop(c, 'SnsTopicArns')).has(topic.logicalId)) continue;
    out.push({ protocol: c.type.includes('Slack') ? 'chatbot-slack' : 'chatbot-teams', endpoint: { k: 'lit', v: c.logicalId }, via: c });
  }
  return out;
}

/** The actions of an alarm in the current world (one `unknown` value when the list is decided at deploy time). @internal */
export function alarmActions(alarm: CfnResource, index: TemplateIndex): Val[] {
  const v = index.prop(alarm, 'AlarmActions');
  if (v.k === 'unknown') return [v];
  return index.items(v) ?? [];
}

/** An SNS topic ARN outside the template: a literal ARN, or one built with Fn::Sub (`arn:${AWS::Partition}:sns:...`). @internal */
export function externalTopic(v: Val): boolean {
  const text = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
  return text !== undefined && /^arn:(\$\{\u0005AWS::Partition\}|[^:$]+):sns:/.test(text);
}
