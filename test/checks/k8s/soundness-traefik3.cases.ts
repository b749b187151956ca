/**
 * traefik3: Flagger primaries' pod counts; Traefik TLS options of routers whose hosts overlap by wildcard or that have
 * no Host matcher; IngressRouteTCP routers that take an entry point's plain connections; TRAEFIK_* variables set from
 * a ConfigMap or Secret.
 */
import { oneFinding, run } from './judged';
import { traefikDeployment } from './traefik-deployment';

// ---------------------------------------------------------------------------------------------------------------
// Flagger: the pods that serve are <name>-primary's.

/** A Deployment `api` of namespace shop, `replicas` as written (omitted when undefined), with a zone spread constraint. */
const API = (replicas?: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
${replicas !== undefined ? `  replicas: ${replicas}\n` : ''}  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: api}}}
      containers:
        - name: api
          image: registry.example.com/shop/api:2.4.1
          resources: {requests: {cpu: 250m, memory: 256Mi}}
`;

/** An HPA `api` of Deployment api (min `min`, max 12). */
const HPA = (min: number) => `
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: ${min}
  maxReplicas: 12
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
`;

/** A Flagger Canary of Deployment api: `autoscalerRef` YAML lines (4-space indented inside), none when undefined. */
const CANARY = (autoscalerRef?: string) => `
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: api, namespace: shop}
spec:
  provider: nginx
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
${autoscalerRef !== undefined ? `  autoscalerRef:\n${autoscalerRef}\n` : ''}  service: {port: 80, targetPort: 8080}
  analysis:
    interval: 30s
    threshold: 3
    maxWeight: 50
    stepWeight: 10
    metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}]
`;
const REF = '    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    name: api';

const onApi = (yaml: string, rule: string) => run(yaml, rule).filter((f) => /api/.test(f.resource));

describe('Flagger: the least pod count is the primary\'s', () => {
  test('primaryScalerReplicas.minReplicas 1 under an HPA of 4: the primary runs 1 pod (min replicas and zone spread fail)', () => {
    const yaml = API() + HPA(4) + CANARY(`${REF}\n    primaryScalerReplicas: {minReplicas: 1, maxReplicas: 12}`);
    const min = onApi(yaml, 'K8sMinReplicas');
    expect(min.map((f) => f.status)).toEqual(['fail']);
    expect(min[0].message).toMatch(/api-primary, which runs as few as 1 pod\(s\) \(Canary\/api autoscalerRef\.primaryScalerReplicas\.minReplicas 1/);
    const zone = onApi(yaml, 'K8sZoneSpread');
    expect(zone.map((f) => f.status)).toEqual(['fail']);
  });
  test('the HPA named in autoscalerRef (min 4), the target written with replicas 0: the primary\'s copy keeps 4 (passes)', () => {
    const yaml = API('0') + HPA(4) + CANARY(REF);
    expect(onApi(yaml, 'K8sMinReplicas').map((f) => f.status)).toEqual(['pass']);
    expect(onApi(yaml, 'K8sAutoscaler').map((f) => f.status)).toEqual(['pass']);
    expect(onApi(yaml, 'K8sZoneSpread').map((f) => f.status)).toEqual(['pass']);
  });
  test('no autoscalerRef, the target written with replicas 0: the primary gets 1 replica, not 0', () => {
    const f = onApi(API('0') + CANARY(), 'K8sMinReplicas');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/as few as 1 pod\(s\) .*creates api-primary with the replicas of Deployment\/api, 0 \(1 when 0 or unset\)/);
  });
  test('no autoscalerRef, replicas 4: the primary copies 4 (pass)', () => {
    expect(onApi(API('4') + CANARY(), 'K8sMinReplicas').map((x) => x.status)).toEqual(['pass']);
  });
  test('an autoscalerRef not in the manifests: unknown', () => {
    const f = onApi(API('4') + CANARY('    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    name: api-hpa'), 'K8sMinReplicas');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/autoscalerRef HorizontalPodAutoscaler\/api-hpa .*not in the manifests/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Traefik TLS options: hosts that overlap by wildcard, routes without a Host matcher.

/** An IngressRoute `name` of namespace edge whose one route matches `match`, with spec.tls `tls` (YAML flow). */
const IR = (name: string, match: string, tls: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: ${name}, namespace: edge}
spec:
  entryPoints: [websecure]
  routes:
    - match: ${match}
      kind: Rule
      services: [{name: ${name}, port: 8080}]
  tls: ${tls}
`;
/** A TLSOption `name` of namespace `ns` with minVersion `min`. */
const TLS_OPTION = (name: string, min: string, ns = 'edge') => `
---
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata: {name: ${name}, namespace: ${ns}}
spec: {minVersion: ${min}}
`;
const STRICT = '{secretName: shop-tls, options: {name: strict}}';
const tlsOf = (yaml: string, name: string) => {
  const f = run(yaml, 'K8sIngressTls').filter((x) => x.resource === `IngressRoute/edge/${name}`);
  expect(f).toHaveLength(1);
  return f[0];
};

describe('Traefik TLS options: wildcard hosts and routes without Host', () => {
  test('a wildcard router with strict options over a name another router serves with TLS 1.0 options: unknown', () => {
    const yaml = IR('shop', 'Host(`*.shop.example.com`)', STRICT) + IR('legacy', 'Host(`pos.shop.example.com`) && PathPrefix(`/terminal`)', '{secretName: pos-tls, options: {name: legacy}}')
      + TLS_OPTION('strict', 'VersionTLS12') + TLS_OPTION('legacy', 'VersionTLS10');
    const f = tlsOf(yaml, 'shop');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/its host \*\.shop\.example\.com covers pos\.shop\.example\.com, which IngressRoute edge\/legacy routes with TLS options edge-legacy@kubernetescrd/);
    // A double wildcard covers nested names too.
    const nested = IR('shop', 'Host(`**.shop.example.com`)', STRICT) + IR('legacy', 'Host(`a.pos.shop.example.com`)', '{secretName: pos-tls, options: {name: legacy}}')
      + TLS_OPTION('strict', 'VersionTLS12') + TLS_OPTION('legacy', 'VersionTLS10');
    expect(tlsOf(nested, 'shop').status).toBe('unknown');
  });
  test('the covered router\'s options pass too, or it is outside the wildcard: pass', () => {
    const ok = IR('shop', 'Host(`*.shop.example.com`)', STRICT) + IR('pos', 'Host(`pos.shop.example.com`)', '{secretName: pos-tls, options: {name: modern}}')
      + TLS_OPTION('strict', 'VersionTLS12') + TLS_OPTION('modern', 'VersionTLS13');
    expect(tlsOf(ok, 'shop').status).toBe('pass');
    const outside = IR('shop', 'Host(`*.shop.example.com`)', STRICT) + IR('legacy', 'Host(`a.pos.shop.example.com`)', '{secretName: pos-tls, options: {name: legacy}}')
      + TLS_OPTION('strict', 'VersionTLS12') + TLS_OPTION('legacy', 'VersionTLS10');
    expect(tlsOf(outside, 'shop').status).toBe('pass');
  });
  test('an exact one-letter name under another router\'s *. wildcard: equal priority, unknown', () => {
    const yaml = IR('a', 'Host(`a.shop.example.com`)', STRICT) + IR('any', 'Host(`*.shop.example.com`)', '{secretName: shop-tls, options: {name: legacy}}')
      + TLS_OPTION('strict', 'VersionTLS12') + TLS_OPTION('legacy', 'VersionTLS10');
    expect(tlsOf(yaml, 'a').message).toMatch(/same default priority/);
    expect(tlsOf(yaml, 'a').status).toBe('unknown');
    // A longer first label ranks first: its own options apply.
    expect(tlsOf(yaml.replace(/a\.shop/g, 'api.shop'), 'a').status).toBe('pass');
  });
  test('a HostRegexp route with strict options, the default options at TLS 1.0: Traefik serves it with the default ones (fail)', () => {
    const yaml = IR('shop', 'HostRegexp(`^[a-z]+\\.shop\\.example\\.com$`)', STRICT) + TLS_OPTION('strict', 'VersionTLS12') + TLS_OPTION('default', 'VersionTLS10', 'traefik');
    const f = tlsOf(yaml, 'shop');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/has no Host matcher: Traefik maps TLS options to Host names only/);
  });
  test('a HostRegexp route with TLS 1.0 options, the default options strict: the default ones apply (pass, not fail)', () => {
    const yaml = IR('shop', 'HostRegexp(`^[a-z]+\\.shop\\.example\\.com$`)', '{secretName: shop-tls, options: {name: legacy}}') + TLS_OPTION('legacy', 'VersionTLS10') + TLS_OPTION('default', 'VersionTLS12', 'traefik');
    expect(tlsOf(yaml, 'shop').status).toBe('pass');
  });
  test('an Ingress with a wildcard host and strict options: HostRegexp to Traefik, the default options decide', () => {
    const yaml = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: edge
  annotations: {traefik.ingress.kubernetes.io/router.tls.options: edge-strict@kubernetescrd}
spec:
  ingressClassName: traefik
  tls: [{hosts: ["*.shop.example.com"], secretName: shop-tls}]
  rules: [{host: "*.shop.example.com", http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 8080}}}}]}}]
` + TLS_OPTION('strict', 'VersionTLS12') + TLS_OPTION('default', 'VersionTLS11', 'traefik');
    const f = oneFinding(yaml, 'K8sIngressTls');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/host \*\.shop\.example\.com, which Traefik matches with HostRegexp/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TRAEFIK_* variables set from a ConfigMap or Secret (valueFrom).

/** A Traefik Deployment configured by TRAEFIK_* variables, `extra` more env lines; ConfigMap traefik/traefik-env holds `data`. */
const ENV_TRAEFIK = (extra: string) => traefikDeployment({ container: `          env:
            - {name: TRAEFIK_ENTRYPOINTS_WEB_ADDRESS, value: ":8000"}
            - {name: TRAEFIK_ENTRYPOINTS_WEBSECURE_ADDRESS, value: ":8443"}
            - {name: TRAEFIK_ENTRYPOINTS_WEBSECURE_HTTP_TLS, value: "true"}
            - {name: TRAEFIK_PROVIDERS_KUBERNETESCRD, value: "true"}
${extra}` });
const ENV_CONFIG = (data: string) => `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: traefik-env, namespace: traefik}
data: {${data}}
`;
const NS_FROM = '            - name: TRAEFIK_PROVIDERS_KUBERNETESCRD_DEFAULTTLSRESOURCESNAMESPACE\n              valueFrom: {configMapKeyRef: {name: traefik-env, key: tls-namespace}}\n';
/** An IngressRoute with spec.tls but no certificate of its own (the TLSStore default's), and a TLSStore default in namespace edge. */
const STORE_ROUTE = IR('shop', 'Host(`shop.example.com`)', '{}') + `
---
apiVersion: traefik.io/v1alpha1
kind: TLSStore
metadata: {name: default, namespace: edge}
spec: {defaultCertificate: {secretName: wildcard-tls}}
`;

describe('TRAEFIK_* variables from valueFrom', () => {
  test('defaultTLSResourcesNamespace from a ConfigMap of the manifests: read (the TLSStore of edge is ignored)', () => {
    const f = tlsOf(STORE_ROUTE + ENV_TRAEFIK(NS_FROM) + ENV_CONFIG('tls-namespace: traefik'), 'shop');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/defaultTLSResourcesNamespace traefik .*ignore TLSStore edge\/default/);
    expect(tlsOf(STORE_ROUTE + ENV_TRAEFIK(NS_FROM) + ENV_CONFIG('tls-namespace: edge'), 'shop').status).toBe('pass');
  });
  test('from a ConfigMap not in the manifests: unknown, not the option\'s default', () => {
    const f = tlsOf(STORE_ROUTE + ENV_TRAEFIK(NS_FROM), 'shop');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/ConfigMap traefik\/traefik-env key tls-namespace, which is not in the manifests/);
  });
  test('a redirection read from a Secret\'s stringData', () => {
    const secret = '\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: traefik-env, namespace: traefik}\nstringData: {to: websecure}\n';
    const yaml = IR('plain', 'Host(`shop.example.com`)', 'null').replace('entryPoints: [websecure]', 'entryPoints: [web]') + secret
      + ENV_TRAEFIK('            - name: TRAEFIK_ENTRYPOINTS_WEB_HTTP_REDIRECTIONS_ENTRYPOINT_TO\n              valueFrom: {secretKeyRef: {name: traefik-env, key: to}}\n');
    const f = run(yaml, 'K8sIngressHttpsRedirect').filter((x) => x.resource === 'IngressRoute/edge/plain');
    expect(f.map((x) => x.status)).toEqual(['pass']);
  });
});
