/**
 * `${...}` references in Fn::Sub text (and in the text of values built from
 * Fn::Sub / Fn::Join), found in one left-to-right pass.
 *
 * The regular expressions this replaces (`/\$\{[^}]*\}/g`) restart at every
 * `${` and scan to the next `}`: on text with many `${` and no `}` that is
 * quadratic (or cubic, with a second run such as `[^}.]*[^}]*`). Here each
 * `${` is looked at once and the search for its `}` happens only for a match,
 * which then consumes that text: linear. The spans found are exactly the
 * regular expression's.
 * @internal
 */

/** One `${...}`: `text.slice(start, end)` is the whole reference, `inner` what is between the braces. @internal */
export interface SubReference {
  readonly start: number;
  readonly end: number;
  readonly inner: string;
}

/**
 * The references of a text, as `/\$\{([^}]*)\}/g` finds them; with `named`,
 * as `/\$\{([^!}][^}]*)\}/g` does (no `${!Literal}` escape, no empty `${}`).
 * @internal
 */
export function subReferences(text: string, named = false): SubReference[] {
  const out: SubReference[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start === -1) break;
    const first = text.charCodeAt(start + 2);
    if (named && (first === BANG || first === CLOSE || Number.isNaN(first))) {
      from = start + 1;
      continue;
    }
    const close = text.indexOf('}', start + 2);
    if (close === -1) break; // no `}` after this `${`, so none after any later one
    out.push({ start, end: close + 1, inner: text.slice(start + 2, close) });
    from = close + 1;
  }
  return out;
}

/** `text.replace(/\$\{([^}]*)\}/g, (match, inner) => ...)` (with `named`: `[^!}][^}]*`), in one pass. @internal */
export function replaceSubReferences(text: string, replace: (match: string, inner: string) => string, named = false): string {
  const refs = subReferences(text, named);
  if (refs.length === 0) return text;
  let out = '';
  let at = 0;
  for (const r of refs) {
    out += text.slice(at, r.start) + replace(text.slice(r.start, r.end), r.inner);
    at = r.end;
  }
  return out + text.slice(at);
}

const BANG = 33;
const CLOSE = 125;
