/**
 * A plain (non-TLS) Traefik TCP router takes an entry point's plain connections before any HTTP router: "If both HTTP
 * routers and TCP routers listen to the same entry points, the TCP routers will apply before the HTTP routers"
 * (Traefik routing docs), and a router without TLS matches only `HostSNI(`*`)`, every connection. So on an entry point
 * where an IngressRouteTCP without `tls` listens, no HTTP router sees a plain request: a RedirectScheme middleware or
 * the entry point's own `http.redirections` never runs. K8sIngressHttpsRedirect passed such an IngressRoute or
 * Ingress on its redirect; now the pass is unknown, naming the TCP router. A TCP router with TLS (passthrough or
 * terminated) only takes TLS connections, and one on other entry points (both listed) shares none: no change.
 */
import { run } from './judged';
import { CHART_FLAGS, traefikDeployment } from './traefik-deployment';

/** An IngressRoute `plain` on entry point web whose route redirects to HTTPS permanently, with its middleware. */
const REDIRECTING_ROUTE = `
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: to-https, namespace: edge}
spec: {redirectScheme: {scheme: https, permanent: true}}
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: plain, namespace: edge}
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`shop.example.com\`)
      kind: Rule
      middlewares: [{name: to-https}]
      services: [{name: shop, port: 8080}]
`;

/** An IngressRouteTCP `db-proxy` of namespace tools on `entryPoints` (none: its default ones), with `tls` when given. */
const TCP = (entryPoints: string | undefined, tls?: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata: {name: db-proxy, namespace: tools}
spec:
${entryPoints !== undefined ? `  entryPoints: ${entryPoints}\n` : ''}  routes:
    - match: HostSNI(\`*\`)
      services: [{name: pgbouncer, port: 5432}]
${tls !== undefined ? `  tls: ${tls}\n` : ''}`;

const redirectOf = (yaml: string, resource = 'IngressRoute/edge/plain') => run(yaml, 'K8sIngressHttpsRedirect').filter((f) => f.resource === resource).map((f) => [f.status, f.message]);

describe('a plain TCP router on the entry point (IngressRouteTCP without tls)', () => {
  test('the base: the route redirects permanently: pass', () => {
    expect(redirectOf(traefikDeployment({ args: CHART_FLAGS }) + REDIRECTING_ROUTE)).toEqual([['pass', expect.stringMatching(/redirects plain HTTP to HTTPS permanently/)]]);
  });

  test('an IngressRouteTCP without tls on web: unknown, naming it (was pass)', () => {
    expect(redirectOf(traefikDeployment({ args: CHART_FLAGS }) + REDIRECTING_ROUTE + TCP('[web]'))).toEqual([['unknown', expect.stringMatching(/IngressRouteTCP tools\/db-proxy, a TCP router without TLS on entry point web, takes .*plain connection.* before any HTTP router/)]]);
  });

  test('one without entry points (the default ones, web among them): unknown (was pass)', () => {
    expect(redirectOf(traefikDeployment({ args: CHART_FLAGS }) + REDIRECTING_ROUTE + TCP(undefined))).toEqual([['unknown', expect.stringMatching(/IngressRouteTCP tools\/db-proxy/)]]);
  });

  test('the entry point\'s own http.redirections is an HTTP router too: unknown (was pass)', () => {
    const flags = [...CHART_FLAGS, '--entryPoints.web.http.redirections.entryPoint.to=websecure', '--entryPoints.web.http.redirections.entryPoint.scheme=https'];
    const route = REDIRECTING_ROUTE.replace('      middlewares: [{name: to-https}]\n', '');
    expect(redirectOf(traefikDeployment({ args: flags }) + route + TCP('[web]'))).toEqual([['unknown', expect.stringMatching(/IngressRouteTCP tools\/db-proxy/)]]);
    expect(redirectOf(traefikDeployment({ args: flags }) + route)).toEqual([['pass', expect.anything()]]);
  });

  test('an Ingress Traefik serves on web with a redirecting middleware: unknown (was pass)', () => {
    const ingress = `
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: edge
  annotations:
    traefik.ingress.kubernetes.io/router.entrypoints: web
    traefik.ingress.kubernetes.io/router.middlewares: edge-to-https@kubernetescrd
spec:
  ingressClassName: traefik
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 8080}}}}]}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: traefik}
spec: {controller: traefik.io/ingress-controller}
`;
    const base = traefikDeployment({ args: CHART_FLAGS }) + REDIRECTING_ROUTE + ingress;
    expect(redirectOf(base, 'Ingress/edge/shop')).toEqual([['pass', expect.anything()]]);
    expect(redirectOf(base + TCP('[web]'), 'Ingress/edge/shop')).toEqual([['unknown', expect.stringMatching(/IngressRouteTCP tools\/db-proxy/)]]);
  });

  test('guards: a TCP router with TLS (passthrough), or one on other entry points only: pass', () => {
    expect(redirectOf(traefikDeployment({ args: CHART_FLAGS }) + REDIRECTING_ROUTE + TCP('[web]', '{passthrough: true}')).map(([s]) => s)).toEqual(['pass']);
    expect(redirectOf(traefikDeployment({ args: CHART_FLAGS }) + REDIRECTING_ROUTE + TCP('[postgres]')).map(([s]) => s)).toEqual(['pass']);
  });
});
