import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { attribute, isAlb, LB } from '../../cfn/load-balancers';

const KEY = 'routing.http.desync_mitigation_mode';

/** EDGE-DESYNC-MITIGATION: the ALB mitigates HTTP desync (request smuggling) in defensive or strictest mode. */
export const AlbDesyncMitigation: AwsRule = {
  id: 'AlbDesyncMitigation',
  items: ['EDGE-DESYNC-MITIGATION'],
  types: [LB],
  severity: Severity.MEDIUM,
  description: 'Application Load Balancers use desync mitigation mode defensive (the default) or strictest, never monitor.',
  fix: 'Set desyncMitigationMode: DesyncMitigationMode.STRICTEST (or DEFENSIVE) on the ApplicationLoadBalancer.',
  check(res, { index }) {
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
