import { globMatch } from '../../glob';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { replaceSubReferences } from '../../cfn/documents';
import { settled } from '../../cfn/settled';

/**
 * Reading AWS Backup selections and plans.
 *
 * Selection semantics (AWS Backup): a resource is selected when it matches the
 * `Resources` ARNs (wildcards allowed) or any `ListOfTags` entry (OR), and then
 * every `Conditions` entry (AND), and is not in `NotResources`. A selection with
 * neither `Resources` nor `ListOfTags` selects every supported resource that
 * meets its `Conditions`. A `Resources` ARN selects only resources of its
 * region and account: a literal region or account is compared with the
 * stack's when that is known, and leaves the selection unknown when not.
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
function arnMatches(v: Val, target: CfnResource, index: TemplateIndex): Selects {
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

/** Whether a literal ARN pattern (wildcards allowed) designates `target`. @internal */
export function literalArnMatches(pattern: string, target: CfnResource, index: TemplateIndex): Selects {
  if (pattern === '*') return { k: 'yes', how: 'every resource (*)' };
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return NO;
  const [, , service, , , type, ...rest] = parts;
  if (!glob(service).test(isRds(target) ? 'rds' : '')) return NO;
  const { type: t, name } = arnParts(target, index);
  if (!glob(type).test(t)) return NO;
  const namePattern = rest.join(':');
  if (namePattern !== '*') {
    if (name === undefined) return { k: 'unknown', why: `${pattern} matches by name, and ${target.logicalId} has no literal identifier` };
    if (!glob(namePattern.toLowerCase()).test(name)) return NO;
  }
  // The database is in the stack's region and account: a literal one in the ARN must be those.
  const place = samePlace(pattern, parts[3], 'AWS::Region', 'region', index) ?? samePlace(pattern, parts[4], 'AWS::AccountId', 'account', index);
  if (place) return place;
  return { k: 'yes', how: namePattern === '*' ? `wildcard ${pattern}` : pattern };
}

/**
 * Whether an ARN's region (or account) field can be the stack's: undefined when
 * it is (a wildcard, or the stack's known value), `no` when the stack's is
 * known and another, `unknown` naming the value when the stack's is not known
 * (an environment-agnostic template may be deployed there, or not).
 */
function samePlace(pattern: string, field: string, pseudo: string, what: string, index: TemplateIndex): Selects | undefined {
  if (/^\*+$/.test(field)) return undefined;
  const here = index.value({ Ref: pseudo });
  if (here.k === 'lit') return glob(field).test(String(here.v)) ? undefined : NO;
  return { k: 'unknown', why: `${pattern} names ${what} ${field}, and the stack's ${what} is not known at synth: it selects the database only when the stack is deployed there` };
}

function isRds(r: CfnResource): boolean {
  return r.type.startsWith('AWS::RDS::');
}

/** The resource's tags as key → Val (CloudFormation `Tags: [{Key, Value}]`), or why they cannot be read. */
export function tagsOf(res: CfnResource, index: TemplateIndex): Map<string, Val> | { unknown: string } {
  const tags = index.prop(res, 'Tags');
  if (tags.k === 'unknown') return { unknown: tags.why };
  const out = new Map<string, Val>();
  for (const t of index.items(tags) ?? []) {
    const key = index.field(t, 'Key');
    if (key.k === 'unknown' || V.str(key) === undefined) return { unknown: 'a tag key is computed at deploy time' };
    out.set(V.str(key)!, index.field(t, 'Value'));
  }
  return out;
}

/** Whether a tag condition holds: op is StringEquals/StringLike/StringNotEquals/StringNotLike. */
export function tagCondition(op: string, keyVal: Val, want: Val, tags: Map<string, Val>): boolean | { unknown: string } {
  const key = keyVal.k === 'lit' ? V.str(keyVal)?.replace(/^aws:ResourceTag\//, '') : undefined;
  if (key === undefined || want.k !== 'lit') return { unknown: 'a tag condition is computed at deploy time' };
  const have = tags.get(key);
  if (have && have.k !== 'lit' && have.k !== 'absent') return { unknown: `tag ${key} is computed at deploy time` };
  const value = have?.k === 'lit' ? String(have.v) : undefined;
  const wanted = String(want.v);
  const like = glob(wanted);
  switch (op.toLowerCase()) {
    case 'stringequals': return value === wanted;
    case 'stringlike': return value !== undefined && like.test(value);
    case 'stringnotequals': return value !== wanted;
    case 'stringnotlike': return value === undefined || !like.test(value);
    default: return { unknown: `tag condition ${op} not understood` };
  }
}

/** A list field of a selection in this world, or why it cannot be read. */
function listOf(body: Val, path: string, index: TemplateIndex): Val[] | { unknown: string } {
  const v = index.field(body, path);
  if (v.k === 'unknown') return { unknown: v.why };
  return index.items(v) ?? [];
}

/** Whether `sel` (an AWS::Backup::BackupSelection) selects `target`. */
export function selects(sel: CfnResource, target: CfnResource, index: TemplateIndex): Selects {
  const body = index.prop(sel, 'BackupSelection');
  if (body.k !== 'lit') return body.k === 'unknown' ? { k: 'unknown', why: body.why } : NO;
  const resources = listOf(body, 'Resources', index);
  const listOfTags = listOf(body, 'ListOfTags', index);
  const notResources = listOf(body, 'NotResources', index);
  const conditions = index.field(body, 'Conditions');
  for (const v of [resources, listOfTags, notResources]) if ('unknown' in v) return { k: 'unknown', why: v.unknown };
  if (conditions.k === 'unknown') return { k: 'unknown', why: conditions.why };
  const resList = resources as Val[];
  const tagList = listOfTags as Val[];
  const tags = tagsOf(target, index);

  // Included by Resources or ListOfTags (OR), or by nothing given (everything).
  let included: Selects = NO;
  if (resList.length === 0 && tagList.length === 0) included = { k: 'yes', how: 'every supported resource' };
  let pending: string | undefined;
  for (const r of resList) {
    const m = arnMatches(r, target, index);
    if (m.k === 'yes') { included = m; break; }
    if (m.k === 'unknown') pending = m.why;
  }
  if (included.k !== 'yes') {
    for (const t of tagList) {
      if (!(tags instanceof Map)) { pending = tags.unknown; break; }
      const opVal = index.field(t, 'ConditionType');
      if (opVal.k === 'unknown') { pending = opVal.why; continue; }
      const op = V.str(opVal) ?? 'STRINGEQUALS';
      const key = index.field(t, 'ConditionKey');
      const want = index.field(t, 'ConditionValue');
      const held = tagCondition(op === 'STRINGEQUALS' ? 'StringEquals' : op, key, want, tags);
      if (held === true) { included = { k: 'yes', how: `tag ${V.show(key)}=${V.show(want)}` }; break; }
      if (typeof held === 'object') pending = held.unknown;
    }
  }
  if (included.k !== 'yes') return pending ? { k: 'unknown', why: pending } : NO;

  // Every condition must hold (AND).
  for (const [op, list] of index.keys(conditions) ?? []) {
    if (!(tags instanceof Map)) return { k: 'unknown', why: tags.unknown };
    if (list.k === 'unknown') return { k: 'unknown', why: list.why };
    for (const c of index.items(list) ?? []) {
      const held = tagCondition(op, index.field(c, 'ConditionKey'), index.field(c, 'ConditionValue'), tags);
      if (held === false) return NO;
      if (typeof held === 'object') return { k: 'unknown', why: held.unknown };
    }
  }

  // Not excluded.
  for (const r of notResources as Val[]) {
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

/** The rules of a plan (`BackupPlan.BackupPlanRule`) in this world, each resolved (read their fields with `index.field`). */
export function rulesOf(plan: CfnResource, index: TemplateIndex): Val[] | { unknown: string } {
  const rules = index.prop(plan, 'BackupPlan.BackupPlanRule');
  if (rules.k === 'unknown') return { unknown: rules.why };
  return index.items(rules) ?? [];
}

/** A rule's display name. */
export function ruleName(rule: Val, index: TemplateIndex): string {
  const n = index.field(rule, 'RuleName');
  return (n.k === 'lit' ? V.str(n) : undefined) ?? '(unnamed rule)';
}

/**
 * What a selection can select, read ahead: `refs` when every `Resources`
 * entry is an ARN built from a resource of the template (the CDK's
 * `BackupResource.fromRdsDatabaseCluster`) and there is no `ListOfTags` or
 * `Conditions`: nothing else can be selected. `tags` when it selects only by
 * `ListOfTags` with literal keys and values (the CDK's `BackupResource.fromTag`):
 * only resources carrying one of those tags (or tags decided at deploy time)
 * can be. `undefined` otherwise (wildcards, literal ARNs, conditions): every
 * resource must be tried.
 */
type Reach = { refs: CfnResource[] } | { tags: string[] };

function reachOf(sel: CfnResource, index: TemplateIndex): Reach | undefined {
  const body = index.prop(sel, 'BackupSelection');
  if (body.k !== 'lit') return undefined;
  if (index.field(body, 'Conditions').k !== 'absent') return undefined;
  const list = (path: string) => { const v = index.field(body, path); return v.k === 'absent' ? [] : index.items(v); };
  const tags = list('ListOfTags');
  const resources = list('Resources');
  if (!tags || !resources) return undefined; // decided at deploy time
  if (resources.length > 0 && tags.length === 0) {
    const refs: CfnResource[] = [];
    for (const v of resources) {
      if (v.k === 'ref') refs.push(v.target);
      else if (v.k === 'expr' && v.refs.length > 0) for (const r of v.refs) refs.push(r);
      else return undefined;
    }
    return { refs };
  }
  if (tags.length > 0 && resources.length === 0) {
    const keys: string[] = [];
    for (const t of tags) {
      const type = index.field(t, 'ConditionType');
      const key = index.field(t, 'ConditionKey');
      const value = index.field(t, 'ConditionValue');
      if (!(type.k === 'absent' || V.str(type) === 'STRINGEQUALS') || key.k !== 'lit' || value.k !== 'lit') return undefined;
      keys.push(tagKey(String(key.v).replace(/^aws:ResourceTag\//, ''), String(value.v)));
    }
    return { tags: keys };
  }
  return undefined;
}

function tagKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** The selections of the template by what they can reach, read once per template when no world decides them. */
function selectionIndex(index: TemplateIndex): { byRef: Map<CfnResource, CfnResource[]>; byTag: Map<string, CfnResource[]>; tagged: CfnResource[]; broad: CfnResource[] } {
  return settled(index, 'backup-selections', () => {
    const out = { byRef: new Map<CfnResource, CfnResource[]>(), byTag: new Map<string, CfnResource[]>(), tagged: [] as CfnResource[], broad: [] as CfnResource[] };
    const add = <K>(m: Map<K, CfnResource[]>, k: K, sel: CfnResource) => {
      let list = m.get(k);
      if (!list) m.set(k, (list = []));
      if (!list.includes(sel)) list.push(sel);
    };
    for (const sel of index.ofType(BACKUP_SELECTION)) {
      const reach = reachOf(sel, index);
      if (!reach) out.broad.push(sel);
      else if ('refs' in reach) for (const t of reach.refs) add(out.byRef, t, sel);
      else { out.tagged.push(sel); for (const k of reach.tags) add(out.byTag, k, sel); }
    }
    return out;
  });
}

/** A resource's literal tags as keys of the index, or undefined when a tag is decided at deploy time. */
function literalTags(res: CfnResource, index: TemplateIndex): string[] | undefined {
  const tags = tagsOf(res, index);
  if (!(tags instanceof Map)) return undefined;
  const out: string[] = [];
  for (const [k, v] of tags) {
    if (v.k !== 'lit' && v.k !== 'absent') return undefined;
    if (v.k === 'lit') out.push(tagKey(k, String(v.v)));
  }
  return out;
}

/**
 * The backup selections that may select `target` (then judged with
 * `selects`): those that name it by reference, those whose tags it carries,
 * and those that select by wildcard, literal ARN or condition. Linear in the
 * template for the CDK's forms (by reference, by tag).
 */
export function candidateSelections(target: CfnResource, index: TemplateIndex): CfnResource[] {
  const sels = selectionIndex(index);
  const tags = literalTags(target, index);
  const byTag = tags === undefined ? sels.tagged : tags.flatMap((k) => sels.byTag.get(k) ?? []);
  return [...new Set([...(sels.byRef.get(target) ?? []), ...byTag, ...sels.broad])];
}
