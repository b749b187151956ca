/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * Schema validation: every object the constructs, the reference app, the
 * example and the hand-written fixtures produce validates against the
 * Kubernetes OpenAPI schemas (kubernetes-models 4.x) and the Argo Rollouts CRD
 * schemas (@kubernetes-models/argo-rollouts).
 *
 * Uses the pinned dev dependencies `kubernetes-models@4.5.1` and
 * `@kubernetes-models/argo-rollouts@0.3.2` (0.3.x: 2.x requires kubernetes-models 5).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ShopChart } from '../../bin/k8s-app';
import { ExternalSecret, IngressController, ProductionWorkload, SecretKeyRef, WorkloadImage, WorkloadPeer } from '../../lib';
import { parseManifest } from '../checks/k8s/fixtures';

const K8S_MODELS = 'kubernetes-models';
const ARGO_MODELS = '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';

/** Kinds no installed schema package covers, and why they are left out. */
const NOT_COVERED: Record<string, string> = {
  'external-secrets.io/v1/ExternalSecret': 'External Secrets Operator CRD: no kubernetes-models package',
  'traefik.io/v1alpha1/Middleware': 'Traefik CRD: no kubernetes-models package',
  'cert-manager.io/v1/Certificate': 'cert-manager CRD (hand-written fixture only)',
  'bitnami.com/v1alpha1/SealedSecret': 'Sealed Secrets CRD (hand-written fixture only)',
  'keda.sh/v1alpha1/ScaledObject': 'KEDA CRD (not synthesized)',
  'gateway.networking.k8s.io/v1/GatewayClass': 'Gateway API CRD: no kubernetes-models package installed (hand-written fixture only)',
  'gateway.networking.k8s.io/v1/Gateway': 'Gateway API CRD: no kubernetes-models package installed (hand-written fixture only)',
  'gateway.networking.k8s.io/v1/HTTPRoute': 'Gateway API CRD: no kubernetes-models package installed (hand-written fixture only)',
};

/** The kubernetes-models class for an object: `kubernetes-models/<group>/<version>` (`v1` for the core group). */
function modelOf(apiVersion: string, kind: string): (new (data: any) => { validate(): void }) | undefined {
  if (apiVersion === 'argoproj.io/v1alpha1') return require(ARGO_MODELS)[kind];
  try {
    return require(`${K8S_MODELS}/${apiVersion}`)[kind];
  } catch {
    return undefined;
  }
}

/** Every object to validate, by source. */
function sources(): [string, any[]][] {
  const out: [string, any[]][] = [];
  const app = Testing.app();
  out.push(['bin/k8s-app.ts', Testing.synth(new ShopChart(app, 'shop'))]);

  const example = require('../../examples/k8s-workload/main');
  out.push(['examples/k8s-workload', Testing.synth(new example.WorkloadChart(Testing.app(), 'example'))]);

  const variants = new Chart(Testing.app(), 'variants', { namespace: 'shop' });
  const db = new ExternalSecret(variants, 'web-db', { storeName: 'vault', keys: [{ secretKey: 'password', remoteKey: 'shop/db' }] });
  new ProductionWorkload(variants, 'traefik', {
    image: WorkloadImage.fromDigest('ghcr.io/acme/web', `sha256:${'0'.repeat(64)}`),
    ingress: { host: 'traefik.example.com', controller: IngressController.traefik() },
    secretEnv: { DB_PASSWORD: db.keyRef('password'), API_KEY: SecretKeyRef.of('api', 'key') },
    allowFrom: [WorkloadPeer.pods({ labels: { app: 'gateway' }, ports: [8080] })],
    canary: { prometheusAddress: 'http://prometheus:9090' },
  });
  new ProductionWorkload(variants, 'internal', { image: WorkloadImage.fromTag('ghcr.io/acme/internal', '0.1.0') });
  out.push(['ProductionWorkload variants', Testing.synth(variants)]);

  const dir = path.join(__dirname, '..', 'fixtures', 'k8s', 'compliant');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
    out.push([`fixtures/k8s/compliant/${f}`, parseManifest(fs.readFileSync(path.join(dir, f), 'utf8'))]);
  }
  return out;
}

describe('Kubernetes schema validation (kubernetes-models)', () => {
  const cases = sources().flatMap(([source, objects]) => objects.map((o) => [source, `${o.apiVersion}/${o.kind}`, o.metadata?.name, o] as const));

  test.each(cases.filter(([, id]) => !(id in NOT_COVERED)))('%s: %s %s', (_source, id, _name, obj) => {
    const Model = modelOf(obj.apiVersion, obj.kind);
    if (!Model) throw new Error(`no schema for ${id}: add it to NOT_COVERED with a reason, or install its models`);
    expect(() => new Model(obj).validate()).not.toThrow();
  });

  test('only the listed CRDs go unvalidated, and the core and Argo kinds are all covered', () => {
    const kinds = new Set<string>(cases.map(([, id]) => id));
    for (const id of ['apps/v1/Deployment', 'autoscaling/v2/HorizontalPodAutoscaler', 'policy/v1/PodDisruptionBudget', 'networking.k8s.io/v1/NetworkPolicy',
      'networking.k8s.io/v1/Ingress', 'v1/Service', 'v1/ServiceAccount', 'v1/ConfigMap', 'argoproj.io/v1alpha1/Rollout', 'argoproj.io/v1alpha1/AnalysisTemplate']) {
      expect([id, kinds.has(id)]).toEqual([id, true]);
    }
    expect(cases.length).toBeGreaterThan(40);
  });

  test('the validator rejects a broken object', () => {
    const Model = modelOf('apps/v1', 'Deployment')!;
    expect(() => new Model({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'three' } }).validate()).toThrow();
  });
});
