/**
 * Kubernetes edge rules (k8sedge3):
 * - Traefik's kubernetescrd provider option defaultTLSResourcesNamespace (v3.7+): a TLSStore or TLSOption named
 *   default outside that namespace is ignored (Traefik docs, TLSStore / TLSOption in Kubernetes);
 * - conflicting TLS options: routers of one host name with different TLS options make Traefik fall back to the
 *   default TLS options (Traefik docs, TLS options: Conflicting TLS Options), or, with core.strictTLSOptions,
 *   disable the routers;
 * - EDGE-CERTIFICATE-MANAGED for Gateway API Gateways (cert-manager's gateway-shim, --enable-gateway-api).
 */
import { certManagerController, oneFinding, run } from './judged';
import { CHART_FLAGS, traefikDeployment } from './traefik-deployment';

const NS = 'payments';

/** An IngressRoute `name` for host `host` with spec.tls `tls` (YAML flow). */
const ROUTE = (name: string, host: string, tls: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(\`${host}\`) && PathPrefix(\`/${name}\`)
      kind: Rule
      services: [{name: api, port: 443}]
  tls: ${tls}
`;

/** A TLSOption `name` in `ns` with minVersion `min`. */
const OPTION = (name: string, ns: string, min: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata: {name: ${name}, namespace: ${ns}}
spec: {minVersion: ${min}}
`;

/** A TLSStore default in `ns` whose default certificate is Secret `secret`. */
const STORE = (ns: string, secret = 'wildcard-tls') => `
---
apiVersion: traefik.io/v1alpha1
kind: TLSStore
metadata: {name: default, namespace: ${ns}}
spec: {defaultCertificate: {secretName: ${secret}}}
`;

/** A Traefik Deployment with flags `extra` beside the chart's. */
const TRAEFIK = (extra: string[] = []) => traefikDeployment({ args: [...CHART_FLAGS, ...extra] });

const tls = (yaml: string) => run(yaml, 'K8sIngressTls').filter((f) => f.resource === `IngressRoute/${NS}/api`);
const oneTls = (yaml: string) => {
  const f = tls(yaml);
  expect(f).toHaveLength(1);
  return f[0];
};

describe('defaultTLSResourcesNamespace: TLSStore and TLSOption default outside it are ignored', () => {
  const noCert = ROUTE('api', 'api.pay.example.com', '{}');

  test('a TLSStore default outside the namespace no longer gives the route its certificate', () => {
    const f = oneTls(noCert + STORE('edge') + TRAEFIK(['--providers.kubernetesCRD.defaultTLSResourcesNamespace=traefik']));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/defaultTLSResourcesNamespace traefik .*ignore TLSStore edge\/default/);
    const c = run(noCert + STORE('edge') + TRAEFIK(['--providers.kubernetesCRD.defaultTLSResourcesNamespace=traefik']), 'K8sIngressCertManager').filter((x) => x.resource === `IngressRoute/${NS}/api`);
    expect(c.map((x) => x.status)).toEqual(['unknown']);
    expect(c[0].message).toMatch(/ignore TLSStore edge\/default/);
  });

  test('a TLSStore default in the namespace still passes (and one without the option anywhere)', () => {
    expect(oneTls(noCert + STORE('traefik') + TRAEFIK(['--providers.kubernetesCRD.defaultTLSResourcesNamespace=traefik'])).status).toBe('pass');
    expect(oneTls(noCert + STORE('edge') + TRAEFIK()).status).toBe('pass');
  });

  test('a TLSOption default outside the namespace is not the default options: the one inside decides', () => {
    const yaml = ROUTE('api', 'api.pay.example.com', '{secretName: api-tls}') + OPTION('default', 'edge', 'VersionTLS12') + OPTION('default', 'traefik', 'VersionTLS10')
      + TRAEFIK(['--providers.kubernetesCRD.defaultTLSResourcesNamespace=traefik']);
    const f = oneTls(yaml);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/TLSOption traefik\/default .*VersionTLS10/);
  });

  test('instances that disagree on the namespace leave the default options open', () => {
    const yaml = ROUTE('api', 'api.pay.example.com', '{secretName: api-tls}') + OPTION('default', 'edge', 'VersionTLS12')
      + TRAEFIK(['--providers.kubernetesCRD.defaultTLSResourcesNamespace=traefik']) + TRAEFIK().replace('name: traefik, namespace: traefik', 'name: traefik2, namespace: traefik');
    const f = oneTls(yaml);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/defaultTLSResourcesNamespace differently/);
  });
});

describe('conflicting TLS options on one host name', () => {
  const modern = OPTION('modern', NS, 'VersionTLS12');
  const own = ROUTE('api', 'api.pay.example.com', `{secretName: api-tls, options: {name: modern}}`);

  test('another router of the host with other options: the default options (TLS 1.0) may apply, unknown naming it', () => {
    const f = oneTls(own + modern + ROUTE('admin', 'api.pay.example.com', '{secretName: api-tls}') + OPTION('default', 'traefik', 'VersionTLS10'));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/IngressRoute payments\/admin also routes host api\.pay\.example\.com with TLS options default .*Conflicting TLS Options.*VersionTLS10/);
  });

  test('an Ingress Traefik serves for the host with other options conflicts too', () => {
    const ingress = `
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: ${NS}}
spec:
  ingressClassName: traefik
  tls: [{hosts: [api.pay.example.com], secretName: api-tls}]
  rules: [{host: API.pay.example.com, http: {paths: [{path: /web, pathType: Prefix, backend: {service: {name: api, port: {number: 443}}}}]}}]
`;
    const f = oneTls(own + modern + ingress + OPTION('default', 'traefik', 'VersionTLS11'));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/Ingress payments\/web also routes host api\.pay\.example\.com/);
  });

  test('the Ingress side: an Ingress naming options, with an IngressRoute of the host with none', () => {
    const ingress = `
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ${NS}
  annotations: {traefik.ingress.kubernetes.io/router.tls.options: payments-modern@kubernetescrd}
spec:
  ingressClassName: traefik
  tls: [{hosts: [api.pay.example.com], secretName: api-tls}]
  rules: [{host: api.pay.example.com, http: {paths: [{path: /web, pathType: Prefix, backend: {service: {name: api, port: {number: 443}}}}]}}]
`;
    const yaml = ingress + modern + ROUTE('api', 'api.pay.example.com', '{secretName: api-tls}') + OPTION('default', 'traefik', 'VersionTLS10');
    const f = run(yaml, 'K8sIngressTls').filter((x) => x.resource === `Ingress/${NS}/web`);
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/IngressRoute payments\/api also routes host api\.pay\.example\.com with TLS options default/);
  });

  test('core.strictTLSOptions: the routers are disabled, unknown', () => {
    const f = oneTls(own + modern + ROUTE('admin', 'api.pay.example.com', '{secretName: api-tls}') + TRAEFIK(['--core.strictTLSOptions=true']));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/core\.strictTLSOptions true .*disables the routers/);
  });

  test('stays a pass: default options that pass too, same options, other hosts', () => {
    const pass1 = oneTls(own + modern + ROUTE('admin', 'api.pay.example.com', '{secretName: api-tls}'));
    expect(pass1.status).toBe('pass');
    expect(pass1.message).toMatch(/may fall back to .*which pass too/);
    expect(oneTls(own + modern + ROUTE('admin', 'api.pay.example.com', '{secretName: api-tls, options: {name: modern}}') + OPTION('default', 'traefik', 'VersionTLS10')).status).toBe('pass');
    expect(oneTls(own + modern + ROUTE('admin', 'admin.pay.example.com', '{secretName: api-tls}') + OPTION('default', 'traefik', 'VersionTLS10')).status).toBe('pass');
  });
});

describe('EDGE-CERTIFICATE-MANAGED for Gateway API Gateways', () => {
  const GATEWAY = (annotations: string, listener = 'hostname: shop.example.com') => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
  namespace: store
${annotations ? `  annotations: {${annotations}}\n` : ''}spec:
  gatewayClassName: eg
  listeners:
    - {name: http, protocol: HTTP, port: 80, hostname: shop.example.com}
    - name: https
      protocol: HTTPS
      port: 443
      ${listener}
      tls: {mode: Terminate, certificateRefs: [{kind: Secret, name: web-tls}]}
`;
  const CERT = `
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: web, namespace: store}
spec: {secretName: web-tls, dnsNames: [shop.example.com], issuerRef: {name: letsencrypt, kind: ClusterIssuer}}
`;
  const CERT_MANAGER = (args: string[]) => certManagerController(args.map((a) => JSON.stringify(a)).join(', '));
  const cert = (yaml: string) => oneFinding(yaml, 'K8sIngressCertManager');

  test('an unmanaged listener Secret fails (it was not judged)', () => {
    const f = cert(GATEWAY(''));
    expect(f.resource).toBe('Gateway/store/shop');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/TLS Secret store\/web-tls of listener https .*not issued by cert-manager/);
  });

  test('a Certificate of the manifests writing the Secret passes', () => {
    const f = cert(GATEWAY('') + CERT);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/Certificate store\/web \(issuer letsencrypt\) writes store\/web-tls/);
  });

  test('the issuer annotation: gateway-shim needs --enable-gateway-api', () => {
    const a = 'cert-manager.io/cluster-issuer: letsencrypt';
    const open = cert(GATEWAY(a));
    expect(open.status).toBe('unknown');
    expect(open.message).toMatch(/--enable-gateway-api.*no cert-manager controller is in the manifests/);
    const off = cert(GATEWAY(a) + CERT_MANAGER(['--v=2']));
    expect(off.status).toBe('fail');
    expect(off.message).toMatch(/does not enable it/);
    const on = cert(GATEWAY(a) + CERT_MANAGER(['--v=2', '--enable-gateway-api']));
    expect(on.status).toBe('pass');
    expect(on.message).toMatch(/gateway-shim issues and renews store\/web-tls/);
  });

  test('the shim issues nothing for a listener without hostname', () => {
    const f = cert(GATEWAY('cert-manager.io/issuer: ca', '') + CERT_MANAGER(['--enable-gateway-api=true']));
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/has no hostname/);
  });
});
