/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { Thresholds } from '../../../checklist/thresholds';

const KEY = 'hstsMaxAgeSeconds';
const NGINX = 'nginx.ingress.kubernetes.io/';

/**
 * HEADERS-HSTS: every Ingress sends Strict-Transport-Security with max-age >=
 * hstsMaxAgeSeconds and includeSubDomains, configured on the Ingress itself:
 * ingress-nginx `custom-headers` (the referenced ConfigMap) or a
 * configuration/server snippet; Traefik `router.middlewares` (a Middleware
 * with `headers.stsSeconds`); NGINX Inc. `nginx.org/hsts*`. Controller-wide
 * settings are not in the manifests and are not assumed (ingress-nginx's
 * default max-age is six months): an Ingress without its own HSTS fails. A
 * referenced ConfigMap or Middleware missing from the manifests is unknown.
 *
 * Only the annotations of the controller that serves the Ingress count: its
 * class (`spec.ingressClassName`, else `kubernetes.io/ingress.class`) names the
 * controller through an IngressClass in the manifests (`spec.controller`), else
 * by its usual name (`nginx`: ingress-nginx or NGINX Inc.; `traefik`; `alb`,
 * `gce` and other controllers that read none of these). A class that cannot be
 * resolved, or none (the default class), keeps every source.
 */
export const K8sIngressHsts: K8sRule = {
  id: 'K8sIngressHsts',
  items: ['HEADERS-HSTS'],
  kinds: ['Ingress'],
  severity: Severity.MEDIUM,
  description: 'Every Ingress sends Strict-Transport-Security (max-age >= hstsMaxAgeSeconds, includeSubDomains) through its controller\'s per-Ingress configuration.',
  fix: 'ingress-nginx: nginx.ingress.kubernetes.io/custom-headers: <ns>/<configmap> with Strict-Transport-Security: max-age=31536000; includeSubDomains. Traefik: a Middleware with headers.stsSeconds: 31536000, stsIncludeSubdomains: true.',
  check(obj, ctx) {
    const all = hstsOf(obj, ctx.index);
    if (all.length === 0) return k8sFail('metadata.annotations', undefined, 'no per-Ingress HSTS (custom-headers, snippet, Traefik middleware or nginx.org/hsts)');
    const served = servingController(obj, ctx.index);
    const found = served ? all.filter((f) => served.families.includes(f.family)) : all;
    if (served && found.length === 0) {
      return k8sFail(served.prop, served.className, `the Ingress is served by ${served.controller}, which reads none of its HSTS annotations (${[...new Set(all.map((f) => f.source))].join(', ')})`);
    }
    const verdicts = found.map((f) => f.unknown
      ? k8sUnknown(f.prop, f.value, f.unknown, f.object)
      : judge(f.value!, f.prop, f.source, ctx.thresholds, f.object));
    const passed = verdicts.filter((v) => v.status === 'pass');
    return passed.length > 0 ? passed : verdicts;
  },
};

/** The controllers whose per-Ingress HSTS configuration the rule reads. */
type Family = 'ingress-nginx' | 'traefik' | 'nginx-inc';

/** IngressClass `spec.controller` values of the controllers the rule reads. */
const CONTROLLERS: Record<string, Family> = {
  'k8s.io/ingress-nginx': 'ingress-nginx',
  'traefik.io/ingress-controller': 'traefik',
  'nginx.org/ingress-controller': 'nginx-inc',
};
/** The usual class names: the controllers each may be, when no IngressClass in the manifests says. */
const CLASS_NAMES: Record<string, Family[]> = {
  'nginx': ['ingress-nginx', 'nginx-inc'],
  'traefik': ['traefik'],
  'alb': [], 'gce': [], 'gce-internal': [], 'azure-application-gateway': [], 'kong': [], 'haproxy': [], 'istio': [], 'cilium': [], 'contour': [], 'apisix': [],
};

/** The controller families that may serve the Ingress, by its class; undefined when the class is absent or cannot be resolved. */
function servingController(obj: K8sObject, index: ManifestIndex): { families: Family[]; controller: string; className: string; prop: string } | undefined {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const byField = obj.doc.spec?.ingressClassName;
  const className = typeof byField === 'string' && byField !== '' ? byField : a['kubernetes.io/ingress.class'];
  if (typeof className !== 'string' || className === '') return undefined;
  const prop = byField ? 'spec.ingressClassName' : 'metadata.annotations.kubernetes.io/ingress.class';
  const cls = index.ofKind('IngressClass').find((c) => c.name === className);
  const controller = cls?.doc.spec?.controller;
  if (typeof controller === 'string' && controller !== '') {
    const family = CONTROLLERS[controller];
    return { families: family ? [family] : [], controller: `${controller} (IngressClass ${className})`, className, prop };
  }
  const families = Object.prototype.hasOwnProperty.call(CLASS_NAMES, className) ? CLASS_NAMES[className] : undefined;
  return families ? { families, controller: `the ${className} controller (class ${className})`, className, prop } : undefined;
}

interface Found {
  readonly family: Family;
  readonly prop: string;
  readonly source: string;
  readonly value?: string;
  readonly unknown?: string;
  readonly object?: K8sObject;
}

function hstsOf(obj: K8sObject, index: ManifestIndex): Found[] {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const out: Found[] = [];
  const custom = a[`${NGINX}custom-headers`];
  if (custom) {
    const [ns, name] = custom.includes('/') ? custom.split('/', 2) : [obj.namespace, custom];
    const cm = index.get('ConfigMap', ns, name);
    const prop = `metadata.annotations.${NGINX}custom-headers`;
    if (!cm) out.push({ family: 'ingress-nginx', prop, source: custom, value: custom, unknown: `custom-headers ConfigMap ${custom} is not in the manifests` });
    else {
      const key = Object.keys(cm.doc.data ?? {}).find((k) => k.toLowerCase() === 'strict-transport-security');
      if (key) out.push({ family: 'ingress-nginx', prop: `data.${key}`, source: `ConfigMap ${ns}/${name}`, value: String(cm.doc.data[key]), object: cm });
    }
  }
  for (const k of ['configuration-snippet', 'server-snippet']) {
    const snippet = a[`${NGINX}${k}`];
    const m = snippet ? /Strict-Transport-Security:?\s*"?\s*:?\s*([^";\n]*(?:;\s*[^";\n]*)*)"?/i.exec(snippet) : null;
    if (m) out.push({ family: 'ingress-nginx', prop: `metadata.annotations.${NGINX}${k}`, source: k, value: m[1].replace(/^[:\s]+/, '') });
  }
  const mws = a['traefik.ingress.kubernetes.io/router.middlewares'];
  for (const ref of mws ? mws.split(',').map((s) => s.trim()).filter(Boolean) : []) {
    const mw = index.traefikMiddleware(ref.includes('@') ? ref : `${ref}@kubernetescrd`);
    const prop = 'metadata.annotations.traefik.ingress.kubernetes.io/router.middlewares';
    if (!mw) {
      out.push({ family: 'traefik', prop, source: ref, value: ref, unknown: `Traefik middleware ${ref} is not in the manifests` });
      continue;
    }
    const h = mw.doc.spec?.headers;
    if (h?.stsSeconds !== undefined) {
      out.push({ family: 'traefik', prop: 'spec.headers.stsSeconds', source: `Middleware ${mw.name}`, value: `max-age=${h.stsSeconds}${h.stsIncludeSubdomains ? '; includeSubDomains' : ''}`, object: mw });
    }
  }
  if (a['nginx.org/hsts'] === 'true') {
    const age = a['nginx.org/hsts-max-age'] ?? '2592000';
    const subs = (a['nginx.org/hsts-include-subdomains'] ?? 'true') === 'true';
    out.push({ family: 'nginx-inc', prop: 'metadata.annotations.nginx.org/hsts', source: 'nginx.org/hsts', value: `max-age=${age}${subs ? '; includeSubDomains' : ''}` });
  }
  return out;
}

function judge(value: string, prop: string, source: string, t: Thresholds, object?: K8sObject): K8sVerdict {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value);
  const min = t.get(KEY);
  if (!m) return k8sFail(prop, value, `${source}: Strict-Transport-Security has no max-age`, object);
  if (!t.meets(KEY, Number(m[1]))) return k8sFail(prop, value, `${source}: max-age ${m[1]} is below ${min}`, object);
  if (!/(?:^|;)\s*includeSubDomains\s*(?:;|$)/i.test(value)) return k8sFail(prop, value, `${source}: lacks includeSubDomains`, object);
  return k8sPass(prop, value, `${source}: Strict-Transport-Security ${value}`, object);
}
