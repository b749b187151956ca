/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The database items read OpenSearch Service domains (`AWS::OpenSearchService::Domain`, legacy
 * `AWS::Elasticsearch::Domain`). Before, both were "a database no rule reads": an app whose data store is a domain had
 * every database item unknown, and no verdict ever said its domain was public, unencrypted or in one zone. Now
 * OpenSearchEncryptedWithCmk, OpenSearchTlsEnforced, OpenSearchMultiAz, OpenSearchNotPublic, OpenSearchIamAuth,
 * OpenSearchCredentialsManaged, OpenSearchDeletionProtection and OpenSearchEngineVersionPinned judge them,
 * PrivateSubnets reads `VPCOptions.SubnetIds`, RdsLogExports fails a domain that publishes no application or slow
 * logs, and kinds.ts NOT_ABOUT sets domains aside for DB-PROVISIONED, DB-CONNECTION-POOLING, DB-ENHANCED-MONITORING,
 * BACKUP-PLAN and ALARM-DB-CONNECTIONS. The types stay unread for DB-BACKUP-RETENTION, DB-LOG-EXPORTS and the alarm
 * and dashboard items (see kinds.ts OPENSEARCH_ASIDE).
 */
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { applyPatch, compliantBases, del, set } from './fixtures';
import { checks, findingsOn, oneFindingOn } from './judged';

const ENV = { region: 'eu-west-1', account: '111111111111' };
const RULES = [
  'OpenSearchEncryptedWithCmk', 'OpenSearchTlsEnforced', 'OpenSearchMultiAz', 'OpenSearchNotPublic', 'OpenSearchIamAuth',
  'OpenSearchCredentialsManaged', 'OpenSearchDeletionProtection', 'OpenSearchEngineVersionPinned', 'PrivateSubnets', 'RdsLogExports',
];
/** The items the rules above judge a domain for. */
const JUDGED_ITEMS = [
  'DB-ENCRYPTION-AT-REST', 'DB-TLS-ENFORCED', 'DB-MULTI-AZ', 'DB-NOT-PUBLIC', 'DB-IAM-AUTH', 'DB-CREDENTIALS-MANAGED',
  'DB-DELETION-PROTECTION', 'DB-ENGINE-VERSION', 'NET-PRIVATE-SUBNETS',
];

function synth(props: (s: cdk.Stack) => Partial<opensearch.DomainProps>): { template: any; id: string } {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'S', { env: ENV });
  const domain = new opensearch.Domain(stack, 'Search', { version: opensearch.EngineVersion.OPENSEARCH_2_11, ...props(stack) });
  const template = app.synth().getStackByName('S').template;
  return { template, id: stack.getLogicalId(domain.node.defaultChild as cdk.CfnElement) };
}
const compliantProps = (s: cdk.Stack): Partial<opensearch.DomainProps> => ({
  vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 3 }), vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
  encryptionAtRest: { enabled: true, kmsKey: new kms.Key(s, 'Key', { enableKeyRotation: true }) }, nodeToNodeEncryption: true, enforceHttps: true,
  tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2_PFS,
  zoneAwareness: { enabled: true, availabilityZoneCount: 3 }, capacity: { dataNodes: 3, multiAzWithStandbyEnabled: false },
  fineGrainedAccessControl: { masterUserArn: new iam.Role(s, 'Admin', { assumedBy: new iam.AccountRootPrincipal() }).roleArn },
  logging: { appLogEnabled: true, slowSearchLogEnabled: true },
  removalPolicy: cdk.RemovalPolicy.RETAIN,
});
const statusOf = (lines: string[]) => lines.map((l) => l.split(':')[0]);
/** `{ rule: 'status: message' }` of the rules on one resource (one finding each). */
function byRule(template: any, id: string): Record<string, string> {
  return Object.fromEntries(findingsOn(template, id, RULES).map((l) => [l.split(' ')[0], l.slice(l.indexOf(' ') + 1)]));
}

describe('CDK-written domains', () => {
  test('a domain in private subnets, with a customer-managed key, TLS 1.2, three zones and an IAM master user passes every rule; RdsLogExports says nothing', () => {
    const { template, id } = synth(compliantProps);
    expect(statusOf(findingsOn(template, id, RULES)).sort()).toEqual(RULES.filter((r) => r !== 'RdsLogExports').map((r) => `${r} pass`).sort());
    const report = checks.checkTemplate(template, 'T', ENV);
    expect(JUDGED_ITEMS.map((i) => [i, report.statusOf(i)])).toEqual(JUDGED_ITEMS.map((i) => [i, 'satisfied']));
  });

  test('the CDK\'s defaults (version alone): public, unencrypted, one node, no logs', () => {
    const { template, id } = synth(() => ({}));
    expect(byRule(template, id)).toEqual({
      OpenSearchCredentialsManaged: expect.stringMatching(/^pass: no fine-grained access control/),
      OpenSearchDeletionProtection: 'pass: DeletionPolicy Retain keeps the domain when the resource is removed',
      OpenSearchEncryptedWithCmk: expect.stringMatching(/^fail: encryption at rest off \(EncryptionAtRestOptions.Enabled false\)/),
      OpenSearchEngineVersionPinned: 'pass: engine version pinned to OpenSearch_2.11',
      OpenSearchIamAuth: expect.stringMatching(/^pass: no access policy: only the account's IAM identity policies/),
      OpenSearchMultiAz: expect.stringMatching(/^fail: zone awareness off/),
      OpenSearchNotPublic: 'fail: no VPCOptions: the domain has a public endpoint reachable from the internet',
      OpenSearchTlsEnforced: expect.stringMatching(/^fail: EnforceHTTPS false: the domain's endpoint accepts plain HTTP; node-to-node encryption off/),
      PrivateSubnets: expect.stringMatching(/^fail: no VPCOptions: the domain is in no subnet of the app/),
      RdsLogExports: expect.stringMatching(/^fail: error \(application\) logs not published.*; search slow logs not published/),
    });
  });
});

/** A hand-written template with one domain (and the sections a case adds). */
const domain = (type: string, properties: any, extra: any = {}, attrs: any = { DeletionPolicy: 'Retain' }) => ({
  AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: { Search: { Type: type, Properties: properties, ...attrs } },
});
const OS = 'AWS::OpenSearchService::Domain';
const ES = 'AWS::Elasticsearch::Domain';

describe('hand-written domains, as third-party templates write them', () => {
  test('a legacy Elasticsearch domain: ElasticsearchClusterConfig is read for zones, ElasticsearchVersion for the version', () => {
    const t = domain(ES, { ElasticsearchClusterConfig: { InstanceCount: 2, ZoneAwarenessEnabled: true } });
    expect(oneFindingOn(t, 'Search', 'OpenSearchMultiAz')).toBe('OpenSearchMultiAz pass: zone awareness on: 2 data nodes over 2 availability zones (the default count)');
    expect(oneFindingOn(t, 'Search', 'OpenSearchEngineVersionPinned')).toMatch(/fail: ElasticsearchVersion not set: the domain is created with Elasticsearch 1\.5/);
    // ClusterConfig is the new type's name: on a legacy domain it is not read (zone awareness off).
    expect(oneFindingOn(domain(ES, { ClusterConfig: { InstanceCount: 2, ZoneAwarenessEnabled: true } }), 'Search', 'OpenSearchMultiAz')).toMatch(/fail: zone awareness off/);
  });

  test('values from parameters, conditions and mappings are never a pass when a value violates', () => {
    const env = { Parameters: { Env: { Type: 'String', Default: 'prod', AllowedValues: ['prod', 'dev'] } }, Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } };
    // A TLS policy chosen per environment through a mapping: dev accepts TLS 1.0.
    const mapped = domain(OS, {
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: { 'Fn::FindInMap': ['Tls', { Ref: 'Env' }, 'Policy'] } }, NodeToNodeEncryptionOptions: { Enabled: true },
    }, { ...env, Mappings: { Tls: { prod: { Policy: 'Policy-Min-TLS-1-2-2019-07' }, dev: { Policy: 'Policy-Min-TLS-1-0-2019-07' } } } });
    expect(oneFindingOn(mapped, 'Search', 'OpenSearchTlsEnforced')).toMatch(/^OpenSearchTlsEnforced (fail|unknown): .*Policy-Min-TLS-1-0-2019-07|^OpenSearchTlsEnforced unknown/);
    expect(oneFindingOn(mapped, 'Search', 'OpenSearchTlsEnforced')).not.toMatch(/ pass: /);
    // Zone awareness only in prod.
    const zoned = domain(OS, { ClusterConfig: { InstanceCount: 2, ZoneAwarenessEnabled: { 'Fn::If': ['Prod', true, false] } } }, env);
    expect(oneFindingOn(zoned, 'Search', 'OpenSearchMultiAz')).toMatch(/^OpenSearchMultiAz unknown: /);
    // Encryption switched by an open parameter.
    const open = domain(OS, { EncryptionAtRestOptions: { Enabled: { Ref: 'Encrypt' }, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/2f6e1b1e-0000-4000-8000-000000000001' } }, { Parameters: { Encrypt: { Type: 'String', Default: 'true' } } });
    expect(oneFindingOn(open, 'Search', 'OpenSearchEncryptedWithCmk')).toMatch(/^OpenSearchEncryptedWithCmk unknown: encryption at rest decided at deploy time/);
    // A VPC only in prod: the dev domain is public.
    const vpc = domain(OS, { VPCOptions: { 'Fn::If': ['Prod', { SubnetIds: ['subnet-0123456789abcdef0'] }, { Ref: 'AWS::NoValue' }] } }, env);
    expect(oneFindingOn(vpc, 'Search', 'OpenSearchNotPublic')).toMatch(/^OpenSearchNotPublic unknown: /);
    // DeletionPolicy from a parameter-driven condition.
    const policy = domain(OS, {}, env, { DeletionPolicy: { 'Fn::If': ['Prod', 'Retain', 'Delete'] } });
    expect(oneFindingOn(policy, 'Search', 'OpenSearchDeletionProtection')).not.toMatch(/ pass: /);
  });

  test('the access policy: anyone (with or without a source-IP condition) fails; a principal condition or AWS principals pass; IfExists is not read as one', () => {
    const policy = (statement: any) => domain(OS, { AccessPolicies: { Version: '2012-10-17', Statement: [statement] } });
    const anyone = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: 'arn:aws:es:eu-west-1:111111111111:domain/search/*' };
    expect(oneFindingOn(policy(anyone), 'Search', 'OpenSearchIamAuth')).toMatch(/fail: the access policy allows everyone, with no condition/);
    expect(oneFindingOn(policy(anyone), 'Search', 'OpenSearchNotPublic')).toMatch(/fail: no VPCOptions: .*; its access policy \(Properties\.AccessPolicies\.Statement\.0\) grants everyone, without credentials/);
    const ranged = { ...anyone, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } };
    expect(oneFindingOn(policy(ranged), 'Search', 'OpenSearchIamAuth')).toMatch(/fail: the access policy allows everyone from the addresses its condition names/);
    const account = { ...anyone, Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } };
    expect(oneFindingOn(policy(account), 'Search', 'OpenSearchIamAuth')).toMatch(/pass: the access policy grants IAM principals only/);
    const ifExists = { ...anyone, Condition: { StringEqualsIfExists: { 'aws:PrincipalAccount': '111111111111' } } };
    expect(oneFindingOn(policy(ifExists), 'Search', 'OpenSearchIamAuth')).toMatch(/^OpenSearchIamAuth unknown: /);
    const roles = { ...anyone, Principal: { AWS: 'arn:aws:iam::111111111111:role/search-writer' } };
    expect(oneFindingOn(policy(roles), 'Search', 'OpenSearchIamAuth')).toMatch(/pass: the access policy grants IAM principals only/);
    // Written as JSON text (Fn::Sub), as many templates do: read alike.
    const text = domain(OS, { AccessPolicies: { 'Fn::Sub': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"arn:aws:es:${AWS::Region}:${AWS::AccountId}:domain/search/*"}]}' } });
    expect(oneFindingOn(text, 'Search', 'OpenSearchIamAuth')).toMatch(/fail: the access policy allows everyone, with no condition/);
    // Fine-grained access control authenticates every request itself, open policy or not.
    const fgac = domain(OS, { AccessPolicies: { Version: '2012-10-17', Statement: [anyone] }, AdvancedSecurityOptions: { Enabled: true, MasterUserOptions: { MasterUserARN: 'arn:aws:iam::111111111111:role/search-admin' } } });
    expect(oneFindingOn(fgac, 'Search', 'OpenSearchIamAuth')).toMatch(/pass: fine-grained access control authenticates every request/);
  });

  test('a master password: written fails, a parameter fails, a Secrets Manager reference is unknown', () => {
    const master = (pw: any, extra: any = {}) => domain(OS, { AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: true, MasterUserOptions: { MasterUserName: 'admin', MasterUserPassword: pw } } }, extra);
    expect(oneFindingOn(master('Hunter2-Hunter2!'), 'Search', 'OpenSearchCredentialsManaged')).toMatch(/fail: the master password is written in the template/);
    expect(oneFindingOn(master({ Ref: 'Pw' }, { Parameters: { Pw: { Type: 'String', NoEcho: true } } }), 'Search', 'OpenSearchCredentialsManaged')).toMatch(/fail: the master password is passed as parameter Pw/);
    expect(oneFindingOn(master('{{resolve:secretsmanager:search-master:SecretString:password}}'), 'Search', 'OpenSearchCredentialsManaged')).toMatch(/unknown: the master password is a Secrets Manager reference/);
    expect(oneFindingOn(master('Hunter2-Hunter2!'), 'Search', 'OpenSearchIamAuth')).toMatch(/unknown: fine-grained access control with a master user of the internal user database/);
  });
});

describe('an app whose data store is a domain (compliant base opensearch.json)', () => {
  // The base's rotation function is a SAM application (a transform the checks do not expand keeps every item from
  // being satisfied): left out here, with the transform.
  const { Transform: _transform, ...rest } = compliantBases().get('opensearch');
  const base = { ...rest, Resources: Object.fromEntries(Object.entries(rest.Resources).filter(([, r]: any) => r.Type !== 'AWS::Serverless::Application')) };
  const report = (t: any) => checks.checkTemplate(t, 'opensearch', ENV);

  test('the compliant domain satisfies the items its rules judge; DB-BACKUP-RETENTION and DB-LOG-EXPORTS stay unknown, naming it', () => {
    const r = report(base);
    expect(JUDGED_ITEMS.map((i) => [i, r.statusOf(i)])).toEqual(JUDGED_ITEMS.map((i) => [i, 'satisfied']));
    // Set aside by NOT_ABOUT: AWS Backup does not support OpenSearch; no RDS Proxy, no Enhanced Monitoring.
    expect(['BACKUP-PLAN', 'DB-CONNECTION-POOLING', 'DB-ENHANCED-MONITORING', 'DB-PROVISIONED'].map((i) => r.statusOf(i))).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
    expect(['DB-BACKUP-RETENTION', 'DB-LOG-EXPORTS'].map((i) => r.statusOf(i))).toEqual(['unknown', 'unknown']);
    expect(r.coverage.unreadKinds).toEqual([expect.stringMatching(/^opensearch\.template\.json: Search \(AWS::OpenSearchService::Domain: a database only .*OpenSearchEncryptedWithCmk.* read\)$/)]);
  });

  test('the domain without VPCOptions and with an access policy open to everyone fails the private-network items and DB-IAM-AUTH', () => {
    const t = applyPatch(base, [
      del(['Resources', 'Search', 'Properties', 'VPCOptions']),
      set(['Resources', 'Search', 'Properties', 'AdvancedSecurityOptions'], { Enabled: false }),
      set(['Resources', 'Search', 'Properties', 'AccessPolicies'], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'es:*', Resource: '*' }] }),
    ]);
    const r = report(t);
    expect(['DB-NOT-PUBLIC', 'NET-PRIVATE-SUBNETS', 'DB-IAM-AUTH'].map((i) => r.statusOf(i))).toEqual(['violated', 'violated', 'violated']);
    expect(r.findings.filter((f) => f.resource === 'Search' && f.status === 'fail').map((f) => f.ruleId).sort()).toEqual(['OpenSearchIamAuth', 'OpenSearchNotPublic', 'PrivateSubnets']);
  });
});
