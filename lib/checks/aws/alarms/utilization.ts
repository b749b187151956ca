import { fail, Verdict } from '../../rule';
import { CfnResource, TemplateIndex } from '../../template-index';
import { AlarmView, alarmsOn, best, judgeLower, judgeUpper, MetricKind, openAlarm, rdsAlarmVerdict, ScopeVerdict, watchedMetric } from '../../cfn/alarms';

function judgeScope(index: TemplateIndex, scope: CfnResource, alarms: AlarmView[], kind: MetricKind, dir: 'upper' | 'lower', limit: number, what: string, unit: string, showLimit = true): ScopeVerdict {
  const verdicts: Verdict[] = [];
  for (const view of alarms) {
    const w = watchedMetric(index, view, kind, [scope]);
    if (!w) continue;
    if (w.open !== undefined) verdicts.push(openAlarm(view, `${what}: ${w.open}`));
    else verdicts.push(dir === 'upper' ? judgeUpper(index, view, limit, what, unit) : judgeLower(index, view, limit, what, unit, showLimit));
  }
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
