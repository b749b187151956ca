import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { loadFolder } from '../../../lib/checks/loader';
import { autoscaler, deployment, networkPolicy, run, statuses } from './judged';

/**
 * Soundness audit on real third-party manifests (real-k8s, sections 1, 3 and 5): a kustomization beside the objects
 * it rewrites, CNI and AdminNetworkPolicy policies beside a NetworkPolicy, an HPA on a resource the containers do not
 * request. Every manifest here is written for the test.
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** A folder of files (relative path → text), read as the CLI reads it. */
function folder(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-kustomize-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return { dir, report: checks._evaluateLoaded(loadFolder(dir)) };
}

describe('a kustomization in the input (section 1)', () => {
  const base = deployment({ name: 'shop-web', image: 'registry.example.com/shop/web:1.4.2' });
  const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources: [deployment.yaml]
images: [{name: registry.example.com/shop/web, newTag: latest}]
replicas: [{name: shop-web, count: 1}]
`;

  test('the base alone: the image is pinned, the item satisfied (the control)', () => {
    const { report } = folder({ 'deployment.yaml': base });
    expect(report.findings.filter((f) => f.ruleId === 'K8sPinnedImage').map((f) => f.status)).toEqual(['pass']);
    expect(report.statusOf('K8S-PINNED-IMAGE')).toBe('satisfied');
  });

  test('kind Kustomization beside it: the passes on its objects are unknown naming it and `kustomize build`; the items are not satisfied; it is listed', () => {
    const { dir, report } = folder({ 'deployment.yaml': base, 'kustomization.yaml': kustomization });
    for (const rule of ['K8sPinnedImage', 'K8sMinReplicas']) {
      const f = report.findings.filter((x) => x.ruleId === rule);
      expect(f.map((x) => x.status)).toEqual(['unknown']);
      expect(f[0].message).toMatch(/kustomization\.yaml \(a kustomization\) can rewrite it \(images, replicas, namespace, patches\): check the output of `kustomize build /);
    }
    expect(report.statusOf('K8S-PINNED-IMAGE')).toBe('unknown');
    expect(report.statusOf('SCALING-MIN-CAPACITY')).not.toBe('satisfied');
    expect(report.coverage.unreadKinds).toEqual([`${path.join(dir, 'kustomization.yaml')}: Kustomization/default/(unnamed) (k8s:Kustomization: a kustomization: \`kubectl apply -k\` deploys the output of \`kustomize build\`, which the checks do not run and which may rewrite or add any Kubernetes endpoint and any Kubernetes workload)`]);
  });

  test('an old-style kustomization.yaml (no apiVersion, no kind) and a file named Kustomization: read as kustomizations, not skipped', () => {
    const old = 'resources: [deployment.yaml]\nnamePrefix: prod-\nimages: [{name: registry.example.com/shop/web, newTag: latest}]\n';
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      const { report } = folder({ 'deployment.yaml': base, [name]: old });
      expect(report.findings.filter((f) => f.ruleId === 'K8sPinnedImage').map((f) => [f.status, f.message])).toEqual([['unknown', expect.stringContaining(`${name} (a kustomization) can rewrite it`)]]);
      expect(report.coverage.unreadKinds).toEqual([expect.stringContaining(`${name}: Kustomization/default/(unnamed) (k8s:Kustomization: a kustomization`)]);
      expect(report.statusOf('K8S-PINNED-IMAGE')).toBe('unknown');
    }
  });

  test('an overlay in another folder that lists the base as a resource: the base objects are unknown', () => {
    const { report } = folder({ 'base/deployment.yaml': base, 'overlays/prod/kustomization.yaml': 'resources: [../../base/deployment.yaml]\nnamespace: prod\n' });
    const f = report.findings.filter((x) => x.ruleId === 'K8sPinnedImage');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/overlays\/prod\/kustomization\.yaml \(a kustomization\) can rewrite it/);
  });

  test('a strategic-merge patch it lists (a partial Deployment) is not refused: it is listed as a kustomize patch, not judged', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop-web}\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: true\n';
    for (const field of ['patchesStrategicMerge: [patch-sa.yaml]', 'patches: [{path: patch-sa.yaml}]']) {
      const { report } = folder({ 'deployment.yaml': base, 'kustomization.yaml': `resources: [deployment.yaml]\n${field}\n`, 'patch-sa.yaml': patch });
      expect(report.coverage.unreadKinds).toContainEqual(expect.stringMatching(/patch-sa\.yaml: a kustomize patch that .*kustomization\.yaml lists \(not deployed as written: check the output of `kustomize build /));
      expect(report.findings.filter((f) => f.ruleId === 'K8sServiceAccountToken').map((f) => f.resource)).toEqual(['Deployment/default/shop-web']);
    }
  });

  test('a Kustomization document given through the API: the same', () => {
    const f = run(set(base, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [case.yaml]'), 'K8sPinnedImage');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/case\.yaml \(a kustomization\) can rewrite it/);
  });

  test('a fail stays a fail (judged as written)', () => {
    const { report } = folder({ 'deployment.yaml': deployment({ image: 'nginx:latest' }), 'kustomization.yaml': kustomization });
    expect(report.findings.filter((f) => f.ruleId === 'K8sPinnedImage').map((f) => f.status)).toEqual(['fail']);
  });
});

describe('K8sNetworkPolicy: CNI and AdminNetworkPolicy policies beside a NetworkPolicy (section 3)', () => {
  const np = networkPolicy(
    '    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]\n      ports: [{port: 8080}]',
    '    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{port: 53, protocol: UDP}]');
  const cilium = (spec: string, kind = 'CiliumNetworkPolicy', name = 'web-extra') => `
apiVersion: cilium.io/v2
kind: ${kind}
metadata: {name: ${name}}
spec:
${spec}
`;
  const check = (...docs: string[]) => run(set(deployment(), np, ...docs), 'K8sNetworkPolicy');

  test('the NetworkPolicy alone passes (the control)', () => {
    expect(check().map((f) => f.status)).toEqual(['pass']);
  });

  test.each([
    ['fromEntities world', '  ingress: [{fromEntities: [world]}]', /fromEntities world/],
    ['fromEntities all', '  ingress: [{fromEntities: [all]}]', /fromEntities all/],
    ['fromCIDR 0.0.0.0/0 on one port', '  ingress: [{fromCIDR: [0.0.0.0/0], toPorts: [{ports: [{port: "8080"}]}]}]', /0\.0\.0\.0\/0/],
    ['fromCIDRSet 0.0.0.0/0 with private ranges excepted', '  ingress: [{fromCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]}]', /0\.0\.0\.0\/0/],
  ])('a CiliumNetworkPolicy selecting the pods with %s: fail', (_, rules, what) => {
    const f = check(cilium(`  endpointSelector: {matchLabels: {app: web}}\n${rules}`));
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/^CiliumNetworkPolicy\/web-extra selects the pods of Deployment\/web and admits the whole internet/);
    expect(f[0].message).toMatch(what);
    expect(f[0].resource).toBe('CiliumNetworkPolicy/default/web-extra');
  });

  test('egress to world on every port: fail; on named ports: unknown (its allows add up), naming it', () => {
    const open = check(cilium('  endpointSelector: {matchLabels: {"k8s:app": web}}\n  egress: [{toEntities: [world]}]'));
    expect(open.map((x) => x.status)).toEqual(['fail']);
    expect(open[0].message).toMatch(/opens egress to every destination on every port \(toEntities world, no toPorts\)/);
    const ports = check(cilium('  endpointSelector: {matchLabels: {app: web}}\n  egress: [{toEntities: [world], toPorts: [{ports: [{port: "443"}]}]}]'));
    expect(ports.map((x) => x.status)).toEqual(['unknown']);
    expect(ports[0].message).toMatch(/but CiliumNetworkPolicy\/web-extra may select the pods of Deployment\/web and allow traffic the NetworkPolicies deny/);
  });

  test('a CiliumNetworkPolicy with named peers selecting the pods: unknown; one selecting other pods, or in another namespace: pass', () => {
    const named = check(cilium('  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: frontend}}]}]'));
    expect(named.map((x) => x.status)).toEqual(['unknown']);
    expect(named[0].message).toMatch(/CiliumNetworkPolicy\/web-extra may select/);
    expect(check(cilium('  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEntities: [world]}]')).map((x) => x.status)).toEqual(['pass']);
    expect(check(cilium('  endpointSelector: {}\n  ingress: [{fromEntities: [world]}]').replace('metadata: {name: web-extra}', 'metadata: {name: web-extra, namespace: other}')).map((x) => x.status)).toEqual(['pass']);
  });

  test('a CiliumClusterwideNetworkPolicy: every namespace (empty selector: fail), or the one its namespace label names', () => {
    const all = check(cilium('  endpointSelector: {}\n  ingress: [{fromEntities: [world]}]', 'CiliumClusterwideNetworkPolicy', 'world'));
    expect(all.map((x) => x.status)).toEqual(['fail']);
    expect(all[0].message).toMatch(/^CiliumClusterwideNetworkPolicy\/world selects the pods/);
    expect(check(cilium('  endpointSelector: {matchLabels: {"k8s:io.kubernetes.pod.namespace": other}}\n  ingress: [{fromEntities: [world]}]', 'CiliumClusterwideNetworkPolicy')).map((x) => x.status)).toEqual(['pass']);
    // A selector on a label the manifests do not show (Cilium's own): it may select them.
    const maybe = check(cilium('  endpointSelector: {matchLabels: {"io.cilium.k8s.policy.serviceaccount": web}}\n  ingress: [{fromEntities: [world]}]', 'CiliumClusterwideNetworkPolicy'));
    expect(maybe.map((x) => x.status)).toEqual(['unknown']);
    expect(maybe[0].message).toMatch(/admits the whole internet \(fromEntities world\), if it selects them/);
  });

  test('Calico NetworkPolicy / GlobalNetworkPolicy with Allow: unknown naming it (not read as a Kubernetes NetworkPolicy); Deny only, or other pods: pass', () => {
    const calico = (kind: string, selector: string, action: string, api = 'projectcalico.org/v3') => `
apiVersion: ${api}
kind: ${kind}
metadata: {name: calico-${kind.toLowerCase()}}
spec:
  selector: ${JSON.stringify(selector)}
  ingress: [{action: ${action}, source: {nets: [0.0.0.0/0]}}]
`;
    const ns = check(calico('NetworkPolicy', "app == 'web'", 'Allow'));
    expect(ns.map((x) => x.status)).toEqual(['unknown']);
    expect(ns[0].message).toMatch(/NetworkPolicy\/calico-networkpolicy \(projectcalico\.org\/v3\) may select the pods/);
    expect(check(calico('GlobalNetworkPolicy', 'all()', 'Allow', 'crd.projectcalico.org/v1')).map((x) => x.status)).toEqual(['unknown']);
    expect(check(calico('GlobalNetworkPolicy', "has(app) && app in {'web'}", 'Pass')).map((x) => x.status)).toEqual(['unknown']);
    expect(check(calico('GlobalNetworkPolicy', 'all()', 'Deny')).map((x) => x.status)).toEqual(['pass']);
    expect(check(calico('NetworkPolicy', "app == 'api'", 'Allow')).map((x) => x.status)).toEqual(['pass']);
    // Alone, a Calico NetworkPolicy is not a Kubernetes NetworkPolicy: the pods have none.
    expect(statuses(set(deployment(), calico('NetworkPolicy', 'all()', 'Deny')), 'K8sNetworkPolicy')).toEqual(['fail']);
  });

  test('AdminNetworkPolicy / BaselineAdminNetworkPolicy with Allow whose subject may hold the pods: unknown; another namespace: pass', () => {
    const anp = (kind: string, subject: string, action = 'Allow') => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: ${kind}
metadata: {name: ${kind === 'AdminNetworkPolicy' ? 'allow-all' : 'default'}}
spec:
  priority: 10
  subject: ${subject}
  ingress: [{name: all, action: ${action}, from: [{namespaces: {}}]}]
`;
    const all = check(anp('AdminNetworkPolicy', '{namespaces: {}}'));
    expect(all.map((x) => x.status)).toEqual(['unknown']);
    expect(all[0].message).toMatch(/AdminNetworkPolicy\/allow-all \(policy\.networking\.k8s\.io\/v1alpha1\) may select the pods/);
    expect(check(anp('BaselineAdminNetworkPolicy', '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}')).map((x) => x.status)).toEqual(['unknown']);
    expect(check(anp('AdminNetworkPolicy', '{namespaces: {matchLabels: {team: shop}}}')).map((x) => x.status)).toEqual(['unknown']);
    expect(check(anp('AdminNetworkPolicy', '{namespaces: {matchLabels: {kubernetes.io/metadata.name: other}}}')).map((x) => x.status)).toEqual(['pass']);
    expect(check(anp('AdminNetworkPolicy', '{namespaces: {}}', 'Deny')).map((x) => x.status)).toEqual(['pass']);
  });
});

describe('K8sAutoscaler: an HPA on the utilization of a resource the containers do not request (section 5)', () => {
  const hpa = autoscaler;
  const cpu = '  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]';
  const memoryOnly = '          resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}';
  const both = '          resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {memory: 512Mi}}';
  const judge = (container: string, spec: string, ...more: string[]) => run(set(deployment({ container }), hpa(spec), ...more), 'K8sAutoscaler');

  test('CPU utilization, the container requests cpu: pass (the control)', () => {
    expect(judge(both, cpu).map((f) => f.status)).toEqual(['pass']);
  });

  test('CPU utilization, the container requests memory only: fail naming the container and the resource', () => {
    const f = judge(memoryOnly, cpu);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toBe('HorizontalPodAutoscaler/web never scales Deployment/web: no metric of it can be computed (spec.metrics.0: cpu utilization, but container web requests no cpu (and no LimitRange of namespace default in the manifests gives a default))');
    expect(f[0].property).toBe('spec.metrics.0');
  });

  test('no metrics (CPU at 80 %), and autoscaling/v1: the same', () => {
    expect(judge(memoryOnly, '').map((f) => [f.status, f.message])).toEqual([['fail', expect.stringMatching(/spec\.metrics: cpu utilization, but container web requests no cpu/)]]);
    const v1 = run(set(deployment({ container: memoryOnly }), hpa('  targetCPUUtilizationPercentage: 70', 'autoscaling/v1')), 'K8sAutoscaler');
    expect(v1.map((f) => [f.status, f.message])).toEqual([['fail', expect.stringMatching(/spec\.targetCPUUtilizationPercentage: cpu utilization, but container web requests no cpu/)]]);
  });

  test('a request given by a cpu limit, or by a LimitRange of the namespace (defaultRequest, default or max): pass; a LimitRange elsewhere: fail', () => {
    expect(judge('          resources: {limits: {cpu: 500m, memory: 512Mi}}', cpu).map((f) => f.status)).toEqual(['pass']);
    const lr = (item: string, ns = 'default') => `apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: ${ns}}\nspec:\n  limits: [{type: Container, ${item}}]`;
    for (const item of ['defaultRequest: {cpu: 100m}', 'default: {cpu: 500m}', 'max: {cpu: "1"}']) expect(judge(memoryOnly, cpu, lr(item)).map((f) => f.status)).toEqual(['pass']);
    expect(judge(memoryOnly, cpu, lr('defaultRequest: {cpu: 100m}', 'other')).map((f) => f.status)).toEqual(['fail']);
    expect(judge(memoryOnly, cpu, lr('defaultRequest: {memory: 100Mi}')).map((f) => f.status)).toEqual(['fail']);
  });

  test('a resource named like an Object property (constructor, __proto__) is a plain name: fail, not a crash', () => {
    const lr = 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: default}\nspec:\n  limits: [{type: Container, defaultRequest: {cpu: 100m}}]';
    for (const name of ['constructor', '__proto__', 'toString']) {
      const f = judge(both, `  metrics: [{type: Resource, resource: {name: ${name}, target: {type: Utilization, averageUtilization: 70}}}]`, lr);
      expect(f.map((x) => [x.status, x.message])).toEqual([['fail', expect.stringMatching(new RegExp(`${name} utilization, but container web requests no ${name}`))]]);
    }
  });

  test('a templated request: unknown', () => {
    const f = judge('          resources: {requests: {cpu: "{{ .Values.cpu }}"}}', cpu);
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/container web's cpu request is templated/);
  });

  test('AverageValue targets and Pods metrics need no request: pass; beside a broken cpu metric, pass naming it', () => {
    expect(judge(memoryOnly, '  metrics: [{type: Resource, resource: {name: cpu, target: {type: AverageValue, averageValue: 500m}}}]').map((f) => f.status)).toEqual(['pass']);
    const f = judge(memoryOnly, `${cpu.replace(']', ',')} {type: Pods, pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: "100"}}}]`);
    expect(f.map((x) => [x.status, x.message])).toEqual([['pass', expect.stringMatching(/scales Deployment\/web \(3\.\.10\); it scales on its other metrics only \(spec\.metrics\.0: cpu utilization, but container web requests no cpu/)]]);
  });

  test('ContainerResource looks only at the container it names; a container the pods do not run: fail', () => {
    const sidecar = `${both}\n        - name: proxy\n          image: envoyproxy/envoy:v1.30.1`;
    const cr = (c: string) => `  metrics: [{type: ContainerResource, containerResource: {name: cpu, container: ${c}, target: {type: Utilization, averageUtilization: 70}}}]`;
    expect(judge(sidecar, cr('web')).map((f) => f.status)).toEqual(['pass']);
    expect(judge(sidecar, cpu).map((f) => [f.status, f.message])).toEqual([['fail', expect.stringMatching(/container proxy requests no cpu/)]]);
    expect(judge(sidecar, cr('proxy')).map((f) => f.status)).toEqual(['fail']);
    expect(judge(sidecar, cr('nginx')).map((f) => [f.status, f.message])).toEqual([['fail', expect.stringMatching(/cpu utilization of container nginx, which Deployment\/web's pods do not run/)]]);
  });

  test('init containers are not counted, sidecars (restartPolicy Always) are', () => {
    const init = (restart: string) => run(set(deployment({ container: both, podSpec: `      initContainers: [{name: setup, image: busybox:1.36.1${restart}}]` }), hpa(cpu)), 'K8sAutoscaler');
    expect(init('').map((f) => f.status)).toEqual(['pass']);
    expect(init(', restartPolicy: Always').map((f) => [f.status, f.message])).toEqual([['fail', expect.stringMatching(/container setup requests no cpu/)]]);
  });

  test('a KEDA cpu trigger (Utilization by default) on a container without a cpu request: fail; a prometheus trigger: pass', () => {
    const keda = (triggers: string) => `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n  minReplicaCount: 3\n  maxReplicaCount: 10\n  triggers: ${triggers}`;
    const f = run(set(deployment({ container: memoryOnly }), keda('[{type: cpu, metricType: Utilization, metadata: {value: "60"}}]')), 'K8sAutoscaler');
    expect(f.map((x) => [x.status, x.message])).toEqual([['fail', expect.stringMatching(/ScaledObject\/web never scales Deployment\/web: no metric of it can be computed \(spec\.triggers\.0: cpu utilization, but container web requests no cpu/)]]);
    expect(statuses(set(deployment({ container: memoryOnly }), keda('[{type: prometheus, metadata: {serverAddress: "http://prometheus:9090", query: "sum(rate(x[1m]))", threshold: "10"}}]')), 'K8sAutoscaler')).toEqual(['pass']);
  });
});
