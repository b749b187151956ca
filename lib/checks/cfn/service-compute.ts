import { CfnResource, TemplateIndex, V } from '../template-index';
import { pointsAt, targetGroupsTargeting } from './load-balancers';
import { settledFor } from './settled';

const HELPER_REFERRERS = new Set(['AWS::SecretsManager::RotationSchedule', 'AWS::Logs::SubscriptionFilter']);
const SERVING_REFERRERS = new Set([
  'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::Lambda::Url', 'AWS::Lambda::Alias', 'AWS::ApiGateway::Method',
  'AWS::ApiGatewayV2::Integration', 'AWS::AppSync::DataSource',
]);

/**
 * Whether a Lambda function serves users (behind a load balancer, an API, a
 * function URL, or released through an alias) rather than being a helper the
 * CDK or a construct adds (custom resource providers, secret rotation, log
 * shipping). Service-level items (alarms, canary, config) apply only to serving
 * functions. A function's `Metadata['cdk-golive:service']` (true/false) overrides.
 * @internal
 */
export function isServiceFunction(fn: CfnResource, index: TemplateIndex): boolean {
  // Asked by a dozen rules of every function: answered once per template where no world decides it.
  return settledFor(index, 'service-function', fn, servesUsers);
}

/** What serves a Step Functions state machine to clients: an API Gateway integration starting it, an AppSync data source. */
const STATE_MACHINE_SERVERS = ['AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Integration', 'AWS::AppSync::DataSource'];

/**
 * Whether a Step Functions state machine is part of serving: an API Gateway REST method or HTTP API integration
 * (StartExecution / StartSyncExecution) or an AppSync data source names it, as a serving function is one an API
 * invokes. A state machine started by a schedule, a rule or a function is a workflow beside the service, as a
 * helper function is. Its `Metadata['cdk-golive:service']` (true/false) overrides.
 * @internal
 */
export function isServiceStateMachine(sm: CfnResource, index: TemplateIndex): boolean {
  return settledFor(index, 'service-state-machine', sm, (m, ix) => {
    const flag = ix.attribute(m, 'Metadata.cdk-golive:service');
    if (flag.k === 'lit' && typeof flag.v === 'boolean') return flag.v;
    return ix.referrers(m, ...STATE_MACHINE_SERVERS).length > 0;
  });
}

function servesUsers(fn: CfnResource, index: TemplateIndex): boolean {
  const flag = index.attribute(fn, 'Metadata.cdk-golive:service');
  if (flag.k === 'lit' && typeof flag.v === 'boolean') return flag.v;
  const refs = index.referrers(fn);
  if (refs.some((r) => (HELPER_REFERRERS.has(r.type) && !(r.type === 'AWS::Logs::SubscriptionFilter' && !shipsTo(r, fn, index))) || (isCustomResource(r) && providesFor(r, fn, index)))) return false;
  return refs.some((r) => (SERVING_REFERRERS.has(r.type) && !(r.type === 'AWS::Lambda::Alias' && !aliasOf(r, fn, index)))
    || (r.type === 'AWS::Lambda::Permission' && /apigateway|elasticloadbalancing/.test(V.str(index.prop(r, 'Principal')) ?? '')));
}

/**
 * Whether a subscription filter delivers to `fn` (a log-shipping helper); a
 * filter on the function's own log group (`LogGroupName: /aws/lambda/${Fn}`)
 * references it too, and does not make it a helper.
 */
function shipsTo(sub: CfnResource, fn: CfnResource, index: TemplateIndex): boolean {
  const d = index.prop(sub, 'DestinationArn');
  return d.k === 'ref' && d.target === fn;
}

/**
 * Whether an alias releases `fn` (its FunctionName is the function). An alias
 * also references its CodeDeploy pre/post-traffic hook functions from its
 * UpdatePolicy; those hooks are helpers, not serving functions.
 */
function aliasOf(alias: CfnResource, fn: CfnResource, index: TemplateIndex): boolean {
  return pointsAt(index.prop(alias, 'FunctionName'), fn);
}

/**
 * The aliases that release a function (their FunctionName is the function),
 * in this world. A load balancer, a function URL or an API usually invokes
 * the alias, not the function.
 * @internal
 */
export function aliasesOf(index: TemplateIndex, fn: CfnResource): CfnResource[] {
  return index.referrers(fn, 'AWS::Lambda::Alias').filter((a) => aliasOf(a, fn, index));
}

/**
 * What invokes a function by its own ARN: the function and the aliases that
 * release it.
 * @internal
 */
export function invocationTargets(index: TemplateIndex, fn: CfnResource): CfnResource[] {
  return [fn, ...aliasesOf(index, fn)];
}

/**
 * The ELBv2 target groups whose targets are the function or one of its
 * aliases (`TargetType: lambda`, `Targets: [{ Id: !Ref Alias }]`), in this
 * world.
 * @internal
 */
export function functionTargetGroups(index: TemplateIndex, fn: CfnResource): CfnResource[] {
  const out = new Set<CfnResource>();
  for (const target of invocationTargets(index, fn)) {
    for (const tg of targetGroupsTargeting(index, target)) out.add(tg);
  }
  return [...out];
}

function isCustomResource(r: CfnResource): boolean {
  return r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource';
}

/**
 * Whether a custom resource is served by `fn` (its ServiceToken points at it). A
 * custom resource that only names the function (Custom::LogRetention setting the
 * retention of /aws/lambda/<fn>) does not make it a helper.
 */
function providesFor(r: CfnResource, fn: CfnResource, index: TemplateIndex): boolean {
  return pointsAt(index.prop(r, 'ServiceToken'), fn);
}

/** Whether a resource is service compute: an ECS service, or a serving Lambda function. @internal */
export function isServiceCompute(res: CfnResource, index: TemplateIndex): boolean {
  if (res.type === 'AWS::ECS::Service') return true;
  if (res.type === 'AWS::Lambda::Function') return isServiceFunction(res, index);
  return false;
}
