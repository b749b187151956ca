/**
 * One violation grouping and one report writer for the three tools: the CDK plugin
 * (toPolicyViolations), the cdk8s plugin (violationsOf) and the CLI (violationLines, writeReports)
 * show the same violations of one report, each describing its own resource, baselined ones left to
 * the summary.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoLiveChecks, toPolicyViolations } from '../../lib/checks/golive-checks';
import { violationsOf } from '../../lib/checks/golive-k8s-validation';
import { FindingStatus } from '../../lib/checks/model';
import { REPORT_FILES } from '../../lib/checks/report';
import { writeReports } from '../../lib/cli/output';

const alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors', Namespace: 'X', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' } };
const template = { Resources: { AlarmA: alarm, AlarmB: alarm, AlarmC: alarm } };
const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.0.0' }] } } },
};

function run() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-violations-'));
  const baseline = path.join(dir, 'golive.baseline.json');
  // AlarmC's violation is recorded: it is reported in the summary, not by any tool's listing.
  fs.writeFileSync(baseline, JSON.stringify({ findings: [{ rule: 'AlarmHasAction', stack: 'S', resource: 'AlarmC', property: 'Properties.AlarmActions' }] }));
  const checks = new GoLiveChecks({ printSummary: false, writeReports: false, items: ['ALARM-ACTIONS', 'DEPLOY-PROGRESSIVE'] });
  const { report } = checks._run({
    templates: [{ file: path.join(dir, 'S.template.json'), stack: 'S', template }],
    manifests: [{ file: path.join(dir, 'web.k8s.yaml'), documents: [deployment] }],
    acks: [], lines: {},
  }, { baselineFile: baseline });
  return { report, dir };
}

describe('one violation grouping for the CDK, cdk8s and the CLI', () => {
  test('the three list the same violations, one per failing resource, none baselined', () => {
    const { report } = run();
    const failing = report.violations();
    expect(failing.filter((f) => f.baselined).map((f) => f.resource)).toEqual(['AlarmC']);
    const shared = report._resourceViolations();
    const expected = shared.map((v) => [v.finding.ruleId, v.finding.resource]);
    expect(expected).toEqual(expect.arrayContaining([['AlarmHasAction', 'AlarmA'], ['AlarmHasAction', 'AlarmB'], ['K8sProgressiveRollout', 'Deployment/default/web']]));
    expect(expected.map(([, r]) => r)).not.toContain('AlarmC');

    const cdk = toPolicyViolations(report);
    const k8s = violationsOf(report);
    const cli = report.violationLines(1000);
    expect(cdk.map((v) => [v.ruleName, v.violatingResources[0].resourceLogicalId])).toEqual(expected);
    expect(k8s.map((v) => [v.ruleName.replace(/^GoLiveChecks::/, ''), v.recommendation.split(': ')[0]])).toEqual(expected);
    expect(cli).toHaveLength(expected.length);
    shared.forEach((v, i) => {
      // The same text, describing its own resource only.
      expect(cdk[i].description).toBe(v.text);
      expect(k8s[i].recommendation).toBe(`${v.finding.resource}: ${v.text}`);
      expect(cli[i]).toBe(`  [${v.finding.severity}] ${v.finding.ruleId} ${v.finding.stack}/${v.finding.resource}: ${v.text}`);
      expect(v.text).toMatch(/ \[checklist: [A-Z-]+(, [A-Z-]+)*\]$/);
      expect(cdk[i].severity).toBe(v.blocking ? 'error' : 'warning');
    });
    // The summary still counts the baselined one.
    expect(report.summary()).toMatch(/1 recorded violation\(s\) do not fail/);
    // The CDK's rule metadata carries the rule's AWS controls, derived from its items.
    expect(cdk[0].ruleMetadata).toMatchObject({ items: 'ALARM-ACTIONS', securityHubControls: 'CloudWatch.15,CloudWatch.17', controlTowerControls: 'CT.CLOUDWATCH.PR.1,CT.CLOUDWATCH.PR.4' });
    // And so does SARIF; a Kubernetes rule has none.
    const sarifRules = report.toSarif().runs[0].tool.driver.rules;
    expect(sarifRules.find((r: any) => r.id === 'AlarmHasAction').properties).toMatchObject({ securityHubControls: ['CloudWatch.15', 'CloudWatch.17'], controlTowerControls: ['CT.CLOUDWATCH.PR.1', 'CT.CLOUDWATCH.PR.4'] });
    expect(sarifRules.find((r: any) => r.id === 'K8sProgressiveRollout').properties.securityHubControls).toBeUndefined();
  });

  test('a finding repeated on one resource is one violation', () => {
    const { report } = run();
    const f = report.findings.find((x) => x.status === FindingStatus.FAIL && x.resource === 'AlarmA')!;
    (report.findings as unknown[]).push({ ...f });
    expect(report.violations().filter((x) => x.resource === 'AlarmA')).toHaveLength(2);
    expect(report._resourceViolations().filter((v) => v.finding.resource === 'AlarmA')).toHaveLength(1);
    expect(toPolicyViolations(report).filter((v) => v.violatingResources[0].resourceLogicalId === 'AlarmA')).toHaveLength(1);
  });

  test('one report writer: the CLI writes through ChecklistReport.writeReports, and a folder that cannot be written is one line', () => {
    const { report, dir } = run();
    const out = path.join(dir, 'out');
    const printed: string[] = [];
    writeReports(report, out, 'summary', (s) => printed.push(s), () => undefined);
    expect(fs.readdirSync(out).sort()).toEqual(Object.values(REPORT_FILES).sort());
    expect(printed.join('')).toBe(report._terminalText() + '\n');
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    expect(() => report.writeReports(path.join(blocked, 'x'))).toThrow(/a-file\/x: the reports cannot be written \(ENOTDIR\)$/);
    expect(() => writeReports(report, path.join(blocked, 'x'), 'summary', () => undefined, () => undefined)).toThrow(/^--out .*a-file\/x: the reports cannot be written \(ENOTDIR\)$/);
  });
});
