/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';
import { matchesSelector } from '../../../lib/checks/k8s/manifest-index';
import { parseDurationSeconds, parseIntOrPercent, parseQuantity } from '../../../lib/checks/k8s/pod-spec';
import { hasUrlCredentials, isSecretName } from '../../../lib/checklist/policy/secret-names';
import { applyPatch, checkSet, compliantBases, ManifestSet } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const bases = compliantBases();

function findings(set: ManifestSet, ruleId: string, c: GoLiveChecks = checks) {
  return checkSet(c, set, 'case').findings.filter((f) => f.ruleId === ruleId);
}

/** The web base without its Rollout: a plain Deployment, scaled by its HPA. */
function plainDeployment(): ManifestSet {
  return applyPatch(bases.get('web')!, [
    { op: 'delete', path: ['Rollout/web'] },
    { op: 'delete', path: ['AnalysisTemplate/web-canary'] },
    { op: 'set', path: ['HorizontalPodAutoscaler/web', 'spec', 'scaleTargetRef'], value: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } },
  ]);
}

describe('a plain Deployment (no Argo Rollout)', () => {
  const set = plainDeployment();

  test('scaling and zero-downtime are judged on the Deployment itself', () => {
    expect(findings(set, 'K8sMinReplicas').map((f) => [f.status, f.resource])).toEqual([['pass', 'HorizontalPodAutoscaler/shop/web']]);
    expect(findings(set, 'K8sAutoscaler').map((f) => f.status)).toEqual(['pass']);
    expect(findings(set, 'K8sZeroDowntimeUpdate').map((f) => [f.status, f.resource])).toEqual([['pass', 'Deployment/shop/web']]);
  });

  test('fails DEPLOY-PROGRESSIVE and DEPLOY-CANARY-ROLLBACK: a rolling update is neither', () => {
    const report = checkSet(checks, set, 'plain');
    expect(report.statusOf('DEPLOY-PROGRESSIVE')).toBe('violated');
    expect(report.statusOf('DEPLOY-CANARY-ROLLBACK')).toBe('violated');
    const failing = new Set(report.violations().map((f) => f.ruleId));
    expect([...failing].sort()).toEqual(['K8sCanaryAnalysis', 'K8sProgressiveRollout']);
  });

  test('Recreate and the default maxUnavailable (25 %) fail DEPLOY-ZERO-DOWNTIME', () => {
    const recreate = applyPatch(set, [{ op: 'set', path: ['Deployment/web', 'spec', 'strategy'], value: { type: 'Recreate' } }]);
    expect(findings(recreate, 'K8sZeroDowntimeUpdate').map((f) => f.status)).toEqual(['fail']);
    const dflt = applyPatch(set, [{ op: 'delete', path: ['Deployment/web', 'spec', 'strategy'] }]);
    expect(findings(dflt, 'K8sZeroDowntimeUpdate').map((f) => f.message)).toEqual([expect.stringContaining('the default 25%')]);
    const pct = applyPatch(set, [{ op: 'set', path: ['Deployment/web', 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], value: '0%' }]);
    expect(findings(pct, 'K8sZeroDowntimeUpdate').map((f) => f.status)).toEqual(['pass']);
  });

  test('without an HPA, replicas decide SCALING-MIN-CAPACITY and SCALING-AUTOSCALING fails', () => {
    const fixed = applyPatch(set, [{ op: 'delete', path: ['HorizontalPodAutoscaler/web'] }, { op: 'set', path: ['Deployment/web', 'spec', 'replicas'], value: 3 }]);
    expect(findings(fixed, 'K8sMinReplicas').map((f) => f.status)).toEqual(['pass']);
    expect(findings(fixed, 'K8sAutoscaler').map((f) => f.status)).toEqual(['fail']);
    const one = applyPatch(fixed, [{ op: 'delete', path: ['Deployment/web', 'spec', 'replicas'] }]);
    expect(findings(one, 'K8sMinReplicas').map((f) => f.message)).toEqual([expect.stringContaining('1 replica(s)')]);
  });

  test('a KEDA ScaledObject counts as the autoscaler', () => {
    const keda = applyPatch(set, [
      { op: 'delete', path: ['HorizontalPodAutoscaler/web'] },
      { op: 'set', path: ['ScaledObject/web'], value: { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'web', namespace: 'shop' }, spec: { scaleTargetRef: { name: 'web' }, minReplicaCount: 3, maxReplicaCount: 30 } } },
    ]);
    expect(findings(keda, 'K8sAutoscaler').map((f) => [f.status, f.resource])).toEqual([['pass', 'ScaledObject/shop/web']]);
    expect(findings(keda, 'K8sMinReplicas').map((f) => f.status)).toEqual(['pass']);
  });
});

describe('HSTS sources', () => {
  const web = bases.get('web')!;
  const withAnnotations = (a: Record<string, string>) => applyPatch(web, [
    { op: 'delete', path: ['Ingress/web', 'metadata', 'annotations', 'nginx.ingress.kubernetes.io/custom-headers'] },
    // NGINX Inc.'s annotations are read where its controller serves class nginx.
    ...(Object.keys(a).some((k) => k.startsWith('nginx.org/')) ? [{ op: 'set' as const, path: ['IngressClass/nginx', 'spec', 'controller'], value: 'nginx.org/ingress-controller' }] : []),
    ...Object.entries(a).map(([k, v]) => ({ op: 'set' as const, path: ['Ingress/web', 'metadata', 'annotations', k], value: v })),
  ]);

  test('an ingress-nginx configuration snippet: fails where the controller ConfigMap leaves snippets off, unknown without one, passes where it allows them (allow-snippet-annotations, annotations-risk-level)', () => {
    const set = withAnnotations({ 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "Strict-Transport-Security: max-age=31536000; includeSubDomains";' });
    // web's controller ConfigMap (it allows the custom headers) leaves allow-snippet-annotations unset: off since 1.9.
    expect(findings(set, 'K8sIngressHsts').map((f) => [f.status, f.value])).toEqual([['fail', 'max-age=31536000; includeSubDomains']]);
    const { ['ConfigMap/ingress-nginx-controller']: _controller, ...without } = set;
    expect(findings(without, 'K8sIngressHsts').map((f) => [f.status, f.value])).toEqual([['unknown', 'max-age=31536000; includeSubDomains']]);
    const allowed = applyPatch(set, [{ op: 'set', path: ['ConfigMap/ingress-nginx-controller'], value: {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
      data: { 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' },
    } }]);
    expect(findings(allowed, 'K8sIngressHsts').map((f) => [f.status, f.value])).toEqual([['pass', 'max-age=31536000; includeSubDomains']]);
  });

  test('NGINX Inc. nginx.org/hsts with its 30-day default max-age fails', () => {
    expect(findings(withAnnotations({ 'nginx.org/hsts': 'true' }), 'K8sIngressHsts').map((f) => f.status)).toEqual(['fail']);
    // hsts-include-subdomains defaults to False: a year's max-age alone still lacks includeSubDomains.
    expect(findings(withAnnotations({ 'nginx.org/hsts': 'true', 'nginx.org/hsts-max-age': '31536000' }), 'K8sIngressHsts').map((f) => f.status)).toEqual(['fail']);
    expect(findings(withAnnotations({ 'nginx.org/hsts': 'true', 'nginx.org/hsts-max-age': '31536000', 'nginx.org/hsts-include-subdomains': 'true' }), 'K8sIngressHsts').map((f) => f.status)).toEqual(['pass']);
  });

  test('a tightened hstsMaxAgeSeconds threshold is applied', () => {
    const strict = new GoLiveChecks({ printSummary: false, writeReports: false, thresholds: { hstsMaxAgeSeconds: 63072000 } });
    expect(findings(web, 'K8sIngressHsts', strict).map((f) => f.status)).toEqual(['fail']);
    expect(findings(bases.get('api')!, 'K8sIngressHsts', strict).map((f) => f.status)).toEqual(['pass']);
  });
});

describe('thresholds', () => {
  test('a tightened minReplicas fails an HPA that met the default', () => {
    const strict = new GoLiveChecks({ printSummary: false, writeReports: false, thresholds: { minReplicas: 4 } });
    expect(findings(bases.get('web')!, 'K8sMinReplicas', strict).map((f) => f.status)).toEqual(['fail']);
    expect(findings(bases.get('api')!, 'K8sMinReplicas', strict).map((f) => [f.resource, f.status])).toEqual([
      ['HorizontalPodAutoscaler/payments/api', 'pass'], ['StatefulSet/payments/redis', 'fail'],
    ]);
  });

  test('a tightened alarmDetectionMinutes fails a slower analysis', () => {
    const strict = new GoLiveChecks({ printSummary: false, writeReports: false, thresholds: { alarmDetectionMinutes: 1 } });
    expect(findings(bases.get('web')!, 'K8sCanaryAnalysis', strict).map((f) => f.status)).toEqual(['fail']);
  });
});

describe('manifest shapes', () => {
  test('a List document is unpacked and a bare Pod is checked', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'shop' }, spec: { containers: [{ name: 'sh', image: 'busybox' }] } };
    const report = checks._evaluateLoaded({ templates: [], manifests: [{ file: 'list.yaml', documents: [{ apiVersion: 'v1', kind: 'List', items: [pod] }] }], acks: [], lines: {} });
    const pinned = report.findings.filter((f) => f.ruleId === 'K8sPinnedImage');
    expect(pinned.map((f) => [f.resource, f.status, f.property])).toEqual([['Pod/shop/debug', 'fail', 'spec.containers.0.image']]);
  });

  test('a CronJob\'s pod template is found under jobTemplate', () => {
    const cron = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'shop' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'r', image: 'ghcr.io/acme/report:1.0.0' }] } } } } },
    };
    const report = checks._evaluateLoaded({ templates: [], manifests: [{ file: 'cron.yaml', documents: [cron] }], acks: [], lines: {} });
    const res = report.findings.find((f) => f.ruleId === 'K8sResources');
    expect(res?.property).toBe('spec.jobTemplate.spec.template.spec.containers.0.resources.requests.cpu');
    expect(report.findings.find((f) => f.ruleId === 'K8sPinnedImage')?.status).toBe('pass');
    // Jobs are not serving workloads: no probe, scaling or release findings.
    expect(report.findings.filter((f) => ['K8sHealthProbes', 'K8sMinReplicas', 'K8sProgressiveRollout'].includes(f.ruleId))).toEqual([]);
  });
});

describe('helpers', () => {
  test('label selectors', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, labels)).toBe(false);
  });

  test('quantities, durations, counts', () => {
    expect(parseQuantity('256Mi')).toBe(256 * 2 ** 20);
    expect(parseQuantity('250m')).toBeCloseTo(0.25);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('lots')).toBeUndefined();
    expect(parseDurationSeconds('1m30s')).toBe(90);
    expect(parseDurationSeconds('2h')).toBe(7200);
    expect(parseDurationSeconds('45')).toBe(45);
    expect(parseDurationSeconds('soon')).toBeUndefined();
    expect(parseIntOrPercent('25%')).toEqual({ value: 25, percent: true });
    expect(parseIntOrPercent(0)).toEqual({ value: 0, percent: false });
  });

  const names: [string, boolean][] = [
    ['DB_PASSWORD', true], ['JWT_SECRET', true], ['AWS_SECRET_ACCESS_KEY', true], ['STRIPE_API_KEY', true], ['GITHUB_TOKEN', true],
    ['SECRET_KEY', true], ['GF_SECURITY_ADMIN_PASSWORD', true], ['dbPassword', true], ['session-secret', true], ['SIGNING_KEY', true],
    ['AWS_ACCESS_KEY_ID', false], ['ACCESS_TOKEN_EXPIRE_MINUTES', false], ['DB_PASSWORD_FILE', false], ['TOKEN_URL', false],
    ['CSRF_TOKEN_HEADER', false], ['LOG_LEVEL', false], ['BYPASS_CACHE', false], ['SECRETS_MANAGER_REGION', false], ['PWD', false],
    ['DATABASE_CONNECTION_STRING', true], ['API_KEY_PARAMETER_NAME', false], ['DB_SECRET_ARN', false], ['JWT_SIGNING_KEY', true],
  ];
  test.each(names)('secret-looking name %s: %s (the one detector constructs and checks share)', (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });

  test.each([
    ['postgres://web:hunter2@db:5432/web', true], ['redis://:p4ss@cache:6379', true], ['postgres://web@db:5432/web', false], ['https://api.example.com', false],
  ] as [string, boolean][])('URL credentials in %s: %s', (value, expected) => {
    expect(hasUrlCredentials(value)).toBe(expected);
  });
});
