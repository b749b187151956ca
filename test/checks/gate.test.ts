/**
 * The gate: mistakes stop the synth (fail closed), report-only, failOn, the baseline, one CDK
 * violation per resource, and the SARIF written at synth.
 */
import '@microsoft/jest-sarif';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Stage, Validations, aws_cloudwatch as cw, aws_kms as kms } from 'aws-cdk-lib';
import { Catalog, EvidenceKind, GoLiveChecks, GoLiveChecksProps, ItemStatus, Section, Severity } from '../../lib';
import { loadFolder } from '../../lib/checks/loader';
import { main } from '../../lib/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');
const quiet = { printSummary: false, writeReports: false };
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `golive-gate-${prefix}-`));

/** An app with a compliant key and, per name, an alarm without an action (AlarmHasAction, medium). */
function app(alarms: string[] = ['A', 'B'], options: { outdir?: string; context?: Record<string, unknown>; stage?: boolean } = {}): { app: App; stack: Stack } {
  const a = new App({ outdir: options.outdir, context: options.context });
  const scope = options.stage ? new Stage(a, 'Prod') : a;
  const stack = new Stack(scope, 'S');
  new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const metric = new cw.Metric({ namespace: 'X', metricName: 'Y', period: Duration.minutes(1) });
  for (const name of alarms) new cw.Alarm(stack, name, { metric, threshold: 1, evaluationPeriods: 1 });
  return { app: a, stack };
}

/** Synthesize in memory, as in any jest test: the CDK's report when the synth fails, '' when it passes. */
function synthFailure(a: App, plugin: GoLiveChecks): string {
  Validations.of(a).addPlugins(plugin);
  try {
    a.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** What the synth printed (the CDK prints warnings; the plugin its summary) while passing. */
function synthPrinted(a: App, plugin: GoLiveChecks): { failure: string; printed: string } {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const failure = synthFailure(a, plugin);
    return { failure, printed: spy.mock.calls.map((c) => String(c[0])).join('\n') };
  } finally {
    spy.mockRestore();
  }
}

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, (s) => (out += s), (s) => (err += s)) as number;
  return { code, out, err };
}

function assembly(alarms: string[], stage = false): string {
  const outdir = tmp('asm');
  app(alarms, { outdir, stage }).app.synth();
  return outdir;
}

describe('fail closed: every mistake stops the synth with one line naming it', () => {
  const attestations = (text: string) => {
    const file = path.join(tmp('att'), 'golive.attestations.json');
    fs.writeFileSync(file, text);
    return file;
  };

  test.each<[string, () => GoLiveChecksProps, RegExp]>([
    ['an unknown section', () => ({ sections: ['databse' as Section] }), /GoLiveChecks: sections: unknown section 'databse' \(known: database, /],
    ['an unknown item', () => ({ items: ['DB-NOPE'] }), /GoLiveChecks: items: unknown checklist item 'DB-NOPE'/],
    ['a severity override of an unknown rule', () => ({ severityOverrides: { NopeRule: Severity.LOW } }), /severityOverrides names unknown rule 'NopeRule'/],
    ['a severity that does not exist', () => ({ severityOverrides: { AlarmHasAction: 'urgent' as Severity } }), /severityOverrides\.AlarmHasAction: 'urgent' is not a severity/],
    ['a failOn that does not exist', () => ({ failOn: 'severe' as Severity }), /failOn: 'severe' is not a severity/],
    ['a looser threshold', () => ({ thresholds: { cpuPercent: 95 } }), /GoLiveChecks: thresholds: .*cpuPercent/],
    ['a missing attestations file', () => ({ attestationsFile: '/nonexistent/golive.attestations.json' }), /attestations file \/nonexistent\/golive\.attestations\.json does not exist/],
    ['a malformed attestations file', () => ({ attestationsFile: attestations('{ "attestations": [ ') }), /golive\.attestations\.json: malformed JSON/],
    ['an attestation with a bad field', () => ({ attestationsFile: attestations(JSON.stringify({ attestations: [{ item: 'SIGNOFF-SECURITY-LEAD', by: 'x', date: 'yesterday' }] })) }),
      /golive\.attestations\.json: attestations\[0\]\.date: 'yesterday' is not a date/],
    ['a missing baseline file', () => ({ baselineFile: '/nonexistent/golive.baseline.json' }), /baseline file \/nonexistent\/golive\.baseline\.json does not exist/],
  ])('%s', (_name, props, message) => {
    const report = synthFailure(app([]).app, new GoLiveChecks({ ...quiet, ...props() }));
    expect(report).toMatch(message);
    const line = report.split('\n').find((l) => message.test(l))!;
    expect(line).toMatch(/^FATAL /); // not acknowledgeable, and the checks did not run
    expect(report).toMatch(/Rule GoLiveChecks::Configuration/);
    expect(report).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m); // no stack trace
  });

  test.each<[string, (stack: Stack) => void, RegExp, boolean]>([
    ['an acknowledgement of an id that is neither a rule nor an item',
      (s) => Validations.of(s.node.findChild('A')).acknowledge({ id: 'GoLiveChecks::ALARM-ACTION', reason: 'dashboard only' }),
      /Validations\.of\('S\/A'\)\.acknowledge\(\{ id: 'GoLiveChecks::ALARM-ACTION' \}\): 'ALARM-ACTION' is neither a rule id nor a checklist item id/, true],
    ['an acknowledgement of an attestation item',
      (s) => Validations.of(s).acknowledge({ id: 'GoLiveChecks::SIGNOFF-SECURITY-LEAD', reason: 'signed on paper' }),
      /'SIGNOFF-SECURITY-LEAD' is an attestation item: no rule reports on it/, true],
    ['an empty reason',
      (s) => Validations.of(s.node.findChild('A')).acknowledge({ id: 'GoLiveChecks::AlarmHasAction', reason: '' }),
      /acknowledge\(\{ id: 'GoLiveChecks::AlarmHasAction' \}\): the reason is empty/, true],
    ['a blank reason on the app',
      (s) => Validations.of(s.node.root).acknowledge({ id: 'GoLiveChecks::ALARM-ACTIONS', reason: '   ' }),
      // The cloud assembly records no acknowledgement of the app itself: the CLI never sees this one.
      /Validations\.of\(app\)\.acknowledge\(\{ id: 'GoLiveChecks::ALARM-ACTIONS' \}\): the reason is empty/, false],
  ])('%s', (_name, acknowledge, message, inAssembly) => {
    const { app: a, stack } = app();
    acknowledge(stack);
    const report = synthFailure(a, new GoLiveChecks(quiet));
    expect(report).toMatch(message);
    expect(report).not.toMatch(/AlarmHasAction.*\n.*S\/B/); // the checks did not run
    if (!inAssembly) return;
    // The same mistake in a cloud assembly stops the CLI: exit 2, one line.
    const outdir = tmp('ack');
    const again = app(['A', 'B'], { outdir });
    acknowledge(again.stack);
    again.app.synth();
    const r = cli(['check', outdir, '--out', tmp('out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('the reportOnly context takes true or false only', () => {
    const report = synthFailure(app([], { context: { 'cdk-golive:reportOnly': 'yes' } }).app, new GoLiveChecks(quiet));
    expect(report).toMatch(/context cdk-golive:reportOnly: 'yes' is neither true nor false/);
  });

  test('the CLI names every mistake of its options before reading the folder', () => {
    const r = cli(['check', '/nonexistent', '--sections', 'databse']);
    expect([r.code, r.err]).toEqual([2, "cdk-golive: --sections: unknown section 'databse' (known: database, backup, cache, secrets, tls-edge, waf, security-headers, alarms, dashboards, logging, deployment, scaling-ha, network, config, audit, health-checks, kubernetes, pipeline, process)\n"]);
  });
});

describe('fail closed with the real CDK CLI (`cdk synth`)', () => {
  const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  function project(body: string, files: Record<string, string> = {}): string {
    const dir = tmp('cli');
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
    fs.writeFileSync(path.join(dir, 'app.js'), `
const { App, Stack, Validations, aws_kms: kms } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'aws-cdk-lib'))});
const { GoLiveChecks } = require(${JSON.stringify(path.join(ROOT, 'lib'))});
const app = new App();
const a = new Stack(app, 'A');
const b = new Stack(app, 'B');
new kms.Key(a, 'Key', { enableKeyRotation: true });
new kms.Key(b, 'Key', { enableKeyRotation: true });
${body}
Validations.of(app).addPlugins(new GoLiveChecks());
`);
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
    return dir;
  }
  // The CDK's own CloudFormation validation is off: it is not what these tests judge (the pack test and the
  // conformance suites synthesize with it on), and it costs every synth seconds of WASM start-up.
  const synth = (dir: string, ...args: string[]) => spawnSync(process.execPath, [CDK, 'synth', '--quiet', ...args], {
    cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_ENV: undefined, CDK_VALIDATION: 'false', FORCE_COLOR: '0', CDK_DISABLE_VERSION_CHECK: '1' },
  });

  test('a malformed golive.attestations.json fails `cdk synth` (it exited 0, silently)', () => {
    const r = synth(project('', { 'golive.attestations.json': '{ "attestations": [ { "item": "SIGNOFF-SECURITY-LEAD" } ' }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/FATAL golive\.attestations\.json: malformed JSON .*\(GoLiveChecks\)/);
  });

  test('an unknown acknowledgement on stack A fails `cdk synth B` too: selecting a stack hides no mistake', () => {
    const r = synth(project("Validations.of(a.node.findChild('Key')).acknowledge({ id: 'GoLiveChecks::KMS-KEY-ROTATON', reason: 'typo' });"), 'B');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/FATAL GoLiveChecks: Validations\.of\('A\/Key'\)\.acknowledge\(\{ id: 'GoLiveChecks::KMS-KEY-ROTATON' \}\): 'KMS-KEY-ROTATON' is neither/);
  });
});

describe('adoption: report-only and failOn', () => {
  test('report-only: the synth passes, the CDK prints each violation once as a warning, the summary says so', () => {
    const plugin = new GoLiveChecks({ reportOnly: true, writeReports: false });
    const { failure, printed } = synthPrinted(app().app, plugin);
    expect(failure).toBe('');
    expect(printed.match(/WARNING alarm: it has no action/g)).toHaveLength(2);
    expect(printed).toMatch(/2 unacknowledged violation\(s\) of 1 rule\(s\), 0 failing:\n +2 x AlarmHasAction \[medium\] \(ALARM-ACTIONS\) - 0 failing\nReport-only: no violation fails\./);
    expect(plugin.lastReport!.violations()).toHaveLength(2);
    expect(plugin.lastReport!.blockingViolations()).toEqual([]);
    expect(plugin.lastReport!.exitCode()).toBe(0);
  });

  test('report-only from the context (cdk synth -c cdk-golive:reportOnly=true); a mistake still fails', () => {
    expect(synthFailure(app(['A'], { context: { 'cdk-golive:reportOnly': 'true' } }).app, new GoLiveChecks(quiet))).toBe('');
    expect(synthFailure(app(['A'], { context: { 'cdk-golive:reportOnly': true } }).app, new GoLiveChecks({ ...quiet, sections: ['databse' as Section] })))
      .toMatch(/unknown section 'databse'/);
  });

  test('failOn: violations below it are warnings; severityOverrides moves a rule across the line', () => {
    expect(synthFailure(app().app, new GoLiveChecks(quiet))).toMatch(/ERROR alarm: it has no action/);
    const high = new GoLiveChecks({ ...quiet, failOn: Severity.HIGH });
    const { failure, printed } = synthPrinted(app().app, high);
    expect(failure).toBe('');
    expect(printed).toMatch(/WARNING alarm: it has no action/);
    expect(high.lastReport!.blockingViolations()).toEqual([]);
    const raised = synthFailure(app().app, new GoLiveChecks({ ...quiet, failOn: Severity.HIGH, severityOverrides: { AlarmHasAction: Severity.HIGH } }));
    expect(raised.match(/ERROR alarm: it has no action/g)).toHaveLength(2);
  });

  test('the CLI: --fail-on and --report-only', () => {
    const dir = assembly(['A']);
    expect(cli(['check', dir, '--out', tmp('o')]).code).toBe(1);
    expect(cli(['check', dir, '--out', tmp('o'), '--fail-on', 'high']).code).toBe(0);
    expect(cli(['check', dir, '--out', tmp('o'), '--fail-on', 'medium']).code).toBe(1);
    expect(cli(['check', dir, '--out', tmp('o'), '--report-only']).code).toBe(0);
    expect(cli(['check', dir, '--fail-on', 'severe'])).toMatchObject({ code: 2, err: expect.stringMatching(/--fail-on must be critical, high, medium, low/) });
  });

  test('--strict says why it fails: the unknown findings and the items not attested', () => {
    const dir = tmp('strict');
    fs.writeFileSync(path.join(dir, 'key.json'), JSON.stringify({
      Parameters: { Rotate: { Type: 'String' } },
      Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: { Ref: 'Rotate' } } } },
    }));
    expect(cli(['check', dir, '--out', tmp('o')]).code).toBe(0);
    const r = cli(['check', dir, '--out', tmp('o'), '--strict']);
    expect(r.code).toBe(1);
    const lines = r.err.split('\n');
    const pending = lines.filter((l) => l.startsWith('  not attested: ')).length;
    expect(r.err).toMatch(new RegExp(`--strict fails on ${pending + 1} item\\(s\\) and finding\\(s\\)`));
    expect(r.err).toMatch(/\n {2}unknown: KmsKeyRotation \(KMS-KEY-ROTATION\) key\/Key: .*\n/);
    expect(r.err).toMatch(/\n {2}not attested: SIGNOFF-SECURITY-LEAD \(attestation\) /);
    expect(pending).toBeGreaterThan(50);
    // A static check does not hold the live items against --strict: nothing before the deploy can settle them.
    expect(r.err).not.toMatch(/ LIVE-/);
    expect(r.err).toMatch(/\n--strict: \d+ live item\(s\) are measured on the deployed stacks, not here/);
  });

  describe('--strict and the live items', () => {
    const LIVE = Catalog.itemsByEvidence(EvidenceKind.LIVE).map((i) => i.id);
    /** Every attestation and pipeline item attested, and a compliant key: all a static check can settle is settled. */
    function settled(): { dir: string; attestations: string } {
      const dir = tmp('strict-live');
      fs.writeFileSync(path.join(dir, 'key.json'), JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: {} } } } }));
      const attestations = path.join(tmp('strict-att'), 'golive.attestations.json');
      const items = [...Catalog.itemsByEvidence(EvidenceKind.ATTESTATION), ...Catalog.itemsByEvidence(EvidenceKind.PIPELINE)];
      fs.writeFileSync(attestations, JSON.stringify({ attestations: items.map((i) => ({ item: i.id, by: 'release-manager@example.com', date: '2026-11-30' })) }));
      return { dir, attestations };
    }

    test('`check --strict` passes once every item a static check can settle is settled, and names the live items left to verify', () => {
      expect(LIVE.length).toBeGreaterThan(10);
      const { dir, attestations } = settled();
      const r = cli(['check', dir, '--out', tmp('o'), '--strict', '--attestations', attestations]);
      expect(r.code).toBe(0);
      expect(r.err.split('\n').filter((l) => !l.startsWith('reports: '))).toEqual([`--strict: ${LIVE.length} live item(s) are measured on the deployed stacks, not here: gate them after the deploy with 'cdk-golive verify --strict'`, '']);
      // One attestation fewer: strict fails on it, and only on it.
      const all = JSON.parse(fs.readFileSync(attestations, 'utf8'));
      fs.writeFileSync(attestations, JSON.stringify({ attestations: all.attestations.filter((a: { item: string }) => a.item !== 'SIGNOFF-SECURITY-LEAD') }));
      const one = cli(['check', dir, '--out', tmp('o'), '--strict', '--attestations', attestations]);
      expect(one.code).toBe(1);
      expect(one.err).toMatch(/--strict fails on 1 item\(s\) and finding\(s\) a person or a deploy must settle:\n {2}not attested: SIGNOFF-SECURITY-LEAD /);
    });

    test('a report with the live items measured (cdk-golive verify --app) fails strict on each live item still pending', () => {
      const { dir, attestations } = settled();
      const checks = new GoLiveChecks({ ...quiet });
      const loaded = loadFolder(dir);
      const staticReport = checks._evaluateLoaded(loaded, attestations);
      expect([staticReport.exitCode(true), staticReport.strictReasons()]).toEqual([0, []]);
      // Measured, with nothing found for any live item: each is pending, and strict fails on it.
      const measured = checks._evaluateLoaded(loaded, attestations, { findings: [], rules: [] });
      expect(measured.exitCode(true)).toBe(1);
      expect(measured.strictReasons().map((l) => l.split(' ')[2]).sort()).toEqual(LIVE.filter((id) => measured.statusOf(id) === ItemStatus.PENDING).sort());
      expect(LIVE.filter((id) => measured.statusOf(id) === ItemStatus.PENDING)).toEqual(LIVE);
      expect(measured.strictReasons()[0]).toMatch(/^not measured: LIVE-[A-Z-]+ \(live\) /);
      expect(measured._liveLeftToVerify()).toBe(0);
    });
  });
});

describe('the baseline: record today, fail on new ones, drop the fixed ones, never grow', () => {
  test('cdk-golive baseline, check, and GoLiveChecks at synth agree (a stack in a Stage)', () => {
    const file = path.join(tmp('base'), 'golive.baseline.json');
    // Today: A and B violate.
    const r1 = cli(['baseline', assembly(['A', 'B'], true), '--baseline', file]);
    expect([r1.code, r1.out]).toEqual([0, `${file}: recorded 2 violation(s); checks now fail only on new ones.\n`]);
    const recorded = JSON.parse(fs.readFileSync(file, 'utf8')).findings;
    expect(recorded.map((f: any) => [f.rule, f.stack, f.items])).toEqual([['AlarmHasAction', 'Prod/S', ['ALARM-ACTIONS']], ['AlarmHasAction', 'Prod/S', ['ALARM-ACTIONS']]]);

    const same = cli(['check', assembly(['A', 'B'], true), '--baseline', file, '--format', 'json', '--out', tmp('o')]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.out).findings.filter((f: any) => f.status === 'fail').map((f: any) => f.baselined)).toEqual([true, true]);

    // Later: A is gone (fixed), B remains, C is new.
    const later = (outdir?: string) => app(['B', 'C'], { outdir, stage: true }).app;
    const laterAsm = tmp('later');
    later(laterAsm).synth();
    const o = tmp('o');
    const check = cli(['check', laterAsm, '--baseline', file, '--out', o]);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/2 unacknowledged violation\(s\) of 1 rule\(s\), 1 failing:\n +2 x AlarmHasAction \[medium\] \(ALARM-ACTIONS\) - 1 failing, 1 in the baseline/);
    expect(check.out).toMatch(/1 recorded violation\(s\) are fixed: run 'npx cdk-golive baseline' to drop them/);
    const sarif = JSON.parse(fs.readFileSync(path.join(o, 'golive-report.sarif'), 'utf8'));
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results.map((x: any) => [x.locations[0].logicalLocations[0].name.replace(/[0-9A-F]{8}$/, ''), x.baselineState]).sort())
      .toEqual([['B', 'unchanged'], ['C', 'new']]);

    // At synth, the same baseline: only C fails, and only C is printed.
    const plugin = new GoLiveChecks({ ...quiet, baselineFile: file });
    const failure = synthFailure(later(), plugin);
    expect(failure).toMatch(/Prod\/S\/C\/Resource/);
    expect(failure).not.toMatch(/Prod\/S\/B\/Resource/);
    expect(plugin.lastReport!.blockingViolations().map((f) => [f.stack, f.resource.replace(/[0-9A-F]{8}$/, '')])).toEqual([['Prod/S', 'C']]);

    // `baseline` again: A is dropped, C is not added (exit 1, listed); the file only shrinks.
    const r2 = cli(['baseline', laterAsm, '--baseline', file]);
    expect(r2.code).toBe(1);
    expect(r2.out).toBe(`${file}: 1 fixed violation(s) dropped, 1 left.\n`);
    expect(r2.err).toMatch(/^1 new violation\(s\) are not added: a baseline only shrinks\. Fix or acknowledge them:\n {2}\[medium\] AlarmHasAction Prod\/S\/C[0-9A-F]{8}: .* \[checklist: ALARM-ACTIONS\]\n/);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).findings.map((f: any) => f.resource.replace(/[0-9A-F]{8}$/, ''))).toEqual(['B']);
    const r3 = cli(['baseline', laterAsm, '--baseline', file]);
    expect([r3.code, JSON.parse(fs.readFileSync(file, 'utf8')).findings]).toEqual([1, expect.any(Array)]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).findings).toHaveLength(1);
  });

  test.each([
    ['not JSON', '{ "findings": [', /golive\.baseline\.json: malformed JSON at line 1, column 16: unexpected end of the text( \(GoLiveChecks\))?$/m],
    ['a duplicate key', '{ "findings": [], "findings": [] }', /golive\.baseline\.json: duplicate key 'findings' at line 1, column 19( \(GoLiveChecks\))?$/m],
    // The message names where, and never quotes the file (JSON.parse's did: "Unexpected token 'N', "Name:..."").
    ['text that is not JSON', 'Name:\tsecret-value\nState:\tR', /golive\.baseline\.json: malformed JSON at line 1, column 1: unexpected character where a value was expected( \(GoLiveChecks\))?$/m],
    ['no findings array', '{ "entries": [] }', /golive\.baseline\.json: expected \{ "findings": \[\.\.\.\] \}/],
    ['a missing field', JSON.stringify({ findings: [{ rule: 'AlarmHasAction', stack: 'S' }] }), /golive\.baseline\.json: findings\[0\]\.resource: required, a non-empty string/],
    ['an unknown field', JSON.stringify({ findings: [{ rule: 'AlarmHasAction', stack: 'S', resource: 'A', why: 'x' }] }), /findings\[0\]\.why: unknown field/],
    ['an unknown rule', JSON.stringify({ findings: [{ rule: 'AlarmHasActions', stack: 'S', resource: 'A' }] }), /findings\[0\]\.rule: unknown rule 'AlarmHasActions'/],
  ])('a baseline file with %s fails closed: the CLI exits 2, the synth fails', (_name, text, message) => {
    const file = path.join(tmp('bad'), 'golive.baseline.json');
    fs.writeFileSync(file, text);
    const r = cli(['check', assembly(['A']), '--baseline', file, '--out', tmp('o')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/secret-value/);
    expect(synthFailure(app(['A']).app, new GoLiveChecks({ ...quiet, baselineFile: file }))).toMatch(message);
  });

  test('a baseline path that cannot be written is one line, exit 2 (it was "internal error: ENOENT")', () => {
    const file = path.join(tmp('nofolder'), 'missing', 'golive.baseline.json');
    const r = cli(['baseline', assembly(['A']), '--baseline', file]);
    expect([r.code, r.err]).toEqual([2, `cdk-golive: ${file}: the baseline cannot be written (ENOENT)\n`]);
  });
});

describe('the CDK violations: one per resource, each describing its own resource', () => {
  test('20 stacks x 5 failing alarms: each printed once, the report text grows linearly, the summary aggregates', () => {
    const a = new App();
    const metric = new cw.Metric({ namespace: 'X', metricName: 'Y', period: Duration.minutes(1) });
    for (let s = 0; s < 20; s++) {
      const stack = new Stack(a, `Stack${s}`);
      for (let i = 0; i < 5; i++) new cw.Alarm(stack, `Alarm${i}`, { metric, threshold: 1, evaluationPeriods: 1 });
    }
    const plugin = new GoLiveChecks({ writeReports: false });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const report = synthFailure(a, plugin);
    const summary = spy.mock.calls.map((c) => String(c[0])).join('\n');
    spy.mockRestore();

    expect(plugin.lastReport!.violations()).toHaveLength(100);
    const blocks = report.split(/\n\s*\n/).filter((b) => /ERROR alarm: it has no action/.test(b));
    expect(blocks).toHaveLength(100);
    for (let s = 0; s < 20; s++) {
      for (let i = 0; i < 5; i++) {
        const own = blocks.filter((b) => b.includes(`Stack${s}/Alarm${i}/Resource`));
        expect(own).toHaveLength(1); // each violation printed once, naming its resource
      }
    }
    // A block names one resource: no other stack's or alarm's id leaks into its description.
    expect(blocks.every((b) => (b.match(/Stack\d+\/Alarm\d+/g) ?? []).length === 1)).toBe(true);
    // Linear: about 500 bytes per violation (it was every finding of the rule, per resource: 55 MB at 10 stacks).
    expect(report.length).toBeLessThan(100 * 600);
    // The summary counts per rule; it does not list the resources again.
    expect(summary).toMatch(/100 unacknowledged violation\(s\) of 1 rule\(s\), 100 failing:\n +100 x AlarmHasAction \[medium\] \(ALARM-ACTIONS\)\n/);
    expect(summary).not.toMatch(/Alarm\d/);
  });
});

describe('reports written at synth', () => {
  test('the SARIF carries the template line of each resource and a helpUri into the rules reference', () => {
    const outdir = tmp('sarif');
    const { app: a, stack } = app(['A'], { outdir });
    synthPrinted(a, new GoLiveChecks({ printSummary: false }));
    const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'golive-report.sarif'), 'utf8'));
    expect(sarif).toBeValidSarifLog();
    const [result] = sarif.runs[0].results;
    const template = fs.readFileSync(path.join(outdir, 'S.template.json'), 'utf8').split('\n');
    const logicalId = stack.getLogicalId(stack.node.findChild('A').node.defaultChild as any);
    expect(template[result.locations[0].physicalLocation.region.startLine - 1]).toMatch(new RegExp(`^\\s*"${logicalId}": \\{`));
    const rule = sarif.runs[0].tool.driver.rules.find((r: any) => r.id === 'AlarmHasAction');
    expect(rule.helpUri).toMatch(/\/docs\/rules\.md#alarmhasaction$/);
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8')).toMatch(/\n### AlarmHasAction\n/);
  });
});
