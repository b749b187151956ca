/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { containersOf, podSpecPath } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass } from '../rule';

/**
 * K8S-SECRET-REFERENCES: every Secret a pod reads (`secretKeyRef`,
 * `envFrom.secretRef`, secret and projected volumes; `optional: true` excluded;
 * the pod's `imagePullSecrets`, or where it lists none those of its
 * ServiceAccount in the manifests, which the kubelet skips when missing, so
 * that a private registry refuses the pull)
 * will exist: a Secret, an ExternalSecret's target or a SealedSecret of that
 * name in the pod's namespace, in the manifest set. An ExternalSecret with
 * `target.creationPolicy` Merge or None creates no Secret (it writes into one
 * that must already exist) and does not count. A pod that reads no Secret
 * gets no finding.
 */
export const K8sSecretReferences: K8sRule = {
  id: 'K8sSecretReferences',
  items: ['K8S-SECRET-REFERENCES'],
  kinds: POD_KINDS,
  severity: Severity.HIGH,
  description: 'Every Secret referenced by a pod (secretKeyRef, secretRef, secret volumes, imagePullSecrets) is created in the manifests (Secret, ExternalSecret or SealedSecret).',
  fix: 'Declare the Secret\'s source next to the workload: an ExternalSecret (ExternalSecret construct) whose target name is the referenced Secret.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const refs: { name: string; prop: string }[] = [];
    for (const c of containersOf(tpl, true)) {
      (c.container.env ?? []).forEach((e: any, i: number) => {
        const r = e?.valueFrom?.secretKeyRef;
        if (r?.name && r.optional !== true) refs.push({ name: String(r.name), prop: `${c.path}.env.${i}.valueFrom.secretKeyRef.name` });
      });
      (c.container.envFrom ?? []).forEach((f: any, i: number) => {
        if (f?.secretRef?.name && f.secretRef.optional !== true) refs.push({ name: String(f.secretRef.name), prop: `${c.path}.envFrom.${i}.secretRef.name` });
      });
    }
    (tpl.spec.volumes ?? []).forEach((v: any, i: number) => {
      const base = `${podSpecPath(tpl)}.volumes.${i}`;
      if (v?.secret?.secretName && v.secret.optional !== true) refs.push({ name: String(v.secret.secretName), prop: `${base}.secret.secretName` });
      (v?.projected?.sources ?? []).forEach((s: any, j: number) => {
        if (s?.secret?.name && s.secret.optional !== true) refs.push({ name: String(s.secret.name), prop: `${base}.projected.sources.${j}.secret.name` });
      });
    });
    // The kubelet pulls the images with these Secrets: one that does not exist is skipped (a warning), and a
    // private registry then refuses the pull (ErrImagePull).
    // A pod that lists none is given its ServiceAccount's (the API server's ServiceAccount admission copies them).
    const own: any[] = Array.isArray(tpl.spec.imagePullSecrets) ? tpl.spec.imagePullSecrets : [];
    own.forEach((p: any, i: number) => {
      if (p?.name) refs.push({ name: String(p.name), prop: `${podSpecPath(tpl)}.imagePullSecrets.${i}.name` });
    });
    if (own.length === 0) {
      const saName = String(tpl.spec.serviceAccountName ?? tpl.spec.serviceAccount ?? 'default');
      const sa = ctx.index.get('ServiceAccount', obj.namespace, saName);
      (Array.isArray(sa?.doc.imagePullSecrets) ? sa!.doc.imagePullSecrets : []).forEach((p: any) => {
        if (p?.name) refs.push({ name: String(p.name), prop: `${podSpecPath(tpl)}.serviceAccountName` });
      });
    }
    if (refs.length === 0) return undefined;
    const missing = refs.filter((r) => !ctx.index.hasSecret(obj.namespace, r.name));
    if (missing.length > 0) {
      return k8sFail(missing[0].prop, missing[0].name, `Secret(s) ${[...new Set(missing.map((m) => m.name))].join(', ')} not created by any Secret, ExternalSecret or SealedSecret in namespace ${obj.namespace}`);
    }
    return k8sPass(refs[0].prop, [...new Set(refs.map((r) => r.name))].join(', '), `every referenced Secret is declared (${[...new Set(refs.map((r) => r.name))].join(', ')})`);
  },
};
