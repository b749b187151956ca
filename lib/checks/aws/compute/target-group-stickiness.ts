import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { tgAttribute } from './target-group';

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
    const enabled = tgAttribute(index, res, 'stickiness.enabled');
    if (enabled.v.k === 'unknown') return unknown(enabled.path, enabled.v, `stickiness decided at deploy time (${enabled.v.why})`);
    if (!V.isTrue(enabled.v)) return pass(enabled.path, enabled.v, 'stickiness off: any instance can serve any request');
    const type = V.str(tgAttribute(index, res, 'stickiness.type').v) ?? 'lb_cookie';
    const dur = tgAttribute(index, res, `stickiness.${type}.duration_seconds`);
    if (dur.v.k === 'unknown') return unknown(dur.path, dur.v, `stickiness duration decided at deploy time (${dur.v.why})`);
    if (type === 'app_cookie' && tgAttribute(index, res, 'stickiness.app_cookie.cookie_name').v.k === 'absent') {
      return fail(enabled.path, enabled.v, 'application-cookie stickiness without a cookie name');
    }
    if (dur.v.k === 'absent') return fail(enabled.path, enabled.v, `stickiness (${type}) enabled without an explicit duration: users stay pinned to one instance for the 1-day default`);
    return pass(dur.path, dur.v, `stickiness (${type}) set deliberately for ${V.show(dur.v)} s`);
  },
};
