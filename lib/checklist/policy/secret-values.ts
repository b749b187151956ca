/**
 * Secret VALUES recognised by their format, whatever the name they are stored
 * under (`STRIPE=sk_live_...`, `GH=ghp_...`): the second half of
 * SECRETS-NO-PLAINTEXT's vocabulary, next to the secret-looking names of
 * secret-names.ts. Shared by the AWS and Kubernetes rules.
 *
 * The list is fixed and documented; each format is a distinctive prefix the
 * issuer puts on every secret it hands out, followed by a body long enough to
 * be a credential:
 * - Stripe secret keys `sk_live_` / `sk_test_` (test keys are secrets too: they
 *   read and write the test account), restricted keys `rk_live_` / `rk_test_`,
 *   webhook signing secrets `whsec_`; publishable keys (`pk_`) are public by
 *   design and do not count;
 * - GitHub tokens `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` (36 characters after the
 *   prefix) and fine-grained tokens `github_pat_`;
 * - GitLab personal access tokens `glpat-`;
 * - Slack tokens `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xoxe-`;
 * - npm access tokens `npm_`;
 * - PEM private keys: a `-----BEGIN ... PRIVATE KEY-----` header (RSA, EC, DSA,
 *   OPENSSH, PKCS#8, ENCRYPTED, PGP `PRIVATE KEY BLOCK`) followed by key data;
 *   certificates and public keys are public;
 * - an AWS access key pair: an access key id (`AKIA` + 16 upper-case letters or
 *   digits) and, in the same environment, a 40-character secret access key
 *   (base64 letters with upper case, lower case and digits, so not a hex commit
 *   id). The key id alone is an identifier, not a secret.
 * Not in the list, on purpose: formats without a distinctive prefix (a bare
 * 32-hex API key is indistinguishable from a hash) and keys meant to be
 * public (Stripe `pk_`, Google browser keys `AIza...`).
 *
 * Placeholders do not count: a body that is one character repeated
 * (`sk_live_xxxxxxxx...`) or that contains `EXAMPLE` (how AWS documentation
 * writes its example keys, `AKIAIOSFODNN7EXAMPLE`).
 *
 * Matching is a linear scan (`indexOf` per prefix, then a bounded count of body
 * characters): no regular expression, nothing built from the value.
 * @internal
 */

type CharTest = (c: string) => boolean;

const isAlnum: CharTest = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
const isAlnumUnderscore: CharTest = (c) => isAlnum(c) || c === '_';
const isAlnumDash: CharTest = (c) => isAlnum(c) || c === '-';
const isAlnumDashUnderscore: CharTest = (c) => isAlnum(c) || c === '-' || c === '_';
const isUpperOrDigit: CharTest = (c) => (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
const isBase64: CharTest = (c) => isAlnum(c) || c === '/' || c === '+';

interface TokenFormat {
  /** What the value is, for messages. */
  readonly kind: string;
  readonly prefixes: readonly string[];
  readonly body: CharTest;
  /** Fewest body characters a real token has. */
  readonly min: number;
}

/** The well-known token formats (see the module comment). */
const TOKEN_FORMATS: readonly TokenFormat[] = [
  { kind: 'a Stripe secret key', prefixes: ['sk_live_', 'sk_test_'], body: isAlnum, min: 16 },
  { kind: 'a Stripe restricted key', prefixes: ['rk_live_', 'rk_test_'], body: isAlnum, min: 16 },
  { kind: 'a Stripe webhook signing secret', prefixes: ['whsec_'], body: isAlnum, min: 24 },
  { kind: 'a GitHub token', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], body: isAlnum, min: 36 },
  { kind: 'a GitHub fine-grained token', prefixes: ['github_pat_'], body: isAlnumUnderscore, min: 22 },
  { kind: 'a GitLab personal access token', prefixes: ['glpat-'], body: isAlnumDashUnderscore, min: 20 },
  { kind: 'a Slack token', prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-'], body: isAlnumDash, min: 10 },
  { kind: 'an npm access token', prefixes: ['npm_'], body: isAlnum, min: 36 },
];

/** Longest body read after a prefix: enough to judge, and a bound per occurrence. */
const MAX_BODY = 256;

/** Whether the character before `at` ends a word (a token starts at a word boundary). */
function startsWord(text: string, at: number): boolean {
  return at === 0 || !isAlnumUnderscore(text[at - 1]);
}

/** A body that is a placeholder: one character repeated, or `EXAMPLE` in it (AWS documentation examples). */
function isPlaceholderBody(body: string): boolean {
  if (body.includes('EXAMPLE')) return true;
  const first = body[0].toLowerCase();
  for (const c of body) if (c.toLowerCase() !== first) return false;
  return true;
}

/** The run of `test` characters of `text` from `from`, at most `max` long. */
function runOf(text: string, from: number, test: CharTest, max: number): string {
  let end = from;
  while (end < text.length && end - from < max && test(text[end])) end++;
  return text.substring(from, end);
}

function prefixedToken(text: string): string | undefined {
  for (const f of TOKEN_FORMATS) {
    for (const prefix of f.prefixes) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(prefix, from);
        if (at < 0) break;
        from = at + prefix.length;
        if (!startsWord(text, at)) continue;
        const body = runOf(text, from, f.body, MAX_BODY);
        if (body.length >= f.min && !isPlaceholderBody(body)) return f.kind;
      }
    }
  }
  return undefined;
}

const PEM_BEGIN = '-----BEGIN ';
const PEM_DASHES = '-----';

/** A PEM private key: its header, then key data (16 base64 characters at least, across line breaks, `\n` escapes included) or an encryption header. */
function pemPrivateKey(text: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(PEM_BEGIN, from);
    if (at < 0) return false;
    from = at + PEM_BEGIN.length;
    const end = text.indexOf(PEM_DASHES, from);
    // The label is short (`ENCRYPTED PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`): a far-away dash run is something else.
    if (end < 0 || end - from > 40) continue;
    const label = text.substring(from, end);
    if (!label.includes('PRIVATE KEY')) continue;
    let i = end + PEM_DASHES.length;
    let data = 0;
    for (; i < text.length && data < 16; i++) {
      const c = text[i];
      if (c === '\\' && text[i + 1] === 'n') { i++; continue; }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
      if (!isBase64(c) && c !== '=') break;
      data++;
    }
    if (data >= 16 || text.startsWith('Proc-Type:', i)) return true;
  }
}

/** The secret token format `text` holds (`a Stripe secret key`, `a private key (PEM)`), or undefined. @internal */
export function secretTokenIn(text: string): string | undefined {
  const token = prefixedToken(text);
  if (token) return token;
  return pemPrivateKey(text) ? 'a private key (PEM)' : undefined;
}

/** Whether `text` holds an AWS access key id (`AKIA` + 16 upper-case letters or digits, a whole word, not an example). */
function hasAccessKeyId(text: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf('AKIA', from);
    if (at < 0) return false;
    from = at + 4;
    if (!startsWord(text, at)) continue;
    const body = runOf(text, from, isUpperOrDigit, 17);
    if (body.length === 16 && !(from + 16 < text.length && isAlnumUnderscore(text[from + 16])) && !isPlaceholderBody(body)) return true;
  }
}

/**
 * Whether `text` holds a 40-character AWS secret access key: a whole run of
 * exactly 40 base64 characters with upper case, lower case and a digit (a hex
 * commit id has no upper case), not an example.
 */
function hasSecretAccessKey(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    if (!isBase64(text[i])) { i++; continue; }
    const start = i;
    let upper = false;
    let lower = false;
    let digit = false;
    while (i < text.length && isBase64(text[i])) {
      const c = text[i];
      if (c >= 'A' && c <= 'Z') upper = true;
      else if (c >= 'a' && c <= 'z') lower = true;
      else if (c >= '0' && c <= '9') digit = true;
      i++;
    }
    const run = text.substring(start, i);
    if (run.length === 40 && upper && lower && digit && text[i] !== '=' && !run.includes('EXAMPLE')) return true;
  }
  return false;
}

/**
 * The literal values of one environment (a function's variables, a
 * container's, a ConfigMap's) that hold an AWS access key pair, by position:
 * an access key id in one and a secret access key in the same or another;
 * empty when there is no pair.
 * @internal
 */
export function awsKeyPairIn(texts: readonly string[]): number[] {
  const ids = texts.map((t, i) => (hasAccessKeyId(t) ? i : -1)).filter((i) => i >= 0);
  const keys = texts.map((t, i) => (hasSecretAccessKey(t) ? i : -1)).filter((i) => i >= 0);
  if (ids.length === 0 || keys.length === 0) return [];
  return [...new Set([...ids, ...keys])].sort((a, b) => a - b);
}

/** How an AWS access key pair is described in messages. @internal */
export const AWS_KEY_PAIR = 'an AWS access key pair (access key id and secret access key)';
