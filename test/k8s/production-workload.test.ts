/* eslint-disable @typescript-eslint/no-explicit-any */
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  CanaryStep, ExternalSecret, GoLiveK8sValidation, IngressController, IngressNginxControllerConfig, ProductionWorkload, ProductionWorkloadProps, SecretKeyRef, WorkloadImage, WorkloadPeer,
} from '../../lib';
import { CLAIMS_METADATA_TYPE } from '../../lib/checklist/guard';

const IMAGE = WorkloadImage.fromTag('ghcr.io/acme/web', '1.4.2');

function synth(props: Partial<ProductionWorkloadProps> = {}, chartProps: { namespace?: string } = { namespace: 'shop' }) {
  const app = Testing.app();
  const chart = new Chart(app, 'test', chartProps);
  // The Secret FULL's secretEnv reads, from the secret manager (K8S-SECRET-REFERENCES).
  new ExternalSecret(chart, 'web-db', { storeName: 'aws-secrets-manager', keys: [{ secretKey: 'password', remoteKey: 'prod/shop/db', remoteProperty: 'password' }] });
  const workload = new ProductionWorkload(chart, 'web', { image: IMAGE, ...props });
  const objects: any[] = Testing.synth(chart);
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return { app, chart, workload, objects, of, one: (kind: string) => { const l = of(kind); expect(l).toHaveLength(1); return l[0]; } };
}

const FULL: Partial<ProductionWorkloadProps> = {
  env: { LOG_LEVEL: 'info' },
  secretEnv: { DB_PASSWORD: SecretKeyRef.of('web-db', 'password') },
  dependencies: [WorkloadPeer.cidr('10.0.0.0/16', [5432])],
  ingress: { host: 'shop.example.com' },
  canary: { prometheusAddress: 'http://prometheus.monitoring:9090' },
};

describe('ProductionWorkload defaults', () => {
  const s = synth(FULL);
  const deployment = s.one('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('renders the expected objects', () => {
    expect(s.objects.map((o) => o.kind).sort()).toEqual([
      'AnalysisTemplate', 'ConfigMap', 'Deployment', 'ExternalSecret', 'HorizontalPodAutoscaler', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'Rollout', 'Service', 'ServiceAccount',
    ]);
  });

  test('SCALING-*: no replicas field, an HPA with minReplicas 3 on the Rollout', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
    const hpa = s.one('HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(10);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' });
  });

  test('without a canary the HPA scales the Deployment', () => {
    const plain = synth({});
    expect(plain.one('HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    expect(plain.one('Deployment').spec).not.toHaveProperty('replicas');
  });

  test('probes: readiness /ready, liveness /health, startup', () => {
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 8080 });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/health', port: 8080 });
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/health' }, periodSeconds: 5, failureThreshold: 60 });
  });

  test('resources: cpu and memory requests, a memory limit, no cpu limit', () => {
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } });
  });

  test('security context: uid/gid 10001, read-only root with /tmp, no escalation, caps dropped, seccomp', () => {
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, privileged: false, readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('labels: app.kubernetes.io/* on every object, name and instance select the pods', () => {
    for (const o of s.objects.filter((x) => x.kind !== 'ExternalSecret')) expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/version': '1.4.2', 'app.kubernetes.io/managed-by': 'cdk8s' });
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } });
    expect(s.one('Service').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
  });

  test('rolling update: maxUnavailable 0, maxSurge 1 (IntOrString kept)', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('PodDisruptionBudget keeps maxUnavailable (an IntOrString a plain number would lose)', () => {
    expect(s.one('PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } } });
  });

  test('NetworkPolicy: ingress from the controller namespace on the app port, egress to DNS and dependencies', () => {
    const np = s.one('NetworkPolicy').spec;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
    expect(np.egress).toHaveLength(2);
    expect(np.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    expect(np.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  });

  test('Ingress: TLS (not lost as with exposeViaIngress), cert-manager issuer, HSTS headers ConfigMap', () => {
    const ing = s.one('Ingress');
    expect(ing.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'web-tls' }]);
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/custom-headers': 'shop/web-security-headers',
    });
    expect(s.one('ConfigMap').data['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
  });

  test('secrets only by reference', () => {
    expect(container.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } },
    ]);
  });

  test('a dedicated ServiceAccount without an automounted token', () => {
    expect(s.one('ServiceAccount')).toMatchObject({ metadata: { name: 'web' }, automountServiceAccountToken: false });
    expect(pod.serviceAccountName).toBe('web');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('zones: DoNotSchedule with minDomains = minAvailabilityZones', () => {
    expect(pod.topologySpreadConstraints[0]).toEqual({
      maxSkew: 1, minDomains: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } },
    });
  });

  test('pinned image', () => {
    expect(container.image).toBe('ghcr.io/acme/web:1.4.2');
  });

  test('canary: Rollout on the Deployment with weighted steps and an analysis that aborts', () => {
    const ro = s.one('Rollout');
    expect(ro.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'progressively' });
    expect(ro.spec.strategy.canary.maxUnavailable).toBe(0);
    expect(ro.spec.strategy.canary.steps.filter((x: any) => x.setWeight).map((x: any) => x.setWeight)).toEqual([10, 25, 50]);
    expect(ro.spec.strategy.canary.analysis.templates).toEqual([{ templateName: 'web-canary' }]);
    const at = s.one('AnalysisTemplate');
    expect(at.spec.metrics.map((m: any) => [m.name, m.successCondition, m.interval, m.failureLimit])).toEqual([
      ['success-rate', 'result[0] >= 0.99', '60s', 1],
      ['latency-p95', 'result[0] < 0.5', '60s', 1],
    ]);
  });

  test('the whole chart passes every k8s rule, with the ingress-nginx controller ConfigMap that allows its headers', () => {
    const withController = synth(FULL);
    const config = new IngressNginxControllerConfig(withController.chart, 'ingress-nginx', { ingressClassName: 'nginx' });
    const report = new GoLiveK8sValidation().checkApp(withController.app);
    expect(report.findings.filter((f) => f.status !== 'pass').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(20);
    // The headers the workload sets are the ones the controller ConfigMap allows.
    expect(Object.keys(withController.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-security-headers')).data).sort())
      .toEqual([...config.allowedResponseHeaders].sort());
  });

  test('without the controller ConfigMap, ingress-nginx may refuse the headers (503): HSTS is unknown, and the workload does not claim HEADERS-HSTS', () => {
    const report = new GoLiveK8sValidation().checkApp(s.app);
    const hsts = report.findings.filter((f) => f.ruleId === 'K8sIngressHsts');
    expect(hsts.map((f) => f.status)).toEqual(['unknown']);
    expect(hsts[0].message).toMatch(/global-allowed-response-headers/);
    const claimed = s.workload.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
    expect(claimed).not.toContain('HEADERS-HSTS');
    // Class nginx without an IngressClass may be NGINX Inc.'s (older releases accept TLS 1.0/1.1 by default): not claimed.
    expect(claimed).not.toContain('EDGE-HTTPS-LISTENER');
    expect(claimed).toContain('EDGE-CERTIFICATE-MANAGED');
    const tls = report.findings.filter((f) => f.ruleId === 'K8sIngressTls');
    expect(tls.map((f) => f.status)).toEqual(['unknown']);
    expect(tls[0].message).toMatch(/class nginx may be served by ingress-nginx or NGINX Inc\.'s controller/);
    expect(report.findings.filter((f) => f.status !== 'pass' && f.ruleId !== 'K8sIngressHsts' && f.ruleId !== 'K8sIngressTls')).toEqual([]);
  });

  test('with Traefik the workload claims EDGE-HTTPS-LISTENER and HEADERS-HSTS, and the checks pass them', () => {
    const t = synth({ ...FULL, ingress: { host: 'shop.example.com', controller: IngressController.traefik() } });
    const claimed = t.workload.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
    expect(claimed).toEqual(expect.arrayContaining(['EDGE-HTTPS-LISTENER', 'HEADERS-HSTS', 'EDGE-CERTIFICATE-MANAGED']));
    const report = new GoLiveK8sValidation().checkApp(t.app);
    expect(report.findings.filter((f) => ['K8sIngressTls', 'K8sIngressHsts'].includes(f.ruleId)).map((f) => f.status)).toEqual(['pass', 'pass']);
  });

  test('with the controller ConfigMap but no IngressClass, class nginx may be NGINX Inc.\'s, which ignores custom-headers: HSTS is unknown', () => {
    const withConfig = synth(FULL);
    const config = new IngressNginxControllerConfig(withConfig.chart, 'ingress-nginx');
    expect(config.ingressClass).toBeUndefined();
    const hsts = new GoLiveK8sValidation().checkApp(withConfig.app).findings.filter((f) => f.ruleId === 'K8sIngressHsts');
    expect(hsts.map((f) => f.status)).toEqual(['unknown']);
    expect(hsts[0].message).toMatch(/class nginx may be served by NGINX Inc\.'s controller/);
    const cls = new IngressNginxControllerConfig(new Chart(Testing.app(), 'c'), 'x', { ingressClassName: 'nginx' });
    expect(Testing.synth(Chart.of(cls)).find((o: any) => o.kind === 'IngressClass')).toMatchObject({ apiVersion: 'networking.k8s.io/v1', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } });
    expect(() => new IngressNginxControllerConfig(new Chart(Testing.app(), 'd'), 'y', { ingressClassName: 'Nginx_1' })).toThrow(/ingressClassName 'Nginx_1' is not an object name/);
  });

  test('IngressNginxControllerConfig: extra headers are added to the security headers; the key itself and bad names are refused', () => {
    const chart = new Chart(Testing.app(), 'c');
    const config = new IngressNginxControllerConfig(chart, 'nginx', { allowedResponseHeaders: ['X-Request-Id', 'X-Frame-Options'], data: { 'use-forwarded-headers': 'true' } });
    const [cm] = Testing.synth(chart);
    expect(cm.metadata).toEqual({ name: 'ingress-nginx-controller', namespace: 'ingress-nginx' });
    expect(cm.data).toEqual({ 'use-forwarded-headers': 'true', 'global-allowed-response-headers': 'Strict-Transport-Security,X-Content-Type-Options,X-Frame-Options,Referrer-Policy,X-Request-Id' });
    expect(config.allowedResponseHeaders).toContain('X-Request-Id');
    expect(() => new IngressNginxControllerConfig(chart, 'twice', { data: { 'global-allowed-response-headers': 'X-A' } })).toThrow(/data\['global-allowed-response-headers'\] is set from allowedResponseHeaders/);
    expect(() => new IngressNginxControllerConfig(chart, 'bad', { allowedResponseHeaders: ['X-A,X-B'] })).toThrow(/allowedResponseHeaders: 'X-A,X-B' is not a header name/);
  });

  test('snapshot', () => {
    expect(s.objects).toMatchSnapshot();
  });
});

describe('variants', () => {
  test('Traefik: a Middleware with HSTS, referenced by the Ingress; passes every rule', () => {
    const s = synth({ ...FULL, ingress: { host: 'shop.example.com', controller: IngressController.traefik({ namespaceName: 'kube-system' }) } });
    const mw = s.one('Middleware');
    expect(mw.apiVersion).toBe('traefik.io/v1alpha1');
    expect(mw.spec.headers).toMatchObject({ stsSeconds: 31536000, stsIncludeSubdomains: true });
    expect(s.one('Ingress').metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBe('shop-web-security-headers@kubernetescrd');
    expect(s.one('NetworkPolicy').spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'kube-system' });
    expect(new GoLiveK8sValidation().checkApp(s.app).violations()).toEqual([]);
  });

  test('without a canary only the two release items fail', () => {
    const s = synth({ ...FULL, canary: undefined });
    const report = new GoLiveK8sValidation().checkApp(s.app);
    expect([...new Set(report.violations().flatMap((f) => f.itemIds))].sort()).toEqual(['DEPLOY-CANARY-ROLLBACK', 'DEPLOY-PROGRESSIVE']);
  });

  test('an ExternalSecret supplies secretEnv and satisfies K8S-SECRET-REFERENCES', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    const db = new ExternalSecret(chart, 'web-db', { storeName: 'aws-secrets-manager', keys: [{ secretKey: 'password', remoteKey: 'prod/shop/db', remoteProperty: 'password' }] });
    new ProductionWorkload(chart, 'web', { ...FULL, image: IMAGE, secretEnv: { DB_PASSWORD: db.keyRef('password') } });
    const es = Testing.synth(chart).find((o: any) => o.kind === 'ExternalSecret');
    expect(es.spec).toEqual({
      refreshInterval: '3600s', secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' }, target: { name: 'web-db', creationPolicy: 'Owner' },
      data: [{ secretKey: 'password', remoteRef: { key: 'prod/shop/db', property: 'password' } }],
    });
    const report = new GoLiveK8sValidation().checkApp(app);
    expect(report.statusOf('K8S-SECRET-REFERENCES')).toBe('satisfied');
    expect(report.violations()).toEqual([]);
    expect(() => db.keyRef('user')).toThrow(/no key 'user'/);
  });

  test('overrides: ports, resources, paths, replicas, uid, pod peers', () => {
    const s = synth({
      port: 3000, servicePort: 8080, minReplicas: 4, maxReplicas: 6, memoryRequest: Size.mebibytes(128), memoryLimit: Size.mebibytes(128),
      readinessPath: '/readyz', livenessPath: '/livez', startupTimeout: Duration.minutes(1), runAsUser: 20000,
      allowFrom: [WorkloadPeer.pods({ namespaceName: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [9090] })],
    });
    const c = s.one('Deployment').spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 3000 });
    expect(c.startupProbe).toMatchObject({ httpGet: { path: '/livez' }, failureThreshold: 12 });
    expect(c.resources.limits.memory).toBe('128Mi');
    expect(c.securityContext.runAsUser).toBe(20000);
    expect(s.one('HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 4, maxReplicas: 6 });
    expect(s.one('Service').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 3000 }]);
    expect(s.one('NetworkPolicy').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    }]);
  });

  test('thresholds tightened through the context apply', () => {
    const app = Testing.app();
    app.node.setContext('cdk-golive:thresholds', { minReplicas: 5 });
    const chart = new Chart(app, 'test');
    new ProductionWorkload(chart, 'web', { image: IMAGE });
    expect(Testing.synth(chart).find((o: any) => o.kind === 'HorizontalPodAutoscaler').spec.minReplicas).toBe(5);
    expect(() => new ProductionWorkload(new Chart(app, 'other'), 'web', { image: IMAGE, minReplicas: 4 })).toThrow(/\[SCALING-MIN-CAPACITY\]/);
  });
});

describe('weakening props are refused, naming the checklist item', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['minReplicas below 3', () => synth({ minReplicas: 2 }), /\[SCALING-MIN-CAPACITY\].*minReplicas: 2 is below the catalog's minimum of 3/],
    ['a literal secret', () => synth({ env: { DB_PASSWORD: 'hunter2' } }), /\[SECRETS-NO-PLAINTEXT\].*env\.DB_PASSWORD/],
    ['credentials in a URL', () => synth({ env: { DATABASE_URL: 'postgres://web:hunter2@db/web' } }), /\[SECRETS-NO-PLAINTEXT\].*env\.DATABASE_URL/],
    ['probes turned off', () => synth({ probes: false }), /\[K8S-PROBES\].*probes/],
    ['a uid below 10001', () => synth({ runAsUser: 1000 }), /\[K8S-SECURITY-CONTEXT\].*runAsUser/],
    ['the latest tag', () => WorkloadImage.fromTag('ghcr.io/acme/web', 'latest'), /\[K8S-PINNED-IMAGE\].*latest/],
    ['no tag', () => WorkloadImage.fromReference('nginx'), /\[K8S-PINNED-IMAGE\].*no tag/],
    ['a registry port without a tag', () => WorkloadImage.fromReference('registry.local:5000/acme/web'), /\[K8S-PINNED-IMAGE\]/],
    ['a bad digest', () => WorkloadImage.fromDigest('ghcr.io/acme/web', 'sha256:abc'), /\[K8S-PINNED-IMAGE\].*digest/],
    ['a channel tag', () => WorkloadImage.fromTag('ghcr.io/acme/web', 'stable'), /\[K8S-PINNED-IMAGE\].*'stable' carries no version number/],
    ['a major version alone', () => WorkloadImage.fromTag('ghcr.io/acme/web', '20-alpine'), /\[K8S-PINNED-IMAGE\].*only a major version/],
    // Tokens are put together at run time, so that secret scanners do not flag this file.
    ['a token under a harmless name', () => synth({ env: { GH: ['ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('') } }), /\[SECRETS-NO-PLAINTEXT\].*env\.GH: the value holds/],
    ['an AWS key pair under harmless names', () => synth({ env: { KEY_ID: ['AK', 'IA', 'Q3EGRJZ7N5VXWL2M'].join(''), KEY_VALUE: ['wJalrXUtnFEMI', 'K7MDENGbPxRfiCYabcdefghij12'].join('') } }), /\[SECRETS-NO-PLAINTEXT\].*env\.KEY_ID: an AWS access key pair/],
    ['a canary that aborts too late', () => synth({ canary: { prometheusAddress: 'http://p:9090', failureLimit: 5 } }), /\[DEPLOY-CANARY-ROLLBACK\].*6 minutes/],
    ['a canary that shifts all at once', () => synth({ canary: { prometheusAddress: 'http://p:9090', steps: [CanaryStep.shiftTraffic(100)] } }), /\[DEPLOY-PROGRESSIVE\]/],
    ['a canary whose steps end before the analysis can fail', () => synth({ canary: { prometheusAddress: 'http://p:9090', steps: [CanaryStep.shiftTraffic(20), CanaryStep.pause(Duration.seconds(30)), CanaryStep.shiftTraffic(60), CanaryStep.pause(Duration.seconds(20))] } }), /\[DEPLOY-CANARY-ROLLBACK\].*steps: the steps from the second on pause 50 s in all.*= 60 s/],
    ['an ingress-nginx ConfigMap enabling TLS 1.0', () => new IngressNginxControllerConfig(new Chart(Testing.app(), 'tls'), 'x', { data: { 'ssl-protocols': 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3' } }), /\[EDGE-HTTPS-LISTENER\].*enables TLSv1, TLSv1\.1/],
    ['egress to the whole internet', () => WorkloadPeer.cidr('0.0.0.0/0', [443]), /\[NET-RESTRICTED-INGRESS\]/],
    ['a peer without ports', () => WorkloadPeer.pods({ labels: { app: 'redis' }, ports: [] }), /\[NET-RESTRICTED-INGRESS\]/],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('a major.minor tag is accepted but not claimed: the checks call it unknown, and a full version is claimed and passes', () => {
    const claimed = (w: ProductionWorkload) => w.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
    const line = synth({ image: WorkloadImage.fromTag('ghcr.io/acme/web', '1.25') });
    expect(claimed(line.workload)).not.toContain('K8S-PINNED-IMAGE');
    expect(claimed(line.workload)).toContain('K8S-PROBES');
    const verdicts = (app: App) => new GoLiveK8sValidation().checkApp(app).findings.filter((f) => f.ruleId === 'K8sPinnedImage').map((f) => f.status);
    expect(new Set(verdicts(line.app))).toEqual(new Set(['unknown']));
    const full = synth({ image: WorkloadImage.fromTag('ghcr.io/acme/web', '1.25.3') });
    expect(claimed(full.workload)).toContain('K8S-PINNED-IMAGE');
    expect(new Set(verdicts(full.app))).toEqual(new Set(['pass']));
  });

  test('pinned references are accepted', () => {
    expect(WorkloadImage.fromReference('registry.local:5000/acme/web:2.0.1').versionLabel()).toBe('2.0.1');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(WorkloadImage.fromDigest('ghcr.io/acme/web', digest).versionLabel()).toBe('sha256-aaaaaaaaaaaa');
    expect(WorkloadImage.fromReference(`ghcr.io/acme/web:1.0.0@${digest}`).tag).toBe('1.0.0');
  });

  test('config names that only describe a secret are plain config', () => {
    const s = synth({ env: { ACCESS_TOKEN_EXPIRE_MINUTES: '30', DB_PASSWORD_FILE: '/run/secrets/db', AWS_ACCESS_KEY_ID: 'AKIA...' } });
    expect(s.one('Deployment').spec.template.spec.containers[0].env).toHaveLength(3);
  });

  test('limits below requests are errors; a cpu limit at or above the request is kept', () => {
    expect(() => synth({ memoryRequest: Size.gibibytes(1), memoryLimit: Size.mebibytes(512) })).toThrow(/memoryLimit \(512Mi\) is below memoryRequest \(1024Mi\)/);
    expect(() => synth({ cpuRequest: Cpu.units(1), cpuLimit: Cpu.millis(500) })).toThrow(/cpuLimit \(500m\) is below cpuRequest/);
    const s = synth({ cpuRequest: Cpu.millis(500), cpuLimit: Cpu.units(1), memoryLimit: Size.gibibytes(1) });
    expect(s.one('Deployment').spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '1', memory: '1024Mi' });
    expect(new GoLiveK8sValidation().checkApp(s.app).findings.filter((f) => f.ruleId === 'K8sResources').map((f) => f.status)).toEqual(['pass']);
  });

  test('the same name in env and secretEnv is an error', () => {
    expect(() => synth({ env: { LOG_LEVEL: 'info' }, secretEnv: { LOG_LEVEL: SecretKeyRef.of('x', 'y') } })).toThrow(/both env and secretEnv/);
  });
});

describe('app synth', () => {
  test('cdk8s App.synth writes the manifests', () => {
    const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'golive-k8s-')) });
    new ProductionWorkload(new Chart(app, 'web'), 'web', { image: IMAGE });
    app.synth();
    expect(require('fs').readdirSync(app.outdir)).toEqual(['web.k8s.yaml']);
  });
});
