/* eslint-disable @typescript-eslint/no-explicit-any */
import { InputError, shown } from '../input/input-error';
import { expandLanguageExtensions, LanguageExtensionsError, usesLanguageExtensions } from './language-extensions';
import { intrinsicOf, isIntrinsicKey, TRANSFORM_FN } from './template-index';
import { isMap } from './collections';

/*
 * The shape of a CloudFormation template the rules rely on: what the loader checks as it reads a file (before any
 * rule runs), and the engine checks of a template nobody checked (the synth plugin's stacks, checkApp,
 * checkTemplate). A malformed template is bad input, one line naming the file and the field.
 */

const SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Rules', 'Metadata'];
const SECTIONS_WITH_LOOPS = ['Resources', 'Conditions', 'Outputs'];


/**
 * Check the shape of a CloudFormation template the rules rely on, and count
 * its resources: an object whose `Resources` is a map of objects, each with a
 * non-empty string `Type` (and `Properties` an object when given); the other
 * sections maps when present. `Resources` may be absent only when
 * `absentResources` (an empty CDK stack has none).
 * @returns the number of resources
 * @throws InputError naming the file and the field
 * @internal
 */
export function templateResources(raw: unknown, name: string, absentResources = false): number {
  checkWritten(raw, name);
  // An AWS::LanguageExtensions template is checked as the engine will read it: expanded (a bad loop is bad input).
  let template: Record<string, any> = raw;
  if (usesLanguageExtensions(raw) || hasLoops(raw)) {
    try {
      template = expandLanguageExtensions(raw, name);
    } catch (e) {
      if (e instanceof LanguageExtensionsError) throw new InputError(e.message);
      throw e;
    }
  }
  return checkExpanded(template, name, absentResources);
}

/** What is checked before `AWS::LanguageExtensions` expands a template: an object, and its `Transform`. @internal */
export function checkWritten(raw: unknown, name: string): asserts raw is Record<string, any> {
  if (!isMap(raw)) throw new InputError(`${name}: not a CloudFormation template (${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}, expected an object)`);
  if (raw.Transform !== undefined) checkTransform(raw.Transform, name);
}

/** Whether a section of the template holds an `Fn::ForEach` loop (which only `AWS::LanguageExtensions` expands). @internal */
export function hasLoops(t: Record<string, any>): boolean {
  return SECTIONS_WITH_LOOPS.some((sec) => isMap(t[sec]) && Object.keys(t[sec]).some((k) => k.startsWith('Fn::ForEach::')));
}

/**
 * The rest of {@link templateResources}, on the template as expanded: sections, resources, intrinsic arguments.
 * @returns the number of resources
 * @internal
 */
export function checkExpanded(template: Record<string, any>, name: string, absentResources = false): number {
  for (const s of SECTIONS) {
    const v = template[s];
    if (v !== undefined && v !== null && !isMap(v)) throw new InputError(`${name}: ${s} must be a map (got ${describe(v)})`);
  }
  // CloudFormation refuses a parameter without a Type ("Every Parameters object must contain a Type member").
  const params = template.Parameters;
  if (isMap(params)) {
    for (const id in params) {
      const p = params[id];
      if (isMap(p) && typeof p.Type === 'string' && p.Type.trim() !== '') continue;
      const at = `${name}: Parameters.${shown(id, 80)}`;
      if (!isMap(p)) throw new InputError(`${at}: must be an object with a Type (got ${describe(p)})`);
      throw new InputError(`${at}: Type must be a parameter type such as String or Number (got ${describe(p.Type)})`);
    }
  }
  const resources = template.Resources;
  if (resources === undefined && absentResources) return 0;
  if (!isMap(resources)) throw new InputError(`${name}: Resources must be a map of logical ids to resources (got ${describe(resources)})`);
  let n = 0;
  for (const id in resources) {
    const r = resources[id];
    if (isMap(r) && r.Type !== '' && typeof r.Type === 'string' && (r.Properties === undefined || r.Properties === null || isMap(r.Properties))
      && (r.Metadata === undefined || r.Metadata === null || isMap(r.Metadata)) && (r.Condition === undefined || typeof r.Condition === 'string') && r.Type.trim() !== '') {
      n++; // well formed (most are): the checks below name what is wrong
      continue;
    }
    const at = `${name}: Resources.${shown(id, 80)}`;
    if (id === TRANSFORM_FN) {
      // AWS::Include (or a macro) of resources: what it adds is known at deploy time; the engine lists it, and no item is satisfied.
      if (!isMap(r)) throw new InputError(`${at}: must be { Name, Parameters } (got ${describe(r)})`);
      n++;
      continue;
    }
    if (!isMap(r)) throw new InputError(`${at}: must be an object with a Type (got ${describe(r)})`);
    if (typeof r.Type !== 'string' || r.Type.trim() === '') throw new InputError(`${at}: Type must be a resource type such as AWS::S3::Bucket (got ${describe(r.Type)})`);
    if (r.Properties !== undefined && r.Properties !== null && !isMap(r.Properties)) throw new InputError(`${at}: Properties must be a map (got ${describe(r.Properties)})`);
    if (r.Metadata !== undefined && r.Metadata !== null && !isMap(r.Metadata)) throw new InputError(`${at}: Metadata must be a map (got ${describe(r.Metadata)})`);
    if (r.Condition !== undefined && typeof r.Condition !== 'string') throw new InputError(`${at}: Condition must be a condition name (got ${describe(r.Condition)})`);
    n++;
  }
  checkIntrinsics(template, name);
  return n;
}

/**
 * `Transform`, as CloudFormation takes it: a transform's name, `{ Name, Parameters }`, or a list of those. What
 * it names decides which items can be satisfied, so a malformed one is bad input, not a macro of no name.
 */
function checkTransform(transform: unknown, name: string): void {
  const one = (t: unknown, at: string) => {
    if (typeof t === 'string') {
      if (t.trim() === '') throw new InputError(`${at}: must name a transform (got an empty string)`);
      return;
    }
    if (!isMap(t)) throw new InputError(`${at}: must be a transform name or { Name, Parameters } (got ${describe(t)})`);
    if (typeof t.Name !== 'string' || t.Name.trim() === '') throw new InputError(`${at}.Name: must name a transform (got ${describe(t.Name)})`);
    if (t.Parameters !== undefined && !isMap(t.Parameters)) throw new InputError(`${at}.Parameters: must be a map (got ${describe(t.Parameters)})`);
    const other = Object.keys(t).find((k) => k !== 'Name' && k !== 'Parameters');
    if (other !== undefined) throw new InputError(`${at}: unknown key ${shown(other, 80)} (a transform has Name and Parameters)`);
  };
  if (Array.isArray(transform)) transform.forEach((t, i) => one(t, `${name}: Transform[${i}]`));
  else one(transform, `${name}: Transform`);
}

/** Arguments of the intrinsic functions, as CloudFormation requires them: `[min, max]` list lengths, or a check. */
const LISTS: Record<string, [number, number, string]> = {
  'Fn::If': [3, 3, '[condition name, value if true, value if false]'],
  'Fn::Join': [2, 2, '[delimiter, list of values]'],
  'Fn::Select': [2, 2, '[index, list]'],
  'Fn::Split': [2, 2, '[delimiter, text]'],
  'Fn::FindInMap': [3, 4, '[map name, top-level key, second-level key]'],
  'Fn::Cidr': [3, 3, '[ip block, count, cidr bits]'],
  'Fn::Equals': [2, 2, '[value, value]'],
  'Fn::And': [2, 10, 'a list of 2 to 10 conditions'],
  'Fn::Or': [2, 10, 'a list of 2 to 10 conditions'],
  'Fn::Not': [1, 1, '[condition]'],
};

/**
 * The intrinsic functions of a template's resources, outputs and conditions
 * have the arguments CloudFormation requires (`Fn::If` a list of three, `Ref`
 * a name, ...): a malformed one is refused here, naming where it is, rather than
 * reaching the evaluator. One iterative walk (a second, which names where, when a call is malformed).
 * `Condition` is a function only in the `Conditions` section: in a resource it is a property name
 * (`AWS::Kendra::DataSource`'s `{ Condition: { ... } }`), never a call.
 */
function checkIntrinsics(template: Record<string, any>, name: string): void {
  const resources: unknown[] = [];
  for (const id in template.Resources) {
    if (id === TRANSFORM_FN) continue;
    const r = template.Resources[id];
    resources.push(r.Properties, r.UpdatePolicy);
  }
  resources.push(template.Outputs);
  checkCalls(resources, () => {
    const steps: Step[] = [];
    for (const id in template.Resources) {
      if (id === TRANSFORM_FN) continue;
      const at: Step = { up: { up: undefined, key: 'Resources' }, key: id };
      steps.push({ up: at, key: 'Properties' }, { up: at, key: 'UpdatePolicy' });
    }
    steps.push({ up: undefined, key: 'Outputs' });
    return steps;
  }, false, name);
  checkCalls([template.Conditions], () => [{ up: undefined, key: 'Conditions' }], true, name);
}

/**
 * A walk that only tells whether a call under `roots` is malformed (most templates have none), and, when one is,
 * a second walk that keeps the way to each value, to name where it is (`steps`: how each root is reached, made then).
 */
function checkCalls(roots: unknown[], steps: () => Step[], conditions: boolean, name: string): void {
  if (!hasBadCall(roots, conditions)) return;
  const values: unknown[] = [...roots];
  const ats: Step[] = steps();
  while (values.length > 0) {
    const v = values.pop();
    const at = ats.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        values.push(v[i]);
        ats.push({ up: at, key: i });
      }
      continue;
    }
    const fn = intrinsicOf(v);
    const bad = fn === undefined || (fn === 'Condition' && !conditions) ? undefined : badArgument(fn, (v as Record<string, unknown>)[fn]);
    if (bad !== undefined) throw new InputError(`${name}: ${shown(spell(at), 200)}: ${fn} takes ${bad} (got ${describe((v as Record<string, unknown>)[fn!])})`);
    for (const k in v) {
      values.push((v as Record<string, unknown>)[k]);
      ats.push({ up: at, key: k });
    }
  }
}

/** Whether any value under `roots` is an intrinsic call with malformed arguments (one walk, nothing kept). */
function hasBadCall(roots: unknown[], conditions: boolean): boolean {
  const stack: object[] = [];
  for (const r of roots) if (r !== null && typeof r === 'object') stack.push(r);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') stack.push(v[i]);
      continue;
    }
    let keys = 0;
    let first = '';
    for (const k in v) {
      if (keys++ === 0) first = k;
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object') stack.push(x);
    }
    if (keys === 1 && isIntrinsicKey(first) && (conditions || first !== 'Condition') && badArgument(first, (v as Record<string, unknown>)[first]) !== undefined) return true;
  }
  return false;
}

/** How a value of the walk was reached: its key (or list index), and the step before. */
interface Step {
  readonly up: Step | undefined;
  readonly key: string | number;
}

function spell(step: Step): string {
  const parts: string[] = [];
  for (let s: Step | undefined = step; s; s = s.up) parts.push(typeof s.key === 'number' ? `[${s.key}]` : s.up ? `.${s.key}` : s.key);
  return parts.reverse().join('');
}

/** What an intrinsic's argument should be, when it is not that; undefined when it is fine. */
function badArgument(fn: string, arg: unknown): string | undefined {
  const list = LISTS[fn];
  if (list) {
    const [min, max, what] = list;
    if (intrinsicOf(arg)) return undefined; // a list computed by another function
    if (!Array.isArray(arg) || arg.length < min || arg.length > max) return what;
    if (fn === 'Fn::If' && typeof arg[0] !== 'string') return what;
    return undefined;
  }
  switch (fn) {
    case 'Ref':
    case 'Condition':
      return typeof arg === 'string' && arg !== '' ? undefined : 'a name';
    case 'Fn::GetAtt':
      if (typeof arg === 'string') return /^[^.]+\..+$/.test(arg) ? undefined : '[logical id, attribute] or "LogicalId.Attribute"';
      return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && (typeof arg[1] === 'string' || intrinsicOf(arg[1]) !== undefined) ? undefined : '[logical id, attribute]';
    case 'Fn::Sub':
      if (typeof arg === 'string') return undefined;
      return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isMap(arg[1]) ? undefined : 'a text, or [text, map of variables]';
    case 'Fn::ImportValue':
    case 'Fn::GetAZs':
    case 'Fn::Base64':
      return typeof arg === 'string' || intrinsicOf(arg) !== undefined ? undefined : 'a text or a function';
    default:
      return undefined;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'string') return v === '' ? 'an empty string' : `the text '${shown(v, 40)}'`;
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${String(v)}`;
}
