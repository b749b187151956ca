import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { attribute, LB } from '../../cfn/load-balancers';

const KEY = 'deletion_protection.enabled';

/** EDGE-LB-DELETION-PROTECTION: the load balancer cannot be deleted by accident. */
export const ElbDeletionProtection: AwsRule = {
  id: 'ElbDeletionProtection',
  items: ['EDGE-LB-DELETION-PROTECTION'],
  types: [LB],
  severity: Severity.MEDIUM,
  description: 'Load balancers have deletion protection enabled (deletion_protection.enabled = true).',
  fix: 'Set deletionProtection: true on the load balancer.',
  check(res, { index }) {
    const v = attribute(index, res, 'LoadBalancerAttributes', KEY);
    const p = `Properties.LoadBalancerAttributes[${KEY}]`;
    if (v.k === 'unknown') return unknown(p, v, `decided at deploy time (${v.why})`);
    if (V.isTrue(v)) return pass(p, v, 'deletion protection on');
    return fail(p, v, v.k === 'absent' ? 'not set: deletion protection is off by default' : `${KEY} is ${V.show(v)}`);
  },
};
