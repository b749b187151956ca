import { AwsRule } from '../../rule';
import { KmsKeyRotation } from './kms-key-rotation';

/** Rules of the backup area. @internal */
export const BACKUP_RULES: AwsRule[] = [
  KmsKeyRotation,
];
