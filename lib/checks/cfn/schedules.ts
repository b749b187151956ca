/**
 * Reading AWS schedule expressions (`rate(...)`, six-field `cron(...)` as used by
 * AWS Backup, Secrets Manager rotation and EventBridge) as the longest interval
 * between two runs, in days. Used to tell a daily backup rule from a monthly one
 * and to read a rotation period.
 * @internal
 */

const DOW_NAMES: Record<string, number> = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };
const MONTH_NAMES: Record<string, number> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

/** The values a cron field selects within [min, max], or undefined if the field is not understood. */
function expand(field: string, min: number, max: number, names: Record<string, number> = {}): number[] | undefined {
  const out = new Set<number>();
  const num = (s: string): number | undefined => {
    const u = s.toUpperCase();
    if (u in names) return names[u];
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let lo: number | undefined;
    let hi: number | undefined;
    if (range === '*') {
      lo = min; hi = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = num(a); hi = num(b);
    } else {
      lo = num(range);
      hi = stepText === undefined ? lo : max;
    }
    if (lo === undefined || hi === undefined || lo < min || hi > max || lo > hi) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** The longest gap between consecutive selected values of a cyclic field of `period` values. */
function maxGap(values: number[], period: number): number {
  if (values.length === 0) return Infinity;
  let gap = values[0] + period - values[values.length - 1];
  for (let i = 1; i < values.length; i++) gap = Math.max(gap, values[i] - values[i - 1]);
  return gap;
}

/**
 * The longest interval between two runs of a schedule expression, in days
 * (fractions for sub-daily schedules), or undefined if the expression is not
 * understood. Calendar months count as 31 days (an upper bound).
 */
export function scheduleIntervalDays(expression: string): number | undefined {
  const expr = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit.startsWith('minute') ? n / 1440 : unit.startsWith('hour') ? n / 24 : n;
  }
  const cron = /^cron\((.*)\)$/i.exec(expr);
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [, hour, dom, month, dow] = fields;

  const hours = expand(hour, 0, 23);
  if (!hours) return undefined;
  const subDaily = hours.length > 1 ? maxGap(hours, 24) / 24 : 1;

  let days: number;
  const anyDom = dom === '*' || dom === '?';
  const anyDow = dow === '*' || dow === '?';
  if (anyDom && anyDow) {
    days = subDaily;
  } else if (!anyDom) {
    if (/[LW]/i.test(dom)) days = 31; // last day / nearest weekday of the month
    else {
      const d = expand(dom, 1, 31);
      if (!d) return undefined;
      days = d.length === 31 ? subDaily : maxGap(d, 31);
    }
  } else {
    if (dow.includes('#') || /L/i.test(dow)) days = 35; // nth / last weekday of the month
    else {
      const d = expand(dow, 1, 7, DOW_NAMES);
      if (!d) return undefined;
      days = d.length === 7 ? subDaily : maxGap(d, 7);
    }
  }

  if (month === '*' || month === '?') return days;
  const m = expand(month, 1, 12, MONTH_NAMES);
  if (!m) return undefined;
  if (m.length === 12) return days;
  return Math.max(days, maxGap(m, 12) * 31);
}

/** Render an interval in days for messages. */
export function showInterval(days: number): string {
  if (days < 1) return `every ${Math.round(days * 24 * 10) / 10} h`;
  if (days === 1) return 'daily';
  if (days === 7) return 'weekly';
  if (days >= 28 && days <= 31) return 'monthly';
  return `every ${days} days`;
}
