import { Thresholds } from '../../../checklist/thresholds';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { FindingStatus, Severity } from '../../model';
import { isServiceFunction } from '../../cfn/service-compute';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { CLASSIC_LB, LB } from '../../cfn/load-balancers';
import { entries } from '../../cfn/lists';
import { PLACED, Zone, subnetsOf, subnetZone, surelyDistinctZones, zoneKey } from '../../cfn/network';
import { CountBound, asgInstanceBounds, ecsTaskBounds } from '../../cfn/scaling';

const KEY = 'minAvailabilityZones';
const ASG = 'AWS::AutoScaling::AutoScalingGroup';

/**
 * HA-MULTI-AZ: the load balancer and the compute span >= minAvailabilityZones zones.
 *
 * Decisions: the item asks that the service keep running when a zone fails, so
 * the compute must run at least as many copies as zones, whatever subnets it may
 * use: an ECS service (not DAEMON) that may run fewer tasks than
 * minAvailabilityZones fails, naming the count, counted as SCALING-MIN-CAPACITY
 * counts them (`ecsTaskBounds`: DesiredCount, 1 when absent, for a service that
 * is not autoscaled; the MinCapacity of its Application Auto Scaling target and
 * of its scheduled actions otherwise); an Auto Scaling group fails when its
 * MaxSize, the DesiredCapacity it keeps (MinSize when absent) while nothing of
 * the template scales it, or, once a scaling policy or scheduled action names
 * it, its MinSize or a scheduled action's size is below minAvailabilityZones
 * (`asgInstanceBounds`). A count decided at deploy time (a parameter, a
 * condition) leaves a pass unknown. SCALING-MIN-CAPACITY asks for minReplicas
 * (3 by default) of the same count: the two items read one number and never disagree on
 * it. A function's copies are Lambda's (it runs in every zone of its subnets).
 * An Auto Scaling group is compute placed by its `VPCZoneIdentifier`
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
  description: 'Load balancers, ECS services, Auto Scaling groups and serving VPC Lambda functions are placed in subnets (or zones) of at least minAvailabilityZones availability zones, and ECS services and Auto Scaling groups never run fewer tasks or instances than that (one copy runs in one zone).',
  fix: 'Use a VPC with maxAzs >= 2 and select subnets in every zone (vpcSubnets: { subnetType, onePerAz: true } or the default selection); run at least as many tasks or instances as zones (desiredCount / minCapacity / minCapacity of the Auto Scaling group >= 2).',
  check(res, { index, thresholds }) {
    const copies = res.type === ASG ? judgeCount(asgInstanceBounds(index, res), 'instance', thresholds)
      : res.type === 'AWS::ECS::Service' && V.str(index.prop(res, 'SchedulingStrategy')) !== 'DAEMON' ? judgeCount(ecsTaskBounds(index, res).flat(), 'task', thresholds)
        : undefined;
    if (copies?.status === FindingStatus.FAIL) return copies;
    const placed = placedIn(res, index, thresholds);
    return placed?.status === FindingStatus.PASS && copies !== undefined ? copies : placed;
  },
};

/** Whether the subnets (or zones) the resource is placed in span minAvailabilityZones zones. */
function placedIn(res: CfnResource, index: TemplateIndex, thresholds: Thresholds): Verdict | undefined {
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
}

/**
 * Whether the service runs enough copies to span minAvailabilityZones zones: a bound below it fails (one task or
 * instance runs in one zone, whatever subnets it may use), else a bound decided at deploy time is unknown;
 * undefined when every bound allows as many copies as zones.
 */
function judgeCount(bounds: CountBound[], copy: string, thresholds: Thresholds): Verdict | undefined {
  const min = thresholds.get(KEY);
  for (const b of bounds) {
    if (b.n !== undefined && thresholds.meets(KEY, b.n)) continue;
    if (b.unknown !== undefined) continue;
    const shown = b.n ?? V.show(b.value);
    const s = b.source;
    const why = s.k === 'desired' ? `the service runs ${shown} ${copy}(s) (DesiredCount${b.value.k === 'absent' ? ' absent: 1' : ''}) and is not autoscaled`
      : s.k === 'target' ? `the service may scale in to ${shown} ${copy}(s) (${b.path})`
        : s.k === 'scheduled' ? `scheduled action ${s.action} sets ${s.bound} ${shown}: the service may run ${shown} ${copy}(s)`
          : s.k !== 'group' ? `${copy} count ${shown}`
            : s.bound === 'MaxSize' ? `the group runs at most ${shown} ${copy}(s) (MaxSize)`
              : s.bound === 'DesiredCapacity' ? `the group runs ${shown} ${copy}(s) (DesiredCapacity, and no scaling policy or scheduled action of the template changes it)`
                : `the group may run ${shown} ${copy}(s) (MinSize, the floor it keeps or its scaling may reach)`;
    return fail(b.path, b.value, `${why}: ${shown} ${copy}(s) cannot run in ${min} availability zones (${KEY} ${min}); if its zone fails the service stops`);
  }
  const open = bounds.find((b) => b.unknown !== undefined);
  if (open) return unknown(open.path, open.value, `how many ${copy}s run is decided at deploy time (${open.unknown}): fewer than ${min} cannot span ${min} availability zones`);
  return undefined;
}

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
