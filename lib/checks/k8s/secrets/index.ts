import { K8sRule } from '../rule';
import { K8sSecretEnv } from './secret-env';
import { K8sSecretManifestData } from './secret-manifest';
import { K8sSecretReferences } from './secret-references';

/** Rules of the secrets area. @internal */
export const SECRETS_RULES: K8sRule[] = [
  K8sSecretEnv,
  K8sSecretManifestData,
  K8sSecretReferences,
];
