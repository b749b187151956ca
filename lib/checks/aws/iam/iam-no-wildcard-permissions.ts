import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { IAM_POLICY_TYPES, grants, statements, wildcardAction, wildcardResource } from './policy';

/**
 * AWS managed policies that grant administrator access or every action of a
 * service (`*FullAccess`), matched on the policy name of an `arn:…:iam::aws:policy/…` ARN.
 */
const BROAD_NAME = /^(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess(?:V\d+)?)$/;

/** The broad policy an ARN names, if it does: the name is the ARN's last path segment. */
function broadManaged(arn: string): string | undefined {
  if (!arn.includes(':iam::aws:policy/')) return undefined;
  return BROAD_NAME.exec(arn.slice(arn.lastIndexOf('/') + 1))?.[1];
}

/**
 * IAM-LEAST-PRIVILEGE: no identity policy allows every action (`*`), every
 * action of a service (`s3:*`), everything but a list (Allow + NotAction), or
 * `iam:PassRole` on any role; no AWS managed administrator or `*FullAccess`
 * policy is attached.
 *
 * Decisions:
 * - `*` and `service:*` fail whatever the resource (IAM.1 for `*` on `*`,
 *   IAM.21 for service wildcards): least privilege names the actions. Partial
 *   wildcards (`s3:Get*`, as the CDK's `grantRead` emits) pass — they are how
 *   the CDK scopes its grants, and every CDK `grant*()` names actions and
 *   resources, so CDK-generated policies pass unchanged.
 * - `Resource: "*"` alone is not a failure: many read-only or account-level
 *   actions only accept `*` (ecr:GetAuthorizationToken, xray:PutTraceSegments).
 *   The exception is `iam:PassRole`, which on `*` lets the holder hand any
 *   role, admin included, to a service it controls.
 * - Deny statements are not judged. An action list computed at deploy time is unknown.
 */
export const IamNoWildcardPermissions: AwsRule = {
  id: 'IamNoWildcardPermissions',
  items: ['IAM-LEAST-PRIVILEGE'],
  types: IAM_POLICY_TYPES,
  severity: Severity.HIGH,
  description: 'No IAM policy allows "*" or "service:*" actions, Allow with NotAction, or iam:PassRole on every role; no AdministratorAccess/PowerUserAccess/*FullAccess managed policy is attached.',
  fix: 'Name the actions and resources (use the CDK grant methods: bucket.grantRead(role), secret.grantRead(role)); scope iam:PassRole to the role ARNs the service passes.',
  fsbp: ['IAM.1', 'IAM.21'],
  controlTower: ['CT.IAM.PR.1', 'CT.IAM.PR.2', 'CT.IAM.PR.3', 'CT.IAM.PR.5'],
  check(res, { index }) {
    const out: Verdict[] = [];
    const open: Verdict[] = [];
    let judged = 0;
    for (const s of statements(res, index)) {
      if (s.effect !== 'Allow') continue;
      judged++;
      if ('unknown' in s.actions) {
        open.push(unknown(s.path, undefined, `actions decided at deploy time (${s.actions.unknown})`));
        continue;
      }
      if (s.notAction) {
        out.push(fail(`${s.path}.NotAction`, s.actions.map(V.show).join(', '), 'Allow with NotAction grants every action except the listed ones'));
        continue;
      }
      const names = s.actions.map((a) => V.str(a));
      const computed = s.actions.find((a) => a.k === 'unknown');
      const all = names.find((a) => a !== undefined && wildcardAction(a) === 'all');
      const svc = names.find((a) => a !== undefined && wildcardAction(a) === 'service');
      if (all) {
        out.push(fail(`${s.path}.Action`, all, 'allows every action ("*"): administrator-equivalent on its resources'));
        continue;
      }
      if (svc) {
        out.push(fail(`${s.path}.Action`, svc, `allows every action of a service (${svc}): name the actions the workload calls`));
        continue;
      }
      if (names.some((a) => a !== undefined && grants(a, 'iam:PassRole'))) {
        if ('unknown' in s.resources) open.push(unknown(`${s.path}.Resource`, undefined, `iam:PassRole on resources decided at deploy time (${s.resources.unknown})`));
        else if (s.notResource) out.push(fail(`${s.path}.NotResource`, s.resources.map(V.show).join(', '), 'iam:PassRole with NotResource: every role but the listed ones can be passed'));
        else {
          const wide = s.resources.find((r) => wildcardResource(r, 'role'));
          if (wide) out.push(fail(`${s.path}.Resource`, wide, 'iam:PassRole on every role: the holder can hand any role, admin included, to a service it controls'));
          else if (s.resources.some((r) => r.k === 'unknown')) open.push(unknown(`${s.path}.Resource`, undefined, 'iam:PassRole on a role decided at deploy time'));
        }
      }
      if (computed) open.push(unknown(`${s.path}.Action`, computed, `an action is decided at deploy time (${computed.k === 'unknown' ? computed.why : ''})`));
    }
    if (['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(res.type)) {
      const arns = index.prop(res, 'ManagedPolicyArns');
      if (arns.k === 'unknown') open.push(unknown('Properties.ManagedPolicyArns', arns, `managed policies decided at deploy time (${arns.why})`));
      for (const [i, raw] of (V.list(arns) ?? []).entries()) {
        judged++;
        const v = index.value(raw);
        const text = v.k === 'lit' ? String(v.v) : v.k === 'expr' ? v.text : undefined;
        if (text === undefined) {
          if (v.k === 'unknown') open.push(unknown(`Properties.ManagedPolicyArns.${i}`, v, `managed policy decided at deploy time (${v.why})`));
          continue;
        }
        const name = broadManaged(text);
        if (name) out.push(fail(`Properties.ManagedPolicyArns.${i}`, text, `AWS managed policy ${name} grants ${/FullAccess$/.test(name) && name !== 'IAMFullAccess' ? 'every action of a service' : 'administrator-level access'}`));
      }
    }
    if (out.length > 0) return out;
    if (open.length > 0) return open;
    if (judged === 0) return undefined;
    return pass(undefined, `${judged} grant(s)`, 'every Allow names its actions: no "*", no service-wide wildcard, no NotAction, no PassRole on every role');
  },
};
