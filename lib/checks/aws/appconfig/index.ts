import { AwsRule } from '../../rule';
import { CognitoMfaRequired } from './cognito-mfa-required';
import { CognitoPasswordPolicy } from './cognito-password-policy';
import { ConfigDeclaredInStack } from './config-declared-in-stack';
import { ConfigEndpointsFromStack } from './config-endpoints-from-stack';
import { ConfigFeatureFlagsExplicit } from './config-feature-flags-explicit';
import { ConfigNoPlaceholders } from './config-no-placeholders';
import { ConfigSessionLimits } from './config-session-limits';

/** Rules of the application-configuration area (settings, credentials, authentication). @internal */
export const APPCONFIG_RULES: AwsRule[] = [
  ConfigNoPlaceholders,
  ConfigEndpointsFromStack,
  ConfigFeatureFlagsExplicit,
  ConfigSessionLimits,
  ConfigDeclaredInStack,
  CognitoMfaRequired,
  CognitoPasswordPolicy,
];
