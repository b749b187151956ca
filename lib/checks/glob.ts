/**
 * Whether `text` matches a glob `pattern` where `*` stands for any run of
 * characters (and, with `question`, `?` for one character). Every other
 * character is literal.
 *
 * No regular expression is built: a pattern from a template (`a*a*a*...b`) would
 * make a backtracking regex take polynomial time in the length of the text. This
 * is the two-pointer matcher that remembers only the last `*`: O(text x pattern)
 * in the worst case, linear for the usual patterns.
 * @internal
 */
export function globMatch(pattern: string, text: string, question = false): boolean {
  return starMatch(pattern.length, text.length, (p) => pattern.charCodeAt(p) === STAR,
    (p, t) => { const c = pattern.charCodeAt(p); return c === text.charCodeAt(t) || (question && c === QUESTION); });
}

/**
 * The matcher of `globMatch` over any sequence: whether a pattern of `patternLength` items matches a text of
 * `textLength` items, where `isStar(p)` marks the pattern items that stand for any run and `eq(p, t)` says whether
 * pattern item `p` matches text item `t`. Two pointers, remembering only the last star.
 * @internal
 */
export function starMatch(patternLength: number, textLength: number, isStar: (p: number) => boolean, eq: (p: number, t: number) => boolean): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < textLength) {
    if (p < patternLength && !isStar(p) && eq(p, t)) {
      p++;
      t++;
    } else if (p < patternLength && isStar(p)) {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < patternLength && isStar(p)) p++;
  return p === patternLength;
}

const STAR = 42;
const QUESTION = 63;
