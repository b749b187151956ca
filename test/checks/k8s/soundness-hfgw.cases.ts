/**
 * The Gateway API (gateway.networking.k8s.io v1) as a Kubernetes endpoint (fix hfgw): a Gateway or an HTTPRoute was
 * an unread endpoint, so every cluster that moved from Ingress to the Gateway API (ingress-nginx was retired; the
 * Gateway API is its successor) had its edge items unknown whatever it wrote. Now K8sGatewayTls (EDGE-HTTPS-LISTENER),
 * K8sGatewayHttpsRedirect (EDGE-HTTPS-REDIRECT) and K8sGatewayHsts (HEADERS-HSTS) judge them where the spec decides:
 * the listeners a route attaches to (parentRefs, sectionName, port, allowedRoutes, hostnames), a redirect-only route
 * on the HTTP listener, a ResponseHeaderModifier setting Strict-Transport-Security; the TLS versions, which the core
 * leaves to the implementation, are read for Envoy Gateway only (ClientTrafficPolicy tls.minVersion, default 1.2).
 * Base: test/fixtures/k8s/compliant/gateway.yaml (Envoy Gateway, an HTTP listener that redirects with a 301, an HTTPS
 * listener with a certificate Secret, the app's route on it setting HSTS).
 */
import * as fs from 'fs';
import * as path from 'path';
import { reportOf, run } from './judged';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'k8s', 'compliant');
const BASE = fs.readFileSync(path.join(FIXTURES, 'gateway.yaml'), 'utf8');
const WEB = fs.readFileSync(path.join(FIXTURES, 'web.yaml'), 'utf8');

/** The base with `from` replaced by `to` (each must occur in it). */
const edit = (...pairs: [string, string][]) => pairs.reduce((yaml, [from, to]) => {
  if (!yaml.includes(from)) throw new Error(`not in the base: ${from}`);
  return yaml.replace(from, to);
}, BASE);
const on = (yaml: string, ruleId: string, resource: string) => run(yaml, ruleId).filter((f) => f.resource === resource);
const one = (yaml: string, ruleId: string, resource: string) => {
  const f = on(yaml, ruleId, resource);
  expect(f).toHaveLength(1);
  return f[0];
};
const ROUTE = 'HTTPRoute/store/web';
const GATEWAY = 'Gateway/store/shop';
/** The app's route attached to every listener of the Gateway (no sectionName): HTTP too. */
const onEveryListener: [string, string] = ['    - name: shop\n      sectionName: https\n', '    - name: shop\n'];
const policy = (tls: string, target = '{group: gateway.networking.k8s.io, kind: Gateway, name: shop}') =>
  `\n---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: ClientTrafficPolicy\nmetadata: {name: tls, namespace: store}\nspec:\n  targetRefs: [${target}]\n${tls}\n`;

const report = reportOf;

describe('K8sGatewayTls (EDGE-HTTPS-LISTENER)', () => {
  test('the base: the route served on the HTTPS listener with its certificate, Envoy Gateway\'s default TLS 1.2', () => {
    const f = one(BASE, 'K8sGatewayTls', ROUTE);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/served over HTTPS only: listener https \(HTTPS:443\) of Gateway store\/shop with Secret web-tls; Envoy Gateway \(GatewayClass eg\): no ClientTrafficPolicy .* default TLS 1\.2/);
    expect(on(BASE, 'K8sGatewayTls', 'HTTPRoute/store/web-redirect')).toEqual([]);
  });

  test('a route attached to the HTTP listener too (no sectionName) serves plain HTTP: fails', () => {
    const f = one(edit(onEveryListener), 'K8sGatewayTls', ROUTE);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/attaches to listener http \(HTTP:80\) of Gateway store\/shop and rule 0 serves plain HTTP there/);
  });

  test('port 80 in the parentRef selects the HTTP listener: fails', () => {
    expect(one(edit(['      sectionName: https\n  hostnames', '      port: 80\n  hostnames']), 'K8sGatewayTls', ROUTE).status).toBe('fail');
  });

  test('a ClientTrafficPolicy with tls.minVersion 1.1 on the Gateway fails; 1.3 passes; Auto is unknown', () => {
    const f = one(BASE + policy('  tls: {minVersion: "1.1"}'), 'K8sGatewayTls', ROUTE);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/accepts TLS older than 1\.2: Envoy Gateway \(GatewayClass eg\): ClientTrafficPolicy store\/tls sets tls\.minVersion 1\.1/);
    expect(one(BASE + policy('  tls: {minVersion: "1.3"}'), 'K8sGatewayTls', ROUTE).status).toBe('pass');
    expect(one(BASE + policy('  tls: {minVersion: Auto}'), 'K8sGatewayTls', ROUTE).message).toMatch(/Auto lets Envoy choose/);
    // A policy of another listener does not apply.
    expect(one(BASE + policy('  tls: {minVersion: "1.0"}', '{group: gateway.networking.k8s.io, kind: Gateway, name: shop, sectionName: http}'), 'K8sGatewayTls', ROUTE).status).toBe('pass');
  });

  test('another controller, or a GatewayClass outside the manifests, decides the TLS versions: unknown naming it', () => {
    const istio = one(edit(['controllerName: gateway.envoyproxy.io/gatewayclass-controller', 'controllerName: istio.io/gateway-controller']), 'K8sGatewayTls', ROUTE);
    expect(istio.status).toBe('unknown');
    expect(istio.message).toMatch(/HTTPS on listener https .* but GatewayClass eg's controller istio\.io\/gateway-controller decides the TLS versions/);
    const missing = one(edit(['gatewayClassName: eg', 'gatewayClassName: shared']), 'K8sGatewayTls', ROUTE);
    expect(missing.status).toBe('unknown');
    expect(missing.message).toMatch(/GatewayClass shared is not in the manifests: its controller decides the TLS versions/);
  });

  test('a parent Gateway outside the manifests, an HTTPS listener without certificateRefs, a templated sectionName: unknown', () => {
    expect(one(edit(['    - name: shop\n      sectionName: https\n', '    - name: shared\n      namespace: infra\n      sectionName: https\n']), 'K8sGatewayTls', ROUTE).message)
      .toMatch(/Gateway infra\/shared is not in the manifests/);
    expect(one(edit(['        certificateRefs:\n          - kind: Secret\n            name: web-tls\n', '']), 'K8sGatewayTls', ROUTE).message).toMatch(/names no tls\.certificateRefs/);
    const t = one(edit(['    - name: shop\n      sectionName: https\n', '    - name: shop\n      sectionName: "{{ .Values.listener }}"\n']), 'K8sGatewayTls', ROUTE);
    expect(t.status).toBe('unknown');
    expect(t.message).toMatch(/may serve plain HTTP on listener http .*sectionName is templated/);
  });

  test('the HTTP listener admits routes of namespaces chosen by labels: a route of another namespace may attach there (unknown)', () => {
    const yaml = edit(
      ['      hostname: shop.example.com\n    - name: https', '      hostname: shop.example.com\n      allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}}\n    - name: https'],
      ['      protocol: HTTPS\n      port: 443\n      hostname: shop.example.com\n', '      protocol: HTTPS\n      port: 443\n      hostname: shop.example.com\n      allowedRoutes: {namespaces: {from: All}}\n'],
    ).replace('kind: HTTPRoute\nmetadata:\n  name: web\n  namespace: store\nspec:\n  parentRefs:\n    - name: shop\n      sectionName: https\n', 'kind: HTTPRoute\nmetadata:\n  name: web\n  namespace: web-team\nspec:\n  parentRefs:\n    - name: shop\n      namespace: store\n');
    const f = one(yaml, 'K8sGatewayTls', 'HTTPRoute/web-team/web');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/may serve plain HTTP on listener http .*labels the manifests do not decide/);
    // The namespace labelled in the manifests: it attaches, and fails.
    expect(one(`${yaml}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: web-team, labels: {team: shop}}\n`, 'K8sGatewayTls', 'HTTPRoute/web-team/web').status).toBe('fail');
  });

  test('still pass: a hostname the HTTP listener does not serve keeps the route off it', () => {
    const yaml = edit(onEveryListener, ['      port: 80\n      hostname: shop.example.com', '      port: 80\n      hostname: legacy.example.com']);
    expect(one(yaml, 'K8sGatewayTls', ROUTE).status).toBe('pass');
  });
});

describe('K8sGatewayHttpsRedirect (EDGE-HTTPS-REDIRECT)', () => {
  test('the base: the HTTP listener only redirects to https with a 301', () => {
    const f = one(BASE, 'K8sGatewayHttpsRedirect', GATEWAY);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/listener http \(HTTP:80\) of Gateway store\/shop only redirects to https with a 301 \(HTTPRoute store\/web-redirect\)/);
  });

  test('a route serving on the HTTP listener fails, on the route', () => {
    const f = run(edit(onEveryListener), 'K8sGatewayHttpsRedirect');
    expect(f.map((x) => `${x.status} ${x.resource}`)).toEqual([`fail ${ROUTE}`]);
    expect(f[0].message).toMatch(/HTTPRoute store\/web attaches to listener http \(HTTP:80\) of Gateway store\/shop and rule 0 serves plain HTTP/);
  });

  test('a redirect without statusCode (302 by default) fails', () => {
    const f = one(edit(['            scheme: https\n            statusCode: 301\n', '            scheme: https\n']), 'K8sGatewayHttpsRedirect', 'HTTPRoute/store/web-redirect');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/redirects to https with the default 302, not a permanent 301/);
  });

  test('an HTTP listener no route of the manifests attaches to: unknown; no HTTP listener at all: pass', () => {
    const bare = edit(['      sectionName: http\n', '      sectionName: https\n']);
    const f = run(bare, 'K8sGatewayHttpsRedirect').filter((x) => x.resource === GATEWAY);
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/no HTTPRoute of the manifests attaches to listener http \(HTTP:80\)/);
    const httpsOnly = edit(['    - name: http\n      protocol: HTTP\n      port: 80\n      hostname: shop.example.com\n', ''], ['      sectionName: http\n', '      sectionName: https\n']);
    expect(one(httpsOnly, 'K8sGatewayHttpsRedirect', GATEWAY).message).toMatch(/has no HTTP listener: it serves no plain HTTP/);
  });

  test('a serving route whose Gateway is outside the manifests: unknown', () => {
    const f = one(edit(['    - name: shop\n      sectionName: https\n', '    - name: shared\n      namespace: infra\n']), 'K8sGatewayHttpsRedirect', ROUTE);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/Gateway infra\/shared is not in the manifests.*if that is an HTTP listener, the route serves plain HTTP there/);
  });
});

describe('K8sGatewayHsts (HEADERS-HSTS)', () => {
  const sts = 'max-age=31536000; includeSubDomains';
  test('the base: the rule sets Strict-Transport-Security', () => {
    const f = one(BASE, 'K8sGatewayHsts', ROUTE);
    expect(f.status).toBe('pass');
    expect(f.property).toBe('spec.rules.0.filters');
  });

  test('no filter setting it fails; a short max-age fails', () => {
    const none = edit(['                value: max-age=31536000; includeSubDomains', '                value: nosniff'], ['              - name: Strict-Transport-Security', '              - name: X-Content-Type-Options']);
    const f = one(none, 'K8sGatewayHsts', ROUTE);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/HTTPRoute store\/web rule 0: no ResponseHeaderModifier filter sets Strict-Transport-Security/);
    expect(one(edit([sts, 'max-age=300; includeSubDomains']), 'K8sGatewayHsts', ROUTE).message).toMatch(/max-age 300 is below 31536000/);
  });

  test('`add` instead of `set` is unknown (the backend\'s own header would come first)', () => {
    const f = one(edit(['            set:\n              - name: Strict', '            add:\n              - name: Strict']), 'K8sGatewayHsts', ROUTE);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/adds Strict-Transport-Security .*a browser reads only the first/);
  });

  test('no HSTS filter but an ExtensionRef filter: unknown naming it', () => {
    const yaml = edit(['        - type: ResponseHeaderModifier\n          responseHeaderModifier:\n            set:\n              - name: Strict-Transport-Security\n                value: max-age=31536000; includeSubDomains\n',
      '        - type: ExtensionRef\n          extensionRef: {group: gateway.envoyproxy.io, kind: HTTPRouteFilter, name: headers}\n']);
    expect(one(yaml, 'K8sGatewayHsts', ROUTE).message).toMatch(/the implementation-specific filter HTTPRouteFilter headers may add it/);
  });

  test('a backendRef filter on one of two backends: the other sends none (fail)', () => {
    const yaml = edit(['        - type: ResponseHeaderModifier\n          responseHeaderModifier:\n            set:\n              - name: Strict-Transport-Security\n                value: max-age=31536000; includeSubDomains\n      backendRefs:\n        - name: web\n          port: 80\n',
      '      backendRefs:\n        - name: web\n          port: 80\n          filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: Strict-Transport-Security, value: "max-age=31536000; includeSubDomains"}]}}]\n        - name: web-canary\n          port: 80\n']);
    const f = one(yaml, 'K8sGatewayHsts', ROUTE);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/backendRef\(s\) 1 send no Strict-Transport-Security/);
  });

  test('a route served over plain HTTP only fails', () => {
    const f = one(edit(['      sectionName: https\n  hostnames', '      sectionName: http\n  hostnames']), 'K8sGatewayHsts', ROUTE);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/served over plain HTTP only .*a browser ignores Strict-Transport-Security over HTTP/);
  });
});

describe('the items: Gateway API objects are read', () => {
  const ITEMS = ['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'HEADERS-HSTS', 'EDGE-CERTIFICATE-MANAGED'];
  const statusesOf = (yaml: string) => ITEMS.map((i) => report(yaml).statusOf(i));

  test('the base satisfies TLS, redirect, HSTS and (k8sedge3: the Gateway\'s listener Secrets are read) the certificate item', () => {
    expect(statusesOf(BASE)).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
  });

  test('a route serving plain HTTP violates the TLS and redirect items', () => {
    expect(statusesOf(edit(onEveryListener))).toEqual(['violated', 'violated', 'satisfied', 'satisfied']);
  });

  test('an Ingress beside the Gateway: the redirect item reads it too (K8sIngressHttpsRedirect, fix hfredir)', () => {
    const both = `${WEB}\n---\n${BASE.split('\n---\n').filter((d) => /kind: (GatewayClass|Gateway|HTTPRoute)\n/.test(d)).join('\n---\n')}`;
    // Without gateway.yaml's Certificate, the Gateway's Secret web-tls is managed by nothing (k8sedge3): violated.
    expect(statusesOf(both)).toEqual(['satisfied', 'satisfied', 'satisfied', 'violated']);
  });

  test('an Istio Gateway is another API: listed as unread, the items unknown', () => {
    const istio = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: store}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]\n';
    const r = report(`${BASE}\n---\n${istio}`);
    expect(['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'HEADERS-HSTS'].map((i) => r.statusOf(i))).toEqual(['unknown', 'unknown', 'unknown']);
    expect(r.coverage.unreadKinds.some((u: string) => u.includes('Gateway/store/public (k8s:Gateway/other'))).toBe(true);
  });
});
