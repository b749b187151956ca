import { AwsRule } from '../../rule';

/** Rules of the deployment area. @internal */
export const DEPLOYMENT_RULES: AwsRule[] = [
];
