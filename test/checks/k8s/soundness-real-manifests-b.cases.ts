import { controllerDeployment, deployment, ingressManifest, statuses, oneFinding } from './judged';

/**
 * Soundness of the Kubernetes rules against shapes found in real manifests (audit /work/audit/real-k8s, sections 2, 4
 * and 6): an Argo analysis stopped before it can reach its failureLimit (background canary, blue-green post-promotion
 * with scaleDownDelaySeconds), ingress-nginx's controller ConfigMap enabling TLS 1.0/1.1 (ssl-protocols); and the
 * wrong fails of a Job metric, a failureLimit given as a string or an analysis arg, and resources a LimitRange supplies.
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const one = oneFinding;

const POD = `
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: "registry.example.com/shop/web:1.4.2"}`;

/** A Rollout `web` in `shop` with the given strategy (YAML lines under `strategy:`, indented four spaces). */
const rollout = (strategy: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop}
spec:
  replicas: 3${POD}
  strategy:
${strategy}
`;

/** An AnalysisTemplate `rate` in `shop`: `metric` YAML lines (indented six spaces) added to its one Prometheus metric, `args` its spec.args. */
const template = (metric: string, args = '', provider = '      provider: {prometheus: {address: "http://prometheus.monitoring:9090", query: "sum(rate(ok[1m]))/sum(rate(all[1m]))"}}') => `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: rate, namespace: shop}
spec:
${args}
  metrics:
    - name: success-rate
${provider}
${metric}
`;
const CONDITION = '      successCondition: result[0] >= 0.99';

/** A background canary analysis of template `rate` over `steps` (a YAML flow list), `extra` more fields of the analysis. */
const background = (steps: string, extra = '') => rollout(`    canary:
      analysis: {templates: [{templateName: rate}]${extra}}
      steps: ${steps}`);

describe('§2 K8sCanaryAnalysis: an analysis Argo stops before it can reach its failureLimit', () => {
  const TWO_PAUSES = '[{setWeight: 20}, {pause: {duration: 30s}}, {setWeight: 60}, {pause: {duration: 30s}}]';

  test('background analysis: interval 1m, failureLimit 2 fails at 2 min at the earliest; the steps pause 1 min: fail (was a pass)', () => {
    const f = one(set(background(TWO_PAUSES), template(`${CONDITION}\n      interval: 1m\n      failureLimit: 2`)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/success-rate fails at the earliest after 2 min \(failureLimit 2 x interval 1 min\), but the steps pause 1 min in all: the Rollout is promoted and stops the background analysis before its failure 3 \(the first over failureLimit 2\)/);
  });

  test('initialDelay counts: 30s + 1 x 30s = 1 min is not below a 1 min window: fail; within a longer window: pass', () => {
    const metric = `${CONDITION}\n      interval: 30s\n      failureLimit: 1\n      initialDelay: 30s`;
    const f = one(set(background(TWO_PAUSES), template(metric)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/fails at the earliest after 1 min \(initialDelay 30s \+ failureLimit 1 x interval 30 s\)/);
    const f2 = one(set(background('[{setWeight: 20}, {pause: {duration: 2m}}]'), template(metric)), 'K8sCanaryAnalysis');
    expect([f2.status, f2.message]).toEqual(['pass', expect.stringMatching(/aborts and rolls back Rollout\/web on success-rate/)]);
  });

  test('the window is the pauses from startingStep on', () => {
    const steps = '[{pause: {duration: 10m}}, {setWeight: 20}, {pause: {duration: 1m}}]';
    const metric = `${CONDITION}\n      interval: 1m\n      failureLimit: 1`;
    const f = one(set(background(steps, ', startingStep: 1'), template(metric)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/the steps pause 1 min in all from startingStep 1 on/);
    expect(statuses(set(background(steps), template(metric)), 'K8sCanaryAnalysis')).toEqual(['pass']);
  });

  test('a pause without a duration waits for a person and keeps the analysis running: pass, as before', () => {
    expect(statuses(set(background('[{setWeight: 20}, {pause: {}}, {setWeight: 60}]'), template(`${CONDITION}\n      interval: 1m\n      failureLimit: 2`)), 'K8sCanaryAnalysis')).toEqual(['pass']);
  });

  test('a templated pause duration: unknown, naming it', () => {
    const f = one(set(background('[{setWeight: 20}, {pause: {duration: "{{ .Values.pause }}"}}]'), template(`${CONDITION}\n      interval: 1m\n      failureLimit: 1`)), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/how long the Rollout runs the analysis cannot be read \(pause duration \{\{ \.Values\.pause \}\}\)/)]);
  });

  // A post-promotion metric needs a count: Argo refuses one that runs indefinitely (InvalidSpec; soundness-hfk8s3).
  const blueGreen = (extra: string) => rollout(`    blueGreen:
      activeService: web-active
      previewService: web-preview
${extra}
      postPromotionAnalysis: {templates: [{templateName: rate}]}`);

  test('blue-green post-promotion: scaleDownDelaySeconds 30 cancels the run before interval 1m x failureLimit 1: fail (was a pass)', () => {
    const f = one(set(blueGreen('      scaleDownDelaySeconds: 30'), template(`${CONDITION}\n      interval: 1m\n      count: 5\n      failureLimit: 1`)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/success-rate fails at the earliest after 1 min \(failureLimit 1 x interval 1 min\), but scaleDownDelaySeconds 30 closes the post-promotion analysis after 30 s: Argo cancels the analysis and scales the old version down before its failure 2/);
  });

  test('blue-green post-promotion: a longer scaleDownDelaySeconds, or none (the old ReplicaSet waits for the run), passes', () => {
    const metric = `${CONDITION}\n      interval: 1m\n      count: 5\n      failureLimit: 1`;
    expect(statuses(set(blueGreen('      scaleDownDelaySeconds: 600'), template(metric)), 'K8sCanaryAnalysis')).toEqual(['pass']);
    expect(statuses(set(blueGreen(''), template(metric)), 'K8sCanaryAnalysis')).toEqual(['pass']);
  });

  test('blue-green post-promotion: a templated scaleDownDelaySeconds is unknown', () => {
    const f = one(set(blueGreen('      scaleDownDelaySeconds: "{{ .Values.delay }}"'), template(`${CONDITION}\n      interval: 1m\n      count: 5\n      failureLimit: 1`)), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/cannot be read \(scaleDownDelaySeconds \{\{ \.Values\.delay \}\}\)/)]);
  });

  test('a step analysis blocks the Rollout: no window, passes', () => {
    const steps = rollout('    canary:\n      steps: [{setWeight: 20}, {analysis: {templates: [{templateName: rate}]}}, {setWeight: 60}]');
    expect(statuses(set(steps, template(`${CONDITION}\n      interval: 1m\n      count: 4\n      failureLimit: 2`)), 'K8sCanaryAnalysis')).toEqual(['pass']);
  });
});

describe('§6 K8sCanaryAnalysis: Job metrics and IntOrString limits (wrong fails)', () => {
  const stepAnalysis = (args = '') => rollout(`    canary:
      steps:
        - setWeight: 20
        - analysis: {templates: [{templateName: rate}]${args}}
        - setWeight: 60`);
  const JOB = '      provider: {job: {spec: {backoffLimit: 0, template: {spec: {restartPolicy: Never, containers: [{name: smoke, image: "registry.example.com/shop/smoke:1.0.0"}]}}}}}';

  test('a Job metric needs no condition (its exit code decides): pass (was a fail)', () => {
    const f = one(set(stepAnalysis(), template('', '', JOB)), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['pass', expect.stringMatching(/aborts and rolls back Rollout\/web on success-rate \(Job exit code\)/)]);
  });

  test('a Prometheus metric without a condition still fails', () => {
    const f = one(set(stepAnalysis(), template('      interval: 1m\n      count: 3')), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/success-rate has no success or failure condition/)]);
  });

  test('failureLimit "1" (a numeric string) is 1: pass (was a fail)', () => {
    expect(statuses(set(stepAnalysis(), template(`${CONDITION}\n      interval: 30s\n      count: 4\n      failureLimit: "1"`)), 'K8sCanaryAnalysis')).toEqual(['pass']);
  });

  test('failureLimit "{{args.failure-limit}}" is resolved from the template\'s default or the Rollout\'s arg (was a fail)', () => {
    const metric = `${CONDITION}\n      interval: 30s\n      count: 4\n      failureLimit: "{{args.failure-limit}}"`;
    const withDefault = '  args: [{name: failure-limit, value: "1"}]';
    expect(statuses(set(stepAnalysis(), template(metric, withDefault)), 'K8sCanaryAnalysis')).toEqual(['pass']);
    // the Rollout's value overrides the default: 4 of 4 measurements can never exceed it
    const f = one(set(stepAnalysis(', args: [{name: failure-limit, value: "4"}]'), template(metric, withDefault)), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/takes at most 4 measurement\(s\), never more failures than its failureLimit 4/)]);
  });

  test('an arg without a literal value (required, or valueFrom): unknown, naming it', () => {
    const metric = `${CONDITION}\n      interval: 30s\n      count: 4\n      failureLimit: "{{args.failure-limit}}"`;
    const f = one(set(stepAnalysis(), template(metric, '  args: [{name: failure-limit}]')), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/failureLimit \{\{args\.failure-limit\}\} cannot be read \(templated\): args\.failure-limit has no literal value/)]);
    const g = one(set(stepAnalysis(', args: [{name: failure-limit, valueFrom: {podTemplateHashValue: Latest}}]'), template(metric, '  args: [{name: failure-limit, value: "1"}]')), 'K8sCanaryAnalysis');
    expect(g.status).toBe('unknown');
  });

  test('an interval from an arg is resolved, and then timed against the window', () => {
    const metric = `${CONDITION}\n      interval: "{{args.every}}"\n      failureLimit: 2`;
    const f = one(set(background('[{setWeight: 20}, {pause: {duration: 1m}}]'), template(metric, '  args: [{name: every, value: 1m}]')), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/fails at the earliest after 2 min/)]);
  });
});

describe('§4 K8sIngressTls: ingress-nginx\'s controller ConfigMap ssl-protocols', () => {
  const controller = (name: string, cls: string, configmap: string) =>
    controllerDeployment(name, 'ingress-nginx', 'registry.k8s.io/ingress-nginx/controller:v1.11.3', `[/nginx-ingress-controller, "--configmap=$(POD_NAMESPACE)/${configmap}", --ingress-class=${cls}]`);
  const configMap = (name: string, data: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: ingress-nginx}
data: ${data}
`;
  const CLASS = 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n';
  const ingress = (cls = '  ingressClassName: nginx') => ingressManifest({ annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, spec: cls });
  const LEGACY = '{ssl-protocols: "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"}';

  test('the ConfigMap of the controller serving class nginx enables TLSv1 and TLSv1.1: fail (was a pass)', () => {
    const f = one(set(configMap('ingress-nginx-controller', LEGACY), controller('ingress-nginx-controller', 'nginx', 'ingress-nginx-controller'), CLASS, ingress()), 'K8sIngressTls');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/ingress-nginx accepts TLS older than 1\.2: ConfigMap ingress-nginx\/ingress-nginx-controller sets ssl-protocols "TLSv1 TLSv1\.1 TLSv1\.2 TLSv1\.3", which enables TLSv1, TLSv1\.1 \(the ingress-nginx controller Deployment\/ingress-nginx\/ingress-nginx-controller serving class nginx\)/);
  });

  test('the default (no key, or no ConfigMap) and TLS 1.2+ values pass', () => {
    const base = (data: string) => set(configMap('ingress-nginx-controller', data), controller('ingress-nginx-controller', 'nginx', 'ingress-nginx-controller'), CLASS, ingress());
    expect(statuses(base('{use-gzip: "true"}'), 'K8sIngressTls')).toEqual(['pass']);
    expect(statuses(base('{ssl-protocols: "TLSv1.2 TLSv1.3"}'), 'K8sIngressTls')).toEqual(['pass']);
    expect(statuses(set(CLASS, ingress()), 'K8sIngressTls')).toEqual(['pass']);
  });

  test('a templated or unreadable ssl-protocols: unknown', () => {
    const base = (data: string) => set(configMap('ingress-nginx-controller', data), controller('ingress-nginx-controller', 'nginx', 'ingress-nginx-controller'), CLASS, ingress());
    const f = one(base('{ssl-protocols: "{{ .Values.protocols }}"}'), 'K8sIngressTls');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/ssl-protocols "\{\{ \.Values\.protocols \}\}" is templated/)]);
    expect(statuses(base('{ssl-protocols: "TLSv1.2 TLSv9"}'), 'K8sIngressTls')).toEqual(['unknown']);
  });

  test('two controllers serving the class whose ConfigMaps disagree: unknown', () => {
    const yaml = set(configMap('a', LEGACY), configMap('b', '{ssl-protocols: "TLSv1.2"}'), controller('nginx-a', 'nginx', 'a'), controller('nginx-b', 'nginx', 'b'), CLASS, ingress());
    const f = one(yaml, 'K8sIngressTls');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/the ingress-nginx controller ConfigMaps disagree/)]);
  });

  test('only the ConfigMap of the controller serving the Ingress\'s class counts', () => {
    const yaml = set(configMap('internal', LEGACY), configMap('public', '{ssl-protocols: "TLSv1.2 TLSv1.3"}'), controller('nginx-internal', 'internal', 'internal'), controller('nginx-public', 'nginx', 'public'), CLASS, ingress());
    expect(statuses(yaml, 'K8sIngressTls')).toEqual(['pass']);
  });

  test('no controller Deployment for the class: a legacy controller ConfigMap found by its keys is unknown', () => {
    const f = one(set(configMap('ingress-nginx-controller', LEGACY), CLASS, ingress()), 'K8sIngressTls');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/if ingress-nginx with that ConfigMap serves it, it accepts TLS older than 1\.2/)]);
  });

  test('an Ingress of another controller (Traefik) is not judged by ingress-nginx\'s ConfigMap', () => {
    const yaml = set(configMap('ingress-nginx-controller', LEGACY), controller('ingress-nginx-controller', 'nginx', 'ingress-nginx-controller'), CLASS, ingress('  ingressClassName: traefik'));
    expect(statuses(yaml, 'K8sIngressTls')).toEqual(['pass']);
  });
});

describe('§6 K8sResources: a LimitRange of the namespace supplies requests and limits (wrong fail)', () => {
  const workload = (resources = '') => deployment({ namespace: 'shop', containerName: 'app', image: 'registry.example.com/shop/web:1.4.2', container: resources });
  const limitRange = (name: string, item: string, namespace = 'shop') => `
apiVersion: v1
kind: LimitRange
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  limits:
    - ${item}
`;

  test('defaultRequest cpu/memory and default memory: pass, naming the LimitRange (was a fail)', () => {
    const f = one(set(limitRange('container-defaults', '{type: Container, defaultRequest: {cpu: 250m, memory: 256Mi}, default: {memory: 512Mi}}'), workload()), 'K8sResources');
    expect([f.status, f.message]).toEqual(['pass', expect.stringMatching(/container app: requests cpu 250m, memory 256Mi; memory limit 512Mi \(requests\.cpu, requests\.memory, limits\.memory from LimitRange shop\/container-defaults\)/)]);
  });

  test('a default limit without defaultRequest is also the default request (the API server completes the LimitRange)', () => {
    expect(statuses(set(limitRange('d', '{type: Container, default: {cpu: 500m, memory: 512Mi}}'), workload()), 'K8sResources')).toEqual(['pass']);
    expect(statuses(set(limitRange('d', '{type: Container, max: {memory: 1Gi}, min: {cpu: 100m}}'), workload()), 'K8sResources')).toEqual(['pass']);
  });

  test('only part supplied: the rest still fails, naming what the LimitRange gives', () => {
    const f = one(set(limitRange('cpu-only', '{type: Container, defaultRequest: {cpu: 250m}}'), workload()), 'K8sResources');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/container app sets no requests\.memory, limits\.memory \(LimitRange shop\/cpu-only gives only requests\.cpu\)/)]);
  });

  test('a LimitRange of another namespace, or of type Pod, supplies nothing', () => {
    expect(statuses(set(limitRange('other', '{type: Container, defaultRequest: {cpu: 250m, memory: 256Mi}, default: {memory: 512Mi}}', 'default'), workload()), 'K8sResources')).toEqual(['fail']);
    expect(statuses(set(limitRange('pod', '{type: Pod, max: {cpu: "2", memory: 2Gi}}'), workload()), 'K8sResources')).toEqual(['fail']);
  });

  test('the container\'s own values win; a default below its request still fails', () => {
    const own = '          resources: {requests: {cpu: 100m, memory: 1Gi}}';
    const f = one(set(limitRange('d', '{type: Container, default: {memory: 512Mi}}'), workload(own)), 'K8sResources');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/memory limit 512Mi is below the request 1Gi/)]);
  });

  test('two LimitRanges giving different defaults: unknown', () => {
    const f = one(set(limitRange('a', '{type: Container, defaultRequest: {cpu: 250m, memory: 256Mi}, default: {memory: 512Mi}}'), limitRange('b', '{type: Container, default: {memory: 1Gi}}'), workload()), 'K8sResources');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/requests\.memory: the LimitRanges a \(256Mi\), b \(1Gi\) give different defaults/)]);
  });
});
