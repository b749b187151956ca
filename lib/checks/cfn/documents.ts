import { subPieces, TemplateIndex, Val } from '../template-index';

/**
 * Reading JSON-like template values (an EventPattern, a secret's JSON
 * template) in the current world as a whole document resolved to plain data
 * (one key or the keys of an object: `index.key` / `index.keys`). Every child
 * goes through the evaluator: an `Fn::If` inside is resolved in the world,
 * `AWS::NoValue` drops the key or entry, and what the template cannot decide
 * stays opaque, never a literal.
 * @internal
 */

/** A leaf the template cannot give as plain data: a reference, a computed string, a secret or an unknown value. @internal */
export class Opaque {
  constructor(public readonly value: Val) {}
}

/** How deep a document may nest before the rest is opaque. */
const MAX_DEPTH = 64;
/** How many nodes one document may have before the rest is opaque. */
const MAX_NODES = 20000;

/**
 * A value resolved to plain data in the current world: objects and lists with
 * their children resolved (`AWS::NoValue` dropped), literal leaves as they are,
 * and every other leaf (a reference, a computed string, a secret, an unknown
 * value) an `Opaque`. Bounded in depth and size: beyond the bounds the rest is
 * opaque (unknown), never dropped.
 * @internal
 */
export function plain(index: TemplateIndex, v: Val): unknown {
  let nodes = 0;
  const walk = (x: Val, depth: number): unknown => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return new Opaque({ k: 'unknown', why: 'document too large or too deep to read' });
    if (x.k !== 'lit') return new Opaque(x);
    const raw: unknown = x.v;
    if (raw === null || typeof raw !== 'object') return raw;
    if (Array.isArray(raw)) {
      const out: unknown[] = [];
      for (const e of index.items(x) ?? []) out.push(walk(e, depth + 1));
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, child] of index.keys(x) ?? []) out[k] = walk(child, depth + 1);
    return out;
  };
  return walk(v, 0);
}

/**
 * A text with every `${...}` reference (as Fn::Sub and the evaluator's
 * rendering of computed parts write them) replaced by `by(name)`, in one
 * linear pass (the engine's `subPieces`; no regular expression that could
 * backtrack on many unclosed `${`).
 * @internal
 */
export function replaceSubReferences(text: string, by: (name: string) => string): string {
  return subPieces(text).map((p) => (p.literal !== undefined ? p.literal : by(p.name!))).join('');
}
