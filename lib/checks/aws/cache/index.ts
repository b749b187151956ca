import { AwsRule } from '../../rule';

/** Rules of the cache area. @internal */
export const CACHE_RULES: AwsRule[] = [
];
