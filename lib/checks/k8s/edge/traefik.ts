/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex } from '../manifest-index';
import { isTemplated } from '../pod-spec';
import { K8sObject, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { servingController } from './ingress-class';
import { crdOption, namedEntryPoints, routerEntryPoints, staticBool, traefikImages, traefikStatic } from './traefik-static';

/**
 * Traefik's Kubernetes CRDs (IngressRoute, Middleware, TLSOption, TLSStore) as the edge rules read them: TLS options,
 * routes, middlewares and the references between them. Traefik's static configuration (entry points, the
 * kubernetescrd provider's options) is read in traefik-static.ts.
 * @internal
 */
export const TRAEFIK_API = /^traefik\.(io|containo\.us)\//;

/** Whether an object is of Traefik's API groups (traefik.io/v1alpha1, or traefik.containo.us/v1alpha1 before v3). @internal */
export function isTraefikCrd(obj: K8sObject): boolean {
  return TRAEFIK_API.test(obj.apiVersion);
}

/**
 * A Traefik object of the manifests by kind, namespace and name; when both API groups hold one, traefik.io's (Traefik
 * v2.10+ keeps the traefik.io resource of a kind, namespace and name).
 */
function traefikObject(index: ManifestIndex, kind: string, namespace: string, name: string): K8sObject | undefined {
  const found = index.ofKind(kind).filter((o) => isTraefikCrd(o) && o.namespace === namespace && o.name === name);
  return found.find((o) => o.apiVersion.startsWith('traefik.io/')) ?? found[0];
}

// ---------------------------------------------------------------------------------------------------------------
// TLS options: the minimum TLS version of a router.

/** Traefik's TLS versions, as its TLSOption `minVersion` names them: below 1.2 / 1.2 and up. */
const TRAEFIK_LEGACY = ['VersionTLS10', 'VersionTLS11'];
const TRAEFIK_MODERN = ['VersionTLS12', 'VersionTLS13'];
/**
 * The first Traefik release taken to ship built-in default TLS options with minVersion VersionTLS12: traefik/traefik#8951
 * was merged in September 2022, between v2.9's release candidates and v2.10; which of the two first shipped it is not
 * confirmed here, so a v2.9 image counts as older (a wrong fail on an unsupported release, never a wrong pass).
 */
const TRAEFIK_MODERN_DEFAULT = [2, 10];

/** Where a router's TLS options come from: a TLSOption of the manifests, or why it cannot be read. @internal */
export type TlsOptionSource = { option: K8sObject; source: string; prop: string } | { open: string; prop: string; value?: unknown };

/**
 * The TLS options a router without options of its own uses: the TLSOption named `default`, in any namespace (Traefik
 * docs, TLSOption in Kubernetes: there may be only one, otherwise they are dropped and the built-in default options
 * apply, which the Traefik release decides); undefined when there is none (the built-in default options).
 * @internal
 */
export function defaultTlsOption(index: ManifestIndex, prop: string): TlsOptionSource | undefined {
  const scope = defaultTlsNamespace(index);
  if ('open' in scope) return { prop, open: scope.open };
  const all = index.ofKind('TLSOption').filter((o) => isTraefikCrd(o) && o.name === 'default');
  const defaults = scope.namespace === undefined ? all : all.filter((o) => o.namespace === scope.namespace);
  if (defaults.length === 0) return undefined;
  if (defaults.length > 1) {
    return { prop, open: `the manifests hold several TLSOptions named default (${defaults.map((o) => `${o.namespace}/${o.name}`).join(', ')}): Traefik drops them, and which options its routers then use depends on its release and provider settings` };
  }
  return { option: defaults[0], source: `TLSOption ${defaults[0].namespace}/default (the options of every Traefik router that names none)`, prop };
}

/**
 * The namespace the kubernetescrd provider takes the TLSOption and TLSStore named `default` from: its
 * `defaultTLSResourcesNamespace` (Traefik v3.7+; Traefik docs, TLSOption and TLSStore in Kubernetes: the option
 * "restricts the namespace this cluster-wide default can be defined in", a `default` elsewhere is ignored), undefined
 * when unset (any namespace). Static configuration not in the manifests: unset, its default (as for safeNaming).
 * `open` when the Traefik instances of the manifests disagree.
 * @internal
 */
export function defaultTlsNamespace(index: ManifestIndex): { namespace?: string; where?: string } | { open: string } {
  const st = traefikStatic(index);
  if ('open' in st) return st.absent ? {} : { open: `providers.kubernetesCRD.defaultTLSResourcesNamespace, which decides the namespace Traefik takes the TLSOption and TLSStore named default from, is in the static configuration of a Traefik of the manifests that is not read (${st.open})` };
  const key = 'providers.kubernetescrd.defaulttlsresourcesnamespace';
  const values = st.instances.map((i) => i.flags.get(key) ?? '');
  if (values.some((v) => v !== values[0])) {
    return { open: `the Traefik instances of the manifests set providers.kubernetesCRD.defaultTLSResourcesNamespace differently (${st.instances.map((i, n) => `${i.where}: ${values[n] || 'unset'}`).join('; ')}), which decides the namespace Traefik takes the TLSOption and TLSStore named default from` };
  }
  if (values[0] === '') return {};
  return { namespace: values[0], where: `providers.kubernetesCRD.defaultTLSResourcesNamespace ${values[0]} (${st.instances.map((i) => i.where).join(', ')})` };
}

/**
 * The TLSStore `default` Traefik uses: the one of the manifests (in `defaultTLSResourcesNamespace` when the static
 * configuration sets it: another namespace's is ignored), none when there is none or several (Traefik drops them),
 * and `note`, for messages, when the namespace restriction left one out or is undecided.
 * @internal
 */
export function defaultTlsStore(index: ManifestIndex): { store?: K8sObject; note: string } {
  const scope = defaultTlsNamespace(index);
  const all = index.ofKind('TLSStore').filter((o) => isTraefikCrd(o) && o.name === 'default');
  if ('open' in scope) return { note: all.length > 0 ? `: ${scope.open}` : '' };
  const stores = scope.namespace === undefined ? all : all.filter((o) => o.namespace === scope.namespace);
  const ignored = all.filter((o) => !stores.includes(o));
  const note = ignored.length > 0 ? ` (${scope.where} makes Traefik ignore ${ignored.map((o) => `TLSStore ${o.namespace}/default`).join(', ')})` : '';
  return { store: stores.length === 1 ? stores[0] : undefined, note };
}

/**
 * TLS options named as Traefik names them across providers: `<namespace>-<name>@kubernetescrd` (a TLSOption of the
 * manifests; two whose namespace and name join to the same text share Traefik's key: unknown), `default` (the default
 * options), another provider's `<name>@<provider>` (unknown).
 * @internal
 */
export function tlsOptionByRef(index: ManifestIndex, ref: string, prop: string, who: string): TlsOptionSource | undefined {
  if (ref === 'default') return defaultTlsOption(index, prop);
  if (isTemplated(ref)) return { prop, value: ref, open: `${who} "${ref}" is templated` };
  const m = /^(.+)@kubernetescrd$/.exec(ref);
  const safe = m ? crdOption(index, 'safeNaming', false) : undefined;
  if (safe && 'open' in safe && !safe.unread) return { prop, value: ref, open: `which TLSOption ${ref} (${who}) names depends on the kubernetescrd provider's safeNaming: ${safe.open}` };
  if (safe && 'on' in safe && safe.on) return { prop, value: ref, open: `${safe.where}: safeNaming renames the objects of the kubernetescrd provider (traefik/traefik#13689), and which TLSOption ${ref} (${who}) then names is not read` };
  const options = m ? index.ofKind('TLSOption').filter((o) => isTraefikCrd(o) && `${o.namespace}-${o.name}` === m[1]) : [];
  // Traefik keys TLSOptions by <namespace>-<name> too (traefik/traefik#6318): two that share the key leave it open.
  if (options.length > 1) return { prop, value: ref, open: `the TLS options ${ref} (${who}) name ${options.map((o) => `TLSOption ${o.namespace}/${o.name}`).join(' and ')}: Traefik keys TLSOptions by <namespace>-<name>, so they share one key and which one applies is not decided by the manifests` };
  const option = options[0];
  if (!option) return { prop, value: ref, open: `the TLS options ${ref} (${who}) ${m ? 'are not a TLSOption of the manifests' : 'come from another provider than Kubernetes CRDs'}` };
  return { option, source: `TLSOption ${option.namespace}/${option.name} (${who})`, prop };
}

/**
 * A passing verdict on a TLS router (`own`) against the TLS options it uses (`from`; undefined: Traefik's built-in
 * default options). Traefik sets the handshake's minimum only from a `minVersion` it knows (pkg/tls/tlsmanager.go):
 * VersionTLS10/11 fails; absent or another value leaves Go's crypto/tls server default, TLS 1.0 before Go 1.22, so
 * the Traefik build decides (unknown). Options that cannot be read are unknown. The built-in default options set
 * minVersion VersionTLS12 since traefik/traefik#8951 (v2.9 or v2.10; the TLSOption reference documents the default
 * "VersionTLS12"); before it they set none (Go's default, TLS 1.0): a Traefik of the manifests whose image tag names
 * a release before v2.10 fails, otherwise the default passes (releases before v2.10 are out of support).
 * @internal
 */
export function judgeTlsOptions(own: K8sVerdict, index: ManifestIndex, from: TlsOptionSource | undefined): K8sVerdict {
  if (own.status !== 'pass') return own;
  if (!from) return builtinTlsDefault(own, index);
  if ('open' in from) return k8sUnknown(from.prop, from.value ?? own.value, `${own.message}, but ${from.open}: their minVersion decides the TLS versions Traefik accepts`);
  const min = from.option.doc.spec?.minVersion;
  if (typeof min === 'string' && TRAEFIK_LEGACY.includes(min)) return k8sFail(from.prop, min, `${own.message}, but ${from.source} sets minVersion ${min}: Traefik accepts TLS older than 1.2`);
  if (typeof min === 'string' && TRAEFIK_MODERN.includes(min)) return k8sPass(own.property, own.value, `${own.message}; ${from.source} sets minVersion ${min}`);
  const what = min === undefined || min === null ? 'sets no minVersion' : isTemplated(min) ? `has a templated minVersion "${String(min)}"` : `sets minVersion "${String(min)}", which Traefik does not know`;
  return k8sUnknown(from.prop, min, `${own.message}, but ${from.source} ${what}: Traefik then leaves Go's crypto/tls server minimum, TLS 1.0 before Go 1.22, so the Traefik release decides; set minVersion: VersionTLS12`);
}

// ---------------------------------------------------------------------------------------------------------------
// Conflicting TLS options: routers of one host name with different TLS options.

/**
 * A TLS router of the manifests Traefik may build: its object, the host expressions of its `Host` matchers (exact
 * names, `*.` and `**.` wildcards), its TLS options reference, and `hostless`, the rule of one of its routes that has
 * no Host matcher (Traefik ignores the TLS options of such a route).
 */
interface TlsRouter { obj: K8sObject; where: string; hosts: string[]; key: string; hostless?: string }

/**
 * The host expressions of the positive `Host(...)` matchers in a rule, lower case: what Traefik maps TLS options to
 * (pkg/muxer/http ParseDomains: "the domains from positive Host matchers (not negated)"; HostRegexp, HostSNI and a
 * negated Host are left out); with `matcher` HostSNI, those of an IngressRouteTCP's `HostSNI(...)` matchers.
 * @internal
 */
export function ruleHosts(rule: unknown, matcher: 'Host' | 'HostSNI' = 'Host'): string[] {
  if (typeof rule !== 'string') return [];
  const out: string[] = [];
  const re = matcher === 'Host' ? /(?<![A-Za-z])(?<!!\s*)Host\(([^()]*)\)/g : /(?<![A-Za-z])(?<!!\s*)HostSNI\(([^()]*)\)/g;
  for (const m of rule.matchAll(re)) {
    for (const h of m[1].matchAll(/[`"']([^`"']+)[`"']/g)) out.push(h[1].toLowerCase());
  }
  return out;
}

/** A TLS options reference as Traefik keys it: `default` (none), `<ns>-<name>@kubernetescrd`, or the reference as written. */
function optionsKey(ref: unknown): string {
  return typeof ref === 'string' && ref.trim() !== '' ? ref.trim() : 'default';
}

/** The TLS options reference of an IngressRoute's spec.tls.options ({name, namespace}). @internal */
export function ingressRouteOptionsKey(obj: K8sObject, tls: any): string {
  const o = tls?.options;
  const name = typeof o?.name === 'string' ? o.name : '';
  if (name === '' || name === 'default') return 'default';
  if (name.includes('@')) return name;
  const ns = typeof o.namespace === 'string' && o.namespace !== '' ? o.namespace : obj.namespace;
  return `${ns}-${name}@kubernetescrd`;
}

/** The TLS options reference of an Ingress Traefik serves (`router.tls.options`). @internal */
export function ingressOptionsKey(obj: K8sObject): string {
  return optionsKey((obj.metadata.annotations ?? {})['traefik.ingress.kubernetes.io/router.tls.options']);
}

/**
 * The TLS routers of the manifests Traefik may build: IngressRoutes with spec.tls (their options), IngressRoutes
 * without it on a TLS entry point of the static configuration (the entry point's options; static configuration not
 * in the manifests: those naming websecure, the Helm chart's TLS entry point, or no entry point, with the default
 * options), and Ingresses with spec.tls whose class may be Traefik's (it resolves to Traefik, or to nothing).
 */
function tlsRouters(index: ManifestIndex): TlsRouter[] {
  const hit = routersCache.get(index);
  if (hit) return hit;
  const out: TlsRouter[] = [];
  const st = traefikStatic(index);
  for (const obj of index.ofKind('IngressRoute').filter(isTraefikCrd)) {
    const routes = routesOf(obj).map((r) => ({ r, hosts: ruleHosts(r.route?.match) }));
    const hosts = routes.flatMap((x) => x.hosts);
    const bare = routes.find((x) => x.hosts.length === 0);
    const hostless = bare ? `${bare.r.where}` : undefined;
    if (routes.length === 0) continue;
    const where = `IngressRoute ${obj.namespace}/${obj.name}`;
    const tls = obj.doc.spec?.tls;
    if (tls !== undefined && tls !== null) {
      out.push({ obj, where, hosts, key: ingressRouteOptionsKey(obj, tls), hostless });
      continue;
    }
    if ('open' in st) {
      const named = namedEntryPoints(obj);
      if (named.length === 0 || named.some((n) => n.toLowerCase() === 'websecure')) out.push({ obj, where, hosts, key: 'default', hostless });
      continue;
    }
    for (const inst of st.instances) {
      for (const ep of routerEntryPoints(obj, inst)) if (ep.tls) out.push({ obj, where: `${where} (entry point ${ep.name})`, hosts, key: optionsKey(ep.tlsOptions), hostless });
    }
  }
  for (const obj of index.ofKind('Ingress')) {
    const tls: any[] = Array.isArray(obj.doc.spec?.tls) ? obj.doc.spec.tls : [];
    if (tls.length === 0) continue;
    const served = servingController(obj, index);
    if (served && !served.kinds.includes('traefik')) continue;
    const rules: any[] = Array.isArray(obj.doc.spec?.rules) ? obj.doc.spec.rules : [];
    const named = rules.map((r, i) => ({ i, host: typeof r?.host === 'string' ? r.host.toLowerCase() : '' }));
    // Traefik's Ingress provider writes a wildcard host as HostRegexp (buildHostRule), a rule without host with no Host.
    const hosts = named.filter((r) => r.host !== '' && !r.host.startsWith('*.')).map((r) => r.host);
    const bare = named.find((r) => r.host === '' || r.host.startsWith('*.'));
    const hostless = bare ? `spec.rules.${bare.i} (${bare.host === '' ? 'no host' : `host ${bare.host}, which Traefik matches with HostRegexp`})` : undefined;
    if (rules.length > 0) out.push({ obj, where: `Ingress ${obj.namespace}/${obj.name}`, hosts, key: ingressOptionsKey(obj), hostless });
  }
  routersCache.set(index, out);
  return out;
}
const routersCache = new WeakMap<ManifestIndex, TlsRouter[]>();

/**
 * The TLS verdict of a router (`self`, naming TLS options `key`, read from `from`) whose certificate verdict is `own`:
 * its TLS options (`judgeTlsOptions`), as Traefik applies them. Traefik maps TLS options to the host expressions of
 * `Host` matchers only (applied in the handshake, before routing; pkg/server/router/tcp manager.go), so:
 * - a route of the router without a Host matcher (HostRegexp only, a path only; an Ingress rule without host or
 *   with a wildcard host, which Traefik's Ingress provider writes as HostRegexp) does not get the router's options:
 *   it is served with the default TLS options, or with those of another router whose Host the client names
 *   (`hostlessTls`);
 * - routers of one host expression with different TLS options conflict (`withTlsConflicts`);
 * - a wildcard host expression (`*.example.com`, Traefik v3.7+, traefik/traefik#12884; `**.example.com`,
 *   traefik/traefik#13882) covers the names another router routes: for those names Traefik's handshake takes the
 *   other router's options (the exact name's rule ranks first, a `*.` over a `**.`), and requests the other router
 *   does not match reach this one with them (`withTlsOverlaps`).
 * A router with the default options is unchanged (a conflict gives it the default options).
 * @internal
 */
export function judgeRouterTls(own: K8sVerdict, index: ManifestIndex, self: K8sObject, key: string, from: TlsOptionSource | undefined): K8sVerdict {
  const v = judgeTlsOptions(own, index, from);
  if (own.status !== 'pass' || key === 'default') return v;
  const mine = tlsRouters(index).filter((r) => r.obj === self);
  const hostless = mine.find((r) => r.hostless !== undefined);
  const out: K8sVerdict[] = [];
  if (!hostless || mine.some((r) => r.hosts.length > 0)) out.push(v.status === 'pass' ? withTlsOverlaps(withTlsConflicts(v, index, self, key), index, self, key) : v);
  if (hostless) out.push(hostlessTls(own, index, hostless, key));
  return out.find((x) => x.status === 'fail') ?? out.find((x) => x.status === 'unknown') ?? out[0];
}

/**
 * A passing TLS verdict of a router (`self`, naming TLS options `key`) against the other TLS routers of the
 * manifests Traefik may build for the same host name: when routers of one host name on one entry point name
 * different TLS options Traefik drops both mappings and serves the host with the `default` TLS options (Traefik docs,
 * TLS options: "Conflicting TLS Options"; pkg/server/router/tcp: "found different TLS options for routers on the same
 * host ..., so using the default TLS options instead"; before traefik/traefik#13329 routers on different entry points
 * conflicted too, so entry points are not compared here). The route passes only if the default options pass too;
 * otherwise unknown, naming the other router. With `core.strictTLSOptions` on in the static configuration of the
 * manifests, Traefik disables the conflicting routers instead: unknown (the route may not be served).
 */
function withTlsConflicts(v: K8sVerdict, index: ManifestIndex, self: K8sObject, key: string): K8sVerdict {
  if (v.status !== 'pass') return v;
  const mine = tlsRouters(index).filter((r) => r.obj === self).flatMap((r) => r.hosts);
  const other = tlsRouters(index).find((r) => r.obj !== self && r.key !== key && r.hosts.some((h) => mine.includes(h)));
  if (!other) return v;
  const host = other.hosts.find((h) => mine.includes(h));
  const who = `${other.where} also routes host ${host} with TLS options ${other.key} (this router: ${key})`;
  const strict = staticBool(index, 'core.stricttlsoptions', 'core.strictTLSOptions');
  if ('open' in strict) return k8sUnknown(v.property, v.value, `${v.message}, but ${who}, and whether Traefik then falls back to its default TLS options or disables both routers depends on ${strict.open}`);
  if (strict.on) return k8sUnknown(v.property, v.value, `${v.message}, but ${who}: with ${strict.where} Traefik disables the routers of a host name whose TLS options conflict on an entry point, so the route may not be served`);
  const dflt = judgeTlsOptions(k8sPass(v.property, v.value, `the default TLS options Traefik falls back to`), index, defaultTlsOption(index, v.property ?? 'spec.tls'));
  if (dflt.status === 'pass') return k8sPass(v.property, v.value, `${v.message}; ${who}, where Traefik may fall back to ${dflt.message.replace(/^the default TLS options Traefik falls back to; /, '')}, which pass too`);
  return k8sUnknown(dflt.property, dflt.value, `${v.message}, but ${who}: routers of one host name on one entry point with different TLS options make Traefik serve the host with its default TLS options (Traefik docs, TLS options: Conflicting TLS Options), and ${dflt.message}`);
}

/** Whether the host expression `expr` (an exact name, `*.<domain>` or `**.<domain>`) matches `name` (a name or a narrower expression). */
function hostCovers(expr: string, name: string): boolean {
  if (expr === name) return false;
  if (expr.startsWith('**.')) return name.endsWith(expr.slice(2)) && name.length > expr.length - 1;
  if (expr.startsWith('*.')) {
    const dot = name.indexOf('.');
    return dot > 0 && !name.startsWith('**.') && name.slice(dot) === expr.slice(1);
  }
  return false;
}

/**
 * A passing TLS verdict of a router against the other TLS routers whose host expressions overlap its own by wildcard:
 * a `*.`/`**.` expression of this router covering another router's name (or narrower wildcard) with other TLS options
 * gives those names the other router's options, which must pass too (else unknown, naming it); an exact name of this
 * router that another router's `*.` wildcard covers ranks equal to it when its first label is one character (the rules
 * `HostSNI(a.example.com)` and `HostSNI(*.example.com)` have the same length, Traefik's default priority): unknown.
 */
function withTlsOverlaps(v: K8sVerdict, index: ManifestIndex, self: K8sObject, key: string): K8sVerdict {
  if (v.status !== 'pass') return v;
  const mine = tlsRouters(index).filter((r) => r.obj === self).flatMap((r) => r.hosts);
  const others = tlsRouters(index).filter((r) => r.obj !== self && r.key !== key);
  for (const o of others) {
    for (const h of o.hosts) {
      const wide = mine.find((m) => hostCovers(m, h));
      if (wide !== undefined) {
        const from = tlsOptionByRef(index, o.key, v.property ?? 'spec.tls', `the TLS options of ${o.where}`);
        const theirs = judgeTlsOptions(k8sPass(v.property, v.value, `the TLS options of ${o.where}`), index, from);
        if (theirs.status !== 'pass') {
          return k8sUnknown(v.property, v.value, `${v.message}, but its host ${wide} covers ${h}, which ${o.where} routes with TLS options ${o.key}: Traefik's handshake for ${h} takes those options (the narrower host ranks first), and requests for ${h} that ${o.where} does not match reach this router with them, and ${theirs.message}`);
        }
        continue;
      }
      const tie = mine.find((m) => h.startsWith('*.') && !h.startsWith('**.') && hostCovers(h, m) && m.indexOf('.') === 1);
      if (tie !== undefined) {
        return k8sUnknown(v.property, v.value, `${v.message}, but ${o.where} routes ${h}, which covers its host ${tie} with TLS options ${o.key}: the rules HostSNI(${tie}) and HostSNI(${h}) have the same default priority (their length), so which TLS options Traefik's handshake for ${tie} takes is not decided by the manifests`);
      }
    }
  }
  return v;
}

/**
 * A router with a route that has no Host matcher (`hostless`, naming TLS options `key` other than the default ones):
 * Traefik does not map TLS options to it ("No domain found in rule ..., the TLS options applied for this router will
 * depend on the SNI of each request", pkg/server/router/tcp; traefik/traefik#11375: TLS options are selected by Host
 * matchers only), so a client whose SNI no Host rule names is served with the default TLS options: judged on them
 * (`own` against `defaultTlsOption`). When they fail and another TLS router of the manifests names a host with other
 * options, the route may be reached only under those (unknown); otherwise the default options decide.
 */
function hostlessTls(own: K8sVerdict, index: ManifestIndex, r: TlsRouter, key: string): K8sVerdict {
  const ignored = `${r.where} ${r.hostless} has no Host matcher: Traefik maps TLS options to Host names only, so it does not apply TLS options ${key} there and serves the route with the default TLS options to a client whose SNI names no Host rule`;
  const dflt = judgeTlsOptions(k8sPass(own.property, own.value, `${own.message}, but ${ignored}`), index, defaultTlsOption(index, own.property ?? 'spec.tls'));
  if (dflt.status !== 'fail') return dflt;
  const named = tlsRouters(index).find((o) => o.obj !== r.obj && o.hosts.length > 0 && o.key !== 'default');
  if (!named) return dflt;
  return k8sUnknown(dflt.property, dflt.value, `${dflt.message}; unless its route matches only hosts ${named.where} and other routers name with their own TLS options`);
}

/** Traefik's built-in default TLS options, as the releases of the Traefik images in the manifests set them. */
function builtinTlsDefault(own: K8sVerdict, index: ManifestIndex): K8sVerdict {
  const old = traefikImages(index).filter((i) => i.version !== undefined && compareVersion(i.version, TRAEFIK_MODERN_DEFAULT) < 0);
  if (old.length > 0) {
    return k8sFail(own.property, own.value, `${own.message}, but no TLSOption sets its options and the Traefik of the manifests (${old.map((i) => `${i.where}: ${i.image}`).join(', ')}) predates v2.10 (traefik/traefik#8951, in v2.9 or v2.10, made the built-in default options set minVersion VersionTLS12): older releases leave Go's server default, which accepts TLS 1.0 and 1.1; add a TLSOption default with minVersion: VersionTLS12`);
  }
  return k8sPass(own.property, own.value, `${own.message}; Traefik's built-in default TLS options (no TLSOption default in the manifests) set minVersion VersionTLS12 (since v2.9 or v2.10)`);
}

function compareVersion(v: number[], to: number[]): number {
  for (let i = 0; i < to.length; i++) if ((v[i] ?? 0) !== to[i]) return (v[i] ?? 0) - to[i];
  return 0;
}

/**
 * Whether Traefik refuses a reference of an IngressRoute (or of a chain Middleware) in `namespace` to `ref`, another
 * provider's `<name>@<provider>`: `@kubernetescrd` is refused unless the provider's allowCrossNamespace (false by
 * default) is on (pkg/provider/kubernetes/crd resolveReference, since traefik/traefik#8322, v2.5), any provider's
 * unless `namespace` is among its crossProviderNamespaces when that option is set. The route is then not served.
 * Undefined when Traefik takes the reference; the reason otherwise (static configuration not in the manifests
 * included: allowCrossNamespace then keeps its default).
 * @internal
 */
export function crossProviderRefused(index: ManifestIndex, namespace: string, ref: string): string | undefined {
  if (ref.endsWith('@kubernetescrd')) {
    const allow = crdOption(index, 'allowCrossNamespace', false);
    if ('open' in allow) return `Traefik refuses an @kubernetescrd reference of an IngressRoute or Middleware (${ref}) unless its kubernetescrd provider sets allowCrossNamespace, false by default (traefik/traefik#8322), which the static configuration decides (${allow.open})`;
    if (!allow.on) return `Traefik refuses an @kubernetescrd reference of an IngressRoute or Middleware (${ref}) when allowCrossNamespace is off (${allow.where}; traefik/traefik#8322): the route is not served`;
  }
  const st = traefikStatic(index);
  if ('open' in st) return st.absent ? undefined : `Traefik refuses the cross-provider reference ${ref} unless namespace ${namespace} is among its kubernetescrd provider's crossProviderNamespaces when set, which the static configuration of a Traefik of the manifests that is not read decides (${st.open})`;
  for (const i of st.instances) {
    const raw = i.flags.get('providers.kubernetescrd.crossprovidernamespaces');
    if (raw === undefined) continue;
    const allowed = raw.split(',').map((x) => x.trim()).filter(Boolean);
    if (!allowed.includes(namespace)) return `${i.where} sets providers.kubernetesCRD.crossProviderNamespaces (${raw || 'none'}) without namespace ${namespace}: Traefik refuses its cross-provider reference ${ref}`;
  }
  return undefined;
}

/** Whether an IngressRoute may name a Middleware or TLSOption of another namespace: undefined when it may, why not otherwise. @internal */
export function crossNamespaceRefused(index: ManifestIndex, what: string): string | undefined {
  const allow = crdOption(index, 'allowCrossNamespace', false);
  if ('open' in allow) return `${what} is in another namespace than the IngressRoute: Traefik refuses it unless its kubernetescrd provider sets allowCrossNamespace (false by default), which the static configuration decides (${allow.open})`;
  return allow.on ? undefined : `${what} is in another namespace than the IngressRoute: Traefik refuses it (${allow.where})`;
}

/**
 * The Middlewares of the manifests a `<...>@kubernetescrd` reference names, as the kubernetescrd provider names them:
 * `<namespace>-<name>` (its default; two Middlewares may share that key, `ambiguousMiddleware`), or `<namespace>_<name>`
 * when it sets `safeNaming` (Traefik v3.7.11+, traefik/traefik#13689; traefik/traefik#13765: references must then use
 * the `_` form, and the `-` form names nothing, so Traefik refuses the router). Where the static configuration is not
 * in the manifests, its default (no safeNaming) applies: a reference it would not resolve makes Traefik refuse the
 * router, which then serves nothing. `open` when the Traefik instances disagree.
 * @internal
 */
export function crdMiddlewares(index: ManifestIndex, ref: string): { found: K8sObject[] } | { open: string } {
  const safe = crdOption(index, 'safeNaming', false);
  const key = ref.trim().replace(/@kubernetescrd$/, '');
  if ('open' in safe && !safe.unread) return { open: `which Middleware ${ref} names depends on the kubernetescrd provider's safeNaming: ${safe.open}` };
  if ('on' in safe && safe.on) {
    const found = index.ofKind('Middleware').filter((o) => isTraefikCrd(o) && `${o.namespace}_${o.name}` === key);
    const legacy = index.traefikMiddlewares(ref);
    if (found.length === 0 && legacy.length > 0) return { open: `middleware ${ref} names no Middleware: ${safe.where} names Middleware ${legacy[0].namespace}/${legacy[0].name} ${legacy[0].namespace}_${legacy[0].name}@kubernetescrd (traefik/traefik#13689, #13765), so Traefik refuses the router` };
    const io = found.find((o) => o.apiVersion.startsWith('traefik.io/'));
    return { found: io ? [io] : found.slice(0, 1) };
  }
  return { found: index.traefikMiddlewares(ref) };
}

// ---------------------------------------------------------------------------------------------------------------
// Routes and their middlewares.

/** One route of an IngressRoute (`spec.routes[i]`). @internal */
export interface IngressRouteRoute { readonly index: number; readonly route: any; readonly where: string }

/** The routes of an IngressRoute. @internal */
export function routesOf(obj: K8sObject): IngressRouteRoute[] {
  const routes: any[] = Array.isArray(obj.doc.spec?.routes) ? obj.doc.spec.routes : [];
  return routes.map((route, index) => ({ index, route, where: `spec.routes.${index}${typeof route?.match === 'string' ? ` (${route.match})` : ''}` }));
}

/** A middleware of a route: the Middleware of the manifests, or why it cannot be read. @internal */
export type RouteMiddleware = { mw: K8sObject; ref: string } | { open: string; ref: string };

/**
 * The middlewares a route applies, in order: the entry point's `http.middlewares` (`epRefs`), then the route's
 * `middlewares` ({name, namespace}: the namespace defaults to the IngressRoute's; another namespace needs the
 * provider's allowCrossNamespace, false by default: unknown; a name with `@<provider>` other than kubernetescrd is
 * not in the manifests), each `chain` Middleware expanded into its members.
 * @internal
 */
export function routeMiddlewares(obj: K8sObject, route: any, index: ManifestIndex, epRefs: string[] = []): RouteMiddleware[] {
  const out: RouteMiddleware[] = [];
  const add = (ref: string, resolved: K8sObject | undefined, depth: number, missing: string) => {
    if (!resolved) {
      out.push({ ref, open: missing });
      return;
    }
    const chain = resolved.doc.spec?.chain;
    if (chain && depth < 5) {
      const members: any[] = Array.isArray(chain.middlewares) ? chain.middlewares : [];
      for (const m of members) crdRef(m, resolved.namespace, depth + 1);
      return;
    }
    out.push({ ref, mw: resolved });
  };
  const byProviderRef = (ref: string, depth: number): void => {
    const r = crdMiddlewareRef(index, ref);
    if ('open' in r) out.push(r);
    else add(ref, r.mw, depth, '');
  };
  const crdRef = (m: any, namespace: string, depth: number): void => {
    const name = typeof m?.name === 'string' ? m.name : '';
    if (name.includes('@')) {
      // An IngressRoute's (or a chain's) cross-provider reference: Traefik may refuse it (resolveReference).
      const refused = isTemplated(name) ? undefined : crossProviderRefused(index, namespace, name);
      if (refused) return void out.push({ ref: name, open: refused });
      return byProviderRef(name, depth);
    }
    const ns = typeof m?.namespace === 'string' && m.namespace !== '' ? m.namespace : namespace;
    const ref = `${ns}/${name}`;
    const cross = ns !== namespace ? crossNamespaceRefused(index, `middleware ${ref}`) : undefined;
    if (isTemplated(name) || isTemplated(ns)) out.push({ ref, open: `middleware ${ref} is templated` });
    else if (cross) out.push({ ref, open: cross });
    else add(ref, traefikObject(index, 'Middleware', ns, name), depth, `Traefik Middleware ${ref} is not in the manifests`);
  };
  for (const ref of epRefs) byProviderRef(ref, 0);
  const own: any[] = Array.isArray(route?.middlewares) ? route.middlewares : [];
  for (const m of own) crdRef(m, obj.namespace, 0);
  return out;
}

/**
 * A `<name>@<provider>` middleware reference (an entry point's, an Ingress's router.middlewares, an IngressRoute's
 * once Traefik takes it): the Middleware of the manifests it names (`crdMiddlewares`), or why it cannot be read
 * (templated, another provider, not in the manifests, several Middlewares sharing its key, safeNaming).
 * @internal
 */
export function crdMiddlewareRef(index: ManifestIndex, ref: string): { mw: K8sObject; ref: string } | { open: string; ref: string } {
  if (isTemplated(ref)) return { ref, open: `middleware ${ref} is templated` };
  if (!ref.endsWith('@kubernetescrd')) return { ref, open: `middleware ${ref} comes from another provider than Kubernetes CRDs (not in the manifests)` };
  const r = crdMiddlewares(index, ref);
  if ('open' in r) return { ref, open: r.open };
  if (r.found.length > 1) return { ref, open: ambiguousMiddleware(ref, r.found) };
  if (r.found.length === 0) return { ref, open: `Traefik middleware ${ref} is not in the manifests` };
  return { ref, mw: r.found[0] };
}

/**
 * Why a `<namespace>-<name>@kubernetescrd` reference that more than one Middleware of the manifests gives cannot be
 * read: Traefik keys its Middlewares by namespace and name joined with `-` (`provider.Normalize(makeID(...))`), so
 * they share one key and the one it lists last wins (traefik/traefik#6318).
 * @internal
 */
export function ambiguousMiddleware(ref: string, found: K8sObject[]): string {
  return `middleware ${ref} names ${found.map((o) => `Middleware ${o.namespace}/${o.name}`).join(' and ')}: Traefik keys Middlewares by <namespace>-<name>, so they share one key and the one it lists last applies, which the manifests do not decide`;
}

/**
 * Whether a route's middlewares redirect every request to HTTPS: `yes` with a RedirectScheme whose scheme is https
 * (its `permanent`, default false: a 302/307, else 301/308), `open` when a middleware cannot be read before one is
 * found, `no` otherwise.
 * @internal
 */
export function redirectOfRoute(mws: RouteMiddleware[]): { how: 'yes'; permanent: boolean; source: string } | { how: 'no' } | { how: 'open'; why: string } {
  for (const m of mws) {
    if ('open' in m) return { how: 'open', why: m.open };
    const rs = m.mw.doc.spec?.redirectScheme;
    if (!rs) continue;
    const scheme = String(rs.scheme ?? '');
    if (isTemplated(scheme) || isTemplated(rs.permanent)) return { how: 'open', why: `Middleware ${m.mw.namespace}/${m.mw.name} redirectScheme is templated` };
    if (scheme.toLowerCase() !== 'https') return { how: 'open', why: `Middleware ${m.mw.namespace}/${m.mw.name} redirects to scheme "${scheme}", not https` };
    const permanent = rs.permanent === true || String(rs.permanent).toLowerCase() === 'true';
    return { how: 'yes', permanent, source: `Middleware ${m.mw.namespace}/${m.mw.name} (redirectScheme https${permanent ? ', permanent' : ''})` };
  }
  return { how: 'no' };
}
