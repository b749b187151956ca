import { Thresholds } from '../../../checklist/thresholds';
import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { isServiceFunction } from '../../cfn/service-compute';
import { TemplateIndex, Val, V } from '../../template-index';
import { CLASSIC_LB, LB } from '../../cfn/load-balancers';
import { entries } from '../../cfn/lists';
import { PLACED, Zone, subnetsOf, subnetZone, surelyDistinctZones, zoneKey } from '../../cfn/network';

const KEY = 'minAvailabilityZones';
const ASG = 'AWS::AutoScaling::AutoScalingGroup';

/**
 * HA-MULTI-AZ: the load balancer and the compute span >= minAvailabilityZones zones.
 *
 * Decisions: an Auto Scaling group is compute placed by its `VPCZoneIdentifier`
 * subnets (or, without them, its `AvailabilityZones`), judged like an ECS
 * service's subnets: a group in one zone behind a multi-zone load balancer
 * fails; one placed only by its launch template's network interfaces is unknown.
 * Subnets are read in every world (a subnet list behind `Fn::If`,
 * a subnet behind a condition); a subnet of this template counts by its zone,
 * a subnet id from elsewhere is unknown, except for a load balancer, which
 * takes at most one subnet per zone (its subnets from elsewhere count as distinct zones).
 * A Classic Load Balancer counts its `AvailabilityZones` or its subnets.
 * Zones are compared as `zoneKey` (cfn/network.ts) writes them, the one
 * comparison RdsMultiAz and CacheMultiAzFailover use too: zone names by name,
 * `Fn::GetAZs` entries by region and index, zone ids by id; zones written in
 * different forms (`eu-west-1a` and `!Select [0, !GetAZs '']`) may be one
 * zone, so they never add up, and when the count depends on them it is unknown.
 */
export const MultiAz: AwsRule = {
  id: 'MultiAz',
  items: ['HA-MULTI-AZ'],
  types: [LB, CLASSIC_LB, 'AWS::ECS::Service', 'AWS::Lambda::Function', ASG],
  severity: Severity.HIGH,
  description: 'Load balancers, ECS services, Auto Scaling groups and serving VPC Lambda functions are placed in subnets (or zones) of at least minAvailabilityZones availability zones.',
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
    } else if (res.type === ASG) {
      const subnets = index.prop(res, 'VPCZoneIdentifier');
      if (subnets.k === 'absent') {
        const zonesV = index.prop(res, 'AvailabilityZones');
        if (zonesV.k !== 'absent') return judgeZoneList(index, zonesV, thresholds);
        return unknown('Properties.VPCZoneIdentifier', undefined, 'no VPCZoneIdentifier or AvailabilityZones: the instances launch in the subnets of the launch template\'s network interfaces, which the group does not show');
      }
      prop = 'VPCZoneIdentifier';
      found = subnetsOf(index, subnets);
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
    const isLb = res.type === LB || res.type === CLASSIC_LB;
    const known: Array<{ name: string; zone: Zone }> = [];
    const undecided: string[] = [];
    // A load balancer takes at most one subnet per zone, so its subnets from elsewhere are distinct zones.
    const elsewhere = new Set<string>();
    for (const s of found.subnets) {
      const zone = s.res ? subnetZone(index, s.res) : undefined;
      if (zone) known.push({ name: s.name, zone });
      else if (!s.res && isLb) elsewhere.add(s.name);
      else undecided.push(s.name);
    }
    const count = elsewhere.size + surelyDistinctZones(known.map((k) => k.zone));
    if (thresholds.meets(KEY, count)) return pass(p, `${count} zone(s)`, `spans ${count} availability zones (${KEY} ${min})`);
    if (undecided.length > 0) return unknown(p, undecided.join(', '), `zones of subnet(s) ${undecided.join(', ')} are not known at synth; ${count} known zone(s), needs ${min}`);
    const kinds = new Set(known.map((k) => k.zone.kind));
    if (kinds.size > 1) {
      const shown = known.map((k) => `${k.name}: ${k.zone.shown}`).join(', ');
      return unknown(p, shown, `the subnets' zones are written in forms that cannot be compared (${shown}; a zone name may be an entry of Fn::GetAZs or a zone id): whether they span ${min} zones is decided at deploy time`);
    }
    return fail(p, `${count} zone(s)`, `spans ${count} availability zone(s), ${KEY} is ${min}`);
  },
};

/** A Classic Load Balancer's `AvailabilityZones` list. */
function judgeZoneList(index: TemplateIndex, v: Val, thresholds: Thresholds): Verdict {
  const min = thresholds.get(KEY);
  const p = 'Properties.AvailabilityZones';
  const list = entries(index, v);
  if (list === undefined) return unknown(p, v, `availability zones decided at deploy time (${v.k === 'unknown' ? v.why : ''})`);
  const zones: Zone[] = [];
  for (const e of list) {
    const z = zoneKey(index, e.value);
    if (z === undefined || z === PLACED) return unknown(`${p}.${e.position}`, e.value, `availability zone ${V.show(e.value)} decided at deploy time`);
    zones.push(z);
  }
  const count = surelyDistinctZones(zones);
  if (thresholds.meets(KEY, count)) return pass(p, `${count} zone(s)`, `spans ${count} availability zones (${KEY} ${min})`);
  if (new Set(zones.map((z) => z.kind)).size > 1) {
    const shown = zones.map((z) => z.shown).join(', ');
    return unknown(p, shown, `the zones ${shown} are written in forms that cannot be compared (a zone name may be an entry of Fn::GetAZs): whether they are ${min} zones is decided at deploy time`);
  }
  return fail(p, `${count} zone(s)`, `spans ${count} availability zone(s), ${KEY} is ${min}`);
}
