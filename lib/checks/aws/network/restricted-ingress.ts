import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { CLASSIC_LB, LB, isInternetFacing, loadBalancersOfGroup } from '../../cfn/load-balancers';
import { SECURITY_GROUP, SG_INGRESS, ingressGroup, ingressRules, judgeEachRule, worldSource } from '../../cfn/network';

/** Resources that reference a security group without being attached to it. */
const NOT_ATTACHMENTS = new Set([SECURITY_GROUP, SG_INGRESS, 'AWS::EC2::SecurityGroupEgress', 'AWS::SSM::Parameter']);

/** Resources that hand a group on to something the template does not show. */
function handsOn(r: CfnResource): boolean {
  return r.type === 'AWS::CloudFormation::Stack' || r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource';
}

/** What the other templates of the run that import a group (exported from this one) attach it to. */
interface Imported {
  /** Attachments other than an internet-facing load balancer: `Inst (AWS::EC2::Instance) of stack App`. */
  readonly direct: string[];
  readonly internal: string[];
  readonly lbs: string[];
  /** Importers whose use of the group this world does not show (behind a value decided at deploy time), or that hand it on. */
  readonly maybe: string[];
}

/**
 * What the resources of the run's other templates that import `sg` (`Fn::ImportValue` of an export of it, see
 * `TemplateIndex.exportsOf`) attach it to, read in their own template in the current world.
 */
function importedAttachments(exports: ReturnType<TemplateIndex['exportsOf']>, sg: CfnResource): Imported {
  const out: Imported = { direct: [], internal: [], lbs: [], maybe: [] };
  for (const e of exports) {
    for (const { index: other, resource: r } of e.importers) {
      if (!other.exists(r) || NOT_ATTACHMENTS.has(r.type)) continue;
      const named = `${r.logicalId} (${r.type}) of stack ${other.stack}`;
      if (!other.targetsOf(other.prop(r, '')).has(sg) || handsOn(r)) out.maybe.push(named);
      else if (r.type === LB || r.type === CLASSIC_LB) (isInternetFacing(r, other) ? out.lbs : out.internal).push(named);
      else out.direct.push(named);
    }
  }
  return out;
}

/**
 * Whether everything a security group is attached to in this world is an
 * internet-facing load balancer (ELBv2 or Classic): a pass, or the verdict
 * that explains why not. The load balancer's scheme is read in every world
 * (undecidable when left open). A group exported from the template's Outputs
 * is handed on: any stack may import it and attach it to anything (unknown);
 * what the run's other templates that import it attach it to is read like an
 * attachment here (an instance fails).
 */
function onlyPublicLoadBalancers(index: TemplateIndex, sg: CfnResource, property: string, shown: string, resource?: CfnResource): Verdict {
  const lbs = loadBalancersOfGroup(index, sg);
  const others = index.referrers(sg).filter((r) => !NOT_ATTACHMENTS.has(r.type) && !lbs.includes(r) && r.type !== LB && r.type !== CLASSIC_LB);
  const internal = lbs.filter((lb) => !isInternetFacing(lb, index));
  const exports = index.exportsOf(sg);
  const imported = importedAttachments(exports, sg);
  const where = `the security group ${sg.logicalId}`;
  if (lbs.length === 0 && others.length === 0 && exports.length === 0) {
    return fail(property, shown, `open to the world on ${shown}, but ${where} is not attached to an internet-facing load balancer of this template`, resource);
  }
  const direct = [...others.filter((r) => !handsOn(r)).map((r) => `${r.logicalId} (${r.type})`), ...imported.direct];
  if (direct.length > 0) {
    return fail(property, shown, `open to the world on ${shown}, and ${where} is also attached to ${direct.slice(0, 3).join(', ')}${direct.length > 3 ? ` and ${direct.length - 3} more` : ''}: only a group used by internet-facing load balancers alone may be`, resource);
  }
  const internalNames = [...internal.map((lb) => lb.logicalId), ...imported.internal];
  if (internalNames.length > 0) {
    return fail(property, shown, `open to the world on ${shown}, but ${where} belongs to internal load balancer ${internalNames.join(', ')}`, resource);
  }
  const handed = [...others.map((r) => r.logicalId), ...imported.maybe];
  if (handed.length > 0 || exports.length > 0) {
    const exported = exports.map((e) => `exported as ${e.name ?? `output ${e.output} (its export name decided at deploy time)`}`);
    return unknown(property, shown, `open to the world on ${shown}; ${where} is ${[...(handed.length > 0 ? [`passed to ${handed.join(', ')}`] : []), ...exported].join(', and ')}, which may attach it to anything${exports.length > 0 ? ' (any stack of the account and region can import an export)' : ''}`, resource);
  }
  return pass(property, shown, `open to the world on ${shown} for internet-facing load balancer ${lbs.map((lb) => lb.logicalId).join(', ')} only`, resource);
}

/** The verdict on one ingress rule: undefined when it is not open to the world, else pass/fail/unknown. */
function judgeRule(index: TemplateIndex, rule: Val, sg: CfnResource | undefined, property: string, resource?: CfnResource): Verdict | undefined {
  const source = worldSource(index, rule);
  if (!source.open) {
    if (source.unknown) return unknown(property, source.unknown, `source CIDR decided at deploy time (${source.unknown.k === 'unknown' ? source.unknown.why : V.show(source.unknown)})`, resource);
    return undefined;
  }
  const open = source.open;
  const proto = V.str(index.field(rule, 'IpProtocol'))?.toLowerCase();
  const fromV = index.field(rule, 'FromPort');
  const toV = index.field(rule, 'ToPort');
  const from = V.num(fromV);
  const to = V.num(toV);
  // A port that is no number here (a database's `Endpoint.Port`, a value built at deploy time) is shown as written.
  const port = (n: number | undefined, v: Val) => (n !== undefined ? String(n) : v.k === 'absent' ? '(no port)' : `port ${V.show(v)}`);
  const sameValue = from !== undefined ? from === to : V.show(fromV) === V.show(toV);
  const ports = proto === '-1' || proto === 'all' ? 'all traffic' : `${proto} ${port(from, fromV)}${sameValue ? '' : `-${port(to, toV)}`}`;
  const shown = `${open} ${ports}`;
  const web = (proto === 'tcp' || proto === '6') && from !== undefined && from === to && (from === 80 || from === 443);
  if (!web) return fail(property, shown, `open to ${open} on ${ports}: only a public load balancer may be open to the world, on 80/443`, resource);
  if (!sg) return unknown(property, shown, `open to ${open} on ${ports}; the security group is not in this template, so it cannot be shown to belong to a public load balancer`, resource);
  return onlyPublicLoadBalancers(index, sg, property, shown, resource);
}

/**
 * NET-RESTRICTED-INGRESS: nothing but a public load balancer on 80/443 is open
 * to the world.
 *
 * Decisions:
 * - A rule open to 0.0.0.0/0 or ::/0 on TCP 80 or 443 passes only when every
 *   resource the group is attached to is an internet-facing load balancer
 *   (ELBv2 or Classic); a group shared by a load balancer and instances, launch
 *   templates, tasks or functions fails, and so does a group of an internal
 *   load balancer or of nothing in the template. A group passed to a nested
 *   stack or a custom resource is unknown, and so is one exported from the
 *   template's Outputs (any stack may import it); where another template of
 *   the same run imports the export (by a name written as text) and attaches
 *   it to anything but an internet-facing load balancer, it fails.
 * - Every value is read in every world: an ingress list with an `Fn::If`
 *   entry, a CIDR from a parameter with AllowedValues, a load balancer scheme
 *   from a parameter or condition. A CIDR from a parameter without
 *   AllowedValues is unknown (its Default is only the likely value).
 */
export const SecurityGroupRestrictedIngress: AwsRule = {
  id: 'SecurityGroupRestrictedIngress',
  items: ['NET-RESTRICTED-INGRESS'],
  types: [SECURITY_GROUP, SG_INGRESS],
  severity: Severity.HIGH,
  description: 'No security group allows 0.0.0.0/0 or ::/0, except a group used only by internet-facing load balancers, on TCP 80 or 443.',
  fix: 'Allow ingress from the load balancer\'s security group (service.connections.allowFrom(alb, Port.tcp(8080))) instead of a world-open CIDR; give the load balancer a group of its own.',
  check(res, { index }) {
    if (res.type === SG_INGRESS) return judgeRule(index, index.prop(res, ''), ingressGroup(index, res), 'Properties');
    const rules = ingressRules(index, res, false);
    if (rules === undefined) {
      const v = index.prop(res, 'SecurityGroupIngress');
      return unknown('Properties.SecurityGroupIngress', v, `ingress decided at deploy time (${v.k === 'unknown' ? v.why : ''})`);
    }
    const out = judgeEachRule(rules, (r) => judgeRule(index, r.rule, res, r.property));
    const bad = out.filter((v) => v.status !== FindingStatus.PASS);
    if (bad.length > 0) return bad;
    if (out.length > 0) return out[0];
    return pass('Properties.SecurityGroupIngress', `${rules.length} rule(s)`, 'no inline ingress rule is open to the world');
  },
};
