/** What the Kubernetes soundness tests ask of one manifest: a rule's findings. */
import { GoLiveChecks } from '../../../lib';
import { parseManifest } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** The whole report on a manifest (one or more YAML documents) in file `case.yaml`. */
export const reportOf = (yaml: string) => checks._evaluateLoaded({ templates: [], manifests: [{ file: 'case.yaml', documents: parseManifest(yaml) }], acks: [], lines: {} });

/** One rule's findings on a manifest (one or more YAML documents). */
export function run(yaml: string, ruleId: string) {
  return reportOf(yaml).findings.filter((f) => f.ruleId === ruleId);
}

/** The statuses of one rule's findings on a manifest, in order. */
export const statuses = (yaml: string, ruleId: string) => run(yaml, ruleId).map((f) => f.status);

/** The one finding of a rule on the manifests (the test fails when there is not exactly one). */
export function oneFinding(yaml: string, ruleId: string) {
  const f = run(yaml, ruleId);
  expect(f).toHaveLength(1);
  return f[0];
}

/**
 * A Deployment of one container `web` (image nginx:1.25.3 unless `image`), 3 replicas unless `replicas`: `podMeta`,
 * `podSpec` and `container` are YAML lines added under the pod's metadata, the pod spec and the container.
 */
export const deployment = (opts: { name?: string; namespace?: string; replicas?: string; podSpec?: string; podMeta?: string; container?: string; containerName?: string; image?: string } = {}) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${opts.name ?? 'web'}${opts.namespace ? `, namespace: ${opts.namespace}` : ''}}
spec:
  replicas: ${opts.replicas ?? '3'}
  selector: {matchLabels: {app: ${opts.name ?? 'web'}}}
  template:
    metadata:
      labels: {app: ${opts.name ?? 'web'}}
${opts.podMeta ?? ''}
    spec:
${opts.podSpec ?? ''}
      containers:
        - name: ${opts.containerName ?? 'web'}
          image: ${opts.image ?? 'nginx:1.25.3'}
${opts.container ?? ''}
`;

/** An Argo Rollout `web` in namespace `shop` (3 replicas, one container `app`) with `strategy`: YAML lines under `strategy:`, indented four spaces. */
export const rolloutManifest = (strategy: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: "registry.example.com/shop/web:1.4.2"}
  strategy:
${strategy}
`;

/**
 * A NetworkPolicy `np` of both policy types: `ingress` and `egress` are the YAML lines of its rules (indented as list
 * items under them), `podSelector` its pod selector (the pods `app: web` unless given).
 */
export const networkPolicy = (ingress: string, egress: string, podSelector = '{matchLabels: {app: web}}', name = 'web') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}}
spec:
  podSelector: ${podSelector}
  policyTypes: [Ingress, Egress]
  ingress:
${ingress}
  egress:
${egress}
`;

/**
 * An Ingress `web` (namespace `shop`) routing shop.example.com to the Service `web` on port 80: `annotations` under
 * its metadata; `spec`, YAML lines at the start of its spec (`  ingressClassName: nginx` unless given); a TLS entry for
 * the host with the Secret `web-tls` unless `tls` is false; `rules`, YAML lines of more rules after the host's.
 */
export const ingressManifest = (opts: { annotations?: Record<string, string>; spec?: string; tls?: boolean; rules?: string } = {}) => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
${Object.entries(opts.annotations ?? {}).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}
spec:
${opts.spec ?? '  ingressClassName: nginx'}
${opts.tls === false ? '' : '  tls: [{hosts: [shop.example.com], secretName: web-tls}]'}
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
${opts.rules ?? ''}
`;

/** A controller Deployment (an ingress controller, the AWS Load Balancer Controller) of one container `controller`. */
export const controllerDeployment = (name: string, namespace: string, image: string, args: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - {name: controller, image: "${image}", args: ${args}}
`;

/** The ingress-nginx controller (class nginx) naming ConfigMap ingress-nginx/ingress-nginx-controller, whose `data` (YAML lines) is given. */
export const ingressNginxController = (data: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app: ctrl}}
  template:
    metadata: {labels: {app: ctrl}}
    spec:
      containers:
        - name: controller
          image: "registry.k8s.io/ingress-nginx/controller:v1.11.3"
          args: [/nginx-ingress-controller, "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller", --ingress-class=nginx]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data:
${data}
`;

/** ConfigMap data lines that let ingress-nginx apply snippet annotations. */
export const SNIPPETS_ALLOWED = '  allow-snippet-annotations: "true"\n  annotations-risk-level: Critical';

/** NGINX Inc.'s controller (class nginx, `image`) naming ConfigMap nginx-ingress/nginx-config (`data`, YAML lines), with more `args`. */
export const nginxIncController = (data: string, opts: { image?: string; args?: string } = {}) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx-ingress, namespace: nginx-ingress}
spec:
  selector: {matchLabels: {app: nginx-ingress}}
  template:
    metadata: {labels: {app: nginx-ingress}}
    spec:
      containers:
        - name: nginx-ingress
          image: "${opts.image ?? 'nginx/nginx-ingress:3.6.0'}"
          args: ["-nginx-configmaps=$(POD_NAMESPACE)/nginx-config", -ingress-class=nginx${opts.args ?? ''}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: nginx-config, namespace: nginx-ingress}
data:
${data}
`;

/** A HorizontalPodAutoscaler `web` (3..10) of Deployment `web`, with `spec` (YAML lines of its spec, e.g. metrics). */
export const autoscaler = (spec: string, api = 'autoscaling/v2') => `
apiVersion: ${api}
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 10
${spec}
`;

/** A cert-manager controller Deployment of namespace cert-manager (v1.16.2) with `args`, YAML flow list entries (`--enable-gateway-api, "--controllers=*"`). */
export const certManagerController = (args: string) => `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cert-manager, namespace: cert-manager}
spec:
  replicas: 1
  selector: {matchLabels: {app: cert-manager}}
  template:
    metadata: {labels: {app: cert-manager}}
    spec:
      containers:
        - name: cert-manager-controller
          image: quay.io/jetstack/cert-manager-controller:v1.16.2
          args: [${args}]
`;
