import { CfnResource, TemplateIndex, V, Val } from '../template-index';
import { sameName, valueText } from './names';

/** @internal */
export const MUTE_RULE_TYPE = 'AWS::CloudWatch::AlarmMuteRule';

/**
 * How the alarm mute rules of the template (`AWS::CloudWatch::AlarmMuteRule`) mute an alarm's actions, in the
 * current world. A mute rule names its alarms in `MuteTargets.AlarmNames` (by name: `!Ref Alarm`, or the text of
 * the alarm's `AlarmName`; up to 100, no wildcard; without `MuteTargets` it mutes no alarm), and mutes their actions
 * (SNS notifications, Auto Scaling, EC2 actions) for `Rule.Schedule.Duration` (ISO 8601, PT1M to P15D) each time
 * `Rule.Schedule.Expression` activates (`cron(Minutes Hours Day-of-month Month Day-of-week)` recurring, `at(...)`
 * once); the alarm still changes state (CloudWatch API Reference, PutAlarmMuteRule, Schedule, MuteTargets).
 *
 * - `always`: a recurring schedule whose activations are never further apart than its duration (a daily cron with
 *   `P1D`, an hourly one with `PT1H`...) mutes the alarm at all times (from its `StartDate`, without an
 *   `ExpireDate`): it never notifies.
 * - `open`: a mute rule that mutes it in windows (a nightly or weekly schedule, a one-time `at` window, a permanent
 *   mute until an `ExpireDate`), or one that may name it (a target, schedule or duration decided at deploy time):
 *   whether the alarm notifies when it fires depends on when, or on the value passed at deploy.
 * - A mute rule of another stack of the run that names the alarm, or may (by its AlarmName, or an export of
 *   `!Ref Alarm`; read with that stack's values): `open`, whatever its schedule (it mutes the alarms of its own
 *   account and region, which may not be this stack's).
 * Undefined when no mute rule of the run names the alarm.
 * @internal
 */
export function muteOf(index: TemplateIndex, alarm: CfnResource): { always?: string; open?: string } | undefined {
  let open: string | undefined;
  for (const rule of index.ofType(MUTE_RULE_TYPE)) {
    const named = namesAlarm(index, rule, alarm);
    if (named === false) continue;
    if (typeof named === 'string') {
      open ??= `alarm mute rule ${rule.logicalId} may name it: ${named}`;
      continue;
    }
    const s = scheduleOf(index, rule);
    if (s.always !== undefined) {
      const expire = index.prop(rule, 'ExpireDate');
      if (expire.k === 'absent') return { always: `alarm mute rule ${rule.logicalId} mutes its actions at all times (${s.always})` };
      open ??= `alarm mute rule ${rule.logicalId} mutes its actions at all times (${s.always}) until its ExpireDate ${V.show(expire)}`;
      continue;
    }
    open ??= `alarm mute rule ${rule.logicalId} mutes its actions ${s.windows}`;
  }
  // A mute rule of another stack of the run (`CrossStackResolver.muteRules`) that names the alarm by its AlarmName (or
  // an export of `!Ref Alarm`) mutes it when that stack is in the alarm's account and region: never more than open.
  for (const rule of index.resolver?.muteRules?.() ?? []) {
    const other = index.ownerOf(rule);
    if (other === index || !other.exists(rule)) continue;
    const named = namesAlarm(other, rule, alarm);
    if (named === false) continue;
    open ??= `alarm mute rule ${rule.logicalId} of stack ${other.stack} ${named === true ? 'names it' : `may name it: ${named}`}; it mutes the alarms of its own account and region (schedule ${scheduleOf(other, rule).always ?? 'in windows'}): whether it mutes this alarm's actions is not known`;
  }
  return open === undefined ? undefined : { open };
}

/** Whether a mute rule names the alarm: true, false, or why that is decided at deploy time. `index`: the rule's template's. */
function namesAlarm(index: TemplateIndex, rule: CfnResource, alarm: CfnResource): boolean | string {
  const targets = index.prop(rule, 'MuteTargets');
  if (targets.k === 'absent') return false;
  if (targets.k === 'unknown') return `its MuteTargets are decided at deploy time (${targets.why})`;
  const names = index.field(targets, 'AlarmNames');
  if (names.k === 'unknown') return `its AlarmNames are decided at deploy time (${names.why})`;
  const own = index.prop(alarm, 'AlarmName');
  let open: string | undefined;
  for (const n of index.items(names) ?? []) {
    if (n.k === 'ref' && n.target === alarm) {
      // `Ref` of an alarm is its name; `Fn::GetAtt Alarm.Arn` is no alarm name.
      if (n.attr === undefined) return true;
      continue;
    }
    if (n.k === 'unknown') {
      if (!sameName(n, own, false)) open ??= `an alarm name is decided at deploy time (${n.why})`;
      else return true;
      continue;
    }
    if (own.k === 'absent') continue;
    if (sameName(n, own, false)) return true;
    if (own.k === 'unknown' && valueText(n) !== undefined) open ??= `the alarm's AlarmName is decided at deploy time (${own.why}) and it names ${V.show(n)}`;
  }
  return open ?? false;
}

/** A mute rule's schedule: `always` (in words) when its windows cover all time, else `windows` in words. */
function scheduleOf(index: TemplateIndex, rule: CfnResource): { always?: string; windows: string } {
  const expr = index.prop(rule, 'Rule.Schedule.Expression');
  const dur = index.prop(rule, 'Rule.Schedule.Duration');
  const tz = index.prop(rule, 'Rule.Schedule.Timezone');
  const show = (v: Val) => (v.k === 'unknown' ? `decided at deploy time (${v.why})` : V.show(v));
  const windows = `on schedule ${show(expr)} for ${show(dur)}${tz.k === 'absent' ? '' : ` (time zone ${show(tz)})`}: whether it notifies when it fires depends on when`;
  if (expr.k === 'unknown' || dur.k === 'unknown' || tz.k === 'unknown') return { windows };
  const e = V.str(expr);
  const d = V.str(dur);
  const minutes = d === undefined ? undefined : isoMinutes(d);
  const gap = e === undefined ? undefined : cronGapMinutes(e);
  if (minutes === undefined || gap === undefined) return { windows };
  // A time zone with daylight saving moves local activations by an hour twice a year: an hour of slack.
  const zone = V.str(tz);
  const slack = zone === undefined || /^(UTC|Etc\/UTC|GMT|Etc\/GMT|Z)$/i.test(zone) ? 0 : 60;
  if (gap + slack <= minutes) return { always: `${e} for ${d}: each window lasts until the next one starts`, windows };
  return { windows };
}

/** An ISO 8601 duration (`PT2H`, `P1DT12H`, `P1W`) in minutes; undefined when not of that form. */
function isoMinutes(text: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return w * 7 * 1440 + d * 1440 + h * 60 + min + s / 60;
}

const DAYS: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

/**
 * The longest time between two activations of a `cron(...)` expression, in minutes, when every day of every month
 * (day-of-month and month `*` or `?`, year `*` when written) is read on a weekly cycle: the minutes, hours and
 * days of the week it activates at. Undefined for anything else (a day of the month, a month, an `at(...)`, a form
 * not read): such a schedule is not shown to mute at all times.
 */
function cronGapMinutes(expr: string): number | undefined {
  const m = /^cron\((.*)\)$/i.exec(expr.trim());
  if (!m) return undefined;
  const f = m[1].trim().split(/\s+/);
  if (f.length !== 5 && f.length !== 6) return undefined;
  const [mins, hours, dom, month, dow, year] = f;
  if (!['*', '?'].includes(dom) || month !== '*' || (year !== undefined && year !== '*')) return undefined;
  const minute = field(mins, 0, 59);
  const hour = field(hours, 0, 23);
  const days = ['*', '?'].includes(dow) ? [0, 1, 2, 3, 4, 5, 6] : field(dow.toUpperCase().replace(/[A-Z]{3}/g, (d) => String(DAYS[d] ?? 'x')), 0, 7)?.map((d) => d % 7);
  if (!minute || !hour || !days || minute.length === 0 || hour.length === 0 || days.length === 0) return undefined;
  const week = 7 * 1440;
  const times = [...new Set(days.flatMap((d) => hour.flatMap((h) => minute.map((mi) => d * 1440 + h * 60 + mi))))].sort((a, b) => a - b);
  let gap = times[0] + week - times[times.length - 1];
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
  return gap;
}

/** The values of one cron field (`*`, `5`, `1,3`, `1-5`, `*\/15`, `0-30/10`), or undefined when not of these forms. */
function field(text: string, lo: number, hi: number): number[] | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const start = m[1] === '*' ? lo : Number(m[1]);
    const end = m[2] !== undefined ? Number(m[2]) : m[1] === '*' || m[3] !== undefined ? hi : start;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (step < 1 || start < lo || end > hi || start > end) return undefined;
    for (let v = start; v <= end; v += step) out.add(v);
  }
  return [...out];
}
