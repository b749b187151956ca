/**
 * An item can be unknown while every finding of it passes: only resources created under a condition evidence
 * it, part of the app was not read (a nested template, what a transform deploys), or the app holds a resource of
 * the item's kind no rule reads. The item then says why (`ItemResult.reason`, in the JSON and Markdown reports),
 * and `--strict` fails on it, listing the reason: a strict gate must not pass an app it did not read whole.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoLiveChecks } from '../../lib';
import { run } from '../cli/run';

const ITEM = 'BACKUP-BUCKET-LIFECYCLE';
const bucket = { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 400, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }] } } };
const database = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.r6g.large', StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/2f6e1b1e-0000-4000-8000-000000000001', MultiAZ: true } };

const cases: [string, string, object, string][] = [
  ['only a conditional resource evidences it', ITEM, { Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } }, Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } }, Resources: { Bucket: { ...bucket, Condition: 'IsProd' } } }, 'every resource that evidences it is created only under a condition'],
  ['a nested stack is not read', ITEM, { Resources: { Bucket: bucket, Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/b/child.json' } } } }, '1 nested stack(s) not read (see coverage)'],
  ['a macro', ITEM, { Transform: 'CompanyDefaults', Resources: { Bucket: bucket } }, '1 transform(s) deploy what the template does not show (see coverage)'],
  ['a database no rule reads', 'DB-MULTI-AZ', { Resources: { Db: database, Docs: { Type: 'AWS::Redshift::Cluster' } } }, 'the app holds AWS::Redshift::Cluster (a database no rule of this item reads): see coverage.unreadKinds'],
];

describe.each(cases)('%s', (_name, item, template, reason) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-reasons-'));
  fs.writeFileSync(path.join(dir, 't.json'), JSON.stringify(template));

  test('the item is unknown, every finding passes, and the item says why', () => {
    const report = new GoLiveChecks({ items: [item], printSummary: false, writeReports: false }).checkTemplate(template, 'T');
    const result = report.items.find((i) => i.id === item)!;
    expect(result.status).toBe('unknown');
    expect(Object.keys(result.counts)).toEqual(['pass']);
    expect(result.reason).toBe(reason);
  });

  test('the CLI: exit 0 without --strict; with it exit 1, the reason listed; the JSON and Markdown reports carry it', () => {
    const out = path.join(dir, 'out');
    expect(run(['check', dir, '--items', item, '--out', out]).code).toBe(0);
    const strict = run(['check', dir, '--items', item, '--out', out, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain(`  unknown: ${item}: ${reason}\n`);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'golive-report.json'), 'utf8'));
    expect(json.items.find((i: any) => i.id === item).reason).toBe(reason);
    expect(fs.readFileSync(path.join(out, 'golive-report.md'), 'utf8')).toContain('unknown: ');
  });
});

test('a satisfied item has no reason, and --strict passes on it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-reasons-'));
  fs.writeFileSync(path.join(dir, 't.json'), JSON.stringify({ Resources: { Bucket: bucket } }));
  const out = path.join(dir, 'out');
  expect(run(['check', dir, '--items', ITEM, '--out', out, '--strict']).code).toBe(0);
  const json = JSON.parse(fs.readFileSync(path.join(out, 'golive-report.json'), 'utf8'));
  expect(json.items.find((i: any) => i.id === ITEM)).toEqual(expect.objectContaining({ status: 'satisfied' }));
  expect(json.items.find((i: any) => i.id === ITEM).reason).toBeUndefined();
});
