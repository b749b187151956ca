import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { GoLiveK8sValidation, IK8sValidationContext, K8sValidationViolation, ProductionWorkload, WorkloadImage } from '../../lib';
import { buildK8sApp } from '../../bin/k8s-app';

/** A stand-in for cdk8s-cli's ValidationContext (same shape): what `cdk8s synth` hands a plugin. */
function fakeContext(manifests: string[]) {
  const violations: K8sValidationViolation[] = [];
  const logs: string[] = [];
  let submitted: { status: string; metadata?: Record<string, string> } | undefined;
  const context: IK8sValidationContext = {
    manifests,
    report: {
      addViolation: (v) => {
        if (submitted) throw new Error('Violations cannot be added to report after its submitted');
        violations.push(v);
      },
      submit: (status, metadata) => { submitted = { status, metadata }; },
    },
    logger: { log: (m) => logs.push(m) },
  };
  return { context, violations, logs, submitted: () => submitted };
}

function synthTo(build: (app: App) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8s-validation-'));
  const app = new App({ outdir });
  build(app);
  app.synth();
  return fs.readdirSync(outdir).map((f) => path.join(outdir, f));
}

describe('GoLiveK8sValidation (cdk8s validation plugin)', () => {
  test('the reference app validates: success, no violations, reports written next to the manifests', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8s-validation-'));
    buildK8sApp(outdir).synth();
    const manifests = fs.readdirSync(outdir).map((f) => path.join(outdir, f));
    const ctx = fakeContext(manifests);
    await new GoLiveK8sValidation().validate(ctx.context);
    expect(ctx.violations).toEqual([]);
    expect(ctx.submitted()?.status).toBe('success');
    expect(ctx.submitted()?.metadata?.['items violated']).toBe('0');
    expect(Number(ctx.submitted()?.metadata?.['items satisfied'])).toBeGreaterThan(20);
    expect(ctx.logs.join('\n')).toMatch(/kubernetes\s+10\s+0/);
    expect(fs.readdirSync(outdir).sort()).toEqual(['golive-report.json', 'golive-report.md', 'golive-report.sarif', 'ingress-nginx.k8s.yaml', 'shop.k8s.yaml']);
  });

  test('a workload without a canary fails the synth, naming the rules and the checklist items', async () => {
    const manifests = synthTo((app) => new ProductionWorkload(new Chart(app, 'web'), 'web', { image: WorkloadImage.fromTag('ghcr.io/acme/web', '1.0.0') }));
    const ctx = fakeContext(manifests);
    await new GoLiveK8sValidation({ writeReports: false }).validate(ctx.context);
    expect(ctx.submitted()?.status).toBe('failure');
    expect(ctx.violations.map((v) => v.ruleName).sort()).toEqual(['GoLiveChecks::K8sCanaryAnalysis', 'GoLiveChecks::K8sProgressiveRollout']);
    const v = ctx.violations.find((x) => x.ruleName === 'GoLiveChecks::K8sProgressiveRollout')!;
    // One violation per object, describing that object only.
    expect(v.recommendation).toMatch(/^Deployment\/default\/web: .* \[checklist: DEPLOY-PROGRESSIVE\]$/);
    expect(v.violatingResources).toEqual([{ resourceName: 'web', locations: ['spec.strategy'], manifestPath: manifests[0] }]);
    expect(v.fix).toMatch(/Argo Rollout/);
    expect(fs.readdirSync(path.dirname(manifests[0]))).toEqual(['web.k8s.yaml']);
  });

  test('items and sections narrow the checks (cdk8s has no acknowledgement mechanism)', async () => {
    const manifests = synthTo((app) => new ProductionWorkload(new Chart(app, 'web'), 'web', { image: WorkloadImage.fromTag('ghcr.io/acme/web', '1.0.0') }));
    const ctx = fakeContext(manifests);
    await new GoLiveK8sValidation({ sections: ['kubernetes' as never], writeReports: false }).validate(ctx.context);
    expect(ctx.violations).toEqual([]);
    expect(ctx.submitted()?.status).toBe('success');
  });

  test('hand-written manifests are judged the same way', () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'k8s', 'compliant');
    const report = new GoLiveK8sValidation().checkManifests(fs.readdirSync(dir).map((f) => path.join(dir, f)));
    expect(report.violations()).toEqual([]);
    expect(report.statusOf('K8S-NETWORK-POLICY')).toBe('satisfied');
  });

  test('thresholds given as plugin properties apply; looser ones are refused', () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'k8s', 'compliant');
    const report = new GoLiveK8sValidation({ thresholds: { minReplicas: 4 } }).checkManifests([path.join(dir, 'web.yaml')]);
    expect(report.statusOf('SCALING-MIN-CAPACITY')).toBe('violated');
    expect(() => new GoLiveK8sValidation({ thresholds: { minReplicas: 2 } }).checkManifests([path.join(dir, 'web.yaml')])).toThrow(/minReplicas/);
  });

  test('a mistake in the plugin properties fails the synth with one line naming it, and checks nothing', async () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'k8s', 'compliant');
    const ctx = fakeContext([path.join(dir, 'web.yaml')]);
    await new GoLiveK8sValidation({ sections: ['kubernets' as any], writeReports: false }).validate(ctx.context);
    expect(ctx.submitted()?.status).toBe('failure');
    expect(ctx.violations).toEqual([expect.objectContaining({
      ruleName: 'GoLiveChecks::Configuration',
      recommendation: expect.stringMatching(/^GoLiveChecks: sections: unknown section 'kubernets' \(known: /),
    })]);
  });

  test('a manifest with a document that is not an object fails the synth with one line naming it (it was dropped unseen); empty documents are skipped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8s-validation-'));
    const web = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'k8s', 'compliant', 'web.yaml'), 'utf8');
    const file = path.join(dir, 'web.k8s.yaml');
    const text = `---\n---\n${web}\n---\njust text\n`;
    fs.writeFileSync(file, text);
    const ctx = fakeContext([file]);
    await new GoLiveK8sValidation({ writeReports: false }).validate(ctx.context);
    expect(ctx.submitted()?.status).toBe('failure');
    const last = YAML.parseAllDocuments(text).length; // the scalar, numbered as in the file (empty documents counted)
    expect(ctx.violations.map((v) => [v.ruleName, v.recommendation])).toEqual([['GoLiveChecks::Configuration', `${file}: document ${last}: not a Kubernetes object (expected a map)`]]);
    fs.writeFileSync(file, `---\n---\n${web}\n---\n`);
    expect(new GoLiveK8sValidation().checkManifests([file]).violations()).toEqual([]);
  });

  test('a manifest over the size limit fails the synth with one line saying what to do (the plugin has no option to raise it)', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8s-validation-')), 'big.k8s.yaml');
    fs.writeFileSync(file, `# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    const ctx = fakeContext([file]);
    await new GoLiveK8sValidation({ writeReports: false }).validate(ctx.context);
    expect(ctx.submitted()?.status).toBe('failure');
    expect(ctx.violations.map((v) => v.recommendation)).toEqual([expect.stringMatching(/big\.k8s\.yaml: 17(\.\d)? MiB, over the limit of 16 MiB per file \(check a larger manifest with cdk-golive check --max-file-size\)$/)]);
  });
});
