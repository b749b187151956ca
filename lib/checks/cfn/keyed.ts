import { CfnResource, TemplateIndex } from '../template-index';
import { acrossWorlds } from './settled';

/**
 * The resources of some types by keys they may carry in some world (a metric they read, a name they give, a
 * resource they reference), so that finding the ones that may match a resource is a lookup, not a read of every
 * resource of the types for each resource judged (which grows with the square of the template).
 *
 * Each resource is read once per run in every combination of the conditions, parameters and mappings its keys
 * depend on (`acrossWorlds`): the index is the same in every world, a superset of the keys of any world, and
 * kept for the template. A resource whose keys cannot be listed so (more than `max` combinations, an error), or
 * whose `keysOf` says `any` in some world (what it reads is decided at deploy time), is a candidate for every
 * lookup (`any`). A lookup gives candidates (`candidates`): the caller judges each in its own world exactly as
 * it judged every resource before, in the template's order.
 * @internal
 */
export interface Keyed {
  readonly byKey: Map<string, CfnResource[]>;
  readonly any: CfnResource[];
  /** Each resource's place among the indexed resources (the order `ofType` gives, the types in the order given). */
  readonly order: Map<CfnResource, number>;
  /** Whether one of them is created under a condition (else each exists wherever the template does). */
  readonly conditional: boolean;
}

/**
 * The `Keyed` index named `name` of `types` (resources in `allOfType` order, the types in the given order),
 * `keysOf` giving the keys of one resource in the current world, or `any`; built on first use, kept for the run.
 * @internal
 */
export function keyedIndex(index: TemplateIndex, name: string, types: readonly string[], keysOf: (res: CfnResource) => Iterable<string> | 'any', max = 64): Keyed {
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
      const keys = acrossWorlds(index, () => {
        const k = keysOf(r);
        return k === 'any' ? k : [...k];
      }, max);
      if (keys === undefined || keys.some((k) => k === 'any')) {
        any.push(r);
        continue;
      }
      for (const k of new Set((keys as string[][]).flat())) {
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

/** The longest logical id CloudFormation accepts: `${Id` prefixes are keyed up to this length. */
const MAX_ID = 255;

/**
 * Keys under which a text may name a resource by its logical id or by text (`textNames`): a text without `${`
 * is `t:` + itself; one with `${` is `p:` + every prefix of the identifier after each `${` (a resource with id
 * X may be named when the text includes `${X`), and `$` (for an id that is not a plain identifier).
 * @internal
 */
export function textKeys(text: string | undefined): string[] {
  if (text === undefined) return [];
  if (!text.includes('${')) return [`t:${text}`];
  const keys = new Set<string>(['$']);
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i + 2)) {
    // A reference the index placed is marked (`refMark`: `${\u0005Id`): keyed by its id, as the same text written is.
    const from = text.charCodeAt(i + 2) === 5 ? i + 3 : i + 2;
    let j = from;
    while (j < text.length && j - from < MAX_ID && /[A-Za-z0-9]/.test(text[j])) {
      j++;
      keys.add(`p:${text.slice(from, j)}`);
    }
  }
  return [...keys];
}

/** The key looking up texts that may include `${<logicalId>` (see `textKeys`). @internal */
export function idKey(logicalId: string): string {
  return /^[A-Za-z0-9]+$/.test(logicalId) && logicalId.length <= MAX_ID ? `p:${logicalId}` : '$';
}
