import { CfnResource, TemplateIndex } from '../template-index';
import { Infeasible, World } from '../world';

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
export function settled<T>(index: TemplateIndex, key: string, compute: () => T): T {
  const kept = index.kept;
  if (kept.has(key)) return kept.get(key) as T;
  return run(index, compute, (value) => kept.set(key, value));
}

/** Run `compute`; hand its result to `keep` when no choice of the world was made before or while it ran. */
function run<T>(index: TemplateIndex, compute: () => T, keep: (value: T) => void): T {
  const world = index.ctx.world;
  const before = world?.trail.length;
  const value = compute();
  if (world && before === 0 && world.trail.length === 0) keep(value);
  return value;
}

/**
 * `settled` for a question asked of one resource by several rules, `compute(res, reading)` answering it (is this function serving users, what do
 * this policy's statements say): kept per resource in `table`, with the same rule (no choice of the world
 * before or while it ran). A table of resources instead of a key per resource: no key text to build on
 * every question.
 * @internal
 */
export function settledFor<T>(reading: TemplateIndex, table: string, res: CfnResource, compute: (res: CfnResource, index: TemplateIndex) => T): T {
  // Kept in the template the resource belongs to (a resource reached through another template is read there).
  const index = reading.ownerOf(res);
  const kept = index.keptTable<T>(table);
  const v = kept.get(res);
  if (v !== undefined || kept.has(res)) return v as T;
  return run(index, () => compute(res, reading), (value) => kept.set(res, value));
}

/**
 * `settledFor` where `compute` may also say the answer holds only for this call (it read something of the caller's,
 * such as the sender an `aws:SourceArn` condition names): kept only when `keep` is true and no choice of the world
 * decided it.
 * @internal
 */
export function settledForIf<T>(reading: TemplateIndex, table: string, res: CfnResource, compute: (res: CfnResource, index: TemplateIndex) => { value: T; keep: boolean }): T {
  const index = reading.ownerOf(res);
  const kept = index.keptTable<T>(table);
  const v = kept.get(res);
  if (v !== undefined || kept.has(res)) return v as T;
  let keep = false;
  const value = run(index, () => {
    const r = compute(res, reading);
    keep = r.keep;
    return r.value;
  }, (x) => { if (keep) kept.set(res, x); });
  return value;
}

/**
 * Every result `compute` gives over the worlds it can meet, read from no choice at all: run in a world of its
 * own, then once per other combination of the choices it met (depth-first, as the engine runs a rule), so the
 * results are a superset of what it gives in any world a caller is in (the caller's choices only narrow them).
 * A world that cannot be deployed (`Infeasible`) gives nothing. Undefined when there are more than `max`
 * combinations, or a combination ends in any other error: the caller then reads in its own world. The caller's
 * world is left as it was.
 * @internal
 */
export function acrossWorlds<T>(index: TemplateIndex, compute: () => T, max: number): T[] | undefined {
  const ctx = index.ctx;
  const saved = ctx.world;
  const out: T[] = [];
  let forced: number[] | undefined = [];
  try {
    for (let n = 0; forced; n++) {
      if (n >= max) return undefined;
      const world: World = new World(forced);
      ctx.world = world;
      try {
        out.push(compute());
      } catch (e) {
        if (!(e instanceof Infeasible)) return undefined;
      }
      forced = world.next();
    }
  } finally {
    ctx.world = saved;
  }
  return out;
}
