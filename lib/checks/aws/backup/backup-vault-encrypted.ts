import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { BACKUP_PLAN, BACKUP_VAULT, targetsOutside } from './selection';

const TARGET = 'Properties.BackupPlan.BackupPlanRule.TargetBackupVault';

/**
 * BACKUP-VAULT-ENCRYPTED: the vault encrypts recovery points with a
 * customer-managed KMS key. Absent `EncryptionKeyArn` means the AWS-managed
 * aws/backup key → fail; an `alias/aws/...` key → fail; a key of this template
 * or any other key ARN → pass (a key from a parameter or an import is unknown).
 *
 * Also dispatched to `AWS::Backup::BackupPlan`: a plan rule whose
 * `TargetBackupVault` is no vault of this template (the account's `Default`
 * vault, another stack's vault) writes its recovery points where this template
 * cannot show the key: unknown, naming the vault (`targetsOutside`); a target
 * decided at deploy time is unknown too. A plan writing only to vaults of this
 * template has no finding of its own: those vaults are judged.
 */
export const BackupVaultEncrypted: AwsRule = {
  id: 'BackupVaultEncrypted',
  items: ['BACKUP-VAULT-ENCRYPTED'],
  types: [BACKUP_VAULT, BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'The AWS Backup vault is encrypted with a customer-managed KMS key.',
  fix: 'Set EncryptionKeyArn to a customer-managed key (new backup.BackupVault(..., { encryptionKey })).',
  check(res, { index }) {
    if (res.type === BACKUP_PLAN) {
      const t = targetsOutside(res, index);
      const where = [...t.outside].map(([name, rules]) => `vault ${name} (rule ${rules.join(', ')})`);
      if (where.length > 0) return unknown(TARGET, where.join('; '), `the plan writes recovery points to ${where.join('; ')}, outside this template: its encryption key cannot be read here`);
      if (t.open) return unknown(TARGET, undefined, `which vault the plan writes recovery points to, and so its key, cannot be known at synth (${t.open})`);
      return undefined;
    }
    const p = 'Properties.EncryptionKeyArn';
    const key = index.prop(res, 'EncryptionKeyArn');
    if (key.k === 'absent') return fail(p, key, 'vault encrypted with the AWS-managed aws/backup key, not a customer-managed key');
    if (key.k === 'unknown') return unknown(p, key, `vault key decided at deploy time (${key.why})`);
    if (/alias\/aws\//.test(V.show(key))) return fail(p, key, 'vault encrypted with an AWS-managed key alias');
    return pass(p, key, 'vault encrypted with a customer-managed KMS key');
  },
};
