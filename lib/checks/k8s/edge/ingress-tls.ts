/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * EDGE-HTTPS-LISTENER: every Ingress terminates TLS for every host it routes:
 * `spec.tls` entries whose `hosts` cover each rule's host (wildcards included)
 * with a `secretName`. A TLS entry without a secret uses the controller's
 * default certificate, which the manifests cannot show (unknown).
 */
export const K8sIngressTls: K8sRule = {
  id: 'K8sIngressTls',
  items: ['EDGE-HTTPS-LISTENER'],
  kinds: ['Ingress'],
  severity: Severity.HIGH,
  description: 'Every Ingress has spec.tls covering each of its hosts with a certificate Secret.',
  fix: 'Add spec.tls: [{ hosts: [<host>], secretName: <name>-tls }] (and cert-manager.io/cluster-issuer to issue it).',
  check(obj) {
    const tls: any[] = Array.isArray(obj.doc.spec?.tls) ? obj.doc.spec.tls : [];
    if (tls.length === 0) return k8sFail('spec.tls', undefined, 'no TLS: the Ingress serves plain HTTP');
    const hosts = new Set<string>();
    for (const r of obj.doc.spec?.rules ?? []) if (r?.host) hosts.add(String(r.host));
    const covered = (h: string) => tls.some((t) => (t?.hosts ?? []).some((th: string) => th === h || (th.startsWith('*.') && h.endsWith(th.substring(1)) && !h.substring(0, h.length - th.length + 1).includes('.'))));
    const uncovered = [...hosts].filter((h) => !covered(h));
    if (uncovered.length > 0) return k8sFail('spec.tls', uncovered, `host(s) ${uncovered.join(', ')} served without a TLS entry`);
    const noSecret = tls.findIndex((t) => !t?.secretName);
    if (noSecret !== -1) return k8sUnknown(`spec.tls.${noSecret}.secretName`, undefined, 'a TLS entry without secretName uses the controller\'s default certificate');
    return k8sPass('spec.tls', tls.map((t) => t.secretName).join(', '), `TLS for ${[...hosts].join(', ') || 'every host'}`);
  },
};
