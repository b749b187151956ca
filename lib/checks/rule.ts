/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../checklist/thresholds';
import { FindingStatus, Severity } from './model';
import { CfnResource, TemplateIndex, Val, V } from './template-index';

/**
 * One rule's verdict on one resource. `resource` defaults to the resource the
 * rule was dispatched to.
 * @internal
 */
export interface Verdict {
  readonly status: FindingStatus;
  readonly message: string;
  readonly property?: string;
  readonly value?: string;
  readonly resource?: CfnResource;
}

/** What a rule sees besides the resource. @internal */
export interface RuleContext {
  readonly index: TemplateIndex;
  readonly thresholds: Thresholds;
}

/**
 * A rule: a pure function of (resource, index) → verdicts, dispatched only to
 * the resource types it names. Returning `undefined` or `[]` means "does not
 * apply to this resource" (no finding).
 * @internal
 */
export interface AwsRule {
  /** Rule id, PascalCase, unique, e.g. `RdsStorageEncrypted`. */
  readonly id: string;
  /** Catalog items evidenced. The AWS control ids a rule corresponds to are its items' (`lib/checklist/items.ts`). */
  readonly items: string[];
  /** CloudFormation resource types dispatched to this rule. */
  readonly types: string[];
  /**
   * Types of `types` the rule reads only to fail what it can see (an instance's user data, a script): it says nothing
   * of one where it sees no problem, and they do not count as read for its items (kinds.ts), so a resource of them
   * keeps the items from being satisfied as if no rule read it.
   */
  readonly failOnlyTypes?: readonly string[];
  /**
   * Types the rule is not dispatched to but reads as neighbours of what it judges (the Route 53 records pointing at
   * a load balancer): a resource of them is read, so the report's coverage does not list it as not judged.
   */
  readonly readsTypes?: readonly string[];
  readonly severity: Severity;
  /** What the rule checks, one line. */
  readonly description: string;
  /** How to fix a violation, one line. */
  readonly fix: string;
  check(resource: CfnResource, ctx: RuleContext): Verdict | Verdict[] | undefined;
}

/** Verdict helpers. @internal */
export const pass = (property: string | undefined, value: Val | string | undefined, message: string, resource?: CfnResource): Verdict =>
  ({ status: FindingStatus.PASS, property, value: show(value), message, resource });
export const fail = (property: string | undefined, value: Val | string | undefined, message: string, resource?: CfnResource): Verdict =>
  ({ status: FindingStatus.FAIL, property, value: show(value), message, resource });
export const unknown = (property: string | undefined, value: Val | string | undefined, message: string, resource?: CfnResource): Verdict =>
  ({ status: FindingStatus.UNKNOWN, property, value: show(value), message, resource });

function show(v: Val | string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : V.show(v);
}

/**
 * The common shape "property must be exactly true": pass, fail, or unknown.
 * @internal
 */
export function requireTrue(ctx: RuleContext, res: CfnResource, prop: string, what: string): Verdict {
  const v = ctx.index.prop(res, prop);
  const p = `Properties.${prop}`;
  if (v.k === 'unknown') return unknown(p, v, `${what}: cannot be known at synth (${v.why})`);
  if (V.isTrue(v)) return pass(p, v, `${what}`);
  return fail(p, v, `${what}: ${prop} is ${V.show(v)}`);
}

/**
 * A numeric property compared with a threshold key: pass, fail, or unknown.
 * @internal
 */
export function requireThreshold(ctx: RuleContext, res: CfnResource, prop: string, key: string, what: string, defaultValue?: number): Verdict {
  const v = ctx.index.prop(res, prop);
  const p = `Properties.${prop}`;
  if (v.k === 'unknown') return unknown(p, v, `${what}: cannot be known at synth (${v.why})`);
  const n = v.k === 'absent' ? defaultValue : V.num(v);
  const t = ctx.thresholds.get(key);
  if (n === undefined) return fail(p, v, `${what}: ${prop} is ${V.show(v)} (needs ${t})`);
  return ctx.thresholds.meets(key, n)
    ? pass(p, String(n), `${what}: ${n} meets ${key} ${t}`)
    : fail(p, String(n), `${what}: ${prop} is ${n}, threshold ${key} is ${t}`);
}

/** True when `v` is a reference to a resource of one of the given types. @internal */
export function refersTo(v: Val, ...types: string[]): CfnResource | undefined {
  if (v.k === 'ref' && (types.length === 0 || types.includes(v.target.type))) return v.target;
  if (v.k === 'expr') return v.refs.find((r) => types.length === 0 || types.includes(r.type));
  return undefined;
}
