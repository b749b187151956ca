import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { FindingStatus } from '../../model';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { AlarmView } from '../../cfn/alarms';
import { environments, literal } from '../../cfn/environment';
import { isOffValue } from '../../../checklist/policy/environment';
import { alarmsOnMetric, filterPublishes, firesOn, onLogs, unitLogs } from './signals';

/** Settings that configure an error tracker. */
const TRACKER = /^(SENTRY_DSN|ROLLBAR_ACCESS_TOKEN|ROLLBAR_TOKEN|BUGSNAG_API_KEY|HONEYBADGER_API_KEY|AIRBRAKE_PROJECT_KEY|RAYGUN_API_KEY|BUGSINK_DSN|GLITCHTIP_DSN|APPSIGNAL_PUSH_API_KEY)$/;
/** Words of an error entry. */
const ERROR_WORD = /error|exception|fatal|critical|panic|traceback/i;
/** A field that holds an HTTP status. */
const STATUS_FIELD = /status|code/i;
/** The longest field name or value a comparison is read with (a bound on hostile input: each scan is bounded). */
const MAX_PART = 200;

/** The comparisons of a JSON (`$.level = "ERROR"`) or space-delimited (`status_code = 5*`) filter pattern, in one pass. */
function comparisons(p: string): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  const isField = (c: string) => /[$\w.[\]-]/.test(c);
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c !== '=' && c !== '<' && c !== '>') continue;
    let op = c;
    let opStart = i;
    if (c === '=' && (p[i - 1] === '!' || p[i - 1] === '<' || p[i - 1] === '>')) { op = p[i - 1] + '='; opStart = i - 1; } else if ((c === '<' || c === '>') && p[i + 1] === '=') { op = c + '='; i++; }
    let a = opStart;
    while (a > 0 && p[a - 1] === ' ') a--;
    let f = a;
    while (f > 0 && a - f < MAX_PART && isField(p[f - 1])) f--;
    let v = i + 1;
    while (v < p.length && p[v] === ' ') v++;
    let e = v;
    if (p[v] === '"') {
      e = v + 1;
      while (e < p.length && e - v < MAX_PART && p[e] !== '"') e += p[e] === '\\' ? 2 : 1;
      e = Math.min(e + 1, p.length);
    } else {
      while (e < p.length && e - v < MAX_PART && !' &|)},]=<>!'.includes(p[e])) e++;
    }
    out.push([p.slice(f, a), op, p.slice(v, e)]);
  }
  return out;
}

/** Whether one comparison selects error entries: an error word for equality, or a 5xx status. */
function errorComparison(field: string, op: string, raw: string): boolean {
  const value = raw.startsWith('"') ? raw.slice(1, -1) : raw;
  if (op === '=' && ERROR_WORD.test(value)) return true;
  if (!STATUS_FIELD.test(field)) return false;
  if (op === '=') return /^5(\d\d|\d?\*)$/.test(value);
  const n = Number(value);
  return (op === '>=' && n >= 500 && n < 600) || (op === '>' && n >= 499 && n < 599);
}

/**
 * Whether a CloudWatch Logs filter pattern counts error entries. A JSON (`{ ... }`) or space-delimited
 * (`[ ... ]`) pattern does when one of its comparisons selects errors (`$.level = "ERROR"`, `$.status >= 500`,
 * `status_code = 5*`), never by a negation (`!=`) or a field that is not a status (`$.latencyMs > 500`); a term
 * pattern when one of its terms (not an exclusion, `-DEBUG`) is an error word.
 */
export function countsErrors(pattern: string): boolean {
  const p = pattern.trim();
  if (p.startsWith('{') || p.startsWith('[')) {
    return comparisons(p).some(([field, op, value]) => errorComparison(field, op, value));
  }
  return p.split(/\s+/).some((term) => !term.startsWith('-') && ERROR_WORD.test(term));
}

/**
 * The error tracker a function or container configures: a tracker setting (SENTRY_DSN...) with a value that is not
 * off (`name`), set from a secret (ECS `Secrets`, a Secrets Manager / SSM dynamic reference) or a literal; `off`
 * when every such setting is empty or off (an empty DSN disables the SDK); `open` when its value is decided at
 * deploy time (a parameter, an import, a computed value).
 */
function trackerOf(res: CfnResource, position: number | undefined, index: TemplateIndex): { name?: string; open?: string; off?: string } {
  const envs = environments(res, index, false) ?? [];
  const env = res.type === 'AWS::Lambda::Function' ? envs[0] : envs.find((e) => e.position === position);
  if (!env) return {};
  let open: string | undefined;
  let off: string | undefined;
  for (const n of env.secretNames ?? []) if (TRACKER.test(n.toUpperCase())) return { name: n };
  for (const n of env.names) {
    if (!TRACKER.test(n.toUpperCase())) continue;
    const v = env.value(n);
    if (v.k === 'absent') continue;
    if (v.k === 'secret') return { name: n };
    if (v.k === 'unknown') { open ??= `${n} is decided at deploy time (${v.why})`; continue; }
    const text = literal(v);
    if (text === undefined) { open ??= `${n} (${V.show(v)}) is computed at deploy time`; continue; }
    if (isOffValue(text)) { off ??= `${n} is ${JSON.stringify(text)}, which turns the tracker's SDK off`; continue; }
    return { name: n };
  }
  return { ...(open !== undefined ? { open } : {}), ...(off !== undefined ? { off } : {}) };
}

/**
 * LOG-ERROR-TRACKING: the service's errors are counted and alertable.
 *
 * Decisions: for each serving function and each application container of an
 * ECS service, either an error tracker is configured (SENTRY_DSN, ROLLBAR_*,
 * BUGSNAG_API_KEY... in its environment or secrets), or a metric filter on its
 * log group matches error entries (`countsErrors`: an ERROR/Exception/Fatal
 * term, `$.level = "ERROR"`, a 5xx status; not `$.level != "ERROR"` nor
 * `$.latencyMs > 500`) and an alarm watches the filter's metric. A filter publishing
 * MetricValue 0 (or less) per match counts only for a SampleCount alarm. The alarm must read the
 * dimensions the filter publishes (none unless its transformation declares some) and, when it asks for a
 * Unit, the filter's (None unless set): otherwise it gets no data; one value of a declared dimension is that
 * value only (unknown). A filter without an
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
      const tracker = trackerOf(res, u.position, index);
      if (tracker.name) return pass(undefined, tracker.name, `${u.label}: errors go to an error tracker (${tracker.name})`);
      const v = judgeFilters(res, u, index);
      if (v.status !== FindingStatus.PASS && tracker.open) return unknown(undefined, tracker.open, `${u.label}: whether errors go to an error tracker is decided at deploy time (${tracker.open}); ${v.message}`);
      return v.status === FindingStatus.FAIL && tracker.off ? { ...v, message: `${v.message} (${tracker.off})` } : v;
    });
  },
};

/** The verdict on the metric filters of one unit's log group: one counts errors and a notifying-direction alarm watches it. */
function judgeFilters(res: CfnResource, u: NonNullable<ReturnType<typeof unitLogs>>[number], index: TemplateIndex): Verdict {
  if (u.dest.k === 'unknown') return unknown(u.dest.property, undefined, `${u.label}: log destination decided at deploy time (${u.dest.why})`);
  if (u.dest.k === 'external') return unknown(u.dest.property, u.dest.what, `${u.label} logs to ${u.dest.what}: its metric filters cannot be seen`);
  if (u.dest.k === 'none') return fail(u.dest.property, undefined, `${u.label} has no log configuration: errors cannot be counted`);
  const attached = onLogs(index, res, u.dest, 'AWS::Logs::MetricFilter');
  const patterns = attached.map((f) => ({ f, p: index.prop(f, 'FilterPattern') }));
  const filters = patterns.filter((x) => x.p.k !== 'unknown' && countsErrors(V.str(x.p) ?? '')).map((x) => x.f);
  const openFilters = patterns.filter((x) => x.p.k === 'unknown').map((x) => x.f);
  let openAlarm: string | undefined;
  let zero: string | undefined;
  let noData: string | undefined;
  for (const f of filters) {
    for (const t of index.items(index.prop(f, 'MetricTransformations')) ?? []) {
      const ns = index.field(t, 'MetricNamespace');
      const name = index.field(t, 'MetricName');
      if (ns.k === 'unknown' || name.k === 'unknown') { openAlarm ??= `the metric of filter ${f.logicalId} is decided at deploy time`; continue; }
      const nsText = V.str(ns);
      const nameText = V.str(name);
      if (!nsText || !nameText) continue;
      const all = alarmsOnMetric(index, nsText, nameText, filterPublishes(index, t));
      for (const w of all.wrong) noData ??= `alarm ${w.view.alarm.logicalId} ${w.why}`;
      for (const a of all.open) if (all.why.has(a)) openAlarm ??= `alarm ${a.alarm.logicalId} ${all.why.get(a)}`;
      // Each matching line publishes MetricValue: a value of 0 (or less) adds nothing to a Sum, Average or Maximum,
      // so only an alarm counting the data points (SampleCount) sees the errors.
      const value = index.field(t, 'MetricValue');
      if (value.k === 'unknown') { openAlarm ??= `the MetricValue of filter ${f.logicalId} is decided at deploy time (${value.why})`; continue; }
      const n = V.num(value);
      const nothing = n !== undefined && n <= 0;
      const onMetric = (a: (typeof all.alarms)[number]) => a.metrics.filter((m) => m.namespace === nsText && m.name === nameText);
      let found = nothing
        ? { alarms: all.alarms.filter((a) => onMetric(a).some((m) => m.stat === 'SampleCount')), open: [...all.open, ...all.alarms.filter((a) => onMetric(a).some((m) => m.statOpen !== undefined))] }
        : all;
      if (nothing && found.alarms.length === 0 && found.open.length === 0) { zero ??= `${f.logicalId} publishes MetricValue ${V.show(value)} per error`; continue; }
      // The count rises with the errors: an alarm firing when it falls (LessThan 0 on an error count) never fires on them.
      const rising: AlarmView[] = [];
      for (const a of found.alarms) {
        const d = firesOn(index, a, 'up', `the error count ${nsText}/${nameText}`);
        if (d === true) rising.push(a);
        else if ('open' in d) openAlarm ??= d.open;
        else noData ??= d.wrong;
      }
      found = { ...found, alarms: rising };
      if (found.alarms.length > 0) return pass(undefined, `${f.logicalId} → ${found.alarms[0].alarm.logicalId}`, `${u.label}: metric filter ${f.logicalId} counts errors (${nsText}/${nameText}), alarm ${found.alarms[0].alarm.logicalId} watches it`);
      if (found.open.length > 0) openAlarm ??= `whether alarm ${found.open.map((a) => a.alarm.logicalId).join(', ')} watches ${nsText}/${nameText} is decided at deploy time`;
    }
  }
  if (openAlarm) return unknown(undefined, filters.map((f) => f.logicalId).join(', '), `${u.label}: ${openAlarm}`);
  if (openFilters.length > 0) return unknown(undefined, openFilters.map((f) => f.logicalId).join(', '), `${u.label}: the pattern of metric filter ${openFilters.map((f) => f.logicalId).join(', ')} is decided at deploy time`);
  if (filters.length === 0) return fail(u.dest.property, u.dest.k === 'group' ? u.dest.group.logicalId : 'default group', `${u.label}: no metric filter counts ERROR entries of its log group`);
  if (zero) return fail(undefined, filters.map((f) => f.logicalId).join(', '), `${u.label}: metric filter ${zero}: errors add nothing to the metric, so no alarm on its sum, average or maximum ever sees them`);
  return fail(undefined, filters.map((f) => f.logicalId).join(', '), `${u.label}: errors are counted by ${filters.map((f) => f.logicalId).join(', ')}, but no alarm watches the metric${noData ? ` (${noData})` : ''}`);
}
