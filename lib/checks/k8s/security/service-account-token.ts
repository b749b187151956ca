/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex, PodTemplate, POD_KINDS } from '../manifest-index';
import { containersOf, isTemplated, podSpecPath } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * K8S-SERVICE-ACCOUNT-TOKEN: no Kubernetes API token is mounted into a pod
 * unless it asks for one: `automountServiceAccountToken: false` on the pod, or
 * on its ServiceAccount (found in the manifests) without the pod overriding it.
 * A pod that sets it to `true` made a decision a person must confirm (unknown).
 * A templated `serviceAccountName` (`{{ .Values.sa }}`) without the pod's own
 * setting is unknown: the ServiceAccount it renders to decides.
 *
 * A projected volume with a `serviceAccountToken` source, mounted by a
 * container, is an API token mounted by hand whatever automount says: it fails,
 * naming the container and the path. A token whose `audience` is not the API
 * server's (`vault`, `sts.amazonaws.com`) is refused by the API server and is
 * not an API token; a templated audience is unknown.
 *
 * A Secret of type `kubernetes.io/service-account-token` in the manifests holds
 * a long-lived API token: a pod that mounts it (secret or projected volume) or
 * reads it (`secretKeyRef`, `envFrom`) fails the same way.
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
    const legacy = tokenSecretRead(tpl, obj.namespace, ctx.index);
    if (legacy) return legacy;
    const projected = projectedToken(tpl);
    if (projected) return projected;
    const prop = `${podSpecPath(tpl)}.automountServiceAccountToken`;
    const own = tpl.spec.automountServiceAccountToken;
    if (own === false) return k8sPass(prop, false, 'no API token mounted');
    if (own === true) return k8sUnknown(prop, true, 'the pod mounts an API token on purpose: confirm it calls the Kubernetes API, with a least-privilege Role');
    const saName = String(tpl.spec.serviceAccountName ?? tpl.spec.serviceAccount ?? 'default');
    if (isTemplated(saName)) {
      const saProp = `${podSpecPath(tpl)}.${tpl.spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount'}`;
      return k8sUnknown(saProp, saName, `the ServiceAccount is templated (${saName}): whether its token is mounted is decided by the ServiceAccount it renders to (automountServiceAccountToken), or set automountServiceAccountToken: false on the pod`);
    }
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

/** The volume mounts of the pod's containers, by volume name, as `container:path`. */
function mountsByVolume(tpl: PodTemplate): Map<string, string[]> {
  const mounts = new Map<string, string[]>();
  for (const c of containersOf(tpl, true)) {
    for (const m of Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : []) {
      if (!m || typeof m !== 'object' || m.name === undefined) continue;
      const where = `${c.name}:${String(m.mountPath ?? '?')}`;
      mounts.set(String(m.name), [...(mounts.get(String(m.name)) ?? []), where]);
    }
  }
  return mounts;
}

/**
 * A fail for a `kubernetes.io/service-account-token` Secret (found in the
 * manifests) that the pod mounts (secret or projected volume) or reads in env;
 * undefined when it reads none.
 */
function tokenSecretRead(tpl: PodTemplate, namespace: string, index: ManifestIndex): K8sVerdict | undefined {
  const isToken = (name: unknown) => name !== undefined && name !== null && index.get('Secret', namespace, String(name))?.doc.type === 'kubernetes.io/service-account-token';
  const base = podSpecPath(tpl);
  const mounts = mountsByVolume(tpl);
  const volumes: any[] = Array.isArray(tpl.spec.volumes) ? tpl.spec.volumes : [];
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    const at = mounts.get(String(v?.name));
    if (!at) continue;
    const fail = (prop: string, name: unknown) => k8sFail(prop, String(name), `volume ${String(v.name)} mounts the service-account-token Secret ${String(name)}, a long-lived API token (${at.join(', ')}), whatever automountServiceAccountToken says`);
    if (isToken(v?.secret?.secretName)) return fail(`${base}.volumes.${i}.secret.secretName`, v.secret.secretName);
    const sources: any[] = Array.isArray(v?.projected?.sources) ? v.projected.sources : [];
    for (let j = 0; j < sources.length; j++) {
      if (isToken(sources[j]?.secret?.name)) return fail(`${base}.volumes.${i}.projected.sources.${j}.secret.name`, sources[j].secret.name);
    }
  }
  for (const c of containersOf(tpl, true)) {
    const env: any[] = Array.isArray(c.container.env) ? c.container.env : [];
    for (let i = 0; i < env.length; i++) {
      const name = env[i]?.valueFrom?.secretKeyRef?.name;
      if (isToken(name)) return k8sFail(`${c.path}.env.${i}.valueFrom.secretKeyRef.name`, String(name), `container ${c.name} reads the service-account-token Secret ${String(name)}, a long-lived API token, into ${String(env[i].name)}`);
    }
    const envFrom: any[] = Array.isArray(c.container.envFrom) ? c.container.envFrom : [];
    for (let i = 0; i < envFrom.length; i++) {
      const name = envFrom[i]?.secretRef?.name;
      if (isToken(name)) return k8sFail(`${c.path}.envFrom.${i}.secretRef.name`, String(name), `container ${c.name} reads the service-account-token Secret ${String(name)}, a long-lived API token, into its environment`);
    }
  }
  return undefined;
}

/**
 * The verdict on a projected `serviceAccountToken` source mounted by a
 * container: fail for an API token (no audience, or the API server's), unknown
 * for a templated audience; undefined when no such volume is mounted.
 */
function projectedToken(tpl: PodTemplate): K8sVerdict | undefined {
  const base = podSpecPath(tpl);
  const volumes: any[] = Array.isArray(tpl.spec.volumes) ? tpl.spec.volumes : [];
  const mounts = mountsByVolume(tpl);
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
