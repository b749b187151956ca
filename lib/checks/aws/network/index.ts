import { AwsRule } from '../../rule';
import { MultiAz } from './multi-az';
import { PrivateSubnets } from './private-subnets';
import { SecurityGroupRestrictedIngress } from './restricted-ingress';
import { VpcFlowLogs } from './vpc-flow-logs';

/** Rules of the network area: flow logs, private placement, ingress, availability zones. @internal */
export const NETWORK_RULES: AwsRule[] = [
  VpcFlowLogs,
  PrivateSubnets,
  SecurityGroupRestrictedIngress,
  MultiAz,
];
