/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The database items read DynamoDB tables (before, `AWS::DynamoDB::Table` / `GlobalTable` were "a database no rule
 * reads": a serverless app whose database is DynamoDB had every database item unknown). Five rules read them:
 * DynamoDbEncryptedWithCmk (DB-ENCRYPTION-AT-REST), DynamoDbPointInTimeRecovery (DB-BACKUP-RETENTION),
 * DynamoDbDeletionProtection (DB-DELETION-PROTECTION), DynamoDbTlsEnforced (DB-TLS-ENFORCED) and DynamoDbInBackupPlan
 * (BACKUP-PLAN); kinds.ts NOT_ABOUT says why the other database items are not about a table (Multi-AZ by
 * construction, IAM only, no engine, no connections, no instance metrics). A global table (the CDK's TableV2) is
 * judged on every replica.
 */
import * as cdk from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { GoLiveChecks } from '../../../lib';
import { applyPatch, compliantBases, del, PatchOp, R, set } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const ENV = { region: 'eu-west-1', account: '111111111111' };
const bases = compliantBases();
const RULES = ['DynamoDbEncryptedWithCmk', 'DynamoDbTlsEnforced', 'DynamoDbPointInTimeRecovery', 'DynamoDbDeletionProtection'];

/** `[rule, status, message]` of the DynamoDB rules on one resource of a template. */
function ddb(template: any, resource: string, rules = RULES): Array<[string, string, string]> {
  const report = checks.checkTemplate(template, 'T', ENV);
  return report.findings.filter((f) => rules.includes(f.ruleId) && f.resource === resource)
    .sort((a, b) => rules.indexOf(a.ruleId) - rules.indexOf(b.ruleId)).map((f) => [f.ruleId, f.status, f.message]);
}
const statuses = (fs: Array<[string, string, string]>) => fs.map(([r, s]) => `${r} ${s}`);

/** A stack with one table built by `make`, synthesized by the CDK: the template and the table's logical id. */
function synth(make: (stack: cdk.Stack) => dynamodb.TableV2 | dynamodb.Table): { template: any; id: string } {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'S', { env: ENV });
  const table = make(stack);
  const template = app.synth().getStackByName('S').template;
  return { template, id: stack.getLogicalId(table.node.defaultChild as cdk.CfnElement) };
}
const PK = { name: 'pk', type: dynamodb.AttributeType.STRING };
const tlsOnly = () => new iam.PolicyDocument({
  statements: [new iam.PolicyStatement({
    effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['dynamodb:*'], resources: ['*'],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  })],
});

describe('CDK-written tables', () => {
  test('TableV2 (a global table) with a customer-managed key, PITR, deletion protection and a TLS-only policy passes all four', () => {
    const { template, id } = synth((s) => new dynamodb.TableV2(s, 'Orders', {
      partitionKey: PK,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(new kms.Key(s, 'Key', { enableKeyRotation: true })),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      resourcePolicy: tlsOnly(),
    }));
    expect(template.Resources[id].Type).toBe('AWS::DynamoDB::GlobalTable');
    expect(ddb(template, id)).toEqual(RULES.map((r) => [r, 'pass', expect.stringMatching(/^replica eu-west-1 of global table /)]));
  });

  test('Table with the same settings passes all four', () => {
    const { template, id } = synth((s) => new dynamodb.Table(s, 'Orders', {
      partitionKey: PK,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: new kms.Key(s, 'Key', { enableKeyRotation: true }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      resourcePolicy: tlsOnly(),
    }));
    expect(statuses(ddb(template, id))).toEqual(RULES.map((r) => `${r} pass`));
  });

  test('TableV2 with its defaults fails all four: AWS owned key, no PITR, no deletion protection (Retain alone), HTTP accepted', () => {
    const { template, id } = synth((s) => new dynamodb.TableV2(s, 'Orders', { partitionKey: PK }));
    expect(ddb(template, id)).toEqual([
      ['DynamoDbEncryptedWithCmk', 'fail', expect.stringMatching(/encrypted with an AWS owned key/)],
      ['DynamoDbTlsEnforced', 'fail', expect.stringMatching(/no resource policy on the table: DynamoDB's endpoint accepts requests over plain HTTP/)],
      ['DynamoDbPointInTimeRecovery', 'fail', expect.stringMatching(/point-in-time recovery off/)],
      ['DynamoDbDeletionProtection', 'fail', expect.stringMatching(/deletion protection off .*DeletionPolicy Retain keeps the table|deletion protection off/)],
    ]);
  });

  test('Table with the AWS managed key (TableEncryption.AWS_MANAGED) fails the encryption item', () => {
    const { template, id } = synth((s) => new dynamodb.Table(s, 'Orders', { partitionKey: PK, encryption: dynamodb.TableEncryption.AWS_MANAGED }));
    expect(ddb(template, id, ['DynamoDbEncryptedWithCmk'])).toEqual([['DynamoDbEncryptedWithCmk', 'fail', expect.stringMatching(/the AWS managed key aws\/dynamodb/)]]);
  });

  test('TableV2 with a second replica: every replica must hold (the second without PITR fails)', () => {
    const { template, id } = synth((s) => new dynamodb.TableV2(s, 'Orders', {
      partitionKey: PK,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      replicas: [{ region: 'eu-central-1', pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } }],
    }));
    expect(ddb(template, id, ['DynamoDbPointInTimeRecovery'])).toEqual([['DynamoDbPointInTimeRecovery', 'fail', expect.stringMatching(/replica eu-central-1 of global table \S+: point-in-time recovery off/)]]);
  });
});

describe('hand-written tables: parameters, conditions, mappings', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/2f6e1b1e-0000-4000-8000-000000000001';
  const TLS = { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
  const table = (props: any, attrs: any = { DeletionPolicy: 'Retain' }) => ({
    Type: 'AWS::DynamoDB::Table',
    ...attrs,
    Properties: {
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      ResourcePolicy: { PolicyDocument: { Version: '2012-10-17', Statement: [TLS] } },
      ...props,
    },
  });
  const ENVS = { Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'dev'], Default: 'prod' } }, Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } };
  const tpl = (t: any, extra: any = {}) => ({ AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: { T: t } });

  test('a table written by hand with every setting passes all four', () => {
    expect(statuses(ddb(tpl(table({})), 'T'))).toEqual(RULES.map((r) => `${r} pass`));
  });

  test('"true"/"TRUE" strings are what CloudFormation coerces: pass', () => {
    const t = table({ DeletionProtectionEnabled: 'TRUE', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: 'true' }, SSESpecification: { SSEEnabled: 'true', KMSMasterKeyId: KEY } });
    expect(statuses(ddb(tpl(t), 'T'))).toEqual(RULES.map((r) => `${r} pass`));
  });

  test('PITR and deletion protection on only in prod (Fn::If on a condition): unknown, naming the condition; never pass', () => {
    const t = table({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: { 'Fn::If': ['Prod', true, false] } },
      DeletionProtectionEnabled: { 'Fn::If': ['Prod', true, { Ref: 'AWS::NoValue' }] },
    });
    const out = ddb(tpl(t, ENVS), 'T', ['DynamoDbPointInTimeRecovery', 'DynamoDbDeletionProtection']);
    expect(out.map(([r, s]) => `${r} ${s}`)).toEqual(['DynamoDbPointInTimeRecovery unknown', 'DynamoDbDeletionProtection unknown']);
    for (const [, , m] of out) expect(m).toMatch(/Env|Prod/);
  });

  test('a recovery period from an open parameter is unknown; from a mapping of 7 days for this region fails', () => {
    const open = table({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: { Ref: 'Days' } } });
    expect(ddb(tpl(open, { Parameters: { Days: { Type: 'Number', Default: 35 } } }), 'T', ['DynamoDbPointInTimeRecovery']))
      .toEqual([['DynamoDbPointInTimeRecovery', 'unknown', expect.stringMatching(/Days/)]]);
    const mapped = table({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: { 'Fn::FindInMap': ['Pitr', { Ref: 'AWS::Region' }, 'Days'] } } });
    expect(ddb(tpl(mapped, { Mappings: { Pitr: { 'eu-west-1': { Days: 7 }, 'us-east-1': { Days: 35 } } } }), 'T', ['DynamoDbPointInTimeRecovery']))
      .toEqual([['DynamoDbPointInTimeRecovery', 'fail', expect.stringMatching(/recovery period 7 days, threshold backupRetentionDays is 30/)]]);
  });

  test('a key from an open parameter, or a key only where a condition holds: unknown, never pass', () => {
    const param = table({ SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { Ref: 'KeyArn' } } });
    expect(statuses(ddb(tpl(param, { Parameters: { KeyArn: { Type: 'String', Default: KEY } } }), 'T', ['DynamoDbEncryptedWithCmk']))).toEqual(['DynamoDbEncryptedWithCmk unknown']);
    const cond = table({ SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { 'Fn::If': ['Prod', KEY, { Ref: 'AWS::NoValue' }] } } });
    expect(statuses(ddb(tpl(cond, ENVS), 'T', ['DynamoDbEncryptedWithCmk']))).toEqual(['DynamoDbEncryptedWithCmk unknown']);
  });

  test('the DeletionPolicy: absent and Snapshot fail (CloudFormation deletes a table by default and snapshots none); RetainExceptOnCreate passes', () => {
    expect(ddb(tpl(table({}, {})), 'T', ['DynamoDbDeletionProtection'])).toEqual([['DynamoDbDeletionProtection', 'fail', expect.stringMatching(/no DeletionPolicy: CloudFormation deletes a DynamoDB table/)]]);
    expect(ddb(tpl(table({}, { DeletionPolicy: 'Snapshot' })), 'T', ['DynamoDbDeletionProtection'])).toEqual([['DynamoDbDeletionProtection', 'fail', expect.stringMatching(/CloudFormation takes no snapshot of a DynamoDB table/)]]);
    expect(statuses(ddb(tpl(table({}, { DeletionPolicy: 'RetainExceptOnCreate' })), 'T', ['DynamoDbDeletionProtection']))).toEqual(['DynamoDbDeletionProtection pass']);
  });

  test('TLS: a Deny narrowed by another condition, or on reads only, fails; a policy written as JSON text is read; a stream needs its own policy', () => {
    const narrowed = table({ ResourcePolicy: { PolicyDocument: { Statement: [{ ...TLS, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }] } } });
    expect(ddb(tpl(narrowed), 'T', ['DynamoDbTlsEnforced'])).toEqual([['DynamoDbTlsEnforced', 'fail', expect.stringMatching(/applies only where StringEquals aws:SourceVpce also holds/)]]);
    const reads = table({ ResourcePolicy: { PolicyDocument: { Statement: [{ ...TLS, Action: ['dynamodb:GetItem', 'dynamodb:Query'] }] } } });
    expect(statuses(ddb(tpl(reads), 'T', ['DynamoDbTlsEnforced']))).toEqual(['DynamoDbTlsEnforced fail']);
    const text = table({ ResourcePolicy: { PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [TLS] }) } });
    expect(statuses(ddb(tpl(text), 'T', ['DynamoDbTlsEnforced']))).toEqual(['DynamoDbTlsEnforced pass']);
    const stream = table({ StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    expect(ddb(tpl(stream), 'T', ['DynamoDbTlsEnforced'])).toEqual([['DynamoDbTlsEnforced', 'fail', expect.stringMatching(/no resource policy on its stream/)]]);
    const both = table({ StreamSpecification: { StreamViewType: 'NEW_IMAGE', ResourcePolicy: { PolicyDocument: { Statement: [TLS] } } } });
    expect(statuses(ddb(tpl(both), 'T', ['DynamoDbTlsEnforced']))).toEqual(['DynamoDbTlsEnforced pass']);
  });

  test('TLS: the literal ARN of the table\'s literal name covers it; an ARN from a parameter is unknown, naming it', () => {
    const named = table({ TableName: 'orders', ResourcePolicy: { PolicyDocument: { Statement: [{ ...TLS, Resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders' }] } } });
    expect(statuses(ddb(tpl(named), 'T', ['DynamoDbTlsEnforced']))).toEqual(['DynamoDbTlsEnforced pass']);
    const other = table({ TableName: 'orders', ResourcePolicy: { PolicyDocument: { Statement: [{ ...TLS, Resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/byDate' }] } } });
    expect(ddb(tpl(other), 'T', ['DynamoDbTlsEnforced'])).toEqual([['DynamoDbTlsEnforced', 'unknown', expect.stringMatching(/index\/byDate: whether it is table T \(orders\) is not read/)]]);
    const param = table({ ResourcePolicy: { PolicyDocument: { Statement: [{ ...TLS, Resource: { Ref: 'Arn' } }] } } });
    expect(statuses(ddb(tpl(param, { Parameters: { Arn: { Type: 'String' } } }), 'T', ['DynamoDbTlsEnforced']))).toEqual(['DynamoDbTlsEnforced unknown']);
  });

  test('a global table: a replica present only in prod without PITR makes the verdict unknown; its replicas from a parameter cannot be read', () => {
    const replica = (region: string, pitr: boolean) => ({
      Region: region, DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: pitr },
      SSESpecification: { KMSMasterKeyId: KEY }, ResourcePolicy: { PolicyDocument: { Statement: [TLS] } },
    });
    const gt = (replicas: any) => ({
      Type: 'AWS::DynamoDB::GlobalTable', DeletionPolicy: 'Retain',
      Properties: { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST', SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' }, Replicas: replicas },
    });
    const streamed = (r: any) => ({ ...r, ReplicaStreamSpecification: { ResourcePolicy: { PolicyDocument: { Statement: [TLS] } } } });
    expect(statuses(ddb(tpl(gt([streamed(replica('eu-west-1', true))])), 'T'))).toEqual(RULES.map((r) => `${r} pass`));
    const conditional = gt([streamed(replica('eu-west-1', true)), { 'Fn::If': ['Prod', streamed(replica('us-east-1', false)), { Ref: 'AWS::NoValue' }] }]);
    expect(ddb(tpl(conditional, ENVS), 'T', ['DynamoDbPointInTimeRecovery'])).toEqual([['DynamoDbPointInTimeRecovery', 'unknown', expect.stringMatching(/replica us-east-1 .*point-in-time recovery off|Env|Prod/)]]);
    const noStreamPolicy = gt([replica('eu-west-1', true)]);
    expect(ddb(tpl(noStreamPolicy), 'T', ['DynamoDbTlsEnforced'])).toEqual([['DynamoDbTlsEnforced', 'fail', expect.stringMatching(/replica eu-west-1 of global table T: no resource policy on its stream/)]]);
    expect(statuses(ddb(tpl(gt({ Ref: 'Replicas' }), { Parameters: { Replicas: { Type: 'CommaDelimitedList' } } }), 'T'))).toEqual(RULES.map((r) => `${r} unknown`));
  });
});

describe('an app with a compliant table and a compliant RDS database', () => {
  const ddbBase = bases.get('dynamodb');
  /**
   * The compliant RDS base without its SAM transform and the one SAM resource, the rotation application (a nested
   * application, not read, keeps every item from being satisfied), with the compliant DynamoDB base's two tables,
   * selected by its backup plan.
   */
  const rds = () => applyPatch(bases.get('database'), [{ op: 'delete', path: ['Transform'] }, del(R('DbRotationSingleUser848EBB6E'))]);
  const app = (patch: PatchOp[] = []) => applyPatch(rds(), [
    set(R('Orders'), ddbBase.Resources.Orders),
    set(R('Sessions'), ddbBase.Resources.Sessions),
    set(R('BackupPlanTables'), { ...ddbBase.Resources.BackupPlanDb13A0B979, Properties: { ...ddbBase.Resources.BackupPlanDb13A0B979.Properties, BackupSelection: { ...ddbBase.Resources.BackupPlanDb13A0B979.Properties.BackupSelection, IamRoleArn: { 'Fn::GetAtt': ['BackupPlanDbRoleCF78F0F4', 'Arn'] } } } }),
    ...patch,
  ]);
  const ITEMS = [
    'DB-PROVISIONED', 'DB-ENCRYPTION-AT-REST', 'DB-TLS-ENFORCED', 'DB-BACKUP-RETENTION', 'DB-DELETION-PROTECTION', 'DB-MULTI-AZ', 'DB-NOT-PUBLIC',
    'DB-IAM-AUTH', 'DB-LOG-EXPORTS', 'DB-ENHANCED-MONITORING', 'DB-CREDENTIALS-MANAGED', 'DB-CONNECTION-POOLING', 'DB-ENGINE-VERSION',
    'BACKUP-PLAN', 'ALARM-CPU', 'ALARM-MEMORY', 'ALARM-DB-CONNECTIONS', 'DASHBOARD-INFRASTRUCTURE', 'NET-PRIVATE-SUBNETS',
  ];
  // ALARM-DISK is pending on the RDS base (an Aurora cluster's storage grows by itself); the tables leave it so.

  test('the compliant RDS base alone satisfies the database items (the base of the cases below)', () => {
    const report = checks.checkTemplate(rds(), 'database', ENV);
    expect(ITEMS.filter((i) => report.statusOf(i) !== 'satisfied')).toEqual([]);
  });

  test('with the tables beside it, every database item is still satisfied: the tables are read (or set aside by NOT_ABOUT), none is "a database no rule reads"', () => {
    const report = checks.checkTemplate(app(), 'database', ENV);
    expect(report.coverage.unreadKinds).toEqual([]);
    expect(ITEMS.map((i) => [i, report.statusOf(i)]).filter(([, s]) => s !== 'satisfied')).toEqual([]);
    expect(report.statusOf('ALARM-DISK')).toBe(checks.checkTemplate(rds(), 'database', ENV).statusOf('ALARM-DISK'));
    for (const t of ['Orders', 'Sessions']) {
      expect(report.findings.filter((f) => f.resource === t && f.ruleId.startsWith('DynamoDb')).map((f) => `${f.ruleId} ${f.status}`).sort())
        .toEqual(['DynamoDbDeletionProtection pass', 'DynamoDbEncryptedWithCmk pass', 'DynamoDbInBackupPlan pass', 'DynamoDbPointInTimeRecovery pass', 'DynamoDbTlsEnforced pass']);
    }
  });

  test('a table without point-in-time recovery violates DB-BACKUP-RETENTION; nothing else of the database items changes', () => {
    const report = checks.checkTemplate(app([del(R('Orders', 'Properties', 'PointInTimeRecoverySpecification'))]), 'database', ENV);
    expect(report.statusOf('DB-BACKUP-RETENTION')).toBe('violated');
    expect(report.findings.filter((f) => f.ruleId === 'DynamoDbPointInTimeRecovery' && f.status === 'fail').map((f) => [f.resource, f.message]))
      .toEqual([['Orders', expect.stringMatching(/table Orders: point-in-time recovery off/)]]);
    expect(ITEMS.filter((i) => i !== 'DB-BACKUP-RETENTION' && report.statusOf(i) !== 'satisfied')).toEqual([]);
  });

  test('a table no backup plan selects violates BACKUP-PLAN', () => {
    const report = checks.checkTemplate(app([set(R('BackupPlanTables', 'Properties', 'BackupSelection', 'Resources'), [{ 'Fn::GetAtt': ['Sessions', 'Arn'] }])]), 'database', ENV);
    expect(report.statusOf('BACKUP-PLAN')).toBe('violated');
    expect(report.findings.filter((f) => f.ruleId === 'DynamoDbInBackupPlan' && f.status === 'fail').map((f) => f.resource)).toEqual(['Orders']);
  });

  test('a Redshift cluster beside them still keeps the database items from being satisfied (the other unread types stay unread)', () => {
    const report = checks.checkTemplate(app([set(R('Docs'), { Type: 'AWS::Redshift::Cluster' })]), 'database', ENV);
    expect(report.statusOf('DB-ENCRYPTION-AT-REST')).toBe('unknown');
    expect(report.coverage.unreadKinds).toEqual([expect.stringMatching(/Docs \(AWS::Redshift::Cluster: a database no rule reads\)/)]);
  });
});
