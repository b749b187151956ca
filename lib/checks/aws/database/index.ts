import { AwsRule } from '../../rule';
import { DynamoDbDeletionProtection } from './dynamodb-deletion-protection';
import { DynamoDbEncryptedWithCmk } from './dynamodb-encrypted-with-cmk';
import { DynamoDbPointInTimeRecovery } from './dynamodb-point-in-time-recovery';
import { DynamoDbTlsEnforced } from './dynamodb-tls-enforced';
import { OpenSearchCredentialsManaged } from './opensearch-credentials-managed';
import { OpenSearchDeletionProtection } from './opensearch-deletion-protection';
import { OpenSearchEncryptedWithCmk } from './opensearch-encrypted-with-cmk';
import { OpenSearchEngineVersionPinned } from './opensearch-engine-version-pinned';
import { OpenSearchIamAuth } from './opensearch-iam-auth';
import { OpenSearchMultiAz } from './opensearch-multi-az';
import { OpenSearchNotPublic } from './opensearch-not-public';
import { OpenSearchTlsEnforced } from './opensearch-tls-enforced';
import { RdsBackupRetention } from './rds-backup-retention';
import { RdsCredentialsManaged } from './rds-credentials-managed';
import { RdsDatabaseProvisioned } from './rds-database-provisioned';
import { RdsDeletionProtection } from './rds-deletion-protection';
import { RdsEngineVersionPinned } from './rds-engine-version-pinned';
import { RdsEnhancedMonitoring } from './rds-enhanced-monitoring';
import { RdsIamAuth } from './rds-iam-auth';
import { RdsLogExports } from './rds-log-exports';
import { RdsMultiAz } from './rds-multi-az';
import { RdsNotPublic } from './rds-not-public';
import { RdsPerformanceInsightsKey } from './rds-performance-insights-key';
import { RdsProxyRequiresTls } from './rds-proxy-requires-tls';
import { RdsStorageEncrypted } from './rds-storage-encrypted';
import { RdsTlsEnforced } from './rds-tls-enforced';

/** Rules of the database area. @internal */
export const DATABASE_RULES: AwsRule[] = [
  RdsDatabaseProvisioned,
  RdsStorageEncrypted,
  RdsPerformanceInsightsKey,
  RdsTlsEnforced,
  RdsBackupRetention,
  RdsDeletionProtection,
  RdsMultiAz,
  RdsNotPublic,
  RdsIamAuth,
  RdsLogExports,
  RdsEnhancedMonitoring,
  RdsCredentialsManaged,
  RdsProxyRequiresTls,
  RdsEngineVersionPinned,
  DynamoDbEncryptedWithCmk,
  DynamoDbTlsEnforced,
  DynamoDbPointInTimeRecovery,
  DynamoDbDeletionProtection,
  OpenSearchEncryptedWithCmk,
  OpenSearchTlsEnforced,
  OpenSearchDeletionProtection,
  OpenSearchMultiAz,
  OpenSearchNotPublic,
  OpenSearchIamAuth,
  OpenSearchCredentialsManaged,
  OpenSearchEngineVersionPinned,
];
