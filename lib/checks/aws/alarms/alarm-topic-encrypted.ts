/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { refsIn } from '../../cfn/alarms';

function deniesInsecureTransport(index: TemplateIndex, policy: CfnResource): boolean {
  const doc = index.prop(policy, 'PolicyDocument');
  if (doc.k !== 'lit') return false;
  const raw = (doc.v as any)?.Statement;
  const statements: any[] = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return statements.some((s) => {
    if (V.str(index.value(s?.Effect)) !== 'Deny') return false;
    const cond = s?.Condition?.Bool?.['aws:SecureTransport'];
    return V.isFalse(index.value(cond));
  });
}

/** ALARM-TOPIC-ENCRYPTED: SNS topics are encrypted with a customer-managed key and refuse non-TLS publishing. */
export const AlarmTopicEncrypted: AwsRule = {
  id: 'AlarmTopicEncrypted',
  items: ['ALARM-TOPIC-ENCRYPTED'],
  types: ['AWS::SNS::Topic'],
  severity: Severity.MEDIUM,
  description: 'An SNS topic has KmsMasterKeyId set to a customer-managed key and a topic policy denying requests with aws:SecureTransport false.',
  fix: 'new sns.Topic(this, "Alarms", { masterKey: key, enforceSSL: true }).',
  fsbp: ['SNS.1'],
  check(res, { index }) {
    const key = index.prop(res, 'KmsMasterKeyId');
    if (key.k === 'absent') return fail('Properties.KmsMasterKeyId', key, 'topic is not encrypted at rest');
    if (key.k === 'unknown') return unknown('Properties.KmsMasterKeyId', key, `topic key decided at deploy time (${key.why})`);
    if (/alias\/aws\/sns/.test(V.show(key))) return fail('Properties.KmsMasterKeyId', key, 'topic is encrypted with the AWS-managed alias/aws/sns key, which CloudWatch alarms cannot publish to and you cannot control');
    const policies = index.referrers(res, 'AWS::SNS::TopicPolicy').filter((p) => refsIn(p.properties.Topics).has(res.logicalId));
    const tls = policies.find((p) => deniesInsecureTransport(index, p));
    if (!tls) {
      const undecided = policies.find((p) => index.prop(p, 'PolicyDocument').k === 'unknown');
      if (undecided) return unknown('AWS::SNS::TopicPolicy', undecided.logicalId, 'topic policy decided at deploy time');
      return fail('AWS::SNS::TopicPolicy', policies.map((p) => p.logicalId).join(', ') || '(none)', 'no topic policy denies publishing without TLS (aws:SecureTransport false)');
    }
    return pass('Properties.KmsMasterKeyId', key, `topic encrypted with a customer-managed key; ${tls.logicalId} denies non-TLS requests`);
  },
};
