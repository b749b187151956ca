import { Severity } from '../../model';
import { AwsRule, fail, unknown, Verdict } from '../../rule';
import { alarmsOn, best, fmt, judgeUpper, label, openAlarm, percentile, PartsCover, unwatchedOf, watchedMetric, wrongAlarm } from '../../cfn/alarms';
import { SERVING_TYPES, servingScope } from './scope';

/**
 * A latency alarm rule for one percentile. The alarm must read the metric as
 * AWS publishes it (`watchedMetric`: the balancer by LoadBalancerFullName, no
 * `Unit` other than the metric's — TargetResponseTime is in Seconds, Lambda
 * Duration and API Gateway Latency in Milliseconds), with the percentile as its statistic; a
 * statistic from an open parameter is unknown. An alarm on another percentile is no alarm of this
 * one, whatever else of its metric is decided at deploy time (its statistic is read first). A Period shorter than the minute at which AWS
 * publishes the metric is unknown where the alarm may not see enough data points to fire
 * (`judge`'s `resolutionGap`); a metric read in another account (`AccountId`) is not the
 * resource's (`metricFit`'s `accountFit`). No detection time is required of a latency alarm. A serving Express
 * state machine is judged on AWS/States ExecutionTime (ms, by StateMachineArn, a reference or its ARN written out); a Standard one (StateMachineType
 * absent or STANDARD) runs asynchronously, its clients answered before it runs: no finding; a type decided at deploy
 * time is unknown. An anomaly detection alarm on the percentile (`ThresholdMetricId`) compares it with a band, not
 * with a bound at the limit: it fails, saying so (`judge`).
 * @internal
 */
export function latencyRule(id: string, item: string, p: number, key: string): AwsRule {
  return {
    id,
    items: [item],
    types: SERVING_TYPES,
    severity: Severity.MEDIUM,
    description: `An internet-facing ALB (TargetResponseTime, seconds), serving Lambda function (Duration, ms), API Gateway REST or HTTP API (Latency, ms) or serving Express state machine (ExecutionTime, ms) has a p${p} latency alarm at or below ${key}, with an action.`,
    fix: `Add a cloudwatch.Alarm on the p${p} of TargetResponseTime (threshold in seconds, e.g. ${p === 95 ? '0.5' : '1'}), Lambda Duration, API Gateway Latency or an Express state machine's ExecutionTime (in ms) at or below ${key}, with an SNS action.`,
    check(res, { index, thresholds }) {
      const scope = servingScope(index, res);
      if (!scope) return undefined;
      if (scope.unjudged) return unknown(undefined, undefined, scope.unjudged);
      if (scope.noLatency) return undefined;
      if (scope.latencyOpen) return unknown('Properties.StateMachineType', undefined, scope.latencyOpen);
      const limitMs = thresholds.get(key);
      const limit = limitMs * scope.latencyPerMs;
      const verdicts: Verdict[] = [];
      const otherStats: Verdict[] = [];
      const cover = new PartsCover();
      for (const view of alarmsOn(index, scope.targets)) {
        const w = watchedMetric(index, view, scope.latency, scope.targets);
        if (!w) continue;
        const m = w.metric;
        // An alarm on another percentile is never this one, whatever decides the rest of its metric at deploy time.
        if (m?.stat !== undefined && percentile(m.stat) !== p) {
          otherStats.push(fail(`${label(view)}.ExtendedStatistic`, m.stat, `latency alarm ${label(view)} watches ${m.stat}, not p${p}`));
          continue;
        }
        if (w.wrong !== undefined) {
          verdicts.push(wrongAlarm(view, { ...w, wrong: `p${p} latency: ${w.wrong}` }));
          continue;
        }
        if (w.open !== undefined || !m) {
          verdicts.push(openAlarm(view, `p${p} latency: ${w.open}`));
          continue;
        }
        if (m.stat === undefined && m.statOpen !== undefined) {
          verdicts.push(openAlarm(view, `p${p} latency: the statistic of alarm ${label(view)} is decided at deploy time (${m.statOpen})`));
          continue;
        }
        if (percentile(m.stat) !== p) {
          otherStats.push(fail(`${label(view)}.ExtendedStatistic`, m.stat ?? '(not set)', `latency alarm ${label(view)} watches ${m.stat ?? 'no statistic'}, not p${p}`));
          continue;
        }
        const aside = unwatchedOf(index, [m], scope.targets[0]);
        const judged = () => judgeUpper(index, view, limit, `p${p} latency (${key} ${fmt(limitMs)} ms)`, scope.latencyUnit);
        if (aside?.parts) {
          // One part of the target (a target group, a stage): added up with the alarms on the others.
          const v = judged();
          if (v.status === 'pass') cover.add(view, aside, openAlarm(view, `p${p} latency: alarm ${label(view)} ${aside.text}`));
          else verdicts.push(v);
          continue;
        }
        if (aside) {
          verdicts.push(aside.open ? openAlarm(view, `p${p} latency: alarm ${label(view)} ${aside.text}`) : fail(`${label(view)}.Dimensions`, undefined, `p${p} latency: alarm ${label(view)} ${aside.text}`));
          continue;
        }
        verdicts.push(judged());
      }
      verdicts.push(...cover.verdicts(index, res));
      if (verdicts.length === 0 && otherStats.length > 0) return otherStats[0];
      return best(verdicts, () => scope.unnamed ? unknown(undefined, undefined, scope.unnamed) : fail(undefined, undefined, `no p${p} ${scope.latency.names[0]} alarm watches this ${scope.noun}`));
    },
  };
}

