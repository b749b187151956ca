import { memoize } from '../../checklist/memo';
import type { Mutable } from '../collections';
import { own } from '../collections';
import { globMatch } from '../glob';
import { replaceSubReferences, subReferences } from '../sub-references';
import { CfnResource, markedPseudo, markedRef, refMark, showPseudoMarks, TemplateIndex, TEXT_INTRINSIC_WHY, Val, V } from '../template-index';
import { entries, entryPath } from './lists';
import { settledFor } from './settled';

/**
 * Reading IAM identity policies from a template: the inline documents of
 * roles, users and groups, and the documents of AWS::IAM::Policy,
 * ManagedPolicy and Role/User/GroupPolicy resources. Every value is read in
 * the current world: a statement behind `Fn::If` exists only where its
 * condition holds, a wildcard in one branch is a wildcard in that world.
 * @internal
 */

/** Resource types that carry identity-policy documents. @internal */
export const IAM_POLICY_TYPES = [
  'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group',
  'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy',
];

/** Identity types whose policies are inline (`Policies`) and which take managed policies (`ManagedPolicyArns`). @internal */
export const IDENTITY_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/**
 * An IAM Identity Center permission set: the IAM role (and its policies) Identity Center provisions in each account
 * it is assigned to, with one inline document (`InlinePolicy`, JSON object or text) and AWS managed policies
 * (`ManagedPolicies`, ARNs), and customer managed policies named by `CustomerManagedPolicyReferences` (a name and
 * path each account must hold). Not in IAM_POLICY_TYPES: only IamNoWildcardPermissions reads it. @internal
 */
export const PERMISSION_SET = 'AWS::SSO::PermissionSet';

/** The property that lists a resource's managed policy ARNs, when it takes some. @internal */
export function managedPolicyProperty(type: string): string | undefined {
  return IDENTITY_TYPES.includes(type) ? 'ManagedPolicyArns' : type === PERMISSION_SET ? 'ManagedPolicies' : undefined;
}

/**
 * What one entry of `ManagedPolicyArns` names, in the current world: an AWS managed policy (`aws`, its ARN text:
 * judged by name), a customer managed policy of this template (`template`: its document is read on its own
 * resource), one outside the template (`outside`: an account's own policy, by ARN, or a reference to something
 * other than an `AWS::IAM::ManagedPolicy`; its statements cannot be read here), or a value decided at deploy time
 * (`unknown`).
 * @internal
 */
export function managedPolicyOf(v: Val): { aws: string } | { template: CfnResource } | { outside: string } | { unknown: string } {
  if (v.k === 'unknown') return { unknown: v.why };
  if (v.k === 'ref') return v.target.type === 'AWS::IAM::ManagedPolicy' && (v.attr === undefined || v.attr === 'PolicyArn') ? { template: v.target } : { outside: V.show(v) };
  const text = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
  if (text === undefined) return { unknown: `${V.show(v)} is not a policy ARN the template settles` };
  return /:iam::aws:policy\//.test(text) ? { aws: text } : { outside: text };
}

/** One statement of a policy document, read. @internal */
export interface Statement {
  /** Property path of the statement, for evidence. */
  readonly path: string;
  /** `Allow`, `Deny`, or undefined when not set or decided at deploy time (see `effectUnknown`). */
  readonly effect: string | undefined;
  /** Why the effect cannot be known at synth, when it cannot. */
  readonly effectUnknown?: string;
  /** The actions (or NotActions) as values; `unknown` when the list is computed at deploy time. */
  readonly actions: Val[] | { unknown: string };
  readonly notAction: boolean;
  readonly resources: Val[] | { unknown: string };
  readonly notResource: boolean;
  readonly hasCondition: boolean;
  /** The statement's Sid, when it has one. */
  readonly sid?: string;
}

/** A policy document of a resource, with its property path. @internal */
export interface PolicyDocument {
  readonly doc: Val;
  readonly path: string;
}

function asList(index: TemplateIndex, v: Val): Val[] | { unknown: string } {
  const list = entries(index, v);
  if (list === undefined) return { unknown: v.k === 'unknown' ? v.why : 'a list decided at deploy time' };
  return list.map((e) => e.value);
}

/**
 * A resource's policy document property (`PolicyDocument`, a bucket or topic policy's, a secret's
 * `ResourcePolicy`), read as a document: CloudFormation takes a `Json` property as an object or as JSON text
 * (a literal or an `Fn::Sub`), and text is parsed, its `${...}` references read as values where they sit
 * (`TemplateIndex.document`). Text that does not parse is `unknown`: a document that may allow anything.
 * @internal
 */
export function policyDocumentOf(index: TemplateIndex, res: CfnResource, property = 'PolicyDocument'): Val {
  return index.document(index.prop(res, ''), property);
}

/**
 * The policy documents a resource carries, with their property paths, each
 * read as a document (JSON text parsed, see `policyDocumentOf`); a permission
 * set's is its `InlinePolicy`. A
 * `Policies` list decided at deploy time is one document whose value is
 * unknown (so its statements are unknown, never none).
 * @internal
 */
export function policyDocuments(res: CfnResource, index: TemplateIndex): PolicyDocument[] {
  if (IDENTITY_TYPES.includes(res.type)) {
    const policies = index.prop(res, 'Policies');
    const list = entries(index, policies);
    if (list === undefined) return [{ doc: policies, path: 'Properties.Policies' }];
    return list.map((e) => ({ doc: index.document(e.value, 'PolicyDocument'), path: `${entryPath('Properties.Policies', e)}.PolicyDocument` }))
      .filter((d) => d.doc.k !== 'absent');
  }
  const property = res.type === PERMISSION_SET ? 'InlinePolicy' : 'PolicyDocument';
  const doc = policyDocumentOf(index, res, property);
  return doc.k === 'absent' ? [] : [{ doc, path: `Properties.${property}` }];
}

/**
 * The statements of a policy document (`Statement` may be one object or a
 * list). A document or statement list decided at deploy time yields one
 * statement whose actions and resources are unknown: it may allow anything.
 * @internal
 */
export function statementsOf(doc: Val, path: string, index: TemplateIndex): Statement[] {
  const open = (why: string, at: string): Statement[] => [{
    path: at, effect: undefined, effectUnknown: why, actions: { unknown: why }, notAction: false, resources: { unknown: why }, notResource: false, hasCondition: false,
  }];
  if (doc.k === 'unknown') return open(doc.why, path);
  // A document that is not an object (text policyDocuments did not parse, a computed value) may allow anything.
  if (doc.k !== 'lit' || doc.v === null || typeof doc.v !== 'object' || Array.isArray(doc.v)) return open(`a document that is not read as JSON (${V.show(doc).slice(0, 80)})`, path);
  const raw = index.field(doc, 'Statement');
  const list = entries(index, raw);
  if (list === undefined) return open(raw.k === 'unknown' ? raw.why : 'statements decided at deploy time', `${path}.Statement`);
  const out: Statement[] = [];
  for (const e of list) {
    const s = e.value;
    const at = entryPath(`${path}.Statement`, e);
    if (s.k === 'unknown') { out.push(...open(s.why, at)); continue; }
    if (s.k !== 'lit' || V.list(s) !== undefined) continue;
    const notActionV = index.field(s, 'NotAction');
    const notResourceV = index.field(s, 'NotResource');
    const notAction = notActionV.k !== 'absent';
    const notResource = notResourceV.k !== 'absent';
    const effect = index.field(s, 'Effect');
    const sidV = index.field(s, 'Sid');
    const sid = sidV.k === 'lit' ? V.str(sidV) : undefined;
    const statement: Mutable<Statement> = {
      path: at,
      effect: effect.k === 'unknown' ? undefined : V.str(effect),
      actions: asList(index, notAction ? notActionV : index.field(s, 'Action')),
      notAction,
      resources: asList(index, notResource ? notResourceV : index.field(s, 'Resource')),
      notResource,
      hasCondition: index.field(s, 'Condition').k !== 'absent',
    };
    if (effect.k === 'unknown') statement.effectUnknown = effect.why;
    if (sid !== undefined) statement.sid = sid;
    out.push(statement);
  }
  return out;
}

/** Every statement a resource's policy documents hold, in the current world. @internal */
export function statements(res: CfnResource, index: TemplateIndex): Statement[] {
  // Read by several rules of every policy: once per template where no world decides it.
  return settledFor(index, 'iam-statements', res, readStatements);
}

function readStatements(res: CfnResource, index: TemplateIndex): Statement[] {
  return policyDocuments(res, index).flatMap((d) => statementsOf(d.doc, d.path, index));
}

/** Whether a statement may allow (its effect is Allow, or decided at deploy time). @internal */
export function mayAllow(s: Statement): boolean {
  return s.effect === 'Allow' || s.effectUnknown !== undefined;
}

/**
 * Whether an IAM action pattern (`s3:Get*`, `secretsmanager:?et*`, case-insensitive)
 * grants `action` (`secretsmanager:GetSecretValue`). Matched by `globMatch`, not
 * a regular expression built from template text (which could backtrack).
 * @internal
 */
export function grants(pattern: string, action: string): boolean {
  // Policies repeat the same few actions in every statement of every role: each pair is matched once.
  return grantsOf(action)(pattern);
}

/** Per action, whether a pattern grants it (both remembered, bounded). */
const grantsOf = memoize((action) => memoize((pattern) => globMatch(pattern.toLowerCase(), action.toLowerCase(), true)), 1000);

/**
 * `*`, `*:*` or `service:*`: every action (of a service). An action part made
 * of wildcards only, with a `*` (`s3:**`, `s3:?*`, `s3:*?`), matches every
 * action name of the service as well.
 * @internal
 */
export function wildcardAction(action: string): 'all' | 'service' | undefined {
  return wildcardKindOf(action);
}

const wildcardKindOf = memoize(wildcardKind);

function wildcardKind(action: string): 'all' | 'service' | undefined {
  const a = action.trim();
  const colon = a.indexOf(':');
  // A wildcard in the service prefix (`*`, `**`, `*:*`, `*3:*`, `s?:*`) may match more than one service: every action.
  const service = colon < 0 ? a : a.slice(0, colon);
  if (/[*?]/.test(service)) return 'all';
  const rest = colon < 0 ? '' : a.slice(colon + 1);
  if (colon >= 0 && /^[*?]+$/.test(rest) && rest.includes('*')) return 'service';
  return undefined;
}

/**
 * A resource value that names every resource (of `kind`, e.g. `secret`, `role`): `*`; an ARN whose resource part
 * matches every name of that kind, that is a start of `kind:` (or `kind/`) followed by wildcards only, with at least
 * one `*` (`secret:*`, `secret*`, `sec*`, `*`, `role/*`); or an ARN cut short by a `*` before its resource part
 * (`arn:aws:secretsmanager:*`), which IAM matches across the colons. A name prefix (`secret:app/db-*`) is not every
 * resource. `${...}` in a `Fn::Sub` text (`${AWS::Partition}`, `${AWS::AccountId}`) stands for one field.
 * @internal
 */
export function wildcardResource(v: Val, kind?: string): boolean {
  const s = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
  if (s === undefined) return false;
  const text = s.trim();
  if (text === '*') return true;
  const fields = replaceSubReferences(text, () => 'x').split(':');
  if (fields.length < 6) return /^arn$/i.test(fields[0]) && fields[fields.length - 1].includes('*');
  const part = fields.slice(5).join(':');
  if (!part.includes('*')) return false;
  const lead = /^[^*?]*/.exec(part)![0];
  if (!/^[*?]*$/.test(part.slice(lead.length))) return false;
  return lead === '' || (kind !== undefined && (`${kind}:`.startsWith(lead) || `${kind}/`.startsWith(lead)));
}

/**
 * Whether some IAM policy documents allow `action`, in this world: true when
 * an Allow statement grants it, `undefined` when a statement that might grant
 * it is decided at deploy time.
 * @internal
 */
export function allows(docs: CfnResource[], index: TemplateIndex, action: string): boolean | undefined {
  let open = false;
  for (const s of docs.flatMap((d) => statements(d, index))) {
    if (s.notAction || (s.effect !== 'Allow' && s.effectUnknown === undefined)) continue;
    if ('unknown' in s.actions) { open = true; continue; }
    for (const a of s.actions) {
      if (a.k === 'unknown') { open = true; continue; }
      const t = a.k === 'lit' ? V.str(a) : undefined;
      if (t === undefined || !grants(t, action)) continue;
      if (s.effectUnknown === undefined) return true;
      open = true;
    }
  }
  return open ? undefined : false;
}

/**
 * Whether an IAM role may call `action`, in this world: its inline policies,
 * and the AWS::IAM::Policy and customer-managed AWS::IAM::ManagedPolicy
 * resources that attach themselves to it (`Roles`). Managed policies the role
 * names in `ManagedPolicyArns` are judged by the caller.
 * @internal
 */
export function roleMayCall(role: CfnResource, index: TemplateIndex, action: string): boolean | undefined {
  return allows([role, ...attachedPolicies(role, index)], index, action);
}

/** The AWS::IAM::Policy and customer-managed AWS::IAM::ManagedPolicy resources that attach themselves to a role (`Roles`). @internal */
export function attachedPolicies(role: CfnResource, index: TemplateIndex): CfnResource[] {
  return index.referrers(role, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy').filter((p) => index.refsOf(index.prop(p, 'Roles')).has(role.logicalId));
}

/** Marks of the stack's partition, region and account in an ARN whose value the index does not know. */
const PSEUDO_MARK: Record<string, string> = { 'AWS::Partition': '\u0001P', 'AWS::Region': '\u0001R', 'AWS::AccountId': '\u0001A' };
/** A piece of a policy's resource built from a value decided at deploy time (another resource's attribute...). */
const OPEN_MARK = '\u0002';

/**
 * The stack's partition, region and account as they stand in an ARN: their values when the stack's environment is
 * known, else marks that a policy's resource text carries where it names them (`${AWS::Region}`).
 * @internal
 */
export function stackArnFields(index: TemplateIndex): { partition: string; region: string; account: string } {
  const region = index.pseudo.region;
  const partition = region === undefined ? PSEUDO_MARK['AWS::Partition'] : region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return { partition, region: region ?? PSEUDO_MARK['AWS::Region'], account: index.pseudo.accountId ?? PSEUDO_MARK['AWS::AccountId'] };
}

/**
 * The text of a policy statement's resource value, for `arnCovers`: the stack's partition, region and account
 * placed by Fn::Sub / Fn::Join (`pseudoMark`) as the marks of `stackArnFields`; a reference placed (`refMark`) that
 * `named` knows (`Group`, `Group.Arn`) as its text; other pseudo parameters (`${AWS::StackName}`), and `${...}`
 * written as text (which CloudFormation leaves as written), as they stand; any other reference as a piece decided at
 * deploy time.
 * Undefined for a value that is not text.
 * @internal
 */
export function resourceText(v: Val, named: (ref: string) => string | undefined): string | undefined {
  if (v.k === 'lit') return V.str(v);
  const raw = v.k === 'expr' ? v.text : v.k === 'ref' ? refMark(v.target.logicalId, v.attr) : undefined;
  if (raw === undefined) return undefined;
  return replaceSubReferences(raw, (match, inner) => {
    const pseudo = markedPseudo(inner);
    if (pseudo !== undefined) return own(PSEUDO_MARK, pseudo) ?? match;
    const ref = markedRef(inner);
    // `${X}` written as text (an Fn::Join piece, `${!X}` of Fn::Sub) stands as written: no reference.
    return ref === undefined ? match : named(ref) ?? OPEN_MARK;
  });
}

/**
 * Whether a policy resource `pattern` (text from `resourceText`) covers the ARN `target` (built with the fields of
 * `stackArnFields`; a `${Id}` in it is a name generated at deploy time, which no literal text equals): true when the
 * pattern matches it (`*` and `?` as IAM reads them), `open` when it may, depending on the stack's partition, region
 * or account, or on a piece of the pattern decided at deploy time, false otherwise.
 * @internal
 */
export function arnCovers(pattern: string, target: string): boolean | 'open' {
  const p = pattern.trim();
  if (globMatch(p, target, true)) return true;
  const marked = (t: string) => t.includes('\u0001') || t.includes(OPEN_MARK);
  if (!marked(p) && !marked(target)) return false;
  const pf = p.split(':');
  const tf = target.split(':');
  if (pf.length < 6 || tf.length < 6) return globMatch(p.replace(/\u0001./g, '*').replace(/\u0002/g, '*'), target, true) ? 'open' : false;
  for (let i = 0; i < 5; i++) {
    if (marked(pf[i]) || marked(tf[i])) continue;
    if (!globMatch(pf[i], tf[i], true)) return false;
  }
  const rest = (fields: string[]) => fields.slice(5).join(':');
  const loose = rest(pf).replace(/\u0001./g, '*').replace(/\u0002/g, '*');
  return globMatch(loose, rest(tf), true) || marked(rest(tf)) ? 'open' : false;
}

/**
 * Whether some IAM policy documents allow `action` on a resource, in this world: true when an Allow statement
 * (without a Condition) grants it on a resource `covers` says covers it; `open` (why) when a statement that may grant
 * it is decided at deploy time, has a Condition, or names a resource that may cover it; false otherwise.
 * `covers` reads one value of a statement's `Resource`: true, false, or why it may.
 * @internal
 */
export function allowsOn(docs: CfnResource[], index: TemplateIndex, action: string, covers: (r: Val) => boolean | string): true | false | { open: string } {
  let open: string | undefined;
  for (const doc of docs) {
    for (const s of statements(doc, index)) {
      if (s.effect !== 'Allow' && s.effectUnknown === undefined) continue;
      const where = `${doc.logicalId} ${s.path}`;
      if ('unknown' in s.actions) { open ??= `the actions of ${where} are decided at deploy time (${s.actions.unknown})`; continue; }
      const names = s.actions.map((a) => (a.k === 'lit' ? V.str(a) : undefined));
      const named = names.some((a) => a !== undefined && grants(a, action));
      const hit = s.notAction ? !named : named;
      const computed = s.actions.some((a) => a.k !== 'lit');
      if (!hit) {
        if (computed) open ??= `an action of ${where} is decided at deploy time`;
        continue;
      }
      // A NotAction list with an entry decided at deploy time may exclude the action.
      if (s.notAction && computed) { open ??= `an action of ${where} (NotAction) is decided at deploy time`; continue; }
      if ('unknown' in s.resources) { open ??= `the resources of ${where} are decided at deploy time (${s.resources.unknown})`; continue; }
      if (s.notResource) { open ??= `${where} grants ${action} on NotResource, not read`; continue; }
      for (const r of s.resources) {
        const c = covers(r);
        if (c === false) continue;
        if (c !== true) { open ??= `${where}: ${c}`; continue; }
        if (s.effectUnknown !== undefined) { open ??= `the Effect of ${where} is decided at deploy time (${s.effectUnknown})`; continue; }
        if (s.hasCondition) { open ??= `${where} grants ${action} under a Condition`; continue; }
        return true;
      }
    }
  }
  return open !== undefined ? { open } : false;
}

/** What `principalCovers` answers: `every` when the principal is every principal (`principalEveryone`). @internal */
export type PrincipalAnswer = ({ k: 'yes' } | { k: 'no'; why: string } | { k: 'unknown'; why: string }) & { every?: boolean };

/**
 * Whether a statement's Principal names the service: by name, or every principal (`principalEveryone`: `every`; one
 * that may be every principal, and a NotPrincipal, is `unknown`). With `account`
 * (an alarm's topic policy), a principal naming only the account itself is `unknown`. Read for resource policies
 * (an SNS topic's, a key's: `sns-delivery.ts`) and for a role's trust policy (`service-roles.ts`).
 * @internal
 */
export function principalCovers(index: TemplateIndex, s: Val, service: string, account = false): PrincipalAnswer {
  if (index.field(s, 'NotPrincipal').k !== 'absent') return { k: 'unknown', why: 'a NotPrincipal statement' };
  const p = index.field(s, 'Principal');
  if (p.k === 'unknown') return { k: 'unknown', why: `its principal is decided at deploy time (${p.why})` };
  const everyone = principalEveryone(index, p);
  if (everyone.k === 'yes') return { k: 'yes', every: true };
  const services = index.field(p, 'Service');
  const list = entries(index, services);
  if (list === undefined) return { k: 'unknown', why: `its service principal is decided at deploy time` };
  if (list.some((e) => e.value.k === 'lit' && V.str(e.value)?.toLowerCase() === service)) return { k: 'yes' };
  if (everyone.k === 'maybe') return { k: 'unknown', why: `whether it is every principal: ${everyone.why}` };
  const every = entries(index, index.field(p, 'AWS'));
  if (list.some((e) => e.value.k !== 'lit')) return { k: 'unknown', why: 'a service principal decided at deploy time' };
  if (account && every?.some((e) => accountPrincipal(index, e.value))) {
    return { k: 'unknown', why: `it admits the account's own principals (${every.map((e) => V.show(e.value)).join(', ')}), not ${service}, which publishes alarm notifications` };
  }
  return { k: 'no', why: `its principal is not ${service}` };
}

/** An account ID or account root ARN (`arn:<partition>:iam::<account>:root`, `${...}` read as one field: linear). */
const ACCOUNT_ROOT = /^(\d{12}|arn:[^:]+:iam::[^:]+:root)$/;

/** Whether a principal value names an account as a whole (its ID, its root ARN, or `AWS::AccountId`). */
function accountPrincipal(index: TemplateIndex, v: Val): boolean {
  if (sameValue(v, index.value({ Ref: 'AWS::AccountId' }))) return true;
  const text = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
  return text !== undefined && ACCOUNT_ROOT.test(replaceSubReferences(text, () => 'x'));
}

/** Whether the same value: both literal and equal, or both the same value decided at deploy time (the account of the stack).
 * @internal
 */
export function sameValue(a: Val, b: Val): boolean {
  if (a.k === 'lit' && b.k === 'lit') return V.str(a) === V.str(b);
  return a.k === 'unknown' && b.k === 'unknown' && a.why === b.why;
}

/**
 * Whether a policy principal (a statement's `Principal` or `NotPrincipal`) is every principal, anonymous callers
 * included: `yes` for `"*"` and for `{ "AWS": "*" }` (a list holding `"*"` too: its entries are OR'ed), the two forms
 * IAM documents as equivalent (IAM User Guide, Policy elements: Principal, "All principals"). `maybe`, naming what
 * decides, where it may be: a value decided at deploy time (a parameter, text built around one, a dynamic reference,
 * a custom resource's or nested stack's value: `principalValue`); `"*"` under another key (`Service`,
 * `CanonicalUser`, `Federated`, a key not spelled `AWS`), which IAM does not document as every principal; a padded
 * `" * "`, which IAM does not document either; a wildcard within a principal (`arn:aws:iam::*:root`), which IAM
 * documents it does not match ("You cannot use a wildcard to match part of a principal name or ARN") and services
 * may reject or read otherwise. `no` otherwise (accounts, roles, services named, the stack's account by
 * `AWS::AccountId`, an absent principal). `Fn::If` is read in the current world.
 * @internal
 */
export function principalEveryone(index: TemplateIndex, p: Val): Everyone {
  if (p.k === 'absent') return { k: 'no' };
  const keys = index.keys(p);
  if (keys === undefined) {
    // The whole principal: `"*"`, or a list (not IAM's grammar, read as its entries).
    const list = p.k === 'lit' && Array.isArray(p.v) ? entries(index, p) ?? [] : [{ value: p }];
    return anyOf(list.map((e) => principalValue(e.value, 'Principal', p.k === 'lit' && Array.isArray(p.v))));
  }
  const out: Everyone[] = [];
  for (const [key, value] of keys) {
    // A value decided at deploy time is read as one principal (a pseudo parameter is never `*`).
    const list = value.k === 'unknown' ? [{ value }] : entries(index, value) ?? [];
    for (const e of list) out.push(principalValue(e.value, key, key !== 'AWS'));
  }
  return anyOf(out);
}

/**
 * Who a resource-policy statement applies to, as to everyone: `yes` when its `Principal` is every principal
 * (`principalEveryone`); with `not`, a `NotPrincipal` naming some principals (the statement applies to every
 * principal but those: an Allow lets in everyone it does not name, a Deny spares them); `no` for named principals;
 * `maybe` naming what decides (with `not` when a `NotPrincipal` is read: one that may be every principal, or is,
 * which IAM does not document). `what` says whom, for messages.
 * @internal
 */
export function statementEveryone(index: TemplateIndex, s: Val): Everyone & { not?: boolean } {
  const notPrincipal = index.field(s, 'NotPrincipal');
  if (notPrincipal.k === 'absent') return principalEveryone(index, index.field(s, 'Principal'));
  const excluded = principalEveryone(index, notPrincipal);
  // Every principal but every principal: IAM does not document it (nobody, or a policy the service rejects).
  if (excluded.k === 'yes') return { k: 'maybe', why: 'its NotPrincipal is every principal, which IAM does not document', not: true, written: true };
  if (excluded.k === 'maybe') return { k: 'maybe', why: `NotPrincipal: ${excluded.why}`, not: true, ...(excluded.written ? { written: true as const } : {}) };
  return { k: 'yes', what: 'every principal but those of NotPrincipal', not: true };
}

/**
 * Whether a principal is everyone: `yes`, `no`, or `maybe` naming what decides, with `written` when that is the
 * principal as written (a padded `" * "`, `"*"` under another key than `AWS`, a wildcard inside an ARN, a
 * NotPrincipal of every principal), which IAM does not document, not a value decided at deploy time. `what` says
 * whom. @internal
 */
export type Everyone = { k: 'yes'; what: string } | { k: 'no' } | { k: 'maybe'; why: string; written?: true };

/** A list of principals is everyone when one is; else may be when one may be (one decided at deploy time first). */
function anyOf(all: Everyone[]): Everyone {
  return all.find((e) => e.k === 'yes') ?? all.find((e) => e.k === 'maybe' && !e.written) ?? all.find((e) => e.k === 'maybe') ?? { k: 'no' };
}

/** Resource types whose `Ref` / `Fn::GetAtt` value is any text a template or a function gives: it may be `*`. */
const OPAQUE_TYPES = /^(Custom::|AWS::CloudFormation::(CustomResource|Stack)$)/;

/** Whether a reference may be any text: a custom resource's or nested stack's, or an attribute other than an ARN or id. */
function opaqueRef(target: CfnResource, attr: string | undefined): boolean {
  return OPAQUE_TYPES.test(target.type) || (attr !== undefined && !/(Arn|Id)$/.test(attr));
}

/**
 * One principal value under `key` (`AWS`, `Service`..., or `Principal` for the whole principal): `yes` for `*` where it
 * means every principal (`AWS`, the whole principal; not `listed`: a list as the whole principal is not IAM's
 * grammar), `maybe` where it may (see `principalEveryone`), `no` otherwise.
 */
function principalValue(v: Val, key: string, listed: boolean): Everyone {
  const where = key === 'Principal' ? 'the principal' : `a principal under ${key}`;
  if (v.k === 'unknown') {
    // A pseudo parameter (the account, the partition...) is never `*` nor holds one.
    if (v.why.startsWith('pseudo parameter ')) return { k: 'no' };
    // An intrinsic function inside a document given as text is passed as written: an object, never `*`.
    if (v.why.endsWith(TEXT_INTRINSIC_WHY)) return { k: 'no' };
    return { k: 'maybe', why: `${where} is decided at deploy time (${v.why})` };
  }
  if (v.k === 'secret') return { k: 'maybe', why: `${where} is a dynamic reference (${v.text}), resolved at deploy time` };
  if (v.k === 'ref') {
    return opaqueRef(v.target, v.attr) ? { k: 'maybe', why: `a ${where} is ${V.show(v)}, a value decided at deploy time that may be "*"` } : { k: 'no' };
  }
  if (v.k === 'expr') {
    for (const r of subReferences(v.text)) {
      const marked = markedRef(r.inner);
      if (marked === undefined) continue;
      const [id, attr] = marked.split(/\.(.*)/s);
      const target = v.refs.find((t) => t.logicalId === id);
      if (target === undefined || opaqueRef(target, attr)) return { k: 'maybe', why: `${where} holds ${showPseudoMarks(r.inner)}, a value decided at deploy time that may be "*"` };
    }
  }
  const text = v.k === 'expr' ? replaceSubReferences(v.text, () => 'x') : v.k === 'lit' ? V.str(v) : undefined;
  if (text === undefined) return { k: 'no' };
  if (text === '*') {
    if (key === 'AWS' || (key === 'Principal' && !listed)) return { k: 'yes', what: 'every principal ("*")' };
    return { k: 'maybe', why: `"${key}": "*" is not documented by IAM as every principal (only "*" and {"AWS": "*"} are)`, written: true };
  }
  if (text.trim() === '*') return { k: 'maybe', why: `${where} is "${text}", "*" with white space: IAM documents "*" alone as every principal, and whether it reads this one so is not known`, written: true };
  if (/[*?]/.test(text)) return { k: 'maybe', why: `${where} holds a wildcard (${showPseudoMarks(v.k === 'expr' ? v.text : text)}): IAM documents that a wildcard does not match part of a principal name or ARN, and whether the service rejects the policy or reads it as many principals is not known`, written: true };
  return { k: 'no' };
}
