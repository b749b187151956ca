import { Severity } from '../../model';
import { AwsRule, fail, Verdict } from '../../rule';
import { alarmsOn, best, fmt, judgeUpper, label, openAlarm, percentile, watchedMetric } from '../../cfn/alarms';
import { SERVING_TYPES, servingScope } from './scope';

/** A latency alarm rule for one percentile. @internal */
export function latencyRule(id: string, item: string, p: number, key: string): AwsRule {
  return {
    id,
    items: [item],
    types: SERVING_TYPES,
    severity: Severity.MEDIUM,
    description: `An internet-facing ALB (TargetResponseTime, seconds) or serving Lambda function (Duration, ms) has a p${p} latency alarm at or below ${key}, with an action.`,
    fix: `Add a cloudwatch.Alarm on the p${p} of TargetResponseTime (threshold in seconds, e.g. ${p === 95 ? '0.5' : '1'}) or Lambda Duration (in ms) at or below ${key}, with an SNS action.`,
    check(res, { index, thresholds }) {
      const scope = servingScope(index, res);
      if (!scope) return undefined;
      const limitMs = thresholds.get(key);
      const limit = limitMs * scope.latencyPerMs;
      const verdicts: Verdict[] = [];
      const otherStats: Verdict[] = [];
      for (const view of alarmsOn(index, scope.targets)) {
        const w = watchedMetric(index, view, scope.latency, scope.targets);
        if (!w) continue;
        const m = w.metric;
        if (w.open !== undefined || !m) {
          verdicts.push(openAlarm(view, `p${p} latency: ${w.open}`));
          continue;
        }
        if (m.stat === undefined && m.open !== undefined) {
          verdicts.push(openAlarm(view, `p${p} latency: the statistic of alarm ${label(view)} is decided at deploy time (${m.open})`));
          continue;
        }
        if (percentile(m.stat) !== p) {
          otherStats.push(fail(`${label(view)}.ExtendedStatistic`, m.stat ?? '(not set)', `latency alarm ${label(view)} watches ${m.stat ?? 'no statistic'}, not p${p}`));
          continue;
        }
        verdicts.push(judgeUpper(index, view, limit, `p${p} latency (${key} ${fmt(limitMs)} ms)`, scope.latencyUnit));
      }
      if (verdicts.length === 0 && otherStats.length > 0) return otherStats[0];
      return best(verdicts, () => fail(undefined, undefined, `no p${p} ${scope.latency.names[0]} alarm watches this ${scope.kind === 'alb' ? 'load balancer' : 'function'}`));
    },
  };
}

