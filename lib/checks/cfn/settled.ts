import { CfnResource, TemplateIndex } from '../template-index';
import { Infeasible, World } from '../world';

/**
 * Reading a whole template once instead of once per resource judged, soundly.
 *
 * `settled(index, key, compute)` runs `compute` and keeps its result for the
 * template for the run. What it keeps depends on what `compute` read:
 *
 * - nothing the world decides (no condition, `AllowedValues` parameter or
 *   mapping key): the result, the same in every world;
 * - choices of the world: the result with those choices (a *variant*). A later
 *   world that makes the same choices gets it without running `compute`: the
 *   choices are asked of that world in the order `compute` asked them (each
 *   one a choice `compute` would have made there too, since it runs the same
 *   way until its first choice and each next choice depends only on the ones
 *   before), and at the first that differs `compute` runs in that world.
 *
 * `compute` runs in a world of its own that asks the caller's world each
 * choice (`Recording`), so what it depends on is exactly the choices it made,
 * whatever the caller had read before: a result is kept even when the caller
 * had already made choices (a resource under a condition), which used to make
 * every judgement read the whole template again (quadratic on templates whose
 * resources read a condition). Outside a rule run (no world) nothing is kept.
 * @internal
 */
export function settled<T>(index: TemplateIndex, key: string, compute: () => T): T {
  const kept = index.kept;
  const k = kept.get(key);
  if (k !== undefined || kept.has(key)) {
    if (!(k instanceof Variants)) return k as T;
  }
  return run(index, k as Variants<T> | undefined, compute, (v) => kept.set(key, v));
}

/** A result that depends on choices of the world: one per combination met, with the choices that decided it. */
class Variants<T> {
  public readonly list: { readonly choices: Logged[]; readonly value: T }[] = [];
}

/** One choice a computation asked of the world, to ask again. */
interface Logged {
  readonly key: string;
  readonly label: string;
  readonly options: unknown[];
  readonly render: (o: unknown) => string;
  readonly value: unknown;
}

/** At most this many variants of one result are kept; beyond, the result is computed in each world. */
const MAX_VARIANTS = 32;

/**
 * A world in which a computation runs: every choice is the caller's world's (asked of it, so it is made
 * there as the computation would have made it), and is logged, with what was chosen.
 */
class Recording extends World {
  public readonly log: Logged[] = [];
  constructor(private readonly parent: World) {
    super();
  }
  public choose<T>(key: string, label: string, options: T[], render: (o: T) => string = String): T {
    if (this.has(key)) return this.get(key) as T;
    const value = this.parent.choose(key, label, options, render);
    this.log.push({ key, label, options, render: render as (o: unknown) => string, value });
    this.trail.push({ key, label, options: options.map(render), chosen: options.indexOf(value) });
    this.set(key, value);
    return value;
  }
}

/**
 * A kept variant whose choices the current world makes (asked of it in order), or undefined when none; the
 * choices asked stay made (each is one `compute` would make in this world).
 */
function replay<T>(world: World, variants: Variants<T>): { value: T } | undefined {
  for (const v of variants.list) {
    let same = true;
    for (const c of v.choices) {
      if (world.choose(c.key, c.label, c.options, c.render) !== c.value) {
        same = false;
        break;
      }
    }
    if (same) return { value: v.value };
  }
  return undefined;
}

/**
 * The result of `compute` in the current world: a kept variant whose choices this world makes, or `compute`
 * run (in a `Recording` world) and its result handed to `keep` (plain when it made no choice, else as one more
 * variant; nothing when `mayKeep` says the answer is the caller's own).
 */
function run<T>(index: TemplateIndex, variants: Variants<T> | undefined, compute: () => T, keep: (value: T | Variants<T>) => void, mayKeep: () => boolean = () => true): T {
  const ctx = index.ctx;
  const world = ctx.world;
  if (!world) return compute();
  if (variants) {
    const found = replay(world, variants);
    if (found) return found.value;
  }
  const rec = new Recording(world);
  let value: T;
  ctx.world = rec;
  try {
    value = compute();
  } finally {
    ctx.world = world;
  }
  if (!mayKeep()) {
    // The caller says this answer is its own: nothing kept.
  } else if (rec.log.length === 0) {
    keep(value);
  } else {
    const vs = variants ?? new Variants<T>();
    if (vs.list.length < MAX_VARIANTS) vs.list.push({ choices: rec.log, value });
    if (!variants) keep(vs);
  }
  return value;
}

/**
 * `settled` for a question asked of one resource by several rules, `compute(res, reading)` answering it (is this function serving users, what do
 * this policy's statements say): kept per resource in `table`, the same way. A table of resources instead of a
 * key per resource: no key text to build on every question.
 * @internal
 */
export function settledFor<T>(reading: TemplateIndex, table: string, res: CfnResource, compute: (res: CfnResource, index: TemplateIndex) => T): T {
  // Kept in the template the resource belongs to (a resource reached through another template is read there).
  const index = reading.ownerOf(res);
  const kept = index.keptTable<T | Variants<T>>(table);
  const v = kept.get(res);
  if ((v !== undefined || kept.has(res)) && !(v instanceof Variants)) return v as T;
  return run(index, v as Variants<T> | undefined, () => compute(res, reading), (x) => kept.set(res, x));
}

/**
 * `settledFor` where `compute` may also say the answer holds only for this call (it read something of the caller's,
 * such as the sender an `aws:SourceArn` condition names): kept only when `keep` is true.
 * @internal
 */
export function settledForIf<T>(reading: TemplateIndex, table: string, res: CfnResource, compute: (res: CfnResource, index: TemplateIndex) => { value: T; keep: boolean }): T {
  const index = reading.ownerOf(res);
  const kept = index.keptTable<T | Variants<T>>(table);
  const v = kept.get(res);
  if ((v !== undefined || kept.has(res)) && !(v instanceof Variants)) return v as T;
  let keep = false;
  return run(index, v as Variants<T> | undefined, () => {
    const r = compute(res, reading);
    keep = r.keep;
    return r.value;
  }, (x) => kept.set(res, x), () => keep);
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
