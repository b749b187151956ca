/**
 * The longest time between two rotations of a Secrets Manager rotation
 * schedule expression (`rate(...)` or `cron(...)`), in days, as an upper bound.
 * @internal
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The result: `days` is the longest gap (upper bound); `error` when the expression cannot be read. */
export interface RotationInterval {
  readonly days?: number;
  readonly error?: string;
  /** How the interval was read, for messages. */
  readonly note?: string;
}

/** Parse a cron field into the set of values in [lo, hi]; `undefined` when unsupported. */
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

function cron(expr: string): RotationInterval {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 6) return { error: `cron expression needs 6 fields, got ${f.length}` };
  const [, , dom, mon, dow, year] = f;
  if (year !== '*' && year !== '?') return { days: Infinity, note: `limited to year(s) ${year}: rotation stops afterwards` };
  const months = field(mon, 1, 12, MONTHS, 1);
  if (!months) return { error: `cannot read the month field '${mon}'` };
  let inMonth: number; // longest gap while every month is active
  let note: string;
  const any = (s: string) => s === '*' || s === '?';
  if (any(dom) && any(dow)) {
    inMonth = 1;
    note = 'daily';
  } else if (!any(dow)) {
    if (/[#L]/.test(dow)) {
      inMonth = 35;
      note = `on weekday ${dow} of the month`;
    } else {
      const days = field(dow, 1, 7, DAYS, 1);
      if (!days) return { error: `cannot read the day-of-week field '${dow}'` };
      inMonth = cyclicGap(days, 7);
      note = `weekly on ${dow}`;
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
    // Days 29-31 are missing from some months: only days every month has bound the gap.
    const every = days.filter((d) => d <= 28);
    inMonth = every.length === 0 ? 62 : cyclicGap(every, 31);
    note = `on day(s) ${dom} of the month`;
  }
  if (months.length === 12) return { days: inMonth, note };
  const g = cyclicGap(months, 12);
  return { days: (g - 1) * 31 + inMonth, note: `${note}, in months ${mon}` };
}

/** The longest time between two rotations for a ScheduleExpression. @internal */
export function rotationIntervalDays(expression: string): RotationInterval {
  const e = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/i.exec(e);
  if (rate) {
    const n = Number(rate[1]);
    const days = /^day/i.test(rate[2]) ? n : n / 24;
    return { days, note: `every ${n} ${rate[2].toLowerCase()}` };
  }
  const c = /^cron\((.*)\)$/i.exec(e);
  if (c) return cron(c[1]);
  return { error: `unrecognised schedule expression '${e}'` };
}
