import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { templateCluster } from '../../cfn/user-data';
import { isServiceFunction } from '../../cfn/service-compute';

/**
 * METRICS-COLLECTED: the platform collects the service's metrics.
 *
 * Decisions: ECS clusters enable Container Insights (ClusterSettings
 * containerInsights `enabled` or `enhanced`; absent fails — the account
 * default is not visible); an ECS service on a cluster outside the template is
 * unknown. Serving Lambda functions pass: Lambda publishes invocations, errors,
 * duration and throttles for every function, and CloudWatch keeps metrics for
 * 15 months, beyond the item's 30 days.
 */
export const ContainerInsightsEnabled: AwsRule = {
  id: 'ContainerInsightsEnabled',
  items: ['METRICS-COLLECTED'],
  types: ['AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'ECS clusters have Container Insights enabled (or enhanced); Lambda functions publish their metrics by default.',
  fix: 'Set containerInsightsV2: ContainerInsights.ENHANCED (or ENABLED) on the cluster.',
  check(res, { index }) {
    if (res.type === 'AWS::Lambda::Function') {
      return isServiceFunction(res, index) ? pass(undefined, 'AWS/Lambda', 'Lambda publishes the function\'s invocation, error, duration and throttle metrics; CloudWatch keeps them 15 months') : undefined;
    }
    if (res.type === 'AWS::ECS::Service') {
      const c = index.prop(res, 'Cluster');
      const cluster = templateCluster(index, c);
      if (cluster.k === 'ref' && cluster.target.type === 'AWS::ECS::Cluster') return undefined; // judged on the cluster
      return unknown('Properties.Cluster', c, 'the service runs on a cluster outside this template: whether Container Insights is on cannot be seen');
    }
    const settings = index.prop(res, 'ClusterSettings');
    if (settings.k === 'unknown') return unknown('Properties.ClusterSettings', settings, `cluster settings decided at deploy time (${settings.why})`);
    for (const [i, s] of (V.list(settings) ?? []).entries()) {
      if (V.str(index.at(s, 'Name')) !== 'containerInsights') continue;
      const v = index.at(s, 'Value');
      const p = `Properties.ClusterSettings.${i}.Value`;
      if (v.k === 'unknown') return unknown(p, v, `Container Insights decided at deploy time (${v.why})`);
      const mode = V.str(v);
      if (mode === 'enabled' || mode === 'enhanced') return pass(p, v, `Container Insights ${mode}`);
      return fail(p, v, `Container Insights ${mode ?? 'off'}: task and service CPU, memory, network and restarts are not collected`);
    }
    return fail('Properties.ClusterSettings', settings, 'Container Insights not enabled on the cluster');
  },
};
