import { publishedUnder } from './alarms';

/**
 * Reading a CloudWatch search expression (`SEARCH('{Namespace,Dim1,...} SearchTerm', 'Statistic', Period)`, the
 * "CloudWatch search expression syntax" page of the CloudWatch user guide) as the dashboard rows it is sure to show.
 *
 * The metric schema `{Namespace,Dim1,...}` (a name with spaces or other characters double-quoted) limits the search to
 * metrics of that namespace with those dimensions; the search term is terms joined by `AND` (also implied between
 * terms), `OR` and `NOT` (upper case only), grouped by parentheses. A term is a word (a partial match: on the tokens
 * of a metric name, namespace, dimension name or value) or a double-quoted string (an exact match), either alone
 * (any of those) or after a property (`MetricName=`, `Namespace=`, a dimension name `LoadBalancer=`,
 * `:aws.AccountId=`).
 *
 * A row here is a sufficient reading: the search returns the metric of a resource whose value of each row dimension
 * is the row's, under the row's namespace, metric name and dimension set (a search that also returns other metrics
 * still shows it). A term equal to the whole text it is matched with matches it, partial or exact; a schema
 * dimension no term constrains is a wildcard (`anyDims`: the search returns that dimension's every value). What the
 * checks do not decide — a partial match on another text, a `NOT` that may exclude the resource's metric, an account
 * term — is the row's `open` reason: such a row may show the resource, never for sure. An expression that is not a
 * bare `SEARCH(...)` (one inside other metric math adds series up), one the checks cannot parse, and one without a
 * namespace give no row.
 * @internal
 */

/** One row a search is sure to show (see above). @internal */
export interface SearchRow {
  readonly namespace: string;
  /** The metric name ('' when no term names it). */
  readonly name: string;
  /** Dimension name → value text; a wildcard dimension (`anyDims`) holds `*`. */
  readonly dims: Record<string, string>;
  /** Schema dimensions no term constrains: the search returns every value of them. */
  readonly anyDims: ReadonlySet<string>;
  /** The search's statistic. */
  readonly stat: string;
  /** Why whether the search returns the row's metric is not decided by the template. */
  readonly open?: string;
}

/** The most rows one search is read as (terms joined by OR multiply them); a search beyond it gives none. */
const MAX_ROWS = 32;

/** A placeholder `${...}` of the body (a reference, a pseudo parameter), held as one unit while the text is parsed. */
const HOLD = '\u0001';

interface Term { readonly prop?: string; readonly value: string; readonly exact: boolean }
type Node = { readonly op: 'and' | 'or'; readonly items: Node[] } | { readonly op: 'not'; readonly item: Node } | { readonly op: 'term'; readonly term: Term };
/** A term of a conjunction, negated or not. */
interface Lit { readonly neg: boolean; readonly term: Term }

/**
 * The rows a dashboard `expression` is sure to show when it is a bare SEARCH; undefined when it is no SEARCH at all
 * (other metric math), `[]` for a SEARCH that gives no row.
 * @internal
 */
export function searchRows(expression: string): SearchRow[] | undefined {
  if (!/SEARCH\s*\(/i.test(expression)) return undefined;
  // Placeholders (`${...}`) are held as units: their text may hold quotes or parentheses.
  const held: string[] = [];
  const text = holdPlaceholders(expression, held);
  const restore = (s: string) => s.replace(/\u0001(\d+)\u0001/g, (_, i) => held[Number(i)]);
  // SEARCH('<query>', '<statistic>'[, <period>]) and nothing around it.
  const whole = text.trim();
  const head = /^SEARCH\s*\(/.exec(whole);
  if (!head || !whole.endsWith(')')) return [];
  const inner = whole.substring(head[0].length, whole.length - 1);
  const tail = /,\s*'([^']*)'\s*(?:,[^,()']*)?$/.exec(inner);
  const first = tail ? inner.substring(0, tail.index).trim() : '';
  if (!tail || first.length < 2 || !first.startsWith('\'') || !first.endsWith('\'')) return [];
  const parsed = parseQuery(first.substring(1, first.length - 1));
  if (!parsed) return [];
  const stat = restore(tail[1]).trim();
  const conjuncts = parsed.term ? dnf(parsed.term) : [[]];
  if (!conjuncts || conjuncts.length > MAX_ROWS) return [];
  const out: SearchRow[] = [];
  for (const c of conjuncts) {
    for (const row of readConjunct(c, parsed.schema?.map(restore), restore)) {
      if (out.length >= MAX_ROWS) return out;
      if (publishedUnder(row.namespace, row.name, Object.keys(row.dims)) === false) continue;
      out.push({ ...row, stat });
    }
  }
  return out;
}

/**
 * How many time series a dashboard `expression` that is a bare SEARCH can return, when the template bounds it: each
 * way its terms can be met (terms joined by OR) fixes the metric name and every dimension of its schema by an exact
 * (double-quoted) term, so it matches one metric. Undefined when the count depends on what the account holds (a
 * schema dimension or the metric name no exact term fixes: the search returns every matching series CloudWatch has
 * seen in the past two weeks), or the expression cannot be read. CloudWatch shows at most 500 time series in a graph
 * ("Search expression limits", CloudWatch search expression syntax), and does not document which ones past that.
 * @internal
 */
export function searchSeries(expression: string): number | undefined {
  const held: string[] = [];
  const whole = holdPlaceholders(expression, held).trim();
  const head = /^SEARCH\s*\(/.exec(whole);
  if (!head || !whole.endsWith(')')) return undefined;
  const inner = whole.substring(head[0].length, whole.length - 1);
  const tail = /,\s*'([^']*)'\s*(?:,[^,()']*)?$/.exec(inner);
  const first = tail ? inner.substring(0, tail.index).trim() : '';
  if (!tail || first.length < 2 || !first.startsWith('\'') || !first.endsWith('\'')) return undefined;
  const parsed = parseQuery(first.substring(1, first.length - 1));
  if (!parsed?.schema || !parsed.term) return undefined;
  const conjuncts = dnf(parsed.term);
  if (!conjuncts) return undefined;
  const dims = parsed.schema.slice(1);
  for (const c of conjuncts) {
    const fixed = new Set(c.filter((l) => !l.neg && l.term.exact && l.term.prop !== undefined).map((l) => l.term.prop!));
    if (!fixed.has('MetricName') || !dims.every((d) => fixed.has(d))) return undefined;
  }
  return conjuncts.length;
}

/** The schema (namespace first) and the term tree of a query; undefined when it cannot be parsed. */
function parseQuery(q: string): { schema?: string[]; term?: Node } | undefined {
  let i = 0;
  const ws = () => { while (i < q.length && /\s/.test(q[i])) i++; };
  ws();
  let schema: string[] | undefined;
  if (q[i] === '{') {
    i++;
    schema = [];
    for (;;) {
      ws();
      let item = '';
      if (q[i] === '"') {
        const s = quoted(q, i);
        if (!s) return undefined;
        item = s.value;
        i = s.end;
      } else {
        while (i < q.length && q[i] !== ',' && q[i] !== '}') item += q[i++];
        item = item.trim();
      }
      ws();
      if (item === '') return undefined;
      schema.push(item);
      if (q[i] === ',') { i++; continue; }
      if (q[i] === '}') { i++; break; }
      return undefined;
    }
    ws();
    if (q[i] === ',') i++;
  }
  const tokens = tokenize(q.substring(i));
  if (!tokens) return undefined;
  if (tokens.length === 0) return schema ? { schema } : undefined;
  let at = 0;
  const peek = () => tokens[at];
  const orExpr = (): Node | undefined => {
    const items: Node[] = [];
    for (;;) {
      const a = andExpr();
      if (!a) return undefined;
      items.push(a);
      if (peek()?.kind === 'OR') { at++; continue; }
      return items.length === 1 ? items[0] : { op: 'or', items };
    }
  };
  const andExpr = (): Node | undefined => {
    const items: Node[] = [];
    for (;;) {
      const u = unary();
      if (!u) return undefined;
      items.push(u);
      const t = peek();
      if (t?.kind === 'AND') { at++; continue; }
      if (t === undefined || t.kind === 'OR' || t.kind === ')') return items.length === 1 ? items[0] : { op: 'and', items };
    }
  };
  const unary = (): Node | undefined => {
    const t = tokens[at++];
    if (t === undefined) return undefined;
    if (t.kind === 'NOT') { const u = unary(); return u ? { op: 'not', item: u } : undefined; }
    if (t.kind === '(') {
      const e = orExpr();
      if (!e || tokens[at++]?.kind !== ')') return undefined;
      return e;
    }
    return t.kind === 'term' ? { op: 'term', term: t.term } : undefined;
  };
  const term = orExpr();
  return term && at === tokens.length ? { schema, term } : undefined;
}

type Token = { kind: 'AND' | 'OR' | 'NOT' | '(' | ')' } | { kind: 'term'; term: Term };

/** A double-quoted string at `i` (`\` escapes the next character), and where it ends. */
function quoted(q: string, i: number): { value: string; end: number } | undefined {
  let value = '';
  for (let j = i + 1; j < q.length; j++) {
    if (q[j] === '\\') { value += q[++j] ?? ''; continue; }
    if (q[j] === '"') return { value, end: j + 1 };
    value += q[j];
  }
  return undefined;
}

/** The tokens of a search term; undefined when it cannot be read (an unclosed quote, a property without a value). */
function tokenize(s: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  const word = (): string => {
    let w = '';
    while (i < s.length && !/[\s()"=]/.test(s[i])) w += s[i++];
    return w;
  };
  const value = (): { value: string; exact: boolean } | undefined => {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s[i] === '"') {
      const q = quoted(s, i);
      if (!q) return undefined;
      i = q.end;
      return { value: q.value, exact: true };
    }
    const w = word();
    return w === '' ? undefined : { value: w, exact: false };
  };
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')') { out.push({ kind: c }); i++; continue; }
    let first: { value: string; exact: boolean } | undefined;
    if (c === '"') {
      first = value();
    } else {
      const w = word();
      if (w === 'AND' || w === 'OR' || w === 'NOT') { out.push({ kind: w }); continue; }
      first = w === '' ? undefined : { value: w, exact: false };
    }
    if (!first) return undefined;
    let j = i;
    while (j < s.length && /\s/.test(s[j])) j++;
    if (s[j] === '=') {
      i = j + 1;
      const v = value();
      if (!v) return undefined;
      out.push({ kind: 'term', term: { prop: first.value, value: v.value, exact: v.exact } });
    } else {
      out.push({ kind: 'term', term: { value: first.value, exact: first.exact } });
    }
  }
  return out;
}

/** The term tree as terms joined by OR of terms joined by AND (negations pushed to the terms); undefined past MAX_ROWS. */
function dnf(n: Node, neg = false): Lit[][] | undefined {
  if (n.op === 'term') return [[{ neg, term: n.term }]];
  if (n.op === 'not') return dnf(n.item, !neg);
  const parts: Lit[][][] = [];
  for (const item of n.items) {
    const d = dnf(item, neg);
    if (!d) return undefined;
    parts.push(d);
  }
  // OR (or a negated AND): the union; AND (or a negated OR): the products.
  if ((n.op === 'or') !== neg) {
    const all = parts.flat();
    return all.length > MAX_ROWS ? undefined : all;
  }
  let acc: Lit[][] = [[]];
  for (const p of parts) {
    const next: Lit[][] = [];
    for (const a of acc) for (const b of p) next.push([...a, ...b]);
    if (next.length > MAX_ROWS) return undefined;
    acc = next;
  }
  return acc;
}

interface Draft { namespace?: string; name?: string; dims: Map<string, string>; open?: string }

/** The rows one conjunction is sure to show: one per way its free terms can be met. */
function readConjunct(lits: Lit[], schema: string[] | undefined, restore: (s: string) => string): Omit<SearchRow, 'stat'>[] {
  const draft: Draft = { namespace: schema?.[0], dims: new Map() };
  const schemaDims = new Set(schema?.slice(1) ?? []);
  const must = (why: string) => { draft.open ??= why; };
  const term = (l: Lit): Term => ({ ...l.term, ...(l.term.prop !== undefined ? { prop: restore(l.term.prop) } : {}), value: restore(l.term.value) });
  const shown = (t: Term) => `${t.prop !== undefined ? `${t.prop}=` : ''}${t.exact ? `"${t.value}"` : t.value}`;
  // Terms on a property first: they fix the namespace, the metric name and dimension values.
  for (const l of lits.filter((x) => !x.neg && x.term.prop !== undefined)) {
    const t = term(l);
    const prop = t.prop!;
    if (prop === 'MetricName' || prop === 'Namespace') {
      const key = prop === 'MetricName' ? 'name' : 'namespace';
      const have = draft[key];
      if (have === undefined) { draft[key] = t.value; continue; }
      if (have === t.value) continue;
      if (t.exact) return [];
      must(`the partial match ${shown(t)} on ${have}`);
      continue;
    }
    if (prop.startsWith(':')) { must(`the term ${shown(t)}`); continue; }
    // A dimension outside the schema: no metric of the schema has it.
    if (schema && !schemaDims.has(prop)) return [];
    const have = draft.dims.get(prop);
    if (have !== undefined && have !== t.value) return [];
    draft.dims.set(prop, t.value);
  }
  if (draft.namespace === undefined) return [];
  // Free terms: each met by the metric name, the namespace, a schema dimension name, or a dimension's value.
  let drafts: Draft[] = [draft];
  for (const l of lits.filter((x) => !x.neg && x.term.prop === undefined)) {
    const t = term(l);
    const next: Draft[] = [];
    for (const d of drafts) {
      if (d.name === t.value || d.namespace === t.value || schemaDims.has(t.value) || [...d.dims.values()].includes(t.value)) { next.push(d); continue; }
      if (d.name === undefined) next.push({ ...d, name: t.value, dims: new Map(d.dims) });
      for (const dim of schemaDims) if (!d.dims.has(dim)) next.push({ ...d, dims: new Map([...d.dims, [dim, t.value]]) });
    }
    if (next.length > MAX_ROWS) return [];
    drafts = next;
  }
  const out: Omit<SearchRow, 'stat'>[] = [];
  for (const d of drafts) {
    let open = d.open;
    let excluded = false;
    const dimNames = schema ? [...schemaDims] : [...d.dims.keys()];
    // A NOT term must not match the resource's metric: decided where every text it may match is known.
    for (const l of lits.filter((x) => x.neg)) {
      const t = term(l);
      const hit = negated(t, d, dimNames);
      if (hit === true) { excluded = true; break; }
      if (hit === undefined) open ??= `NOT ${shown(t)}, which may exclude it`;
    }
    if (excluded) continue;
    const dims: Record<string, string> = Object.create(null);
    const anyDims = new Set<string>();
    for (const n of dimNames) {
      const v = d.dims.get(n);
      if (v === undefined) anyDims.add(n);
      dims[n] = v ?? '*';
    }
    out.push({ namespace: d.namespace!, name: d.name ?? '', dims, anyDims, ...(open !== undefined ? { open } : {}) });
  }
  return out;
}

/** Whether a negated term matches the row's metric (true: the search excludes it), undefined when not known. */
function negated(t: Term, d: Draft, dimNames: string[]): boolean | undefined {
  // A value known as text: a literal without placeholders (a reference's value is known at deploy time only).
  const known = (v: string | undefined) => v !== undefined && !v.includes('${');
  const compare = (have: string | undefined): boolean | undefined => {
    if (!known(have) || !known(t.value)) return undefined;
    if (have === t.value) return true;
    return t.exact ? false : undefined;
  };
  if (t.prop === 'MetricName') return compare(d.name);
  if (t.prop === 'Namespace') return compare(d.namespace);
  if (t.prop !== undefined) {
    if (t.prop.startsWith(':')) return undefined;
    if (!dimNames.includes(t.prop)) return false;
    return compare(d.dims.get(t.prop));
  }
  // A free term: any of the metric's texts.
  const texts = [d.name, d.namespace, ...dimNames, ...dimNames.map((n) => d.dims.get(n))];
  const each = texts.map(compare);
  if (each.includes(true)) return true;
  return each.every((x) => x === false) ? false : undefined;
}

/** The text with each `${...}` replaced by `HOLD<n>HOLD` (its text kept in `held`), in one linear pass. */
function holdPlaceholders(text: string, held: string[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    const close = open === -1 ? -1 : text.indexOf('}', open + 2);
    if (close === -1) { out += text.substring(i); break; }
    out += `${text.substring(i, open)}${HOLD}${held.push(text.substring(open, close + 1)) - 1}${HOLD}`;
    i = close + 1;
  }
  return out;
}
