import { FindingStatus } from '../model';
import { Verdict, refersTo } from '../rule';
import { CfnResource, TemplateIndex, Val, V, paramHole } from '../template-index';
import { globMatch } from '../glob';
import { Undecidable } from '../world';
import { LB, listenersOf, pointsAt, targetGroupsOfListener } from './load-balancers';

/** A REST API (API Gateway v1). @internal */
export const REST_API = 'AWS::ApiGateway::RestApi';

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
export const TOPIC = 'AWS::SNS::Topic';
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

/** CloudFront distributions in this template whose origins point at `res` (a load balancer fronted by a CDN). @internal */
export function frontingDistributions(index: TemplateIndex, res: CfnResource): CfnResource[] {
  return index.referrers(res, DISTRIBUTION).filter((d) =>
    (index.items(index.prop(d, 'DistributionConfig.Origins')) ?? []).some((o) => pointsAt(index.field(o, 'DomainName'), res)));
}

/** One cache behavior of a distribution: its name for messages, and its value in the current world. @internal */
export interface CacheBehavior {
  readonly name: string;
  readonly v: Val;
}

/**
 * The cache behaviors of a distribution, for a rule that judges each: none known (a `DefaultCacheBehavior` decided at
 * deploy time) is undecidable.
 * @internal
 */
export function judgedCacheBehaviors(index: TemplateIndex, dist: CfnResource): CacheBehavior[] {
  const behaviors = cacheBehaviors(index, dist);
  if (behaviors.length === 0) throw new Undecidable('cache behaviors decided at deploy time');
  return behaviors;
}

/**
 * The cache behaviors of a distribution: the default first, then the path
 * patterns. A behavior (or the list) decided at deploy time is returned as an
 * `unknown` value, so every reader of it is undecided, never skipped.
 * @internal
 */
export function cacheBehaviors(index: TemplateIndex, dist: CfnResource): CacheBehavior[] {
  const out: CacheBehavior[] = [];
  const def = index.prop(dist, 'DistributionConfig.DefaultCacheBehavior');
  if (def.k !== 'absent') out.push({ name: 'DefaultCacheBehavior', v: def });
  const others = index.prop(dist, 'DistributionConfig.CacheBehaviors');
  const list = index.items(others);
  if (list === undefined) {
    if (others.k !== 'absent') out.push({ name: 'CacheBehaviors', v: others.k === 'unknown' ? others : { k: 'unknown', why: `CacheBehaviors is ${V.show(others)}` } });
    return out;
  }
  list.forEach((b, i) => {
    const pattern = index.field(b, 'PathPattern');
    out.push({ name: `CacheBehaviors.${i}${pattern.k === 'lit' ? ` (${V.show(pattern)})` : ''}`, v: b });
  });
  return out;
}

/** Property path of a behavior, for evidence. @internal */
export function behaviorPath(name: string): string {
  const open = name.indexOf(' (');
  return `Properties.DistributionConfig.${open >= 0 && name.endsWith(')') ? name.substring(0, open) : name}`;
}

/** The text of a value when it is a known scalar, `undefined` when it is absent or not a scalar; throws when undecidable. */
function text(v: Val): string | undefined {
  return V.str(v);
}

/** The entries of a value that may be one entry or a list of them (IAM's `Action`, `Resource`, `Statement`). */
function entries(index: TemplateIndex, v: Val): Val[] {
  if (v.k === 'unknown') throw new Undecidable(v.why);
  if (v.k === 'absent') return [];
  return index.items(v) ?? [v];
}

/** The placeholder a bucket's own name is rewritten to before resource patterns are compared. */
const SELF = '\u0001bucket';

/**
 * The text a bucket's name is written as in this template (besides `${<id>}`), for finding it in a resource ARN: its
 * `BucketName` when it is a literal, a Sub / Join text (the same text is the same name), an open parameter or text
 * around open parameters (their holes, `paramHole`: the same parameter is the same name); undefined when it has none
 * or it is decided otherwise at deploy time.
 */
function bucketNameText(index: TemplateIndex, bucket: CfnResource): string | undefined {
  const name = index.prop(bucket, 'BucketName');
  const t = name.k === 'lit' ? (typeof name.v === 'string' ? name.v : undefined) : name.k === 'expr' ? name.text : name.k === 'unknown' ? holedText(name) : undefined;
  return t === '' || (name.k !== 'unknown' && t?.includes('\u0000')) ? undefined : t;
}

/** The text of an unknown value with its parameters as holes (`paramHole`), when every deploy-time piece is one. */
function holedText(v: { param?: string; text?: string }): string | undefined {
  return v.param !== undefined ? paramHole(v.param) : v.text;
}

/** Text for messages: each parameter hole written `${Name}`. */
function showHoles(s: string): string {
  return s.replace(/\u0000parameter ([^\u0000]*)\u0000/g, '${$1}');
}

/**
 * A resource ARN (or pattern) in canonical form: partition `aws`, the bucket's name as SELF (a reference to it, or
 * the text of its `BucketName`, see `bucketNameText`). A pattern built around template parameters (an unknown value
 * with `text`) is read the same way, its parameters as holes (`paramHole`): `open` says it is.
 */
function canonicalArn(index: TemplateIndex, v: Val, bucket: CfnResource): { arn: string; open?: boolean } | undefined {
  let s: string;
  let open = false;
  if (v.k === 'unknown') {
    const t = holedText(v);
    if (t === undefined) throw new Undecidable(v.why);
    s = t;
    open = true;
  } else if (v.k === 'ref') {
    if (v.target !== bucket) return undefined;
    if (v.attr === 'Arn') return { arn: `arn:aws:s3:::${SELF}` };
    return v.attr === undefined ? { arn: SELF } : undefined;
  } else if (v.k === 'expr') s = v.text;
  else if (v.k === 'lit' && typeof v.v === 'string') s = v.v;
  else return undefined;
  // Known text spelling a parameter's hole names no bucket through it.
  if (!open && s.includes('\u0000')) return undefined;
  s = s.split('arn:${AWS::Partition}:').join('arn:aws:').replace(/^arn:aws-(cn|us-gov|iso|iso-b):/, 'arn:aws:');
  const id = bucket.logicalId;
  s = s.split(`\${${id}.Arn}`).join(`arn:aws:s3:::${SELF}`).split(`\${${id}}`).join(SELF);
  const name = bucketNameText(index, bucket);
  if (name !== undefined) {
    const prefix = `arn:aws:s3:::${name}`;
    const next = s.charAt(prefix.length);
    if (s.startsWith(prefix) && (next === '' || next === '/' || next === '*')) s = `arn:aws:s3:::${SELF}${s.substring(prefix.length)}`;
  }
  return open ? { arn: s, open } : { arn: s };
}

/** The parameters whose holes a text holds. */
function paramsIn(s: string): string[] {
  return [...s.matchAll(/\u0000parameter ([^\u0000]*)\u0000/g)].map((m) => m[1]);
}

/**
 * Whether an ARN pattern matches every string that starts with `target`
 * (`exact`: matches `target` itself): a literal prefix followed only by `*`,
 * the prefix being a prefix of `target`. No regular expression, so no
 * backtracking on hostile input.
 */
function coversArn(pattern: string, target: string, exact: boolean): boolean {
  if (exact && pattern === target) return true;
  const star = pattern.indexOf('*');
  if (star === -1 || pattern.substring(star).replace(/\*/g, '') !== '') return false;
  const prefix = pattern.substring(0, star);
  return target.startsWith(prefix) && !prefix.includes('?');
}

/** Actions that cover every request to a target of this type. */
function blanketActions(target: CfnResource | undefined): string[] {
  if (target?.type === BUCKET) return ['*', 's3:*'];
  return ['*', 's3:*', 'sns:*', 'sns:publish'];
}

/** Whether an IAM action pattern (`sns:*`, `SNS:Pub*`, `*`) matches an action; compared without case, as IAM does. */
function actionMatches(pattern: string | undefined, action: string): boolean {
  return pattern !== undefined && globMatch(pattern.toLowerCase(), action.toLowerCase(), true);
}

/**
 * Whether a Deny statement's actions cover what must be refused without TLS: for a topic, publishing (an Action
 * matching sns:Publish, or a NotAction that spares it); otherwise every action (`*`, `s3:*`), never a NotAction.
 */
function coversActions(index: TemplateIndex, s: Val, target: CfnResource | undefined): boolean {
  const notAction = index.field(s, 'NotAction');
  if (target?.type === TOPIC) {
    if (notAction.k !== 'absent') return !entries(index, notAction).some((a) => actionMatches(text(a), 'sns:Publish'));
    return entries(index, index.field(s, 'Action')).some((a) => actionMatches(text(a), 'sns:Publish'));
  }
  if (notAction.k !== 'absent') return false;
  const blanket = blanketActions(target);
  return entries(index, index.field(s, 'Action')).some((a) => blanket.includes((text(a) ?? '').toLowerCase()));
}

/** Whether a principal is everyone (`*`, `{ AWS: '*' }`). */
function isEveryone(index: TemplateIndex, principal: Val): boolean {
  if (text(principal) === '*') return true;
  if (principal.k !== 'lit') return false;
  return entries(index, index.field(principal, 'AWS')).some((p) => text(p) === '*');
}

/**
 * Whether a statement's `Condition` says "aws:SecureTransport is false" (under `Bool` or `BoolIfExists`; the key
 * compared without case, as IAM compares condition keys): undefined when it does not, `narrowed` naming the other
 * conditions when it says more (a Deny that also needs `aws:SourceVpce` to match denies only some requests
 * without TLS).
 */
function insecureOnly(index: TemplateIndex, condition: Val): { narrowed?: string } | undefined {
  const operators = index.keys(condition);
  if (operators === undefined) {
    if (condition.k === 'unknown') throw new Undecidable(condition.why);
    return undefined;
  }
  let found = false;
  const others: string[] = [];
  for (const [operator, block] of operators) {
    const keys = index.keys(block);
    if (keys === undefined) {
      if (block.k === 'unknown') throw new Undecidable(block.why);
      others.push(operator);
      continue;
    }
    for (const [key, value] of keys) {
      if ((operator === 'Bool' || operator === 'BoolIfExists') && key.toLowerCase() === 'aws:securetransport') {
        const values = entries(index, value).map((c) => text(c)?.toLowerCase());
        if (values.length === 1 && values[0] === 'false') {
          found = true;
          continue;
        }
      }
      others.push(`${operator} ${key}`);
    }
  }
  if (!found) return undefined;
  return others.length === 0 ? {} : { narrowed: others.join(', ') };
}

/** The outcome of reading a policy for a Deny of requests without TLS. @internal */
export interface TlsDenial {
  /** Whether a statement denies every request made without TLS to the whole target. */
  readonly ok: boolean;
  /** What was found, in words (why not, when `ok` is false). */
  readonly why: string;
  /** The index of the statement that denies, when `ok`. */
  readonly statement?: number;
}

/**
 * Read a policy document for a statement denying requests whose
 * `aws:SecureTransport` is false: Effect Deny, Principal `*` (no
 * NotPrincipal), every action (`*` or the service's `*`; for a topic, any
 * pattern matching sns:Publish), and, for a bucket, a `Resource` covering the
 * whole bucket (the bucket ARN and `ARN/*`, or a wildcard over both: the
 * bucket named by a reference, `${Bucket}`, or the text of its `BucketName`,
 * a literal, Sub / Join text, or the same open parameters at the same places),
 * and no condition but `aws:SecureTransport` (key names compared without case).
 * A `Resource` built around parameters covers where it does whatever they are;
 * otherwise it may (`arn:aws:s3:::${P2}` for a bucket named by P1: P2 may equal
 * P1), and the statement is undecided, naming the parameters and the name.
 * Throws `Undecidable` when no statement proves it and one is decided at
 * deploy time.
 * @internal
 */
export function tlsDenial(index: TemplateIndex, policyDocument: Val, target?: CfnResource): TlsDenial {
  if (policyDocument.k === 'unknown') throw new Undecidable(policyDocument.why);
  if (policyDocument.k !== 'lit') return { ok: false, why: 'no policy document' };
  const statements = entries(index, index.field(policyDocument, 'Statement'));
  let undecided: string | undefined;
  let partial: string | undefined;
  for (let i = 0; i < statements.length; i++) {
    try {
      const s = statements[i];
      if (text(index.field(s, 'Effect')) !== 'Deny') continue;
      const insecure = insecureOnly(index, index.field(s, 'Condition'));
      if (insecure === undefined) continue;
      if (insecure.narrowed !== undefined) {
        partial ??= `the Deny of aws:SecureTransport false (statement ${i}) applies only where ${insecure.narrowed} also holds, not to every request without TLS`;
        continue;
      }
      if (index.field(s, 'NotPrincipal').k !== 'absent' || !isEveryone(index, index.field(s, 'Principal'))) continue;
      if (!coversActions(index, s, target)) continue;
      if (target?.type === BUCKET) {
        // A pattern decided at deploy time counts where it covers whatever its parameters are, and may cover otherwise.
        const patterns: string[] = [];
        const open: string[] = [];
        let unread: string | undefined;
        for (const r of entries(index, index.field(s, 'Resource'))) {
          try {
            const c = canonicalArn(index, r, target);
            if (c) patterns.push(c.arn);
            if (c?.open) open.push(c.arn);
          } catch (e) {
            if (!(e instanceof Undecidable)) throw e;
            unread ??= e.why;
          }
        }
        const arn = `arn:aws:s3:::${SELF}`;
        const bucketLevel = patterns.some((p) => coversArn(p, arn, true));
        const objects = patterns.some((p) => coversArn(p, `${arn}/`, false));
        if (!bucketLevel || !objects) {
          if (unread !== undefined) throw new Undecidable(unread);
          if (open.length > 0) {
            const name = index.prop(target, 'BucketName');
            const named = name.k === 'absent' ? 'its name generated by CloudFormation' : name.k === 'unknown' && name.param !== undefined ? `BucketName: parameter ${name.param}` : `BucketName ${name.k === 'unknown' ? showHoles(holedText(name) ?? `(${name.why})`) : V.show(name)}`;
            throw new Undecidable(`statement ${i} denies requests without TLS to ${open.map((p) => showHoles(p.split(SELF).join(`\${${target.logicalId}}`))).join(', ')}, built from ${[...new Set(open.flatMap((p) => paramsIn(p)))].map((x) => `parameter ${x}`).join(', ')}: whether that is the whole bucket ${target.logicalId} (${named}) is decided at deploy time`);
          }
          partial = `the Deny of aws:SecureTransport false (statement ${i}) covers ${[bucketLevel ? 'the bucket' : '', objects ? 'its objects' : ''].filter((x) => x).join(' and ') || 'neither the bucket nor its objects'}, not the whole bucket (${target.logicalId} ARN and ARN/*)`;
          continue;
        }
      } else if (target) {
        const resources = entries(index, index.field(s, 'Resource'));
        if (!resources.some((r) => text(r) === '*' || pointsAt(r, target))) continue;
      }
      return { ok: true, why: `statement ${i} denies requests without TLS`, statement: i };
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      undecided = e.why;
    }
  }
  if (undecided) throw new Undecidable(`a policy statement is decided at deploy time (${undecided})`);
  return { ok: false, why: partial ?? 'no statement denies requests where aws:SecureTransport is false' };
}

/**
 * True when a policy document denies every request made without TLS to the
 * whole of `target` (see `tlsDenial`); throws `Undecidable` when that is
 * decided at deploy time.
 * @internal
 */
export function deniesInsecureTransport(index: TemplateIndex, policyDocument: Val, target?: CfnResource): boolean {
  return tlsDenial(index, policyDocument, target).ok;
}

/** Route 53 records in this template that point at `target` (an alias, or a CNAME's value). @internal */
export function dnsRecordsFor(index: TemplateIndex, target: CfnResource): CfnResource[] {
  return index.referrers(target, RECORD_SET, RECORD_SET_GROUP).filter((r) => {
    const sets = r.type === RECORD_SET ? [index.prop(r, '')] : index.items(index.prop(r, 'RecordSets')) ?? [];
    // An alias, or a CNAME: a TXT or other record that mentions the target sends nobody to it.
    return sets.some((s) => pointsAt(index.field(s, 'AliasTarget.DNSName'), target)
      || ((V.str(index.field(s, 'Type')) ?? '').toUpperCase() === 'CNAME' && (index.items(index.field(s, 'ResourceRecords')) ?? []).some((v) => pointsAt(v, target))));
  });
}

/**
 * Verdicts to report: only the failing and undecided ones when there are any
 * (a finding that cannot be decided is never reported next to a pass on the
 * same resource), else the passes.
 * @internal
 */
export function worst(out: Verdict[]): Verdict[] {
  const bad = out.filter((v) => v.status !== FindingStatus.PASS);
  return bad.length > 0 ? bad : out;
}

/**
 * The compute a load balancer or distribution sends requests to, as far as
 * this template shows: ECS task definitions (through the services registered
 * with its target groups) and Lambda functions (target group targets). A
 * distribution is followed to the load balancers among its origins. `unread`
 * names what else it sends requests to, whose compute is not read: an origin
 * that is not a load balancer of the template, a target group with no ECS
 * service or Lambda function (instances, addresses, targets outside the template).
 * @internal
 */
export function computeBehind(index: TemplateIndex, res: CfnResource): { compute: CfnResource[]; unread: string[] } {
  const unread: string[] = [];
  let lbs: CfnResource[] = res.type === LB ? [res] : [];
  if (res.type === DISTRIBUTION) {
    lbs = [];
    for (const o of index.items(index.prop(res, 'DistributionConfig.Origins')) ?? []) {
      const lb = refersTo(index.field(o, 'DomainName'), LB);
      if (lb) lbs.push(lb);
      else unread.push(`origin ${V.show(index.field(o, 'Id'))} (${V.show(index.field(o, 'DomainName'))})`);
    }
  }
  const out = new Set<CfnResource>();
  for (const lb of lbs) {
    for (const tg of listenersOf(index, lb).flatMap((l) => targetGroupsOfListener(index, l))) {
      let found = false;
      for (const svc of index.referrers(tg, 'AWS::ECS::Service')) {
        const td = refersTo(index.prop(svc, 'TaskDefinition'), 'AWS::ECS::TaskDefinition');
        if (td) { out.add(td); found = true; }
      }
      for (const t of index.items(index.prop(tg, 'Targets')) ?? []) {
        const target = index.field(t, 'Id');
        const alias = refersTo(target, 'AWS::Lambda::Alias');
        const fn = refersTo(target, 'AWS::Lambda::Function') ?? (alias ? refersTo(index.prop(alias, 'FunctionName'), 'AWS::Lambda::Function') : undefined);
        if (fn) { out.add(fn); found = true; }
      }
      if (!found && !unread.includes(`target group ${tg.logicalId}`)) unread.push(`target group ${tg.logicalId}`);
    }
  }
  return { compute: [...out], unread };
}
