import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { SECURITY_GROUP, SG_INGRESS, ingressGroup, ingressRules, judgeEachRule, worldSource } from '../../cfn/network';

const NACL_ENTRY = 'AWS::EC2::NetworkAclEntry';
const NODEGROUP = 'AWS::EKS::Nodegroup';
const REMOTE = [22, 3389];

/** The remote-access ports (22, 3389) a protocol/port range admits. */
function remotePorts(proto: string | undefined, from: number | undefined, to: number | undefined): number[] {
  if (proto === undefined) return [];
  const p = proto.toLowerCase();
  if (p === '-1' || p === 'all') return REMOTE;
  if (!['tcp', '6', 'udp', '17'].includes(p)) return [];
  if (from === undefined || to === undefined) return REMOTE; // no range on tcp/udp: all ports
  if (from === -1 && to === -1) return REMOTE;
  return REMOTE.filter((port) => port >= from && port <= to && !((p === 'udp' || p === '17') && port === 22));
}

/** Types whose `Endpoint.Port` is a database port: RDS accepts only 1150-65535 (CreateDBInstance/CreateDBCluster Port), never 22 or 3389. */
const DATABASE_PORT_OF = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'];

/**
 * A port bound of an ingress rule that is set but not a number the template settles: a database's `Endpoint.Port`
 * (never a remote-access port: `db`), or a value decided at deploy time (`open`, with why). Undefined when absent or a
 * number.
 */
function deployPort(v: Val): { db: true } | { open: string } | undefined {
  if (v.k === 'absent' || V.num(v) !== undefined) return undefined;
  if (v.k === 'ref' && v.attr === 'Endpoint.Port' && DATABASE_PORT_OF.includes(v.target.type)) return { db: true };
  return { open: v.k === 'unknown' ? v.why : V.show(v) };
}

/** One ingress rule, from a security group or a standalone ingress resource. */
function judgeIngress(index: TemplateIndex, rule: Val, property: string, resource?: CfnResource): Verdict | undefined {
  const proto = V.str(index.field(rule, 'IpProtocol'));
  const fromV = index.field(rule, 'FromPort');
  const toV = index.field(rule, 'ToPort');
  const bounds = [deployPort(fromV), deployPort(toV)];
  // A bound that is a database's port: RDS allows 1150-65535, so the range admits neither 22 nor 3389 (a bound
  // decided otherwise at deploy time is judged below). An absent bound on tcp/udp still means every port.
  if (bounds.some((b) => b !== undefined && 'db' in b) && bounds.every((b) => b === undefined || 'db' in b)) return undefined;
  const ports = remotePorts(proto, V.num(fromV), V.num(toV));
  if (ports.length === 0) return undefined;
  const source = worldSource(index, rule);
  const openBound = bounds.find((b): b is { open: string } => b !== undefined && 'open' in b);
  if (openBound && ['tcp', '6', 'udp', '17'].includes((proto ?? '').toLowerCase())) {
    if (!source.open && !source.unknown) return undefined;
    return unknown(property, `${source.open ?? V.show(source.unknown!)} port decided at deploy time`, `port range decided at deploy time (${openBound.open}) open to ${source.open ?? 'a source decided at deploy time'}: it may admit SSH (22) or RDP (3389)`, resource);
  }
  const names = ports.map((p) => (p === 22 ? 'SSH (22)' : 'RDP (3389)')).join(' and ');
  if (source.open) return fail(property, `${source.open} port ${ports.join('/')}`, `admits ${names} from ${source.open}`, resource);
  if (source.unknown) return unknown(property, source.unknown, `port ${ports.join('/')} open to a source decided at deploy time (${source.unknown.k === 'unknown' ? source.unknown.why : V.show(source.unknown)})`, resource);
  return undefined;
}

function judgeNaclEntry(index: TemplateIndex, res: CfnResource): Verdict {
  if (V.isTrue(index.prop(res, 'Egress'))) return pass('Properties.Egress', 'true', 'egress entry');
  if (V.str(index.prop(res, 'RuleAction'))?.toLowerCase() !== 'allow') return pass('Properties.RuleAction', index.prop(res, 'RuleAction'), 'deny entry');
  const proto = V.str(index.prop(res, 'Protocol'));
  const ports = remotePorts(proto, V.num(index.prop(res, 'PortRange.From')), V.num(index.prop(res, 'PortRange.To')));
  if (ports.length === 0) return pass('Properties.Protocol', proto ?? '(not set)', 'does not admit 22 or 3389');
  const source = worldSource(index, index.prop(res, ''), ['CidrBlock', 'Ipv6CidrBlock']);
  if (source.open) return fail('Properties.CidrBlock', `${source.open} port ${ports.join('/')}`, `network ACL admits port ${ports.join(' and ')} from ${source.open}`);
  if (source.unknown) return unknown('Properties.CidrBlock', source.unknown, 'network ACL source decided at deploy time');
  return pass('Properties.CidrBlock', `${V.show(index.prop(res, 'CidrBlock'))} ${V.show(index.prop(res, 'Ipv6CidrBlock'))}`, `port ${ports.join('/')} admitted only from a restricted range`);
}

/**
 * An EKS managed node group with `RemoteAccess`: EKS creates a security group
 * admitting SSH (22; 3389 too on Windows nodes) to the nodes, from the
 * `SourceSecurityGroups` when given and from 0.0.0.0/0 when not. Undefined
 * without RemoteAccess (the node group opens nothing; its launch template's
 * security groups are judged as groups).
 */
function judgeNodegroup(index: TemplateIndex, res: CfnResource): Verdict | undefined {
  const access = index.prop(res, 'RemoteAccess');
  if (access.k === 'absent') return undefined;
  if (access.k === 'unknown') return unknown('Properties.RemoteAccess', access, `remote access decided at deploy time (${access.why})`);
  const key = index.prop(res, 'RemoteAccess.Ec2SshKey');
  if (key.k === 'absent' || (key.k === 'lit' && V.str(key) === '')) return pass('Properties.RemoteAccess.Ec2SshKey', key, 'no SSH key: EKS opens no remote-access port');
  const sources = index.prop(res, 'RemoteAccess.SourceSecurityGroups');
  if (sources.k === 'unknown') return unknown('Properties.RemoteAccess.SourceSecurityGroups', sources, `SSH (22) to the nodes is open to 0.0.0.0/0 if the source security groups, decided at deploy time, are empty (${sources.why})`);
  const list = index.items(sources);
  if (sources.k === 'absent' || (list !== undefined && list.length === 0)) {
    return fail('Properties.RemoteAccess', '0.0.0.0/0 port 22', 'node group remote access without SourceSecurityGroups: EKS admits SSH (22; RDP 3389 on Windows nodes) to the nodes from 0.0.0.0/0');
  }
  return pass('Properties.RemoteAccess.SourceSecurityGroups', sources, 'node group SSH admitted only from its source security groups');
}

/**
 * COMPUTE-REMOTE-ACCESS (network half): no security group or network ACL
 * admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0.
 *
 * Decisions: a security group is judged with its inline rules and the
 * standalone ingress resources attached to it (found through references);
 * an ingress resource of a group outside the template is judged alone.
 * `-1` (all traffic) and port ranges covering 22/3389 count; a port bound that is
 * an RDS instance's or cluster's `Endpoint.Port` (what CDK writes for
 * `connections.allowDefaultPortFrom*`) is a database port, 1150-65535, so it
 * admits neither; another bound decided at deploy time is unknown. Every value is
 * read in every world: an ingress entry behind `Fn::If` counts where its
 * condition holds, a CIDR from a parameter with AllowedValues is judged per
 * allowed value; a CIDR from a parameter without AllowedValues is unknown (its
 * Default is only the likely value). ECS Exec and SSM Session Manager need no
 * inbound port, so they pass by construction. An EKS node group with
 * `RemoteAccess` and no `SourceSecurityGroups` fails: EKS opens port 22 to
 * 0.0.0.0/0 for it.
 */
export const NoPublicRemoteAccess: AwsRule = {
  id: 'NoPublicRemoteAccess',
  items: ['COMPUTE-REMOTE-ACCESS'],
  types: [SECURITY_GROUP, SG_INGRESS, NACL_ENTRY, NODEGROUP],
  severity: Severity.HIGH,
  description: 'No security group, network ACL entry or EKS node group remote access (RemoteAccess without SourceSecurityGroups) admits port 22 or 3389 from 0.0.0.0/0 or ::/0.',
  fix: 'Remove the SSH/RDP ingress; reach instances through SSM Session Manager and containers through ECS Exec.',
  check(res, { index }) {
    if (res.type === NACL_ENTRY) return judgeNaclEntry(index, res);
    if (res.type === NODEGROUP) return judgeNodegroup(index, res);
    if (res.type === SG_INGRESS) {
      if (ingressGroup(index, res)) return undefined; // judged with its group
      return judgeIngress(index, index.prop(res, ''), 'Properties') ?? pass('Properties', undefined, 'no SSH/RDP from the internet');
    }
    const rules = ingressRules(index, res, true);
    if (rules === undefined) {
      const v = index.prop(res, 'SecurityGroupIngress');
      return unknown('Properties.SecurityGroupIngress', v, `ingress decided at deploy time (${v.k === 'unknown' ? v.why : ''})`);
    }
    const out = judgeEachRule(rules, (r) => judgeIngress(index, r.rule, r.property, r.resource));
    if (out.length > 0) return out;
    return pass('Properties.SecurityGroupIngress', undefined, 'no SSH (22) or RDP (3389) from the internet');
  },
};
