import { AZS_STACK_REGION, CfnResource, markedAzs, pseudoMark, TemplateIndex, Val, V } from '../template-index';
import { Verdict, unknown } from '../rule';
import { Undecidable } from '../world';
import { entries } from './lists';

/** @internal */
export const SUBNET = 'AWS::EC2::Subnet';

/** One subnet a resource is placed in: a subnet of this template, or an id from elsewhere. @internal */
export interface SubnetRef {
  /** Evidence text: the logical id or the literal subnet id. */
  readonly name: string;
  /** The subnet resource, when it is in this template. */
  readonly res?: CfnResource;
}

/**
 * The subnets of a list property, in the current world (with `field`, the
 * subnet is that field of each entry: `SubnetMappings` entries' `SubnetId`).
 * `unknown` carries the reason when the list (or an entry) is decided at
 * deploy time; `absent` when there is no list.
 * @internal
 */
export function subnetsOf(index: TemplateIndex, v: Val, field?: string): { subnets: SubnetRef[] } | { unknown: string } | { absent: true } {
  if (v.k === 'absent') return { absent: true };
  const list = entries(index, v);
  if (list === undefined) return { unknown: v.k === 'unknown' ? v.why : 'subnets decided at deploy time' };
  if (V.list(v) === undefined) return { unknown: `subnet list ${V.show(v)} is computed at deploy time` };
  const out: SubnetRef[] = [];
  for (const e of list) {
    const s = field ? index.field(e.value, field) : e.value;
    if (s.k === 'absent') continue;
    if (s.k === 'ref' && s.target.type === SUBNET) out.push({ name: s.target.logicalId, res: s.target });
    else if (s.k === 'lit' && typeof V.str(s) === 'string') out.push({ name: V.str(s)! });
    else return { unknown: `subnet ${V.show(s)} is decided at deploy time` };
  }
  return { subnets: out };
}

/**
 * A pinned availability zone, comparable with zones of the same kind only: equal keys are one zone, different keys
 * different zones. Zones of different kinds (a zone name and an entry of `Fn::GetAZs`, a zone name and a zone id)
 * may be the same zone.
 * @internal
 */
export interface Zone {
  /**
   * `name`: a zone name (`eu-west-1a`, or a text on the stack's region when the region is known); `id`: a zone id
   * (`euw1-az1`, `AvailabilityZoneId`); `azs`: an entry of `Fn::GetAZs`; `region`: a text built on the stack's
   * region when the region is not known.
   */
  readonly kind: 'name' | 'id' | 'azs' | 'region';
  readonly key: string;
  readonly shown: string;
}

/** No zone pinned (the property is absent): the service places it. @internal */
export const PLACED = 'placed';

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The stack's region as the index places it in a text (`pseudoMark`). */
const STACK_REGION = pseudoMark('AWS::Region');

/**
 * The zone an `AvailabilityZone` value pins, or PLACED when absent; undefined when it cannot be compared (a
 * reference, a region from a parameter...). A zone name is its own key; `Fn::Select` of `Fn::GetAZs` is keyed by
 * region and index (the stack's region written as `''`, `Ref AWS::Region` or the region's name is one region, so
 * equal indexes are one zone); a `Fn::Sub`/`Fn::Join` on the stack's region alone by its text (by the zone name
 * when the region is known); a subnet's `AvailabilityZone` attribute by the subnet's zone.
 * @internal
 */
export function zoneKey(index: TemplateIndex, v: Val, depth = 0): Zone | typeof PLACED | undefined {
  if (v.k === 'absent') return PLACED;
  const regionVal = index.value({ Ref: 'AWS::Region' });
  const region = regionVal.k === 'lit' && typeof regionVal.v === 'string' ? regionVal.v : undefined;
  if (v.k === 'lit') {
    const name = typeof v.v === 'string' ? (V.str(v) ?? '').trim() : '';
    return name === '' ? undefined : { kind: 'name', key: name, shown: name };
  }
  if (v.k === 'ref') {
    if (depth > 0 || v.target.type !== SUBNET || v.attr !== 'AvailabilityZone') return undefined;
    const z = zoneKey(index, index.prop(v.target, 'AvailabilityZone'), depth + 1);
    return z === PLACED ? undefined : z;
  }
  if (v.k !== 'expr' || v.refs.length > 0) return undefined;
  // Fn::Select over Fn::GetAZs as the index places it (`azsMark`), never the same characters written as text.
  const marked = markedAzs(v.text);
  if (marked) {
    const azs = [v.text, marked.region, String(marked.index)];
    const r = azs[1];
    const stack = r === '' || r === AZS_STACK_REGION || r === V.show(regionVal).replace(/[{}]/g, '') || (region !== undefined && r === region);
    if (!stack && !REGION_NAME.test(r)) return undefined;
    // A named region and the stack's region not known here may be one region: not comparable.
    if (!stack && region === undefined) return undefined;
    const key = stack ? region ?? STACK_REGION : r;
    return { kind: 'azs', key: `${key}[${azs[2]}]`, shown: `zone ${azs[2]} of Fn::GetAZs(${key})` };
  }
  const rest = v.text.split(STACK_REGION).join('');
  if (rest.includes('${')) return undefined;
  if (region !== undefined) {
    const name = v.text.split(STACK_REGION).join(region);
    return { kind: 'name', key: name, shown: name };
  }
  return { kind: 'region', key: v.text, shown: v.text };
}

/**
 * The zone of a subnet of this template in the current world (`AvailabilityZone` by {@link zoneKey}, or a literal
 * `AvailabilityZoneId`), or undefined when it is decided at deploy time or not written.
 * @internal
 */
export function subnetZone(index: TemplateIndex, subnet: CfnResource): Zone | undefined {
  const id = index.prop(subnet, 'AvailabilityZoneId');
  if (id.k !== 'absent') {
    const text = id.k === 'lit' ? V.str(id)?.trim() : undefined;
    return text ? { kind: 'id', key: text, shown: `zone id ${text}` } : undefined;
  }
  const z = zoneKey(index, index.prop(subnet, 'AvailabilityZone'));
  return z === PLACED ? undefined : z;
}

/**
 * How many distinct zones these zones surely are: the most distinct keys of any one kind (zones of different kinds
 * may coincide, so they never add up).
 * @internal
 */
export function surelyDistinctZones(zones: readonly Zone[]): number {
  const byKind = new Map<string, Set<string>>();
  for (const z of zones) {
    if (!byKind.has(z.kind)) byKind.set(z.kind, new Set());
    byKind.get(z.kind)!.add(z.key);
  }
  return Math.max(0, ...[...byKind.values()].map((keys) => keys.size));
}

/**
 * Why a subnet of this template is public (public IPs on launch, or a route to
 * an internet gateway) in the current world, or undefined. Undecidable when a
 * route table or gateway it uses is outside the template or open, and when it
 * has no route table association in a VPC outside the template (that VPC's
 * main route table, maybe the default VPC's, with its internet route).
 * @internal
 */
export function publicReason(index: TemplateIndex, subnet: CfnResource): string | undefined {
  if (V.isTrue(index.prop(subnet, 'MapPublicIpOnLaunch'))) return 'MapPublicIpOnLaunch is true';
  const assocs = index.referrers(subnet, 'AWS::EC2::SubnetRouteTableAssociation');
  if (assocs.length === 0) {
    // No association: the subnet uses its VPC's main route table. A VPC of this template gets one with its local
    // route only (CloudFormation cannot add routes to it); an existing VPC's may route to an internet gateway, as
    // the default VPC's main route table does.
    const vpc = index.prop(subnet, 'VpcId');
    if (!(vpc.k === 'ref' && vpc.target.type === 'AWS::EC2::VPC')) {
      throw new Undecidable(`subnet ${subnet.logicalId} has no route table association, so it uses the main route table of VPC ${V.show(vpc)}, which is not in this template: whether it routes to an internet gateway cannot be seen`);
    }
  }
  for (const a of assocs) {
    const rt = index.prop(a, 'RouteTableId');
    if (rt.k !== 'ref') throw new Undecidable(`the route table of ${a.logicalId} is not in this template (${V.show(rt)}): whether it routes to an internet gateway cannot be seen`);
    for (const route of index.referrers(rt.target, 'AWS::EC2::Route')) {
      if (!index.refsOf(index.prop(route, 'RouteTableId')).has(rt.target.logicalId)) continue;
      const gw = index.prop(route, 'GatewayId');
      if (gw.k === 'unknown') throw new Undecidable(`the gateway of route ${route.logicalId} is decided at deploy time (${gw.why})`);
      const isIgw = (gw.k === 'ref' && gw.target.type === 'AWS::EC2::InternetGateway') || /^igw-/.test((gw.k === 'lit' ? V.str(gw) : undefined) ?? '');
      if (isIgw) return `its route table ${rt.target.logicalId} routes to an internet gateway (${route.logicalId})`;
    }
  }
  return undefined;
}

/** @internal */
export const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
/** @internal */
export const SG_INGRESS = 'AWS::EC2::SecurityGroupIngress';

/**
 * Whether a CIDR admits the internet: a public range of at least an IPv4 /8 (16.7 million addresses) or an IPv6
 * /16. So `0.0.0.0/0`, `::/0` and their other spellings (`0::/0`, `1.2.3.4/0`), and the halves or quarters of the
 * internet written as separate rules (`0.0.0.0/1` and `128.0.0.0/1`), each count; `10.0.0.0/8` (private),
 * `fc00::/7` (unique local), a /16 of IPv4 or a /48 of IPv6 do not. Text that is not a CIDR is not the internet.
 * @internal
 */
export function internetCidr(text: string): boolean {
  const m = /^\s*([0-9A-Fa-f.:]+)\/(\d{1,3})\s*$/.exec(text);
  if (!m) return false;
  const len = Number(m[2]);
  if (m[1].includes(':')) {
    if (len > 16) return false;
    if (len < 7) return true;
    const first = parseInt(m[1].split(':')[0] || '0', 16);
    return (first & 0xfe00) !== 0xfc00; // fc00::/7: unique local addresses, never the internet
  }
  if (len > 8) return false;
  const octet = Number(m[1].split('.')[0]);
  return !(len === 8 && (octet === 10 || octet === 127 || octet === 0));
}

/** A customer-managed prefix list: an ingress rule naming it admits the CIDRs of its `Entries`. */
const PREFIX_LIST = 'AWS::EC2::PrefixList';

/** One ingress rule: an inline entry of a security group, or a standalone ingress resource. @internal */
export interface IngressRule {
  /** The rule, resolved in the current world (read its fields with `index.field`). */
  readonly rule: Val;
  /** Property path of the rule, for evidence. */
  readonly property: string;
  /** The standalone ingress resource, when the rule is one. */
  readonly resource?: CfnResource;
}

/**
 * The ingress rules of a security group in the current world: its inline
 * `SecurityGroupIngress` entries (an entry behind `Fn::If` only where its
 * condition holds) and, with `standalone`, the `AWS::EC2::SecurityGroupIngress`
 * resources of this template attached to it. Undefined when the inline list is
 * decided at deploy time.
 * @internal
 */
export function ingressRules(index: TemplateIndex, sg: CfnResource, standalone: boolean): IngressRule[] | undefined {
  const inline = entries(index, index.prop(sg, 'SecurityGroupIngress'));
  if (inline === undefined) return undefined;
  const out: IngressRule[] = inline.map((e) => ({ rule: e.value, property: `Properties.SecurityGroupIngress.${Math.max(e.position, 0)}` }));
  if (standalone) {
    for (const ing of index.referrers(sg, SG_INGRESS)) {
      if (ingressGroup(index, ing) === sg) out.push({ rule: index.prop(ing, ''), property: 'Properties', resource: ing });
    }
  }
  return out;
}

/** The security group of this template a standalone ingress resource attaches to (`GroupId`), in the current world. @internal */
export function ingressGroup(index: TemplateIndex, ing: CfnResource): CfnResource | undefined {
  const g = index.prop(ing, 'GroupId');
  return g.k === 'ref' && g.target.type === SECURITY_GROUP ? g.target : undefined;
}

/**
 * Whether an ingress rule (or a network ACL entry, with `keys` CidrBlock and
 * Ipv6CidrBlock) admits the whole internet: `open` names the world
 * CIDR; `unknown` is a source decided at deploy time (an open parameter: its
 * Default is never proof). Neither when the source is a restricted range, a
 * prefix list or another security group.
 * @internal
 */
export function worldSource(index: TemplateIndex, rule: Val, keys = ['CidrIp', 'CidrIpv6']): { open?: string; unknown?: Val } {
  let undecided: Val | undefined;
  for (const key of keys) {
    const c = index.field(rule, key);
    if (c.k === 'unknown') { undecided ??= c; continue; }
    const s = c.k === 'lit' ? V.str(c) : undefined;
    if (s !== undefined && internetCidr(s)) return { open: s.trim() };
    // A VPC's own CIDR block is never the world; any other computed source may be.
    if (c.k !== 'absent' && c.k !== 'lit' && !(c.k === 'ref' && c.target.type === 'AWS::EC2::VPC')) undecided ??= c;
  }
  if (keys.includes('CidrIp')) {
    // A prefix list admits what its entries name: read from the template, or unknown (a managed list, an id).
    const pl = index.field(rule, 'SourcePrefixListId');
    if (pl.k === 'ref' && pl.target.type === PREFIX_LIST) {
      const list = entries(index, index.prop(pl.target, 'Entries'));
      if (list === undefined) undecided ??= { k: 'unknown', why: `the entries of prefix list ${pl.target.logicalId} are decided at deploy time` };
      for (const e of list ?? []) {
        const cidr = index.field(e.value, 'Cidr');
        const text = cidr.k === 'lit' ? V.str(cidr) : undefined;
        if (text !== undefined && internetCidr(text)) return { open: `${text.trim()} (prefix list ${pl.target.logicalId})` };
        if (text === undefined) undecided ??= cidr.k === 'unknown' ? cidr : { k: 'unknown', why: `an entry of prefix list ${pl.target.logicalId} is decided at deploy time (${V.show(cidr)})` };
      }
    } else if (pl.k !== 'absent') {
      undecided ??= pl.k === 'unknown' ? pl : { k: 'unknown', why: `prefix list ${V.show(pl)} is not in this template: its entries cannot be read` };
    }
  }
  return undecided ? { unknown: undecided } : {};
}

/**
 * `judge(rule)` for each ingress rule, where a value one rule cannot decide
 * makes that rule's verdict unknown without hiding what the others show.
 * @internal
 */
export function judgeEachRule(rules: IngressRule[], judge: (r: IngressRule) => Verdict | undefined): Verdict[] {
  const out: Verdict[] = [];
  for (const r of rules) {
    try {
      const v = judge(r);
      if (v) out.push(v);
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      out.push(unknown(r.property, undefined, `cannot be decided at synth: ${e.why}`, r.resource));
    }
  }
  return out;
}
