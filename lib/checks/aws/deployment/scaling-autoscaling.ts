import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { directPolicies, ecsScalableTargets, policiesOf } from '../../cfn/scaling';

/** SCALING-AUTOSCALING: the service scales with load. */
export const ScalingAutoscaling: AwsRule = {
  id: 'ScalingAutoscaling',
  items: ['SCALING-AUTOSCALING'],
  types: ['AWS::ECS::Service', 'AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'An ECS service has an Application Auto Scaling target on its desired count with at least one scaling policy and room to grow; a serving Lambda function scales per request.',
  fix: 'const scaling = service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 12 }); scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 }).',
  check(res, { index }) {
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      return pass(undefined, undefined, 'Lambda scales per request (up to the account/reserved concurrency)');
    }
    if (V.str(index.prop(res, 'SchedulingStrategy')) === 'DAEMON') return undefined;
    const targets = ecsScalableTargets(index, res);
    const direct = directPolicies(index, res);
    if (targets.length === 0 && direct.length === 0) return fail(undefined, undefined, 'no Application Auto Scaling target scales this service: its task count is fixed');
    for (const t of targets) {
      const policies = policiesOf(index, t);
      if (policies.length === 0 && direct.length === 0) continue;
      const min = index.prop(t, 'MinCapacity');
      const max = index.prop(t, 'MaxCapacity');
      if (min.k === 'unknown' || max.k === 'unknown') return unknown(`${t.logicalId}.MaxCapacity`, min.k === 'unknown' ? min : max, 'scaling bounds decided at deploy time');
      const lo = V.num(min);
      const hi = V.num(max);
      if (lo !== undefined && hi !== undefined && hi <= lo) return fail(`${t.logicalId}.MaxCapacity`, `${lo}..${hi}`, `scalable target ${t.logicalId} has no room to scale (MinCapacity ${lo}, MaxCapacity ${hi})`);
      const names = [...policies, ...direct].map((p) => `${p.logicalId} (${V.show(index.prop(p, 'PolicyType'))})`);
      return pass(`${t.logicalId}`, `${lo}..${hi}`, `scales between ${lo} and ${hi} tasks with ${names.join(', ')}`);
    }
    if (targets.length > 0) return fail(`${targets[0].logicalId}`, '(no policy)', `scalable target ${targets[0].logicalId} has no scaling policy: nothing changes the task count`);
    return pass(undefined, direct.map((p) => p.logicalId).join(', '), `scaling policies ${direct.map((p) => p.logicalId).join(', ')} scale the service`);
  },
};
