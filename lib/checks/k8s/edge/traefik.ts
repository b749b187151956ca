/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sObject, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * Traefik's Kubernetes CRDs (IngressRoute, Middleware, TLSOption, TLSStore) as the edge rules read them, and Traefik's
 * static configuration (its entry points) where the manifests hold the Traefik Deployment that carries it.
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
  const defaults = index.ofKind('TLSOption').filter((o) => isTraefikCrd(o) && o.name === 'default');
  if (defaults.length === 0) return undefined;
  if (defaults.length > 1) {
    return { prop, open: `the manifests hold several TLSOptions named default (${defaults.map((o) => `${o.namespace}/${o.name}`).join(', ')}): Traefik drops them, and which options its routers then use depends on its release and provider settings` };
  }
  return { option: defaults[0], source: `TLSOption ${defaults[0].namespace}/default (the options of every Traefik router that names none)`, prop };
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

// ---------------------------------------------------------------------------------------------------------------
// Static configuration: the Traefik Deployments and DaemonSets of the manifests, their entry points.

/** The Traefik images: Docker's official `traefik` (any registry or mirror: docker.io/traefik, rancher/mirrored-library-traefik). */
const TRAEFIK_IMAGE = /(^|\/)(traefik|mirrored-library-traefik)$/;

interface TraefikContainer { where: string; image: string; version?: number[]; container: any; workload: K8sObject }

function traefikContainers(index: ManifestIndex): TraefikContainer[] {
  const hit = containersCache.get(index);
  if (hit) return hit;
  const out: TraefikContainer[] = [];
  for (const w of [...index.ofKind('Deployment'), ...index.ofKind('DaemonSet'), ...index.ofKind('StatefulSet')]) {
    const tpl = index.podTemplate(w);
    for (const c of tpl ? containersOf(tpl) : []) {
      const image = typeof c.container.image === 'string' ? c.container.image : '';
      const name = image.split('@')[0];
      const colon = name.lastIndexOf(':');
      const repository = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
      if (!TRAEFIK_IMAGE.test(repository)) continue;
      const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '';
      const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
      out.push({ where: `${w.kind}/${w.namespace}/${w.name}`, image, version: m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined, container: c.container, workload: w });
    }
  }
  containersCache.set(index, out);
  return out;
}
const containersCache = new WeakMap<ManifestIndex, TraefikContainer[]>();

function traefikImages(index: ManifestIndex): { where: string; image: string; version?: number[] }[] {
  return traefikContainers(index);
}

/** One entry point of Traefik's static configuration, as its flags set it. @internal */
export interface EntryPoint {
  readonly name: string;
  /** `http.tls` set (or any of its options): every router on it is a TLS router. */
  readonly tls: boolean;
  readonly tlsOptions?: string;
  readonly certResolver?: string;
  /** `http.redirections.entryPoint`: every request is redirected (scheme default https, permanent default true). */
  readonly redirect?: { to: string; scheme: string; permanent: string };
  /** `http.middlewares`: the middlewares of every router on it, as `<ref>@<provider>`. */
  readonly middlewares: string[];
  readonly asDefault: boolean;
}

/** One Traefik of the manifests whose static configuration is its command-line flags. @internal */
export interface TraefikInstance {
  readonly where: string;
  readonly entryPoints: Map<string, EntryPoint>;
  readonly flags: Map<string, string>;
}

/**
 * The static configuration of the Traefik instances of the manifests that serve IngressRoutes (the kubernetescrd
 * provider enabled), from their flags; `open` (why) when it cannot be read: no Traefik in the manifests (Traefik is
 * usually installed apart from the app: its Helm chart's entry points are web :8000 -> 80, plain HTTP, and websecure
 * :8443 -> 443 with TLS), a configuration file (Traefik reads `--configFile`, else the first of
 * /etc/traefik/traefik.{toml,yaml,yml}, $XDG_CONFIG_HOME/traefik.*, $HOME/.config/traefik.*, ./traefik.*, before any
 * flag: pkg/cli/loader_file.go; a volume mounted there counts as one), no flags (environment variables), templated
 * flags, or a flag without `=` followed by a value.
 * @internal
 */
export function traefikStatic(index: ManifestIndex): { instances: TraefikInstance[] } | { open: string } {
  const hit = staticCache.get(index);
  if (hit) return hit;
  const out = readStatic(index);
  staticCache.set(index, out);
  return out;
}
const staticCache = new WeakMap<ManifestIndex, { instances: TraefikInstance[] } | { open: string }>();

function readStatic(index: ManifestIndex): { instances: TraefikInstance[] } | { open: string } {
  const containers = traefikContainers(index);
  if (containers.length === 0) return { open: 'no Traefik Deployment in the manifests carries Traefik\'s static configuration' };
  const instances: TraefikInstance[] = [];
  for (const c of containers) {
    const args: unknown[] = [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])];
    const mounts: any[] = Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [];
    const file = mounts.map((m) => String(m?.mountPath ?? '')).find((p) => p === '/' || p === '/etc' || p.startsWith('/etc/traefik') || p.includes('/.config') || /traefik\.(toml|ya?ml)$/.test(p));
    if (file !== undefined) return { open: `${c.where} mounts a volume at ${file}, where Traefik looks for a configuration file (read before any flag)` };
    const flags = new Map<string, string>();
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a !== 'string') return { open: `${c.where} has an argument that is not a string` };
      if (isTemplated(a)) return { open: `${c.where} has a templated argument ${a}` };
      if (!a.startsWith('-')) continue;
      const body = a.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const key = (eq === -1 ? body : body.slice(0, eq)).toLowerCase().replace(/^traefik\./, '');
      if (eq === -1 && typeof args[i + 1] === 'string' && !(args[i + 1] as string).startsWith('-') && /^(entrypoints|certificatesresolvers|providers)\./.test(key)) {
        return { open: `${c.where} passes ${a} without "=": whether the next argument is its value cannot be read` };
      }
      flags.set(key, eq === -1 ? 'true' : body.slice(eq + 1));
    }
    if ([...flags.keys()].some((k) => k === 'configfile')) return { open: `${c.where} reads its static configuration from a file (--configFile)` };
    if (flags.size === 0) return { open: `${c.where} has no flags: its static configuration comes from environment variables or Traefik's defaults` };
    // Only the instances that serve IngressRoutes (the kubernetescrd provider) count.
    if (![...flags.keys()].some((k) => k === 'providers.kubernetescrd' || k.startsWith('providers.kubernetescrd.'))) continue;
    if (flags.get('providers.kubernetescrd') === 'false') continue;
    instances.push({ where: c.where, flags, entryPoints: entryPointsOf(flags) });
  }
  if (instances.length === 0) return { open: 'no Traefik of the manifests enables the kubernetescrd provider (another Traefik serves the IngressRoutes)' };
  return { instances };
}

function entryPointsOf(flags: Map<string, string>): Map<string, EntryPoint> {
  const names = new Set<string>();
  for (const k of flags.keys()) {
    const m = /^entrypoints\.([^.]+)\.address$/.exec(k);
    if (m) names.add(m[1]);
  }
  const out = new Map<string, EntryPoint>();
  for (const name of names) {
    const f = (suffix: string) => flags.get(`entrypoints.${name}.${suffix}`);
    const tlsKeys = [...flags.keys()].filter((k) => k.startsWith(`entrypoints.${name}.http.tls.`));
    const tlsFlag = f('http.tls');
    const tls = (tlsFlag !== undefined && tlsFlag.toLowerCase() !== 'false') || tlsKeys.length > 0;
    const to = f('http.redirections.entrypoint.to');
    out.set(name, {
      name,
      tls,
      tlsOptions: f('http.tls.options'),
      certResolver: f('http.tls.certresolver'),
      redirect: to !== undefined ? { to, scheme: f('http.redirections.entrypoint.scheme') ?? 'https', permanent: f('http.redirections.entrypoint.permanent') ?? 'true' } : undefined,
      middlewares: (f('http.middlewares') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      asDefault: (f('asdefault') ?? 'false').toLowerCase() === 'true',
    });
  }
  return out;
}

/**
 * The entry points of an instance a router attaches to: those it names (case-insensitive; an undefined one is not
 * served by this instance), else the default ones (`asDefault`, Traefik v3), else every one.
 * @internal
 */
export function routerEntryPoints(route: K8sObject, instance: TraefikInstance): EntryPoint[] {
  const named = namedEntryPoints(route);
  const all = [...instance.entryPoints.values()];
  if (named.length === 0) {
    const defaults = all.filter((e) => e.asDefault);
    return defaults.length > 0 ? defaults : all;
  }
  return named.map((n) => instance.entryPoints.get(n.toLowerCase())).filter((e): e is EntryPoint => e !== undefined);
}

/** The entry points an IngressRoute names (`spec.entryPoints`). @internal */
export function namedEntryPoints(route: K8sObject): string[] {
  const eps: unknown[] = Array.isArray(route.doc.spec?.entryPoints) ? route.doc.spec.entryPoints : [];
  return eps.filter((e): e is string => typeof e === 'string' && e !== '');
}

/** The entry points of a route, for messages. @internal */
export function entryPointsText(route: K8sObject): string {
  const named = namedEntryPoints(route);
  return named.length > 0 ? `entry point${named.length > 1 ? 's' : ''} ${named.join(', ')}` : 'every default entry point (it names none)';
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
    if (isTemplated(ref)) out.push({ ref, open: `middleware ${ref} is templated` });
    else if (!ref.endsWith('@kubernetescrd')) out.push({ ref, open: `middleware ${ref} comes from another provider than Kubernetes CRDs (not in the manifests)` });
    else {
      const found = index.traefikMiddlewares(ref);
      if (found.length > 1) out.push({ ref, open: ambiguousMiddleware(ref, found) });
      else add(ref, found[0], depth, `Traefik middleware ${ref} is not in the manifests`);
    }
  };
  const crdRef = (m: any, namespace: string, depth: number): void => {
    const name = typeof m?.name === 'string' ? m.name : '';
    if (name.includes('@')) return byProviderRef(name, depth);
    const ns = typeof m?.namespace === 'string' && m.namespace !== '' ? m.namespace : namespace;
    const ref = `${ns}/${name}`;
    if (isTemplated(name) || isTemplated(ns)) out.push({ ref, open: `middleware ${ref} is templated` });
    else if (ns !== obj.namespace) out.push({ ref, open: `middleware ${ref} is in another namespace than the IngressRoute: Traefik refuses it unless its kubernetescrd provider sets allowCrossNamespace (false by default)` });
    else add(ref, traefikObject(index, 'Middleware', ns, name), depth, `Traefik Middleware ${ref} is not in the manifests`);
  };
  for (const ref of epRefs) byProviderRef(ref, 0);
  const own: any[] = Array.isArray(route?.middlewares) ? route.middlewares : [];
  for (const m of own) crdRef(m, obj.namespace, 0);
  return out;
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
