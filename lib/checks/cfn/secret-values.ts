import { CfnResource, TemplateIndex, V, Val } from '../template-index';
import { replaceSubReferences } from './documents';
import { scheduleInterval } from '../../checklist/policy/schedules';
import { isSecretName, LiteralField, literalSecretFieldsOf } from '../../checklist/policy/secret-names';

/**
 * What a secret-looking name, parameter and value are, shared by the secrets
 * rules. The name vocabulary itself lives in the catalog's policy module (one
 * copy for the AWS and Kubernetes rules).
 * @internal
 */

/** Whether a variable or parameter name looks like it holds a secret value (one definition for AWS and Kubernetes rules). @internal */
export { isSecretName, hasUrlCredentials, isHarmlessLiteral, literalSecretProblem } from '../../checklist/policy/secret-names';


/**
 * The template parameter a value decided at deploy time comes from (`Ref` to
 * an open parameter, or one read from SSM by its type), or undefined.
 * @internal
 */
export function parameterOf(v: Val, index: TemplateIndex): string | undefined {
  if (v.k !== 'unknown' || v.param === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(index.parameters, v.param) ? v.param : undefined;
}

/** A field of a template parameter's definition (`NoEcho`, `Default`, `Type`...), read through the evaluator. @internal */
export function parameterField(index: TemplateIndex, name: string, field: string): Val {
  if (!Object.prototype.hasOwnProperty.call(index.parameters, name)) return { k: 'absent' };
  return index.at(index.parameters[name], field);
}

/** Parameter types whose value is a number, a list of numbers or an AWS identifier: never a secret value. */
const NOT_SECRET_TYPES = /^(Number|List<Number>|AWS::(?!SSM::Parameter::Value<).*|List<AWS::.*>)$/;
/** A description or pattern saying the parameter names something: a KMS key, an ARN, a stack, an identifier. */
const NAMES_SOMETHING = /\bkms\b|\bkey (id|arn|alias)\b|\barn\b|\bstack name\b|\bname of (the|an|a)\b|\bidentifier\b|\balias\//i;

/**
 * Whether a template parameter holds a secret value, by its meaning: its name
 * is secret-looking (see `isSecretName`), and its definition does not say it
 * is something else. A parameter whose type is a number or an AWS identifier
 * (`Number`, `AWS::EC2::KeyPair::KeyName`), that takes one of `AllowedValues`
 * (a setting: `true`/`false`), whose `AllowedPattern` or `Description` says it
 * names a KMS key, an ARN, a stack or an identifier, or whose `Default` is an
 * ARN or a KMS alias, is not a secret (`MaxPasswordAge`, `EncryptionKey` with
 * "KMS key ARN", `SecretStackName`).
 * @internal
 */
export function isSecretParameter(index: TemplateIndex, name: string): boolean {
  if (!isSecretName(name)) return false;
  const text = (field: string): string => {
    const v = parameterField(index, name, field);
    return v.k === 'lit' && (typeof v.v === 'string' || typeof v.v === 'number') ? String(v.v) : '';
  };
  if (NOT_SECRET_TYPES.test(text('Type').trim())) return false;
  const allowed = parameterField(index, name, 'AllowedValues');
  if ((index.items(allowed) ?? []).length > 0) return false;
  if (NAMES_SOMETHING.test(text('Description')) || NAMES_SOMETHING.test(text('ConstraintDescription')) || /arn:|alias\//.test(text('AllowedPattern'))) return false;
  const d = text('Default');
  return !(d !== '' && (/^arn:/.test(d) || /^alias\//.test(d)));
}

/** A placeholder for `${...}` in a JSON text built by Fn::Sub / Fn::Join: a value computed at deploy, not a literal. */
const COMPUTED = '@@computed@@';

/**
 * The secret-looking fields of a JSON text (a SecretString, a
 * SecretStringTemplate) whose values are literals in the template, skipping
 * `except` (the GenerateStringKey). `undefined` when the text is not a JSON
 * object. Values built from `${...}` are computed, not literal.
 * @internal
 */
export function literalSecretFields(text: string, except?: string): LiteralField[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(replaceSubReferences(text, () => COMPUTED));
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return literalSecretFieldsOf(doc, except, (v) => v.includes(COMPUTED));
}

/** The text of a value written in the template, or built from it (Fn::Sub/Join): undefined when not text. @internal */
export function textOf(v: Val): string | undefined {
  if (v.k === 'lit') return typeof v.v === 'string' ? v.v : undefined;
  if (v.k === 'expr') return v.text;
  return undefined;
}

/**
 * The rotation schedules of a secret: those naming it, or naming a
 * SecretTargetAttachment of it (what the CDK emits for database secrets).
 * @internal
 */
export function rotationSchedules(secret: CfnResource, index: TemplateIndex): CfnResource[] {
  const owners = [secret, ...index.referrers(secret, 'AWS::SecretsManager::SecretTargetAttachment')];
  const out: CfnResource[] = [];
  for (const owner of owners) {
    for (const s of index.referrers(owner, 'AWS::SecretsManager::RotationSchedule')) {
      const id = index.prop(s, 'SecretId');
      if (id.k === 'ref' && id.target === owner && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

/**
 * How often a rotation schedule rotates, at most: `RotationRules.ScheduleExpression`
 * (rate/cron, see schedules.ts), else `AutomaticallyAfterDays`. `unknown` when
 * decided at deploy time or not understood, `invalid` when not a number, `none`
 * when the schedule sets neither.
 * @internal
 */
export type RotationPeriod =
  | { k: 'days'; days: number; shown: string; property: string; value: Val }
  | { k: 'unknown'; why: string; property: string; value: Val }
  | { k: 'invalid'; property: string; value: Val }
  | { k: 'none' };

/** @internal */
export function rotationPeriod(schedule: CfnResource, index: TemplateIndex): RotationPeriod {
  const after = index.prop(schedule, 'RotationRules.AutomaticallyAfterDays');
  const expr = index.prop(schedule, 'RotationRules.ScheduleExpression');
  for (const v of [expr, after]) {
    if (v.k === 'unknown') return { k: 'unknown', why: `rotation interval decided at deploy time (${v.why})`, property: 'Properties.RotationRules', value: v };
  }
  if (expr.k !== 'absent') {
    const property = 'Properties.RotationRules.ScheduleExpression';
    const text = V.str(expr);
    const r = text === undefined ? { error: 'not a string' } : scheduleInterval(text);
    if (r.days === undefined) return { k: 'unknown', why: `cannot read the rotation schedule: ${r.error}`, property, value: expr };
    return { k: 'days', days: r.days, shown: `${r.note ?? text} (at most ${+r.days.toFixed(2)} days apart)`, property, value: expr };
  }
  if (after.k !== 'absent') {
    const property = 'Properties.RotationRules.AutomaticallyAfterDays';
    const n = V.num(after);
    return n === undefined ? { k: 'invalid', property, value: after } : { k: 'days', days: n, shown: `every ${n} days`, property, value: after };
  }
  return { k: 'none' };
}
