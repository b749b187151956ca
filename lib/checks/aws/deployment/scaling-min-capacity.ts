import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { ecsTaskBounds } from '../../cfn/scaling';

/**
 * SCALING-MIN-CAPACITY: at least minReplicas tasks of the service at all times.
 *
 * Decisions: the scalable target's MinCapacity, and the MinCapacity and
 * MaxCapacity of each of its ScheduledActions (a nightly action setting 0
 * fails); DesiredCount (1 when absent) for a service that is not autoscaled.
 * The bounds are read by `ecsTaskBounds` (cfn/scaling.ts), which MultiAz
 * (HA-MULTI-AZ) reads too: both items count the same tasks.
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
    const verdicts = ecsTaskBounds(index, res).map((group) => {
      for (const b of group) {
        const shown = V.show(b.value);
        if (b.unknown !== undefined) {
          const what = b.source.k === 'target' ? 'minimum capacity' : b.source.k === 'actions' ? 'scheduled actions' : b.source.k === 'scheduled' ? `a scheduled ${b.source.bound}` : 'desired count';
          return unknown(b.path, b.value, b.source.k === 'actions' ? `${what} decided at deploy time` : `${what} ${b.source.k === 'scheduled' ? 'is ' : ''}decided at deploy time (${b.unknown})`);
        }
        if (b.n !== undefined && thresholds.meets(key, b.n)) continue;
        const s = b.source;
        if (s.k === 'scheduled') return fail(b.path, b.value, `scheduled action ${s.action} sets ${s.bound} ${shown}: the service may run fewer tasks; ${key} is ${t}`);
        if (s.k === 'desired') return fail(b.path, b.value, `the service runs ${b.n ?? shown} task(s) and is not autoscaled; ${key} is ${t}`);
        return fail(b.path, b.value, `the service may scale in to ${shown} task(s); ${key} is ${t}`);
      }
      const first = group[0];
      return first.source.k === 'desired'
        ? pass(first.path, first.value, `the service runs ${first.n} tasks (${key} ${t})`)
        : pass(first.path, first.value, `the service never scales below ${first.n} tasks (${key} ${t})`);
    });
    return verdicts.find((v) => v.status !== 'pass') ?? verdicts[0];
  },
};
