import { CfnResource, TemplateIndex, V } from '../template-index';

/** Whether a scaling resource's dimension is an ECS service's desired count; undecidable when it is open. */
function scalesEcsDesiredCount(index: TemplateIndex, res: CfnResource): boolean {
  return V.str(index.prop(res, 'ScalableDimension')) === 'ecs:service:DesiredCount';
}

/**
 * Whether `res` names `target` in property `path`. A value that cannot be read
 * at synth (a `Fn::Join` with a cluster name from an open parameter) still
 * names it: `res` references `target` in this world (it is a referrer), and a
 * scaling resource references its service or target nowhere else.
 */
function names(index: TemplateIndex, res: CfnResource, path: string, target: CfnResource): boolean {
  const v = index.prop(res, path);
  return v.k === 'unknown' || index.refsOf(v).has(target.logicalId);
}

/** The Application Auto Scaling targets of an ECS service's desired count, in the current world. @internal */
export function ecsScalableTargets(index: TemplateIndex, svc: CfnResource): CfnResource[] {
  return index.referrers(svc, 'AWS::ApplicationAutoScaling::ScalableTarget').filter((t) =>
    names(index, t, 'ResourceId', svc) && scalesEcsDesiredCount(index, t));
}

/** Scaling policies of a scalable target (by ScalingTargetId), in the current world. @internal */
export function policiesOf(index: TemplateIndex, target: CfnResource): CfnResource[] {
  return index.referrers(target, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((p) => names(index, p, 'ScalingTargetId', target));
}

/** Scaling policies that name the service directly (ResourceId instead of ScalingTargetId), in the current world. @internal */
export function directPolicies(index: TemplateIndex, svc: CfnResource): CfnResource[] {
  return index.referrers(svc, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((p) =>
    names(index, p, 'ResourceId', svc) && scalesEcsDesiredCount(index, p));
}
