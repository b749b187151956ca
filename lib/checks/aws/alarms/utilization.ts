import { FindingStatus } from '../../model';
import { fail, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex } from '../../template-index';
import { CLUSTERED_DB_TYPES, isCluster, REPLICATION_GROUP } from '../../cfn/databases';
import { isDomain } from '../../cfn/opensearch';
import { AlarmView, alarmsOn, Ceiling, belowMedian, best, cacheMemberOf, cacheMembers, DB_NAMESPACE, judgeLower, judgeUpper, label, levelStatistic, MetricKind, openAlarm, rdsAlarmVerdict, roleCover, ScopeVerdict, spreadOver, watchedMetric, wrongAlarm } from '../../cfn/alarms';

/**
 * Judge the alarms on one resource: an alarm counts when it reads the metric
 * of the resource as AWS publishes it (`watchedMetric`: dimensions — an ECS
 * service by its Name, an RDS, DocumentDB or Neptune database by its identifier
 * in its service's namespace (`dbKind`), an OpenSearch domain by its name and
 * account in AWS/ES, a cache by a member
 * cache cluster `<group id>-NNN`; an alarm on one Role of an Aurora, DocumentDB or Neptune cluster
 * covers it only with the other role, `roleCover` —, Unit) and
 * compares its level (`levelStatistic`: Average, Maximum, a percentile...; a
 * SampleCount compared with 80 is a count, not a percentage; a statistic from
 * an open parameter is unknown). A cluster-level alarm over two or more
 * instances (a domain-level alarm over two or more data nodes) must read the
 * worst of them (`spreadOver`). An ECS service's
 * CPUUtilization and MemoryUtilization are statistics over its tasks (several
 * while it scales or deploys): an upper-limit alarm on a statistic below the
 * median task (`belowMedian`: Minimum, a percentile under p50...) fails; the
 * Average is accepted. A Period shorter than the interval AWS publishes the
 * metric at is judged by `judge` (`resolutionGap`). An anomaly detection alarm
 * (`ThresholdMetricId`) watches the metric but compares it with a band, not a
 * threshold at the limit: it fails, saying so (`judge`).
 */
const ECS_SERVICE = 'AWS::ECS::Service';

function judgeScope(index: TemplateIndex, scope: CfnResource, alarms: AlarmView[], kind: MetricKind, dir: 'upper' | 'lower', limit: number, what: string, unit: string, showLimit = true, ceiling?: Ceiling): ScopeVerdict {
  const entries: { verdict: Verdict; role?: string; alarm: string; member?: string }[] = [];
  for (const view of alarms) {
    const w = watchedMetric(index, view, kind, [scope]);
    if (!w) continue;
    const stat = w.metric && w.wrong === undefined && w.open === undefined ? levelStatistic(w.metric) : undefined;
    let verdict: Verdict;
    if (w.wrong !== undefined) verdict = wrongAlarm(view, { ...w, wrong: `${what}: ${w.wrong}` });
    else if (w.open !== undefined) verdict = openAlarm(view, `${what}: ${w.open}`);
    else if (stat?.open !== undefined) verdict = openAlarm(view, `${what}: alarm ${label(view)}: ${stat.open}`);
    else if (stat?.wrong !== undefined) verdict = fail(`${label(view)}.Statistic`, w.metric?.stat, `${what}: alarm ${label(view)}: ${stat.wrong}`);
    else if (dir === 'upper' && scope.type === ECS_SERVICE && w.metric?.stat !== undefined && belowMedian(w.metric.stat)) {
      verdict = fail(`${label(view)}.Statistic`, w.metric.stat, `${what}: alarm ${label(view)} reads the ${w.metric.stat} over the tasks of service ${scope.logicalId}, below the median task (ECS: the Minimum is the least-loaded task's utilization): it stays under the limit while most tasks are over it; read Average, Maximum or a percentile from p50`);
    } else {
      verdict = dir === 'upper' ? judgeUpper(index, view, limit, what, unit) : judgeLower(index, view, limit, what, unit, showLimit, ceiling);
      if (verdict.status === FindingStatus.PASS && (isCluster(scope) || isDomain(scope)) && w.metric) verdict = spreadOver(index, scope, view, w.metric.stat, w.role, dir, what) ?? verdict;
    }
    entries.push({ verdict, role: w.role, alarm: label(view), member: w.metric ? cacheMemberOf(w.metric) : undefined });
  }
  // An alarm on one role of an Aurora cluster (DBClusterIdentifier + Role) watches that role's instances only; an
  // alarm on one member of a replication group watches that member only.
  const verdicts = scope.type === REPLICATION_GROUP ? memberCover(index, scope, what, entries) : roleCover(index, scope, what, entries);
  return { verdict: best(verdicts, () => fail(undefined, undefined, `no ${kind.names.join('/')} alarm watches ${scope.logicalId}`)), candidates: verdicts.length };
}

/**
 * A single-metric alarm on `kind` for the resource (for an RDS, DocumentDB or Neptune cluster: on the
 * cluster or on every member instance), firing above `limit` percent.
 * @internal
 */
export function utilizationVerdict(index: TemplateIndex, res: CfnResource, kind: MetricKind, limit: number, what: string): Verdict | undefined {
  return scoped(index, res, (scope, alarms) => judgeScope(index, scope, alarms, kind, 'upper', limit, what, ' %'));
}

/**
 * A single-metric alarm on `kind` firing below `limit` (free memory, free storage), and never above `ceiling` (the
 * most the metric can read: a threshold above it keeps the alarm in ALARM, `Ceiling`).
 * @internal
 */
export function lowVerdict(index: TemplateIndex, res: CfnResource, kind: MetricKind, limit: number, what: string, unit: string, showLimit = true, ceiling?: Ceiling): Verdict | undefined {
  return scoped(index, res, (scope, alarms) => judgeScope(index, scope, alarms, kind, 'lower', limit, what, unit, showLimit, ceiling));
}

/**
 * The metric of a database (RDS, DocumentDB, Neptune, an OpenSearch domain: `names`) in the namespace its service
 * publishes it in (`DB_NAMESPACE`: AWS/RDS, AWS/DocDB, AWS/Neptune, AWS/ES): an alarm on CPUUtilization of AWS/RDS naming a DocumentDB cluster
 * has no data of it.
 * @internal
 */
export function dbKind(res: CfnResource, names: string[]): MetricKind {
  return { namespace: DB_NAMESPACE[res.type] ?? 'AWS/RDS', names };
}

function scoped(index: TemplateIndex, res: CfnResource, judge: (scope: CfnResource, alarms: AlarmView[]) => ScopeVerdict): Verdict | undefined {
  if (CLUSTERED_DB_TYPES.includes(res.type)) return rdsAlarmVerdict(index, res, judge);
  return judge(res, alarmsOn(index, [res])).verdict;
}


/**
 * The verdicts on a replication group's alarms, given each passing alarm's member: ElastiCache publishes engine CPU
 * and memory per member cache cluster only, so the group is watched when every member is (after a failover another
 * member is the primary, and replicas serve reads). The passing alarms are replaced by one verdict: a pass when they
 * cover every member, a fail naming those they miss, or unknown when the members are not known at synth.
 */
function memberCover(index: TemplateIndex, rg: CfnResource, what: string, entries: { verdict: Verdict; alarm: string; member?: string }[]): Verdict[] {
  const passing = entries.filter((e) => e.verdict.status === FindingStatus.PASS);
  const out = entries.filter((e) => e.verdict.status !== FindingStatus.PASS).map((e) => e.verdict);
  if (passing.length === 0) return out;
  const first = passing[0];
  const layout = cacheMembers(index, rg);
  if ('open' in layout) return [...out, unknown(`${first.alarm}.Dimensions`, first.member, `${what}: whether the alarms watch every member of ${rg.logicalId} is not known: ${layout.open}`)];
  const covered = new Set(passing.map((e) => e.member));
  const missing = layout.members.filter((m) => !covered.has(m));
  if (missing.length === 0) return [...out, { ...first.verdict, message: `${first.verdict.message}; alarms watch every member of ${rg.logicalId} (${layout.members.join(', ')})` }];
  const watched = layout.members.filter((m) => covered.has(m));
  return [...out, fail(`${first.alarm}.Dimensions`, watched.join(', ') || undefined, `${what}: ${watched.length > 0 ? `the alarms watch member${watched.length === 1 ? '' : 's'} ${watched.join(', ')}` : `alarm ${first.alarm} names no member`} of ${rg.logicalId}, not ${missing.join(', ')}: ElastiCache publishes it per member, and after a failover another member is the primary`)];
}
