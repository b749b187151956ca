import { CfnResource, TemplateIndex, V, Val } from '../template-index';
import { replaceSubReferences } from './documents';
import { grants, policyDocumentOf, principalCovers, sameValue } from './iam-policies';
import { entries } from './lists';
import { settled, settledFor, settledForIf } from './settled';

/**
 * Whether an AWS service (EventBridge, AWS Backup) can deliver a notification
 * to an SNS topic: the topic is a topic of the template (one outside it, a
 * literal ARN or an import that does not resolve, cannot be read), its topic
 * policy lets the service `sns:Publish` (SNS's default policy admits only the
 * account's own principals, and an `AWS::SNS::TopicPolicy` replaces it), and,
 * when the topic is encrypted, its KMS key policy lets the service use the
 * key (`kms:GenerateDataKey*` and `kms:Decrypt`; the AWS-managed
 * `alias/aws/sns` key admits no service). Everything is read in the current
 * world.
 *
 * Decisions: a topic of the template with no topic policy in the template is
 * `unknown` (a policy set outside the template could grant it); one whose
 * topic policy in the template does not grant it is `no`. Two topic policies
 * on one topic: the last applied replaces the other, so they must agree. A
 * grant under a condition counts when its only keys are `aws:SourceArn` naming
 * the sender, `aws:SourceAccount` / `aws:SourceOwner` of this account, or (in a
 * key policy) the topic's `kms:EncryptionContext:aws:sns:topicArn`; any other
 * condition is `unknown`. A Deny of publishing to the service (or everyone)
 * without a condition is `no`; one whose only condition is
 * `aws:SecureTransport` false does not touch a service (it sends over TLS).
 *
 * CloudWatch alarms (`alarmDelivers`) differ in one point: SNS's default topic
 * policy (every principal, `AWS:SourceOwner` the owning account) admits the
 * account's own alarms, so a topic of the template with no topic policy in the
 * template delivers, and a statement for every principal that holds only for
 * this account (or this alarm) counts. A statement for the account's IAM
 * principals alone (`arn:...:iam::<account>:root`) is `unknown`: alarms
 * publish as the CloudWatch service, not as a principal of the account.
 * @internal
 */

/** yes, or no / unknown with the reason. @internal */
export type Delivery = { k: 'yes'; topic: CfnResource } | { k: 'no'; why: string } | { k: 'unknown'; why: string };

/** The SNS topic type. @internal */
export const SNS_TOPIC = 'AWS::SNS::Topic';
const TOPIC_POLICY = 'AWS::SNS::TopicPolicy';
const KMS_KEY = 'AWS::KMS::Key';
const KMS_ALIAS = 'AWS::KMS::Alias';
const KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** An SNS topic ARN written as text: `arn:<partition>:sns:...`, `${...}` references read as one field (linear: no nested quantifier). */
const SNS_ARN = /^arn:[^:]*:sns:/;

/**
 * Whether `service` (e.g. `events.amazonaws.com`), sending on behalf of
 * `sender` (the rule or vault), can publish to the topic `arn` names.
 * @internal
 */
export function serviceDelivers(index: TemplateIndex, arn: Val, service: string, sender: CfnResource, alarm = false): Delivery {
  if (arn.k === 'unknown') return { k: 'unknown', why: `the topic is decided at deploy time (${arn.why})` };
  if (arn.k === 'absent') return { k: 'no', why: 'no topic' };
  if (arn.k === 'ref') {
    if (arn.target.type !== SNS_TOPIC) return { k: 'no', why: `${arn.target.logicalId} is a ${arn.target.type}, not an SNS topic` };
    const topic = arn.target;
    // Both must let the service through: a refusal by either decides, whichever is read first.
    // The key policy does not depend on the sender: read once per topic and service (where no world decides it).
    // So is the topic policy, unless a condition names the sender (aws:SourceArn): then it is read for each sender.
    const policy = settledForIf(index, `sns-topic-admits:${service}:${alarm ? 'alarm' : 'service'}`, topic, (t, reading) => {
      const senderRead = { used: false };
      const value = topicPolicyAdmits(reading, t, service, sender, alarm, senderRead);
      return { value, keep: !senderRead.used };
    });
    const both = [policy, settledFor(index, `sns-key-admits:${service}`, topic, (t, reading) => keyAdmits(reading, t, service))];
    return both.find((d) => d.k === 'no') ?? both.find((d) => d.k === 'unknown') ?? { k: 'yes', topic };
  }
  const text = arn.k === 'lit' ? V.str(arn) : arn.k === 'expr' ? arn.text : undefined;
  if (text !== undefined && SNS_ARN.test(replaceSubReferences(text, () => 'x'))) {
    return { k: 'unknown', why: `SNS topic ${text} is outside this template: whether its topic policy (and key policy) lets ${service} publish cannot be seen` };
  }
  return { k: 'no', why: `${text ?? V.show(arn)} is not an SNS topic` };
}

/** The service principal CloudWatch alarm actions publish as. @internal */
export const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/**
 * Whether CloudWatch can deliver `alarm`'s notification to the SNS topic
 * `arn` names (an alarm action): `serviceDelivers` for `cloudwatch.amazonaws.com`,
 * where SNS's default topic policy admits the account's alarms.
 * @internal
 */
export function alarmDelivers(index: TemplateIndex, arn: Val, alarm: CfnResource): Delivery {
  return serviceDelivers(index, arn, CLOUDWATCH, alarm, true);
}

/** The topic policies of the template whose `Topics` are decided at deploy time: they may apply to any topic. */
function openTopicPolicies(index: TemplateIndex): CfnResource[] {
  return settled(index, 'sns-open-topic-policies', () => index.ofType(TOPIC_POLICY).filter((p) => {
    const list = entries(index, index.prop(p, 'Topics'));
    return list === undefined || list.some((e) => e.value.k === 'unknown');
  }));
}

/** What one topic policy does (`topicPoliciesAgree`'s judge): yes, or no / unknown with the reason. @internal */
export type PolicyAnswer = { k: 'yes' } | { k: 'no'; why: string } | { k: 'unknown'; why: string };

/**
 * What the access policy of `topic` does, given what each topic policy of the template naming it does (`judge`). A
 * topic has one access policy: each `AWS::SNS::TopicPolicy` on it sets it, and the last applied replaces the others
 * (nothing in a template orders them), so they must agree; a topic policy whose `Topics` are decided at deploy time
 * may be its too. `none`: no topic policy of the template applies (SNS's default policy, or one set outside the
 * template, stands: the caller decides); `yes`: every one does (`policies`); `open`: whether it does is not known,
 * with why (they disagree, or an open policy may replace them); `one`: the answer of the first policy not known to
 * do it, and the policies (`policies`), for the caller to word. `what` words what a policy does, after "it"
 * (`lets cloudwatch.amazonaws.com publish`).
 * @internal
 */
export function topicPoliciesAgree(index: TemplateIndex, topic: CfnResource, what: string, judge: (policy: CfnResource) => PolicyAnswer):
  { k: 'none' } | { k: 'yes'; policies: CfnResource[] } | { k: 'open'; why: string } | { k: 'one'; policy: CfnResource; answer: Exclude<PolicyAnswer, { k: 'yes' }>; policies: CfnResource[] } {
  const policies = index.referrers(topic, TOPIC_POLICY).filter((p) => index.refsOf(index.prop(p, 'Topics')).has(topic.logicalId));
  const open = openTopicPolicies(index.ownerOf(topic)).filter((p) => !policies.includes(p));
  if (policies.length === 0) {
    if (open.length > 0) return { k: 'open', why: `the topics of topic policy ${open[0].logicalId} are decided at deploy time: it may be ${topic.logicalId}'s, and whether it ${what} decides` };
    return { k: 'none' };
  }
  const verdicts = policies.map((p) => ({ p, m: judge(p) }));
  const yes = verdicts.filter((v) => v.m.k === 'yes');
  if (yes.length === verdicts.length) {
    if (open.length > 0) return { k: 'open', why: `the topics of topic policy ${open[0].logicalId} are decided at deploy time: it may replace ${yes.map((v) => v.p.logicalId).join(', ')} on ${topic.logicalId}` };
    return { k: 'yes', policies };
  }
  if (verdicts.length > 1 && yes.length > 0) {
    return { k: 'open', why: `topic policies ${verdicts.map((v) => v.p.logicalId).join(' and ')} all apply to ${topic.logicalId} and the last applied replaces the others: ${yes.map((v) => v.p.logicalId).join(', ')} ${what}, ${verdicts.filter((v) => v.m.k !== 'yes').map((v) => v.p.logicalId).join(', ')} does not` };
  }
  const first = verdicts.find((v) => v.m.k === 'unknown') ?? verdicts[0];
  return { k: 'one', policy: first.p, answer: first.m as Exclude<PolicyAnswer, { k: 'yes' }>, policies };
}

function topicPolicyAdmits(index: TemplateIndex, topic: CfnResource, service: string, sender: CfnResource, alarm: boolean, senderRead: { used: boolean }): Delivery {
  const agreed = topicPoliciesAgree(index, topic, `lets ${service} publish`, (p) => documentAdmits(index, policyDocumentOf(index, p), { service, actions: ['sns:Publish'], topic, sender, senderRead, resource: topic, kind: 'topic', alarm }));
  switch (agreed.k) {
    case 'yes': return { k: 'yes', topic };
    case 'open': return { k: 'unknown', why: agreed.why };
    case 'none':
      // SNS's default topic policy admits the owning account's alarms.
      if (alarm) return { k: 'yes', topic };
      return { k: 'unknown', why: `no AWS::SNS::TopicPolicy in this template applies to ${topic.logicalId}: SNS refuses ${service} unless a topic policy set outside the template lets it publish` };
    default: {
      const { policy, answer } = agreed;
      return answer.k === 'unknown'
        ? { k: 'unknown', why: `whether topic policy ${policy.logicalId} lets ${service} publish to ${topic.logicalId} is decided at deploy time (${answer.why})` }
        : { k: 'no', why: `topic policy ${policy.logicalId} does not let ${service} publish to ${topic.logicalId} (${answer.why}): SNS refuses the notification` };
    }
  }
}

function keyAdmits(index: TemplateIndex, topic: CfnResource, service: string): Delivery {
  const key = index.prop(topic, 'KmsMasterKeyId');
  if (key.k === 'absent') return { k: 'yes', topic };
  if (key.k === 'unknown') return { k: 'unknown', why: `the KMS key of ${topic.logicalId} is decided at deploy time (${key.why})` };
  let target = key.k === 'ref' ? key.target : undefined;
  if (target?.type === KMS_ALIAS) {
    const aliased = index.prop(target, 'TargetKeyId');
    target = aliased.k === 'ref' ? aliased.target : undefined;
  }
  if (target === undefined || target.type !== KMS_KEY) {
    const text = key.k === 'lit' ? V.str(key) ?? V.show(key) : V.show(key);
    if (text.includes('alias/aws/sns')) return { k: 'no', why: `${topic.logicalId} is encrypted with the AWS-managed key alias/aws/sns, whose key policy lets no service use it: SNS cannot encrypt the notification from ${service}` };
    return { k: 'unknown', why: `the KMS key ${text} of ${topic.logicalId} is outside this template: whether its key policy lets ${service} use it cannot be seen` };
  }
  const m = documentAdmits(index, policyDocumentOf(index, target, 'KeyPolicy'), { service, actions: KEY_ACTIONS, topic, resource: undefined, kind: 'key' });
  if (m.k === 'yes') return { k: 'yes', topic };
  if (m.k === 'unknown') return { k: 'unknown', why: `whether the key policy of ${target.logicalId} (the key of ${topic.logicalId}) lets ${service} use the key is decided at deploy time (${m.why})` };
  return { k: 'no', why: `the key policy of ${target.logicalId} does not let ${service} use the key (kms:GenerateDataKey*, kms:Decrypt) that encrypts ${topic.logicalId}: SNS cannot encrypt the notification` };
}

interface Want {
  readonly service: string;
  /** Every action the service needs (granted by one statement or several). */
  readonly actions: string[];
  readonly topic: CfnResource;
  /** The rule or vault sending, for an `aws:SourceArn` condition. */
  readonly sender?: CfnResource;
  /** Set when the answer depended on the sender (an `aws:SourceArn` condition read), so it is not kept for others. */
  readonly senderRead?: { used: boolean };
  /** The resource a statement must cover (the topic), or undefined for a key policy (its resource is the key). */
  readonly resource: CfnResource | undefined;
  readonly kind: 'topic' | 'key';
  /** CloudWatch alarms: a statement for every principal under this account's (or this alarm's) condition counts. */
  readonly alarm?: boolean;
}

type Tri = PolicyAnswer;

/** Whether a policy document lets the service perform every wanted action: yes, no, or unknown with the reason. */
function documentAdmits(index: TemplateIndex, doc: Val, want: Want): Tri {
  if (doc.k === 'unknown') return { k: 'unknown', why: doc.why };
  if (doc.k !== 'lit') return { k: 'no', why: 'no policy document' };
  const list = entries(index, index.field(doc, 'Statement'));
  if (list === undefined) return { k: 'unknown', why: 'its statements are decided at deploy time' };
  const granted = new Set<string>();
  let open: string | undefined;
  // A Deny that may apply to the service (its principal, resource or condition undecided) undoes any grant.
  let denyOpen: string | undefined;
  for (const { value: s, position } of list) {
    const at = `statement ${position < 0 ? 0 : position}`;
    if (s.k === 'unknown') { open ??= `${at}: ${s.why}`; continue; }
    const effect = index.field(s, 'Effect');
    if (effect.k === 'unknown') { open ??= `the effect of ${at}: ${effect.why}`; continue; }
    const principal = principalCovers(index, s, want.service, want.kind === 'topic' && want.alarm === true);
    if (principal.k === 'no') continue;
    const actions = actionsCovered(index, s, want.actions);
    if (actions === undefined) { open ??= `the actions of ${at} are decided at deploy time`; continue; }
    if (actions.length === 0) continue;
    const resource = resourceCovers(index, s, want.resource);
    if (resource.k === 'no') continue;
    const cond = V.str(effect) === 'Deny' ? denyCondition(index, s) : allowCondition(index, s, want);
    if (V.str(effect) === 'Deny') {
      if (cond.k === 'no') continue; // the Deny never applies to the service
      if (cond.k === 'yes' && principal.k === 'yes' && resource.k === 'yes') return { k: 'no', why: `${at} denies ${actions.join(', ')} to ${want.service}` };
      denyOpen ??= `${at} may deny ${actions.join(', ')} to ${want.service}${cond.k === 'unknown' ? ` where ${cond.why}` : ''}${[principal, resource].filter((x): x is { k: 'unknown'; why: string } => x.k === 'unknown').map((x) => `: ${x.why}`).join('')}`;
      continue;
    }
    if (V.str(effect) !== 'Allow') continue;
    const doubt = [principal, resource, cond].find((x) => x.k !== 'yes') as { why: string } | undefined;
    if (doubt) { open ??= `${at}: ${doubt.why}`; continue; }
    if (principal.every && !want.alarm && keysOf(index, s)?.length !== 0) { open ??= `${at} lets every principal publish, under a condition`; continue; }
    for (const a of actions) granted.add(a);
  }
  const missing = want.actions.filter((a) => !granted.has(a));
  if (missing.length === 0) return denyOpen ? { k: 'unknown', why: denyOpen } : { k: 'yes' };
  open ??= denyOpen;
  if (open) return { k: 'unknown', why: open };
  return { k: 'no', why: `no statement allows ${missing.join(', ')} to ${want.service}` };
}

/** The wanted actions a statement covers; undefined when its action list is decided at deploy time. */
function actionsCovered(index: TemplateIndex, s: Val, wanted: string[]): string[] | undefined {
  const not = index.field(s, 'NotAction');
  const list = entries(index, not.k !== 'absent' ? not : index.field(s, 'Action'));
  if (list === undefined || list.some((e) => e.value.k !== 'lit')) return undefined;
  const patterns = list.map((e) => V.str(e.value) ?? '');
  const covered = (a: string) => patterns.some((p) => grants(p, a));
  return wanted.filter((a) => (not.k !== 'absent' ? !covered(a) : covered(a)));
}

/** Whether a statement's Resource covers the topic (`*`, or a reference to it); a key policy's resource is the key. */
function resourceCovers(index: TemplateIndex, s: Val, target: CfnResource | undefined): Tri {
  if (target === undefined) return { k: 'yes' };
  if (index.field(s, 'NotResource').k !== 'absent') return { k: 'unknown', why: 'a NotResource statement' };
  const list = entries(index, index.field(s, 'Resource'));
  if (list === undefined) return { k: 'unknown', why: 'its resources are decided at deploy time' };
  if (list.some((e) => (e.value.k === 'lit' && V.str(e.value) === '*') || index.refsOf(e.value).has(target.logicalId))) return { k: 'yes' };
  if (list.some((e) => e.value.k === 'unknown')) return { k: 'unknown', why: 'a resource decided at deploy time' };
  // A literal ARN: another topic, or this one by its name; not read.
  if (list.some((e) => e.value.k === 'lit' || e.value.k === 'expr')) return { k: 'unknown', why: `its resource ${list.map((e) => V.show(e.value)).join(', ')} is written as text, not a reference to ${target.logicalId}` };
  return { k: 'no', why: `it is on another resource` };
}

/** The condition keys of a statement as [operator, key, value], or undefined when they are decided at deploy time. */
function keysOf(index: TemplateIndex, s: Val): [string, string, Val][] | undefined {
  const c = index.field(s, 'Condition');
  if (c.k === 'absent') return [];
  const ops = index.keys(c);
  if (ops === undefined) return undefined;
  const out: [string, string, Val][] = [];
  for (const [op, body] of ops) {
    const keys = index.keys(body);
    if (keys === undefined) return undefined;
    for (const [key, value] of keys) out.push([op, key.toLowerCase(), value]);
  }
  return out;
}

/** Whether an Allow's condition holds when the service delivers for the sender. */
function allowCondition(index: TemplateIndex, s: Val, want: Want): Tri {
  const keys = keysOf(index, s);
  if (keys === undefined) return { k: 'unknown', why: 'its condition is decided at deploy time' };
  const account = index.value({ Ref: 'AWS::AccountId' });
  for (const [op, key, value] of keys) {
    const values = entries(index, value) ?? [{ value, position: -1 }];
    if ((key === 'aws:sourceaccount' || key === 'aws:sourceowner') && /^String(Equals|Like)$/i.test(op)) {
      if (values.length > 0 && values.some((v) => sameValue(v.value, account))) continue;
      return { k: 'unknown', why: `the grant holds only for ${key} ${values.map((v) => V.show(v.value)).join(', ')}` };
    }
    if (key === 'aws:sourcearn' && /^(Arn|String)(Equals|Like)$/i.test(op) && want.sender) {
      if (want.senderRead) want.senderRead.used = true;
      if (values.some((v) => index.refsOf(v.value).has(want.sender!.logicalId))) continue;
      return { k: 'unknown', why: `the grant holds only for aws:SourceArn ${values.map((v) => V.show(v.value)).join(', ')}, not a reference to ${want.sender.logicalId}` };
    }
    if (want.kind === 'key' && key === 'kms:encryptioncontext:aws:sns:topicarn' && /^(Arn|String)(Equals|Like)$/i.test(op)) {
      if (values.some((v) => index.refsOf(v.value).has(want.topic.logicalId))) continue;
      return { k: 'unknown', why: `the grant holds only for the topics ${values.map((v) => V.show(v.value)).join(', ')}` };
    }
    return { k: 'unknown', why: `the grant holds only under condition ${op} ${key}` };
  }
  return { k: 'yes' };
}

/** Whether a Deny's condition may hold for the service: a Deny only of requests without TLS never does. */
function denyCondition(index: TemplateIndex, s: Val): Tri {
  const keys = keysOf(index, s);
  if (keys === undefined) return { k: 'unknown', why: 'its condition is decided at deploy time' };
  if (keys.length === 0) return { k: 'yes' };
  const onlyWithoutTls = ([op, key, value]: [string, string, Val]) => /^Bool(IfExists)?$/i.test(op) && key === 'aws:securetransport'
    && (entries(index, value) ?? []).length === 1 && entries(index, value)!.every((e) => e.value.k === 'lit' && V.isFalse(e.value));
  if (keys.every(onlyWithoutTls)) return { k: 'no', why: 'only requests without TLS' };
  return { k: 'unknown', why: `its condition ${keys.map(([op, key]) => `${op} ${key}`).join(', ')}` };
}

/**
 * Whether an EventBridge rule's targets tell someone: one target is an SNS
 * topic that EventBridge can publish to (`serviceDelivers` for
 * `events.amazonaws.com`). A Lambda function, a queue, a log group or another
 * bus is not a notification (`no`); a target that publishes through a
 * `RoleArn` is `unknown` (the role's policies decide, and are not read here).
 * @internal
 */
export function ruleDelivers(index: TemplateIndex, rule: CfnResource, targets: Val[] | undefined): Delivery {
  if (targets === undefined) return { k: 'unknown', why: `the targets of ${rule.logicalId} are decided at deploy time` };
  if (targets.length === 0) return { k: 'no', why: `${rule.logicalId} has no target` };
  let open: string | undefined;
  const no: string[] = [];
  for (const t of targets) {
    if (t.k === 'unknown') { open ??= `a target of ${rule.logicalId} is decided at deploy time (${t.why})`; continue; }
    const arn = index.field(t, 'Arn');
    const d = serviceDelivers(index, arn, 'events.amazonaws.com', rule);
    const role = index.field(t, 'RoleArn');
    if (d.k !== 'no' && role.k !== 'absent') {
      open ??= `${rule.logicalId} publishes to ${arn.k === 'ref' ? arn.target.logicalId : V.show(arn)} as role ${role.k === 'ref' ? role.target.logicalId : V.show(role)}: whether that role may publish (and use the topic's key) is decided by its policies, which this check does not read`;
      continue;
    }
    if (d.k === 'yes') return d;
    if (d.k === 'unknown') open ??= d.why;
    else no.push(d.why);
  }
  return open !== undefined ? { k: 'unknown', why: open } : { k: 'no', why: no.join('; ') };
}
