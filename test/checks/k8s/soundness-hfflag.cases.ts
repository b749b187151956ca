/**
 * Soundness of the Kubernetes rules on Flagger-released Deployments and hostNetwork pods (hunt hfk8s4, fix hfflag):
 * - a Deployment a Flagger Canary (flagger.app/v1beta1) releases failed DEPLOY-PROGRESSIVE and
 *   DEPLOY-CANARY-ROLLBACK as a plain rolling update (wrong fail for every Flagger user); it is now judged on the
 *   Canary's analysis, as an Argo Rollout is on its strategy;
 * - a NetworkPolicy selecting hostNetwork pods passed, though Kubernetes leaves its behaviour for them undefined
 *   (most network plugins ignore them): now unknown, naming hostNetwork.
 */
import { controllerDeployment, deployment, networkPolicy, run } from './judged';

const web = deployment({ namespace: 'shop' });
/** A Flagger Canary of Deployment web in shop: `spec` YAML lines (indented 2) after targetRef and service. */
const canary = (spec: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: web, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  service: {port: 80, targetPort: 8080}
${spec}
`;
const SUCCESS = '{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}';
const analysis = (fields: string, metrics = `[${SUCCESS}]`) => `  analysis: {${fields}${metrics ? `, metrics: ${metrics}` : ''}}`;
/** The analysis of Flagger's nginx tutorial shape: 30s x 5 checks, 10 % steps up to 50 %. */
const NGINX = analysis('interval: 30s, threshold: 5, maxWeight: 50, stepWeight: 10');
const flaggerController = (args: string) => controllerDeployment('flagger', 'flagger-system', 'ghcr.io/fluxcd/flagger:1.37.0', args);
const one = (yaml: string, rule: string) => {
  const f = run(yaml, rule).filter((x) => x.resource === undefined || /web/.test(String(x.resource)));
  expect(f).toHaveLength(1);
  return f[0];
};
const progressive = (spec: string, more = '') => one(`${web}\n---${canary(spec)}${more ? `\n---${more}` : ''}`, 'K8sProgressiveRollout');
const rollback = (spec: string, more = '') => one(`${web}\n---${canary(spec)}${more ? `\n---${more}` : ''}`, 'K8sCanaryAnalysis');

describe('K8sProgressiveRollout: a Deployment a Flagger Canary releases', () => {
  test('canary weights below 100 % with a mesh or ingress provider pass', () => {
    const f = progressive(`  provider: nginx\n${NGINX}`);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/Canary\/web \(Flagger\) releases Deployment\/web \(provider nginx, spec.provider\) through 10 %, 20 %, 30 %, 40 %, 50 % of the traffic, then promotes/);
    const list = progressive(`  provider: istio\n${analysis('interval: 30s, threshold: 5, stepWeights: [1, 5, 25, 50]')}`);
    expect(list.status).toBe('pass');
    expect(list.message).toMatch(/through 1 %, 5 %, 25 %, 50 %/);
  });

  test('without spec.provider the Flagger controller\'s -mesh-provider decides; not in the manifests: unknown', () => {
    const f = progressive(NGINX);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/if its provider can weight traffic: spec.provider is not set and the Flagger controller \(its -mesh-provider flag\) is not in the manifests/);
    expect(progressive(NGINX, flaggerController('["-mesh-provider=linkerd", "-metrics-server=http://prometheus:9090"]')).message).toMatch(/provider linkerd, the -mesh-provider of Deployment\/flagger/);
    expect(progressive(NGINX, flaggerController('["-log-level=info"]')).message).toMatch(/provider istio/);
    const cni = progressive(NGINX, flaggerController('["-mesh-provider", "kubernetes"]'));
    expect(cni.status).toBe('fail');
    expect(cni.message).toMatch(/kubernetes provider .*Kubernetes CNI cannot weight traffic, so Flagger runs blue\/green/);
  });

  test('blue/green (iterations, or the kubernetes provider) switches all traffic at once: fails; A/B testing is unknown', () => {
    expect(progressive(`  provider: kubernetes\n${NGINX}`).status).toBe('fail');
    const bg = progressive(`  provider: istio\n${analysis('interval: 30s, threshold: 2, iterations: 10')}`);
    expect(bg.status).toBe('fail');
    expect(bg.message).toMatch(/blue\/green \(iterations 10, no traffic weights\): .*all live traffic switches to it at once/);
    const ab = progressive(`  provider: istio\n${analysis('interval: 1m, threshold: 2, iterations: 10, match: [{headers: {x-canary: {exact: insider}}}]')}`);
    expect(ab.status).toBe('unknown');
    expect(ab.message).toMatch(/A\/B testing .*what share of the traffic they are is not in the manifests/);
  });

  test('skipAnalysis, no analysis, a first step of 100 % or no step fail; a templated step weight is unknown', () => {
    const skip = progressive(`  provider: nginx\n  skipAnalysis: true\n${NGINX}`);
    expect(skip.status).toBe('fail');
    expect(skip.message).toMatch(/skipAnalysis true: Flagger copies each release over the primary at once/);
    expect(progressive('  provider: nginx').message).toMatch(/without spec.analysis/);
    expect(progressive(`  provider: nginx\n${analysis('interval: 30s, threshold: 5, stepWeight: 100')}`).message).toMatch(/first step sends 100 %/);
    expect(progressive(`  provider: nginx\n${analysis('interval: 30s, threshold: 5, stepWeights: [100]')}`).status).toBe('fail');
    expect(progressive(`  provider: nginx\n${analysis('interval: 30s, threshold: 5')}`).message).toMatch(/no stepWeight, stepWeights or iterations: Flagger shifts no traffic/);
    const templated = progressive(`  provider: nginx\n${analysis('interval: 30s, threshold: 5, stepWeight: "{{ .Values.stepWeight }}"')}`);
    expect(templated.status).toBe('unknown');
    expect(templated.message).toMatch(/stepWeight \{\{ .Values.stepWeight \}\} cannot be read \(templated\)/);
  });

  test('still fail: a Deployment no Canary targets (a Canary of another Deployment does not count)', () => {
    expect(one(web, 'K8sProgressiveRollout').status).toBe('fail');
    const other = canary(`  provider: nginx\n${NGINX}`).replace('name: web}\n  service', 'name: api}\n  service');
    expect(one(`${web}\n---${other}`, 'K8sProgressiveRollout').message).toMatch(/a rolling update/);
  });
});

describe('K8sCanaryAnalysis: a Deployment a Flagger Canary releases', () => {
  test('a success-rate metric with a minimum, rolled back within alarmDetectionMinutes, passes', () => {
    const f = rollback(`  provider: nginx\n${NGINX}`);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/request-success-rate \(min 99 %\) fail a failing release, rolled back within 3 min \(interval 30 s x \(threshold 5 \+ 1\)\)/);
    // Blue/green runs the analysis before any live traffic moves: it aborts as an Argo pre-promotion analysis does.
    expect(rollback(`  provider: kubernetes\n${analysis('interval: 30s, threshold: 2, iterations: 10')}`).status).toBe('pass');
    expect(rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2', '[{name: request-duration, thresholdRange: {max: 500}}]')}`).status).toBe('pass');
  });

  test('a rollback later than alarmDetectionMinutes fails', () => {
    const f = rollback(`  provider: nginx\n${analysis('interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10')}`);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/rolls back after 5 failed check\(s\), one per interval 1 min, .*only 6 min after it gets traffic \(interval x \(threshold \+ 1\)\) > 3 min/);
    // No interval: Flagger's default 60s; threshold 2: 3 min.
    expect(rollback(`  provider: nginx\n${analysis('threshold: 2, stepWeight: 10')}`).status).toBe('pass');
  });

  test('skipAnalysis, no analysis, and metrics that cannot fail a failing release fail', () => {
    expect(rollback(`  provider: nginx\n  skipAnalysis: true\n${NGINX}`).message).toMatch(/skipAnalysis true: Flagger promotes each release without analysing it/);
    expect(rollback('  provider: nginx').status).toBe('fail');
    const maxOnly = rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2, stepWeight: 10', '[{name: request-success-rate, thresholdRange: {max: 100}}]')}`);
    expect(maxOnly.status).toBe('fail');
    expect(maxOnly.message).toMatch(/request-success-rate has no thresholdRange.min above 0/);
    const unrun = rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2, stepWeight: 10', '[{name: error-rate, thresholdRange: {max: 1}}]')}`);
    expect(unrun.status).toBe('fail');
    expect(unrun.message).toMatch(/error-rate is not a builtin metric .*Flagger runs no check for it/);
    expect(rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2, stepWeight: 10', '')}`).message).toMatch(/no metric can fail its analysis: no metrics/);
  });

  test('a MetricTemplate not in the manifests, templated fields, or only webhooks: unknown', () => {
    const ref = '[{name: errors, templateRef: {name: error-rate, namespace: flagger-system}, thresholdRange: {max: 1}, interval: 1m}]';
    const missing = rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2, stepWeight: 10', ref)}`);
    expect(missing.status).toBe('unknown');
    expect(missing.message).toMatch(/MetricTemplate flagger-system\/error-rate is not in the manifests/);
    const template = `
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: {name: error-rate, namespace: flagger-system}
spec:
  provider: {type: prometheus, address: "http://prometheus.monitoring:9090"}
  query: sum(rate(http_requests_total{status=~"5.."}[{{ interval }}]))
`;
    expect(rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2, stepWeight: 10', ref)}`, template).status).toBe('pass');
    expect(rollback(`  provider: nginx\n${analysis('interval: "{{ .Values.interval }}", threshold: 2, stepWeight: 10')}`).message).toMatch(/interval \{\{ .Values.interval \}\} cannot be read/);
    expect(rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2, stepWeight: 10', '[{name: request-success-rate, thresholdRange: {min: "{{ .Values.min }}"}}]')}`).status).toBe('unknown');
    const hooks = rollback(`  provider: nginx\n${analysis('interval: 30s, threshold: 2, stepWeight: 10, webhooks: [{name: acceptance, type: pre-rollout, url: "http://loadtester.test/"}]', '')}`);
    expect(hooks.status).toBe('unknown');
    expect(hooks.message).toMatch(/webhook\(s\) acceptance may fail checks/);
    expect(rollback(`  provider: nginx\n  skipAnalysis: "{{ .Values.skip }}"\n${NGINX}`).status).toBe('unknown');
  });
});

describe('K8sNetworkPolicy: hostNetwork pods', () => {
  const policy = networkPolicy(
    '    - {from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}], ports: [{port: 8080}]}',
    '    - {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}], ports: [{port: 53, protocol: UDP}]}',
  );

  test('a policy that would pass hostNetwork pods is unknown, naming hostNetwork', () => {
    const f = run(`${deployment({ podSpec: '      hostNetwork: true' })}\n---${policy}`, 'K8sNetworkPolicy');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].property).toBe('spec.template.spec.hostNetwork');
    expect(f[0].message).toMatch(/NetworkPolicy\/web: default deny.*run in the node's network namespace \(hostNetwork: true\), and Kubernetes leaves NetworkPolicy behaviour for hostNetwork pods undefined/);
  });

  test('still: pods on the pod network pass, a failing policy still fails', () => {
    expect(run(`${deployment({ podSpec: '      hostNetwork: false' })}\n---${policy}`, 'K8sNetworkPolicy').map((x) => x.status)).toEqual(['pass']);
    const open = networkPolicy('    - {ports: [{port: 8080}]}', '    - {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}], ports: [{port: 53, protocol: UDP}]}');
    expect(run(`${deployment({ podSpec: '      hostNetwork: true' })}\n---${open}`, 'K8sNetworkPolicy').map((x) => x.status)).toEqual(['fail']);
  });
});
