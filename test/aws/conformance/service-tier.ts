/** The app of service-conformance.test.ts, built here so that cfn-validation-conformance.test.ts synthesizes it too. */
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { CanaryDeployment } from '../../../lib/aws/canary-deployment';
import { ServiceAlarms } from '../../../lib/aws/service-alarms';
import { ack } from '../../nag';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
const IMAGE = 'public.ecr.aws/nginx/nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000';

class ServiceTierStack extends Stack {
  public readonly apiAlarms: ServiceAlarms;
  public readonly webAlarms: ServiceAlarms;
  public readonly apiRelease: CanaryDeployment;
  public readonly webRelease: CanaryDeployment;
  public readonly fn: lambda.Function;
  public readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'service tier key' });

    // One topic for both services: the team's inbox and the on-call pager.
    this.apiAlarms = new ServiceAlarms(this, 'ApiAlarms', { serviceName: 'api', encryptionKey: key });
    this.apiAlarms.topic.addSubscription(new subs.EmailSubscription('oncall@example.com'));
    this.apiAlarms.topic.addSubscription(new subs.UrlSubscription('https://events.pagerduty.com/integration/0123456789abcdef/enqueue'));
    this.webAlarms = new ServiceAlarms(this, 'WebAlarms', { serviceName: 'web', alarmTopic: this.apiAlarms.topic });

    // ------------------------------------------------------------ (a) Lambda service
    const fnLogs = new logs.LogGroup(this, 'ApiLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN });
    this.fn = new lambda.Function(this, 'Api', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ ok: true, path: e.rawPath }) });'),
      logGroup: fnLogs,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: { ENVIRONMENT: 'production', POWERTOOLS_METRICS_NAMESPACE: 'Shop' },
    });
    ack(this.fn,
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'Example function: concurrency is sized per service, not reserved in a conformance stack' },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously through its function URL: a dead-letter queue only serves asynchronous invocations' },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'The example function reaches no private resource; a VPC would add NAT without narrowing what it reaches' },
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'The AWS managed policy the CDK attaches to a function role for logging' },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions' },
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The function role\'s default policy is written by the CDK for X-Ray tracing' },
    );
    this.apiRelease = new CanaryDeployment(this, 'ApiRelease', { lambdaFunction: this.fn, serviceAlarms: this.apiAlarms, encryptionKey: key });
    this.apiRelease.alias!.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    this.apiAlarms.monitorFunction(this.fn);
    this.apiAlarms.addBusinessMetrics('Orders placed', [new cloudwatch.Metric({ namespace: 'Shop', metricName: 'OrdersPlaced', statistic: 'Sum' })]);

    // ------------------------------------------------------------ (b) ECS Fargate service behind an HTTPS ALB
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key });
    const flowLog = vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup), trafficType: ec2.FlowLogTrafficType.ALL });
    ack(flowLog, { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The flow log role\'s default policy is written by the CDK and names only the flow log group' });
    ack(vpc, { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group; restricting it needs a CDK custom resource, so it is left to the account-level Security Hub EC2.2 auto-remediation' });
    for (const subnet of vpc.publicSubnets) {
      ack(subnet,
        { id: 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled', reason: 'Public subnets hold only the internet-facing load balancer and the NAT gateway; tasks run in private subnets with assignPublicIp false' },
        { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason: 'The public subnets\' route to the internet gateway is what makes the load balancer reachable; nothing else runs there' },
      );
    }

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }], expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    ack(accessLogs,
      { id: 'AwsSolutions-S1', reason: 'This bucket holds the load balancer\'s access logs; logging its own access would need yet another bucket' },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'This bucket holds the load balancer\'s access logs; logging its own access would need yet another bucket' },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3' },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Access logs are kept in one region for 400 days; cross-region replication is the archive policy\'s call, not the service\'s' },
    );

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      deletionProtection: true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
    });
    alb.logAccessLogs(accessLogs, 'web');
    ack(alb.connections.securityGroups[0], { id: 'AwsSolutions-EC23', reason: 'The public load balancer admits 0.0.0.0/0 and ::/0 on 443 only: it is the service\'s internet entry point' });
    ack(alb, { id: 'NIST.800.53.R5-ALBWAFEnabled', reason: 'The web ACL is attached by the edge stack (HttpsEndpoint); this conformance stack checks the service tier' });
    const listener = alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', CERTIFICATE_ARN)],
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'not found' }),
      open: true,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'WebTask', { cpu: 512, memoryLimitMiB: 1024 });
    const webLogs = new logs.LogGroup(this, 'WebLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN });
    taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry(IMAGE),
      portMappings: [{ containerPort: 8080 }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: webLogs, streamPrefix: 'web', mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
      readonlyRootFilesystem: true,
      user: '1000',
      environment: { ENVIRONMENT: 'production', POWERTOOLS_METRICS_NAMESPACE: 'Shop' },
      stopTimeout: Duration.seconds(30),
    });
    ack(taskDefinition,
      { id: 'AwsSolutions-ECS2', reason: 'Only non-secret settings (ENVIRONMENT, the metrics namespace) are environment variables; secrets come from Secrets Manager' },
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The execution role\'s default policy is written by the CDK and names only the web log group' },
    );
    this.service = new ecs.FargateService(this, 'Web', {
      cluster,
      taskDefinition,
      desiredCount: 3,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    });
    this.webRelease = new CanaryDeployment(this, 'WebRelease', {
      ecsService: this.service,
      listener,
      serviceAlarms: this.webAlarms,
      encryptionKey: key,
    });
    const scaling = this.service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 12 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    this.webAlarms.monitorLoadBalancer(alb);
    this.webAlarms.monitorEcsService(this.service);
    this.webAlarms.addBusinessMetrics('Orders placed', [new cloudwatch.Metric({ namespace: 'Shop', metricName: 'OrdersPlaced', statistic: 'Sum' })]);
  }
}

export function build() {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new ServiceTierStack(app, 'ServiceTier');
  return { app, stack };
}
