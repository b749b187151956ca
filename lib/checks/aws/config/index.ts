import { AwsRule } from '../../rule';
import { ConfigDebugOff } from './config-debug-off';
import { ConfigEnvironmentProduction } from './config-environment-production';
import { ConfigLogLevel } from './config-log-level';
import { ConfigNoMocks } from './config-no-mocks';

/** Rules of the config area. @internal */
export const CONFIG_RULES: AwsRule[] = [
  ConfigEnvironmentProduction,
  ConfigDebugOff,
  ConfigLogLevel,
  ConfigNoMocks,
];
