import { K8sRule } from '../rule';
import { K8sAutoscaler } from './autoscaler';
import { K8sMinReplicas } from './min-replicas';

/** Rules of the scaling area. @internal */
export const SCALING_RULES: K8sRule[] = [
  K8sMinReplicas,
  K8sAutoscaler,
];
