import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { CLASSIC_LB } from '../../cfn/load-balancers';
import { classicListeners } from './classic-lb';

/**
 * EDGE-HTTPS-REDIRECT (Classic Load Balancer): no listener serves plain HTTP.
 * A Classic Load Balancer cannot redirect, so an HTTP listener always
 * forwards the request unencrypted; so does a TCP listener on port 80, which
 * passes the browsers' plain HTTP through. A TCP listener on another port is
 * not judged (it is not where browsers send HTTP); one whose port is decided
 * at deploy time is unknown.
 */
export const ClbNoPlainHttp: AwsRule = {
  id: 'ClbNoPlainHttp',
  items: ['EDGE-HTTPS-REDIRECT'],
  types: [CLASSIC_LB],
  severity: Severity.HIGH,
  description: 'Classic Load Balancers have no HTTP listener: they cannot redirect to HTTPS, so an HTTP listener serves the application over plain HTTP.',
  fix: 'Remove the HTTP listener (or move to an Application Load Balancer, whose HTTP listener can redirect to HTTPS).',
  check(res, { index }) {
    const listeners = classicListeners(index, res);
    const http = listeners.filter((l) => l.protocol === 'HTTP');
    if (http.length > 0) return fail(`Properties.Listeners.${http[0].index}.Protocol`, http.map((l) => `HTTP:${l.port}`).join(', '), `HTTP listener(s) on ${http.map((l) => l.port).join(', ')} serve plain HTTP: a Classic Load Balancer cannot redirect to HTTPS`);
    const tcp = listeners.filter((l) => l.protocol === 'TCP');
    const tcp80 = tcp.find((l) => V.num(index.field(l.v, 'LoadBalancerPort')) === 80);
    if (tcp80) return fail(`Properties.Listeners.${tcp80.index}.LoadBalancerPort`, 'TCP:80', 'a TCP listener on port 80 passes plain HTTP through unencrypted: a Classic Load Balancer cannot redirect to HTTPS');
    const open = tcp.find((l) => index.field(l.v, 'LoadBalancerPort').k !== 'lit');
    if (open) return unknown(`Properties.Listeners.${open.index}.LoadBalancerPort`, index.field(open.v, 'LoadBalancerPort'), 'a TCP listener on a port decided at deploy time: on port 80 it would pass plain HTTP through');
    return pass('Properties.Listeners', 'no HTTP listener', 'no listener serves plain HTTP');
  },
};
