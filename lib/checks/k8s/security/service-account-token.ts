import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { podSpecPath } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * K8S-SERVICE-ACCOUNT-TOKEN: no Kubernetes API token is mounted into a pod
 * unless it asks for one: `automountServiceAccountToken: false` on the pod, or
 * on its ServiceAccount (found in the manifests) without the pod overriding it.
 * A pod that sets it to `true` made a decision a person must confirm (unknown).
 */
export const K8sServiceAccountToken: K8sRule = {
  id: 'K8sServiceAccountToken',
  items: ['K8S-SERVICE-ACCOUNT-TOKEN'],
  kinds: POD_KINDS,
  severity: Severity.MEDIUM,
  description: 'Pods do not mount a Kubernetes API token unless they need one (automountServiceAccountToken false on the pod or its ServiceAccount).',
  fix: 'Set automountServiceAccountToken: false on the pod spec (and on a dedicated ServiceAccount).',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const prop = `${podSpecPath(tpl)}.automountServiceAccountToken`;
    const own = tpl.spec.automountServiceAccountToken;
    if (own === false) return k8sPass(prop, false, 'no API token mounted');
    if (own === true) return k8sUnknown(prop, true, 'the pod mounts an API token on purpose: confirm it calls the Kubernetes API, with a least-privilege Role');
    const saName = String(tpl.spec.serviceAccountName ?? tpl.spec.serviceAccount ?? 'default');
    const sa = ctx.index.get('ServiceAccount', obj.namespace, saName);
    if (sa?.doc.automountServiceAccountToken === false) return k8sPass(prop, undefined, `ServiceAccount ${saName} does not automount its token`);
    return k8sFail(prop, own, `the ${saName} ServiceAccount's token is mounted by default${sa ? '' : ' (ServiceAccount not in the manifests)'}`);
  },
};
