import { AwsRule } from '../rule';
import { ALARMS_RULES } from './alarms';
import { BACKUP_RULES } from './backup';
import { CACHE_RULES } from './cache';
import { CONFIG_RULES } from './config';
import { DATABASE_RULES } from './database';
import { DEPLOYMENT_RULES } from './deployment';
import { EDGE_RULES } from './edge';
import { LOGGING_RULES } from './logging';
import { NETWORK_RULES } from './network';
import { SECRETS_RULES } from './secrets';

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
];
