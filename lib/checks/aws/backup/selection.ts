import { globMatch } from '../../glob';
import { CfnResource, markedPseudo, markedRef, subPieces, TemplateIndex, V, Val } from '../../template-index';
import { own } from '../../collections';
import { settled, settledFor } from '../../cfn/settled';
import { sameName } from '../../cfn/names';

/**
 * Reading AWS Backup selections and plans.
 *
 * Selection semantics (AWS Backup): a resource is selected when it matches the
 * `Resources` ARNs (wildcards allowed) or any `ListOfTags` entry (OR), and then
 * every `Conditions` entry (AND), and is not in `NotResources`. A selection with
 * neither `Resources` nor `ListOfTags` selects every supported resource that
 * meets its `Conditions`. A `Resources` ARN selects only resources of its
 * region and account: a literal region or account is compared with the
 * stack's when that is known, and leaves the selection unknown when not. An
 * ARN that refers to the database is read as an ARN too (`arnDesignates`).
 * @internal
 */

export const BACKUP_PLAN = 'AWS::Backup::BackupPlan';
export const BACKUP_SELECTION = 'AWS::Backup::BackupSelection';
export const BACKUP_VAULT = 'AWS::Backup::BackupVault';

/** Whether a selection selects a resource: yes, no, or unknown with a reason. @internal */
export type Selects = { k: 'yes'; how: string } | { k: 'no'; why?: string } | { k: 'unknown'; why: string };

const NO: Selects = { k: 'no' };

/** A glob (`*`, `?`) from the template, matched by `globMatch` (a regular expression built from it could backtrack). */
function glob(pattern: string): { test(text: string): boolean } {
  return { test: (text) => globMatch(pattern, text, true) };
}

/**
 * How a resource AWS Backup protects is named in an ARN
 * (`arn:<partition>:<service>:<region>:<account>:<type><sep><identifier>`): its service, the resource type and
 * the separator before its identifier (`cluster:` for an RDS cluster, `db:` for an RDS instance, `table/` for a
 * DynamoDB table, `file-system/` for EFS and FSx, `volume/` and `instance/` for EC2; an S3 bucket is
 * `arn:<partition>:s3:::<bucket>`, with no region, account or type: `global`), the `Fn::GetAtt` attribute that
 * gives its ARN (a `Ref` gives its identifier, not its ARN), the property of its literal identifier, and whether
 * identifiers are kept in lower case (RDS, DocumentDB, Neptune).
 */
interface ArnForm {
  readonly service: string;
  readonly type: string;
  readonly sep: ':' | '/' | '';
  readonly arnAttr?: string;
  readonly nameProp?: string;
  readonly lower?: boolean;
  readonly global?: boolean;
}

const DYNAMODB: ArnForm = { service: 'dynamodb', type: 'table', sep: '/', arnAttr: 'Arn', nameProp: 'TableName' };
const ARN_FORMS: Record<string, ArnForm> = {
  'AWS::RDS::DBCluster': { service: 'rds', type: 'cluster', sep: ':', arnAttr: 'DBClusterArn', nameProp: 'DBClusterIdentifier', lower: true },
  'AWS::RDS::DBInstance': { service: 'rds', type: 'db', sep: ':', arnAttr: 'DBInstanceArn', nameProp: 'DBInstanceIdentifier', lower: true },
  'AWS::DynamoDB::Table': DYNAMODB,
  'AWS::DynamoDB::GlobalTable': DYNAMODB,
  'AWS::EFS::FileSystem': { service: 'elasticfilesystem', type: 'file-system', sep: '/', arnAttr: 'Arn' },
  'AWS::S3::Bucket': { service: 's3', type: '', sep: '', arnAttr: 'Arn', nameProp: 'BucketName', global: true },
  'AWS::FSx::FileSystem': { service: 'fsx', type: 'file-system', sep: '/', arnAttr: 'ResourceARN' },
  'AWS::EC2::Instance': { service: 'ec2', type: 'instance', sep: '/' },
  'AWS::EC2::Volume': { service: 'ec2', type: 'volume', sep: '/' },
  'AWS::DocDB::DBCluster': { service: 'rds', type: 'cluster', sep: ':', nameProp: 'DBClusterIdentifier', lower: true },
  'AWS::Neptune::DBCluster': { service: 'rds', type: 'cluster', sep: ':', nameProp: 'DBClusterIdentifier', lower: true },
};

/** The ARN of a resource of this form, from its parts. */
function arnOf(form: ArnForm, partition: string, region: string, account: string, name: string): string {
  return form.global ? `arn:${partition}:${form.service}:::${name}` : `arn:${partition}:${form.service}:${region}:${account}:${form.type}${form.sep}${name}`;
}

/** Stand-ins in a rendered ARN: the stack's own region, account and partition while unknown, and the target's computed identifier. */
const STACK_MARK: Record<string, string> = { 'AWS::Region': '\u0001region\u0001', 'AWS::AccountId': '\u0001account\u0001', 'AWS::Partition': '\u0001partition\u0001' };
const SELF = '\u0001self\u0001';
/** A placeholder whose text is known only at deploy time: `\u0002<n>\u0002`, n indexing the names. */
const HOLE = '\u0002';
/** Placeholders whose value never holds a `:` (so the ARN's fields stay where they are written). */
const COLON_FREE = new Set(['AWS::StackName', 'AWS::URLSuffix', 'AWS::Region', 'AWS::AccountId', 'AWS::Partition']);
const COLON_FREE_ATTRS = new Set(['Endpoint.Address', 'Endpoint.Port', 'ReadEndpoint.Address', 'Endpoint.HostedZoneId', 'DBClusterResourceId', 'DbiResourceId']);

/** An ARN (or pattern) as text: known text, the stand-ins above, and holes for what is decided at deploy time. */
interface ArnText {
  readonly text: string;
  /** What each hole stands for, for messages (`AWS::StackName`, `${Other.Arn}`). */
  readonly holes: string[];
  /** A hole may hold a `:`: the ARN's fields cannot be told apart. */
  readonly colons: boolean;
}

/**
 * The text of a `Fn::Sub`/`Fn::Join` ARN with the target's references read:
 * `${Target}` is its identifier (literal, else SELF), `${Target.<ARN attribute>}`
 * its whole ARN (in the stack's region and account); the stack's own region,
 * account and partition stay marked; anything else (`${AWS::StackName}`, another
 * attribute, another resource) is a hole.
 */
function renderArn(text: string, target: CfnResource, index: TemplateIndex): ArnText {
  const form = ARN_FORMS[target.type];
  const name = targetName(target, index) ?? SELF;
  const holes: string[] = [];
  let colons = false;
  let out = '';
  for (const piece of subPieces(text)) {
    if (piece.literal !== undefined) { out += piece.literal; continue; }
    const ref = piece.name!;
    // The stack's region, account, partition placed by Fn::Sub / Fn::Join (`pseudoMark`); `${AWS::Region}` written as
    // text (a plain string, an Fn::Join piece) is no region: a hole, never the stack's.
    const pseudo = markedPseudo(ref);
    const mark = pseudo === undefined ? undefined : own(STACK_MARK, pseudo);
    if (mark !== undefined) { out += mark; continue; }
    // A reference placed by Fn::Sub / Fn::Join (`refMark`); `${Db}` written as text (`${!Db}` of Fn::Sub, an
    // Fn::Join piece) is that text, as CloudFormation leaves it: no hole, it names no resource.
    const placed = markedRef(ref);
    if (pseudo === undefined && placed === undefined) { out += `\${${ref}}`; continue; }
    if (placed === target.logicalId) { out += name; continue; }
    if (form?.arnAttr && placed === `${target.logicalId}.${form.arnAttr}`) {
      out += arnOf(form, STACK_MARK['AWS::Partition'], STACK_MARK['AWS::Region'], STACK_MARK['AWS::AccountId'], name);
      continue;
    }
    const attr = placed?.startsWith(target.logicalId + '.') ? placed.substring(target.logicalId.length + 1) : undefined;
    if (!(pseudo !== undefined && COLON_FREE.has(pseudo)) && !(attr && COLON_FREE_ATTRS.has(attr))) colons = true;
    out += `${HOLE}${holes.length}${HOLE}`;
    holes.push(pseudo ?? `\${${placed ?? ref}}`);
  }
  return { text: out, holes, colons };
}

/** The target's literal identifier (in lower case where its service keeps it so: RDS), if it has one. */
function targetName(target: CfnResource, index: TemplateIndex): string | undefined {
  const form = ARN_FORMS[target.type];
  const name = form?.nameProp ? V.str(index.prop(target, form.nameProp)) : undefined;
  return form?.lower ? name?.toLowerCase() : name;
}

/**
 * Whether one ARN of a backup selection's `Resources`/`NotResources`, or of a
 * restore testing selection's `ProtectedResourceArns`, designates `target`.
 * Shared by both, so they read an ARN alike:
 * - a `Ref` or `Fn::GetAtt` of the target is its ARN only for its ARN
 *   attribute (`DBClusterArn`, `DBInstanceArn`, `Arn`); a `Ref` gives its
 *   identifier and `Endpoint.Address` a host name: neither designates it;
 * - a `Fn::Sub`/`Fn::Join` that refers to the target is read as an ARN with the
 *   target's identifier in place (`renderArn`), its service, resource type,
 *   region and account compared like a literal ARN's; one built from other
 *   resources only designates those;
 * - a placeholder besides the stack's own region, account and partition
 *   (`${AWS::StackName}`) is known only at deploy time: unknown, naming it,
 *   unless the rest of the ARN already rules the target out.
 * Every kind AWS Backup protects here is read by its ARN form (`ArnForm`:
 * `table/<name>` for DynamoDB, `file-system/<id>` for EFS and FSx,
 * `volume/<id>` and `instance/<id>` for EC2, `arn:aws:s3:::<bucket>` for S3,
 * `cluster:<id>`/`db:<id>` for RDS): a reference to the target inside a longer
 * text (`table/${Table}-archive`) designates it only when the text is its ARN.
 * @internal
 */
export function arnDesignates(v: Val, target: CfnResource, index: TemplateIndex): Selects {
  const m = designates(v, target, index);
  // An ARN written for the target that does not designate it: say which ARN it has.
  if (m.k === 'no' && !m.why && v.k === 'expr' && v.refs.includes(target)) return { k: 'no', why: `${v.text} is not the ARN of ${target.logicalId} (${expectedArn(target, index)})` };
  return m;
}

/** The target's ARN in words, for messages: `arn:aws:rds:eu-west-1:${AWS::AccountId}:cluster:${Db}`. */
function expectedArn(target: CfnResource, index: TemplateIndex): string {
  const form = ARN_FORMS[target.type];
  if (!form) return 'not modelled';
  const at = (pseudo: string) => { const v = index.value({ Ref: pseudo }); return v.k === 'lit' ? V.show(v) : `\${${pseudo}}`; };
  return arnOf(form, at('AWS::Partition'), at('AWS::Region'), at('AWS::AccountId'), targetName(target, index) ?? `\${${target.logicalId}}`);
}

function designates(v: Val, target: CfnResource, index: TemplateIndex): Selects {
  const form = ARN_FORMS[target.type];
  if (v.k === 'unknown') return { k: 'unknown', why: v.why };
  if (v.k === 'ref') {
    if (v.target !== target) return NO;
    if (form?.arnAttr !== undefined && v.attr === form.arnAttr) return { k: 'yes', how: `ARN of ${target.logicalId}` };
    return { k: 'no', why: `${v.attr ? `Fn::GetAtt ${target.logicalId}.${v.attr}` : `Ref ${target.logicalId}`} is ${v.attr ? 'not its ARN' : 'its identifier, not its ARN'}` };
  }
  let arn: ArnText;
  if (v.k === 'expr') {
    if (!v.refs.includes(target) && v.refs.length > 0) return NO; // an ARN built from other resources designates those
    if (!form) return { k: 'unknown', why: `${v.text}: the ARN form of ${target.type} is not modelled, so whether it designates ${target.logicalId} cannot be read at synth` };
    arn = renderArn(v.text, target, index);
    const whole = /^\u0002\d+\u0002$/.test(arn.text) && v.refs.length === 1 && v.refs[0] === target;
    if (whole) return { k: 'no', why: `${v.text} is not the ARN of ${target.logicalId}` };
  } else {
    const s = V.str(v);
    if (s === undefined) return NO;
    arn = { text: s, holes: [], colons: false };
  }
  return arnTextMatches(arn, v.k === 'expr' ? v.text : arn.text, target, index);
}

type FieldMatch = 'yes' | 'no' | 'open';

/** The stack's own region, account and partition marked by `renderArn`, where they are not the field they name. */
const MARKS = /\u0001(?:region|account|partition)\u0001/g;
const HOLES = /\u0002[^\u0002]*\u0002/g;

/** A field of the ARN against a value: a hole (or the stack's own value out of place) may be any text, so it can only rule a match out. */
function field(pattern: string, value: string): FieldMatch {
  const p = pattern.replace(MARKS, `${HOLE}${HOLE}`);
  if (!p.includes(HOLE)) return glob(p).test(value) ? 'yes' : 'no';
  return glob(p.replace(HOLES, '*')).test(value) ? 'open' : 'no';
}

/** Whether an ARN text (`renderArn`, or a literal) designates `target`; `shown` is the ARN as written, for messages. */
function arnTextMatches(arn: ArnText, shown: string, target: CfnResource, index: TemplateIndex): Selects {
  const pattern = arn.text;
  if (pattern === '*') return { k: 'yes', how: 'every resource (*)' };
  const form = ARN_FORMS[target.type];
  // What is named: the holes, else the stack's own values written out of their place.
  const holes = arn.holes.length > 0 ? arn.holes : Object.keys(STACK_MARK).filter((k) => pattern.includes(STACK_MARK[k]));
  const decidedLater: Selects = { k: 'unknown', why: `${shown} names ${[...new Set(holes)].join(', ')}, known only at deploy time: whether it designates ${target.logicalId} cannot be known at synth` };
  if (arn.colons) return decidedLater; // a hole may hold a ':': the ARN's fields cannot be told apart
  const parts = pattern.split(':');
  if (parts.length < 6) return NO;
  if (!form) return { k: 'unknown', why: `${shown} cannot be matched with ${target.logicalId} at synth (the ARN form of ${target.type} is not modelled)` };
  // Only the resource field reads the target's identifier: elsewhere it is text known at deploy time.
  const [head, partition, service, region, account] = parts.slice(0, 5).map((f) => f.split(SELF).join(`${HOLE}${HOLE}`));
  const resource = form.lower ? parts.slice(5).join(':').toLowerCase() : parts.slice(5).join(':');
  const results: FieldMatch[] = [field(head, 'arn'), field(service, form.service)];
  if (form.global) results.push(field(region, ''), field(account, ''));
  if (results.includes('no')) return NO;
  // The resource field: `<type><sep><identifier>` (an S3 bucket: its name alone).
  const name = targetName(target, index) ?? (resource.includes(SELF) ? SELF : undefined);
  let nameOpen: Selects | undefined;
  // `${Db}` written as text in the identifier (`${!Db}` of Fn::Sub, an Fn::Join piece): CloudFormation leaves it as
  // written, and no identifier AWS gives holds `$`, `{` or `}`.
  const written = parts.slice(5).join(':');
  const sep = form.sep ? written.indexOf(form.sep) : -1;
  const id = sep >= 0 ? written.substring(sep + 1) : written;
  if (/[${}]/.test(id.replace(HOLES, '')) && !results.includes('no')) return { k: 'no', why: `${shown} names no resource: its identifier ${id} is literal text (\`\${!X}\` of Fn::Sub and \`\${X}\` in an Fn::Join piece are left as written), which no identifier of ${target.logicalId} holds` };
  if (name !== undefined) results.push(field(resource, `${form.type}${form.sep}${name}`));
  else if (resource !== '*') {
    const cut = form.sep ? resource.indexOf(form.sep) : -1;
    if (cut >= 0) results.push(field(resource.substring(0, cut), form.type));

    if (cut < 0 || resource.substring(cut + 1) !== '*') nameOpen = { k: 'unknown', why: `${shown} matches by name, and ${target.logicalId} has no literal identifier` };
  }
  // The resource is in the stack's region, account and partition: the ARN's must be those (an S3 bucket's ARN has no region or account).
  const places = [
    ...(form.global ? [] : [samePlace(shown, region, 'AWS::Region', 'region', index), samePlace(shown, account, 'AWS::AccountId', 'account', index)]),
    samePlace(shown, partition, 'AWS::Partition', 'partition', index),
  ];
  for (const p of places) if (p !== undefined && p !== 'open' && p.k === 'no') return NO;
  if (results.includes('no')) return NO;
  if (nameOpen) return nameOpen;
  if (results.includes('open') || places.includes('open')) return decidedLater;
  for (const p of places) if (p !== undefined && p !== 'open') return p;
  if (pattern !== shown) return { k: 'yes', how: `ARN of ${target.logicalId}` };
  return { k: 'yes', how: resource === '*' || resource.endsWith(`${form.sep}*`) ? `wildcard ${shown}` : shown };
}

/**
 * Whether an ARN's region, account or partition field can be the stack's:
 * undefined when it is (a wildcard, the stack's own marked by `renderArn`, or
 * its known value), `no` when the stack's is known and another, `unknown`
 * naming the value when the stack's is not known (an environment-agnostic
 * template may be deployed there, or not), `open` for a field with a hole. A
 * literal partition is not compared while the stack's is not known (the
 * commercial partition is assumed, as elsewhere in the checks).
 */
function samePlace(shown: string, text: string, pseudo: string, what: string, index: TemplateIndex): Selects | 'open' | undefined {
  if (/^\*+$/.test(text) || text === STACK_MARK[pseudo]) return undefined;
  const here = index.value({ Ref: pseudo });
  if (here.k === 'lit') {
    const m = field(text, V.show(here));
    return m === 'yes' ? undefined : m === 'no' ? NO : 'open';
  }
  if (text.includes(HOLE) || text.includes('\u0001')) return 'open';
  if (pseudo === 'AWS::Partition') return undefined;
  return { k: 'unknown', why: `${shown} names ${what} ${text}, and the stack's ${what} is not known at synth: it selects the resource only when the stack is deployed there` };
}

/**
 * Whether an ARN written as text (a literal, or the text of a `Fn::Sub`/`Fn::Join`) names a resource in the stack's
 * own region and account: `yes` when its region and account are the stack's (placed by Fn::Sub / Fn::Join:
 * `pseudoMark`, never `${AWS::Region}` written as text; a wildcard, or the stack's known values) or the text is no
 * ARN (a name); `no` when one is literally another than the stack's known one; `unknown`, naming it, when the stack's is not known (an
 * environment-agnostic template may be deployed there, or not) or the field is computed at deploy time.
 * Shared by the restore testing plans' vault lists: AWS Backup vaults and restore testing plans are regional, so a
 * vault ARN of another region or account names no vault a plan of this stack writes to.
 * @internal
 */
export function inStackPlace(text: string, index: TemplateIndex): Selects {
  const here: Selects = { k: 'yes', how: 'in the stack\'s region and account' };
  if (!text.startsWith('arn:')) return here;
  let out = '';
  for (const piece of subPieces(text)) {
    if (piece.literal !== undefined) out += piece.literal;
    else out += own(STACK_MARK, markedPseudo(piece.name!) ?? '') ?? `${HOLE}${HOLE}`;
  }
  const parts = out.split(':');
  // A placeholder before the resource field may hold a ':': the region and account fields cannot be told apart.
  const head = parts.slice(0, 5);
  if (parts.length < 6 || head.slice(0, 3).some((f) => f.includes(HOLE))) {
    return { k: 'unknown', why: `${text}: its region and account are decided at deploy time` };
  }
  for (const [field, pseudo, what] of [[head[3], 'AWS::Region', 'region'], [head[4], 'AWS::AccountId', 'account']] as const) {
    const p = samePlace(text, field, pseudo, what, index);
    if (p === 'open') return { k: 'unknown', why: `${text}: its ${what} is decided at deploy time` };
    if (p !== undefined && p.k !== 'yes') return p.k === 'no' ? { k: 'no', why: `${text} is in another ${what} than the stack's` } : p;
  }
  return here;
}

/**
 * Who reads selections, for what is kept of them (`settledFor`): a rule that judges each database (`RdsInBackupPlan`)
 * keeps its own, the plans' rules (an index over every database, built at the first plan) share theirs. Shared
 * with the databases' rule, each plan's rule would find the first database read and read the others itself,
 * and count a copy less of the template than it reads.
 * @internal
 */
export type Reader = '' | 'db.';

/**
 * The resource's tags as key → Val (CloudFormation `Tags: [{Key, Value}]`), or why they cannot be read. Read
 * once per resource (`settledFor`): every selection that may select it by tag reads them.
 */
export function tagsOf(res: CfnResource, index: TemplateIndex, reader: Reader = ''): Map<string, Val> | { unknown: string } {
  return settledFor(index, `${reader}backup.tags`, res, readTags);
}

function readTags(res: CfnResource, index: TemplateIndex): Map<string, Val> | { unknown: string } {
  // A global table carries its tags on each replica (`Replicas[].Tags`), each a table of its own region: which
  // replica a plan of this stack reads is not judged, so tags on any replica leave a tag selection unknown.
  if (res.type === 'AWS::DynamoDB::GlobalTable') {
    const replicas = index.prop(res, 'Replicas');
    const list = index.items(replicas);
    if (list === undefined) return { unknown: replicas.k === 'unknown' ? replicas.why : `the replicas of global table ${res.logicalId} are decided at deploy time` };
    if (list.some((r) => index.field(r, 'Tags').k !== 'absent')) return { unknown: `global table ${res.logicalId} carries its tags on each replica, which this check does not tell apart by region` };
    return new Map();
  }
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
  const value = have?.k === 'lit' ? V.show(have) : undefined;
  const wanted = V.show(want);
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

/** A selection's body and its lists, as `selects` reads them first whatever the target. */
interface SelectionHead {
  readonly body: Val;
  readonly resources?: Val[] | { unknown: string };
  readonly listOfTags?: Val[] | { unknown: string };
  readonly notResources?: Val[] | { unknown: string };
  readonly conditions?: Val;
}

/**
 * A selection's body and lists, read once per selection (`settledFor`, in the order `selects` read them): a
 * tag selection is judged against every resource carrying its tag, and it was read again for each.
 */
function headOf(sel: CfnResource, index: TemplateIndex, reader: Reader): SelectionHead {
  return settledFor(index, `${reader}backup.selection.head`, sel, (s, ix) => {
    const body = ix.prop(s, 'BackupSelection');
    if (body.k !== 'lit') return { body };
    return {
      body,
      resources: listOf(body, 'Resources', ix),
      listOfTags: listOf(body, 'ListOfTags', ix),
      notResources: listOf(body, 'NotResources', ix),
      conditions: ix.field(body, 'Conditions'),
    };
  });
}

/** One `ListOfTags` entry of a selection (its `ConditionType`, then, when that can be read, its key and value), read once per selection. */
function tagEntryOf(sel: CfnResource, i: number, index: TemplateIndex, reader: Reader): { opVal: Val; key?: Val; want?: Val } {
  return settledFor(index, `${reader}backup.selection.tag.${i}`, sel, (s, ix) => {
    const t = (headOf(s, ix, reader).listOfTags as Val[])[i];
    const opVal = ix.field(t, 'ConditionType');
    if (opVal.k === 'unknown') return { opVal };
    return { opVal, key: ix.field(t, 'ConditionKey'), want: ix.field(t, 'ConditionValue') };
  });
}

/** Whether `sel` (an AWS::Backup::BackupSelection) selects `target`. */
export function selects(sel: CfnResource, target: CfnResource, index: TemplateIndex, reader: Reader = ''): Selects {
  const head = headOf(sel, index, reader);
  const body = head.body;
  if (body.k !== 'lit') return body.k === 'unknown' ? { k: 'unknown', why: body.why } : NO;
  const resources = head.resources!;
  const listOfTags = head.listOfTags!;
  const notResources = head.notResources!;
  const conditions = head.conditions!;
  for (const v of [resources, listOfTags, notResources]) if ('unknown' in v) return { k: 'unknown', why: v.unknown };
  if (conditions.k === 'unknown') return { k: 'unknown', why: conditions.why };
  const resList = resources as Val[];
  const tagList = listOfTags as Val[];
  const tags = tagsOf(target, index, reader);

  // Included by Resources or ListOfTags (OR), or by nothing given (everything).
  let included: Selects = NO;
  if (resList.length === 0 && tagList.length === 0) included = { k: 'yes', how: 'every supported resource' };
  let pending: string | undefined;
  let near: string | undefined;
  for (const r of resList) {
    const m = arnDesignates(r, target, index);
    if (m.k === 'yes') { included = m; break; }
    if (m.k === 'unknown') pending = m.why;
    else near ??= m.why;
  }
  if (included.k !== 'yes') {
    for (let i = 0; i < tagList.length; i++) {
      if (!(tags instanceof Map)) { pending = tags.unknown; break; }
      const entry = tagEntryOf(sel, i, index, reader);
      const opVal = entry.opVal;
      if (opVal.k === 'unknown') { pending = opVal.why; continue; }
      const op = V.str(opVal) ?? 'STRINGEQUALS';
      const key = entry.key!;
      const want = entry.want!;
      const held = tagCondition(op === 'STRINGEQUALS' ? 'StringEquals' : op, key, want, tags);
      if (held === true) { included = { k: 'yes', how: `tag ${V.show(key)}=${V.show(want)}` }; break; }
      if (typeof held === 'object') pending = held.unknown;
    }
  }
  if (included.k !== 'yes') return pending ? { k: 'unknown', why: pending } : near ? { k: 'no', why: near } : NO;

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
    const m = arnDesignates(r, target, index);
    if (m.k === 'yes') return NO;
    if (m.k === 'unknown') return { k: 'unknown', why: `NotResources: ${m.why}` };
  }
  return included;
}

/** The plan a selection belongs to (`BackupPlanId` → an AWS::Backup::BackupPlan), or an unknown reason; read once per selection. */
export function planOf(sel: CfnResource, index: TemplateIndex, reader: Reader = ''): CfnResource | { unknown: string } {
  return settledFor(index, `${reader}backup.selection.plan`, sel, readPlanOf);
}

function readPlanOf(sel: CfnResource, index: TemplateIndex): CfnResource | { unknown: string } {
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

/** Whether AWS Backup refuses a plan: yes (why), no, or unknown (why). @internal */
export type Refusal = { k: 'no' } | { k: 'yes'; why: string } | { k: 'unknown'; why: string };

/** The longest AWS Backup keeps continuous (point-in-time) backups, in days (1 to 35). @internal */
export const CONTINUOUS_MAX_DAYS = 35;

/**
 * Whether AWS Backup refuses a plan for one rule with `EnableContinuousBackup`: continuous backups are kept 1 to
 * 35 days (AWS Backup Developer Guide, "Changing your retention period"), a continuous rule must have
 * `Lifecycle.DeleteAfterDays` (CloudFormation: "Lifecycle must be specified for backup rule enabled continuous
 * backup") and cannot move to cold storage ("MoveToColdStorageAfterDays is unavailable"). CreateBackupPlan /
 * UpdateBackupPlan refuse such a rule, so the stack does not deploy the plan: no rule of it backs anything up. A
 * continuous flag or retention decided at deploy time that may be refused is unknown.
 * @internal
 */
export function continuousRuleRefused(rule: Val, index: TemplateIndex): Refusal {
  const name = ruleName(rule, index);
  const flag = index.field(rule, 'EnableContinuousBackup');
  if (flag.k === 'absent' || (flag.k !== 'unknown' && !V.isTrue(flag))) return { k: 'no' };
  const keep = index.field(rule, 'Lifecycle.DeleteAfterDays');
  const cold = index.field(rule, 'Lifecycle.MoveToColdStorageAfterDays');
  let problem: string | undefined;
  let open: string | undefined;
  if (keep.k === 'absent') problem = `rule ${name} enables continuous backup without Lifecycle.DeleteAfterDays (CloudFormation: "Lifecycle must be specified for backup rule enabled continuous backup")`;
  else if (keep.k === 'unknown') open = `the retention of continuous rule ${name} is decided at deploy time (${keep.why}), and AWS Backup refuses one outside 1 to ${CONTINUOUS_MAX_DAYS} days`;
  else {
    const n = V.num(keep);
    if (n === undefined || n < 1 || n > CONTINUOUS_MAX_DAYS) problem = `rule ${name} enables continuous backup kept ${V.show(keep)} days, and AWS Backup keeps continuous backups 1 to ${CONTINUOUS_MAX_DAYS} days`;
  }
  if (problem === undefined && cold.k !== 'absent') {
    if (cold.k === 'unknown') open ??= `continuous rule ${name} may move to cold storage (${cold.why}), which AWS Backup refuses`;
    else problem = `rule ${name} enables continuous backup with Lifecycle.MoveToColdStorageAfterDays ("MoveToColdStorageAfterDays is unavailable" for continuous backup)`;
  }
  if (flag.k === 'unknown') {
    const doubt = problem ?? open;
    return doubt ? { k: 'unknown', why: `continuous backup of rule ${name} is decided at deploy time (${flag.why}), and with it whether AWS Backup refuses the plan: ${doubt}` } : { k: 'no' };
  }
  if (problem) return { k: 'yes', why: problem };
  return open ? { k: 'unknown', why: open } : { k: 'no' };
}

/** Whether AWS Backup refuses a plan for a continuous rule of it (see `continuousRuleRefused`), read once per plan and world. @internal */
export function planRefused(plan: CfnResource, index: TemplateIndex): Refusal {
  return settledFor(index, 'backup.plan.refused', plan, (p, ix) => {
    const rules = rulesOf(p, ix);
    if ('unknown' in rules) return { k: 'unknown', why: `the plan's rules are decided at deploy time (${rules.unknown})` } as Refusal;
    let open: Refusal | undefined;
    for (const rule of rules) {
      const r = continuousRuleRefused(rule, ix);
      if (r.k === 'yes') return { k: 'yes', why: `AWS Backup refuses the plan at deploy (${r.why})` } as Refusal;
      if (r.k === 'unknown') open ??= r;
    }
    return open ?? ({ k: 'no' } as Refusal);
  });
}

/** A rule's display name. */
export function ruleName(rule: Val, index: TemplateIndex): string {
  const n = index.field(rule, 'RuleName');
  return (n.k === 'lit' ? V.str(n) : undefined) ?? '(unnamed rule)';
}

/**
 * The vault a plan rule writes to (`TargetBackupVault`: a `Ref` or
 * `Fn::GetAtt` of a vault of this template, or a name): `template` when it is
 * a vault of this template (also by its written name), `outside` when the
 * name is no vault of this template (the account's `Default` vault, a vault
 * of another stack), `unknown` when the name is decided at deploy time or may
 * be the name of a vault of this template that is itself decided at deploy
 * time (`name`: the literal name written, when which vault bears it is what is open). `text` is the name when it
 * is written as literal text (`name` is the value as shown, `${AWS::StackName}-vault` for a `Fn::Sub`).
 * @internal
 */
export type VaultTarget = { k: 'template'; vault: CfnResource } | { k: 'outside'; name: string; text?: string } | { k: 'unknown'; why: string; name?: string };

/** The vault a plan rule writes to (see `VaultTarget`). @internal */
export function targetVaultOf(rule: Val, index: TemplateIndex): VaultTarget {
  const v = index.field(rule, 'TargetBackupVault');
  if (v.k === 'unknown') return { k: 'unknown', why: `the target vault of rule ${ruleName(rule, index)} is decided at deploy time (${v.why})` };
  if (v.k === 'ref' && v.target.type === BACKUP_VAULT) return { k: 'template', vault: v.target };
  if (v.k === 'expr') {
    const own = v.refs.find((r) => r.type === BACKUP_VAULT);
    if (own) return { k: 'template', vault: own };
  }
  const shown = V.show(v);
  if (v.k !== 'lit' && v.k !== 'expr') return { k: 'unknown', why: `the target vault of rule ${ruleName(rule, index)} (${shown}) cannot be read at synth` };
  let open: string | undefined;
  for (const vault of index.ofType(BACKUP_VAULT)) {
    const name = index.prop(vault, 'BackupVaultName');
    if (sameName(v, name, false)) return { k: 'template', vault };
    if (name.k === 'unknown') open ??= `rule ${ruleName(rule, index)} writes to vault ${shown}, which may be ${vault.logicalId}, whose name is decided at deploy time (${name.why})`;
  }
  const text = v.k === 'lit' ? V.str(v) : undefined;
  if (open) return text !== undefined ? { k: 'unknown', why: open, name: text } : { k: 'unknown', why: open };
  return text !== undefined ? { k: 'outside', name: shown, text } : { k: 'outside', name: shown };
}

/**
 * The vaults a plan's rules write to that are not vaults of this template:
 * each with the rules writing there (`outside`), and the first target that
 * cannot be read at synth (`open`). The vault items judge these on the plan,
 * since no vault resource of the template stands for them.
 * @internal
 */
export function targetsOutside(plan: CfnResource, index: TemplateIndex): { outside: Map<string, string[]>; open?: string } {
  const outside = new Map<string, string[]>();
  const rules = rulesOf(plan, index);
  if ('unknown' in rules) return { outside, open: `the plan's rules are decided at deploy time (${rules.unknown})` };
  let open: string | undefined;
  for (const rule of rules) {
    const t = targetVaultOf(rule, index);
    if (t.k === 'unknown') open ??= t.why;
    else if (t.k === 'outside') {
      let list = outside.get(t.name);
      if (!list) outside.set(t.name, (list = []));
      list.push(ruleName(rule, index));
    }
  }
  return { outside, open };
}

/**
 * Whether a vault accepts backup or copy jobs kept `keep` days (Infinity: never deleted): yes, no or unknown, with a
 * reason. `assumed` (on yes): the vault is, or may be, outside this template, whose lock is taken to accept them
 * (`ruleLockAccepts`): which vault, for the pass message to name.
 * @internal
 */
export type LockCheck = { k: 'yes'; assumed?: string } | { k: 'no'; why: string } | { k: 'unknown'; why: string };

/**
 * Whether the Vault Lock of a vault of this template (`LockConfiguration`)
 * accepts jobs kept `keep` days (Infinity: no `DeleteAfterDays`, never
 * deleted). AWS Backup fails every backup or copy job to a locked vault whose
 * retention is shorter than `MinRetentionDays` or longer than
 * `MaxRetentionDays` (PutBackupVaultLockConfiguration); a vault without a
 * lock accepts any retention. A bound decided at deploy time is unknown, unless the other
 * bound already refuses the job.
 * @internal
 */
export function vaultLockAccepts(vault: CfnResource, keep: number, index: TemplateIndex): LockCheck {
  const lock = index.prop(vault, 'LockConfiguration');
  if (lock.k === 'absent') return { k: 'yes' };
  const kept = keep === Infinity ? 'kept until deleted by hand' : `kept ${keep} days`;
  if (lock.k === 'unknown') return { k: 'unknown', why: `the Vault Lock of ${vault.logicalId} is decided at deploy time (${lock.why}): whether it accepts jobs ${kept} cannot be known at synth` };
  let open: string | undefined;
  for (const [bound, refuses] of [['MinRetentionDays', (n: number) => keep < n], ['MaxRetentionDays', (n: number) => keep > n]] as const) {
    const b = index.field(lock, bound);
    if (b.k === 'absent') continue;
    const n = b.k === 'unknown' ? undefined : V.num(b);
    if (n === undefined) { open ??= `${bound} of the Vault Lock of ${vault.logicalId} is decided at deploy time${b.k === 'unknown' ? ` (${b.why})` : ''}: whether it accepts jobs ${kept} cannot be known at synth`; continue; }
    if (refuses(n)) return { k: 'no', why: `the Vault Lock of ${vault.logicalId} (${bound} ${n}) fails every job ${kept}` };
  }
  return open ? { k: 'unknown', why: open } : { k: 'yes' };
}

/**
 * Whether the vault a plan rule writes to accepts the rule's jobs kept `keep`
 * days (see `vaultLockAccepts`). Decision (a known gap): a vault outside this
 * template (`Default`, another stack's) is taken to accept them: its lock
 * cannot be read here, as a copy destination's in another region never can;
 * the vault items (BACKUP-VAULT-ENCRYPTED, BACKUP-FAILURE-NOTIFICATION) are
 * unknown for it and name it; the yes says which vault it assumed
 * (`assumed`), for the pass messages to name. A target decided at deploy time
 * is judged against every locked vault of this template it may be (and may
 * be a vault outside: `assumed` too).
 * @internal
 */
export function ruleLockAccepts(rule: Val, keep: number, index: TemplateIndex): LockCheck {
  const t = targetVaultOf(rule, index);
  if (t.k === 'template') return vaultLockAccepts(t.vault, keep, index);
  if (t.k === 'outside') return { k: 'yes', assumed: `rule ${ruleName(rule, index)} writes to vault ${t.name}, outside this template` };
  for (const vault of index.ofType(BACKUP_VAULT)) {
    const c = vaultLockAccepts(vault, keep, index);
    if (c.k !== 'yes') return { k: 'unknown', why: `${t.why}; it may be ${vault.logicalId}, and ${c.why}` };
  }
  return { k: 'yes', assumed: `${t.why}: it may be a vault outside this template` };
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
      keys.push(tagKey(V.show(key).replace(/^aws:ResourceTag\//, ''), V.show(value)));
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
function literalTags(res: CfnResource, index: TemplateIndex, reader: Reader): string[] | undefined {
  const tags = tagsOf(res, index, reader);
  if (!(tags instanceof Map)) return undefined;
  const out: string[] = [];
  for (const [k, v] of tags) {
    if (v.k !== 'lit' && v.k !== 'absent') return undefined;
    if (v.k === 'lit') out.push(tagKey(k, V.show(v)));
  }
  return out;
}

/**
 * The backup selections that may select `target` (then judged with
 * `selects`): those that name it by reference, those whose tags it carries,
 * and those that select by wildcard, literal ARN or condition. Linear in the
 * template for the CDK's forms (by reference, by tag).
 */
export function candidateSelections(target: CfnResource, index: TemplateIndex, reader: Reader = ''): CfnResource[] {
  const sels = selectionIndex(index);
  const tags = literalTags(target, index, reader);
  const byTag = tags === undefined ? sels.tagged : tags.flatMap((k) => sels.byTag.get(k) ?? []);
  return [...new Set([...(sels.byRef.get(target) ?? []), ...byTag, ...sels.broad])];
}
