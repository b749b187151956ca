import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { attribute, isAlb, LB } from '../../cfn/load-balancers';

const KEY = 'routing.http.drop_invalid_header_fields.enabled';

/** EDGE-DROP-INVALID-HEADERS: the ALB drops HTTP headers with invalid names. */
export const AlbDropInvalidHeaders: AwsRule = {
  id: 'AlbDropInvalidHeaders',
  items: ['EDGE-DROP-INVALID-HEADERS'],
  types: [LB],
  severity: Severity.MEDIUM,
  description: 'Application Load Balancers drop header fields with invalid names (routing.http.drop_invalid_header_fields.enabled = true).',
  fix: 'Set dropInvalidHeaderFields: true on the ApplicationLoadBalancer.',
  check(res, { index }) {
    if (!isAlb(res, index)) return undefined;
    const v = attribute(index, res, 'LoadBalancerAttributes', KEY);
    const p = `Properties.LoadBalancerAttributes[${KEY}]`;
    if (v.k === 'unknown') return unknown(p, v, `decided at deploy time (${v.why})`);
    if (V.isTrue(v)) return pass(p, v, 'invalid header fields are dropped');
    return fail(p, v, v.k === 'absent' ? 'not set: the ALB default forwards headers with invalid names' : `${KEY} is ${V.show(v)}`);
  },
};
