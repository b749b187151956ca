/* eslint-disable @typescript-eslint/no-explicit-any */
import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';

const SG = 'AWS::EC2::SecurityGroup';
const INGRESS = 'AWS::EC2::SecurityGroupIngress';
const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Whether a security group is attached to an internet-facing load balancer of this template. */
function onPublicLoadBalancer(index: TemplateIndex, sg: CfnResource): CfnResource | undefined {
  return index.referrers(sg, LB).find((lb) => {
    const scheme = index.prop(lb, 'Scheme');
    const groups = V.list(index.prop(lb, 'SecurityGroups')) ?? [];
    const attached = groups.some((g) => { const v = index.value(g); return v.k === 'ref' && v.target === sg; });
    return attached && (scheme.k === 'absent' || V.str(scheme) === 'internet-facing');
  });
}

/**
 * The verdict on one ingress rule (raw object): undefined when it is not open
 * to the world, else pass/fail/unknown.
 */
function judgeRule(index: TemplateIndex, rule: any, sg: CfnResource | undefined, property: string, resource?: CfnResource): Verdict | undefined {
  const cidrs = [index.at(rule, 'CidrIp'), index.at(rule, 'CidrIpv6')];
  const computed = cidrs.find((c) => c.k === 'unknown');
  const open = cidrs.map((c) => V.str(c)).find((c) => c !== undefined && WORLD.has(c));
  if (!open) {
    if (computed) return unknown(property, computed, 'source CIDR decided at deploy time', resource);
    return undefined;
  }
  const proto = V.str(index.at(rule, 'IpProtocol'));
  const from = V.num(index.at(rule, 'FromPort'));
  const to = V.num(index.at(rule, 'ToPort'));
  const ports = proto === '-1' ? 'all traffic' : `${proto} ${from}${to !== from ? `-${to}` : ''}`;
  const web = (proto === 'tcp' || proto === '6') && from !== undefined && from === to && (from === 80 || from === 443);
  if (!web) return fail(property, `${open} ${ports}`, `open to ${open} on ${ports}: only a public load balancer may be open to the world, on 80/443`, resource);
  if (!sg) return unknown(property, `${open} ${ports}`, `open to ${open} on ${ports}; the security group is not in this template, so it cannot be shown to belong to a public load balancer`, resource);
  const lb = onPublicLoadBalancer(index, sg);
  if (lb) return pass(property, `${open} ${ports}`, `open to ${open} on ${ports} for internet-facing load balancer ${lb.logicalId}`, resource);
  return fail(property, `${open} ${ports}`, `open to ${open} on ${ports}, but the security group is not attached to an internet-facing load balancer`, resource);
}

/** NET-RESTRICTED-INGRESS: nothing but a public load balancer on 80/443 is open to the world. */
export const SecurityGroupRestrictedIngress: AwsRule = {
  id: 'SecurityGroupRestrictedIngress',
  items: ['NET-RESTRICTED-INGRESS'],
  types: [SG, INGRESS],
  severity: Severity.HIGH,
  description: 'No security group allows 0.0.0.0/0 or ::/0, except an internet-facing load balancer\'s group on TCP 80 or 443.',
  fix: 'Allow ingress from the load balancer\'s security group (service.connections.allowFrom(alb, Port.tcp(8080))) instead of a world-open CIDR.',
  fsbp: ['EC2.18', 'EC2.19'],
  controlTower: ['CT.EC2.PR.3', 'CT.EC2.PR.4'],
  check(res, { index }) {
    if (res.type === INGRESS) {
      const g = index.prop(res, 'GroupId');
      const sg = g.k === 'ref' && g.target.type === SG ? g.target : undefined;
      return judgeRule(index, res.properties, sg, 'Properties');
    }
    const rules = index.prop(res, 'SecurityGroupIngress');
    if (rules.k === 'unknown') return unknown('Properties.SecurityGroupIngress', rules, `ingress decided at deploy time (${rules.why})`);
    const out: Verdict[] = [];
    (V.list(rules) ?? []).forEach((r, i) => {
      const v = judgeRule(index, r, res, `Properties.SecurityGroupIngress.${i}`);
      if (v) out.push(v);
    });
    const bad = out.filter((v) => v.status !== FindingStatus.PASS);
    if (bad.length > 0) return bad;
    if (out.length > 0) return out[0];
    return pass('Properties.SecurityGroupIngress', `${(V.list(rules) ?? []).length} rule(s)`, 'no inline ingress rule is open to the world');
  },
};
