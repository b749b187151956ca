/**
 * Data-tier settings both sides read the same way: PostgreSQL duration
 * parameters (DB-LOG-EXPORTS: `log_min_duration_statement`) and Redis/Valkey
 * ACL access strings (CACHE-AUTH: `nopass`).
 * @internal
 */

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, min: 60000, h: 3600000 };

/** Milliseconds of a PostgreSQL duration setting (`1000`, `250ms`, `1s`, `1min`, `-1`), or undefined when not understood. @internal */
export function postgresDurationMs(text: string): number | undefined {
  const m = /^(-?\d+) ?(ms|s|min|h)?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * DURATION_UNITS_MS[m[2] ?? 'ms'];
}

/**
 * Why a `log_min_duration_statement` value logs no slow query, or undefined
 * when it logs statements slower than 0 ms or more. -1 (the default) logs none;
 * a value not understood is a problem too (the constructs refuse it; the
 * checks say unknown).
 * @internal
 */
export function slowQueryLogProblem(value: string): string | undefined {
  const ms = postgresDurationMs(value);
  if (ms === undefined) return `'${value}' is not a PostgreSQL duration`;
  return ms >= 0 ? undefined : `'${value}' logs no slow query`;
}

/** What a Redis/Valkey ACL access string does to a user. @internal */
export interface CacheAccess {
  /** The user is switched on (`on`; users are off by default, `reset` switches them off). */
  readonly on: boolean;
  /** `nopass`: any password, or none, is accepted. */
  readonly nopass: boolean;
  /** A `>password` rule: a password written in the access string. */
  readonly literalPassword: boolean;
}

/** Read an access string (`on ~app:* +@all -@dangerous nopass`) the way Redis applies it, left to right (the last rule wins). @internal */
export function parseAccessString(access: string): CacheAccess {
  let on = false;
  let nopass = false;
  let literalPassword = false;
  for (const rule of access.split(/\s+/)) {
    const r = rule.toLowerCase();
    if (r === 'on') on = true;
    else if (r === 'off') on = false;
    else if (r === 'nopass') nopass = true;
    else if (r === 'resetpass') nopass = false;
    else if (r === 'reset') { on = false; nopass = false; } else if (rule.startsWith('>')) { literalPassword = true; nopass = false; } else if (rule.startsWith('#')) nopass = false;
  }
  return { on, nopass, literalPassword };
}

/**
 * Why an access string lets a user in without a password or writes one into
 * the template, or undefined when it does neither (a user switched off is
 * harmless).
 * @internal
 */
export function accessStringProblem(access: string): string | undefined {
  const a = parseAccessString(access);
  if (a.literalPassword) return 'a password written in the access string (>password)';
  if (a.on && a.nopass) return 'nopass: the user is enabled without a password';
  return undefined;
}
