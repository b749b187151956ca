/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { K8sRule, k8sFail, k8sPass } from '../rule';

/**
 * SECRETS-NO-PLAINTEXT (manifests): no Secret object in the manifests carries
 * values (`data` is base64, not encryption; `stringData` is plain text). Strict
 * by design: whatever the Secret's type, its values belong in a secret manager
 * and reach the cluster through an ExternalSecret, a SealedSecret (encrypted)
 * or the secrets-store CSI driver. A Secret without values (filled by a
 * controller) passes.
 */
export const K8sSecretManifestData: K8sRule = {
  id: 'K8sSecretManifestData',
  items: ['SECRETS-NO-PLAINTEXT'],
  kinds: ['Secret'],
  severity: Severity.CRITICAL,
  description: 'No Secret in the manifests carries data or stringData values; secrets come from an ExternalSecret, a SealedSecret or the CSI secrets store.',
  fix: 'Delete the Secret from the manifests; create it from the secret manager with an ExternalSecret (external-secrets.io) or encrypt it as a SealedSecret.',
  check(obj) {
    const keys = [
      ...Object.keys(obj.doc.data ?? {}).map((k) => `data.${k}`),
      ...Object.keys(obj.doc.stringData ?? {}).map((k) => `stringData.${k}`),
    ];
    if (keys.length > 0) {
      return k8sFail(keys[0], undefined, `Secret values written in the manifests (${keys.join(', ')}): base64 is not encryption, and the manifest lands in git and CI logs`);
    }
    return k8sPass(undefined, undefined, 'no values in the manifest (filled by a controller)');
  },
};
