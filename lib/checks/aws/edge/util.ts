/* eslint-disable @typescript-eslint/no-explicit-any */
import { FindingStatus } from '../../model';
import { Verdict, refersTo } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';

/** Resource types of the edge area. @internal */
export const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
/** @internal */
export const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
/** @internal */
export const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
/** @internal */
export const LISTENER_CERTIFICATE = 'AWS::ElasticLoadBalancingV2::ListenerCertificate';
/** @internal */
export const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
/** @internal */
export const DISTRIBUTION = 'AWS::CloudFront::Distribution';
/** @internal */
export const RESPONSE_HEADERS_POLICY = 'AWS::CloudFront::ResponseHeadersPolicy';
/** @internal */
export const CERTIFICATE = 'AWS::CertificateManager::Certificate';
/** @internal */
export const ALARM = 'AWS::CloudWatch::Alarm';
/** @internal */
export const BUCKET = 'AWS::S3::Bucket';
/** @internal */
export const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
/** @internal */
export const WEB_ACL = 'AWS::WAFv2::WebACL';
/** @internal */
export const WEB_ACL_ASSOCIATION = 'AWS::WAFv2::WebACLAssociation';
/** @internal */
export const RECORD_SET = 'AWS::Route53::RecordSet';
/** @internal */
export const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';

const ABSENT: Val = { k: 'absent' };

/** Whether `v` refers to exactly `target` (Ref, GetAtt, or inside Sub/Join). @internal */
export function pointsAt(v: Val, target: CfnResource): boolean {
  if (v.k === 'ref') return v.target === target;
  if (v.k === 'expr') return v.refs.includes(target);
  return false;
}

/** The load balancer type: `application` (the CloudFormation default), `network` or `gateway`; undefined when computed. @internal */
export function lbType(lb: CfnResource, index: TemplateIndex): string | undefined {
  const t = index.prop(lb, 'Type');
  if (t.k === 'absent') return 'application';
  return V.str(t);
}

/** Whether a load balancer is an Application Load Balancer. @internal */
export function isAlb(lb: CfnResource, index: TemplateIndex): boolean {
  return lb.type === LB && lbType(lb, index) === 'application';
}

/**
 * Whether a load balancer faces the internet: `true`, `false`, or `undefined`
 * when the scheme is decided at deploy time. CloudFormation's default scheme is
 * internet-facing.
 */
export function isInternetFacing(lb: CfnResource, index: TemplateIndex): boolean | undefined {
  const s = index.prop(lb, 'Scheme');
  if (s.k === 'absent') return true;
  const v = V.str(s);
  return v === undefined ? undefined : v === 'internet-facing';
}

/**
 * The value of one `{Key, Value}` attribute of a list property
 * (`LoadBalancerAttributes`, `ListenerAttributes`, `TargetGroupAttributes`).
 * `absent` when not set; `unknown` when the list or a key is computed.
 */
export function attribute(index: TemplateIndex, res: CfnResource, listProp: string, key: string): Val {
  const list = index.prop(res, listProp);
  if (list.k === 'unknown') return list;
  const items = V.list(list);
  if (!items) return ABSENT;
  let found: Val = ABSENT;
  let keyUnknown: string | undefined;
  for (const raw of items) {
    const item = index.value(raw);
    if (item.k === 'unknown') { keyUnknown = item.why; continue; }
    if (item.k !== 'lit') continue;
    const k = index.at(item.v, 'Key');
    if (k.k === 'unknown') { keyUnknown = k.why; continue; }
    if (V.str(k) === key) found = index.at(item.v, 'Value');
  }
  if (found.k === 'absent' && keyUnknown) return { k: 'unknown', why: keyUnknown };
  return found;
}

/** The listener's load balancer, when it is in the template. */
export function listenerLoadBalancer(index: TemplateIndex, listener: CfnResource): CfnResource | undefined {
  return refersTo(index.prop(listener, 'LoadBalancerArn'), LB);
}

/** The listeners of a load balancer in this template. */
export function listenersOf(index: TemplateIndex, lb: CfnResource): CfnResource[] {
  return index.referrers(lb, LISTENER).filter((l) => pointsAt(index.prop(l, 'LoadBalancerArn'), lb));
}

/** The listener's protocol (`HTTPS`, `HTTP`, `TLS`, ...), `undefined` when computed or absent. */
export function listenerProtocol(index: TemplateIndex, listener: CfnResource): string | undefined {
  return V.str(index.prop(listener, 'Protocol'))?.toUpperCase();
}

/** CloudFront distributions in this template whose origins point at `res` (a load balancer fronted by a CDN). */
export function frontingDistributions(index: TemplateIndex, res: CfnResource): CfnResource[] {
  return index.referrers(res, DISTRIBUTION).filter((d) => {
    const origins = V.list(index.prop(d, 'DistributionConfig.Origins')) ?? [];
    return origins.some((o) => pointsAt(index.at(o, 'DomainName'), res));
  });
}

/** The cache behaviors of a distribution: the default first, then the path patterns. */
export function cacheBehaviors(index: TemplateIndex, dist: CfnResource): { name: string; raw: any }[] {
  const out: { name: string; raw: any }[] = [];
  const def = index.prop(dist, 'DistributionConfig.DefaultCacheBehavior');
  if (def.k === 'lit') out.push({ name: 'DefaultCacheBehavior', raw: def.v });
  const others = V.list(index.prop(dist, 'DistributionConfig.CacheBehaviors')) ?? [];
  others.forEach((b, i) => {
    const pattern = V.str(index.at(b, 'PathPattern'));
    out.push({ name: `CacheBehaviors.${i}${pattern ? ` (${pattern})` : ''}`, raw: b });
  });
  return out;
}

/** Property path of a behavior, for evidence. */
export function behaviorPath(name: string): string {
  // `CacheBehaviors.2 (/api/*)` -> `CacheBehaviors.2`
  const open = name.indexOf(' (');
  return `Properties.DistributionConfig.${open !== -1 && name.endsWith(')') ? name.slice(0, open) : name}`;
}

/** True when a policy statement list denies requests whose aws:SecureTransport is false. */
export function deniesInsecureTransport(index: TemplateIndex, policyDocument: Val): boolean {
  if (policyDocument.k !== 'lit') return false;
  const statements = index.at(policyDocument.v, 'Statement');
  const list = V.list(statements) ?? (statements.k === 'lit' ? [statements.v] : []);
  return list.some((s) => {
    if (V.str(index.at(s, 'Effect')) !== 'Deny') return false;
    const cond = index.at(s, 'Condition.Bool.aws:SecureTransport');
    const c = V.str(cond) ?? (V.list(cond)?.length === 1 ? String(V.list(cond)![0]) : undefined);
    if (c === undefined || c.toLowerCase() !== 'false') return false;
    const action = index.at(s, 'Action');
    const actions = V.list(action) ?? (V.str(action) ? [V.str(action)] : []);
    return actions.some((a) => a === '*' || a === 's3:*' || a === 'sns:*' || a === 'sns:Publish');
  });
}

/** The bucket policies attached to a bucket in this template. */
export function bucketPolicies(index: TemplateIndex, bucket: CfnResource): CfnResource[] {
  return index.referrers(bucket, BUCKET_POLICY).filter((p) => pointsAt(index.prop(p, 'Bucket'), bucket));
}

/** Route 53 records in this template that point at `target` (alias or CNAME value). */
export function dnsRecordsFor(index: TemplateIndex, target: CfnResource): CfnResource[] {
  return index.referrers(target, RECORD_SET, RECORD_SET_GROUP).filter((r) => {
    const sets = r.type === RECORD_SET ? [r.properties] : V.list(index.prop(r, 'RecordSets')) ?? [];
    return sets.some((s) => {
      if (pointsAt(index.at(s, 'AliasTarget.DNSName'), target)) return true;
      const values = V.list(index.at(s, 'ResourceRecords')) ?? [];
      return values.some((v) => pointsAt(index.value(v), target));
    });
  });
}

/**
 * Verdicts to report: only the failing and undecided ones when there are any
 * (a finding that cannot be decided is never reported next to a pass on the
 * same resource), else the passes.
 */
export function worst(out: Verdict[]): Verdict[] {
  const bad = out.filter((v) => v.status !== FindingStatus.PASS);
  return bad.length > 0 ? bad : out;
}

/** The target groups a listener (default actions and listener rules) forwards to. */
function targetGroupsOfListener(index: TemplateIndex, listener: CfnResource): CfnResource[] {
  const out = new Set<CfnResource>();
  const fromActions = (actions: Val) => {
    for (const a of V.list(actions) ?? []) {
      const single = refersTo(index.at(a, 'TargetGroupArn'), TARGET_GROUP);
      if (single) out.add(single);
      for (const t of V.list(index.at(a, 'ForwardConfig.TargetGroups')) ?? []) {
        const tg = refersTo(index.at(t, 'TargetGroupArn'), TARGET_GROUP);
        if (tg) out.add(tg);
      }
    }
  };
  fromActions(index.prop(listener, 'DefaultActions'));
  for (const rule of index.referrers(listener, LISTENER_RULE).filter((r) => pointsAt(index.prop(r, 'ListenerArn'), listener))) {
    fromActions(index.prop(rule, 'Actions'));
  }
  return [...out];
}

/**
 * The compute a load balancer or distribution sends requests to, as far as
 * this template shows: ECS task definitions (through the services registered
 * with its target groups) and Lambda functions (target group targets). A
 * distribution is followed to the load balancers among its origins.
 */
export function computeBehind(index: TemplateIndex, res: CfnResource): CfnResource[] {
  const lbs = res.type === DISTRIBUTION
    ? (V.list(index.prop(res, 'DistributionConfig.Origins')) ?? []).map((o) => refersTo(index.at(o, 'DomainName'), LB)).filter((x): x is CfnResource => !!x)
    : res.type === LB ? [res] : [];
  const out = new Set<CfnResource>();
  for (const lb of lbs) {
    for (const tg of listenersOf(index, lb).flatMap((l) => targetGroupsOfListener(index, l))) {
      for (const svc of index.referrers(tg, 'AWS::ECS::Service')) {
        const td = refersTo(index.prop(svc, 'TaskDefinition'), 'AWS::ECS::TaskDefinition');
        if (td) out.add(td);
      }
      for (const t of V.list(index.prop(tg, 'Targets')) ?? []) {
        const target = index.at(t, 'Id');
        const alias = refersTo(target, 'AWS::Lambda::Alias');
        const fn = refersTo(target, 'AWS::Lambda::Function') ?? (alias ? refersTo(index.prop(alias, 'FunctionName'), 'AWS::Lambda::Function') : undefined);
        if (fn) out.add(fn);
      }
    }
  }
  return [...out];
}
