import { AwsRule } from '../../rule';
import { SecretsManaged } from './secrets-managed';
import { SecretsNoDefaults } from './secrets-no-defaults';
import { SecretsNoPlaintext } from './secrets-no-plaintext';
import { SecretsRotation } from './secrets-rotation';
import { SecretsRotationAlert } from './secrets-rotation-alert';
import { SecretsStrength } from './secrets-strength';

/** Rules of the secrets area. @internal */
export const SECRETS_RULES: AwsRule[] = [
  SecretsManaged,
  SecretsRotation,
  SecretsStrength,
  SecretsNoPlaintext,
  SecretsRotationAlert,
  SecretsNoDefaults,
];
