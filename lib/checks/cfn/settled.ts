import { TemplateIndex } from '../template-index';

/**
 * Reading a whole template once instead of once per resource judged, soundly.
 *
 * `settled(index, key, compute)` runs `compute` and keeps its result for the
 * template when running it needed no choice of the world: the world's trail of
 * choices was empty before and is still empty after, so no condition,
 * AllowedValues parameter or mapping key decided anything it read, and it is
 * the same in every world. A result that needed a choice is never kept: it is
 * computed again in each world. Outside a rule run (no world) nothing is kept.
 * @internal
 */
const KEPT = new WeakMap<TemplateIndex, Map<string, unknown>>();

/** @internal */
export function settled<T>(index: TemplateIndex, key: string, compute: () => T): T {
  let kept = KEPT.get(index);
  if (kept?.has(key)) return kept.get(key) as T;
  const world = index.ctx.world;
  const before = world?.trail.length;
  const value = compute();
  if (world && before === 0 && world.trail.length === 0) {
    if (!kept) KEPT.set(index, (kept = new Map()));
    kept.set(key, value);
  }
  return value;
}
