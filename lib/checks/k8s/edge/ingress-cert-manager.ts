/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { K8sContext, K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { servedByAlb } from './ingress-class';
import { ingressRouteCertificate } from './ingress-route';

/**
 * EDGE-CERTIFICATE-MANAGED: the certificate of every Ingress TLS Secret is
 * issued and renewed by cert-manager: the Ingress carries
 * `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer` (ingress-shim),
 * or a cert-manager Certificate in the manifests writes that Secret.
 * ingress-shim skips a TLS entry without hosts (no Certificate for its Secret)
 * and refuses an Ingress that names one Secret in two TLS entries: both fail
 * unless a Certificate in the manifests writes the Secret.
 *
 * The AWS Load Balancer Controller never serves a Secret: it serves ACM
 * certificates (`certificate-arn`, or found in ACM by host). An Ingress it
 * serves (`servedByAlb`) is unknown: cert-manager renewing the Secret does not
 * reach the listener, and whether the ACM certificate is renewed is not in the
 * manifests. One it may serve (class unresolved, ALB annotations) cannot pass.
 *
 * A Traefik IngressRoute with spec.tls is judged by `ingressRouteCertificate` (ingress-route.ts): its `secretName`
 * needs a Certificate of the manifests (ingress-shim does not read IngressRoutes), its `certResolver` is Traefik's
 * ACME resolver, which renews (fail when the static configuration of the manifests defines no such resolver); with
 * neither, the TLSStore default's certificate, else unknown.
 */
export const K8sIngressCertManager: K8sRule = {
  id: 'K8sIngressCertManager',
  items: ['EDGE-CERTIFICATE-MANAGED'],
  kinds: ['Ingress', 'IngressRoute'],
  severity: Severity.MEDIUM,
  description: 'Ingress TLS certificates are issued and renewed by cert-manager (issuer annotation or a Certificate for the Secret); a Traefik IngressRoute\'s by a Certificate for its secretName or by Traefik\'s ACME certResolver.',
  fix: 'Annotate the Ingress with cert-manager.io/cluster-issuer: <issuer>, or declare a cert-manager.io/v1 Certificate with spec.secretName set to the TLS Secret.',
  check(obj, ctx) {
    if (obj.kind === 'IngressRoute') return ingressRouteCertificate(obj, ctx.index);
    const tls: any[] = Array.isArray(obj.doc.spec?.tls) ? obj.doc.spec.tls : [];
    const secrets = tls.map((t) => t?.secretName).filter((s): s is string => typeof s === 'string');
    if (secrets.length === 0) return undefined;
    const alb = servedByAlb(obj, ctx.index);
    const acm = `the AWS Load Balancer Controller serves ACM certificates (alb.ingress.kubernetes.io/certificate-arn, or found in ACM by host) and never reads the Secret ${secrets.join(', ')}: whether the certificate it serves is renewed (an Amazon-issued, DNS-validated ACM certificate is) is not in the manifests`;
    if (alb === 'yes') return k8sUnknown('spec.tls', secrets.join(', '), acm);
    const verdicts = judgeSecrets(obj, ctx, secrets, tls);
    const list = Array.isArray(verdicts) ? verdicts : [verdicts];
    // A class the manifests do not resolve, with ALB annotations: a pass holds only if it is not an ALB.
    if (alb === 'maybe' && list.every((v) => v.status === 'pass')) return k8sUnknown('spec.tls', secrets.join(', '), `if it is an ALB Ingress (its class is not resolved, and it carries alb.ingress.kubernetes.io/ annotations), ${acm}`);
    return verdicts;
  },
};

/** The Secrets of spec.tls: issued by cert-manager (ingress-shim or a Certificate), for controllers that serve them. */
function judgeSecrets(obj: K8sObject, ctx: K8sContext, secrets: string[], tls: any[]): K8sVerdict | K8sVerdict[] {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const issuer = a['cert-manager.io/cluster-issuer'] ?? a['cert-manager.io/issuer'];
  if (issuer) {
    const dup = secrets.find((x, i) => secrets.indexOf(x) !== i);
    if (dup !== undefined) return k8sFail('spec.tls', dup, `TLS Secret ${dup} is named by more than one TLS entry: cert-manager's ingress-shim refuses the Ingress and issues nothing`);
    const hostless = tls.map((t, i) => ({ t, i })).filter(({ t }) => typeof t?.secretName === 'string' && !(Array.isArray(t.hosts) && t.hosts.length > 0) && !ctx.index.certificateFor(obj.namespace, t.secretName));
    if (hostless.length > 0) {
      return hostless.map(({ t, i }) => k8sFail(`spec.tls.${i}.hosts`, t.secretName, `TLS entry ${i} (Secret ${t.secretName}) names no hosts: cert-manager's ingress-shim issues no certificate for it`));
    }
    const key = a['cert-manager.io/cluster-issuer'] ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
    return k8sPass(`metadata.annotations.${key}`, issuer, `cert-manager issues and renews ${secrets.join(', ')} (${issuer})`);
  }
  const out: K8sVerdict[] = secrets.map((s) => {
    const cert = ctx.index.certificateFor(obj.namespace, s);
    return cert
      ? k8sPass('spec.secretName', s, `Certificate ${cert.name} (issuer ${cert.doc.spec?.issuerRef?.name ?? '?'}) writes ${s}`, cert)
      : k8sFail('spec.tls', s, `TLS Secret ${s} is not issued by cert-manager: nothing renews it before it expires`);
  });
  return out;
}
