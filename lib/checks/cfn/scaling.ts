import { CfnResource, TemplateIndex, V } from '../template-index';
import { refsIn } from './alarms';

/** The Application Auto Scaling targets of an ECS service's desired count. @internal */
export function ecsScalableTargets(index: TemplateIndex, svc: CfnResource): CfnResource[] {
  return index.referrers(svc, 'AWS::ApplicationAutoScaling::ScalableTarget').filter((t) =>
    V.str(index.prop(t, 'ScalableDimension')) === 'ecs:service:DesiredCount' && refsIn(t.properties.ResourceId).has(svc.logicalId));
}

/** Scaling policies of a scalable target (by ScalingTargetId). @internal */
export function policiesOf(index: TemplateIndex, target: CfnResource): CfnResource[] {
  return index.referrers(target, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((p) => refsIn(p.properties.ScalingTargetId).has(target.logicalId));
}

/** Scaling policies that name the service directly (ResourceId instead of ScalingTargetId). @internal */
export function directPolicies(index: TemplateIndex, svc: CfnResource): CfnResource[] {
  return index.referrers(svc, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((p) =>
    V.str(index.prop(p, 'ScalableDimension')) === 'ecs:service:DesiredCount' && refsIn(p.properties.ResourceId).has(svc.logicalId));
}
