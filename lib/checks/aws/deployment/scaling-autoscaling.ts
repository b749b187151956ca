import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { muteOf } from '../../cfn/alarm-mutes';
import { directPolicies, ecsScalableTargets, policiesOf } from '../../cfn/scaling';

/**
 * A scaling policy that can scale out: a StepScaling policy runs only when an alarm of this template with its actions
 * enabled names it in its actions (a target-tracking policy makes its own alarms) and no alarm mute rule mutes that
 * alarm at all times (`muteOf`: a mute rule mutes an alarm's Auto Scaling actions too), and adds capacity only with a
 * step whose ScalingAdjustment is positive (a policy whose steps all remove tasks only scales in; ExactCapacity sets
 * a count); a PredictiveScaling policy changes capacity only in `ForecastAndScale` mode (its default, `ForecastOnly`,
 * only forecasts). A value decided at deploy time throws (the verdict is unknown in that world). A string: why whether
 * it acts is not known (the only alarms that invoke it are muted in windows, or may be muted).
 */
function acts(index: TemplateIndex, policy: CfnResource): boolean | string {
  const type = V.str(index.prop(policy, 'PolicyType'));
  if (type === 'PredictiveScaling') return V.str(index.prop(policy, 'PredictiveScalingPolicyConfiguration.Mode')) === 'ForecastAndScale';
  if (type !== 'StepScaling') return true;
  const invokers = index.referrers(policy, 'AWS::CloudWatch::Alarm').filter((a) => !V.isFalse(index.prop(a, 'ActionsEnabled'))
    && ['AlarmActions', 'OKActions', 'InsufficientDataActions'].some((k) => index.refsIn(a, k).has(policy.logicalId)));
  // An alarm mute rule mutes Auto Scaling actions too: a policy only muted alarms invoke runs in their windows, or never.
  const mutes = invokers.map((a) => ({ a, mute: muteOf(index, a) }));
  const windowed = mutes.find((m) => m.mute !== undefined && m.mute.always === undefined);
  const invoked: boolean | string = mutes.some((m) => m.mute === undefined) ? true
    : windowed ? `alarm ${windowed.a.logicalId} invokes ${policy.logicalId}, but ${windowed.mute!.open}` : false;
  if (invoked === false) return false;
  if (V.str(index.prop(policy, 'StepScalingPolicyConfiguration.AdjustmentType')) === 'ExactCapacity') return invoked;
  const steps = index.items(index.prop(policy, 'StepScalingPolicyConfiguration.StepAdjustments'));
  if (steps === undefined) return invoked;
  return steps.some((st) => { const n = V.num(index.field(st, 'ScalingAdjustment')); return n === undefined || n > 0; }) && invoked;
}

/**
 * SCALING-AUTOSCALING: the service scales with load.
 *
 * Decisions: a scalable target counts with a policy that can act (a StepScaling
 * policy no alarm with its actions enabled invokes never runs, nor one whose alarms an alarm mute rule mutes at all times
 * (CloudWatch: a mute rule mutes the alarm's actions, "such as Amazon SNS notifications or Auto Scaling actions"), and
 * one whose alarms are muted in windows or may be is unknown; one whose steps all
 * have a ScalingAdjustment of 0 or less only scales in; a PredictiveScaling policy
 * in ForecastOnly mode, its default, never changes capacity) and scale-out not suspended
 * (`SuspendedState.DynamicScalingOutSuspended`); a function with
 * `ReservedConcurrentExecutions` 0 is throttled and never runs, one with 1
 * runs one invocation at a time (MaxCapacity equal to MinCapacity for a
 * function: no room to scale) and fails too; 2 or more passes, naming the cap.
 */
export const ScalingAutoscaling: AwsRule = {
  id: 'ScalingAutoscaling',
  items: ['SCALING-AUTOSCALING'],
  types: ['AWS::ECS::Service', 'AWS::Lambda::Function'],
  // The scalable targets and policies of a service are read through its references, not judged on their own.
  readsTypes: ['AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy'],
  severity: Severity.MEDIUM,
  description: 'An ECS service has an Application Auto Scaling target on its desired count with at least one scaling policy and room to grow; a serving Lambda function scales per request.',
  fix: 'const scaling = service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 12 }); scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 }).',
  check(res, { index }) {
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      const reserved = index.prop(res, 'ReservedConcurrentExecutions');
      if (reserved.k === 'unknown') return unknown('Properties.ReservedConcurrentExecutions', reserved, `reserved concurrency decided at deploy time (${reserved.why})`);
      const cap = V.num(reserved);
      if (cap === 0) return fail('Properties.ReservedConcurrentExecutions', '0', 'reserved concurrency 0 throttles every invocation: the function never runs');
      if (cap !== undefined && cap <= 1) return fail('Properties.ReservedConcurrentExecutions', String(cap), `reserved concurrency ${cap} caps the function at one invocation at a time: requests beyond it are throttled, it does not scale with load`);
      if (cap !== undefined) return pass('Properties.ReservedConcurrentExecutions', String(cap), `Lambda scales per request, up to ${cap} concurrent executions (reserved concurrency)`);
      return pass(undefined, undefined, 'Lambda scales per request (up to the account concurrency)');
    }
    if (V.str(index.prop(res, 'SchedulingStrategy')) === 'DAEMON') return undefined;
    const targets = ecsScalableTargets(index, res);
    /** Why a policy that may act is not known to (an alarm that invokes it muted in windows). */
    const open: string[] = [];
    const acting = (p: CfnResource): boolean => {
      const a = acts(index, p);
      if (typeof a === 'string') open.push(a);
      return a === true;
    };
    const direct = directPolicies(index, res).filter(acting);
    if (targets.length === 0 && direct.length === 0) return open.length > 0 ? unknown(undefined, undefined, open[0]) : fail(undefined, undefined, 'no Application Auto Scaling target scales this service: its task count is fixed');
    for (const t of targets) {
      const policies = policiesOf(index, t).filter(acting);
      if (policies.length === 0 && direct.length === 0) continue;
      const suspended = index.prop(t, 'SuspendedState.DynamicScalingOutSuspended');
      if (suspended.k === 'unknown') return unknown(`${t.logicalId}.SuspendedState`, suspended, `whether scaling out is suspended is decided at deploy time (${suspended.why})`);
      if (V.isTrue(suspended)) return fail(`${t.logicalId}.SuspendedState.DynamicScalingOutSuspended`, 'true', `scalable target ${t.logicalId} has scaling out suspended: the task count never grows`);
      const min = index.prop(t, 'MinCapacity');
      const max = index.prop(t, 'MaxCapacity');
      if (min.k === 'unknown' || max.k === 'unknown') return unknown(`${t.logicalId}.MaxCapacity`, min.k === 'unknown' ? min : max, 'scaling bounds decided at deploy time');
      const lo = V.num(min);
      const hi = V.num(max);
      if (lo !== undefined && hi !== undefined && hi <= lo) return fail(`${t.logicalId}.MaxCapacity`, `${lo}..${hi}`, `scalable target ${t.logicalId} has no room to scale (MinCapacity ${lo}, MaxCapacity ${hi})`);
      const names = [...policies, ...direct].map((p) => `${p.logicalId} (${V.show(index.prop(p, 'PolicyType'))})`);
      return pass(`${t.logicalId}`, `${lo}..${hi}`, `scales between ${lo} and ${hi} tasks with ${names.join(', ')}`);
    }
    if (targets.length > 0 && open.length > 0) return unknown(`${targets[0].logicalId}`, undefined, `scalable target ${targets[0].logicalId} has no scaling policy known to act: ${open[0]}`);
    if (targets.length > 0) return fail(`${targets[0].logicalId}`, '(no policy)', `scalable target ${targets[0].logicalId} has no scaling policy that acts (a StepScaling policy needs an alarm with actions enabled that invokes it, not muted at all times by an alarm mute rule, and a step that adds tasks; a PredictiveScaling policy needs Mode ForecastAndScale): nothing adds tasks`);
    return pass(undefined, direct.map((p) => p.logicalId).join(', '), `scaling policies ${direct.map((p) => p.logicalId).join(', ')} scale the service`);
  },
};
