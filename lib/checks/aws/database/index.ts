import { AwsRule } from '../../rule';
import { RdsStorageEncrypted } from './rds-storage-encrypted';

/** Rules of the database area. @internal */
export const DATABASE_RULES: AwsRule[] = [
  RdsStorageEncrypted,
];
