import { AwsRule } from '../../rule';

/** Rules of the config area. @internal */
export const CONFIG_RULES: AwsRule[] = [
];
