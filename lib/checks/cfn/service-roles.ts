import { CfnResource, TemplateIndex, Val, V } from '../template-index';
import { grants, policyDocumentOf, principalCovers, statements } from './iam-policies';
import { entries } from './lists';
import { valueText } from './names';

/**
 * The IAM roles an AWS service assumes to act for a resource (AWS Backup's selection role, AppSync's CloudWatch Logs
 * role): which role an ARN names, whether the role trusts the service, whether a Deny may stop an action.
 */

const ROLE = 'AWS::IAM::Role';

/** Whether a role lets a service do its work: yes, no or unknown, with why. @internal */
export type RoleCheck = { k: 'yes' } | { k: 'no'; why: string } | { k: 'unknown'; why: string };

/**
 * The role an ARN value names (`property`, for messages: `IamRoleArn`): a role of this template (`Fn::GetAtt
 * Role.Arn`, an ARN built around one role, or a literal ARN whose name is a role's literal `RoleName`), one outside it
 * (`outside`: the value as shown), or why that is open. A role whose `RoleName` is decided at deploy time may be the
 * one a literal ARN names: open, unless `harmless(role)` (the caller's verdict on it would be the same either way).
 * @internal
 */
export function roleNamedBy(index: TemplateIndex, v: Val, property: string, harmless: (role: CfnResource) => boolean = () => false): { role: CfnResource } | { outside: string } | { open: string } {
  if (v.k === 'ref' && v.target.type === ROLE) {
    if (v.attr === 'Arn') return { role: v.target };
    return { open: `${property} is ${v.attr ? `Fn::GetAtt ${v.target.logicalId}.${v.attr}` : `Ref ${v.target.logicalId} (its name)`}, not the role's ARN` };
  }
  if (v.k === 'expr') {
    const roles = v.refs.filter((r) => r.type === ROLE);
    if (roles.length === 1) return { role: roles[0] };
    if (roles.length > 1) return { open: `${property} ${v.text} is built from several roles` };
  }
  // A literal ARN may name a role of this template by its RoleName (`arn:aws:iam::<account>:role/<path><name>`).
  const text = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
  const name = text !== undefined && /:role\//.test(text) ? text.substring(text.lastIndexOf('/') + 1) : undefined;
  if (name !== undefined && name !== '' && !name.includes('${')) {
    for (const role of index.ofType(ROLE)) {
      const n = index.prop(role, 'RoleName');
      if (n.k === 'unknown') {
        if (!harmless(role)) return { open: `${property} ${text} may be role ${role.logicalId}, whose name is decided at deploy time (${n.why})` };
        continue;
      }
      if (valueText(n) === name) return { role };
    }
  }
  return { outside: V.show(v) };
}

/**
 * Whether a role's trust policy lets `service` (`backup.amazonaws.com`) assume it: an Allow of sts:AssumeRole to the
 * service without a Condition (a Principal `*` counts), and no Deny of it to the service. A trust policy that lets the
 * service assume nothing is `no`, its why ending with `consequence` (what then fails); anything decided at deploy
 * time, or an Allow under a Condition, is unknown.
 * @internal
 */
export function roleTrusts(role: CfnResource, index: TemplateIndex, service: string, consequence: string): RoleCheck {
  const doc = policyDocumentOf(index, role, 'AssumeRolePolicyDocument');
  const denied = `role ${role.logicalId} does not trust ${service}`;
  if (doc.k === 'unknown') return { k: 'unknown', why: `the trust policy of role ${role.logicalId} is decided at deploy time (${doc.why})` };
  if (doc.k !== 'lit') return { k: 'no', why: `${denied} (no trust policy)` };
  const list = entries(index, index.field(doc, 'Statement'));
  if (list === undefined) return { k: 'unknown', why: `the trust policy statements of role ${role.logicalId} are decided at deploy time` };
  let trusted = false;
  let open: string | undefined;
  let denyOpen: string | undefined;
  for (const { value: s } of list) {
    if (s.k === 'unknown') { open ??= `a trust statement of role ${role.logicalId} is decided at deploy time (${s.why})`; continue; }
    const effect = index.field(s, 'Effect');
    if (effect.k === 'unknown') { open ??= `the Effect of a trust statement of role ${role.logicalId} is decided at deploy time`; continue; }
    const principal = principalCovers(index, s, service);
    if (principal.k === 'no') continue;
    const not = index.field(s, 'NotAction');
    const acts = entries(index, not.k !== 'absent' ? not : index.field(s, 'Action'));
    if (acts === undefined || acts.some((a) => a.value.k !== 'lit')) { open ??= `the actions of a trust statement of role ${role.logicalId} are decided at deploy time`; continue; }
    const named = acts.some((a) => grants(V.str(a.value) ?? '', 'sts:AssumeRole'));
    if (not.k !== 'absent' ? named : !named) continue;
    const conditioned = index.field(s, 'Condition').k !== 'absent';
    if (V.str(effect) === 'Deny') {
      if (principal.k === 'yes' && !conditioned) return { k: 'no', why: `role ${role.logicalId}'s trust policy denies sts:AssumeRole to ${service}` };
      denyOpen ??= `a trust statement of role ${role.logicalId} may deny sts:AssumeRole to ${service}`;
      continue;
    }
    if (V.str(effect) !== 'Allow') continue;
    if (principal.k === 'unknown') { open ??= `role ${role.logicalId}'s trust policy: ${principal.why}`; continue; }
    if (conditioned) { open ??= `role ${role.logicalId} trusts ${service} under a Condition`; continue; }
    trusted = true;
  }
  if (trusted) return denyOpen ? { k: 'unknown', why: denyOpen } : { k: 'yes' };
  if (open) return { k: 'unknown', why: open };
  return { k: 'no', why: `${denied} (its trust policy lets no sts:AssumeRole by that service): ${consequence}` };
}

/**
 * Whether a Deny among the role's policies (inline, attached, and the customer-managed `managed`) stops `action`:
 * `blocks` when a Deny whose actions cover it applies to every resource (`*`, no condition), `may` naming the
 * statement when it is narrower or decided at deploy time.
 * @internal
 */
export function deniedAction(docs: CfnResource[], index: TemplateIndex, action: string): { blocks?: string; may?: string } {
  let may: string | undefined;
  for (const doc of docs) {
    for (const s of statements(doc, index)) {
      if (s.effect !== 'Deny' && s.effectUnknown === undefined) continue;
      const where = `${doc.logicalId} ${s.path}`;
      if ('unknown' in s.actions) { may ??= where; continue; }
      const names = s.actions.map((a) => (a.k === 'lit' ? V.str(a) : undefined));
      const covers = s.notAction ? !names.some((a) => a !== undefined && grants(a, action)) : names.some((a) => a !== undefined && grants(a, action));
      if (!covers) {
        if (names.includes(undefined)) may ??= where;
        continue;
      }
      const everywhere = !s.notResource && !('unknown' in s.resources) && s.resources.some((r) => r.k === 'lit' && V.str(r)?.trim() === '*');
      if (everywhere && !s.hasCondition && s.effectUnknown === undefined) return { blocks: where };
      may ??= where;
    }
  }
  return may ? { may } : {};
}
