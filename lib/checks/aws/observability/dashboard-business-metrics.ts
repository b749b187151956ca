import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { DASHBOARD_TYPE } from '../../cfn/alarms';
import { isServiceCompute } from '../../cfn/service-compute';
import { PLATFORM_NAMESPACE, declaredNamespaces } from './namespaces';
import { rowsOf } from './signals';

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
    const filterNs = new Set(index.ofType('AWS::Logs::MetricFilter').flatMap((f) => (V.list(index.prop(f, 'MetricTransformations')) ?? [])
      .map((t) => V.str(index.at(t, 'MetricNamespace'))).filter((x): x is string => x !== undefined)));
    const { rows, unreadable } = rowsOf(index.ofType(DASHBOARD_TYPE));
    const business = rows.filter((r) => (declared.length > 0 ? declared.includes(r.namespace) : !PLATFORM_NAMESPACE.test(r.namespace) && !filterNs.has(r.namespace)));
    if (business.length > 0) {
      const shown = [...new Set(business.map((r) => `${r.namespace}/${r.name}`))];
      return pass(undefined, shown.join(', '), `dashboard ${business[0].dashboard.logicalId} shows application metrics ${shown.join(', ')}`);
    }
    if (unreadable.length > 0) return unknown(undefined, unreadable.map((d) => d.logicalId).join(', '), 'a dashboard body is computed at deploy time');
    return fail(undefined, declared.join(', ') || '(no custom namespace)', declared.length > 0
      ? `no dashboard shows the service's metrics namespace ${declared.join(', ')}`
      : 'no dashboard shows a business (custom-namespace) metric');
  },
};
