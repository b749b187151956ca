import { ingressManifest, ingressNginxController, nginxIncController, rolloutManifest, SNIPPETS_ALLOWED, oneFinding } from './judged';

/**
 * Soundness of the Kubernetes rules against shapes of real manifests (hunt hfk8s3, /work/audit/hfk8s3): Argo analysis
 * metrics Argo refuses (failureLimit -1 and the other limits, counts, durations without a unit, providers, a step
 * analysis that runs indefinitely), and TLS versions below 1.2 that nginx snippets or NGINX Inc.'s ConfigMap enable.
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const one = oneFinding;

const rollout = rolloutManifest;

const BACKGROUND = rollout(`    canary:
      analysis: {templates: [{templateName: rate}]}
      steps: [{setWeight: 20}, {pause: {duration: 10m}}]`);
const STEP = rollout(`    canary:
      steps: [{setWeight: 20}, {analysis: {templates: [{templateName: rate}]}}]`);

/** An AnalysisTemplate `rate` in `shop` whose metrics are the given YAML list items (indented four spaces). */
const template = (metrics: string) => `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: rate, namespace: shop}
spec:
  metrics:
${metrics}
`;
const PROM = 'provider: {prometheus: {address: "http://prometheus.monitoring:9090", query: "x"}}';
/** A metric that aborts a background analysis in time: interval 1m, failureLimit 1, `extra` more YAML lines. */
const good = (extra = '', name = 'success-rate') => `    - name: ${name}
      successCondition: result[0] >= 0.99
      interval: 1m
      failureLimit: 1
      ${PROM}
${extra}`;

describe('K8sCanaryAnalysis: metrics Argo refuses (argo-rollouts ValidateMetric)', () => {
  test('failureLimit -1 beside a good metric: Argo refuses the whole run (was a pass on the good metric)', () => {
    const f = one(set(BACKGROUND, template(`${good()}
    - name: latency
      successCondition: result[0] < 0.5
      interval: 1m
      failureLimit: -1
      ${PROM}`)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/Argo refuses the analysis spec\.strategy\.canary\.analysis .*metric latency: failureLimit -1 \("failureLimit must be >= 0"\).*the AnalysisRun errors at once/);
  });

  test('failureLimit -1 alone: fail, saying Argo refuses it (was "never fails")', () => {
    const f = one(set(BACKGROUND, template(good().replace('failureLimit: 1', 'failureLimit: -1'))), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/failureLimit must be >= 0/);
  });

  test.each([
    ['consecutiveErrorLimit -1', '      consecutiveErrorLimit: -1', /consecutiveErrorLimit must be >= 0/],
    ['inconclusiveLimit -1', '      inconclusiveLimit: -1', /inconclusiveLimit must be >= 0/],
    ['inconclusiveLimit above count', '      count: 3\n      inconclusiveLimit: 4', /count must be >= inconclusiveLimit/],
  ])('%s on the one good metric: fail (was a pass)', (_name, extra, why) => {
    const f = one(set(BACKGROUND, template(good(extra))), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(why);
  });

  test('a second metric with count below failureLimit, in a step analysis: InvalidSpec (was a pass on the first)', () => {
    const f = one(set(STEP, template(`${good('      count: 3')}
    - name: b
      successCondition: result[0] >= 0.99
      interval: 1m
      count: 2
      failureLimit: 3
      ${PROM}`)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/metric b: count 2 is below failureLimit 3 .*the Rollout is marked InvalidSpec/);
  });

  test('interval "60" without a unit: Go cannot read it (was a pass as 60 s)', () => {
    const f = one(set(BACKGROUND, template(good().replace('interval: 1m', 'interval: "60"'))), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/interval 60 is not a duration Go reads .*invalid interval string/);
  });

  test('initialDelay 30 without a unit: fail (was a pass)', () => {
    const f = one(set(BACKGROUND, template(good('      initialDelay: "30"'))), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/invalid startDelay string/);
  });

  test('a step analysis metric with an interval and no count runs indefinitely: InvalidSpec (was a pass)', () => {
    const f = one(set(STEP, template(good())), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/runs indefinitely.*the Rollout is marked InvalidSpec/);
    // With a count, Argo accepts it and the step analysis aborts: pass.
    expect(one(set(STEP, template(good('      count: 5'))), 'K8sCanaryAnalysis').status).toBe('pass');
  });

  test('a metric with two providers: fail (was a pass on the other metric)', () => {
    const f = one(set(BACKGROUND, template(`${good()}
    - name: b
      successCondition: result[0] >= 0.99
      interval: 1m
      provider: {prometheus: {address: "http://p:9090", query: "x"}, web: {url: "http://x"}}`)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/multiple providers specified/);
  });

  test('two templates of one analysis with a metric of the same name: fail (was a pass)', () => {
    const other = template(good()).replace('name: rate,', 'name: rate2,');
    const r = rollout(`    canary:
      analysis: {templates: [{templateName: rate}, {templateName: rate2}]}
      steps: [{setWeight: 20}, {pause: {duration: 10m}}]`);
    const f = one(set(r, template(good()), other), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/two metrics have the same name 'success-rate'/);
  });

  test('count 0 without an interval is one measurement (was a wrong fail "at most 0 measurement(s)")', () => {
    const metric = `    - name: once
      successCondition: result[0] >= 0.99
      count: 0
      ${PROM}`;
    const f = one(set(STEP, template(metric)), 'K8sCanaryAnalysis');
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/aborts and rolls back Rollout\/web on once/);
  });

  test('an arg resolving failureLimit to -1 is refused as well; the valid base still passes', () => {
    const withArgs = (value: string) => set(BACKGROUND, template(good().replace('failureLimit: 1', 'failureLimit: "{{args.limit}}"')).replace('spec:\n', `spec:\n  args: [{name: limit, value: "${value}"}]\n`));
    expect(one(withArgs('-1'), 'K8sCanaryAnalysis').message).toMatch(/failureLimit must be >= 0/);
    expect(one(withArgs('1'), 'K8sCanaryAnalysis').status).toBe('pass');
  });
});


const ingressNginx = ingressNginxController;
const nginxInc = (data: string, args = '') => nginxIncController(data, { args });

/** The Ingress `web` of class nginx with TLS for its host (judged.ts), with these annotations. */
const tlsIngress = (annotations: Record<string, string> = {}) => ingressManifest({ annotations });

describe('K8sIngressTls: TLS below 1.2 enabled by nginx snippets and NGINX Inc.\'s ConfigMap', () => {
  test('an ingress-nginx server-snippet annotation with ssl_protocols TLSv1, snippets allowed: fail (was a pass)', () => {
    const f = one(set(ingressNginx(SNIPPETS_ALLOWED), tlsIngress({ 'nginx.ingress.kubernetes.io/server-snippet': 'ssl_protocols TLSv1 TLSv1.1 TLSv1.2;' })), 'K8sIngressTls');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/ingress-nginx accepts TLS older than 1\.2: annotation nginx\.ingress\.kubernetes\.io\/server-snippet sets ssl_protocols "TLSv1 TLSv1\.1 TLSv1\.2", which enables TLSv1, TLSv1\.1/);
  });

  test('the same snippet where the controller ConfigMap forbids snippet annotations, or commented out: pass', () => {
    const snippet = { 'nginx.ingress.kubernetes.io/server-snippet': 'ssl_protocols TLSv1 TLSv1.2;' };
    expect(one(set(ingressNginx('  allow-snippet-annotations: "false"'), tlsIngress(snippet)), 'K8sIngressTls').status).toBe('pass');
    const commented = { 'nginx.ingress.kubernetes.io/server-snippet': '# ssl_protocols TLSv1 TLSv1.2;\nadd_header X-A b;' };
    expect(one(set(ingressNginx(SNIPPETS_ALLOWED), tlsIngress(commented)), 'K8sIngressTls').status).toBe('pass');
  });

  test.each([
    ['server-snippet', '  server-snippet: "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;"'],
    ['http-snippet', '  http-snippet: |\n    # legacy clients\n    ssl_protocols TLSv1 TLSv1.2;'],
  ])('the controller ConfigMap %s with ssl_protocols TLSv1: fail (was a pass)', (key, data) => {
    const f = one(set(ingressNginx(data), tlsIngress()), 'K8sIngressTls');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(new RegExp(`ConfigMap ingress-nginx/ingress-nginx-controller ${key} sets ssl_protocols "TLSv1 .*", which enables TLSv1`));
  });

  test('NGINX Inc.: its ConfigMap ssl-protocols with TLSv1: fail (was a pass); TLS 1.2+ passes', () => {
    const f = one(set(nginxInc('  ssl-protocols: "TLSv1 TLSv1.1 TLSv1.2"'), tlsIngress()), 'K8sIngressTls');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/NGINX Inc\.'s controller accepts TLS older than 1\.2: ConfigMap nginx-ingress\/nginx-config sets ssl-protocols "TLSv1 TLSv1\.1 TLSv1\.2", which enables TLSv1, TLSv1\.1 \(the NGINX Inc\. controller Deployment\/nginx-ingress\/nginx-ingress/);
    expect(one(set(nginxInc('  ssl-protocols: "TLSv1.2 TLSv1.3"'), tlsIngress()), 'K8sIngressTls').status).toBe('pass');
  });

  test('NGINX Inc.: nginx.org/server-snippets with ssl_protocols TLSv1 counts with -enable-snippets, not without', () => {
    const ing = tlsIngress({ 'nginx.org/server-snippets': 'ssl_protocols TLSv1 TLSv1.2;' });
    // ssl-protocols TLS 1.2+ in the ConfigMap: without it, image 3.6.0's nginx default (TLSv1 and TLSv1.1 before nginx 1.27.3) is unknown (hfmisc).
    expect(one(set(nginxInc('  ssl-protocols: "TLSv1.2 TLSv1.3"', ', -enable-snippets'), ing), 'K8sIngressTls').status).toBe('fail');
    expect(one(set(nginxInc('  ssl-protocols: "TLSv1.2 TLSv1.3"'), ing), 'K8sIngressTls').status).toBe('pass');
  });
});
