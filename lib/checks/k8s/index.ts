import { AVAILABILITY_RULES } from './availability';
import { DEPLOYMENT_RULES } from './deployment';
import { EDGE_RULES } from './edge';
import { HEALTH_RULES } from './health';
import { NETWORK_RULES } from './network';
import { K8sRule } from './rule';
import { SCALING_RULES } from './scaling';
import { SECRETS_RULES } from './secrets';
import { SECURITY_RULES } from './security';
import { WORKLOADS_RULES } from './workloads';

/**
 * Every Kubernetes rule, one per file under `lib/checks/k8s/<area>/`, listed
 * per area in `<area>/index.ts`.
 * @internal
 */
export const K8S_RULES: K8sRule[] = [
  ...SCALING_RULES,
  ...HEALTH_RULES,
  ...DEPLOYMENT_RULES,
  ...AVAILABILITY_RULES,
  ...SECURITY_RULES,
  ...WORKLOADS_RULES,
  ...SECRETS_RULES,
  ...NETWORK_RULES,
  ...EDGE_RULES,
];
