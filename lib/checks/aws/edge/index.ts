import { AwsRule } from '../../rule';

/** Rules of the edge area. @internal */
export const EDGE_RULES: AwsRule[] = [
];
