/** The app of data-tier-conformance-cache.test.ts, built here so that cfn-validation-conformance.test.ts synthesizes it too. */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AppSecret } from '../../../lib/aws/app-secret';
import { ProductionCache } from '../../../lib/aws/production-cache';
import { ack } from '../../nag';

const ENV = { account: '111111111111', region: 'eu-west-1' };

class CacheTierStack extends Stack {
  public readonly cache: ProductionCache;
  public readonly jwt: AppSecret;
  public readonly webhookKey: AppSecret;
  public readonly fn: lambda.Function;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });

    const key = new kms.Key(this, 'DataKey', { enableKeyRotation: true, description: 'cache tier data key' });

    // A VPC in three zones whose data and functions sit in isolated subnets.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 3,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    ack(vpc, {
      id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      reason: 'Nothing uses the default security group; restricting it needs a CDK custom resource, so it is left to the account-level Security Hub EC2.2 auto-remediation',
    });
    // Functions in the isolated subnets reach Secrets Manager through an endpoint, opened per client.
    const secretsEndpoint = vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, open: false });

    // The cache. NIST 800-53 R5 (cdk-nag) asks 15 days of snapshots, more than the catalog's 7.
    this.cache = new ProductionCache(this, 'Cache', { vpc, encryptionKey: key, snapshotRetentionDays: 15 });
    this.cache.alarmTopic.addSubscription(new subs.EmailSubscription('oncall@example.com'));

    // Flow logs, encrypted with the same key (the cache added the CloudWatch Logs statements to it).
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key });
    const flowLog = vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup), trafficType: ec2.FlowLogTrafficType.ALL });
    ack(flowLog, {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The flow log role\'s default policy is written by the CDK and names only the flow log group',
    });

    // A generic JWT signing key, with the defaults: its own key and alarm topic.
    this.jwt = new AppSecret(this, 'JwtSigningKey', { description: 'JWT signing key', length: 64 });
    this.jwt.alarmTopic.addSubscription(new subs.EmailSubscription('oncall@example.com'));

    // A webhook key handed to a Lambda function by ARN.
    this.webhookKey = new AppSecret(this, 'WebhookKey', { description: 'webhook signing key', encryptionKey: key, alarmTopic: this.cache.alarmTopic });
    const fnLogs = new logs.LogGroup(this, 'WebhookLogs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key });
    this.fn = new lambda.Function(this, 'WebhookFunction', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 204 });'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      logGroup: fnLogs,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: { REDIS_URL: this.cache.endpoint.url, LOG_LEVEL: 'INFO' },
    });
    this.webhookKey.grantToFunction(this.fn, 'WEBHOOK_KEY');
    this.cache.secret.grantToFunction(this.fn, 'REDIS_CREDENTIALS');
    this.cache.connections.allowDefaultPortFrom(this.fn, 'the webhook function');
    secretsEndpoint.connections.allowDefaultPortFrom(this.fn, 'the webhook function');
    ack(this.fn,
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'Example function: concurrency is sized per service, not reserved in a conformance stack' },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously behind an API: a dead-letter queue only serves asynchronous invocations' },
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'The AWS managed policy the CDK attaches to a function role for logging' },
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', reason: 'The AWS managed policy the CDK attaches to a function role in a VPC for its network interfaces' },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions' },
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The function role\'s default policy is written by CDK grants scoped to the two secrets it reads' },
    );
  }
}

export function build() {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new CacheTierStack(app, 'CacheTier');
  return { app, stack };
}
