import { AwsRule } from '../../rule';
import { AlarmHasAction } from './alarm-has-action';

/** Rules of the alarms area. @internal */
export const ALARMS_RULES: AwsRule[] = [
  AlarmHasAction,
];
