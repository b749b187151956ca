/* eslint-disable @typescript-eslint/no-explicit-any */
import { globMatch } from '../../glob';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';

/**
 * Reading IAM identity policies from a template: the inline documents of
 * roles, users and groups, and the documents of AWS::IAM::Policy,
 * ManagedPolicy and Role/User/GroupPolicy resources.
 * @internal
 */

/** Resource types that carry identity-policy documents. @internal */
export const IAM_POLICY_TYPES = [
  'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group',
  'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy',
];

/** One statement of a policy document, read. @internal */
export interface Statement {
  /** Property path of the statement, for evidence. */
  readonly path: string;
  readonly effect: string | undefined;
  /** The actions (or NotActions) as values; `unknown` when the list is computed at deploy time. */
  readonly actions: Val[] | { unknown: string };
  readonly notAction: boolean;
  readonly resources: Val[] | { unknown: string };
  readonly notResource: boolean;
  readonly hasCondition: boolean;
  /** The statement's Sid, when it has one. */
  readonly sid?: string;
}

function asList(index: TemplateIndex, raw: any): Val[] | { unknown: string } {
  const v = index.value(raw);
  if (v.k === 'absent') return [];
  if (v.k === 'unknown') return { unknown: v.why };
  if (v.k === 'lit' && Array.isArray(v.v)) return v.v.map((x: any) => index.value(x));
  return [v];
}

/** The policy documents a resource carries, with their property paths. @internal */
export function policyDocuments(res: CfnResource, index: TemplateIndex): { doc: any; path: string }[] {
  if (['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(res.type)) {
    const list = V.list(index.prop(res, 'Policies')) ?? [];
    return list.map((p, i) => ({ doc: p?.PolicyDocument, path: `Properties.Policies.${i}.PolicyDocument` })).filter((d) => d.doc !== undefined);
  }
  const doc = res.properties.PolicyDocument;
  return doc === undefined ? [] : [{ doc, path: 'Properties.PolicyDocument' }];
}

/** The statements of a policy document (`Statement` may be one object or a list). @internal */
export function statementsOf(doc: any, path: string, index: TemplateIndex): Statement[] {
  const d = index.value(doc);
  if (d.k !== 'lit' || d.v === null || typeof d.v !== 'object') return [];
  const raw = d.v.Statement;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return list.filter((s: any) => s && typeof s === 'object').map((s: any, i: number) => {
    const notAction = s.NotAction !== undefined;
    const notResource = s.NotResource !== undefined;
    return {
      path: Array.isArray(raw) ? `${path}.Statement.${i}` : `${path}.Statement`,
      effect: V.str(index.value(s.Effect)),
      actions: asList(index, notAction ? s.NotAction : s.Action),
      notAction,
      resources: asList(index, notResource ? s.NotResource : s.Resource),
      notResource,
      hasCondition: s.Condition !== undefined,
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    };
  });
}

/** Every statement a resource's policy documents hold. @internal */
export function statements(res: CfnResource, index: TemplateIndex): Statement[] {
  return policyDocuments(res, index).flatMap((d) => statementsOf(d.doc, d.path, index));
}

/**
 * Whether an IAM action pattern (`s3:Get*`, `*`, `?` one character, any case)
 * grants `action` (`secretsmanager:GetSecretValue`). Matched by `globMatch`, not
 * a regular expression built from the template (`a*a*a*...` would backtrack).
 * @internal
 */
export function grants(pattern: string, action: string): boolean {
  return globMatch(pattern.toLowerCase(), action.toLowerCase(), true);
}

/** `*`, `*:*` or `service:*`: every action (of a service). @internal */
export function wildcardAction(action: string): 'all' | 'service' | undefined {
  const a = action.trim();
  if (a === '*' || /^\*:/.test(a)) return 'all';
  if (/^[A-Za-z0-9-]+:\*+$/.test(a)) return 'service';
  return undefined;
}

/** A resource value that names every resource: `*`, or an ARN whose resource part is only a wildcard. @internal */
export function wildcardResource(v: Val, kind?: string): boolean {
  const s = V.str(v);
  if (s === undefined) return false;
  if (s.trim() === '*') return true;
  if (kind) {
    // arn:aws:secretsmanager:*:*:secret:*  /  arn:aws:iam::123:role/*
    const m = new RegExp(`:${kind}[:/](.*)$`).exec(s);
    if (m && /^[*?]*$/.test(m[1])) return true;
  }
  return /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(s);
}
