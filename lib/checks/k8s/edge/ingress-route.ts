/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../../checklist/thresholds';
import { ManifestIndex } from '../manifest-index';
import { isTemplated } from '../pod-spec';
import { K8sObject, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { judgeHsts } from './ingress-hsts';
import {
  IngressRouteRoute, TlsOptionSource, crossNamespaceRefused, defaultTlsOption, defaultTlsStore, isTraefikCrd,
  judgeRouterTls, redirectOfRoute, routeMiddlewares, routesOf, tlsOptionByRef,
  crdMiddlewareRef, ingressRouteOptionsKey,
} from './traefik';
import { EntryPoint, TraefikInstance, entryPointsNamed, entryPointsText, routerEntryPoints, traefikStatic } from './traefik-static';
import { parseGoBool } from './nginx-controller-config';

/**
 * Traefik's HTTP IngressRoute (traefik.io/v1alpha1, traefik.containo.us/v1alpha1) as the Kubernetes endpoint items
 * judge it: K8sIngressTls, K8sIngressHttpsRedirect, K8sIngressHsts and K8sIngressCertManager call these for it.
 *
 * An IngressRoute with `spec.tls` is a TLS router: Traefik answers it over TLS only and ignores plain HTTP requests
 * on every entry point (Traefik docs, routers: TLS). Without `spec.tls`, its router is a plain HTTP router on its
 * entry points (`spec.entryPoints`, else the default ones), unless the entry point sets `http.tls` (every router on
 * it is then a TLS router) or `http.redirections.entryPoint` (every request is redirected): Traefik's static
 * configuration, read from the Traefik Deployments of the manifests (`traefikStatic`: a mounted ConfigMap as its
 * configuration file, else its flags, else its TRAEFIK_* variables); when it is not in them, what the entry point does
 * is unknown (the names `web` and `websecure` are only the Helm chart's). A route's `<name>@kubernetescrd` middleware
 * is refused by Traefik unless the provider's allowCrossNamespace is on (unknown otherwise), and names the
 * Middleware as the provider's safeNaming does (`crdMiddlewares`).
 * IngressRouteTCP and IngressRouteUDP are not judged (TCP routers may pass TLS through to the backend or terminate it
 * with options of their own; UDP has no TLS): they stay endpoints no rule reads. One thing of them is read: a TCP
 * router without TLS takes an entry point's plain connections before its HTTP routers, so a redirect's pass on that
 * entry point is unknown (`unlessPlainTcp`).
 */

const TLS = 'spec.tls';

/** The verdicts of the Traefik instances of the manifests: shared, or unknown naming each. */
function acrossInstances(instances: TraefikInstance[], judge: (i: TraefikInstance) => K8sVerdict): K8sVerdict {
  const vs = instances.map((i) => ({ i, v: judge(i) }));
  if (vs.every((x) => x.v.status === vs[0].v.status)) return vs[0].v;
  const first = vs.find((x) => x.v.status !== 'pass')!.v;
  return k8sUnknown(first.property, first.value, `the Traefik instances of the manifests serve it differently: ${vs.map((x) => `${x.i.where}: ${x.v.message}`).join('; ')}`);
}

/** The worst of several verdicts: a fail, else an unknown, else the first pass. */
function worst(vs: K8sVerdict[]): K8sVerdict {
  return vs.find((v) => v.status === 'fail') ?? vs.find((v) => v.status === 'unknown') ?? vs[0];
}

/** Whether every route redirects to HTTPS with its own middlewares (and `epRefs`, an entry point's). */
function routeRedirects(obj: K8sObject, index: ManifestIndex, epRefs: string[] = []) {
  return routesOf(obj).map((r) => ({ r, red: redirectOfRoute(routeMiddlewares(obj, r.route, index, epRefs)) }));
}

// ---------------------------------------------------------------------------------------------------------------
// EDGE-HTTPS-LISTENER

/**
 * EDGE-HTTPS-LISTENER for an IngressRoute. With spec.tls: the certificate is `secretName`'s, or the ACME resolver's
 * (`certResolver`), else the default certificate of Traefik's TLS store (a TLSStore `default` of the manifests that
 * sets one; otherwise Traefik generates a self-signed one: unknown); the TLS versions are those of the TLS options
 * (`judgeTlsOptions`): `spec.tls.options` ({name, namespace}: a TLSOption of the manifests; another namespace needs
 * allowCrossNamespace, another provider's `name@provider` is not in the manifests: unknown), else the TLSOption
 * `default`, else Traefik's built-in default. Which hosts the certificate covers is in the Secret, not read. Without
 * spec.tls: every route redirecting to HTTPS (a RedirectScheme middleware) serves no plain content (pass); else the
 * entry points decide: one of the static configuration without http.tls and without a redirection serves plain
 * HTTP (fail), one with http.tls is judged like spec.tls (its `http.tls.options`, `http.tls.certResolver`); no
 * static configuration in the manifests: unknown.
 * @internal
 */
export function ingressRouteTls(obj: K8sObject, index: ManifestIndex): K8sVerdict | undefined {
  if (!isTraefikCrd(obj)) return undefined;
  const tls = obj.doc.spec?.tls;
  if (tls !== undefined && tls !== null) {
    if (typeof tls !== 'object' || Array.isArray(tls)) return k8sUnknown(TLS, tls, 'spec.tls is not an object: Traefik rejects the IngressRoute');
    return judgeRouterTls(certificateOf(tls, index), index, obj, ingressRouteOptionsKey(obj, tls), routeOptions(obj, tls, index));
  }
  const redirects = routeRedirects(obj, index);
  if (redirects.length > 0 && redirects.every((x) => x.red.how === 'yes')) {
    return k8sPass('spec.routes', undefined, `no spec.tls, but every route redirects to HTTPS (${[...new Set(redirects.map((x) => (x.red as { source: string }).source))].join(', ')}): the IngressRoute serves no content over plain HTTP`);
  }
  const st = traefikStatic(index);
  const eps = entryPointsText(obj);
  if ('open' in st) {
    return k8sUnknown(TLS, undefined, `no spec.tls: Traefik serves the router over plain HTTP on ${eps} unless the entry point terminates TLS (entryPoints.<name>.http.tls) or redirects, which is Traefik's static configuration, not in the manifests (${st.open}); the Helm chart's web entry point (:8000, exposed on 80) serves plain HTTP, its websecure (:8443, exposed on 443) TLS`);
  }
  return acrossInstances(st.instances, (inst) => {
    const attached = routerEntryPoints(obj, inst);
    if (attached.length === 0) return k8sUnknown('spec.entryPoints', undefined, `none of ${eps} is an entry point of ${inst.where}: that Traefik does not serve the IngressRoute (another one may)`);
    const vs: K8sVerdict[] = [];
    for (const ep of attached) {
      if (ep.redirect) continue;
      if (!ep.tls) {
        const leaks = routeRedirects(obj, index, ep.middlewares).filter((x) => x.red.how !== 'yes');
        const open = leaks.find((x) => x.red.how === 'open');
        if (leaks.length === 0) continue;
        if (leaks.some((x) => x.red.how === 'no')) {
          vs.push(k8sFail(TLS, undefined, `no spec.tls, and entry point ${ep.name} of ${inst.where} has neither http.tls nor a redirection: ${leaks.filter((x) => x.red.how === 'no').map((x) => x.r.where).join(', ')} serve${leaks.length > 1 ? '' : 's'} plain HTTP`));
        } else vs.push(k8sUnknown(TLS, undefined, `no spec.tls, on entry point ${ep.name} of ${inst.where} (plain HTTP): ${(open!.red as { why: string }).why}`));
        continue;
      }
      const own = ep.certResolver !== undefined
        ? k8sPass(TLS, ep.certResolver, `Traefik terminates TLS on entry point ${ep.name} (its http.tls, ${inst.where}) with certificates of resolver ${ep.certResolver}`)
        : k8sUnknown(TLS, undefined, `no spec.tls: entry point ${ep.name} of ${inst.where} terminates TLS (http.tls) with no certResolver, so Traefik serves the default certificate of its TLS store, which the manifests do not decide`);
      const options = ep.tlsOptions !== undefined ? tlsOptionByRef(index, ep.tlsOptions, TLS, `entryPoints.${ep.name}.http.tls.options of ${inst.where}`) : defaultTlsOption(index, TLS);
      vs.push(judgeRouterTls(own, index, obj, ep.tlsOptions?.trim() || 'default', options));
    }
    if (vs.length === 0) return k8sPass(TLS, undefined, `no spec.tls, but every entry point of ${inst.where} it is on redirects (http.redirections) or its routes redirect to HTTPS: the IngressRoute serves no content over plain HTTP`);
    return worst(vs);
  });
}

/** The certificate a TLS router serves, as a passing verdict, or unknown when it is the TLS store's default. */
function certificateOf(tls: any, index: ManifestIndex): K8sVerdict {
  const secret = tls.secretName;
  const resolver = tls.certResolver;
  if (typeof secret === 'string' && secret !== '') return k8sPass('spec.tls.secretName', secret, `spec.tls makes the router a TLS router (no plain HTTP) with the certificate of Secret ${secret}`);
  if (typeof resolver === 'string' && resolver !== '') return k8sPass('spec.tls.certResolver', resolver, `spec.tls makes the router a TLS router (no plain HTTP) with certificates of resolver ${resolver}`);
  const { store, note } = defaultTlsStore(index);
  const def = store?.doc.spec?.defaultCertificate?.secretName ?? store?.doc.spec?.defaultGeneratedCert?.resolver;
  if (store && typeof def === 'string') return k8sPass(TLS, def, `spec.tls makes the router a TLS router (no plain HTTP) with the default certificate of TLSStore ${store.namespace}/default (${def})`);
  return k8sUnknown(TLS, undefined, `spec.tls names neither a secretName nor a certResolver: Traefik serves the default certificate of its TLS store, which no TLSStore default of the manifests sets${note} (Traefik generates a self-signed one)`);
}

/** The TLS options of spec.tls: `options` ({name, namespace}), else the default ones. */
function routeOptions(obj: K8sObject, tls: any, index: ManifestIndex): TlsOptionSource | undefined {
  const o = tls.options;
  const prop = 'spec.tls.options';
  if (o === undefined || o === null) return defaultTlsOption(index, TLS);
  const name = typeof o.name === 'string' ? o.name : '';
  if (name === '') return defaultTlsOption(index, TLS);
  if (name.includes('@')) return tlsOptionByRef(index, name, prop, 'spec.tls.options');
  const ns = typeof o.namespace === 'string' && o.namespace !== '' ? o.namespace : obj.namespace;
  if (isTemplated(name) || isTemplated(ns)) return { prop, value: `${ns}/${name}`, open: `spec.tls.options ${ns}/${name} is templated` };
  const cross = ns !== obj.namespace ? crossNamespaceRefused(index, `spec.tls.options TLSOption ${ns}/${name}`) : undefined;
  if (cross) return { prop, value: `${ns}/${name}`, open: cross };
  if (name === 'default') return { prop, value: `${ns}/${name}`, open: `spec.tls.options names ${ns}/default, which Traefik looks up as "${ns}-default" while it registers a TLSOption default as the default options` };
  const options = index.ofKind('TLSOption').filter((x) => isTraefikCrd(x) && x.namespace === ns && x.name === name);
  const option = options.find((x) => x.apiVersion.startsWith('traefik.io/')) ?? options[0];
  if (!option) return { prop, value: `${ns}/${name}`, open: `spec.tls.options names TLSOption ${ns}/${name}, which is not in the manifests` };
  return { option, source: `TLSOption ${ns}/${name} (spec.tls.options)`, prop };
}

// ---------------------------------------------------------------------------------------------------------------
// EDGE-HTTPS-REDIRECT

const PERMANENT_WHY = 'Traefik answers 301 (308 for other methods than GET and HEAD)';
const TEMPORARY_WHY = 'a temporary 302 (307), not a permanent 301/308';

/**
 * EDGE-HTTPS-REDIRECT for an IngressRoute: spec.tls makes a TLS router, which ignores plain HTTP requests (pass, as
 * for an Ingress with TLS). Without it, every route must redirect: a RedirectScheme middleware with scheme https
 * (its own, a chain's member, or the entry point's `http.middlewares`), permanent (`permanent: true`; by default
 * Traefik answers a temporary 302/307: fail); else the entry point decides: `http.redirections.entryPoint` (scheme
 * https and permanent by default: pass; permanent false fails) or `http.tls` (no plain HTTP) pass, neither fails;
 * static configuration not in the manifests, or a middleware that cannot be read, is unknown.
 * @internal
 */
export function ingressRouteRedirect(obj: K8sObject, index: ManifestIndex): K8sVerdict | undefined {
  if (!isTraefikCrd(obj)) return undefined;
  const tls = obj.doc.spec?.tls;
  if (tls !== undefined && tls !== null) return k8sPass(TLS, undefined, 'spec.tls makes the IngressRoute\'s router a TLS router, which ignores plain HTTP requests: it serves no plain HTTP');
  const own = routeRedirects(obj, index);
  if (own.length === 0) return undefined;
  if (own.every((x) => x.red.how === 'yes')) return unlessPlainTcp(redirectVerdict(own), index, listed(obj.doc.spec?.entryPoints));
  const st = traefikStatic(index);
  if ('open' in st) {
    const open = own.find((x) => x.red.how === 'open');
    const missing = own.filter((x) => x.red.how === 'no').map((x) => x.r.where);
    return k8sUnknown(TLS, undefined, `no spec.tls${missing.length > 0 ? ` and no RedirectScheme middleware on ${missing.join(', ')}` : ''}${open ? ` (${(open.red as { why: string }).why})` : ''}: Traefik serves the router over plain HTTP on ${entryPointsText(obj)} unless the entry point redirects (entryPoints.<name>.http.redirections) or terminates TLS, which is Traefik's static configuration, not in the manifests (${st.open})`);
  }
  return acrossInstances(st.instances, (inst) => {
    const attached = routerEntryPoints(obj, inst);
    if (attached.length === 0) return k8sUnknown('spec.entryPoints', undefined, `none of ${entryPointsText(obj)} is an entry point of ${inst.where}: that Traefik does not serve the IngressRoute (another one may)`);
    return worst(attached.map((ep) => entryPointRedirect(obj, index, inst, ep)));
  });
}

function redirectVerdict(rs: { r: IngressRouteRoute; red: ReturnType<typeof redirectOfRoute> }[], where = ''): K8sVerdict {
  const temporary = rs.filter((x) => x.red.how === 'yes' && !x.red.permanent);
  if (temporary.length > 0) {
    return k8sFail(`${temporary[0].r.where.split(' ')[0]}.middlewares`, 'permanent: false', `${temporary.map((x) => `${x.r.where} redirects with ${(x.red as { source: string }).source}`).join('; ')}${where}: without permanent: true Traefik answers ${TEMPORARY_WHY}`);
  }
  return k8sPass('spec.routes', undefined, `every route redirects plain HTTP to HTTPS permanently (${[...new Set(rs.map((x) => (x.red as { source: string }).source))].join(', ')}${where}): ${PERMANENT_WHY}`);
}

/** The verdict of an entry point that redirects every request (`http.redirections.entryPoint`) or sets http.tls; undefined for neither. */
function staticRedirect(at: string, ep: EntryPoint, prop: string): K8sVerdict | undefined {
  if (ep.redirect) {
    const { to, scheme, permanent } = ep.redirect;
    if (scheme.toLowerCase() !== 'https') return k8sUnknown(prop, scheme, `${at} redirects every request to ${to} with scheme ${scheme}, not https`);
    if (parseGoBool(permanent) === false) return k8sFail(prop, 'permanent=false', `${at} redirects every request to ${to} (https) with ${TEMPORARY_WHY} (http.redirections.entryPoint.permanent=false)`);
    return k8sPass(prop, to, `${at} redirects every request to ${to} (https, permanent: ${PERMANENT_WHY})`);
  }
  if (ep.tls) return k8sPass(prop, undefined, `${at} sets http.tls: the router is a TLS router there, which ignores plain HTTP requests`);
  return undefined;
}

function entryPointRedirect(obj: K8sObject, index: ManifestIndex, inst: TraefikInstance, ep: EntryPoint): K8sVerdict {
  const at = `entry point ${ep.name} of ${inst.where}`;
  const fixed = staticRedirect(at, ep, TLS);
  if (fixed) return ep.redirect ? unlessPlainTcp(fixed, index, [ep.name]) : fixed;
  const rs = routeRedirects(obj, index, ep.middlewares);
  const missing = rs.filter((x) => x.red.how === 'no');
  if (missing.length > 0) return k8sFail(TLS, undefined, `no spec.tls, and ${at} has neither http.tls nor a redirection: ${missing.map((x) => x.r.where).join(', ')} serve${missing.length > 1 ? '' : 's'} plain HTTP without a RedirectScheme middleware`);
  const open = rs.find((x) => x.red.how === 'open');
  if (open) return k8sUnknown(TLS, undefined, `no spec.tls, on ${at} (plain HTTP): ${(open.red as { why: string }).why}`);
  return unlessPlainTcp(redirectVerdict(rs, ` on ${at}`), index, [ep.name]);
}

/** Entry point names a router lists (undefined: none listed, the default ones). */
function listed(eps: unknown): string[] | undefined {
  return Array.isArray(eps) ? eps.map(String) : undefined;
}

/**
 * A plain (non-TLS) TCP router of the manifests that may listen on the entry points `eps` (undefined: a router's
 * default ones), in words: an IngressRouteTCP without `tls` (such a router matches only `HostSNI(\`*\`)`, every
 * connection) that lists one of them, or lists none (its default entry points). Traefik applies an entry point's
 * TCP routers before its HTTP routers ("If both HTTP routers and TCP routers listen to the same entry points, the TCP
 * routers will apply before the HTTP routers"), so no HTTP router, and no redirect, sees a plain request there.
 */
function plainTcpRouter(index: ManifestIndex, eps: string[] | undefined): string | undefined {
  for (const tcp of index.ofKind('IngressRouteTCP')) {
    if (!isTraefikCrd(tcp)) continue;
    const spec = tcp.doc.spec ?? {};
    if (spec.tls !== undefined && spec.tls !== null) continue;
    const its = listed(spec.entryPoints);
    if (eps !== undefined && its !== undefined && !its.some((e) => eps.includes(e))) continue;
    const on = its !== undefined ? `entry point${its.length > 1 ? 's' : ''} ${its.join(', ')}` : 'its default entry points';
    return `IngressRouteTCP ${tcp.namespace}/${tcp.name}, a TCP router without TLS on ${on}`;
  }
  return undefined;
}

/** A redirect's pass, unknown when a plain TCP router may take the entry point's plain connections before it (`plainTcpRouter`). */
function unlessPlainTcp(v: K8sVerdict, index: ManifestIndex, eps: string[] | undefined): K8sVerdict {
  if (v.status !== 'pass') return v;
  const tcp = plainTcpRouter(index, eps);
  if (tcp === undefined) return v;
  return k8sUnknown(v.property, v.value, `${v.message}; but ${tcp}, takes every plain connection there before any HTTP router (Traefik applies an entry point's TCP routers first, and one without TLS matches every connection): the redirect may never run`);
}

const ROUTER = 'traefik.ingress.kubernetes.io/router.';

/**
 * EDGE-HTTPS-REDIRECT for an Ingress without TLS that Traefik serves: its router is a plain HTTP router on the entry
 * points `router.entrypoints` names (else the default ones), so the static configuration of the Traefik instances of
 * the manifests that enable the kubernetesingress provider decides: an entry point with
 * `http.redirections.entryPoint` (scheme https, permanent by default) passes, `permanent=false` fails; one with
 * `http.tls` passes (a TLS router ignores plain HTTP); otherwise a RedirectScheme https middleware among the entry
 * point's `http.middlewares` and the Ingress's `router.middlewares` (`<namespace>-<name>@kubernetescrd`) redirects
 * (permanent: true passes, Traefik's default is a temporary 302/307: fail); none fails (plain HTTP served); a
 * middleware that cannot be read is unknown; static configuration not in the manifests: unknown.
 * @internal
 */
export function traefikIngressRedirect(obj: K8sObject, index: ManifestIndex): K8sVerdict {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const st = traefikStatic(index, 'kubernetesingress');
  const prop = 'spec.tls';
  if ('open' in st) {
    return k8sUnknown(prop, undefined, `no TLS: Traefik serves the Ingress's router over plain HTTP on its entry points unless the entry point redirects to HTTPS (entryPoints.<name>.http.redirections) or terminates TLS, which is Traefik's static configuration, not in the manifests (${st.open}), or a RedirectScheme middleware does`);
  }
  const rawEps = a[`${ROUTER}entrypoints`];
  const rawMws = a[`${ROUTER}middlewares`];
  if (isTemplated(rawEps) || isTemplated(rawMws)) return k8sUnknown(`metadata.annotations.${ROUTER}${isTemplated(rawEps) ? 'entrypoints' : 'middlewares'}`, isTemplated(rawEps) ? rawEps : rawMws, 'a Traefik router annotation of the Ingress is templated');
  const named = (rawEps ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const refs = (rawMws ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const epText = named.length > 0 ? `entry point${named.length > 1 ? 's' : ''} ${named.join(', ')}` : 'every default entry point (router.entrypoints names none)';
  return acrossInstances(st.instances, (inst) => {
    const attached = entryPointsNamed(named, inst);
    if (attached.length === 0) return k8sUnknown(`metadata.annotations.${ROUTER}entrypoints`, rawEps, `none of ${epText} is an entry point of ${inst.where}: that Traefik does not serve the Ingress (another one may)`);
    return worst(attached.map((ep) => {
      const at = `entry point ${ep.name} of ${inst.where} (${inst.source})`;
      const fixed = staticRedirect(at, ep, prop);
      if (fixed) return ep.redirect ? unlessPlainTcp(fixed, index, [ep.name]) : fixed;
      const mws = [...ep.middlewares, ...refs].map((ref) => ref.includes('@') ? crdMiddlewareRef(index, ref)
        : { ref, open: `Traefik middleware ${ref} names no provider: from an Ingress Traefik resolves it in the Kubernetes Ingress provider (${ref}@kubernetes), not as a Middleware resource` });
      const red = redirectOfRoute(mws);
      if (red.how === 'open') return k8sUnknown(`metadata.annotations.${ROUTER}middlewares`, rawMws, `no TLS, on ${at} (neither http.tls nor a redirection): ${red.why}`);
      if (red.how === 'no') return k8sFail(prop, undefined, `no TLS, and ${at} has neither http.tls nor a redirection, and no RedirectScheme middleware of the entry point or router.middlewares redirects: the Ingress's router serves plain HTTP`);
      if (!red.permanent) return k8sFail(`metadata.annotations.${ROUTER}middlewares`, rawMws, `on ${at}, ${red.source} redirects with ${TEMPORARY_WHY}: set permanent: true`);
      return unlessPlainTcp(k8sPass(`metadata.annotations.${ROUTER}middlewares`, rawMws, `on ${at}, ${red.source} redirects every plain HTTP request to HTTPS permanently: ${PERMANENT_WHY}`), index, [ep.name]);
    }));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// HEADERS-HSTS

/**
 * HEADERS-HSTS for an IngressRoute: every route served over HTTPS that does not redirect applies a Middleware whose
 * `headers` send Strict-Transport-Security (`stsSeconds`, with `stsIncludeSubdomains`; or a
 * `customResponseHeaders` Strict-Transport-Security), judged as a browser reads it (`judgeHsts`): its own
 * middlewares, a chain's members, and, where the static configuration is in the manifests, its entry point's
 * `http.middlewares`. No such middleware fails (Traefik sends no HSTS by default), unless one of its middlewares
 * cannot be read (another namespace, another provider, not in the manifests: unknown). With spec.tls every route is
 * HTTPS. Without it, a route served only over plain HTTP fails (a browser ignores the header over HTTP), one that
 * only redirects is not judged, and without the static configuration a pass is unknown (the entry point decides
 * whether it is HTTPS).
 * @internal
 */
export function ingressRouteHsts(obj: K8sObject, index: ManifestIndex, t: Thresholds): K8sVerdict[] | undefined {
  if (!isTraefikCrd(obj)) return undefined;
  const routes = routesOf(obj);
  const tls = obj.doc.spec?.tls !== undefined && obj.doc.spec?.tls !== null;
  const st = traefikStatic(index);
  if (tls) {
    if ('open' in st) return routesHsts(obj, routes, index, t, []);
    // The entry points' middlewares apply to the routes on them: each instance and entry point judged.
    const all = st.instances.flatMap((inst) => routerEntryPoints(obj, inst).map((ep) => ep.middlewares));
    return merge(all.length > 0 ? all.map((refs) => routesHsts(obj, routes, index, t, refs)) : [routesHsts(obj, routes, index, t, [])]);
  }
  if (routeRedirects(obj, index).every((x) => x.red.how === 'yes')) return undefined;
  if ('open' in st) {
    return routesHsts(obj, routes, index, t, []).map((v) => v.status !== 'pass' ? v
      : k8sUnknown(v.property, v.value, `${v.message}, but the IngressRoute has no spec.tls: it is served over HTTPS only if its entry point terminates TLS (Traefik's static configuration, not in the manifests: ${st.open}), and a browser ignores Strict-Transport-Security over plain HTTP`, v.object));
  }
  const secure = st.instances.flatMap((inst) => routerEntryPoints(obj, inst).filter((ep) => ep.tls && !ep.redirect).map((ep) => ({ inst, ep })));
  if (secure.length === 0) {
    const plain = st.instances.flatMap((inst) => routerEntryPoints(obj, inst).filter((ep) => !ep.redirect).map((ep) => ({ inst, ep })));
    const serving = plain.filter(({ ep }) => routeRedirects(obj, index, ep.middlewares).some((x) => x.red.how !== 'yes'));
    if (serving.length === 0) return undefined;
    return [k8sFail(TLS, undefined, `the IngressRoute is served over plain HTTP only (no spec.tls; ${serving.map(({ inst, ep }) => `entry point ${ep.name} of ${inst.where}`).join(', ')} without http.tls): a browser ignores Strict-Transport-Security over HTTP`)];
  }
  return merge(secure.map(({ ep }) => routesHsts(obj, routes, index, t, ep.middlewares)));
}

/** Several readings of the routes' HSTS: the failures, else the unknowns, else the passes of the first. */
function merge(readings: K8sVerdict[][]): K8sVerdict[] {
  const all = readings.flat();
  const failed = all.filter((v) => v.status === 'fail');
  if (failed.length > 0) return failed;
  const open = all.filter((v) => v.status === 'unknown');
  return open.length > 0 ? open : readings[0];
}

/** The HSTS of each route that does not redirect, through its middlewares (and `epRefs`, the entry point's). */
function routesHsts(obj: K8sObject, routes: IngressRouteRoute[], index: ManifestIndex, t: Thresholds, epRefs: string[]): K8sVerdict[] {
  const out: K8sVerdict[] = [];
  for (const r of routes) {
    const mws = routeMiddlewares(obj, r.route, index, epRefs);
    if (redirectOfRoute(mws).how === 'yes') continue;
    const sources = mws.flatMap((m) => 'mw' in m ? stsOf(m.mw) : []);
    const open = mws.filter((m): m is { open: string; ref: string } => 'open' in m);
    if (sources.length === 0) {
      out.push(open.length > 0
        ? k8sUnknown(`${r.where.split(' ')[0]}.middlewares`, open[0].ref, `${r.where}: no Middleware of the manifests it applies sets Strict-Transport-Security, and ${open.map((m) => m.open).join('; ')}: it may`)
        : k8sFail(`${r.where.split(' ')[0]}.middlewares`, undefined, `${r.where} sends no Strict-Transport-Security: no Middleware it applies sets headers.stsSeconds (Traefik sends none by default)`));
      continue;
    }
    const vs = sources.map((s) => s.templated
      ? k8sUnknown(s.prop, s.value, `${s.source}: Strict-Transport-Security is templated`, s.mw)
      : judgeHsts(s.value, s.prop, `${s.source} (${r.where})`, t, s.mw));
    const statuses = new Set(vs.map((v) => v.status));
    if (statuses.size === 1) out.push(vs[0]);
    else out.push(k8sUnknown(vs[0].property, vs[0].value, `${r.where} applies several Middlewares that set Strict-Transport-Security and disagree: ${vs.map((v) => v.message).join('; ')}; the order Traefik applies them in decides`, vs[0].object));
  }
  return out;
}

/** The Strict-Transport-Security a headers Middleware sets: `stsSeconds` (+ stsIncludeSubdomains), or a custom response header. */
function stsOf(mw: K8sObject): { value: string; prop: string; source: string; mw: K8sObject; templated: boolean }[] {
  const h = mw.doc.spec?.headers;
  if (!h || typeof h !== 'object') return [];
  const source = `Middleware ${mw.namespace}/${mw.name}`;
  const out: { value: string; prop: string; source: string; mw: K8sObject; templated: boolean }[] = [];
  const custom = h.customResponseHeaders && typeof h.customResponseHeaders === 'object' ? h.customResponseHeaders : {};
  const key = Object.keys(custom).find((k) => k.toLowerCase() === 'strict-transport-security');
  if (h.stsSeconds !== undefined && h.stsSeconds !== null) {
    const value = `max-age=${String(h.stsSeconds)}${h.stsIncludeSubdomains === true || String(h.stsIncludeSubdomains) === 'true' ? '; includeSubDomains' : ''}`;
    out.push({ value, prop: 'spec.headers.stsSeconds', source, mw, templated: isTemplated(h.stsSeconds) || isTemplated(h.stsIncludeSubdomains) });
  } else if (key !== undefined && String(custom[key]) !== '') {
    out.push({ value: String(custom[key]), prop: `spec.headers.customResponseHeaders.${key}`, source, mw, templated: isTemplated(custom[key]) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// EDGE-CERTIFICATE-MANAGED

/**
 * EDGE-CERTIFICATE-MANAGED for an IngressRoute with spec.tls: `secretName` passes when a cert-manager Certificate of
 * the manifests writes that Secret (cert-manager's ingress-shim reads Ingresses and Gateways only: a cert-manager.io
 * annotation on an IngressRoute issues nothing), else fails; `certResolver` passes (Traefik's ACME resolver obtains
 * and renews the certificate), unless the static configuration of the manifests defines no such resolver (fail:
 * Traefik serves its default certificate); neither serves the TLS store's default certificate: a TLSStore default of
 * the manifests names its Secret (judged the same way) or resolver, else unknown. Without spec.tls, the entry points
 * of the static configuration that terminate TLS for it are judged the same way (`http.tls.certResolver`, else the
 * store's default); none, or routes that only redirect: not judged (as an Ingress without TLS); static configuration
 * not in the manifests: unknown.
 * @internal
 */
export function ingressRouteCertificate(obj: K8sObject, index: ManifestIndex): K8sVerdict[] | undefined {
  if (!isTraefikCrd(obj)) return undefined;
  const tls = obj.doc.spec?.tls;
  if (tls === undefined || tls === null) return entryPointCertificates(obj, index);
  if (typeof tls !== 'object') return undefined;
  const out: K8sVerdict[] = [];
  if (typeof tls.secretName === 'string' && tls.secretName !== '') out.push(secretVerdict(index, obj.namespace, tls.secretName, 'spec.tls.secretName'));
  if (typeof tls.certResolver === 'string' && tls.certResolver !== '') out.push(resolverVerdict(index, tls.certResolver, 'spec.tls.certResolver'));
  return out.length > 0 ? out : [storeCertificate(index, 'spec.tls names neither a secretName nor a certResolver')];
}

/** The TLS store's default certificate: a TLSStore default's Secret or resolver, else unknown. */
function storeCertificate(index: ManifestIndex, why: string): K8sVerdict {
  const { store, note } = defaultTlsStore(index);
  const secret = store?.doc.spec?.defaultCertificate?.secretName;
  const resolver = store?.doc.spec?.defaultGeneratedCert?.resolver;
  if (store && typeof secret === 'string') return secretVerdict(index, store.namespace, secret, 'spec.defaultCertificate.secretName', store);
  if (store && typeof resolver === 'string') return resolverVerdict(index, resolver, 'spec.defaultGeneratedCert.resolver', store);
  return k8sUnknown(TLS, undefined, `${why}: Traefik serves the default certificate of its TLS store, which no TLSStore default of the manifests sets${note} (Traefik generates a self-signed one)`);
}

/**
 * The certificates of an IngressRoute without spec.tls: those of the entry points that terminate TLS for it
 * (`http.tls.certResolver`, else the TLS store's default); none (plain HTTP, or only redirects): not judged; static
 * configuration not in the manifests: unknown.
 */
function entryPointCertificates(obj: K8sObject, index: ManifestIndex): K8sVerdict[] | undefined {
  if (routeRedirects(obj, index).every((x) => x.red.how === 'yes')) return undefined;
  const st = traefikStatic(index);
  if ('open' in st) {
    return [k8sUnknown(TLS, undefined, `no spec.tls: if ${entryPointsText(obj)} terminates TLS (http.tls, Traefik's static configuration, not in the manifests: ${st.open}), Traefik serves that entry point's certResolver's certificate or its TLS store's default, which decide whether it is renewed`)];
  }
  const secure = st.instances.flatMap((inst) => routerEntryPoints(obj, inst).filter((ep) => ep.tls && !ep.redirect).map((ep) => ({ inst, ep })));
  if (secure.length === 0) return undefined;
  return secure.map(({ inst, ep }) => ep.certResolver !== undefined
    ? resolverVerdict(index, ep.certResolver, TLS)
    : storeCertificate(index, `no spec.tls, and entry point ${ep.name} of ${inst.where} terminates TLS (http.tls) with no certResolver`));
}

function secretVerdict(index: ManifestIndex, namespace: string, secret: string, prop: string, object?: K8sObject): K8sVerdict {
  const cert = index.certificateFor(namespace, secret);
  if (cert) return k8sPass('spec.secretName', secret, `Certificate ${cert.name} (issuer ${cert.doc.spec?.issuerRef?.name ?? '?'}) writes ${secret}`, cert);
  return k8sFail(prop, secret, `TLS Secret ${namespace}/${secret} is not issued by cert-manager (no Certificate of the manifests writes it; cert-manager's ingress-shim reads Ingresses and Gateways, not IngressRoutes): nothing renews it before it expires`, object);
}

function resolverVerdict(index: ManifestIndex, resolver: string, prop: string, object?: K8sObject): K8sVerdict {
  const st = traefikStatic(index);
  if (!('open' in st)) {
    const key = `certificatesresolvers.${resolver.toLowerCase()}.`;
    const missing = st.instances.filter((i) => ![...i.flags.keys()].some((k) => k.startsWith(key)));
    if (missing.length > 0) return k8sFail(prop, resolver, `certificate resolver ${resolver} is not defined in the static configuration of ${missing.map((i) => i.where).join(', ')} (certificatesResolvers.${resolver}.acme): Traefik obtains no certificate and serves its default one`, object);
  }
  return k8sPass(prop, resolver, `Traefik's ACME certificate resolver ${resolver} obtains and renews the certificate (30 days before it expires, by default)`, object);
}
