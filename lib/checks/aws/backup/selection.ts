/* eslint-disable @typescript-eslint/no-explicit-any */
import { globMatch } from '../../glob';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { replaceSubReferences } from '../../sub-references';

/**
 * Reading AWS Backup selections and plans.
 *
 * Selection semantics (AWS Backup): a resource is selected when it matches the
 * `Resources` ARNs (wildcards allowed) or any `ListOfTags` entry (OR), and then
 * every `Conditions` entry (AND), and is not in `NotResources`. A selection with
 * neither `Resources` nor `ListOfTags` selects every supported resource that
 * meets its `Conditions`.
 * @internal
 */

export const BACKUP_PLAN = 'AWS::Backup::BackupPlan';
export const BACKUP_SELECTION = 'AWS::Backup::BackupSelection';
export const BACKUP_VAULT = 'AWS::Backup::BackupVault';

/** Whether a selection selects a resource: yes, no, or unknown with a reason. @internal */
export type Selects = { k: 'yes'; how: string } | { k: 'no' } | { k: 'unknown'; why: string };

const NO: Selects = { k: 'no' };

/** A glob (`*`, `?`) from the template, matched by `globMatch` (a regular expression built from it could backtrack). */
function glob(pattern: string): { test(text: string): boolean } {
  return { test: (text) => globMatch(pattern, text, true) };
}

/** The ARN resource type and literal name of an RDS database (`cluster`/`db`). */
function arnParts(db: CfnResource, index: TemplateIndex): { type: string; name?: string } {
  const cluster = db.type === 'AWS::RDS::DBCluster';
  const name = V.str(index.prop(db, cluster ? 'DBClusterIdentifier' : 'DBInstanceIdentifier'));
  return { type: cluster ? 'cluster' : 'db', name: name?.toLowerCase() };
}

/** Whether one ARN entry of Resources/NotResources designates `target`. */
function arnMatches(raw: any, target: CfnResource, index: TemplateIndex): Selects {
  const v = index.value(raw);
  if (v.k === 'ref') return v.target === target ? { k: 'yes', how: `ARN of ${target.logicalId}` } : NO;
  if (v.k === 'expr') {
    if (v.refs.includes(target)) return { k: 'yes', how: `ARN of ${target.logicalId}` };
    if (v.refs.length > 0) return NO; // an ARN built from other resources designates those
    return literalArnMatches(replaceSubReferences(v.text, () => '*'), target, index);
  }
  if (v.k === 'unknown') return { k: 'unknown', why: v.why };
  const s = V.str(v);
  return s === undefined ? NO : literalArnMatches(s, target, index);
}

function literalArnMatches(pattern: string, target: CfnResource, index: TemplateIndex): Selects {
  if (pattern === '*') return { k: 'yes', how: 'every resource (*)' };
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return NO;
  const [, , service, , , type, ...rest] = parts;
  if (!glob(service).test(isRds(target) ? 'rds' : '')) return NO;
  const { type: t, name } = arnParts(target, index);
  if (!glob(type).test(t)) return NO;
  const namePattern = rest.join(':');
  if (namePattern === '*') return { k: 'yes', how: `wildcard ${pattern}` };
  if (name === undefined) return { k: 'unknown', why: `${pattern} matches by name, and ${target.logicalId} has no literal identifier` };
  return glob(namePattern.toLowerCase()).test(name) ? { k: 'yes', how: pattern } : NO;
}

function isRds(r: CfnResource): boolean {
  return r.type.startsWith('AWS::RDS::');
}

/** The resource's tags as key → Val (CloudFormation `Tags: [{Key, Value}]`). */
function tagsOf(res: CfnResource, index: TemplateIndex): Map<string, Val> | { unknown: string } {
  const tags = index.prop(res, 'Tags');
  if (tags.k === 'unknown') return { unknown: tags.why };
  const out = new Map<string, Val>();
  for (const t of V.list(tags) ?? []) {
    const k = V.str(index.at(t, 'Key'));
    if (k === undefined) return { unknown: 'a tag key is computed at deploy time' };
    out.set(k, index.at(t, 'Value'));
  }
  return out;
}

/** Whether a tag condition holds: op is StringEquals/StringLike/StringNotEquals/StringNotLike. */
function tagCondition(op: string, keyRaw: any, valueRaw: any, tags: Map<string, Val>, index: TemplateIndex): boolean | { unknown: string } {
  const key = V.str(index.value(keyRaw))?.replace(/^aws:ResourceTag\//, '');
  const want = index.value(valueRaw);
  if (key === undefined || want.k !== 'lit') return { unknown: 'a tag condition is computed at deploy time' };
  const have = tags.get(key);
  if (have && have.k !== 'lit' && have.k !== 'absent') return { unknown: `tag ${key} is computed at deploy time` };
  const value = have?.k === 'lit' ? String(have.v) : undefined;
  const like = glob(String(want.v));
  switch (op.toLowerCase()) {
    case 'stringequals': return value === String(want.v);
    case 'stringlike': return value !== undefined && like.test(value);
    case 'stringnotequals': return value !== String(want.v);
    case 'stringnotlike': return value === undefined || !like.test(value);
    default: return { unknown: `tag condition ${op} not understood` };
  }
}

/** Whether `sel` (an AWS::Backup::BackupSelection) selects `target`. */
export function selects(sel: CfnResource, target: CfnResource, index: TemplateIndex): Selects {
  const body = index.prop(sel, 'BackupSelection');
  if (body.k !== 'lit') return body.k === 'unknown' ? { k: 'unknown', why: body.why } : NO;
  const resources = index.at(body.v, 'Resources');
  const listOfTags = index.at(body.v, 'ListOfTags');
  const conditions = index.at(body.v, 'Conditions');
  const notResources = index.at(body.v, 'NotResources');
  for (const v of [resources, listOfTags, conditions, notResources]) if (v.k === 'unknown') return { k: 'unknown', why: v.why };
  const tags = tagsOf(target, index);

  // Included by Resources or ListOfTags (OR), or by nothing given (everything).
  let included: Selects = NO;
  const resList = V.list(resources) ?? [];
  const tagList = V.list(listOfTags) ?? [];
  if (resList.length === 0 && tagList.length === 0) included = { k: 'yes', how: 'every supported resource' };
  let pending: string | undefined;
  for (const r of resList) {
    const m = arnMatches(r, target, index);
    if (m.k === 'yes') { included = m; break; }
    if (m.k === 'unknown') pending = m.why;
  }
  if (included.k !== 'yes') {
    for (const t of tagList) {
      if ('unknown' in (tags as any)) { pending = (tags as any).unknown; break; }
      const op = V.str(index.at(t, 'ConditionType')) ?? 'STRINGEQUALS';
      const held = tagCondition(op === 'STRINGEQUALS' ? 'StringEquals' : op, t.ConditionKey, t.ConditionValue, tags as Map<string, Val>, index);
      if (held === true) { included = { k: 'yes', how: `tag ${V.show(index.at(t, 'ConditionKey'))}=${V.show(index.at(t, 'ConditionValue'))}` }; break; }
      if (typeof held === 'object') pending = held.unknown;
    }
  }
  if (included.k !== 'yes') return pending ? { k: 'unknown', why: pending } : NO;

  // Every condition must hold (AND).
  if (conditions.k === 'lit' && conditions.v && typeof conditions.v === 'object') {
    if ('unknown' in (tags as any)) return { k: 'unknown', why: (tags as any).unknown };
    for (const [op, list] of Object.entries<any>(conditions.v)) {
      const entries = V.list(index.value(list)) ?? [];
      for (const c of entries) {
        const held = tagCondition(op, c?.ConditionKey, c?.ConditionValue, tags as Map<string, Val>, index);
        if (held === false) return NO;
        if (typeof held === 'object') return { k: 'unknown', why: held.unknown };
      }
    }
  }

  // Not excluded.
  for (const r of V.list(notResources) ?? []) {
    const m = arnMatches(r, target, index);
    if (m.k === 'yes') return NO;
    if (m.k === 'unknown') return { k: 'unknown', why: `NotResources: ${m.why}` };
  }
  return included;
}

/** The plan a selection belongs to (`BackupPlanId` → an AWS::Backup::BackupPlan), or an unknown reason. */
export function planOf(sel: CfnResource, index: TemplateIndex): CfnResource | { unknown: string } {
  const id = index.prop(sel, 'BackupPlanId');
  if (id.k === 'ref' && id.target.type === BACKUP_PLAN) return id.target;
  if (id.k === 'unknown') return { unknown: id.why };
  return { unknown: `backup plan ${V.show(id)} is defined outside this template` };
}

/** The selections of a plan in this template. */
export function selectionsOf(plan: CfnResource, index: TemplateIndex): CfnResource[] {
  return index.referrers(plan, BACKUP_SELECTION).filter((s) => planOf(s, index) === plan);
}

/** The rules of a plan (`BackupPlan.BackupPlanRule`), raw. */
export function rulesOf(plan: CfnResource, index: TemplateIndex): any[] | { unknown: string } {
  const rules = index.prop(plan, 'BackupPlan.BackupPlanRule');
  if (rules.k === 'unknown') return { unknown: rules.why };
  return V.list(rules) ?? [];
}

/** A rule's display name. */
export function ruleName(rule: any, index: TemplateIndex): string {
  return V.str(index.at(rule, 'RuleName')) ?? '(unnamed rule)';
}
