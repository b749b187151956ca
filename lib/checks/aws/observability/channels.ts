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
}

const CHATBOT = ['AWS::Chatbot::SlackChannelConfiguration', 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration'];

function protocolOf(v: Val): string {
  return v.k === 'unknown' ? '?' : (V.str(v) ?? '?').toLowerCase();
}

/** The channels of an SNS topic of this template, in the current world. @internal */
export function channelsOf(topic: CfnResource, index: TemplateIndex): Channel[] {
  const out: Channel[] = [];
  for (const s of index.items(index.prop(topic, 'Subscription')) ?? []) {
    out.push({ protocol: protocolOf(index.field(s, 'Protocol')), endpoint: index.field(s, 'Endpoint'), via: topic });
  }
  for (const s of index.referrers(topic, 'AWS::SNS::Subscription')) {
    if (!index.refsOf(index.prop(s, 'TopicArn')).has(topic.logicalId)) continue;
    out.push({ protocol: protocolOf(index.prop(s, 'Protocol')), endpoint: index.prop(s, 'Endpoint'), via: s });
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
  return text !== undefined && /^arn:(\$\{AWS::Partition\}|[^:$]+):sns:/.test(text);
}
