/**
 * Kinds of resource (lib/checks/kinds.ts): an item whose rules judge a kind (a database: RDS; a cache:
 * ElastiCache) is not satisfied while the app holds a resource of that kind no rule reads (DocumentDB,
 * MemoryDB, ...): the item could be violated where nothing looks. Items about other things are not
 * touched. Fixture: test/fixtures/aws/shapes/kinds/, a template written the way services are (RDS for the
 * data, DynamoDB beside it: DynamoDB tables are read by the database items since the DynamoDb* rules).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoLiveChecks } from '../../lib';
import { ruleReads } from '../../lib/checks/golive-checks';
import { RESOURCE_KINDS } from '../../lib/checks/kinds';
import { loadFolder } from '../../lib/checks/loader';
import { run } from '../cli/run';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'aws');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
const checks = (items: string[]) => new GoLiveChecks({ items, printSummary: false, writeReports: false });
const database = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.r6g.large', StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/2f6e1b1e-0000-4000-8000-000000000001', MultiAZ: true } };
const bucket = { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 400, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }] } } };

test('the table is true to the rules: every type of `judged` has a rule; a type of `unread` is not read by every item about its kind', () => {
  const rules = ruleReads();
  const ruled = new Set(rules.flatMap((r) => r.types));
  for (const kind of RESOURCE_KINDS) {
    expect(kind.judged.filter((t) => !ruled.has(t))).toEqual([]);
    // The items about the kind: those with a rule on one of its judged types.
    const items = new Set(rules.filter((r) => r.types.some((t) => kind.judged.includes(t))).flatMap((r) => r.items));
    const readBy = (t: string) => new Set(rules.filter((r) => r.types.includes(t)).flatMap((r) => r.items));
    expect(kind.unread.filter((t) => [...items].every((i) => readBy(t).has(i)))).toEqual([]);
  }
});

describe('a database no rule reads keeps the database items from being satisfied', () => {
  const ITEMS = ['DB-ENCRYPTION-AT-REST', 'DB-MULTI-AZ', 'BACKUP-BUCKET-LIFECYCLE'];

  test('RDS alone satisfies them (the base of the cases below)', () => {
    const report = checks(ITEMS).checkTemplate({ Resources: { Db: database, Bucket: bucket } }, 'T');
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(['satisfied', 'satisfied', 'satisfied']);
    expect(report.coverage.unreadKinds).toEqual([]);
  });

  // The unread types no rule of these items reads (DocumentDB and Neptune are read by the Rds* rules of both items:
  // they stay unread for the alarm items only; soundness-docdb holds them).
  const readByItems = new Set(ruleReads().filter((r) => r.items.some((i) => ITEMS.includes(i))).flatMap((r) => r.types));
  const unreadHere = RESOURCE_KINDS.find((k) => k.name === 'a database')!.unread.filter((t) => !readByItems.has(t));

  test('DocumentDB and Neptune are read by these items\' rules', () => {
    expect(['AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance', 'AWS::Neptune::DBCluster', 'AWS::Neptune::DBInstance'].filter((t) => !readByItems.has(t))).toEqual([]);
  });

  test.each(unreadHere.map((t) => [t]))('beside %s: unknown; an item about something else stays satisfied', (type) => {
    const report = checks(ITEMS).checkTemplate({ Resources: { Db: database, Bucket: bucket, Other: { Type: type } } }, 'T');
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(['unknown', 'unknown', 'satisfied']);
    expect(report.coverage.unreadKinds).toEqual([expect.stringMatching(new RegExp(`^T\\.template\\.json: Other \\(${type}: a database( and a cache)? no rule reads\\)$`))]);
  });

  test('a violation of RDS is still a violation', () => {
    const report = checks(ITEMS).checkTemplate({ Resources: { Db: { ...database, Properties: { ...database.Properties, MultiAZ: false } }, Docs: { Type: 'AWS::Redshift::Cluster' } } }, 'T');
    expect(report.statusOf('DB-MULTI-AZ')).toBe('violated');
  });

  test('orders-rds-dynamodb.yaml: the DynamoDB table beside RDS is read by the database items (DynamoDb* rules, NOT_ABOUT)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-kinds-'));
    fs.copyFileSync(path.join(FIXTURES, 'shapes', 'kinds', 'orders-rds-dynamodb.yaml'), path.join(dir, 'orders.yaml'));
    const report = checks(ITEMS)._evaluateLoaded(loadFolder(dir));
    // The table is encrypted with DynamoDB's AWS owned key (no SSESpecification): not a customer-managed key.
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(['violated', 'satisfied', 'pending']);
    expect(report.findings.filter((f) => f.resource === 'IdempotencyKeys').map((f) => [f.ruleId, f.status])).toEqual([['DynamoDbEncryptedWithCmk', 'fail']]);
    expect(report.coverage.unreadKinds).toEqual([]);
    // The same template without the table: the database items are satisfied.
    const withoutTable = loadFolder(dir);
    delete withoutTable.templates[0].template.Resources.IdempotencyKeys;
    expect(ITEMS.map((i) => checks(ITEMS)._evaluateLoaded(withoutTable).statusOf(i))).toEqual(['satisfied', 'satisfied', 'pending']);
  });

  test('a Redshift cluster in place of the table, through the CLI: the summary names it, the JSON report carries it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-kinds-'));
    const yaml = fs.readFileSync(path.join(FIXTURES, 'shapes', 'kinds', 'orders-rds-dynamodb.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'orders.yaml'), yaml.replace('Type: AWS::DynamoDB::Table', 'Type: AWS::Redshift::Cluster'));
    const report = checks(ITEMS)._evaluateLoaded(loadFolder(dir));
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(['unknown', 'unknown', 'pending']);
    const r = run(['check', dir, '--items', 'DB-ENCRYPTION-AT-REST', '--out', path.join(dir, 'out')]);
    const line = `${path.join(dir, 'orders.yaml')}: IdempotencyKeys (AWS::Redshift::Cluster: a database no rule reads)`;
    expect(r.out).toContain(`1 resource(s) of a kind items are about that no rule reads, so those items are not satisfied:\n  ${line}`);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'golive-report.json'), 'utf8'));
    expect(json.coverage.unreadKinds).toEqual([line]);
    expect(json.items.find((i: any) => i.id === 'DB-ENCRYPTION-AT-REST').status).toBe('unknown');
  });
});

describe('a cache no rule reads keeps the cache items from being satisfied', () => {
  const cache = read('compliant/cache.json');
  const ITEM = 'CACHE-ENCRYPTION-AT-REST';

  test('the compliant ElastiCache fixture satisfies the item (the base)', () => {
    expect(checks([ITEM]).checkTemplate(cache, 'T').statusOf(ITEM)).toBe('satisfied');
  });

  test.each([['AWS::MemoryDB::Cluster'], ['AWS::DAX::Cluster']])('beside %s: unknown', (type) => {
    const report = checks([ITEM]).checkTemplate({ ...cache, Resources: { ...cache.Resources, Other: { Type: type } } }, 'T');
    expect(report.statusOf(ITEM)).toBe('unknown');
  });
});

describe('compute and endpoints no rule reads', () => {
  // The compliant API fixture satisfies both items: LOG-TRACING is about compute, EDGE-HTTPS-LISTENER about endpoints.
  // Its AppSync API (AppSyncAuthorization's compliant resource) is an endpoint these items' rules do not read: left out,
  // with its schema, logging role and web ACL association.
  const { OrdersGraphql: _api, OrdersSchema: _schema, OrdersGraphqlLogsRole: _role, OrdersGraphqlWebAcl: _acl, ...apiResources } = read('compliant/edge-api.json').Resources;
  const service = { ...read('compliant/edge-api.json'), Resources: apiResources };
  const ITEMS = ['LOG-TRACING', 'EDGE-HTTPS-LISTENER'];

  test('the compliant API satisfies both items (the base)', () => {
    const report = checks(ITEMS).checkTemplate(service, 'T');
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(['satisfied', 'satisfied']);
  });

  test.each([
    ['AWS::AppRunner::Service', 'compute and an endpoint no rule reads', ['unknown', 'unknown']],
    ['AWS::Batch::JobDefinition', 'compute no rule reads', ['unknown', 'satisfied']],
    // An AppSync GraphQL API no longer: AppSync serves HTTPS only (NOT_ABOUT sets it aside for EDGE-HTTPS-LISTENER).
    ['AWS::Amplify::App', 'an endpoint no rule reads', ['satisfied', 'unknown']],
  ])('beside %s (%s): the items about its kinds are not satisfied', (type, kinds, statuses) => {
    const report = checks(ITEMS).checkTemplate({ ...service, Resources: { ...service.Resources, Other: { Type: type } } }, 'T');
    expect(report.coverage.unreadKinds).toEqual([`T.template.json: Other (${type}: ${kinds})`]);
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(statuses);
  });

  test('a type some rules read (App Runner: SecretsNoPlaintext) keeps only the other items of its kind from being satisfied', () => {
    const ALL = [...ITEMS, 'SECRETS-NO-PLAINTEXT'];
    const runner = (name: string, value: string) => ({
      Type: 'AWS::AppRunner::Service',
      Properties: { SourceConfiguration: { ImageRepository: { ImageIdentifier: 'public.ecr.aws/acme/web:1.2.3', ImageRepositoryType: 'ECR_PUBLIC', ImageConfiguration: { RuntimeEnvironmentVariables: [{ Name: name, Value: value }] } } } },
    });
    const clean = checks(ALL).checkTemplate({ ...service, Resources: { ...service.Resources, Runner: runner('LOG_LEVEL', 'info') } }, 'T');
    expect(ALL.map((i) => clean.statusOf(i))).toEqual(['unknown', 'unknown', 'satisfied']);
    expect(clean.coverage.unreadKinds).toEqual(['T.template.json: Runner (AWS::AppRunner::Service: compute and an endpoint only SecretsNoPlaintext reads)']);
    const leaked = checks(ALL).checkTemplate({ ...service, Resources: { ...service.Resources, Runner: runner('DB_PASSWORD', 'hunter2-hunter2') } }, 'T');
    expect(leaked.statusOf('SECRETS-NO-PLAINTEXT')).toBe('violated');
  });
});
