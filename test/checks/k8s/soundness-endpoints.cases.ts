/**
 * Kubernetes endpoints the rules do not read. The HTTPS, certificate and HSTS items were satisfied by an Ingress with
 * TLS while the same manifests exposed the app's pods on a LoadBalancer Service on port 80, or through a Gateway
 * API gateway, a Traefik IngressRoute or an OpenShift Route, none of which any rule reads. Now such an object
 * keeps those items unknown and is listed in `coverage.unreadKinds`; a LoadBalancer the cloud's annotation makes
 * internal, or one in front of an ingress controller's pods (the Ingresses it serves are read), does not.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { parseManifest } from './fixtures';

const WEB = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'k8s', 'compliant', 'web.yaml'), 'utf8');
const ITEMS = ['EDGE-HTTPS-LISTENER', 'EDGE-CERTIFICATE-MANAGED', 'HEADERS-HSTS'];
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const report = (yaml: string) => checks._evaluateLoaded({ templates: [], manifests: [{ file: 'web.yaml', documents: parseManifest(yaml) }], acks: [], lines: {} });
const statuses = (yaml: string) => ITEMS.map((i) => report(yaml).statusOf(i));

/** A Service of type LoadBalancer in the namespace of web.yaml, selecting `selector`. */
const loadBalancer = (selector: string, annotations = '') => `
---
apiVersion: v1
kind: Service
metadata:
  name: web-public
  namespace: shop
${annotations ? `  annotations: {${annotations}}` : ''}
spec:
  type: LoadBalancer
  selector: {${selector}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

const controller = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx}}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:d5f8217feeac4887cb1ed21f27c2674e58be06bd8f5184cacea2a69abaf78dce
`;

test('web.yaml (an Ingress with TLS, cert-manager and HSTS) satisfies the items: the base', () => {
  expect(statuses(WEB)).toEqual(['satisfied', 'satisfied', 'satisfied']);
  expect(report(WEB).coverage.unreadKinds).toEqual([]);
});

test('the app\'s pods also on a LoadBalancer Service on port 80: unknown, and the Service is listed', () => {
  const yaml = WEB + loadBalancer('app.kubernetes.io/name: web, app.kubernetes.io/instance: web');
  expect(statuses(yaml)).toEqual(['unknown', 'unknown', 'unknown']);
  expect(report(yaml).coverage.unreadKinds).toEqual(['web.yaml: Service/shop/web-public (k8s:Service/LoadBalancer: a Kubernetes endpoint no rule reads)']);
});

test.each([
  // The certificate item reads Gateways too (k8sedge3): one with a plain HTTP listener only has no certificate to manage
  // (as an Ingress without TLS), the HTTPS and HSTS items stay unknown.
  ['a Gateway API gateway', 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec:\n  gatewayClassName: eg\n  listeners: [{name: http, protocol: HTTP, port: 80}]\n', ['unknown', 'satisfied', 'unknown']],
  ['an OpenShift Route', 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec:\n  host: shop.example.com\n  to: {kind: Service, name: web}\n', ['unknown', 'unknown', 'unknown']],
])('beside %s: unknown', (_name, doc, expected) => {
  expect(statuses(`${WEB}\n---\n${doc}`)).toEqual(expected);
});

test('beside a Traefik IngressRoute on web without TLS: now read (soundness-traefik): HTTPS and certificate unknown (Traefik\'s static configuration decides what web serves), no HSTS fails', () => {
  const doc = 'apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  entryPoints: [web]\n  routes: [{match: "Host(`shop.example.com`)", kind: Rule, services: [{name: web, port: 80}]}]\n';
  expect(statuses(`${WEB}\n---\n${doc}`)).toEqual(['unknown', 'unknown', 'violated']);
  expect(report(`${WEB}\n---\n${doc}`).coverage.unreadKinds).toEqual([]);
});

test('an internal load balancer (the cloud\'s annotation) is not an endpoint of the items', () => {
  expect(statuses(WEB + loadBalancer('app.kubernetes.io/name: web', 'service.beta.kubernetes.io/aws-load-balancer-scheme: internal'))).toEqual(['satisfied', 'satisfied', 'satisfied']);
});

test('the ingress controller\'s own LoadBalancer Service: the Ingresses it serves are read', () => {
  expect(statuses(WEB + controller + loadBalancer('app.kubernetes.io/name: ingress-nginx'))).toEqual(['satisfied', 'satisfied', 'satisfied']);
  // One selecting the controller and an app pod alike is the app's endpoint too.
  const both = WEB + controller.replace('{app.kubernetes.io/name: ingress-nginx}}\n    spec', '{app.kubernetes.io/name: ingress-nginx, tier: edge}}\n    spec') + loadBalancer('tier: edge') +
    '\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: debug, namespace: shop, labels: {tier: edge}}\nspec:\n  containers: [{name: app, image: "nginx:1.27.3"}]\n';
  expect(statuses(both)).toEqual(['unknown', 'unknown', 'unknown']);
});

test('a LoadBalancer selecting pods the manifests do not hold is unknown', () => {
  expect(statuses(WEB + loadBalancer('app: elsewhere'))).toEqual(['unknown', 'unknown', 'unknown']);
});

/**
 * The controller is recognised by its published image, not by a name anyone may give an image: an app image named
 * `traefik` or `kong` in the app's own registry counted as an ingress controller, and the app's plain-HTTP load
 * balancer in front of it was set aside.
 */
test.each([
  ['registry.example.com/shop/traefik:2.1.0', 'unknown'],
  ['registry.example.com/shop/kong:1.4.2', 'unknown'],
  ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/kong@sha256:d5f8217feeac4887cb1ed21f27c2674e58be06bd8f5184cacea2a69abaf78dce', 'unknown'],
  ['registry.example.com/shop/nginx-ingress:3.0.0', 'unknown'],
  ['traefik:v3.2.1', 'satisfied'],
  ['docker.io/library/traefik:v3.2.1', 'satisfied'],
  ['kong:3.8.0', 'satisfied'],
  ['kong/kong-gateway:3.8.0.0', 'satisfied'],
  ['kong/kubernetes-ingress-controller:3.3.1', 'satisfied'],
  ['nginx/nginx-ingress:3.7.0', 'satisfied'],
  ['haproxytech/kubernetes-ingress:3.0.1', 'satisfied'],
  ['mirror.example.com/ingress-nginx/controller:v1.11.2', 'satisfied'],
])('a LoadBalancer in front of pods running %s: %s', (image, expected) => {
  const yaml = WEB + controller.replace(/image: .*/, `image: ${image}`) + loadBalancer('app.kubernetes.io/name: ingress-nginx');
  expect(statuses(yaml)).toEqual([expected, expected, expected]);
});
