import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { entries } from '../../cfn/lists';

/** Whether a value is false, or a list with a false entry (IAM condition values may be lists). */
function isFalseCondition(index: TemplateIndex, v: Val): boolean {
  return (index.items(v) ?? [v]).some((x) => x.k !== 'unknown' && V.isFalse(x));
}

/** Whether a topic policy denies requests without TLS: true, false, or undefined when that is decided at deploy time. */
function deniesInsecureTransport(index: TemplateIndex, policy: CfnResource): boolean | undefined {
  const doc = index.prop(policy, 'PolicyDocument');
  if (doc.k === 'unknown') return undefined;
  const statements = entries(index, index.field(doc, 'Statement'));
  if (!statements) return undefined;
  let open = false;
  for (const { value: s } of statements) {
    if (s.k === 'unknown') { open = true; continue; }
    const effect = index.field(s, 'Effect');
    const cond = index.field(s, 'Condition.Bool.aws:SecureTransport');
    if (effect.k === 'unknown' || cond.k === 'unknown') { open = true; continue; }
    if (V.str(effect) === 'Deny' && isFalseCondition(index, cond)) return true;
  }
  return open ? undefined : false;
}

/** ALARM-TOPIC-ENCRYPTED: SNS topics are encrypted with a customer-managed key and refuse non-TLS publishing. */
export const AlarmTopicEncrypted: AwsRule = {
  id: 'AlarmTopicEncrypted',
  items: ['ALARM-TOPIC-ENCRYPTED'],
  types: ['AWS::SNS::Topic'],
  severity: Severity.MEDIUM,
  description: 'An SNS topic has KmsMasterKeyId set to a customer-managed key and a topic policy denying requests with aws:SecureTransport false.',
  fix: 'new sns.Topic(this, "Alarms", { masterKey: key, enforceSSL: true }).',
  check(res, { index }) {
    const key = index.prop(res, 'KmsMasterKeyId');
    if (key.k === 'absent') return fail('Properties.KmsMasterKeyId', key, 'topic is not encrypted at rest');
    if (key.k === 'unknown') return unknown('Properties.KmsMasterKeyId', key, `topic key decided at deploy time (${key.why})`);
    if (/alias\/aws\/sns/.test(V.show(key))) return fail('Properties.KmsMasterKeyId', key, 'topic is encrypted with the AWS-managed alias/aws/sns key, which CloudWatch alarms cannot publish to and you cannot control');
    const policies = index.referrers(res, 'AWS::SNS::TopicPolicy').filter((p) => index.refsOf(index.prop(p, 'Topics')).has(res.logicalId));
    const tls = policies.find((p) => deniesInsecureTransport(index, p) === true);
    if (!tls) {
      const undecided = policies.find((p) => deniesInsecureTransport(index, p) === undefined);
      if (undecided) return unknown('AWS::SNS::TopicPolicy', undecided.logicalId, `whether topic policy ${undecided.logicalId} denies non-TLS requests is decided at deploy time`);
      return fail('AWS::SNS::TopicPolicy', policies.map((p) => p.logicalId).join(', ') || '(none)', 'no topic policy denies publishing without TLS (aws:SecureTransport false)');
    }
    return pass('Properties.KmsMasterKeyId', key, `topic encrypted with a customer-managed key; ${tls.logicalId} denies non-TLS requests`);
  },
};
