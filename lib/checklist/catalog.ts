import { ITEMS, ItemDef } from './items';
import { SEED_MAP } from './seed-map';
import { THRESHOLD_SPECS } from './thresholds';
import { ChecklistItem, EvidenceKind, Section, SeedMapping } from './types';

let cachedItems: ChecklistItem[] | undefined;
let cachedById: Map<string, ChecklistItem> | undefined;

function build(): Map<string, ChecklistItem> {
  if (cachedById) return cachedById;
  const seedsOf = new Map<string, Set<string>>();
  for (const [seed, lines] of Object.entries(SEED_MAP)) {
    for (const [, item] of lines) {
      if (!seedsOf.has(item)) seedsOf.set(item, new Set());
      seedsOf.get(item)!.add(seed);
    }
  }
  const byId = new Map<string, ChecklistItem>();
  for (const def of ITEMS) {
    if (byId.has(def.id)) throw new Error(`catalog: duplicate item id ${def.id}`);
    for (const t of def.thresholds ?? []) {
      if (!THRESHOLD_SPECS.some((s) => s.key === t)) throw new Error(`catalog: item ${def.id} names unknown threshold ${t}`);
    }
    byId.set(def.id, toItem(def, [...(seedsOf.get(def.id) ?? [])].sort()));
  }
  cachedById = byId;
  cachedItems = [...byId.values()];
  return byId;
}

function toItem(def: ItemDef, seeds: string[]): ChecklistItem {
  return {
    id: def.id,
    title: def.title,
    section: def.section,
    evidence: def.evidence,
    description: def.description,
    thresholds: [...(def.thresholds ?? [])],
    seeds,
    securityHubControls: [...(def.fsbp ?? [])],
    controlTowerControls: [...(def.controlTower ?? [])],
    ...(def.onlyFor ? { onlyFor: [...def.onlyFor] } : {}),
  };
}

/**
 * The production checklist catalog: every item, its section, thresholds,
 * evidence kind, the seeds that ask for it, and the controls it corresponds to.
 */
export class Catalog {
  /** Every item, in catalog order (grouped by section). */
  public static items(): ChecklistItem[] {
    build();
    return [...cachedItems!];
  }

  /** Whether an item with this id exists. */
  public static has(id: string): boolean {
    return build().has(id);
  }

  /**
   * The item with this id.
   * @throws if the id is not in the catalog
   */
  public static item(id: string): ChecklistItem {
    const item = build().get(id);
    if (!item) throw new Error(`Unknown checklist item '${id}'. Run 'npx cdk-golive catalog' for the list of ids.`);
    return item;
  }

  /** The items of one section. */
  public static itemsInSection(section: Section): ChecklistItem[] {
    return Catalog.items().filter((i) => i.section === section);
  }

  /** The items evidenced a given way. */
  public static itemsByEvidence(evidence: EvidenceKind): ChecklistItem[] {
    return Catalog.items().filter((i) => i.evidence === evidence);
  }

  /** Every seed checkbox line and the item it maps to. */
  public static seedMap(): SeedMapping[] {
    const out: SeedMapping[] = [];
    for (const seed of Object.keys(SEED_MAP).sort()) {
      for (const [line, item] of SEED_MAP[seed]) out.push({ seed, line, item });
    }
    return out;
  }

  /** The sections, in checklist order. */
  public static sections(): Section[] {
    return Object.values(Section);
  }
}
