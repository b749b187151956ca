/**
 * k8scert: which certificate is issued and served (EDGE-CERTIFICATE-MANAGED, K8sIngressCertManager).
 * - cert-manager's ingress-shim and gateway-shim refuse annotations they cannot resolve to one issuer (both issuer
 *   annotations, cluster-issuer with issuer-kind/group, an empty name), read `kubernetes.io/tls-acme` with the
 *   controller's default issuer (Ingresses only), and skip a Gateway listener as a whole when one of its
 *   certificateRefs is of another namespace or kind (pkg/controller/certificate-shim sync.go); a controller run with
 *   `--controllers` leaving a shim out runs without it.
 * - Traefik serves, for a TLS connection, the certificate of its TLS store whose names match the SNI, not the
 *   router's own (pkg/tls certificate_store.go GetBestCertificate).
 */
import { certManagerController, run } from './judged';

const RULE = 'K8sIngressCertManager';
const statusesOf = (yaml: string) => run(yaml, RULE).map((f) => f.status);

/** An Ingress `web` of namespace shop (class `cls`), host shop.example.com, Secret web-tls; `annotations`: YAML flow entries. */
const INGRESS = (annotations: string, cls = 'nginx') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {${annotations}}
spec:
  ingressClassName: ${cls}
  tls: [{hosts: [shop.example.com], secretName: web-tls}]
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;

/** The cert-manager controller Deployment with `args` (YAML flow list entries). */
const CONTROLLER = certManagerController;

describe('k8scert: ingress-shim annotations', () => {
  test('both cert-manager.io/issuer and cluster-issuer: the shim refuses the Ingress (fail, was passed)', () => {
    const f = run(INGRESS('"cert-manager.io/issuer": shop-ca, "cert-manager.io/cluster-issuer": letsencrypt'), RULE);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/both cert-manager.io\/issuer and cert-manager.io\/cluster-issuer/);
  });

  test('cluster-issuer with issuer-kind: refused (fail, was passed); issuer with issuer-kind (an external issuer) passes', () => {
    expect(statusesOf(INGRESS('"cert-manager.io/cluster-issuer": letsencrypt, "cert-manager.io/issuer-kind": AWSPCAClusterIssuer'))).toEqual(['fail']);
    expect(statusesOf(INGRESS('"cert-manager.io/cluster-issuer": letsencrypt, "cert-manager.io/issuer-group": awspca.cert-manager.io'))).toEqual(['fail']);
    expect(statusesOf(INGRESS('"cert-manager.io/issuer": pca, "cert-manager.io/issuer-kind": AWSPCAIssuer, "cert-manager.io/issuer-group": awspca.cert-manager.io'))).toEqual(['pass']);
  });

  test('kubernetes.io/tls-acme with a controller default issuer passes (was failed); without one fails; no controller in the manifests: unknown', () => {
    const acme = INGRESS('"kubernetes.io/tls-acme": "true"');
    expect(statusesOf(acme + CONTROLLER('--v=2, --default-issuer-name=letsencrypt-prod, --default-issuer-kind=ClusterIssuer'))).toEqual(['pass']);
    expect(statusesOf(acme + CONTROLLER('--v=2, --cluster-resource-namespace=$(POD_NAMESPACE)'))).toEqual(['fail']);
    expect(statusesOf(acme)).toEqual(['unknown']);
    // The controller reads other auto-certificate annotations only: tls-acme asks nothing.
    expect(statusesOf(acme + CONTROLLER('--default-issuer-name=letsencrypt-prod, --auto-certificate-annotations=example.com/auto-tls'))).toEqual(['fail']);
    expect(statusesOf(INGRESS('"kubernetes.io/tls-acme": "false"') + CONTROLLER('--default-issuer-name=letsencrypt-prod'))).toEqual(['fail']);
  });

  test('a controller run without its ingress-shim (--controllers): an annotated Ingress fails (was passed)', () => {
    const ing = INGRESS('"cert-manager.io/cluster-issuer": letsencrypt');
    expect(statusesOf(ing + CONTROLLER('"--controllers=*,-ingress-shim"'))).toEqual(['fail']);
    expect(statusesOf(ing + CONTROLLER('"--controllers=issuers,clusterissuers,certificates-trigger,certificates-issuing"'))).toEqual(['fail']);
    expect(statusesOf(ing + CONTROLLER('"--controllers=*"'))).toEqual(['pass']);
  });

  test('a Certificate of the manifests named as the Secret but writing another: the shim does not take it over (fail, was passed)', () => {
    const other = `
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: web-tls, namespace: shop}
spec:
  secretName: web-tls-v2
  dnsNames: [shop.example.com]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
`;
    const f = run(INGRESS('"cert-manager.io/cluster-issuer": letsencrypt') + other, RULE);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/refuses to update it/);
  });
});

/** A Gateway `edge` of namespace infra, annotated with `annotations`, one HTTPS listener `https` with `refs` (YAML flow list) and `hostname` unless ''. */
const GATEWAY = (annotations: string, refs: string, hostname = 'shop.example.com') => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
  annotations: {${annotations}}
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      protocol: HTTPS
      port: 443
${hostname ? `      hostname: ${hostname}\n` : ''}      tls: {mode: Terminate, certificateRefs: ${refs}}
    - name: passthrough
      protocol: TLS
      port: 8443
      hostname: db.example.com
      tls: {mode: Passthrough}
`;
const ON = CONTROLLER('--enable-gateway-api');

describe('k8scert: gateway-shim', () => {
  test('a certificateRef of another namespace: the shim skips the listener (fail, was unknown)', () => {
    const f = run(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt', '[{name: shop-tls, namespace: certs}]') + ON, RULE);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/cross-namespace secret references are not allowed/);
  });

  test('one listener with a Secret of its namespace and one of another: the shim skips both (fail, was passed)', () => {
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt', '[{name: shop-tls}, {name: shop-tls, namespace: certs}]') + ON)).toEqual(['fail', 'fail']);
    // The namespace written as the Gateway's own is not cross-namespace.
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt', '[{name: shop-tls, namespace: infra}]') + ON)).toEqual(['pass']);
  });

  test('issuer annotations the shim refuses: both set, or an empty name (fail, was passed)', () => {
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt, "cert-manager.io/issuer": infra-ca', '[{name: shop-tls}]') + ON)).toEqual(['fail']);
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": ""', '[{name: shop-tls}]') + ON)).toEqual(['fail']);
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt', '[{name: shop-tls}]') + ON)).toEqual(['pass']);
  });

  test('--enable-gateway-api with --controllers=*,-gateway-shim: the shim does not run (fail, was passed)', () => {
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt', '[{name: shop-tls}]') + CONTROLLER('--enable-gateway-api, "--controllers=*,-gateway-shim"'))).toEqual(['fail']);
  });

  test('tls-acme does not ask the gateway-shim for anything; a listener without hostname gets nothing (fail)', () => {
    expect(statusesOf(GATEWAY('"kubernetes.io/tls-acme": "true"', '[{name: shop-tls}]') + CONTROLLER('--enable-gateway-api, --default-issuer-name=letsencrypt'))).toEqual(['fail']);
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt', '[{name: shop-tls}]', '') + ON)).toEqual(['fail']);
  });
});

/** A Traefik IngressRoute `name` of namespace shop for `host`, with spec.tls.secretName `secret`. */
const ROUTE = (name: string, host: string, secret: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: ${name}, namespace: shop}
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(\`${host}\`)
      kind: Rule
      services: [{name: ${name}, port: 80}]
  tls: {secretName: ${secret}}
`;

/** A cert-manager Certificate of namespace shop writing `secret` for `names`. */
const CERT = (secret: string, names: string) => `
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: ${secret}, namespace: shop}
spec:
  secretName: ${secret}
  dnsNames: [${names}]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
`;

/** The statuses of the findings on objects other than IngressRoute `other` (a pass lands on the Certificate that writes the Secret). */
const besides = (yaml: string, other: string) => run(yaml, RULE).filter((f) => f.resource !== other).map((f) => f.status);
const onRoute = (yaml: string, name: string) => run(yaml, RULE).filter((f) => f.resource === name).map((f) => f.status);

describe('k8scert: Traefik serves the store certificate that matches the SNI', () => {
  test('another IngressRoute adds a static Secret for the same host: the managed route is unknown (was passed)', () => {
    const yaml = ROUTE('shop', 'shop.example.com', 'shop-tls') + CERT('shop-tls', 'shop.example.com') + ROUTE('legacy', 'shop.example.com', 'legacy-tls');
    const f = run(yaml, RULE).filter((x) => x.resource === 'IngressRoute/shop/shop');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/IngressRoute shop\/legacy adds Secret shop\/legacy-tls for host shop.example.com/);
    expect(onRoute(yaml, 'IngressRoute/shop/legacy')).toEqual(['fail']);
  });

  test('a static Secret for another host, or a managed one for the same host: the route passes', () => {
    expect(besides(ROUTE('shop', 'shop.example.com', 'shop-tls') + CERT('shop-tls', 'shop.example.com') + ROUTE('blog', 'blog.example.com', 'blog-tls'), 'IngressRoute/shop/blog')).toEqual(['pass']);
    expect(besides(ROUTE('shop', 'shop.example.com', 'shop-tls') + CERT('shop-tls', 'shop.example.com') + ROUTE('other', 'shop.example.com', 'other-tls') + CERT('other-tls', 'shop.example.com'), 'IngressRoute/shop/other')).toEqual(['pass', 'pass']);
  });

  test('a static wildcard Secret: an exact name of the managed Certificate outranks it (pass); a wildcard one ties (unknown)', () => {
    const wild = ROUTE('wild', '*.example.com', 'wild-tls');
    expect(besides(ROUTE('shop', 'shop.example.com', 'shop-tls') + CERT('shop-tls', 'shop.example.com') + wild, 'IngressRoute/shop/wild')).toEqual(['pass']);
    expect(besides(ROUTE('shop', 'shop.example.com', 'shop-tls') + CERT('shop-tls', '"*.example.com"') + wild, 'IngressRoute/shop/wild')).toEqual(['unknown']);
  });

  test('a static Secret of a route that names no host (a path only): its names are not in the manifests (unknown, was passed)', () => {
    const pathOnly = ROUTE('api', 'x', 'api-tls').replace('Host(`x`)', 'PathPrefix(`/api`)');
    expect(besides(ROUTE('shop', 'shop.example.com', 'shop-tls') + CERT('shop-tls', 'shop.example.com') + pathOnly, 'IngressRoute/shop/api')).toEqual(['unknown']);
  });

  test('a TLSStore spec.certificates Secret of unknown names: unknown', () => {
    const store = `
---
apiVersion: traefik.io/v1alpha1
kind: TLSStore
metadata: {name: default, namespace: shop}
spec:
  certificates: [{secretName: imported-tls}]
`;
    expect(onRoute(ROUTE('shop', 'shop.example.com', 'shop-tls') + CERT('shop-tls', 'shop.example.com') + store, 'IngressRoute/shop/shop')).toEqual(['unknown']);
  });

  test('a Traefik Ingress with a cluster-issuer and an IngressRouteTCP with a static Secret for its host: unknown (was passed)', () => {
    const tcp = `
---
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata: {name: shop-tcp, namespace: shop}
spec:
  entryPoints: [websecure]
  routes:
    - match: HostSNI(\`shop.example.com\`)
      services: [{name: shop-tcp, port: 9000}]
  tls: {secretName: shop-static}
`;
    const ing = INGRESS('"cert-manager.io/cluster-issuer": letsencrypt', 'traefik');
    expect(onRoute(ing, 'Ingress/shop/web')).toEqual(['pass']);
    expect(onRoute(ing + tcp, 'Ingress/shop/web')).toEqual(['unknown']);
    // ingress-shim issues shop.example.com exactly: a static wildcard Secret ranks below it.
    expect(onRoute(ing + ROUTE('wild', '*.example.com', 'wild-tls'), 'Ingress/shop/web')).toEqual(['pass']);
  });

  test('an ACME certResolver route: Traefik requests no certificate for a name a store certificate covers (unknown, was passed)', () => {
    const acme = `
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: shop, namespace: shop}
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(\`shop.example.com\`)
      kind: Rule
      services: [{name: shop, port: 80}]
  tls: {certResolver: letsencrypt}
`;
    const store = (secret: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: TLSStore
metadata: {name: default, namespace: shop}
spec:
  defaultCertificate: {secretName: ${secret}}
`;
    expect(onRoute(acme, 'IngressRoute/shop/shop')).toEqual(['pass']);
    expect(onRoute(acme + ROUTE('wild', '*.example.com', 'wild-tls'), 'IngressRoute/shop/shop')).toEqual(['unknown']);
    expect(onRoute(acme + ROUTE('blog', 'blog.example.com', 'blog-tls'), 'IngressRoute/shop/shop')).toEqual(['pass']);
    expect(onRoute(acme + store('default-tls'), 'IngressRoute/shop/shop')).toEqual(['unknown']);
    expect(onRoute(acme + store('default-tls') + CERT('default-tls', '"*.example.com"'), 'IngressRoute/shop/shop')).toEqual(['pass']);
  });
});

describe('k8scert: listeners the gateway-shim is told to ignore', () => {
  // cert-manager v1.21 (cert-manager#8727) skips the listeners a Gateway's ignore-tls-listeners annotation names (a
  // comma-separated list of listener names); its code and its release note name the key differently
  // (acme.cert-manager.io/ vs cert-manager.io/), and earlier versions ignore it: a listener it names is unknown.
  test.each(['acme.cert-manager.io/ignore-tls-listeners', 'cert-manager.io/ignore-tls-listeners'])('%s naming the listener: unknown (was passed)', (key) => {
    const f = run(GATEWAY(`"cert-manager.io/cluster-issuer": letsencrypt, "${key}": "grpc, https"`, '[{name: shop-tls}]') + ON, RULE);
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/ignore-tls-listeners annotation names listener https/);
  });

  test('naming other listeners only: pass', () => {
    expect(statusesOf(GATEWAY('"cert-manager.io/cluster-issuer": letsencrypt, "cert-manager.io/ignore-tls-listeners": "grpc"', '[{name: shop-tls}]') + ON)).toEqual(['pass']);
  });
});
