import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { LISTENER, LISTENER_RULE, listenerProtocol, pointsAt } from '../../cfn/load-balancers';

/**
 * EDGE-HTTPS-REDIRECT: an HTTP listener only redirects to HTTPS with a 301.
 *
 * Decisions: a listener rule of the HTTP listener that forwards, or answers
 * with a fixed response, serves plain HTTP and fails; rule actions decided at
 * deploy time are unknown. A listener handed to a nested stack or a custom
 * resource (its ARN in their properties), or exported in an output, is
 * unknown even when it redirects: rules added there are not read.
 */
export const ElbHttpRedirect: AwsRule = {
  id: 'ElbHttpRedirect',
  items: ['EDGE-HTTPS-REDIRECT'],
  types: [LISTENER],
  severity: Severity.HIGH,
  description: 'Every HTTP listener has exactly one default action, a permanent (301) redirect to HTTPS, and no listener rule forwards plain HTTP or answers it with a fixed response.',
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
    const open: Verdict[] = [];
    for (const rule of index.referrers(res, LISTENER_RULE).filter((r) => pointsAt(index.prop(r, 'ListenerArn'), res))) {
      const ruleActions = index.prop(rule, 'Actions');
      const list = index.items(ruleActions);
      if (list === undefined) {
        open.push(unknown('Properties.Actions', ruleActions, `the actions of listener rule ${rule.logicalId} are decided at deploy time${ruleActions.k === 'unknown' ? ` (${ruleActions.why})` : ''}`, rule));
        continue;
      }
      for (const a of list) {
        const type = index.field(a, 'Type');
        if (type.k === 'unknown') open.push(unknown('Properties.Actions', type, `an action type of listener rule ${rule.logicalId} is decided at deploy time (${type.why})`, rule));
        else if (V.str(type) === 'forward') out.push(fail('Properties.Actions', 'forward', `listener rule ${rule.logicalId} forwards plain-HTTP traffic`, rule));
        else if (V.str(type) === 'fixed-response') out.push(fail('Properties.Actions', 'fixed-response', `listener rule ${rule.logicalId} answers plain-HTTP requests itself (fixed-response) instead of redirecting them to HTTPS`, rule));
      }
    }
    if (out.length > 0) return out;
    // A listener handed to a nested stack or a custom resource may get rules there.
    const handed = index.referrers(res).filter((r) => r.type === 'AWS::CloudFormation::Stack' || r.type === 'AWS::CloudFormation::CustomResource' || r.type.startsWith('Custom::'));
    const exported = index.exportsReferring(res);
    const others = [...handed.map((r) => r.logicalId), ...exported.map((o) => `another stack (exported as output ${o})`)];
    if (others.length > 0) open.push(unknown('Properties.DefaultActions.0', 'redirect HTTPS HTTP_301', `the HTTP listener redirects to HTTPS, but it is passed to ${others.join(', ')}, which may add listener rules that serve plain HTTP`));
    if (open.length > 0) return open;
    return pass('Properties.DefaultActions.0', 'redirect HTTPS HTTP_301', 'HTTP listener redirects to HTTPS with a 301');
  },
};
