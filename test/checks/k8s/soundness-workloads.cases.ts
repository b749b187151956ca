/**
 * Kubernetes workloads the serving items do not read. The probe, replica, spread, disruption and rollout items read
 * Deployments, StatefulSets and Rollouts; a bare Pod or ReplicaSet running beside a compliant Deployment, without
 * probes or replicas, left them satisfied. Now such a workload keeps them unknown, naming its kind. A Job or CronJob
 * (it runs to completion) is set aside for all of them, and a DaemonSet (one pod per node) for the replica, spread and
 * disruption items; a StatefulSet's rollout is judged by none of the rollout items' rules, so it keeps them unknown.
 * K8sZeroDowntimeUpdate reads DaemonSets' rollouts (a surge keeps each node's pod until its replacement is ready).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { parseManifest } from './fixtures';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'k8s', 'compliant');
const WEB = fs.readFileSync(path.join(FIXTURES, 'web.yaml'), 'utf8');
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const report = (yaml: string) => checks._evaluateLoaded({ templates: [], manifests: [{ file: 'web.yaml', documents: parseManifest(yaml) }], acks: [], lines: {} });
const ITEMS = ['K8S-PROBES', 'SCALING-MIN-CAPACITY', 'HA-MULTI-AZ', 'K8S-POD-DISRUPTION-BUDGET'];
const statuses = (yaml: string) => ITEMS.map((i) => report(yaml).statusOf(i));

const container = '[{name: app, image: "registry.example.com/shop/web:2.3.1", securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}, resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}}]';
const pod = `\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-debug, namespace: shop}\nspec:\n  containers: ${container}\n`;
const replicaSet = `\n---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-old, namespace: shop}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web-old}}\n  template:\n    metadata: {labels: {app: web-old}}\n    spec:\n      containers: ${container}\n`;
const cronJob = `\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly-report, namespace: shop}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: ${container}\n`;
const daemonSet = `\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: log-agent, namespace: shop}\nspec:\n  selector: {matchLabels: {app: log-agent}}\n  template:\n    metadata: {labels: {app: log-agent}}\n    spec:\n      containers: ${container}\n`;

test('web.yaml satisfies the items: the base', () => {
  expect(statuses(WEB)).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
});

test.each([['a bare Pod', pod, 'k8s:Pod'], ['a ReplicaSet', replicaSet, 'k8s:ReplicaSet']])('%s beside the Deployment: unknown, naming its kind', (_name, doc, type) => {
  expect(statuses(WEB + doc)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  expect(report(WEB + doc).items.find((i) => i.id === 'K8S-PROBES')!.reason).toBe(`the app holds ${type} (a Kubernetes workload that other items' rules read, this item's do not)`);
});

test('a CronJob runs to completion: the items stay satisfied', () => {
  expect(statuses(WEB + cronJob)).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
});

test('a DaemonSet: its probes are not read (unknown); its replicas, spread and disruptions follow the nodes', () => {
  expect(statuses(WEB + daemonSet)).toEqual(['unknown', 'satisfied', 'satisfied', 'satisfied']);
});

test('a StatefulSet\'s rollout is judged by none of the rollout items\' rules: api.yaml\'s are unknown', () => {
  const api = report(fs.readFileSync(path.join(FIXTURES, 'api.yaml'), 'utf8'));
  expect(['DEPLOY-PROGRESSIVE', 'DEPLOY-CANARY-ROLLBACK', 'DEPLOY-ZERO-DOWNTIME'].map((i) => api.statusOf(i))).toEqual(['unknown', 'unknown', 'unknown']);
  expect(['K8S-PROBES', 'SCALING-MIN-CAPACITY'].map((i) => api.statusOf(i))).toEqual(['satisfied', 'satisfied']);
});

describe('a DaemonSet\'s rollout (K8sZeroDowntimeUpdate reads DaemonSets)', () => {
  const zeroDowntime = (yaml: string) => report(yaml).statusOf('DEPLOY-ZERO-DOWNTIME');
  const withStrategy = (strategy: string) => daemonSet.replace('spec:\n  selector', `spec:\n  updateStrategy: ${strategy}\n  selector`);

  test('the default strategy (maxUnavailable 1, maxSurge 0) stops each node\'s pod first: violated, naming the default', () => {
    expect(zeroDowntime(WEB + daemonSet)).toBe('violated');
    const f = report(WEB + daemonSet).findings.find((x) => x.ruleId === 'K8sZeroDowntimeUpdate' && x.resource === 'DaemonSet/shop/log-agent')!;
    expect(f.message).toContain('maxUnavailable 1 (the default)');
  });

  test('maxSurge 1 with maxUnavailable 0: satisfied', () => {
    expect(zeroDowntime(WEB + withStrategy('{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}'))).toBe('satisfied');
  });

  test('OnDelete: unknown; maxSurge 0 with maxUnavailable 0: violated', () => {
    expect(zeroDowntime(WEB + withStrategy('{type: OnDelete}'))).toBe('unknown');
    expect(zeroDowntime(WEB + withStrategy('{rollingUpdate: {maxSurge: "0%", maxUnavailable: 0}}'))).toBe('violated');
  });
});
