/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * NET-PRIVATE-SUBNETS and the databases and caches themselves. PrivateSubnets judged subnet groups, never the
 * databases and caches that name them: an RDS instance or a Redis replication group with no subnet group (placed in
 * the default VPC's default subnets, which are public) passed unseen, and one naming a group from outside the
 * template was not even unknown. Now a database or cache is judged through its subnet group: one of the template is
 * judged there, none or `default` fails, one from outside is unknown.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadFolder } from '../../../lib/checks/loader';
import { checks, judged } from './judged';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant');
const base = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
const ITEM = 'NET-PRIVATE-SUBNETS';

const instance = (props: Record<string, any> = {}) => ({
  Type: 'AWS::RDS::DBInstance',
  Properties: { Engine: 'postgres', DBInstanceClass: 'db.r6g.large', AllocatedStorage: '100', StorageEncrypted: true, MultiAZ: true, ManageMasterUserPassword: true, MasterUsername: 'app', ...props },
});
/** The cache base with an RDS instance (`props`) and a DB subnet group of the cache's private subnets. */
const withDatabase = (props: Record<string, any> = { DBSubnetGroupName: { Ref: 'DbSubnets' } }) => {
  const t = base('cache');
  t.Resources.DbSubnets = { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'db', SubnetIds: t.Resources.CacheSubnets.Properties.SubnetIds } };
  t.Resources.Db = instance(props);
  return t;
};

const onInstance = (resources: Record<string, any>, sections: Record<string, any> = {}) =>
  judged('PrivateSubnets', resources, sections).filter(([r]) => r === 'Db').map(([, s, m]) => [s, m]);

describe('a database or cache is judged through its subnet group', () => {
  test('the cache base with an RDS instance in a private subnet group of the template satisfies the item', () => {
    expect(checks.checkTemplate(withDatabase(), 'T').statusOf(ITEM)).toBe('satisfied');
  });

  test('the same instance without a subnet group: violated (the default VPC)', () => {
    const report = checks.checkTemplate(withDatabase({}), 'T');
    expect(report.statusOf(ITEM)).toBe('violated');
    expect(report.findings.filter((f) => f.ruleId === 'PrivateSubnets' && f.resource === 'Db').map((f) => f.message)).toEqual([
      "no DBSubnetGroupName: placed in the default VPC's default subnets, which are public",
    ]);
  });

  test('the Aurora cluster of the database base without its subnet group: fails', () => {
    const t = base('database');
    delete t.Resources.Db.Properties.DBSubnetGroupName;
    expect(judged('PrivateSubnets', t.Resources).filter(([r]) => r === 'Db').map(([, s]) => s)).toEqual(['fail']);
  });

  test.each([
    ['no subnet group', {}, 'fail'],
    ['the default subnet group', { DBSubnetGroupName: 'default' }, 'fail'],
    ['a group named from outside the template', { DBSubnetGroupName: 'prod-private-db' }, 'unknown'],
    ['a group imported from another stack', { DBSubnetGroupName: { 'Fn::ImportValue': 'network-db-subnets' } }, 'unknown'],
    ['a group from an open parameter', { DBSubnetGroupName: { Ref: 'DbSubnetGroup' } }, 'unknown'],
  ])('an RDS instance with %s: %s', (_name, props, status) => {
    expect(onInstance({ Db: instance(props) }, { Parameters: { DbSubnetGroup: { Type: 'String' } } }).map(([s]) => s)).toEqual([status]);
  });

  test('a group of this template is judged on the group, not again on the instance', () => {
    const group = { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'db', SubnetIds: ['subnet-0123456789abcdef0'] } };
    expect(onInstance({ Db: instance({ DBSubnetGroupName: { Ref: 'Group' } }), Group: group })).toEqual([]);
  });

  test('a subnet group only under a condition: not a pass', () => {
    const sections = { Parameters: { Private: { Type: 'String', AllowedValues: ['yes', 'no'] } }, Conditions: { IsPrivate: { 'Fn::Equals': [{ Ref: 'Private' }, 'yes'] } } };
    const group = { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'db', SubnetIds: ['subnet-0123456789abcdef0'] } };
    const f = onInstance({ Db: instance({ DBSubnetGroupName: { 'Fn::If': ['IsPrivate', { Ref: 'Group' }, { Ref: 'AWS::NoValue' }] } }), Group: group }, sections);
    expect(f.map(([s]) => s)).not.toContain('pass');
    expect(f.map(([s]) => s)).toEqual([expect.stringMatching(/^(fail|unknown)$/)]);
  });

  test('an Aurora instance is placed by its cluster; a replica of an instance of this template by its source', () => {
    expect(onInstance({ Db: instance({ DBClusterIdentifier: { Ref: 'Cluster' } }), Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', DBSubnetGroupName: 'default' } } })).toEqual([]);
    expect(onInstance({ Db: instance({ SourceDBInstanceIdentifier: { Ref: 'Primary' } }), Primary: instance({ DBSubnetGroupName: 'prod-private-db' }) })).toEqual([]);
    expect(onInstance({ Db: instance({ SourceDBInstanceIdentifier: 'arn:aws:rds:us-east-1:111111111111:db:orders' }) })).toEqual([
      ['unknown', expect.stringMatching(/read replica of arn:aws:rds:us-east-1:111111111111:db:orders, outside this template/)],
    ]);
  });

  test.each([
    ['a Redis replication group without a subnet group', { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'c', Engine: 'redis', CacheNodeType: 'cache.r7g.large' } }, 'fail'],
    ['a memcached cluster in the default subnet group', { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.r7g.large', NumCacheNodes: 2, CacheSubnetGroupName: 'default' } }, 'fail'],
    ['a serverless cache without SubnetIds', { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { ServerlessCacheName: 'sessions', Engine: 'valkey' } }, 'fail'],
    ['a Redis replication group in a group named from outside', { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'c', Engine: 'redis', CacheNodeType: 'cache.r7g.large', CacheSubnetGroupName: 'prod-cache' } }, 'unknown'],
  ])('%s: %s', (_name, cache, status) => {
    expect(judged('PrivateSubnets', { Db: cache }).map(([, s]) => s)).toEqual([status]);
  });

  test('the cache base with its replication group in the default subnet group: violated', () => {
    const t = base('cache');
    t.Resources.Cache.Properties.CacheSubnetGroupName = 'default';
    expect(checks.checkTemplate(t, 'T').statusOf(ITEM)).toBe('violated');
  });

  test('in a nested stack read from a file beside its parent: violated', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-subnets-nested-'));
    const parent = withDatabase();
    parent.Resources.Reports = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'reports.json' } };
    fs.writeFileSync(path.join(dir, 'parent.json'), JSON.stringify(parent));
    fs.writeFileSync(path.join(dir, 'reports.json'), JSON.stringify({ Resources: { ReportsDb: instance() } }));
    const report = checks._evaluateLoaded(loadFolder(dir));
    expect(report.coverage.unreadNestedStacks).toEqual([]);
    expect(report.statusOf(ITEM)).toBe('violated');
  });
});

describe('the database kind, now that the item reads databases', () => {
  test('a DynamoDB table (no subnets) keeps the item satisfied; a Redshift cluster (subnets no rule reads) makes it unknown', () => {
    const t = withDatabase();
    const withTable = { ...t, Resources: { ...t.Resources, Keys: { Type: 'AWS::DynamoDB::Table' } } };
    expect(checks.checkTemplate(withTable, 'T').statusOf(ITEM)).toBe('satisfied');
    const withDocs = { ...t, Resources: { ...t.Resources, Docs: { Type: 'AWS::Redshift::Cluster' } } };
    expect(checks.checkTemplate(withDocs, 'T').statusOf(ITEM)).toBe('unknown');
  });
});
