import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

const KEYS_WITH_BACKUP_STATEMENT = new WeakSet<IConstruct>();

/**
 * Let AWS Backup publish vault notifications to a topic encrypted with `key`.
 * Added once per key; a no-op for an imported key (whose policy the user owns).
 * @internal
 */
export function allowBackupNotifications(key: kms.IKey): void {
  if (KEYS_WITH_BACKUP_STATEMENT.has(key)) return;
  KEYS_WITH_BACKUP_STATEMENT.add(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBackupNotificationsToEncryptedTopics',
    principals: [new iam.ServicePrincipal('backup.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    // Publishing still needs the topic policy, which the vault scopes to AWS Backup.
    resources: ['*'],
  }));
}
