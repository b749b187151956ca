import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, IPolicyValidationPlugin, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { CloudFrontEdge, DatabaseFlavor, GoLiveChecks, ProductionService, ServiceCompute } from '../lib';

/** Options of the reference app. */
export interface ReferenceAppOptions {
  /** Where to synthesize. @default - the CDK default (cdk.out, or CDK_OUTDIR from the CLI) */
  readonly outdir?: string;
  /** Register GoLiveChecks. @default true */
  readonly checks?: boolean;
  /** Register cdk-nag's AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs. @default true */
  readonly nag?: boolean;
  /** Print the checklist summary at synth. @default true */
  readonly printSummary?: boolean;
}

/** The one account and region of the reference services: fixed, so nothing is looked up. */
const ENV = { account: '111111111111', region: 'eu-west-1' };
/** CloudFront takes its certificates and web ACLs from us-east-1 only. */
const EDGE_ENV = { account: '111111111111', region: 'us-east-1' };

const SHOP_ZONE = 'golive-shop.example.com';
const SHOP_DOMAIN = `www.${SHOP_ZONE}`;
const SHOP_STATIC_DOMAIN = `static.${SHOP_ZONE}`;

/** Where both services copy their database recovery points: a vault in another region. */
const DR_VAULT_ARN = 'arn:aws:backup:eu-central-1:111111111111:backup-vault:golive-dr';

/** The on-call team: the alarm topics' email subscription, and the pager the composite alarms page. */
const ONCALL_EMAIL = 'oncall@example.com';
const PAGER_URL = 'https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue';

/**
 * The application image of the web service: Node.js 22 on Alpine
 * (`public.ecr.aws/docker/library/node:22-alpine`), pinned by its index digest
 * so every task runs the same bytes and the previous release can be redeployed.
 */
const NODE_IMAGE = 'public.ecr.aws/docker/library/node@sha256:c610fcdfb1d5b4740dd70c284ed3cb16bb857e0f7166196e36a5501df7a3aa32';

/**
 * The reference app: two production services, each a `ProductionService` in its
 * own stack, with GoLiveChecks and cdk-nag (AwsSolutions, NIST 800-53 R5, HIPAA
 * Security, PCI DSS 3.2.1) registered. `npx cdk synth` runs it (bin/app.ts) offline; `cdk-golive check cdk.out`
 * then reports every item that has an AWS rule satisfied, the CDN's certificate and
 * web ACL across regions (docs/acknowledgements-reference-app.md).
 *
 * - `GoLiveApi`: a Lambda API (Aurora PostgreSQL, Valkey), with a Cognito user
 *   pool for its administrators.
 * - `GoLiveShop`: an ECS Fargate web service (RDS for PostgreSQL, Valkey) with a
 *   CloudFront distribution for its static assets.
 * - `GoLiveShopEdge` (us-east-1): the distribution's certificate and CLOUDFRONT web
 *   ACL, which CloudFront takes from us-east-1 only, and the web service's DNS zone.
 */
export function buildReferenceApp(options: ReferenceAppOptions = {}): App {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    // The feature flags of cdk.json, so a test synthesizes what `cdk synth` does.
    context: {
      ...cdkJsonContext(),
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      // The zones of the reference account, as `cdk.context.json` would cache them: no lookup, no credentials.
      [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ['a', 'b', 'c'].map((z) => `${ENV.region}${z}`),
    },
  });
  new ApiStack(app, 'GoLiveApi', { env: ENV, description: 'cdk-golive reference: a Lambda API (ProductionService)' });
  const edge = new EdgeStack(app, 'GoLiveShopEdge', {
    env: EDGE_ENV,
    crossRegionReferences: true,
    description: 'cdk-golive reference: the us-east-1 parts of the web service\'s CDN (DNS zone, certificate, web ACL)',
  });
  new ShopStack(app, 'GoLiveShop', {
    env: ENV,
    crossRegionReferences: true,
    description: 'cdk-golive reference: an ECS Fargate web service (ProductionService) with a CDN for its static assets',
    edge,
  });

  const plugins: IPolicyValidationPlugin[] = [];
  if (options.checks ?? true) plugins.push(new GoLiveChecks({ printSummary: options.printSummary ?? true }));
  if (options.nag ?? true) plugins.push(new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks());
  if (plugins.length > 0) Validations.of(app).addPlugins(...plugins);
  return app;
}

/** A Lambda API: a ProductionService on Lambda, and the user pool of its administrators. */
class ApiStack extends Stack {
  public readonly service: ProductionService;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: 'golive-api.example.com' });
    this.service = new ProductionService(this, 'Api', {
      serviceName: 'golive-api',
      compute: ServiceCompute.lambdaFunction({
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline(API_HANDLER),
        memorySize: 512,
      }),
      domainName: 'api.golive-api.example.com',
      hostedZone: zone,
      // The NIST 800-53 R5 pack asks 15 days of cache snapshots (the catalog, 7).
      cacheOptions: { snapshotRetentionDays: 15 },
      cors: { allowedOrigins: [`https://${SHOP_DOMAIN}`] },
      monthlyBudgetUsd: 1500,
      alarmEmails: [ONCALL_EMAIL],
      pagerUrl: PAGER_URL,
      backupCopyToVaultArn: DR_VAULT_ARN,
      generateSecrets: ['JWT_SIGNING_KEY'],
      environment: {
        ACCESS_TOKEN_EXPIRE_MINUTES: '15',
        REFRESH_TOKEN_EXPIRE_DAYS: '7',
        ENABLE_SIGNUP: 'false',
        AUDIT_LOG_ENABLED: 'true',
      },
      businessMetrics: ['OrdersPlaced', 'PaymentsCaptured'],
    });
    new AdminUserPool(this, 'Admins', this.service);
  }
}

/**
 * What CloudFront needs from us-east-1 for the web service's static assets: the
 * certificate of their domain and a CLOUDFRONT web ACL, with the alarms and the
 * dashboard that watch them (a `CloudFrontEdge`); and the service's DNS zone, in which the
 * certificate is validated (the service stack uses it through cross-region references).
 */
class EdgeStack extends Stack {
  public readonly zone: route53.PublicHostedZone;
  public readonly edge: CloudFrontEdge;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: SHOP_ZONE });
    this.edge = new CloudFrontEdge(this, 'StaticAssets', {
      domainName: SHOP_STATIC_DOMAIN,
      hostedZone: this.zone,
      name: 'golive-shop CDN',
      alarmEmails: [ONCALL_EMAIL],
    });
  }
}

/** An ECS Fargate web service: a ProductionService on Fargate, its database on RDS for PostgreSQL, a CDN for its assets. */
class ShopStack extends Stack {
  public readonly service: ProductionService;

  constructor(scope: Construct, id: string, props: StackProps & { readonly edge: EdgeStack }) {
    super(scope, id, props);
    const zone = props.edge.zone;
    this.service = new ProductionService(this, 'Shop', {
      serviceName: 'golive-shop',
      compute: ServiceCompute.fargate({
        image: ecs.ContainerImage.fromRegistry(NODE_IMAGE),
        command: ['node', '-e', WEB_SERVER],
        containerPort: 8080,
        user: '1000:1000',
        cpu: 512,
        memoryLimitMiB: 1024,
      }),
      domainName: SHOP_DOMAIN,
      hostedZone: zone,
      staticAssets: {
        domainName: SHOP_STATIC_DOMAIN,
        certificate: props.edge.edge.certificate,
        webAclArn: props.edge.edge.webAclArn,
      },
      databaseOptions: { flavor: DatabaseFlavor.RDS_POSTGRESQL, databaseName: 'shop', databaseUser: 'shop' },
      cacheOptions: { snapshotRetentionDays: 15 },
      monthlyBudgetUsd: 2500,
      alarmEmails: [ONCALL_EMAIL],
      pagerUrl: PAGER_URL,
      backupCopyToVaultArn: DR_VAULT_ARN,
      generateSecrets: ['SESSION_SECRET'],
      environment: {
        SESSION_TIMEOUT_MINUTES: '30',
        MAX_CONCURRENT_SESSIONS: '3',
        ENABLE_GUEST_CHECKOUT: 'true',
        AUDIT_LOG_ENABLED: 'true',
      },
      businessMetrics: ['CheckoutsCompleted'],
    });
  }
}

/**
 * The API's administrators: a Cognito user pool that requires MFA (TOTP) and
 * strong passwords, with threat protection enforced; no self sign-up. An alarm
 * on failed sign-ins notifies the service's alarm topic, and the sign-in
 * metrics sit on the service dashboard.
 */
class AdminUserPool extends Construct {
  constructor(scope: Construct, id: string, service: ProductionService) {
    super(scope, id);
    const pool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: 'golive-api-admins',
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const client = pool.addClient('AdminConsole', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.hours(8),
      enableTokenRevocation: true,
      generateSecret: false,
    });
    const signIns = new cloudwatch.Metric({
      namespace: 'AWS/Cognito',
      metricName: 'SignInSuccesses',
      dimensionsMap: { UserPool: pool.userPoolId, UserPoolClient: client.userPoolClientId },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(5),
      label: 'Sign-in success ratio',
    });
    const alarm = new cloudwatch.Alarm(this, 'FailedSignInsAlarm', {
      alarmDescription: 'golive-api administrators: fewer than 80 % of sign-ins succeeded over 15 minutes (password guessing?)',
      metric: signIns,
      threshold: 0.8,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      actionsEnabled: true,
    });
    alarm.addAlarmAction(new cw_actions.SnsAction(service.alarmTopic));
    service.alarms.dashboard.addWidgets(new cloudwatch.GraphWidget({
      title: 'Administrators: sign-in success ratio',
      left: [signIns],
      width: 24,
    }));
  }
}

/** The context of cdk.json (the feature flags), read so a test synthesizes what `cdk synth` does. */
function cdkJsonContext(): Record<string, unknown> {
  const file = path.join(__dirname, '..', 'cdk.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).context ?? {} : {};
}

/**
 * The API: answers `/health` for the load balancer, the release hooks and the
 * external probe, and every other path with a JSON document. Logs go to stdout
 * (Lambda formats them as JSON).
 */
const API_HANDLER = `
exports.handler = async (event) => {
  const path = event.path || '/';
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (path === '/health') return { statusCode: 200, statusDescription: '200 OK', headers, body: JSON.stringify({ status: 'ok' }), isBase64Encoded: false };
  console.info(JSON.stringify({ msg: 'request', method: event.httpMethod, path }));
  return { statusCode: 200, statusDescription: '200 OK', headers, body: JSON.stringify({ service: process.env.SERVICE_NAME, path }), isBase64Encoded: false };
};
`;

/**
 * The web service, run by \`node -e\`: \`/health\` for the load balancer, every
 * other path a page; JSON log lines on stdout; stops cleanly on SIGTERM.
 */
const WEB_SERVER = [
  "const http=require('http');",
  "const log=(level,msg,extra)=>console.log(JSON.stringify({time:new Date().toISOString(),level,msg,...extra}));",
  "const server=http.createServer((req,res)=>{",
  "if(req.url==='/health'){res.writeHead(200,{'content-type':'application/json'});return res.end('{\"status\":\"ok\"}');}",
  "log('INFO','request',{method:req.method,path:req.url});",
  "res.writeHead(200,{'content-type':'text/html; charset=utf-8'});res.end('<!doctype html><title>golive shop</title><h1>golive shop</h1>');",
  '});',
  "server.listen(8080,()=>log('INFO','listening',{port:8080}));",
  "process.on('SIGTERM',()=>{log('INFO','stopping');server.close(()=>process.exit(0));});",
].join('');
