import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { CLASSIC_LB } from '../../cfn/load-balancers';

/**
 * DEPLOY-GRACEFUL-SHUTDOWN (Classic Load Balancer): connection draining lets
 * in-flight requests finish before an instance is deregistered. It is off
 * unless ConnectionDrainingPolicy enables it (300 s when no timeout is given).
 */
export const ClbConnectionDraining: AwsRule = {
  id: 'ClbConnectionDraining',
  items: ['DEPLOY-GRACEFUL-SHUTDOWN'],
  types: [CLASSIC_LB],
  severity: Severity.MEDIUM,
  description: 'Classic Load Balancers enable connection draining (ConnectionDrainingPolicy Enabled, a timeout above 0).',
  fix: 'Set ConnectionDrainingPolicy: { Enabled: true, Timeout: 30 } (CDK: the CfnLoadBalancer connectionDrainingPolicy).',
  check(res, { index }) {
    const p = 'Properties.ConnectionDrainingPolicy';
    const on = index.prop(res, 'ConnectionDrainingPolicy.Enabled');
    if (on.k === 'unknown') return unknown(`${p}.Enabled`, on, `decided at deploy time (${on.why})`);
    if (!V.isTrue(on)) return fail(`${p}.Enabled`, on, on.k === 'absent' ? 'connection draining is off (the default): instances are removed with requests in flight' : `connection draining is ${V.show(on)}`);
    const timeout = index.prop(res, 'ConnectionDrainingPolicy.Timeout');
    if (timeout.k === 'unknown') return unknown(`${p}.Timeout`, timeout, `draining timeout decided at deploy time (${timeout.why})`);
    const n = timeout.k === 'absent' ? 300 : V.num(timeout);
    if (n === undefined || n <= 0) return fail(`${p}.Timeout`, timeout, `draining timeout ${V.show(timeout)}: requests in flight are cut off`);
    return pass(`${p}.Timeout`, String(n), `instances drain for ${n} s before they are deregistered`);
  },
};
