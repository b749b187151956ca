import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { openPolicy, tlsDenial } from '../../cfn/edge';
import { policyDocumentOf } from '../../cfn/iam-policies';
import { Undecidable } from '../../world';
import { topicPoliciesAgree } from '../../cfn/sns-delivery';

/**
 * Whether a topic policy denies publishing to `topic` without TLS (`tlsDenial`: a Deny of sns:Publish to every
 * principal, on the topic, with no condition but aws:SecureTransport false): true, false, or why that is not known
 * (decided at deploy time, or a principal as written that IAM does not document: `openPolicy`).
 */
function deniesInsecureTransport(index: TemplateIndex, policy: CfnResource, topic: CfnResource): boolean | string {
  try {
    return tlsDenial(index, policyDocumentOf(index, policy), topic).ok;
  } catch (e) {
    if (e instanceof Undecidable) return openPolicy(e);
    throw e;
  }
}

/**
 * ALARM-TOPIC-ENCRYPTED: the alarm topic is encrypted with a customer-managed key, and its access policy denies
 * publishing without TLS. A topic has one access policy, which each `AWS::SNS::TopicPolicy` on it sets (the last
 * applied replaces the others: `topicPoliciesAgree`, as ALARM-ACTIONS reads them): every topic policy on the topic
 * must deny, else unknown (one that does not may be the one applied); a topic policy whose Topics are decided at
 * deploy time may be the topic's: unknown. The Deny's `Resource` is matched against the topic's ARN as IAM matches
 * it (`tlsDenial`): the topic by reference, `*`, or its ARN text with its `TopicName` (the same parameter or text
 * around parameters: `arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${P1}` for a topic named `!Ref P1` covers it);
 * one the deploy-time values decide (`${P2}`) is unknown; text merely holding a reference to the topic
 * (`${Topic}-other`) does not cover it.
 */
export const AlarmTopicEncrypted: AwsRule = {
  id: 'AlarmTopicEncrypted',
  items: ['ALARM-TOPIC-ENCRYPTED'],
  types: ['AWS::SNS::Topic'],
  severity: Severity.MEDIUM,
  description: 'An SNS topic has KmsMasterKeyId set to a customer-managed key, and every topic policy on it (the last applied replaces the others) denies sns:Publish to every principal when aws:SecureTransport is false.',
  fix: 'new sns.Topic(this, "Alarms", { masterKey: key, enforceSSL: true }).',
  check(res, { index }) {
    const key = index.prop(res, 'KmsMasterKeyId');
    if (key.k === 'absent') return fail('Properties.KmsMasterKeyId', key, 'topic is not encrypted at rest');
    if (key.k === 'unknown') return unknown('Properties.KmsMasterKeyId', key, `topic key decided at deploy time (${key.why})`);
    if (/alias\/aws\/sns/.test(V.show(key))) return fail('Properties.KmsMasterKeyId', key, 'topic is encrypted with the AWS-managed alias/aws/sns key, which CloudWatch alarms cannot publish to and you cannot control');
    // A topic has one access policy: every topic policy on it must deny non-TLS requests (the last applied wins).
    const agreed = topicPoliciesAgree(index, res, 'denies non-TLS requests', (p) => {
      const d = deniesInsecureTransport(index, p, res);
      return d === true ? { k: 'yes' } : d === false ? { k: 'no', why: 'no TLS deny' } : { k: 'unknown', why: d };
    });
    if (agreed.k === 'open') return unknown('AWS::SNS::TopicPolicy', undefined, `whether the access policy of the topic denies non-TLS requests is not known: ${agreed.why}`);
    if (agreed.k === 'one' && agreed.answer.k === 'unknown') return unknown('AWS::SNS::TopicPolicy', agreed.policy.logicalId, `whether topic policy ${agreed.policy.logicalId} denies non-TLS requests is ${agreed.answer.why}`);
    if (agreed.k !== 'yes') {
      const ids = agreed.k === 'one' ? agreed.policies.map((p) => p.logicalId).join(', ') : '(none)';
      return fail('AWS::SNS::TopicPolicy', ids, 'no topic policy denies publishing without TLS to every principal (a Deny of sns:Publish, Principal *, on the topic, with only aws:SecureTransport false under Bool or BoolIfExists)');
    }
    const tls = agreed.policies.map((p) => p.logicalId);
    return pass('Properties.KmsMasterKeyId', key, `topic encrypted with a customer-managed key; ${tls.join(' and ')} ${tls.length === 1 ? 'denies' : 'deny'} non-TLS requests`);
  },
};
