import { K8sRule } from '../rule';
import { K8sHealthProbes } from './health-probes';
import { K8sStartupProbe } from './startup-probe';

/** Rules of the health area. @internal */
export const HEALTH_RULES: K8sRule[] = [
  K8sHealthProbes,
  K8sStartupProbe,
];
