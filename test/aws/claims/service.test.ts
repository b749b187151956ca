/**
 * What the service constructs claim, GoLiveChecks concludes: ProductionService on Lambda and on
 * Fargate, without CloudFront and with it (the distribution's certificate and web ACL from a
 * CloudFrontEdge in a us-east-1 stack). Every claimed item must be `satisfied`; `pending`,
 * `unknown` and `violated` fail, naming the item, who claims it and why.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CloudFrontEdge } from '../../../lib/aws/cloudfront-edge';
import { ProductionService, ProductionServiceProps } from '../../../lib/aws/production-service';
import { ServiceCompute } from '../../../lib/aws/service-compute';
import { checkClaims } from './harness';

const ACCOUNT = '111111111111';
const IMAGE = 'public.ecr.aws/docker/library/node@sha256:c610fcdfb1d5b4740dd70c284ed3cb16bb857e0f7166196e36a5501df7a3aa32';

const lambdaCompute = () => ServiceCompute.lambdaFunction({
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
});
const fargateCompute = () => ServiceCompute.fargate({ image: ecs.ContainerImage.fromRegistry(IMAGE) });

/** A service as a team runs it: alarms reach people, business metrics, a DR vault. */
const teamProps = {
  domainName: 'www.example.com',
  monthlyBudgetUsd: 500,
  alarmEmails: ['oncall@example.com'],
  pagerUrl: 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue',
  businessMetrics: ['OrdersPlaced'],
  backupCopyToVaultArn: `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:dr`,
  generateSecrets: ['SESSION_SECRET'],
  // The app signs sessions with SESSION_SECRET: it declares their lifetime (CONFIG-SESSION-LIMITS; the construct
  // cannot know it, and does not claim the item).
  environment: { SESSION_TIMEOUT_MINUTES: '30' },
};

/** The service alone in one stack (`region`), with `extra` props. */
function alone(compute: ServiceCompute, region = 'eu-west-1', extra: Partial<ProductionServiceProps> = {}): App {
  const app = new App();
  const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region } });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  new ProductionService(stack, 'Svc', { compute, hostedZone: zone, ...teamProps, ...extra });
  return app;
}

/** The service in eu-west-1, its static assets behind CloudFront with the us-east-1 parts from a CloudFrontEdge. */
function withCdn(compute: ServiceCompute, extra: Partial<ProductionServiceProps> = {}): App {
  // The feature flags of cdk.json, as `cdk init` writes them: cross-region references are Fn::GetStackOutput.
  const app = new App({ context: JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'cdk.json'), 'utf8')).context });
  const edgeStack = new Stack(app, 'Edge', { env: { account: ACCOUNT, region: 'us-east-1' }, crossRegionReferences: true });
  const zone = new route53.PublicHostedZone(edgeStack, 'Zone', { zoneName: 'example.com' });
  const edge = new CloudFrontEdge(edgeStack, 'StaticAssets', { domainName: 'static.example.com', hostedZone: zone, alarmEmails: ['oncall@example.com'] });
  const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: 'eu-west-1' }, crossRegionReferences: true });
  new ProductionService(stack, 'Svc', {
    compute,
    hostedZone: zone,
    staticAssets: { domainName: 'static.example.com', certificate: edge.certificate, webAclArn: edge.webAclArn },
    ...teamProps,
    ...extra,
  });
  return app;
}

const configurations: Array<[string, () => App]> = [
  // Everything in us-east-1: the service makes the distribution's certificate and web ACL itself.
  ['Fargate, CloudFront made by the service in us-east-1', () => alone(fargateCompute(), 'us-east-1', { staticAssets: { domainName: 'static.example.com' } })],
  ['Lambda, no CloudFront', () => alone(lambdaCompute())],
  ['Fargate, no CloudFront', () => alone(fargateCompute())],
  ['Fargate, CloudFront with CloudFrontEdge', () => withCdn(fargateCompute())],
  ['Lambda, CloudFront with CloudFrontEdge, CORS', () => withCdn(lambdaCompute(), { cors: { allowedOrigins: ['https://www.example.com'] } })],
];

describe.each(configurations)('%s', (_name, build) => {
  test('every claimed item is satisfied', () => {
    const { problems, claimed } = checkClaims(build());
    expect(claimed.size).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
  test('and nothing the construct builds is violated', () => {
    const { report } = checkClaims(build());
    expect(report.violations().map((f) => `${f.ruleId} ${f.constructPath ?? f.resource}: ${f.message}`)).toEqual([]);
  });
});
