/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * hfcdk3: templates the AWS CDK synthesizes for DynamoDB (framework-integ snapshots), checked against the rules
 * that read DynamoDB tables.
 *
 * A `Table` with `replicationRegions` (the CDK's older global table) is an `AWS::DynamoDB::Table` plus one
 * `Custom::DynamoDBReplica` per other region; the replica provider calls UpdateTable with
 * `ReplicaUpdates: [{ Create: { RegionName } }]` and nothing else. DynamoDB does not synchronize point-in-time
 * recovery, deletion protection, resource policies or the encryption key between replicas ("You must enable deletion
 * protection on each replica", DynamoDB Developer Guide, global tables best practices; the CDK's
 * GlobalTableSettingsReplicationMode: "never synchronized (table class, SSE, deletion protection, PITR, tags, resource
 * policies)"; UpdateTable's CreateReplicationGroupMemberAction.KMSMasterKeyId: provide it only if the key is not the
 * default alias/aws/dynamodb). The table passed on its own settings while its replicas had none of them.
 */
import * as cdk from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { GoLiveChecks } from '../../../lib';
import { compliantBases } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const ENV = { region: 'eu-west-1', account: '111111111111' };
const RULES = ['DynamoDbEncryptedWithCmk', 'DynamoDbTlsEnforced', 'DynamoDbPointInTimeRecovery', 'DynamoDbDeletionProtection'];

function ddb(template: any, resource: string, env = ENV): Record<string, [string, string]> {
  const report = checks.checkTemplate(template, 'T', env);
  const out: Record<string, [string, string]> = {};
  for (const f of report.findings.filter((x) => RULES.includes(x.ruleId) && x.resource === resource)) out[f.ruleId] = [f.status, f.message];
  return out;
}
const statusOf = (r: Record<string, [string, string]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v[0]]));

/** The compliant DynamoDB base, with `extra` resources (and conditions / parameters) added. */
function base(extra: Record<string, any>, more: { Conditions?: any; Parameters?: any } = {}): any {
  const t = JSON.parse(JSON.stringify(compliantBases().get('dynamodb')));
  Object.assign(t.Resources, extra);
  if (more.Conditions) t.Conditions = { ...(t.Conditions ?? {}), ...more.Conditions };
  if (more.Parameters) t.Parameters = { ...(t.Parameters ?? {}), ...more.Parameters };
  return t;
}
const replica = (tableName: any, region = 'eu-central-1', condition?: string) => ({
  Type: 'Custom::DynamoDBReplica',
  ...(condition ? { Condition: condition } : {}),
  Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:replica-provider', TableName: tableName, Region: region },
  DeletionPolicy: 'Delete',
});

describe('a Table replicated by Custom::DynamoDBReplica (CDK replicationRegions)', () => {
  test('the base table alone passes the four rules (guard)', () => {
    expect(statusOf(ddb(base({}), 'Orders'))).toEqual({ DynamoDbEncryptedWithCmk: 'pass', DynamoDbTlsEnforced: 'pass', DynamoDbPointInTimeRecovery: 'pass', DynamoDbDeletionProtection: 'pass' });
  });

  test('a replica of the table (TableName Ref) fails PITR, deletion protection, TLS and the customer key, naming the replica', () => {
    const r = ddb(base({ OrdersReplica: replica({ Ref: 'Orders' }) }), 'Orders');
    expect(r.DynamoDbPointInTimeRecovery).toEqual(['fail', expect.stringMatching(/replica eu-central-1 of table Orders \(Custom::DynamoDBReplica OrdersReplica: created with its region alone.*point-in-time recovery off/)]);
    expect(r.DynamoDbDeletionProtection).toEqual(['fail', expect.stringMatching(/replica eu-central-1 of table Orders .*deletion protection off/)]);
    expect(r.DynamoDbTlsEnforced).toEqual(['fail', expect.stringMatching(/replica eu-central-1 of table Orders .*no resource policy on the table/)]);
    expect(r.DynamoDbEncryptedWithCmk).toEqual(['fail', expect.stringMatching(/replica eu-central-1 of table Orders .*AWS managed key aws\/dynamodb/)]);
  });

  test('a replica naming the table by its literal TableName is the same', () => {
    const t = base({ OrdersReplica: replica('orders') });
    t.Resources.Orders.Properties.TableName = 'orders';
    expect(statusOf(ddb(t, 'Orders')).DynamoDbPointInTimeRecovery).toBe('fail');
  });

  test('a replica whose condition is false in the stack region does not exist: the table passes', () => {
    const cond = { NotInEuCentral1: { 'Fn::Not': [{ 'Fn::Equals': ['eu-central-1', { Ref: 'AWS::Region' }] }] } };
    const t = base({ OrdersReplica: replica({ Ref: 'Orders' }, 'eu-central-1', 'NotInEuCentral1') }, { Conditions: cond });
    expect(statusOf(ddb(t, 'Orders', { region: 'eu-central-1', account: '111111111111' })).DynamoDbPointInTimeRecovery).toBe('pass');
    expect(statusOf(ddb(t, 'Orders')).DynamoDbPointInTimeRecovery).toBe('fail');
  });

  test('a replica of another table leaves this one as it was', () => {
    const t = base({ Other: { ...JSON.parse(JSON.stringify(compliantBases().get('dynamodb').Resources.Orders)) }, OtherReplica: replica({ Ref: 'Other' }) });
    expect(statusOf(ddb(t, 'Orders')).DynamoDbPointInTimeRecovery).toBe('pass');
    expect(statusOf(ddb(t, 'Other')).DynamoDbPointInTimeRecovery).toBe('fail');
  });

  test('a replica whose TableName is a parameter may be this table\'s: unknown', () => {
    const t = base({ OrdersReplica: replica({ Ref: 'ReplicatedTable' }) }, { Parameters: { ReplicatedTable: { Type: 'String' } } });
    expect(ddb(t, 'Orders').DynamoDbPointInTimeRecovery).toEqual(['unknown', expect.stringMatching(/replica OrdersReplica .*decided at deploy time.*may be a replica of Orders/)]);
  });

  test('what the CDK synthesizes for Table replicationRegions with PITR, deletion protection and a TLS-only policy fails on the replica', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'S', { env: ENV });
    const table = new dynamodb.Table(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      replicationRegions: ['eu-west-2'],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      resourcePolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['dynamodb:*'], resources: ['*'],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        })],
      }),
    });
    const template = app.synth().getStackByName('S').template;
    const id = stack.getLogicalId(table.node.defaultChild as cdk.CfnElement);
    expect(Object.values(template.Resources).some((r: any) => r.Type === 'Custom::DynamoDBReplica')).toBe(true);
    const r = ddb(template, id);
    expect(r.DynamoDbPointInTimeRecovery).toEqual(['fail', expect.stringMatching(/replica eu-west-2 of table .*point-in-time recovery off/)]);
    expect(r.DynamoDbDeletionProtection).toEqual(['fail', expect.stringMatching(/replica eu-west-2 of table .*deletion protection off/)]);
  });
});
