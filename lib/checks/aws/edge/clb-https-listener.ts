import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { worst } from '../../cfn/edge';
import { CLASSIC_LB } from '../../cfn/load-balancers';
import { classicListeners, classicTlsProblem } from './classic-lb';

/**
 * EDGE-HTTPS-LISTENER (Classic Load Balancer): an HTTPS/SSL listener with a certificate and a TLS 1.2+ policy.
 *
 * Decisions: no HTTPS or SSL listener fails, unless a TCP listener on 443 (or on a port decided at deploy time)
 * passes TLS through to the instances: unknown, as for a Network Load Balancer's TCP:443 (ElbHttpsListener).
 */
export const ClbHttpsListener: AwsRule = {
  id: 'ClbHttpsListener',
  items: ['EDGE-HTTPS-LISTENER'],
  types: [CLASSIC_LB],
  severity: Severity.HIGH,
  description: 'Classic Load Balancers terminate HTTPS or SSL, and every HTTPS/SSL listener has a certificate and a TLS 1.2+ negotiation policy (ELBSecurityPolicy-TLS-1-2-2017-01).',
  fix: 'Add an HTTPS listener with an ACM certificate and the predefined policy ELBSecurityPolicy-TLS-1-2-2017-01 (or move to an Application Load Balancer).',
  check(res, { index }) {
    const listeners = classicListeners(index, res);
    const secure = listeners.filter((l) => l.protocol === 'HTTPS' || l.protocol === 'SSL');
    if (secure.length === 0) {
      const shown = listeners.map((l) => `${l.protocol}:${l.port}`).join(', ') || '(none)';
      // TCP on 443 passes TLS through to the instances, which may terminate TLS 1.2+ themselves (as ElbHttpsListener decides for an NLB).
      const passthrough = listeners.find((l) => l.protocol === 'TCP' && (l.port === '443' || index.field(l.v, 'LoadBalancerPort').k === 'unknown'));
      if (passthrough) {
        return unknown(`Properties.Listeners.${passthrough.index}`, shown, passthrough.port === '443'
          ? 'TCP listener on 443 passes TLS through to the instances, whose certificate and TLS policy the template does not show'
          : 'TCP listener on a port decided at deploy time: on 443 it passes TLS through to the instances, whose certificate and TLS policy the template does not show');
      }
      return fail('Properties.Listeners', shown, 'the load balancer has no HTTPS or SSL listener');
    }
    const out: Verdict[] = [];
    for (const l of secure) {
      const p = `Properties.Listeners.${l.index}`;
      const cert = index.field(l.v, 'SSLCertificateId');
      if (cert.k === 'absent') { out.push(fail(`${p}.SSLCertificateId`, cert, `${l.protocol} listener on ${l.port} without a certificate`)); continue; }
      const problem = classicTlsProblem(index, res, l);
      out.push(problem ? fail(`${p}.PolicyNames`, l.port, `${l.protocol} listener on ${l.port}: ${problem}`) : pass(`${p}.PolicyNames`, l.port, `${l.protocol} listener on ${l.port} negotiates TLS 1.2+ only`));
    }
    return worst(out);
  },
};
