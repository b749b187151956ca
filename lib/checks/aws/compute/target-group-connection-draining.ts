import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { attribute } from '../../cfn/load-balancers';

/**
 * DEPLOY-GRACEFUL-SHUTDOWN: a target group drains in-flight requests before
 * a target is removed (deregistration_delay.timeout_seconds > 0).
 *
 * Decisions:
 * - An absent attribute passes: the load balancer's default is 300 seconds of
 *   draining. 0 fails: targets are cut off mid-request. There is no catalog
 *   threshold for a minimum or maximum delay, so none is applied.
 * - Lambda target groups (no deregistration) are not judged.
 * - The ECS side (container stopTimeout, default 30 s, at most 120 s on
 *   Fargate) has no failing value the template can show, so it is not a rule.
 */
export const TargetGroupConnectionDraining: AwsRule = {
  id: 'TargetGroupConnectionDraining',
  items: ['DEPLOY-GRACEFUL-SHUTDOWN'],
  types: ['AWS::ElasticLoadBalancingV2::TargetGroup'],
  severity: Severity.MEDIUM,
  description: 'Target groups drain connections before deregistering a target (deregistration_delay.timeout_seconds not 0).',
  fix: 'Keep a deregistration delay long enough for the slowest request (targetGroup deregistrationDelay: Duration.seconds(30)); never 0.',
  check(res, { index }) {
    if (V.str(index.prop(res, 'TargetType')) === 'lambda') return undefined;
    const path = 'Properties.TargetGroupAttributes';
    const v = attribute(index, res, 'TargetGroupAttributes', 'deregistration_delay.timeout_seconds');
    if (v.k === 'absent') return pass(path, v, 'deregistration delay not set: the default 300 s of draining applies');
    if (v.k === 'unknown') return unknown(path, v, `deregistration delay decided at deploy time (${v.why})`);
    const n = V.num(v);
    if (n === undefined) return unknown(path, v, `deregistration delay ${V.show(v)} is not a number`);
    if (n <= 0) return fail(path, v, 'deregistration delay 0: targets are removed with requests in flight');
    return pass(path, v, `targets drain for ${n} s before they are deregistered`);
  },
};
