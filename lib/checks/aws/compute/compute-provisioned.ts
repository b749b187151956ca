import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { placement, unassociated } from '../../cfn/ecs-placement';
import { clusterJoining, clusterNaming } from '../../cfn/user-data';
import { isServiceFunction } from '../../cfn/service-compute';
import { ecsScalableTargets } from '../../cfn/scaling';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const INSTANCE = 'AWS::EC2::Instance';

/** Whether some source can start an EC2 instance: `yes`, `no` (why not) or `unknown` (what decides it). */
type Room = { yes: true } | { no: string } | { unknown: string };
const YES: Room = { yes: true };

/** Combines sources: yes when one can start instances, no when none can, else unknown. */
function anyRoom(rooms: Room[], none: string): Room {
  if (rooms.some((r) => 'yes' in r)) return YES;
  const open = rooms.find((r): r is { unknown: string } => 'unknown' in r);
  if (open) return open;
  return { no: rooms.length > 0 ? rooms.map((r) => (r as { no: string }).no).join('; ') : none };
}

/** An Auto Scaling group of the template starts instances only with a MaxSize above 0. */
function asgRoom(index: TemplateIndex, asg: CfnResource): Room {
  const max = index.prop(asg, 'MaxSize');
  if (max.k === 'unknown') return { unknown: `the MaxSize of Auto Scaling group ${asg.logicalId} is decided at deploy time (${max.why})` };
  const n = V.num(max);
  return n !== undefined && n <= 0 ? { no: `Auto Scaling group ${asg.logicalId} has MaxSize ${n}` } : YES;
}

/** A capacity provider of a strategy or an association: Fargate always has room; an ASG provider of the template has its group's. */
function providerRoom(index: TemplateIndex, p: Val): Room {
  const name = V.str(p);
  if (name !== undefined && /^FARGATE(_SPOT)?$/.test(name)) return YES;
  if (p.k !== 'ref' || p.target.type !== 'AWS::ECS::CapacityProvider') return { unknown: `capacity provider ${V.show(p)} is not in this template` };
  const asg = index.prop(p.target, 'AutoScalingGroupProvider.AutoScalingGroupArn');
  if (asg.k === 'ref' && asg.target.type === ASG) return asgRoom(index, asg.target);
  return { unknown: `the Auto Scaling group of capacity provider ${p.target.logicalId} is not in this template` };
}

/**
 * A launch template or launch configuration starts instances only when something launches it: an instance, or an
 * Auto Scaling group with room. Launched by nothing in the template and exported nowhere, it starts none.
 */
function launcherRoom(index: TemplateIndex, launcher: CfnResource): Room {
  const users = index.referrers(launcher);
  if (users.some((u) => u.type === INSTANCE)) return YES;
  const others = users.filter((u) => u.type !== ASG && u.type !== 'AWS::EC2::LaunchTemplate');
  const exported = index.exportsReferring(launcher);
  const rooms = users.filter((u) => u.type === ASG).map((g) => asgRoom(index, g));
  if (others.length > 0 || exported.length > 0) rooms.push({ unknown: `${launcher.logicalId} is also used by ${[...others.map((o) => `${o.logicalId} (${o.type})`), ...exported.map((e) => `output ${e}`)].join(', ')}` });
  return anyRoom(rooms, `${launcher.logicalId} is launched by no Auto Scaling group or instance`);
}

/** Whether the associations' capacity providers of a cluster start instances. */
function associationRoom(index: TemplateIndex, association: CfnResource): Room {
  const list = index.items(index.prop(association, 'CapacityProviders'));
  if (list === undefined) return { unknown: `the capacity providers of ${association.logicalId} are decided at deploy time` };
  // Fargate providers start no container instance for an EC2 launch.
  const asgProviders = list.filter((p) => !/^FARGATE(_SPOT)?$/.test(V.str(p) ?? ''));
  return anyRoom(asgProviders.map((p) => providerRoom(index, p)), `${association.logicalId} associates only Fargate providers`);
}

/**
 * Whether the tasks of an EC2-launched service have somewhere to run: a
 * capacity provider associated with its cluster, or instances (launch
 * template, launch configuration, instance) whose user data joins the cluster
 * (by a reference to it or its name: `clusterJoining`), and for each an Auto
 * Scaling group that can start an instance (MaxSize above 0) or an instance.
 * Undefined when they do; unknown when instances may join it (a name on one
 * side only, user data computed at deploy time, no ECS_CLUSTER for the
 * default cluster), for a cluster outside the template (the account's default
 * cluster when the service sets none, one named by text) that no instance of
 * the template surely joins, or a group size decided at deploy time. `how` says
 * why it launches on EC2 (the LaunchType, or ECS's fallback).
 */
function ec2Capacity(index: TemplateIndex, svc: CfnResource, how: string): Verdict | undefined {
  const c = index.prop(svc, 'Cluster');
  const cluster = clusterNaming(index, c);
  if (cluster === undefined) {
    // A cluster from elsewhere, by a name the template does not show: whether it has container instances cannot be seen.
    return unknown('Properties.Cluster', c, `${how}, in a cluster outside this template: whether the cluster has container instances cannot be seen`);
  }
  const { sure, may } = clusterJoining(index, cluster, ['AWS::ECS::ClusterCapacityProviderAssociations', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', INSTANCE]);
  const room = anyRoom(sure.map((j) => (j.type === INSTANCE ? YES : j.type === 'AWS::ECS::ClusterCapacityProviderAssociations' ? associationRoom(index, j) : launcherRoom(index, j))), '');
  if (sure.length > 0 && 'yes' in room) return undefined;
  // Instances that may join it, and for a cluster outside the template instances the template does not show, may provide it.
  const others = [...may.map((m) => m.why), ...(cluster.resource ? [] : [`cluster ${cluster.shown} may have container instances this template does not show`])];
  if (others.length > 0 || 'unknown' in room) {
    const why = [...('unknown' in room ? [room.unknown] : []), ...(sure.length > 0 && 'no' in room ? [room.no] : []), ...others];
    return unknown('Properties.Cluster', c, `${how}: whether cluster ${cluster.shown} gets container instances is not known (${why.join('; ')})`);
  }
  if (sure.length === 0) {
    return fail('Properties.LaunchType', index.prop(svc, 'LaunchType'), `${how}, but nothing provides container instances to cluster ${cluster.shown} (no capacity provider, no instance whose user data joins it): its tasks never start`);
  }
  return fail('Properties.Cluster', c, `${how}, but nothing starts a container instance for cluster ${cluster.shown} (${(room as { no: string }).no}): its tasks never start`);
}

/**
 * Where the service's tasks run (`placement`: its LaunchType, its capacity provider strategy, the cluster's default
 * strategy, else the EC2 launch type ECS falls back to), or the verdict when they cannot run there: EC2 without
 * container instances, a strategy whose providers are not associated with the cluster.
 */
function ecsCapacity(index: TemplateIndex, svc: CfnResource): { runsOn: string } | { verdict: Verdict } {
  const p = placement(index, index.prop(svc, ''), index.prop(svc, 'Cluster'), `service ${svc.logicalId}`);
  if (p.on === 'unknown') return { verdict: unknown('Properties.LaunchType', index.prop(svc, 'LaunchType'), p.why) };
  if (p.strategy) {
    const property = p.strategy.from === 'service' ? 'Properties.CapacityProviderStrategy' : 'Properties.Cluster';
    const missing = unassociated(index, p.strategy);
    if (missing && 'no' in missing) return { verdict: fail(property, index.prop(svc, p.strategy.from === 'service' ? 'CapacityProviderStrategy' : 'Cluster'), `${missing.no}: the service's tasks never start`) };
    if (missing) return { verdict: unknown(property, index.prop(svc, p.strategy.from === 'service' ? 'CapacityProviderStrategy' : 'Cluster'), missing.unknown) };
    // A provider whose Auto Scaling group cannot start an instance (MaxSize 0) places none of its share of the tasks.
    const rooms = p.strategy.providers.map((v) => ({ v, room: providerRoom(index, v) }));
    const empty = rooms.filter((r) => 'no' in r.room);
    const strategyVal = index.prop(svc, p.strategy.from === 'service' ? 'CapacityProviderStrategy' : 'Cluster');
    if (empty.length > 0 && empty.length === rooms.length) return { verdict: fail(property, strategyVal, `no capacity provider of the strategy can start an instance (${empty.map((r) => (r.room as { no: string }).no).join('; ')}): the service's tasks never start`) };
    if (empty.length > 0) return { verdict: unknown(property, strategyVal, `capacity provider(s) ${empty.map((r) => V.show(r.v)).join(', ')} cannot start an instance (${empty.map((r) => (r.room as { no: string }).no).join('; ')}): whether the tasks ECS places on them run depends on the strategy's base and weights`) };
    const open = rooms.find((r) => 'unknown' in r.room);
    if (open && !rooms.some((r) => 'yes' in r.room)) return { verdict: unknown(property, strategyVal, (open.room as { unknown: string }).unknown) };
    const where = p.strategy.from === 'default' ? "the cluster's default strategy: " : '';
    return { runsOn: `${where}${p.on === 'fargate' ? 'Fargate' : 'capacity providers'}` };
  }
  if (p.on === 'fargate') return { runsOn: 'Fargate' };
  if (p.ec2) {
    const lt = index.prop(svc, 'LaunchType');
    const bad = ec2Capacity(index, svc, lt.k === 'absent' ? `${p.why}` : 'the service launches on EC2');
    return bad ? { verdict: bad } : { runsOn: 'EC2 container instances' };
  }
  return { runsOn: 'external (ECS Anywhere) instances' };
}

function judgeEcs(index: TemplateIndex, svc: CfnResource): Verdict {
  const capacity = ecsCapacity(index, svc);
  if ('verdict' in capacity) return capacity.verdict;
  const runsOn = capacity.runsOn;
  if (V.str(index.prop(svc, 'SchedulingStrategy')) === 'DAEMON') return pass('Properties.SchedulingStrategy', 'DAEMON', `daemon service on ${runsOn}`);
  const desired = index.prop(svc, 'DesiredCount');
  if (desired.k === 'unknown') return unknown('Properties.DesiredCount', desired, `desired count decided at deploy time (${desired.why})`);
  const n = desired.k === 'absent' ? 1 : V.num(desired);
  if (n === 0) {
    const mins = ecsScalableTargets(index, svc).map((t) => index.prop(t, 'MinCapacity'));
    if (mins.some((m) => m.k !== 'unknown' && (V.num(m) ?? 0) > 0)) return pass('Properties.DesiredCount', desired, `service on ${runsOn}, kept above zero tasks by its scalable target`);
    if (mins.some((m) => m.k === 'unknown')) return unknown('Properties.DesiredCount', desired, 'desired count 0; the scalable target minimum is decided at deploy time');
    return fail('Properties.DesiredCount', desired, 'the service is declared with 0 tasks and nothing scales it up: it runs nothing');
  }
  return pass('Properties.DesiredCount', desired, `ECS service runs ${n ?? V.show(desired)} task(s) on ${runsOn}`);
}

function judgeEks(index: TemplateIndex, cluster: CfnResource): Verdict {
  if (V.isTrue(index.prop(cluster, 'ComputeConfig.Enabled'))) return pass('Properties.ComputeConfig.Enabled', 'true', 'EKS Auto Mode provides the nodes');
  const nodes = index.referrers(cluster, 'AWS::EKS::Nodegroup', 'AWS::EKS::FargateProfile', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration')
    .filter((r) => r.type.startsWith('AWS::EKS::') ? index.refsOf(index.prop(r, 'ClusterName')).has(cluster.logicalId) : true);
  if (nodes.length > 0) return pass(undefined, nodes.map((r) => r.logicalId).join(', '), `EKS cluster with compute: ${nodes.map((r) => `${r.logicalId} (${r.type})`).join(', ')}`);
  return fail(undefined, cluster.logicalId, 'EKS cluster without a node group, Fargate profile, Auto Mode or self-managed nodes: no pod can be scheduled');
}

/**
 * COMPUTE-PROVISIONED: the service runs on declared compute — an ECS service,
 * a serving Lambda function or an EKS cluster — that can actually run it.
 *
 * Decisions: the item is an existence check, so a rule dispatched to compute
 * can only fail when the compute is declared but runs nothing: an ECS service
 * with 0 desired tasks and no autoscaling floor, an EC2-launched service whose
 * cluster has no container instances or capacity provider in the template
 * (EC2 written, or ECS's fallback when neither the service nor its cluster
 * names a strategy) or whose only sources start none (a launch template or
 * launch configuration that no Auto Scaling group or instance launches, Auto
 * Scaling groups with MaxSize 0; unknown when a MaxSize is decided at deploy
 * time), a capacity provider strategy (the service's or the cluster's default)
 * naming a provider not associated with the cluster or whose providers'
 * Auto Scaling groups all have MaxSize 0 (instances whose user data may join
 * the cluster leave a fail unknown), a
 * serving function with reserved concurrency 0 (always throttled), an EKS
 * cluster without nodes. A cluster outside the template leaves what it
 * provides unknown. A template with no compute leaves the item pending.
 */
export const ComputeProvisioned: AwsRule = {
  id: 'ComputeProvisioned',
  items: ['COMPUTE-PROVISIONED'],
  types: ['AWS::ECS::Service', 'AWS::Lambda::Function', 'AWS::EKS::Cluster'],
  severity: Severity.HIGH,
  description: 'The service runs on declared compute (ECS service, serving Lambda function, EKS cluster) that can run it: tasks > 0 or autoscaled, container instances for EC2 launch, concurrency not reserved to 0, nodes for EKS.',
  fix: 'Give the ECS service a desired count (or an autoscaling minimum), capacity for EC2 launch (cluster.addAsgCapacityProvider) or Fargate; do not reserve 0 concurrency for a serving function; add a node group to EKS.',
  check(res, { index }) {
    if (res.type === 'AWS::ECS::Service') return judgeEcs(index, res);
    if (res.type === 'AWS::EKS::Cluster') return judgeEks(index, res);
    if (!isServiceFunction(res, index)) return undefined;
    const rc = index.prop(res, 'ReservedConcurrentExecutions');
    if (rc.k === 'unknown') return unknown('Properties.ReservedConcurrentExecutions', rc, `reserved concurrency decided at deploy time (${rc.why})`);
    if (V.num(rc) === 0) return fail('Properties.ReservedConcurrentExecutions', rc, 'reserved concurrency 0: every invocation is throttled');
    return pass('Properties.Runtime', index.prop(res, 'Runtime'), 'serving Lambda function');
  },
};
