import { AwsRule } from '../../rule';

/** Rules of the logging area. @internal */
export const LOGGING_RULES: AwsRule[] = [
];
