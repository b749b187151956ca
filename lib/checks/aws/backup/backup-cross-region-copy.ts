import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { BACKUP_PLAN, BACKUP_VAULT, ruleName, rulesOf } from './selection';
import { replaceSubReferences } from '../../sub-references';

/**
 * BACKUP-CROSS-REGION-COPY: a plan rule copies recovery points to a vault in
 * another region or account (`CopyActions[].DestinationBackupVaultArn`).
 *
 * A vault of this template, or an ARN built from `${AWS::Region}` and
 * `${AWS::AccountId}`, is in the same region and account → does not count. A
 * literal ARN (or one with another literal region or account) counts, and the
 * message names its region and account. A destination from a parameter or an
 * import is unknown.
 */
export const BackupCrossRegionCopy: AwsRule = {
  id: 'BackupCrossRegionCopy',
  items: ['BACKUP-CROSS-REGION-COPY'],
  types: [BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'A backup plan rule copies recovery points to a vault in another region or account.',
  fix: 'Add a copy action to a vault in another region/account (BackupPlanRule copyActions: [{ destinationBackupVault: BackupVault.fromBackupVaultArn(...) }]).',
  check(res, { index }) {
    const p = 'Properties.BackupPlan.BackupPlanRule.CopyActions';
    const rules = rulesOf(res, index);
    if ('unknown' in rules) return unknown(p, undefined, `plan rules decided at deploy time (${rules.unknown})`);
    let pending: string | undefined;
    const local: string[] = [];
    for (const rule of rules) {
      const actions = index.at(rule, 'CopyActions');
      if (actions.k === 'unknown') { pending ??= `copy actions of ${ruleName(rule, index)}: ${actions.why}`; continue; }
      for (const a of V.list(actions) ?? []) {
        const dest = index.at(a, 'DestinationBackupVaultArn');
        if (dest.k === 'unknown') { pending ??= `destination of ${ruleName(rule, index)}: ${dest.why}`; continue; }
        if (dest.k === 'ref' || (dest.k === 'expr' && dest.refs.some((r) => r.type === BACKUP_VAULT))) {
          local.push(`${ruleName(rule, index)} → vault of this stack`);
          continue;
        }
        const arn = V.show(dest);
        // Placeholders (${AWS::Region}) contain colons: name them before splitting the ARN.
        const named = arn.replace(/\$\{AWS::Region\}/g, '<this region>').replace(/\$\{AWS::AccountId\}/g, '<this account>');
        const parts = replaceSubReferences(named, () => '<computed>').split(':');
        const region = parts[3] ?? '';
        const account = parts[4] ?? '';
        const sameRegion = region === '<this region>';
        const sameAccount = account === '<this account>';
        if (dest.k === 'absent' || (sameRegion && sameAccount)) {
          local.push(`${ruleName(rule, index)} → ${arn}`);
          continue;
        }
        return pass(p, dest, `rule ${ruleName(rule, index)} copies recovery points to ${arn} (region ${region}, account ${account})`);
      }
    }
    if (pending) return unknown(p, undefined, `copy destination decided at deploy time (${pending})`);
    if (local.length > 0) return fail(p, local.join('; '), `copies stay in the same region and account: ${local.join('; ')}`);
    return fail(p, undefined, 'no rule copies recovery points to another region or account: a regional outage or a compromised account loses every backup');
  },
};
