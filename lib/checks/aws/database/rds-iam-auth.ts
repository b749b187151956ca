import { Severity } from '../../model';
import { AwsRule, requireTrue } from '../../rule';
import { DB_TYPES, judged } from '../../cfn/databases';

/**
 * DB-IAM-AUTH: IAM database authentication is enabled, on the cluster or the
 * standalone instance (members of a cluster are judged through it).
 */
export const RdsIamAuth: AwsRule = {
  id: 'RdsIamAuth',
  items: ['DB-IAM-AUTH'],
  types: DB_TYPES,
  severity: Severity.MEDIUM,
  description: 'IAM database authentication is enabled.',
  fix: 'Set EnableIAMDatabaseAuthentication: true (iamAuthentication: true).',
  check(res, ctx) {
    if (!judged(res, ctx.index)) return undefined;
    return requireTrue(ctx, res, 'EnableIAMDatabaseAuthentication', 'IAM database authentication');
  },
};
