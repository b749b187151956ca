import { CfnResource, TemplateIndex } from '../template-index';
import { acrossWorlds } from './settled';

/**
 * The resources of some types by keys read from them in any world: each resource read once per run, in every
 * combination of the conditions, parameters and mappings its keys depend on (`acrossWorlds`), so the index is the
 * same in every world and kept for the template. A lookup gives candidates (a superset): the caller judges each
 * in its own world exactly as it judged every resource before, in the template's order. A resource whose keys
 * cannot be listed so (more than `max` combinations, an error) is a candidate for every lookup (`any`).
 * @internal
 */
export interface Keyed {
  readonly byKey: Map<string, CfnResource[]>;
  readonly any: CfnResource[];
  /** Each resource's place among `resources` (the order `ofType` gives). */
  readonly order: Map<CfnResource, number>;
  /** Whether one of them is created under a condition (else each exists wherever the template does). */
  readonly conditional: boolean;
}

/**
 * The `Keyed` index named `name` of `types` (resources in `allOfType` order, the types in the given order),
 * `keysOf` giving the keys of one resource in the current world; built on first use, kept for the run.
 * @internal
 */
export function keyedIndex(index: TemplateIndex, name: string, types: readonly string[], keysOf: (res: CfnResource) => Iterable<string>, max = 64): Keyed {
  const kept = index.kept.get(`keyed:${name}`);
  if (kept) return kept as Keyed;
  const byKey = new Map<string, CfnResource[]>();
  const any: CfnResource[] = [];
  const order = new Map<CfnResource, number>();
  let conditional = false;
  for (const type of types) {
    for (const r of index.allOfType(type)) {
      order.set(r, order.size);
      if (r.condition !== undefined) conditional = true;
      const keys = acrossWorlds(index, () => [...keysOf(r)], max);
      if (keys === undefined) {
        any.push(r);
        continue;
      }
      for (const k of new Set(keys.flat())) {
        let list = byKey.get(k);
        if (!list) byKey.set(k, (list = []));
        list.push(r);
      }
    }
  }
  const out: Keyed = { byKey, any, order, conditional };
  index.kept.set(`keyed:${name}`, out);
  return out;
}

/**
 * The candidates of `keyed` for any of `keys` (and those of every lookup) that exist in the current world, each
 * once, in the index's order: what `ofType` gave, less the resources no lookup of these keys can need. Existence
 * is asked as `ofType` asks it (first, of each candidate; not at all when none has a condition, outside a nested
 * stack).
 * @internal
 */
export function candidates(index: TemplateIndex, keyed: Keyed, keys: Iterable<string>): CfnResource[] {
  const out = new Set<CfnResource>(keyed.any);
  for (const k of keys) for (const r of keyed.byKey.get(k) ?? []) out.add(r);
  const list = [...out].sort((a, b) => keyed.order.get(a)! - keyed.order.get(b)!);
  return keyed.conditional || index.nested ? list.filter((r) => index.exists(r)) : list;
}
