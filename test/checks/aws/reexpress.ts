/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Re-express a fixture's patch through the intrinsic forms real templates use:
 * the value a patch writes is moved behind `Fn::If` on a declared condition,
 * `Fn::FindInMap` keyed by `AWS::Region`, a parameter with and without
 * `AllowedValues`, `Fn::Select` with a string index, or a nested-stack parameter
 * passed by a parent template. The checks must judge the result over every value
 * CloudFormation could give it: a violation behind any of these never passes, and
 * a compliant value behind any of them never fails.
 */
import { PatchOp } from '../../fixture-patch';

/** The forms. */
export const FORMS = ['if', 'find-in-map', 'param-allowed', 'param-open', 'select', 'nested'] as const;
export type Form = typeof FORMS[number];

/** A template set to check: one template, or a parent and its nested child. */
export interface Reexpressed {
  readonly templates: { file: string; stack: string; template: any; parent?: { file: string; stack?: string; logicalId: string } }[];
  /** How many ops were moved behind the form (0: the form does not apply to this patch). */
  readonly moved: number;
}

const COND_ON = 'GoLiveVariantOn';
const COND_OFF = 'GoLiveVariantOff';
const SWITCH = 'GoLiveVariant';
const MAP = 'GoLiveVariantMap';

function get(obj: any, path: (string | number)[]): any {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[k as any];
  }
  return cur;
}

/**
 * The copy of a base template a variant writes to: copy on write. Only the nodes on a path written to are copied
 * (`writable`); every other node is the base's own, shared: a deep copy of the whole base for each of the ~10,000
 * variants was a sixth of this suite's time. The checks never write to a template (the bases are frozen to prove it).
 */
class Variant {
  public readonly t: any;
  private readonly fresh = new WeakSet<object>();
  constructor(base: any) {
    this.t = this.copy(base);
  }

  /** The node at `path`, made the variant's own (and every node above it); missing nodes are made. */
  public writable(path: (string | number)[]): any {
    let cur = this.t;
    for (let i = 0; i < path.length; i++) {
      const k = path[i];
      const child = cur[k];
      if (child === undefined || child === null || typeof child !== 'object') cur[k] = typeof k === 'number' ? [] : {};
      else if (!this.fresh.has(child)) cur[k] = this.copy(child);
      cur = cur[k];
      this.fresh.add(cur);
    }
    return cur;
  }

  public set(path: (string | number)[], value: any): void {
    this.writable(path.slice(0, -1))[path[path.length - 1]] = value;
  }

  private copy(node: any): any {
    const c = Array.isArray(node) ? [...node] : { ...node };
    this.fresh.add(c);
    return c;
  }
}

function isPrimitive(x: any): boolean {
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
}

function isMappable(x: any): boolean {
  return isPrimitive(x) || (Array.isArray(x) && x.every(isPrimitive));
}

/** Whether a path addresses a value inside a resource's Properties. */
function inProperties(path: (string | number)[]): boolean {
  return path.length >= 4 && path[0] === 'Resources' && path[2] === 'Properties';
}

const NO_VALUE = { Ref: 'AWS::NoValue' };

/**
 * Apply `patch` to a copy of `base`, moving each op's value behind `form`.
 * `mode` 'violating' keeps the violating value on one side (the other side is
 * the base's own value); 'compliant' puts the base's value on both sides.
 */
export function reexpress(base: any, patch: PatchOp[], form: Form, mode: 'violating' | 'compliant'): Reexpressed {
  const v = new Variant(base);
  const t = v.t;
  const set = (_t: any, path: (string | number)[], value: any) => v.set(path, value);
  let moved = 0;
  let counter = 0;
  const param = (def: any): string => {
    const name = `GoLiveVariantValue${counter++}`;
    v.writable(['Parameters'])[name] = def;
    return name;
  };
  const nestedParams: Record<string, any> = {};
  if (form === 'if') {
    v.writable(['Parameters'])[SWITCH] = { Type: 'String', Default: 'off' };
    v.writable(['Conditions'])[COND_ON] = { 'Fn::Equals': [{ Ref: SWITCH }, 'on'] };
    v.writable(['Conditions'])[COND_OFF] = { 'Fn::Not': [{ Condition: COND_ON }] };
  }
  const plain = (op: PatchOp) => {
    if (mode === 'compliant') return; // the compliant side keeps the base
    const last = op.path[op.path.length - 1];
    if (op.op === 'delete') {
      if (get(t, op.path.slice(0, -1)) === undefined) return;
      const cur = v.writable(op.path.slice(0, -1));
      if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
      else delete cur[last];
    } else if (op.op === 'push') {
      if (Array.isArray(get(t, op.path))) v.writable(op.path).push(op.value);
      else set(t, op.path, [op.value]);
    } else {
      set(t, op.path, JSON.parse(JSON.stringify(op.value)));
    }
  };
  for (const op of patch) {
    const original = get(base, op.path);
    const value = op.op === 'delete' ? undefined : op.value;
    if (form === 'if') {
      if (op.path.length === 2 && op.path[0] === 'Resources' && (op.op === 'delete' || (op.op === 'set' && original === undefined))) {
        // A resource removed (or added) by the patch: make it exist only on the compliant (or violating) side.
        const id = op.path[1] as string;
        if (op.op === 'delete') {
          if (t.Resources[id].Condition !== undefined) { plain(op); continue; }
          if (mode === 'violating') { v.writable(['Resources', id]).Condition = COND_OFF; moved++; }
        } else if (mode === 'violating') {
          v.writable(['Resources'])[id] = { ...JSON.parse(JSON.stringify(op.value)), Condition: COND_ON };
          moved++;
        }
        continue;
      }
      if (!inProperties(op.path)) { plain(op); continue; }
      if (op.op === 'push') {
        if (mode === 'violating') {
          const entry = { 'Fn::If': [COND_ON, op.value, NO_VALUE] };
          if (Array.isArray(get(t, op.path))) v.writable(op.path).push(entry); else set(t, op.path, [entry]);
          moved++;
        }
        continue;
      }
      if (mode === 'compliant' && original === undefined) continue;
      const violating = value === undefined ? NO_VALUE : value;
      const compliant = original === undefined ? NO_VALUE : original;
      set(t, op.path, { 'Fn::If': [COND_ON, mode === 'violating' ? violating : compliant, compliant] });
      moved++;
      continue;
    }
    if (op.op !== 'set' || !inProperties(op.path)) { plain(op); continue; }
    if (form === 'select') {
      if (mode === 'compliant' && original === undefined) continue;
      const other = original === undefined ? value : original;
      set(t, op.path, { 'Fn::Select': ['1', [other, mode === 'violating' ? value : other]] });
      moved++;
      continue;
    }
    if (form === 'find-in-map') {
      if (!isMappable(value) || !isMappable(original)) { plain(op); continue; }
      const key = `v${counter++}`;
      v.writable(['Mappings', MAP, 'us-east-1'])[key] = mode === 'violating' ? value : original;
      v.writable(['Mappings', MAP, 'eu-west-1'])[key] = original;
      set(t, op.path, { 'Fn::FindInMap': [MAP, { Ref: 'AWS::Region' }, key] });
      moved++;
      continue;
    }
    if (!isPrimitive(value) || !isPrimitive(original)) { plain(op); continue; }
    if (form === 'param-allowed') {
      const allowed = mode === 'violating' ? [String(original), String(value)] : [String(original)];
      set(t, op.path, { Ref: param({ Type: 'String', AllowedValues: allowed }) });
    } else if (form === 'param-open') {
      set(t, op.path, { Ref: param({ Type: 'String', Default: String(original) }) });
    } else {
      const name = param({ Type: 'String' });
      nestedParams[name] = String(mode === 'violating' ? value : original);
      set(t, op.path, { Ref: name });
    }
    moved++;
  }
  if (form !== 'nested') return { templates: [{ file: 'variant.template.json', stack: 'Variant', template: t }], moved };
  const parent = {
    Resources: {
      Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.template.json', Parameters: nestedParams } },
    },
  };
  return {
    templates: [
      { file: 'parent.template.json', stack: 'Parent', template: parent },
      { file: 'child.template.json', stack: 'Parent/Child', template: t, parent: { file: 'parent.template.json', logicalId: 'Child' } },
    ],
    moved,
  };
}
