import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { placement, unassociated } from '../../cfn/ecs-placement';
import { isServiceFunction } from '../../cfn/service-compute';
import { ecsScalableTargets } from '../../cfn/scaling';

/**
 * Whether the tasks of an EC2-launched service have somewhere to run: a
 * capacity provider associated with its cluster, or instances (launch
 * template, launch configuration, instance) whose user data joins the cluster.
 * Undefined when they do; unknown for a cluster outside the template. `how`
 * says why it launches on EC2 (the LaunchType, or ECS's fallback).
 */
function ec2Capacity(index: TemplateIndex, svc: CfnResource, how: string): Verdict | undefined {
  const c = index.prop(svc, 'Cluster');
  if (c.k !== 'ref' || c.target.type !== 'AWS::ECS::Cluster') {
    // A cluster from elsewhere: whether it has container instances cannot be seen.
    return unknown('Properties.Cluster', c, `${how}, in a cluster outside this template: whether the cluster has container instances cannot be seen`);
  }
  const cluster = c.target;
  const joined = index.referrers(cluster, 'AWS::ECS::ClusterCapacityProviderAssociations', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::Instance');
  if (joined.length > 0) return undefined;
  return fail('Properties.LaunchType', index.prop(svc, 'LaunchType'), `${how}, but nothing provides container instances to cluster ${cluster.logicalId} (no capacity provider, no instance whose user data joins it): its tasks never start`);
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
 * names a strategy), a capacity provider strategy (the service's or the
 * cluster's default) naming a provider not associated with the cluster, a
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
