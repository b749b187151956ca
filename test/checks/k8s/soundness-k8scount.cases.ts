import { deployment, ingressManifest, oneFinding, run, statuses } from './judged';

/**
 * Soundness fixes k8scount: K8sZoneSpread (HA-MULTI-AZ) passed a workload that runs one pod (replicas 1, an HPA
 * minReplicas 1, a KEDA ScaledObject that scales to 0) because a DoNotSchedule zone constraint or a required
 * anti-affinity was written: one pod is in one zone. The least pod count is now read once (pod-count.ts) for
 * HA-MULTI-AZ, SCALING-MIN-CAPACITY, SCALING-AUTOSCALING and K8S-POD-DISRUPTION-BUDGET; the rules that read only the
 * first autoscaler, or missed a KEDA idle/paused count or an HPA deactivated by `replicas: 0`, passed wrongly.
 * Traefik: a `<namespace>-<name>@kubernetescrd` reference that two Middlewares (or TLSOptions) of the manifests give
 * (namespace `shop-edge` name `hsts`, namespace `shop` name `edge-hsts`) was read as one of them; a reference without
 * `@kubernetescrd` on an Ingress was read as a Middleware resource.
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const spread = `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector: {matchLabels: {app: web}}`;
const antiAffinity = `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: topology.kubernetes.io/zone
              labelSelector: {matchLabels: {app: web}}`;
const hpa = (min?: string, target = 'Deployment') => `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: ${target}, name: web}
${min === undefined ? '' : `  minReplicas: ${min}\n`}  maxReplicas: 12
  metrics:
    - type: Pods
      pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: "100"}}
`;
const scaledObject = (spec: string, annotations = '') => `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web-keda${annotations ? `, annotations: {${annotations}}` : ''}}
spec:
  scaleTargetRef: {name: web}
  maxReplicaCount: 12
${spec}
  triggers:
    - {type: prometheus, metadata: {serverAddress: "http://prometheus:9090", query: "sum(rate(http_requests_total[1m]))", threshold: "100"}}
`;
const pdb = (budget: string) => `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  ${budget}
`;

describe('K8sZoneSpread: a hard spread of a workload that runs fewer pods than minAvailabilityZones', () => {
  test('3 replicas spread DoNotSchedule (control): pass', () => {
    expect(statuses(deployment({ podSpec: spread }), 'K8sZoneSpread')).toEqual(['pass']);
    expect(statuses(deployment({ podSpec: antiAffinity }), 'K8sZoneSpread')).toEqual(['pass']);
  });

  test('replicas 1 with a DoNotSchedule zone constraint: fail naming the count and replicas', () => {
    const f = run(deployment({ replicas: '1', podSpec: spread }), 'K8sZoneSpread');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.replicas']]);
    expect(f[0].message).toMatch(/runs as few as 1 pod\(s\) \(Deployment\/web replicas 1\).*one pod runs in one zone: fewer than minAvailabilityZones 2/);
  });

  test('replicas unset (1) with a required zone anti-affinity: fail naming the default', () => {
    const f = run(deployment({ podSpec: antiAffinity }).replace('  replicas: 3\n', ''), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/as few as 1 pod\(s\) \(Deployment\/web replicas 1 \(unset: the default\)\)/);
  });

  test('an HPA with minReplicas 1 (or unset) lets it run one pod: fail naming the HPA', () => {
    const f = run(set(deployment({ podSpec: spread }), hpa('1')), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/as few as 1 pod\(s\) \(HorizontalPodAutoscaler\/web minReplicas 1\)/);
    const g = run(set(deployment({ podSpec: spread }), hpa()), 'K8sZoneSpread');
    expect(g.map((x) => x.status)).toEqual(['fail']);
    expect(g[0].message).toMatch(/HorizontalPodAutoscaler\/web minReplicas 1 \(unset: the default\)/);
    expect(statuses(set(deployment({ podSpec: spread }), hpa('2')), 'K8sZoneSpread')).toEqual(['pass']);
  });

  test('a KEDA ScaledObject without minReplicaCount scales to 0: fail', () => {
    const f = run(set(deployment({ podSpec: spread }), scaledObject('')), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/as few as 0 pod\(s\) \(ScaledObject\/web-keda minReplicaCount 0 \(unset: the default\)\)/);
  });

  test('a KEDA ScaledObject with minReplicaCount 3 and idleReplicaCount 0: fail naming idleReplicaCount', () => {
    const f = run(set(deployment({ podSpec: spread }), scaledObject('  minReplicaCount: 3\n  idleReplicaCount: 0')), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/as few as 0 pod\(s\) \(ScaledObject\/web-keda idleReplicaCount 0\)/);
    expect(statuses(set(deployment({ podSpec: spread }), scaledObject('  minReplicaCount: 3')), 'K8sZoneSpread')).toEqual(['pass']);
  });

  test('a KEDA ScaledObject paused at 1 replica: fail naming paused-replicas', () => {
    const f = run(set(deployment({ podSpec: spread }), scaledObject('  minReplicaCount: 3', 'autoscaling.keda.sh/paused-replicas: "1"')), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/paused-replicas 1/);
  });

  test('two autoscalers: the lower minimum counts, whatever their order', () => {
    for (const docs of [[hpa('3'), scaledObject('')], [scaledObject(''), hpa('3')]]) {
      expect(statuses(set(deployment({ podSpec: spread }), ...docs), 'K8sZoneSpread')).toEqual(['fail']);
    }
  });

  test('an HPA on a Deployment written with replicas 0 runs nothing (the HPA is deactivated): fail', () => {
    const f = run(set(deployment({ replicas: '0', podSpec: spread }), hpa('3')), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/as few as 0 pod\(s\) \(Deployment\/web replicas 0 \(an HPA stops adjusting a target set to 0 replicas\)\)/);
  });

  test('a templated replica count or HPA minimum: unknown naming it', () => {
    const f = run(deployment({ replicas: '"{{ .Values.replicas }}"', podSpec: spread }), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/least pod count of Deployment\/web cannot be read \(Deployment\/web replicas \{\{ \.Values\.replicas \}\}, templated\)/);
    const g = run(set(deployment({ podSpec: antiAffinity }), hpa('"{{ .Values.min }}"')), 'K8sZoneSpread');
    expect(g.map((x) => x.status)).toEqual(['unknown']);
    expect(g[0].message).toMatch(/HorizontalPodAutoscaler\/web minReplicas \{\{ \.Values\.min \}\}, templated/);
  });

  test('a Deployment taken over by an Argo Rollout is counted on the Rollout', () => {
    const rollout = (replicas: number) => `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: ${replicas}
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  strategy: {canary: {steps: [{setWeight: 20}]}}
`;
    const f = run(set(deployment({ podSpec: spread }), rollout(1)), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/Rollout\/web replicas 1/);
    expect(statuses(set(deployment({ podSpec: spread }), rollout(3)), 'K8sZoneSpread')).toEqual(['pass']);
  });

  test('no spread at all still fails on the spread, not the count', () => {
    const f = run(deployment({ replicas: '1' }), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/nothing spreads the pods/);
  });
});

describe('one reader of the least pod count: verdicts that change with it', () => {
  test('K8sMinReplicas: an HPA (minReplicas 3) on a Deployment written with replicas 0 runs no pod: fail', () => {
    const f = run(set(deployment({ replicas: '0' }), hpa('3')), 'K8sMinReplicas');
    expect(f.map((x) => x.status).sort()).toEqual(['fail', 'pass']);
    expect(f.find((x) => x.status === 'fail')!.message).toMatch(/set to 0 replicas: HorizontalPodAutoscaler\/web stops adjusting a target set to 0 replicas/);
  });

  test('K8sMinReplicas: an idleReplicaCount 0 fails even when minReplicaCount is templated', () => {
    const f = run(set(deployment(), scaledObject('  minReplicaCount: "{{ .Values.min }}"\n  idleReplicaCount: 0')), 'K8sMinReplicas');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/scale down to 0 replica\(s\) when idle \(idleReplicaCount\)/);
  });

  test('K8sMinReplicas: a paused count decides over a templated minimum', () => {
    expect(statuses(set(deployment(), scaledObject('  minReplicaCount: "{{ .Values.min }}"', 'autoscaling.keda.sh/paused-replicas: "3"')), 'K8sMinReplicas')).toEqual(['pass']);
  });

  test('K8sAutoscaler: an HPA on a Deployment written with replicas 0 never scales it: fail', () => {
    const f = run(set(deployment({ replicas: '0' }), hpa('3')), 'K8sAutoscaler');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/set to 0 replicas: an HPA stops adjusting a target set to 0 replicas/);
    expect(statuses(set(deployment(), hpa('3')), 'K8sAutoscaler')).toEqual(['pass']);
  });

  test('K8sPodDisruptionBudget: maxUnavailable 1 of a workload a paused ScaledObject holds at 1 pod: fail', () => {
    const yaml = (paused: string) => set(deployment(), scaledObject('  minReplicaCount: 3', paused), pdb('maxUnavailable: 1'));
    expect(statuses(yaml(''), 'K8sPodDisruptionBudget')).toEqual(['pass']);
    const f = run(yaml('autoscaling.keda.sh/paused-replicas: "1"'), 'K8sPodDisruptionBudget');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/lets every pod of Deployment\/web be evicted at once \(1 of 1\)/);
  });

  test('K8sPodDisruptionBudget: the lower of two autoscalers counts, whatever their order', () => {
    for (const docs of [[hpa('3'), scaledObject('')], [scaledObject(''), hpa('3')]]) {
      expect(statuses(set(deployment(), ...docs, pdb('maxUnavailable: 1')), 'K8sPodDisruptionBudget')).toEqual(['fail']);
    }
  });

  test('K8sPodDisruptionBudget: an HPA on a Deployment written with replicas 0: maxUnavailable 1 of its 1 pod at most fails', () => {
    expect(statuses(set(deployment({ replicas: '0' }), hpa('3'), pdb('maxUnavailable: 1')), 'K8sPodDisruptionBudget')).toEqual(['fail']);
  });
});

describe('Traefik: a <namespace>-<name>@kubernetescrd reference two objects give', () => {
  const middleware = (ns: string, name: string, spec: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;
  const hsts = '{headers: {stsSeconds: 31536000, stsIncludeSubdomains: true}}';
  const plain = '{headers: {customResponseHeaders: {X-Frame-Options: DENY}}}';
  const ingress = (ref: string) => ingressManifest({ annotations: { 'traefik.ingress.kubernetes.io/router.middlewares': ref }, spec: '  ingressClassName: traefik' });

  test('one Middleware with HSTS (control): pass', () => {
    expect(statuses(ingress('shop-edge-hsts@kubernetescrd') + middleware('shop', 'edge-hsts', hsts), 'K8sIngressHsts')).toEqual(['pass']);
  });

  test('Middleware shop/edge-hsts and shop-edge/hsts both give shop-edge-hsts: unknown naming both, in either order', () => {
    for (const docs of [middleware('shop-edge', 'hsts', plain) + middleware('shop', 'edge-hsts', hsts), middleware('shop', 'edge-hsts', hsts) + middleware('shop-edge', 'hsts', plain)]) {
      const f = oneFinding(ingress('shop-edge-hsts@kubernetescrd') + docs, 'K8sIngressHsts');
      expect(f.status).toBe('unknown');
      expect(f.message).toMatch(/middleware shop-edge-hsts@kubernetescrd names Middleware (shop-edge\/hsts and Middleware shop\/edge-hsts|shop\/edge-hsts and Middleware shop-edge\/hsts): Traefik keys Middlewares by <namespace>-<name>/);
    }
  });

  test('a reference without @kubernetescrd on an Ingress is not a Middleware resource: unknown', () => {
    const f = oneFinding(ingress('shop-edge-hsts') + middleware('shop', 'edge-hsts', hsts), 'K8sIngressHsts');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/names no provider: from an Ingress Traefik resolves it in the Kubernetes Ingress provider \(shop-edge-hsts@kubernetes\)/);
  });

  test('TLSOptions shop/edge-tls and shop-edge/tls both give shop-edge-tls: unknown naming both, in either order', () => {
    const option = (ns: string, name: string, min: string) => `
---
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata: {name: ${name}, namespace: ${ns}}
spec: {minVersion: ${min}}
`;
    const annotated = ingressManifest({ annotations: { 'traefik.ingress.kubernetes.io/router.tls.options': 'shop-edge-tls@kubernetescrd' }, spec: '  ingressClassName: traefik' });
    expect(oneFinding(annotated + option('shop', 'edge-tls', 'VersionTLS12'), 'K8sIngressTls').status).toBe('pass');
    for (const docs of [option('shop', 'edge-tls', 'VersionTLS12') + option('shop-edge', 'tls', 'VersionTLS10'), option('shop-edge', 'tls', 'VersionTLS10') + option('shop', 'edge-tls', 'VersionTLS12')]) {
      const f = oneFinding(annotated + docs, 'K8sIngressTls');
      expect(f.status).toBe('unknown');
      expect(f.message).toMatch(/name TLSOption .* and TLSOption .*: Traefik keys TLSOptions by <namespace>-<name>/);
    }
  });
});
