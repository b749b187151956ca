/* eslint-disable @typescript-eslint/no-explicit-any */
import { isMap, own } from './collections';
/**
 * `AWS::LanguageExtensions`: expand `Fn::ForEach` before a template is indexed.
 *
 * Contract of {@link expandLanguageExtensions}`(template, file, options?)`:
 * - Pure: the input is never modified; the result is a new template (or the
 *   input itself when it declares no `AWS::LanguageExtensions` transform and
 *   holds no `Fn::ForEach`).
 * - `Transform: AWS::LanguageExtensions`, alone or in a list: every
 *   `Fn::ForEach::<Loop>` in `Resources`, `Conditions` and `Outputs` (at any
 *   depth: inside a resource's properties, nested loops) is replaced by one copy
 *   of its fragment per item of its collection. In each copy `${Identifier}` and
 *   `&{Identifier}` (the item with every non-alphanumeric character removed) are
 *   substituted in object keys and in `Fn::Sub` strings, and `Ref: Identifier`
 *   becomes the item (the semantics of the AWS documentation and of cfn-lint's
 *   transform). An `Fn::Sub` left with no variable becomes its string. Then,
 *   anywhere in the template, an intrinsic used as the argument of `Ref` /
 *   `Fn::GetAtt`, or as a resource's `Condition`, is resolved when the template
 *   alone decides it (`Fn::Sub` of literals, `Fn::FindInMap` with literal keys
 *   and its `DefaultValue`); what it cannot decide is left for the evaluator,
 *   which reads it as unknown, never as a literal. `Fn::Length`,
 *   `Fn::ToJsonString`, `Fn::FindInMap` with `DefaultValue` and intrinsics in
 *   `DeletionPolicy` / `UpdateReplacePolicy` are left as written: the
 *   evaluator models them (template-index.ts).
 * - `AWS::LanguageExtensions` is removed from `Transform`; any other transform
 *   (SAM, macros) is kept as written and not expanded.
 * - Collections. Decided (expanded exactly): a literal list of strings or
 *   numbers; entries or lists that are `Ref`s to parameters whose value is
 *   known (passed in `options.parameterValues`; for a nested stack, a parameter
 *   the parent does not pass takes its `Default`); `Fn::FindInMap` with literal
 *   keys; `Fn::Split` of a literal; a parameter whose `AllowedValues` has one
 *   entry. Undecided (the template alone cannot say which items CloudFormation
 *   will see): a list parameter with several `AllowedValues` (expanded with the
 *   union of their items), with a `Default` only (expanded with the `Default`,
 *   the likely value), or open (expanded with one placeholder item
 *   `Unknown<Parameter>`); `Fn::If` (the union of both branches); anything else
 *   the template cannot compute (`Fn::GetAZs`, an SSM parameter...). Every
 *   resource produced by, or containing, an undecided loop carries
 *   `Metadata["golive:undecided"]`, a one-line reason naming the loop and what
 *   decides it. THE ENGINE MUST TURN EVERY FINDING ON SUCH A RESOURCE INTO
 *   `unknown` with that reason (see {@link undecidedReason}): its existence,
 *   logical id and identifier-derived values are only likely, so it can neither
 *   pass nor fail an item on its own. It is never silently absent.
 * - Bad input (throws {@link LanguageExtensionsError}, one line naming the file
 *   and the loop): a malformed loop (not `[Identifier, Collection, Fragment]`,
 *   an identifier that is not a name, reused by an enclosing loop or equal to a
 *   parameter name), a collection CloudFormation cannot resolve before creating
 *   resources (a resource attribute, an import, a non-list), a generated key
 *   that already exists, `Fn::ForEach` outside `Resources`/`Conditions`/
 *   `Outputs` or without the transform, nesting deeper than
 *   {@link MAX_EXPANSION_DEPTH}, or an expansion of more than
 *   {@link MAX_EXPANDED_VALUES} values (far beyond CloudFormation's 1 MB
 *   processed-template quota; bounds memory).
 * - Bounded: no unbounded recursion (depth-limited walk), work and memory
 *   linear in the size of the result, which is capped.
 * @internal
 */

/** The transform this module expands. @internal */
export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** Metadata key marking a resource whose existence or values an undecided `Fn::ForEach` collection decides. @internal */
export const UNDECIDED_METADATA = 'golive:undecided';

/** Most values (objects, lists, scalars) an expansion may produce. @internal */
export const MAX_EXPANDED_VALUES = 250000;

/** Deepest nesting of objects and lists the expansion walks. @internal */
export const MAX_EXPANSION_DEPTH = 128;

/** A template `Fn::ForEach` cannot be expanded from: the CLI reports it on one line and exits 2. @internal */
export class LanguageExtensionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LanguageExtensionsError';
  }
}

/** What the caller knows about the stack's parameters. @internal */
export interface ExpansionOptions {
  /** Parameter values known at check time (a list parameter as a list or a comma-separated string). */
  readonly parameterValues?: Record<string, string | string[]>;
  /** The template is a nested stack: a parameter the parent does not pass takes its Default (the parent passes the others in `parameterValues`). */
  readonly nested?: boolean;
}

/** Whether a template declares the `AWS::LanguageExtensions` transform. @internal */
export function usesLanguageExtensions(template: any): boolean {
  return transformNames(template).includes(LANGUAGE_EXTENSIONS);
}

/**
 * The transforms a template's `Transform` names, in order: each a name, or the `Name` of `{ Name, Parameters }`
 * (one of another shape, which the loader refuses, in JSON). The one reading of `Transform` for the engine and the
 * expansion.
 * @internal
 */
export function transformNames(template: any): string[] {
  const t = isMap(template) ? template.Transform : undefined;
  if (t === undefined) return [];
  return (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : typeof x?.Name === 'string' ? x.Name : JSON.stringify(x)));
}

/**
 * The parameter values a parent's `AWS::CloudFormation::Stack` resource (raw, of the expanded parent) passes
 * its nested stack, as the child's loops can read them: literal strings and numbers, and lists of strings. A
 * value computed at deploy time is left out, so a loop over it is undecided.
 * @internal
 */
export function passedParameterValues(stackResource: any): Record<string, string | string[]> | undefined {
  const passed = isMap(stackResource) && isMap(stackResource.Properties) ? stackResource.Properties.Parameters : undefined;
  if (!isMap(passed)) return undefined;
  const values: Record<string, string | string[]> = {};
  for (const k of Object.keys(passed)) {
    const v = passed[k];
    if (typeof v === 'string' || typeof v === 'number') values[k] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) values[k] = v;
  }
  return values;
}

/**
 * Why a resource of an expanded template is undecided (it came from, or
 * contains, a `Fn::ForEach` whose collection the template cannot decide), or
 * undefined. `resource` is the raw resource of the expanded template.
 * @internal
 */
export function undecidedReason(resource: any): string | undefined {
  const md = isMap(resource) ? resource.Metadata : undefined;
  const r = isMap(md) && Object.prototype.hasOwnProperty.call(md, UNDECIDED_METADATA) ? md[UNDECIDED_METADATA] : undefined;
  return typeof r === 'string' ? r : undefined;
}

const FOR_EACH = 'Fn::ForEach::';
/** The SSM parameter types: what is given (or the Default) is the name of an SSM parameter, read at deploy time. */
const SSM_TYPE = /^AWS::SSM::Parameter::Value</;
const SECTIONS_WITH_LOOPS = ['Resources', 'Conditions', 'Outputs'];
/** Loop names: alphanumeric (cfn-lint's FUNCTION_FOR_EACH). */
const NAME = /^[A-Za-z0-9]+$/;
/** Identifiers: a name `${Identifier}` can stand for (alphanumeric, underscores). */
const IDENTIFIER = /^[A-Za-z0-9_]+$/;

/**
 * Expand `Fn::ForEach` (see the contract at the top of this file).
 * @internal
 */
export function expandLanguageExtensions(template: any, file: string, options: ExpansionOptions = {}): any {
  if (!isMap(template)) return template;
  const declared = usesLanguageExtensions(template);
  if (!declared) {
    for (const section of Object.keys(template)) {
      const loop = isMap(template[section]) ? Object.keys(template[section]).find((k) => k.startsWith(FOR_EACH)) : undefined;
      if (loop) throw new LanguageExtensionsError(`${file}: ${section} ${loop} needs Transform: ${LANGUAGE_EXTENSIONS}`);
    }
    return template;
  }
  // The linker (to find the nested stacks loops make) and the engine (to index) expand the same template with the
  // same values: expanded once, the result kept while the template lives. Nothing writes into an expanded template.
  const key = JSON.stringify([file, options.nested ?? false, options.parameterValues ?? null]);
  let kept = EXPANDED.get(template);
  const hit = kept?.get(key);
  if (hit !== undefined) return hit;
  const expanded = new Expander(template, file, options).run();
  if (!kept) EXPANDED.set(template, (kept = new Map()));
  kept.set(key, expanded);
  return expanded;
}

/** Expanded templates by the template as written, and by file and options. */
const EXPANDED = new WeakMap<object, Map<string, any>>();

/** One item of a collection, and why the collection is undecided (when it is). */
interface Collection {
  readonly items: string[];
  readonly undecided?: string;
}

/** Per top-level entry (a resource): whether an undecided loop produced or shaped it. */
interface WalkContext {
  undecided?: string;
}

class Expander {
  private budget = MAX_EXPANDED_VALUES;
  /** The loops being expanded, outermost first (for messages). */
  private readonly active: string[] = [];
  private readonly parameters: Record<string, any>;
  private readonly mappings: Record<string, any>;

  constructor(private readonly template: any, private readonly file: string, private readonly options: ExpansionOptions) {
    this.parameters = isMap(template.Parameters) ? template.Parameters : {};
    this.mappings = isMap(template.Mappings) ? template.Mappings : {};
  }

  public run(): any {
    const out: Record<string, any> = {};
    for (const section of Object.keys(this.template)) {
      const value = this.template[section];
      if (section === 'Transform') {
        const rest = Array.isArray(value) ? value.filter((t) => t !== LANGUAGE_EXTENSIONS) : [];
        if (rest.length > 0) put(out, section, rest);
        continue;
      }
      if (!SECTIONS_WITH_LOOPS.includes(section)) {
        const loop = isMap(value) ? Object.keys(value).find((k) => k.startsWith(FOR_EACH)) : undefined;
        if (loop) throw new LanguageExtensionsError(`${this.file}: ${loop} is not allowed in ${section} (only in Resources, Conditions and Outputs)`);
        put(out, section, section === 'Parameters' || section === 'Mappings' ? value : this.walk(value, new Map(), 0, {}, section));
        continue;
      }
      put(out, section, this.section(section, value));
    }
    return out;
  }

  /** A section: each top-level entry walked on its own, so an undecided loop marks exactly the resources it shapes. */
  private section(name: string, value: any): any {
    if (!isMap(value)) return value;
    const out: Record<string, any> = {};
    const emit = (key: string, v: any, ctx: WalkContext) => {
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new LanguageExtensionsError(`${this.file}: ${name} ${key} is declared twice after Fn::ForEach expansion`);
      put(out, key, name === 'Resources' && ctx.undecided ? markUndecided(v, ctx.undecided) : v);
    };
    const entries = (obj: any, params: Map<string, string>, ctx: WalkContext, depth: number) => {
      for (const key of Object.keys(obj)) {
        if (key.startsWith(FOR_EACH)) {
          this.loop(key, obj[key], params, depth, { undecided: ctx.undecided }, (p, c, fragment) => {
            if (!isMap(fragment)) throw new LanguageExtensionsError(`${this.file}: ${key}: the fragment must be an object of ${name} entries`);
            entries(fragment, p, c, depth + 1);
          });
        } else {
          const entryCtx: WalkContext = { undecided: ctx.undecided };
          const id = substitute(key, params);
          const v = this.walk(obj[key], params, depth + 1, entryCtx, `${name}.${id}`);
          emit(id, name === 'Resources' || name === 'Outputs' ? this.resolveAttributes(v) : v, entryCtx);
        }
      }
    };
    entries(value, new Map(), {}, 0);
    return out;
  }

  /**
   * Expand one loop: for each item of its collection, `body` runs with the
   * identifier bound. An undecided collection marks the context.
   */
  private loop(key: string, spec: any, params: Map<string, string>, depth: number, ctx: WalkContext,
    body: (params: Map<string, string>, ctx: WalkContext, fragment: any) => void): void {
    const loopName = key.substring(FOR_EACH.length);
    const where = `${this.file}: ${key}`;
    if (!NAME.test(loopName)) throw new LanguageExtensionsError(`${where}: the loop name must be alphanumeric`);
    if (!Array.isArray(spec) || spec.length !== 3) throw new LanguageExtensionsError(`${where}: must be a list of [Identifier, Collection, Fragment]`);
    const [identifier, collectionSpec, fragment] = spec;
    if (typeof identifier !== 'string' || !IDENTIFIER.test(identifier)) throw new LanguageExtensionsError(`${where}: the identifier must be a string of letters, digits and underscores`);
    if (params.has(identifier)) throw new LanguageExtensionsError(`${where}: identifier ${identifier} is already used by an enclosing loop`);
    if (Object.prototype.hasOwnProperty.call(this.parameters, identifier)) throw new LanguageExtensionsError(`${where}: identifier ${identifier} is also a parameter name`);
    if (!isMap(fragment)) throw new LanguageExtensionsError(`${where}: the fragment must be an object`);
    const collection = this.collection(this.walk(collectionSpec, params, depth + 1, {}, key), where, loopName);
    const reason = collection.undecided ? `Fn::ForEach::${loopName} iterates over ${collection.undecided}` : undefined;
    this.active.push(key);
    for (const item of collection.items) {
      const inner = new Map(params);
      inner.set(identifier, item);
      if (reason && !ctx.undecided) ctx.undecided = reason;
      body(inner, ctx, fragment);
    }
    this.active.pop();
  }

  /** Resolve a loop's collection (identifiers already substituted). */
  private collection(spec: any, where: string, loopName: string): Collection {
    if (Array.isArray(spec)) {
      const items: string[] = [];
      const why: string[] = [];
      spec.forEach((entry, i) => {
        const c = this.entry(entry, `${where}: collection entry ${i}`);
        items.push(...c.items);
        if (c.undecided) why.push(c.undecided);
      });
      return why.length > 0 ? { items: dedupe(items), undecided: why.join('; ') } : { items };
    }
    if (!isMap(spec) || Object.keys(spec).length !== 1) throw new LanguageExtensionsError(`${where}: the collection must be a list or a Ref to a list parameter`);
    const [fn] = Object.keys(spec);
    const arg = spec[fn];
    switch (fn) {
      case 'Ref': {
        if (typeof arg !== 'string') throw new LanguageExtensionsError(`${where}: malformed Ref in the collection`);
        return this.parameterList(arg, where);
      }
      case 'Fn::FindInMap': {
        const v = this.findInMap(arg);
        if (v === NOT_STATIC) return this.placeholder(loopName, 'a mapping entry chosen at deploy time (Fn::FindInMap)');
        if (Array.isArray(v) && v.every(scalar)) return { items: v.map(String) };
        throw new LanguageExtensionsError(`${where}: Fn::FindInMap gives ${JSON.stringify(v)?.slice(0, 80)}, not a list`);
      }
      case 'Fn::Split': {
        if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && arg[0] !== '' && typeof arg[1] === 'string') return { items: arg[1].split(arg[0]) };
        if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && arg[0] !== '' && isMap(arg[1]) && typeof arg[1].Ref === 'string') {
          return this.parameterList(arg[1].Ref, where, arg[0]);
        }
        return this.placeholder(loopName, 'Fn::Split of a value decided at deploy time');
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') throw new LanguageExtensionsError(`${where}: malformed Fn::If in the collection`);
        const a = this.collection(arg[1], where, loopName);
        const b = this.collection(arg[2], where, loopName);
        return { items: dedupe([...a.items, ...b.items]), undecided: `condition ${arg[0]}${a.undecided ? `; ${a.undecided}` : ''}${b.undecided ? `; ${b.undecided}` : ''}` };
      }
      case 'Fn::GetAZs':
        return this.placeholder(loopName, 'the Availability Zones of the region (Fn::GetAZs)');
      default:
        throw new LanguageExtensionsError(`${where}: a collection computed by ${fn} cannot be resolved before resources are created`);
    }
  }

  /** One entry of a literal collection. */
  private entry(entry: any, where: string): Collection {
    if (scalar(entry)) return { items: [String(entry)] };
    if (isMap(entry) && Object.keys(entry).length === 1 && typeof entry.Ref === 'string') {
      const name = entry.Ref;
      const def = this.parameter(name, where);
      if (SSM_TYPE.test(String(def.Type ?? 'String'))) return { items: [`Unknown${name}`], undecided: `parameter ${name} (read from SSM Parameter Store at deploy time)` };
      const known = this.known(name, def);
      if (known !== undefined) return { items: [known.join(',')] };
      const allowed = Array.isArray(def.AllowedValues) ? def.AllowedValues.filter(scalar).map(String) : [];
      if (allowed.length === 1) return { items: allowed };
      if (allowed.length > 1) return { items: allowed, undecided: `parameter ${name} (one of ${allowed.join(', ')})` };
      if (scalar(def.Default)) return { items: [String(def.Default)], undecided: `parameter ${name} (Default ${String(def.Default)} is only the likely value)` };
      return { items: [`Unknown${name}`], undecided: `parameter ${name} (set at deploy time)` };
    }
    if (isMap(entry) && Object.keys(entry).length === 1 && entry['Fn::FindInMap'] !== undefined) {
      const v = this.findInMap(entry['Fn::FindInMap']);
      if (v !== NOT_STATIC && scalar(v)) return { items: [String(v)] };
      if (v === NOT_STATIC) return { items: ['UnknownMappingValue'], undecided: 'a mapping entry chosen at deploy time (Fn::FindInMap)' };
    }
    throw new LanguageExtensionsError(`${where} is ${JSON.stringify(entry)?.slice(0, 80)}: a collection entry must be a string or a Ref to a parameter`);
  }

  /** A list parameter as a collection. */
  private parameterList(name: string, where: string, splitBy?: string): Collection {
    const def = this.parameter(name, where);
    const type = String(def.Type ?? 'String');
    const isList = /^(CommaDelimitedList|List<)/.test(type) || /^AWS::SSM::Parameter::Value<List</.test(type);
    if (!isList && splitBy === undefined && !SSM_TYPE.test(type)) {
      throw new LanguageExtensionsError(`${where}: parameter ${name} is of type ${type}, not a list (use CommaDelimitedList)`);
    }
    const separator = splitBy ?? ',';
    const split = (s: string) => s.split(separator).map((x) => (splitBy === undefined ? x.trim() : x));
    const known = this.known(name, def);
    if (known !== undefined) return { items: splitBy === undefined ? known : split(known.join(',')) };
    if (SSM_TYPE.test(type)) return { items: [`Unknown${name}`], undecided: `parameter ${name} (read from SSM Parameter Store at deploy time)` };
    if (def.NoEcho === true || def.NoEcho === 'true') throw new LanguageExtensionsError(`${where}: parameter ${name} is NoEcho and cannot be a Fn::ForEach collection`);
    const allowed: string[] = Array.isArray(def.AllowedValues) ? def.AllowedValues.filter(scalar).map(String) : [];
    if (allowed.length === 1) return { items: split(allowed[0]) };
    if (allowed.length > 1) return { items: dedupe(allowed.flatMap(split)), undecided: `parameter ${name} (one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}: the union is expanded)` };
    if (scalar(def.Default)) return { items: split(String(def.Default)), undecided: `parameter ${name} (Default "${String(def.Default)}" is only the likely value)` };
    return { items: [`Unknown${name}`], undecided: `parameter ${name} (set at deploy time; expanded with one placeholder item)` };
  }

  private placeholder(loopName: string, what: string): Collection {
    return { items: [`Unknown${loopName}`], undecided: `${what}; expanded with one placeholder item` };
  }

  private parameter(name: string, where: string): any {
    if (name.startsWith('AWS::')) throw new LanguageExtensionsError(`${where}: pseudo parameter ${name} is not a list`);
    const def = Object.prototype.hasOwnProperty.call(this.parameters, name) ? this.parameters[name] : undefined;
    if (!isMap(def)) throw new LanguageExtensionsError(`${where}: Ref ${name} is not a parameter of the template (a collection must be known before resources are created)`);
    return def;
  }

  /** A parameter value the caller knows (or a nested stack's Default), as a list. */
  private known(name: string, def: any): string[] | undefined {
    // The value given (or a nested stack's Default) of an SSM parameter type names the SSM parameter, not its value.
    if (SSM_TYPE.test(String(def.Type ?? 'String'))) return undefined;
    const given = this.options.parameterValues && Object.prototype.hasOwnProperty.call(this.options.parameterValues, name) ? this.options.parameterValues[name] : undefined;
    const isList = /^(CommaDelimitedList|List<)/.test(String(def.Type ?? 'String'));
    const asList = (v: string | string[]) => (Array.isArray(v) ? v.map(String) : isList ? String(v).split(',').map((x) => x.trim()) : [String(v)]);
    if (given !== undefined) return asList(given);
    if (this.options.nested && scalar(def.Default)) return asList(String(def.Default));
    return undefined;
  }

  /**
   * Copy `node`, substituting the loop identifiers in `params`, expanding
   * nested loops, and simplifying what the substitution made static.
   */
  private walk(node: any, params: Map<string, string>, depth: number, ctx: WalkContext, where: string): any {
    if (--this.budget < 0) {
      const loop = this.active.length > 0 ? `${this.active[this.active.length - 1]}${this.active.length > 1 ? ` (in ${this.active.slice(0, -1).join(' > ')})` : ''}` : 'the template';
      throw new LanguageExtensionsError(`${this.file}: ${loop} expands beyond ${MAX_EXPANDED_VALUES} values (at ${where})`);
    }
    if (depth > MAX_EXPANSION_DEPTH) throw new LanguageExtensionsError(`${this.file}: ${where}: nested deeper than ${MAX_EXPANSION_DEPTH} levels`);
    if (Array.isArray(node)) return node.map((e) => this.walk(e, params, depth + 1, ctx, where));
    if (!isMap(node)) return node;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = node[fn];
      if (fn === 'Ref' && typeof arg === 'string') return params.has(arg) ? params.get(arg) : node;
      if (fn === 'Ref' && isMap(arg)) {
        const walked = this.walk(arg, params, depth + 1, ctx, where);
        const target = staticString(walked, this);
        return target === undefined ? { Ref: walked } : params.has(target) ? params.get(target) : { Ref: target };
      }
      if (fn === 'Fn::Sub') return this.sub(arg, params, depth, ctx, where);
      if (fn === 'Fn::GetAtt' && Array.isArray(arg)) {
        return { 'Fn::GetAtt': arg.map((e) => { const w = this.walk(e, params, depth + 1, ctx, where); return staticString(w, this) ?? w; }) };
      }
      if (fn === 'Fn::FindInMap') {
        const walked = this.walk(arg, params, depth + 1, ctx, where);
        const v = this.findInMap(walked, true);
        return v !== NOT_STATIC ? v : { 'Fn::FindInMap': walked };
      }
    }
    const out: Record<string, any> = {};
    for (const key of keys) {
      if (key.startsWith(FOR_EACH)) {
        this.loop(key, node[key], params, depth, ctx, (p, c, fragment) => {
          const expanded = this.walk(fragment, p, depth + 1, c, `${where}.${key}`);
          for (const k of Object.keys(expanded)) {
            if (Object.prototype.hasOwnProperty.call(out, k)) throw new LanguageExtensionsError(`${this.file}: ${key}: key ${k} is declared twice after expansion (in ${where})`);
            put(out, k, expanded[k]);
          }
        });
        continue;
      }
      const k = substitute(key, params);
      if (Object.prototype.hasOwnProperty.call(out, k)) throw new LanguageExtensionsError(`${this.file}: ${where}: key ${k} is declared twice after Fn::ForEach expansion`);
      put(out, k, this.walk(node[key], params, depth + 1, ctx, `${where}.${k}`));
    }
    return out;
  }

  /** Fn::Sub with the identifiers substituted; a Sub left without variables is its string. */
  private sub(arg: any, params: Map<string, string>, depth: number, ctx: WalkContext, where: string): any {
    if (typeof arg === 'string') {
      const s = substitute(arg, params);
      return s.includes('${') ? { 'Fn::Sub': s } : s;
    }
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
      const s = substitute(arg[0], params);
      return s.includes('${') ? { 'Fn::Sub': [s, this.walk(arg[1], params, depth + 1, ctx, where)] } : s;
    }
    return { 'Fn::Sub': this.walk(arg, params, depth + 1, ctx, where) };
  }

  /**
   * A resource's or output's `Condition` given by an intrinsic the template
   * decides (`Fn::Sub` of literals, `Fn::FindInMap` with literal keys, with
   * `DefaultValue: !Ref AWS::NoValue` removing the attribute).
   */
  private resolveAttributes(entry: any): any {
    if (!isMap(entry) || !Object.prototype.hasOwnProperty.call(entry, 'Condition') || typeof entry.Condition === 'string') return entry;
    const c = entry.Condition;
    const resolved = isMap(c) && c['Fn::FindInMap'] !== undefined ? this.findInMap(c['Fn::FindInMap'], false) : staticString(c, this) ?? NOT_STATIC;
    if (resolved === NOT_STATIC) return entry;
    const out: Record<string, any> = {};
    for (const k of Object.keys(entry)) {
      if (k !== 'Condition') put(out, k, entry[k]);
      else if (isNoValue(resolved)) continue;
      else put(out, k, typeof resolved === 'string' ? resolved : c);
    }
    return out;
  }

  /**
   * `Fn::FindInMap` when its map name and keys are literal: the entry, or its
   * `DefaultValue` when the key is missing (when `keepMissing` is set, a
   * missing key leaves the function for the evaluator, as cfn-lint does).
   */
  public findInMap(arg: any, keepMissing = false): any {
    if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) return NOT_STATIC;
    const [name, k1, k2] = arg.slice(0, 3).map((x) => staticString(x, this));
    if (name === undefined || k1 === undefined || k2 === undefined) return NOT_STATIC;
    const fallback = arg.length === 4 && isMap(arg[3]) && Object.prototype.hasOwnProperty.call(arg[3], 'DefaultValue') ? { v: arg[3].DefaultValue } : undefined;
    const map = own(this.mappings, name);
    const level = isMap(map) ? own(map, k1) : undefined;
    const v = isMap(level) ? own(level, k2) : undefined;
    if (v !== undefined) return v;
    if (fallback && !keepMissing) return fallback.v;
    return NOT_STATIC;
  }
}

/** A marker for "the template alone does not decide this". */
const NOT_STATIC: any = Object.freeze({ notStatic: true });

/** A string the template alone decides: a literal, an Fn::Sub without variables, a FindInMap with literal keys. */
function staticString(node: any, expander: Expander): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (!isMap(node) || Object.keys(node).length !== 1) return undefined;
  if (typeof node['Fn::Sub'] === 'string' && !node['Fn::Sub'].includes('${')) return node['Fn::Sub'];
  if (node['Fn::FindInMap'] !== undefined) {
    const v = expander.findInMap(node['Fn::FindInMap']);
    return v !== NOT_STATIC && scalar(v) ? String(v) : undefined;
  }
  return undefined;
}

/**
 * Substitute loop identifiers in a key or an Fn::Sub string, in one linear
 * pass: `${Id}` becomes the item, `&{Id}` the item without its
 * non-alphanumeric characters. `${!Literal}` and unknown names are kept.
 */
function substitute(s: string, params: Map<string, string>): string {
  if (params.size === 0 || (!s.includes('${') && !s.includes('&{'))) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if ((c === '$' || c === '&') && s[i + 1] === '{') {
      const close = s.indexOf('}', i + 2);
      if (close !== -1) {
        const name = s.substring(i + 2, close);
        const v = params.get(name);
        if (v !== undefined) {
          out += c === '$' ? v : v.replace(/[^0-9A-Za-z]/g, '');
          i = close + 1;
          continue;
        }
      }
    }
    out += c;
    i++;
  }
  return out;
}

function markUndecided(resource: any, reason: string): any {
  if (!isMap(resource)) return resource;
  const out: Record<string, any> = {};
  for (const k of Object.keys(resource)) put(out, k, resource[k]);
  const md: Record<string, any> = {};
  if (isMap(resource.Metadata)) for (const k of Object.keys(resource.Metadata)) put(md, k, resource.Metadata[k]);
  put(md, UNDECIDED_METADATA, reason);
  put(out, 'Metadata', md);
  return out;
}

function isNoValue(v: any): boolean {
  return isMap(v) && Object.keys(v).length === 1 && v.Ref === 'AWS::NoValue';
}

function scalar(v: any): v is string | number | boolean {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
}


function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

/** Set an own property (a key such as `__proto__` stays a plain key, never the prototype). */
function put(obj: Record<string, any>, key: string, value: any): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
