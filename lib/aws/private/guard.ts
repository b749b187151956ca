import { Annotations, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { ACK_NAMESPACE } from '../../checklist/acknowledge';
import { Catalog } from '../../checklist/catalog';

export { CLAIMS_METADATA_TYPE, claim, thresholdsFor } from '../../checklist/guard';

/**
 * The acknowledgement reason for `GoLiveChecks::<item>` on `scope` or any ancestor, if any.
 * @internal
 */
export function acknowledgement(scope: IConstruct, item: string): string | undefined {
  const id = `${ACK_NAMESPACE}::${item}`;
  for (const c of scope.node.scopes.slice().reverse()) {
    for (const m of c.node.metadata) {
      if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data && typeof m.data === 'object' && id in m.data) {
        return String((m.data as Record<string, unknown>)[id]);
      }
    }
  }
  return undefined;
}

/**
 * Refuse a prop that weakens a checklist item below its threshold: the synth
 * fails with an error naming the prop and the item, unless the user acknowledges
 * the item on this construct (or an ancestor), in which case a warning records it.
 * The check runs at synth, so an acknowledgement added after construction counts.
 * @internal
 */
export function refuseWeakening(scope: IConstruct, item: string, prop: string, problem: string): void {
  Catalog.item(item); // an unknown id is a bug in the construct
  scope.node.addValidation({
    validate: () => {
      const reason = acknowledgement(scope, item);
      if (reason !== undefined && reason.trim() === '') {
        return [`[${item}] ${prop}: ${problem}. The acknowledgement '${ACK_NAMESPACE}::${item}' has an empty reason: say why the item may be weakened`];
      }
      if (reason !== undefined) {
        Annotations.of(scope).addWarningV2(`cdk-golive:${item}`, `${item} weakened (${prop}: ${problem}), acknowledged: ${reason}`);
        return [];
      }
      return [
        `[${item}] ${prop}: ${problem}. Keep the default, or acknowledge it: ` +
        `Validations.of(construct).acknowledge({ id: '${ACK_NAMESPACE}::${item}', reason: '...' })`,
      ];
    },
  });
}

/**
 * ALARM-TOPIC-ENCRYPTED: refuse (unless acknowledged) an alarm topic of this app created without a
 * KMS key, which the checks fail. An imported topic is left to the checks (they see only its ARN).
 * @internal
 */
export function refuseUnencryptedTopic(scope: IConstruct, topic: sns.ITopic, prop: string): void {
  const cfn = topic.node.defaultChild;
  if (!(cfn instanceof sns.CfnTopic)) return;
  if (cfn.kmsMasterKeyId === undefined) {
    refuseWeakening(scope, 'ALARM-TOPIC-ENCRYPTED', prop, `topic ${topic.node.path} has no KMS key: alarm messages (resource names, metric values) are stored unencrypted`);
  } else if (!deniesPlainTransport(topic)) {
    refuseWeakening(scope, 'ALARM-TOPIC-ENCRYPTED', prop, `topic ${topic.node.path} accepts requests without TLS: no policy statement denies aws:SecureTransport false (enforceSSL: true adds it)`);
  }
}

/** Whether the topic's policy, as it stands, denies requests without TLS. */
function deniesPlainTransport(topic: sns.ITopic): boolean {
  const policy = topic.node.tryFindChild('Policy');
  if (!(policy instanceof sns.TopicPolicy)) return false;
  const doc = Stack.of(topic).resolve(policy.document.toJSON()) as { Statement?: Array<{ Effect?: string; Condition?: { Bool?: Record<string, unknown> } }> } | undefined;
  return (doc?.Statement ?? []).some((st) => st.Effect === 'Deny' && String(st.Condition?.Bool?.['aws:SecureTransport']) === 'false');
}

/**
 * KMS-KEY-ROTATION: refuse (unless acknowledged) a symmetric key of this app created without
 * yearly rotation, which the checks fail. An imported key is left to the checks.
 * @internal
 */
export function refuseKeyWithoutRotation(scope: IConstruct, key: kms.IKey, prop: string): void {
  const cfn = key.node.defaultChild;
  if (!(cfn instanceof kms.CfnKey) || cfn.enableKeyRotation === true) return;
  const spec = cfn.keySpec;
  if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return; // AWS rotates symmetric keys only
  refuseWeakening(scope, 'KMS-KEY-ROTATION', prop, `key ${key.node.path} does not rotate: one key material encrypts everything it ever protected`);
}
