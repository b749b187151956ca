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
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && c !== STAR && (c === text.charCodeAt(t) || (question && c === QUESTION))) {
      p++;
      t++;
    } else if (p < pattern.length && c === STAR) {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

const STAR = 42;
const QUESTION = 63;
