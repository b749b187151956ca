import { CfnResource, TemplateIndex, V, Val } from '../template-index';
import { Opaque, plain } from './documents';
import { settled } from './settled';

/**
 * Whether an EventBridge rule (`AWS::Events::Rule`) delivers a given event:
 * enabled, on the default bus (where AWS services send their events), and an
 * `EventPattern` that matches it. Everything is read in the current world; a
 * rule whose state, bus or pattern the template cannot decide is `unknown`.
 * @internal
 */

export const EVENTS_RULE = 'AWS::Events::Rule';

/** yes, no, or the reason it cannot be known at synth. @internal */
export type Match = { k: 'yes' } | { k: 'no'; why: string } | { k: 'unknown'; why: string };

const YES: Match = { k: 'yes' };

/**
 * A value of the event being matched: text, a resource of the template whose
 * name the event carries (matched by a `Ref` to it in the pattern, or by its
 * name when the template writes it), or `NOT_PRESENT` (the event has no such
 * field). Fields of the event that are not given may hold anything: a pattern
 * that filters on them is `unknown` for this event.
 * @internal
 */
export type EventValue = string | NamedResource | typeof NOT_PRESENT;
/**
 * A resource of the template an event names (matched by a `Ref` to any of
 * `resources`: a secret and its target attachment name the same secret), and
 * its name or ARN when the template writes it. @internal
 */
export interface NamedResource {
  readonly resources: CfnResource[];
  readonly name?: string;
}
/** An event field known to be absent. @internal */
export const NOT_PRESENT = Symbol('not present');
/** The event being matched: its known fields (nested for `detail`). @internal */
export interface EventShape {
  readonly [field: string]: EventValue | EventShape;
}

/** Whether a rule is enabled and on the default bus. */
function listening(rule: CfnResource, index: TemplateIndex): Match {
  const state = index.prop(rule, 'State');
  if (state.k === 'unknown') return { k: 'unknown', why: `the state of ${rule.logicalId} is decided at deploy time (${state.why})` };
  const s = state.k === 'absent' ? 'ENABLED' : V.str(state) ?? '';
  if (!s.startsWith('ENABLED')) return { k: 'no', why: `${rule.logicalId} is ${V.show(state)}` };
  const bus = index.prop(rule, 'EventBusName');
  if (bus.k === 'unknown') return { k: 'unknown', why: `the event bus of ${rule.logicalId} is decided at deploy time (${bus.why})` };
  if (bus.k === 'absent') return YES;
  const name = V.str(bus);
  if (name === 'default' || (name !== undefined && /:event-bus\/default$/.test(name))) return YES;
  return { k: 'no', why: `${rule.logicalId} listens on event bus ${V.show(bus)}, not the default bus where AWS services send their events` };
}

/** A rule read once: whether it listens, its pattern as plain data, its targets. */
interface ParsedRule {
  readonly rule: CfnResource;
  /** Its place in the template, to try candidates in template order. */
  readonly ord: number;
  /** The pattern as plain data, when the rule listens and its pattern can be read. */
  readonly pattern?: Record<string, unknown>;
  /** Otherwise why it cannot deliver the event (no), or cannot be known to (unknown). */
  readonly blocked?: Match;
  readonly targets: Val[] | undefined;
}

function parse(rule: CfnResource, ord: number, index: TemplateIndex): ParsedRule {
  const targets = ruleTargets(rule, index);
  const listen = listening(rule, index);
  if (listen.k !== 'yes') return { rule, ord, blocked: listen, targets };
  const raw = index.prop(rule, 'EventPattern');
  if (raw.k === 'absent') return { rule, ord, blocked: { k: 'no', why: `${rule.logicalId} has no event pattern (a scheduled rule)` }, targets };
  let pattern: unknown = plain(index, raw);
  if (typeof pattern === 'string') {
    try {
      pattern = JSON.parse(pattern);
    } catch {
      return { rule, ord, blocked: { k: 'no', why: `the event pattern of ${rule.logicalId} is not JSON` }, targets };
    }
  }
  if (pattern instanceof Opaque) return { rule, ord, blocked: { k: 'unknown', why: `the event pattern of ${rule.logicalId} is decided at deploy time` }, targets };
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) return { rule, ord, blocked: { k: 'no', why: `the event pattern of ${rule.logicalId} is not an object` }, targets };
  return { rule, ord, pattern: pattern as Record<string, unknown>, targets };
}

/** The rules of a template, read once, indexed by the literal sources their patterns name. */
interface RuleIndex {
  readonly bySource: Map<string, ParsedRule[]>;
  /** Rules whose pattern names no literal source (a content filter, no source, or not readable): tried for every event. */
  readonly any: ParsedRule[];
  /** The rules of a source filed by what their pattern asks of one field (see `keyed`), made on first use. */
  readonly keyed: Map<string, KeyedRules>;
}

/**
 * The rules of one source filed by the values their pattern lists for one
 * field of the event (`detail.additionalEventData.SecretId`): a `Ref` to a
 * resource of the template, or a literal text. A rule whose pattern does not
 * filter on the field, or lists any other matcher there (a prefix,
 * anything-but, a computed value), is in `rest` and is tried for every event.
 */
interface KeyedRules {
  readonly byResource: Map<CfnResource, ParsedRule[]>;
  readonly byText: Map<string, ParsedRule[]>;
  /** Every rule filed by a resource, and every rule filed by a text. */
  readonly refs: ParsedRule[];
  readonly texts: ParsedRule[];
  readonly rest: ParsedRule[];
}

function push<K>(m: Map<K, ParsedRule[]>, k: K, p: ParsedRule): void {
  let list = m.get(k);
  if (!list) m.set(k, (list = []));
  if (list[list.length - 1] !== p) list.push(p);
}

function fileByKey(rules: ParsedRule[], path: string[]): KeyedRules {
  const out: KeyedRules = { byResource: new Map(), byText: new Map(), refs: [], texts: [], rest: [] };
  for (const p of rules) {
    let node: unknown = p.pattern;
    for (const seg of path) {
      node = node !== null && typeof node === 'object' && !Array.isArray(node) && !(node instanceof Opaque) ? (node as Record<string, unknown>)[seg] : undefined;
    }
    const matchers = node === undefined ? undefined : Array.isArray(node) ? node : [node];
    const refs = matchers?.filter((m): m is Opaque => m instanceof Opaque && m.value.k === 'ref') ?? [];
    const texts = matchers?.filter((m): m is string => typeof m === 'string') ?? [];
    if (!matchers || matchers.length === 0 || refs.length + texts.length < matchers.length) { out.rest.push(p); continue; }
    for (const m of refs) push(out.byResource, (m.value as { target: CfnResource }).target, p);
    for (const t of texts) push(out.byText, t, p);
    if (refs.length > 0) out.refs.push(p);
    if (texts.length > 0) out.texts.push(p);
  }
  return out;
}

/** The value an event gives at `path`, or undefined when it does not give it. */
function eventAt(e: EventShape, path: string[]): EventValue | undefined {
  let node: EventValue | EventShape | undefined = e;
  for (const seg of path) {
    node = node !== undefined && typeof node === 'object' && !isNamed(node) ? (node as EventShape)[seg] : undefined;
  }
  return node as EventValue | undefined;
}

/**
 * The rules that may match an event whose field at `path` is `v` (the others list other values there), as lists
 * each in template order, or undefined when the event does not give the field.
 */
function candidates(k: KeyedRules, v: EventValue | undefined): ParsedRule[][] | undefined {
  if (v === undefined || v === NOT_PRESENT) return undefined;
  if (typeof v === 'string') return [k.byText.get(v) ?? [], k.refs, k.rest];
  const named = v as NamedResource;
  return [...named.resources.map((r) => k.byResource.get(r) ?? []), named.name !== undefined ? k.byText.get(named.name) ?? [] : k.texts, k.rest];
}

/**
 * The rules of lists each in template order, merged in template order, lazily: the caller stops at the first
 * rule that suffices, so a schedule whose own rule comes first costs one step, not a sort of every candidate
 * (which made many schedules quadratic).
 */
function* inTemplateOrder(lists: ParsedRule[][]): Generator<ParsedRule> {
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      if (at[i] < lists[i].length && (best < 0 || lists[i][at[i]].ord < lists[best][at[best]].ord)) best = i;
    }
    if (best < 0) return;
    yield lists[best][at[best]++];
  }
}

/**
 * The EventBridge rules of the template that exist in the current world, each
 * read once: kept for the template when reading them needed no choice of the
 * world (see settled.ts), so judging many vaults or schedules reads the rules
 * once, not once each, and tries only the rules of the event's source.
 */
function eventRules(index: TemplateIndex): RuleIndex {
  return settled(index, 'event-rules', () => {
    const out: RuleIndex = { bySource: new Map(), any: [], keyed: new Map() };
    for (const p of index.ofType(EVENTS_RULE).map((r, i) => parse(r, i, index))) {
      const source = p.pattern?.source;
      const literals = Array.isArray(source) && source.every((x) => typeof x === 'string') ? source as string[] : undefined;
      if (!literals) { out.any.push(p); continue; }
      for (const l of new Set(literals)) {
        let list = out.bySource.get(l);
        if (!list) out.bySource.set(l, (list = []));
        list.push(p);
      }
    }
    return out;
  });
}

/**
 * The enabled rules on the default bus that may deliver `event` (any of
 * `events`: the same event as it may arrive, e.g. under two detail-types),
 * lazily, in template order, each with its verdict (`yes`, or `unknown` with
 * the reason) and targets; rules that cannot deliver it are left out. Stop at
 * the first that suffices. With `key` (the path of a field that names the
 * event's resource, e.g. `['detail', 'additionalEventData', 'SecretId']`),
 * rules whose pattern lists only other resources or texts for that field are
 * not tried at all: judging many resources, each with its own rule, stays
 * linear.
 * @internal
 */
export function* matchingRules(index: TemplateIndex, events: EventShape[], key?: string[]): Generator<{ rule: CfnResource; match: Match; targets: Val[] | undefined }> {
  const rules = eventRules(index);
  const sources = new Set(events.map((e) => e.source).filter((x): x is string => typeof x === 'string'));
  const seen = new Set<ParsedRule>();
  const lists: Iterable<ParsedRule>[] = [];
  for (const src of sources) {
    const all = rules.bySource.get(src) ?? [];
    if (!key || all.length === 0) { lists.push(all); continue; }
    const id = `${src}\u0000${key.join('.')}`;
    let filed = rules.keyed.get(id);
    if (!filed) rules.keyed.set(id, (filed = fileByKey(all, key)));
    const found = events.map((e) => candidates(filed!, eventAt(e, key)));
    if (found.some((c) => c === undefined)) { lists.push(all); continue; }
    // Only the candidates, in template order (a rule listed twice is skipped below).
    lists.push(inTemplateOrder((found as ParsedRule[][][]).flat()));
  }
  lists.push(rules.any);
  for (const list of lists) {
    for (const p of list) {
      if (seen.has(p)) continue;
      seen.add(p);
      const m = matchParsed(p, events);
      if (m.k !== 'no') yield { rule: p.rule, match: m, targets: p.targets };
    }
  }
}

function matchParsed(p: ParsedRule, events: EventShape[]): Match {
  if (!p.pattern) return p.blocked ?? { k: 'no', why: `${p.rule.logicalId} cannot deliver the event` };
  let best: Match = { k: 'no', why: `the event pattern of ${p.rule.logicalId} does not match` };
  for (const e of events) {
    const m = matchObject(p.pattern, e);
    if (m.k === 'yes') return YES;
    if (m.k === 'unknown') best = { k: 'unknown', why: `${p.rule.logicalId}: ${m.why}` };
  }
  return best;
}

/** Every field of the pattern matches (AND); a field the event does not give is unknown. */
function matchObject(pattern: Record<string, unknown>, event: EventShape | undefined): Match {
  let open: Match | undefined;
  for (const [key, p] of Object.entries(pattern)) {
    const e = event?.[key];
    let m: Match;
    if (p instanceof Opaque) m = { k: 'unknown', why: `pattern field ${key} is decided at deploy time` };
    else if (p !== null && typeof p === 'object' && !Array.isArray(p)) {
      m = e === undefined ? { k: 'unknown', why: `the pattern filters on ${key}, which this check does not model` }
        : typeof e === 'object' && !isNamed(e) ? matchObject(p as Record<string, unknown>, e as EventShape)
          : { k: 'no', why: `${key} is not an object in the event` };
    } else {
      m = matchLeaf(Array.isArray(p) ? p : [p], key, e as EventValue | undefined);
    }
    if (m.k === 'no') return m;
    if (m.k === 'unknown') open ??= m;
  }
  return open ?? YES;
}

function isNamed(x: unknown): x is NamedResource {
  return x !== null && typeof x === 'object' && Object.prototype.hasOwnProperty.call(x, 'resources');
}

/** Any matcher of the list matches the event value (OR). */
function matchLeaf(matchers: unknown[], key: string, e: EventValue | undefined): Match {
  let open: Match | undefined;
  for (const m of matchers) {
    const r = matchOne(m, e);
    if (r === true) return YES;
    if (r === undefined) open ??= { k: 'unknown', why: `whether ${key} matches cannot be known at synth` };
  }
  return open ?? { k: 'no', why: `${key} does not match` };
}

/** One matcher against one event value: true, false, or undefined when it cannot be known. */
function matchOne(m: unknown, e: EventValue | undefined): boolean | undefined {
  if (e === undefined) return undefined; // a field this check does not model
  if (m instanceof Opaque) {
    // A Ref (or an attribute) of the resource the event names.
    // A Ref to another resource of the template names another resource.
    if (isNamed(e) && m.value.k === 'ref') return e.resources.includes(m.value.target);
    return undefined;
  }
  if (m === null || typeof m !== 'object') {
    if (e === NOT_PRESENT) return false;
    if (isNamed(e)) return e.name === undefined ? undefined : String(m) === e.name;
    return typeof m === typeof e ? m === e : String(m) === e;
  }
  const ops = Object.entries(m as Record<string, unknown>);
  if (ops.length !== 1) return undefined;
  const [op, arg] = ops[0];
  if (op === 'exists') return arg === (e !== NOT_PRESENT);
  if (e === NOT_PRESENT) return op === 'anything-but' ? undefined : false;
  if (arg instanceof Opaque) return undefined;
  const text = isNamed(e) ? e.name : e;
  if (text === undefined) return undefined;
  switch (op) {
    case 'prefix': return typeof arg === 'string' ? text.startsWith(arg) : undefined;
    case 'suffix': return typeof arg === 'string' ? text.endsWith(arg) : undefined;
    case 'equals-ignore-case': return typeof arg === 'string' ? text.toLowerCase() === arg.toLowerCase() : undefined;
    case 'wildcard': return typeof arg === 'string' ? wildcard(arg, text) : undefined;
    case 'anything-but': {
      if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
        const inner = matchOne(arg, e);
        return inner === undefined ? undefined : !inner;
      }
      const list = Array.isArray(arg) ? arg : [arg];
      if (list.some((x) => x instanceof Opaque)) return undefined;
      return !list.some((x) => String(x) === text);
    }
    default:
      return undefined; // numeric, cidr...: not modelled
  }
}

/** EventBridge `wildcard`: `*` matches any run of characters; linear, no regular expression. */
function wildcard(pattern: string, s: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === s;
  if (!s.startsWith(parts[0]) || !s.endsWith(parts[parts.length - 1])) return false;
  let at = parts[0].length;
  const end = s.length - parts[parts.length - 1].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const j = s.indexOf(parts[i], at);
    if (j < 0 || j + parts[i].length > end) return false;
    at = j + parts[i].length;
  }
  return at <= end;
}

/** The targets of a rule in the current world: `undefined` when the list is decided at deploy time. */
function ruleTargets(rule: CfnResource, index: TemplateIndex): Val[] | undefined {
  const t = index.prop(rule, 'Targets');
  if (t.k === 'absent') return [];
  return index.items(t);
}
