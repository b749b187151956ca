import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, refersTo, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { LISTENER, LISTENER_RULE, TARGET_GROUP, listenerProtocol, pointsAt } from '../../cfn/load-balancers';

/** Why a redirect action does not send browsers to HTTPS on a port of its own: `fail`, or `open` when that is decided at deploy time. */
interface RedirectProblem {
  readonly property: string;
  readonly value: Val;
  readonly fail?: string;
  readonly open?: string;
}

/**
 * Whether a redirect (a default action or a listener rule's) sends browsers to HTTPS: a RedirectConfig keeps every
 * component it does not set (CFN `RedirectConfig`: "Any components that you do not modify retain their original
 * values"), so no Protocol, or `#{protocol}`, stays HTTP, and no Port, `#{port}` or the listener's own port sends
 * HTTPS to this plain-HTTP listener, where the TLS handshake fails. `path` is the action's property path.
 */
function redirectProblem(index: TemplateIndex, action: Val, path: string, listenerPort: Val): RedirectProblem | undefined {
  const proto = index.field(action, 'RedirectConfig.Protocol');
  const p = `${path}.RedirectConfig.Protocol`;
  if (proto.k === 'unknown') return { property: p, value: proto, open: `redirect protocol decided at deploy time (${proto.why})` };
  const protocol = V.str(proto);
  if (protocol?.toUpperCase() !== 'HTTPS') {
    const kept = proto.k === 'absent' || protocol === '#{protocol}';
    return { property: p, value: proto, fail: kept ? `redirect ${proto.k === 'absent' ? 'sets no Protocol' : `Protocol is ${protocol}`}: it keeps the request's, plain HTTP` : `redirect goes to ${V.show(proto)}, not HTTPS` };
  }
  const port = index.field(action, 'RedirectConfig.Port');
  const q = `${path}.RedirectConfig.Port`;
  if (port.k === 'unknown') return { property: q, value: port, open: `redirect port decided at deploy time (${port.why})` };
  const own = listenerPort.k === 'lit' ? V.show(listenerPort) : undefined;
  if (port.k === 'absent' || V.str(port) === '#{port}') {
    return { property: q, value: port, fail: `redirect to HTTPS ${port.k === 'absent' ? 'sets no Port' : 'has Port #{port}'}: it keeps the request's port${own !== undefined ? `, ${own}` : ''}, where this plain-HTTP listener answers and the TLS handshake fails` };
  }
  if (own !== undefined && V.show(port) === own) return { property: q, value: port, fail: `redirect to HTTPS on port ${own}, this plain-HTTP listener's own: the TLS handshake fails` };
  if (listenerPort.k === 'unknown') return { property: q, value: port, open: `the listener's port is decided at deploy time (${listenerPort.why}): a redirect to HTTPS on it (${V.show(port)}) would reach this plain-HTTP listener` };
  return undefined;
}

/**
 * The verdict on a Network Load Balancer listener that passes TCP through: on port 80 it passes the browsers' plain
 * HTTP to its targets unencrypted, and a Network Load Balancer cannot redirect (as `ClbNoPlainHttp` decides for a
 * Classic Load Balancer). Target groups of type `alb` pass it to an Application Load Balancer, whose own listener on
 * that port is judged here: not judged again. Other ports are not where browsers send HTTP: not judged.
 */
function tcpListener(index: TemplateIndex, res: CfnResource, proto: string): Verdict | undefined {
  const port = index.prop(res, 'Port');
  if (port.k === 'unknown') return unknown('Properties.Port', port, `${proto} listener on a port decided at deploy time (${port.why}): on port 80 it would pass plain HTTP through`);
  if (V.num(port) !== 80) return undefined;
  const actions = index.prop(res, 'DefaultActions');
  if (actions.k === 'unknown') return unknown('Properties.DefaultActions', actions, `${proto} listener on port 80 with default actions decided at deploy time (${actions.why})`);
  const groups = (index.items(actions) ?? []).flatMap((a) => [index.field(a, 'TargetGroupArn'), ...(index.items(index.field(a, 'ForwardConfig.TargetGroups')) ?? []).map((t) => index.field(t, 'TargetGroupArn'))]).filter((g) => g.k !== 'absent');
  const types = groups.map((g) => { const tg = refersTo(g, TARGET_GROUP); return tg ? index.prop(tg, 'TargetType') : undefined; });
  if (groups.length > 0 && types.every((t) => t !== undefined && V.str(t) === 'alb')) return undefined;
  const open = types.find((t): t is Extract<Val, { k: 'unknown' }> => t?.k === 'unknown');
  if (open) return unknown('Properties.DefaultActions', open, `${proto} listener on port 80: whether its target group passes it to an Application Load Balancer is decided at deploy time (${open.why})`);
  return fail('Properties.Port', port, `a ${proto} listener on port 80 passes plain HTTP through unencrypted: a Network Load Balancer cannot redirect to HTTPS`);
}

/**
 * EDGE-HTTPS-REDIRECT: an HTTP listener only redirects to HTTPS with a 301.
 *
 * Decisions: the default action is a 301 redirect whose Protocol is HTTPS and whose Port is another than the
 * listener's (see `redirectProblem`: an unset Protocol or Port keeps the request's). A listener rule of the HTTP
 * listener that forwards, or answers with a fixed response, serves plain HTTP and fails; one that redirects is held
 * to the same Protocol and Port (not to the 301: a 302 to HTTPS still serves nothing over HTTP); rule actions
 * decided at deploy time are unknown. A listener handed to a nested stack or a custom resource (its ARN in their
 * properties), or exported in an output, is unknown even when it redirects: rules added there are not read. A
 * Network Load Balancer's TCP or TCP_UDP listener on port 80 fails unless it passes to an Application Load
 * Balancer (see `tcpListener`).
 */
export const ElbHttpRedirect: AwsRule = {
  id: 'ElbHttpRedirect',
  items: ['EDGE-HTTPS-REDIRECT'],
  types: [LISTENER],
  severity: Severity.HIGH,
  description: 'Every HTTP listener has exactly one default action, a permanent (301) redirect to HTTPS on port 443 (another port than its own), no listener rule forwards plain HTTP, answers it with a fixed response or redirects it elsewhere than HTTPS, and no Network Load Balancer passes TCP on port 80 to its targets.',
  fix: 'Replace the HTTP listener\'s actions with a redirect to HTTPS on 443 (alb.addRedirect(), or ListenerAction.redirect({ protocol: "HTTPS", port: "443", permanent: true })); give rule redirects protocol "HTTPS" and port "443"; remove TCP listeners on port 80 from Network Load Balancers.',
  check(res, { index }) {
    const protocol = index.prop(res, 'Protocol');
    if (protocol.k === 'unknown') return unknown('Properties.Protocol', protocol, `listener protocol decided at deploy time (${protocol.why})`);
    const proto = listenerProtocol(index, res);
    if (proto === 'TCP' || proto === 'TCP_UDP') return tcpListener(index, res, proto);
    if (proto !== 'HTTP') return undefined;
    const listenerPort = index.prop(res, 'Port');
    const actions = index.prop(res, 'DefaultActions');
    if (actions.k === 'unknown') return unknown('Properties.DefaultActions', actions, `default actions decided at deploy time (${actions.why})`);
    const list = index.items(actions) ?? [];
    if (list.length !== 1) return fail('Properties.DefaultActions', actions, `HTTP listener has ${list.length} default actions; it must only redirect to HTTPS`);
    const type = V.str(index.field(list[0], 'Type'));
    if (type !== 'redirect') return fail('Properties.DefaultActions.0.Type', type ?? '(not set)', `HTTP listener ${type === 'forward' ? 'serves traffic over plain HTTP' : `default action is ${type}`}, not a redirect to HTTPS`);
    const code = index.field(list[0], 'RedirectConfig.StatusCode');
    const problem = redirectProblem(index, list[0], 'Properties.DefaultActions.0', listenerPort);
    if (problem?.fail) return fail(problem.property, problem.value, problem.fail);
    if (problem?.open) return unknown(problem.property, problem.value, `redirect target decided at deploy time: ${problem.open}`);
    if (code.k === 'unknown') return unknown('Properties.DefaultActions.0.RedirectConfig', code, 'redirect target decided at deploy time');
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
      list.forEach((a, i) => {
        const type = index.field(a, 'Type');
        if (type.k === 'unknown') open.push(unknown('Properties.Actions', type, `an action type of listener rule ${rule.logicalId} is decided at deploy time (${type.why})`, rule));
        else if (V.str(type) === 'forward') out.push(fail('Properties.Actions', 'forward', `listener rule ${rule.logicalId} forwards plain-HTTP traffic`, rule));
        else if (V.str(type) === 'fixed-response') out.push(fail('Properties.Actions', 'fixed-response', `listener rule ${rule.logicalId} answers plain-HTTP requests itself (fixed-response) instead of redirecting them to HTTPS`, rule));
        else if (V.str(type) === 'redirect') {
          const p = redirectProblem(index, a, `Properties.Actions.${i}`, listenerPort);
          if (p?.fail) out.push(fail(p.property, p.value, `listener rule ${rule.logicalId}: ${p.fail}`, rule));
          else if (p?.open) open.push(unknown(p.property, p.value, `listener rule ${rule.logicalId}: ${p.open}`, rule));
        }
      });
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
