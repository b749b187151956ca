/**
 * Kubernetes edge objects as real clusters write them (fix hfgw2).
 *
 * 1. NGINX Inc.'s VirtualServer, VirtualServerRoute and TransportServer (k8s.nginx.org, the controller's own CRDs,
 *    nginx/kubernetes-ingress examples/custom-resources) were no endpoint at all: beside an Ingress with TLS,
 *    cert-manager and a redirect, a VirtualServer without `spec.tls` (plain HTTP only) left EDGE-HTTPS-LISTENER,
 *    EDGE-HTTPS-REDIRECT and EDGE-CERTIFICATE-MANAGED satisfied. The Gateway API's ListenerSet (standard channel
 *    since v1.5.0; XListenerSet, gateway.networking.x-k8s.io, before) adds listeners of its own to a Gateway, HTTP
 *    ones too: it was not read either. Now they are endpoints no rule reads (unknown, listed in unreadKinds).
 * 2. K8sGatewayHttpsRedirect passed a Gateway "with no HTTP listener" whose `spec.allowedListeners` admit
 *    ListenerSets: the Gateway serves their listeners too (GEP-1713; `namespaces.from` defaults to None). Now unknown
 *    unless from is None or absent.
 */
import * as fs from 'fs';
import * as path from 'path';
import { reportOf, run } from './judged';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'k8s', 'compliant');
const WEB = fs.readFileSync(path.join(FIXTURES, 'web.yaml'), 'utf8');
const GATEWAY = fs.readFileSync(path.join(FIXTURES, 'gateway.yaml'), 'utf8');
const ITEMS = ['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'EDGE-CERTIFICATE-MANAGED', 'HEADERS-HSTS'];
const statuses = (yaml: string) => {
  const r = reportOf(yaml);
  return ITEMS.map((i) => r.statusOf(i));
};

const VIRTUAL_SERVER = `
---
apiVersion: k8s.nginx.org/v1
kind: VirtualServer
metadata: {name: admin, namespace: shop}
spec:
  host: admin.example.com
  upstreams: [{name: admin, service: web, port: 80}]
  routes: [{path: /, action: {pass: admin}}]
`;
const VIRTUAL_SERVER_ROUTE = `
---
apiVersion: k8s.nginx.org/v1
kind: VirtualServerRoute
metadata: {name: admin-api, namespace: shop}
spec:
  host: admin.example.com
  upstreams: [{name: api, service: web, port: 80}]
  subroutes: [{path: /api, action: {pass: api}}]
`;
const TRANSPORT_SERVER = `
---
apiVersion: k8s.nginx.org/v1
kind: TransportServer
metadata: {name: raw, namespace: shop}
spec:
  listener: {name: tcp-8080, protocol: TCP}
  upstreams: [{name: web, service: web, port: 80}]
  action: {pass: web}
`;
const LISTENER_SET = (apiVersion: string, kind: string) => `
---
apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: team-a, namespace: store}
spec:
  parentRef: {group: gateway.networking.k8s.io, kind: Gateway, name: shop}
  listeners:
  - {name: plain, protocol: HTTP, port: 8080, hostname: team-a.example.com}
`;

describe('endpoints no rule reads: NGINX Inc. custom resources and ListenerSets', () => {
  test('the bases satisfy the items', () => {
    expect(statuses(WEB)).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
    expect(reportOf(WEB).coverage.unreadKinds).toEqual([]);
  });

  test.each([
    ['a VirtualServer without spec.tls (plain HTTP)', VIRTUAL_SERVER, 'VirtualServer/shop/admin (k8s:VirtualServer'],
    ['a VirtualServerRoute', VIRTUAL_SERVER_ROUTE, 'VirtualServerRoute/shop/admin-api (k8s:VirtualServerRoute'],
    ['a TransportServer', TRANSPORT_SERVER, 'TransportServer/shop/raw (k8s:TransportServer'],
  ])('an Ingress with TLS, cert-manager and a redirect beside %s: unknown, and listed', (_name, doc, listed) => {
    const yaml = WEB + doc;
    expect(statuses(yaml)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(reportOf(yaml).coverage.unreadKinds.some((u: string) => u.includes(listed))).toBe(true);
  });

  test.each([
    ['gateway.networking.k8s.io/v1', 'ListenerSet'],
    ['gateway.networking.x-k8s.io/v1alpha1', 'XListenerSet'],
  ])('the Gateway base beside a %s %s with an HTTP listener: the edge items are unknown', (apiVersion, kind) => {
    const yaml = GATEWAY + LISTENER_SET(apiVersion, kind);
    const r = reportOf(yaml);
    expect(['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'HEADERS-HSTS'].map((i) => r.statusOf(i))).toEqual(['unknown', 'unknown', 'unknown']);
    expect(r.coverage.unreadKinds.some((u: string) => u.includes(`${kind}/store/team-a (k8s:${kind}`))).toBe(true);
  });
});

/** A Gateway with an HTTPS listener only, its route on it; `allowed` is its spec.allowedListeners, if any. */
const httpsOnly = (allowed?: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: eg
${allowed ? `  allowedListeners: ${allowed}\n` : ''}  listeners:
  - name: https
    protocol: HTTPS
    port: 443
    tls: {certificateRefs: [{name: edge-cert}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: infra}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`;

describe('K8sGatewayHttpsRedirect: a Gateway without an HTTP listener of its own', () => {
  const verdict = (yaml: string) => {
    const f = run(yaml, 'K8sGatewayHttpsRedirect').filter((x) => x.resource === 'Gateway/infra/edge');
    expect(f).toHaveLength(1);
    return f[0];
  };

  test('no allowedListeners (the default None): passes, as before', () => {
    const f = verdict(httpsOnly());
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/has no HTTP listener: it serves no plain HTTP/);
  });

  test('allowedListeners from None: passes', () => {
    expect(verdict(httpsOnly('{namespaces: {from: None}}')).status).toBe('pass');
  });

  test.each(['All', 'Same', 'Selector'])('allowedListeners from %s admits ListenerSets (HTTP listeners too): unknown', (from) => {
    const f = verdict(httpsOnly(`{namespaces: {from: ${from}}}`));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(new RegExp(`allowedListeners \\(from ${from}\\) admit ListenerSets, whose listeners \\(HTTP ones too\\) the Gateway serves`));
  });
});

/**
 * 3. K8sIngressTls passed an Ingress with spec.tls whatever controller served it, reading TLS versions only for
 *    ingress-nginx, NGINX Inc. and ALBs. GKE's `gce` class gets a Google Cloud load balancer, whose default SSL policy
 *    (no FrontendConfig sslPolicy) is profile COMPATIBLE with minimum TLS 1.0 (cloud.google.com/load-balancing/docs/
 *    ssl-policies-concepts; gcloud compute ssl-policies create: --min-tls-version default 1.0); an Ingress whose
 *    class nothing resolves is served by the cluster's default IngressClass (on GKE, gce). Now unknown, naming it.
 */
const gkeIngress = (cls: string) => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {kubernetes.io/ingress.allow-http: "false"${cls}}
spec:
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;

describe('K8sIngressTls: a controller whose TLS versions are not read', () => {
  const verdict = (yaml: string) => {
    const f = run(yaml, 'K8sIngressTls').filter((x) => x.resource === 'Ingress/shop/web');
    expect(f).toHaveLength(1);
    return f[0];
  };

  test('class gce (a Google Cloud load balancer, default SSL policy TLS 1.0): unknown, naming the SSL policy', () => {
    const f = verdict(gkeIngress(', kubernetes.io/ingress.class: gce'));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/TLS for shop\.example\.com, but the gce controller \(class gce\) decides the TLS versions it accepts: a Google Cloud load balancer without an SSL policy uses the default one \(profile COMPATIBLE, minimum TLS 1\.0\)/);
  });

  test('class kong (another controller): unknown', () => {
    expect(verdict(gkeIngress(', kubernetes.io/ingress.class: kong')).message).toMatch(/but the kong controller \(class kong\) decides the TLS versions it accepts: the rules do not read its TLS settings/);
  });

  test('no class and no default IngressClass in the manifests: unknown', () => {
    const f = verdict(gkeIngress(''));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/the manifests do not resolve the Ingress's class to a controller: the cluster's default IngressClass decides/);
  });

  test('an IngressClass of ingress-nginx in the manifests: passes, as before (web.yaml)', () => {
    expect(run(WEB, 'K8sIngressTls').map((f) => f.status)).toEqual(['pass']);
  });
});
