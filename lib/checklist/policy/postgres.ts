/**
 * PostgreSQL settings the database items depend on, read the way the server reads
 * them. Read by ProductionDatabase (to refuse what DB-LOG-EXPORTS fails) and meant
 * for the DB-LOG-EXPORTS rule.
 * @internal
 */

/**
 * Why a `log_min_duration_statement` value logs no slow statement, or undefined
 * when it logs statements slower than some duration: `-1` turns it off; a value
 * is an integer of milliseconds, optionally with a unit (`250ms`, `1s`, `1min`).
 * @internal
 */
export function slowStatementLoggingOff(value: string): string | undefined {
  const v = value.trim();
  if (/^-1$/.test(v)) return '-1 turns slow statement logging off';
  if (/^\d+\s*(us|ms|s|min|h|d)?$/.test(v)) return undefined;
  return `'${value}' is not a duration PostgreSQL reads (milliseconds, or a number with us, ms, s, min, h or d)`;
}
