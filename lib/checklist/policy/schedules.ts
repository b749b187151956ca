/**
 * Reading AWS schedule expressions (`rate(...)`, six-field `cron(...)` as used by
 * AWS Backup, Secrets Manager rotation and EventBridge) as the longest time
 * between two runs, in days (an upper bound). One reader for every rule: a
 * backup rule is daily or monthly by it (in BackupPlan and in the BACKUP-PLAN
 * rule), a rotation period is read by it.
 * @internal
 */

/** The longest interval between two runs that still counts as daily (a backup rule, BACKUP-PLAN). @internal */
export const DAILY_INTERVAL_DAYS = 1;
/** The longest interval between two runs that still counts as monthly (a backup rule, BACKUP-PLAN). @internal */
export const MONTHLY_INTERVAL_DAYS = 31;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The longest time between two runs: `days` (upper bound), or `error` when the expression cannot be read. */
export interface ScheduleInterval {
  readonly days?: number;
  readonly error?: string;
  /** How the interval was read, for messages: `every 30 days`, `weekly on SUN`. */
  readonly note?: string;
}

/** The values a cron field selects in [lo, hi], or undefined when the field is not understood. */
function field(text: string, lo: number, hi: number, names?: string[], offset = 0): number[] | undefined {
  const out = new Set<number>();
  const val = (s: string): number | undefined => {
    const i = names ? names.indexOf(s.toUpperCase()) : -1;
    if (i >= 0) return i + offset;
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const start = m[1] === '*' ? lo : val(m[1]);
    const end = m[2] !== undefined ? val(m[2]) : m[1] === '*' || m[3] !== undefined ? hi : start;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (start === undefined || end === undefined || step < 1 || start < lo || end > hi || start > end) return undefined;
    for (let v = start; v <= end; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Longest gap between consecutive values of a cyclic set of period `period`. */
function cyclicGap(values: number[], period: number): number {
  let gap = values[0] + period - values[values.length - 1];
  for (let i = 1; i < values.length; i++) gap = Math.max(gap, values[i] - values[i - 1]);
  return gap;
}

function cron(expr: string): ScheduleInterval {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 6) return { error: `cron expression needs 6 fields, got ${f.length}` };
  const [minute, hour, dom, mon, dow, year] = f;
  if (!field(minute, 0, 59)) return { error: `cannot read the minute field '${minute}'` };
  const hours = field(hour, 0, 23);
  if (!hours) return { error: `cannot read the hour field '${hour}'` };
  if (year !== '*' && year !== '?') return { days: Infinity, note: `limited to year(s) ${year}: it stops afterwards` };
  const months = field(mon, 1, 12, MONTHS, 1);
  if (!months) return { error: `cannot read the month field '${mon}'` };
  // Several hours a day: the longest gap between them (the day wraps around).
  const subDaily = hours.length > 1 ? cyclicGap(hours, 24) / 24 : 1;
  let inMonth: number; // longest gap while every month is active
  let note: string;
  const any = (s: string) => s === '*' || s === '?';
  if (any(dom) && any(dow)) {
    inMonth = subDaily;
    note = subDaily < 1 ? `every ${Math.round(subDaily * 24 * 10) / 10} h` : 'daily';
  } else if (!any(dow)) {
    if (/[#L]/.test(dow)) {
      inMonth = 35;
      note = `on weekday ${dow} of the month`;
    } else {
      const days = field(dow, 1, 7, DAYS, 1);
      if (!days) return { error: `cannot read the day-of-week field '${dow}'` };
      inMonth = days.length === 7 ? subDaily : cyclicGap(days, 7);
      note = days.length === 7 ? 'daily' : `weekly on ${dow}`;
    }
  } else if (dom === 'L') {
    inMonth = 31;
    note = 'on the last day of the month';
  } else if (/W$/.test(dom)) {
    inMonth = 33;
    note = `on the weekday nearest day ${dom}`;
  } else {
    const days = field(dom, 1, 31);
    if (!days) return { error: `cannot read the day-of-month field '${dom}'` };
    if (days.length === 31) {
      inMonth = subDaily;
      note = 'daily';
    } else {
      // Days 29-31 are missing from some months: only days every month has bound the gap.
      const every = days.filter((d) => d <= 28);
      inMonth = every.length === 0 ? 62 : cyclicGap(every, 31);
      note = `on day(s) ${dom} of the month`;
    }
  }
  if (months.length === 12) return { days: inMonth, note };
  const g = cyclicGap(months, 12);
  return { days: (g - 1) * 31 + inMonth, note: `${note}, in months ${mon}` };
}

/** The longest time between two runs of a `rate(...)` or `cron(...)` schedule expression. */
export function scheduleInterval(expression: string): ScheduleInterval {
  const e = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(e);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return { days: unit.startsWith('minute') ? n / 1440 : unit.startsWith('hour') ? n / 24 : n, note: `every ${n} ${unit}` };
  }
  const c = /^cron\((.*)\)$/i.exec(e);
  if (c) return cron(c[1]);
  return { error: `unrecognised schedule expression '${e}'` };
}

/**
 * The longest interval between two runs of a schedule expression, in days
 * (fractions for sub-daily schedules), or undefined if the expression is not
 * understood. Calendar months count as 31 days (an upper bound).
 */
export function scheduleIntervalDays(expression: string): number | undefined {
  return scheduleInterval(expression).days;
}

/** Render an interval in days for messages. */
export function showInterval(days: number): string {
  if (days < 1) return `every ${Math.round(days * 24 * 10) / 10} h`;
  if (days === 1) return 'daily';
  if (days === 7) return 'weekly';
  if (days >= 28 && days <= 31) return 'monthly';
  return `every ${days} days`;
}
