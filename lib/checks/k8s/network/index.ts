import { K8sRule } from '../rule';
import { K8sNetworkPolicy } from './network-policy';

/** Rules of the network area. @internal */
export const NETWORK_RULES: K8sRule[] = [
  K8sNetworkPolicy,
];
