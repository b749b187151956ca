import { isTemplated } from '../pod-spec';
import { Severity } from '../../model';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { ManifestIndex } from '../manifest-index';
import { isGatewayApi, listenerName, listenersOf, nonHttpListeners, redirectOf, redirectsOnly, routeParents, routeRules, routesOn } from './gateway-api';

/**
 * EDGE-HTTPS-REDIRECT for the Gateway API (gateway.networking.k8s.io v1), like ElbHttpRedirect for an ALB's HTTP
 * listener: every HTTP listener of a Gateway only redirects to HTTPS with a 301. The HTTPRoutes of the manifests that
 * attach to it (see `routeParents`) must each redirect in every rule (a RequestRedirect filter with scheme https and
 * statusCode 301; the API's default statusCode is 302, which fails like an ALB's HTTP_302). A route that serves
 * there fails; one that may attach (a templated field, a namespace selector the manifests do not decide) and serves is
 * unknown. An HTTP listener no route of the manifests attaches to is unknown (routes outside them may serve plain HTTP
 * there); a Gateway without an HTTP listener passes (it serves no plain HTTP), unless its `spec.allowedListeners`
 * admit ListenerSets (`namespaces.from` other than the default None: the Gateway also serves their listeners, which
 * no rule reads; unknown) or it has a TCP or implementation-specific listener (a TCPRoute there may forward plain
 * HTTP; unknown). TLS and UDP listeners serve no plain HTTP. An HTTPRoute whose Gateway is not in
 * the manifests and that does not only redirect is unknown (its listener may be HTTP). A listener with a templated
 * protocol is unknown.
 */
export const K8sGatewayHttpsRedirect: K8sRule = {
  id: 'K8sGatewayHttpsRedirect',
  items: ['EDGE-HTTPS-REDIRECT'],
  kinds: ['Gateway', 'HTTPRoute'],
  severity: Severity.HIGH,
  description: 'Every HTTP listener of a Gateway API Gateway only redirects to HTTPS: each HTTPRoute attached to it has, in every rule, a RequestRedirect filter with scheme https and statusCode 301.',
  fix: 'Attach to the HTTP listener only a route whose rules are [{filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]}], and attach the serving routes to the HTTPS listener (parentRefs sectionName).',
  check(obj, ctx) {
    if (!isGatewayApi(obj)) return undefined;
    return obj.kind === 'Gateway' ? judgeGateway(obj, ctx.index) : judgeOrphanRoute(obj, ctx.index);
  },
};

function judgeGateway(gw: K8sObject, index: ManifestIndex): K8sVerdict[] {
  const out: K8sVerdict[] = [];
  const listeners = listenersOf(gw);
  for (const l of listeners) {
    const prop = `spec.listeners.${l.index}`;
    const where = listenerName(gw, l);
    if (isTemplated(l.protocol)) {
      out.push(k8sUnknown(`${prop}.protocol`, l.protocol, `${where}: the protocol is templated; if it is HTTP, what its routes do decides`));
      continue;
    }
    if (l.protocol !== 'HTTP') continue;
    const routes = routesOn(gw, l, index);
    if (routes.length === 0) {
      out.push(k8sUnknown(prop, `HTTP:${String(l.port)}`, `no HTTPRoute of the manifests attaches to ${where}: routes outside them may serve plain HTTP there`));
      continue;
    }
    const verdicts = routes.map(({ route, how, why }) => judgeRouteOn(route, how, why, where));
    const failed = verdicts.filter((v) => v.status === 'fail');
    const open = verdicts.filter((v) => v.status === 'unknown');
    if (failed.length > 0 || open.length > 0) {
      out.push(...(failed.length > 0 ? failed : open));
      continue;
    }
    out.push(k8sPass(prop, `HTTP:${String(l.port)}`, `${where} only redirects to https with a 301 (${routes.map((r) => `HTTPRoute ${r.route.namespace}/${r.route.name}`).join(', ')})`));
  }
  if (listeners.length > 0 && !listeners.some((l) => l.protocol === 'HTTP' || isTemplated(l.protocol))) {
    const value = listeners.map((l) => `${String(l.protocol)}:${String(l.port)}`).join(', ');
    const from = gw.doc.spec?.allowedListeners?.namespaces?.from;
    const plain = nonHttpListeners(gw).filter((o) => o.plain);
    if (from !== undefined && from !== null && from !== 'None') {
      out.push(k8sUnknown('spec.allowedListeners.namespaces.from', from, `Gateway ${gw.namespace}/${gw.name} has no HTTP listener of its own, but its allowedListeners (from ${String(from)}) admit ListenerSets, whose listeners (HTTP ones too) the Gateway serves: those of the manifests are not read, and others may be added outside them`));
    } else if (plain.length > 0) {
      out.push(k8sUnknown(`spec.listeners.${plain[0].listener.index}`, value, `Gateway ${gw.namespace}/${gw.name} has no HTTP listener, but ${plain.map((o) => o.why).join('; ')}: the TCPRoutes that attach there, in the manifests or added outside them, are not read`));
    } else {
      out.push(k8sPass('spec.listeners', value, `Gateway ${gw.namespace}/${gw.name} has no HTTP listener: it serves no plain HTTP`));
    }
  }
  return out;
}

function judgeRouteOn(route: K8sObject, how: 'yes' | 'maybe', why: string | undefined, where: string): K8sVerdict {
  const may = how === 'maybe' ? ` (if it attaches: ${why})` : '';
  const verdict = (v: K8sVerdict) => how === 'yes' || v.status === 'pass' ? v : k8sUnknown(v.property, v.value, `${v.message}${may}`, route);
  const r = redirectsOnly(route);
  if (r.how === 'no') return verdict(k8sFail(`spec.rules.${r.rule}`, undefined, `HTTPRoute ${route.namespace}/${route.name} attaches to ${where} and rule ${r.rule} serves plain HTTP there (no RequestRedirect to https)`, route));
  if (r.how === 'maybe') return k8sUnknown('spec.rules', undefined, `HTTPRoute ${route.namespace}/${route.name} on ${where}: a RequestRedirect scheme is templated${may}`, route);
  const rules = routeRules(route);
  for (let i = 0; i < rules.length; i++) {
    const code = redirectOf(rules[i])?.requestRedirect?.statusCode;
    const prop = `spec.rules.${i}.filters`;
    if (isTemplated(code)) return k8sUnknown(prop, code, `HTTPRoute ${route.namespace}/${route.name} on ${where}: the redirect's statusCode is templated${may}`, route);
    if (Number(code ?? 302) !== 301) {
      return verdict(k8sFail(prop, code ?? 302, `HTTPRoute ${route.namespace}/${route.name} on ${where}: rule ${i} redirects to https with ${code === undefined ? 'the default 302' : String(code)}, not a permanent 301`, route));
    }
  }
  return k8sPass('spec.rules', 'RequestRedirect https 301', `HTTPRoute ${route.namespace}/${route.name} on ${where} redirects to https with a 301`, route);
}

/** An HTTPRoute whose Gateway the manifests do not hold: unknown unless it only redirects (its listener may be HTTP). */
function judgeOrphanRoute(route: K8sObject, index: ManifestIndex): K8sVerdict | undefined {
  const parents = routeParents(route, index);
  if (parents.open.length === 0) return undefined;
  if (redirectsOnly(route).how === 'yes') return undefined;
  return k8sUnknown('spec.parentRefs', undefined, `${parents.open.join('; ')}: if that is an HTTP listener, the route serves plain HTTP there`);
}
