import { CfnResource, TemplateIndex, V } from '../../template-index';
import { attachedPolicies, grants, statements } from '../../cfn/iam-policies';
import { valueText } from '../../cfn/names';
import { settledFor } from '../../cfn/settled';
import { RoleCheck, roleNamedBy, roleTrusts } from '../../cfn/service-roles';
import { DB_CLUSTER, DB_INSTANCE } from '../../cfn/databases';

/**
 * The IAM role an AWS Backup selection's jobs run with (`BackupSelection.IamRoleArn`).
 *
 * AWS Backup assumes the role to take each backup: a role that does not trust
 * `backup.amazonaws.com` (sts:AssumeRole), or that may not take the
 * resource's snapshot, fails every job the selection starts (AWS Backup
 * Developer Guide, "IAM service roles": the role needs a trust relationship
 * with AWS Backup and the permissions of AWSBackupServiceRolePolicyForBackup
 * or equivalent).
 *
 * - A role of this template (`Fn::GetAtt Role.Arn`, an ARN built around
 *   `${Role}`, or a literal ARN whose name is a role's literal `RoleName`)
 *   is read: its trust policy must let `backup.amazonaws.com` assume it
 *   (an Allow without Condition; a Principal `*` counts), and it must carry
 *   AWSBackupServiceRolePolicyForBackup (or AdministratorAccess). A role
 *   without either, whose own statements (inline, attached or
 *   customer-managed) do not allow the snapshot action
 *   (`rds:CreateDBClusterSnapshot`, `rds:CreateDBSnapshot`), fails; own
 *   statements that allow it are unknown (whether they allow all AWS Backup
 *   needs is not judged), as is a permissions boundary, a Deny that may cover
 *   the action, or anything decided at deploy time.
 * - A role outside this template (a parameter, `Fn::ImportValue`, a literal
 *   ARN) is unknown: its trust and policies cannot be read here. The one
 *   exception is the account's `service-role/AWSBackupDefaultServiceRole`,
 *   which AWS creates with the trust and the managed policy (a selection
 *   naming it where it does not exist fails to deploy).
 *
 * A restore testing selection's `IamRoleArn` is read the same way (`restoreRoleWorks`): AWS Backup assumes it to
 * restore each recovery point the test picks, so it needs the trust and AWSBackupServiceRolePolicyForRestores (or
 * equivalent: own statements allowing the restore action, `rds:RestoreDBClusterFromSnapshot` /
 * `rds:RestoreDBInstanceFromDBSnapshot`, are unknown; none fails). The default service role carries that
 * policy too.
 * @internal
 */

/**
 * The account's default AWS Backup service role, which AWS creates with the trust and
 * AWSBackupServiceRolePolicyForBackup (a selection naming it where it does not exist fails to deploy).
 */
const DEFAULT_SERVICE_ROLE = /:role\/service-role\/AWSBackupDefaultServiceRole$/;

/** The service principal AWS Backup assumes roles as. */
export const BACKUP_SERVICE = 'backup.amazonaws.com';

/** Whether a role lets AWS Backup do its jobs: yes, no or unknown, with why. @internal */
export type { RoleCheck };

/** What AWS Backup does with a role: take backups (a backup selection) or restore them (a restore testing selection). */
interface Purpose {
  /** A key of its own for what is read once per role (`settledFor`). */
  readonly key: string;
  /** Where the selection names its role. */
  readonly path: string;
  /** AWS managed policies that let AWS Backup do it with the role. */
  readonly policies: RegExp;
  readonly policyName: string;
  /** The action without which AWS Backup cannot do it for a resource of this type. */
  readonly actions: Record<string, string>;
  /** The jobs that fail without it. */
  readonly jobs: string;
}

const BACKUP: Purpose = {
  key: 'backup',
  path: 'BackupSelection.IamRoleArn',
  policies: /:iam::aws:policy\/(service-role\/AWSBackupServiceRolePolicyForBackup|AdministratorAccess)$/,
  policyName: 'AWSBackupServiceRolePolicyForBackup',
  actions: { [DB_CLUSTER]: 'rds:CreateDBClusterSnapshot', [DB_INSTANCE]: 'rds:CreateDBSnapshot' },
  jobs: 'every backup job of the selection fails',
};

const RESTORE: Purpose = {
  key: 'restore',
  path: 'IamRoleArn',
  policies: /:iam::aws:policy\/(service-role\/AWSBackupServiceRolePolicyForRestores|AdministratorAccess)$/,
  policyName: 'AWSBackupServiceRolePolicyForRestores',
  actions: { [DB_CLUSTER]: 'rds:RestoreDBClusterFromSnapshot', [DB_INSTANCE]: 'rds:RestoreDBInstanceFromDBSnapshot' },
  jobs: 'every restore job of the restore testing selection fails: no restore is tested',
};

/** The role a selection names (`purpose.path`): a role of this template, outside it, or why that is open. */
function roleOf(sel: CfnResource, index: TemplateIndex, purpose: Purpose): { role: CfnResource } | { outside: string } | { open: string } {
  return roleNamedBy(index, index.prop(sel, purpose.path), 'IamRoleArn', (role) => judgeRole(role, index, purpose).k === 'yes');
}

/**
 * Whether the role a backup selection names lets AWS Backup back up `target` (see the file's comment): yes
 * (a role outside this template only when it is the account's default AWS Backup service role), no naming why every
 * job fails, or unknown naming why.
 * @internal
 */
export function selectionRoleWorks(sel: CfnResource, target: CfnResource, index: TemplateIndex): RoleCheck {
  return roleWorks(sel, target, index, BACKUP);
}

/**
 * Whether the role a restore testing selection names (`IamRoleArn`) lets AWS Backup restore `target`'s recovery
 * points: the same decisions as `selectionRoleWorks`, with AWSBackupServiceRolePolicyForRestores (or
 * AdministratorAccess) and the restore action (`rds:RestoreDBClusterFromSnapshot`,
 * `rds:RestoreDBInstanceFromDBSnapshot`) in place of the backup ones. The account's AWSBackupDefaultServiceRole
 * carries both managed policies.
 * @internal
 */
export function restoreRoleWorks(sel: CfnResource, target: CfnResource, index: TemplateIndex): RoleCheck {
  return roleWorks(sel, target, index, RESTORE);
}

function roleWorks(sel: CfnResource, target: CfnResource, index: TemplateIndex, purpose: Purpose): RoleCheck {
  // Read once per selection and kind of target: a tag selection is asked again for every resource it selects.
  const action = purpose.actions[target.type];
  return settledFor(index, `${purpose.key}.selection.role.${action ?? ''}`, sel, (s, ix) => {
    const r = roleOf(s, ix, purpose);
    if ('outside' in r) {
      return DEFAULT_SERVICE_ROLE.test(r.outside) ? { k: 'yes' } as RoleCheck
        : { k: 'unknown', why: `IamRoleArn ${r.outside} is a role outside this template: whether it trusts ${BACKUP_SERVICE} and may ${purpose === BACKUP ? 'take the backups' : 'restore them'} cannot be read here` } as RoleCheck;
    }
    if ('open' in r) return { k: 'unknown', why: r.open } as RoleCheck;
    return judgeRole(r.role, ix, purpose, action);
  });
}

/** A role against AWS Backup's needs, read once per role, purpose, action and world. */
function judgeRole(role: CfnResource, index: TemplateIndex, purpose: Purpose, action?: string): RoleCheck {
  return settledFor(index, `${purpose.key}.role.${action ?? ''}`, role, (rl, ix) => {
    const trust = trusts(rl, ix, purpose);
    if (trust.k !== 'yes') return trust;
    return mayDo(rl, ix, purpose, action);
  });
}

/** Whether the role's trust policy lets backup.amazonaws.com assume it. */
function trusts(role: CfnResource, index: TemplateIndex, purpose: Purpose): RoleCheck {
  return roleTrusts(role, index, BACKUP_SERVICE, `AWS Backup cannot assume it, so ${purpose.jobs}`);
}

/** Whether the role may do the job: the purpose's managed policy, or its own statements (see the file's comment). */
function mayDo(role: CfnResource, index: TemplateIndex, purpose: Purpose, action: string | undefined): RoleCheck {
  const boundary = index.prop(role, 'PermissionsBoundary');
  if (boundary.k !== 'absent') return { k: 'unknown', why: `role ${role.logicalId} has a permissions boundary (${V.show(boundary)}), not read: whether it lets AWS Backup ${purpose === BACKUP ? 'back up' : 'restore'} cannot be known at synth` };
  const arns = index.prop(role, 'ManagedPolicyArns');
  let open: string | undefined = arns.k === 'unknown' ? `the managed policies of role ${role.logicalId} are decided at deploy time (${arns.why})` : undefined;
  let managed = false;
  const customer: CfnResource[] = [];
  for (const v of index.items(arns) ?? []) {
    if (v.k === 'unknown') { open ??= `a managed policy of role ${role.logicalId} is decided at deploy time (${v.why})`; continue; }
    if (v.k === 'ref' && v.target.type === 'AWS::IAM::ManagedPolicy') { customer.push(v.target); continue; }
    const text = valueText(v) ?? (v.k === 'expr' ? v.text : undefined) ?? '';
    if (purpose.policies.test(text)) managed = true;
    else if (!/:iam::aws:policy\//.test(text)) open ??= `role ${role.logicalId} has managed policy ${V.show(v)}, not read`;
  }
  const docs = [role, ...attachedPolicies(role, index), ...customer];
  // A Deny that may cover the backup's action (or every action) may stop the jobs.
  const probe = action ?? 'backup:*';
  for (const doc of docs) {
    for (const s of statements(doc, index)) {
      if (s.effect !== 'Deny' && s.effectUnknown === undefined) continue;
      if ('unknown' in s.actions || s.notAction || s.actions.some((a) => a.k !== 'lit' || grants(V.str(a) ?? '', probe))) {
        return { k: 'unknown', why: `${doc.logicalId} ${s.path} may deny ${probe} to role ${role.logicalId}` };
      }
    }
  }
  if (managed) return { k: 'yes' };
  const lacks = `role ${role.logicalId} has neither ${purpose.policyName} nor`;
  if (action === undefined) return { k: 'unknown', why: `${lacks} another policy this check reads${open ? ` (${open})` : ''}` };
  let allowed = false;
  for (const doc of docs) {
    for (const s of statements(doc, index)) {
      if (s.effect !== 'Allow' && s.effectUnknown === undefined) continue;
      if ('unknown' in s.actions || s.actions.some((a) => a.k !== 'lit')) { open ??= `the actions of ${doc.logicalId} ${s.path} are decided at deploy time`; continue; }
      const named = s.actions.some((a) => grants(V.str(a) ?? '', action));
      if (s.notAction ? !named : named) allowed = true;
    }
  }
  if (allowed) return { k: 'unknown', why: `role ${role.logicalId} has no ${purpose.policyName}; its own statements allow ${action}, but whether they allow all AWS Backup needs is not judged` };
  if (open) return { k: 'unknown', why: `${lacks} a statement allowing ${action}, unless ${open}` };
  return { k: 'no', why: `${lacks} any statement allowing ${action}: ${purpose.jobs}` };
}
