import { refersTo } from '../rule';
import { CfnResource, TemplateIndex, Val, V } from '../template-index';

/**
 * Load balancers as templates declare them: Application, Network and Gateway
 * Load Balancers (ELBv2) and Classic Load Balancers, their listeners and the
 * target groups and services behind them. One copy of each helper, for every
 * rule area.
 */

/** @internal */
export const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
/** @internal */
export const CLASSIC_LB = 'AWS::ElasticLoadBalancing::LoadBalancer';
/** @internal */
export const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
/** @internal */
export const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
/** @internal */
export const LISTENER_CERTIFICATE = 'AWS::ElasticLoadBalancingV2::ListenerCertificate';
/** @internal */
export const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';

const ABSENT: Val = { k: 'absent' };

/** Whether `v` refers to exactly `target` (Ref, GetAtt, or inside Sub/Join). @internal */
export function pointsAt(v: Val, target: CfnResource): boolean {
  if (v.k === 'ref') return v.target === target;
  if (v.k === 'expr') return v.refs.includes(target);
  return false;
}

/** The ELBv2 target groups whose `Targets` list `target` (an instance, a function or an alias), in this world. @internal */
export function targetGroupsTargeting(index: TemplateIndex, target: CfnResource): CfnResource[] {
  return index.referrers(target, TARGET_GROUP).filter((tg) => (index.items(index.prop(tg, 'Targets')) ?? []).some((t) => pointsAt(index.field(t, 'Id'), target)));
}

/**
 * The type of an ELBv2 load balancer: `application` (the CloudFormation
 * default), `network` or `gateway`; `classic` for a Classic Load Balancer.
 * Undecidable (the verdict is unknown) when the template leaves it open.
 * @internal
 */
export function lbType(lb: CfnResource, index: TemplateIndex): string {
  if (lb.type === CLASSIC_LB) return 'classic';
  const t = index.prop(lb, 'Type');
  if (t.k === 'absent') return 'application';
  return V.str(t) ?? `(${V.show(t)})`;
}

/** Whether a load balancer is an Application Load Balancer. @internal */
export function isAlb(lb: CfnResource, index: TemplateIndex): boolean {
  return lb.type === LB && lbType(lb, index) === 'application';
}

/**
 * Whether a load balancer (ELBv2 or Classic) faces the internet. The
 * CloudFormation default scheme is internet-facing. Undecidable (the verdict is
 * unknown) when the scheme is left open; a scheme from a parameter with
 * AllowedValues or a condition is judged in every world.
 * @internal
 */
export function isInternetFacing(lb: CfnResource, index: TemplateIndex): boolean {
  const s = index.prop(lb, 'Scheme');
  if (s.k === 'absent') return true;
  return V.str(s) !== 'internal';
}

/** Whether a load balancer is an internet-facing Application Load Balancer. @internal */
export function isInternetFacingAlb(index: TemplateIndex, lb: CfnResource): boolean {
  return isAlb(lb, index) && isInternetFacing(lb, index);
}

/**
 * The value of one `{Key, Value}` attribute of a list property
 * (`LoadBalancerAttributes`, `ListenerAttributes`, `TargetGroupAttributes`) in
 * the current world: `absent` when no entry sets the key. An entry whose key is
 * decided at deploy time makes the attribute unknown only when no entry sets it.
 * @internal
 */
export function attribute(index: TemplateIndex, res: CfnResource, listProp: string, key: string): Val {
  const list = index.prop(res, listProp);
  if (list.k === 'unknown') return list;
  const items = index.items(list);
  if (!items) return ABSENT;
  let found: Val = ABSENT;
  let keyUnknown: string | undefined;
  for (const item of items) {
    if (item.k === 'unknown') { keyUnknown = item.why; continue; }
    if (item.k !== 'lit') { keyUnknown = `an entry of ${listProp} is computed at deploy time`; continue; }
    const k = index.field(item, 'Key');
    if (k.k === 'unknown') { keyUnknown = k.why; continue; }
    if (k.k !== 'lit') { keyUnknown = `a key of ${listProp} is computed at deploy time (${V.show(k)})`; continue; }
    if (V.str(k) === key) found = index.field(item, 'Value');
  }
  if (found.k === 'absent' && keyUnknown) return { k: 'unknown', why: keyUnknown };
  return found;
}

/** The listener's load balancer, when it is in the template. @internal */
export function listenerLoadBalancer(index: TemplateIndex, listener: CfnResource): CfnResource | undefined {
  return refersTo(index.prop(listener, 'LoadBalancerArn'), LB);
}

/** The ELBv2 listeners of a load balancer. @internal */
export function listenersOf(index: TemplateIndex, lb: CfnResource): CfnResource[] {
  return index.referrers(lb, LISTENER).filter((l) => pointsAt(index.prop(l, 'LoadBalancerArn'), lb));
}

/** The listener's protocol (`HTTPS`, `HTTP`, `TLS`, ...), undefined when absent. @internal */
export function listenerProtocol(index: TemplateIndex, listener: CfnResource): string | undefined {
  return V.str(index.prop(listener, 'Protocol'))?.toUpperCase();
}

/**
 * The target group ARNs a listener forwards to, each with where it is written: its default actions and its listener
 * rules' actions (`TargetGroupArn`, `ForwardConfig.TargetGroups`). A list of actions decided at deploy time is given
 * as itself (an `unknown` value).
 */
function forwards(index: TemplateIndex, listener: CfnResource): { arn: Val; where: string }[] {
  const out: { arn: Val; where: string }[] = [];
  const fromActions = (actions: Val, where: string) => {
    if (actions.k === 'unknown') { out.push({ arn: actions, where }); return; }
    for (const a of index.items(actions) ?? []) {
      out.push({ arn: index.field(a, 'TargetGroupArn'), where });
      for (const t of index.items(index.field(a, 'ForwardConfig.TargetGroups')) ?? []) out.push({ arn: index.field(t, 'TargetGroupArn'), where });
    }
  };
  fromActions(index.prop(listener, 'DefaultActions'), `listener ${listener.logicalId}`);
  for (const rule of index.referrers(listener, LISTENER_RULE).filter((r) => pointsAt(index.prop(r, 'ListenerArn'), listener))) {
    fromActions(index.prop(rule, 'Actions'), `listener rule ${rule.logicalId}`);
  }
  return out.filter((f) => f.arn.k !== 'absent');
}

/** The target groups a listener (default actions and listener rules) forwards to. @internal */
export function targetGroupsOfListener(index: TemplateIndex, listener: CfnResource): CfnResource[] {
  const out = new Set<CfnResource>();
  for (const f of forwards(index, listener)) {
    const tg = refersTo(f.arn, TARGET_GROUP);
    if (tg) out.add(tg);
  }
  return [...out];
}

/**
 * Every target group a load balancer's listeners (default actions and listener rules) forward to in the template,
 * and the target groups that take their place in a blue/green deployment (an ECS service's alternate target group,
 * a CodeDeploy deployment group's target group pairs) of a service behind one of them. `open`: why the list may be
 * incomplete (actions decided at deploy time, a target group named by a literal ARN or an import).
 * @internal
 */
export function routedTargetGroups(index: TemplateIndex, lb: CfnResource): { groups: CfnResource[]; open?: string } {
  const out = new Set<CfnResource>();
  let open: string | undefined;
  const add = (v: Val, where: string) => {
    if (v.k === 'absent') return;
    const tg = refersTo(v, TARGET_GROUP);
    if (tg) out.add(tg);
    else open ??= v.k === 'unknown' ? `what ${where} forwards to is decided at deploy time (${v.why})` : `${where} forwards to a target group this template does not hold (${V.show(v)})`;
  };
  for (const listener of listenersOf(index, lb)) for (const f of forwards(index, listener)) add(f.arn, f.where);
  // Blue/green: the other target group of each pair takes the traffic after a deployment.
  for (const tg of [...out]) {
    for (const svc of index.referrers(tg, 'AWS::ECS::Service')) {
      for (const entry of index.items(index.prop(svc, 'LoadBalancers')) ?? []) {
        if (!pointsAt(index.field(entry, 'TargetGroupArn'), tg)) continue;
        add(index.field(entry, 'AdvancedConfiguration.AlternateTargetGroupArn'), `service ${svc.logicalId}`);
      }
    }
    for (const group of index.referrers(tg, 'AWS::CodeDeploy::DeploymentGroup')) {
      for (const pair of index.items(index.prop(group, 'LoadBalancerInfo.TargetGroupPairInfoList')) ?? []) {
        for (const t of index.items(index.field(pair, 'TargetGroups')) ?? []) {
          const name = index.field(t, 'Name');
          const other = refersTo(name, TARGET_GROUP);
          if (other) out.add(other);
          else if (name.k !== 'absent') open ??= `deployment group ${group.logicalId} names target group ${V.show(name)}, which this template does not hold`;
        }
      }
    }
  }
  return { groups: [...out], open };
}

/** The target groups, listeners and load balancers in front of an ECS service. @internal */
export function serviceTraffic(index: TemplateIndex, svc: CfnResource): { targetGroups: CfnResource[]; listeners: CfnResource[]; loadBalancers: CfnResource[] } {
  const tgs = new Set<CfnResource>();
  for (const lb of index.items(index.prop(svc, 'LoadBalancers')) ?? []) {
    for (const path of ['TargetGroupArn', 'AdvancedConfiguration.AlternateTargetGroupArn']) {
      const tg = refersTo(index.field(lb, path), TARGET_GROUP);
      if (tg) tgs.add(tg);
    }
  }
  const listeners = new Set<CfnResource>();
  for (const tg of tgs) {
    for (const r of index.referrers(tg, LISTENER, LISTENER_RULE)) {
      if (r.type === LISTENER) listeners.add(r);
      else {
        const l = refersTo(index.prop(r, 'ListenerArn'), LISTENER);
        if (l) listeners.add(l);
      }
    }
  }
  const balancers = new Set<CfnResource>();
  for (const l of listeners) {
    const lb = listenerLoadBalancer(index, l);
    if (lb) balancers.add(lb);
  }
  return { targetGroups: [...tgs], listeners: [...listeners], loadBalancers: [...balancers] };
}

/** Whether an ECS service takes request traffic (sits behind a load balancer). Undecidable when its load balancers are open. @internal */
export function servesRequests(index: TemplateIndex, svc: CfnResource): boolean {
  const lbs = index.prop(svc, 'LoadBalancers');
  if (lbs.k === 'absent') return false;
  const items = index.items(lbs);
  if (items === undefined) V.list(lbs); // throws when unknown
  return (items ?? []).length > 0;
}

/**
 * The load balancers (ELBv2 and Classic) a security group is attached to, in
 * the current world.
 * @internal
 */
export function loadBalancersOfGroup(index: TemplateIndex, sg: CfnResource): CfnResource[] {
  return index.referrers(sg, LB, CLASSIC_LB).filter((lb) =>
    (index.items(index.prop(lb, 'SecurityGroups')) ?? []).some((g) => pointsAt(g, sg)));
}

/**
 * The listeners (through a listener or one of its rules) and load balancers in
 * front of some target groups, in the current world.
 * @internal
 */
export function frontOfTargetGroups(index: TemplateIndex, tgs: CfnResource[]): { listeners: CfnResource[]; loadBalancers: CfnResource[] } {
  const listeners = new Set<CfnResource>();
  for (const tg of tgs) {
    for (const r of index.referrers(tg, LISTENER, LISTENER_RULE)) {
      const l = r.type === LISTENER ? r : refersTo(index.prop(r, 'ListenerArn'), LISTENER);
      if (l) listeners.add(l);
    }
  }
  const balancers = new Set<CfnResource>();
  for (const l of listeners) {
    const lb = listenerLoadBalancer(index, l);
    if (lb) balancers.add(lb);
  }
  return { listeners: [...listeners], loadBalancers: [...balancers] };
}
