/**
 * Content-Security-Policy strength (HEADERS-CSP): what the constructs refuse
 * and the checks fail.
 * @internal
 */

/**
 * Schemes whose scheme-source (`https:`) lets a script in from any host: CSP 3
 * scheme-part matching lets `http:` match https URLs, `ws:` match http and
 * https, `wss:` match https; `data:`, `blob:` and `filesystem:` URLs carry
 * whatever the page (or an injection into it) puts there.
 */
const OPEN_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'data', 'blob', 'filesystem']);

/** Schemes a host-source (`https://*`) can load a script over (CSP 3 scheme-part matching). */
const FETCH_SCHEMES = new Set(['http', 'https', 'ws', 'wss']);

/**
 * Domains where anyone can get a host (an AWS account, a free hosting
 * account), so a wildcard at or below one (`*.cloudfront.net`,
 * `*.s3.amazonaws.com`) lets in scripts anyone can publish.
 */
const SHARED_HOSTING = [
  'amazonaws.com', 'cloudfront.net', 'on.aws', 'amplifyapp.com', 'awsapps.com', 'elasticbeanstalk.com',
  'github.io', 'githubusercontent.com', 'herokuapp.com', 'netlify.app', 'vercel.app', 'pages.dev', 'workers.dev',
  'azurewebsites.net', 'azureedge.net', 'blob.core.windows.net', 'web.core.windows.net', 'appspot.com', 'web.app',
  'firebaseapp.com', 'googleusercontent.com',
];

/** Second-level labels under which a country code registry sells names (`co.uk`, `com.au`): public suffixes. */
const SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'go', 'gob', 'gov', 'ne', 'net', 'or', 'org']);

const SCHEME_SOURCE = /^([a-z][a-z0-9+.-]*):$/;
const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(?:\*|\d+))?(?:\/[^\s]*)?$/;
const PINNED = /^'(?:nonce-|sha256-|sha384-|sha512-)/;
const STRICT_DYNAMIC = "'strict-dynamic'";
const UNSAFE_INLINE = "'unsafe-inline'";

/** Why a source expression lets a script in from any origin (`every host`), or undefined. */
function openSource(source: string): string | undefined {
  const scheme = SCHEME_SOURCE.exec(source);
  if (scheme) return OPEN_SCHEMES.has(scheme[1]) ? 'every URL of that scheme' : undefined;
  const host = HOST_SOURCE.exec(source);
  if (!host || (host[1] !== undefined && !FETCH_SCHEMES.has(host[1]))) return undefined;
  const name = host[2];
  if (name === '*') return 'every host';
  if (!name.startsWith('*.')) return undefined;
  const under = name.slice(2);
  const labels = under.split('.');
  if (labels.length === 1 || (labels.length === 2 && SECOND_LEVEL.has(labels[0]) && labels[1].length === 2)) return `every host under ${under}`;
  if (SHARED_HOSTING.some((d) => under === d || under.endsWith(`.${d}`) || d.endsWith(`.${under}`))) return `every host under ${under}, where anyone can get one`;
  return undefined;
}

/** One policy's directives: name → lower-cased source expressions; the first of a repeated directive wins. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) continue;
    const name = tokens[0].toLowerCase();
    if (!directives.has(name)) directives.set(name, tokens.slice(1).map((t) => t.toLowerCase()));
  }
  return directives;
}

/** The directive that governs a kind of script (CSP 3 fallback list), and its sources. */
function effective(directives: Map<string, string[]>, names: string[]): { which: string; sources: string[] } | undefined {
  const which = names.find((n) => directives.has(n));
  return which === undefined ? undefined : { which, sources: directives.get(which)! };
}

/** Whether CSP 3 ignores `'unsafe-inline'` in the list ("does a source list allow all inline behavior"). */
const inlineNeutralized = (sources: string[]) => sources.some((s) => PINNED.test(s) || s === STRICT_DYNAMIC);

/** Why one policy lets an injected `<script>` run, or undefined. */
function elementWeakness(directives: Map<string, string[]>): string | undefined {
  const list = effective(directives, ['script-src-elem', 'script-src', 'default-src']);
  if (!list) return 'restricts no script element (neither script-src-elem, script-src nor default-src)';
  // 'strict-dynamic' (CSP 3 §8.2): host and scheme sources, 'self' and 'unsafe-inline' are ignored for scripts.
  if (list.sources.includes(STRICT_DYNAMIC)) return undefined;
  const open = list.sources.map((s) => [s, openSource(s)]).filter(([, why]) => why !== undefined);
  if (open.length > 0) return `${list.which} allows ${open.map(([s, why]) => `${s} (${why})`).join(' ')}, any script can run`;
  if (list.sources.includes(UNSAFE_INLINE) && !inlineNeutralized(list.sources)) return `${list.which} allows 'unsafe-inline' scripts without a nonce, hash or 'strict-dynamic'`;
  return undefined;
}

/** Why one policy lets an injected event handler (`onerror=...`) run, or undefined. */
function attributeWeakness(directives: Map<string, string[]>): string | undefined {
  const list = effective(directives, ['script-src-attr', 'script-src', 'default-src']);
  if (!list) return 'restricts no inline event handler (neither script-src-attr, script-src nor default-src)';
  if (list.sources.includes(UNSAFE_INLINE) && !inlineNeutralized(list.sources)) return `${list.which} allows 'unsafe-inline' event handlers without a nonce, hash or 'strict-dynamic'`;
  return undefined;
}

/**
 * Why a Content-Security-Policy does not restrict scripts, or undefined when
 * it does, as a CSP 3 browser enforces it:
 *
 * - script elements are governed by `script-src-elem`, else `script-src`, else
 *   `default-src`; that list must exist and allow no source that matches
 *   every origin: `*`, a host wildcard `*` in any form (`https://*`, `*:443`,
 *   `https://*` with a path), a wildcard over a public suffix (`*.com`, `*.co.uk`) or
 *   over a domain where anyone can get a host (`*.cloudfront.net`,
 *   `*.amazonaws.com`, `*.github.io`, ...), or a scheme-source of `http:`,
 *   `https:`, `ws:`, `wss:` (scheme-part matching lets these match https
 *   URLs), `data:`, `blob:` or `filesystem:`; and no `'unsafe-inline'` unless
 *   a nonce, a hash or `'strict-dynamic'` makes the browser ignore it;
 * - with `'strict-dynamic'` in that list, host and scheme sources, `'self'`
 *   and `'unsafe-inline'` are ignored for scripts (only nonced or hashed
 *   scripts and what they load run), so the list is strict whatever it also
 *   names: the backward-compatible `script-src 'nonce-…' 'strict-dynamic'
 *   https: 'unsafe-inline'` passes. Browsers without CSP 3 are not judged;
 * - inline event handlers are governed by `script-src-attr`, else
 *   `script-src`, else `default-src`; that list must exist and not allow
 *   `'unsafe-inline'` (unless a nonce, hash or `'strict-dynamic'` in it
 *   makes the browser ignore it);
 * - a header listing several policies (comma-separated) is enforced as all of
 *   them: each kind of script needs one policy that restricts it.
 *
 * Not judged: `'unsafe-eval'`, `worker-src`, and named hosts that serve
 * anyone's files (public CDNs such as cdn.jsdelivr.net): the template names
 * them but cannot say what they serve.
 * @internal
 */
export function weakCsp(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  const policies = value.split(',').filter((p) => p.trim() !== '').map(parsePolicy);
  const weakest = (judge: (d: Map<string, string[]>) => string | undefined): string | undefined => {
    const reasons = policies.map(judge);
    return reasons.some((r) => r === undefined) ? undefined : reasons.join('; and ');
  };
  const bad = weakest(elementWeakness) ?? weakest(attributeWeakness);
  return bad === undefined ? undefined : `"${value}"${bad.startsWith('restricts') ? ' ' : ': '}${bad}`;
}
