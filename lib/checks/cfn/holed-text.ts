/**
 * Texts with holes, and IAM resource patterns over them: a name or ARN written around values decided at deploy
 * time (template parameters as their holes, `paramHole`; `${AWS::AccountId}`, `${Res.Attr}` placeholders; a name
 * CloudFormation generates) compared with a pattern (`*` any run of characters, `?` one) or with another such text,
 * with three answers: the same in every world (`yes`), in none (`no`), or depending on deploy-time values (`may`).
 * Shared by the TLS-deny reader (`tlsDenial`: which bucket or topic a statement's `Resource` covers) and the bucket
 * naming reader (`namesBucket`: whether a `Bucket` is the bucket's `BucketName`).
 *
 * No regular expression is built from a template: a comparison is the greedy `*` matcher of `globMatch` over tokens
 * (linear for the usual patterns, text x pattern at worst), and where deploy-time values decide, one search of the
 * pairs of positions (`mayMeet`, each pair visited once, bounded).
 */
import { paramHole } from '../template-index';
import { starMatch } from '../glob';

/**
 * One token of a text: a literal character (one code point), or an atom standing for a whole value: a parameter's
 * hole (`\u0000parameter <Name>\u0000`), a `${...}` placeholder (a pseudo parameter, a resource's attribute, an IAM
 * policy variable), a name CloudFormation generates (`selfAtom`), a value decided at deploy time that shows no text
 * (`opaqueAtom`), and in patterns the wildcards `*` and `?`.
 * @internal
 */
export type Tok = string;

/** `*` in a pattern: any run of characters. @internal */
export const STAR = '\u0002*';
/** `?` in a pattern: one character. */
const QMARK = '\u0002?';
/** Any object key after `<bucket ARN>/` (a non-empty text no template shows): only `*` covers it. @internal */
export const ANY_KEY = '\u0002key';
/** One character of an object key no template shows: `?` covers it, `*` too (see `patternCoversAll`). */
const KEY_CHAR = '\u0002keychar';

/**
 * `${...}` written in a plain string (not inside Fn::Sub, or escaped there as `${!...}`): CloudFormation leaves it
 * as written, so IAM reads it as a policy variable (Version 2012-10-17: replaced by the request's value of that
 * context key, a key the request lacks matching nothing) or as literal text (older Version). Either way it names no
 * resource of the template: a token equal to nothing a name or ARN holds, and no value decided at deploy time.
 * @internal
 */
export function iamVariable(placeholder: string): Tok {
  return `\u0004${placeholder}`;
}

/** Whether a token is an IAM policy variable of a plain string (`iamVariable`). @internal */
export function isIamVariable(t: Tok): boolean {
  return t.length > 1 && t.charCodeAt(0) === 4;
}

/**
 * The name CloudFormation generates for a resource without one (`<stack>-<id>-<suffix>`): no template text spells
 * it, so only a wildcard, a parameter or a deploy-time placeholder may match it, and only `${<id>}` is it.
 * @internal
 */
export function selfAtom(logicalId: string): Tok {
  return `\u0001${logicalId}`;
}

/** A value decided at deploy time whose text is not known (an import, a computed value): `key` tells it apart. @internal */
export function opaqueAtom(key: string): Tok {
  return `\u0003${key}`;
}

/** Whether a token is an atom (not one literal character). */
function isAtom(t: Tok): boolean {
  if (t.length < 2) return false;
  const c = t.charCodeAt(0);
  return c < 5 || t.startsWith('${');
}

/** Whether a token is one literal character of the text. @internal */
export function isLiteral(t: Tok): boolean {
  return !isAtom(t);
}

/** Whether a token stands for a value decided at deploy time (a hole, a placeholder, an opaque value). @internal */
export function isDeployTime(t: Tok): boolean {
  return isAtom(t) && (t.charCodeAt(0) === 0 || t.charCodeAt(0) === 3 || t.startsWith('${'));
}

/**
 * The tokens of a text. `holes`: the text is an evaluator's holed text, `\u0000parameter <Name>\u0000` a hole
 * (else `\u0000` is a literal character). `glob`: a pattern, `*` and `?` its wildcards. A `${` without a closing
 * `}` is literal text.
 * @internal
 */
export function tokens(text: string, opts: { holes?: boolean; glob?: boolean } = {}): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (opts.holes && c === '\u0000') {
      const end = text.indexOf('\u0000', i + 1);
      if (end > i && text.startsWith('\u0000parameter ', i)) {
        out.push(text.substring(i, end + 1));
        i = end + 1;
        continue;
      }
    }
    if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        out.push(text.substring(i, end + 1));
        i = end + 1;
        continue;
      }
    }
    if (opts.glob && (c === '*' || c === '?')) {
      out.push(c === '*' ? STAR : QMARK);
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    out.push(ch);
    i += ch.length;
  }
  return out;
}

/** The answer of a comparison: in every world, in none, or depending on values decided at deploy time. @internal */
export type Match = 'yes' | 'no' | 'may';

/** Whether pattern token `p` matches text token `t` in every world (the same character or atom; `?` one character). */
function sure(p: Tok, t: Tok): boolean {
  return p === t || (p === QMARK && (!isAtom(t) || t === KEY_CHAR));
}

/** Whether `pattern` (STAR any run of tokens) matches the token list `text` position by position through `eq`. */
function tokenMatch(pattern: readonly Tok[], text: readonly Tok[], eq: (p: Tok, t: Tok) => boolean): boolean {
  return starMatch(pattern.length, text.length, (p) => pattern[p] === STAR, (p, t) => eq(pattern[p], text[t]));
}

/** A run of characters none of which is `/` or `:`: what a deploy-time piece of a name or ARN may be. */
const PIECE = '\u0002piece';

/** The most pairs of positions `mayMeet` explores before answering that the texts may meet (`may`: never a pass). */
const MAX_STATES = 1 << 20;

/** Whether a run token (`STAR`, `PIECE`) may hold the one-character (or atom) token `t`. */
function holds(run: Tok, t: Tok): boolean {
  if (run === STAR) return true;
  // A piece: characters other than / and :, a generated name, or a character of our choosing (`?`, a key's).
  return t === QMARK || t === ANY_KEY || t === KEY_CHAR || t.charCodeAt(0) === 1 || (!isAtom(t) && t !== '/' && t !== ':');
}

/** Whether two one-character (or atom) tokens may be the same. */
function agree(a: Tok, b: Tok): boolean {
  if (a === b) return true;
  const single = (t: Tok) => !isAtom(t) || t === ANY_KEY || t === KEY_CHAR || t === QMARK;
  return (a === QMARK && single(b)) || (b === QMARK && single(a));
}

/**
 * Whether some values make the token lists `a` and `b` spell texts one matches the other: in `a` a deploy-time
 * atom may be any pattern (a parameter may be `*`: `STAR`) unless `b` holds it too (then it is a piece of a name,
 * as below: a bucket or topic name holds no wildcard); in `b` a deploy-time atom is a run of characters
 * without `/` or `:` (`PIECE`: a piece of a bucket or topic name, a region, an account id, none of which holds
 * them); `ANY_KEY` one character no pattern spells. With `bothPieces`, the atoms of `a` are pieces too (two names).
 * A search of the pairs of positions reachable from the start, each visited once: at most |a| x |b| steps, no
 * backtracking; past `MAX_STATES` pairs it answers that they may (an unknown, never a pass).
 */
function mayMeet(a0: readonly Tok[], b0: readonly Tok[], bothPieces = false): boolean {
  // A parameter of the pattern that the text holds too is a piece of a name there: no wildcards, no / or :.
  const shared = new Set(b0.filter(isDeployTime));
  const a = a0.map((t) => (isDeployTime(t) ? (bothPieces || shared.has(t) ? PIECE : STAR) : t));
  const b = b0.map((t) => (isDeployTime(t) ? PIECE : t));
  const w = b.length + 1;
  if ((a.length + 1) * w > MAX_STATES) return true;
  const seen = new Uint8Array((a.length + 1) * w);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const k = i * w + j;
    if (seen[k] === 0) { seen[k] = 1; stack.push(k); }
  };
  const isRun = (t: Tok | undefined) => t === STAR || t === PIECE;
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / w);
    const j = k % w;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (isRun(x)) push(i + 1, j); // the run ends
    if (isRun(y)) push(i, j + 1);
    if (x === undefined || y === undefined) continue;
    if (isRun(x) && isRun(y)) continue; // reading a character into both runs changes nothing
    if (isRun(x)) { if (holds(x, y)) push(i, j + 1); } else if (isRun(y)) { if (holds(y, x)) push(i + 1, j); } else if (agree(x, y)) push(i + 1, j + 1);
  }
  return false;
}

/**
 * Whether an IAM resource pattern matches a text (an ARN), both as tokens. `yes` when it does whatever values the
 * holes and placeholders take: the pattern's holes and placeholders stand where the text has the same ones, its
 * literal parts match the text's with `*` and `?` (a `*` may take in holes too; a parameter's value may itself hold
 * wildcards, which still match it at its own place). `no` when no values make it match: nothing decided at deploy
 * time on either side, or not even with each of them any text (a parameter in a pattern may be `*`; a piece of a
 * name holds no `/` or `:`, see `mayMeet`). `may` otherwise.
 * A generated name (`selfAtom`) matches only itself, a wildcard, or a deploy-time value of the pattern.
 * @internal
 */
export function patternMatches(pattern: readonly Tok[], text: readonly Tok[]): Match {
  if (tokenMatch(pattern, text, sure)) return 'yes';
  // The tokens both start (or end) with, no wildcard among them, spell the same text there in every world (a
  // parameter the name holds is no wildcard): the pattern matches exactly when the rest matches the rest.
  const fixed = (t: Tok) => t !== STAR && t !== QMARK;
  let i = 0;
  while (i < pattern.length && i < text.length && pattern[i] === text[i] && fixed(pattern[i])) i++;
  let j = 0;
  while (j < pattern.length - i && j < text.length - i && pattern[pattern.length - 1 - j] === text[text.length - 1 - j] && fixed(text[text.length - 1 - j])) j++;
  const p = pattern.slice(i, pattern.length - j);
  const x = text.slice(i, text.length - j);
  if (!p.some(isDeployTime) && !x.some(isDeployTime)) return 'no';
  return mayMeet(p, x) ? 'may' : 'no';
}

/**
 * Whether a pattern matches every text that starts with `prefix` and goes on with any non-empty text (every object
 * of a bucket: `<bucket ARN>/` then its key): `yes` when it does in every world, the key being one character (which
 * a `?` or a `*` takes) and any run of characters (which only a `*` takes) before or after it (`/*`, `/?*`, `/*?`,
 * `?*` after the ARN); `no` when it matches not even `prefix` and one character it does not spell (a key every
 * pattern that covers them all matches).
 * @internal
 */
export function patternCoversAll(pattern: readonly Tok[], prefix: readonly Tok[]): Match {
  if (tokenMatch(pattern, [...prefix, KEY_CHAR, ANY_KEY], sure) || tokenMatch(pattern, [...prefix, ANY_KEY, KEY_CHAR], sure)) return 'yes';
  return patternMatches(pattern, [...prefix, ANY_KEY]);
}

/**
 * Whether two texts (no wildcards) are the same: `yes` when they are token for token (the same literal text, the
 * same parameters and placeholders at the same places: equal in every world), `no` when no values make them equal
 * (once the tokens they share at the start and at the end are set aside, as equal in every world: `${P}-x` and
 * `${P}` differ by `-x`; different texts with nothing decided at deploy time, or known parts no deploy-time pieces can make equal, see
 * `mayMeet`), `may` otherwise.
 * @internal
 */
export function sameText(a: readonly Tok[], b: readonly Tok[]): Match {
  // The same tokens at the start or the end are the same text in every world: the rest decides.
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  const x = a.slice(i, a.length - j);
  const y = b.slice(i, b.length - j);
  if (x.length === 0 && y.length === 0) return 'yes';
  if (!x.some(isDeployTime) && !y.some(isDeployTime)) return 'no';
  return mayMeet(x, y, true) ? 'may' : 'no';
}

/**
 * The text of an unknown value with its parameters as holes (`paramHole`), when every deploy-time piece is one (see
 * `Val`): the hole of the parameter it is, or the text of the Sub / Join it is.
 * @internal
 */
export function holedText(v: { param?: string; text?: string }): string | undefined {
  return v.param !== undefined ? paramHole(v.param) : v.text;
}

/** Text for messages: each parameter hole written `${Name}`. @internal */
export function showHoles(s: string): string {
  return s.replace(/\u0000parameter ([^\u0000]*)\u0000/g, '${$1}');
}

/** The parameters whose holes a token list holds, each once. @internal */
export function holeParams(list: readonly Tok[]): string[] {
  const out = new Set<string>();
  for (const t of list) if (t.startsWith('\u0000parameter ')) out.add(t.substring('\u0000parameter '.length, t.length - 1));
  return [...out];
}
