/**
 * Every checkbox line (`- [ ]`) of every seed checklist in `shared/seeds/`,
 * mapped to a catalog item: `[line, itemId]` per seed file, the seed's text
 * in the trailing comment. Duplicates across seeds map to the same item.
 * @internal
 */
export const SEED_MAP: Record<string, Array<[number, string]>> = {
};
