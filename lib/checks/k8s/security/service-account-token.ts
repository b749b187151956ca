/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { PodTemplate, POD_KINDS } from '../manifest-index';
import { containersOf, isTemplated, podSpecPath } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * K8S-SERVICE-ACCOUNT-TOKEN: no Kubernetes API token is mounted into a pod
 * unless it asks for one: `automountServiceAccountToken: false` on the pod, or
 * on its ServiceAccount (found in the manifests) without the pod overriding it.
 * A pod that sets it to `true` made a decision a person must confirm (unknown).
 *
 * A projected volume with a `serviceAccountToken` source, mounted by a
 * container, is an API token mounted by hand whatever automount says: it fails,
 * naming the container and the path. A token whose `audience` is not the API
 * server's (`vault`, `sts.amazonaws.com`) is refused by the API server and is
 * not an API token; a templated audience is unknown.
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
    const projected = projectedToken(tpl);
    if (projected) return projected;
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

/** Audiences the Kubernetes API server accepts by default (its service names and the issuer's usual forms). */
function isApiAudience(aud: string): boolean {
  const a = aud.trim().toLowerCase().replace(/^https:\/\//, '').replace(/\/$/, '');
  return a === '' || a === 'kubernetes' || a === 'api' || a === 'kubernetes.default' || a.startsWith('kubernetes.default.svc');
}

/**
 * The verdict on a projected `serviceAccountToken` source mounted by a
 * container: fail for an API token (no audience, or the API server's), unknown
 * for a templated audience; undefined when no such volume is mounted.
 */
function projectedToken(tpl: PodTemplate): K8sVerdict | undefined {
  const base = podSpecPath(tpl);
  const volumes: any[] = Array.isArray(tpl.spec.volumes) ? tpl.spec.volumes : [];
  const mounts = new Map<string, string[]>();
  for (const c of containersOf(tpl, true)) {
    for (const m of Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : []) {
      if (!m || typeof m !== 'object' || m.name === undefined) continue;
      const where = `${c.name}:${String(m.mountPath ?? '?')}`;
      mounts.set(String(m.name), [...(mounts.get(String(m.name)) ?? []), where]);
    }
  }
  let unknown: K8sVerdict | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    const sources: any[] = Array.isArray(v?.projected?.sources) ? v.projected.sources : [];
    const at = mounts.get(String(v?.name));
    if (!at) continue;
    for (let j = 0; j < sources.length; j++) {
      const tok = sources[j]?.serviceAccountToken;
      if (!tok || typeof tok !== 'object') continue;
      const prop = `${base}.volumes.${i}.projected.sources.${j}.serviceAccountToken`;
      const aud = tok.audience;
      if (isTemplated(aud)) {
        unknown = unknown ?? k8sUnknown(`${prop}.audience`, aud, `volume ${String(v.name)} mounts a service account token for a templated audience (${at.join(', ')}): confirm it is not the API server's`);
        continue;
      }
      if (aud === undefined || aud === null || isApiAudience(String(aud))) {
        return k8sFail(prop, tok.path, `an API token is mounted by the projected volume ${String(v.name)} (${at.join(', ')}), whatever automountServiceAccountToken says`);
      }
    }
  }
  return unknown;
}
