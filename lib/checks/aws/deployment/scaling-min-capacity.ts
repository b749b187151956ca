import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { ecsScalableTargets } from '../../cfn/scaling';

/** SCALING-MIN-CAPACITY: at least minReplicas tasks of the service at all times. */
export const ScalingMinCapacity: AwsRule = {
  id: 'ScalingMinCapacity',
  items: ['SCALING-MIN-CAPACITY'],
  types: ['AWS::ECS::Service'],
  severity: Severity.MEDIUM,
  description: 'An ECS replica service runs at least minReplicas tasks: the scalable target MinCapacity, or DesiredCount when it is not autoscaled.',
  fix: 'service.autoScaleTaskCount({ minCapacity: 3, ... }) or desiredCount: 3.',
  check(res, { index, thresholds }) {
    if (V.str(index.prop(res, 'SchedulingStrategy')) === 'DAEMON') return undefined;
    const key = 'minReplicas';
    const t = thresholds.get(key);
    const targets = ecsScalableTargets(index, res);
    if (targets.length > 0) {
      const verdicts = targets.map((tg) => {
        const v = index.prop(tg, 'MinCapacity');
        const p = `${tg.logicalId}.MinCapacity`;
        if (v.k === 'unknown') return unknown(p, v, `minimum capacity decided at deploy time (${v.why})`);
        const n = V.num(v);
        if (n === undefined || !thresholds.meets(key, n)) return fail(p, v, `the service may scale in to ${V.show(v)} task(s); ${key} is ${t}`);
        return pass(p, v, `the service never scales below ${n} tasks (${key} ${t})`);
      });
      return verdicts.find((v) => v.status !== 'pass') ?? verdicts[0];
    }
    const p = 'Properties.DesiredCount';
    const v = index.prop(res, 'DesiredCount');
    if (v.k === 'unknown') return unknown(p, v, `desired count decided at deploy time (${v.why})`);
    const n = v.k === 'absent' ? 1 : V.num(v);
    if (n === undefined || !thresholds.meets(key, n)) return fail(p, v, `the service runs ${n ?? V.show(v)} task(s) and is not autoscaled; ${key} is ${t}`);
    return pass(p, v, `the service runs ${n} tasks (${key} ${t})`);
  },
};
