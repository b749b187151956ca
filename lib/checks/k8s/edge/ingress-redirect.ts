/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { isTemplated } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { CONTROLLER_NAMES, ControllerKind, albGroupMembers, albListenPorts, classParams, controllersInManifests, servedByAlb, servingController } from './ingress-class';
import { CONTROLLER_KEYS, controllerConfigMaps, parseGoBool } from './nginx-controller-config';
import { nginxIncConfigMaps } from './ingress-tls';
import { ingressRouteRedirect, traefikIngressRedirect } from './ingress-route';

const ALB = 'alb.ingress.kubernetes.io/';
const NGINX = 'nginx.ingress.kubernetes.io/';
/** The keys of an ingress-nginx controller ConfigMap this rule reads. */
const NGINX_KEYS = ['ssl-redirect', 'force-ssl-redirect', 'http-redirect-code'];
/** Permanent redirects (RFC 9110: 301; 308, which keeps the method); 302 and 307 are temporary. */
const PERMANENT = [301, 308];
const TEMPORARY = [302, 307];

/**
 * EDGE-HTTPS-REDIRECT for an Ingress, like ElbHttpRedirect for an ALB's HTTP listener and K8sGatewayHttpsRedirect
 * for a Gateway: plain HTTP requests for the Ingress's hosts are redirected permanently to HTTPS, or not served.
 * A permanent redirect is a 301 or a 308 (both permanent, RFC 9110 15.4; ingress-nginx answers 308 by default, and
 * ELB and Gateway API redirects can only be 301 or 302); a temporary 302 or 307 fails like an ALB's HTTP_302.
 *
 * ingress-nginx (class resolving to it): it redirects a location when `force-ssl-redirect` is true (annotation
 * `nginx.ingress.kubernetes.io/force-ssl-redirect`, else the controller ConfigMap's, default false), or when
 * `ssl-redirect` is true (annotation, else the ConfigMap's, default true) and the host has TLS: every host of the
 * rules must be covered by `spec.tls` (a host outside it, or an Ingress without TLS, serves plain HTTP: fail); a
 * rule without host or a defaultBackend is the catch-all server, unknown. `ssl-redirect: "false"` fails. The status is
 * the ConfigMap's `http-redirect-code` (default 308). The ConfigMap is the one the ingress-nginx controllers of the
 * manifests serving the class name with `--configmap`, else any ConfigMap carrying a controller key; none keeps the
 * defaults (as K8sIngressTls reads ssl-protocols); ConfigMaps that disagree are unknown. The
 * `no-tls-redirect-locations` (default `/.well-known/acme-challenge`) are not read.
 *
 * NGINX Inc.'s controller: with TLS for the host it redirects with a 301 unless `ssl-redirect` is false
 * (annotation `ingress.kubernetes.io/ssl-redirect` or `nginx.org/ssl-redirect`, else the ConfigMap its controllers
 * name with `-nginx-configmaps`, default true); its `http-redirect-code` (newer releases) other than 301/308 is
 * unknown (older releases ignore it). `redirect-to-https` (`nginx.org/redirect-to-https`) redirects only requests whose
 * X-Forwarded-Proto is http, which a load balancer in front sets: unknown.
 *
 * The AWS Load Balancer Controller: the ALB's listeners (`albListenPorts`); no HTTP listener passes (no plain HTTP);
 * an HTTP listener passes when `alb.ingress.kubernetes.io/ssl-redirect` (on the Ingress or a member of its
 * IngressGroup, which it affects: the controller makes each HTTP listener's default action a 301 redirect to HTTPS
 * and adds no rule to it) names an HTTPS port of the Ingress; without it, a redirect action used by a path's backend
 * (`actions.<name>` with `use-annotation`, the older documented pattern) is judged as the listener rules the
 * controller builds (`redirectRules`: pass when a 301 to HTTPS covers every rule, fail where a forward is left);
 * else it forwards plain HTTP (fail), unknown for an
 * IngressGroup (a member outside the manifests may set it, or its rules share the listener) or IngressClassParams
 * missing from the manifests.
 *
 * Traefik: an Ingress with `spec.tls` (or `router.tls: "true"`) gets a TLS router, which ignores plain HTTP
 * requests (pass: not served); without, its router serves HTTP on the entry points `router.entrypoints` names (else
 * the default ones) unless the entry point redirects or terminates TLS, or a RedirectScheme middleware does
 * (`traefikIngressRedirect`: the static configuration of the Traefik instances of the manifests with the
 * kubernetesingress provider, from their flags, configuration file or TRAEFIK_* variables; not there: unknown).
 * Other controllers: unknown naming them. A class the manifests do
 * not resolve: every reading, and a verdict they do not share is unknown.
 *
 * A Traefik IngressRoute is judged by `ingressRouteRedirect` (ingress-route.ts): spec.tls passes (a TLS router
 * ignores plain HTTP); without it every route needs a permanent RedirectScheme https middleware (`permanent: true`;
 * Traefik's default is a temporary 302/307: fail), or its entry points must redirect or terminate TLS in Traefik's
 * static configuration (read from its Deployment's flags, mounted configuration file or TRAEFIK_* variables in the
 * manifests; not there: unknown). A redirect's pass on an entry point where an IngressRouteTCP without TLS may listen
 * is unknown: Traefik applies the TCP routers first, so no plain request reaches the redirect.
 */
export const K8sIngressHttpsRedirect: K8sRule = {
  id: 'K8sIngressHttpsRedirect',
  items: ['EDGE-HTTPS-REDIRECT'],
  kinds: ['Ingress', 'IngressRoute'],
  severity: Severity.HIGH,
  description: 'Every Ingress redirects plain HTTP to HTTPS permanently (301 or 308) or does not serve it: ingress-nginx and NGINX Inc. with TLS for each host and ssl-redirect left true (or force-ssl-redirect), an ALB with ssl-redirect or no HTTP listener, Traefik with a TLS router or (no TLS) entry points of the static configuration in the manifests that redirect; a Traefik IngressRoute has spec.tls, a RedirectScheme https middleware with permanent: true on every route, or only entry points (static configuration in the manifests) that redirect or terminate TLS.',
  fix: 'ingress-nginx / NGINX Inc.: give every host a spec.tls entry and leave ssl-redirect at its default (true), or set nginx.ingress.kubernetes.io/force-ssl-redirect: "true"; keep http-redirect-code at 308 or 301. ALB: alb.ingress.kubernetes.io/ssl-redirect: "443" with listen-ports [{"HTTP": 80}, {"HTTPS": 443}], or listen on HTTPS only.',
  check(obj, ctx) {
    const index = ctx.index;
    if (obj.kind === 'IngressRoute') return ingressRouteRedirect(obj, index);
    const alb = servedByAlb(obj, index);
    if (alb === 'yes') return judgeAlb(obj, index);
    const served = servingController(obj, index);
    const kinds: ControllerKind[] = served ? served.kinds.filter((k) => k !== 'alb') : ['ingress-nginx', 'nginx-inc', 'traefik', 'other'];
    const readings = kinds.map((k) => ({ k, v: judgeKind(obj, index, k, served?.controller) }));
    if (alb === 'maybe') readings.push({ k: 'alb', v: judgeAlb(obj, index) });
    if (served && readings.every((r) => r.v.status === readings[0].v.status)) return readings[0].v;
    const why = served ? `class ${served.className} may be served by ${served.controller}` : 'the manifests do not resolve the Ingress\'s class to a controller';
    const first = readings.find((r) => r.v.status !== 'pass') ?? readings[0];
    return k8sUnknown(first.v.property, first.v.value, `${why}: ${readings.map((r) => `${CONTROLLER_NAMES[r.k]}: ${r.v.message}`).join('; ')}`);
  },
};

function judgeKind(obj: K8sObject, index: ManifestIndex, kind: ControllerKind, controller?: string): K8sVerdict {
  if (kind === 'ingress-nginx') return judgeIngressNginx(obj, index);
  if (kind === 'nginx-inc') return judgeNginxInc(obj, index);
  if (kind === 'traefik') return judgeTraefik(obj, index);
  if (kind === 'alb') return judgeAlb(obj, index);
  return k8sUnknown('spec.ingressClassName', undefined, `the Ingress is served by ${controller ?? 'another controller'}, whose HTTP-to-HTTPS redirect is not read (its own configuration decides)`);
}

/** The hosts of the rules and whether spec.tls covers each (wildcards included); the catch-all routes. */
function tlsCoverage(obj: K8sObject): { uncovered: string[]; catchAll?: string; hasTls: boolean } {
  const tls: any[] = Array.isArray(obj.doc.spec?.tls) ? obj.doc.spec.tls : [];
  const rules: any[] = Array.isArray(obj.doc.spec?.rules) ? obj.doc.spec.rules : [];
  const covered = (h: string) => tls.some((t) => (t?.hosts ?? []).some((th: string) => th === h || (typeof th === 'string' && th.startsWith('*.') && h.endsWith(th.substring(1)) && !h.substring(0, h.length - th.length + 1).includes('.'))));
  const hosts = [...new Set(rules.filter((r) => r?.host).map((r) => String(r.host)))];
  const hostless = rules.findIndex((r) => !r?.host);
  const catchAll = hostless !== -1 ? `spec.rules.${hostless}` : obj.doc.spec?.defaultBackend ? 'spec.defaultBackend' : undefined;
  return { uncovered: hosts.filter((h) => !covered(h)), catchAll, hasTls: tls.length > 0 };
}

/** One setting of the controller ConfigMaps: the value they agree on (undefined: unset), or `open` when they disagree. */
function configValue(cms: K8sObject[], key: string): { value?: string; where?: string; open?: string } {
  const set = cms.map((cm) => ({ cm, v: (cm.doc.data ?? {})[key] })).map((x) => ({ ...x, v: x.v === undefined || x.v === null ? undefined : String(x.v) }));
  const values = [...new Set(set.map((x) => x.v))];
  if (values.length > 1) return { open: `the controller ConfigMaps ${set.map((x) => `${x.cm.namespace}/${x.cm.name} (${x.v ?? 'unset'})`).join(', ')} disagree on ${key}` };
  const hit = set.find((x) => x.v !== undefined);
  return hit ? { value: hit.v, where: `ConfigMap ${hit.cm.namespace}/${hit.cm.name} ${key}` } : {};
}

/** A boolean setting: the annotation, else the ConfigMaps', else `dflt`; `open` when templated, not a boolean or undecided. */
function boolSetting(a: Record<string, string>, annotations: string[], cms: K8sObject[], key: string, dflt: boolean): { on?: boolean; source: string; prop: string; open?: string } {
  const own = annotations.filter((n) => a[n] !== undefined);
  if (own.length > 0) {
    const values = own.map((n) => ({ n, raw: String(a[n]) }));
    for (const { n, raw } of values) {
      if (isTemplated(raw)) return { source: n, prop: `metadata.annotations.${n}`, open: `annotation ${n} "${raw}" is templated` };
      if (parseGoBool(raw) === undefined) return { source: n, prop: `metadata.annotations.${n}`, open: `annotation ${n} "${raw}" is not a boolean (the controller keeps its default)` };
    }
    if (new Set(values.map((x) => parseGoBool(x.raw))).size > 1) return { source: own.join(', '), prop: `metadata.annotations.${own[0]}`, open: `annotations ${own.join(' and ')} disagree` };
    return { on: parseGoBool(values[0].raw), source: `annotation ${own[0]} "${values[0].raw}"`, prop: `metadata.annotations.${own[0]}` };
  }
  const c = configValue(cms, key);
  if (c.open) return { source: key, prop: `metadata.annotations.${annotations[0]}`, open: c.open };
  if (c.value === undefined) return { on: dflt, source: `${key} at its default (${dflt})`, prop: `metadata.annotations.${annotations[0]}` };
  const on = isTemplated(c.value) ? undefined : parseGoBool(c.value);
  if (on === undefined) return { source: c.where!, prop: `metadata.annotations.${annotations[0]}`, open: `${c.where} "${c.value}" is templated or not a boolean` };
  return { on, source: `${c.where} "${c.value}"`, prop: `metadata.annotations.${annotations[0]}` };
}

/** The redirect status a ConfigMap's http-redirect-code gives (default `dflt`): pass/fail/open reason. */
function redirectCode(cms: K8sObject[], dflt: number, label: string): { code?: number; fail?: string; open?: string; source: string } {
  const c = configValue(cms, 'http-redirect-code');
  if (c.open) return { open: c.open, source: 'http-redirect-code' };
  if (c.value === undefined) return { code: dflt, source: `${label}'s default ${dflt}` };
  const n = Number(c.value);
  if (PERMANENT.includes(n)) return { code: n, source: `${c.where} ${n}` };
  if (TEMPORARY.includes(n)) return { fail: `${c.where} is ${n}, a temporary redirect, not a permanent 301 or 308`, source: `${c.where} ${n}` };
  return { open: `${c.where} "${c.value}" is not a redirect code the controller accepts (301, 302, 307, 308)`, source: `${c.where}` };
}

function judgeIngressNginx(obj: K8sObject, index: ManifestIndex): K8sVerdict {
  const served = servingController(obj, index);
  const deployed = controllersInManifests(index).filter((c) => c.kind === 'ingress-nginx' && (!served || c.className === served.className));
  const cms = deployed.length > 0 ? controllerConfigMaps(index, { workloads: deployed.map((c) => c.workload) }) : controllerConfigMaps(index, { keys: [...CONTROLLER_KEYS, ...NGINX_KEYS] });
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const code = redirectCode(cms, 308, 'ingress-nginx');
  const force = boolSetting(a, [`${NGINX}force-ssl-redirect`], cms, 'force-ssl-redirect', false);
  if (force.open) return k8sUnknown(force.prop, a[`${NGINX}force-ssl-redirect`], `ingress-nginx force-ssl-redirect cannot be read: ${force.open}`);
  const withCode = (prop: string, value: unknown, how: string): K8sVerdict => {
    if (code.open) return k8sUnknown(prop, value, `${how}, but the redirect status cannot be read: ${code.open}`);
    if (code.fail) return k8sFail(prop, value, `${how}, but ${code.fail}`);
    return k8sPass(prop, value, `${how} with a permanent ${code.code} (${code.source})`);
  };
  if (force.on) return withCode(force.prop, 'true', `ingress-nginx redirects every plain HTTP request of the Ingress to HTTPS (${force.source})`);
  const ssl = boolSetting(a, [`${NGINX}ssl-redirect`], cms, 'ssl-redirect', true);
  if (ssl.open) return k8sUnknown(ssl.prop, a[`${NGINX}ssl-redirect`], `ingress-nginx ssl-redirect cannot be read: ${ssl.open}`);
  if (!ssl.on) return k8sFail(ssl.prop, 'false', `ingress-nginx does not redirect plain HTTP to HTTPS (${ssl.source}): the Ingress serves plain HTTP`);
  return hostsRedirect(obj, 'ingress-nginx', (prop, value, how) => withCode(prop, value, how), `${ssl.source}; no force-ssl-redirect`);
}

/** ssl-redirect on: only the hosts spec.tls covers are redirected; others serve plain HTTP; a catch-all is the default server's. */
function hostsRedirect(obj: K8sObject, who: string, ok: (prop: string, value: unknown, how: string) => K8sVerdict, source: string): K8sVerdict {
  const cov = tlsCoverage(obj);
  if (!cov.hasTls) return k8sFail('spec.tls', undefined, `no TLS: ${who} redirects to HTTPS only the hosts an Ingress has TLS for (${source}), so the Ingress serves plain HTTP`);
  if (cov.uncovered.length > 0) return k8sFail('spec.tls', cov.uncovered, `host(s) ${cov.uncovered.join(', ')} have no TLS entry: ${who} serves them over plain HTTP without a redirect (${source})`);
  if (cov.catchAll) return k8sUnknown(cov.catchAll, undefined, `${cov.catchAll} answers any Host header on ${who}'s default server, which no TLS entry of the Ingress covers: whether plain HTTP is redirected there is the default server's configuration`);
  return ok('spec.tls', (obj.doc.spec.tls as any[]).map((t) => t?.secretName).join(', '), `${who} redirects plain HTTP for every host of the Ingress to HTTPS (TLS for each; ${source})`);
}

function judgeNginxInc(obj: K8sObject, index: ManifestIndex): K8sVerdict {
  const served = servingController(obj, index);
  const deployed = controllersInManifests(index).filter((c) => c.kind === 'nginx-inc' && (!served || c.className === served.className));
  const cms = nginxIncConfigMaps(index, deployed.map((c) => c.workload));
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const ssl = boolSetting(a, ['nginx.org/ssl-redirect', 'ingress.kubernetes.io/ssl-redirect'], cms, 'ssl-redirect', true);
  const toHttps = boolSetting(a, ['nginx.org/redirect-to-https'], cms, 'redirect-to-https', false);
  if (ssl.open) return k8sUnknown(ssl.prop, undefined, `NGINX Inc.'s ssl-redirect cannot be read: ${ssl.open}`);
  const xfp = toHttps.on !== false
    ? `; ${toHttps.open ? `redirect-to-https cannot be read: ${toHttps.open}` : `${toHttps.source} redirects only requests whose X-Forwarded-Proto is http, which a load balancer in front must set`}`
    : '';
  const ok = (prop: string, value: unknown, how: string): K8sVerdict => {
    const code = redirectCode(cms, 301, 'NGINX Inc.');
    if (code.open) return k8sUnknown(prop, value, `${how}, but the redirect status cannot be read: ${code.open}`);
    if (code.fail) return k8sUnknown(prop, value, `${how}, but ${code.fail} (releases that read http-redirect-code; older ones answer 301): the controller's release decides`);
    return k8sPass(prop, value, `${how} with a permanent ${code.code} (${code.source})`);
  };
  const noRedirect = (v: K8sVerdict): K8sVerdict => v.status === 'fail' && xfp !== '' ? k8sUnknown(v.property, v.value, `${v.message}${xfp}`) : v;
  if (!ssl.on) return noRedirect(k8sFail(ssl.prop, 'false', `NGINX Inc.'s controller does not redirect plain HTTP to HTTPS (${ssl.source}): the Ingress serves plain HTTP`));
  return noRedirect(hostsRedirect(obj, 'NGINX Inc.\'s controller', ok, ssl.source));
}

function judgeTraefik(obj: K8sObject, index: ManifestIndex): K8sVerdict {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const tls: any[] = Array.isArray(obj.doc.spec?.tls) ? obj.doc.spec.tls : [];
  const routerTls = a['traefik.ingress.kubernetes.io/router.tls'];
  if (tls.length > 0 || routerTls === 'true') {
    const by = tls.length > 0 ? 'spec.tls' : 'router.tls "true"';
    return k8sPass(tls.length > 0 ? 'spec.tls' : 'metadata.annotations.traefik.ingress.kubernetes.io/router.tls', by, `Traefik makes the Ingress's router a TLS router (${by}), which ignores plain HTTP requests: the Ingress serves no plain HTTP (a redirect on the HTTP entryPoint is Traefik's static configuration)`);
  }
  return traefikIngressRedirect(obj, index);
}

/** The ALB's HTTP listeners, each redirected by ssl-redirect (a 301 default action, no rules) or forwarding. */
function judgeAlb(obj: K8sObject, index: ManifestIndex): K8sVerdict {
  const params = classParams(obj, index);
  const lps = albListenPorts(obj, index, params);
  if ('unknown' in lps) return k8sUnknown(lps.prop, lps.value, lps.unknown);
  const http = lps.ports.filter((p) => p.protocol === 'HTTP').map((p) => p.port);
  const https = lps.ports.filter((p) => p.protocol === 'HTTPS').map((p) => p.port);
  if (http.length === 0) return k8sPass(lps.prop, lps.value, `the ALB listens on ${lps.ports.map((p) => `${p.protocol}:${p.port}`).join(', ')} only: it serves no plain HTTP`);
  const key = `${ALB}ssl-redirect`;
  const group = (obj.metadata.annotations ?? {})[`${ALB}group.name`];
  const setters = [obj, ...albGroupMembers(obj, index)].filter((m) => (m.metadata.annotations ?? {})[key] !== undefined);
  const listeners = `HTTP listener${http.length > 1 ? 's' : ''} ${http.join(', ')}`;
  if (setters.length === 0) {
    if (params.missing) return k8sUnknown(`metadata.annotations.${key}`, undefined, `no ssl-redirect, and ${params.missing}: its settings may change the ALB's ${listeners}`);
    const byRules = redirectRules(obj, https, listeners);
    if (byRules && group === undefined) return byRules;
    if (byRules) return k8sUnknown(byRules.property, byRules.value, `${byRules.message}; but the Ingress is in IngressGroup ${group}, whose members' rules share the ${listeners} in group.order (members outside the manifests included), and no member in the manifests sets ${key}`);
    if (group !== undefined) return k8sUnknown(`metadata.annotations.${key}`, undefined, `no Ingress of IngressGroup ${group} in the manifests sets ${key}: a member outside the manifests may (it affects the whole group); otherwise the ${listeners} forward plain HTTP`);
    return k8sFail(`metadata.annotations.${key}`, undefined, `the ALB's ${listeners} forward plain HTTP: no ${key} (set it to "${https[0] ?? 443}" to make each HTTP listener redirect to HTTPS with a 301)`);
  }
  const values = [...new Set(setters.map((m) => String((m.metadata.annotations ?? {})[key])))];
  const prop = `metadata.annotations.${key}`;
  const who = setters.map((m) => `${m.namespace}/${m.name}`).join(', ');
  if (values.some((v) => isTemplated(v))) return k8sUnknown(prop, values.join(' | '), `${key} is templated (${who}): which HTTPS port the HTTP listeners redirect to cannot be read`);
  if (values.length > 1) return k8sUnknown(prop, values.join(' | '), `the Ingresses of IngressGroup ${group} set different ${key} values (${who}): the controller's merge decides`);
  const port = Number(values[0]);
  if (!Number.isInteger(port) || !https.includes(port)) {
    return k8sUnknown(prop, values[0], `${key} "${values[0]}" is not an HTTPS port this Ingress listens on (${lps.ports.map((p) => `${p.protocol}:${p.port}`).join(', ')}): the controller requires one, and may refuse the Ingress`);
  }
  return k8sPass(prop, values[0], `the ALB's ${listeners} only redirect to HTTPS:${port} with a 301 (${key}${setters[0] === obj ? '' : ` of Ingress ${who} in IngressGroup ${group}`})`);
}

/** One listener rule the AWS Load Balancer Controller builds from a path of the Ingress: its conditions and action. */
interface AlbRule { where: string; hosts: string[]; paths: string[]; extra: boolean; action: AlbAction }
type AlbAction = { type: 'forward' } | { type: 'redirect'; cfg: Record<string, unknown>; name: string } | { type: 'other'; why: string };

/** A JSON object's value by a case-insensitive key (Go's encoding/json matches field names so). */
function field(o: unknown, key: string): unknown {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : (o as Record<string, unknown>)[k];
}

/** The action of a backend: a Service's forward, or the `actions.<name>` annotation its `use-annotation` port names. */
function backendAction(obj: K8sObject, backend: any): AlbAction {
  const name = backend?.service?.name ?? backend?.serviceName;
  const port = backend?.service?.port?.name ?? backend?.servicePort;
  if (port !== 'use-annotation') return { type: 'forward' };
  const raw = (obj.metadata.annotations ?? {})[`${ALB}actions.${String(name)}`];
  if (raw === undefined) return { type: 'other', why: `its backend ${String(name)} uses annotation ${ALB}actions.${String(name)}, which the Ingress does not set (the controller refuses it)` };
  if (isTemplated(raw)) return { type: 'other', why: `${ALB}actions.${String(name)} is templated` };
  let v: unknown;
  try {
    v = JSON.parse(String(raw));
  } catch {
    return { type: 'other', why: `the controller cannot parse ${ALB}actions.${String(name)}` };
  }
  const type = String(field(v, 'type') ?? '').toLowerCase();
  if (type === 'redirect') return { type: 'redirect', cfg: (field(v, 'redirectConfig') ?? {}) as Record<string, unknown>, name: String(name) };
  if (type === 'forward') return { type: 'forward' };
  return { type: 'other', why: `${ALB}actions.${String(name)} is a ${type || 'typeless'} action` };
}

/** The ALB path patterns of an Ingress path (the controller's buildPathPatterns): Prefix `/` is `/*`, `/foo` is `/foo` and `/foo/*`. */
function pathPatterns(path: unknown, pathType: unknown): string[] {
  if (typeof path !== 'string' || path === '') return [];
  if (pathType === 'Prefix') {
    if (path === '/') return ['/*'];
    const p = path.replace(/\/$/, '');
    return [p, `${p}/*`];
  }
  return [path];
}

/** Whether rule `a` (a redirect) matches every request rule `b` matches (the controller's isSupersetConditions). */
function covers(a: AlbRule, b: AlbRule): boolean {
  if (a.extra) return false;
  const hosts = a.hosts.length === 0 || (b.hosts.length > 0 && b.hosts.every((h) => a.hosts.includes(h)));
  const paths = a.paths.length === 0 || a.paths.includes('/*') || (b.paths.length > 0 && b.paths.every((p) => a.paths.includes(p)));
  return hosts && paths;
}

/**
 * The ALB's HTTP listener rules built from the Ingress's paths, where a path's backend is a redirect action
 * (`alb.ingress.kubernetes.io/actions.<name>` used by `service.name: <name>`, `port.name: use-annotation`): the
 * pattern the controller documented before `ssl-redirect` (v2.0 guide: actions.ssl-redirect). The controller gives
 * every listener the same rules, in the order of `spec.rules` and, per rule, Exact paths, then Prefix paths longest
 * first, then the others as written (sortIngressPaths); on each listener it omits a redirect that would loop (the HTTPS
 * listener's) and every rule a redirect before it covers (its hosts and paths a superset: rule_optimizer.go). The HTTP
 * listener redirects every request when each rule left forwards nothing: a redirect to `HTTPS` on an HTTPS port of the
 * Ingress with `HTTP_301` passes (`HTTP_302` fails: temporary); a forward left (a path the redirect does not cover, a
 * host of another rule) serves plain HTTP (fail); as does `spec.defaultBackend`, the listener's default action, unless
 * a redirect covers every host and path; requests no rule matches get the controller's 404. A redirect elsewhere, a
 * `conditions.<name>` annotation, or another action type is unknown. Undefined when no path uses a redirect action.
 */
function redirectRules(obj: K8sObject, https: number[], listeners: string): K8sVerdict | undefined {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const rules: AlbRule[] = [];
  const specRules: any[] = Array.isArray(obj.doc.spec?.rules) ? obj.doc.spec.rules : [];
  specRules.forEach((r, i) => {
    const paths: any[] = Array.isArray(r?.http?.paths) ? r.http.paths.map((p: any, j: number) => ({ p, j })) : [];
    const exact = paths.filter((x) => x.p?.pathType === 'Exact');
    const prefix = paths.filter((x) => x.p?.pathType === 'Prefix').sort((x, y) => String(y.p.path ?? '').length - String(x.p.path ?? '').length);
    const rest = paths.filter((x) => x.p?.pathType !== 'Exact' && x.p?.pathType !== 'Prefix');
    for (const { p, j } of [...exact, ...prefix, ...rest]) {
      const name = p?.backend?.service?.name ?? p?.backend?.serviceName;
      rules.push({
        where: `spec.rules.${i}.http.paths.${j}`,
        hosts: r?.host ? [String(r.host)] : [],
        paths: pathPatterns(p?.path, p?.pathType),
        extra: a[`${ALB}conditions.${String(name)}`] !== undefined,
        action: backendAction(obj, p?.backend),
      });
    }
  });
  if (!rules.some((r) => r.action.type === 'redirect')) return undefined;
  const redirects: AlbRule[] = [];
  const leaks: string[] = [];
  const open: string[] = [];
  const temporary: string[] = [];
  for (const r of rules) {
    if (redirects.some((x) => covers(x, r))) continue;
    const at = `${r.where} (${r.hosts[0] ?? 'any host'}${r.paths.length > 0 ? ` ${r.paths.join(' ')}` : ''})`;
    if (r.action.type === 'forward') {
      leaks.push(`${at} forwards plain HTTP to its Service`);
      continue;
    }
    if (r.action.type === 'other') {
      open.push(`${at}: ${r.action.why}`);
      continue;
    }
    if (r.extra) open.push(`${at}: ${ALB}conditions.${r.action.name} adds conditions to the redirect, which are not read`);
    const cfg = r.action.cfg;
    const protocol = String(field(cfg, 'protocol') ?? '#{protocol}');
    const port = String(field(cfg, 'port') ?? '#{port}');
    const code = String(field(cfg, 'statusCode') ?? '');
    if (protocol.toUpperCase() !== 'HTTPS') {
      open.push(`${at}: action ${r.action.name} redirects to protocol ${protocol}, not HTTPS`);
    } else if (!https.includes(Number(port))) {
      open.push(`${at}: action ${r.action.name} redirects to port ${port}, not an HTTPS port of the Ingress (${https.join(', ') || 'none'})`);
    } else if (code === 'HTTP_302') {
      temporary.push(`${at}: action ${r.action.name} redirects with HTTP_302, a temporary redirect, not a permanent 301`);
    } else if (code !== 'HTTP_301') {
      open.push(`${at}: action ${r.action.name} has StatusCode "${code}", which the controller does not accept (HTTP_301 or HTTP_302)`);
    }
    redirects.push(r);
  }
  const everything = redirects.some((x) => !x.extra && x.hosts.length === 0 && (x.paths.length === 0 || x.paths.includes('/*')));
  if (obj.doc.spec?.defaultBackend && !everything) leaks.push('spec.defaultBackend, the HTTP listener\'s default action for requests no rule matches, forwards plain HTTP');
  const prop = rules.find((r) => r.action.type === 'redirect')!.where;
  if (leaks.length > 0) return k8sFail(prop, undefined, `the ALB's ${listeners} redirect only part of the requests with the Ingress's redirect action: ${leaks.join('; ')} (the controller gives the HTTP listener every rule of the Ingress, and drops only those a redirect before them covers)`);
  if (temporary.length > 0) return k8sFail(prop, 'HTTP_302', `the ALB's ${listeners}: ${temporary.join('; ')}`);
  if (open.length > 0) return k8sUnknown(prop, undefined, `the ALB's ${listeners} rules cannot all be read: ${open.join('; ')}`);
  return k8sPass(prop, 'HTTP_301', `the ALB's ${listeners} redirect every request the Ingress routes to HTTPS with a 301 (action ${[...new Set(redirects.map((r) => (r.action as { name: string }).name))].join(', ')} covers each of its rules; the controller drops the rules it covers, and the redirect on the HTTPS listener, which would loop)`);
}
