/**
 * Transforms the checks do not expand. CloudFormation deploys a transform's output, not the template as
 * written: a macro may add or change any resource, and SAM writes resources from its own (an S3 event even
 * writes a notification into a bucket of the template). While a template's transform deploys what the checks
 * cannot see, no item is satisfied (the coverage names the transform). Two transforms show their output:
 * SAM in a template without `AWS::Serverless::` resources (deployed as written), and Secrets Manager hosted
 * rotation (the rotation function AWS maintains, as `HostedRotationLambda` describes it).
 * Fixtures: test/fixtures/aws/shapes/transforms/, written the way SAM and macro templates are.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoLiveChecks } from '../../lib';
import { loadFolder } from '../../lib/checks/loader';
import { run } from '../cli/run';

const DIR = path.join(__dirname, '..', 'fixtures', 'aws', 'shapes', 'transforms');
const ITEM = 'BACKUP-BUCKET-LIFECYCLE';
const checks = () => new GoLiveChecks({ items: [ITEM], printSummary: false, writeReports: false });

/** Each fixture checked alone, from a folder of its own (as the CLI reads it). */
function checkFixture(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-transforms-'));
  fs.copyFileSync(path.join(DIR, name), path.join(dir, name));
  return { dir, report: checks()._evaluateLoaded(loadFolder(dir)) };
}

/** A bucket that satisfies the item by itself: the base of every case. */
const bucket = { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 400, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }] } } };
const fn = { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.12', Handler: 'app.handler', CodeUri: 's3://b/k.zip' } };

test('without a transform, the bucket satisfies the item (the base of the cases below)', () => {
  const report = checks().checkTemplate({ Resources: { Bucket: bucket } });
  expect(report.statusOf(ITEM)).toBe('satisfied');
  expect(report.coverage.undecidedTransforms).toEqual([]);
});

describe('a transform whose output the template does not show: no item is satisfied', () => {
  test.each([
    ['a macro listed after AWS::LanguageExtensions', 'macro-defaults.yaml', 'CompanyDefaults'],
    ['SAM with a function whose S3 event writes into the bucket', 'sam-uploads.yaml', 'AWS::Serverless-2016-10-31'],
  ])('%s', (_name, file, transform) => {
    const { dir, report } = checkFixture(file);
    expect(report.statusOf(ITEM)).toBe('unknown');
    expect(report.coverage.undecidedTransforms).toEqual([`${path.join(dir, file)}: ${transform}`]);
    // The bucket itself still passes: what is unknown is what else the transform deploys.
    expect(report.findings.filter((f) => f.itemIds.includes(ITEM)).map((f) => f.status)).not.toContain('fail');
    expect(report.summary()).toContain(`1 transform(s) deploy what the template does not show (a macro, SAM with AWS::Serverless resources, an Fn::Transform), so no item is satisfied:\n  ${path.join(dir, file)}: ${transform}`);
  });

  test.each([
    ['a macro by name', 'CompanyDefaults', 'CompanyDefaults'],
    ['a macro with parameters', { Name: 'CompanyDefaults', Parameters: { Team: 'orders' } }, 'CompanyDefaults'],
    ['AWS::CodeDeployBlueGreen (writes the green task sets)', 'AWS::CodeDeployBlueGreen', 'AWS::CodeDeployBlueGreen'],
    ['a list holding one macro', ['AWS::SecretsManager-2024-09-16', 'CompanyDefaults'], 'CompanyDefaults'],
  ])('%s', (_name, transform, named) => {
    const report = checks().checkTemplate({ Transform: transform, Resources: { Bucket: bucket } }, 'T');
    expect(report.statusOf(ITEM)).toBe('unknown');
    expect(report.coverage.undecidedTransforms).toEqual([`T.template.json: ${named}`]);
  });

  test('SAM whose only serverless resource an Fn::ForEach writes', () => {
    const template = { Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], Resources: { Bucket: bucket, 'Fn::ForEach::Fns': ['F', ['Orders', 'Billing'], { '${F}Function': fn }] } };
    const report = checks().checkTemplate(template, 'T');
    expect(report.coverage.undecidedTransforms).toEqual(['T.template.json: AWS::Serverless-2016-10-31']);
    expect(report.statusOf(ITEM)).toBe('unknown');
  });

  test('a nested stack whose template has a macro keeps its parent from being satisfied', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-transforms-'));
    fs.writeFileSync(path.join(dir, 'parent.json'), JSON.stringify({ Resources: { Bucket: bucket, Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json' } } } }));
    fs.writeFileSync(path.join(dir, 'child.json'), JSON.stringify({ Transform: 'CompanyDefaults', Resources: { Other: bucket } }));
    const report = checks()._evaluateLoaded(loadFolder(dir));
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    expect(report.coverage.undecidedTransforms).toEqual([`${path.join(dir, 'child.json')}: CompanyDefaults`]);
    expect(report.statusOf(ITEM)).toBe('unknown');
  });

  test('through validate(), a stack judged alone from its file: the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-transforms-'));
    const file = path.join(dir, 'T.template.json');
    fs.writeFileSync(file, JSON.stringify({ Transform: 'CompanyDefaults', Resources: { Bucket: bucket } }));
    const plugin = checks();
    plugin.validate({ templatePaths: [file], stackTemplates: [{ templatePath: file, stackConstructPath: 'T' }] } as any);
    expect(plugin.lastReport!.coverage.undecidedTransforms).toEqual([`${file}: CompanyDefaults`]);
    expect(plugin.lastReport!.statusOf(ITEM)).toBe('unknown');
  });

  test('the CLI prints it under the table, and the JSON report carries it', () => {
    const { dir } = checkFixture('macro-defaults.yaml');
    const r = run(['check', dir, '--items', ITEM, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('so no item is satisfied:');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'golive-report.json'), 'utf8'));
    expect(json.coverage.undecidedTransforms).toEqual([`${path.join(dir, 'macro-defaults.yaml')}: CompanyDefaults`]);
    expect(json.items.find((i: any) => i.id === ITEM).status).toBe('unknown');
  });
});

describe('a transform whose output the checks know: the item is satisfied', () => {
  test('Secrets Manager hosted rotation (hosted-rotation.yaml): the rotation function AWS maintains', () => {
    const { dir, report } = checkFixture('hosted-rotation.yaml');
    expect(report.coverage.unexpandedTransforms).toEqual([`${path.join(dir, 'hosted-rotation.yaml')}: AWS::SecretsManager-2024-09-16`]);
    expect(report.coverage.undecidedTransforms).toEqual([]);
    expect(report.statusOf(ITEM)).toBe('satisfied');
    expect(report.summary()).toContain(`transform not expanded: ${path.join(dir, 'hosted-rotation.yaml')}: AWS::SecretsManager-2024-09-16 (its resources are not judged)`);
  });

  test.each([
    ['SAM in a template without AWS::Serverless resources (deployed as written)', 'AWS::Serverless-2016-10-31'],
    ['the older hosted-rotation transform', 'AWS::SecretsManager-2020-07-23'],
    ['AWS::LanguageExtensions (expanded by the checks)', 'AWS::LanguageExtensions'],
  ])('%s', (_name, transform) => {
    const report = checks().checkTemplate({ Transform: transform, Resources: { Bucket: bucket } }, 'T');
    expect(report.coverage.undecidedTransforms).toEqual([]);
    expect(report.statusOf(ITEM)).toBe('satisfied');
  });
});

describe('Fn::Transform inside the template (AWS::Include, a macro): what it rewrites is not read as written', () => {
  const include = { Name: 'AWS::Include', Parameters: { Location: 's3://templates/snippet.yaml' } };
  const findingsOf = (template: any) => {
    const report = checks().checkTemplate(template, 'T');
    return { report, statuses: report.findings.filter((f) => f.resource === 'Bucket').map((f) => f.status) };
  };

  test('as a property value: that value is unknown', () => {
    const { statuses } = findingsOf({ Resources: { Bucket: { ...bucket, Properties: { ...bucket.Properties, VersioningConfiguration: { 'Fn::Transform': include } } } } });
    expect(statuses).toContain('unknown');
    expect(statuses).not.toContain('fail');
  });

  test('beside other keys of a map: the whole map is unknown (the macro gets the map and returns its replacement)', () => {
    const { statuses } = findingsOf({ Resources: { Bucket: { ...bucket, Properties: { ...bucket.Properties, 'Fn::Transform': include } } } });
    expect(statuses).toEqual(['unknown', 'unknown']);
  });

  test('beside Type and Properties: the resource is listed, and no property reads as written', () => {
    const { report, statuses } = findingsOf({ Resources: { Bucket: { ...bucket, 'Fn::Transform': include } } });
    expect(statuses).toEqual(['unknown', 'unknown']);
    expect(report.coverage.undecidedTransforms).toEqual(['T.template.json: Fn::Transform in resource Bucket']);
    expect(report.statusOf(ITEM)).toBe('unknown');
  });

  test('in a mapping that Fn::FindInMap reads: the value is unknown', () => {
    const template = {
      Mappings: { Storage: { Archive: { Versioning: 'Enabled', 'Fn::Transform': include } } },
      Resources: { Bucket: { ...bucket, Properties: { ...bucket.Properties, VersioningConfiguration: { Status: { 'Fn::FindInMap': ['Storage', 'Archive', 'Versioning'] } } } } },
    };
    expect(findingsOf(template).statuses).toEqual(['unknown', 'pass']);
    const plain = { ...template, Mappings: { Storage: { Archive: { Versioning: 'Enabled' } } } };
    expect(findingsOf(plain).statuses).toEqual(['pass', 'pass']);
  });

  test.each([
    ['at the template root', { 'Fn::Transform': include }, 'at the template root'],
    ['in Mappings', { Mappings: { 'Fn::Transform': include } }, 'in Mappings'],
    ['in Conditions', { Conditions: { 'Fn::Transform': include } }, 'in Conditions'],
  ])('%s: listed, so no item is satisfied', (_name, extra, where) => {
    const report = checks().checkTemplate({ Resources: { Bucket: bucket }, ...extra }, 'T');
    expect(report.coverage.undecidedTransforms).toEqual([`T.template.json: Fn::Transform ${where}`]);
    expect(report.statusOf(ITEM)).toBe('unknown');
  });

  test('as a key of Resources (AWS::Include of resources): listed, so no item is satisfied; the written resources are judged', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-transforms-'));
    const bucketYaml = '  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration: {Status: Suspended}\n';
    fs.writeFileSync(path.join(dir, 't.yaml'), `Resources:\n${bucketYaml}  Fn::Transform:\n    Name: AWS::Include\n    Parameters: {Location: "s3://templates/more.yaml"}\n`);
    const report = checks()._evaluateLoaded(loadFolder(dir));
    expect(report.coverage.undecidedTransforms).toEqual([`${path.join(dir, 't.yaml')}: Fn::Transform in Resources`]);
    expect(report.findings.filter((f) => f.ruleId === 'S3BucketVersioned').map((f) => f.status)).toEqual(['fail']);
    expect(report.statusOf(ITEM)).toBe('violated');
    // Without the written bucket, the include is all there is: the template is still checked, and nothing satisfied.
    fs.writeFileSync(path.join(dir, 't.yaml'), 'Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters: {Location: "s3://templates/more.yaml"}\n');
    const r = run(['check', dir, '--items', ITEM, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${path.join(dir, 't.yaml')}: Fn::Transform in Resources`);
  });

  test('as a key of Resources, not { Name, Parameters }: bad input, one line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-transforms-'));
    fs.writeFileSync(path.join(dir, 't.yaml'), 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Fn::Transform: 3\n');
    const r = run(['check', dir, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([`cdk-golive: ${path.join(dir, 't.yaml')}: Resources.Fn::Transform: must be { Name, Parameters } (got number 3)`]);
  });
});
