import { imageVersionDoubt, unpinnedImageReason } from '../../../lib/checklist/policy/image';
import { judged, statuses as awsStatuses } from '../aws/judged';
import { controllerDeployment, deployment, ingressManifest, run, statuses } from './judged';

/**
 * Soundness of the Kubernetes rules, third pass: a per-Ingress setting the
 * controller ignores unless its own ConfigMap allows it, and image tags that
 * name no single version, must not pass; the compliant form of each still passes.
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const HSTS = 'max-age=31536000; includeSubDomains';
/** The IngressClass nginx as each controller's chart installs it: class nginx alone may be either (K8sIngressHsts). */
const ingressClassNginx = (controller: string) => `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: ${controller}}
`;
const INGRESS_NGINX_CLASS = ingressClassNginx('k8s.io/ingress-nginx');
const NGINX_INC_CLASS = ingressClassNginx('nginx.org/ingress-controller');

describe('K8sIngressHsts: snippet annotations that ingress-nginx ignores unless its ConfigMap allows them', () => {
  const ingress = (annotations: Record<string, string>, className = 'nginx') => ingressManifest({ annotations, spec: `  ingressClassName: ${className}` });
  const controllerConfig = (data: Record<string, string>, name = 'ingress-nginx-controller') => `
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
data:
${Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n') || '  {}'}
`.replace('data:\n  {}', 'data: {}');
  const snippet = { 'nginx.ingress.kubernetes.io/configuration-snippet': `more_set_headers "Strict-Transport-Security: ${HSTS}";` };
  const serverSnippet = { 'nginx.ingress.kubernetes.io/server-snippet': `add_header Strict-Transport-Security "${HSTS}" always;` };

  test('a configuration snippet with no controller ConfigMap in the manifests: unknown, naming allow-snippet-annotations', () => {
    for (const a of [snippet, serverSnippet]) {
      const f = run(ingress(a), 'K8sIngressHsts');
      expect(f.map((x) => x.status)).toEqual(['unknown']);
      expect(f[0].message).toContain('allow-snippet-annotations');
      expect(f[0].message).toContain('annotations-risk-level');
    }
  });

  test('the controller ConfigMap sets allow-snippet-annotations "false" (or leaves it at its default, false since 1.9): fail', () => {
    for (const data of [{ 'allow-snippet-annotations': 'false' }, { 'allow-snippet-annotations': 'false', 'annotations-risk-level': 'Critical' }, { 'annotations-risk-level': 'Critical' }] as Record<string, string>[]) {
      const f = run(set(ingress(snippet), controllerConfig(data)), 'K8sIngressHsts');
      expect([data, f.map((x) => x.status)]).toEqual([data, ['fail']]);
      expect(f[0].message).toContain('allow-snippet-annotations');
      expect(f[0].message).toContain('ConfigMap ingress-nginx/ingress-nginx-controller');
    }
  });

  test('allow-snippet-annotations "true" but annotations-risk-level below Critical: the snippet is dropped: fail', () => {
    const f = run(set(ingress(serverSnippet), controllerConfig({ 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'High' })), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toContain('annotations-risk-level High');
  });

  test('allow-snippet-annotations "true" without annotations-risk-level: the controller version decides (High since 1.12): unknown', () => {
    const f = run(set(ingress(snippet), controllerConfig({ 'allow-snippet-annotations': 'true' })), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toContain('annotations-risk-level');
  });

  test('two controller ConfigMaps that disagree: which controller serves the Ingress decides: unknown', () => {
    const f = run(set(ingress(snippet),
      controllerConfig({ 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' }),
      controllerConfig({ 'allow-snippet-annotations': 'false' }, 'internal-controller')), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    // two that agree decide it
    expect(statuses(set(ingress(snippet), controllerConfig({ 'allow-snippet-annotations': 'false' }),
      controllerConfig({ 'allow-snippet-annotations': 'false' }, 'internal-controller')), 'K8sIngressHsts')).toEqual(['fail']);
  });

  test('the ConfigMap named by the controller\'s --configmap flag counts even without the snippet keys (default: false)', () => {
    const controller = controllerDeployment('ingress-nginx-controller', 'ingress-nginx', 'registry.k8s.io/ingress-nginx/controller:v1.12.1', '[/nginx-ingress-controller, --configmap=$(POD_NAMESPACE)/nginx-config]');
    const plain = `
apiVersion: v1
kind: ConfigMap
metadata: {name: nginx-config, namespace: ingress-nginx}
data: {use-forwarded-headers: "true"}
`;
    const f = run(set(ingress(snippet), controller, plain), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toContain('ConfigMap ingress-nginx/nginx-config');
  });

  test('compliant: allow-snippet-annotations "true" and annotations-risk-level Critical: the snippet is judged and passes', () => {
    for (const a of [snippet, serverSnippet]) {
      const f = run(set(ingress(a), controllerConfig({ 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' }), INGRESS_NGINX_CLASS), 'K8sIngressHsts');
      expect(f.map((x) => [x.status, x.value])).toEqual([['pass', HSTS]]);
    }
    // ... and a short max-age in an allowed snippet still fails on its value.
    const short = { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "Strict-Transport-Security: max-age=300; includeSubDomains";' };
    expect(statuses(set(ingress(short), controllerConfig({ 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' })), 'K8sIngressHsts')).toEqual(['fail']);
  });

  test('NGINX Inc. nginx.org/hsts needs no snippet permission: still passes', () => {
    expect(statuses(set(ingress({ 'nginx.org/hsts': 'true', 'nginx.org/hsts-max-age': '31536000', 'nginx.org/hsts-include-subdomains': 'true' }), NGINX_INC_CLASS), 'K8sIngressHsts')).toEqual(['pass']);
  });
});

describe('K8sIngressHsts: ingress-nginx custom-headers need the controller to allow each header', () => {
  // ingress-nginx (internal/ingress/annotations/customheaders) denies the location (503) unless every header of the
  // referenced ConfigMap is listed in the controller ConfigMap's global-allowed-response-headers (default empty).
  const ingress = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {nginx.ingress.kubernetes.io/custom-headers: shop/web-headers}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: web-tls}]
  rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`;
  const headers = (extra = '') => `
apiVersion: v1
kind: ConfigMap
metadata: {name: web-headers, namespace: shop}
data: {Strict-Transport-Security: "${HSTS}"${extra}}
`;
  const controller = (allowed?: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data: {${allowed === undefined ? 'use-forwarded-headers: "false", allow-snippet-annotations: "false"' : `global-allowed-response-headers: "${allowed}"`}}
`;

  test('no controller ConfigMap in the manifests: unknown, naming the setting (was a pass)', () => {
    const f = run(set(ingress, headers()), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/global-allowed-response-headers .*Strict-Transport-Security.*503/);
  });

  test('a controller ConfigMap that does not list the header (or lists none): fail (was a pass)', () => {
    expect(statuses(set(ingress, headers(), controller('X-Frame-Options')), 'K8sIngressHsts')).toEqual(['fail']);
    const f = run(set(ingress, headers(), controller()), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/does not list Strict-Transport-Security in global-allowed-response-headers \(empty\)/);
  });

  test('another header of the ConfigMap not listed: the controller refuses them all, fail (was a pass)', () => {
    const f = run(set(ingress, headers(', X-Powered-By: "shop"'), controller('Strict-Transport-Security')), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/does not list X-Powered-By/);
  });

  test('the name listed in another case: the controller compares as written, fail', () => {
    expect(statuses(set(ingress, headers(), controller('strict-transport-security')), 'K8sIngressHsts')).toEqual(['fail']);
  });

  test('compliant: every header listed (spaces after commas allowed): pass', () => {
    expect(statuses(set(ingress, headers(', X-Frame-Options: DENY'), controller('X-Frame-Options, Strict-Transport-Security'), INGRESS_NGINX_CLASS), 'K8sIngressHsts')).toEqual(['pass']);
  });
});

describe('K8sIngressHsts: NGINX Inc. (nginx.org/hsts*) settings the controller does not apply as written', () => {
  const ingress = (annotations: Record<string, string>, name = 'web', host = 'shop.example.com') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
  annotations:
${Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}
spec:
  ingressClassName: nginx
  tls: [{hosts: [${host}], secretName: web-tls}]
  rules: [{host: ${host}, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`;
  const full = { 'nginx.org/hsts': 'true', 'nginx.org/hsts-max-age': '31536000', 'nginx.org/hsts-include-subdomains': 'true' };

  test('hsts-include-subdomains unset: the controller\'s default is False, so includeSubDomains is not sent: fail', () => {
    const f = run(ingress({ 'nginx.org/hsts': 'true', 'nginx.org/hsts-max-age': '31536000' }), 'K8sIngressHsts');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toContain('includeSubDomains');
  });

  test('a max-age or include-subdomains the controller cannot parse makes it skip every HSTS annotation: fail', () => {
    for (const bad of [{ 'nginx.org/hsts-max-age': '31536000s' }, { 'nginx.org/hsts-max-age': '1y' }, { 'nginx.org/hsts-include-subdomains': 'yes' }]) {
      const f = run(ingress({ ...full, ...bad }), 'K8sIngressHsts');
      expect([bad, f.map((x) => x.status)]).toEqual([bad, ['fail']]);
      expect(f[0].message).toContain('cannot parse');
    }
  });

  test('a mergeable minion\'s own nginx.org/hsts is ignored: the master\'s settings apply', () => {
    const minion = ingress({ ...full, 'nginx.org/mergeable-ingress-type': 'minion' }, 'web-api');
    const master = (a: Record<string, string>) => ingress({ ...a, 'nginx.org/mergeable-ingress-type': 'master' }, 'web-master');
    // the master in the manifests sends no HSTS: fail
    const f = run(set(minion, master({})), 'K8sIngressHsts').filter((x) => x.resource === 'Ingress/shop/web-api');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toContain('minion');
    // the master is not in the manifests: unknown
    expect(statuses(minion, 'K8sIngressHsts')).toEqual(['unknown']);
    // the master sends it: pass
    expect(run(set(minion, master(full), NGINX_INC_CLASS), 'K8sIngressHsts').filter((x) => x.resource === 'Ingress/shop/web-api').map((x) => x.status)).toEqual(['pass']);
  });

  test('compliant: "True" and "1" are booleans to the controller (strconv.ParseBool): pass', () => {
    expect(statuses(set(ingress({ 'nginx.org/hsts': 'True', 'nginx.org/hsts-max-age': '31536000', 'nginx.org/hsts-include-subdomains': 'True' }), NGINX_INC_CLASS), 'K8sIngressHsts')).toEqual(['pass']);
    expect(statuses(set(ingress({ 'nginx.org/hsts': '1', 'nginx.org/hsts-max-age': '63072000', 'nginx.org/hsts-include-subdomains': '1' }), NGINX_INC_CLASS), 'K8sIngressHsts')).toEqual(['pass']);
  });
});

describe('K8sPinnedImage: tags that name no single version', () => {
  const pod = (image: string) => deployment({ image: JSON.stringify(image) });

  test('a tag with no version number in it (a channel, a branch, a variant): fail', () => {
    for (const tag of ['stable', 'lts', 'edge', 'main', 'master', 'nightly', 'current', 'mainline', 'rolling', 'alpine', 'slim', 'bookworm', 'stable-alpine', 'lts-alpine3.19', 'mainline-alpine3.18-perl']) {
      const f = run(pod(`docker.io/library/nginx:${tag}`), 'K8sPinnedImage');
      expect([tag, f.map((x) => x.status)]).toEqual([tag, ['fail']]);
      expect(f[0].message).toContain(`tag '${tag}'`);
    }
  });

  test('a major version only (16, 3, v2, 20-bookworm-slim) moves with every minor release: fail', () => {
    for (const tag of ['16', '3', 'v2', '16-alpine', '20-bookworm-slim']) {
      const f = run(pod(`postgres:${tag}`), 'K8sPinnedImage');
      expect([tag, f.map((x) => x.status)]).toEqual([tag, ['fail']]);
      expect(f[0].message).toContain('major version');
    }
  });

  test('major.minor (1.25, 3.12-slim): a release line for most publishers, a release for some: unknown', () => {
    for (const tag of ['1.25', '3.12-slim', 'v2.4']) {
      const f = run(pod(`nginx:${tag}`), 'K8sPinnedImage');
      expect([tag, f.map((x) => x.status)]).toEqual([tag, ['unknown']]);
      expect(f[0].message).toContain('major.minor');
    }
  });

  test('compliant: a full version, a build or date, a commit, a digest: pass', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    for (const image of ['nginx:1.27.3', 'ghcr.io/acme/web:v2.4.1-alpine', 'redis:7.2.5-alpine', 'ghcr.io/acme/web:1.0.0-rc.1', 'ghcr.io/acme/web:20240115',
      'ghcr.io/acme/web:nightly-2024-01-15', 'ghcr.io/acme/web:main-3f2a9c1', 'ghcr.io/acme/web:sha-3f2a9c1', 'ghcr.io/acme/web:build-4711',
      `nginx:stable@${digest}`, `postgres:16@${digest}`, `registry.local:5000/acme/web:2.0.1`]) {
      expect([image, statuses(pod(image), 'K8sPinnedImage')]).toEqual([image, ['pass']]);
    }
  });
});

describe('the shared image words (lib/checklist/policy/image.ts): the constructs and the ECS rule agree', () => {
  test('unpinnedImageReason (WorkloadImage and the ECS construct refuse what it names) and imageVersionDoubt', () => {
    expect(unpinnedImageReason('nginx:stable')).toContain('no version number');
    expect(unpinnedImageReason('node:20-bookworm-slim')).toContain('major version (20)');
    expect(unpinnedImageReason('nginx:1.25')).toBeUndefined();
    expect(imageVersionDoubt('nginx:1.25')).toContain('major.minor');
    expect(imageVersionDoubt('public.ecr.aws/docker/library/busybox:1.36')).toContain('major.minor');
    for (const ok of ['nginx:1.27.3', 'ghcr.io/acme/web:v2.4.1-alpine', `web:1.25@sha256:${'0'.repeat(64)}`]) {
      expect([ok, unpinnedImageReason(ok), imageVersionDoubt(ok)]).toEqual([ok, undefined, undefined]);
    }
  });

  test('EcsImageImmutable: a channel or major-only tag fails in any registry (as K8sPinnedImage); a full version outside the template is unknown', () => {
    const task = (image: string) => ({
      Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'web', Image: image }] } },
    });
    for (const image of ['nginx:stable', 'postgres:16']) {
      expect([image, awsStatuses(judged('EcsImageImmutable', task(image)))]).toEqual([image, ['fail']]);
    }
    expect(awsStatuses(judged('EcsImageImmutable', task('nginx:1.27.3')))).toEqual(['unknown']);
  });
});
