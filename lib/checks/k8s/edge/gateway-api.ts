/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex } from '../manifest-index';
import { isTemplated } from '../pod-spec';
import { K8sObject } from '../rule';

/**
 * The Gateway API (gateway.networking.k8s.io v1) as the edge rules read it: which listeners of which Gateways of the
 * manifests an HTTPRoute attaches to (the spec's attachment rules: parentRefs with sectionName and port, the
 * listener's protocol, allowedRoutes kinds and namespaces, and the hostnames both sides name), what each listener
 * serves (plain HTTP, or HTTPS terminated with a certificate), whether a route only redirects to https, and the
 * TLS versions of a listener, which the Gateway API core leaves to the implementation.
 */

const GROUP = 'gateway.networking.k8s.io';
const GATEWAY_API = /^gateway\.networking\.k8s\.io\/v1(beta1|alpha2)?$/;
/** Envoy Gateway's GatewayClass controller name (its default `gateway.controllerName`). */
export const ENVOY_GATEWAY = 'gateway.envoyproxy.io/gatewayclass-controller';
const ENVOY_API = /^gateway\.envoyproxy\.io\//;

/** Whether the object is of the Gateway API group (an Istio `networking.istio.io` Gateway is not). @internal */
export function isGatewayApi(obj: K8sObject): boolean {
  return GATEWAY_API.test(obj.apiVersion);
}

/** One listener of a Gateway. @internal */
export interface Listener {
  readonly index: number;
  readonly name: string;
  readonly protocol: unknown;
  readonly port: unknown;
  readonly raw: any;
}

/** Whether a route attaches to a listener: as the manifests read (`yes`/`no`), or undecided (`maybe`, why). */
export type Attach = 'yes' | 'no' | 'maybe';

/** A listener an HTTPRoute attaches to (or may). @internal */
export interface Attachment {
  readonly gateway: K8sObject;
  readonly listener: Listener;
  readonly how: 'yes' | 'maybe';
  readonly why?: string;
}

/** An HTTPRoute's parents: the listeners it attaches to, and the parents the manifests cannot decide (why). @internal */
export interface RouteParents {
  readonly attachments: Attachment[];
  readonly open: string[];
  /** Whether it names any parent other than a Service (a mesh parent). */
  readonly gatewayParents: boolean;
}

/** The listeners of a Gateway. @internal */
export function listenersOf(gw: K8sObject): Listener[] {
  const ls: any[] = Array.isArray(gw.doc.spec?.listeners) ? gw.doc.spec.listeners : [];
  return ls.map((l, index) => ({ index, name: String(l?.name ?? index), protocol: l?.protocol, port: l?.port, raw: l ?? {} }));
}

/** How a listener serves what attaches to it: plain HTTP, HTTPS terminated with a certificate, or undecided (why). @internal */
export type ListenerKind = { kind: 'plain' } | { kind: 'tls'; refs: string } | { kind: 'open'; why: string };

/** `Gateway ns/name listener <name> (PROTOCOL:port)`. @internal */
export const listenerName = (gw: K8sObject, l: Listener) => `listener ${l.name} (${String(l.protocol)}:${String(l.port)}) of Gateway ${gw.namespace}/${gw.name}`;

/** What a listener an HTTPRoute may attach to serves. @internal */
export function listenerKind(gw: K8sObject, l: Listener): ListenerKind {
  const where = listenerName(gw, l);
  if (l.protocol === 'HTTP') return { kind: 'plain' };
  if (l.protocol !== 'HTTPS') return { kind: 'open', why: `${where} has a protocol the Gateway API core does not define for HTTPRoutes (implementation-specific)` };
  const tls = l.raw.tls ?? {};
  const mode = tls.mode ?? 'Terminate';
  if (mode !== 'Terminate') return { kind: 'open', why: `${where} has tls.mode ${String(mode)}: an HTTPS listener terminates TLS, and what the implementation does with another mode cannot be read` };
  const refs: any[] = Array.isArray(tls.certificateRefs) ? tls.certificateRefs : [];
  if (refs.length === 0) return { kind: 'open', why: `${where} names no tls.certificateRefs: its certificate, if any, comes from the implementation's tls.options` };
  return { kind: 'tls', refs: refs.map((r) => `${r?.kind ?? 'Secret'} ${r?.namespace ? `${r.namespace}/` : ''}${r?.name}`).join(', ') };
}

/**
 * The listeners of a Gateway that serve what no HTTPRoute rule reads: `TCP` (a TCPRoute forwards the bytes as they
 * come, so a TCPRoute to an HTTP backend serves plain HTTP, `plain: true`), `TLS` with `tls.mode: Passthrough` (the
 * backend of a TLSRoute terminates TLS with its own certificate and versions), `TLS` terminated by the Gateway (a
 * TLSRoute's traffic, under the listener's certificate and its controller's TLS versions), and a protocol the core
 * does not define (implementation-specific, `domain/name`: `plain: true`, it may be anything). `UDP` is left out:
 * HTTP over UDP is HTTP/3, which QUIC always encrypts with TLS 1.3. Each with why, for messages. @internal
 */
export function nonHttpListeners(gw: K8sObject): { listener: Listener; why: string; plain: boolean }[] {
  const out: { listener: Listener; why: string; plain: boolean }[] = [];
  for (const l of listenersOf(gw)) {
    const where = listenerName(gw, l);
    const protocol = l.protocol;
    if (typeof protocol !== 'string' || isTemplated(protocol) || ['HTTP', 'HTTPS', 'UDP'].includes(protocol)) continue;
    if (protocol === 'TCP') {
      out.push({ listener: l, plain: true, why: `${where} forwards the bytes of whatever TCPRoute attaches to it without TLS (a TCPRoute to an HTTP backend serves plain HTTP)` });
    } else if (protocol === 'TLS') {
      const mode = l.raw.tls?.mode ?? 'Terminate';
      out.push({
        listener: l,
        plain: false,
        why: mode === 'Passthrough'
          ? `${where} passes TLS through to the backend of whatever TLSRoute attaches to it, which terminates it with its own certificate and TLS versions`
          : `${where} terminates TLS for whatever TLSRoute attaches to it (tls.mode ${String(mode)})`,
      });
    } else {
      out.push({ listener: l, plain: true, why: `${where} has protocol ${protocol}, which the Gateway API core does not define (implementation-specific): what it serves cannot be read` });
    }
  }
  return out;
}

const cache = new WeakMap<ManifestIndex, Map<string, RouteParents>>();

/**
 * The listeners of the Gateways of the manifests an HTTPRoute attaches to (the Gateway API's rules): a parentRef
 * (group and kind default to the Gateway API's Gateway, namespace to the route's) selects the Gateway's listeners,
 * narrowed by `sectionName` (the listener's name) and `port`; a listener accepts the route when its protocol is HTTP or
 * HTTPS, its `allowedRoutes.kinds` (if set) name HTTPRoute, its `allowedRoutes.namespaces.from` allows the route's
 * namespace (Same by default; All; Selector, read against the Namespace labels of the manifests and the immutable
 * `kubernetes.io/metadata.name`) and its `hostname` intersects one of the route's `hostnames` (either absent: any).
 * A parent that is a Service is the mesh's (GAMMA) and not read; any other parent kind, a Gateway missing from the
 * manifests, or a templated field of the match leaves that parent open.
 * @internal
 */
export function routeParents(route: K8sObject, index: ManifestIndex): RouteParents {
  let m = cache.get(index);
  if (!m) cache.set(index, (m = new Map()));
  const hit = m.get(route.id);
  if (hit) return hit;
  const out = readParents(route, index);
  m.set(route.id, out);
  return out;
}

function readParents(route: K8sObject, index: ManifestIndex): RouteParents {
  const parents: any[] = Array.isArray(route.doc.spec?.parentRefs) ? route.doc.spec.parentRefs : [];
  const attachments: Attachment[] = [];
  const open: string[] = [];
  let gatewayParents = false;
  parents.forEach((p, i) => {
    const at = `spec.parentRefs.${i}`;
    const group = p?.group ?? GROUP;
    const kind = p?.kind ?? 'Gateway';
    if (kind === 'Service' && (group === '' || group === 'core')) return;
    gatewayParents = true;
    if (group !== GROUP || kind !== 'Gateway') {
      open.push(`${at} is a ${String(kind)} of ${group === '' ? 'the core group' : String(group)}, which the rules do not read`);
      return;
    }
    const ns = p?.namespace ?? route.namespace;
    if (isTemplated(p?.name) || isTemplated(ns)) {
      open.push(`${at} names a templated Gateway`);
      return;
    }
    const gw = index.get('Gateway', String(ns), String(p?.name));
    if (!gw || !isGatewayApi(gw)) {
      open.push(`${at}: Gateway ${String(ns)}/${String(p?.name)} is not in the manifests: its listeners decide the protocol and certificate the route is served with`);
      return;
    }
    for (const l of listenersOf(gw)) {
      const a = attaches(route, p ?? {}, gw, l, index);
      if (a.how !== 'no') attachments.push({ gateway: gw, listener: l, how: a.how, why: a.why });
    }
  });
  return { attachments, open, gatewayParents };
}

function attaches(route: K8sObject, p: any, gw: K8sObject, l: Listener, index: ManifestIndex): { how: Attach; why?: string } {
  const where = listenerName(gw, l);
  const maybes: string[] = [];
  if (p.sectionName !== undefined) {
    if (isTemplated(p.sectionName) || isTemplated(l.name)) maybes.push('sectionName is templated');
    else if (String(p.sectionName) !== l.name) return { how: 'no' };
  }
  if (p.port !== undefined) {
    if (isTemplated(p.port) || isTemplated(l.port)) maybes.push('port is templated');
    else if (Number(p.port) !== Number(l.port)) return { how: 'no' };
  }
  if (isTemplated(l.protocol)) maybes.push(`${where} has a templated protocol`);
  else if (['TLS', 'TCP', 'UDP'].includes(String(l.protocol))) return { how: 'no' };
  const ar = l.raw.allowedRoutes ?? {};
  if (Array.isArray(ar.kinds) && ar.kinds.length > 0 && !ar.kinds.some((k: any) => (k?.group ?? GROUP) === GROUP && k?.kind === 'HTTPRoute')) return { how: 'no' };
  const from = ar.namespaces?.from ?? 'Same';
  if (from === 'Same') {
    if (route.namespace !== gw.namespace) return { how: 'no' };
  } else if (from === 'Selector') {
    const s = selectsNamespace(index, route.namespace, ar.namespaces?.selector);
    if (s === 'no') return { how: 'no' };
    if (s === 'maybe') maybes.push(`${where} admits routes from namespaces with labels the manifests do not decide (allowedRoutes.namespaces.selector)`);
  } else if (from !== 'All') {
    maybes.push(`${where} has allowedRoutes.namespaces.from "${String(from)}"`);
  }
  const h = hostnamesIntersect(l.raw.hostname, route.doc.spec?.hostnames);
  if (h === 'no') return { how: 'no' };
  if (h === 'maybe') maybes.push('a hostname is templated');
  return maybes.length > 0 ? { how: 'maybe', why: maybes.join('; ') } : { how: 'yes' };
}

/** Whether a Namespace selector selects the namespace: its labels in the manifests (labels may be added outside them: a mismatch is `maybe`), and `kubernetes.io/metadata.name`. */
function selectsNamespace(index: ManifestIndex, namespace: string, selector: any): Attach {
  if (selector === undefined || selector === null) return 'maybe';
  const exprs: any[] = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  const ml: Record<string, unknown> = selector.matchLabels ?? {};
  const ns = index.ofKind('Namespace').find((n) => n.name === namespace);
  const labels: Record<string, unknown> = { ...(ns?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': namespace };
  let how: Attach = exprs.length > 0 ? 'maybe' : 'yes';
  for (const [k, v] of Object.entries(ml)) {
    if (isTemplated(v) || isTemplated(k)) how = 'maybe';
    else if (labels[k] === v) continue;
    else if (k === 'kubernetes.io/metadata.name') return 'no';
    else how = 'maybe';
  }
  return how;
}

/** Whether a listener's hostname and a route's hostnames intersect (the Gateway API's wildcard rules: `*.` is a suffix match). */
function hostnamesIntersect(listener: unknown, routeHosts: unknown): Attach {
  if (listener === undefined || listener === null || listener === '') return 'yes';
  const hosts: unknown[] = Array.isArray(routeHosts) ? routeHosts : [];
  if (hosts.length === 0) return 'yes';
  if (isTemplated(listener) || hosts.some(isTemplated)) return 'maybe';
  const l = String(listener);
  return hosts.some((h) => intersect(l, String(h))) ? 'yes' : 'no';
}

function intersect(a: string, b: string): boolean {
  if (a === b) return true;
  const wa = a.startsWith('*.');
  const wb = b.startsWith('*.');
  if (wa && !wb) return b.endsWith(a.slice(1));
  if (wb && !wa) return a.endsWith(b.slice(1));
  if (wa && wb) return a.slice(1).endsWith(b.slice(1)) || b.slice(1).endsWith(a.slice(1));
  return false;
}

/** The rules of an HTTPRoute (absent: the API's default, one rule matching every path). @internal */
export function routeRules(route: K8sObject): any[] {
  const rules: any[] = Array.isArray(route.doc.spec?.rules) ? route.doc.spec.rules : [];
  return rules.length > 0 ? rules : [{}];
}

/** A rule's RequestRedirect filter, if any. @internal */
export function redirectOf(rule: any): any | undefined {
  const filters: any[] = Array.isArray(rule?.filters) ? rule.filters : [];
  return filters.find((f) => f?.type === 'RequestRedirect');
}

/**
 * Whether every rule of the route only redirects to https (a RequestRedirect filter with scheme https): `yes`,
 * `no` (with the first rule that serves), or `maybe` (a templated scheme). @internal
 */
export function redirectsOnly(route: K8sObject): { how: Attach; rule?: number } {
  let how: Attach = 'yes';
  const rules = routeRules(route);
  for (let i = 0; i < rules.length; i++) {
    const r = redirectOf(rules[i]);
    const scheme = r?.requestRedirect?.scheme;
    if (isTemplated(scheme)) how = 'maybe';
    else if (scheme !== 'https') return { how: 'no', rule: i };
  }
  return { how };
}

/** The HTTPRoutes of the manifests that attach (or may) to a listener, with how. @internal */
export function routesOn(gw: K8sObject, l: Listener, index: ManifestIndex): { route: K8sObject; how: 'yes' | 'maybe'; why?: string }[] {
  const out: { route: K8sObject; how: 'yes' | 'maybe'; why?: string }[] = [];
  for (const route of index.ofKind('HTTPRoute')) {
    if (!isGatewayApi(route)) continue;
    for (const a of routeParents(route, index).attachments) {
      if (a.gateway === gw && a.listener.index === l.index) {
        out.push({ route, how: a.how, why: a.why });
        break;
      }
    }
  }
  return out;
}

/** What the TLS versions of a Gateway's terminating listeners are: 1.2+ only (`modern`), older ones (`legacy`), or undecided (`open`). @internal */
export interface TlsVersions { kind: 'modern' | 'legacy' | 'open'; why: string }

/**
 * The minimum TLS version of a Gateway's HTTPS listener. The Gateway API core has no field for it: the controller of
 * the Gateway's GatewayClass decides (implementation-specific `tls.options`, or its own policy resources). Read for
 * Envoy Gateway only (GatewayClass of the manifests with controllerName gateway.envoyproxy.io/gatewayclass-controller):
 * the ClientTrafficPolicies of the Gateway's namespace in the manifests that target the Gateway (`targetRef`,
 * `targetRefs`, with or without this listener's `sectionName`; `targetSelectors` matched against its labels) set
 * `tls.minVersion`, TLS 1.2 when unset (Envoy Gateway's documented default). 1.0 or 1.1 in the only policy that
 * applies is `legacy`; several policies (Envoy Gateway lets the listener's own win over the Gateway's, and may merge
 * them), `Auto`, a templated value, a selector that cannot be decided, the listener's own `tls.options` or an
 * EnvoyPatchPolicy of the manifests (which may patch any listener) are `open`. Another controller, or a GatewayClass
 * missing from the manifests, is `open`, naming it.
 * @internal
 */
export function tlsVersions(gw: K8sObject, l: Listener, index: ManifestIndex): TlsVersions {
  const where = listenerName(gw, l);
  const className = gw.doc.spec?.gatewayClassName;
  if (isTemplated(className)) return { kind: 'open', why: `the gatewayClassName of Gateway ${gw.namespace}/${gw.name} is templated: its controller decides the TLS versions` };
  const gc = index.ofKind('GatewayClass').find((c) => c.name === className && isGatewayApi(c));
  if (!gc) return { kind: 'open', why: `GatewayClass ${String(className)} is not in the manifests: its controller decides the TLS versions of ${where} (the Gateway API core has no field for them)` };
  const controller = gc.doc.spec?.controllerName;
  if (controller !== ENVOY_GATEWAY) {
    return { kind: 'open', why: `GatewayClass ${gc.name}'s controller ${String(controller)} decides the TLS versions of ${where} (implementation-specific tls.options or its own policies, which the rules do not read for it)` };
  }
  const options = l.raw.tls?.options;
  if (options && typeof options === 'object' && Object.keys(options).length > 0) {
    return { kind: 'open', why: `${where} sets tls.options ${Object.keys(options).join(', ')}, implementation-specific keys Envoy Gateway's documentation does not define for TLS versions` };
  }
  const patches = index.objects.filter((o) => o.kind === 'EnvoyPatchPolicy' && ENVOY_API.test(o.apiVersion));
  if (patches.length > 0) return { kind: 'open', why: `EnvoyPatchPolicy ${patches.map((p) => `${p.namespace}/${p.name}`).join(', ')} may patch the TLS parameters of Envoy Gateway's listeners` };
  const applying: { policy: K8sObject; how: Attach; section: boolean }[] = [];
  for (const policy of index.inNamespace('ClientTrafficPolicy', gw.namespace)) {
    if (!ENVOY_API.test(policy.apiVersion)) continue;
    const a = policyApplies(policy, gw, l);
    if (a.how !== 'no') applying.push({ policy, how: a.how, section: a.section });
  }
  const envoy = `Envoy Gateway (GatewayClass ${gc.name})`;
  if (applying.length === 0) return { kind: 'modern', why: `${envoy}: no ClientTrafficPolicy of the manifests targets ${where}, so its minimum is Envoy Gateway's default TLS 1.2` };
  const judged = applying.map((a) => ({ ...a, v: minVersion(a.policy) }));
  const open = judged.find((j) => j.v.kind === 'open' || (j.how === 'maybe' && j.v.kind === 'legacy'));
  if (open) return { kind: 'open', why: `${envoy}: ${open.v.why}${open.how === 'maybe' ? ' (if its targetSelectors select the Gateway)' : ''}` };
  const legacy = judged.filter((j) => j.v.kind === 'legacy');
  if (legacy.length === 0) return { kind: 'modern', why: `${envoy}: ${judged.map((j) => j.v.why).join('; ')}` };
  if (judged.length === 1) return { kind: 'legacy', why: `${envoy}: ${legacy[0].v.why} for ${where}` };
  return { kind: 'open', why: `${envoy}: ${judged.map((j) => j.v.why).join('; ')}: which policy wins for ${where} (the listener's own over the Gateway's, or a merge) decides` };
}

function policyApplies(policy: K8sObject, gw: K8sObject, l: Listener): { how: Attach; section: boolean } {
  const spec = policy.doc.spec ?? {};
  const refs: any[] = [...(spec.targetRef ? [spec.targetRef] : []), ...(Array.isArray(spec.targetRefs) ? spec.targetRefs : [])];
  let how: Attach = 'no';
  let section = false;
  for (const r of refs) {
    if ((r?.group ?? GROUP) !== GROUP || r?.kind !== 'Gateway') continue;
    if (isTemplated(r?.name) || isTemplated(r?.sectionName)) {
      how = 'maybe';
      continue;
    }
    if (r?.name !== gw.name) continue;
    if (r?.sectionName !== undefined && r.sectionName !== l.name) continue;
    how = 'yes';
    section ||= r?.sectionName !== undefined;
  }
  const selectors: any[] = Array.isArray(spec.targetSelectors) ? spec.targetSelectors : [];
  for (const s of selectors) {
    if (s?.kind !== undefined && s.kind !== 'Gateway') continue;
    const ml: Record<string, unknown> = s?.matchLabels ?? {};
    const labels: Record<string, unknown> = gw.metadata.labels ?? {};
    const exprs = Array.isArray(s?.matchExpressions) && s.matchExpressions.length > 0;
    const matches = Object.entries(ml).every(([k, v]) => labels[k] === v);
    if (matches && how === 'no') how = exprs ? 'maybe' : 'yes';
  }
  return { how, section };
}

function minVersion(policy: K8sObject): TlsVersions {
  const v = policy.doc.spec?.tls?.minVersion;
  const who = `ClientTrafficPolicy ${policy.namespace}/${policy.name}`;
  if (v === undefined || v === null) return { kind: 'modern', why: `${who} leaves tls.minVersion at its default 1.2` };
  const s = String(v);
  if (isTemplated(s)) return { kind: 'open', why: `${who} sets a templated tls.minVersion "${s}"` };
  if (s === '1.2' || s === '1.3') return { kind: 'modern', why: `${who} sets tls.minVersion ${s}` };
  if (s === '1.0' || s === '1.1') return { kind: 'legacy', why: `${who} sets tls.minVersion ${s}, which accepts TLS older than 1.2` };
  return { kind: 'open', why: `${who} sets tls.minVersion "${s}" (Auto lets Envoy choose)` };
}
