import { fail, Verdict } from '../../rule';
import { CfnResource, TemplateIndex } from '../../template-index';
import { AlarmView, alarmsOn, best, judgeLower, judgeUpper, label, levelStatistic, MetricKind, openAlarm, rdsAlarmVerdict, roleCover, ScopeVerdict, watchedMetric, wrongAlarm } from '../../cfn/alarms';

/**
 * Judge the alarms on one resource: an alarm counts when it reads the metric
 * of the resource as AWS publishes it (`watchedMetric`: dimensions — an ECS
 * service by its Name, an RDS database by its identifier, a cache by a member
 * cache cluster `<group id>-NNN`; an alarm on one Role of an Aurora cluster
 * covers it only with the other role, `roleCover` —, Unit) and
 * compares its level (`levelStatistic`: Average, Maximum, a percentile...; a
 * SampleCount compared with 80 is a count, not a percentage; a statistic from
 * an open parameter is unknown).
 */
function judgeScope(index: TemplateIndex, scope: CfnResource, alarms: AlarmView[], kind: MetricKind, dir: 'upper' | 'lower', limit: number, what: string, unit: string, showLimit = true): ScopeVerdict {
  const entries: { verdict: Verdict; role?: string; alarm: string }[] = [];
  for (const view of alarms) {
    const w = watchedMetric(index, view, kind, [scope]);
    if (!w) continue;
    const stat = w.metric && w.wrong === undefined && w.open === undefined ? levelStatistic(w.metric) : undefined;
    let verdict: Verdict;
    if (w.wrong !== undefined) verdict = wrongAlarm(view, { ...w, wrong: `${what}: ${w.wrong}` });
    else if (w.open !== undefined) verdict = openAlarm(view, `${what}: ${w.open}`);
    else if (stat?.open !== undefined) verdict = openAlarm(view, `${what}: alarm ${label(view)}: ${stat.open}`);
    else if (stat?.wrong !== undefined) verdict = fail(`${label(view)}.Statistic`, w.metric?.stat, `${what}: alarm ${label(view)}: ${stat.wrong}`);
    else verdict = dir === 'upper' ? judgeUpper(index, view, limit, what, unit) : judgeLower(index, view, limit, what, unit, showLimit);
    entries.push({ verdict, role: w.role, alarm: label(view) });
  }
  // An alarm on one role of an Aurora cluster (DBClusterIdentifier + Role) watches that role's instances only.
  const verdicts = roleCover(index, scope, what, entries);
  return { verdict: best(verdicts, () => fail(undefined, undefined, `no ${kind.names.join('/')} alarm watches ${scope.logicalId}`)), candidates: verdicts.length };
}

/**
 * A single-metric alarm on `kind` for the resource (for an RDS cluster: on the
 * cluster or on every member instance), firing above `limit` percent.
 * @internal
 */
export function utilizationVerdict(index: TemplateIndex, res: CfnResource, kind: MetricKind, limit: number, what: string): Verdict | undefined {
  return scoped(index, res, (scope, alarms) => judgeScope(index, scope, alarms, kind, 'upper', limit, what, ' %'));
}

/** A single-metric alarm on `kind` firing below `limit` (free memory, free storage). @internal */
export function lowVerdict(index: TemplateIndex, res: CfnResource, kind: MetricKind, limit: number, what: string, unit: string, showLimit = true): Verdict | undefined {
  return scoped(index, res, (scope, alarms) => judgeScope(index, scope, alarms, kind, 'lower', limit, what, unit, showLimit));
}

function scoped(index: TemplateIndex, res: CfnResource, judge: (scope: CfnResource, alarms: AlarmView[]) => ScopeVerdict): Verdict | undefined {
  if (res.type === 'AWS::RDS::DBCluster' || res.type === 'AWS::RDS::DBInstance') return rdsAlarmVerdict(index, res, judge);
  return judge(res, alarmsOn(index, [res])).verdict;
}
