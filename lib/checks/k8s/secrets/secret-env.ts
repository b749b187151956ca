/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { containersOf } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass } from '../rule';
import { hasUrlCredentials, isSecretName } from '../../../checklist/policy/secret-names';

/**
 * SECRETS-NO-PLAINTEXT (configuration): no container env var with a
 * secret-looking name (`*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, ...) carries a
 * literal `value` (empty included), no literal embeds URL credentials, and no
 * ConfigMap key does either: secrets reach the pod through
 * `valueFrom.secretKeyRef`, `envFrom.secretRef` or a secret volume.
 */
export const K8sSecretEnv: K8sRule = {
  id: 'K8sSecretEnv',
  items: ['SECRETS-NO-PLAINTEXT'],
  kinds: [...POD_KINDS, 'ConfigMap'],
  severity: Severity.CRITICAL,
  description: 'Secret-looking env vars and ConfigMap keys never hold literal values (nor URLs with credentials); secrets come through secretKeyRef.',
  fix: 'Move the value into a Secret (from an ExternalSecret) and reference it: env: [{ name: DB_PASSWORD, valueFrom: { secretKeyRef: { name, key } } }].',
  check(obj, ctx) {
    if (obj.kind === 'ConfigMap') {
      const bad = Object.entries<any>(obj.doc.data ?? {}).filter(([k, v]) => (isSecretName(k) && v !== '') || (typeof v === 'string' && hasUrlCredentials(v)));
      if (bad.length > 0) return k8sFail(`data.${bad[0][0]}`, undefined, `ConfigMap holds secret-looking values in plain text: ${bad.map(([k]) => k).join(', ')}`);
      return k8sPass('data', undefined, 'no secret-looking key or credential URL');
    }
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const bad: { prop: string; what: string }[] = [];
    let refs = 0;
    for (const c of containersOf(tpl, true)) {
      (Array.isArray(c.container.env) ? c.container.env : []).forEach((e: any, i: number) => {
        if (!e || typeof e !== 'object') return;
        if (e.valueFrom?.secretKeyRef) refs++;
        if (e.value === undefined || e.valueFrom) return;
        const literal = String(e.value);
        if (isSecretName(String(e.name))) bad.push({ prop: `${c.path}.env.${i}.value`, what: `${c.name}: ${e.name} is a literal` });
        else if (hasUrlCredentials(literal)) bad.push({ prop: `${c.path}.env.${i}.value`, what: `${c.name}: ${e.name} embeds credentials in a URL` });
      });
      refs += (c.container.envFrom ?? []).filter((f: any) => f?.secretRef).length;
    }
    if (bad.length > 0) return k8sFail(bad[0].prop, undefined, `secret in plain text: ${bad.map((b) => b.what).join('; ')}`);
    return k8sPass(`${tpl.path ? tpl.path + '.' : ''}spec.containers`, undefined, `no secret-looking literal in env; ${refs} secret reference(s)`);
  },
};
