import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { worst } from '../../cfn/edge';
import { isAlb, LB, LISTENER, listenerProtocol, listenersOf } from '../../cfn/load-balancers';

/**
 * Security policies that negotiate TLS 1.2 or newer only: every
 * `ELBSecurityPolicy-TLS13-1-2-*` / `-TLS13-1-3-*` (including the FIPS and
 * post-quantum variants), the forward-secrecy `FS-1-2-*` policies and
 * `TLS-1-2-*`. The ELB default `ELBSecurityPolicy-2016-08` accepts TLS 1.0.
 */
const TLS12_PLUS = [/^ELBSecurityPolicy-TLS13-1-[23]-/, /^ELBSecurityPolicy-FS-1-2-/, /^ELBSecurityPolicy-TLS-1-2-/];

/** Whether an ELB security policy name allows only TLS 1.2+. @internal */
export function isTls12PlusPolicy(name: string): boolean {
  return TLS12_PLUS.some((r) => r.test(name));
}

/** EDGE-HTTPS-LISTENER: an ALB serves HTTPS, and every HTTPS/TLS listener uses a TLS 1.2+ policy and a certificate. */
export const ElbHttpsListener: AwsRule = {
  id: 'ElbHttpsListener',
  items: ['EDGE-HTTPS-LISTENER'],
  types: [LB, LISTENER],
  severity: Severity.HIGH,
  description: 'Application Load Balancers have an HTTPS listener; HTTPS/TLS listeners use a TLS 1.2+ security policy and a certificate.',
  fix: 'Add an HTTPS listener with sslPolicy: SslPolicy.RECOMMENDED_TLS (ELBSecurityPolicy-TLS13-1-2-2021-06) and an ACM certificate.',
  fsbp: ['ELB.17'],
  controlTower: ['CT.ELASTICLOADBALANCING.PR.2'],
  check(res, { index }) {
    if (res.type === LB) {
      if (!isAlb(res, index)) return undefined;
      const listeners = listenersOf(index, res);
      const https = listeners.filter((l) => listenerProtocol(index, l) === 'HTTPS');
      if (https.length > 0) return pass('Listeners', https.map((l) => l.logicalId).join(', '), `HTTPS listener(s): ${https.map((l) => l.logicalId).join(', ')}`);
      const computed = listeners.find((l) => index.prop(l, 'Protocol').k === 'unknown');
      if (computed) return unknown('Listeners', index.prop(computed, 'Protocol'), `listener ${computed.logicalId} protocol decided at deploy time`);
      return fail('Listeners', listeners.map((l) => `${l.logicalId}:${listenerProtocol(index, l) ?? '?'}`).join(', ') || '(none)', 'the load balancer has no HTTPS listener');
    }
    const protocol = index.prop(res, 'Protocol');
    if (protocol.k === 'unknown') return unknown('Properties.Protocol', protocol, `listener protocol decided at deploy time (${protocol.why})`);
    const proto = listenerProtocol(index, res);
    if (proto !== 'HTTPS' && proto !== 'TLS') return undefined;
    const out: Verdict[] = [];
    const policy = index.prop(res, 'SslPolicy');
    const name = V.str(policy);
    if (policy.k === 'unknown') out.push(unknown('Properties.SslPolicy', policy, `security policy decided at deploy time (${policy.why})`));
    else if (policy.k === 'absent') out.push(fail('Properties.SslPolicy', policy, 'no SslPolicy: the ELB default ELBSecurityPolicy-2016-08 accepts TLS 1.0 and 1.1'));
    else if (name !== undefined && isTls12PlusPolicy(name)) out.push(pass('Properties.SslPolicy', policy, `security policy ${name} negotiates TLS 1.2+ only`));
    else out.push(fail('Properties.SslPolicy', policy, `security policy ${V.show(policy)} accepts TLS versions older than 1.2`));
    const certs = index.prop(res, 'Certificates');
    const list = V.list(certs);
    if (certs.k === 'unknown') out.push(unknown('Properties.Certificates', certs, `certificates decided at deploy time (${certs.why})`));
    else if (!list || list.length === 0) out.push(fail('Properties.Certificates', certs, `${proto} listener without a certificate`));
    else out.push(pass('Properties.Certificates', `${list.length} certificate(s)`, `${proto} listener has ${list.length} certificate(s)`));
    return worst(out);
  },
};
