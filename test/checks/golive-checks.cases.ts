import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations, aws_cloudwatch as cw, aws_kms as kms } from 'aws-cdk-lib';
import { GoLiveChecks, ItemStatus, Section } from '../../lib';

const quiet = { printSummary: false, writeReports: false };

function appWithAlarms(ack?: (a: cw.Alarm, b: cw.Alarm) => void): App {
  const app = new App();
  const stack = new Stack(app, 'S');
  new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const metric = new cw.Metric({ namespace: 'X', metricName: 'Y', period: Duration.minutes(1) });
  const a = new cw.Alarm(stack, 'A', { metric, threshold: 1, evaluationPeriods: 1 });
  const b = new cw.Alarm(stack, 'B', { metric, threshold: 1, evaluationPeriods: 1 });
  ack?.(a, b);
  return app;
}

describe('GoLiveChecks', () => {
  test('checkApp reports violations with construct paths and evidence for passes', () => {
    const report = new GoLiveChecks(quiet).checkApp(appWithAlarms());
    const v = report.violations();
    expect(v.map((f) => [f.ruleId, f.constructPath])).toEqual([['AlarmHasAction', 'S/A/Resource'], ['AlarmHasAction', 'S/B/Resource']]);
    expect(report.statusOf('ALARM-ACTIONS')).toBe(ItemStatus.VIOLATED);
    expect(report.statusOf('KMS-KEY-ROTATION')).toBe(ItemStatus.SATISFIED);
    const ev = report.items.find((i) => i.id === 'KMS-KEY-ROTATION')!.evidence[0];
    expect(ev).toMatchObject({ kind: 'resource', property: 'Properties.EnableKeyRotation', value: 'true' });
    expect(report.exitCode()).toBe(1);
  });

  test('Validations.acknowledge by item id or rule id acknowledges, with the reason in the report', () => {
    const app = appWithAlarms((a, b) => {
      Validations.of(a).acknowledge({ id: 'GoLiveChecks::ALARM-ACTIONS', reason: 'dashboard-only alarm' });
      Validations.of(b).acknowledge({ id: 'GoLiveChecks::AlarmHasAction', reason: 'also dashboard-only' });
    });
    const report = new GoLiveChecks(quiet).checkApp(app);
    expect(report.violations()).toEqual([]);
    expect(report.statusOf('ALARM-ACTIONS')).toBe(ItemStatus.ACKNOWLEDGED);
    expect(report.acknowledgements.map((a) => [a.id, a.constructPath, a.reason, a.findings])).toEqual([
      ['GoLiveChecks::ALARM-ACTIONS', 'S/A', 'dashboard-only alarm', 1],
      ['GoLiveChecks::AlarmHasAction', 'S/B', 'also dashboard-only', 1],
    ]);
    expect(report.toMarkdown()).toMatch(/dashboard-only alarm/);
    expect(report.exitCode()).toBe(0);
  });

  test('an acknowledgement of another plugin does not acknowledge ours', () => {
    const app = appWithAlarms((a) => Validations.of(a).acknowledge({ id: 'AwsSolutions::ALARM-ACTIONS', reason: 'x' }));
    expect(new GoLiveChecks(quiet).checkApp(app).violations()).toHaveLength(2);
  });

  test('as a synth plugin: violations fail the synth, acknowledged ones do not', () => {
    const bad = appWithAlarms();
    Validations.of(bad).addPlugins(new GoLiveChecks(quiet));
    expect(() => bad.synth()).toThrow(/AlarmHasAction/);

    const ok = appWithAlarms((a, b) => {
      Validations.of(a).acknowledge({ id: 'GoLiveChecks::ALARM-ACTIONS', reason: 'r' });
      Validations.of(b).acknowledge({ id: 'GoLiveChecks::ALARM-ACTIONS', reason: 'r' });
    });
    const plugin = new GoLiveChecks(quiet);
    Validations.of(ok).addPlugins(plugin);
    expect(() => ok.synth()).not.toThrow();
    expect(plugin.lastReport!.statusOf('ALARM-ACTIONS')).toBe(ItemStatus.ACKNOWLEDGED);
  });

  test('writes the three reports into the assembly and prints the summary', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'S');
    new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    Validations.of(app).addPlugins(new GoLiveChecks());
    app.synth();
    const printed = spy.mock.calls.map((c) => String(c[0])).join('\n');
    spy.mockRestore();
    expect(printed).toMatch(/cdk-golive checklist/);
    expect(printed).toMatch(/TOTAL/);
    for (const f of ['golive-report.json', 'golive-report.md', 'golive-report.sarif']) expect(fs.existsSync(path.join(outdir, f))).toBe(true);
  });

  test('sections and items restrict what is checked; unknown ids are refused', () => {
    const report = new GoLiveChecks({ ...quiet, sections: [Section.BACKUP] }).checkApp(appWithAlarms());
    expect(report.violations()).toEqual([]);
    expect(report.items.every((i) => i.section === 'backup')).toBe(true);
    // Mistakes are reported when the checks run (a failed synth, see gate.test.ts), one line each.
    const empty = { Resources: {} };
    expect(() => new GoLiveChecks({ items: ['NOPE-X'] }).checkTemplate(empty)).toThrow(/^GoLiveChecks: items: unknown checklist item 'NOPE-X'/);
    expect(() => new GoLiveChecks({ severityOverrides: { NopeRule: 'low' as any } }).checkTemplate(empty)).toThrow(/unknown rule 'NopeRule'/);
    expect(() => new GoLiveChecks({ thresholds: { cpuPercent: 95 } }).checkTemplate(empty)).toThrow(/^GoLiveChecks: thresholds: .*cpuPercent/);
  });

  test('unknown findings: not a violation, but strict fails', () => {
    const report = new GoLiveChecks(quiet).checkTemplate({
      Parameters: { Rotate: { Type: 'String' } },
      Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: { Ref: 'Rotate' } } } },
    });
    expect(report.statusOf('KMS-KEY-ROTATION')).toBe(ItemStatus.UNKNOWN);
    expect(report.violations()).toEqual([]);
    expect(report.exitCode(false)).toBe(0);
    expect(report.exitCode(true)).toBe(1);
  });

  test('attestations: attested items are evidenced; strict fails while one is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-att-'));
    const file = path.join(dir, 'golive.attestations.json');
    fs.writeFileSync(file, JSON.stringify({ attestations: [{ item: 'SIGNOFF-SECURITY-LEAD', by: 'sec-lead@example.com', date: '2026-11-01' }] }));
    const report = new GoLiveChecks({ ...quiet, attestationsFile: file }).checkTemplate({ Resources: {} });
    expect(report.statusOf('SIGNOFF-SECURITY-LEAD')).toBe(ItemStatus.ATTESTED);
    expect(report.items.find((i) => i.id === 'SIGNOFF-SECURITY-LEAD')!.evidence[0]).toMatchObject({ kind: 'attestation', resource: 'sec-lead@example.com' });
    expect(report.exitCode(true)).toBe(1); // other attestation items are still pending
    expect(() => new GoLiveChecks({ ...quiet, attestationsFile: path.join(dir, 'missing.json') }).checkTemplate({ Resources: {} })).toThrow(/does not exist/);
  });

  test('SARIF output is valid SARIF 2.1.0, with acknowledged findings as suppressions', () => {
    const app = appWithAlarms((a) => Validations.of(a).acknowledge({ id: 'GoLiveChecks::ALARM-ACTIONS', reason: 'why not' }));
    const sarif = new GoLiveChecks(quiet).checkApp(app).toSarif();
    expect(sarif).toBeValidSarifLog();
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(2);
    expect(results.filter((r: any) => r.suppressions).map((r: any) => r.suppressions[0].justification)).toEqual(['why not']);
    expect(results.every((r: any) => sarif.runs[0].tool.driver.rules[r.ruleIndex].id === r.ruleId)).toBe(true);
    // the validator itself can fail
    expect({ ...sarif, version: '9.9' }).not.toBeValidSarifLog();
  });
});
