import { CfnResource, TemplateIndex, Val, V } from '../template-index';

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

/**
 * One bound on how many copies of the service run (tasks of an ECS service, instances of an Auto Scaling group), as
 * the template sets it: `n` its count (undefined: a value that is not a number), or `unknown` when it is decided at
 * deploy time. `source` says what sets it, for messages. @internal
 */
export interface CountBound {
  readonly path: string;
  readonly value: Val;
  readonly n?: number;
  readonly unknown?: string;
  readonly source:
  | { readonly k: 'target' }
  | { readonly k: 'actions' }
  | { readonly k: 'scheduled'; readonly action: string; readonly bound: string }
  | { readonly k: 'desired' }
  | { readonly k: 'group'; readonly bound: string };
}

function bound(path: string, value: Val, source: CountBound['source'], absent?: number): CountBound {
  if (value.k === 'unknown') return { path, value, unknown: value.why, source };
  return { path, value, n: value.k === 'absent' ? absent : V.num(value), source };
}

/**
 * The bounds on an ECS replica service's task count, grouped by what decides it, each group in reading order: per
 * Application Auto Scaling target of its desired count, the target's MinCapacity, then the MinCapacity and
 * MaxCapacity of each of its ScheduledActions (a nightly action setting 0 runs no task then; a list decided at deploy
 * time is one unknown bound); for a service that is not autoscaled, its DesiredCount (1 when absent). The service
 * may run as few tasks as the lowest bound. Read by ScalingMinCapacity (SCALING-MIN-CAPACITY) and MultiAz
 * (HA-MULTI-AZ), so both items count the same tasks. @internal
 */
export function ecsTaskBounds(index: TemplateIndex, svc: CfnResource): CountBound[][] {
  const targets = ecsScalableTargets(index, svc);
  if (targets.length === 0) return [[bound('Properties.DesiredCount', index.prop(svc, 'DesiredCount'), { k: 'desired' }, 1)]];
  return targets.map((tg) => {
    const out = [bound(`${tg.logicalId}.MinCapacity`, index.prop(tg, 'MinCapacity'), { k: 'target' })];
    const actions = index.prop(tg, 'ScheduledActions');
    const list = index.items(actions);
    if (list === undefined && actions.k !== 'absent') {
      out.push({ path: `${tg.logicalId}.ScheduledActions`, value: actions, unknown: actions.k === 'unknown' ? actions.why : 'a list decided at deploy time', source: { k: 'actions' } });
    }
    for (let i = 0; i < (list ?? []).length; i++) {
      const action = V.show(index.field(list![i], 'ScheduledActionName'));
      for (const b of ['MinCapacity', 'MaxCapacity']) {
        const v = index.field(list![i], `ScalableTargetAction.${b}`);
        if (v.k !== 'absent') out.push(bound(`${tg.logicalId}.ScheduledActions.${i}.ScalableTargetAction.${b}`, v, { k: 'scheduled', action, bound: b }));
      }
    }
    return out;
  });
}

const ASG_SCALERS = ['AWS::AutoScaling::ScalingPolicy', 'AWS::AutoScaling::ScheduledAction'];

/**
 * The bounds on how many instances an Auto Scaling group runs: its MaxSize (never more); the DesiredCapacity it
 * keeps (MinSize when absent) while nothing of the template scales it; once a scaling policy or scheduled action
 * names it (AutoScalingGroupName), or an ECS capacity provider names it without ManagedScaling DISABLED (ECS managed
 * scaling sets its desired capacity), its MinSize, the floor the policies may scale in to, and each scheduled action's
 * MinSize, MaxSize and DesiredCapacity. @internal
 */
export function asgInstanceBounds(index: TemplateIndex, asg: CfnResource): CountBound[] {
  const own = (b: string) => bound(`Properties.${b}`, index.prop(asg, b), { k: 'group', bound: b });
  const out = [own('MaxSize')];
  const scalers = index.referrers(asg, ...ASG_SCALERS).filter((s) => names(index, s, 'AutoScalingGroupName', asg));
  // ECS managed scaling sets the desired capacity of a capacity provider's group, between its MinSize and MaxSize.
  const managed = index.referrers(asg, 'AWS::ECS::CapacityProvider').filter((p) => names(index, p, 'AutoScalingGroupProvider.AutoScalingGroupArn', asg)
    && V.str(index.prop(p, 'AutoScalingGroupProvider.ManagedScaling.Status')) !== 'DISABLED');
  const desired = index.prop(asg, 'DesiredCapacity');
  out.push(scalers.length === 0 && managed.length === 0 && desired.k !== 'absent' ? own('DesiredCapacity') : own('MinSize'));
  for (const s of scalers.filter((x) => x.type === 'AWS::AutoScaling::ScheduledAction')) {
    for (const b of ['MinSize', 'MaxSize', 'DesiredCapacity']) {
      const v = index.prop(s, b);
      if (v.k !== 'absent') out.push(bound(`${s.logicalId}.${b}`, v, { k: 'scheduled', action: s.logicalId, bound: b }));
    }
  }
  return out;
}

/**
 * How many of `n` instances of an Auto Scaling group are On-Demand, when some may be Spot Instances (which EC2 may
 * interrupt at any time: "It is always possible that your Spot Instance might be interrupted", EC2 User Guide, Spot
 * Instance interruptions): a `MixedInstancesPolicy` launches `OnDemandBaseCapacity` (default 0) On-Demand instances,
 * then `OnDemandPercentageAboveBaseCapacity` (default 100) percent of the rest (rounded down here: the fewest On-Demand
 * it may mean); a launch template requesting `InstanceMarketOptions.MarketType: spot`, or a launch configuration with
 * a `SpotPrice`, launches Spot only. Undefined when every instance is On-Demand; `unknown` when a setting is decided
 * at deploy time or the launch template is not the template's. `spot` says what makes them Spot, for messages.
 * @internal
 */
export function onDemandShare(index: TemplateIndex, asg: CfnResource, n: number): { onDemand: number; spot: string } | { unknown: string } | undefined {
  const mixed = index.prop(asg, 'MixedInstancesPolicy');
  if (mixed.k === 'unknown') return { unknown: `MixedInstancesPolicy is decided at deploy time (${mixed.why})` };
  if (mixed.k !== 'absent') {
    const base = index.prop(asg, 'MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity');
    const pct = index.prop(asg, 'MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity');
    if (base.k === 'unknown' || pct.k === 'unknown') return { unknown: `the On-Demand share of MixedInstancesPolicy is decided at deploy time (${base.k === 'unknown' ? base.why : (pct as { why: string }).why})` };
    const b = base.k === 'absent' ? 0 : V.num(base);
    const p = pct.k === 'absent' ? 100 : V.num(pct);
    if (b === undefined || p === undefined) return { unknown: 'the On-Demand share of MixedInstancesPolicy is not a number' };
    if (p >= 100) return undefined;
    const onDemand = Math.min(n, b) + Math.floor((Math.max(0, n - b) * p) / 100);
    return { onDemand, spot: `MixedInstancesPolicy: OnDemandBaseCapacity ${b}, OnDemandPercentageAboveBaseCapacity ${p}` };
  }
  const lc = index.prop(asg, 'LaunchConfigurationName');
  if (lc.k === 'ref' && lc.target.type === 'AWS::AutoScaling::LaunchConfiguration') {
    const price = index.prop(lc.target, 'SpotPrice');
    if (price.k === 'unknown') return { unknown: `the SpotPrice of ${lc.target.logicalId} is decided at deploy time (${price.why})` };
    return price.k === 'absent' ? undefined : { onDemand: 0, spot: `launch configuration ${lc.target.logicalId} sets SpotPrice` };
  }
  const lt = index.prop(asg, 'LaunchTemplate.LaunchTemplateId');
  const ltName = lt.k === 'absent' ? index.prop(asg, 'LaunchTemplate.LaunchTemplateName') : lt;
  if (ltName.k === 'ref' && ltName.target.type === 'AWS::EC2::LaunchTemplate') {
    const market = index.prop(ltName.target, 'LaunchTemplateData.InstanceMarketOptions.MarketType');
    if (market.k === 'unknown') return { unknown: `the market type of ${ltName.target.logicalId} is decided at deploy time (${market.why})` };
    return V.str(market) === 'spot' ? { onDemand: 0, spot: `launch template ${ltName.target.logicalId} requests Spot Instances (InstanceMarketOptions.MarketType spot)` } : undefined;
  }
  return undefined;
}
