import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { SERVICE_COMPUTE_TYPES, containers, environments } from '../../cfn/environment';
import { NAMESPACE_SETTING } from './namespaces';
import { roleMayCall } from '../../cfn/iam-policies';
import { valueText } from '../../cfn/alarms';
import { isOffValue } from '../../../checklist/policy/environment';

const METRIC_SETTING = /^(OTEL_EXPORTER_OTLP_METRICS_ENDPOINT|PROMETHEUS_[A-Z0-9_]+|METRICS_PORT|METRICS_PATH|METRICS_ENABLED|STATSD_HOST|STATSD_ADDR|DD_DOGSTATSD_[A-Z0-9_]+|DD_AGENT_HOST|NEW_RELIC_LICENSE_KEY)$/;
const AGENT_IMAGE = /aws-otel-collector|cloudwatch-agent|opentelemetry-collector|otel\/|datadog\/agent|newrelic\/|prom\/|grafana\/agent|grafana\/alloy/i;
const SCRAPE_LABEL = /^(ECS_PROMETHEUS_EXPORTER_PORT|PROMETHEUS_EXPORTER_PORT|prometheus\.io\/port)$/;
const ADOT_LAYER = /aws-otel|AWSOpenTelemetryDistro/i;

/** The IAM role of a function or a task definition, in this template. */
function roleOf(res: CfnResource, index: TemplateIndex): CfnResource | undefined {
  const v = index.prop(res, res.type === 'AWS::Lambda::Function' ? 'Role' : 'TaskRoleArn');
  return v.k === 'ref' && v.target.type === 'AWS::IAM::Role' ? v.target : undefined;
}

/**
 * METRICS-APPLICATION: the service publishes its own metrics.
 *
 * Decisions — any of these shows it does:
 * - a setting naming the metrics namespace (POWERTOOLS_METRICS_NAMESPACE,
 *   AWS_EMF_NAMESPACE, *_METRICS_NAMESPACE) — embedded-metric-format logs;
 * - an exporter setting (OTEL_METRICS_EXPORTER not none, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
 *   PROMETHEUS_*, METRICS_PORT, STATSD_HOST, DD_DOGSTATSD_*), unless its value
 *   turns it off (false, 0, no, off, none, disabled, empty; an `*_ENABLED`
 *   switch decided at deploy time is unknown);
 * - a scrape label on a container (ECS_PROMETHEUS_EXPORTER_PORT, read by the
 *   CloudWatch agent's Prometheus discovery) or a metrics agent sidecar
 *   (ADOT collector, CloudWatch agent, Datadog...), or an ADOT Lambda layer;
 * - the task/function role allows cloudwatch:PutMetricData.
 * None of these fails: the platform metrics alone do not show authentication,
 * API, database and cache behaviour from the application's side.
 */
export const ApplicationMetricsDeclared: AwsRule = {
  id: 'ApplicationMetricsDeclared',
  items: ['METRICS-APPLICATION'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.LOW,
  description: 'Service compute publishes application metrics: an EMF/metrics namespace or exporter setting, a Prometheus scrape label or metrics sidecar, an ADOT layer, or cloudwatch:PutMetricData on its role.',
  fix: 'Publish metrics with EMF (Powertools Metrics: set POWERTOOLS_METRICS_NAMESPACE) or expose /metrics and add the ECS_PROMETHEUS_EXPORTER_PORT docker label for the CloudWatch agent.',
  check(res, { index }) {
    const envs = environments(res, index, true);
    if (!envs) return undefined;
    const evidence: string[] = [];
    const open: string[] = [];
    for (const env of envs) {
      for (const [name, v] of env.vars) {
        const n = name.toUpperCase();
        if (!NAMESPACE_SETTING.test(n) && n !== 'OTEL_METRICS_EXPORTER' && !METRIC_SETTING.test(n)) continue;
        // A setting turned off (METRICS_ENABLED=false, OTEL_METRICS_EXPORTER=none, an empty endpoint) publishes nothing.
        const text = v.k === 'lit' ? V.str(v)?.trim() : undefined;
        if (text !== undefined && isOffValue(text)) continue;
        if (v.k === 'unknown' && (n === 'OTEL_METRICS_EXPORTER' || n.endsWith('_ENABLED'))) {
          open.push(`${name} (${v.why})`);
          continue;
        }
        evidence.push(NAMESPACE_SETTING.test(n) || n === 'OTEL_METRICS_EXPORTER' ? `${name}=${V.show(v)}` : name);
      }
    }
    if (res.type === 'AWS::ECS::TaskDefinition') {
      for (const c of containers(res, index)) {
        const labels = index.at(c.def, 'DockerLabels');
        if (labels.k === 'lit' && labels.v !== null && typeof labels.v === 'object' && !Array.isArray(labels.v)) {
          for (const k of Object.keys(labels.v)) if (SCRAPE_LABEL.test(k)) evidence.push(`docker label ${k}`);
        }
        const image = valueText(index.at(c.def, 'Image')) ?? '';
        if (AGENT_IMAGE.test(image)) evidence.push(`metrics agent ${image}`);
      }
    } else {
      for (const l of index.items(index.prop(res, 'Layers')) ?? []) {
        const t = valueText(l) ?? '';
        if (ADOT_LAYER.test(t)) evidence.push(`layer ${t}`);
      }
    }
    const role = roleOf(res, index);
    const mayPut = role ? roleMayCall(role, index, 'cloudwatch:PutMetricData') : false;
    if (role && mayPut) evidence.push(`role ${role.logicalId} may call cloudwatch:PutMetricData`);
    if (evidence.length > 0) return pass(undefined, evidence.join(', '), `the service publishes its own metrics (${evidence.join(', ')})`);
    if (open.length > 0) return unknown(undefined, open.join(', '), `whether the service publishes metrics is decided at deploy time: ${open.join(', ')}`);
    if (mayPut === undefined) return unknown(undefined, role?.logicalId, `whether role ${role?.logicalId} may call cloudwatch:PutMetricData is decided at deploy time`);
    return fail(undefined, res.logicalId, 'no sign the service publishes application metrics: no EMF namespace, exporter, scrape label, metrics sidecar or PutMetricData permission');
  },
};
