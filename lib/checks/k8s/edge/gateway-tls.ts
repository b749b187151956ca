import { Severity } from '../../model';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { ManifestIndex } from '../manifest-index';
import { Attachment, isGatewayApi, listenerKind, listenerName, listenersOf, nonHttpListeners, redirectsOnly, routeParents, routesOn, tlsVersions } from './gateway-api';

/**
 * EDGE-HTTPS-LISTENER for the Gateway API (gateway.networking.k8s.io v1): an HTTPRoute is served over HTTPS only.
 * The listeners it attaches to (see `routeParents`: parentRefs, sectionName, port, the listener's protocol,
 * allowedRoutes and hostnames) must be HTTPS listeners terminating TLS (`tls.mode` Terminate, the default) with
 * `tls.certificateRefs`; one attached to an HTTP listener fails, unless every rule of the route only redirects to
 * https (the redirect is judged by K8sGatewayHttpsRedirect). An HTTPS listener without certificateRefs (the
 * implementation's `tls.options` may provide one), a listener protocol the core does not define, a parent that is not
 * a Gateway, a Gateway missing from the manifests, or a templated field of the match is unknown.
 *
 * The TLS versions: the Gateway API core has no field for them, so the controller of the Gateway's GatewayClass
 * decides. They are read for Envoy Gateway only (`tlsVersions`: ClientTrafficPolicy `tls.minVersion` of the
 * manifests, default 1.2; TLS 1.0/1.1 fails); any other controller (Istio, NGINX Gateway Fabric, Contour, cloud
 * load balancers), or a GatewayClass outside the manifests, keeps what would pass unknown, naming it.
 * A Gateway no HTTPRoute of the manifests attaches to is unknown (routes outside them decide what it serves), and so
 * is one with a TCP, TLS (passthrough, or terminated without a certificate or TLS versions that pass) or
 * implementation-specific listener (`otherListeners`: the TCPRoutes/TLSRoutes that attach there decide); an
 * Istio Gateway (networking.istio.io) is another API, listed as unread (engine `k8sTypeOf`).
 */
export const K8sGatewayTls: K8sRule = {
  id: 'K8sGatewayTls',
  items: ['EDGE-HTTPS-LISTENER'],
  kinds: ['HTTPRoute', 'Gateway'],
  severity: Severity.HIGH,
  description: 'Every Gateway API HTTPRoute attaches only to HTTPS listeners that terminate TLS with certificateRefs (a route on an HTTP listener only redirects to https), and the listener\'s controller accepts TLS 1.2+ only (Envoy Gateway: ClientTrafficPolicy tls.minVersion, default 1.2; other controllers are not read).',
  fix: 'Attach the route to the HTTPS listener only (parentRefs: [{name: <gateway>, sectionName: https}]) with tls: {mode: Terminate, certificateRefs: [{name: <name>-tls}]}, and give the HTTP listener a route whose filters are [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]. Envoy Gateway: leave ClientTrafficPolicy tls.minVersion unset or at 1.2/1.3.',
  check(obj, ctx) {
    if (!isGatewayApi(obj)) return undefined;
    if (obj.kind === 'Gateway') return gatewayWithoutRoutes(obj, ctx.index, 'the protocol and certificate they are served with') ?? otherListeners(obj, ctx.index);
    return judgeRoute(obj, ctx.index);
  },
};

/** A Gateway no HTTPRoute of the manifests attaches to: unknown (what it serves is decided outside them); else undefined. @internal */
export function gatewayWithoutRoutes(gw: K8sObject, index: ManifestIndex, what: string): K8sVerdict | undefined {
  const listeners = listenersOf(gw);
  if (listeners.some((l) => routesOn(gw, l, index).length > 0)) return undefined;
  return k8sUnknown('spec.listeners', listeners.map((l) => `${String(l.protocol)}:${String(l.port)}`).join(', '), `no HTTPRoute of the manifests attaches to Gateway ${gw.namespace}/${gw.name}: the routes that do (outside the manifests, or of kinds the rules do not read) decide ${what}`);
}

/**
 * A Gateway's listeners beside its HTTP/HTTPS ones (`nonHttpListeners`: TCP, TLS, implementation-specific protocols):
 * what they serve is decided by the TCPRoutes/TLSRoutes that attach to them, which the rules do not read (those of the
 * manifests are unread endpoints; others may be added outside them), so the item cannot pass on the HTTPRoutes alone:
 * unknown, naming them. A TLS listener the Gateway terminates with certificateRefs and TLS versions that pass
 * (`tlsVersions`) is served over TLS 1.2+ whatever attaches: left out. Undefined when there is none left.
 */
function otherListeners(gw: K8sObject, index: ManifestIndex): K8sVerdict | undefined {
  const open = nonHttpListeners(gw).filter(({ listener: l }) => {
    if (l.protocol !== 'TLS' || (l.raw.tls?.mode ?? 'Terminate') !== 'Terminate') return true;
    const refs = Array.isArray(l.raw.tls?.certificateRefs) ? l.raw.tls.certificateRefs : [];
    return refs.length === 0 || tlsVersions(gw, l, index).kind !== 'modern';
  });
  if (open.length === 0) return undefined;
  return k8sUnknown(`spec.listeners.${open[0].listener.index}`, open.map((o) => `${String(o.listener.protocol)}:${String(o.listener.port)}`).join(', '),
    `Gateway ${gw.namespace}/${gw.name} also serves ${open.map((o) => o.why).join('; ')}: the routes of those kinds (TCPRoute, TLSRoute), in the manifests or added outside them, are not read`);
}

function judgeRoute(route: K8sObject, index: ManifestIndex): K8sVerdict | undefined {
  const parents = routeParents(route, index);
  if (!parents.gatewayParents) return undefined;
  const redirect = redirectsOnly(route);
  const fails: K8sVerdict[] = [];
  const open: string[] = [...parents.open];
  const secure: Attachment[] = [];
  for (const a of parents.attachments) {
    const kind = listenerKind(a.gateway, a.listener);
    const where = listenerName(a.gateway, a.listener);
    const may = a.how === 'maybe' ? ` (if it attaches: ${a.why})` : '';
    if (kind.kind === 'plain') {
      if (redirect.how === 'yes') continue;
      if (a.how === 'yes' && redirect.how === 'no') {
        fails.push(k8sFail(`spec.rules.${redirect.rule}`, where, `the route attaches to ${where} and rule ${redirect.rule} serves plain HTTP there (no RequestRedirect to https)`));
      } else {
        open.push(`the route may serve plain HTTP on ${where}${may}${redirect.how === 'maybe' ? ': a redirect scheme is templated' : ''}`);
      }
    } else if (kind.kind === 'open') {
      open.push(`${kind.why}${may}`);
    } else {
      secure.push(a);
    }
  }
  if (fails.length > 0) return fails[0];
  const versions = secure.map((a) => ({ a, v: tlsVersions(a.gateway, a.listener, index) }));
  const legacy = versions.find((x) => x.v.kind === 'legacy' && x.a.how === 'yes');
  if (legacy) return k8sFail('spec.parentRefs', listenerName(legacy.a.gateway, legacy.a.listener), `the route is served on ${listenerName(legacy.a.gateway, legacy.a.listener)}, which accepts TLS older than 1.2: ${legacy.v.why}`);
  for (const x of versions) if (x.v.kind !== 'modern') open.push(x.v.why);
  const served = secure.map((a) => `${listenerName(a.gateway, a.listener)} with ${(listenerKind(a.gateway, a.listener) as { refs: string }).refs}`);
  if (open.length > 0) {
    const so = served.length > 0 ? `HTTPS on ${served.join('; ')}, but ` : '';
    return k8sUnknown('spec.parentRefs', undefined, `${so}${[...new Set(open)].join('; ')}`);
  }
  if (secure.length === 0) {
    if (parents.attachments.length > 0) return undefined; // redirects only, on HTTP listeners: K8sGatewayHttpsRedirect judges it
    return k8sUnknown('spec.parentRefs', undefined, 'no listener of its Gateways in the manifests accepts the route as written (sectionName, port, allowedRoutes, hostnames): the Gateway rejects it, or the manifests misname a parent');
  }
  return k8sPass('spec.parentRefs', served.join('; '), `served over HTTPS only: ${served.join('; ')}; ${[...new Set(versions.map((x) => x.v.why))].join('; ')}`);
}
