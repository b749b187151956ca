/**
 * traefik3: Flagger primaries' pod counts; Traefik TLS options of routers whose hosts overlap by wildcard or that have
 * no Host matcher; IngressRouteTCP routers that take an entry point's plain connections; TRAEFIK_* variables set from
 * a ConfigMap or Secret.
 */
import { run } from './judged';

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
