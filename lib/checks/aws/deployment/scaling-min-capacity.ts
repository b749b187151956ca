import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { Thresholds } from '../../../checklist/thresholds';
import { asgInstanceBounds, ecsTaskBounds, onDemandShare } from '../../cfn/scaling';
import { ClusterNaming, clusterJoining, clusterNaming, configuresEcsAgent, joinsByName } from '../../cfn/user-data';
import { groupMarket, onDemandTasks, placement } from '../../cfn/ecs-placement';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const KEY = 'minReplicas';

/**
 * SCALING-MIN-CAPACITY: at least minReplicas tasks of the service at all times.
 *
 * Decisions: the scalable target's MinCapacity, and the MinCapacity and
 * MaxCapacity of each of its ScheduledActions (a nightly action setting 0
 * fails); DesiredCount (1 when absent) for a service that is not autoscaled.
 * The bounds are read by `ecsTaskBounds` (cfn/scaling.ts), which MultiAz
 * (HA-MULTI-AZ) reads too: both items count the same tasks.
 * An Auto Scaling group runs the service's code on its instances: it is judged
 * on the bounds `asgInstanceBounds` reads, as MultiAz counts them (its MaxSize;
 * the DesiredCapacity it keeps, MinSize when absent, while nothing of the
 * template scales it; once a scaling policy or scheduled action names it, its
 * MinSize and each scheduled size). A group that hosts ECS tasks (the group of
 * a capacity provider, or launched from a launch template or configuration
 * that names an ECS cluster of the template, or joins by name one a service
 * of the template may run on instances in, or whose user data configures the
 * ECS agent for any cluster, one outside the template too: `hostsEcsTasks`)
 * is capacity, not replicas: the tasks are counted on the services that run
 * them. A group whose
 * user data may join such a cluster (a name on one side only, computed at
 * deploy time, or no ECS_CLUSTER for the account's default cluster) may be
 * either: its fail is unknown. A group whose floor passes but whose On-Demand
 * instances alone do not reach minReplicas (`onDemandShare`: a
 * MixedInstancesPolicy's OnDemandBaseCapacity and percentage, a launch
 * template requesting Spot, a launch configuration's SpotPrice) is unknown:
 * EC2 may interrupt Spot Instances at any time and replaces them only while
 * Spot capacity lasts. So for a service whose capacity provider strategy
 * (its own, or its cluster's default) places tasks on FARGATE_SPOT, or on an
 * Auto Scaling group provider whose group may run Spot Instances: unknown
 * when its tasks on FARGATE, or on providers whose groups are On-Demand only,
 * do not alone reach minReplicas (`onDemandTasks`: the Base first, then the
 * rest by Weight, the On-Demand share rounded down; a group with any Spot share
 * may hold all of its provider's tasks on Spot Instances, and a provider
 * outside the template is not seen). On the EC2 launch type, a group of the
 * template whose instances join (or may join) the service's cluster and may
 * run Spot Instances makes the pass unknown (`joinedSpot`: ECS may place every
 * task on it); instances of a cluster outside the template are not seen.
 */
export const ScalingMinCapacity: AwsRule = {
  id: 'ScalingMinCapacity',
  items: ['SCALING-MIN-CAPACITY'],
  types: ['AWS::ECS::Service', ASG],
  severity: Severity.MEDIUM,
  description: 'An ECS replica service runs at least minReplicas tasks (the scalable target MinCapacity, or DesiredCount when it is not autoscaled), and an Auto Scaling group serving the app at least minReplicas instances (its MinSize, or DesiredCapacity when nothing scales it; never a MaxSize or scheduled size below).',
  fix: 'service.autoScaleTaskCount({ minCapacity: 3, ... }) or desiredCount: 3; an Auto Scaling group with minCapacity: 3 (and maxCapacity and scheduled sizes no lower).',
  check(res, { index, thresholds }) {
    if (res.type === ASG) {
      const hosts = hostsEcsTasks(index, res);
      if (hosts === 'yes') return undefined;
      const verdict = judgeGroup(index, res, thresholds);
      // A group that may be ECS capacity (its tasks counted on the service) is not known to run too few replicas.
      if (hosts !== 'no' && verdict.status === FindingStatus.FAIL) {
        return unknown(verdict.property, verdict.value, `${verdict.message}, if the group serves the app itself; it may instead be ECS capacity, whose tasks are counted on the service (${hosts.may})`);
      }
      return verdict;
    }
    if (V.str(index.prop(res, 'SchedulingStrategy')) === 'DAEMON') return undefined;
    const t = thresholds.get(KEY);
    const verdicts = ecsTaskBounds(index, res).map((group) => {
      for (const b of group) {
        const shown = V.show(b.value);
        if (b.unknown !== undefined) {
          const what = b.source.k === 'target' ? 'minimum capacity' : b.source.k === 'actions' ? 'scheduled actions' : b.source.k === 'scheduled' ? `a scheduled ${b.source.bound}` : 'desired count';
          return unknown(b.path, b.value, b.source.k === 'actions' ? `${what} decided at deploy time` : `${what} ${b.source.k === 'scheduled' ? 'is ' : ''}decided at deploy time (${b.unknown})`);
        }
        if (b.n !== undefined && thresholds.meets(KEY, b.n)) continue;
        const s = b.source;
        if (s.k === 'scheduled') return fail(b.path, b.value, `scheduled action ${s.action} sets ${s.bound} ${shown}: the service may run fewer tasks; ${KEY} is ${t}`);
        if (s.k === 'desired') return fail(b.path, b.value, `the service runs ${b.n ?? shown} task(s) and is not autoscaled; ${KEY} is ${t}`);
        return fail(b.path, b.value, `the service may scale in to ${shown} task(s); ${KEY} is ${t}`);
      }
      const first = group[0];
      // Tasks on Fargate Spot may all be interrupted when AWS needs the capacity back: only On-Demand ones are kept.
      const fewest = Math.min(...group.map((b) => b.n!));
      const placed = placement(index, index.prop(res, ''), index.prop(res, 'Cluster'), res.logicalId);
      const share = onDemandTasks(index, placed, fewest);
      if (share && 'unknown' in share) {
        return unknown(first.path, first.value, `the service runs at least ${fewest} tasks, but whether they run On-Demand ${placed.on === 'fargate' ? '(FARGATE) or on Fargate Spot' : 'or on Spot Instances'} is not known: ${share.unknown}; ${KEY} is ${t}`);
      }
      if (share && !thresholds.meets(KEY, share.onDemand)) {
        return unknown(first.path, first.value, share.onFargate
          ? `the service runs at least ${fewest} tasks, but only ${share.onDemand} of them on FARGATE (${share.spot}): AWS interrupts FARGATE_SPOT tasks when it needs the capacity back, and starts them again only while Spot capacity lasts; ${KEY} is ${t}`
          : `the service runs at least ${fewest} tasks, but only ${share.onDemand} of them surely on On-Demand instances (${share.spot}; ${share.why.join('; ')}): EC2 may interrupt Spot Instances at any time, and ECS starts their tasks again only while Spot capacity lasts; ${KEY} is ${t}`);
      }
      // On the EC2 launch type the tasks run on whichever instances join the cluster: a joining group of Spot ones may hold them all.
      const spot = placed.on === 'instances' && placed.strategy === undefined ? joinedSpot(index, res) : undefined;
      if (spot !== undefined) {
        return unknown(first.path, first.value, `the service runs at least ${fewest} tasks on the container instances joining cluster ${spot.cluster}, but ${spot.why}: how many tasks ECS puts on each instance is not known, EC2 may interrupt Spot Instances at any time, and ECS starts their tasks again only while Spot capacity lasts; ${KEY} is ${t}`);
      }
      return first.source.k === 'desired'
        ? pass(first.path, first.value, `the service runs ${first.n} tasks (${KEY} ${t})`)
        : pass(first.path, first.value, `the service never scales below ${first.n} tasks (${KEY} ${t})`);
    });
    return verdicts.find((v) => v.status !== 'pass') ?? verdicts[0];
  },
};

/**
 * For a service on the EC2 launch type: an Auto Scaling group of the template whose instances join (or may join:
 * `clusterJoining`) the service's cluster and that may launch Spot Instances (`groupMarket`), or whose market is
 * decided at deploy time, in words with the cluster; undefined when none. Instances the template does not show (a
 * cluster outside it) are not read.
 */
function joinedSpot(index: TemplateIndex, svc: CfnResource): { cluster: string; why: string } | undefined {
  const cluster = clusterNaming(index, index.prop(svc, 'Cluster'));
  if (cluster === undefined) return undefined;
  const { sure, may } = clusterJoining(index, cluster);
  // The launch templates and configurations that join it (a lone instance is launched by no group).
  for (const launcher of [...sure, ...may.map((m) => m.res)]) {
    for (const asg of index.referrers(launcher, ASG)) {
      const market = groupMarket(index, asg);
      if (market === undefined) continue;
      return { cluster: cluster.shown, why: 'spot' in market ? market.spot : `whether Auto Scaling group ${asg.logicalId} runs Spot Instances is not known (${market.unknown})` };
    }
  }
  return undefined;
}

/** An Auto Scaling group's instance count against minReplicas: the first bound below it fails; one decided at deploy time is unknown. */
function judgeGroup(index: TemplateIndex, asg: CfnResource, thresholds: Thresholds): Verdict {
  const t = thresholds.get(KEY);
  const bounds = asgInstanceBounds(index, asg);
  for (const b of bounds) {
    if (b.unknown !== undefined) return unknown(b.path, b.value, `how many instances the group runs is decided at deploy time (${b.unknown}); ${KEY} is ${t}`);
    if (b.n !== undefined && thresholds.meets(KEY, b.n)) continue;
    const shown = b.n ?? V.show(b.value);
    const s = b.source;
    const why = s.k === 'scheduled' ? `scheduled action ${s.action} sets ${s.bound} ${shown}: the group may run ${shown} instance(s)`
      : s.k === 'group' && s.bound === 'MaxSize' ? `the group runs at most ${shown} instance(s) (MaxSize)`
        : s.k === 'group' && s.bound === 'DesiredCapacity' ? `the group runs ${shown} instance(s) (DesiredCapacity, and no scaling policy or scheduled action of the template changes it)`
          : `the group may run ${shown} instance(s) (MinSize, the floor it keeps or its scaling may reach)`;
    return fail(b.path, b.value, `${why}; ${KEY} is ${t}`);
  }
  const floor = bounds[1];
  // Spot Instances may all be interrupted, and replaced only while Spot capacity lasts: only On-Demand ones are kept.
  const share = onDemandShare(index, asg, floor.n!);
  if (share && 'unknown' in share) return unknown(floor.path, floor.value, `the group runs at least ${floor.n} instances, but whether they are On-Demand or Spot Instances (which EC2 may interrupt at any time) is not known: ${share.unknown}; ${KEY} is ${t}`);
  if (share && !thresholds.meets(KEY, share.onDemand)) {
    return unknown(floor.path, floor.value, `the group runs at least ${floor.n} instances, but only ${share.onDemand} of them On-Demand (${share.spot}): EC2 may interrupt the Spot Instances at any time and replaces them only while Spot capacity lasts; ${KEY} is ${t}`);
  }
  return pass(floor.path, floor.value, `the group never runs fewer than ${floor.n} instances (${KEY} ${t})`);
}

/**
 * Whether an Auto Scaling group hosts ECS tasks: `yes` when a capacity provider of the template names it, or a launch
 * template or configuration it launches from references an ECS cluster of the template, configures the ECS agent
 * (`configuresEcsAgent`: an ECS_CLUSTER setting, whichever cluster it names, or the agent's configuration written
 * from elsewhere; ECS agent configuration, ECS_CLUSTER: the cluster the agent checks into) or joins one by name
 * (`joinsByName`: `ECS_CLUSTER=<its ClusterName>`, a parameter or pseudo parameters in place on both sides), or
 * joins by name the cluster outside the template that a service of the template may run on instances in (the
 * account's `default` cluster when the service sets no Cluster); `may` (why) when such user data may join one
 * (computed at deploy time, a name on one side only, or no ECS_CLUSTER at all for the default cluster).
 */
function hostsEcsTasks(index: TemplateIndex, asg: CfnResource): 'yes' | { may: string } | 'no' {
  if (index.referrers(asg, 'AWS::ECS::CapacityProvider').length > 0) return 'yes';
  const launchers = [...index.refsIn(asg, '')].map((id) => index.get(id))
    .filter((r): r is CfnResource => r !== undefined && (r.type === 'AWS::EC2::LaunchTemplate' || r.type === 'AWS::AutoScaling::LaunchConfiguration'));
  if (launchers.length === 0) return 'no';
  if (launchers.some((l) => [...index.refsIn(l, '')].some((id) => index.get(id)?.type === 'AWS::ECS::Cluster'))) return 'yes';
  // User data configuring the ECS agent (ECS_CLUSTER, the agent's configuration from S3 or SSM) makes ECS container
  // instances, of whichever cluster: their tasks are counted on the services that run them, in this template or not.
  if (launchers.some((l) => configuresEcsAgent(index, l) === true)) return 'yes';
  const clusters = [
    ...index.ofType('AWS::ECS::Cluster').map((c) => clusterNaming(index, { k: 'ref', target: c })),
    // Clusters outside the template that a service of the template may run on instances in.
    ...index.ofType('AWS::ECS::Service')
      .filter((svc) => placement(index, index.prop(svc, ''), index.prop(svc, 'Cluster'), svc.logicalId).on !== 'fargate')
      .map((svc) => index.prop(svc, 'Cluster')).filter((c) => c.k !== 'ref').map((c) => clusterNaming(index, c)),
  ].filter((c): c is ClusterNaming => c !== undefined);
  let may: string | undefined;
  for (const l of launchers) {
    for (const c of clusters) {
      const j = joinsByName(index, l, c);
      if (j.k === 'yes') return 'yes';
      if (j.k === 'may') may ??= j.why;
    }
  }
  return may !== undefined ? { may } : 'no';
}
