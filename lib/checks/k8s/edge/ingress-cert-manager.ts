/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sContext, K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { isGatewayApi, listenerName, listenersOf, routeParents } from './gateway-api';
import { flagValue, servedByAlb, servingController } from './ingress-class';
import { ingressRouteCertificate } from './ingress-route';
import { defaultTlsStore, isTraefikCrd, routesOf, ruleHosts } from './traefik';

/**
 * EDGE-CERTIFICATE-MANAGED: the certificate of every Ingress TLS Secret is
 * issued and renewed by cert-manager: the Ingress carries
 * `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer` (ingress-shim),
 * or a cert-manager Certificate in the manifests writes that Secret.
 * ingress-shim skips a TLS entry without hosts (no Certificate for its Secret)
 * and refuses an Ingress that names one Secret in two TLS entries: both fail
 * unless a Certificate in the manifests writes the Secret. The shim refuses
 * annotations it cannot resolve to one issuer (both issuer annotations,
 * cluster-issuer with issuer-kind/issuer-group, an empty name: fail), and
 * reads `kubernetes.io/tls-acme: "true"` on an Ingress with the controller's
 * `--default-issuer-name` (none by default: fail; no controller in the
 * manifests: unknown). cert-manager controllers of the manifests run with
 * `--controllers` leaving `ingress-shim` (or `gateway-shim`) out issue
 * nothing for annotations (fail; some of them: unknown), and the shim does not
 * take over a Certificate of the manifests named as the Secret that writes
 * another Secret (fail). Traefik serves the certificate of its TLS store that
 * matches the client's SNI, not a router's own: a pass is unknown when another
 * object adds a Secret no Certificate writes for one of the router's hosts;
 * a certResolver's pass too, as Traefik's ACME resolver requests nothing for a
 * name a certificate of its store (its default one included) already covers.
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
 * it. The shim issues nothing for a listener without `hostname` (fail, as an Ingress TLS entry without hosts), and
 * skips a listener as a whole when one of its references names a Secret of another namespace or another kind than
 * a Secret (fail for its Secrets). No annotation and no Certificate fails, as an Ingress's
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
    if (obj.kind === 'IngressRoute') {
      const own = obj.doc.spec?.tls?.secretName;
      const hosts = routesOf(obj).flatMap((r) => ruleHosts(r.route?.match));
      const tls = obj.doc.spec?.tls;
      return ingressRouteCertificate(obj, ctx.index)?.map((v) => {
        if (v.property === 'spec.secretName' && typeof own === 'string') return withStoreRivals(v, obj, ctx.index, hosts, [own]);
        // A certResolver's certificate: the route's own, or (no spec.tls) its entry point's.
        if (v.property === 'spec.tls.certResolver' || (v.property === 'spec.tls' && (tls === undefined || tls === null))) return withStoreRivals(v, obj, ctx.index, hosts, [], true);
        return v;
      });
    }
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
    if (!servingController(obj, ctx.index)?.kinds.includes('traefik')) return verdicts;
    const rules: any[] = Array.isArray(obj.doc.spec?.rules) ? obj.doc.spec.rules : [];
    const hosts = [...tls.flatMap((t) => (Array.isArray(t?.hosts) ? t.hosts : [])), ...rules.map((r) => r?.host)].filter((h): h is string => typeof h === 'string').map((h) => h.toLowerCase());
    // ingress-shim issues each TLS entry's Secret for the entry's hosts, exactly.
    const issued = shimIssuer(obj, ctx.index, true).how === 'yes' ? tls.flatMap((t) => (Array.isArray(t?.hosts) ? t.hosts : [])).filter((h): h is string => typeof h === 'string') : [];
    return list.map((v) => withStoreRivals(v, obj, ctx.index, [...new Set(hosts)], secrets, false, issued));
  },
};

/** A certificate of Traefik's TLS store: the object that adds it, its Secret, the host names it is named for (undefined: not known). */
interface StoreSecret { obj: K8sObject; where: string; namespace: string; secret: string; hosts?: string[]; managed: boolean }

/**
 * The Secrets Traefik's Kubernetes providers add to its TLS store: an IngressRoute's or IngressRouteTCP's
 * `spec.tls.secretName` (named for its Host / HostSNI matchers), an Ingress's TLS Secrets where its class is
 * Traefik's (named for its TLS and rule hosts), a TLSStore's `spec.certificates` (no host names). `managed`: a
 * cert-manager Certificate of the manifests writes it, or ingress-shim issues it for the Ingress.
 */
function storeSecrets(index: ManifestIndex): StoreSecret[] {
  const out: StoreSecret[] = [];
  const add = (obj: K8sObject, kind: string, secret: unknown, hosts: string[] | undefined, shim = false) => {
    if (typeof secret !== 'string' || secret === '' || isTemplated(secret)) return;
    // A router that names no host (a path or HostRegexp only, HostSNI(`*`)) says nothing of its certificate's names.
    const named = hosts && hosts.length > 0 && !hosts.includes('*') ? hosts : undefined;
    out.push({ obj, where: `${kind} ${obj.namespace}/${obj.name}`, namespace: obj.namespace, secret, hosts: named, managed: shim || index.certificateFor(obj.namespace, secret) !== undefined });
  };
  for (const obj of index.ofKind('IngressRoute').filter(isTraefikCrd)) add(obj, 'IngressRoute', obj.doc.spec?.tls?.secretName, routesOf(obj).flatMap((r) => ruleHosts(r.route?.match)));
  for (const obj of index.ofKind('IngressRouteTCP').filter(isTraefikCrd)) {
    const routes: any[] = Array.isArray(obj.doc.spec?.routes) ? obj.doc.spec.routes : [];
    add(obj, 'IngressRouteTCP', obj.doc.spec?.tls?.secretName, routes.flatMap((r) => ruleHosts(r?.match, 'HostSNI')));
  }
  for (const obj of index.ofKind('TLSStore').filter(isTraefikCrd)) {
    for (const c of Array.isArray(obj.doc.spec?.certificates) ? obj.doc.spec.certificates : []) add(obj, 'TLSStore', c?.secretName, undefined);
  }
  for (const obj of index.ofKind('Ingress')) {
    const served = servingController(obj, index);
    if (served && !served.kinds.includes('traefik')) continue;
    const shim = shimIssuer(obj, index, true).how === 'yes';
    const rules: any[] = Array.isArray(obj.doc.spec?.rules) ? obj.doc.spec.rules : [];
    const ruleNames = rules.map((r) => r?.host).filter((h): h is string => typeof h === 'string');
    for (const t of Array.isArray(obj.doc.spec?.tls) ? obj.doc.spec.tls : []) {
      const hosts: string[] = Array.isArray(t?.hosts) ? t.hosts.filter((h: unknown): h is string => typeof h === 'string') : [];
      add(obj, 'Ingress', t?.secretName, [...hosts, ...ruleNames].map((h) => h.toLowerCase()), shim && hosts.length > 0);
    }
  }
  return out;
}

/**
 * A passing certificate verdict of a router Traefik serves (`self`, routing `hosts`, with its Secrets `own`) against
 * the other certificates of Traefik's TLS store. Traefik does not serve a router's own certificate: for a TLS
 * connection it picks, among every certificate of the store, one whose names match the client's SNI (pkg/tls
 * certificate_store.go GetBestCertificate: the greatest matching name, so an exact name before a `*.` wildcard, and
 * among certificates that share the name, whichever a Go map yields last, in random order). So a Secret no
 * cert-manager Certificate writes, added by another object for a host of the router (an exact name, or a `*.`
 * wildcard covering it when the router's own Certificate does not name the host exactly), or by a TLSStore's
 * `spec.certificates` or by a router that names no host (its names are not in the manifests), may be what clients of
 * that host get: unknown, naming it. `issued`: the host names ingress-shim issues the router's Secrets for (an Ingress's TLS hosts), exact names too.
 * With `acme` (the router's certificate comes from an ACME certResolver), Traefik requests no certificate for a name
 * a certificate of the store already covers, by a wildcard too, the store's default certificate included (pkg/provider
 * /acme getUncheckedDomains: "No ACME certificate generation required for domains"), so such a Secret, or a default
 * certificate no Certificate writes, is served instead of an ACME one if it covers the host: unknown.
 */
function withStoreRivals(v: K8sVerdict, self: K8sObject, index: ManifestIndex, hosts: string[], own: string[], acme = false, issued: string[] = []): K8sVerdict {
  if (v.status !== 'pass' || hosts.length === 0) return v;
  const exact = new Set(acme ? [] : [...issued.map((h) => h.toLowerCase()), ...own.flatMap((s) => {
    const names = index.certificateFor(self.namespace, s)?.doc.spec?.dnsNames;
    return Array.isArray(names) ? names.filter((n: unknown): n is string => typeof n === 'string').map((n) => n.toLowerCase()) : [];
  })]);
  const rivals = storeSecrets(index);
  const store = defaultTlsStore(index).store;
  const dflt = store?.doc.spec?.defaultCertificate?.secretName;
  if (acme && store && typeof dflt === 'string' && dflt !== '' && !isTemplated(dflt)) {
    rivals.push({ obj: store, where: `TLSStore ${store.namespace}/${store.name}`, namespace: store.namespace, secret: dflt, managed: index.certificateFor(store.namespace, dflt) !== undefined });
  }
  for (const r of rivals) {
    if (r.managed || (r.namespace === self.namespace && own.includes(r.secret))) continue;
    const host = r.hosts === undefined ? hosts[0] : hosts.find((h) => r.hosts!.includes(h) || (!exact.has(h) && r.hosts!.some((w) => w.startsWith('*.') && h.indexOf('.') > 0 && h.slice(h.indexOf('.')) === w.slice(1))));
    if (host === undefined) continue;
    const what = r.obj.kind === 'TLSStore' ? (r.secret === dflt && r.obj === store ? ' (spec.defaultCertificate)' : ' (spec.certificates)') : ', routing no host name';
    const added = r.hosts === undefined ? `${r.where} adds Secret ${r.namespace}/${r.secret} to Traefik's TLS store${what}, and its names are not in the manifests` : `${r.where} adds Secret ${r.namespace}/${r.secret} for host ${host}`;
    const how = acme
      ? 'Traefik\'s ACME resolver requests no certificate for a name a certificate of its TLS store already covers (pkg/provider/acme getUncheckedDomains), and serves that one'
      : 'Traefik serves a TLS connection the certificate of its TLS store whose names match the client\'s SNI, not the router\'s own (pkg/tls certificate_store.go: the greatest matching name; among certificates that share it, a random one)';
    return k8sUnknown(v.property, v.value, `${v.message}, but ${how}: ${added}, which no cert-manager Certificate writes, so clients of ${host} may get that certificate`);
  }
  return v;
}

/** The Secrets of spec.tls: issued by cert-manager (ingress-shim or a Certificate), for controllers that serve them. */
function judgeSecrets(obj: K8sObject, ctx: K8sContext, secrets: string[], tls: any[]): K8sVerdict | K8sVerdict[] {
  const shim = shimIssuer(obj, ctx.index, true);
  if (shim.how === 'yes' || shim.how === 'open') {
    const dup = secrets.find((x, i) => secrets.indexOf(x) !== i);
    if (dup !== undefined) return k8sFail('spec.tls', dup, `TLS Secret ${dup} is named by more than one TLS entry: cert-manager's ingress-shim refuses the Ingress and issues nothing`);
    const hostless = tls.map((t, i) => ({ t, i })).filter(({ t }) => typeof t?.secretName === 'string' && !(Array.isArray(t.hosts) && t.hosts.length > 0) && !ctx.index.certificateFor(obj.namespace, t.secretName));
    if (hostless.length > 0) {
      return hostless.map(({ t, i }) => k8sFail(`spec.tls.${i}.hosts`, t.secretName, `TLS entry ${i} (Secret ${t.secretName}) names no hosts: cert-manager's ingress-shim issues no certificate for it`));
    }
    if (shim.how === 'open') return k8sUnknown(shim.prop, shim.value, `${shim.why} (TLS Secrets ${secrets.join(', ')})`);
    const off = shimDisabled(ctx.index, 'ingress-shim');
    if (off.how !== 'none') {
      const why = `the cert-manager controller ${off.where} runs without its ingress-shim (--controllers), which creates the Certificates for annotated Ingresses`;
      return off.how === 'all' ? k8sFail(shim.prop, shim.value, `${why}: nothing issues ${secrets.join(', ')}`) : k8sUnknown(shim.prop, shim.value, `${why}, and other cert-manager controllers of the manifests run it`);
    }
    const taken = secrets.map((x) => ({ x, c: shimNameTaken(ctx.index, obj.namespace, x) })).filter((t) => t.c !== undefined);
    if (taken.length > 0) return taken.map((t) => nameTaken(t.c!, t.x, shim.prop, shim.value));
    return k8sPass(shim.prop, shim.value, `cert-manager issues and renews ${secrets.join(', ')} (${shim.issuer})`);
  }
  const out: K8sVerdict[] = secrets.map((s) => {
    const cert = ctx.index.certificateFor(obj.namespace, s);
    if (cert) return k8sPass('spec.secretName', s, `Certificate ${cert.name} (issuer ${cert.doc.spec?.issuerRef?.name ?? '?'}) writes ${s}`, cert);
    if (shim.how === 'bad') return k8sFail(shim.prop, shim.value, `${shim.why}, so TLS Secret ${s} is not issued by cert-manager (no Certificate of the manifests writes it): nothing renews it before it expires`);
    return k8sFail('spec.tls', s, `TLS Secret ${s} is not issued by cert-manager: nothing renews it before it expires`);
  });
  return out;
}

/**
 * A cert-manager Certificate of the manifests named `secret` in `namespace` that writes another Secret: the shim names
 * the Certificate it creates for a Secret after the Secret, and refuses to update a Certificate of that name it does
 * not own ("refusing to update non-owned certificate resource", sync.go buildCertificates), so nothing issues the
 * Secret. A Certificate of the manifests is not owned by the Ingress or Gateway.
 */
function shimNameTaken(index: ManifestIndex, namespace: string, secret: string): K8sObject | undefined {
  if (index.certificateFor(namespace, secret)) return undefined;
  return index.ofKind('Certificate').find((c) => /^cert-manager\.io\//.test(c.apiVersion) && c.namespace === namespace && c.name === secret);
}

function nameTaken(c: K8sObject, secret: string, prop: string, value: string): K8sVerdict {
  return k8sFail(prop, value, `cert-manager's certificate-shim would create Certificate ${c.namespace}/${secret} for Secret ${secret}, but Certificate ${c.namespace}/${c.name} of the manifests (not owned by this object, writing Secret ${String(c.doc.spec?.secretName)}) has that name and the shim refuses to update it: nothing issues ${secret}`);
}

/** What cert-manager's certificate-shim makes of an object's annotations (`shimIssuer`). */
type Shim =
  | { how: 'none' }
  | { how: 'yes'; prop: string; value: string; issuer: string }
  | { how: 'bad'; prop: string; value: string; why: string }
  | { how: 'open'; prop: string; value: string; why: string };

const ISSUER = 'cert-manager.io/issuer';
const CLUSTER_ISSUER = 'cert-manager.io/cluster-issuer';
const TLS_ACME = 'kubernetes.io/tls-acme';

/**
 * The issuer cert-manager's certificate-shim asks for an Ingress or Gateway (pkg/controller/certificate-shim sync.go,
 * hasShimAnnotation and issuerForIngressLike): `cert-manager.io/issuer` or `cert-manager.io/cluster-issuer` (present,
 * even empty), or, on an Ingress only, an auto-certificate annotation (`kubernetes.io/tls-acme: "true"` by default)
 * with the controller's default issuer (`--default-issuer-name`, none by default). The shim refuses the object
 * ("Could not determine issuer for ingress due to bad annotations") when both issuer annotations are set, when
 * `cluster-issuer` comes with `cert-manager.io/issuer-kind` or `cert-manager.io/issuer-group`, or when the name is
 * empty (an empty annotation, or tls-acme without a default issuer): `bad`.
 */
function shimIssuer(obj: K8sObject, index: ManifestIndex, ingress: boolean): Shim {
  const a: Record<string, unknown> = obj.metadata.annotations ?? {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(a, k);
  const text = (k: string) => String(a[k] ?? '');
  const refused = 'cert-manager\'s certificate-shim refuses the annotations and issues nothing';
  if (has(ISSUER) && has(CLUSTER_ISSUER)) return { how: 'bad', prop: `metadata.annotations.${CLUSTER_ISSUER}`, value: text(CLUSTER_ISSUER), why: `both ${ISSUER} and ${CLUSTER_ISSUER} are set: ${refused}` };
  if (has(CLUSTER_ISSUER)) {
    const extra = ['cert-manager.io/issuer-kind', 'cert-manager.io/issuer-group'].find(has);
    if (extra !== undefined) return { how: 'bad', prop: `metadata.annotations.${extra}`, value: text(extra), why: `${CLUSTER_ISSUER} is set with ${extra}: ${refused}` };
  }
  const key = has(CLUSTER_ISSUER) ? CLUSTER_ISSUER : has(ISSUER) ? ISSUER : undefined;
  if (key !== undefined) {
    const name = text(key);
    if (name.trim() === '') return { how: 'bad', prop: `metadata.annotations.${key}`, value: name, why: `${key} names no issuer: ${refused}` };
    if (isTemplated(name)) return { how: 'open', prop: `metadata.annotations.${key}`, value: name, why: `${key} is templated (${name}): whether it names an issuer is not in the manifests` };
    return { how: 'yes', prop: `metadata.annotations.${key}`, value: name, issuer: name };
  }
  if (!ingress || !has(TLS_ACME) || !/^(1|t|T|TRUE|true|True)$/.test(text(TLS_ACME))) return { how: 'none' };
  const prop = `metadata.annotations.${TLS_ACME}`;
  const d = defaultIssuer(index);
  if (d.how === 'yes') return { how: 'yes', prop, value: text(TLS_ACME), issuer: `the default issuer ${d.name} of ${d.where}` };
  const why = `${TLS_ACME} asks cert-manager's ingress-shim for a certificate from the controller's default issuer (--default-issuer-name, Helm ingressShim.defaultIssuerName; none by default, and without one the shim issues nothing), and ${d.why}`;
  return d.how === 'no' ? { how: 'bad', prop, value: text(TLS_ACME), why } : { how: 'open', prop, value: text(TLS_ACME), why };
}

/** A cert-manager controller container of the manifests: where, and its command line (`open`: templated, or a --config file). */
interface CertManagerController { where: string; args: unknown[]; open: boolean }

function certManagerControllers(index: ManifestIndex): CertManagerController[] {
  const out: CertManagerController[] = [];
  for (const w of [...index.ofKind('Deployment'), ...index.ofKind('StatefulSet'), ...index.ofKind('DaemonSet')]) {
    const tpl = index.podTemplate(w);
    for (const c of tpl ? containersOf(tpl) : []) {
      const image = typeof c.container.image === 'string' ? c.container.image : '';
      if (!/cert-manager-controller(:|@|$)/.test(image)) continue;
      const args: unknown[] = [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])];
      const open = args.some((a) => typeof a !== 'string' || isTemplated(a) || /^--?config(=|$)/.test(a));
      out.push({ where: `${w.kind}/${w.namespace}/${w.name}`, args, open });
    }
  }
  return out;
}

/**
 * The cert-manager controllers of the manifests whose `--controllers` list leaves out the shim `name` (`ingress-shim`,
 * `gateway-shim`): "'--controllers=*,-foo' disables the controller named 'foo'", and a list without `*` enables only
 * what it names (cert-manager controller flags). `all`: every controller of the manifests (at least one) leaves it out.
 */
function shimDisabled(index: ManifestIndex, name: string): { how: 'none' | 'some' | 'all'; where: string } {
  const cs = certManagerControllers(index);
  const off = cs.filter((c) => {
    const v = flagValue(c.args, 'controllers');
    if (v === undefined || isTemplated(v)) return false;
    const list = v.split(',').map((x) => x.trim());
    return list.includes(`-${name}`) || (!list.includes('*') && !list.includes(name));
  });
  const where = off.map((c) => c.where).join(', ');
  return { how: off.length === 0 ? 'none' : off.length === cs.length ? 'all' : 'some', where };
}

/**
 * The default issuer of the cert-manager controllers of the manifests, for an Ingress's auto-certificate annotation:
 * `--default-issuer-name` (empty by default), provided `--auto-certificate-annotations` (default
 * kubernetes.io/tls-acme) keeps kubernetes.io/tls-acme. No controller in the manifests, or controllers that differ or
 * cannot be read: open.
 */
function defaultIssuer(index: ManifestIndex): { how: 'yes'; name: string; where: string } | { how: 'no' | 'open'; why: string } {
  const found = certManagerControllers(index).map((c) => {
    if (c.open) return { c, name: undefined };
    const auto = flagValue(c.args, 'auto-certificate-annotations');
    if (auto !== undefined && !auto.split(',').map((x) => x.trim()).includes(TLS_ACME)) return { c, name: '' };
    return { c, name: flagValue(c.args, 'default-issuer-name') ?? '' };
  });
  if (found.length === 0) return { how: 'open', why: 'no cert-manager controller is in the manifests' };
  const where = found.map((f) => f.c.where).join(', ');
  const names = [...new Set(found.map((f) => f.name))];
  if (names.length === 1 && names[0] !== undefined && names[0] !== '') return { how: 'yes', name: names[0], where };
  if (names.length === 1 && names[0] === '') return { how: 'no', why: `the cert-manager controller ${where} sets no default issuer (or does not read ${TLS_ACME})` };
  return { how: 'open', why: `the cert-manager controllers of the manifests (${where}) do not decide it (a configuration file, templated arguments, or controllers that differ)` };
}

/**
 * Whether a cert-manager controller of the manifests runs gateway-shim: `yes` (where), `no` (why), or `open` (no
 * cert-manager controller in the manifests, or controllers that disagree / templated arguments).
 */
function gatewayShim(index: ManifestIndex): { how: 'yes' | 'no' | 'open'; why: string } {
  const found = certManagerControllers(index).map((c) => {
    let on: boolean | undefined = false;
    for (const a of c.args) {
      if (typeof a !== 'string' || isTemplated(a)) { on = undefined; break; }
      const m = /^--?enable-gateway-api(?:=(.*))?$/.exec(a);
      if (m) on = m[1] === undefined || m[1].toLowerCase() === 'true';
      const g = /^--?feature-gates=(.*)$/.exec(a);
      if (g && /(^|,)\s*ExperimentalGatewayAPISupport=true\s*(,|$)/i.test(g[1])) on = true;
      if (/^--?config(=|$)/.test(a)) { on = on || undefined; }
    }
    const list = flagValue(c.args, 'controllers')?.split(',').map((x) => x.trim());
    if (on === true && list && (list.includes('-gateway-shim') || (!list.includes('*') && !list.includes('gateway-shim')))) on = false;
    return { where: c.where, on };
  });
  const flag = 'cert-manager\'s gateway-shim creates Certificates for annotated Gateways only when its controller runs with Gateway API support (--enable-gateway-api, Helm config.enableGatewayAPI; off by default)';
  if (found.length === 0) return { how: 'open', why: `${flag}, and no cert-manager controller is in the manifests` };
  if (found.every((f) => f.on === true)) return { how: 'yes', why: `the cert-manager controller ${found.map((f) => f.where).join(', ')} runs with Gateway API support` };
  if (found.every((f) => f.on === false)) return { how: 'no', why: `${flag}, and the cert-manager controller ${found.map((f) => f.where).join(', ')} does not enable it` };
  return { how: 'open', why: `${flag}, which the cert-manager controllers of the manifests (${found.map((f) => f.where).join(', ')}) do not decide (a configuration file, templated arguments, or controllers that differ)` };
}

/**
 * Why cert-manager's gateway-shim skips a listener ("Skipped a listener block", validateGatewayListenerBlock): a
 * certificateRef of another group than "" / core, another kind than Secret, or a namespace other than the Gateway's
 * ("cross-namespace secret references are not allowed in listeners") makes it skip every reference of the listener.
 */
function listenerRefused(gw: K8sObject, refs: any[]): string | undefined {
  for (const [i, r] of refs.entries()) {
    const group = String(r?.group ?? '');
    const kind = String(r?.kind ?? 'Secret');
    if ((group !== '' && group !== 'core') || (kind !== '' && kind !== 'Secret')) return `certificateRefs.${i} names ${kind} (group ${group}), not a Secret`;
    if (typeof r?.namespace === 'string' && r.namespace !== gw.namespace) return `certificateRefs.${i} names a Secret of namespace ${r.namespace} ("cross-namespace secret references are not allowed in listeners")`;
  }
  return undefined;
}

/**
 * The annotation of a Gateway that tells cert-manager's gateway-shim to skip the listener `name` (v1.21,
 * cert-manager#8727: a comma-separated list of listener names), or undefined. Its code names the key
 * `acme.cert-manager.io/ignore-tls-listeners` and its release note `cert-manager.io/ignore-tls-listeners`: both are read.
 */
function ignoringAnnotation(gw: K8sObject, name: unknown): string | undefined {
  const a: Record<string, unknown> = gw.metadata.annotations ?? {};
  return IGNORE_LISTENERS.find((key) => typeof a[key] === 'string' && (a[key] as string).split(',').some((n) => n.trim() === name));
}

const IGNORE_LISTENERS = ['acme.cert-manager.io/ignore-tls-listeners', 'cert-manager.io/ignore-tls-listeners'];

/** EDGE-CERTIFICATE-MANAGED for a Gateway: the Secrets of its TLS-terminating listeners (see K8sIngressCertManager). */
function gatewayCertificates(gw: K8sObject, index: ManifestIndex): K8sVerdict[] | undefined {
  const issuer = shimIssuer(gw, index, false);
  const out: K8sVerdict[] = [];
  let shim: ReturnType<typeof gatewayShim> | undefined;
  for (const l of listenersOf(gw)) {
    const tls = l.raw.tls ?? {};
    const terminates = l.protocol === 'HTTPS' || (l.protocol === 'TLS' && (tls.mode ?? 'Terminate') === 'Terminate');
    const refs: any[] = Array.isArray(tls.certificateRefs) ? tls.certificateRefs : [];
    if (!terminates || refs.length === 0) continue;
    const where = listenerName(gw, l);
    const refused = listenerRefused(gw, refs);
    refs.forEach((r, i) => {
      const prop = `spec.listeners.${l.index}.tls.certificateRefs.${i}`;
      const name = typeof r?.name === 'string' ? r.name : '';
      const ns = typeof r?.namespace === 'string' && r.namespace !== '' ? r.namespace : gw.namespace;
      if ((r?.kind ?? 'Secret') !== 'Secret' || (r?.group ?? '') !== '') return void out.push(k8sUnknown(prop, name, `${where} names ${String(r?.kind)} ${name} (group ${String(r?.group ?? '')}), not a Secret: what issues and renews its certificate is the implementation's`));
      if (name === '' || isTemplated(name) || isTemplated(ns)) return void out.push(k8sUnknown(prop, name, `${where} names a templated or empty Secret`));
      const cert = index.certificateFor(ns, name);
      if (cert) return void out.push(k8sPass('spec.secretName', name, `Certificate ${cert.namespace}/${cert.name} (issuer ${cert.doc.spec?.issuerRef?.name ?? '?'}) writes ${ns}/${name}, the certificate of ${where}`, cert));
      if (issuer.how === 'none') return void out.push(k8sFail(prop, name, `TLS Secret ${ns}/${name} of ${where} is not issued by cert-manager (no Certificate of the manifests writes it, no cert-manager.io issuer annotation on the Gateway): nothing renews it before it expires`));
      if (issuer.how === 'bad') return void out.push(k8sFail(issuer.prop, issuer.value, `${issuer.why}, so TLS Secret ${ns}/${name} of ${where} is not issued by cert-manager (no Certificate of the manifests writes it): nothing renews it before it expires`));
      if (typeof l.raw.hostname !== 'string' || l.raw.hostname === '') return void out.push(k8sFail(`spec.listeners.${l.index}.hostname`, name, `${where} has no hostname: cert-manager's gateway-shim issues no Certificate for it (it takes the DNS name from the listener's hostname), and no Certificate of the manifests writes ${ns}/${name}`));
      if (refused !== undefined) return void out.push(k8sFail(prop, name, `${where}: ${refused}, so cert-manager's gateway-shim skips the whole listener ("Skipped a listener block") and issues no Certificate for ${ns}/${name}, which no Certificate of the manifests writes`));
      if (issuer.how === 'open') return void out.push(k8sUnknown(issuer.prop, issuer.value, `${issuer.why} (Secret ${ns}/${name} of ${where})`));
      const taken = shimNameTaken(index, ns, name);
      if (taken) return void out.push(nameTaken(taken, name, issuer.prop, issuer.value));
      const ignoring = ignoringAnnotation(gw, l.raw.name);
      if (ignoring) return void out.push(k8sUnknown(`metadata.annotations.${ignoring}`, gw.metadata.annotations?.[ignoring], `the Gateway's ${ignoring} annotation names ${where}: cert-manager's gateway-shim from v1.21 issues no Certificate for a listener it names (so nothing of the manifests would issue ${ns}/${name}), earlier versions ignore the annotation`));
      shim ??= gatewayShim(index);
      if (shim.how === 'yes') return void out.push(k8sPass(issuer.prop, issuer.value, `cert-manager's gateway-shim issues and renews ${ns}/${name} for ${where} (${issuer.issuer}; ${shim.why})`));
      const verdict = shim.how === 'no' ? k8sFail : k8sUnknown;
      return void out.push(verdict(issuer.prop, issuer.value, `the Gateway asks cert-manager (${issuer.prop.replace('metadata.annotations.', '')}: ${issuer.issuer}) for ${ns}/${name} of ${where}, but ${shim.why}`));
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
