import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { attribute } from '../../cfn/load-balancers';

/**
 * SCALING-STATELESS-SESSIONS (load balancer half): stickiness is off, or set
 * deliberately with a duration.
 *
 * Decisions: `stickiness.enabled` false or absent passes. Enabled passes only
 * with the duration that bounds it — `stickiness.lb_cookie.duration_seconds`
 * for load-balancer cookies, `stickiness.app_cookie.cookie_name` and
 * `.duration_seconds` for application cookies (the CDK's
 * `stickinessCookieDuration` always sets it); enabled without one fails (the
 * one-day default pins users to an instance that scaling will remove). That
 * sessions live in the shared cache is not visible in a template.
 */
export const TargetGroupStickinessDeliberate: AwsRule = {
  id: 'TargetGroupStickinessDeliberate',
  items: ['SCALING-STATELESS-SESSIONS'],
  types: ['AWS::ElasticLoadBalancingV2::TargetGroup'],
  severity: Severity.LOW,
  description: 'Target group stickiness is off, or enabled deliberately with an explicit cookie duration.',
  fix: 'Keep session state in the shared cache and leave stickiness off; if stickiness is needed, set stickinessCookieDuration explicitly.',
  check(res, { index }) {
    if (V.str(index.prop(res, 'TargetType')) === 'lambda') return undefined;
    const p = 'Properties.TargetGroupAttributes';
    const tg = (key: string) => attribute(index, res, 'TargetGroupAttributes', key);
    const enabled = tg('stickiness.enabled');
    if (enabled.k === 'unknown') return unknown(p, enabled, `stickiness decided at deploy time (${enabled.why})`);
    if (!V.isTrue(enabled)) return pass(p, enabled, 'stickiness off: every instance can serve every request');
    const type = V.str(tg('stickiness.type')) ?? 'lb_cookie';
    const duration = tg(`stickiness.${type}.duration_seconds`);
    if (duration.k === 'unknown') return unknown(p, duration, `stickiness duration decided at deploy time (${duration.why})`);
    if (type === 'app_cookie' && tg('stickiness.app_cookie.cookie_name').k === 'absent') {
      return fail(p, enabled, 'application-cookie stickiness without a cookie name');
    }
    if (duration.k === 'absent') return fail(p, enabled, `stickiness (${type}) enabled without an explicit duration: users stay pinned to one instance for the 1-day default`);
    return pass(p, duration, `stickiness (${type}) set deliberately for ${V.show(duration)} s`);
  },
};
