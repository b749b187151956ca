/**
 * A Lambda API released by canary: every new version takes 10 % of the traffic
 * for five minutes, and CodeDeploy rolls it back on its own if an alarm fires.
 * One `ProductionService` provisions the rest of the go-live checklist (HTTPS
 * front door with WAF, alarms and dashboard, encrypted logs, secrets, budget).
 *
 * In your project, import from 'cdk-golive' instead of '../../lib'.
 */
import { App, AppProps, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { GoLiveChecks, GoLiveChecksProps, ProductionService, ServiceCompute, TrafficShift } from '../../lib';

/** The fixed environment of the example: no lookups, synthesizes offline. */
export const ENV = { account: '111111111111', region: 'eu-west-1' };

/** The handler. Inline to keep the example self-contained; use `lambda.Code.fromAsset('dist/api')` in your app. */
const HANDLER = `
exports.handler = async (event) => {
  // The load balancer's health check, the release hooks and the external probe call /health.
  if (event.path === '/health') return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };
  console.log(JSON.stringify({ level: 'INFO', message: 'request', path: event.path }));
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orders: [] }) };
};
`;

/** The orders API on Lambda. */
export class LambdaCanaryStack extends Stack {
  public readonly zone: route53.PublicHostedZone;
  public readonly api: ProductionService;

  /**
   * The zones of the region, written down: `ec2.Vpc` checks the zones it is given
   * against the stack's, which would otherwise be looked up (and need credentials at synth).
   */
  public get availabilityZones(): string[] {
    return ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  }

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { env: ENV, ...props });

    this.zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: 'example.com' });

    this.api = new ProductionService(this, 'Api', {
      serviceName: 'orders-api',
      compute: ServiceCompute.lambdaFunction({
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline(HANDLER),
      }),
      domainName: 'api.example.com',
      hostedZone: this.zone,
      // 10 % of the traffic for 5 minutes, then all of it; rolled back if an alarm fires meanwhile.
      trafficShift: TrafficShift.canary(10, Duration.minutes(5)),
      // No database or cache: a stateless API (both default to true).
      database: false,
      cache: false,
      generateSecrets: ['JWT_SIGNING_KEY'],
      environment: { ACCESS_TOKEN_EXPIRE_MINUTES: '15' },
      alarmEmails: ['orders-oncall@example.com'],
      pagerUrl: 'https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue',
      businessMetrics: ['OrdersPlaced'],
      monthlyBudgetUsd: 300,
    });
  }
}

/** The app and its stack, for tests. */
export interface LambdaCanaryApp {
  readonly app: App;
  readonly stack: LambdaCanaryStack;
  readonly checks: GoLiveChecks;
}

/** Build the app, with the checks plugged in: `cdk synth` fails if a checklist item is violated. */
export function buildApp(appProps: AppProps = {}, checksProps: GoLiveChecksProps = {}): LambdaCanaryApp {
  const app = new App(appProps);
  const stack = new LambdaCanaryStack(app, 'OrdersApi');
  const checks = new GoLiveChecks(checksProps);
  Validations.of(app).addPlugins(checks);
  return { app, stack, checks };
}

if (require.main === module) {
  buildApp().app.synth();
}
