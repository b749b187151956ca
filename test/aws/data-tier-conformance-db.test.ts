/**
 * Conformance of the database data tier: a VPC (3 AZs, flow logs, isolated
 * subnets), a ProductionDatabase with an RDS Proxy, and its BackupPlan (copied
 * to another region) pass the go-live checks, cdk-nag (AwsSolutions,
 * NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1) with every remaining
 * finding acknowledged with its reason, and the CDK's CloudFormation validation
 * with its default rules as errors.
 *
 * The acknowledgements made here and in the constructs are listed in
 * docs/acknowledgements-data-tier-db.md (a test checks it).
 */
import { App, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { BackupPlan } from '../../lib/aws/backup-plan';
import { ProductionDatabase } from '../../lib/aws/production-database';
import { ack, nagPacks, undocumentedAcknowledgements, unmirroredNistAcknowledgements } from '../nag';
import { checkClaims } from './claims/harness';

// This file tests the CDK's built-in CloudFormation validation, which test/setup.ts turns off elsewhere.
process.env.CDK_VALIDATION = 'true';

const env = { account: '111111111111', region: 'eu-west-1' };

/** The reference data tier, with the acknowledgements that belong to the test stack (the VPC). */
function dataTier(app: App): { stack: Stack; db: ProductionDatabase; plan: BackupPlan } {
  const stack = new Stack(app, 'DataTierDb', { env });

  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, description: 'Encrypts the VPC flow logs and the alarm topic' });
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('logs.eu-west-1.amazonaws.com')],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111111111111:log-group:*' } },
  }));
  // Alarms, EventBridge rules and AWS Backup publish to the topic encrypted with this key.
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'backup.amazonaws.com'].map((p) => new iam.ServicePrincipal(p)),
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  }));
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  const flowLogs = new logs.LogGroup(stack, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key });
  const flowLog = vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) });
  // The rotation function reaches Secrets Manager through an interface endpoint (no NAT in isolated subnets).
  const endpoint = vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });

  ack(vpc, {
    id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    reason: 'Nothing in this VPC uses its default security group: every resource has its own group with no ingress unless granted. (restrictDefaultSecurityGroup would add a custom-resource Lambda to the reference stack.)',
  });
  ack(flowLog, {
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason: 'CDK writes the flow log role\'s permissions (put events into this one log group) as the role\'s own policy; no other principal would share a managed policy.',
  });
  ack(endpoint,
    {
      id: 'AwsSolutions-EC23',
      reason: 'The endpoint security group admits HTTPS from the VPC CIDR only; the CIDR is a CloudFormation reference (Fn::GetAtt), which the rule cannot read at synth.',
    },
    {
      id: 'NIST.800.53.R5-EC2RestrictedCommonPorts',
      reason: 'The endpoint security group admits port 443 from the VPC CIDR only (a reference the rule cannot read at synth).',
    },
    {
      id: 'NIST.800.53.R5-EC2RestrictedSSH',
      reason: 'The endpoint security group admits port 443 from the VPC CIDR only, never SSH (a reference the rule cannot read at synth).',
    },
  );

  // The team's alarm topic, with a subscription so alarms reach people.
  const alarmTopic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true, displayName: 'Data tier alarms' });
  alarmTopic.addSubscription(new subscriptions.EmailSubscription('oncall@example.com'));
  alarmTopic.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [alarmTopic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': env.account } },
  }));

  const plan = new BackupPlan(stack, 'Backups', {
    alarmTopic,
    copyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr',
  });
  const db = new ProductionDatabase(stack, 'Db', { vpc, proxy: true, backupPlan: plan, alarmTopic, databaseName: 'app' });
  return { stack, db, plan };
}

function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${(r as { constructPath?: string }).constructPath}: ${v.description}`));
}

describe('data tier (database) conformance', () => {
  test('GoLiveChecks: no violation, and every item the constructs claim is satisfied', () => {
    const app = new App();
    dataTier(app);
    const { problems, report, claimed } = checkClaims(app);
    expect(report.violations().map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
    expect([...claimed.keys()]).toEqual(expect.arrayContaining(['DB-MULTI-AZ', 'DB-CONNECTION-POOLING', 'BACKUP-PLAN', 'BACKUP-CROSS-REGION-COPY']));
    // pending and unknown are failures too: what a construct claims, the checks must conclude.
    expect(problems).toEqual([]);
  });

  test.each<[string, (app: App) => NagPack]>([
    ['AwsSolutions', (app) => new AwsSolutionsChecks(app)],
    ['NIST 800-53 R5', (app) => new NIST80053R5Checks(app)],
    ['HIPAA Security', (app) => new HIPAASecurityChecks(app)],
    ['PCI DSS 3.2.1', (app) => new PCIDSS321Checks(app)],
  ])('cdk-nag %s: every finding acknowledged', (_name, pack) => {
    const app = new App();
    dataTier(app);
    expect(findings(pack(app).validateScope(app))).toEqual([]);
  });

  test('every acknowledgement has a reason and is listed in docs/acknowledgements-data-tier-db.md; the NIST ones are made under HIPAA and PCI too', () => {
    const app = new App();
    dataTier(app);
    expect(undocumentedAcknowledgements(app, 'acknowledgements-data-tier-db.md')).toEqual([]);
    expect(unmirroredNistAcknowledgements(app)).toEqual([]);
  });

  test('CloudFormation validation with the default rules as errors, and cdk-nag as plugins: synth succeeds', () => {
    const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    dataTier(app);
    Validations.of(app).addPlugins(...nagPacks());
    expect(() => app.synth()).not.toThrow();
  });
});
