/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { isTemplated } from '../pod-spec';
import { K8sContext, K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { Thresholds } from '../../../checklist/thresholds';
import { hstsDirectives } from '../../../checklist/policy/hsts';
import { CONTROLLER_NAMES, albGroupMembers, albListenPorts, classParams, controllersInManifests, ingressClassOf, servedByAlb, servingController } from './ingress-class';
import { controllerConfigMaps, nginxStatements, parseGoBool } from './nginx-controller-config';
import { ingressRouteHsts } from './ingress-route';
import { crdMiddlewareRef } from './traefik';

const KEY = 'hstsMaxAgeSeconds';
const NGINX = 'nginx.ingress.kubernetes.io/';
const ALB = 'alb.ingress.kubernetes.io/';
/** The ALB listener attribute that adds Strict-Transport-Security to every response of the listener. */
const ALB_HSTS = 'routing.http.response.strict_transport_security.header_value';

/**
 * HEADERS-HSTS: every Ingress sends Strict-Transport-Security with max-age >=
 * hstsMaxAgeSeconds and includeSubDomains, configured on the Ingress itself:
 * ingress-nginx `custom-headers` (the referenced ConfigMap, whose header
 * names the controller ConfigMap's `global-allowed-response-headers` must all
 * list: the controller refuses any other with a 503; no controller ConfigMap
 * in the manifests is unknown) or a configuration/server snippet; Traefik `router.middlewares` (a Middleware
 * with `headers.stsSeconds`); NGINX Inc. `nginx.org/hsts*` (max-age and
 * includeSubDomains default to the controller's 2592000 and False; a value
 * it cannot parse makes it skip them all; a mergeable minion's are ignored,
 * its master's apply). Controller-wide
 * settings are not in the manifests and are not assumed (ingress-nginx's
 * default max-age is six months): an Ingress without its own HSTS fails. A
 * referenced ConfigMap or Middleware missing from the manifests is unknown.
 * The value is read as a browser reads it (`hstsDirectives`): a repeated
 * directive or a max-age that is not digits makes it ignore the header (fail).
 *
 * ingress-nginx applies a snippet annotation only when its controller
 * ConfigMap sets `allow-snippet-annotations: "true"` (default false since
 * controller 1.9) and `annotations-risk-level: Critical` (the default until
 * 1.11; High from 1.12, which drops snippets). Only a `more_set_headers` or
 * `add_header` directive of the snippet counts, `#` comments excluded. The controller ConfigMap is the
 * one a controller Deployment/DaemonSet in the manifests names with
 * `--configmap`, else any ConfigMap carrying one of those keys. A snippet
 * counts when that ConfigMap allows it; it is ignored (and cannot pass) when
 * the ConfigMap forbids it or leaves allow-snippet-annotations unset; it is
 * unknown when no controller ConfigMap is in the manifests, when
 * annotations-risk-level is unset (the controller version decides), or when
 * two controller ConfigMaps disagree.
 *
 * Only the annotations of the controller that serves the Ingress count: its
 * class (`spec.ingressClassName`, else `kubernetes.io/ingress.class`, else the
 * default IngressClass of the manifests) names the controller through an
 * IngressClass in the manifests (`spec.controller`), else through the
 * ingress-nginx or NGINX Inc. controller Deployment/DaemonSet in the manifests
 * that serves that class (`--ingress-class`, default `nginx`), else by its
 * usual name (`nginx`: ingress-nginx or NGINX Inc.; `traefik`; `alb`; `gce`
 * and other controllers that read none of these). A class that may be either
 * of two controllers (`nginx` with nothing in the manifests to resolve it)
 * passes only when a source of each sends HSTS: one read by only one of them
 * is unknown. A class that cannot be resolved, or none, keeps every source, and a
 * pass is unknown: which controller serves the Ingress decides whether it is sent.
 *
 * An Ingress the AWS Load Balancer Controller serves (`servedByAlb`: class
 * `alb`, an IngressClass of controller `ingress.k8s.aws/alb` or
 * `eks.amazonaws.com/alb`, or a controller Deployment serving the class) is
 * judged by the ALB listeners it gets: the ALB adds Strict-Transport-Security to
 * every response of a listener whose attribute
 * `routing.http.response.strict_transport_security.header_value` is set (ALB
 * header modification, replacing the target's own header), and the controller
 * (v2.10.1+) sets it from the stringMap annotation
 * `alb.ingress.kubernetes.io/listener-attributes.HTTPS-<port>` (`key=value`
 * pairs split at commas and at each pair's first `=`). Every HTTPS listener of
 * the Ingress must send it: `listen-ports`, else HTTPS:443 when it has a
 * certificate-arn (else HTTP:80 only, which fails: a browser ignores the header
 * over HTTP). Per listener, the IngressClassParams `spec.listeners` entry of
 * that protocol and port overrides the annotation (missing from the manifests:
 * unknown); else the annotations of the Ingresses of its IngressGroup
 * (`group.name`) listening on that port are merged, and two different values
 * make the controller refuse the group (fail). No value: fail, or unknown for an
 * IngressGroup (a member outside the manifests may set it). A templated value
 * is unknown, one the controller cannot parse fails, and an
 * aws-load-balancer-controller in the manifests older than v2.10.1 (which sets
 * no HTTP/HTTPS listener attributes) fails. A pass needs the controller in the
 * manifests at v2.10.1 or later (its image tag): with none, or one whose tag
 * names no version, what would pass is unknown (the controller decides). When the class resolves to nothing and the Ingress
 * carries `alb.ingress.kubernetes.io/` annotations, it is judged both ways and a
 * verdict the readings do not share is unknown.
 *
 * A Traefik IngressRoute is judged by `ingressRouteHsts` (ingress-route.ts): every route served over HTTPS that does
 * not redirect applies a Middleware (its own, a chain's member, or its entry point's) whose headers set
 * Strict-Transport-Security (stsSeconds with stsIncludeSubdomains, or customResponseHeaders); none fails, an
 * unreadable middleware is unknown; a route served over plain HTTP only fails.
 */
export const K8sIngressHsts: K8sRule = {
  id: 'K8sIngressHsts',
  items: ['HEADERS-HSTS'],
  kinds: ['Ingress', 'IngressRoute'],
  severity: Severity.MEDIUM,
  description: 'Every Ingress sends Strict-Transport-Security (max-age >= hstsMaxAgeSeconds, includeSubDomains) through its controller\'s per-Ingress configuration (ALB: the HSTS listener attribute of each HTTPS listener); every HTTPS route of a Traefik IngressRoute applies a headers Middleware that sets it.',
  fix: 'ingress-nginx: nginx.ingress.kubernetes.io/custom-headers: <ns>/<configmap> with Strict-Transport-Security: max-age=31536000; includeSubDomains. Traefik: a Middleware with headers.stsSeconds: 31536000, stsIncludeSubdomains: true. AWS Load Balancer Controller (v2.10.1+): alb.ingress.kubernetes.io/listener-attributes.HTTPS-443: routing.http.response.strict_transport_security.header_value=max-age=31536000;includeSubDomains.',
  check(obj, ctx) {
    if (obj.kind === 'IngressRoute') return ingressRouteHsts(obj, ctx.index, ctx.thresholds);
    const alb = servedByAlb(obj, ctx.index);
    if (alb === 'yes') return albHsts(obj, ctx.index, ctx.thresholds);
    const own = annotatedHsts(obj, ctx);
    if (alb === 'no') return own;
    // The class may be the AWS Load Balancer Controller's: the readings must agree, else the controller decides.
    const asAlb = albHsts(obj, ctx.index, ctx.thresholds);
    const status = (vs: K8sVerdict[]) => vs.some((v) => v.status === 'fail') ? 'fail' : vs.some((v) => v.status === 'unknown') ? 'unknown' : 'pass';
    if (status(own) === status(asAlb)) return own;
    const albWhy = `if the AWS Load Balancer Controller serves it (its class is not resolved by the manifests, and it carries ${ALB}* annotations): ${asAlb.map((v) => v.message).join('; ')}`;
    const other = own.filter((v) => v.status !== 'pass');
    if (other.length === 0) return asAlb.filter((v) => v.status !== 'pass').map((v) => k8sUnknown(v.property, v.value, albWhy, v.object));
    return other.map((v) => k8sUnknown(v.property, v.value, `if another controller serves it: ${v.message}; ${albWhy}`, v.object));
  },
};

/** The HSTS of the Ingress's own annotations for ingress-nginx, Traefik and NGINX Inc., judged for the controller its class names. */
function annotatedHsts(obj: K8sObject, ctx: K8sContext): K8sVerdict[] {
  const all = hstsOf(obj, ctx.index);
  if (all.length === 0) return [k8sFail('metadata.annotations', undefined, 'no per-Ingress HSTS (custom-headers, snippet, Traefik middleware or nginx.org/hsts)')];
  const served = servingController(obj, ctx.index);
  const found = served ? all.filter((f) => served.kinds.includes(f.family)) : all;
  if (served && found.length === 0) {
    return [k8sFail(served.prop, served.className, `the Ingress is served by ${served.controller}, which reads none of its HSTS annotations (${[...new Set(all.map((f) => f.source))].join(', ')})`)];
  }
  const verdicts = found.map((f) => {
    if (f.ignored) return k8sFail(f.prop, f.value, f.ignored, f.object);
    if (f.unknown) return k8sUnknown(f.prop, f.value, f.unknown, f.object);
    const v = judgeHsts(f.value!, f.prop, f.source, ctx.thresholds, f.object);
    return f.gate && v.status === 'pass' ? k8sUnknown(f.prop, f.value, `${v.message}, if the controller applies it: ${f.gate}`, f.object) : v;
  });
  const passed = verdicts.filter((v) => v.status === 'pass');
  const open = verdicts.filter((v) => v.status === 'unknown');
  if (served && served.kinds.length > 1 && passed.length > 0) {
    // An ambiguous class (nginx: ingress-nginx or NGINX Inc.): HSTS is sent only if every controller it may be sends it.
    const sending = new Set<string>(found.filter((_, i) => verdicts[i].status === 'pass').map((f) => f.family));
    const silent = served.kinds.filter((k) => !sending.has(k));
    if (silent.length > 0) {
      const readers = [...sending].map((k) => CONTROLLER_NAMES[k as Family]).join(' and ');
      return passed.map((v) => k8sUnknown(v.property, v.value, `${v.message}, which only ${readers} reads; class ${served.className} may be served by ${silent.map((k) => CONTROLLER_NAMES[k]).join(' or ')}, which sends none of it: an IngressClass ${served.className} or the controller Deployment in the manifests decides`, v.object));
    }
  }
  if (!served && passed.length > 0) {
    // No class the manifests resolve: the cluster's default IngressClass (or the class name) picks the controller,
    // and a source only some controllers read may not be sent.
    const readers = [...new Set(found.filter((_, i) => verdicts[i].status === 'pass').map((f) => CONTROLLER_NAMES[f.family]))].join(' and ');
    const named = ingressClassOf(obj, ctx.index);
    const why = named ? `class ${named.className}, which nothing in the manifests resolves to a controller` : 'no class (the cluster\'s default IngressClass picks the controller)';
    return passed.map((v) => k8sUnknown(v.property, v.value, `${v.message}, which only ${readers} reads; the Ingress has ${why}: an IngressClass or the controller Deployment in the manifests decides`, v.object));
  }
  return passed.length > 0 ? passed : open.length > 0 ? open : verdicts;
}

/** The controllers whose per-Ingress HSTS configuration the rule reads. */
type Family = 'ingress-nginx' | 'traefik' | 'nginx-inc';

interface Found {
  readonly family: Family;
  readonly prop: string;
  readonly source: string;
  readonly value?: string;
  readonly unknown?: string;
  /** The source is sound but the controller may not apply it: why (a passing value becomes unknown). */
  readonly gate?: string;
  /** The controller does not apply the source: why (it fails whatever its value). */
  readonly ignored?: string;
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
      const keys = Object.keys(cm.doc.data ?? {});
      const key = keys.find((k) => k.toLowerCase() === 'strict-transport-security');
      if (key) {
        const g = allowedHeadersGate(index, keys);
        out.push({ family: 'ingress-nginx', prop: `data.${key}`, source: `ConfigMap ${ns}/${name}`, value: String(cm.doc.data[key]), object: cm,
          gate: g.gate, ignored: g.ignored ? `custom-headers ${custom}: ${g.ignored}` : undefined });
      }
    }
  }
  let gate: SnippetGate | undefined;
  for (const k of ['configuration-snippet', 'server-snippet']) {
    const snippet = a[`${NGINX}${k}`];
    const m = snippet ? headerDirectives(snippet).map((d) => /Strict-Transport-Security:?\s*"?\s*:?\s*([^";\n]*(?:;\s*[^";\n]*)*)"?/i.exec(d)).find((x) => x !== null) : undefined;
    if (!m) continue;
    gate ??= snippetGate(index);
    const value = m[1].replace(/^[:\s]+/, '');
    out.push({ family: 'ingress-nginx', prop: `metadata.annotations.${NGINX}${k}`, source: k, value,
      gate: gate.gate, ignored: gate.ignored ? `${k}: ignored by the controller: ${gate.ignored}` : undefined });
  }
  const mws = a['traefik.ingress.kubernetes.io/router.middlewares'];
  for (const ref of mws ? mws.split(',').map((s) => s.trim()).filter(Boolean) : []) {
    const prop = 'metadata.annotations.traefik.ingress.kubernetes.io/router.middlewares';
    if (!ref.includes('@')) {
      // Without @<provider> Traefik looks the name up among the Ingress provider's own (@kubernetes), which defines
      // no middleware: a Middleware CRD is named <namespace>-<name>@kubernetescrd from an Ingress.
      out.push({ family: 'traefik', prop, source: ref, value: ref, unknown: `Traefik middleware ${ref} names no provider: from an Ingress Traefik resolves it in the Kubernetes Ingress provider (${ref}@kubernetes), not as a Middleware resource (${ref}@kubernetescrd)` });
      continue;
    }
    const r = crdMiddlewareRef(index, ref);
    if ('open' in r) {
      out.push({ family: 'traefik', prop, source: ref, value: ref, unknown: r.open });
      continue;
    }
    const mw = r.mw;
    const h = mw.doc.spec?.headers;
    if (h?.stsSeconds !== undefined) {
      out.push({ family: 'traefik', prop: 'spec.headers.stsSeconds', source: `Middleware ${mw.name}`, value: `max-age=${h.stsSeconds}${h.stsIncludeSubdomains ? '; includeSubDomains' : ''}`, object: mw });
    }
  }
  out.push(...nginxIncHsts(obj, index));
  return out;
}

/** The header directives of an nginx snippet (`more_set_headers ...`, `add_header ...`), each as written up to its `;`. */
function headerDirectives(snippet: string): string[] {
  return nginxStatements(snippet).filter((st) => /^(more_set_headers|add_header)\s/.test(st));
}

const hostsOf = (obj: K8sObject): string[] => (Array.isArray(obj.doc.spec?.rules) ? obj.doc.spec.rules : [])
  .map((r: any) => r?.host).filter((h: unknown): h is string => typeof h === 'string' && h !== '');

/**
 * NGINX Inc. `nginx.org/hsts*`: HSTS when nginx.org/hsts parses as true; max-age
 * and includeSubDomains default to the controller's (2592000 and False). A
 * max-age or include-subdomains it cannot parse makes it skip every HSTS
 * annotation. A mergeable minion's HSTS annotations are ignored: its master's
 * (the master Ingress of the same host) apply.
 */
function nginxIncHsts(obj: K8sObject, index: ManifestIndex): Found[] {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  if (a['nginx.org/mergeable-ingress-type'] !== 'minion') return nginxIncOwn(a, 'metadata.annotations.nginx.org/hsts', '');
  const hosts = hostsOf(obj);
  const masters = index.ofKind('Ingress').filter((i) => i !== obj && (i.metadata.annotations ?? {})['nginx.org/mergeable-ingress-type'] === 'master'
    && hostsOf(i).some((h) => hosts.includes(h)));
  const prop = 'metadata.annotations.nginx.org/mergeable-ingress-type';
  if (masters.length === 0) {
    return [{ family: 'nginx-inc', prop, source: 'minion', value: 'minion', unknown: `a mergeable minion takes HSTS from its master Ingress (host ${hosts.join(', ') || 'none'}), which is not in the manifests; its own nginx.org/hsts annotations are ignored` }];
  }
  return masters.flatMap((m) => {
    const found = nginxIncOwn(m.metadata.annotations ?? {}, prop, `master Ingress ${m.namespace}/${m.name}: `);
    return found.length > 0 ? found : [{ family: 'nginx-inc' as Family, prop, source: 'minion', value: 'minion',
      ignored: `a mergeable minion's own nginx.org/hsts annotations are ignored, and its master Ingress ${m.namespace}/${m.name} sends no HSTS` }];
  });
}

function nginxIncOwn(a: Record<string, string>, prop: string, where: string): Found[] {
  if (a['nginx.org/hsts'] === undefined || parseGoBool(a['nginx.org/hsts']) !== true) return [];
  const source = `${where}nginx.org/hsts`;
  const age = a['nginx.org/hsts-max-age'] ?? '2592000';
  const subs = a['nginx.org/hsts-include-subdomains'] === undefined ? false : parseGoBool(a['nginx.org/hsts-include-subdomains']);
  if (!/^[+-]?\d{1,18}$/.test(age) || subs === undefined) {
    const bad = subs === undefined ? `nginx.org/hsts-include-subdomains "${a['nginx.org/hsts-include-subdomains']}"` : `nginx.org/hsts-max-age "${age}"`;
    return [{ family: 'nginx-inc', prop, source, value: a['nginx.org/hsts'],
      ignored: `${source}: the controller cannot parse ${bad} and skips every HSTS annotation of the Ingress` }];
  }
  return [{ family: 'nginx-inc', prop, source, value: `max-age=${Number(age)}${subs ? '; includeSubDomains' : ''}` }];
}

/**
 * Whether ingress-nginx sends the headers of a custom-headers ConfigMap: it
 * refuses the annotation (and answers 503 on the Ingress's paths) unless every
 * header name is listed, as written, in its controller ConfigMap's
 * `global-allowed-response-headers` (empty by default). `ignored` when a
 * controller ConfigMap in the manifests does not list one; `gate` when none is
 * in the manifests, or they disagree.
 */
function allowedHeadersGate(index: ManifestIndex, headers: string[]): SnippetGate {
  return controllerGate(index, 'global-allowed-response-headers',
    `no ingress-nginx controller ConfigMap is in the manifests; its global-allowed-response-headers (empty by default) must list ${headers.join(', ')}, or the controller refuses the custom headers and answers 503`,
    (cm) => {
      const listed = String((cm.doc.data ?? {})['global-allowed-response-headers'] ?? '').split(',').map((h) => h.trim()).filter(Boolean);
      const missing = headers.filter((h) => !listed.includes(h));
      if (missing.length === 0) return {};
      return { ignored: `ConfigMap ${cm.namespace}/${cm.name} does not list ${missing.join(', ')} in global-allowed-response-headers${listed.length > 0 ? ` (${listed.join(', ')})` : ' (empty)'}, so the controller refuses the custom headers and answers 503` };
    });
}

/**
 * What the ingress-nginx controller ConfigMaps of the manifests (`controllerConfigMaps`) say of one setting:
 * `none` (a gate) when there is none, the one answer of `perConfigMap` when they agree, else a gate naming them.
 */
function controllerGate(index: ManifestIndex, setting: string, none: string, perConfigMap: (cm: K8sObject) => SnippetGate): SnippetGate {
  const cms = controllerConfigMaps(index);
  if (cms.length === 0) return { gate: none };
  const gates = cms.map(perConfigMap);
  const kind = (g: SnippetGate) => g.ignored !== undefined ? 'ignored' : g.gate !== undefined ? 'gate' : 'applied';
  if (gates.every((g) => kind(g) === kind(gates[0]))) return gates[0];
  return { gate: `the controller ConfigMaps ${cms.map((cm) => `${cm.namespace}/${cm.name}`).join(', ')} disagree on ${setting}; which controller serves the Ingress decides` };
}

/** Whether ingress-nginx applies a per-Ingress setting (snippets, custom headers): `gate` (unknown, why) or `ignored` (it does not, why); neither when it does. @internal */
export interface SnippetGate { readonly gate?: string; readonly ignored?: string }

const RISK_LEVELS = ['critical', 'high', 'medium', 'low'];

/** @internal */
export function snippetGate(index: ManifestIndex): SnippetGate {
  return controllerGate(index, 'snippet annotations',
    'no ingress-nginx controller ConfigMap is in the manifests; it must set allow-snippet-annotations "true" (default false since controller 1.9) and annotations-risk-level Critical (default High since 1.12)',
    snippetGateOf);
}

function snippetGateOf(cm: K8sObject): SnippetGate {
  const where = `ConfigMap ${cm.namespace}/${cm.name}`;
  const data: Record<string, unknown> = cm.doc.data ?? {};
  const allow = data['allow-snippet-annotations'] === undefined ? undefined : String(data['allow-snippet-annotations']);
  if (allow === undefined) return { ignored: `${where} leaves allow-snippet-annotations unset (default false since controller 1.9)` };
  const allowed = parseGoBool(allow);
  if (allowed === false) return { ignored: `${where} sets allow-snippet-annotations "${allow}"` };
  if (allowed === undefined) return { gate: `${where} sets allow-snippet-annotations "${allow}", not a boolean` };
  const risk = data['annotations-risk-level'] === undefined ? undefined : String(data['annotations-risk-level']);
  if (risk === undefined) {
    return { gate: `${where} allows snippet annotations but leaves annotations-risk-level unset: the controller version decides (Critical until 1.11; High from 1.12, which drops snippets)` };
  }
  if (risk.toLowerCase() === 'critical') return {};
  if (RISK_LEVELS.includes(risk.toLowerCase())) return { ignored: `${where} sets annotations-risk-level ${risk}; snippet annotations are Critical` };
  return { gate: `${where} sets annotations-risk-level "${risk}", not a risk level (Critical, High, Medium, Low)` };
}

/** A Strict-Transport-Security value as a browser reads it, against hstsMaxAgeSeconds and includeSubDomains. @internal */
export function judgeHsts(value: string, prop: string, source: string, t: Thresholds, object?: K8sObject): K8sVerdict {
  const d = hstsDirectives(value);
  const min = t.get(KEY);
  if ('ignored' in d) return k8sFail(prop, value, `${source}: Strict-Transport-Security ${d.ignored}`, object);
  if (d.maxAge === undefined) return k8sFail(prop, value, `${source}: Strict-Transport-Security has no max-age`, object);
  if (!t.meets(KEY, Number(d.maxAge))) return k8sFail(prop, value, `${source}: max-age ${d.maxAge} is below ${min}`, object);
  if (!d.includeSubDomains) return k8sFail(prop, value, `${source}: lacks includeSubDomains`, object);
  return k8sPass(prop, value, `${source}: Strict-Transport-Security ${value}`, object);
}

/** The first AWS Load Balancer Controller release that sets attributes on HTTP and HTTPS listeners (v2.10.1 release notes). */
const ALB_MIN_VERSION = [2, 10, 1];

/**
 * The ALB listener attribute `routing.http.response.strict_transport_security.header_value` on every HTTPS listener
 * the AWS Load Balancer Controller builds for the Ingress, each listener judged: a fail, else an unknown, else the passes.
 */
function albHsts(obj: K8sObject, index: ManifestIndex, t: Thresholds): K8sVerdict[] {
  const params = classParams(obj, index);
  const lps = albListenPorts(obj, index, params);
  if ('unknown' in lps) return [k8sUnknown(lps.prop, lps.value, `${lps.unknown}, where Strict-Transport-Security is sent`)];
  const https = lps.ports.filter((p) => p.protocol === 'HTTPS').map((p) => p.port);
  if (https.length === 0) {
    return [k8sFail(lps.prop, lps.value, `the ALB has no HTTPS listener (${lps.ports.map((p) => `${p.protocol}:${p.port}`).join(', ')}${lps.value === undefined ? ': no listen-ports and no certificate-arn' : ''}): a browser ignores Strict-Transport-Security over plain HTTP`)];
  }
  const controllers = albControllers(index);
  const old = controllers.filter((c) => c.recent === false).map((c) => c.image);
  if (old.length > 0) {
    return [k8sFail(`metadata.annotations.${ALB}listener-attributes.HTTPS-${https[0]}`, undefined, `the AWS Load Balancer Controller in the manifests (${old.join(', ')}) predates v${ALB_MIN_VERSION.join('.')}, the first to set attributes on HTTPS listeners: the ALB sends no Strict-Transport-Security`)];
  }
  const verdicts = https.map((port) => albListenerHsts(obj, index, t, port, params));
  const failed = verdicts.filter((v) => v.status === 'fail');
  const open = verdicts.filter((v) => v.status === 'unknown');
  if (failed.length > 0 || open.length > 0) return failed.length > 0 ? failed : open;
  // A pass rests on the controller's version: one older than v2.10.1 ignores the annotation on HTTPS listeners.
  if (controllers.length === 0 || controllers.some((c) => c.recent === undefined)) {
    const which = controllers.length === 0 ? 'no aws-load-balancer-controller is in the manifests' : `the version of ${controllers.filter((c) => c.recent === undefined).map((c) => c.image).join(', ')} cannot be read from its image tag`;
    return verdicts.map((v) => k8sUnknown(v.property ?? '', v.value, `${v.message}; the controller decides: ${which}, and releases before v${ALB_MIN_VERSION.join('.')} set no attributes on HTTPS listeners`, v.object));
  }
  return verdicts;
}

/**
 * The aws-load-balancer-controller images in the manifests, each with whether its tag is a release at or after
 * ALB_MIN_VERSION (undefined: no version in the tag, a digest only or `latest`).
 */
function albControllers(index: ManifestIndex): { image: string; recent?: boolean }[] {
  return controllersInManifests(index).filter((c) => c.kind === 'alb').map((c) => {
    const m = /:v?(\d+)\.(\d+)\.(\d+)(?:$|[^\d.])/.exec(c.image.split('@')[0]);
    if (!m) return { image: c.image };
    const v = [Number(m[1]), Number(m[2]), Number(m[3])];
    const i = v.findIndex((x, k) => x !== ALB_MIN_VERSION[k]);
    return { image: c.image, recent: i === -1 || v[i] > ALB_MIN_VERSION[i] };
  });
}

/**
 * The controller's stringMap annotation (`k1=v1,k2=v2`): split at commas, each pair trimmed (empty ones skipped) and
 * split at its first `=`; a pair without `=` or with an empty key is an error, and a later key wins.
 */
function parseStringMap(raw: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const pair of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return out;
}

/**
 * The HSTS the ALB listener HTTPS:`port` sends, as the controller builds its attributes: the IngressClassParams
 * `spec.listeners` entry of that protocol and port overrides the annotations; else the
 * `listener-attributes.HTTPS-<port>` annotations of every Ingress of the IngressGroup listening on that port are
 * merged (two different values of one key: the controller refuses to reconcile the group).
 */
function albListenerHsts(obj: K8sObject, index: ManifestIndex, t: Thresholds, port: number, params: ReturnType<typeof classParams>): K8sVerdict {
  const key = `listener-attributes.HTTPS-${port}`;
  const annotation = `${ALB}${key}`;
  const prop = `metadata.annotations.${annotation}`;
  const listener = `the ALB listener HTTPS:${port}`;
  if (params.missing) return k8sUnknown(prop, undefined, `${params.missing}: its spec.listeners may set ${ALB_HSTS} on ${listener}, overriding the annotation`);
  const entries: any[] = Array.isArray(params.spec?.listeners) ? params.spec!.listeners : [];
  const entryAt = entries.findIndex((l) => l?.protocol === 'HTTPS' && Number(l?.port) === port);
  if (entryAt !== -1) {
    const entry = entries[entryAt];
    const field = Array.isArray(entry.listenerAttributes) ? 'listenerAttributes' : 'attributes';
    const attrs: any[] = Array.isArray(entry[field]) ? entry[field] : [];
    const at = attrs.map((x) => x?.key).lastIndexOf(ALB_HSTS);
    if (at !== -1) {
      const value = String(attrs[at].value ?? '');
      const p = `spec.listeners.${entryAt}.${field}.${at}.value`;
      const source = `IngressClassParams ${params.name} (HTTPS:${port}) ${ALB_HSTS}`;
      if (isTemplated(value)) return k8sUnknown(p, value, `${source} is templated: the Strict-Transport-Security value cannot be read`, params.object);
      return judgeHsts(value, p, source, t, params.object);
    }
  }
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const group = a[`${ALB}group.name`];
  const members = [obj, ...albGroupMembers(obj, index)];
  const set: { member: K8sObject; value: string }[] = [];
  for (const m of members) {
    const raw = (m.metadata.annotations ?? {})[annotation];
    if (raw === undefined) continue;
    const who = m === obj ? annotation : `${annotation} of Ingress ${m.namespace}/${m.name} (IngressGroup ${group})`;
    const object = m === obj ? undefined : m;
    if (m !== obj) {
      // Only a member listening on HTTPS:port shares the listener.
      const mp = albListenPorts(m, index);
      if ('unknown' in mp) return k8sUnknown(prop, raw, `${who} sets listener attributes, but whether that Ingress listens on HTTPS:${port} cannot be read: ${mp.unknown}`, object);
      if (!mp.ports.some((p) => p.protocol === 'HTTPS' && p.port === port)) continue;
    }
    if (isTemplated(raw)) return k8sUnknown(prop, raw, `${who} is templated: the Strict-Transport-Security value of ${listener} cannot be read`, object);
    const attrs = parseStringMap(raw);
    if (!attrs) return k8sFail(prop, raw, `${who}: the controller cannot parse "${raw}" (comma-separated key=value pairs) and refuses to reconcile the Ingress, so ${listener} sends no Strict-Transport-Security it sets`, object);
    const value = attrs.get(ALB_HSTS);
    if (value !== undefined) set.push({ member: m, value });
  }
  const values = [...new Set(set.map((x) => x.value))];
  if (values.length > 1) {
    return k8sFail(prop, values.join(' | '), `the Ingresses of IngressGroup ${group} set ${ALB_HSTS} on ${listener} to different values (${set.map((x) => `${x.member.namespace}/${x.member.name}: ${x.value}`).join('; ')}): the controller refuses to reconcile the group (conflicting listener attributes)`);
  }
  if (values.length === 1) {
    const s = set.find((x) => x.member === obj) ?? set[0];
    const own = s.member === obj;
    const source = own ? `${annotation} ${ALB_HSTS}` : `${annotation} ${ALB_HSTS} of Ingress ${s.member.namespace}/${s.member.name} (IngressGroup ${group})`;
    return judgeHsts(s.value, own ? prop : `metadata.annotations.${annotation}`, source, t, own ? undefined : s.member);
  }
  const elsewhere = Object.keys(a).filter((k) => k.startsWith(`${ALB}listener-attributes.`) && k !== annotation);
  const hint = elsewhere.length > 0 ? ` (the Ingress sets ${elsewhere.join(', ')}, other listeners)` : '';
  if (group !== undefined) {
    return k8sUnknown(prop, undefined, `no Ingress of IngressGroup ${group} in the manifests sets ${ALB_HSTS} on ${listener}${hint}; another member of the group, outside the manifests, may: the group decides`);
  }
  return k8sFail(prop, undefined, `${listener} sends no Strict-Transport-Security: no ${annotation} setting ${ALB_HSTS}${hint}; add ${annotation}: ${ALB_HSTS}=max-age=31536000;includeSubDomains`);
}
