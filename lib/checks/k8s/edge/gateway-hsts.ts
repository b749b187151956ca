/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../../checklist/thresholds';
import { Severity } from '../../model';
import { isTemplated } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sUnknown } from '../rule';
import { ManifestIndex } from '../manifest-index';
import { isGatewayApi, listenerKind, listenerName, redirectOf, redirectsOnly, routeParents, routeRules } from './gateway-api';
import { gatewayWithoutRoutes } from './gateway-tls';
import { judgeHsts } from './ingress-hsts';

const STS = 'strict-transport-security';

/**
 * HEADERS-HSTS for the Gateway API (gateway.networking.k8s.io v1): every HTTPRoute served on an HTTPS listener sends
 * Strict-Transport-Security with max-age >= hstsMaxAgeSeconds and includeSubDomains, from a ResponseHeaderModifier
 * filter that `set`s it: on the rule (every response of the rule), else on each of the rule's backendRefs (a backend
 * without it sends none). Every rule that does not redirect must. The value is read as a browser reads it
 * (`judgeHsts`, like K8sIngressHsts). A filter that `add`s it is unknown (a Strict-Transport-Security of the backend's
 * own would come first, and a browser reads only the first); no filter setting it fails, unless the rule has an
 * ExtensionRef filter (implementation-specific, e.g. Envoy Gateway's HTTPRouteFilter, NGINX Gateway Fabric's
 * SnippetsFilter), which may add it: unknown naming it. No implementation the rule knows of (Envoy Gateway, Istio,
 * NGINX Gateway Fabric, Contour) adds the header by default, so none is assumed. A route served only over plain HTTP
 * fails (a browser ignores the header over HTTP); one that only redirects on HTTP listeners is not judged. A parent
 * that is not a Gateway of the manifests, a listener whose TLS cannot be read, or a templated value is unknown. A
 * Gateway no HTTPRoute of the manifests attaches to is unknown.
 */
export const K8sGatewayHsts: K8sRule = {
  id: 'K8sGatewayHsts',
  items: ['HEADERS-HSTS'],
  kinds: ['HTTPRoute', 'Gateway'],
  severity: Severity.MEDIUM,
  description: 'Every Gateway API HTTPRoute served over HTTPS sets Strict-Transport-Security (max-age >= hstsMaxAgeSeconds, includeSubDomains) with a ResponseHeaderModifier filter on each rule that does not redirect.',
  fix: 'Add to each rule filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: Strict-Transport-Security, value: "max-age=31536000; includeSubDomains"}]}}].',
  check(obj, ctx) {
    if (!isGatewayApi(obj)) return undefined;
    if (obj.kind === 'Gateway') return gatewayWithoutRoutes(obj, ctx.index, 'the headers sent');
    return judgeRoute(obj, ctx.index, ctx.thresholds);
  },
};

function judgeRoute(route: K8sObject, index: ManifestIndex, t: Thresholds): K8sVerdict[] | undefined {
  const parents = routeParents(route, index);
  if (!parents.gatewayParents) return undefined;
  const open: string[] = [...parents.open];
  let https = 0;
  let plain = 0;
  for (const a of parents.attachments) {
    const kind = listenerKind(a.gateway, a.listener);
    if (kind.kind === 'tls') https++;
    else if (kind.kind === 'plain') plain++;
    else open.push(kind.why);
  }
  if (https === 0 && open.length === 0) {
    if (plain === 0) return [k8sUnknown('spec.parentRefs', undefined, 'no listener of its Gateways in the manifests accepts the route as written: the Gateway rejects it, or the manifests misname a parent')];
    if (redirectsOnly(route).how === 'yes') return undefined;
    return [k8sFail('spec.parentRefs', undefined, `the route is served over plain HTTP only (${parents.attachments.map((a) => listenerName(a.gateway, a.listener)).join(', ')}): a browser ignores Strict-Transport-Security over HTTP`)];
  }
  const verdicts = routeRules(route).map((rule, i) => judgeRule(route, rule, i, t)).filter((v): v is K8sVerdict => v !== undefined);
  const failed = verdicts.filter((v) => v.status === 'fail');
  if (failed.length > 0) return failed;
  if (open.length > 0) return [k8sUnknown('spec.parentRefs', undefined, `${[...new Set(open)].join('; ')}: whether the route is served over HTTPS cannot be read`)];
  const unknown = verdicts.filter((v) => v.status === 'unknown');
  return unknown.length > 0 ? unknown : verdicts;
}

/** The Strict-Transport-Security a ResponseHeaderModifier sets (`set`), adds (`add`) or removes, if any. */
function stsOf(mod: any): { set?: string; add?: string; remove?: boolean } | undefined {
  if (!mod) return undefined;
  const pick = (list: unknown) => (Array.isArray(list) ? list : []).find((h: any) => typeof h?.name === 'string' && h.name.toLowerCase() === STS);
  const set = pick(mod.set);
  const add = pick(mod.add);
  const remove = (Array.isArray(mod.remove) ? mod.remove : []).some((n: unknown) => typeof n === 'string' && n.toLowerCase() === STS);
  if (!set && !add && !remove) return undefined;
  return { set: set ? String(set.value ?? '') : undefined, add: add ? String(add.value ?? '') : undefined, remove };
}

const headerModifier = (filters: unknown) => (Array.isArray(filters) ? filters : []).find((f: any) => f?.type === 'ResponseHeaderModifier')?.responseHeaderModifier;
const extensionRefs = (filters: unknown) => (Array.isArray(filters) ? filters : []).filter((f: any) => f?.type === 'ExtensionRef')
  .map((f: any) => `${f?.extensionRef?.kind ?? 'ExtensionRef'} ${f?.extensionRef?.name ?? ''}`.trim());

function judgeRule(route: K8sObject, rule: any, i: number, t: Thresholds): K8sVerdict | undefined {
  if (redirectOf(rule)) return undefined;
  const prop = `spec.rules.${i}.filters`;
  const who = `HTTPRoute ${route.namespace}/${route.name} rule ${i}`;
  const own = stsOf(headerModifier(rule?.filters));
  const backends: any[] = Array.isArray(rule?.backendRefs) ? rule.backendRefs : [];
  const perBackend = backends.map((b) => stsOf(headerModifier(b?.filters)));
  const ext = [...extensionRefs(rule?.filters), ...backends.flatMap((b) => extensionRefs(b?.filters))];
  const judgeOne = (s: { set?: string; add?: string; remove?: boolean }, p: string, source: string): K8sVerdict => {
    if (s.set !== undefined && s.add !== undefined) return k8sUnknown(p, s.set, `${source} both sets and adds Strict-Transport-Security: which comes first cannot be read`);
    if (s.set !== undefined) {
      if (isTemplated(s.set)) return k8sUnknown(p, s.set, `${source} sets a templated Strict-Transport-Security`);
      return judgeHsts(s.set, p, source, t);
    }
    if (s.add !== undefined) return k8sUnknown(p, s.add, `${source} adds Strict-Transport-Security "${s.add}": a header of the backend's own would come first, and a browser reads only the first`);
    return k8sFail(p, undefined, `${source} removes Strict-Transport-Security and sets none`);
  };
  const others = perBackend.filter((b) => b !== undefined);
  if (own) {
    if (others.length > 0) return k8sUnknown(prop, own.set ?? own.add, `${who}: both the rule and a backendRef modify Strict-Transport-Security: the order the implementation applies them in decides`);
    return judgeOne(own, prop, `${who} ResponseHeaderModifier`);
  }
  if (backends.length > 0 && others.length === backends.length) {
    const vs = perBackend.map((b, k) => judgeOne(b!, `spec.rules.${i}.backendRefs.${k}.filters`, `${who} backendRef ${k} ResponseHeaderModifier`));
    return vs.find((v) => v.status === 'fail') ?? vs.find((v) => v.status === 'unknown') ?? vs[0];
  }
  const missing = others.length > 0 ? `its backendRef(s) ${perBackend.map((b, k) => b ? undefined : k).filter((k) => k !== undefined).join(', ')} send no Strict-Transport-Security (only some backends set it)` : 'no ResponseHeaderModifier filter sets Strict-Transport-Security';
  if (ext.length > 0) return k8sUnknown(prop, ext.join(', '), `${who}: ${missing}; the implementation-specific filter ${ext.join(', ')} may add it`);
  return k8sFail(prop, undefined, `${who}: ${missing}`);
}
