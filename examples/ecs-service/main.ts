/**
 * A containerized web service on ECS Fargate with its PostgreSQL database and
 * Valkey cache, every go-live checklist item that infrastructure can carry
 * provisioned by one `ProductionService`, and the checks run at synth.
 *
 * In your project, import from 'cdk-golive' instead of '../../lib'.
 */
import { App, AppProps, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { DatabaseFlavor, GoLiveChecks, GoLiveChecksProps, ProductionService, ServiceCompute, TrafficShift } from '../../lib';

/** The fixed environment of the example: no lookups, synthesizes offline. */
export const ENV = { account: '111111111111', region: 'eu-west-1' };

/**
 * The application image, pinned by tag and digest. A tag alone in a registry the
 * template cannot see (ghcr.io, Docker Hub) can be moved, so the checks report it
 * as unknown for DEPLOY-IMMUTABLE-ARTIFACTS; the digest makes it immutable. In an
 * ECR repository with immutable tags, `ContainerImage.fromEcrRepository(repo, '1.8.0')`
 * is enough.
 */
export const IMAGE = 'ghcr.io/acme/orders-web:1.8.0@sha256:6f2b8e1c0d9a4b3e7f5a1c2d8e9b0a3f4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f';

/** The orders web service on Fargate. */
export class EcsServiceStack extends Stack {
  public readonly zone: route53.PublicHostedZone;
  public readonly web: ProductionService;

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

    this.web = new ProductionService(this, 'Web', {
      serviceName: 'orders-web',
      compute: ServiceCompute.fargate({
        image: ecs.ContainerImage.fromRegistry(IMAGE),
        containerPort: 8080,
        cpu: 1024,
        memoryLimitMiB: 2048,
        // minTasks defaults to the minReplicas threshold (3), spread over three zones.
      }),
      domainName: 'orders.example.com',
      hostedZone: this.zone,
      // ECS's native canary: 10 % of the traffic for 10 minutes, rolled back on alarm.
      trafficShift: TrafficShift.canary(10, Duration.minutes(10)),
      // RDS for PostgreSQL, Multi-AZ, behind an RDS Proxy, in an AWS Backup plan that copies
      // every recovery point to a vault in another region (BACKUP-CROSS-REGION-COPY).
      databaseOptions: { flavor: DatabaseFlavor.RDS_POSTGRESQL, databaseName: 'orders', databaseUser: 'orders_web' },
      backupCopyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:orders-dr',
      // A Valkey cache (the default): REDIS_URL, and its credentials as ECS secrets.
      generateSecrets: ['SESSION_SECRET'],
      environment: { SESSION_TIMEOUT_MINUTES: '30' },
      alarmEmails: ['orders-oncall@example.com'],
      pagerUrl: 'https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue',
      businessMetrics: ['OrdersPlaced', 'CheckoutFailures'],
      monthlyBudgetUsd: 1500,
    });
  }
}

/** The app and its stack, for tests. */
export interface EcsServiceApp {
  readonly app: App;
  readonly stack: EcsServiceStack;
  readonly checks: GoLiveChecks;
}

/** Build the app, with the checks plugged in: `cdk synth` fails if a checklist item is violated. */
export function buildApp(appProps: AppProps = {}, checksProps: GoLiveChecksProps = {}): EcsServiceApp {
  const app = new App(appProps);
  const stack = new EcsServiceStack(app, 'OrdersWeb');
  const checks = new GoLiveChecks(checksProps);
  Validations.of(app).addPlugins(checks);
  return { app, stack, checks };
}

if (require.main === module) {
  buildApp().app.synth();
}
