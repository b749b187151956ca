import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations, aws_cloudwatch as cw, aws_kms as kms } from 'aws-cdk-lib';
import { folder, outDir as out, run } from './run';

const goodKey = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } } } });
const badKey = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } } });

describe('cdk-golive catalog', () => {
  test('--json prints items and the seed map', () => {
    const r = run(['catalog', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.items.length).toBeGreaterThan(100);
    expect(j.items[0]).toEqual(expect.objectContaining({ id: expect.any(String), evidence: expect.stringMatching(/^(rule|pipeline|attestation)$/) }));
    expect(j.seedMap[0]).toEqual(expect.objectContaining({ seed: expect.any(String), line: expect.any(Number), item: expect.any(String) }));
  });

  test('without --json prints a table by section', () => {
    const r = run(['catalog']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^database \(\d+\)/m);
    expect(r.out).toMatch(/DB-ENCRYPTION-AT-REST\s+rule/);
  });
});

describe('cdk-golive check', () => {
  test('exit 0 on a compliant folder, reports written', () => {
    const o = out();
    const r = run(['check', folder({ 'key.json': goodKey }), '--out', o]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/cdk-golive checklist/);
    for (const f of ['golive-report.json', 'golive-report.md', 'golive-report.sarif']) expect(fs.existsSync(path.join(o, f))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(o, 'golive-report.sarif'), 'utf8'))).toBeValidSarifLog();
  });

  test('exit 1 on a violation; --format json prints items and findings', () => {
    const r = run(['check', folder({ 'key.json': badKey }), '--format', 'json', '--out', out()]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.items.find((i: any) => i.id === 'KMS-KEY-ROTATION')).toMatchObject({ status: 'violated' });
    expect(j.findings[0]).toMatchObject({ ruleId: 'KmsKeyRotation', itemIds: ['KMS-KEY-ROTATION'], status: 'fail', resource: 'Key', severity: 'medium' });
    expect(j.findings[0].file).toMatch(/key\.json$/);
  });

  test('SARIF points at the resource line', () => {
    const o = out();
    run(['check', folder({ 'key.json': JSON.stringify(JSON.parse(badKey), null, 2) }), '--out', o]);
    const sarif = JSON.parse(fs.readFileSync(path.join(o, 'golive-report.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 3 });
  });

  test('reads YAML templates with short-form intrinsics', () => {
    const yaml = [
      'Parameters:',
      '  Rotate: { Type: String }',
      'Resources:',
      '  Key:',
      '    Type: AWS::KMS::Key',
      '    Properties:',
      '      EnableKeyRotation: !Ref Rotate',
      '      Description: !Sub "key-${AWS::Region}"',
      '  Other:',
      '    Type: AWS::KMS::Key',
      '    Properties:',
      '      EnableKeyRotation: true',
      '      Description: !GetAtt Key.Arn',
    ].join('\n');
    const r = run(['check', folder({ 'stack.yaml': yaml }), '--format', 'json', '--out', out()]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.findings.map((f: any) => [f.resource, f.status])).toEqual([['Key', 'unknown'], ['Other', 'pass']]);
    const strict = run(['check', folder({ 'stack.yaml': yaml }), '--strict', '--out', out()]);
    expect(strict.code).toBe(1);
  });

  test.each([
    ['a missing folder', () => '/nonexistent/golive', /^cdk-golive: \/nonexistent\/golive: does not exist$/m],
    ['an empty folder', () => folder({}), /nothing to check: no CloudFormation template with resources and no Kubernetes object found$/m],
    ['malformed JSON', () => folder({ 'a.json': '{ "Resources": ' }), /a\.json: malformed JSON/],
    ['malformed YAML', () => folder({ 'a.yaml': 'Resources:\n  - : [\n' }), /a\.yaml: malformed YAML/],
    ['only a file that is not a template', () => folder({ 'package.json': '{"name":"x"}' }), /nothing to check: .*\(1 file\(s\) left out: .*package\.json: neither a CloudFormation template/],
    ['an empty file', () => folder({ 'a.json': '' }), /a\.json: empty file/],
  ])('exit 2 with a one-line error for %s', (_name, make, message) => {
    const r = run(['check', make(), '--out', out()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/^\s+at .*:\d+/m); // no stack trace
  });

  test.each([
    [['check'], /check takes one folder/],
    [['check', '.', '--format', 'xml'], /--format must be/],
    [['check', '.', '--items', 'NOPE-ITEM'], /unknown checklist item/],
    [['check', '.', '--threshold', 'cpuPercent=95'], /looser/],
    [['check', '.', '--bogus'], /unknown option --bogus/],
    [['frobnicate'], /unknown command/],
  ])('exit 2 on bad arguments %j', (args, message) => {
    const r = run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
  });

  test('reads a cloud assembly with its acknowledgements', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-asm-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Asm');
    new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const alarm = new cw.Alarm(stack, 'A', { metric: new cw.Metric({ namespace: 'X', metricName: 'Y', period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 1 });
    Validations.of(alarm).acknowledge({ id: 'GoLiveChecks::ALARM-ACTIONS', reason: 'informational alarm' });
    app.synth();
    const r = run(['check', outdir, '--format', 'json', '--out', out()]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.acknowledgements).toEqual([{ id: 'GoLiveChecks::ALARM-ACTIONS', constructPath: 'Asm/A', reason: 'informational alarm', findings: 1 }]);
    expect(j.findings.find((f: any) => f.ruleId === 'AlarmHasAction')).toMatchObject({ status: 'acknowledged', constructPath: 'Asm/A/Resource', acknowledgedReason: 'informational alarm' });
  });
});
