/**
 * The reference app (bin/reference-app.ts): two ProductionServices, a Lambda API
 * and an ECS Fargate web service (with the us-east-1 stack its CDN needs),
 * synthesized with GoLiveChecks, cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA
 * Security and PCI DSS 3.2.1 as policy validation plugins and the CDK's CloudFormation validation (strict).
 * `cdk-golive check` on the cloud assembly then reports every checklist item that
 * has an AWS rule satisfied — no violation, nothing pending — but HEADERS-RESPONSE-POLICY and HEADERS-XSS-PROTECTION,
 * unknown: the load balancers cannot send those headers on the services' own responses.
 *
 * Every acknowledgement in the app is listed, with its reason, in
 * docs/acknowledgements-reference-app.md.
 */
import { Catalog } from '../lib/checklist/catalog';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildReferenceApp } from '../bin/reference-app';
import { AWS_RULES } from '../lib/checks/aws';
import { main } from '../lib/cli/main';
import { unacknowledgedNagFindings, undocumentedAcknowledgements, unmirroredNistAcknowledgements } from './nag';

// This file tests the CDK's built-in CloudFormation validation, which test/setup.ts turns off elsewhere.
process.env.CDK_VALIDATION = 'true';

/**
 * The web service's CDN takes its certificate and web ACL from the us-east-1
 * stack (CloudFront accepts them from us-east-1 only), through
 * `Fn::GetStackOutput`: the engine follows those outputs into the producing
 * template, so these items are decided on the distribution too.
 */
const CROSS_REGION: Record<string, string> = {
  'EDGE-CERTIFICATE-MANAGED': 'EdgeCertificateManaged',
  'WAF-WEB-ACL': 'WafWebAcl',
  'WAF-RATE-LIMIT': 'WafRateLimit',
};

interface Report {
  readonly items: Array<{ id: string; status: string; evidenceKind: string }>;
  readonly findings: Array<{ ruleId: string; status: string; resource: string; resourceType: string; stack: string; message: string }>;
  readonly acknowledgements: Array<{ id: string; reason: string }>;
}

describe('reference app', () => {
  let outdir: string;
  let app: App;
  let synthError: Error | undefined;
  let exitCode: number;
  let report: Report;
  let stderr = '';

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-reference-'));
    app = buildReferenceApp({ outdir, printSummary: false });
    try {
      app.synth();
    } catch (e) {
      synthError = e as Error;
    }
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-reference-report-'));
    let stdout = '';
    exitCode = main(['check', outdir, '--format', 'json', '--out', reports], (s) => (stdout += s), (s) => (stderr += s)) as number;
    report = JSON.parse(stdout);
  });

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('three stacks in fixed environments: the Lambda API, the web service, and its CDN\'s us-east-1 parts', () => {
    const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
    expect(stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['GoLiveApi', '111111111111', 'eu-west-1'],
      ['GoLiveShopEdge', '111111111111', 'us-east-1'],
      ['GoLiveShop', '111111111111', 'eu-west-1'],
    ]);
    expect(app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
  });

  test('synth passes GoLiveChecks, cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1, and the CloudFormation validation', () => {
    expect(synthError?.message).toBeUndefined();
    const validation = path.join(outdir, 'validation-report.json');
    if (fs.existsSync(validation)) {
      const failed = JSON.parse(fs.readFileSync(validation, 'utf8')).pluginReports?.filter((r: { summary?: { status?: string } }) => r.summary?.status === 'failure') ?? [];
      expect(failed).toEqual([]);
    }
    // Nothing was looked up: no missing context for the CLI to resolve with credentials.
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.missing).toBeUndefined();
  });

  test('cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1: every finding acknowledged', () => {
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  test('cdk-golive check exits 0: nothing violated', () => {
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(report.findings.filter((f) => f.status === 'fail')).toEqual([]);
  });

  test('every item that has an AWS rule is satisfied or acknowledged', () => {
    const withAwsRule = new Set(AWS_RULES.flatMap((r) => r.items));
    const onlyFor = new Set(Catalog.items().filter((i) => i.onlyFor).map((i) => i.id));
    // The CDN sends Referrer-Policy and X-XSS-Protection on the static assets; the services' own responses come
    // through their load balancers, which cannot send them: only the applications can, so those two are unknown.
    const applicationSets = ['HEADERS-RESPONSE-POLICY', 'HEADERS-XSS-PROTECTION'];
    const open = report.items
      .filter((i) => i.evidenceKind === 'rule' && withAwsRule.has(i.id) && !applicationSets.includes(i.id))
      .filter((i) => i.status !== 'satisfied' && i.status !== 'acknowledged' && !(onlyFor.has(i.id) && i.status === 'not-applicable'))
      .map((i) => `${i.id}: ${i.status}`);
    expect(open).toEqual([]);
    for (const id of applicationSets) {
      const item = report.items.find((i) => i.id === id) as { status: string; reason?: string };
      expect([id, item.status, item.reason]).toEqual([id, 'unknown', expect.stringMatching(/AWS::ElasticLoadBalancingV2::LoadBalancer/)]);
    }
    // The app has no API Gateway: the API item does not apply (not pending).
    expect(report.items.find((i) => i.id === 'API-AUTHORIZATION')!.status).toBe('not-applicable');
    // Kubernetes-only items do not apply to a CloudFormation-only app.
    const k8sOnly = report.items.filter((i) => i.evidenceKind === 'rule' && !withAwsRule.has(i.id) && i.id.startsWith('K8S-'));
    expect(k8sOnly.length).toBeGreaterThan(0);
    for (const i of k8sOnly) expect(i.status).toBe('not-applicable');
  });

  test('the CDN\'s cross-region certificate and web ACL are judged through Fn::GetStackOutput', () => {
    for (const [item, ruleId] of Object.entries(CROSS_REGION)) {
      expect([item, report.items.find((i) => i.id === item)!.status]).toEqual([item, 'satisfied']);
      const onDistribution = report.findings.filter((f) => f.ruleId === ruleId && f.resourceType === 'AWS::CloudFront::Distribution');
      expect(onDistribution.length).toBeGreaterThan(0);
      for (const f of onDistribution) expect([ruleId, f.status]).toEqual([ruleId, 'pass']);
    }
    expect(report.findings.filter((f) => f.status === 'unknown')).toEqual([]);
  });

  test('no GoLiveChecks acknowledgement: the constructs provision every item', () => {
    expect(report.acknowledgements).toEqual([]);
  });

  test('every acknowledgement in the app has a reason and is listed in docs/acknowledgements-reference-app.md; the NIST ones are made under HIPAA and PCI too', () => {
    expect(undocumentedAcknowledgements(app, 'acknowledgements-reference-app.md')).toEqual([]);
    expect(unmirroredNistAcknowledgements(app)).toEqual([]);
  });
});
