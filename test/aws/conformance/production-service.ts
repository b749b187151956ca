/** The ProductionService of production-service.test.ts, built here so that cfn-validation-conformance.test.ts synthesizes it too. */
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ProductionService, ProductionServiceProps } from '../../../lib/aws/production-service';
import { FargateComputeOptions, LambdaComputeOptions, ServiceCompute } from '../../../lib/aws/service-compute';

export const ENV = { account: '111111111111', region: 'eu-west-1' };
export const IMAGE = 'public.ecr.aws/docker/library/node@sha256:c610fcdfb1d5b4740dd70c284ed3cb16bb857e0f7166196e36a5501df7a3aa32';

export const lambdaCompute = (options: Partial<LambdaComputeOptions> = {}) => ServiceCompute.lambdaFunction({
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  ...options,
});
export const fargateCompute = (options: Partial<FargateComputeOptions> = {}) => ServiceCompute.fargate({
  image: ecs.ContainerImage.fromRegistry(IMAGE),
  ...options,
});

export function build(props: Partial<ProductionServiceProps> = {}, context: Record<string, unknown> = {}) {
  const app = new App({ context });
  const stack = new Stack(app, 'S', { env: ENV });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const service = new ProductionService(stack, 'Svc', {
    compute: lambdaCompute(),
    domainName: 'api.example.com',
    hostedZone: zone,
    monthlyBudgetUsd: 500,
    ...props,
  });
  return { app, stack, zone, service };
}

/** A service as a team runs it: alarms reach people, the NIST pack's 15 days of cache snapshots. */
export const conformant = (compute: ServiceCompute, context: Record<string, unknown> = {}) => build({
  compute,
  alarmEmails: ['oncall@example.com'],
  pagerUrl: 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue',
  cacheOptions: { snapshotRetentionDays: 15 },
  businessMetrics: ['OrdersPlaced'],
  backupCopyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr',
}, context);
