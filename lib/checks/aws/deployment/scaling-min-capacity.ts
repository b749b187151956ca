import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { ecsScalableTargets } from '../../cfn/scaling';

/**
 * SCALING-MIN-CAPACITY: at least minReplicas tasks of the service at all times.
 *
 * Decisions: the scalable target's MinCapacity, and the MinCapacity and
 * MaxCapacity of each of its ScheduledActions (a nightly action setting 0
 * fails); DesiredCount (1 when absent) for a service that is not autoscaled.
 */
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
        // A scheduled action sets the bounds for its period: its MinCapacity (or a MaxCapacity below the
        // minimum) is a floor too.
        const actions = index.prop(tg, 'ScheduledActions');
        const list = index.items(actions);
        if (list === undefined && actions.k !== 'absent') return unknown(`${tg.logicalId}.ScheduledActions`, actions, 'scheduled actions decided at deploy time');
        for (let i = 0; i < (list ?? []).length; i++) {
          const at = `${tg.logicalId}.ScheduledActions.${i}.ScalableTargetAction`;
          for (const bound of ['MinCapacity', 'MaxCapacity']) {
            const b = index.field(list![i], `ScalableTargetAction.${bound}`);
            if (b.k === 'absent') continue;
            if (b.k === 'unknown') return unknown(`${at}.${bound}`, b, `a scheduled ${bound} is decided at deploy time (${b.why})`);
            const m = V.num(b);
            if (m === undefined || !thresholds.meets(key, m)) return fail(`${at}.${bound}`, b, `scheduled action ${V.show(index.field(list![i], 'ScheduledActionName'))} sets ${bound} ${V.show(b)}: the service may run fewer tasks; ${key} is ${t}`);
          }
        }
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
