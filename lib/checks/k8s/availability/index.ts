import { K8sRule } from '../rule';
import { K8sPodDisruptionBudget } from './pod-disruption-budget';
import { K8sZoneSpread } from './zone-spread';

/** Rules of the availability area. @internal */
export const AVAILABILITY_RULES: K8sRule[] = [
  K8sZoneSpread,
  K8sPodDisruptionBudget,
];
