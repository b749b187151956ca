import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { CLASSIC_PROTOCOLS_BELOW_TLS12, isElbTls12Policy } from '../../../checklist/policy/tls';

/**
 * Classic Load Balancers (`AWS::ElasticLoadBalancing::LoadBalancer`): their
 * listeners are a property of the load balancer, and the TLS negotiation
 * policy of an HTTPS/SSL listener is either a predefined policy named in its
 * `PolicyNames`, or a policy of the load balancer's `Policies` (type
 * `SSLNegotiationPolicyType`) that references a predefined one or lists the
 * protocols it allows.
 */

/** One listener of a Classic Load Balancer in the current world. @internal */
export interface ClassicListener {
  readonly index: number;
  readonly v: Val;
  /** `HTTP`, `HTTPS`, `TCP` or `SSL`. */
  readonly protocol: string;
  readonly port: string;
}

/** The listeners of a Classic Load Balancer; throws `Undecidable` when the list or a protocol is decided at deploy time. @internal */
export function classicListeners(index: TemplateIndex, clb: CfnResource): ClassicListener[] {
  const list = index.prop(clb, 'Listeners');
  if (list.k === 'unknown') throw new Undecidable(list.why);
  return (index.items(list) ?? []).map((v, i) => {
    const p = index.field(v, 'Protocol');
    if (p.k === 'unknown') throw new Undecidable(`the protocol of listener ${i} is decided at deploy time (${p.why})`);
    const protocol = (V.str(p) ?? '').toUpperCase();
    const port = index.field(v, 'LoadBalancerPort');
    return { index: i, v, protocol, port: port.k === 'lit' ? V.show(port) : '?' };
  });
}

/** The attributes of a load balancer policy, by name. */
function policyAttributes(index: TemplateIndex, policy: Val): Map<string, Val> {
  const out = new Map<string, Val>();
  for (const a of index.items(index.field(policy, 'Attributes')) ?? []) {
    const name = V.str(index.field(a, 'Name'));
    if (name !== undefined) out.set(name, index.field(a, 'Value'));
  }
  return out;
}

/**
 * Why the TLS negotiation of one HTTPS/SSL listener accepts TLS versions
 * older than 1.2, or undefined when it accepts 1.2+ only. Throws `Undecidable`
 * when the policy is decided at deploy time.
 * @internal
 */
export function classicTlsProblem(index: TemplateIndex, clb: CfnResource, listener: ClassicListener): string | undefined {
  const names = (index.items(index.field(listener.v, 'PolicyNames')) ?? []).map((n) => V.str(n) ?? '');
  const policies = index.items(index.prop(clb, 'Policies')) ?? [];
  const negotiation: { name: string; v: Val }[] = [];
  for (const p of policies) {
    if (V.str(index.field(p, 'PolicyType')) !== 'SSLNegotiationPolicyType') continue;
    const name = V.str(index.field(p, 'PolicyName')) ?? '';
    const ports = (index.items(index.field(p, 'LoadBalancerPorts')) ?? []).map((x) => V.str(x));
    if (names.includes(name) || ports.includes(listener.port)) negotiation.push({ name, v: p });
  }
  const predefined = names.find((n) => /^ELBSecurityPolicy-/.test(n));
  if (negotiation.length === 0) {
    if (predefined === undefined) return 'no TLS negotiation policy: the default ELBSecurityPolicy-2016-08 accepts TLS 1.0 and 1.1';
    return isElbTls12Policy(predefined) ? undefined : `policy ${predefined} accepts TLS versions older than 1.2`;
  }
  for (const { name, v } of negotiation) {
    const attrs = policyAttributes(index, v);
    const ref = attrs.get('Reference-Security-Policy');
    if (ref !== undefined) {
      const r = V.str(ref) ?? '';
      if (!isElbTls12Policy(r)) return `policy ${name} references ${V.show(ref)}, which accepts TLS versions older than 1.2`;
      continue;
    }
    const old = CLASSIC_PROTOCOLS_BELOW_TLS12.filter((k) => attrs.get(k) !== undefined && V.isTrue(attrs.get(k)!));
    if (old.length > 0) return `policy ${name} enables ${old.join(', ')}`;
    if (!attrs.has('Protocol-TLSv1.2') || !V.isTrue(attrs.get('Protocol-TLSv1.2')!)) return `policy ${name} neither references a predefined policy nor enables Protocol-TLSv1.2`;
  }
  return undefined;
}
