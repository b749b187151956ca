/**
 * Traefik's IngressRoute (traefik.io/v1alpha1, traefik.containo.us/v1alpha1), the way most Traefik users expose a
 * service, was an endpoint no rule read (kinds.ts): every Kubernetes endpoint item (EDGE-HTTPS-LISTENER,
 * EDGE-HTTPS-REDIRECT, HEADERS-HSTS, EDGE-CERTIFICATE-MANAGED) was unknown beside one, and an IngressRoute serving
 * plain HTTP, with TLS 1.0 options, without HSTS or with an unmanaged Secret was never failed. The four K8sIngress*
 * rules now read it (ingress-route.ts), Traefik's static configuration (its entry points) from the flags of its
 * Deployment in the manifests, and Traefik's built-in default TLS options as the release in the manifests sets them.
 */
import { oneFinding, reportOf, run } from './judged';
import { CHART_FLAGS, traefikDeployment } from './traefik-deployment';

const NS = 'payments';

/** An IngressRoute `api` of namespace payments: `spec` lines under `spec:` (two-space indented). */
const route = (spec: string, apiVersion = 'traefik.io/v1alpha1', meta = '') => `
apiVersion: ${apiVersion}
kind: IngressRoute
metadata: {name: api, namespace: ${NS}${meta}}
spec:
${spec}
`;

const ROUTES = (middlewares = '[{name: api-headers}]') => `  routes:
    - match: Host(\`api.pay.example.com\`)
      kind: Rule
      services: [{name: api, port: 443}]
      middlewares: ${middlewares}`;

const MIDDLEWARE = (name: string, spec: string, apiVersion = 'traefik.io/v1alpha1', ns = NS) => `
---
apiVersion: ${apiVersion}
kind: Middleware
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;
const HEADERS = MIDDLEWARE('api-headers', '{headers: {stsSeconds: 63072000, stsIncludeSubdomains: true}}');
const REDIRECT = (permanent = 'true') => MIDDLEWARE('to-https', `{redirectScheme: {scheme: https${permanent === '' ? '' : `, permanent: ${permanent}`}}}`);
const CERTIFICATE = `
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: api, namespace: ${NS}}
spec: {secretName: api-tls, dnsNames: [api.pay.example.com], issuerRef: {name: letsencrypt-prod, kind: ClusterIssuer}}
`;
const TLS_OPTION = (name: string, min: string, ns = NS) => `
---
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata: {name: ${name}, namespace: ${ns}}
spec: {minVersion: ${min}}
`;
/** A Traefik Deployment of the manifests whose flags are its static configuration (the Helm chart's and its traefik entry point, by default). */
const TRAEFIK = (extra: string[] = [], image = 'docker.io/traefik:v3.1.4') => traefikDeployment({ args: ['--entryPoints.traefik.address=:8080/tcp', ...CHART_FLAGS, ...extra], image });

/** The compliant IngressRoute: TLS with a cert-manager Secret, on websecure, HSTS from a headers Middleware. */
const COMPLIANT = (apiVersion = 'traefik.io/v1alpha1') => route(`  entryPoints: [websecure]
${ROUTES()}
  tls: {secretName: api-tls}`, apiVersion) + MIDDLEWARE('api-headers', '{headers: {stsSeconds: 63072000, stsIncludeSubdomains: true}}', apiVersion) + CERTIFICATE;
/** The same route on web only, without TLS (`middlewares` on its route). */
const PLAIN = (middlewares = '[{name: api-headers}]', entryPoints = '[web]') => route(`  entryPoints: ${entryPoints}
${ROUTES(middlewares)}`) + HEADERS;

const ENDPOINT_RULES = ['K8sIngressTls', 'K8sIngressHttpsRedirect', 'K8sIngressHsts', 'K8sIngressCertManager'];
const ENDPOINT_ITEMS = ['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'HEADERS-HSTS', 'EDGE-CERTIFICATE-MANAGED'];

describe('the endpoint items read an IngressRoute (both API groups)', () => {
  test.each([['traefik.io/v1alpha1'], ['traefik.containo.us/v1alpha1']])('%s: compliant, every endpoint rule passes and the items are satisfied', (api) => {
    const r = reportOf(COMPLIANT(api));
    for (const rule of ENDPOINT_RULES) {
      const fs = r.findings.filter((f) => f.ruleId === rule);
      expect([rule, fs.length > 0 && fs.every((f) => f.status === 'pass')]).toEqual([rule, true]);
    }
    expect(ENDPOINT_ITEMS.map((i) => r.statusOf(i))).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
    expect(r.coverage.unreadKinds).toEqual([]);
  });
  test('Contour\'s retired IngressRoute (contour.heptio.com) stays an endpoint no rule reads', () => {
    const r = reportOf(route(ROUTES(), 'contour.heptio.com/v1beta1'));
    expect(ENDPOINT_RULES.flatMap((rule) => run(route(ROUTES(), 'contour.heptio.com/v1beta1'), rule))).toEqual([]);
    expect(r.coverage.unreadKinds).toEqual([expect.stringMatching(/IngressRoute\/payments\/api \(k8s:IngressRoute\/other: a Kubernetes endpoint no rule reads\)/)]);
  });
  test('an IngressRouteTCP beside the compliant route keeps the items from being satisfied (not read)', () => {
    const r = reportOf(COMPLIANT() + `
---
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata: {name: db, namespace: ${NS}}
spec: {entryPoints: [websecure], routes: [{match: HostSNI(\`*\`), services: [{name: db, port: 5432}]}]}
`);
    expect(r.statusOf('EDGE-HTTPS-LISTENER')).toBe('unknown');
  });
});

describe('EDGE-HTTPS-LISTENER (K8sIngressTls)', () => {
  const tls = (yaml: string) => oneFinding(yaml, 'K8sIngressTls');
  test('no spec.tls on web, static configuration not in the manifests: unknown, naming it', () => {
    const f = tls(PLAIN());
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/no spec\.tls: Traefik serves the router over plain HTTP on entry point web unless .*static configuration, not in the manifests.*web entry point \(:8000, exposed on 80\) serves plain HTTP/);
  });
  test('no spec.tls on web, the Traefik Deployment of the manifests leaves web plain HTTP: fail', () => {
    const f = tls(PLAIN() + TRAEFIK());
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/entry point web of Deployment\/traefik\/traefik has neither http\.tls nor a redirection: spec\.routes\.0 .* serves plain HTTP/);
  });
  test('no spec.tls nor entryPoints: every entry point, web among them: fail', () => {
    expect(tls(route(ROUTES()) + HEADERS + TRAEFIK()).status).toBe('fail');
  });
  test('no spec.tls on web, web redirects to websecure in the static configuration: pass (no plain content)', () => {
    const f = tls(PLAIN() + TRAEFIK(['--entryPoints.web.http.redirections.entryPoint.to=websecure']));
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/redirects/);
  });
  test('no spec.tls on websecure (http.tls): the default certificate is unknown; with a certResolver, pass', () => {
    expect(tls(PLAIN(undefined, '[websecure]') + TRAEFIK()).message).toMatch(/default certificate of its TLS store/);
    expect(tls(PLAIN(undefined, '[websecure]') + TRAEFIK()).status).toBe('unknown');
    expect(tls(PLAIN(undefined, '[websecure]') + TRAEFIK(['--entryPoints.websecure.http.tls.certResolver=le', '--certificatesResolvers.le.acme.storage=/data/acme.json'])).status).toBe('pass');
  });
  test('a static configuration file (--configFile) or a volume at /etc/traefik: unknown', () => {
    expect(tls(PLAIN() + TRAEFIK(['--configFile=/config/traefik.yaml'])).message).toMatch(/from file \/config\/traefik\.yaml \(--configFile\)/);
    const mounted = TRAEFIK().replace('          args:', '          volumeMounts: [{name: config, mountPath: /etc/traefik}]\n          args:');
    expect(tls(PLAIN() + mounted).status).toBe('unknown');
  });
  test('every route redirects with a RedirectScheme middleware: pass (the route serves no plain content)', () => {
    expect(tls(PLAIN('[{name: to-https}]') + REDIRECT()).status).toBe('pass');
  });
  test('spec.tls.options names a TLSOption with minVersion VersionTLS10: fail; VersionTLS13: pass', () => {
    const withOptions = (min: string) => COMPLIANT().replace('tls: {secretName: api-tls}', 'tls: {secretName: api-tls, options: {name: legacy}}') + TLS_OPTION('legacy', min);
    const f = tls(withOptions('VersionTLS10'));
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/TLSOption payments\/legacy \(spec\.tls\.options\) sets minVersion VersionTLS10/);
    expect(tls(withOptions('VersionTLS13')).status).toBe('pass');
  });
  test('spec.tls.options: a TLSOption missing from the manifests, of another namespace, or of another provider: unknown', () => {
    const named = (options: string) => tls(COMPLIANT().replace('tls: {secretName: api-tls}', `tls: {secretName: api-tls, options: ${options}}`));
    expect(named('{name: missing}').message).toMatch(/not in the manifests/);
    expect(named('{name: modern, namespace: traefik}').message).toMatch(/allowCrossNamespace/);
    expect(named('{name: modern@file}').message).toMatch(/another provider/);
    for (const o of ['{name: missing}', '{name: modern, namespace: traefik}', '{name: modern@file}']) expect(named(o).status).toBe('unknown');
  });
  test('a TLSOption default with minVersion VersionTLS11: fail', () => {
    expect(tls(COMPLIANT() + TLS_OPTION('default', 'VersionTLS11', 'traefik')).status).toBe('fail');
  });
  test('no TLSOption: Traefik\'s built-in default (VersionTLS12 since traefik#8951) passes from v2.10; a Traefik v2.8 or v2.9 of the manifests fails (which of the two first shipped it is not confirmed)', () => {
    expect(tls(COMPLIANT() + TRAEFIK([], 'traefik:v3.1.4')).status).toBe('pass');
    expect(tls(COMPLIANT() + TRAEFIK([], 'traefik:v2.10.0')).status).toBe('pass');
    for (const image of ['traefik:v2.8.8', 'traefik:v2.9.10']) {
      const f = tls(COMPLIANT() + TRAEFIK([], image));
      expect([image, f.status]).toEqual([image, 'fail']);
      expect(f.message).toMatch(/predates v2\.10/);
    }
  });
  test('spec.tls without secretName or certResolver: the TLS store\'s default certificate, unknown unless a TLSStore default sets one', () => {
    const empty = COMPLIANT().replace('tls: {secretName: api-tls}', 'tls: {}');
    expect(tls(empty).status).toBe('unknown');
    expect(tls(empty + `
---
apiVersion: traefik.io/v1alpha1
kind: TLSStore
metadata: {name: default, namespace: traefik}
spec: {defaultCertificate: {secretName: wildcard-tls}}
`).status).toBe('pass');
  });
  test('spec.tls with a certResolver: pass', () => {
    expect(tls(COMPLIANT().replace('tls: {secretName: api-tls}', 'tls: {certResolver: le}')).status).toBe('pass');
  });
  test('an Ingress served by Traefik: a Traefik v2.8 of the manifests and no TLSOption fails (built-in options before v2.10)', () => {
    const ingress = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: ${NS}, annotations: {traefik.ingress.kubernetes.io/router.tls: "true"}}
spec:
  ingressClassName: traefik
  tls: [{hosts: [api.pay.example.com], secretName: api-tls}]
  rules: [{host: api.pay.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 443}}}}]}}]
`;
    expect(oneFinding(ingress + TRAEFIK([], 'traefik:v2.8.8'), 'K8sIngressTls').status).toBe('fail');
    expect(oneFinding(ingress + TRAEFIK([], 'traefik:v2.11.2'), 'K8sIngressTls').status).toBe('pass');
  });
});

describe('EDGE-HTTPS-REDIRECT (K8sIngressHttpsRedirect)', () => {
  const redirect = (yaml: string) => oneFinding(yaml, 'K8sIngressHttpsRedirect');
  test('spec.tls: a TLS router ignores plain HTTP (pass)', () => {
    expect(redirect(COMPLIANT()).status).toBe('pass');
  });
  test('a permanent RedirectScheme https middleware on every route: pass; without permanent: true, a temporary redirect: fail', () => {
    expect(redirect(PLAIN('[{name: to-https}]') + REDIRECT()).status).toBe('pass');
    const f = redirect(PLAIN('[{name: to-https}]') + REDIRECT(''));
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/temporary 302/);
  });
  test('a chain Middleware whose member redirects: pass', () => {
    const chain = MIDDLEWARE('secure-chain', '{chain: {middlewares: [{name: to-https}]}}');
    expect(redirect(PLAIN('[{name: secure-chain}]') + chain + REDIRECT()).status).toBe('pass');
  });
  test('no redirect middleware, static configuration not in the manifests: unknown', () => {
    const f = redirect(PLAIN());
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/no RedirectScheme middleware on spec\.routes\.0.*entryPoints\.<name>\.http\.redirections/);
  });
  test('the static configuration: web plain HTTP fails; web redirecting passes; a redirection with permanent=false fails', () => {
    expect(redirect(PLAIN() + TRAEFIK()).status).toBe('fail');
    expect(redirect(PLAIN() + TRAEFIK(['--entryPoints.web.http.redirections.entryPoint.to=websecure', '--entryPoints.web.http.redirections.entryPoint.scheme=https'])).status).toBe('pass');
    expect(redirect(PLAIN() + TRAEFIK(['--entryPoints.web.http.redirections.entryPoint.to=websecure', '--entryPoints.web.http.redirections.entryPoint.permanent=false'])).status).toBe('fail');
  });
  test('a redirect middleware of another namespace, or missing from the manifests: unknown', () => {
    expect(redirect(PLAIN('[{name: to-https, namespace: traefik}]') + MIDDLEWARE('to-https', '{redirectScheme: {scheme: https, permanent: true}}', 'traefik.io/v1alpha1', 'traefik')).status).toBe('unknown');
    expect(redirect(PLAIN('[{name: to-https}]')).status).toBe('unknown');
  });
  test('the entry point\'s http.middlewares redirect (static configuration): pass', () => {
    const mw = MIDDLEWARE('to-https', '{redirectScheme: {scheme: https, permanent: true}}', 'traefik.io/v1alpha1', 'traefik');
    expect(redirect(PLAIN() + mw + TRAEFIK(['--entryPoints.web.http.middlewares=traefik-to-https@kubernetescrd'])).status).toBe('pass');
  });
});

describe('HEADERS-HSTS (K8sIngressHsts)', () => {
  const hsts = (yaml: string) => run(yaml, 'K8sIngressHsts');
  test('no headers middleware on the HTTPS route: fail', () => {
    const f = hsts(COMPLIANT().replace('middlewares: [{name: api-headers}]', 'middlewares: []'));
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/sends no Strict-Transport-Security/);
  });
  test('stsSeconds 300, or no stsIncludeSubdomains: fail', () => {
    expect(hsts(COMPLIANT().replace('stsSeconds: 63072000', 'stsSeconds: 300')).map((x) => x.status)).toEqual(['fail']);
    expect(hsts(COMPLIANT().replace(', stsIncludeSubdomains: true', '')).map((x) => [x.status, x.message.includes('lacks includeSubDomains')])).toEqual([['fail', true]]);
  });
  test('the headers middleware missing from the manifests: unknown', () => {
    const yaml = route(`  entryPoints: [websecure]
${ROUTES()}
  tls: {secretName: api-tls}`) + CERTIFICATE;
    expect(hsts(yaml).map((x) => x.status)).toEqual(['unknown']);
  });
  test('a customResponseHeaders Strict-Transport-Security: judged as a browser reads it (pass)', () => {
    const yaml = COMPLIANT().replace('{headers: {stsSeconds: 63072000, stsIncludeSubdomains: true}}', '{headers: {customResponseHeaders: {Strict-Transport-Security: "max-age=63072000; includeSubDomains"}}}');
    expect(hsts(yaml).map((x) => x.status)).toEqual(['pass']);
  });
  test('no spec.tls: a route that only redirects is not judged; plain HTTP only (static configuration) fails; not in the manifests, a pass is unknown', () => {
    expect(hsts(PLAIN('[{name: to-https}]') + REDIRECT())).toEqual([]);
    expect(hsts(PLAIN() + TRAEFIK()).map((x) => [x.status, /plain HTTP only/.test(x.message)])).toEqual([['fail', true]]);
    expect(hsts(PLAIN()).map((x) => x.status)).toEqual(['unknown']);
    expect(hsts(PLAIN(undefined, '[websecure]') + TRAEFIK()).map((x) => x.status)).toEqual(['pass']);
  });
});

describe('EDGE-CERTIFICATE-MANAGED (K8sIngressCertManager)', () => {
  const cert = (yaml: string) => run(yaml, 'K8sIngressCertManager');
  test('spec.tls.secretName without a Certificate: fail, though the IngressRoute carries a cert-manager annotation (ingress-shim does not read it)', () => {
    const yaml = COMPLIANT('traefik.io/v1alpha1').replace(CERTIFICATE, '').replace(`namespace: ${NS}}\nspec:\n  entryPoints`, `namespace: ${NS}, annotations: {cert-manager.io/cluster-issuer: letsencrypt-prod}}\nspec:\n  entryPoints`);
    const f = cert(yaml);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/not issued by cert-manager .*ingress-shim reads Ingresses and Gateways, not IngressRoutes/);
  });
  test('a certResolver: pass (Traefik\'s ACME renews); one the static configuration of the manifests does not define: fail', () => {
    const acme = COMPLIANT().replace('tls: {secretName: api-tls}', 'tls: {certResolver: le}');
    expect(cert(acme).map((x) => x.status)).toEqual(['pass']);
    expect(cert(acme + TRAEFIK(['--certificatesResolvers.le.acme.storage=/data/acme.json'])).map((x) => x.status)).toEqual(['pass']);
    expect(cert(acme + TRAEFIK()).map((x) => x.status)).toEqual(['fail']);
  });
  test('spec.tls without secretName or certResolver: unknown', () => {
    expect(cert(COMPLIANT().replace('tls: {secretName: api-tls}', 'tls: {}')).map((x) => x.status)).toEqual(['unknown']);
  });
  test('no spec.tls: the entry points decide: not in the manifests, unknown; web plain HTTP, not judged; websecure with its certResolver, judged as one', () => {
    expect(cert(PLAIN()).map((x) => x.status)).toEqual(['unknown']);
    expect(cert(PLAIN() + TRAEFIK())).toEqual([]);
    expect(cert(PLAIN(undefined, '[websecure]') + TRAEFIK()).map((x) => x.status)).toEqual(['unknown']);
    expect(cert(PLAIN(undefined, '[websecure]') + TRAEFIK(['--entryPoints.websecure.http.tls.certResolver=le', '--certificatesResolvers.le.acme.storage=/data/acme.json'])).map((x) => x.status)).toEqual(['pass']);
    expect(cert(PLAIN('[{name: to-https}]') + REDIRECT())).toEqual([]);
  });
});
