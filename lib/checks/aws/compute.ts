import { CfnResource, TemplateIndex, V } from '../template-index';

const HELPER_REFERRERS = new Set(['AWS::CloudFormation::CustomResource', 'AWS::SecretsManager::RotationSchedule', 'AWS::Logs::SubscriptionFilter']);
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
  const flag = fn.metadata['cdk-golive:service'];
  if (flag === true || flag === false) return flag;
  const refs = index.referrers(fn);
  if (refs.some((r) => r.type.startsWith('Custom::') || HELPER_REFERRERS.has(r.type))) return false;
  return refs.some((r) => SERVING_REFERRERS.has(r.type)
    || (r.type === 'AWS::Lambda::Permission' && /apigateway|elasticloadbalancing/.test(V.str(index.prop(r, 'Principal')) ?? '')));
}

/** Whether a resource is service compute: an ECS service, or a serving Lambda function. @internal */
export function isServiceCompute(res: CfnResource, index: TemplateIndex): boolean {
  if (res.type === 'AWS::ECS::Service') return true;
  if (res.type === 'AWS::Lambda::Function') return isServiceFunction(res, index);
  return false;
}
