import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, refersTo, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { publicReason, subnetsOf } from '../../cfn/network';

/** Where each resource type names its subnets. */
const SUBNET_PROPS: Record<string, string> = {
  'AWS::RDS::DBSubnetGroup': 'SubnetIds',
  'AWS::RDS::DBProxy': 'VpcSubnetIds',
  'AWS::ElastiCache::SubnetGroup': 'SubnetIds',
  'AWS::ElastiCache::ServerlessCache': 'SubnetIds',
  'AWS::ECS::Service': 'NetworkConfiguration.AwsvpcConfiguration.Subnets',
  'AWS::Lambda::Function': 'VpcConfig.SubnetIds',
};

/** Where each database and cache names its subnet group, and the group's type. */
const GROUP_PROPS: Record<string, { prop: string; group: string }> = {
  'AWS::RDS::DBInstance': { prop: 'DBSubnetGroupName', group: 'AWS::RDS::DBSubnetGroup' },
  'AWS::RDS::DBCluster': { prop: 'DBSubnetGroupName', group: 'AWS::RDS::DBSubnetGroup' },
  'AWS::ElastiCache::ReplicationGroup': { prop: 'CacheSubnetGroupName', group: 'AWS::ElastiCache::SubnetGroup' },
  'AWS::ElastiCache::CacheCluster': { prop: 'CacheSubnetGroupName', group: 'AWS::ElastiCache::SubnetGroup' },
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
 * without a group is unknown.
 */
export const PrivateSubnets: AwsRule = {
  id: 'PrivateSubnets',
  items: ['NET-PRIVATE-SUBNETS'],
  types: [...Object.keys(SUBNET_PROPS), ...Object.keys(GROUP_PROPS)],
  severity: Severity.HIGH,
  description: 'DB/cache subnet groups, RDS proxies, ECS services and VPC Lambda functions use private subnets (no public IP on launch, no route to an internet gateway); ECS tasks get no public IP; no database or cache is left to the default VPC (no subnet group).',
  fix: 'Place them in PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED subnets (vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS }), give every database and cache a subnet group of those subnets, and keep assignPublicIp false.',
  check(res, { index }) {
    const group = GROUP_PROPS[res.type];
    if (group) return subnetGroupVerdict(index, res, group.prop, group.group);
    const prop = SUBNET_PROPS[res.type];
    if (res.type === 'AWS::ElastiCache::ServerlessCache' && index.prop(res, prop).k === 'absent') {
      return fail(`Properties.${prop}`, undefined, 'no SubnetIds: the cache is placed in the default VPC\'s default subnets, which are public');
    }
    if (res.type === 'AWS::ECS::Service') {
      const ip = index.prop(res, 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp');
      if (ip.k === 'unknown') return unknown('Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', ip, `decided at deploy time (${ip.why})`);
      if (V.str(ip) === 'ENABLED') return fail('Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', ip, 'tasks get public IP addresses');
    }
    const found = subnetsOf(index, index.prop(res, prop));
    const p = `Properties.${prop}`;
    if ('absent' in found) return undefined;
    if ('unknown' in found) return unknown(p, index.prop(res, prop), `subnets decided at deploy time (${found.unknown})`);
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
  },
};

/** A database's or cache's placement, by its subnet group (see PrivateSubnets). */
function subnetGroupVerdict(index: TemplateIndex, res: CfnResource, prop: string, groupType: string): Verdict | undefined {
  const p = `Properties.${prop}`;
  if (res.type === 'AWS::RDS::DBInstance' && index.prop(res, 'DBClusterIdentifier').k !== 'absent') return undefined; // placed by its cluster
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
