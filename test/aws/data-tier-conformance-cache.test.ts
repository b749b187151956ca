/**
 * Conformance of the cache data tier: a stack built from ProductionCache and
 * AppSecret passes GoLiveChecks, cdk-nag (AwsSolutions, NIST 800-53 R5, HIPAA
 * Security and PCI DSS 3.2.1) with every remaining finding acknowledged with a
 * reason, and the CDK's CloudFormation validation. The acknowledgements are
 * listed in docs/acknowledgements-data-tier-cache.md (a test checks it).
 *
 * The stack's own acknowledgements go through `ack` (test/nag.ts), which makes
 * them under the HIPAA and PCI packs too, as the constructs do.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AppSecret } from '../../lib/aws/app-secret';
import { ProductionCache } from '../../lib/aws/production-cache';
import { ack, nagPacks, unacknowledgedNagFindings, undocumentedAcknowledgements, unmirroredNistAcknowledgements } from '../nag';
import { checkClaims } from './claims/harness';

// This file tests the CDK's built-in CloudFormation validation, which test/setup.ts turns off elsewhere.
process.env.CDK_VALIDATION = 'true';

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

function build() {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new CacheTierStack(app, 'CacheTier');
  return { app, stack };
}

test('GoLiveChecks: no violation, and every item the constructs claim is satisfied', () => {
  const { app } = build();
  const { problems, report } = checkClaims(app);
  expect(problems).toEqual([]);
  const violations = report.violations().map((f) => `${f.ruleId} [${f.itemIds.join(',')}] ${f.constructPath ?? f.resource}: ${f.message}`);
  expect(violations).toEqual([]);
  for (const item of ['CACHE-PROVISIONED', 'CACHE-TLS-IN-TRANSIT', 'CACHE-ENCRYPTION-AT-REST', 'CACHE-AUTH', 'CACHE-MULTI-AZ-FAILOVER',
    'CACHE-SNAPSHOT-RETENTION', 'SECRETS-MANAGED', 'SECRETS-ROTATION', 'SECRETS-STRENGTH', 'SECRETS-ROTATION-ALERT']) {
    expect([item, report.statusOf(item)]).toEqual([item, 'satisfied']);
  }
});

test('cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1: every finding acknowledged', () => {
  const { app } = build();
  expect(unacknowledgedNagFindings(app)).toEqual([]);
});

test('every acknowledgement has a reason and is listed in docs/acknowledgements-data-tier-cache.md; the NIST ones are made under HIPAA and PCI too', () => {
  const { app } = build();
  expect(undocumentedAcknowledgements(app, 'acknowledgements-data-tier-cache.md')).toEqual([]);
  expect(unmirroredNistAcknowledgements(app)).toEqual([]);
});

test('synth with cdk-nag as validation plugins and the CloudFormation validation on', () => {
  const { app } = build();
  Validations.of(app).addPlugins(...nagPacks());
  expect(() => app.synth()).not.toThrow();
});
