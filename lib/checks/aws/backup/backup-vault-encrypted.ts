import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { BACKUP_VAULT } from './selection';

/**
 * BACKUP-VAULT-ENCRYPTED: the vault encrypts recovery points with a
 * customer-managed KMS key. Absent `EncryptionKeyArn` means the AWS-managed
 * aws/backup key → fail; an `alias/aws/...` key → fail; a key of this template
 * or any other key ARN → pass (a key from a parameter or an import is unknown).
 */
export const BackupVaultEncrypted: AwsRule = {
  id: 'BackupVaultEncrypted',
  items: ['BACKUP-VAULT-ENCRYPTED'],
  types: [BACKUP_VAULT],
  severity: Severity.MEDIUM,
  description: 'The AWS Backup vault is encrypted with a customer-managed KMS key.',
  fix: 'Set EncryptionKeyArn to a customer-managed key (new backup.BackupVault(..., { encryptionKey })).',
  check(res, { index }) {
    const p = 'Properties.EncryptionKeyArn';
    const key = index.prop(res, 'EncryptionKeyArn');
    if (key.k === 'absent') return fail(p, key, 'vault encrypted with the AWS-managed aws/backup key, not a customer-managed key');
    if (key.k === 'unknown') return unknown(p, key, `vault key decided at deploy time (${key.why})`);
    if (/alias\/aws\//.test(V.show(key))) return fail(p, key, 'vault encrypted with an AWS-managed key alias');
    return pass(p, key, 'vault encrypted with a customer-managed KMS key');
  },
};
