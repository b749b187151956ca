import { AwsRule } from '../../rule';

/** Rules of the secrets area. @internal */
export const SECRETS_RULES: AwsRule[] = [
];
