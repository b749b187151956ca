import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { environments } from '../../cfn/environment';
import { alarmsOnMetric, onLogs, unitLogs } from './signals';

/** Settings that configure an error tracker. */
const TRACKER = /^(SENTRY_DSN|ROLLBAR_ACCESS_TOKEN|ROLLBAR_TOKEN|BUGSNAG_API_KEY|HONEYBADGER_API_KEY|AIRBRAKE_PROJECT_KEY|RAYGUN_API_KEY|BUGSINK_DSN|GLITCHTIP_DSN|APPSIGNAL_PUSH_API_KEY)$/;
/** Filter patterns that count errors. */
const ERROR_PATTERN = /error|exception|fatal|critical|panic|traceback|5\d\d/i;

function trackerOf(res: CfnResource, container: unknown, index: TemplateIndex): string | undefined {
  const names: string[] = [];
  if (res.type === 'AWS::Lambda::Function') names.push(...(environments(res, index, false)?.[0]?.vars.keys() ?? []));
  else if (container) {
    for (const list of ['Environment', 'Secrets']) {
      for (const e of index.items(index.at(container, list)) ?? []) {
        const n = index.field(e, 'Name');
        if (n.k !== 'unknown') names.push(V.str(n) ?? '');
      }
    }
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
      const attached = onLogs(index, res, u.dest, 'AWS::Logs::MetricFilter');
      const patterns = attached.map((f) => ({ f, p: index.prop(f, 'FilterPattern') }));
      const filters = patterns.filter((x) => x.p.k !== 'unknown' && ERROR_PATTERN.test(V.str(x.p) ?? '')).map((x) => x.f);
      const openFilters = patterns.filter((x) => x.p.k === 'unknown').map((x) => x.f);
      let openAlarm: string | undefined;
      for (const f of filters) {
        for (const t of index.items(index.prop(f, 'MetricTransformations')) ?? []) {
          const ns = index.field(t, 'MetricNamespace');
          const name = index.field(t, 'MetricName');
          if (ns.k === 'unknown' || name.k === 'unknown') { openAlarm ??= `the metric of filter ${f.logicalId} is decided at deploy time`; continue; }
          const nsText = V.str(ns);
          const nameText = V.str(name);
          if (!nsText || !nameText) continue;
          const found = alarmsOnMetric(index, nsText, nameText);
          if (found.alarms.length > 0) return pass(undefined, `${f.logicalId} → ${found.alarms[0].alarm.logicalId}`, `${u.label}: metric filter ${f.logicalId} counts errors (${nsText}/${nameText}), alarm ${found.alarms[0].alarm.logicalId} watches it`);
          if (found.open.length > 0) openAlarm ??= `whether alarm ${found.open.map((a) => a.alarm.logicalId).join(', ')} watches ${nsText}/${nameText} is decided at deploy time`;
        }
      }
      if (openAlarm) return unknown(undefined, filters.map((f) => f.logicalId).join(', '), `${u.label}: ${openAlarm}`);
      if (openFilters.length > 0) return unknown(undefined, openFilters.map((f) => f.logicalId).join(', '), `${u.label}: the pattern of metric filter ${openFilters.map((f) => f.logicalId).join(', ')} is decided at deploy time`);
      if (filters.length === 0) return fail(u.dest.property, u.dest.k === 'group' ? u.dest.group.logicalId : 'default group', `${u.label}: no metric filter counts ERROR entries of its log group`);
      return fail(undefined, filters.map((f) => f.logicalId).join(', '), `${u.label}: errors are counted by ${filters.map((f) => f.logicalId).join(', ')}, but no alarm watches the metric`);
    });
  },
};
