import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { isServiceFunction } from '../../cfn/service-compute';
import { Val } from '../../template-index';
import { subnetsOf, zoneOf } from '../../cfn/network';

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const KEY = 'minAvailabilityZones';

/** HA-MULTI-AZ: the load balancer and the compute span >= minAvailabilityZones zones. */
export const MultiAz: AwsRule = {
  id: 'MultiAz',
  items: ['HA-MULTI-AZ'],
  types: [LB, 'AWS::ECS::Service', 'AWS::Lambda::Function'],
  severity: Severity.HIGH,
  description: 'Load balancers, ECS services and serving VPC Lambda functions are placed in subnets of at least minAvailabilityZones availability zones.',
  fix: 'Use a VPC with maxAzs >= 2 and select subnets in every zone (vpcSubnets: { subnetType, onePerAz: true } or the default selection).',
  fsbp: ['ELB.13'],
  check(res, { index, thresholds }) {
    const min = thresholds.get(KEY);
    let prop: string;
    let list: Val;
    if (res.type === LB) {
      const mappings = index.prop(res, 'SubnetMappings');
      if (mappings.k !== 'absent') {
        prop = 'SubnetMappings';
        list = mappings.k === 'lit' && Array.isArray(mappings.v) ? { k: 'lit', v: mappings.v.map((m: { SubnetId?: unknown }) => m?.SubnetId) } : mappings;
      } else {
        prop = 'Subnets';
        list = index.prop(res, prop);
      }
    } else if (res.type === 'AWS::ECS::Service') {
      prop = 'NetworkConfiguration.AwsvpcConfiguration.Subnets';
      list = index.prop(res, prop);
      if (list.k === 'absent') return undefined;
    } else {
      if (!isServiceFunction(res, index)) return undefined;
      prop = 'VpcConfig.SubnetIds';
      list = index.prop(res, prop);
      if (list.k === 'absent') return pass('Properties.VpcConfig', list, 'Lambda outside a VPC runs in every availability zone of the region');
    }
    const p = `Properties.${prop}`;
    const found = subnetsOf(index, list);
    if ('absent' in found) return fail(p, list, 'no subnets');
    if ('unknown' in found) return unknown(p, list, `subnets decided at deploy time (${found.unknown})`);
    const zones = new Set<string>();
    const undecided: string[] = [];
    for (const s of found.subnets) {
      if (!s.res) {
        // A load balancer takes at most one subnet per zone, so distinct subnets are distinct zones.
        if (res.type === LB) zones.add(`subnet:${s.name}`);
        else undecided.push(s.name);
        continue;
      }
      const z = zoneOf(index, s.res);
      if (z === undefined) undecided.push(s.name);
      else zones.add(z);
    }
    if (thresholds.meets(KEY, zones.size)) return pass(p, `${zones.size} zone(s)`, `spans ${zones.size} availability zones (${KEY} ${min})`);
    if (undecided.length > 0) return unknown(p, undecided.join(', '), `zones of subnet(s) ${undecided.join(', ')} are not known at synth; ${zones.size} known zone(s), needs ${min}`);
    return fail(p, `${zones.size} zone(s)`, `spans ${zones.size} availability zone(s), ${KEY} is ${min}`);
  },
};
