/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';

const SG = 'AWS::EC2::SecurityGroup';
const INGRESS = 'AWS::EC2::SecurityGroupIngress';
const NACL_ENTRY = 'AWS::EC2::NetworkAclEntry';
const WORLD = new Set(['0.0.0.0/0', '::/0']);
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

/** One ingress rule (raw), from a security group or a standalone ingress resource. */
function judgeIngress(index: TemplateIndex, rule: any, property: string, resource?: CfnResource): Verdict | undefined {
  const proto = V.str(index.at(rule, 'IpProtocol'));
  const ports = remotePorts(proto, V.num(index.at(rule, 'FromPort')), V.num(index.at(rule, 'ToPort')));
  if (ports.length === 0) {
    if (index.at(rule, 'IpProtocol').k === 'unknown') return unknown(`${property}.IpProtocol`, index.at(rule, 'IpProtocol'), 'protocol decided at deploy time', resource);
    return undefined;
  }
  const cidrs = [index.at(rule, 'CidrIp'), index.at(rule, 'CidrIpv6')];
  const open = cidrs.map((c) => V.str(c)).find((c) => c !== undefined && WORLD.has(c));
  if (open) return fail(property, `${open} port ${ports.join('/')}`, `admits ${ports.map((p) => (p === 22 ? 'SSH (22)' : 'RDP (3389)')).join(' and ')} from ${open}`, resource);
  const computed = cidrs.find((c) => c.k === 'unknown');
  if (computed) return unknown(property, computed, `port ${ports.join('/')} open to a source decided at deploy time (${computed.k === 'unknown' ? computed.why : ''})`, resource);
  return undefined;
}

function judgeNaclEntry(index: TemplateIndex, res: CfnResource): Verdict {
  if (V.isTrue(index.prop(res, 'Egress'))) return pass('Properties.Egress', 'true', 'egress entry');
  if (V.str(index.prop(res, 'RuleAction'))?.toLowerCase() !== 'allow') return pass('Properties.RuleAction', index.prop(res, 'RuleAction'), 'deny entry');
  const proto = V.str(index.prop(res, 'Protocol'));
  const ports = remotePorts(proto, V.num(index.prop(res, 'PortRange.From')), V.num(index.prop(res, 'PortRange.To')));
  if (ports.length === 0) return pass('Properties.Protocol', proto ?? '(not set)', 'does not admit 22 or 3389');
  const cidrs = [index.prop(res, 'CidrBlock'), index.prop(res, 'Ipv6CidrBlock')];
  const open = cidrs.map((c) => V.str(c)).find((c) => c !== undefined && WORLD.has(c));
  if (open) return fail('Properties.CidrBlock', `${open} port ${ports.join('/')}`, `network ACL admits port ${ports.join(' and ')} from ${open}`);
  const computed = cidrs.find((c) => c.k === 'unknown');
  if (computed) return unknown('Properties.CidrBlock', computed, 'network ACL source decided at deploy time');
  return pass('Properties.CidrBlock', cidrs.map(V.show).join(' '), `port ${ports.join('/')} admitted only from a restricted range`);
}

/**
 * COMPUTE-REMOTE-ACCESS (network half): no security group or network ACL
 * admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0.
 *
 * Decisions: a security group is judged with its inline rules and the
 * standalone ingress resources attached to it (found through references);
 * an ingress resource of a group outside the template is judged alone.
 * `-1` (all traffic) and port ranges covering 22/3389 count. A source
 * from a parameter is unknown. ECS Exec and SSM Session Manager need no
 * inbound port, so they pass by construction.
 */
export const NoPublicRemoteAccess: AwsRule = {
  id: 'NoPublicRemoteAccess',
  items: ['COMPUTE-REMOTE-ACCESS'],
  types: [SG, INGRESS, NACL_ENTRY],
  severity: Severity.HIGH,
  description: 'No security group or network ACL entry admits port 22 or 3389 from 0.0.0.0/0 or ::/0.',
  fix: 'Remove the SSH/RDP ingress; reach instances through SSM Session Manager and containers through ECS Exec.',
  fsbp: ['EC2.13', 'EC2.21'],
  controlTower: ['CT.EC2.PR.5'],
  check(res, { index }) {
    if (res.type === NACL_ENTRY) return judgeNaclEntry(index, res);
    if (res.type === INGRESS) {
      const g = index.prop(res, 'GroupId');
      if (g.k === 'ref' && g.target.type === SG) return undefined; // judged with its group
      return judgeIngress(index, res.properties, 'Properties') ?? pass('Properties', undefined, 'no SSH/RDP from the internet');
    }
    const out: Verdict[] = [];
    for (const [i, rule] of (V.list(index.prop(res, 'SecurityGroupIngress')) ?? []).entries()) {
      const v = judgeIngress(index, rule, `Properties.SecurityGroupIngress.${i}`);
      if (v) out.push(v);
    }
    for (const ing of index.referrers(res, INGRESS)) {
      const g = index.prop(ing, 'GroupId');
      if (g.k !== 'ref' || g.target !== res) continue;
      const v = judgeIngress(index, ing.properties, 'Properties', ing);
      if (v) out.push(v);
    }
    if (out.length > 0) return out;
    return pass('Properties.SecurityGroupIngress', undefined, 'no SSH (22) or RDP (3389) from the internet');
  },
};
