import { AwsRule } from '../../rule';
import { IamNoWildcardPermissions } from './iam-no-wildcard-permissions';
import { SecretsReadScoped } from './secrets-read-scoped';

/** Rules of the IAM area. @internal */
export const IAM_RULES: AwsRule[] = [
  IamNoWildcardPermissions,
  SecretsReadScoped,
];
