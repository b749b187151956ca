import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, refersTo, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { entries, entryPath } from '../../cfn/lists';
import { publicReason, subnetsOf } from '../../cfn/network';
import { isClusterMember } from '../../cfn/databases';

/** Where each resource type names its subnets. */
const SUBNET_PROPS: Record<string, string> = {
  'AWS::RDS::DBSubnetGroup': 'SubnetIds',
  'AWS::DocDB::DBSubnetGroup': 'SubnetIds',
  'AWS::Neptune::DBSubnetGroup': 'SubnetIds',
  'AWS::RDS::DBProxy': 'VpcSubnetIds',
  'AWS::ElastiCache::SubnetGroup': 'SubnetIds',
  'AWS::ElastiCache::ServerlessCache': 'SubnetIds',
  'AWS::ECS::Service': 'NetworkConfiguration.AwsvpcConfiguration.Subnets',
  'AWS::Lambda::Function': 'VpcConfig.SubnetIds',
  'AWS::ECS::TaskSet': 'NetworkConfiguration.AwsVpcConfiguration.Subnets',
  'AWS::AutoScaling::AutoScalingGroup': 'VPCZoneIdentifier',
  'AWS::EKS::Nodegroup': 'Subnets',
  'AWS::Batch::ComputeEnvironment': 'ComputeResources.Subnets',
  'AWS::MSK::Cluster': 'BrokerNodeGroupInfo.ClientSubnets',
  'AWS::DMS::ReplicationSubnetGroup': 'SubnetIds',
  'AWS::OpenSearchService::Domain': 'VPCOptions.SubnetIds',
  'AWS::Elasticsearch::Domain': 'VPCOptions.SubnetIds',
};

/** Where each database and cache names its subnet group, and the group's type. */
const GROUP_PROPS: Record<string, { prop: string; group: string }> = {
  'AWS::RDS::DBInstance': { prop: 'DBSubnetGroupName', group: 'AWS::RDS::DBSubnetGroup' },
  'AWS::RDS::DBCluster': { prop: 'DBSubnetGroupName', group: 'AWS::RDS::DBSubnetGroup' },
  'AWS::DocDB::DBCluster': { prop: 'DBSubnetGroupName', group: 'AWS::DocDB::DBSubnetGroup' },
  'AWS::DocDB::DBInstance': { prop: 'DBSubnetGroupName', group: 'AWS::DocDB::DBSubnetGroup' },
  'AWS::Neptune::DBCluster': { prop: 'DBSubnetGroupName', group: 'AWS::Neptune::DBSubnetGroup' },
  'AWS::Neptune::DBInstance': { prop: 'DBSubnetGroupName', group: 'AWS::Neptune::DBSubnetGroup' },
  'AWS::ElastiCache::ReplicationGroup': { prop: 'CacheSubnetGroupName', group: 'AWS::ElastiCache::SubnetGroup' },
  'AWS::ElastiCache::CacheCluster': { prop: 'CacheSubnetGroupName', group: 'AWS::ElastiCache::SubnetGroup' },
};

/** Where a schedule names the ECS task it runs, and that task's awsvpc configuration (EventBridge spells it AwsVpc, Scheduler Awsvpc). */
const SCHEDULES: Record<string, { targets: string; awsvpc: string }> = {
  'AWS::Events::Rule': { targets: 'Targets', awsvpc: 'EcsParameters.NetworkConfiguration.AwsVpcConfiguration' },
  'AWS::Scheduler::Schedule': { targets: 'Target', awsvpc: 'EcsParameters.NetworkConfiguration.AwsvpcConfiguration' },
};

/**
 * NET-PRIVATE-SUBNETS: databases, caches and compute sit in private subnets without public IPs.
 *
 * Decisions: a subnet group, proxy, serverless cache, ECS service or VPC function is judged on the subnets it
 * lists. A database or cache is judged through its subnet group: one of this template is judged on its own; none
 * (or `default`) is the default VPC's default subnets, which are public (a public IP on launch, a route to the
 * internet gateway), and fails; one named from outside the template is unknown. A serverless cache without
 * `SubnetIds` is placed in the default VPC too. An Aurora instance is placed by its cluster, and a read replica of an
 * instance of this template in its source's subnet group; a replica of another instance (maybe in another region)
 * without a group is unknown. An ECS task an EventBridge rule or schedule runs is judged on the network configuration
 * of the target, as a service is; DocumentDB and Neptune clusters by their subnet groups as RDS clusters (their
 * instances are placed by the cluster); a target without one runs the task on the cluster's container instances (bridge or
 * host networking), whose subnets the target does not show: unknown.
 * Compute placed by a subnet list is judged the same way: an ECS task set (and its `AssignPublicIp`), an Auto
 * Scaling group's `VPCZoneIdentifier`, an EKS managed node group's `Subnets`, a Batch compute environment's
 * `ComputeResources.Subnets`; and so are an MSK cluster's broker `ClientSubnets`, a DMS replication subnet group and an
 * OpenSearch Service (or Elasticsearch) domain's `VPCOptions.SubnetIds` (a domain without `VPCOptions` is in no subnet:
 * it has a public endpoint, and fails). An Auto Scaling group without `VPCZoneIdentifier` launches where its launch template's
 * network interfaces or the default VPC's default subnets (public) put it: unknown.
 */
export const PrivateSubnets: AwsRule = {
  id: 'PrivateSubnets',
  items: ['NET-PRIVATE-SUBNETS'],
  types: [...Object.keys(SUBNET_PROPS), ...Object.keys(GROUP_PROPS), ...Object.keys(SCHEDULES)],
  severity: Severity.HIGH,
  description: 'DB/cache subnet groups, RDS proxies, ECS services and task sets, scheduled ECS tasks, Auto Scaling groups, EKS node groups, Batch compute environments, MSK clusters, DMS replication subnet groups, OpenSearch domains and VPC Lambda functions use private subnets (no public IP on launch, no route to an internet gateway); ECS tasks get no public IP; no database or cache is left to the default VPC (no subnet group).',
  fix: 'Place them in PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED subnets (vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS }), give every database and cache a subnet group of those subnets, and keep assignPublicIp false.',
  check(res, { index }) {
    const group = GROUP_PROPS[res.type];
    if (group) return subnetGroupVerdict(index, res, group.prop, group.group);
    const schedule = SCHEDULES[res.type];
    if (schedule) return scheduledTasksVerdict(index, res, schedule.targets, schedule.awsvpc);
    const prop = SUBNET_PROPS[res.type];
    if (res.type === 'AWS::ElastiCache::ServerlessCache' && index.prop(res, prop).k === 'absent') {
      return fail(`Properties.${prop}`, undefined, 'no SubnetIds: the cache is placed in the default VPC\'s default subnets, which are public');
    }
    if (res.type === 'AWS::ECS::Service' || res.type === 'AWS::ECS::TaskSet') {
      const at = `${prop.replace(/\.Subnets$/, '')}.AssignPublicIp`;
      const ip = awsvpcPublicIp(index.prop(res, at), `Properties.${at}`);
      if (ip) return ip;
    }
    if (prop === 'VPCOptions.SubnetIds') {
      const vpc = index.prop(res, 'VPCOptions');
      if (vpc.k === 'unknown') return unknown('Properties.VPCOptions', vpc, `VPC placement decided at deploy time (${vpc.why})`);
      if (vpc.k === 'absent') return fail('Properties.VPCOptions', undefined, 'no VPCOptions: the domain is in no subnet of the app; it has a public endpoint on the internet');
      if (index.prop(res, prop).k === 'absent') return unknown(`Properties.${prop}`, undefined, 'VPCOptions without SubnetIds: where the domain is placed is not written');
    }
    if (res.type === 'AWS::AutoScaling::AutoScalingGroup' && index.prop(res, prop).k === 'absent') {
      return unknown(`Properties.${prop}`, undefined, 'no VPCZoneIdentifier: the instances launch in the subnets of the launch template\'s network interfaces, or in the default VPC\'s default subnets, which are public');
    }
    return subnetsVerdict(index, index.prop(res, prop), `Properties.${prop}`);
  },
};

/** A fail for `AssignPublicIp: ENABLED`, unknown when it is decided at deploy time, else undefined. */
function awsvpcPublicIp(ip: Val, p: string): Verdict | undefined {
  if (ip.k === 'unknown') return unknown(p, ip, `decided at deploy time (${ip.why})`);
  if (V.str(ip) === 'ENABLED') return fail(p, ip, 'tasks get public IP addresses');
  return undefined;
}

/** The subnets `v` lists, judged: a public one fails; one outside the template is unknown; none listed is undefined. */
function subnetsVerdict(index: TemplateIndex, v: Val, p: string): Verdict | Verdict[] | undefined {
  const found = subnetsOf(index, v);
  if ('absent' in found) return undefined;
  if ('unknown' in found) return unknown(p, v, `subnets decided at deploy time (${found.unknown})`);
  const out: Verdict[] = [];
  const external: string[] = [];
  for (const s of found.subnets) {
    if (!s.res) { external.push(s.name); continue; }
    const why = publicReason(index, s.res);
    if (why) out.push(fail(p, s.name, `subnet ${s.name} is public: ${why}`));
  }
  if (out.length > 0) return out;
  if (external.length > 0) return unknown(p, external.join(', '), `subnet(s) ${external.join(', ')} are not in this template: cannot tell whether they are private`);
  if (found.subnets.length === 0) return undefined;
  return pass(p, found.subnets.map((s) => s.name).join(', '), `${found.subnets.length} private subnet(s)`);
}

/** The ECS tasks an EventBridge rule or schedule runs, judged on each target's awsvpc configuration (see PrivateSubnets). */
function scheduledTasksVerdict(index: TemplateIndex, res: CfnResource, targetsProp: string, awsvpc: string): Verdict | Verdict[] | undefined {
  const base = `Properties.${targetsProp}`;
  const list = entries(index, index.prop(res, targetsProp));
  if (list === undefined) return unknown(base, index.prop(res, targetsProp), 'the targets are decided at deploy time: whether one runs an ECS task in a public subnet cannot be seen');
  const out: Verdict[] = [];
  for (const e of list) {
    const at = entryPath(base, e);
    const ecs = index.field(e.value, 'EcsParameters');
    if (ecs.k === 'absent') continue;
    if (ecs.k === 'unknown') { out.push(unknown(`${at}.EcsParameters`, ecs, `the ECS parameters are decided at deploy time (${ecs.why})`)); continue; }
    const config = index.field(e.value, awsvpc);
    if (config.k === 'absent') {
      out.push(unknown(`${at}.${awsvpc}`, undefined, 'no awsvpc configuration: the task runs on the cluster\'s container instances (bridge or host networking), whose subnets the target does not show'));
      continue;
    }
    const ip = awsvpcPublicIp(index.field(config, 'AssignPublicIp'), `${at}.${awsvpc}.AssignPublicIp`);
    const subnets = subnetsVerdict(index, index.field(config, 'Subnets'), `${at}.${awsvpc}.Subnets`);
    if (ip) out.push(ip);
    else if (subnets === undefined) out.push(unknown(`${at}.${awsvpc}.Subnets`, undefined, 'no subnets listed: the task cannot be placed as written'));
    else out.push(...(Array.isArray(subnets) ? subnets : [subnets]));
  }
  return out.length > 0 ? out : undefined;
}

/** A database's or cache's placement, by its subnet group (see PrivateSubnets). */
function subnetGroupVerdict(index: TemplateIndex, res: CfnResource, prop: string, groupType: string): Verdict | undefined {
  const p = `Properties.${prop}`;
  if (isClusterMember(res, index)) return undefined; // placed by its cluster (a DocumentDB or Neptune instance always is)
  const v = index.prop(res, prop);
  if (v.k === 'unknown') return unknown(p, v, `subnet group decided at deploy time (${v.why})`);
  if (v.k === 'absent') {
    if (res.type === 'AWS::ElastiCache::ReplicationGroup' && index.prop(res, 'PrimaryClusterId').k !== 'absent') return undefined; // placed by its primary cluster
    const source = res.type === 'AWS::RDS::DBInstance' ? index.prop(res, 'SourceDBInstanceIdentifier') : undefined;
    if (source && source.k !== 'absent') {
      if (refersTo(source, 'AWS::RDS::DBInstance')) return undefined; // a replica in its source's subnet group, judged there
      return unknown(p, undefined, `a read replica of ${V.show(source)}, outside this template: in another region, without a subnet group, it is placed in the default VPC`);
    }
    return fail(p, undefined, `no ${prop}: placed in the default VPC's default subnets, which are public`);
  }
  if (refersTo(v, groupType)) return undefined; // judged on the group
  if (V.str(v)?.toLowerCase() === 'default') return fail(p, v, 'the default subnet group: the default VPC\'s default subnets, which are public');
  return unknown(p, v, `subnet group ${V.show(v)} is not in this template: cannot tell whether its subnets are private`);
}
