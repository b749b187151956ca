import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { tlsDenial } from '../../cfn/edge';
import { policyDocumentOf } from '../../cfn/iam-policies';
import { Undecidable } from '../../world';

/**
 * Whether a topic policy denies publishing to `topic` without TLS (`tlsDenial`: a Deny of sns:Publish to every
 * principal, on the topic, with no condition but aws:SecureTransport false): true, false, or undefined when that
 * is decided at deploy time.
 */
function deniesInsecureTransport(index: TemplateIndex, policy: CfnResource, topic: CfnResource): boolean | undefined {
  try {
    return tlsDenial(index, policyDocumentOf(index, policy), topic).ok;
  } catch (e) {
    if (e instanceof Undecidable) return undefined;
    throw e;
  }
}

export const AlarmTopicEncrypted: AwsRule = {
  id: 'AlarmTopicEncrypted',
  items: ['ALARM-TOPIC-ENCRYPTED'],
  types: ['AWS::SNS::Topic'],
  severity: Severity.MEDIUM,
  description: 'An SNS topic has KmsMasterKeyId set to a customer-managed key and a topic policy denying sns:Publish to every principal when aws:SecureTransport is false.',
  fix: 'new sns.Topic(this, "Alarms", { masterKey: key, enforceSSL: true }).',
  check(res, { index }) {
    const key = index.prop(res, 'KmsMasterKeyId');
    if (key.k === 'absent') return fail('Properties.KmsMasterKeyId', key, 'topic is not encrypted at rest');
    if (key.k === 'unknown') return unknown('Properties.KmsMasterKeyId', key, `topic key decided at deploy time (${key.why})`);
    if (/alias\/aws\/sns/.test(V.show(key))) return fail('Properties.KmsMasterKeyId', key, 'topic is encrypted with the AWS-managed alias/aws/sns key, which CloudWatch alarms cannot publish to and you cannot control');
    const policies = index.referrers(res, 'AWS::SNS::TopicPolicy').filter((p) => index.refsOf(index.prop(p, 'Topics')).has(res.logicalId));
    const tls = policies.find((p) => deniesInsecureTransport(index, p, res) === true);
    if (!tls) {
      const undecided = policies.find((p) => deniesInsecureTransport(index, p, res) === undefined);
      if (undecided) return unknown('AWS::SNS::TopicPolicy', undecided.logicalId, `whether topic policy ${undecided.logicalId} denies non-TLS requests is decided at deploy time`);
      return fail('AWS::SNS::TopicPolicy', policies.map((p) => p.logicalId).join(', ') || '(none)', 'no topic policy denies publishing without TLS to every principal (a Deny of sns:Publish, Principal *, on the topic, with only aws:SecureTransport false under Bool or BoolIfExists)');
    }
    return pass('Properties.KmsMasterKeyId', key, `topic encrypted with a customer-managed key; ${tls.logicalId} denies non-TLS requests`);
  },
};
