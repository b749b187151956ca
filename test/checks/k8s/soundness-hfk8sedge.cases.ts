/**
 * Kubernetes edge rules where a controller's defaults or a route kind outside the rules decide (fix hfk8sedge).
 *
 * 1. Class `nginx` with neither nginx controller nor its IngressClass in the manifests: K8sIngressTls kept
 *    ingress-nginx's reading (default TLSv1.2 TLSv1.3) and passed, though NGINX Inc.'s chart names its class `nginx`
 *    too and its releases before 5.0.0 (4.0.1 for nginx images) leave nginx's default, which enables TLS 1.0/1.1.
 *    Now unknown, naming both controllers. ProductionWorkload with ingress-nginx no longer claims EDGE-HTTPS-LISTENER.
 * 2. The AWS Load Balancer Controller's `actions.ssl-redirect` pattern (a redirect action used by a rule's backend
 *    `use-annotation`) failed K8sIngressHttpsRedirect: it is now judged as the HTTP listener's rules.
 * 3. Traefik: a TLSOption `default` (any namespace) or the one the Ingress names with router.tls.options sets the
 *    routers' minVersion; VersionTLS10 passed. Now fail, unknown where it cannot be read.
 * 4. A Gateway's TCP / TLS passthrough listener serves what TCPRoutes / TLSRoutes (not read) attach: EDGE-HTTPS-LISTENER
 *    and "no HTTP listener" passed beside one. Now unknown.
 */
import { controllerDeployment, ingressManifest, oneFinding, reportOf, run } from './judged';

const INGRESS = (cls: string, annotations: Record<string, string> = { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' }) =>
  ingressManifest({ annotations, spec: `  ingressClassName: ${cls}` });
const INGRESS_CLASS = (name: string, controller: string) => `
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ${name}}
spec: {controller: ${controller}}
`;
const one = oneFinding;

describe('1. class nginx that either nginx controller may serve', () => {
  test('neither controller nor IngressClass in the manifests: K8sIngressTls is unknown, naming both', () => {
    const f = one(INGRESS('nginx'), 'K8sIngressTls');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/class nginx may be served by ingress-nginx or NGINX Inc\.'s controller.*before nginx 1\.27\.3/);
  });
  test('an IngressClass nginx of ingress-nginx passes as before', () => {
    expect(one(INGRESS('nginx') + INGRESS_CLASS('nginx', 'k8s.io/ingress-nginx'), 'K8sIngressTls').status).toBe('pass');
  });
  test('an ingress-nginx controller Deployment serving class nginx passes as before', () => {
    const controller = `\n---${controllerDeployment('ingress-nginx-controller', 'ingress-nginx', 'registry.k8s.io/ingress-nginx/controller:v1.11.2', '[/nginx-ingress-controller]')}`;
    expect(one(INGRESS('nginx') + controller, 'K8sIngressTls').status).toBe('pass');
  });
  test('an NGINX Inc. 5.x controller serving class nginx passes; 3.x is unknown', () => {
    const inc = (tag: string) => `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx-ingress, namespace: nginx-ingress}
spec:
  selector: {matchLabels: {app: c}}
  template:
    metadata: {labels: {app: c}}
    spec:
      containers: [{name: controller, image: "nginx/nginx-ingress:${tag}", args: [-ingress-class=nginx]}]
`;
    expect(one(INGRESS('nginx') + inc('5.1.0'), 'K8sIngressTls').status).toBe('pass');
    expect(one(INGRESS('nginx') + inc('3.7.2'), 'K8sIngressTls').status).toBe('unknown');
  });
  test('the redirect rule already needs both readings to agree: ingress-nginx and NGINX Inc. both redirect TLS hosts by default (pass)', () => {
    expect(one(INGRESS('nginx'), 'K8sIngressHttpsRedirect').status).toBe('pass');
  });
});

const TRAEFIK_OPTION = (name: string, ns: string, spec: string, apiVersion = 'traefik.io/v1alpha1') => `
---
apiVersion: ${apiVersion}
kind: TLSOption
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;

describe('3. Traefik TLSOptions', () => {
  test('no TLSOption: Traefik\'s built-in default (TLS 1.2+) passes as before', () => {
    expect(one(INGRESS('traefik'), 'K8sIngressTls').status).toBe('pass');
  });
  test('a TLSOption default with minVersion VersionTLS10 (any namespace, either API group) fails', () => {
    for (const api of ['traefik.io/v1alpha1', 'traefik.containo.us/v1alpha1']) {
      const f = one(INGRESS('traefik') + TRAEFIK_OPTION('default', 'traefik', '{minVersion: VersionTLS10}', api), 'K8sIngressTls');
      expect(f.status).toBe('fail');
      expect(f.message).toMatch(/TLSOption traefik\/default .* minVersion VersionTLS10/);
    }
  });
  test('a TLSOption default with VersionTLS12 passes; without minVersion it is unknown (Go\'s default decides)', () => {
    expect(one(INGRESS('traefik') + TRAEFIK_OPTION('default', 'kube-system', '{minVersion: VersionTLS12}'), 'K8sIngressTls').status).toBe('pass');
    const f = one(INGRESS('traefik') + TRAEFIK_OPTION('default', 'kube-system', '{sniStrict: true}'), 'K8sIngressTls');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/sets no minVersion.*TLS 1\.0 before Go 1\.22/);
  });
  test('the TLSOption the Ingress names with router.tls.options decides, not the default one', () => {
    const annotated = INGRESS('traefik', { 'traefik.ingress.kubernetes.io/router.tls.options': 'shop-legacy@kubernetescrd' });
    const both = TRAEFIK_OPTION('default', 'traefik', '{minVersion: VersionTLS12}') + TRAEFIK_OPTION('legacy', 'shop', '{minVersion: VersionTLS11}');
    expect(one(annotated + both, 'K8sIngressTls').status).toBe('fail');
    const missing = one(annotated + TRAEFIK_OPTION('default', 'traefik', '{minVersion: VersionTLS12}'), 'K8sIngressTls');
    expect(missing.status).toBe('unknown');
    expect(missing.message).toMatch(/shop-legacy@kubernetescrd .* not a TLSOption of the manifests/);
    const file = one(INGRESS('traefik', { 'traefik.ingress.kubernetes.io/router.tls.options': 'modern@file' }), 'K8sIngressTls');
    expect(file.status).toBe('unknown');
  });
  test('two TLSOptions named default are unknown', () => {
    const f = one(INGRESS('traefik') + TRAEFIK_OPTION('default', 'a', '{minVersion: VersionTLS12}') + TRAEFIK_OPTION('default', 'b', '{minVersion: VersionTLS13}'), 'K8sIngressTls');
    expect(f.status).toBe('unknown');
  });
});

const GATEWAY = (extra: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  gatewayClassName: eg
  listeners:
    - {name: https, protocol: HTTPS, port: 443, hostname: shop.example.com, tls: {mode: Terminate, certificateRefs: [{name: web-tls}]}}
${extra}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: gw, sectionName: https}]
  hostnames: [shop.example.com]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`;
const TCP_ROUTE = `
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: raw, namespace: shop}
spec:
  parentRefs: [{name: gw, sectionName: raw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`;

describe('4. Gateway listeners beside HTTPS that HTTPRoutes do not use', () => {
  const items = (yaml: string) => {
    const r = reportOf(yaml);
    return ['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT'].map((i) => r.statusOf(i));
  };
  test('HTTPS only: both items satisfied as before', () => {
    expect(items(GATEWAY(''))).toEqual(['satisfied', 'satisfied']);
  });
  test('a TCP listener, no TCPRoute in the manifests: both unknown (a TCPRoute outside them may forward plain HTTP)', () => {
    const yaml = GATEWAY('    - {name: raw, protocol: TCP, port: 8080}');
    expect(items(yaml)).toEqual(['unknown', 'unknown']);
    const redirect = run(yaml, 'K8sGatewayHttpsRedirect');
    expect(redirect.map((f) => f.status)).toEqual(['unknown']);
    expect(redirect[0].message).toMatch(/listener raw \(TCP:8080\) of Gateway shop\/gw forwards the bytes/);
    expect(run(yaml, 'K8sGatewayTls').find((f) => f.resource === 'Gateway/shop/gw')?.status).toBe('unknown');
  });
  test('a TCP listener with a TCPRoute in the manifests: unknown (the TCPRoute is not read)', () => {
    expect(items(GATEWAY('    - {name: raw, protocol: TCP, port: 8080}') + TCP_ROUTE)).toEqual(['unknown', 'unknown']);
  });
  test('a TLS passthrough listener: EDGE-HTTPS-LISTENER unknown (the backend terminates TLS); no plain HTTP', () => {
    const yaml = GATEWAY('    - {name: pass, protocol: TLS, port: 8443, tls: {mode: Passthrough}}');
    expect(items(yaml)).toEqual(['unknown', 'satisfied']);
  });
  test('a TLS listener the Gateway terminates with a certificate under Envoy Gateway\'s default TLS 1.2, and a UDP listener: satisfied', () => {
    expect(items(GATEWAY('    - {name: tls, protocol: TLS, port: 8443, tls: {mode: Terminate, certificateRefs: [{name: web-tls}]}}\n    - {name: dns, protocol: UDP, port: 53}'))).toEqual(['satisfied', 'satisfied']);
  });
});

const ALB_INGRESS = (paths: string, extra = '', more = '') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:111111111111:certificate/abc
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'
    alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06
    alb.ingress.kubernetes.io/actions.ssl-redirect: '{"Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}'
${extra}
spec:
  ingressClassName: alb
  rules:
    - host: shop.example.com
      http:
        paths:
${paths}
${more}
`;
const REDIRECT = (path = '/*', type = 'ImplementationSpecific') => `          - {path: "${path}", pathType: ${type}, backend: {service: {name: ssl-redirect, port: {name: use-annotation}}}}`;
const FORWARD = (path = '/*', type = 'ImplementationSpecific') => `          - {path: "${path}", pathType: ${type}, backend: {service: {name: web, port: {number: 80}}}}`;

describe('2. the ALB actions.ssl-redirect pattern', () => {
  test('a 301 redirect to HTTPS first, on every path of the host: pass (it was a fail)', () => {
    const f = one(ALB_INGRESS(`${REDIRECT()}\n${FORWARD()}`), 'K8sIngressHttpsRedirect');
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/redirect every request the Ingress routes to HTTPS with a 301 \(action ssl-redirect/);
    // The older v1beta1 backend form, lower-case JSON keys (Go's decoder ignores case), and Prefix "/" (the pattern /*).
    const old = ALB_INGRESS(`          - {path: "/", pathType: Prefix, backend: {serviceName: ssl-redirect, servicePort: use-annotation}}\n${FORWARD('/', 'Prefix')}`,
      '').replace('"Type": "redirect", "RedirectConfig"', '"type": "redirect", "redirectConfig"');
    expect(one(old, 'K8sIngressHttpsRedirect').status).toBe('pass');
  });
  test('the redirect after the forward, or only on part of the paths: the forward serves plain HTTP (fail)', () => {
    expect(one(ALB_INGRESS(`${FORWARD()}\n${REDIRECT()}`), 'K8sIngressHttpsRedirect').status).toBe('fail');
    const partial = one(ALB_INGRESS(`${REDIRECT('/login')}\n${FORWARD()}`), 'K8sIngressHttpsRedirect');
    expect(partial.status).toBe('fail');
    expect(partial.message).toMatch(/spec\.rules\.0\.http\.paths\.1 \(shop\.example\.com \/\*\) forwards plain HTTP/);
    // Prefix paths go longest first: /api comes before the redirect on /.
    expect(one(ALB_INGRESS(`${REDIRECT('/', 'Prefix')}\n${FORWARD('/api', 'Prefix')}`), 'K8sIngressHttpsRedirect').status).toBe('fail');
  });
  test('another host of the Ingress without the redirect fails; a host-less redirect first covers every host', () => {
    const other = `    - host: admin.example.com\n      http: {paths: [{path: "/*", pathType: ImplementationSpecific, backend: {service: {name: admin, port: {number: 80}}}}]}`;
    expect(one(ALB_INGRESS(`${REDIRECT()}\n${FORWARD()}`, '', other), 'K8sIngressHttpsRedirect').status).toBe('fail');
    const hostless = ALB_INGRESS(FORWARD(), '', other).replace('  rules:\n', `  rules:\n    - http:\n        paths:\n${REDIRECT()}\n`);
    expect(one(hostless, 'K8sIngressHttpsRedirect').status).toBe('pass');
  });
  test('HTTP_302 fails (temporary); a redirect to HTTP or to a port that is no HTTPS listener is unknown', () => {
    const tmp = ALB_INGRESS(`${REDIRECT()}\n${FORWARD()}`).replace('HTTP_301', 'HTTP_302');
    expect(one(tmp, 'K8sIngressHttpsRedirect').status).toBe('fail');
    const port = ALB_INGRESS(`${REDIRECT()}\n${FORWARD()}`).replace('"Port": "443"', '"Port": "8443"');
    expect(one(port, 'K8sIngressHttpsRedirect').status).toBe('unknown');
  });
  test('spec.defaultBackend forwards what the host-bound redirect does not match: fail', () => {
    const yaml = ALB_INGRESS(`${REDIRECT()}\n${FORWARD()}`).replace('  ingressClassName: alb', '  ingressClassName: alb\n  defaultBackend: {service: {name: web, port: {number: 80}}}');
    expect(one(yaml, 'K8sIngressHttpsRedirect').status).toBe('fail');
  });
  test('in an IngressGroup the members\' rules share the listener: unknown', () => {
    const yaml = ALB_INGRESS(`${REDIRECT()}\n${FORWARD()}`, '    alb.ingress.kubernetes.io/group.name: shop');
    expect(one(yaml, 'K8sIngressHttpsRedirect').status).toBe('unknown');
  });
  test('without a redirect action it fails as before', () => {
    expect(one(ALB_INGRESS(FORWARD()), 'K8sIngressHttpsRedirect').status).toBe('fail');
  });
});
