import { K8sRule } from '../rule';
import { K8sPinnedImage } from './pinned-image';
import { K8sSecurityContext } from './security-context';
import { K8sServiceAccountToken } from './service-account-token';

/** Rules of the security area. @internal */
export const SECURITY_RULES: K8sRule[] = [
  K8sSecurityContext,
  K8sServiceAccountToken,
  K8sPinnedImage,
];
