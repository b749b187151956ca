import { FindingStatus, Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { combine, DB_CLUSTER, DB_TYPES, DOCDB_CLUSTER, DOCDB_INSTANCE, insightsProps, judged, membersOf } from '../../cfn/databases';

/**
 * DB-ENHANCED-MONITORING: two checks, reported as one verdict (the worst) on each
 * cluster and standalone instance:
 * - Enhanced Monitoring: `MonitoringInterval` > 0 with a `MonitoringRoleArn`;
 * - Performance Insights: enabled (`PerformanceInsightsEnabled` on a cluster,
 *   `EnablePerformanceInsights` on an instance). Which key encrypts its data
 *   is not this item: RdsPerformanceInsightsKey judges it (DB-ENCRYPTION-AT-REST).
 * For a cluster, cluster-level settings are accepted; otherwise every member
 * instance in the template must carry them (and a cluster with no member in the
 * template fails). Member instances are reported through their cluster.
 * DocumentDB has no Enhanced Monitoring: a DocumentDB cluster is judged on
 * Performance Insights (`EnablePerformanceInsights`) on every instance of this
 * template (none fails). Which key encrypts its data is RdsPerformanceInsightsKey's.
 * Neptune has neither (NOT_ABOUT in kinds.ts).
 */
export const RdsEnhancedMonitoring: AwsRule = {
  id: 'RdsEnhancedMonitoring',
  items: ['DB-ENHANCED-MONITORING'],
  types: [...DB_TYPES, DOCDB_CLUSTER, DOCDB_INSTANCE],
  severity: Severity.LOW,
  description: 'Enhanced Monitoring (interval > 0 with a role) and Performance Insights are enabled (DocumentDB: Performance Insights on every instance).',
  fix: 'Set monitoringInterval (e.g. Duration.seconds(60)) and enablePerformanceInsights: true.',
  check(res, { index }) {
    if (!judged(res, index)) return undefined;
    if (res.type === DOCDB_CLUSTER) {
      const members = membersOf(res, index);
      if (members.length === 0) return fail(undefined, res.logicalId, 'DocumentDB cluster without an instance in this template: Performance Insights (DocumentDB has no Enhanced Monitoring) is on no instance');
      // Reported on the cluster, each instance named (not on the first instance, with the others' messages unnamed).
      return combine(members.map((m) => {
        const v = insights(m, index);
        return { ...v, resource: undefined, property: v.property === undefined ? undefined : `${m.logicalId}.${v.property}`, message: `instance ${m.logicalId}: ${v.message}` };
      }));
    }
    if (res.type !== DB_CLUSTER) return combine([monitoring(res, index), insights(res, index)]);
    const members = membersOf(res, index);
    return combine([viaCluster(res, members, index, monitoring, 'Enhanced Monitoring'), viaCluster(res, members, index, insights, 'Performance Insights')]);
  },
};

/** The cluster-level verdict if it passes, else the members' verdicts combined. */
function viaCluster(cluster: CfnResource, members: CfnResource[], index: TemplateIndex,
  judge: (r: CfnResource, i: TemplateIndex) => Verdict, what: string): Verdict {
  const own = judge(cluster, index);
  if (own.status === FindingStatus.PASS || own.status === FindingStatus.UNKNOWN) return own;
  if (members.length === 0) return fail(own.property, own.value, `${what}: on the cluster, ${own.message}; and no member instance in this template`);
  const perMember = members.map((m) => judge(m, index));
  const bad = perMember.find((v) => v.status === FindingStatus.FAIL);
  if (bad) return fail(own.property, own.value, `${what}: on the cluster, ${own.message}; on member ${bad.resource?.logicalId}, ${bad.message}`);
  const unk = perMember.find((v) => v.status === FindingStatus.UNKNOWN);
  if (unk) return unknown(unk.property, unk.value, `${what}: member ${unk.resource?.logicalId}: ${unk.message}`);
  return pass(undefined, members.map((m) => m.logicalId).join(', '), `${what} on every member instance (${members.length})`);
}

function monitoring(r: CfnResource, index: TemplateIndex): Verdict {
  const interval = index.prop(r, 'MonitoringInterval');
  const p = 'Properties.MonitoringInterval';
  if (interval.k === 'unknown') return unknown(p, interval, `monitoring interval decided at deploy time (${interval.why})`, r);
  const n = V.num(interval);
  if (n === undefined || n <= 0) return fail(p, interval, `Enhanced Monitoring off (MonitoringInterval ${V.show(interval)})`, r);
  const role = index.prop(r, 'MonitoringRoleArn');
  if (role.k === 'absent') return fail('Properties.MonitoringRoleArn', role, `MonitoringInterval ${n} s but no MonitoringRoleArn: RDS cannot publish the OS metrics`, r);
  return pass(p, interval, `Enhanced Monitoring every ${n} s`, r);
}

function insights(r: CfnResource, index: TemplateIndex): Verdict {
  const enabledProp = insightsProps(r).enabled;
  const enabled = index.prop(r, enabledProp);
  if (enabled.k === 'unknown') return unknown(`Properties.${enabledProp}`, enabled, `Performance Insights decided at deploy time (${enabled.why})`, r);
  if (!V.isTrue(enabled)) return fail(`Properties.${enabledProp}`, enabled, `Performance Insights off (${enabledProp} ${V.show(enabled)})`, r);
  return pass(`Properties.${enabledProp}`, enabled, 'Performance Insights enabled', r);
}
