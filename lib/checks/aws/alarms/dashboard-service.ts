import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex } from '../../template-index';
import { invocationTargets, isServiceFunction } from '../../cfn/service-compute';
import { DashRow, dashboardRows, rowsMentioning, searchingDashboards, showing, unreadableWhy } from '../../cfn/dashboards';
import { DASHBOARD_TYPE, givenName, percentile } from '../../cfn/alarms';
import { isInternetFacingAlb, listenersOf, servesRequests, serviceTraffic } from '../../cfn/load-balancers';
import { servingScope } from './scope';

interface Panel {
  readonly targets: CfnResource[];
  /** The resources a row must name (`showing`; default `targets`): an API's rows name the API (ApiName / ApiId), a stage only beside it. */
  readonly shown?: CfnResource[];
  readonly requests: (m: DashRow) => boolean;
  readonly latency: (m: DashRow) => boolean;
  readonly errors: (m: DashRow) => boolean;
  /** Why the panel cannot be judged (a WebSocket API): unknown. */
  readonly unjudged?: string;
  /** Why a dashboard naming the resource cannot be recognised (a REST API named outside the template): no dashboard found is unknown. */
  readonly unnamed?: string;
}

const ELB = 'AWS/ApplicationELB';
const albPanel = (targets: CfnResource[]): Panel => ({
  targets,
  requests: (m) => m.namespace === ELB && (m.name === 'RequestCount' || m.name === 'RequestCountPerTarget'),
  latency: (m) => m.namespace === ELB && m.name === 'TargetResponseTime',
  errors: (m) => m.namespace === ELB && /^HTTPCode_(Target|ELB)_5XX_Count$/.test(m.name),
});

function panelFor(index: TemplateIndex, res: CfnResource): Panel | undefined {
  switch (res.type) {
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return isInternetFacingAlb(index, res) ? albPanel([res, ...listenersOf(index, res)]) : undefined;
    case 'AWS::ECS::Service': {
      if (!servesRequests(index, res)) return undefined;
      const t = serviceTraffic(index, res);
      return albPanel([res, ...t.targetGroups, ...t.listeners, ...t.loadBalancers]);
    }
    case 'AWS::Lambda::Function':
      if (!isServiceFunction(res, index)) return undefined;
      return {
        targets: invocationTargets(index, res),
        requests: (m) => m.namespace === 'AWS/Lambda' && m.name === 'Invocations',
        latency: (m) => m.namespace === 'AWS/Lambda' && m.name === 'Duration',
        errors: (m) => m.namespace === 'AWS/Lambda' && m.name === 'Errors',
      };
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::ApiGatewayV2::Api': {
      const scope = servingScope(index, res)!;
      const is = (m: DashRow, names: string[]) => m.namespace === scope.requests.namespace && names.includes(m.name);
      return {
        targets: scope.targets,
        shown: [res],
        requests: (m) => is(m, scope.requests.names),
        latency: (m) => is(m, scope.latency.names),
        errors: (m) => is(m, scope.errors.names),
        unjudged: scope.unjudged,
        unnamed: scope.unnamed,
      };
    }
    default:
      return undefined;
  }
}

const PERCENTILES = [50, 95, 99];

/**
 * DASHBOARD-SERVICE: a CloudWatch dashboard shows the service's requests,
 * latency percentiles (p50, p95, p99) and errors.
 *
 * A row counts when a dimension names the service (or its load balancer,
 * target group, function, API) by the value CloudWatch publishes its metrics
 * under (`showing`): a load balancer by `LoadBalancerFullName`, a target
 * group by `TargetGroupFullName`, a function by `!Ref`, an HTTP API by
 * `!Ref`, a REST API by its Name; a stage only beside its API. A row that may
 * name it (decided at deploy time) leaves the item unknown. A SEARCH expression
 * counts for the rows CloudWatch's search is sure to return (`searchRows`):
 * its schema's namespace and dimensions, the metric name and dimension values
 * its terms fix (a dimension none fixes returns every resource's series, this
 * one's among them), its own statistic; one whose partial-match or NOT terms
 * may exclude the service's metric leaves the item unknown.
 */
export const DashboardService: AwsRule = {
  id: 'DashboardService',
  items: ['DASHBOARD-SERVICE'],
  types: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::Lambda::Function', 'AWS::ECS::Service', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'],
  severity: Severity.LOW,
  description: 'An internet-facing ALB, a serving Lambda function, a load-balanced ECS service or an API Gateway REST or HTTP API appears on a CloudWatch dashboard showing its requests, p50/p95/p99 latency and errors.',
  fix: 'Add a cloudwatch.Dashboard with GraphWidgets for RequestCount (or Invocations, or API Gateway Count), TargetResponseTime (or Duration, or Latency) at p50/p95/p99, and 5xx counts (or Errors, or 5XXError / 5xx).',
  check(res, { index }) {
    const panel = panelFor(index, res);
    if (!panel) return undefined;
    if (panel.unjudged) return unknown(undefined, undefined, panel.unjudged);
    const dashboards = new Map<string, CfnResource>();
    // Dashboards that reference the service; every dashboard when the template names it (a row may carry the name):
    // then the rows that may show it, looked up in an index of every dashboard's rows built once per run
    // (`rowsMentioning`), not every dashboard read again for each service.
    const named = panel.targets.some((t) => givenName(index, t) !== undefined);
    const rowsBy = new Map<CfnResource, DashRow[] | undefined>();
    let unreadableWhys = new Map<CfnResource, string>();
    if (named) {
      const found = rowsMentioning(index, panel.targets);
      unreadableWhys = found.why;
      for (const d of found.dashboards) rowsBy.set(d, []);
      for (const d of found.unreadable) rowsBy.set(d, undefined);
      for (const r of found.rows) rowsBy.get(r.dashboard)?.push(r);
    }
    // Without a name, the dashboards that reference it, and those with a SEARCH over every value of a dimension
    // (`searchingDashboards`), which may show it without naming it.
    for (const d of named ? index.ofType(DASHBOARD_TYPE) : [...panel.targets.flatMap((t) => index.referrers(t, DASHBOARD_TYPE)), ...searchingDashboards(index)]) dashboards.set(d.logicalId, d);
    if (dashboards.size === 0) return panel.unnamed ? unknown(undefined, undefined, panel.unnamed) : fail(undefined, undefined, 'no CloudWatch dashboard shows this service');
    let bestMissing: string[] | undefined;
    let bestId = '';
    let unreadable: CfnResource | undefined;
    let open: CfnResource | undefined;
    let crowded: string | undefined;
    const shown = panel.shown ?? panel.targets;
    const lacks = (mine: DashRow[]): string[] => {
      const missing: string[] = [];
      if (!mine.some(panel.requests)) missing.push('requests');
      const stats = new Set(mine.filter(panel.latency).map((m) => percentile(m.stat)));
      for (const p of PERCENTILES) if (!stats.has(p)) missing.push(`p${p} latency`);
      if (!mine.some(panel.errors)) missing.push('errors');
      return missing;
    };
    for (const d of dashboards.values()) {
      const metrics = named ? rowsBy.get(d) : dashboardRows(index, d);
      if (!metrics) {
        unreadable ??= d;
        continue;
      }
      // A row shows the service when it names it by the value CloudWatch publishes its metrics under (`showing`).
      const fits = metrics.map((m) => {
        const f = shown.map((t) => showing(index, m, t));
        return f.includes('yes') ? 'yes' : f.includes('maybe') ? 'maybe' : 'no';
      });
      const mine = metrics.filter((_, i) => fits[i] === 'yes');
      const missing = lacks(mine);
      if (missing.length > 0 && lacks(metrics.filter((_, i) => fits[i] !== 'no')).length === 0) {
        open ??= d;
        crowded ??= metrics.find((m, i) => fits[i] === 'maybe' && m.crowded !== undefined)?.crowded;
      }
      if (missing.length === 0) return pass(`${d.logicalId}.DashboardBody`, d.logicalId, `dashboard ${d.logicalId} shows requests, p50/p95/p99 latency and errors`);
      if (!bestMissing || missing.length < bestMissing.length) {
        bestMissing = missing;
        bestId = d.logicalId;
      }
    }
    if (open) {
      if (crowded !== undefined) return unknown(`${open.logicalId}.DashboardBody`, open.logicalId, `whether dashboard ${open.logicalId} shows this service's series is not known: ${crowded}`);
      return unknown(`${open.logicalId}.DashboardBody`, open.logicalId, `whether the rows of dashboard ${open.logicalId} show this service is decided at deploy time: a dimension's value must be the one CloudWatch publishes the service's metrics under`);
    }
    if (unreadable) {
      return unknown(`${unreadable.logicalId}.DashboardBody`, unreadable.logicalId, `${unreadableWhys.get(unreadable) ?? unreadableWhy(index, unreadable)}${bestMissing ? ` (dashboard ${bestId} does not show ${bestMissing.join(', ')})` : ''}`);
    }
    return fail(`${bestId}.DashboardBody`, bestId, `dashboard ${bestId} does not show ${bestMissing!.join(', ')} for this service`);
  },
};
