/** The app of edge-conformance.test.ts, built here so that cfn-validation-conformance.test.ts synthesizes it too. */
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { HttpsEndpoint } from '../../../lib/aws/https-endpoint';
import { ack } from '../../nag';

const ACCOUNT = '111111111111';
/** A certificate and a CLOUDFRONT web ACL made in a us-east-1 stack, passed by ARN. */
const STATIC_CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
const CLOUDFRONT_WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge-assets/0123abcd-4567-89ef-0123-456789abcdef`;

class EdgeStack extends Stack {
  public readonly endpoint: HttpsEndpoint;
  public readonly fn: lambda.Function;

  constructor(scope: Construct, id: string, region: string) {
    super(scope, id, { env: { account: ACCOUNT, region } });
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'edge: flow and function logs' });

    // Three zones: public subnets for the load balancer only (no public IPs on launch), isolated ones for the service.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 3,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    ack(vpc,
      { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group; restricting it needs a CDK custom resource, so it is left to the account-level Security Hub EC2.2 auto-remediation' },
      { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason: 'The public subnets hold only the internet-facing load balancer, which must route to the internet gateway; the service sits in isolated subnets without one' },
    );
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key });
    const flowLog = vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup), trafficType: ec2.FlowLogTrafficType.ALL });
    ack(flowLog, { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The flow log role\'s default policy is written by the CDK and names only the flow log group' });

    const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: 'example.com' });
    const inUsEast1 = region === 'us-east-1';
    this.endpoint = new HttpsEndpoint(this, 'Api', {
      vpc,
      domainName: 'api.example.com',
      hostedZone: zone,
      cors: { allowedOrigins: ['https://app.example.com'] },
      // CloudFront takes certificates and web ACLs from us-east-1 only: elsewhere they come by ARN.
      staticAssets: inUsEast1 ? {} : {
        domainName: 'static.example.com',
        certificate: acm.Certificate.fromCertificateArn(this, 'StaticCertificate', STATIC_CERTIFICATE_ARN),
        webAclArn: CLOUDFRONT_WEB_ACL_ARN,
      },
    });
    this.endpoint.alarmTopic.addSubscription(new subs.EmailSubscription('oncall@example.com'));

    // The service: a function in the isolated subnets, behind the endpoint.
    const fnLogs = new logs.LogGroup(this, 'ServiceLogs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key });
    this.fn = new lambda.Function(this, 'Service', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async (e) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ ok: true, path: e.path }) });'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      logGroup: fnLogs,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: { ENVIRONMENT: 'production', LOG_LEVEL: 'INFO' },
    });
    this.endpoint.addTargets('Service', { targets: [new targets.LambdaTarget(this.fn)] });
    ack(this.fn,
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'Example function: concurrency is sized per service, not reserved in a conformance stack' },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously by the load balancer: a dead-letter queue only serves asynchronous invocations' },
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'The AWS managed policy the CDK attaches to a function role for logging' },
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', reason: 'The AWS managed policy the CDK attaches to a function role in a VPC for its network interfaces' },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions' },
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The function role\'s default policy is written by the CDK for X-Ray tracing only' },
    );
  }
}

export function build(region: string) {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new EdgeStack(app, `Edge-${region}`, region);
  return { app, stack };
}
