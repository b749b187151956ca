import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { worst } from '../../cfn/edge';
import { LB, LISTENER, lbType, listenerProtocol, listenersOf } from '../../cfn/load-balancers';
import { isElbTls12Policy } from '../../../checklist/policy/tls';


/** EDGE-HTTPS-LISTENER: an ALB serves HTTPS, and every HTTPS/TLS listener uses a TLS 1.2+ policy and a certificate. */
export const ElbHttpsListener: AwsRule = {
  id: 'ElbHttpsListener',
  items: ['EDGE-HTTPS-LISTENER'],
  types: [LB, LISTENER],
  severity: Severity.HIGH,
  description: 'Application Load Balancers have an HTTPS listener and network load balancers a TLS listener; HTTPS/TLS listeners use a TLS 1.2+ security policy and a certificate.',
  fix: 'Add an HTTPS listener with sslPolicy: SslPolicy.RECOMMENDED_TLS (ELBSecurityPolicy-TLS13-1-2-2021-06) and an ACM certificate.',
  check(res, { index }) {
    if (res.type === LB) {
      const type = lbType(res, index);
      if (type !== 'application' && type !== 'network') return undefined;
      const want = type === 'application' ? 'HTTPS' : 'TLS';
      const seen: { id: string; protocol?: string; port: string; portOpen?: string }[] = [];
      let undecided: { id: string; why: string } | undefined;
      for (const l of listenersOf(index, res)) {
        const protocol = index.prop(l, 'Protocol');
        if (protocol.k === 'unknown') { undecided = { id: l.logicalId, why: protocol.why }; continue; }
        const port = index.prop(l, 'Port');
        seen.push({ id: l.logicalId, protocol: V.str(protocol)?.toUpperCase(), port: port.k === 'lit' ? V.show(port) : '?', ...(port.k === 'unknown' ? { portOpen: port.why } : {}) });
      }
      const secure = seen.filter((l) => l.protocol === want);
      if (secure.length > 0) return pass('Listeners', secure.map((l) => l.id).join(', '), `${want} listener(s): ${secure.map((l) => l.id).join(', ')}`);
      if (undecided) return unknown('Listeners', undecided.id, `listener ${undecided.id} protocol decided at deploy time (${undecided.why})`);
      const shown = seen.map((l) => `${l.id}:${l.protocol ?? '?'}`).join(', ') || '(none)';
      if (type === 'network') {
        if (seen.length > 0 && seen.every((l) => l.protocol === 'UDP')) return undefined; // no TLS/HTTPS traffic to judge
        const passthrough = seen.find((l) => (l.protocol === 'TCP' || l.protocol === 'TCP_UDP') && l.port === '443');
        if (passthrough) return unknown('Listeners', shown, `TCP listener ${passthrough.id} on 443 passes TLS through to the targets, whose certificate and TLS policy the template does not show`);
        // A TCP listener whose port is decided at deploy time may be on 443, passing TLS through.
        const mayPass = seen.find((l) => (l.protocol === 'TCP' || l.protocol === 'TCP_UDP') && l.portOpen !== undefined);
        if (mayPass) return unknown('Listeners', shown, `TCP listener ${mayPass.id}'s port is decided at deploy time (${mayPass.portOpen}): on 443 it passes TLS through to the targets, whose certificate and TLS policy the template does not show`);
        return fail('Listeners', shown, 'the network load balancer has no TLS listener: traffic crosses it unencrypted');
      }
      return fail('Listeners', shown, 'the load balancer has no HTTPS listener');
    }
    const protocol = index.prop(res, 'Protocol');
    if (protocol.k === 'unknown') return unknown('Properties.Protocol', protocol, `listener protocol decided at deploy time (${protocol.why})`);
    const proto = listenerProtocol(index, res);
    if (proto !== 'HTTPS' && proto !== 'TLS') return undefined;
    const out: Verdict[] = [];
    const policy = index.prop(res, 'SslPolicy');
    const name = policy.k === 'unknown' ? undefined : V.str(policy);
    if (policy.k === 'unknown') out.push(unknown('Properties.SslPolicy', policy, `security policy decided at deploy time (${policy.why})`));
    else if (policy.k === 'absent') out.push(fail('Properties.SslPolicy', policy, 'no SslPolicy: the ELB default ELBSecurityPolicy-2016-08 accepts TLS 1.0 and 1.1'));
    else if (name !== undefined && isElbTls12Policy(name)) out.push(pass('Properties.SslPolicy', policy, `security policy ${name} negotiates TLS 1.2+ only`));
    else out.push(fail('Properties.SslPolicy', policy, `security policy ${V.show(policy)} accepts TLS versions older than 1.2`));
    const certs = index.prop(res, 'Certificates');
    const list = index.items(certs);
    if (certs.k === 'unknown') out.push(unknown('Properties.Certificates', certs, `certificates decided at deploy time (${certs.why})`));
    else if (!list || list.length === 0) out.push(fail('Properties.Certificates', certs, `${proto} listener without a certificate`));
    else out.push(pass('Properties.Certificates', `${list.length} certificate(s)`, `${proto} listener has ${list.length} certificate(s)`));
    return worst(out);
  },
};
