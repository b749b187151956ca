import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildK8sApp } from '../../bin/k8s-app';
import { main } from '../../lib/cli/main';

describe('reference Kubernetes app (bin/k8s-app.ts)', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8s-dist-'));
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8s-report-'));
  beforeAll(() => buildK8sApp(dist).synth());

  test('synthesizes one manifest per chart', () => {
    expect(fs.readdirSync(dist).sort()).toEqual(['ingress-nginx.k8s.yaml', 'shop.k8s.yaml']);
  });

  test('`cdk-golive check dist` passes (exit 0) and every kubernetes item is satisfied', () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(['check', dist, '--out', reports, '--format', 'json'], (s) => out.push(s), (s) => err.push(s));
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out.join(''));
    const items: { id: string; section: string; status: string }[] = report.items;
    const k8s = items.filter((i) => i.section === 'kubernetes');
    expect(k8s.filter((i) => i.status !== 'satisfied')).toEqual([]);
    for (const id of ['SCALING-MIN-CAPACITY', 'SCALING-AUTOSCALING', 'HEALTH-ENDPOINT', 'DEPLOY-ZERO-DOWNTIME', 'DEPLOY-PROGRESSIVE', 'DEPLOY-CANARY-ROLLBACK',
      'SECRETS-NO-PLAINTEXT', 'EDGE-HTTPS-LISTENER', 'EDGE-CERTIFICATE-MANAGED', 'HEADERS-HSTS', 'HA-MULTI-AZ', 'NET-RESTRICTED-INGRESS', 'COMPUTE-HARDENED']) {
      expect([id, items.find((i) => i.id === id)?.status]).toEqual([id, 'satisfied']);
    }
    expect(fs.readdirSync(reports).sort()).toEqual(['golive-report.json', 'golive-report.md', 'golive-report.sarif']);
  });

  test('`cdk-golive check` fails (exit 1) once a manifest is weakened', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8s-broken-'));
    const text = fs.readFileSync(path.join(dist, 'shop.k8s.yaml'), 'utf8').replace('image: ghcr.io/acme/shop-web:2.3.1', 'image: ghcr.io/acme/shop-web:latest');
    fs.writeFileSync(path.join(broken, 'shop.k8s.yaml'), text);
    const out: string[] = [];
    expect(main(['check', broken, '--out', reports], (s) => out.push(s), () => undefined)).toBe(1);
    expect(out.join('')).toMatch(/K8S-PINNED-IMAGE/);
  });
});
