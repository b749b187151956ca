/** The app of data-tier-conformance-db.test.ts, built here so that cfn-validation-conformance.test.ts synthesizes it too. */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { BackupPlan } from '../../../lib/aws/backup-plan';
import { ProductionDatabase } from '../../../lib/aws/production-database';
import { ack } from '../../nag';

const env = { account: '111111111111', region: 'eu-west-1' };

/** The reference data tier, with the acknowledgements that belong to the test stack (the VPC). */
export function dataTier(app: App): { stack: Stack; db: ProductionDatabase; plan: BackupPlan } {
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
