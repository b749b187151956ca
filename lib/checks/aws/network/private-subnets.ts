import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
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

/** NET-PRIVATE-SUBNETS: databases, caches and compute sit in private subnets without public IPs. */
export const PrivateSubnets: AwsRule = {
  id: 'PrivateSubnets',
  items: ['NET-PRIVATE-SUBNETS'],
  types: Object.keys(SUBNET_PROPS),
  severity: Severity.HIGH,
  description: 'DB/cache subnet groups, RDS proxies, ECS services and VPC Lambda functions use private subnets (no public IP on launch, no route to an internet gateway); ECS tasks get no public IP.',
  fix: 'Place them in PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED subnets (vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS }) and keep assignPublicIp false.',
  check(res, { index }) {
    const prop = SUBNET_PROPS[res.type];
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
