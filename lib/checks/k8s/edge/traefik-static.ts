/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sObject } from '../rule';
import { parseGoBool } from './nginx-controller-config';

/**
 * Traefik's static configuration as the edge rules read it: the Traefik Deployments, DaemonSets and StatefulSets of
 * the manifests (image `traefik`), the one source each reads its static configuration from (a mounted YAML
 * configuration file, else its flags, else its `TRAEFIK_*` environment variables), its providers, its entry points and
 * the entry points a router attaches to. Traefik's dynamic configuration (IngressRoutes, Middlewares, TLS options)
 * is read in traefik.ts.
 */

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

/** The Traefik containers of the manifests: where, image and the release its tag names. @internal */
export function traefikImages(index: ManifestIndex): { where: string; image: string; version?: number[] }[] {
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

/** One Traefik of the manifests and its static configuration, as flag keys (lower case, without `--`). @internal */
export interface TraefikInstance {
  readonly where: string;
  readonly entryPoints: Map<string, EntryPoint>;
  readonly flags: Map<string, string>;
  /** Where the static configuration comes from: its flags, a configuration file, or `TRAEFIK_*` environment variables. */
  readonly source: string;
}

/** The static configuration of every Traefik of the manifests, read once per index. */
interface StaticRead { containers: { c: TraefikContainer; flags: Map<string, string>; source: string }[] }

/**
 * Why the static configuration cannot be read: `absent` when no Traefik of the manifests serves the provider (Traefik
 * is installed apart: its options keep their defaults where a reader assumes them), otherwise a Traefik of the
 * manifests whose configuration is not read (a TOML file, a volume, a `valueFrom` not in the manifests...), whose
 * options may be anything.
 * @internal
 */
export interface StaticOpen { readonly open: string; readonly absent?: boolean }

/** The providers the static configuration enables, as Traefik names them in its keys. @internal */
export type TraefikProvider = 'kubernetescrd' | 'kubernetesingress';

/**
 * The static configuration of the Traefik instances of the manifests that enable `provider` (kubernetescrd: they
 * serve IngressRoutes; kubernetesingress: Ingresses). Traefik reads it from one source only (Traefik docs,
 * Configuration Introduction: "three different, mutually exclusive ... ways ... evaluated in the order listed": a
 * configuration file, the command-line arguments, environment variables; pkg/cli: FileLoader, FlagLoader, EnvLoader,
 * the first that finds something wins): a configuration file (`--configFile`, else the first of
 * /etc/traefik/traefik.{toml,yaml,yml}, $XDG_CONFIG_HOME/traefik.*, $HOME/.config/traefik.*, ./traefik.*) when one
 * exists, which the flags then do not change; else the flags; else the `TRAEFIK_*` environment variables.
 * A file is read when it is a key of a ConfigMap of the manifests mounted at that path (YAML; TOML is not read: no
 * TOML parser among the dependencies). `open` (why) when it cannot be read: no Traefik in the manifests (Traefik is
 * usually installed apart from the app: its Helm chart's entry points are web :8000 -> 80, plain HTTP, and websecure
 * :8443 -> 443 with TLS), a file in a volume that is not a ConfigMap of the manifests, a TOML file, a mount that may
 * hold a file at a path Traefik looks at, templated values, a flag without `=` followed by a value, an environment
 * variable from a `valueFrom` not in the manifests or `envFrom`, or no source at all (Traefik's defaults, or a file
 * baked into the image). Only `absent` (no Traefik of the manifests serves the provider) lets a reader assume an
 * option's default; a Traefik of the manifests whose configuration is not read may set any option.
 * @internal
 */
export function traefikStatic(index: ManifestIndex, provider: TraefikProvider = 'kubernetescrd'): { instances: TraefikInstance[] } | StaticOpen {
  const read = staticRead(index);
  if ('open' in read) return read;
  const instances: TraefikInstance[] = [];
  for (const { c, flags, source } of read.containers) {
    if (!providerEnabled(flags, provider)) continue;
    instances.push({ where: c.where, flags, source, entryPoints: entryPointsOf(flags) });
  }
  if (instances.length === 0) return { absent: true, open: `no Traefik of the manifests enables the ${provider} provider (another Traefik serves the ${provider === 'kubernetescrd' ? 'IngressRoutes' : 'Ingresses'})` };
  return { instances };
}

/**
 * One boolean option of the kubernetescrd provider as every Traefik of the manifests serving IngressRoutes sets it:
 * `on`/`off` (unset: `dflt`), or `open` (why: the static configuration is not in the manifests, `unread`; the
 * instances disagree, or a value Go's strconv.ParseBool refuses, which stops Traefik).
 * @internal
 */
export function crdOption(index: ManifestIndex, option: string, dflt: boolean): { on: boolean; where: string } | { open: string; unread?: boolean } {
  const st = traefikStatic(index);
  if ('open' in st) return { open: st.open, unread: st.absent === true };
  const key = `providers.kubernetescrd.${option.toLowerCase()}`;
  const values = st.instances.map((i) => ({ i, raw: i.flags.get(key) }));
  const bad = values.find((v) => v.raw !== undefined && parseGoBool(v.raw) === undefined);
  if (bad) return { open: `${bad.i.where} sets providers.kubernetesCRD.${option} "${bad.raw}", not a boolean` };
  const on = values.map((v) => (v.raw === undefined ? dflt : parseGoBool(v.raw)!));
  if (on.some((x) => x !== on[0])) return { open: `the Traefik instances of the manifests set providers.kubernetesCRD.${option} differently (${values.map((v) => `${v.i.where}: ${v.raw ?? `unset, ${dflt}`}`).join('; ')})` };
  return { on: on[0], where: `providers.kubernetesCRD.${option} ${values[0].raw === undefined ? `unset (${dflt})` : values[0].raw} in the static configuration of ${st.instances.map((i) => `${i.where} (${i.source})`).join(', ')}` };
}

/**
 * A boolean option of the static configuration of the Traefik instances of the manifests serving IngressRoutes
 * (`key` as a flag key): unset or not in the manifests, false; `open` when they disagree or set a value that is not
 * a boolean.
 * @internal
 */
export function staticBool(index: ManifestIndex, key: string, label: string): { on: boolean; where: string } | { open: string } {
  const st = traefikStatic(index);
  if ('open' in st) return st.absent ? { on: false, where: '' } : { open: `${label}, in the static configuration of a Traefik of the manifests that is not read (${st.open})` };
  const values = st.instances.map((i) => i.flags.get(key));
  const parsed = values.map((raw) => (raw === undefined ? false : parseGoBool(raw)));
  if (parsed.some((x) => x === undefined) || parsed.some((x) => x !== parsed[0])) return { open: `${label} (${st.instances.map((i, n) => `${i.where}: ${values[n] ?? 'unset'}`).join('; ')})` };
  return { on: parsed[0]!, where: `${label} ${values[0] ?? 'unset'} (${st.instances.map((i) => i.where).join(', ')})` };
}


function providerEnabled(flags: Map<string, string>, provider: TraefikProvider): boolean {
  if (![...flags.keys()].some((k) => k === `providers.${provider}` || k.startsWith(`providers.${provider}.`))) return false;
  return (flags.get(`providers.${provider}`) ?? 'true').toLowerCase() !== 'false';
}

function staticRead(index: ManifestIndex): StaticRead | StaticOpen {
  const hit = staticCache.get(index);
  if (hit) return hit;
  const out = readStatic(index);
  staticCache.set(index, out);
  return out;
}
const staticCache = new WeakMap<ManifestIndex, StaticRead | StaticOpen>();

function readStatic(index: ManifestIndex): StaticRead | StaticOpen {
  const containers = traefikContainers(index);
  if (containers.length === 0) return { absent: true, open: 'no Traefik Deployment in the manifests carries Traefik\'s static configuration' };
  const out: StaticRead['containers'] = [];
  for (const c of containers) {
    const args: unknown[] = [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])];
    const flags = new Map<string, string>();
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a !== 'string') return { open: `${c.where} has an argument that is not a string` };
      if (isTemplated(a)) return { open: `${c.where} has a templated argument ${a}` };
      if (!a.startsWith('-')) continue;
      const body = a.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const key = (eq === -1 ? body : body.slice(0, eq)).toLowerCase().replace(/^traefik\./, '');
      if (eq === -1 && typeof args[i + 1] === 'string' && !(args[i + 1] as string).startsWith('-') && /^(entrypoints|certificatesresolvers|providers|configfile)\b/.test(key)) {
        return { open: `${c.where} passes ${a} without "=": whether the next argument is its value cannot be read` };
      }
      flags.set(key, eq === -1 ? 'true' : body.slice(eq + 1));
    }
    // 1. A configuration file, which Traefik reads instead of the flags.
    const file = configFile(c, index, flags.get('configfile'));
    if ('open' in file) return { open: file.open };
    if ('flags' in file) {
      out.push({ c, flags: file.flags, source: file.source });
      continue;
    }
    // 2. The flags. 3. The TRAEFIK_* environment variables.
    if (flags.size > 0) {
      out.push({ c, flags, source: 'its flags' });
      continue;
    }
    const env = envConfig(c, index);
    if ('open' in env) return { open: env.open };
    out.push({ c, flags: env.flags, source: 'its TRAEFIK_* environment variables' });
  }
  return { containers: out };
}

/** A path without its trailing slashes (a loop: /\/+$/ backtracks quadratically on long runs of slashes). */
function trimSlashes(p: string): string {
  let end = p.length;
  while (end > 0 && p[end - 1] === '/') end--;
  return p.slice(0, end);
}

/** Where Traefik looks for its configuration file when no --configFile names one (pkg/cli/loader_file.go). */
const DEFAULT_FILES = ['/etc/traefik/traefik.toml', '/etc/traefik/traefik.yaml', '/etc/traefik/traefik.yml'];

/**
 * The configuration file of a Traefik container: its keys as flags (`flags`), none (`{}`: Traefik goes on to its
 * flags), or `open`. `named`: the --configFile flag. A ConfigMap key mounted at the path (the volume's `items`, a
 * `subPath`, the deepest mount) is the file; a path no volume covers has no file (the official image ships none),
 * except the one --configFile names (the image may hold it: open).
 */
function configFile(c: TraefikContainer, index: ManifestIndex, named: string | undefined): { flags: Map<string, string>; source: string } | { open: string } | Record<string, never> {
  const mounts: any[] = Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [];
  const paths = mounts.map((m) => trimSlashes(String(m?.mountPath ?? '')) || '/');
  if (named !== undefined) {
    if (isTemplated(named) || !named.startsWith('/')) return { open: `${c.where} reads its static configuration from file ${named} (--configFile), whose path cannot be read` };
    const f = fileAt(c, index, named, mounts);
    if (f === undefined) return { open: `${c.where} reads its static configuration from file ${named} (--configFile), which no ConfigMap of the manifests is mounted as (the image or another volume holds it)` };
    return 'open' in f ? f : parseConfigFile(c, named, f);
  }
  // Other places Traefik looks at ($XDG_CONFIG_HOME, $HOME/.config, the working directory): a mount there may hold one.
  const workDir = typeof c.container.workingDir === 'string' ? trimSlashes(c.container.workingDir) : '';
  const elsewhere = paths.find((p) => p === '/' || p.includes('/.config') || (workDir !== '' && (p === workDir || workDir.startsWith(`${p}/`))) || (/traefik\.(toml|ya?ml)$/.test(p) && !p.startsWith('/etc/traefik/')));
  if (elsewhere !== undefined) return { open: `${c.where} mounts a volume at ${elsewhere}, where Traefik may find a configuration file (read instead of its flags)` };
  for (const path of DEFAULT_FILES) {
    const f = fileAt(c, index, path, mounts);
    if (f === undefined) continue;
    return 'open' in f ? f : parseConfigFile(c, path, f);
  }
  return {};
}

/**
 * The text of the file at `path` in a container: undefined when no volume holds it, `open` when a volume may hold it
 * but is not a ConfigMap of the manifests (or is templated).
 */
function fileAt(c: TraefikContainer, index: ManifestIndex, path: string, mounts: any[]): { text: string; from: string } | { open: string } | undefined {
  const covering = mounts
    .map((m) => ({ m, at: trimSlashes(String(m?.mountPath ?? '')) }))
    .filter(({ at }) => path === at || path.startsWith(`${at}/`))
    .sort((a, b) => b.at.length - a.at.length);
  if (covering.length === 0) return undefined;
  const { m, at } = covering[0];
  const subPath = typeof m.subPath === 'string' && m.subPath !== '' ? m.subPath : undefined;
  const rel = path === at ? subPath : [subPath, path.slice(at.length + 1)].filter(Boolean).join('/');
  const tpl = index.podTemplate(c.workload);
  const volumes: any[] = Array.isArray(tpl?.spec.volumes) ? tpl!.spec.volumes : [];
  const volume = volumes.find((v) => v?.name === m.name);
  const cmRef = volume?.configMap;
  if (m.subPathExpr !== undefined || rel === undefined || !cmRef || typeof cmRef.name !== 'string' || isTemplated(cmRef.name)) {
    return { open: `${c.where} mounts volume ${String(m.name)} at ${at}, which may hold Traefik's configuration file ${path} and is not a ConfigMap of the manifests Traefik's reader follows` };
  }
  const items: any[] | undefined = Array.isArray(cmRef.items) ? cmRef.items : undefined;
  const key = items ? items.find((i) => i?.path === rel)?.key : rel.includes('/') ? undefined : rel;
  if (key === undefined) return undefined;
  const cm = index.get('ConfigMap', c.workload.namespace, cmRef.name);
  if (!cm) return { open: `${c.where} mounts ConfigMap ${c.workload.namespace}/${cmRef.name} at ${at}, which may hold Traefik's configuration file ${path} and is not in the manifests` };
  const text = cm.doc.data?.[key];
  if (text === undefined || text === null) return undefined;
  if (typeof text !== 'string' || isTemplated(text)) return { open: `ConfigMap ${cm.namespace}/${cm.name} key ${key}, Traefik's configuration file ${path}, is templated` };
  return { text, from: `ConfigMap ${cm.namespace}/${cm.name} key ${key}` };
}

/** The `yaml` package, loaded on first use. */
let yamlModule: any;

function parseConfigFile(c: TraefikContainer, path: string, f: { text: string; from: string } | { open: string }): { flags: Map<string, string>; source: string } | { open: string } {
  if ('open' in f) return f;
  const where = `${c.where} reads its static configuration from ${path} (${f.from})`;
  if (/\.toml$/i.test(path)) return { open: `${where}, a TOML file, which is not read here` };
  if (!/\.ya?ml$/i.test(path)) return { open: `${where}, whose format Traefik takes from its extension, neither .yaml, .yml nor .toml` };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlModule ??= require('yaml');
  const doc = yamlModule.parseDocument(f.text, { uniqueKeys: true, logLevel: 'silent' });
  if (doc.errors.length > 0) return { open: `${where}, which is not valid YAML (Traefik does not start)` };
  const flags = new Map<string, string>();
  const bad = flatten(doc.toJS(), '', flags);
  if (bad) return { open: `${where}: ${bad}` };
  return { flags, source: `file ${path} (${f.from})` };
}

/** A YAML configuration as flag keys: nested keys joined with `.` in lower case, lists joined with `,`, an empty section `true`. */
function flatten(v: unknown, prefix: string, out: Map<string, string>): string | undefined {
  if (v === null || v === undefined || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)) {
    if (prefix !== '') out.set(prefix, 'true');
    return undefined;
  }
  if (Array.isArray(v)) {
    if (v.some((x) => x !== null && typeof x === 'object')) {
      out.set(prefix, '[list]');
      return undefined;
    }
    if (v.some((x) => isTemplated(x))) return `${prefix} is templated`;
    out.set(prefix, v.map((x) => String(x)).join(','));
    return undefined;
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const bad = flatten(x, prefix === '' ? k.toLowerCase() : `${prefix}.${k.toLowerCase()}`, out);
      if (bad) return bad;
    }
    return undefined;
  }
  if (isTemplated(v)) return `${prefix} is templated`;
  out.set(prefix, String(v));
  return undefined;
}

/**
 * The static configuration of `TRAEFIK_*` environment variables (paerser's env decoder: the name after TRAEFIK_, lower
 * case, `_` as `.`): literal values, and `valueFrom` keys of a ConfigMap or Secret of the manifests (`envValueFrom`);
 * another `valueFrom` or `envFrom` (which may bring TRAEFIK_* variables) is open, as is no variable at all (Traefik's
 * defaults, or a file in the image).
 */
function envConfig(c: TraefikContainer, index: ManifestIndex): { flags: Map<string, string> } | { open: string } {
  const env: any[] = Array.isArray(c.container.env) ? c.container.env : [];
  const flags = new Map<string, string>();
  for (const e of env) {
    const name = typeof e?.name === 'string' ? e.name : '';
    if (!/^TRAEFIK_/i.test(name)) continue;
    let value: string;
    if (e.valueFrom !== undefined && e.valueFrom !== null) {
      const from = envValueFrom(c, index, name, e.valueFrom);
      if ('open' in from) return from;
      value = from.value;
    } else value = e.value === undefined || e.value === null ? '' : String(e.value);
    if (isTemplated(value) || isTemplated(name)) return { open: `${c.where} has a templated environment variable ${name}` };
    flags.set(name.slice('TRAEFIK_'.length).toLowerCase().replace(/_/g, '.'), value === '' ? 'true' : value);
  }
  if (Array.isArray(c.container.envFrom) && c.container.envFrom.length > 0) return { open: `${c.where} takes environment variables from envFrom, which may set TRAEFIK_* static configuration` };
  if (flags.size === 0) return { open: `${c.where} has no flags, no configuration file Traefik's reader follows, and no TRAEFIK_* environment variables: its static configuration is Traefik's defaults or a file of its image` };
  return { flags };
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
  return entryPointsNamed(namedEntryPoints(route), instance);
}

/** The entry points of an instance a router naming `named` attaches to (none named: the default ones, else every one). @internal */
export function entryPointsNamed(named: string[], instance: TraefikInstance): EntryPoint[] {
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

/**
 * The value of a `TRAEFIK_*` variable set from `valueFrom`: a ConfigMap key (`configMapKeyRef`) or Secret key
 * (`secretKeyRef`, `data` base64-decoded or `stringData`) of the manifests; `open` when it is not in them (or is
 * templated), or comes from elsewhere (`fieldRef`, `resourceFieldRef`).
 */
function envValueFrom(c: TraefikContainer, index: ManifestIndex, name: string, from: any): { value: string } | { open: string } {
  const ns = c.workload.namespace;
  const ref = from?.configMapKeyRef ?? from?.secretKeyRef;
  const kind = from?.configMapKeyRef ? 'ConfigMap' : 'Secret';
  if (!ref || typeof ref.name !== 'string' || typeof ref.key !== 'string' || isTemplated(ref.name) || isTemplated(ref.key)) {
    return { open: `${c.where} sets ${name} from valueFrom (${Object.keys(from ?? {}).join(', ') || 'empty'}), which the manifests do not decide` };
  }
  const obj = index.get(kind, ns, ref.name);
  const raw = kind === 'ConfigMap' ? obj?.doc.data?.[ref.key] : obj?.doc.stringData?.[ref.key] ?? decodeBase64(obj?.doc.data?.[ref.key]);
  if (typeof raw !== 'string' || isTemplated(raw)) {
    return { open: `${c.where} sets ${name} from ${kind} ${ns}/${ref.name} key ${ref.key}, ${obj ? 'whose value is not written there' : 'which is not in the manifests'}` };
  }
  return { value: raw };
}

function decodeBase64(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(v) ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}
