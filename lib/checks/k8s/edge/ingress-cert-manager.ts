/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sContext, K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { isGatewayApi, listenerName, listenersOf, routeParents } from './gateway-api';
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
 *
 * A Gateway API Gateway (gateway.networking.k8s.io) is judged per listener that terminates TLS (protocol HTTPS, or
 * TLS with `tls.mode` Terminate, the default) by the Secrets of its `tls.certificateRefs` (`gatewayCertificates`): a
 * Secret a cert-manager Certificate of the manifests writes passes. Otherwise the Gateway's
 * `cert-manager.io/issuer` or `cert-manager.io/cluster-issuer` annotation asks cert-manager's gateway-shim for a
 * Certificate per listener (cert-manager docs, Annotated Gateway resource), which runs only when the cert-manager
 * controller runs with Gateway API support (`--enable-gateway-api`, Helm `config.enableGatewayAPI`; the
 * `ExperimentalGatewayAPISupport` feature gate before v1.15), off by default: a cert-manager controller of the
 * manifests with it passes, none in the manifests (usually installed apart) or one without it is unknown, naming
 * it. The shim issues nothing for a listener without `hostname` (fail, as an Ingress TLS entry without hosts) nor for
 * a reference to a Secret of another namespace (unknown). No annotation and no Certificate fails, as an Ingress's
 * Secret. A reference to another kind than a Secret (implementation-specific) is unknown; a listener without
 * certificateRefs is not judged (K8sGatewayTls judges it). An HTTPRoute is served with the certificates of the
 * listeners it attaches to, judged on their Gateway: not judged itself, unless a parent cannot be read (a Gateway
 * outside the manifests, another parent kind, a templated reference): unknown, naming it.
 */
export const K8sIngressCertManager: K8sRule = {
  id: 'K8sIngressCertManager',
  items: ['EDGE-CERTIFICATE-MANAGED'],
  kinds: ['Ingress', 'IngressRoute', 'Gateway', 'HTTPRoute'],
  severity: Severity.MEDIUM,
  description: 'Ingress TLS certificates are issued and renewed by cert-manager (issuer annotation or a Certificate for the Secret); a Traefik IngressRoute\'s by a Certificate for its secretName or by Traefik\'s ACME certResolver; a Gateway API Gateway\'s listener Secrets by a Certificate, or by its cert-manager.io issuer annotation where the cert-manager controller of the manifests runs with Gateway API support (--enable-gateway-api).',
  fix: 'Annotate the Ingress with cert-manager.io/cluster-issuer: <issuer>, or declare a cert-manager.io/v1 Certificate with spec.secretName set to the TLS Secret.',
  check(obj, ctx) {
    if (obj.kind === 'IngressRoute') return ingressRouteCertificate(obj, ctx.index);
    if (obj.kind === 'Gateway') return isGatewayApi(obj) ? gatewayCertificates(obj, ctx.index) : undefined;
    if (obj.kind === 'HTTPRoute') return isGatewayApi(obj) ? routeCertificate(obj, ctx.index) : undefined;
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

/**
 * Whether a cert-manager controller of the manifests runs gateway-shim: `yes` (where), `no` (why), or `open` (no
 * cert-manager controller in the manifests, or controllers that disagree / templated arguments).
 */
function gatewayShim(index: ManifestIndex): { how: 'yes' | 'no' | 'open'; why: string } {
  const found: { where: string; on: boolean | undefined }[] = [];
  for (const w of [...index.ofKind('Deployment'), ...index.ofKind('StatefulSet'), ...index.ofKind('DaemonSet')]) {
    const tpl = index.podTemplate(w);
    for (const c of tpl ? containersOf(tpl) : []) {
      const image = typeof c.container.image === 'string' ? c.container.image : '';
      if (!/cert-manager-controller(:|@|$)/.test(image)) continue;
      const args: unknown[] = [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])];
      let on: boolean | undefined = false;
      for (const a of args) {
        if (typeof a !== 'string' || isTemplated(a)) { on = undefined; break; }
        const m = /^--?enable-gateway-api(?:=(.*))?$/.exec(a);
        if (m) on = m[1] === undefined || m[1].toLowerCase() === 'true';
        const g = /^--?feature-gates=(.*)$/.exec(a);
        if (g && /(^|,)\s*ExperimentalGatewayAPISupport=true\s*(,|$)/i.test(g[1])) on = true;
        if (/^--?config(=|$)/.test(a)) { on = on || undefined; }
      }
      found.push({ where: `${w.kind}/${w.namespace}/${w.name}`, on });
    }
  }
  const flag = 'cert-manager\'s gateway-shim creates Certificates for annotated Gateways only when its controller runs with Gateway API support (--enable-gateway-api, Helm config.enableGatewayAPI; off by default)';
  if (found.length === 0) return { how: 'open', why: `${flag}, and no cert-manager controller is in the manifests` };
  if (found.every((f) => f.on === true)) return { how: 'yes', why: `the cert-manager controller ${found.map((f) => f.where).join(', ')} runs with Gateway API support` };
  if (found.every((f) => f.on === false)) return { how: 'no', why: `${flag}, and the cert-manager controller ${found.map((f) => f.where).join(', ')} does not enable it` };
  return { how: 'open', why: `${flag}, which the cert-manager controllers of the manifests (${found.map((f) => f.where).join(', ')}) do not decide (a configuration file, templated arguments, or controllers that differ)` };
}

/** EDGE-CERTIFICATE-MANAGED for a Gateway: the Secrets of its TLS-terminating listeners (see K8sIngressCertManager). */
function gatewayCertificates(gw: K8sObject, index: ManifestIndex): K8sVerdict[] | undefined {
  const a: Record<string, string> = gw.metadata.annotations ?? {};
  const key = a['cert-manager.io/cluster-issuer'] !== undefined ? 'cert-manager.io/cluster-issuer' : a['cert-manager.io/issuer'] !== undefined ? 'cert-manager.io/issuer' : undefined;
  const issuer = key ? a[key] : undefined;
  const out: K8sVerdict[] = [];
  let shim: ReturnType<typeof gatewayShim> | undefined;
  for (const l of listenersOf(gw)) {
    const tls = l.raw.tls ?? {};
    const terminates = l.protocol === 'HTTPS' || (l.protocol === 'TLS' && (tls.mode ?? 'Terminate') === 'Terminate');
    const refs: any[] = Array.isArray(tls.certificateRefs) ? tls.certificateRefs : [];
    if (!terminates || refs.length === 0) continue;
    const where = listenerName(gw, l);
    refs.forEach((r, i) => {
      const prop = `spec.listeners.${l.index}.tls.certificateRefs.${i}`;
      const name = typeof r?.name === 'string' ? r.name : '';
      const ns = typeof r?.namespace === 'string' && r.namespace !== '' ? r.namespace : gw.namespace;
      if ((r?.kind ?? 'Secret') !== 'Secret' || (r?.group ?? '') !== '') return void out.push(k8sUnknown(prop, name, `${where} names ${String(r?.kind)} ${name} (group ${String(r?.group ?? '')}), not a Secret: what issues and renews its certificate is the implementation's`));
      if (name === '' || isTemplated(name) || isTemplated(ns)) return void out.push(k8sUnknown(prop, name, `${where} names a templated or empty Secret`));
      const cert = index.certificateFor(ns, name);
      if (cert) return void out.push(k8sPass('spec.secretName', name, `Certificate ${cert.namespace}/${cert.name} (issuer ${cert.doc.spec?.issuerRef?.name ?? '?'}) writes ${ns}/${name}, the certificate of ${where}`, cert));
      if (issuer === undefined) return void out.push(k8sFail(prop, name, `TLS Secret ${ns}/${name} of ${where} is not issued by cert-manager (no Certificate of the manifests writes it, no cert-manager.io issuer annotation on the Gateway): nothing renews it before it expires`));
      if (typeof l.raw.hostname !== 'string' || l.raw.hostname === '') return void out.push(k8sFail(`spec.listeners.${l.index}.hostname`, name, `${where} has no hostname: cert-manager's gateway-shim issues no Certificate for it (it takes the DNS name from the listener's hostname), and no Certificate of the manifests writes ${ns}/${name}`));
      if (ns !== gw.namespace) return void out.push(k8sUnknown(prop, name, `${where} names Secret ${ns}/${name} of another namespace: cert-manager's gateway-shim creates Certificates in the Gateway's namespace only, and no Certificate of the manifests writes it`));
      shim ??= gatewayShim(index);
      if (shim.how === 'yes') return void out.push(k8sPass(`metadata.annotations.${key}`, issuer, `cert-manager's gateway-shim issues and renews ${ns}/${name} for ${where} (${issuer}; ${shim.why})`));
      const verdict = shim.how === 'no' ? k8sFail : k8sUnknown;
      return void out.push(verdict(`metadata.annotations.${key}`, issuer, `the Gateway asks cert-manager (${key}: ${issuer}) for ${ns}/${name} of ${where}, but ${shim.why}`));
    });
  }
  return out.length > 0 ? out : undefined;
}

/** An HTTPRoute: its certificates are its Gateways' (judged there); a parent the manifests do not hold is unknown. */
function routeCertificate(route: K8sObject, index: ManifestIndex): K8sVerdict | undefined {
  const open = routeParents(route, index).open;
  if (open.length === 0) return undefined;
  return k8sUnknown('spec.parentRefs', undefined, `the certificate the route is served with is its parent's: ${open.join('; ')}`);
}
