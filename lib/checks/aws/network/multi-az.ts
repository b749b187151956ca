import { Thresholds } from '../../../checklist/thresholds';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { FindingStatus, Severity } from '../../model';
import { isServiceFunction } from '../../cfn/service-compute';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { CLASSIC_LB, LB, pointsAt, targetGroupsTargeting } from '../../cfn/load-balancers';
import { entries, entryPath } from '../../cfn/lists';
import { PLACED, Zone, subnetsOf, subnetZone, surelyDistinctZones, zoneKey } from '../../cfn/network';
import { CountBound, asgInstanceBounds, ecsTaskBounds } from '../../cfn/scaling';
import { Strategy, placement } from '../../cfn/ecs-placement';
import { isPlumbing } from '../../kinds';
import { clusterJoining, clusterNaming } from '../../cfn/user-data';

const KEY = 'minAvailabilityZones';
const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const INSTANCE = 'AWS::EC2::Instance';
const ECS_SERVICE = 'AWS::ECS::Service';
/** The container instance attribute ECS spreads a service's tasks by when no strategy is written. */
const AZ_ATTRIBUTE = 'attribute:ecs.availability-zone';

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
 * An ECS replica service on container instances (EC2 or external: not
 * Fargate, which spreads the tasks over its subnets' zones itself) is placed
 * by ECS: its first placement strategy must spread by
 * `attribute:ecs.availability-zone` (ECS's default for a service when none is
 * written; binpack, spread by instanceId or random replace it and may run
 * every task in one zone: fail); no memberOf constraint of the service or its
 * task definition may keep the tasks to fewer zones (binding: fail; an
 * expression on the zone not read here is unknown); and its container
 * instances must span the zones: the Auto Scaling groups of its capacity
 * providers, or on the EC2 launch type the groups launching the launch
 * templates and configurations that join its cluster (by a reference to it,
 * or `ECS_CLUSTER=<its name>` in user data, the same literal, parameter or
 * pseudo parameters on both sides: `joinsByName`), judged as a group is (a
 * source outside the template, or an instance joining, is unknown). A service
 * without `Cluster` runs in the account's `default` cluster, which instances
 * setting `ECS_CLUSTER=default` join (and those setting none may, if their AMI
 * runs the agent as shipped: ECS_CLUSTER defaults to `default`); a cluster
 * outside the template (the default one, one named by text) may hold instances
 * the template does not show, which can only add zones to ECS's spread: the
 * template's instances pass it when they span the zones, and a fail on them
 * is unknown. The pass names the groups (and the awsvpc subnets). When
 * the launch type is decided at deploy time those fails are unknown. A single
 * EC2 instance runs in one zone: it fails when a target group or Classic Load
 * Balancer of the template sends it traffic, and is unknown otherwise (a
 * bastion or build host is not the service's compute); a NAT instance is
 * network plumbing (`isPlumbing`). An Auto Scaling group and the launch template or
 * configuration it launches are one resource (kinds.ts): one no group
 * launches keeps the item from being satisfied.
 */
export const MultiAz: AwsRule = {
  id: 'MultiAz',
  items: ['HA-MULTI-AZ'],
  types: [LB, CLASSIC_LB, ECS_SERVICE, 'AWS::Lambda::Function', ASG, INSTANCE],
  severity: Severity.HIGH,
  description: 'Load balancers, ECS services, Auto Scaling groups and serving VPC Lambda functions are placed in subnets (or zones) of at least minAvailabilityZones availability zones, and ECS services and Auto Scaling groups never run fewer tasks or instances than that (one copy runs in one zone); an ECS service on container instances is spread by availability zone first, pinned to no fewer zones, on instances that span them; a single EC2 instance that a load balancer sends traffic to fails.',
  fix: 'Use a VPC with maxAzs >= 2 and select subnets in every zone (vpcSubnets: { subnetType, onePerAz: true } or the default selection); run at least as many tasks or instances as zones (desiredCount / minCapacity / minCapacity of the Auto Scaling group >= 2); on EC2 capacity keep ECS\'s default placement or put PlacementStrategy.spreadAcross(BuiltInAttributes.AVAILABILITY_ZONE) first in placementStrategies, and pin no zone with placementConstraints; run instances in an Auto Scaling group, not alone.',
  check(res, { index, thresholds }) {
    if (res.type === INSTANCE) {
      // A NAT instance forwards the subnets' traffic: network plumbing, not the service's compute (kinds.ts).
      const check = index.prop(res, 'SourceDestCheck');
      if (isPlumbing(INSTANCE, { SourceDestCheck: check.k === 'lit' ? check.v : undefined })) return undefined;
      // Only an instance that traffic is sent to is known to be the service's compute; a bastion or a build host is not.
      const lb = servingLoadBalancers(index, res);
      if (lb.length === 0) return unknown('Type', INSTANCE, 'a single EC2 instance runs in one availability zone; no target group or Classic Load Balancer of the template sends it traffic, so whether it serves the service (then the service stops with its zone) or is a helper such as a bastion host is not known');
      return fail('Type', INSTANCE, `a single EC2 instance runs in one availability zone and ${lb.map((r) => r.logicalId).join(', ')} send(s) it traffic: if its zone fails, what it serves stops (run it in an Auto Scaling group across zones)`);
    }
    const replica = res.type === ECS_SERVICE && V.str(index.prop(res, 'SchedulingStrategy')) !== 'DAEMON';
    const copies = res.type === ASG ? judgeCount(asgInstanceBounds(index, res), 'instance', thresholds)
      : replica ? judgeCount(ecsTaskBounds(index, res).flat(), 'task', thresholds)
        : undefined;
    if (copies?.status === FindingStatus.FAIL) return copies;
    const placed = placedIn(res, index, thresholds);
    const spread = replica ? ecsSpread(res, index, thresholds) : undefined;
    const verdicts = [placed, spread].filter((v): v is Verdict => v !== undefined);
    const worst = verdicts.find((v) => v.status === FindingStatus.FAIL) ?? verdicts.find((v) => v.status === FindingStatus.UNKNOWN);
    if (worst) return worst;
    if (verdicts.length > 0 && copies !== undefined) return copies;
    // On container instances, their zones decide where the tasks run; awsvpc subnets only narrow them.
    if (spread && placed) return pass(spread.property, spread.value, `${spread.message}; its awsvpc subnets: ${placed.message}`);
    return spread ?? placed;
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

/**
 * Where ECS may place a replica service's tasks, for a service on container instances (not Fargate, which spreads
 * the tasks over the zones of its subnets itself): its placement strategy must spread by
 * `attribute:ecs.availability-zone` first (ECS's default for a service when none is written), no placement constraint
 * (the service's or its task definition's) may pin the tasks to fewer than minAvailabilityZones zones, and the
 * container instances must span them (`instanceZones`). Undefined on Fargate.
 */
function ecsSpread(res: CfnResource, index: TemplateIndex, thresholds: Thresholds): Verdict | undefined {
  const p = placement(index, index.prop(res, ''), index.prop(res, 'Cluster'), `service ${res.logicalId}`);
  if (p.on === 'fargate') return undefined;
  const onInstances = p.on === 'instances' ? undefined : p.why;
  const strategy = strategyVerdict(index, res, onInstances);
  if (strategy) return strategy;
  const constraint = constraintsVerdict(index, res, thresholds, onInstances);
  if (constraint) return constraint;
  if (p.on === 'unknown') return unknown('Properties.LaunchType', index.prop(res, 'LaunchType'), `${p.why}: on container instances, their zones decide where the tasks run`);
  return instanceZones(index, res, p.strategy, thresholds);
}

/**
 * The service's placement strategy: ECS applies the strategies in order, so the first must spread by availability
 * zone. binpack packs the tasks on the fewest instances, spread by instanceId balances them over instances (however
 * many share a zone), random ignores zones: each may run every task in one zone. `onInstances` (why the service may
 * run on Fargate, which takes no strategy) turns a fail into unknown.
 */
function strategyVerdict(index: TemplateIndex, res: CfnResource, fargateMaybe: string | undefined): Verdict | undefined {
  const path = 'Properties.PlacementStrategies';
  const v = index.prop(res, 'PlacementStrategies');
  const list = entries(index, v);
  if (list === undefined) return unknown(path, v, `placement strategies decided at deploy time (${v.k === 'unknown' ? v.why : ''}): whether ECS spreads the tasks across availability zones is not known`);
  if (list.length === 0) return undefined;
  const first = list[0];
  const type = index.field(first.value, 'Type');
  const field = index.field(first.value, 'Field');
  if (type.k === 'unknown' || (V.str(type)?.toLowerCase() === 'spread' && field.k === 'unknown')) {
    return unknown(`${path}.${Math.max(first.position, 0)}`, first.value, 'the first placement strategy is decided at deploy time: whether ECS spreads the tasks across availability zones is not known');
  }
  const t = V.str(type)?.toLowerCase();
  if (t === 'spread' && V.str(field) === AZ_ATTRIBUTE) return undefined;
  const shown = `${V.show(type)}${field.k !== 'absent' ? ` ${V.show(field)}` : ''}`;
  const why = `ECS places the tasks by the first placement strategy, ${shown}, which does not spread them by ${AZ_ATTRIBUTE} (it replaces ECS's default spread across zones): every task may run in one availability zone`;
  if (fargateMaybe !== undefined) return unknown(`${path}.${Math.max(first.position, 0)}`, first.value, `${why}, if it runs on container instances (${fargateMaybe})`);
  return fail(`${path}.${Math.max(first.position, 0)}`, first.value, `${why}; put { Type: spread, Field: ${AZ_ATTRIBUTE} } first`);
}

/**
 * The memberOf placement constraints of the service and of its task definition (binding, unlike strategies): an
 * expression that keeps the tasks to fewer than minAvailabilityZones zones (`attribute:ecs.availability-zone == z`, or
 * `in [...]` listing fewer, alone or joined by `and`) fails; any other expression on the zone attribute is unknown.
 */
function constraintsVerdict(index: TemplateIndex, res: CfnResource, thresholds: Thresholds, fargateMaybe: string | undefined): Verdict | undefined {
  const min = thresholds.get(KEY);
  const td = index.prop(res, 'TaskDefinition');
  const sources: Array<{ path: string; v: Val; who: string }> = [{ path: 'Properties.PlacementConstraints', v: index.prop(res, 'PlacementConstraints'), who: 'the service' }];
  if (td.k === 'ref' && td.target.type === 'AWS::ECS::TaskDefinition') sources.push({ path: `${td.target.logicalId}.PlacementConstraints`, v: index.prop(td.target, 'PlacementConstraints'), who: `task definition ${td.target.logicalId}` });
  else if (td.k !== 'absent') {
    // A task definition registered outside the template carries placement constraints the template does not show.
    const why = `the task definition ${V.show(td)} is not one of the template's, so its placement constraints (binding, and able to keep every task in one availability zone) are not known`;
    return unknown('Properties.TaskDefinition', td, fargateMaybe !== undefined ? `${why}, if it runs on container instances (${fargateMaybe})` : why);
  }
  for (const src of sources) {
    const list = entries(index, src.v);
    if (list === undefined) return unknown(src.path, src.v, `the placement constraints of ${src.who} are decided at deploy time: whether they keep the tasks in one availability zone is not known`);
    for (const e of list) {
      const at = entryPath(src.path, e);
      const type = index.field(e.value, 'Type');
      const expression = index.field(e.value, 'Expression');
      if (type.k === 'unknown' || expression.k === 'unknown') return unknown(at, e.value, `a placement constraint of ${src.who} is decided at deploy time: whether it keeps the tasks in one availability zone is not known`);
      if (V.str(type) !== 'memberOf') continue;
      const text = V.str(expression);
      if (text === undefined) {
        if (expression.k === 'absent') continue;
        return unknown(at, expression, `the memberOf expression ${V.show(expression)} of ${src.who} is not known at synth: whether it keeps the tasks in one availability zone is not known`);
      }
      const zones = pinnedZones(text);
      if (zones === undefined) continue;
      if (zones === 'open') return unknown(at, text, `the memberOf expression "${text}" of ${src.who} limits the tasks' availability zones in a way the check does not read: whether they span ${min} zones is not known`);
      if (thresholds.meets(KEY, zones)) continue;
      const why = `the memberOf constraint "${text}" of ${src.who} keeps every task in ${zones} availability zone(s) (constraints are binding), ${KEY} is ${min}`;
      return fargateMaybe !== undefined ? unknown(at, text, `${why}, if it runs on container instances (${fargateMaybe})`) : fail(at, text, why);
    }
  }
  return undefined;
}

/**
 * How many zones a memberOf expression keeps the tasks to: undefined when it does not name the zone attribute,
 * `open` when it does in a form not read here (`!=`, `not in`, `or`, parentheses, a pattern).
 */
function pinnedZones(expression: string): number | 'open' | undefined {
  if (!/ecs\.availability-zone/i.test(expression)) return undefined;
  if (/\bor\b|\|\||[()]/i.test(expression)) return 'open';
  let fewest: number | undefined;
  for (const term of expression.split(/\band\b|&&/i)) {
    if (!/ecs\.availability-zone/i.test(term)) continue;
    const m = /^\s*attribute:ecs\.availability-zone\s*(==|\bin\b)\s*(.+?)\s*$/i.exec(term);
    if (!m) return 'open';
    let zones: string[];
    if (m[1] === '==') {
      zones = [m[2]];
    } else {
      const list = /^\[(.*)\]$/.exec(m[2]);
      if (!list) return 'open';
      zones = list[1].split(',').map((z) => z.trim()).filter((z) => z !== '');
    }
    if (zones.some((z) => /[*?]/.test(z))) return 'open';
    const n = new Set(zones).size;
    fewest = fewest === undefined ? n : Math.min(fewest, n);
  }
  return fewest;
}

/**
 * The zones of the container instances ECS places the service's tasks on: the Auto Scaling groups of its capacity
 * providers (`strategy`), or, on the EC2 launch type, of the launch templates and configurations whose user data
 * joins the cluster (by a reference to it, or by its name: `clusterJoining`); each judged as MultiAz judges a group's
 * placement. Instances that may join (`may`), and for a cluster outside the template (the account's default one, one
 * named by text) instances it does not show, can only add zones: they never undo a pass, but leave a fail unknown (and
 * one of the template's not known to span the zones leaves a pass unknown). A single source in too few zones fails; a
 * provider, group or cluster outside the template, an instance joining the cluster, or several sources not all
 * spanning the zones (ECS may use any) is unknown, but for a capacity provider strategy (`taskShares`): a provider
 * with Weight 0 and Base 0 gets no task (ECS: "capacity providers with a weight of 0 can't be used to place tasks"),
 * so its group is not read; the groups that do get tasks, all in zones of one comparable form, fail together when
 * their zones together are fewer than minAvailabilityZones (no Fargate provider getting tasks), and pass together
 * when each surely gets a task (`taskShares`) and their zones are pairwise disjoint, as many groups as
 * minAvailabilityZones: each puts a task in a zone no other does.
 */
function instanceZones(index: TemplateIndex, res: CfnResource, strategy: Strategy | undefined, thresholds: Thresholds): Verdict {
  const groups: CfnResource[] = [];
  const open: string[] = [];
  let path = 'Properties.CapacityProviderStrategy';
  let value: Val = index.prop(res, 'CapacityProviderStrategy');
  let shares: ReturnType<typeof taskShares> | undefined;
  /** Whether a Fargate provider of the strategy may get tasks (they run in the service's subnets' zones). */
  let fargate = false;
  /** Why instances the template does not show may join the cluster (outside the template). */
  let outside: string | undefined;
  /** Instances of the template that may join the cluster (why), and those of them not known to span the zones. */
  const maybe: string[] = [];
  const mayNarrow: string[] = [];
  if (strategy !== undefined) {
    shares = taskShares(index, res, strategy);
    strategy.providers.forEach((p, i) => {
      if (shares!.get(i) === 'none') return;
      if (/^FARGATE(_SPOT)?$/.test(V.str(p) ?? '')) { fargate = true; return; }
      const asg = p.k === 'ref' && p.target.type === 'AWS::ECS::CapacityProvider' ? index.prop(p.target, 'AutoScalingGroupProvider.AutoScalingGroupArn') : undefined;
      if (asg?.k === 'ref' && asg.target.type === ASG) groups.push(asg.target);
      else open.push(p.k === 'ref' ? `the Auto Scaling group of capacity provider ${p.target.logicalId} is not in this template` : `capacity provider ${V.show(p)} is not in this template`);
    });
  } else {
    path = 'Properties.Cluster';
    value = index.prop(res, 'Cluster');
    const cluster = clusterNaming(index, value);
    if (cluster === undefined) {
      open.push(`the service runs on the container instances of cluster ${V.show(value)}, outside this template`);
    } else {
      const { sure, may } = clusterJoining(index, cluster);
      // A cluster outside the template (the account's default one, one named by text) may hold instances it does not show.
      if (!cluster.resource) outside = `cluster ${cluster.shown} may hold container instances this template does not show`;
      if (sure.length === 0) open.push(`no launch template, launch configuration or instance of the template ${cluster.resource ? '' : 'surely '}joins cluster ${cluster.shown}: its container instances come from elsewhere`);
      for (const j of sure) {
        if (j.type === INSTANCE) { open.push(`instance ${j.logicalId} joins cluster ${cluster.shown}`); continue; }
        const launching = index.referrers(j, ASG);
        if (launching.length === 0) open.push(`${j.logicalId} joins cluster ${cluster.shown} but no Auto Scaling group of the template launches it`);
        groups.push(...launching);
      }
      // Instances that may join add zones to those ECS spreads the tasks over, or none: they never undo a pass, but
      // one not known to span the zones leaves a fail open.
      for (const m of may) {
        const launching = m.res.type === INSTANCE ? [] : index.referrers(m.res, ASG);
        const spanning = launching.filter((g) => placedIn(g, index, thresholds)?.status === FindingStatus.PASS);
        maybe.push(m.res.type === INSTANCE ? `instance ${m.res.logicalId} may join it, in one availability zone (${m.why})` : `${m.why}`);
        if (launching.length > 0 && spanning.length === launching.length) continue;
        mayNarrow.push(maybe[maybe.length - 1]);
      }
    }
  }
  const judged = [...new Set(groups)].map((g) => ({ g, verdict: placedIn(g, index, thresholds) }));
  const bad = judged.filter((j) => j.verdict === undefined || j.verdict.status !== FindingStatus.PASS);
  if (open.length === 0 && bad.length === 0 && judged.length > 0 && mayNarrow.length === 0) {
    const more = [...(outside ? [outside] : []), ...maybe];
    return pass(path, judged.map((j) => j.g.logicalId).join(', '), `ECS spreads the tasks across the zones of the container instances of Auto Scaling group(s) ${judged.map((j) => `${j.g.logicalId} (${j.verdict!.message})`).join(', ')}${more.length > 0 ? `; other instances can only add zones (${more.join('; ')})` : ''}`);
  }
  if (open.length === 0 && judged.length === 1 && bad[0]?.verdict?.status === FindingStatus.FAIL) {
    const more = [...(outside ? [outside] : []), ...maybe];
    if (more.length === 0) return fail(path, value, `the tasks run on the container instances of Auto Scaling group ${bad[0].g.logicalId}, which ${bad[0].verdict.message}: one zone's failure stops the service`);
    return unknown(path, value, `the tasks run on the container instances of Auto Scaling group ${bad[0].g.logicalId}, which ${bad[0].verdict.message}, and on any other instances joining the cluster, which may be in other zones: ${more.join('; ')}`);
  }
  if (strategy !== undefined && open.length === 0 && judged.length > 1) {
    const together = unionVerdict(index, judged.map((j) => j.g), strategy, shares!, fargate, thresholds, path, value);
    if (together) return together;
  }
  const why = [...open, ...bad.map((b) => `Auto Scaling group ${b.g.logicalId}: ${b.verdict?.message ?? 'placement not read'}`), ...maybe];
  return unknown(path, value, `the zones of the service's container instances are not known: ${why.join('; ')}`);
}

/**
 * Which providers of a capacity provider strategy get tasks, by index: `none` (Weight 0 and Base 0: ECS places no
 * task with it, "capacity providers with a weight of 0 can't be used to place tasks"), `sure` (it gets at least one
 * task whenever the service runs its fewest tasks: a Base of 1 or more, which ECS places first, or a Weight whose
 * share of the tasks beyond the Base, rounded down, is at least one), `may` otherwise (a share that may round to no
 * task, a Weight or Base decided at deploy time, a task count decided at deploy time).
 */
function taskShares(index: TemplateIndex, svc: CfnResource, strategy: Strategy): Map<number, 'none' | 'sure' | 'may'> {
  const num = (v: Val): number | undefined => (v.k === 'absent' ? 0 : v.k === 'lit' && typeof v.v === 'number' ? v.v : v.k === 'lit' && typeof v.v === 'string' && /^\d+$/.test(v.v) ? Number(v.v) : undefined);
  const read = strategy.shares.map((s) => ({ weight: num(s.weight), base: num(s.base) }));
  const bounds = ecsTaskBounds(index, svc).flat();
  const fewest = bounds.some((b) => b.n === undefined) ? undefined : Math.min(...bounds.map((b) => b.n!));
  const totalWeight = read.every((r) => r.weight !== undefined) ? read.reduce((a, r) => a + r.weight!, 0) : undefined;
  const totalBase = read.every((r) => r.base !== undefined) ? read.reduce((a, r) => a + r.base!, 0) : undefined;
  const out = new Map<number, 'none' | 'sure' | 'may'>();
  read.forEach((r, i) => {
    if (r.weight === 0 && r.base === 0) out.set(i, 'none');
    else if (fewest !== undefined && fewest >= 1 && r.base !== undefined && r.base >= 1) out.set(i, 'sure');
    else if (fewest !== undefined && totalWeight !== undefined && totalWeight > 0 && totalBase !== undefined && r.weight !== undefined
      && Math.floor(Math.max(0, fewest - totalBase) * r.weight / totalWeight) >= 1) out.set(i, 'sure');
    else out.set(i, 'may');
  });
  return out;
}

/**
 * The zones of an Auto Scaling group's instances, as written: its subnets' zones or its AvailabilityZones; undefined
 * when one is not known (a subnet from elsewhere, a value decided at deploy time).
 */
function groupZones(index: TemplateIndex, g: CfnResource): Zone[] | undefined {
  const subnets = index.prop(g, 'VPCZoneIdentifier');
  const out: Zone[] = [];
  if (subnets.k === 'absent') {
    const zv = index.prop(g, 'AvailabilityZones');
    const list = zv.k === 'absent' ? undefined : entries(index, zv);
    if (list === undefined) return undefined;
    for (const e of list) {
      const z = zoneKey(index, e.value);
      if (z === undefined || z === PLACED) return undefined;
      out.push(z);
    }
    return out;
  }
  const found = subnetsOf(index, subnets);
  if ('absent' in found || 'unknown' in found) return undefined;
  for (const s of found.subnets) {
    const z = s.res ? subnetZone(index, s.res) : undefined;
    if (!z) return undefined;
    out.push(z);
  }
  return out;
}

/**
 * Several capacity-provider groups judged together (`instanceZones`): fail when their zones together are fewer than
 * minAvailabilityZones and no Fargate provider gets tasks; pass when each surely gets a task and their zones are
 * pairwise disjoint, at least minAvailabilityZones groups; undefined otherwise (the caller's unknown stands). Zones
 * of different forms (names, ids, `Fn::GetAZs` entries) are never compared.
 */
function unionVerdict(index: TemplateIndex, groups: CfnResource[], strategy: Strategy, shares: Map<number, 'none' | 'sure' | 'may'>, fargate: boolean,
  thresholds: Thresholds, path: string, value: Val): Verdict | undefined {
  const min = thresholds.get(KEY);
  const zones = groups.map((g) => ({ g, z: groupZones(index, g) }));
  if (zones.some((x) => x.z === undefined)) return undefined;
  const all = zones.flatMap((x) => x.z!);
  if (new Set(all.map((z) => z.kind)).size > 1) return undefined;
  const shown = zones.map((x) => `${x.g.logicalId} (${[...new Set(x.z!.map((z) => z.shown))].join(', ')})`).join(', ');
  const count = surelyDistinctZones(all);
  if (!thresholds.meets(KEY, count)) {
    if (fargate) return undefined;
    return fail(path, value, `the tasks run on the container instances of Auto Scaling groups ${shown}, ${count} availability zone(s) together, ${KEY} is ${min}: one zone's failure stops the service`);
  }
  // Each group's index in the strategy, for its share (a group may back several providers: any sure one counts).
  const sure = (g: CfnResource) => strategy.providers.some((p, i) => shares.get(i) === 'sure' && p.k === 'ref' && p.target.type === 'AWS::ECS::CapacityProvider'
    && (() => { const a = index.prop(p.target, 'AutoScalingGroupProvider.AutoScalingGroupArn'); return a.k === 'ref' && a.target === g; })());
  if (!groups.every(sure) || !thresholds.meets(KEY, groups.length)) return undefined;
  const keys = zones.map((x) => new Set(x.z!.map((z) => z.key)));
  const disjoint = keys.every((a, i) => keys.every((b, j) => j <= i || [...a].every((k) => !b.has(k))));
  if (!disjoint) return undefined;
  return pass(path, groups.map((g) => g.logicalId).join(', '), `the capacity provider strategy places tasks on each of Auto Scaling groups ${shown}, whose zones do not overlap: the tasks span ${groups.length} availability zones at least (${KEY} ${min})`);
}

/** The target groups that list the instance among their `Targets` and the Classic Load Balancers that list it in `Instances`. */
function servingLoadBalancers(index: TemplateIndex, instance: CfnResource): CfnResource[] {
  const groups = targetGroupsTargeting(index, instance);
  const classic = index.referrers(instance, CLASSIC_LB).filter((lb) => (index.items(index.prop(lb, 'Instances')) ?? []).some((i) => pointsAt(i, instance)));
  return [...groups, ...classic];
}
