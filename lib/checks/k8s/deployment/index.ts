import { K8sRule } from '../rule';
import { K8sCanaryAnalysis } from './canary-analysis';
import { K8sProgressiveRollout } from './progressive-rollout';
import { K8sZeroDowntimeUpdate } from './zero-downtime';

/** Rules of the deployment area. @internal */
export const DEPLOYMENT_RULES: K8sRule[] = [
  K8sZeroDowntimeUpdate,
  K8sProgressiveRollout,
  K8sCanaryAnalysis,
];
