import { AwsRule } from '../../rule';
import { DeployCanaryRollback } from './deploy-canary-rollback';
import { DeployHealthHooks } from './deploy-health-hooks';
import { DeployProgressive } from './deploy-progressive';
import { DeployZeroDowntime } from './deploy-zero-downtime';
import { ScalingAutoscaling } from './scaling-autoscaling';
import { ScalingMinCapacity } from './scaling-min-capacity';

/** Rules of the deployment area (progressive delivery, rollback, scaling). @internal */
export const DEPLOYMENT_RULES: AwsRule[] = [
  DeployProgressive,
  DeployCanaryRollback,
  DeployHealthHooks,
  DeployZeroDowntime,
  ScalingAutoscaling,
  ScalingMinCapacity,
];
