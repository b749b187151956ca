/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'aws');

/** One patch operation on a template: set or delete the value at `path`. */
export interface PatchOp {
  readonly op: 'set' | 'delete' | 'push';
  readonly path: (string | number)[];
  readonly value?: any;
}

/** A violating case: a compliant base template with a patch that breaks exactly one rule's item. */
export interface ViolationCase {
  readonly name: string;
  readonly base: string;
  readonly patch: PatchOp[];
  /** The logical id the rule must flag. */
  readonly resource: string;
  /** `fail` (the default) or `unknown`. */
  readonly expect?: 'fail' | 'unknown';
}

export interface ViolationFile {
  readonly rule: string;
  readonly cases: ViolationCase[];
}

export function compliantBases(): Map<string, any> {
  const dir = path.join(FIXTURES, 'compliant');
  const out = new Map<string, any>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    out.set(f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  return out;
}

export function violationFiles(): ViolationFile[] {
  const dir = path.join(FIXTURES, 'violations');
  return fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ViolationFile);
}

/** Apply a patch to a deep copy of `template`. */
export function applyPatch(template: any, patch: PatchOp[]): any {
  const t = JSON.parse(JSON.stringify(template));
  for (const op of patch) {
    let cur = t;
    for (const k of op.path.slice(0, -1)) {
      if (cur[k] === undefined) cur[k] = typeof k === 'number' ? [] : {};
      cur = cur[k];
    }
    const last = op.path[op.path.length - 1];
    if (op.op === 'delete') {
      if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
      else delete cur[last];
    } else if (op.op === 'push') {
      (cur[last] ??= []).push(op.value);
    } else {
      cur[last] = op.value;
    }
  }
  return t;
}
