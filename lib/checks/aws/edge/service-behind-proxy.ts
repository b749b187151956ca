import { Severity } from '../../model';
import { AwsRule, fail, pass, refersTo, unknown } from '../../rule';
import { isServiceFunction } from '../../cfn/service-compute';
import { CfnResource, TemplateIndex, V } from '../../template-index';

const ECS_SERVICE = 'AWS::ECS::Service';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const FUNCTION = 'AWS::Lambda::Function';
const FUNCTION_URL = 'AWS::Lambda::Url';
const FRONT_DOORS = new Set([
  'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Integration', 'AWS::AppSync::DataSource',
]);

/** What fronts a Lambda function (or one of its aliases): a target group, an API, AppSync. */
function lambdaFrontDoor(index: TemplateIndex, fn: CfnResource): CfnResource | undefined {
  const targets = [fn, ...index.referrers(fn, 'AWS::Lambda::Alias')];
  for (const t of targets) {
    const door = index.referrers(t).find((r) => FRONT_DOORS.has(r.type)
      || (r.type === 'AWS::Lambda::Permission' && /apigateway|elasticloadbalancing/.test(V.str(index.prop(r, 'Principal')) ?? '')));
    if (door) return door;
  }
  return undefined;
}

/** EDGE-REVERSE-PROXY: compute is reached through a load balancer or API, never directly from the internet. */
export const ServiceBehindProxy: AwsRule = {
  id: 'ServiceBehindProxy',
  items: ['EDGE-REVERSE-PROXY'],
  types: [ECS_SERVICE, FUNCTION, FUNCTION_URL],
  severity: Severity.HIGH,
  description: 'ECS services that expose ports sit behind a load balancer (or internal service discovery) without public IPs; serving Lambda functions sit behind an ALB or API; no function URL is open without authentication.',
  fix: 'Register the ECS service with an ALB target group and keep assignPublicIp false; put Lambda functions behind an ALB or API Gateway, or use FunctionUrlAuthType.AWS_IAM behind CloudFront.',
  check(res, { index }) {
    if (res.type === FUNCTION_URL) {
      const auth = index.prop(res, 'AuthType');
      if (auth.k === 'unknown') return unknown('Properties.AuthType', auth, `auth type decided at deploy time (${auth.why})`);
      if (V.str(auth) === 'NONE') return fail('Properties.AuthType', auth, 'function URL open to the internet without authentication or a proxy in front');
      return pass('Properties.AuthType', auth, 'function URL requires IAM (SigV4) authentication, e.g. from CloudFront origin access control');
    }
    if (res.type === FUNCTION) {
      if (!isServiceFunction(res, index)) return undefined;
      const door = lambdaFrontDoor(index, res);
      return door ? pass('FrontDoor', door.logicalId, `reached through ${door.type} ${door.logicalId}`) : undefined;
    }
    const net = 'NetworkConfiguration.AwsvpcConfiguration';
    const publicIp = index.prop(res, `${net}.AssignPublicIp`);
    if (publicIp.k === 'unknown') return unknown(`Properties.${net}.AssignPublicIp`, publicIp, `decided at deploy time (${publicIp.why})`);
    if (V.str(publicIp) === 'ENABLED') return fail(`Properties.${net}.AssignPublicIp`, publicIp, 'tasks get public IPs: they can be reached without the load balancer');
    const lbs = index.prop(res, 'LoadBalancers');
    if (lbs.k === 'unknown') return unknown('Properties.LoadBalancers', lbs, `load balancers decided at deploy time (${lbs.why})`);
    const list = index.items(lbs) ?? [];
    if (list.length > 0) {
      const tgs = list.map((l) => V.show(index.field(l, 'TargetGroupArn'))).join(', ');
      return pass('Properties.LoadBalancers', tgs, `tasks registered with load balancer target group(s) ${tgs}`);
    }
    const td = refersTo(index.prop(res, 'TaskDefinition'), TASK_DEFINITION);
    if (!td) return unknown('Properties.TaskDefinition', index.prop(res, 'TaskDefinition'), 'task definition not in this template: cannot tell whether the service exposes ports');
    const ports = (index.items(index.prop(td, 'ContainerDefinitions')) ?? []).flatMap((c) => index.items(index.field(c, 'PortMappings')) ?? []);
    if (ports.length === 0) return pass('Properties.LoadBalancers', '(none)', 'no container exposes a port (worker service): nothing to front');
    const connect = index.prop(res, 'ServiceConnectConfiguration.Enabled');
    const registries = index.items(index.prop(res, 'ServiceRegistries')) ?? [];
    if (V.isTrue(connect) || registries.length > 0) return pass('Properties.ServiceConnectConfiguration', V.isTrue(connect) ? 'Service Connect' : 'ServiceRegistries', 'internal service reached through service discovery, not from the internet');
    return fail('Properties.LoadBalancers', lbs, `containers expose ${ports.length} port(s) but no load balancer or service discovery fronts the service`);
  },
};
