import { own } from '../collections';
import { replaceSubReferences } from './documents';
import { CfnResource, markedRef, PseudoValues, showPseudoMarks, subPieces, TemplateIndex, V, Val } from '../template-index';
import { DASHBOARD_TYPE, Dim, dimensionNames, givenName, MetricRef, metricFit, nameKey, publishedUnder } from './alarms';
import { inStackAccount, inStackRegion, padded, stackPlace } from './names';
import { searchRows, searchSeries } from './metric-search';
import { settled } from './settled';
import { subReferences } from '../sub-references';

/**
 * The one parser of CloudWatch dashboard bodies, shared by the alarms and
 * observability rules. The body is read through the evaluator in the current
 * world: an `Fn::Join` or `Fn::Sub` with `Fn::If`, `Fn::FindInMap`,
 * `Fn::Select` or parameters inside is the text CloudFormation would deploy in
 * this world, with `${LogicalId}` / `${LogicalId.Attr}` where a resource is
 * referenced. A body that depends on a value no world decides (an open
 * parameter, an import) cannot be read: the rules say unknown.
 */

/** One metric row of a dashboard, with its dimensions as text (`${LogicalId}` for references). @internal */
export interface DashRow {
  readonly namespace: string;
  readonly name: string;
  /** Dimension name → value text (a prototype-free object: any name is safe to look up). */
  readonly dims: Record<string, string>;
  /** Logical ids the row's dimension values reference. */
  readonly refs: Set<string>;
  /** The row's statistic (its own, else the widget's, else Average; a SEARCH's own). */
  readonly stat: string;
  readonly dashboard: CfnResource;
  /** A SEARCH row's schema dimensions no term constrains (`*` in `dims`): it shows every value CloudWatch has under them. */
  readonly anyDims?: ReadonlySet<string>;
  /** Why whether a SEARCH row returns a resource's metric is not decided by the template: it may show one, never for sure. */
  readonly open?: string;
  /**
   * Why the graph may not show this row's series for a given resource: it may hold more time series than CloudWatch
   * shows in a graph (a SEARCH that returns every matching series of the account: `searchSeries`).
   */
  readonly crowded?: string;
  /** A crowded graph shows some of this row's series for sure (its only unbounded search, with room left). */
  readonly someShown?: boolean;
}

/** The most time series a CloudWatch graph shows ("Search expression limits", CloudWatch search expression syntax). */
const MAX_GRAPH_SERIES = 500;

/** A field of a parsed JSON object, or undefined. */
const get: (x: unknown, key: string) => unknown = own;

function list(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/** A metrics row's options object (its one non-array object), if any. */
function rowOptions(row: unknown[]): unknown {
  return row.find((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
}

/** Whether a row's options hide it: `visible` written and not true ("false to have the metric not appear in the graph"). */
function hiddenRow(opts: unknown): boolean {
  const v = get(opts, 'visible');
  return v !== undefined && v !== true;
}

/**
 * The ids a graph's drawn math expressions read, through the hidden expressions they read: a hidden row so read is
 * drawn through them (the inputs of an error-rate expression, `100 * e5 / req`, are hidden rows); one no drawn
 * expression reads shows nothing.
 */
function idsDrawnThrough(rows: unknown[]): Set<string> {
  const hiddenExpressions = new Map<string, string>();
  const pending: string[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    const opts = rowOptions(row);
    const expression = get(opts, 'expression');
    if (typeof expression !== 'string') continue;
    const id = get(opts, 'id');
    if (!hiddenRow(opts)) pending.push(expression);
    else if (typeof id === 'string') hiddenExpressions.set(id, expression);
  }
  const read = new Set<string>();
  while (pending.length > 0) {
    for (const word of pending.pop()!.split(/[^A-Za-z0-9_]+/)) {
      if (word === '' || read.has(word)) continue;
      read.add(word);
      const next = hiddenExpressions.get(word);
      if (next !== undefined) pending.push(next);
    }
  }
  return read;
}

/** Logical ids referenced in dimension texts (the marks the index placed, `refMark`) that the body really references. */
function refsOfDims(dims: Record<string, string>, bodyRefs: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const text of Object.values(dims)) {
    for (const p of subPieces(text)) {
      const ref = p.name === undefined ? undefined : markedRef(p.name);
      if (ref === undefined) continue;
      const logicalId = ref.split('.')[0];
      if (bodyRefs.has(logicalId)) out.add(logicalId);
    }
  }
  return out;
}

/** The body text of a dashboard in this world and the resources it references, or why it cannot be read. */
function body(index: TemplateIndex, dashboard: CfnResource): { text: string; refs: Set<string> } | { why: string } {
  const v = index.prop(dashboard, 'DashboardBody');
  // A reference renders as `${Id}`, `${Id.Attr}` or `${Id.Attr.split(":")[1]}` (Fn::Select over Fn::Split): keep
  // its quotes from ending the JSON string it stands in, and a pseudo parameter's mark (`pseudoMark`) a JSON escape,
  // so that the parsed string holds the mark.
  if (v.k === 'expr') return { text: replaceSubReferences(v.text, (name) => `\${${name.replace(/"/g, '\'').replace(/\u0005/g, '\\u0005')}}`), refs: new Set(v.refs.map((r) => r.logicalId)) };
  const text = v.k === 'lit' ? V.str(v) : undefined;
  if (text !== undefined) return { text, refs: new Set() };
  return { why: v.k === 'unknown' ? `the body of dashboard ${dashboard.logicalId} is decided at deploy time (${v.why})` : `the body of dashboard ${dashboard.logicalId} is not text` };
}

/**
 * The metric rows of a dashboard in this world, or undefined when its body
 * cannot be read (decided at deploy time, or not JSON). Handles the `.`/`...`
 * shorthands and `SEARCH(...)` expressions: the rows CloudWatch's search is
 * sure to return (`searchRows`: the schema's namespace and dimensions, the
 * metric name and dimension values its terms fix, a wildcard for a schema
 * dimension none fixes, the search's statistic; `open` where a partial match or
 * a NOT term may exclude the metric). A row of a metric whose
 * dimension sets the checks know (`publishedUnder`), read under another set,
 * shows no data and is left out, and so is a row of a graph whose account (the
 * row's `accountId`, else the widget's: CloudWatch cross-account observability) is a literal account other than the
 * stack's (read as a region is, below), or whose region (the
 * widget's `region`, the row's own) is a literal region other than the stack's
 * (`${AWS::Region}` as written, outside Fn::Sub, is no
 * region): it shows that region's metrics. The stack's region and account are
 * the ones of this world (`stackPlace`: given to the checks, or chosen by a
 * mapping keyed by `AWS::Region`). A literal region (account)
 * while the stack's is not known (a template checked alone), or one with white
 * space around it, makes the body unreadable (unknown, `unreadableWhy` says
 * why), never a row.
 * @internal
 */
export function dashboardRows(index: TemplateIndex, dashboard: CfnResource): DashRow[] | undefined {
  return parsedBody(index, dashboard).rows;
}

/** Why a dashboard's body cannot be read in this world (`dashboardRows` undefined): what decides what it shows. @internal */
export function unreadableWhy(index: TemplateIndex, dashboard: CfnResource): string {
  return parsedBody(index, dashboard).why ?? `the body of dashboard ${dashboard.logicalId} can be read`;
}

/** What one dashboard body gives: its rows, or why it cannot be read. */
interface Parsed { readonly rows?: DashRow[]; readonly why?: string }

function parsedBody(index: TemplateIndex, dashboard: CfnResource): Parsed {
  const b = body(index, dashboard);
  if ('why' in b) return b;
  const owner = index.ownerOf(dashboard);
  // The stack's region and account in this world, read after the body (reading it may have made the world choose
  // them: a mapping keyed by AWS::Region).
  const place = stackPlace(owner);
  // The rows are a function of the body text (references are in it as `${Id}`) and of the stack's region and account
  // in this world (a graph's literal region is compared with it): parse each once, not once per resource that reads
  // the dashboard. Kept on the dashboard's own index (not a module-level WeakMap: see TemplateIndex.kept).
  const key = `${place.region ?? ''}\u0000${place.accountId ?? ''}\u0000${b.text}`;
  const parsed = owner.keptTable<{ key: string; result: Parsed }>(PARSED);
  const cached = parsed.get(dashboard);
  if (cached && cached.key === key) return cached.result;
  const result = parseRows(b.text, b.refs, dashboard, place);
  parsed.set(dashboard, { key, result });
  return result;
}

/** The kept table of parsed dashboard bodies: a function of the text and the stack's place, so kept in every world. */
const PARSED = 'dashboards.rows';

/**
 * Why a graph's region (account) that is not surely the stack's nor surely another makes the body unreadable: white
 * space around it, a literal while the stack's is not known, text decided at deploy time.
 */
function undecidedPlace(dashboard: CfnResource, what: 'region' | 'account', written: unknown): string {
  const shown = typeof written === 'string' ? JSON.stringify(showPseudoMarks(written)) : JSON.stringify(written) ?? String(written);
  const graphs = `dashboard ${dashboard.logicalId} graphs ${what} ${shown}`;
  if (typeof written !== 'string') return `${graphs}, which is not text: what CloudWatch shows for it is not known`;
  if (padded(written)) return `${graphs}, with white space around it: whether CloudWatch reads it as ${what} ${written.trim()} is not documented`;
  if (!written.includes('\${')) return `${graphs}: whether that is this stack's ${what} is decided at deploy time (the stack's ${what} is not given to the checks)`;
  return `${graphs}, decided at deploy time: whether that is this stack's ${what} is not known`;
}

function parseRows(text: string, bodyRefs: Set<string>, dashboard: CfnResource, own: PseudoValues): Parsed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { why: `the body of dashboard ${dashboard.logicalId} is not JSON` };
  }
  const out: DashRow[] = [];
  for (const w of list(get(parsed, 'widgets'))) {
    const props = get(w, 'properties');
    const ws = get(props, 'stat');
    const widgetStat = typeof ws === 'string' ? ws : 'Average';
    const widgetRegion = get(props, 'region');
    const widgetAccount = get(props, 'accountId');
    let prev: string[] = [];
    // The graph's rows, and how many time series it may show: a metric row is one, a SEARCH its `searchSeries`
    // (unbounded: `flooding`), other metric math one.
    const mine: { row: DashRow; floods: boolean }[] = [];
    let fixed = 0;
    const flooding: string[] = [];
    const rows = list(get(props, 'metrics'));
    const drawnThrough = idsDrawnThrough(rows);
    for (const row of rows) {
      if (!Array.isArray(row)) continue;
      const opts = rowOptions(row);
      // A hidden row shows nothing unless a drawn expression reads it (its series still count toward the graph's limit).
      const id = get(opts, 'id');
      const drawn = !hiddenRow(opts) || (typeof id === 'string' && drawnThrough.has(id));
      // A graph of another region or account shows that region's or account's metrics, never this stack's; one
      // decided at deploy time makes what the dashboard shows undecided (the body is not read).
      const writtenRegion = get(opts, 'region') ?? widgetRegion;
      const writtenAccount = get(opts, 'accountId') ?? widgetAccount;
      const region = inStackRegion(writtenRegion, own.region);
      const account = inStackAccount(writtenAccount, own.accountId);
      if (region === 'open') return { why: undecidedPlace(dashboard, 'region', writtenRegion) };
      if (account === 'open') return { why: undecidedPlace(dashboard, 'account', writtenAccount) };
      const here = region && account;
      const rs = get(opts, 'stat');
      const stat = typeof rs === 'string' ? rs : widgetStat;
      const expression = get(opts, 'expression');
      if (typeof expression === 'string') {
        const searched = searchRows(expression);
        const series = searched === undefined ? 1 : searchSeries(expression);
        if (series === undefined) flooding.push(showPseudoMarks(expression));
        else fixed += series;
        for (const s of here && drawn ? searched ?? [] : []) {
          mine.push({ row: { namespace: s.namespace, name: s.name, dims: s.dims, refs: refsOfDims(s.dims, bodyRefs), stat: s.stat, dashboard, ...(s.anyDims.size > 0 ? { anyDims: s.anyDims } : {}), ...(s.open !== undefined ? { open: s.open } : {}) }, floods: series === undefined });
        }
        continue;
      }
      const cells: string[] = [];
      for (const [i, c] of row.entries()) {
        if (typeof c !== 'string') continue;
        if (c === '...') { cells.push(...prev.slice(cells.length)); break; }
        cells.push(c === '.' ? prev[i] ?? '' : c);
      }
      prev = cells;
      if (cells.length >= 2) fixed++;
      if (cells.length < 2 || !here || !drawn) continue;
      const dims: Record<string, string> = Object.create(null);
      for (let i = 2; i + 1 < cells.length; i += 2) dims[cells[i]] = cells[i + 1];
      // A row read under dimensions AWS does not publish its metric with shows nothing: it shows no signal.
      if (publishedUnder(cells[0], cells[1], Object.keys(dims)) === false) continue;
      mine.push({ row: { namespace: cells[0], name: cells[1], dims, refs: refsOfDims(dims, bodyRefs), stat, dashboard }, floods: false });
    }
    // More series than a graph shows: which of them it shows is not documented.
    const crowded = flooding.length > 0 || fixed > MAX_GRAPH_SERIES
      ? `a graph of dashboard ${dashboard.logicalId} may hold more than ${MAX_GRAPH_SERIES} time series (${flooding.length > 0 ? `${flooding[0]} returns every series that matches it in the account and region` : `${fixed} rows`}), and CloudWatch shows at most ${MAX_GRAPH_SERIES} in a graph without saying which`
      : undefined;
    // A flooding search shows some of its own series for sure when it is the graph's only one and the rest leave room.
    const someShown = flooding.length === 1 && fixed < MAX_GRAPH_SERIES;
    for (const m of mine) out.push(crowded === undefined ? m.row : { ...m.row, crowded, ...(m.floods && someShown ? { someShown: true } : {}) });
  }
  return { rows: out };
}

/**
 * A row's dimensions as the alarm readers read a metric's: a text that references resources of the body (`${Id}`,
 * `${Id.Attr}`, the CDK's `${Id.split("/")[1]}`...) is that Sub text, any other a literal.
 */
function dimsOf(row: DashRow, index: TemplateIndex): Dim[] {
  return Object.keys(row.dims).map((name) => {
    if (row.anyDims?.has(name)) return { name, refs: new Set<string>(), value: { k: 'lit', v: '*' }, any: true };
    // The body keeps a reference's quotes from ending its JSON string (`body`): give them back.
    const text = row.dims[name].replace(/\$\{[^}$]*\}/g, (p) => p.replace(/'/g, '"'));
    // References as the index places them (`refMark`), never the same characters written as text.
    const ids = new Set(subPieces(text).flatMap((p) => {
      const ref = p.name === undefined ? undefined : markedRef(p.name);
      return ref === undefined ? [] : [ref.split('.')[0]];
    }).filter((id) => row.refs.has(id)));
    const refs = [...ids].map((id) => index.get(id)).filter((r): r is CfnResource => r !== undefined);
    const value: Val = refs.length === 0 ? { k: 'lit', v: text } : { k: 'expr', text, refs };
    return { name, refs: new Set(refs.map((r) => r.logicalId)), value, ...(refs.length === 0 ? { literal: text } : {}) };
  });
}

/**
 * Whether a row shows a resource's metric: one of its dimensions names the resource the way CloudWatch publishes
 * the metric under that dimension in the row's namespace (`dimensionNames`, on the alarm readers' `NAMING`: `!Ref`
 * where Ref returns the identifier, the attribute that does — an ECS service's `Name`, a load balancer's
 * `LoadBalancerFullName`, a target group's `TargetGroupFullName` —, a member cache cluster `<group id>-001`, or the
 * name the template gives it), and none of its dimensions names another one where the alarm readers know the
 * metric's dimensions (`metricFit`: an ECS service's cluster, a target group's load balancer, an API's stage...).
 * `no` for a row of a namespace whose dimensions the checks do not know (CloudWatch shows no data of the resource
 * there), or one naming it by another attribute (a database's endpoint, an ARN): no metric is published under that
 * value. `maybe` when that is decided at deploy time, when a SEARCH row's terms may exclude it (`open`), or when its
 * graph may hold more time series than CloudWatch shows (`crowded`: a SEARCH the template does not bound). A SEARCH
 * row's wildcard dimension names every resource of the kinds it names (`dimensionNames`).
 * @internal
 */
export function showing(index: TemplateIndex, row: DashRow, res: CfnResource): 'yes' | 'no' | 'maybe' {
  const dims = dimsOf(row, index);
  let best: 'yes' | 'no' | 'maybe' = 'no';
  for (const d of dims) {
    const f = dimensionNames(index, row.namespace, d, res);
    if (f === 'yes') best = 'yes';
    else if (f === 'maybe' && best === 'no') best = 'maybe';
  }
  if (best === 'no') return best;
  const metric: MetricRef = { namespace: row.namespace, name: row.name, dims, stat: row.stat, account: { k: 'absent' }, returnData: true };
  const fit = metricFit(index, metric, res);
  if (fit.wrong !== undefined) return 'no';
  return fit.open !== undefined || row.open !== undefined || row.crowded !== undefined ? 'maybe' : best;
}

/** Whether a row shows a resource's metric for sure (`showing`). @internal */
export function mentions(index: TemplateIndex, row: DashRow, res: CfnResource): boolean {
  return showing(index, row, res) === 'yes';
}

/** The rows of the given dashboards, the dashboards whose bodies cannot be read, and why each cannot (`unreadableWhy`). @internal */
export function rowsOf(index: TemplateIndex, dashboards: CfnResource[]): { rows: DashRow[]; unreadable: CfnResource[]; why: Map<CfnResource, string> } {
  const rows: DashRow[] = [];
  const unreadable: CfnResource[] = [];
  const why = new Map<CfnResource, string>();
  for (const d of dashboards) {
    const r = parsedBody(index, d);
    if (r.rows) rows.push(...r.rows);
    else {
      unreadable.push(d);
      why.set(d, r.why ?? `the body of dashboard ${d.logicalId} cannot be read`);
    }
  }
  return { rows, unreadable, why };
}

/** Why the unreadable dashboards of `rowsOf` / `rowsMentioning` cannot be read, in words, one clause each. @internal */
export function whyUnreadable(found: { readonly unreadable: readonly CfnResource[]; readonly why: ReadonlyMap<CfnResource, string> }): string {
  return found.unreadable.map((d) => found.why.get(d) ?? `the body of dashboard ${d.logicalId} cannot be read`).join('; ');
}

/**
 * The rows of every dashboard of the template that may show one of `subjects`
 * (`showing` yes or maybe), in the template's order, with every dashboard and the
 * unreadable ones: what `rowsOf(index, index.ofType(DASHBOARD_TYPE))` filtered
 * by `showing` gives, found by lookups in an index of the rows by the
 * resources and names they carry, built once per run when no choice of the
 * world decides the bodies (`settled`).
 * @internal
 */
export function rowsMentioning(index: TemplateIndex, subjects: CfnResource[]): { rows: DashRow[]; unreadable: CfnResource[]; why: Map<CfnResource, string>; dashboards: CfnResource[] } {
  const all = settled(index, 'dashboard-rows-by-mention', () => {
    const dashboards = index.ofType(DASHBOARD_TYPE);
    const { rows, unreadable, why } = rowsOf(index, dashboards);
    const byKey = new Map<string, DashRow[]>();
    const order = new Map<DashRow, number>();
    for (const row of rows) {
      order.set(row, order.size);
      const keys = new Set([...row.refs].map((id) => `\u0000ref\u0000${id}`));
      // A SEARCH row with a wildcard dimension may show any resource.
      if (row.anyDims) keys.add(ANY_KEY);
      for (const dim of Object.keys(row.dims)) if (!row.anyDims?.has(dim)) keys.add(nameKey(dim, { k: 'lit', v: row.dims[dim] }) ?? '');
      keys.delete('');
      for (const k of keys) {
        let list = byKey.get(k);
        if (!list) byKey.set(k, (list = []));
        list.push(row);
      }
    }
    return { dashboards, unreadable, why, byKey, order };
  });
  const candidates = new Set<DashRow>();
  for (const s of subjects) {
    const name = givenName(index, s);
    for (const k of [`\u0000ref\u0000${s.logicalId}`, name ? nameKey(name.dim, name.value) : undefined, ANY_KEY]) {
      for (const row of all.byKey.get(k ?? '') ?? []) candidates.add(row);
    }
  }
  const rows = [...candidates].filter((r) => subjects.some((s) => showing(index, r, s) !== 'no')).sort((a, b) => all.order.get(a)! - all.order.get(b)!);
  return { rows, unreadable: all.unreadable, why: all.why, dashboards: all.dashboards };
}

/** The key of `rowsMentioning`'s index under which the SEARCH rows with a wildcard dimension are. */
const ANY_KEY = '\u0000any';

/**
 * The dashboards with a SEARCH row of a wildcard dimension (`anyDims`), which may show a resource without naming or
 * referencing it; the rules that read only the dashboards referencing a resource read these too. Read once per run
 * when no choice of the world decides the bodies (`settled`).
 * @internal
 */
export function searchingDashboards(index: TemplateIndex): CfnResource[] {
  // Only the bodies that may hold a SEARCH are read: reading a body makes the world's choices it depends on.
  const searching = index.ofType(DASHBOARD_TYPE).filter((d) => maySearch(index.ownerOf(d), d));
  if (searching.length === 0) return [];
  return settled(index, 'dashboards-searching', () => searching.filter((d) => dashboardRows(index, d)?.some((r) => r.anyDims !== undefined) === true));
}

/**
 * Whether a dashboard's body, as written, may hold a SEARCH in some world: its text says SEARCH, or it takes text
 * from elsewhere (a mapping, a parameter, an import, a nested stack's output, a macro), which may. Read from the
 * written body, in no world, once per run for each dashboard.
 */
function maySearch(owner: TemplateIndex, dashboard: CfnResource): boolean {
  const kept = owner.keptTable<boolean>(MAY_SEARCH);
  const k = kept.get(dashboard);
  if (k !== undefined) return k;
  const v = bodyMaySearch(owner, own(own(own(own(owner.template, 'Resources'), dashboard.logicalId), 'Properties'), 'DashboardBody'));
  kept.set(dashboard, v);
  return v;
}

const MAY_SEARCH = 'dashboards.maySearch';

/** Functions whose value is text the body does not show. */
const FOREIGN_TEXT = new Set(['Fn::FindInMap', 'Fn::ImportValue', 'Fn::Transform']);

/** `bodyMaySearch` on a raw value (a loop over a stack of values: no recursion). */
function bodyMaySearch(owner: TemplateIndex, raw: unknown): boolean {
  // A name a `Ref`, `Fn::GetAtt` or `${...}` of Fn::Sub reads: text from outside the body unless a resource's id or
  // attribute (a nested stack's output excepted) or a pseudo parameter.
  const foreignName = (name: string): boolean => {
    if (name.startsWith('AWS::') || name.startsWith('!')) return false;
    const target = owner.get(name.split('.')[0]);
    return target === undefined || target.type === 'AWS::CloudFormation::Stack';
  };
  const stack: unknown[] = [raw];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x === 'string') {
      if (/SEARCH/i.test(x)) return true;
      continue;
    }
    if (Array.isArray(x)) { stack.push(...x); continue; }
    if (x === null || typeof x !== 'object') continue;
    for (const [key, v] of Object.entries(x)) {
      if (FOREIGN_TEXT.has(key)) return true;
      if (key === 'Ref' && typeof v === 'string' && foreignName(v)) return true;
      if (key === 'Fn::GetAtt') {
        const target = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
        if (target === undefined || foreignName(target)) return true;
      }
      if (key === 'Fn::Sub') {
        const text = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
        if (text === undefined) return true;
        const declared = Array.isArray(v) && v[1] !== null && typeof v[1] === 'object' ? new Set(Object.keys(v[1])) : new Set<string>();
        for (const r of subReferences(text)) if (!declared.has(r.inner) && foreignName(r.inner.trim())) return true;
      }
      stack.push(v);
    }
  }
  return false;
}
