/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * One parsed CloudFormation template, indexed once: resources by logical id and
 * by type, and reverse references (who points at whom through Ref, Fn::GetAtt,
 * Fn::Sub and DependsOn-free property values). Rules read values through
 * `value()`, which follows intrinsics and reports what cannot be known at synth
 * as `unknown`, never as a literal.
 * @internal
 */

/** @internal */
export interface CfnResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** The resource's UpdatePolicy (CodeDeploy Lambda alias hooks live here). */
  readonly updatePolicy?: Record<string, any>;
  readonly metadata: Record<string, any>;
  readonly condition?: string;
}

/**
 * A value read from a template:
 * - `lit`: fully known at synth (`v` may be any JSON value);
 * - `ref`: a `Ref` or `Fn::GetAtt` to a resource of the same template;
 * - `expr`: a string built by Fn::Sub / Fn::Join from known text and resources;
 * - `unknown`: decided only at deploy (parameter, import, SSM reference, condition);
 * - `secret`: a Secrets Manager / SSM SecureString dynamic reference;
 * - `absent`: no value (missing, or AWS::NoValue).
 * @internal
 */
export type Val =
  | { k: 'lit'; v: any }
  | { k: 'ref'; target: CfnResource; attr?: string }
  | { k: 'expr'; text: string; refs: CfnResource[] }
  | { k: 'unknown'; why: string }
  | { k: 'secret'; text: string }
  | { k: 'absent' };

const ABSENT: Val = { k: 'absent' };

/**
 * Resolves references to other templates of the same check run: `Fn::ImportValue`
 * by export name, and CDK's cross-region `Fn::GetStackOutput` by stack and output name.
 * @internal
 */
export interface CrossStackResolver {
  /** The template and raw value of the output exported under `name`. */
  exported(name: string): { index: TemplateIndex; raw: any } | undefined;
  /** The template and raw value of output `output` of stack `stack`. */
  output(stack: string, output: string): { index: TemplateIndex; raw: any } | undefined;
}

/** Which index each resource belongs to, so a resource reached through another template is read in its own. */
const OWNER = new WeakMap<CfnResource, TemplateIndex>();

/** The pseudo resource type under which template parameters are dispatched. @internal */
export const PARAMETER_TYPE = 'Template::Parameter';

/** @internal */
export class TemplateIndex {
  public readonly resources = new Map<string, CfnResource>();
  public readonly parameters: Record<string, any>;
  public readonly mappings: Record<string, any>;
  private readonly typeIndex = new Map<string, CfnResource[]>();
  private readonly referrerIndex = new Map<string, CfnResource[]>();
  /** Follows Fn::ImportValue / Fn::GetStackOutput into the other templates of the run, when set. */
  public resolver?: CrossStackResolver;
  private resolving = 0;

  constructor(public readonly template: any, public readonly file: string, public readonly stack: string) {
    if (typeof template !== 'object' || template === null || typeof template.Resources !== 'object' || template.Resources === null) {
      throw new Error(`${file}: not a CloudFormation template (no Resources section)`);
    }
    this.parameters = template.Parameters ?? {};
    this.mappings = template.Mappings ?? {};
    for (const [logicalId, raw] of Object.entries<any>(template.Resources)) {
      if (typeof raw !== 'object' || raw === null || typeof raw.Type !== 'string') {
        throw new Error(`${file}: resource ${logicalId} has no Type`);
      }
      const res: CfnResource = {
        logicalId,
        type: raw.Type,
        properties: raw.Properties ?? {},
        deletionPolicy: raw.DeletionPolicy,
        updateReplacePolicy: raw.UpdateReplacePolicy,
        updatePolicy: raw.UpdatePolicy,
        metadata: raw.Metadata ?? {},
        condition: raw.Condition,
      };
      this.resources.set(logicalId, res);
      OWNER.set(res, this);
      let list = this.typeIndex.get(res.type);
      if (!list) this.typeIndex.set(res.type, (list = []));
      list.push(res);
    }
    for (const res of this.resources.values()) {
      const seen = new Set<string>();
      collectRefs(res.properties, seen);
      if (res.updatePolicy) collectRefs(res.updatePolicy, seen);
      for (const target of seen) {
        if (target === res.logicalId || !this.resources.has(target)) continue;
        let list = this.referrerIndex.get(target);
        if (!list) this.referrerIndex.set(target, (list = []));
        list.push(res);
      }
    }
  }

  /**
   * Template parameters, as pseudo-resources of type `Template::Parameter`
   * (logical id = parameter name, properties = its definition), so rules can be
   * dispatched to them like to resources.
   */
  public parameterResources(): CfnResource[] {
    return Object.entries<any>(this.parameters).map(([name, def]) => ({
      logicalId: name, type: PARAMETER_TYPE, properties: def ?? {}, metadata: {},
    }));
  }

  /** All resources of a type. */
  public ofType(type: string): CfnResource[] {
    return this.typeIndex.get(type) ?? [];
  }

  /** The resource with this logical id. */
  public get(logicalId: string): CfnResource | undefined {
    return this.resources.get(logicalId);
  }

  /** Resources whose properties reference `target` (optionally only of some types). */
  public referrers(target: CfnResource, ...types: string[]): CfnResource[] {
    const owner = OWNER.get(target);
    if (owner && owner !== this) return owner.referrers(target, ...types);
    const all = this.referrerIndex.get(target.logicalId) ?? [];
    return types.length === 0 ? all : all.filter((r) => types.includes(r.type));
  }

  /** The construct path from `aws:cdk:path` metadata, when present. */
  public pathOf(res: CfnResource): string | undefined {
    const p = res.metadata['aws:cdk:path'];
    return typeof p === 'string' ? p : undefined;
  }

  /** The value at a dotted property path (`Properties` implied), intrinsics followed. */
  public prop(res: CfnResource, path: string): Val {
    const owner = OWNER.get(res);
    if (owner && owner !== this) return owner.prop(res, path);
    return this.at(res.properties, path);
  }

  /** The value at a dotted path below `obj` (numbers index arrays), intrinsics followed. */
  public at(obj: any, path: string): Val {
    let cur: Val = this.value(obj);
    if (path === '') return cur;
    for (const part of path.split('.')) {
      if (cur.k !== 'lit') return cur.k === 'absent' ? ABSENT : cur.k === 'unknown' ? cur : { k: 'unknown', why: `${path} is computed at deploy time` };
      const container = cur.v;
      if (container === null || typeof container !== 'object') return ABSENT;
      const next = Array.isArray(container) ? container[Number(part)] : container[part];
      cur = this.value(next);
    }
    return cur;
  }

  /**
   * Resolve a raw template value. Objects and arrays are returned as `lit` with
   * their raw children (resolve children with `value()` / `at()` as needed),
   * unless the object is itself an intrinsic.
   */
  public value(raw: any): Val {
    if (raw === undefined || raw === null) return ABSENT;
    if (typeof raw === 'string') {
      if (raw.includes('{{resolve:secretsmanager:') || raw.includes('{{resolve:ssm-secure:')) return { k: 'secret', text: raw };
      if (raw.includes('{{resolve:')) return { k: 'unknown', why: `dynamic reference ${raw}` };
      return { k: 'lit', v: raw };
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) return { k: 'lit', v: raw };
    const keys = Object.keys(raw);
    if (keys.length !== 1) return { k: 'lit', v: raw };
    const fn = keys[0];
    const arg = raw[fn];
    switch (fn) {
      case 'Ref': {
        if (arg === 'AWS::NoValue') return ABSENT;
        const target = this.resources.get(arg);
        if (target) return { k: 'ref', target };
        if (typeof arg === 'string' && arg.startsWith('AWS::')) return { k: 'unknown', why: `pseudo parameter ${arg}` };
        return { k: 'unknown', why: `parameter ${arg} is set at deploy time` };
      }
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
        const target = this.resources.get(id);
        return target ? { k: 'ref', target, attr } : { k: 'unknown', why: `attribute of ${id}, not in this template` };
      }
      case 'Fn::ImportValue': {
        const name = this.value(arg);
        const found = name.k === 'lit' && typeof name.v === 'string' ? this.resolver?.exported(name.v) : undefined;
        return found ? this.foreign(found) : { k: 'unknown', why: 'imported from another stack (Fn::ImportValue) not in this check' };
      }
      case 'Fn::GetStackOutput': {
        const stack = this.value(arg?.StackName);
        const output = this.value(arg?.OutputName);
        const found = stack.k === 'lit' && output.k === 'lit' ? this.resolver?.output(String(stack.v), String(output.v)) : undefined;
        return found ? this.foreign(found) : { k: 'unknown', why: 'output of another stack (Fn::GetStackOutput) not in this check' };
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join':
        return this.join(arg);
      case 'Fn::If': {
        const [, a, b] = arg;
        const va = this.value(a);
        const vb = this.value(b);
        if (va.k === 'lit' && vb.k === 'lit' && JSON.stringify(va.v) === JSON.stringify(vb.v)) return va;
        return { k: 'unknown', why: 'depends on a condition (Fn::If)' };
      }
      case 'Fn::FindInMap': {
        const parts = (arg as any[]).map((p) => this.value(p));
        if (parts.every((p) => p.k === 'lit')) {
          const [m, a, b] = parts.map((p) => (p as any).v);
          const v = this.mappings?.[m]?.[a]?.[b];
          return v === undefined ? { k: 'unknown', why: 'mapping entry not found' } : this.value(v);
        }
        return { k: 'unknown', why: 'mapping key computed at deploy time' };
      }
      case 'Fn::Select': {
        const [i, list] = arg;
        const vi = this.value(i);
        const vl = this.value(list);
        if (vi.k === 'lit' && vl.k === 'lit' && Array.isArray(vl.v)) return this.value(vl.v[Number(vi.v)]);
        return { k: 'unknown', why: 'Fn::Select over a value computed at deploy time' };
      }
      case 'Fn::Base64':
        return this.value(arg);
      case 'Fn::GetAZs':
      case 'Fn::Split':
      case 'Fn::Cidr':
      case 'Fn::Transform':
        return { k: 'unknown', why: `${fn} is evaluated at deploy time` };
      default:
        return { k: 'lit', v: raw };
    }
  }

  /** A value of another template, resolved there (bounded, in case outputs import each other). */
  private foreign(found: { index: TemplateIndex; raw: any }): Val {
    if (this.resolving > 8) return { k: 'unknown', why: 'cross-stack references nested too deep' };
    this.resolving++;
    try {
      return found.index.value(found.raw);
    } finally {
      this.resolving--;
    }
  }

  private sub(arg: any): Val {
    const [tpl, vars] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof tpl !== 'string') return { k: 'unknown', why: 'Fn::Sub with a computed template' };
    const refs: CfnResource[] = [];
    let unknown: string | undefined;
    let secret = false;
    const text = tpl.replace(/\$\{([^!}][^}]*)\}/g, (_m, name: string) => {
      let v: Val;
      if (vars && name in vars) v = this.value(vars[name]);
      else if (name.includes('.')) v = this.value({ 'Fn::GetAtt': name });
      else v = this.value({ Ref: name });
      if (v.k === 'lit') return String(v.v);
      if (v.k === 'ref') { refs.push(v.target); return `\${${name}}`; }
      if (v.k === 'expr') { refs.push(...v.refs); return v.text; }
      if (v.k === 'secret') { secret = true; return v.text; }
      if (v.k === 'unknown' && !/^AWS::/.test(name)) unknown = v.why;
      return `\${${name}}`;
    });
    if (unknown) return { k: 'unknown', why: unknown };
    if (secret || /\{\{resolve:(secretsmanager|ssm-secure):/.test(text)) return { k: 'secret', text };
    return refs.length === 0 && !/\$\{/.test(text) ? { k: 'lit', v: text } : { k: 'expr', text, refs };
  }

  private join(arg: any): Val {
    if (!Array.isArray(arg) || arg.length !== 2) return { k: 'unknown', why: 'malformed Fn::Join' };
    const sep = this.value(arg[0]);
    const list = this.value(arg[1]);
    if (sep.k !== 'lit' || list.k !== 'lit' || !Array.isArray(list.v)) return { k: 'unknown', why: 'Fn::Join over a list computed at deploy time' };
    const refs: CfnResource[] = [];
    let dynamic = false;
    let secret = false;
    const parts: string[] = [];
    for (const p of list.v) {
      const v = this.value(p);
      if (v.k === 'lit') parts.push(String(v.v));
      else if (v.k === 'ref') { refs.push(v.target); parts.push(`\${${v.target.logicalId}${v.attr ? '.' + v.attr : ''}}`); dynamic = true; } else if (v.k === 'expr') { refs.push(...v.refs); parts.push(v.text); dynamic = true; } else if (v.k === 'secret') { secret = true; parts.push(v.text); } else if (v.k === 'absent') continue;
      else if (v.k === 'unknown' && /pseudo parameter/.test(v.why)) { parts.push('${' + v.why.replace('pseudo parameter ', '') + '}'); dynamic = true; } else return v;
    }
    const text = parts.join(String(sep.v));
    if (secret) return { k: 'secret', text };
    return dynamic ? { k: 'expr', text, refs } : { k: 'lit', v: text };
  }
}

function collectRefs(node: any, out: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) collectRefs(node[i], out);
    return;
  }
  // for..in rather than Object.entries: this walk visits every value of every template once, so it avoids allocating.
  for (const k in node) {
    const v = node[k];
    if (v === null || (typeof v !== 'object' && k !== 'Ref' && k !== 'Fn::GetAtt' && k !== 'Fn::Sub')) continue;
    if (k === 'Ref') {
      if (typeof v === 'string') out.add(v);
    } else if (k === 'Fn::GetAtt') {
      if (Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
      else if (typeof v === 'string') out.add(v.split('.')[0]);
      else collectRefs(v, out);
    } else if (k === 'Fn::Sub') {
      const tpl = Array.isArray(v) ? v[0] : v;
      if (typeof tpl === 'string' && tpl.includes('${')) {
        for (const m of tpl.matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) out.add(m[1]);
      }
      if (Array.isArray(v)) collectRefs(v[1], out);
    } else {
      collectRefs(v, out);
    }
  }
}

/** Helpers for rules reading `Val`s. @internal */
export const V = {
  isTrue(v: Val): boolean {
    return v.k === 'lit' && (v.v === true || v.v === 'true' || v.v === 'True');
  },
  isFalse(v: Val): boolean {
    return v.k === 'lit' && (v.v === false || v.v === 'false' || v.v === 'False');
  },
  num(v: Val): number | undefined {
    if (v.k !== 'lit') return undefined;
    const n = typeof v.v === 'number' ? v.v : typeof v.v === 'string' && v.v.trim() !== '' ? Number(v.v) : NaN;
    return Number.isFinite(n) ? n : undefined;
  },
  str(v: Val): string | undefined {
    return v.k === 'lit' && (typeof v.v === 'string' || typeof v.v === 'number' || typeof v.v === 'boolean') ? String(v.v) : undefined;
  },
  list(v: Val): any[] | undefined {
    return v.k === 'lit' && Array.isArray(v.v) ? v.v : undefined;
  },
  /** True when the value cannot be known at synth. */
  isUnknown(v: Val): boolean {
    return v.k === 'unknown';
  },
  /** Render a value for evidence. */
  show(v: Val): string {
    switch (v.k) {
      case 'lit': return typeof v.v === 'string' ? v.v : JSON.stringify(v.v);
      case 'ref': return v.attr ? `${v.target.logicalId}.${v.attr}` : `Ref ${v.target.logicalId}`;
      case 'expr': return v.text;
      case 'secret': return v.text;
      case 'unknown': return `(unknown: ${v.why})`;
      case 'absent': return '(not set)';
    }
  },
};
