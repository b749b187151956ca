import { paramHole, pseudoMark, PseudoValues, TemplateIndex, V, Val } from '../template-index';

/**
 * Whether two values name the same thing: the text of a value, and names compared as a service stores them.
 * Shared by the alarm and dashboard readers (a dimension naming a resource) and the bucket-policy reader (a
 * policy attached by the bucket's name).
 * @internal
 */

/**
 * The text of a value: a literal string, number or boolean, or a string built
 * by Fn::Sub / Fn::Join (`${Id}` / `${Id.Attr}` where it references a
 * resource). Undefined for anything else, including a value decided at deploy
 * time (check `v.k === 'unknown'` first when that matters).
 * @internal
 */
export function valueText(v: Val): string | undefined {
  if (v.k === 'expr' || v.k === 'secret') return v.text;
  return v.k === 'lit' ? V.str(v) : undefined;
}

/**
 * Whether two values are the same name: the same text (a literal, or a Sub /
 * Join text), or the same open parameter of the template (both `!Ref P` for
 * a P without AllowedValues: whatever is passed, they are equal). A value
 * built around an open parameter (`!Sub '${P}-x'`) is not known to equal
 * anything: the evaluator describes it by the parameter alone, so `${P}-x`,
 * `${P}-y` and `!Ref P` would all read alike. `a` is what an alarm or
 * dashboard writes, `b` the resource's name; with `caseless`, `a` must be the
 * lower-case form the service stores `b` as (`storedLowerCase`).
 * @internal
 */
export function sameName(a: Val, b: Val, caseless: boolean): boolean {
  if (a.k === 'unknown' || b.k === 'unknown') {
    return a.k === 'unknown' && b.k === 'unknown' && a.param !== undefined && a.param === b.param && a.why === b.why && OPEN_PARAMETER.test(a.why);
  }
  const x = valueText(a);
  const y = valueText(b);
  if (x === undefined || y === undefined || x === '') return false;
  return caseless ? x === storedLowerCase(y) : x === y;
}

/**
 * A name as a service that keeps it in lower case stores it (RDS instance and
 * cluster identifiers, ElastiCache replication group ids): the literal text
 * lowered, `${...}` placeholders as written. CloudWatch compares dimension
 * values exactly, so an alarm on `MyDb` watches nothing when the instance is
 * `mydb`.
 */
function storedLowerCase(text: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') { depth++; out += '${'; i++; continue; }
    if (c === '}' && depth > 0) { depth--; out += c; continue; }
    out += depth > 0 ? c : c.toLowerCase();
  }
  return out;
}

/** How the evaluator describes an open parameter (one per parameter name, so equal texts are the same parameter). */
export const OPEN_PARAMETER = /^parameter [^ ]+ is set at deploy time/;

/**
 * Whether a region written in the template (a log driver's option, a dashboard graph's, a metric dimension's, a
 * service's fixed region) is the stack's: the stack's region placed by Fn::Sub / Fn::Join (`pseudoMark`), or the
 * stack's region `own` when it is known (true); another literal region (false); `open` when that is decided at
 * deploy time (text built from another value, or a literal region while the stack's is not known: a template
 * checked alone). Undefined `text`: the stack's region. `${AWS::Region}` written as text (a plain string, an
 * Fn::Join piece, `${!AWS::Region}` in Fn::Sub) is left as written by CloudFormation: text that names no region
 * (false), as is any text whose only `${...}` are such pseudo parameters kept as written. A region with white space
 * around it is `open` (`padded` tells it apart): no reader's service documents trimming it (the awslogs driver's
 * region, a dashboard graph's, a metric's Region dimension, which CloudWatch compares exactly), so ` eu-west-1 ` may
 * be refused or name no region at all.
 * @internal
 */
export function inStackRegion(text: unknown, own: string | undefined): boolean | 'open' {
  if (padded(text)) return 'open';
  return inStack(text, own, STACK_REGION);
}

/**
 * The stack's region and account as known in the current world: the ones the checks were told (`index.pseudo`),
 * else the one the world chose for `AWS::Region` / `AWS::AccountId` (a mapping keyed by it: in the world where
 * `!FindInMap [M, !Ref AWS::Region, K]` took the key `eu-west-1`, the stack's region is eu-west-1). Makes no choice.
 * What `inStackRegion` and `inStackAccount` compare a literal with, so that a literal region is read alike wherever
 * the world's choice was made (before the text, inside it, or after).
 * @internal
 */
export function stackPlace(index: TemplateIndex): PseudoValues {
  const known = (name: string): string | undefined => {
    const v = index.value({ Ref: name });
    return v.k === 'lit' && typeof v.v === 'string' ? v.v : undefined;
  };
  const region = known('AWS::Region');
  const accountId = known('AWS::AccountId');
  return { ...(region !== undefined ? { region } : {}), ...(accountId !== undefined ? { accountId } : {}) };
}

/** Whether a text has white space around it (`inStackRegion`, `inStackAccount` read it as `open`). @internal */
export function padded(text: unknown): boolean {
  return typeof text === 'string' && text !== text.trim();
}

/**
 * Whether an account written in the template is the stack's: a dashboard graph's `accountId` (its text), an alarm's
 * `AccountId`, a metric's `ClientId` dimension (the text of the value: `stackAccount`, cfn/alarms.ts). Read as
 * `inStackRegion` reads a region: the stack's account placed by Fn::Sub / Fn::Join (`pseudoMark`), or `own` when it
 * is known (true); another literal account, or text whose only `${...}` are pseudo parameters written as text
 * (false); `open` when that is decided at deploy time (text built from another value, a literal while the stack's
 * account is not known). Undefined `text`: the stack's account. An account with white space around it is `open`:
 * whether CloudWatch reads ` 123456789012 ` as that account is not documented.
 * @internal
 */
export function inStackAccount(text: unknown, own: string | undefined): boolean | 'open' {
  if (padded(text)) return 'open';
  return inStack(text, own, STACK_ACCOUNT);
}

function inStack(text: unknown, own: string | undefined, placed: string): boolean | 'open' {
  if (text === undefined) return true;
  if (typeof text !== 'string') return 'open';
  const r = text.trim();
  // Text built around a template parameter (its hole, `paramHole`): any account or region.
  if (r.includes(PARAM_HOLE)) return 'open';
  if (r === placed || (own !== undefined && r === own)) return true;
  if (r.includes('${')) return r.replace(WRITTEN_PSEUDO, '').includes('${') ? 'open' : false;
  return own === undefined ? 'open' : false;
}

/** The stack's region and account, as the index places them (`pseudoMark`). */
const STACK_REGION = pseudoMark('AWS::Region');
const STACK_ACCOUNT = pseudoMark('AWS::AccountId');
/** Where a template parameter sits in a text built around it (`paramHole`, without its name). */
const PARAM_HOLE = paramHole('').slice(0, -1);

/** A pseudo parameter written as text (`${AWS::Region}`: a placed one is a `pseudoMark`, which this does not match). */
const WRITTEN_PSEUDO = /\$\{AWS::[A-Za-z]+\}/g;
