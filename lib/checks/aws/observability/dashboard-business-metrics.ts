import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource } from '../../template-index';
import { DASHBOARD_TYPE, valueText } from '../../cfn/alarms';
import { isServiceCompute } from '../../cfn/service-compute';
import { PLATFORM_NAMESPACE, declaredNamespaces } from './namespaces';
import { DashRow, dashboardRows, unreadableWhy } from '../../cfn/dashboards';

/**
 * DASHBOARD-BUSINESS: a dashboard shows the application's own metrics.
 *
 * Decisions: dispatched to service compute. When the compute declares the
 * namespace it publishes to (POWERTOOLS_METRICS_NAMESPACE, AWS_EMF_NAMESPACE,
 * *_METRICS_NAMESPACE), a dashboard must show a metric of that namespace.
 * Otherwise any custom namespace counts, except AWS and agent namespaces and
 * the namespaces of the template's log metric filters (error counts are
 * technical, not business, metrics). Every dashboard of the template is read
 * (ofType): business metrics do not reference the compute.
 */
export const DashboardBusinessMetrics: AwsRule = {
  id: 'DashboardBusinessMetrics',
  items: ['DASHBOARD-BUSINESS'],
  types: ['AWS::ECS::Service', 'AWS::Lambda::Function'],
  severity: Severity.LOW,
  description: 'A CloudWatch dashboard shows metrics of the application\'s own (custom) namespace, the one the service declares when it does.',
  fix: 'Publish business metrics (EMF / Powertools Metrics) and add a GraphWidget of them to the service dashboard.',
  check(res, { index }) {
    if (!isServiceCompute(res, index)) return undefined;
    const declared = declaredNamespaces(res, index);
    let filterNs: Set<string> | undefined;
    const isBusiness = (r: DashRow) => {
      // A SEARCH row whose terms may exclude every metric it names shows none for sure.
      if (r.open !== undefined) return false;
      if (declared.length > 0) return declared.includes(r.namespace);
      if (PLATFORM_NAMESPACE.test(r.namespace)) return false;
      filterNs ??= new Set(index.ofType('AWS::Logs::MetricFilter').flatMap((f) => (index.items(index.prop(f, 'MetricTransformations')) ?? [])
        .map((t) => valueText(index.field(t, 'MetricNamespace'))).filter((x): x is string => x !== undefined)));
      return !filterNs.has(r.namespace);
    };
    // Dashboard by dashboard: the first that shows a business metric settles it.
    const unreadable: CfnResource[] = [];
    let crowded: string | undefined;
    for (const d of index.ofType(DASHBOARD_TYPE)) {
      const rows = dashboardRows(index, d);
      if (!rows) { unreadable.push(d); continue; }
      // A graph that may hold more series than it shows may leave a row's out, unless the row is its only flood.
      const maybe = rows.filter(isBusiness);
      const business = maybe.filter((r) => r.crowded === undefined || r.someShown === true);
      if (business.length === 0) {
        crowded ??= maybe[0]?.crowded;
        continue;
      }
      const shown = [...new Set(business.map((r) => `${r.namespace}/${r.name}`))];
      return pass(undefined, shown.join(', '), `dashboard ${d.logicalId} shows application metrics ${shown.join(', ')}`);
    }
    if (unreadable.length > 0) return unknown(undefined, unreadable.map((d) => d.logicalId).join(', '), unreadable.map((d) => unreadableWhy(index, d)).join('; '));
    if (crowded !== undefined) return unknown(undefined, undefined, `whether a dashboard shows an application metric is not known: ${crowded}`);
    return fail(undefined, declared.join(', ') || '(no custom namespace)', declared.length > 0
      ? `no dashboard shows the service's metrics namespace ${declared.join(', ')}`
      : 'no dashboard shows a business (custom-namespace) metric');
  },
};
