import { K8sRule } from '../rule';
import { K8sRecommendedLabels } from './labels';
import { K8sResources } from './resources';

/** Rules of the workloads area. @internal */
export const WORKLOADS_RULES: K8sRule[] = [
  K8sResources,
  K8sRecommendedLabels,
];
