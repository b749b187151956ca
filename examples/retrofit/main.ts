/**
 * An existing app, as many teams have one: plain aws-cdk-lib constructs, no
 * cdk-golive construct, and the usual production mistakes. The only line that
 * cdk-golive adds is the last one of `buildApp`:
 *
 *   Validations.of(app).addPlugins(new GoLiveChecks());
 *
 * `npx cdk synth` then prints the checklist, writes golive-report.{json,md,sarif}
 * into cdk.out, and fails on every violated item. Each mistake below is marked
 * with the checklist item(s) it violates.
 *
 * In your project, import from 'cdk-golive' instead of '../../lib'.
 */
import { App, AppProps, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { GoLiveChecks, GoLiveChecksProps } from '../../lib';

/** The fixed environment of the example: no lookups, synthesizes offline. */
export const ENV = { account: '111111111111', region: 'eu-west-1' };
const AZS = ['eu-west-1a', 'eu-west-1b'];

/** The orders service as it was before anyone looked at the checklist. */
export class OrdersStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly database: rds.DatabaseInstance;
  public readonly databaseSecurityGroup: ec2.SecurityGroup;
  public readonly handler: lambda.Function;
  public readonly appLogs: logs.LogGroup;
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly alerts: sns.Topic;
  public readonly errorsAlarm: cloudwatch.Alarm;
  public readonly http5xxAlarm: cloudwatch.Alarm;

  /** Fixed zones: the stack never looks them up (synthesizes without AWS credentials). */
  public get availabilityZones(): string[] {
    return AZS;
  }

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { env: ENV, ...props });

    const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: 'orders.example.com' });

    // One tier of public subnets "to keep it simple" (and no NAT gateway to pay for).
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: AZS,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
    });

    // NET-RESTRICTED-INGRESS: "temporarily" open to the world so people can connect from home.
    this.databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', { vpc: this.vpc, description: 'orders database' });
    this.databaseSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(5432), 'psql from anywhere (temporary)');

    this.database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_4 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM),
      vpc: this.vpc,
      securityGroups: [this.databaseSecurityGroup],
      // DB-NOT-PUBLIC: public subnets and a public endpoint.
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      publiclyAccessible: true,
      databaseName: 'orders',
      // DB-BACKUP-RETENTION: backupRetention left at the default (1 day).
      // DB-DELETION-PROTECTION: deletionProtection left at the default (false).
      // DB-ENCRYPTION-AT-REST: storageEncrypted left at the CDK default (false, no key).
      // DB-MULTI-AZ: multiAz left at the default (false).
    });

    // LOG-RETENTION / LOG-ENCRYPTED: an application log group that never
    // expires, encrypted with nothing but the service default.
    this.appLogs = new logs.LogGroup(this, 'AppLogs', { retention: logs.RetentionDays.INFINITE });

    this.handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
      timeout: Duration.seconds(10),
      environment: {
        DB_HOST: this.database.dbInstanceEndpointAddress,
        DB_USER: 'postgres',
        DB_PASSWORD: 'hunter2', // SECRETS-NO-PLAINTEXT
        DEBUG: 'true', // CONFIG-DEBUG-OFF
        APP_LOG_GROUP: this.appLogs.logGroupName,
      },
      // LOG-RETENTION / LOG-ENCRYPTED: no logGroup, so the function writes to the
      // default /aws/lambda/<name> group, which never expires and no stack manages.
    });
    this.appLogs.grantWrite(this.handler);

    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: 'orders.example.com',
      validation: acm.CertificateValidation.fromDns(zone),
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', { vpc: this.vpc, internetFacing: true });
    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      targetType: elbv2.TargetType.LAMBDA,
      targets: [new targets.LambdaTarget(this.handler)],
    });
    // EDGE-HTTPS-REDIRECT: the HTTP listener serves the app instead of redirecting.
    this.loadBalancer.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.forward([targetGroup]) });
    // EDGE-HTTPS-LISTENER: HTTPS, but with a policy that still accepts TLS 1.1.
    this.loadBalancer.addListener('Https', {
      port: 443,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.TLS11,
      defaultAction: elbv2.ListenerAction.forward([targetGroup]),
    });
    new route53.ARecord(this, 'Alias', { zone, target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)) });

    // ALARM-TOPIC-ENCRYPTED: a topic for alerts, unencrypted and without a TLS-only policy...
    this.alerts = new sns.Topic(this, 'Alerts');
    // ALARM-ACTIONS: ...and alarms that nobody wired to it.
    this.errorsAlarm = this.handler.metricErrors({ period: Duration.minutes(1) }).createAlarm(this, 'ErrorsAlarm', {
      threshold: 1,
      evaluationPeriods: 3,
    });
    this.http5xxAlarm = this.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1) }).createAlarm(this, 'Http5xxAlarm', {
      threshold: 10,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** The app and its stack, for tests. */
export interface RetrofitApp {
  readonly app: App;
  readonly stack: OrdersStack;
  /** The checks plugged into the app (its `lastReport` is set after synth). */
  readonly checks: GoLiveChecks;
}

/**
 * Build the app: the existing stack, plus the one line that adds the checks.
 */
export function buildApp(appProps: AppProps = {}, checksProps: GoLiveChecksProps = {}): RetrofitApp {
  const app = new App(appProps);
  const stack = new OrdersStack(app, 'Orders');

  const checks = new GoLiveChecks(checksProps);
  Validations.of(app).addPlugins(checks);

  return { app, stack, checks };
}

if (require.main === module) {
  buildApp().app.synth();
}
