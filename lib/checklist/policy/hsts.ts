/**
 * Strict-Transport-Security as a browser reads it (HEADERS-HSTS): what the
 * AWS and Kubernetes checks judge.
 * @internal
 */

/** RFC 7230 token characters (directive names, unquoted values). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The directives of a Strict-Transport-Security value as a browser applies them, or why it ignores the whole header. @internal */
export type HstsDirectives = { readonly maxAge?: string; readonly includeSubDomains: boolean } | { readonly ignored: string };

/**
 * Parses a Strict-Transport-Security value (RFC 6797 §6.1): directives
 * separated by `;` (empty ones allowed), each a token with an optional
 * `= token / quoted-string` value, names case-insensitive. A browser ignores
 * the whole header when it does not follow that grammar (§8.1), when a
 * directive appears twice (§6.1: "All directives MUST appear only once"), or
 * when max-age is not digits (delta-seconds, §6.1.1): `ignored` says which.
 * @internal
 */
export function hstsDirectives(value: string): HstsDirectives {
  const seen = new Map<string, string | undefined>();
  for (const part of value.split(';')) {
    const d = part.trim();
    if (d === '') continue;
    const eq = d.indexOf('=');
    const name = (eq < 0 ? d : d.slice(0, eq)).trim();
    const raw = eq < 0 ? undefined : d.slice(eq + 1).trim();
    const quoted = raw !== undefined && /^"(?:[^"\\]|\\.)*"$/.test(raw);
    if (!TOKEN.test(name) || (raw !== undefined && !quoted && !TOKEN.test(raw))) {
      return { ignored: `directive "${d}" does not follow the header's grammar (RFC 6797 §6.1), so a browser ignores the whole header` };
    }
    const key = name.toLowerCase();
    if (seen.has(key)) return { ignored: `repeats the ${name} directive, so a browser ignores the whole header (RFC 6797 §6.1: all directives must appear only once)` };
    seen.set(key, quoted ? raw!.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
  }
  const maxAge = seen.get('max-age');
  if (seen.has('max-age') && (maxAge === undefined || !/^\d+$/.test(maxAge))) {
    return { ignored: `max-age "${maxAge ?? ''}" is not a number of seconds, so a browser ignores the whole header (RFC 6797 §6.1.1)` };
  }
  // includeSubDomains takes no value (§6.1.2).
  return { maxAge, includeSubDomains: seen.has('includesubdomains') && seen.get('includesubdomains') === undefined };
}
