import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { LISTENER, LISTENER_RULE, listenerProtocol, pointsAt } from '../../cfn/load-balancers';

/** EDGE-HTTPS-REDIRECT: an HTTP listener only redirects to HTTPS with a 301. */
export const ElbHttpRedirect: AwsRule = {
  id: 'ElbHttpRedirect',
  items: ['EDGE-HTTPS-REDIRECT'],
  types: [LISTENER],
  severity: Severity.HIGH,
  description: 'Every HTTP listener has exactly one default action, a permanent (301) redirect to HTTPS, and no listener rule forwards plain HTTP.',
  fix: 'Replace the HTTP listener\'s actions with a redirect to HTTPS (alb.addRedirect(), or ListenerAction.redirect({ protocol: "HTTPS", permanent: true })).',
  check(res, { index }) {
    const protocol = index.prop(res, 'Protocol');
    if (protocol.k === 'unknown') return unknown('Properties.Protocol', protocol, `listener protocol decided at deploy time (${protocol.why})`);
    if (listenerProtocol(index, res) !== 'HTTP') return undefined;
    const actions = index.prop(res, 'DefaultActions');
    if (actions.k === 'unknown') return unknown('Properties.DefaultActions', actions, `default actions decided at deploy time (${actions.why})`);
    const list = index.items(actions) ?? [];
    if (list.length !== 1) return fail('Properties.DefaultActions', actions, `HTTP listener has ${list.length} default actions; it must only redirect to HTTPS`);
    const type = V.str(index.field(list[0], 'Type'));
    if (type !== 'redirect') return fail('Properties.DefaultActions.0.Type', type ?? '(not set)', `HTTP listener ${type === 'forward' ? 'serves traffic over plain HTTP' : `default action is ${type}`}, not a redirect to HTTPS`);
    const proto = index.field(list[0], 'RedirectConfig.Protocol');
    const code = index.field(list[0], 'RedirectConfig.StatusCode');
    if (proto.k === 'unknown' || code.k === 'unknown') return unknown('Properties.DefaultActions.0.RedirectConfig', proto.k === 'unknown' ? proto : code, 'redirect target decided at deploy time');
    if (V.str(proto) !== 'HTTPS') return fail('Properties.DefaultActions.0.RedirectConfig.Protocol', proto, `redirect goes to ${V.show(proto)}, not HTTPS`);
    if (V.str(code) !== 'HTTP_301') return fail('Properties.DefaultActions.0.RedirectConfig.StatusCode', code, `redirect is ${V.show(code)}, not a permanent HTTP_301`);
    const out: Verdict[] = [];
    for (const rule of index.referrers(res, LISTENER_RULE).filter((r) => pointsAt(index.prop(r, 'ListenerArn'), res))) {
      const ruleActions = index.items(index.prop(rule, 'Actions')) ?? [];
      const forwards = ruleActions.find((a) => V.str(index.field(a, 'Type')) === 'forward');
      if (forwards) out.push(fail('Properties.Actions', 'forward', `listener rule ${rule.logicalId} forwards plain-HTTP traffic`, rule));
    }
    if (out.length > 0) return out;
    return pass('Properties.DefaultActions.0', 'redirect HTTPS HTTP_301', 'HTTP listener redirects to HTTPS with a 301');
  },
};
