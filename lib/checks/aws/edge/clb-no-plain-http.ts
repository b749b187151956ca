import { Severity } from '../../model';
import { AwsRule, fail, pass } from '../../rule';
import { CLASSIC_LB } from '../../cfn/load-balancers';
import { classicListeners } from './classic-lb';

/**
 * EDGE-HTTPS-REDIRECT (Classic Load Balancer): no listener serves plain HTTP.
 * A Classic Load Balancer cannot redirect, so an HTTP listener always
 * forwards the request unencrypted.
 */
export const ClbNoPlainHttp: AwsRule = {
  id: 'ClbNoPlainHttp',
  items: ['EDGE-HTTPS-REDIRECT'],
  types: [CLASSIC_LB],
  severity: Severity.HIGH,
  description: 'Classic Load Balancers have no HTTP listener: they cannot redirect to HTTPS, so an HTTP listener serves the application over plain HTTP.',
  fix: 'Remove the HTTP listener (or move to an Application Load Balancer, whose HTTP listener can redirect to HTTPS).',
  check(res, { index }) {
    const http = classicListeners(index, res).filter((l) => l.protocol === 'HTTP');
    if (http.length > 0) return fail(`Properties.Listeners.${http[0].index}.Protocol`, http.map((l) => `HTTP:${l.port}`).join(', '), `HTTP listener(s) on ${http.map((l) => l.port).join(', ')} serve plain HTTP: a Classic Load Balancer cannot redirect to HTTPS`);
    return pass('Properties.Listeners', 'no HTTP listener', 'no listener serves plain HTTP');
  },
};
