/**
 * Content-Security-Policy strength (HEADERS-CSP): what the constructs refuse
 * and the checks fail.
 * @internal
 */

/** Source expressions that let any script in: every origin, a whole scheme. */
const OPEN_SOURCES = new Set(['*', 'http:', 'https:', 'data:', 'blob:', 'filesystem:', 'ws:', 'wss:']);

/**
 * Why a Content-Security-Policy does not restrict scripts, or undefined when
 * it does: the policy that governs scripts (`script-src`, else `default-src`)
 * must exist and allow neither every origin (`*`, a bare scheme such as
 * `https:`) nor inline script (`'unsafe-inline'` without a nonce or hash,
 * which CSP 3 browsers then ignore). `default-src *` is weak.
 * @internal
 */
export function weakCsp(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  const directives = new Map<string, string[]>();
  for (const part of value.split(';')) {
    const tokens = part.trim().split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) continue;
    const name = tokens[0].toLowerCase();
    if (!directives.has(name)) directives.set(name, tokens.slice(1).map((t) => t.toLowerCase()));
  }
  const which = directives.has('script-src') ? 'script-src' : 'default-src';
  const sources = directives.get(which);
  if (!sources) return `"${value}" restricts no script source (neither script-src nor default-src)`;
  const open = sources.filter((s) => OPEN_SOURCES.has(s));
  if (open.length > 0) return `"${value}": ${which} allows ${open.join(' ')}, any script can run`;
  const pinned = sources.some((s) => /^'(nonce-|sha256-|sha384-|sha512-)/.test(s));
  if (sources.includes("'unsafe-inline'") && !pinned) return `"${value}": ${which} allows 'unsafe-inline' scripts without a nonce or hash`;
  return undefined;
}
