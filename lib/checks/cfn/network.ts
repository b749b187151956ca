import { CfnResource, TemplateIndex, Val, V } from '../template-index';

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
 * The subnets of a list property. `unknown` carries the reason when the list
 * (or an entry) is decided at deploy time; `absent` when there is no list.
 * @internal
 */
export function subnetsOf(index: TemplateIndex, v: Val): { subnets: SubnetRef[] } | { unknown: string } | { absent: true } {
  if (v.k === 'absent') return { absent: true };
  if (v.k === 'unknown') return { unknown: v.why };
  const list = V.list(v);
  if (!list) return { unknown: `subnet list ${V.show(v)} is computed at deploy time` };
  const out: SubnetRef[] = [];
  for (const raw of list) {
    const s = index.value(raw);
    if (s.k === 'ref' && s.target.type === SUBNET) out.push({ name: s.target.logicalId, res: s.target });
    else if (s.k === 'lit' && typeof s.v === 'string') out.push({ name: s.v });
    else if (s.k === 'absent') continue;
    else return { unknown: `subnet ${V.show(s)} is decided at deploy time` };
  }
  return { subnets: out };
}

/**
 * A key naming the availability zone of a subnet of this template, or
 * undefined when the zone is decided at deploy time. `Fn::Select` over
 * `Fn::GetAZs` at distinct indexes names distinct zones.
 * @internal
 */
export function zoneOf(index: TemplateIndex, subnet: CfnResource): string | undefined {
  for (const prop of ['AvailabilityZone', 'AvailabilityZoneId']) {
    const raw = subnet.properties[prop];
    if (raw === undefined) continue;
    const sel = raw?.['Fn::Select'];
    if (Array.isArray(sel) && sel[1] && typeof sel[1] === 'object' && 'Fn::GetAZs' in sel[1]) {
      const i = V.num(index.value(sel[0]));
      const region = V.show(index.value(sel[1]['Fn::GetAZs']));
      return i === undefined ? undefined : `GetAZs(${region})[${i}]`;
    }
    const v = V.str(index.value(raw));
    if (v !== undefined) return v;
    return undefined;
  }
  return undefined;
}

/** Why a subnet of this template is public (public IPs on launch, or a route to an internet gateway), or undefined. @internal */
export function publicReason(index: TemplateIndex, subnet: CfnResource): string | undefined {
  if (V.isTrue(index.prop(subnet, 'MapPublicIpOnLaunch'))) return 'MapPublicIpOnLaunch is true';
  const assocs = index.referrers(subnet, 'AWS::EC2::SubnetRouteTableAssociation');
  for (const a of assocs) {
    const rt = index.prop(a, 'RouteTableId');
    if (rt.k !== 'ref') continue;
    for (const route of index.referrers(rt.target, 'AWS::EC2::Route')) {
      const gw = index.prop(route, 'GatewayId');
      const isIgw = (gw.k === 'ref' && gw.target.type === 'AWS::EC2::InternetGateway') || /^igw-/.test(V.str(gw) ?? '');
      if (isIgw) return `its route table ${rt.target.logicalId} routes to an internet gateway (${route.logicalId})`;
    }
  }
  return undefined;
}
