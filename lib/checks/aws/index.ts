import { AwsRule } from '../rule';
import { ALARMS_RULES } from './alarms';
import { APPCONFIG_RULES } from './appconfig';
import { BACKUP_RULES } from './backup';
import { CACHE_RULES } from './cache';
import { COMPUTE_RULES } from './compute/index';
import { CONFIG_RULES } from './config';
import { DATABASE_RULES } from './database';
import { DEPLOYMENT_RULES } from './deployment';
import { EDGE_RULES } from './edge';
import { IAM_RULES } from './iam';
import { LOGGING_RULES } from './logging';
import { NETWORK_RULES } from './network';
import { OBSERVABILITY_RULES } from './observability';
import { SECRETS_RULES } from './secrets';
import { STORAGE_RULES } from './storage';

/**
 * Every AWS rule, one per file under `lib/checks/aws/<area>/`, listed per area
 * in `<area>/index.ts`.
 * @internal
 */
export const AWS_RULES: AwsRule[] = [
  ...DATABASE_RULES,
  ...BACKUP_RULES,
  ...CACHE_RULES,
  ...SECRETS_RULES,
  ...EDGE_RULES,
  ...ALARMS_RULES,
  ...DEPLOYMENT_RULES,
  ...NETWORK_RULES,
  ...CONFIG_RULES,
  ...LOGGING_RULES,
  ...IAM_RULES,
  ...COMPUTE_RULES,
  ...OBSERVABILITY_RULES,
  ...APPCONFIG_RULES,
  ...STORAGE_RULES,
];
