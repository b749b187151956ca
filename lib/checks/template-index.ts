/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * One parsed CloudFormation template, indexed once: resources by logical id and
 * by type, and reverse references (who points at whom through Ref, Fn::GetAtt
 * and Fn::Sub). Rules read values only through the evaluator (`prop`, `at`,
 * `value`), which follows intrinsics in the current *world* (see world.ts):
 * every condition branch, every `AllowedValues` entry of a parameter and every
 * mapping entry a deploy-time key can select is a choice the engine
 * enumerates, so a verdict holds for every value CloudFormation could give the
 * property. What no world can decide (an open parameter, an import from
 * outside the run, an unmodelled function) is `unknown`, never a literal.
 * @internal
 */
import { EvalContext, Infeasible, Undecidable, World } from './world';
import { isMap, own } from './collections';

/**
 * A raw template value (a property, a list entry, an object). Opaque to rules:
 * read it with `TemplateIndex.value()` / `at()`, which follow intrinsics.
 * @internal
 */
export interface Raw {
  readonly __raw: never;
}

/** @internal */
export interface CfnResource {
  readonly logicalId: string;
  readonly type: string;
  /** The resource's `Condition`, when it is created only under one. */
  readonly condition?: string;
}

/** What the index keeps of a resource besides what rules see. */
interface ResourceData {
  readonly properties: any;
  readonly raw: any;
  /** Whether the properties hold a value that depends on the world (Fn::If, a parameter, a mapping keyed at deploy time...). */
  readonly dynamic: boolean;
}

/**
 * A value read from a template:
 * - `lit`: fully known (a string, number or boolean; or a list / object whose
 *   entries are read with `value()` / `at()`);
 * - `ref`: a `Ref` or `Fn::GetAtt` to a resource of the run;
 * - `expr`: a string built by Fn::Sub / Fn::Join from known text and resources;
 * - `unknown`: decided only at deploy (an open parameter, an import from outside
 *   the run, an SSM reference, an unmodelled function); `param` when the value
 *   is that template parameter's, `params` the parameters a value built by
 *   Fn::Sub / Fn::Join holds among its pieces, and `text` its text when every
 *   piece decided at deploy time is a template parameter (see `paramHole`);
 *   a pseudo parameter decided at deploy time sits in the text as its mark
 *   (`pseudoMark`: `${\u0005AWS::Region}`), and a reference as its mark
 *   (`refMark`: `${\u0005Id}`, `${\u0005Id.Attr}`), which no template text
 *   spells, so `${AWS::Region}` or `${Id}` in a text (a plain string, an
 *   Fn::Join piece, `${!X}` in Fn::Sub) is always text CloudFormation leaves
 *   as written, never the region or the resource;
 * - `secret`: a Secrets Manager / SSM SecureString dynamic reference;
 * - `absent`: no value (missing, or AWS::NoValue).
 * @internal
 */
export type Val =
  | { k: 'lit'; v: any }
  | { k: 'ref'; target: CfnResource; attr?: string }
  | { k: 'expr'; text: string; refs: CfnResource[] }
  | { k: 'unknown'; why: string; param?: string; params?: readonly string[]; text?: string; refs?: readonly CfnResource[] }
  | { k: 'secret'; text: string }
  | { k: 'absent' };

const ABSENT: Val = { k: 'absent' };

/**
 * Resolves references to other templates of the same check run: `Fn::ImportValue`
 * by export name, and CDK's cross-region `Fn::GetStackOutput` by stack and output name.
 * @internal
 */
export interface CrossStackResolver {
  /**
   * The template and raw value of the output exported under `name` that an import of template `from` reads; `open`
   * (why) when more than one output of the run may be it (two stacks export the name, or a stack's export name is
   * decided at deploy time and may be it): which one depends on where each is deployed.
   */
  exported(name: string, from?: TemplateIndex): { index: TemplateIndex; raw: any } | { open: string } | undefined;
  /** The template and raw value of output `output` of stack `stack`. */
  output(stack: string, output: string): { index: TemplateIndex; raw: any } | undefined;
  /** The resources of the run's templates whose properties import the export `name` (`Fn::ImportValue` of that name written as text), each with its template. */
  importers?(name: string): { index: TemplateIndex; resource: CfnResource }[];
  /** The alarm mute rules (`AWS::CloudWatch::AlarmMuteRule`) of the run's templates, whatever the world (see `muteOf`). */
  muteRules?(): readonly CfnResource[];
}

/** Where a nested stack's template hangs in its parent. @internal */
export interface NestedLink {
  readonly parent: TemplateIndex;
  /** The parent's `AWS::CloudFormation::Stack` resource. */
  readonly stackResource: CfnResource;
}

/** Deploy-time values the caller knows (the stack's environment in a cloud assembly). @internal */
export interface PseudoValues {
  readonly region?: string;
  readonly accountId?: string;
}

/**
 * Which index each resource belongs to (so a resource reached through another template is read in its own),
 * and its data: kept on the resource object under module-private symbols (not WeakMaps: a WeakMap entry per
 * resource made indexing and every garbage collection slower; not Object.defineProperty: a third of the
 * indexing time). JSON, Object.keys and for-in skip symbol keys, so reports never show them, and a rule
 * cannot name them.
 */
const OWNER_KEY = Symbol('golive:owner');
const DATA_KEY = Symbol('golive:data');

/** The index a resource belongs to; undefined for one the index did not create. */
function ownerIndex(res: CfnResource): TemplateIndex | undefined {
  return (res as any)[OWNER_KEY];
}

/** What the index keeps of a resource besides what rules see; undefined for one it did not create. */
function dataOf(res: CfnResource): ResourceData | undefined {
  return (res as any)[DATA_KEY];
}

/**
 * A resource as the index creates it: what rules see (id, type, condition), and, under the private symbols,
 * its index and data. One class, its hidden slots set in the constructor, so that every resource has the
 * same shape from the start (adding them later gave each resource a second block of properties).
 */
class IndexedResource implements CfnResource {
  declare public readonly condition?: string;

  constructor(public readonly logicalId: string, public readonly type: string, condition: string | undefined, owner: TemplateIndex, data?: ResourceData) {
    (this as any)[OWNER_KEY] = owner;
    (this as any)[DATA_KEY] = data;
    if (condition !== undefined) (this as { condition?: string }).condition = condition;
  }
}

/** The pseudo resource type under which template parameters are dispatched. @internal */
export const PARAMETER_TYPE = 'Template::Parameter';

/** How deep intrinsics may nest before the value is declared unknown (no recursion without bound). */
const MAX_DEPTH = 256;

/** Intrinsic functions that make a value depend on the world. */
const DYNAMIC_KEYS = new Set(['Fn::If', 'Fn::FindInMap', 'Fn::Select', 'Condition']);

let nextIndexId = 0;

/** @internal */
export class TemplateIndex {
  public readonly resources = new Map<string, CfnResource>();
  public readonly parameters: Record<string, any>;
  public readonly mappings: Record<string, any>;
  public readonly conditions: Record<string, any>;
  /** A unique id, so world keys of two templates never collide. */
  public readonly id = nextIndexId++;
  private readonly typeIndex = new Map<string, CfnResource[]>();
  private readonly referrerIndex = new Map<string, CfnResource[]>();
  /** Follows Fn::ImportValue / Fn::GetStackOutput into the other templates of the run, when set. */
  public resolver?: CrossStackResolver;
  /** The parent stack, when this template is a nested stack of the run. */
  public nested?: NestedLink;
  /** Nested stacks of this template that are part of the run, by the logical id of their stack resource. */
  public readonly children = new Map<string, TemplateIndex>();
  /**
   * Where an `Fn::Transform` (`AWS::Include`, a macro) rewrites more than a value, in words (`in resource Bucket`,
   * `in Resources`, `at the template root`): what is deployed there is what the macro returns.
   */
  public readonly rewritten: string[] = [];
  /** Pseudo parameter values known for this stack. */
  public pseudo: PseudoValues = {};
  /** The world rules are evaluated in; shared by every index of a run. */
  public ctx: EvalContext = {};
  private resolving = 0;
  private depth = 0;
  /**
   * What is kept for this template for the length of a run: the answers `cfn/settled` keeps (no choice of the
   * world decided them), by key, and tables by resource (`keptTable`). Fields of the index, not module-level
   * `WeakMap`s keyed by it: a `WeakMap`'s values outlive their key through young-generation collections until a
   * full one, so every run's kept answers were copied and promoted (~2 MB a scavenge on a 100-resource app, half
   * the cost of a small `validate()`, measured).
   * @internal
   */
  public readonly kept = new Map<string, unknown>();
  private readonly keptTables = new Map<string, Map<CfnResource, unknown>>();

  constructor(public readonly template: any, public readonly file: string, public readonly stack: string) {
    if (typeof template !== 'object' || template === null || Array.isArray(template) || typeof template.Resources !== 'object' || template.Resources === null || Array.isArray(template.Resources)) {
      throw new Error(`${file}: not a CloudFormation template (no Resources section)`);
    }
    this.parameters = plainMap(template.Parameters);
    this.mappings = plainMap(template.Mappings);
    this.conditions = plainMap(template.Conditions);
    if (rewritten(template)) this.rewritten.push('at the template root');
    for (const section of REWRITABLE_SECTIONS) if (rewritten(plainMap(template[section]))) this.rewritten.push(`in ${section}`);
    // An Fn::Transform of the whole section (AWS::Include) is not a resource: what it adds is known at deploy time.
    const ids = Object.keys(template.Resources).filter((id) => id !== TRANSFORM_FN);
    for (const logicalId of ids) {
      const raw = template.Resources[logicalId];
      if (typeof raw !== 'object' || raw === null || typeof raw.Type !== 'string' || raw.Type === '') {
        throw new Error(`${file}: resource ${logicalId} has no Type`);
      }
      const condition = typeof raw.Condition === 'string' ? raw.Condition : undefined;
      // Rules see the id, type and condition; everything else is read through the evaluator (their data stays under DATA_KEY).
      const res: CfnResource = new IndexedResource(logicalId, raw.Type, condition, this);
      this.resources.set(logicalId, res);
      let list = this.typeIndex.get(res.type);
      if (!list) this.typeIndex.set(res.type, (list = []));
      list.push(res);
    }
    // Reverse references, once every resource is known (one set reused: no set per resource).
    const seen = new Set<string>();
    for (const logicalId of ids) {
      const res = this.resources.get(logicalId)!;
      const raw = template.Resources[logicalId];
      let properties = raw.Properties !== null && typeof raw.Properties === 'object' && !Array.isArray(raw.Properties) ? raw.Properties : {};
      if (rewritten(raw)) {
        // The macro gets the whole resource and returns what is deployed in its place: no property reads as written.
        properties = { [TRANSFORM_FN]: raw[TRANSFORM_FN] };
        this.rewritten.push(`in resource ${logicalId}`);
      }
      seen.clear();
      const dyn = collectRefs(properties, seen, this.parameters);
      const dynPolicy = raw.UpdatePolicy ? collectRefs(raw.UpdatePolicy, seen, this.parameters) : false;
      const data: ResourceData = { properties, raw, dynamic: dyn || dynPolicy };
      (res as any)[DATA_KEY] = data;
      for (const target of seen) {
        if (target === logicalId || !this.resources.has(target)) continue;
        let list = this.referrerIndex.get(target);
        if (!list) this.referrerIndex.set(target, (list = []));
        list.push(res);
      }
    }
  }

  /** The world in force (undefined outside a rule run: every choice is then undecidable). */
  private get world(): World | undefined {
    return this.ctx.world;
  }

  /**
   * Template parameters, as pseudo-resources of type `Template::Parameter`
   * (logical id = parameter name, properties = its definition), so rules can be
   * dispatched to them like to resources.
   */
  public parameterResources(): CfnResource[] {
    return Object.keys(this.parameters).map((name) => {
      const def = this.parameters[name];
      const properties = def !== null && typeof def === 'object' && !Array.isArray(def) ? def : {};
      return new IndexedResource(name, PARAMETER_TYPE, undefined, this, { properties, raw: { Properties: properties }, dynamic: false });
    });
  }

  /** The index a resource belongs to. */
  public ownerOf(res: CfnResource): TemplateIndex {
    return ownerIndex(res) ?? this;
  }

  /** Whether the resource exists in the current world (its Condition, and its nested stack's, hold). */
  public exists(res: CfnResource): boolean {
    const owner = this.ownerOf(res);
    if (owner !== this) return owner.exists(res);
    if (this.nested && !this.nested.parent.exists(this.nested.stackResource)) return false;
    return res.condition === undefined || this.conditionHolds(res.condition);
  }

  /** All resources of a type that exist in the current world. */
  public ofType(type: string): CfnResource[] {
    const all = this.typeIndex.get(type) ?? [];
    return all.some((r) => r.condition !== undefined) || this.nested ? all.filter((r) => this.exists(r)) : all;
  }

  /** A table of answers per resource kept for this template for the run (see `kept`), made on first use. @internal */
  public keptTable<V>(name: string): Map<CfnResource, V> {
    let t = this.keptTables.get(name);
    if (!t) this.keptTables.set(name, (t = new Map()));
    return t as Map<CfnResource, V>;
  }

  /** All resources of a type, whatever the world (their conditions not read). */
  public allOfType(type: string): readonly CfnResource[] {
    return this.typeIndex.get(type) ?? [];
  }

  /** The resource types of the template (as expanded), whatever the world. */
  public types(): IterableIterator<string> {
    return this.typeIndex.keys();
  }

  /** The resource with this logical id (whether or not its condition holds). */
  public get(logicalId: string): CfnResource | undefined {
    return this.resources.get(logicalId);
  }

  /**
   * Resources that exist in the current world and whose properties reference
   * `target` in it (optionally only of some types).
   */
  public referrers(target: CfnResource, ...types: string[]): CfnResource[] {
    const owner = ownerIndex(target);
    if (owner && owner !== this) return owner.referrers(target, ...types);
    const all = this.referrerIndex.get(target.logicalId) ?? [];
    const out: CfnResource[] = [];
    for (const r of all) {
      if (types.length > 0 && !types.includes(r.type)) continue;
      if (!this.exists(r)) continue;
      if (dataOf(r)!.dynamic && !this.referencesInWorld(r, target.logicalId)) continue;
      out.push(r);
    }
    return out;
  }

  /** The resources whose properties may reference `target` (in some world: conditions and `Fn::If` branches not read). */
  public referrersInAnyWorld(target: CfnResource): readonly CfnResource[] {
    const owner = ownerIndex(target);
    if (owner && owner !== this) return owner.referrersInAnyWorld(target);
    return this.referrerIndex.get(target.logicalId) ?? [];
  }

  /**
   * Why a resource of an expanded `AWS::LanguageExtensions` template is only
   * likely (an undecided `Fn::ForEach` collection produced it), or undefined.
   */
  public undecided(res: CfnResource): string | undefined {
    const r = own(own(dataOf(res)?.raw, 'Metadata'), 'golive:undecided');
    return typeof r === 'string' ? r : undefined;
  }

  /** The construct path from `aws:cdk:path` metadata, when present. */
  public pathOf(res: CfnResource): string | undefined {
    const p = own(own(dataOf(res)?.raw, 'Metadata'), 'aws:cdk:path');
    return typeof p === 'string' ? p : undefined;
  }

  /** The value at a dotted property path (`Properties` implied), intrinsics followed. */
  public prop(res: CfnResource, path: string): Val {
    const owner = ownerIndex(res);
    if (owner && owner !== this) return owner.prop(res, path);
    return this.at(dataOf(res)?.properties ?? {}, path);
  }

  /**
   * A resource attribute outside `Properties`, intrinsics followed:
   * `DeletionPolicy`, `UpdateReplacePolicy`, `UpdatePolicy.<path>`, `Metadata.<path>`.
   */
  public attribute(res: CfnResource, path: string): Val {
    const owner = ownerIndex(res);
    if (owner && owner !== this) return owner.attribute(res, path);
    return this.at(dataOf(res)?.raw ?? {}, path);
  }

  /** The value at a dotted path below `obj` (numbers index arrays), intrinsics followed. */
  public at(obj: any, path: string): Val {
    if (path === '') return this.value(obj);
    let node: any = obj;
    for (const part of pathParts(path)) {
      // A list, or an object that is not an intrinsic, is its own value: stepped into without a Val for it.
      let container: any = node;
      if (!isLiteralContainer(node)) {
        const cur = this.value(node);
        if (cur.k !== 'lit') return cur.k === 'absent' ? ABSENT : cur.k === 'unknown' ? cur : { k: 'unknown', why: `${path} is computed at deploy time` };
        container = cur.v;
        if (container === null || typeof container !== 'object') return ABSENT;
      }
      node = Array.isArray(container) ? (/^\d+$/.test(part) ? container[Number(part)] : undefined) : own(container, part);
    }
    return this.value(node);
  }

  /**
   * The value at a dotted path below an already resolved value (a list entry,
   * an object): `field(entry, 'RedirectConfig.Protocol')`.
   */
  public field(v: Val, path: string): Val {
    if (v.k === 'lit') return this.at(v.v, path);
    if (v.k === 'absent' || v.k === 'unknown') return v;
    return path === '' ? v : { k: 'unknown', why: `${path} of ${V.show(v)} is computed at deploy time` };
  }

  /**
   * One key of an object value, taken whole (keys with dots: `rds.force_ssl`,
   * `detail-type`), resolved in this world.
   */
  public key(v: Val, key: string): Val {
    if (v.k === 'absent' || v.k === 'unknown') return v;
    if (v.k !== 'lit') return { k: 'unknown', why: `${key} of ${V.show(v)} is computed at deploy time` };
    if (v.v === null || typeof v.v !== 'object' || Array.isArray(v.v)) return ABSENT;
    return this.value(own(v.v, key));
  }

  /**
   * Every key of an object value in this world, each value resolved;
   * `AWS::NoValue` values are dropped. `undefined` when the value is not an object.
   */
  public keys(v: Val): [string, Val][] | undefined {
    if (v.k !== 'lit' || v.v === null || typeof v.v !== 'object' || Array.isArray(v.v)) return undefined;
    const out: [string, Val][] = [];
    for (const k of Object.keys(v.v)) {
      const x = this.value(v.v[k]);
      if (x.k !== 'absent') out.push([k, x]);
    }
    return out;
  }

  /**
   * A property of CloudFormation type `Json` (a policy document) at a dotted path below an already resolved object
   * value, read as a document. CloudFormation takes such a property as an object or as JSON text: text written as a
   * literal, or built by Fn::Sub / Fn::Join (Karpenter's reference template writes its managed policy as
   * `!Sub` JSON), is parsed, each `${...}` reference kept where it sits in a string value as a value of its own
   * (read in the current world: decided at deploy time when open, never text). Text that does not parse as a JSON
   * object (YAML, a reference outside a JSON string, a broken document) is `unknown`, never an empty document.
   */
  public document(v: Val, path: string): Val {
    if (v.k !== 'lit') return this.field(v, path);
    const parts = pathParts(path);
    const parent = parts.length > 1 ? this.at(v.v, parts.slice(0, -1).join('.')) : v;
    if (parent.k !== 'lit' || parent.v === null || typeof parent.v !== 'object' || Array.isArray(parent.v)) return this.field(v, path);
    const raw = own(parent.v, parts[parts.length - 1]);
    const sub = isIntrinsic(raw) ? own(raw, 'Fn::Sub') : undefined;
    const tpl = Array.isArray(sub) ? sub[0] : sub;
    if (typeof tpl === 'string') return this.parseDocument(tpl, Array.isArray(sub) ? sub[1] : undefined);
    const x = this.value(raw);
    if (x.k === 'lit' && typeof x.v === 'string') return this.parseDocument(escapeSub(x.v), undefined);
    // Text the index built: only the references and pseudo parameters it placed (their marks) are references.
    if (x.k === 'expr') return this.parseDocument(x.text, undefined, true);
    return x;
  }

  /**
   * JSON text with Fn::Sub references (`${Name}`, `${Res.Attr}`, a variable of `vars`) parsed as a document: every
   * string holding a reference becomes an Fn::Sub of that string alone (a reference alone, the reference itself),
   * so it is read like any other value; a reference outside a string does not parse. `placed`: `text` is a text the
   * index built (an `expr`), whose references are the marks it placed (`refMark`, `pseudoMark`); any other `${...}`
   * in it is text CloudFormation left as written.
   */
  private parseDocument(text: string, vars: any, placed = false): Val {
    const refs: any[] = [];
    const names: string[] = [];
    let json = '';
    for (const piece of placed ? placedPieces(text) : subPieces(text)) {
      if (piece.literal !== undefined) { json += piece.literal; continue; }
      const name = piece.name!;
      const local = own(vars, name);
      refs.push(local !== undefined ? local : name.includes('.') ? { 'Fn::GetAtt': name.split(/\.(.*)/s).slice(0, 2) } : { Ref: name });
      names.push(name);
      json += `${DOC_REF}${refs.length - 1}${DOC_REF}`;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(json);
    } catch (e) {
      return { k: 'unknown', why: `a document written as text that is not JSON (${(e as Error).message.slice(0, 80)}): it may hold anything` };
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { k: 'unknown', why: 'a document written as JSON text that is not an object' };
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') {
        if (!node.includes(DOC_REF)) return node;
        // Literal text and reference numbers, alternating.
        const parts = node.split(DOC_REF);
        if (parts.length === 3 && parts[0] === '' && parts[2] === '') return refs[Number(parts[1])];
        const local: Record<string, unknown> = {};
        const tpl = parts.map((p, i) => {
          if (i % 2 === 0) return escapeSub(p);
          local[`GoLiveRef${p}`] = refs[Number(p)];
          return `\${GoLiveRef${p}}`;
        }).join('');
        return { 'Fn::Sub': [tpl, local] };
      }
      if (node === null || typeof node !== 'object') return node;
      if (Array.isArray(node)) return node.map(walk);
      // `{"Ref": ...}` / `{"Fn::GetAtt": ...}` written inside the text: CloudFormation passes text as written, so it is
      // no reference (the service rejects the document, or reads it as it stands): never the value it would name.
      const fn = intrinsicOf(node);
      if (fn !== undefined) return { [TEXT_INTRINSIC]: fn };
      const out: Record<string, unknown> = {};
      // A key holding a reference keeps it as written (`${ClusterName}`): a key decided at deploy time matches no known key.
      for (const [k, child] of Object.entries(node)) {
        const key = k.split(DOC_REF).map((p, i) => (i % 2 === 0 ? p : `\${${names[Number(p)]}}`)).join('');
        Object.defineProperty(out, key, { value: walk(child), enumerable: true, writable: true, configurable: true });
      }
      return out;
    };
    return { k: 'lit', v: walk(doc) };
  }

  /**
   * A string built by Fn::Sub / Fn::Join rendered with a hole for each piece
   * decided at deploy time (`\u0000` + what it is + `\u0000`), where `prop`
   * gives up on the whole value: a dashboard body whose title names an open
   * parameter is still readable around the hole. Undefined when the value is
   * not text.
   */
  public textWithHoles(res: CfnResource, path: string): { text: string; refs: CfnResource[]; holes: string[] } | undefined {
    const owner = ownerIndex(res);
    if (owner && owner !== this) return owner.textWithHoles(res, path);
    const raw = this.rawAt(res, path);
    const holes: string[] = [];
    const refs: CfnResource[] = [];
    const render = (node: any, depth: number): string | undefined => {
      if (depth > MAX_DEPTH) return undefined;
      const sub = own(node, 'Fn::Sub');
      const join = own(node, 'Fn::Join');
      if (isIntrinsic(node) && sub !== undefined) {
        const tpl = Array.isArray(sub) ? sub[0] : sub;
        const vars = Array.isArray(sub) ? sub[1] : undefined;
        if (typeof tpl !== 'string') return undefined;
        let text = '';
        for (const piece of subPieces(tpl)) {
          if (piece.literal !== undefined) { text += piece.literal; continue; }
          const local = own(vars, piece.name!);
          const part = local !== undefined ? render(local, depth + 1) : render(piece.name!.includes('.') ? { 'Fn::GetAtt': piece.name!.split(/\.(.*)/s).slice(0, 2) } : { Ref: piece.name }, depth + 1);
          if (part === undefined) return undefined;
          text += part;
        }
        return text;
      }
      if (isIntrinsic(node) && Array.isArray(join) && join.length === 2) {
        const sep = this.value(join[0]);
        const list = this.value(join[1]);
        if (sep.k !== 'lit' || typeof sep.v !== 'string' || list.k !== 'lit' || !Array.isArray(list.v)) return hole(list.k === 'unknown' ? list.why : 'a list computed at deploy time');
        const parts: string[] = [];
        for (const p of list.v) {
          if (this.value(p).k === 'absent') continue;
          const r = render(p, depth + 1);
          if (r === undefined) return undefined;
          parts.push(r);
        }
        return parts.join(sep.v);
      }
      const v = this.value(node);
      switch (v.k) {
        case 'lit': return typeof v.v === 'object' && v.v !== null ? undefined : String(v.v);
        case 'ref': refs.push(v.target); return refMark(v.target.logicalId, v.attr);
        case 'expr': refs.push(...v.refs); return v.text;
        case 'secret': return v.text;
        case 'absent': return '';
        case 'unknown': return v.why.startsWith('pseudo parameter ') ? pseudoMark(v.why.substring('pseudo parameter '.length)) : hole(v.why);
      }
    };
    const hole = (why: string) => {
      holes.push(why);
      return `\u0000${why}\u0000`;
    };
    const text = render(raw, 0);
    return text === undefined ? undefined : { text, refs, holes };
  }

  /** The raw node at a property path, intrinsics on the way resolved (the node itself is left unevaluated). */
  private rawAt(res: CfnResource, path: string): any {
    let node: any = dataOf(res)?.properties;
    for (const part of path === '' ? [] : path.split('.')) {
      if (isIntrinsic(node)) {
        const v = this.value(node);
        if (v.k !== 'lit') return undefined;
        node = v.v;
      }
      if (node === null || typeof node !== 'object') return undefined;
      node = Array.isArray(node) ? (/^\d+$/.test(part) ? node[Number(part)] : undefined) : own(node, part);
    }
    return node;
  }

  /**
   * The entries of a list value in the current world, each resolved: entries
   * that are `AWS::NoValue` (or a condition branch choosing it) are dropped.
   * `undefined` when the value is not a list.
   */
  public items(v: Val): Val[] | undefined {
    if (v.k !== 'lit' || !Array.isArray(v.v)) return undefined;
    const out: Val[] = [];
    for (const e of v.v) {
      const x = this.value(e);
      if (x.k !== 'absent') out.push(x);
    }
    return out;
  }

  /** The logical ids a value references in the current world (deep: every Ref, GetAtt and Sub below it). */
  public refsOf(v: Val): Set<string> {
    const out = new Set<string>();
    this.eachTarget(v, (r) => out.add(r.logicalId));
    return out;
  }

  /** Call `visit` with each resource a value reaches in the current world: every Ref, GetAtt and Sub below it (bounded). */
  private eachTarget(v: Val, visit: (r: CfnResource) => void): void {
    const stack: Val[] = [v];
    let budget = 100000;
    while (stack.length > 0 && budget-- > 0) {
      const x = stack.pop()!;
      if (x.k === 'ref') visit(x.target);
      else if (x.k === 'expr') for (const r of x.refs) visit(r);
      else if (x.k === 'lit' && x.v !== null && typeof x.v === 'object') {
        if (Array.isArray(x.v)) for (const e of x.v) stack.push(this.value(e));
        else for (const k of Object.keys(x.v)) stack.push(this.value(x.v[k]));
      }
    }
  }

  /**
   * The logical ids a property of a resource may reference in the current
   * world: every Ref, GetAtt and Sub written below it, except in the Fn::If
   * branches the world does not take. References below a value decided at
   * deploy time (a Join with an open parameter) still count: a relation is
   * never lost behind a parameter.
   */
  public refsIn(res: CfnResource, path: string): Set<string> {
    const owner = ownerIndex(res);
    if (owner && owner !== this) return owner.refsIn(res, path);
    const out = new Set<string>();
    let node: any = dataOf(res)?.properties;
    for (const part of path === '' ? [] : path.split('.')) {
      if (isIntrinsic(node)) {
        const v = this.value(node);
        if (v.k !== 'lit') { collectRefs(node, out, {}, this.pruner()); return out; }
        node = v.v;
      }
      if (node === null || typeof node !== 'object') return out;
      node = Array.isArray(node) ? (/^\d+$/.test(part) ? node[Number(part)] : undefined) : own(node, part);
    }
    collectRefs(node, out, {}, this.pruner());
    return out;
  }

  /** Decides Fn::If branches for reference walks: the world's branch, or both when no world can decide. */
  private pruner(): (cond: string) => boolean | undefined {
    return (cond: string) => {
      try {
        return this.conditionHolds(cond);
      } catch (e) {
        if (e instanceof Undecidable) return undefined;
        throw e;
      }
    };
  }

  /**
   * Every logical id the resource's properties (and UpdatePolicy) may
   * reference in the current world: the branches of Fn::If the world does not
   * take are left out; everything else counts (an over-approximation, so a
   * reference is never lost behind a value decided at deploy time).
   */
  private referencesInWorld(res: CfnResource, id: string): boolean {
    const data = dataOf(res)!;
    const stack: any[] = [data.properties, own(data.raw, 'UpdatePolicy')];
    while (stack.length > 0) {
      const node = stack.pop();
      if (node === null || typeof node !== 'object') continue;
      if (Array.isArray(node)) { for (const e of node) stack.push(e); continue; }
      const iff = own(node, 'Fn::If');
      if (Array.isArray(iff) && iff.length === 3 && typeof iff[0] === 'string' && Object.keys(node).length === 1) {
        // A condition is a choice of the world only when its branches differ in whether they reference the target.
        const inA = staticRefs(iff[1]).has(id);
        const inB = staticRefs(iff[2]).has(id);
        if (inA && inB) return true;
        if (!inA && !inB) continue;
        const holds = this.pruner()(iff[0]);
        if (holds === undefined) return true;
        stack.push(holds ? iff[1] : iff[2]);
        continue;
      }
      for (const k of Object.keys(node)) {
        const v = node[k];
        if (k === 'Ref') {
          if (v === id) return true;
        } else if (k === 'Fn::GetAtt') {
          if ((Array.isArray(v) ? v[0] : typeof v === 'string' ? v.split('.')[0] : undefined) === id) return true;
        } else if (k === 'Fn::Sub') {
          const tpl = Array.isArray(v) ? v[0] : v;
          if (typeof tpl === 'string' && subPieces(tpl).some((p) => p.name !== undefined && p.name.split('.')[0] === id)) return true;
          if (Array.isArray(v)) stack.push(v[1]);
        } else if (v !== null && typeof v === 'object') {
          stack.push(v);
        }
      }
    }
    return false;
  }

  /**
   * Whether a condition holds in the current world. A condition that the
   * template settles (over parameters already chosen) is computed; one that
   * depends on an open value is a choice of the world.
   */
  public conditionHolds(name: string): boolean {
    const key = `cond:${this.id}:${name}`;
    const w = this.world;
    if (w?.has(key)) return w.get(key) as boolean;
    const def = own(this.conditions, name);
    if (def === undefined) throw new Undecidable(`condition ${name} is not declared in ${this.file}`);
    let result: boolean;
    try {
      result = this.evalCondition(def, 0);
    } catch (e) {
      if (!(e instanceof OpenValue)) throw e;
      if (!w) throw new Undecidable(`depends on condition ${name} (${e.why})`);
      result = w.choose(key, `condition ${name}`, [true, false]);
      // A condition that is one open Fn::Equals (or its negation) settles that comparison for the rest of the world,
      // so a condition over the same comparison (`HasZone` and `HasNotZone` over one parameter) is computed, not chosen.
      const negations = e.atom ? negationsToEquals(def) : undefined;
      if (e.atom && negations !== undefined) this.settleEquality(w, e.atom, negations % 2 === 0 ? result : !result);
      else this.settleJunction(w, def, result, 0);
    }
    w?.set(key, result);
    return result;
  }

  /**
   * A condition that is one Fn::And chosen true (or one Fn::Or chosen false) settles each of its operands for the
   * rest of the world: each open comparison (or its negation) and each condition it names, so that a condition over
   * the same comparison or named condition (`IsProd` beside `IsProdAndHasZone`) is computed, not chosen against it.
   * An Fn::And chosen false (an Fn::Or chosen true) settles nothing: which operand decided is not known.
   */
  private settleJunction(w: World, def: any, holds: boolean, depth: number): void {
    const fn = intrinsicOf(def);
    if (!((fn === 'Fn::And' && holds) || (fn === 'Fn::Or' && !holds))) return;
    const list = def[fn];
    if (Array.isArray(list)) for (const c of list) this.settleOperand(w, c, holds, depth + 1);
  }

  /** Record in the world that a condition operand came out `holds` (see `settleJunction`), where that is one answer. */
  private settleOperand(w: World, c: any, holds: boolean, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const named = own(c, 'Condition');
    if (typeof named === 'string' && onlyKey(c) === 'Condition') {
      const key = `cond:${this.id}:${named}`;
      const def = own(this.conditions, named);
      if (w.has(key) || def === undefined) return;
      w.set(key, holds);
      this.settleOperand(w, def, holds, depth + 1);
      return;
    }
    const negations = negationsToEquals(c);
    if (negations === undefined) { this.settleJunction(w, c, holds, depth); return; }
    try {
      this.evalCondition(c, depth);
    } catch (e) {
      if (!(e instanceof OpenValue)) throw e;
      if (e.atom) this.settleEquality(w, e.atom, negations % 2 === 0 ? holds : !holds);
    }
  }

  /** Record in the world that an open comparison came out `holds` (and, when true, the value its open side has). */
  private settleEquality(w: World, atom: OpenEquality, holds: boolean): void {
    w.set(atom.key, holds);
    if (holds && atom.side !== undefined && atom.literal !== undefined) w.set(atom.side, atom.literal);
  }

  /**
   * An Fn::Equals whose operands are not both known: its truth as the world
   * already settled it (the same comparison, or the same open operand found
   * equal to a literal), or an OpenValue naming the comparison.
   */
  private openEquality(list: any[], a: string | undefined, b: string | undefined): boolean {
    const key = `eq:${this.id}:${JSON.stringify([JSON.stringify(list[0]), JSON.stringify(list[1])].sort())}`;
    const w = this.world;
    if (w?.has(key)) return w.get(key) as boolean;
    const literal = a !== undefined ? a : b;
    const side = literal === undefined ? undefined : `eqv:${this.id}:${JSON.stringify(a !== undefined ? list[1] : list[0])}`;
    if (side !== undefined && w?.has(side)) return w.get(side) === literal;
    throw new OpenValue('Fn::Equals over a value decided at deploy time', { key, side, literal });
  }

  private evalCondition(expr: any, depth: number): boolean {
    if (depth > MAX_DEPTH) throw new Undecidable('conditions nested too deep');
    if (typeof expr === 'boolean') return expr;
    if (typeof expr === 'string' && /^(true|false)$/i.test(expr)) return expr.toLowerCase() === 'true';
    const cond = own(expr, 'Condition');
    if (typeof cond === 'string' && Object.keys(expr).length === 1) return this.conditionHolds(cond);
    const keys = expr !== null && typeof expr === 'object' && !Array.isArray(expr) ? Object.keys(expr) : [];
    if (keys.length !== 1) throw new Undecidable(`condition ${JSON.stringify(expr)?.slice(0, 80)} is not a condition function`);
    const fn = keys[0];
    const arg = expr[fn];
    const list = Array.isArray(arg) ? arg : undefined;
    switch (fn) {
      case 'Fn::Equals': {
        if (!list || list.length !== 2) throw new Undecidable('malformed Fn::Equals');
        const a = this.comparable(this.value(list[0]));
        const b = this.comparable(this.value(list[1]));
        if (a === undefined || b === undefined) return this.openEquality(list, a, b);
        return a === b;
      }
      case 'Fn::Not': {
        if (!list || list.length !== 1) throw new Undecidable('malformed Fn::Not');
        return !this.evalCondition(list[0], depth + 1);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!list || list.length === 0) throw new Undecidable(`malformed ${fn}`);
        const and = fn === 'Fn::And';
        let open: OpenValue | undefined;
        for (const c of list) {
          let r: boolean;
          try {
            r = this.evalCondition(c, depth + 1);
          } catch (e) {
            if (!(e instanceof OpenValue)) throw e;
            open = e;
            continue;
          }
          if (and && !r) return false;
          if (!and && r) return true;
        }
        if (open) throw open;
        return and;
      }
      default:
        throw new Undecidable(`${fn} is not a condition function`);
    }
  }

  /** A value as Fn::Equals compares it (text), or undefined when it is not known. */
  private comparable(v: Val): string | undefined {
    if (v.k === 'absent') return '';
    if (v.k !== 'lit') return undefined;
    if (v.v !== null && typeof v.v === 'object') {
      if (!Array.isArray(v.v)) return undefined;
      const parts: string[] = [];
      for (const e of v.v) {
        const c = this.comparable(this.value(e));
        if (c === undefined) return undefined;
        parts.push(c);
      }
      return JSON.stringify(parts);
    }
    return String(v.v);
  }

  /**
   * Resolve a raw template value in the current world. Objects and arrays are
   * returned as `lit` with their raw children (resolve children with `value()`,
   * `at()` or `items()`), unless the object is itself an intrinsic.
   */
  public value(raw: any): Val {
    if (raw === undefined || raw === null) return ABSENT;
    if (typeof raw === 'string') {
      if (raw.includes(PSEUDO_CHAR)) return RESERVED_TEXT;
      if (!raw.includes('{{resolve:')) return { k: 'lit', v: raw };
      if (raw.includes('{{resolve:secretsmanager:') || raw.includes('{{resolve:ssm-secure:')) return { k: 'secret', text: raw };
      return { k: 'unknown', why: `dynamic reference ${raw.slice(0, 120)}` };
    }
    if (typeof raw !== 'object') return typeof raw === 'number' && !Number.isFinite(raw) ? { k: 'unknown', why: 'not a number' } : { k: 'lit', v: raw };
    if (Array.isArray(raw)) return { k: 'lit', v: raw };
    const fn = onlyKey(raw);
    if (fn === undefined) return rewritten(raw) ? REWRITTEN : { k: 'lit', v: raw };
    if (!isIntrinsicKey(fn)) return { k: 'lit', v: raw };
    if (this.depth > MAX_DEPTH) return { k: 'unknown', why: 'intrinsic functions nested too deep' };
    this.depth++;
    try {
      return this.intrinsic(fn, raw[fn]);
    } catch (e) {
      // A choice no world can make here (outside a rule run, an undeclared condition): unknown, never a literal.
      if (e instanceof Undecidable) return { k: 'unknown', why: e.why };
      throw e;
    } finally {
      this.depth--;
    }
  }

  private intrinsic(fn: string, arg: any): Val {
    switch (fn) {
      case 'Ref':
        return this.ref(arg);
      case 'Fn::GetAtt': {
        const parts = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split(/\.(.*)/s) : [];
        const id = parts[0];
        const attrV = parts[1] !== undefined ? this.value(parts[1]) : ABSENT;
        const attr = attrV.k === 'lit' && typeof attrV.v === 'string' ? attrV.v : undefined;
        if (typeof id !== 'string') return { k: 'unknown', why: 'malformed Fn::GetAtt' };
        const target = this.resources.get(id);
        if (!target) return { k: 'unknown', why: `attribute of ${id}, not in this template` };
        if (target.type === 'AWS::CloudFormation::Stack' && attr?.startsWith('Outputs.')) {
          const child = this.children.get(id);
          if (child) return child.outputValue(attr.substring('Outputs.'.length));
          // The child's template is not in the check: the output is whatever that template gives, decided at deploy.
          return { k: 'unknown', why: `output ${attr.substring('Outputs.'.length)} of nested stack ${id}, whose template is not in this check` };
        }
        return attr === undefined && parts[1] !== undefined ? { k: 'unknown', why: `attribute of ${id} computed at deploy time` } : { k: 'ref', target, attr };
      }
      case 'Fn::ImportValue': {
        const name = this.value(arg);
        const found = name.k === 'lit' && typeof name.v === 'string' ? this.resolver?.exported(name.v, this) : undefined;
        if (found && 'open' in found) return { k: 'unknown', why: found.open };
        return found ? this.foreign(found) : { k: 'unknown', why: 'imported from another stack (Fn::ImportValue) not in this check' };
      }
      case 'Fn::GetStackOutput': {
        const stack = this.value(own(arg, 'StackName'));
        const output = this.value(own(arg, 'OutputName'));
        const found = stack.k === 'lit' && output.k === 'lit' ? this.resolver?.output(String(stack.v), String(output.v)) : undefined;
        return found ? this.foreign(found) : { k: 'unknown', why: 'output of another stack (Fn::GetStackOutput) not in this check' };
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join':
        return this.join(arg);
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return { k: 'unknown', why: 'malformed Fn::If' };
        return this.value(this.conditionHolds(arg[0]) ? arg[1] : arg[2]);
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg);
      case 'Fn::Select':
        return this.select(arg);
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) return { k: 'unknown', why: 'malformed Fn::Split' };
        const sep = this.value(arg[0]);
        const s = this.value(arg[1]);
        if (sep.k === 'lit' && typeof sep.v === 'string' && sep.v !== '' && s.k === 'lit' && typeof s.v === 'string') return { k: 'lit', v: s.v.split(sep.v) };
        return { k: 'unknown', why: 'Fn::Split of a value computed at deploy time' };
      }
      case 'Fn::Base64': {
        // The encoded text; references and secrets inside keep their placeholders (rules that read user data decode it).
        const v = this.value(arg);
        const b64 = (t: string) => Buffer.from(t, 'utf8').toString('base64');
        if (v.k === 'lit' && typeof v.v === 'string') return { k: 'lit', v: b64(v.v) };
        if (v.k === 'expr') return { k: 'expr', text: b64(v.text), refs: v.refs };
        if (v.k === 'secret') return { k: 'secret', text: b64(v.text) };
        return v.k === 'unknown' ? v : { k: 'unknown', why: 'Fn::Base64 of a value that is not text' };
      }
      case 'Fn::Length': {
        const v = this.value(arg);
        const list = this.items(v);
        return list ? { k: 'lit', v: list.length } : { k: 'unknown', why: 'Fn::Length of a list computed at deploy time' };
      }
      case 'Fn::ToJsonString': {
        const text = this.toJson(this.value(arg), 0);
        return text === undefined ? { k: 'unknown', why: 'Fn::ToJsonString of a value computed at deploy time' } : { k: 'lit', v: text };
      }
      case 'Fn::GetAZs':
      case 'Fn::Cidr':
      case 'Fn::Transform':
        return { k: 'unknown', why: `${fn} is evaluated at deploy time` };
      case 'Condition':
        return { k: 'unknown', why: 'a condition reference is not a property value' };
      case TEXT_INTRINSIC:
        return { k: 'unknown', why: `${String(arg)}${TEXT_INTRINSIC_WHY}` };
      default:
        return { k: 'unknown', why: `${fn} is not a function the checks model` };
    }
  }

  private ref(arg: any): Val {
    if (typeof arg !== 'string') return { k: 'unknown', why: 'malformed Ref' };
    if (arg === 'AWS::NoValue') return ABSENT;
    const target = this.resources.get(arg);
    if (target) return { k: 'ref', target };
    if (arg.startsWith('AWS::')) return this.pseudoParameter(arg);
    const def = own(this.parameters, arg);
    if (def === undefined) return { k: 'unknown', why: `Ref ${arg}: no such resource or parameter` };
    return this.parameterValue(arg, def);
  }

  private pseudoParameter(name: string): Val {
    const key = `param:${this.id}:${name}`;
    const w = this.world;
    if (w?.has(key)) return { k: 'lit', v: w.get(key) };
    const region = this.pseudo.region;
    switch (name) {
      case 'AWS::Region':
        if (region) return { k: 'lit', v: region };
        break;
      case 'AWS::AccountId':
        if (this.pseudo.accountId) return { k: 'lit', v: this.pseudo.accountId };
        break;
      case 'AWS::Partition':
        if (region) return { k: 'lit', v: region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws' };
        break;
      case 'AWS::URLSuffix':
        if (region) return { k: 'lit', v: region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com' };
        break;
    }
    return { k: 'unknown', why: `pseudo parameter ${name}` };
  }

  /**
   * A parameter's value: passed by the parent for a nested stack (else its
   * Default, which then is the value); one of its AllowedValues (a choice of
   * the world); otherwise open, decided at deploy (a Default is only likely).
   */
  private parameterValue(name: string, def: any): Val {
    const key = `param:${this.id}:${name}`;
    const w = this.world;
    if (w?.has(key)) return { k: 'lit', v: w.get(key) };
    const type = String(own(def, 'Type') ?? 'String');
    // What is passed (or the Default) is the name of an SSM parameter, whose value CloudFormation reads at deploy time.
    if (/^AWS::SSM::Parameter::Value</.test(type)) return { k: 'unknown', why: `parameter ${name} is read from SSM Parameter Store at deploy time`, param: name };
    if (this.nested) {
      const passed = this.nested.parent.prop(this.nested.stackResource, `Parameters.${name}`);
      if (passed.k !== 'absent') return passed;
      const d = own(def, 'Default');
      if (d !== undefined) return this.value(d);
      return { k: 'unknown', why: `parameter ${name} of nested stack ${this.nested.stackResource.logicalId} is not passed and has no Default` };
    }
    const allowed = own(def, 'AllowedValues');
    const isList = /^(CommaDelimitedList|List<)/.test(type);
    if (Array.isArray(allowed) && allowed.length > 0 && !isList && allowed.every((a) => a === null || typeof a !== 'object')) {
      if (!w) return { k: 'unknown', why: `parameter ${name} is one of ${allowed.map(String).join(', ')}` };
      const v = w.choose(key, `parameter ${name}`, allowed.map((a) => String(a)));
      return { k: 'lit', v };
    }
    const d = own(def, 'Default');
    return { k: 'unknown', why: `parameter ${name} is set at deploy time${d !== undefined && (typeof d !== 'object' || d === null) ? ` (Default ${JSON.stringify(d)} is only the likely value)` : ''}`, param: name };
  }

  /** The outputs of this template that exist in the current world (no Condition, or one that holds), each with its value. */
  public outputsHere(): [string, Val][] {
    const outputs = plainMap(this.template.Outputs);
    const out: [string, Val][] = [];
    for (const name of Object.keys(outputs)) {
      const o = outputs[name];
      const cond = own(o, 'Condition');
      if (typeof cond === 'string' && !this.conditionHolds(cond)) continue;
      out.push([name, this.value(own(o, 'Value'))]);
    }
    return out;
  }

  /** The outputs of this template that export a value referring to `res` in the current world: another stack may import it. */
  public exportsReferring(res: CfnResource): string[] {
    const outputs = plainMap(this.template.Outputs);
    const out: string[] = [];
    for (const name of Object.keys(outputs)) {
      const o = outputs[name];
      if (own(o, 'Export') === undefined) continue;
      if (this.refsOf(this.value(own(o, 'Value'))).has(res.logicalId)) out.push(name);
    }
    return out;
  }

  /**
   * The exports of this template that hand on `res` (an output with `Export` whose value refers to it in the current
   * world), each with its export name when the template settles it, and the resources of the other templates of
   * the run that import it by that name (`CrossStackResolver.importers`).
   */
  public exportsOf(res: CfnResource): { output: string; name?: string; importers: { index: TemplateIndex; resource: CfnResource }[] }[] {
    const owner = ownerIndex(res);
    if (owner && owner !== this) return owner.exportsOf(res);
    const outputs = plainMap(this.template.Outputs);
    return this.exportsReferring(res).map((output) => {
      const n = this.value(own(own(outputs[output], 'Export'), 'Name'));
      if (n.k !== 'lit' || typeof n.v !== 'string') return { output, importers: [] };
      const name = n.v;
      return { output, name, importers: (this.resolver?.importers?.(name) ?? []).filter((i) => i.index !== this) };
    });
  }

  /** The resources a value reaches in the current world, deep: every Ref, GetAtt and Sub below it, across the run's templates. */
  public targetsOf(v: Val): Set<CfnResource> {
    const out = new Set<CfnResource>();
    this.eachTarget(v, (r) => out.add(r));
    return out;
  }

  /** The value of one of this (nested) template's outputs. */
  public outputValue(name: string): Val {
    const out = own(plainMap(this.template.Outputs), name);
    if (out === undefined) return { k: 'unknown', why: `nested stack ${this.stack} has no output ${name}` };
    return this.foreign({ index: this, raw: own(out, 'Value') });
  }

  private findInMap(arg: any): Val {
    if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) return { k: 'unknown', why: 'malformed Fn::FindInMap' };
    const mapName = this.value(arg[0]);
    if (mapName.k !== 'lit' || typeof mapName.v !== 'string') return { k: 'unknown', why: 'Fn::FindInMap with a computed map name' };
    const map = own(this.mappings, mapName.v);
    if (map === undefined || map === null || typeof map !== 'object') return { k: 'unknown', why: `mapping ${mapName.v} is not declared` };
    if (rewritten(map)) return REWRITTEN;
    const fallback = arg.length === 4 ? own(arg[3], 'DefaultValue') : undefined;
    const top = this.mapKey(arg[1], map, `mapping ${mapName.v}`, fallback !== undefined);
    if (top === undefined) return fallback !== undefined ? this.value(fallback) : ABSENT;
    const second = own(map, top);
    if (second === null || typeof second !== 'object' || Array.isArray(second)) return { k: 'unknown', why: `mapping ${mapName.v}.${top} is not a map` };
    if (rewritten(second)) return REWRITTEN;
    const key2 = this.mapKey(arg[2], second, `mapping ${mapName.v}.${top}`, fallback !== undefined);
    if (key2 === undefined) return fallback !== undefined ? this.value(fallback) : ABSENT;
    return this.value(own(second, key2));
  }

  /**
   * The key a FindInMap level selects. A key known in this world must be in
   * the map (else the deployment fails: infeasible, unless a DefaultValue
   * exists, then undefined). A key decided at deploy time is a choice of the
   * world among the map's keys; when it is a parameter or pseudo parameter,
   * the choice also fixes that parameter for the rest of the world.
   */
  private mapKey(rawKey: any, map: any, what: string, hasDefault: boolean): string | undefined {
    const k = this.value(rawKey);
    const keys = Object.keys(map);
    if (k.k === 'lit' && (typeof k.v === 'string' || typeof k.v === 'number' || typeof k.v === 'boolean')) {
      const s = String(k.v);
      if (Object.prototype.hasOwnProperty.call(map, s)) return s;
      if (hasDefault) return undefined;
      throw new Infeasible(`${what} has no key ${s}`);
    }
    if (k.k !== 'unknown' && k.k !== 'expr') throw new Undecidable(`${what} keyed by ${V.show(k)}`);
    const w = this.world;
    if (!w) throw new Undecidable(`${what} keyed by a value decided at deploy time (${k.k === 'unknown' ? k.why : k.text})`);
    const refName = typeof own(rawKey, 'Ref') === 'string' ? own(rawKey, 'Ref') as string : undefined;
    const options = hasDefault ? [...keys, '\u0000other'] : keys;
    if (refName) {
      const chosen = w.choose(`param:${this.id}:${refName}`, refName.startsWith('AWS::') ? `${refName} (${what})` : `parameter ${refName} (${what})`, options, (o) => (o === '\u0000other' ? '(a key not in the map)' : o));
      return chosen === '\u0000other' ? undefined : chosen;
    }
    const chosen = w.choose(`map:${this.id}:${what}:${JSON.stringify(rawKey).slice(0, 200)}`, `key of ${what}`, options, (o) => (o === '\u0000other' ? '(a key not in the map)' : o));
    return chosen === '\u0000other' ? undefined : chosen;
  }

  private select(arg: any): Val {
    if (!Array.isArray(arg) || arg.length !== 2) return { k: 'unknown', why: 'malformed Fn::Select' };
    const vi = this.value(arg[0]);
    const i = vi.k === 'lit' && (typeof vi.v === 'number' || (typeof vi.v === 'string' && /^\d+$/.test(vi.v))) ? Number(vi.v) : undefined;
    if (i === undefined || !Number.isInteger(i)) return { k: 'unknown', why: vi.k === 'lit' ? `Fn::Select index ${JSON.stringify(vi.v)} is not a whole number` : 'Fn::Select index computed at deploy time' };
    const vl = this.value(arg[1]);
    if (vl.k !== 'lit' || !Array.isArray(vl.v)) return this.selectFromComputed(arg[1], i) ?? { k: 'unknown', why: 'Fn::Select over a list computed at deploy time' };
    if (i >= vl.v.length) return { k: 'unknown', why: `Fn::Select index ${i} is out of range (${vl.v.length} entries)` };
    return this.value(vl.v[i]);
  }

  /**
   * `Fn::Select` of a known index from a list computed at deploy time that
   * still says what it is made of: `Fn::Split` of a reference (the CDK's
   * `Select(4, Split(':', Repo.Arn))`) or `Fn::GetAZs` (distinct indexes are
   * distinct zones). An expression that names its source and keeps its
   * references; undefined for anything else.
   */
  private selectFromComputed(rawList: any, i: number): Val | undefined {
    const split = own(rawList, 'Fn::Split');
    if (Array.isArray(split) && split.length === 2) {
      const sep = this.value(split[0]);
      const src = this.value(split[1]);
      if (sep.k !== 'lit' || typeof sep.v !== 'string') return undefined;
      if (src.k === 'ref') return { k: 'expr', text: `\${${PSEUDO_CHAR}${src.target.logicalId}${src.attr ? '.' + src.attr : ''}.split(${JSON.stringify(sep.v)})[${i}]}`, refs: [src.target] };
      if (src.k === 'expr') return { k: 'expr', text: `\${(${src.text}).split(${JSON.stringify(sep.v)})[${i}]}`, refs: src.refs };
      return undefined;
    }
    const azs = own(rawList, 'Fn::GetAZs');
    if (azs !== undefined && Object.keys(rawList).length === 1) {
      const region = this.value(azs);
      const name = region.k === 'lit' && region.v !== '' ? String(region.v) : region.k === 'absent' || (region.k === 'lit' && region.v === '') ? AZS_STACK_REGION : V.show(region);
      return { k: 'expr', text: azsMark(name, i), refs: [] };
    }
    return undefined;
  }

  private toJson(v: Val, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (v.k === 'absent') return undefined;
    if (v.k !== 'lit') return undefined;
    if (v.v === null || typeof v.v !== 'object') return JSON.stringify(v.v);
    if (Array.isArray(v.v)) {
      const parts: string[] = [];
      for (const e of v.v) {
        const x = this.value(e);
        if (x.k === 'absent') continue;
        const s = this.toJson(x, depth + 1);
        if (s === undefined) return undefined;
        parts.push(s);
      }
      return `[${parts.join(',')}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(v.v)) {
      const x = this.value(v.v[key]);
      if (x.k === 'absent') continue;
      const s = this.toJson(x, depth + 1);
      if (s === undefined) return undefined;
      parts.push(`${JSON.stringify(key)}:${s}`);
    }
    return `{${parts.join(',')}}`;
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
    const tpl = Array.isArray(arg) ? arg[0] : arg;
    const vars = Array.isArray(arg) ? arg[1] : undefined;
    if (typeof tpl !== 'string') return { k: 'unknown', why: 'Fn::Sub with a computed template' };
    if (tpl.includes(PSEUDO_CHAR)) return RESERVED_TEXT;
    const refs: CfnResource[] = [];
    let unknown: string | undefined;
    const params: string[] = [];
    let secret = false;
    let text = '';
    // Whether every text built around parameters among the pieces said which resources it refers to.
    let inner = true;
    // The text with each parameter as its hole, while every deploy-time piece is a parameter.
    let holed: string | undefined = '';
    for (const piece of subPieces(tpl)) {
      if (piece.literal !== undefined) {
        text += piece.literal;
        if (holed !== undefined) holed = withLiteral(holed, piece.literal);
        continue;
      }
      const name = piece.name!;
      let v: Val;
      const local = own(vars, name);
      if (local !== undefined) v = this.value(local);
      else if (name.includes('.')) v = this.value({ 'Fn::GetAtt': name.split(/\.(.*)/s).slice(0, 2) });
      else v = this.value({ Ref: name });
      const before = text.length;
      if (v.k === 'lit' && (typeof v.v !== 'object' || v.v === null)) text += String(v.v);
      else if (v.k === 'ref') { refs.push(v.target); text += refMark(v.target.logicalId, v.attr); } else if (v.k === 'expr') { refs.push(...v.refs); text += v.text; } else if (v.k === 'secret') { secret = true; text += v.text; } else if (v.k === 'unknown' && v.why.startsWith('pseudo parameter ')) text += pseudoMark(v.why.substring('pseudo parameter '.length));
      else if (v.k === 'unknown') { unknown = v.why; params.push(...paramsOf(v)); text += `\${${name}}`; if (holed !== undefined) holed = holedPiece(holed, v); if (v.text !== undefined && v.param === undefined) { inner = inner && v.refs !== undefined; refs.push(...(v.refs ?? [])); } continue; } else { unknown = `\${${name}} is not a string`; holed = undefined; }
      if (holed !== undefined) holed = withLiteral(holed, text.substring(before));
    }
    // Built around a value decided at deploy time: not that value (no `param`), but it holds the parameters it holds.
    if (unknown) return params.length > 0 ? { k: 'unknown', why: unknown, params, ...(holed !== undefined && !secret ? { text: holed, ...(inner ? { refs } : {}) } : {}) } : { k: 'unknown', why: unknown };
    if (secret || text.includes('{{resolve:secretsmanager:') || text.includes('{{resolve:ssm-secure:')) return { k: 'secret', text };
    if (text.includes('{{resolve:')) return { k: 'unknown', why: `dynamic reference ${text.slice(0, 120)}` };
    return refs.length === 0 && !text.includes('${') ? { k: 'lit', v: text } : { k: 'expr', text, refs };
  }

  private join(arg: any): Val {
    if (!Array.isArray(arg) || arg.length !== 2) return { k: 'unknown', why: 'malformed Fn::Join' };
    const sep = this.value(arg[0]);
    const list = this.value(arg[1]);
    if (sep.k !== 'lit' || typeof sep.v !== 'string') return { k: 'unknown', why: 'Fn::Join with a computed separator' };
    if (list.k === 'unknown') return list;
    if (list.k !== 'lit' || !Array.isArray(list.v)) return { k: 'unknown', why: 'Fn::Join over a list computed at deploy time' };
    const refs: CfnResource[] = [];
    let dynamic = false;
    let secret = false;
    const parts: string[] = [];
    let open: Val | undefined;
    const params: string[] = [];
    let pieces = 0;
    // Whether every text built around parameters among the pieces said which resources it refers to.
    let inner = true;
    // The pieces with each parameter as its hole, while every deploy-time piece is a parameter.
    let holed: string[] | undefined = [];
    for (const p of list.v) {
      const v = this.value(p);
      if (v.k !== 'absent') pieces++;
      if (v.k === 'unknown' && !v.why.startsWith('pseudo parameter ')) {
        const h: string | undefined = holed ? holedPiece('', v) : undefined;
        holed = holed && h !== undefined ? [...holed, h] : undefined;
      }
      if (v.k === 'lit' && (typeof v.v !== 'object' || v.v === null)) parts.push(String(v.v));
      else if (v.k === 'ref') { refs.push(v.target); parts.push(refMark(v.target.logicalId, v.attr)); dynamic = true; } else if (v.k === 'expr') { refs.push(...v.refs); parts.push(v.text); dynamic = true; } else if (v.k === 'secret') { secret = true; parts.push(v.text); } else if (v.k === 'absent') continue;
      else if (v.k === 'unknown' && v.why.startsWith('pseudo parameter ')) { parts.push(pseudoMark(v.why.substring('pseudo parameter '.length))); dynamic = true; } else if (v.k === 'unknown') {
        open ??= v;
        params.push(...paramsOf(v));
        if (v.text !== undefined && v.param === undefined) { inner = inner && v.refs !== undefined; refs.push(...(v.refs ?? [])); }
        continue;
      } else return { k: 'unknown', why: 'Fn::Join over a list that is not strings' };
      if (holed) holed = withLiteral('', parts[parts.length - 1]) === undefined ? undefined : [...holed, parts[parts.length - 1]];
    }
    // One piece alone is that value; a piece among others makes the text unknown, holding the parameters it holds.
    if (open?.k === 'unknown') return pieces === 1 ? open : params.length > 0 ? { k: 'unknown', why: open.why, params, ...(holed && !secret ? { text: holed.join(sep.v), ...(inner ? { refs } : {}) } : {}) } : { k: 'unknown', why: open.why };
    const text = parts.join(sep.v);
    if (secret || text.includes('{{resolve:secretsmanager:') || text.includes('{{resolve:ssm-secure:')) return { k: 'secret', text };
    if (text.includes('{{resolve:')) return { k: 'unknown', why: `dynamic reference ${text.slice(0, 120)}` };
    return dynamic ? { k: 'expr', text, refs } : { k: 'lit', v: text };
  }
}

/**
 * How a template parameter sits in the `text` of an unknown value (see `Val`): `\u0000parameter <Name>\u0000`, a hole no
 * template text can spell, so that two texts are equal only where they hold the same parameters at the same places.
 * @internal
 */
export function paramHole(name: string): string {
  return `\u0000parameter ${name}\u0000`;
}

/**
 * How the `why` of an intrinsic function written inside a policy document given as text ends: CloudFormation passes
 * it as written, an object (`{"Fn::Sub": ...}`), never a string.
 * @internal
 */
export const TEXT_INTRINSIC_WHY = ' written inside a document given as text: CloudFormation does not evaluate it there (the text is passed as written, and the service rejects it or reads it as it stands)';

/** The character of a pseudo parameter's and a reference's mark (`pseudoMark`, `refMark`): no template text holds it (the index reads one that does as `RESERVED_TEXT`). */
const PSEUDO_CHAR = '\u0005';

/** What a template text holding `PSEUDO_CHAR` reads as: never a text that could pass for a placed pseudo parameter. */
const RESERVED_TEXT: Val = { k: 'unknown', why: 'text holding the control character U+0005, which the checks reserve' };

/**
 * How a pseudo parameter decided at deploy time (`AWS::Region` without a known region, `AWS::StackName`...) sits in
 * a text the index builds from Fn::Sub / Fn::Join: `${\u0005AWS::Region}`. It is a `${...}` placeholder (a reader
 * masking placeholders masks it), and no template text spells it, so `${AWS::Region}` in a text is always text
 * CloudFormation leaves as written (a plain string, an Fn::Join piece, `${!AWS::Region}` of Fn::Sub): it names no
 * region, account or partition. Readers ask for the mark (`pseudoMark('AWS::Region')`) where they mean the
 * stack's value, and show texts with `showPseudoMarks`.
 * @internal
 */
export function pseudoMark(name: string): string {
  return `\${${PSEUDO_CHAR}${name}}`;
}

/** The pseudo parameter a placeholder's inner text (between `${` and `}`) marks, or undefined (a reference, literal text). @internal */
export function markedPseudo(inner: string): string | undefined {
  return inner.charCodeAt(0) === 5 && inner.includes('::') ? inner.substring(1) : undefined;
}

/** The stack's region as `azsMark` writes it inside its mark (`Fn::GetAZs ''` or of `AWS::Region` not known here). @internal */
export const AZS_STACK_REGION = `${PSEUDO_CHAR}AWS::Region`;

/**
 * How `Fn::Select` of index `i` over `Fn::GetAZs <region>` sits in a text the index builds: `${\u0005Fn::GetAZs(<region>)[i]}`,
 * marked as a pseudo parameter is (`pseudoMark`), so the same characters written as text (a plain string,
 * `${!Fn::GetAZs(...)[0]}` of Fn::Sub) are never a zone; `markedAzs` reads it. The region is its name, or
 * `AZS_STACK_REGION` (braces left out, so the mark holds no `}`).
 * @internal
 */
export function azsMark(region: string, i: number): string {
  return `\${${PSEUDO_CHAR}Fn::GetAZs(${region.replace(/[{}]/g, '')})[${i}]}`;
}

/** The region and index of a text that is one `azsMark`, or undefined (any other text, the same characters written as text). @internal */
export function markedAzs(text: string): { region: string; index: number } | undefined {
  const m = /^\$\{\u0005Fn::GetAZs\(([^{}]*)\)\[(\d+)\]\}$/.exec(text);
  return m ? { region: m[1], index: Number(m[2]) } : undefined;
}

/**
 * How a reference (`Ref` / `Fn::GetAtt`) the index places in a text built by Fn::Sub / Fn::Join sits there:
 * `${\u0005Id}` / `${\u0005Id.Attr}`, marked as a pseudo parameter is (`pseudoMark`), so `${Id}` in a text (a plain
 * string, an Fn::Join piece, `${!Id}` of Fn::Sub) is always text CloudFormation leaves as written, never the
 * resource's name or ARN. Readers ask for the mark (`refMark(res.logicalId)`) where they mean the reference, read a
 * placeholder's name with `markedRef`, and show texts with `showPseudoMarks` (`${Id}`).
 * @internal
 */
export function refMark(logicalId: string, attr?: string): string {
  return `\${${PSEUDO_CHAR}${logicalId}${attr ? '.' + attr : ''}}`;
}

/**
 * The reference (`Id`, `Id.Attr`, or a computed form of one: `Id.Attr.split(...)[i]`) a placeholder's inner text
 * (between `${` and `}`) marks, or undefined: a pseudo parameter's mark, or `${...}` written as text.
 * @internal
 */
export function markedRef(inner: string): string | undefined {
  return inner.charCodeAt(0) === 5 && !inner.includes('::') ? inner.substring(1) : undefined;
}

/** Text for messages: each pseudo parameter's and reference's mark written `${AWS::...}`, `${Id}`. @internal */
export function showPseudoMarks(text: string): string {
  return text.includes(PSEUDO_CHAR) ? text.split(PSEUDO_CHAR).join('') : text;
}

/**
 * The pieces of a text the index built (an `expr`): literal text, and the references and pseudo parameters it placed
 * (`refMark`, `pseudoMark`), by name without the mark; any other `${...}` is literal text.
 */
function placedPieces(text: string): { literal?: string; name?: string }[] {
  const out: { literal?: string; name?: string }[] = [];
  const open = '${' + PSEUDO_CHAR;
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf(open, i);
    const close = at === -1 ? -1 : text.indexOf('}', at + open.length);
    if (close === -1) { out.push({ literal: text.substring(i) }); break; }
    if (at > i) out.push({ literal: text.substring(i, at) });
    out.push({ name: text.substring(at + open.length, close) });
    i = close + 1;
  }
  return out;
}

/** `holed` followed by known text; undefined when the text holds what a hole is made of (it could spell one). */
function withLiteral(holed: string, text: string): string | undefined {
  return text.includes('\u0000') ? undefined : holed + text;
}

/** `holed` followed by an unknown piece: its text, or the hole of the parameter it is; undefined when it is neither. */
function holedPiece(holed: string, v: { param?: string; text?: string }): string | undefined {
  if (v.param !== undefined) return holed + paramHole(v.param);
  return v.text !== undefined ? holed + v.text : undefined;
}

/** The template parameters an unknown value is, or holds among its pieces. */
function paramsOf(v: { param?: string; params?: readonly string[] }): string[] {
  return [...(v.param !== undefined ? [v.param] : []), ...(v.params ?? [])];
}

/** What an intrinsic function written inside a document's JSON text reads as (see `parseDocument`): no reference. */
const TEXT_INTRINSIC = 'Fn::GoLive::WrittenInText';

/** Marks a reference's place in Fn::Sub JSON text while it is parsed (`@` is not JSON outside a string). */
const DOC_REF = '@@golive-ref@@';

/** Text as an Fn::Sub template that reads as the text itself: each `${` written `${!`. */
function escapeSub(text: string): string {
  return text.split('${').join('${!');
}

/**
 * An open Fn::Equals: `key` names the comparison (its two operands as written, in either order); `side` names its
 * open operand when the other is known, and `literal` is that known text.
 */
interface OpenEquality {
  readonly key: string;
  readonly side?: string;
  readonly literal?: string;
}

/** An open value met while evaluating a condition: the condition becomes a choice of the world. */
class OpenValue extends Error {
  constructor(public readonly why: string, public readonly atom?: OpenEquality) {
    super(why);
  }
}

/** How many Fn::Not wrap the one Fn::Equals a condition is (`HasX: !Not [!Equals [...]]` is 1), or undefined. */
function negationsToEquals(expr: any): number | undefined {
  let n = 0;
  for (let node = expr; n <= MAX_DEPTH; n++) {
    const keys = node !== null && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
    if (keys.length !== 1) return undefined;
    if (keys[0] === 'Fn::Equals') return n;
    if (keys[0] !== 'Fn::Not' || !Array.isArray(node['Fn::Not']) || node['Fn::Not'].length !== 1) return undefined;
    node = node['Fn::Not'][0];
  }
  return undefined;
}

const STATIC_REFS = new WeakMap<object, Set<string>>();

/** Every logical id referenced below a raw node, in any branch (cached per node). */
function staticRefs(node: any): Set<string> {
  if (node === null || typeof node !== 'object') return new Set();
  let out = STATIC_REFS.get(node);
  if (!out) {
    out = new Set();
    collectRefs(node, out, {});
    STATIC_REFS.set(node, out);
  }
  return out;
}

/** Whether a raw node is an intrinsic function call (`{ Ref }`, `{ Fn::X }`). */
function isIntrinsic(node: any): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const key = onlyKey(node);
  return key !== undefined && (key === 'Ref' || key.startsWith('Fn::'));
}

/** Whether `value()` of a raw node is the node itself as a literal: a list, or an object that is not an intrinsic function. */
function isLiteralContainer(node: any): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return true;
  const fn = onlyKey(node);
  return fn === undefined ? !rewritten(node) : !isIntrinsicKey(fn);
}

/**
 * Whether an object of several keys holds an `Fn::Transform` among them: the macro (or `AWS::Include`) gets the
 * whole object and returns what is deployed in its place, so none of its keys can be read as written.
 */
function rewritten(obj: object): boolean {
  return Object.prototype.hasOwnProperty.call(obj, TRANSFORM_FN);
}

/** The intrinsic a macro or `AWS::Include` is called by inside a template. @internal */
export const TRANSFORM_FN = 'Fn::Transform';

/** The sections an `Fn::Transform` key may rewrite whole. */
const REWRITABLE_SECTIONS = ['Resources', 'Parameters', 'Mappings', 'Conditions', 'Outputs'];

const REWRITTEN: Val = { k: 'unknown', why: 'Fn::Transform rewrites this map at deploy time' };

/** Whether a key names an intrinsic function: `Ref`, `Condition` or `Fn::...`. @internal */
export function isIntrinsicKey(k: string): boolean {
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::');
}

/** The intrinsic function a value calls (a map whose one key names one), else undefined. @internal */
export function intrinsicOf(v: unknown): string | undefined {
  if (!isMap(v)) return undefined;
  const k = onlyKey(v);
  return k !== undefined && isIntrinsicKey(k) ? k : undefined;
}

/** The key of an object that has exactly one own enumerable key, else undefined (no array of keys allocated: this runs per value read). */
function onlyKey(obj: object): string | undefined {
  let found: string | undefined;
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
    if (found !== undefined) return undefined;
    found = k;
  }
  return found;
}

/** Dotted property paths split once: rules read the same few hundred paths on every resource. */
const PATHS = new Map<string, string[]>();
function pathParts(path: string): string[] {
  let parts = PATHS.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    if (PATHS.size < 10000) PATHS.set(path, parts);
  }
  return parts;
}

function plainMap(x: any): Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? x : {};
}

/**
 * The pieces of an Fn::Sub template, in one linear pass (no regular
 * expression, so no backtracking on hostile input): literal text, and
 * `${Name}` variables. `${!Literal}` is the literal `${Literal}`; an unclosed
 * `${` is literal text, as CloudFormation leaves it.
 * @internal
 */
export function subPieces(tpl: string): { literal?: string; name?: string }[] {
  const out: { literal?: string; name?: string }[] = [];
  let i = 0;
  let lit = '';
  while (i < tpl.length) {
    const open = tpl.indexOf('${', i);
    if (open === -1) { lit += tpl.substring(i); break; }
    lit += tpl.substring(i, open);
    const close = tpl.indexOf('}', open + 2);
    if (close === -1) { lit += tpl.substring(open); break; }
    const inner = tpl.substring(open + 2, close);
    if (inner.startsWith('!')) {
      lit += '${' + inner.substring(1) + '}';
    } else {
      if (lit) out.push({ literal: lit });
      lit = '';
      out.push({ name: inner.trim() });
    }
    i = close + 1;
  }
  if (lit) out.push({ literal: lit });
  return out;
}

/**
 * Collect the logical ids referenced below a raw value (Ref, GetAtt, Sub),
 * iteratively (no recursion: a deeply nested template cannot overflow the
 * stack). Returns whether the value depends on the world (Fn::If,
 * Fn::FindInMap, Fn::Select, or a Ref to a parameter).
 */
function collectRefs(root: any, out: Set<string>, parameters: Record<string, any>, pruneIf?: (cond: string) => boolean | undefined): boolean {
  let dynamic = false;
  const stack: any[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (node[i] !== null && typeof node[i] === 'object') stack.push(node[i]);
      continue;
    }
    for (const k in node) {
      if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
      const v = node[k];
      if (DYNAMIC_KEYS.has(k)) dynamic = true;
      if (pruneIf && k === 'Fn::If' && Array.isArray(v) && v.length === 3 && typeof v[0] === 'string') {
        const holds = pruneIf(v[0]);
        if (holds === undefined) stack.push(v[1], v[2]);
        else stack.push(holds ? v[1] : v[2]);
      } else if (k === 'Ref') {
        if (typeof v === 'string') {
          out.add(v);
          if (Object.prototype.hasOwnProperty.call(parameters, v)) dynamic = true;
        }
      } else if (k === 'Fn::GetAtt') {
        if (Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
        else if (typeof v === 'string') out.add(v.split('.')[0]);
        else stack.push(v);
      } else if (k === 'Fn::Sub') {
        const tpl = Array.isArray(v) ? v[0] : v;
        if (typeof tpl === 'string' && tpl.includes('${')) {
          for (const p of subPieces(tpl)) {
            if (p.name === undefined) continue;
            const id = p.name.split('.')[0];
            out.add(id);
            if (Object.prototype.hasOwnProperty.call(parameters, id)) dynamic = true;
          }
        }
        if (Array.isArray(v)) stack.push(v[1]);
      } else if (v !== null && typeof v === 'object') {
        stack.push(v);
      }
    }
  }
  return dynamic;
}

function undecidable(v: Val): never {
  throw new Undecidable(v.k === 'unknown' ? v.why : `value ${V.show(v)} cannot be read here`);
}

/**
 * Readers for rules. They are strict: asking whether an `unknown` value is
 * true, false, a number, a string or a list throws `Undecidable`, which the
 * engine turns into an `unknown` verdict for the world. A rule that forgets
 * the unknown case therefore can never pass it.
 * @internal
 */
export const V = {
  isTrue(v: Val): boolean {
    if (v.k === 'unknown') undecidable(v);
    return v.k === 'lit' && (v.v === true || (typeof v.v === 'string' && v.v.toLowerCase() === 'true'));
  },
  isFalse(v: Val): boolean {
    if (v.k === 'unknown') undecidable(v);
    return v.k === 'lit' && (v.v === false || (typeof v.v === 'string' && v.v.toLowerCase() === 'false'));
  },
  num(v: Val): number | undefined {
    if (v.k === 'unknown') undecidable(v);
    if (v.k !== 'lit') return undefined;
    const n = typeof v.v === 'number' ? v.v : typeof v.v === 'string' && v.v.trim() !== '' ? Number(v.v) : NaN;
    return Number.isFinite(n) ? n : undefined;
  },
  str(v: Val): string | undefined {
    if (v.k === 'unknown') undecidable(v);
    return v.k === 'lit' && (typeof v.v === 'string' || typeof v.v === 'number' || typeof v.v === 'boolean') ? String(v.v) : undefined;
  },
  list(v: Val): any[] | undefined {
    if (v.k === 'unknown') undecidable(v);
    return v.k === 'lit' && Array.isArray(v.v) ? v.v : undefined;
  },
  /** True when the value cannot be known at synth. */
  isUnknown(v: Val): boolean {
    return v.k === 'unknown';
  },
  /** Render a value for evidence. */
  show(v: Val): string {
    switch (v.k) {
      case 'lit': return typeof v.v === 'string' ? v.v : safeJson(v.v);
      case 'ref': return v.attr ? `${v.target.logicalId}.${v.attr}` : `Ref ${v.target.logicalId}`;
      case 'expr': return v.text;
      case 'secret': return v.text;
      case 'unknown': return `(unknown: ${v.why})`;
      case 'absent': return '(not set)';
    }
  },
};

function safeJson(x: any): string {
  try {
    const s = JSON.stringify(x);
    return s === undefined ? String(x) : s.length > 500 ? s.slice(0, 497) + '...' : s;
  } catch {
    return String(x);
  }
}
