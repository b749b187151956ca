import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { directPolicies, ecsScalableTargets, policiesOf } from '../../cfn/scaling';

/**
 * A scaling policy that can scale out: a StepScaling policy runs only when an alarm of this template with its actions
 * enabled names it in its actions (a target-tracking policy makes its own alarms), and adds capacity only with a step
 * whose ScalingAdjustment is positive (a policy whose steps all remove tasks only scales in; ExactCapacity sets a
 * count); a PredictiveScaling policy changes capacity only in `ForecastAndScale` mode (its default, `ForecastOnly`,
 * only forecasts). A value decided at deploy time throws (the verdict is unknown in that world).
 */
function acts(index: TemplateIndex, policy: CfnResource): boolean {
  const type = V.str(index.prop(policy, 'PolicyType'));
  if (type === 'PredictiveScaling') return V.str(index.prop(policy, 'PredictiveScalingPolicyConfiguration.Mode')) === 'ForecastAndScale';
  if (type !== 'StepScaling') return true;
  const invoked = index.referrers(policy, 'AWS::CloudWatch::Alarm').some((a) => !V.isFalse(index.prop(a, 'ActionsEnabled'))
    && ['AlarmActions', 'OKActions', 'InsufficientDataActions'].some((k) => index.refsIn(a, k).has(policy.logicalId)));
  if (!invoked) return false;
  if (V.str(index.prop(policy, 'StepScalingPolicyConfiguration.AdjustmentType')) === 'ExactCapacity') return true;
  const steps = index.items(index.prop(policy, 'StepScalingPolicyConfiguration.StepAdjustments'));
  if (steps === undefined) return true;
  return steps.some((st) => { const n = V.num(index.field(st, 'ScalingAdjustment')); return n === undefined || n > 0; });
}

/**
 * SCALING-AUTOSCALING: the service scales with load.
 *
 * Decisions: a scalable target counts with a policy that can act (a StepScaling
 * policy no alarm with its actions enabled invokes never runs; one whose steps all
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
    const direct = directPolicies(index, res).filter((p) => acts(index, p));
    if (targets.length === 0 && direct.length === 0) return fail(undefined, undefined, 'no Application Auto Scaling target scales this service: its task count is fixed');
    for (const t of targets) {
      const policies = policiesOf(index, t).filter((p) => acts(index, p));
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
    if (targets.length > 0) return fail(`${targets[0].logicalId}`, '(no policy)', `scalable target ${targets[0].logicalId} has no scaling policy that acts (a StepScaling policy needs an alarm with actions enabled that invokes it and a step that adds tasks; a PredictiveScaling policy needs Mode ForecastAndScale): nothing adds tasks`);
    return pass(undefined, direct.map((p) => p.logicalId).join(', '), `scaling policies ${direct.map((p) => p.logicalId).join(', ')} scale the service`);
  },
};
