/**
 * `cdk8s synth` with GoLiveK8sValidation registered in cdk8s.yaml: the real
 * cdk8s CLI loads the plugin from this package (compiled lib/, built by
 * `npm test` before jest runs) and fails the synth on a violation.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

function project(appSource: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cdk8s-'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
    'language: typescript',
    'app: node app.js',
    'validations:',
    `  - package: ${ROOT}`,
    `    version: ${VERSION}`,
    '    class: GoLiveK8sValidation',
    '    properties:',
    '      writeReports: false',
  ].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'app.js'), appSource);
  return dir;
}

function synth(dir: string) {
  return spawnSync(process.execPath, [CLI, 'synth'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}

const header = `
const { App, Chart } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'))});
const golive = require(${JSON.stringify(path.join(ROOT, 'lib'))});
const app = new App();
const chart = new Chart(app, 'web', { namespace: 'shop' });
`;

describe('cdk8s synth with the GoLiveK8sValidation plugin', () => {
  test('examples/k8s-workload synthesizes as documented, with its own cdk8s.yaml', () => {
    const example = path.join(ROOT, 'examples', 'k8s-workload');
    expect(fs.readFileSync(path.join(example, 'cdk8s.yaml'), 'utf8')).toContain(`version: ${VERSION}\n`);
    const dist = path.join(example, 'dist');
    fs.rmSync(dist, { recursive: true, force: true });
    const r = synth(example);
    expect([r.status, (r.stdout + r.stderr).slice(-2000)]).toEqual([0, expect.stringContaining('Validations ended succesfully')]);
    expect(fs.readdirSync(dist).sort()).toEqual(expect.arrayContaining(['golive-report.json', 'orders.k8s.yaml']));
    const report = JSON.parse(fs.readFileSync(path.join(dist, 'golive-report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => f.status === 'fail')).toEqual([]);
    fs.rmSync(dist, { recursive: true, force: true });
  });


  test('a compliant ProductionWorkload synthesizes', () => {
    const dir = project(header + `
new golive.ProductionWorkload(chart, 'web', {
  image: golive.WorkloadImage.fromTag('ghcr.io/acme/web', '1.2.3'),
  env: { ENVIRONMENT: 'production', LOG_LEVEL: 'info' },
  ingress: { host: 'web.example.com', controller: golive.IngressController.ingressNginx() },
  canary: { prometheusAddress: 'http://prometheus:9090' },
});
app.synth();
`);
    const r = synth(dir);
    expect([r.status, r.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    expect(fs.readdirSync(path.join(dir, 'dist')).some((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  test('acknowledgement annotations (GoLiveK8sAcknowledgements, a lazy export) let the synth pass; a mistaken one fails it, naming the annotation', () => {
    const app = (extra: string) => header + `
const pw = new golive.ProductionWorkload(chart, 'web', { image: golive.WorkloadImage.fromTag('ghcr.io/acme/web', '1.2.3') });
golive.GoLiveK8sAcknowledgements.of(pw.deployment).acknowledge({ id: 'K8sProgressiveRollout', reason: 'an internal tool' });
golive.GoLiveK8sAcknowledgements.of(pw.deployment).acknowledge({ id: 'DEPLOY-CANARY-ROLLBACK', reason: 'no traffic to analyse' });
${extra}
app.synth();
`;
    const ok = synth(project(app('')));
    expect([ok.status, (ok.stdout + ok.stderr).slice(-2000)]).toEqual([0, expect.stringContaining('Validations ended succesfully')]);
    const bad = synth(project(app(`pw.deployment.metadata.addAnnotation('acknowledge.cdk-golive.io/K8sNoSuchRule', 'why');`)));
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/annotation acknowledge\.cdk-golive\.io\/K8sNoSuchRule: 'K8sNoSuchRule' is neither a rule id nor a checklist item id/);
  });

  test('a violating manifest fails the synth, naming the rule and the item', () => {
    const dir = project(header + `
const { ApiObject } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'))});
new ApiObject(chart, 'bad', {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'bad' } }, template: { metadata: { labels: { app: 'bad' } },
    spec: { containers: [{ name: 'bad', image: 'nginx:latest' }] } } },
});
app.synth();
`);
    const r = synth(dir);
    expect(r.status).not.toBe(0);
    const output = r.stdout + r.stderr;
    expect(output).toMatch(/K8sPinnedImage|K8S-PINNED-IMAGE/);
    expect(output).toMatch(/K8sMinReplicas|SCALING-MIN-CAPACITY/);
  });
});
