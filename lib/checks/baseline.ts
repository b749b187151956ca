import { Finding, FindingStatus } from './model';
import { InputError, shown } from '../input/input-error';
import { parseJson } from '../input/strict-json';

/** The conventional name of the baseline file, committed beside the app. */
export const BASELINE_FILE = 'golive.baseline.json';

/**
 * One violation recorded by `cdk-golive baseline`: it keeps failing its item, but no longer
 * fails the gate. Identified by rule, stack, resource and property; items and message are
 * there for the reader.
 * @internal
 */
export interface BaselineEntry {
  readonly rule: string;
  readonly stack: string;
  readonly resource: string;
  readonly property?: string;
  readonly items: string[];
  readonly message: string;
}

const KEYS = new Set(['rule', 'stack', 'resource', 'property', 'items', 'message']);

/**
 * Parse and validate a baseline file. Fails closed: malformed JSON, an entry that is not an
 * object, a missing or ill-typed field, an unknown field or an unknown rule id throws one line
 * naming the file, the entry and the field.
 * @internal
 */
export function parseBaseline(text: string, file: string, knownRules: ReadonlySet<string>): BaselineEntry[] {
  // Parsed as every input is (lib/input/strict-json): a duplicate key refused, an error by line and column,
  // never quoting the file's text (JSON.parse's message did: the baseline path may name any file).
  const doc: unknown = parseJson(text, shown(file, 400));
  const findings = (doc as { findings?: unknown } | null)?.findings;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Array.isArray(findings)) {
    throw new InputError(`${shown(file, 400)}: expected { "findings": [...] } as written by 'cdk-golive baseline'`);
  }
  return findings.map((entry: unknown, i: number) => {
    const at = `${shown(file, 400)}: findings[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new InputError(`${at}: expected an object`);
    const e = entry as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!KEYS.has(k)) throw new InputError(`${at}.${shown(k, 60)}: unknown field (allowed: ${[...KEYS].join(', ')})`);
    for (const k of ['rule', 'stack', 'resource']) {
      if (typeof e[k] !== 'string' || (e[k] as string) === '') throw new InputError(`${at}.${k}: required, a non-empty string`);
    }
    if (e.property !== undefined && typeof e.property !== 'string') throw new InputError(`${at}.property: must be a string`);
    if (e.message !== undefined && typeof e.message !== 'string') throw new InputError(`${at}.message: must be a string`);
    if (e.items !== undefined && !(Array.isArray(e.items) && e.items.every((x) => typeof x === 'string'))) throw new InputError(`${at}.items: must be an array of strings`);
    if (!knownRules.has(e.rule as string)) throw new InputError(`${at}.rule: unknown rule '${shown(String(e.rule), 80)}'`);
    return {
      rule: e.rule as string,
      stack: e.stack as string,
      resource: e.resource as string,
      property: e.property as string | undefined,
      items: (e.items as string[] | undefined) ?? [],
      message: (e.message as string | undefined) ?? '',
    };
  });
}

function key(rule: string, stack: string, resource: string, property?: string): string {
  return [rule, stack, resource, property ?? ''].join('\u0000');
}

/**
 * Mark the failing findings the baseline records (each entry covers one finding), and return
 * the entries no finding matches any more: fixed, to be dropped by the next `cdk-golive baseline`.
 * @internal
 */
export function applyBaseline(findings: Finding[], entries: BaselineEntry[]): { findings: Finding[]; fixed: BaselineEntry[] } {
  const open = new Map<string, BaselineEntry[]>();
  for (const e of entries) {
    const k = key(e.rule, e.stack, e.resource, e.property);
    const list = open.get(k);
    if (list) list.push(e);
    else open.set(k, [e]);
  }
  const out = findings.map((f) => {
    if (f.status !== FindingStatus.FAIL) return f;
    const left = open.get(key(f.ruleId, f.stack, f.resource, f.property));
    if (!left || left.length === 0) return f;
    left.pop();
    return { ...f, baselined: true };
  });
  return { findings: out, fixed: [...open.values()].flat() };
}

/** The baseline entries of the failing findings, in a stable order. @internal */
export function baselineEntries(findings: Finding[]): BaselineEntry[] {
  return findings
    .filter((f) => f.status === FindingStatus.FAIL)
    .map((f) => ({ rule: f.ruleId, stack: f.stack, resource: f.resource, property: f.property, items: f.itemIds, message: f.message }))
    .sort((a, b) => key(a.rule, a.stack, a.resource, a.property).localeCompare(key(b.rule, b.stack, b.resource, b.property)));
}

/** The text of a baseline file. @internal */
export function renderBaseline(entries: BaselineEntry[]): string {
  return JSON.stringify({
    about: 'Violations recorded by `cdk-golive baseline`: they do not fail `cdk synth` or `cdk-golive check`; new ones do. '
      + 'The next `cdk-golive baseline` drops the fixed ones and never adds any, so this file only shrinks.',
    findings: entries.map((e) => ({ rule: e.rule, stack: e.stack, resource: e.resource, ...(e.property ? { property: e.property } : {}), items: e.items, message: e.message })),
  }, undefined, 2) + '\n';
}
