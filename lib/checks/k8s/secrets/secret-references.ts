/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { containersOf, isTemplated, podSpecPath } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/** In-tree volume plugins that name a Secret in `secretRef` (the kubelet reads it to mount the volume). */
const VOLUME_SECRET_REFS = ['cephfs', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageos'];

/**
 * K8S-SECRET-REFERENCES: every Secret a pod reads (`secretKeyRef`,
 * `envFrom.secretRef`, secret and projected volumes; `optional: true` excluded;
 * the Secrets the kubelet reads to mount a volume: a CSI inline volume's
 * `nodePublishSecretRef`, the in-tree plugins' `secretRef` (cephfs, flexVolume,
 * iscsi, rbd, scaleIO, storageos) and azureFile's `secretName`;
 * the pod's `imagePullSecrets`, or where it lists none those of its
 * ServiceAccount in the manifests, which the kubelet skips when missing, so
 * that a private registry refuses the pull)
 * will exist: a Secret, an ExternalSecret's target, a SealedSecret, a
 * cert-manager Certificate's `secretName` or the Secret a kube-webhook-certgen
 * Job creates (`create --secret-name`, as ingress-nginx's install does for its
 * admission webhook) of that name in the pod's namespace, in the manifest set. An ExternalSecret with
 * `target.creationPolicy` Merge or None creates no Secret (it writes into one
 * that must already exist) and does not count. A pod that reads no Secret
 * gets no finding. A templated Secret name (`{{ .Values.secret }}`) is
 * unknown, not missing (unless a named one is missing: fail); so is a
 * templated `serviceAccountName` where a ServiceAccount of the namespace in
 * the manifests lists imagePullSecrets that are missing (it may render to it).
 * A `secretKeyRef` (not optional) to a Secret written with values in the
 * manifests (`data`, `stringData`) must name one of its keys: the kubelet
 * refuses to start the container otherwise (fails); so must every
 * `items[].key` of a secret volume or a projected volume's secret source (not
 * optional): the kubelet fails the mount and the pod does not start. A Secret without values
 * (filled by a controller) and a service-account-token Secret are not judged
 * on keys. An ExternalSecret (or a ClusterExternalSecret's) without `dataFrom`
 * and `target.template` writes exactly its `data[].secretKey` keys: a reference
 * to another key fails the same way; with `dataFrom` or a template the provider
 * or the template decides the keys (not judged). A ClusterExternalSecret
 * creates its Secret in the namespaces it lists or selects (a Namespace's labels
 * in the manifests, and `kubernetes.io/metadata.name`); a selector on labels of
 * a namespace the manifests do not declare is unknown, not missing.
 */
export const K8sSecretReferences: K8sRule = {
  id: 'K8sSecretReferences',
  items: ['K8S-SECRET-REFERENCES'],
  kinds: POD_KINDS,
  severity: Severity.HIGH,
  description: 'Every Secret referenced by a pod (secretKeyRef, secretRef, secret, projected and CSI volumes, imagePullSecrets) is created in the manifests (Secret, ExternalSecret, ClusterExternalSecret, SealedSecret, cert-manager Certificate, kube-webhook-certgen Job), with the keys it references.',
  fix: 'Declare the Secret\'s source next to the workload: an ExternalSecret (ExternalSecret construct) whose target name is the referenced Secret.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const refs: { name: string; prop: string }[] = [];
    const keyRefs: { name: string; key: string; prop: string; what: string }[] = [];
    // A secret volume's items[].key must be a key of the Secret: the kubelet fails the mount otherwise.
    const itemKeys = (name: string, items: unknown, at: string) => {
      (Array.isArray(items) ? items : []).forEach((it: any, k: number) => {
        if (typeof it?.key === 'string') keyRefs.push({ name, key: it.key, prop: `${at}.items.${k}.key`, what: 'the kubelet fails to mount the volume and the pod does not start (ContainerCreating)' });
      });
    };
    for (const c of containersOf(tpl, true)) {
      (c.container.env ?? []).forEach((e: any, i: number) => {
        const r = e?.valueFrom?.secretKeyRef;
        if (r?.name && r.optional !== true) refs.push({ name: String(r.name), prop: `${c.path}.env.${i}.valueFrom.secretKeyRef.name` });
        if (r?.name && r.optional !== true && typeof r.key === 'string') keyRefs.push({ name: String(r.name), key: r.key, prop: `${c.path}.env.${i}.valueFrom.secretKeyRef.key`, what: 'the container does not start (CreateContainerConfigError)' });
      });
      (c.container.envFrom ?? []).forEach((f: any, i: number) => {
        if (f?.secretRef?.name && f.secretRef.optional !== true) refs.push({ name: String(f.secretRef.name), prop: `${c.path}.envFrom.${i}.secretRef.name` });
      });
    }
    (tpl.spec.volumes ?? []).forEach((v: any, i: number) => {
      const base = `${podSpecPath(tpl)}.volumes.${i}`;
      if (v?.secret?.secretName && v.secret.optional !== true) {
        refs.push({ name: String(v.secret.secretName), prop: `${base}.secret.secretName` });
        itemKeys(String(v.secret.secretName), v.secret.items, `${base}.secret`);
      }
      (v?.projected?.sources ?? []).forEach((s: any, j: number) => {
        if (s?.secret?.name && s.secret.optional !== true) {
          refs.push({ name: String(s.secret.name), prop: `${base}.projected.sources.${j}.secret.name` });
          itemKeys(String(s.secret.name), s.secret.items, `${base}.projected.sources.${j}.secret`);
        }
      });
      // The kubelet reads these Secrets to mount the volume (a CSI driver's nodePublishSecretRef, the in-tree
      // plugins' secretRef): a missing one leaves the volume unmounted and the pod in ContainerCreating.
      if (v?.csi?.nodePublishSecretRef?.name) refs.push({ name: String(v.csi.nodePublishSecretRef.name), prop: `${base}.csi.nodePublishSecretRef.name` });
      for (const type of VOLUME_SECRET_REFS) {
        if (v?.[type]?.secretRef?.name) refs.push({ name: String(v[type].secretRef.name), prop: `${base}.${type}.secretRef.name` });
      }
      if (v?.azureFile?.secretName) refs.push({ name: String(v.azureFile.secretName), prop: `${base}.azureFile.secretName` });
    });
    // The kubelet pulls the images with these Secrets: one that does not exist is skipped (a warning), and a
    // private registry then refuses the pull (ErrImagePull).
    // A pod that lists none is given its ServiceAccount's (the API server's ServiceAccount admission copies them).
    const own: any[] = Array.isArray(tpl.spec.imagePullSecrets) ? tpl.spec.imagePullSecrets : [];
    own.forEach((p: any, i: number) => {
      if (p?.name) refs.push({ name: String(p.name), prop: `${podSpecPath(tpl)}.imagePullSecrets.${i}.name` });
    });
    // A templated ServiceAccount name may render to any ServiceAccount of the namespace: one whose pull Secrets are
    // missing decides (unknown).
    let saUnknown: K8sVerdict | undefined;
    if (own.length === 0) {
      const saName = String(tpl.spec.serviceAccountName ?? tpl.spec.serviceAccount ?? 'default');
      const saProp = `${podSpecPath(tpl)}.${tpl.spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount'}`;
      const pullSecrets = (sa: K8sObject | undefined) => (Array.isArray(sa?.doc.imagePullSecrets) ? sa!.doc.imagePullSecrets : []).filter((p: any) => p?.name).map((p: any) => String(p.name));
      if (isTemplated(saName)) {
        for (const sa of ctx.index.inNamespace('ServiceAccount', obj.namespace)) {
          const gone = pullSecrets(sa).filter((n: string) => !ctx.index.hasSecret(obj.namespace, n));
          if (gone.length > 0) {
            saUnknown = k8sUnknown(saProp, saName, `the ServiceAccount is templated (${saName}): if it renders to ${sa.name}, its imagePullSecrets ${gone.join(', ')} are not created by any Secret, ExternalSecret, SealedSecret, cert-manager Certificate or kube-webhook-certgen Job in namespace ${obj.namespace}`);
            break;
          }
        }
      } else {
        pullSecrets(ctx.index.get('ServiceAccount', obj.namespace, saName)).forEach((n: string) => refs.push({ name: n, prop: saProp }));
      }
    }
    if (refs.length === 0) return saUnknown;
    // A Secret written with its values in the manifests holds only those keys: a secretKeyRef to another key stops
    // the container (CreateContainerConfigError: couldn't find key); a volume item naming another key fails the mount.
    const noKey = keyRefs.find((r) => ctx.index.secretKeys(obj.namespace, r.name)?.keys.includes(r.key) === false);
    if (noKey) {
      const { source, keys } = ctx.index.secretKeys(obj.namespace, noKey.name)!;
      const holds = source.kind === 'Secret'
        ? `Secret ${noKey.name} in the manifests has no key ${noKey.key} (it holds ${keys.join(', ')})`
        : `${source.kind} ${source.name} writes only the key(s) ${keys.join(', ')} into Secret ${noKey.name} (its data[].secretKey; no dataFrom or template), not ${noKey.key}`;
      return k8sFail(noKey.prop, noKey.key, `${holds}: ${noKey.what}`);
    }
    const missing = refs.filter((r) => !ctx.index.hasSecret(obj.namespace, r.name));
    const maybe = missing.filter((r) => !isTemplated(r.name) && ctx.index.maybeSecret(obj.namespace, r.name));
    const missingNamed = missing.filter((r) => !isTemplated(r.name) && !maybe.includes(r));
    if (missingNamed.length > 0) {
      return k8sFail(missingNamed[0].prop, missingNamed[0].name, `Secret(s) ${[...new Set(missingNamed.map((m) => m.name))].join(', ')} not created by any Secret, ExternalSecret, SealedSecret, cert-manager Certificate or kube-webhook-certgen Job in namespace ${obj.namespace}`);
    }
    if (maybe.length > 0) {
      return k8sUnknown(maybe[0].prop, maybe[0].name, `Secret(s) ${[...new Set(maybe.map((m) => m.name))].join(', ')} would be created by a ClusterExternalSecret whose namespace selector reads labels of namespace ${obj.namespace}, which the manifests do not declare: whether it selects ${obj.namespace} is decided in the cluster`);
    }
    if (missing.length > 0) {
      return k8sUnknown(missing[0].prop, missing[0].name, `the Secret name(s) ${[...new Set(missing.map((m) => m.name))].join(', ')} are templated: whether a Secret (or an ExternalSecret, SealedSecret, Certificate or certgen Job creating one) of the rendered name is in namespace ${obj.namespace} is decided when the chart renders`);
    }
    if (saUnknown) return saUnknown;
    return k8sPass(refs[0].prop, [...new Set(refs.map((r) => r.name))].join(', '), `every referenced Secret is declared (${[...new Set(refs.map((r) => r.name))].join(', ')})`);
  },
};
