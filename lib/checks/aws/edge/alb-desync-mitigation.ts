import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { attribute, CLASSIC_LB, isAlb, LB } from '../../cfn/load-balancers';

const KEY = 'routing.http.desync_mitigation_mode';

/**
 * EDGE-DESYNC-MITIGATION: the load balancer mitigates HTTP desync (request smuggling) in defensive or strictest mode.
 * A Classic Load Balancer runs in defensive mode unless its desync mitigation mode is changed through the ELB API:
 * CloudFormation cannot set it, so a CLB of the template passes, as an ALB without the attribute does.
 */
export const AlbDesyncMitigation: AwsRule = {
  id: 'AlbDesyncMitigation',
  items: ['EDGE-DESYNC-MITIGATION'],
  types: [LB, CLASSIC_LB],
  severity: Severity.MEDIUM,
  description: 'Application Load Balancers use desync mitigation mode defensive (the default) or strictest, never monitor; Classic Load Balancers keep their default, defensive (CloudFormation cannot set it).',
  fix: 'Set desyncMitigationMode: DesyncMitigationMode.STRICTEST (or DEFENSIVE) on the ApplicationLoadBalancer.',
  check(res, { index }) {
    if (res.type === CLASSIC_LB) return pass(undefined, 'defensive (default)', 'a Classic Load Balancer mitigates desync in defensive mode by default; CloudFormation cannot set another mode');
    if (!isAlb(res, index)) return undefined;
    const v = attribute(index, res, 'LoadBalancerAttributes', KEY);
    const p = `Properties.LoadBalancerAttributes[${KEY}]`;
    if (v.k === 'unknown') return unknown(p, v, `decided at deploy time (${v.why})`);
    if (v.k === 'absent') return pass(p, 'defensive (default)', 'not set: the ALB default is defensive (strictest is stronger)');
    const mode = V.str(v);
    if (mode === 'defensive' || mode === 'strictest') return pass(p, v, `desync mitigation mode ${mode}`);
    return fail(p, v, `desync mitigation mode ${V.show(v)} lets ambiguous (smuggling-prone) requests through`);
  },
};
