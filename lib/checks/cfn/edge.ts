/* eslint-disable @typescript-eslint/no-explicit-any */
import { FindingStatus } from '../model';
import { Verdict, refersTo } from '../rule';
import { CfnResource, TemplateIndex, Val, V } from '../template-index';
import { LB, listenersOf, pointsAt, targetGroupsOfListener } from './load-balancers';

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
  return `Properties.DistributionConfig.${name.replace(/ \(.*\)$/, '')}`;
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
