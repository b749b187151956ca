import { Thresholds } from '../../../checklist/thresholds';
import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { isServiceFunction } from '../../cfn/service-compute';
import { TemplateIndex, Val, V } from '../../template-index';
import { CLASSIC_LB, LB } from '../../cfn/load-balancers';
import { entries } from '../../cfn/lists';
import { subnetsOf, zoneOf } from '../../cfn/network';

const KEY = 'minAvailabilityZones';

/**
 * HA-MULTI-AZ: the load balancer and the compute span >= minAvailabilityZones zones.
 *
 * Decisions: subnets are read in every world (a subnet list behind `Fn::If`,
 * a subnet behind a condition); a subnet of this template counts by its zone,
 * a subnet id from elsewhere is unknown, except for a load balancer, which
 * takes at most one subnet per zone. A Classic Load Balancer counts its
 * `AvailabilityZones` or its subnets.
 */
export const MultiAz: AwsRule = {
  id: 'MultiAz',
  items: ['HA-MULTI-AZ'],
  types: [LB, CLASSIC_LB, 'AWS::ECS::Service', 'AWS::Lambda::Function'],
  severity: Severity.HIGH,
  description: 'Load balancers, ECS services and serving VPC Lambda functions are placed in subnets of at least minAvailabilityZones availability zones.',
  fix: 'Use a VPC with maxAzs >= 2 and select subnets in every zone (vpcSubnets: { subnetType, onePerAz: true } or the default selection).',
  check(res, { index, thresholds }) {
    const min = thresholds.get(KEY);
    let prop: string;
    let found: ReturnType<typeof subnetsOf>;
    if (res.type === LB || res.type === CLASSIC_LB) {
      const mappings = index.prop(res, 'SubnetMappings');
      const zonesV = index.prop(res, 'AvailabilityZones');
      if (res.type === LB && mappings.k !== 'absent') {
        prop = 'SubnetMappings';
        found = subnetsOf(index, mappings, 'SubnetId');
      } else if (res.type === CLASSIC_LB && zonesV.k !== 'absent' && index.prop(res, 'Subnets').k === 'absent') {
        return judgeZoneList(index, zonesV, thresholds);
      } else {
        prop = 'Subnets';
        found = subnetsOf(index, index.prop(res, prop));
      }
    } else if (res.type === 'AWS::ECS::Service') {
      prop = 'NetworkConfiguration.AwsvpcConfiguration.Subnets';
      found = subnetsOf(index, index.prop(res, prop));
      if ('absent' in found) return undefined;
    } else {
      if (!isServiceFunction(res, index)) return undefined;
      prop = 'VpcConfig.SubnetIds';
      const list = index.prop(res, prop);
      if (list.k === 'absent') return pass('Properties.VpcConfig', list, 'Lambda outside a VPC runs in every availability zone of the region');
      found = subnetsOf(index, list);
    }
    const p = `Properties.${prop}`;
    if ('absent' in found) return fail(p, undefined, 'no subnets');
    if ('unknown' in found) return unknown(p, undefined, `subnets decided at deploy time (${found.unknown})`);
    const zones = new Set<string>();
    const undecided: string[] = [];
    for (const s of found.subnets) {
      if (!s.res) {
        // A load balancer takes at most one subnet per zone, so distinct subnets are distinct zones.
        if (res.type === LB || res.type === CLASSIC_LB) zones.add(`subnet:${s.name}`);
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

/** A Classic Load Balancer's `AvailabilityZones` list. */
function judgeZoneList(index: TemplateIndex, v: Val, thresholds: Thresholds): Verdict {
  const min = thresholds.get(KEY);
  const p = 'Properties.AvailabilityZones';
  const list = entries(index, v);
  if (list === undefined) return unknown(p, v, `availability zones decided at deploy time (${v.k === 'unknown' ? v.why : ''})`);
  const zones = new Set<string>();
  for (const e of list) {
    const z = e.value;
    if (z.k === 'lit' && V.str(z) !== undefined) zones.add(V.str(z)!);
    else if (z.k === 'expr' && z.refs.length === 0) zones.add(z.text);
    else return unknown(`${p}.${e.position}`, z, `availability zone ${V.show(z)} decided at deploy time`);
  }
  if (thresholds.meets(KEY, zones.size)) return pass(p, `${zones.size} zone(s)`, `spans ${zones.size} availability zones (${KEY} ${min})`);
  return fail(p, `${zones.size} zone(s)`, `spans ${zones.size} availability zone(s), ${KEY} is ${min}`);
}
