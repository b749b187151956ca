/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { environments } from '../../cfn/environment';
import { alarmsOnMetric, onLogs, unitLogs } from './signals';

/** Settings that configure an error tracker. */
const TRACKER = /^(SENTRY_DSN|ROLLBAR_ACCESS_TOKEN|ROLLBAR_TOKEN|BUGSNAG_API_KEY|HONEYBADGER_API_KEY|AIRBRAKE_PROJECT_KEY|RAYGUN_API_KEY|BUGSINK_DSN|GLITCHTIP_DSN|APPSIGNAL_PUSH_API_KEY)$/;
/** Filter patterns that count errors. */
const ERROR_PATTERN = /error|exception|fatal|critical|panic|traceback|5\d\d/i;

function trackerOf(res: CfnResource, container: any, index: TemplateIndex): string | undefined {
  const names: string[] = [];
  if (res.type === 'AWS::Lambda::Function') names.push(...(environments(res, index, false)?.[0]?.vars.keys() ?? []));
  else if (container) {
    for (const e of V.list(index.at(container, 'Environment')) ?? []) names.push(V.str(index.at(e, 'Name')) ?? '');
    for (const s of V.list(index.at(container, 'Secrets')) ?? []) names.push(V.str(index.at(s, 'Name')) ?? '');
  }
  return names.find((n) => TRACKER.test(n.toUpperCase()));
}

/**
 * LOG-ERROR-TRACKING: the service's errors are counted and alertable.
 *
 * Decisions: for each serving function and each application container of an
 * ECS service, either an error tracker is configured (SENTRY_DSN, ROLLBAR_*,
 * BUGSNAG_API_KEY... in its environment or secrets), or a metric filter on its
 * log group matches error entries (ERROR, Exception, Fatal, 5xx in the
 * pattern) and an alarm watches the filter's metric. A filter without an
 * alarm fails (measurable but not alerted); logs outside the template (another
 * stack's group, a FireLens output) are unknown.
 */
export const ErrorLogMetricFilter: AwsRule = {
  id: 'ErrorLogMetricFilter',
  items: ['LOG-ERROR-TRACKING'],
  types: ['AWS::ECS::TaskDefinition', 'AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'Service compute counts its errors: an error tracker DSN, or a metric filter on its log group matching ERROR entries with an alarm on the metric.',
  fix: 'Add logGroup.addMetricFilter({ filterPattern: FilterPattern.stringValue("$.level", "=", "ERROR"), ... }) and an alarm on filter.metric(), or configure SENTRY_DSN.',
  check(res, { index }) {
    const units = unitLogs(res, index);
    if (!units) return undefined;
    return units.map((u): Verdict => {
      const tracker = trackerOf(res, u.container, index);
      if (tracker) return pass(undefined, tracker, `${u.label}: errors go to an error tracker (${tracker})`);
      if (u.dest.k === 'unknown') return unknown(u.dest.property, undefined, `${u.label}: log destination decided at deploy time (${u.dest.why})`);
      if (u.dest.k === 'external') return unknown(u.dest.property, u.dest.what, `${u.label} logs to ${u.dest.what}: its metric filters cannot be seen`);
      if (u.dest.k === 'none') return fail(u.dest.property, undefined, `${u.label} has no log configuration: errors cannot be counted`);
      const filters = onLogs(index, res, u.dest, 'AWS::Logs::MetricFilter')
        .filter((f) => ERROR_PATTERN.test(V.str(index.prop(f, 'FilterPattern')) ?? ''));
      if (filters.length === 0) return fail(u.dest.property, u.dest.k === 'group' ? u.dest.group.logicalId : 'default group', `${u.label}: no metric filter counts ERROR entries of its log group`);
      for (const f of filters) {
        for (const t of V.list(index.prop(f, 'MetricTransformations')) ?? []) {
          const ns = V.str(index.at(t, 'MetricNamespace'));
          const name = V.str(index.at(t, 'MetricName'));
          const alarms = ns && name ? alarmsOnMetric(index, ns, name) : [];
          if (alarms.length > 0) return pass(undefined, `${f.logicalId} → ${alarms[0].alarm.logicalId}`, `${u.label}: metric filter ${f.logicalId} counts errors (${ns}/${name}), alarm ${alarms[0].alarm.logicalId} watches it`);
        }
      }
      return fail(undefined, filters.map((f) => f.logicalId).join(', '), `${u.label}: errors are counted by ${filters.map((f) => f.logicalId).join(', ')}, but no alarm watches the metric`);
    });
  },
};
