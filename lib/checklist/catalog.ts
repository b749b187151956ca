import { CONTROL_TOWER_CONTROLS, SECURITY_HUB_CONTROLS } from './controls';
import { ITEMS, ItemDef } from './items';
import { SEED_MAP } from './seed-map';
import { THRESHOLD_SPECS } from './thresholds';
import { ChecklistItem, EvidenceKind, Section, SeedMapping } from './types';

let cachedItems: ChecklistItem[] | undefined;
let cachedById: Map<string, ChecklistItem> | undefined;
const TEMPLATE_BY_ID = new Map<string, string>(ITEMS.map((d) => [d.id, d.title]));
const DEFAULT_THRESHOLD = new Map<string, number>(THRESHOLD_SPECS.map((s) => [s.key, s.value]));
const VERIFIED_SECURITY_HUB = new Set(SECURITY_HUB_CONTROLS.map((c) => c.id));
const VERIFIED_CONTROL_TOWER = new Set(CONTROL_TOWER_CONTROLS.map((c) => c.id));

/** `{key}` or `{key:days}` in an item title. */
const PLACEHOLDER = /\{([A-Za-z0-9]+)(?::(days))?\}/g;

/**
 * An item title with its threshold placeholders filled in: `{key}` is the value of threshold `key`,
 * `{key:days}` a number of days, written as years when it is whole years.
 */
function renderTitle(template: string, valueOf: (key: string) => number): string {
  return template.replace(PLACEHOLDER, (_m, key: string, unit?: string) => {
    const n = valueOf(key);
    if (unit === 'days' && n % 365 === 0) return `${n / 365} year${n === 365 ? '' : 's'}`;
    return unit === 'days' ? `${n} days` : String(n);
  });
}

/**
 * The title of an item with the thresholds in force (a tightened `backupRetentionDays` shows in the
 * title of DB-BACKUP-RETENTION); `Catalog.item(id).title` shows the catalog defaults.
 * @param valueOf the value of a threshold by key, e.g. `(k) => thresholds.get(k)`
 * @internal
 */
export function itemTitle(id: string, valueOf: (key: string) => number): string {
  const template = TEMPLATE_BY_ID.get(id);
  if (template === undefined) throw new Error(`Unknown checklist item '${id}'. Run 'npx cdk-golive catalog' for the list of ids.`);
  return renderTitle(template, valueOf);
}

/**
 * The AWS control ids that correspond to a set of items (a rule's): the union of the items' own, in
 * catalog order. Ids live on the items only.
 * @internal
 */
export function controlsOfItems(itemIds: string[]): { securityHub: string[]; controlTower: string[] } {
  const securityHub = new Set<string>();
  const controlTower = new Set<string>();
  for (const id of itemIds) {
    const item = Catalog.item(id);
    for (const c of item.securityHubControls) securityHub.add(c);
    for (const c of item.controlTowerControls) controlTower.add(c);
  }
  return { securityHub: [...securityHub], controlTower: [...controlTower] };
}

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
    for (const m of def.title.matchAll(PLACEHOLDER)) {
      if (!(def.thresholds ?? []).includes(m[1])) throw new Error(`catalog: item ${def.id}: title placeholder {${m[1]}} is not one of its thresholds`);
    }
    for (const c of def.fsbp ?? []) if (!VERIFIED_SECURITY_HUB.has(c)) throw new Error(`catalog: item ${def.id} names Security Hub control ${c}, which is not in lib/checklist/controls.ts`);
    for (const c of def.controlTower ?? []) if (!VERIFIED_CONTROL_TOWER.has(c)) throw new Error(`catalog: item ${def.id} names Control Tower control ${c}, which is not in lib/checklist/controls.ts`);
    byId.set(def.id, toItem(def, [...(seedsOf.get(def.id) ?? [])].sort()));
  }
  cachedById = byId;
  cachedItems = [...byId.values()];
  return byId;
}

function toItem(def: ItemDef, seeds: string[]): ChecklistItem {
  return {
    id: def.id,
    title: renderTitle(def.title, (key) => DEFAULT_THRESHOLD.get(key)!),
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
