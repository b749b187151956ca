/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { refsIn } from '../../cfn/alarms';

/** One way a topic reaches people: a subscription (protocol, endpoint) or a chat integration. @internal */
export interface Channel {
  readonly protocol: string;
  readonly endpoint: Val;
  readonly via: CfnResource;
}

const CHATBOT = ['AWS::Chatbot::SlackChannelConfiguration', 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration'];

/** The channels of an SNS topic of this template. @internal */
export function channelsOf(topic: CfnResource, index: TemplateIndex): Channel[] {
  const out: Channel[] = [];
  for (const s of V.list(index.prop(topic, 'Subscription')) ?? []) {
    out.push({ protocol: (V.str(index.at(s, 'Protocol')) ?? '?').toLowerCase(), endpoint: index.at(s, 'Endpoint'), via: topic });
  }
  for (const s of index.referrers(topic, 'AWS::SNS::Subscription')) {
    if (!refsIn(s.properties.TopicArn).has(topic.logicalId)) continue;
    out.push({ protocol: (V.str(index.prop(s, 'Protocol')) ?? '?').toLowerCase(), endpoint: index.prop(s, 'Endpoint'), via: s });
  }
  for (const c of index.referrers(topic, ...CHATBOT)) {
    if (!refsIn(c.properties.SnsTopicArns).has(topic.logicalId)) continue;
    out.push({ protocol: c.type.includes('Slack') ? 'chatbot-slack' : 'chatbot-teams', endpoint: { k: 'lit', v: c.logicalId }, via: c });
  }
  return out;
}

/** The actions of an alarm, resolved. @internal */
export function alarmActions(alarm: CfnResource, index: TemplateIndex): Val[] {
  const v = index.prop(alarm, 'AlarmActions');
  if (v.k === 'unknown') return [v];
  return (V.list(v) ?? []).map((a) => index.value(a));
}

/** An SNS topic ARN outside the template (literal ARN). @internal */
export function externalTopic(v: Val): boolean {
  return /^arn:[^:]+:sns:/.test(V.str(v) ?? '');
}
