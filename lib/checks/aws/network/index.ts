import { AwsRule } from '../../rule';

/** Rules of the network area. @internal */
export const NETWORK_RULES: AwsRule[] = [
];
