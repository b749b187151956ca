import { Testing } from 'cdk8s';
import { GoLiveK8sValidation } from '../../lib';
import { WorkloadChart } from './main';

describe('examples/k8s-workload', () => {
  const app = Testing.app();
  const chart = new WorkloadChart(app, 'orders');
  const objects = Testing.synth(chart);

  test('renders the workload, its policies, its canary and its secret source', () => {
    expect(objects.map((o: { kind: string }) => o.kind).sort()).toEqual([
      'AnalysisTemplate', 'ConfigMap', 'ConfigMap', 'Deployment', 'ExternalSecret', 'HorizontalPodAutoscaler', 'Ingress', 'IngressClass', 'NetworkPolicy', 'PodDisruptionBudget',
      'Rollout', 'Service', 'ServiceAccount',
    ]);
    // Every object in the workload's namespace, but the ingress-nginx controller's ConfigMap in the controller's
    // and its IngressClass (cluster-scoped, though the chart's namespace is written on it).
    expect(objects.filter((o: { metadata: { namespace?: string } }) => o.metadata.namespace !== 'orders').map((o: { metadata: { name: string; namespace?: string } }) => `${o.metadata.namespace}/${o.metadata.name}`))
      .toEqual(['ingress-nginx/ingress-nginx-controller']);
  });

  test('passes the whole Kubernetes checklist', () => {
    const report = new GoLiveK8sValidation({ writeReports: false }).checkApp(app);
    expect(report.violations()).toEqual([]);
    expect(report.unknowns()).toEqual([]);
    expect(report.items.filter((i) => i.section === 'kubernetes').map((i) => i.status)).toEqual(report.items.filter((i) => i.section === 'kubernetes').map(() => 'satisfied'));
  });
});
