import { K8sRule } from './rule';

/**
 * Every Kubernetes rule, one per file under `lib/checks/k8s/<area>/`.
 * @internal
 */
export const K8S_RULES: K8sRule[] = [
];
