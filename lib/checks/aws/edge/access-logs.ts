import { RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { attribute } from '../../cfn/load-balancers';
import { CfnResource, pseudoMark, refMark, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { bucketPolicies, logBucketNamedBy, mayBeKept } from '../../cfn/bucket-names';
import { BUCKET, openPolicy, tlsDenial, worst } from '../../cfn/edge';
import { policyDocumentOf } from '../../cfn/iam-policies';
import { LogKeys, logBucketLifecycle, logKeysUnderAwsLogs } from '../../cfn/log-destinations';
import { holedText } from '../../cfn/holed-text';
import { valueText } from '../../cfn/names';

/**
 * The verdicts on an access-log bucket of this template: encrypted (SSE-S3
 * only when the delivering service cannot write to SSE-KMS buckets), a policy
 * denying requests without TLS over the whole bucket (a bucket keeps one
 * policy: with several AWS::S3::BucketPolicy resources on it, the one applied
 * last, so every one must deny; some that do and some that do not is unknown,
 * and so are several that allow object writes to different principals: the
 * log-delivery grant may not be in the one kept; a policy whose `Bucket` may
 * name the bucket depending on values decided at deploy time counts as one of
 * them, see `policiesMayBeOn`),
 * and a lifecycle keeping logs at least logRetentionDays: an enabled rule applies to the log files
 * (keys starting with one of `logs`), and none that can take them expires them
 * sooner, by days or by an ExpirationDate (see `logBucketLifecycle`).
 * `aclWrites`: the service writes the log files through the bucket ACL
 * (CloudFront standard logging, legacy), so the bucket must keep ACLs enabled
 * (see `judgeAclsEnabled`); the load balancers write through the bucket policy.
 * @internal
 */
export function judgeLogBucket(ctx: RuleContext, bucket: CfnResource, sseS3Only: boolean, logs?: LogKeys[], aclWrites = false): Verdict[] {
  const { index, thresholds } = ctx;
  const out: Verdict[] = [];
  const p = `${bucket.logicalId}`;
  const rules = index.prop(bucket, 'BucketEncryption.ServerSideEncryptionConfiguration');
  const algos = rules.k === 'unknown' ? [rules] : (index.items(rules) ?? []).map((r) => index.field(r, 'ServerSideEncryptionByDefault.SSEAlgorithm'));
  const algo = algos.find((a) => a.k !== 'absent');
  if (algo?.k === 'unknown') out.push(unknown(`${p}.BucketEncryption`, algo, `bucket encryption decided at deploy time (${algo.why})`));
  else if (algo === undefined) out.push(pass(`${p}.BucketEncryption`, '(not set)', `log bucket ${p} encrypted with S3's default SSE-S3`));
  else if (V.str(algo) === 'AES256' || !sseS3Only) out.push(pass(`${p}.BucketEncryption`, algo, `log bucket ${p} encrypted (${V.show(algo)})`));
  else out.push(fail(`${p}.BucketEncryption`, algo, `log bucket ${p} uses ${V.show(algo)}: this load balancer can only write access logs to SSE-S3 (AES256) buckets`));
  if (aclWrites) out.push(judgeAclsEnabled(ctx, bucket));

  // A bucket has one policy: each AWS::S3::BucketPolicy on it replaces the other, and the one CloudFormation
  // applies last is kept, so every one of them must deny (some that do, some that do not: unknown).
  const policies = bucketPolicies(index, bucket);
  const names = policies.map((x) => x.logicalId).join(', ') || '(none)';
  const denying: string[] = [];
  const other: { pol: string; why: string }[] = [];
  let undecided: string | undefined;
  for (const bp of policies) {
    try {
      const d = tlsDenial(index, policyDocumentOf(index, bp), bucket);
      if (d.ok) denying.push(bp.logicalId);
      else other.push({ pol: bp.logicalId, why: d.why });
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      undecided ??= `whether bucket policy ${bp.logicalId} denies requests without TLS is ${openPolicy(e)}`;
    }
  }
  // A policy whose Bucket may name this one depending on values decided at deploy time may be the one kept.
  const maybe = mayBeKept(index, bucket, policies);
  const lose = maybe.filter((m) => m.denies !== true);
  if (undecided) out.push(unknown(`${p}.BucketPolicy`, names, `log bucket ${p}: ${undecided}`));
  else if (denying.length > 0 && other.length === 0 && lose.length > 0) {
    out.push(unknown(`${p}.BucketPolicy`, names, `log bucket ${p}: ${denying.join(', ')} denies requests without TLS, but a bucket keeps one policy (whichever CloudFormation applies last) and ${lose.map((m) => `bucket policy ${m.pol.logicalId} may be this bucket's (${m.why}) and ${m.denies === false ? 'does not deny them' : 'may not deny them'} (${m.how})`).join('; ')}`));
  } else if (denying.length > 0 && other.length === 0) out.push(pass(`${p}.BucketPolicy`, names, `log bucket ${p} denies requests without TLS`));
  else if (denying.length > 0) {
    out.push(unknown(`${p}.BucketPolicy`, names, `log bucket ${p}: ${policies.length} bucket policies (${names}) set its one policy, which keeps whichever CloudFormation applies last: ${denying.join(', ')} denies requests without TLS, ${other.map((o) => `${o.pol} does not (${o.why})`).join('; ')}`));
  } else out.push(fail(`${p}.BucketPolicy`, names, `log bucket ${p} does not deny every request without TLS: ${other.map((o) => o.why).join('; ') || 'no bucket policy'}`));

  const all = [...policies, ...maybe.map((m) => m.pol)];
  const grants = all.length > 1 ? putGrants(ctx, all) : undefined;
  if (grants && new Set(grants.map((g) => g.key)).size > 1) {
    const allNames = all.map((x) => x.logicalId).join(', ');
    out.push(unknown(`${p}.BucketPolicy`, allNames, `log bucket ${p}: ${all.length} bucket policies (${allNames}) ${maybe.length > 0 ? `may set its one policy (${maybe.map((m) => `${m.pol.logicalId}: ${m.why}`).join('; ')}), ` : 'set its one policy, '}which keeps whichever CloudFormation applies last, and they grant writes to different principals (${grants.map((g) => `${g.pol}: ${g.principals || 'none'}`).join('; ')}): whether the policy kept grants the log delivery decides`));
  }

  const key = 'logRetentionDays';
  out.push(logBucketLifecycle(index, bucket, logs, (d) => thresholds.meets(key, d),
    { property: `${p}.LifecycleConfiguration`, label: `log bucket ${p}`, threshold: `${key} is ${thresholds.get(key)}`, needsRule: true }));
  return out;
}

const ACLS_ENABLED = ['BucketOwnerPreferred', 'ObjectWriter'];

/**
 * Whether a bucket of this template keeps ACLs enabled, as CloudFront standard
 * logging (legacy) needs: it writes the log files through the bucket ACL (the
 * awslogsdelivery grant), and cannot deliver to a bucket whose S3 Object
 * Ownership is `BucketOwnerEnforced` (ACLs disabled), which S3 gives every new
 * bucket without `OwnershipControls` since April 2023 (CloudFront Developer
 * Guide, "Configure standard logging (legacy)"). `BucketOwnerPreferred` or
 * `ObjectWriter` passes; an ownership decided at deploy time is unknown.
 */
function judgeAclsEnabled(ctx: RuleContext, bucket: CfnResource): Verdict {
  const { index } = ctx;
  const p = `${bucket.logicalId}.OwnershipControls`;
  const rules = index.prop(bucket, 'OwnershipControls.Rules');
  if (rules.k === 'unknown') return unknown(p, rules, `log bucket ${bucket.logicalId}: whether its ACLs are enabled, which CloudFront standard logging writes through, is decided at deploy time (${rules.why})`);
  const list = rules.k === 'absent' ? [] : index.items(rules);
  if (list === undefined) return unknown(p, rules, `log bucket ${bucket.logicalId}: OwnershipControls.Rules is not a list (${V.show(rules)}): whether its ACLs are enabled, which CloudFront standard logging writes through, is not known`);
  const owners = list.map((r) => index.field(r, 'ObjectOwnership')).filter((o) => o.k !== 'absent');
  const open = owners.find((o) => o.k === 'unknown');
  if (open?.k === 'unknown') return unknown(p, open, `log bucket ${bucket.logicalId}: its ObjectOwnership, which decides whether CloudFront standard logging can write through its ACL, is decided at deploy time (${open.why})`);
  const names = [...new Set(owners.map((o) => V.str(o) ?? V.show(o)))];
  if (names.length === 0) {
    return fail(p, rules, `log bucket ${bucket.logicalId} has no ObjectOwnership: S3 creates it with BucketOwnerEnforced (ACLs disabled), and CloudFront standard logging, which writes through the bucket ACL, cannot deliver to it`);
  }
  if (names.length === 1 && ACLS_ENABLED.includes(names[0])) return pass(p, names[0], `log bucket ${bucket.logicalId} keeps ACLs enabled (ObjectOwnership ${names[0]}), which CloudFront standard logging writes through`);
  if (names.every((n) => !ACLS_ENABLED.includes(n))) {
    return fail(p, names.join(', '), `log bucket ${bucket.logicalId} has ObjectOwnership ${names.join(', ')}: ACLs are disabled, and CloudFront standard logging, which writes through the bucket ACL, cannot deliver to it`);
  }
  return unknown(p, names.join(', '), `log bucket ${bucket.logicalId} has several ObjectOwnership rules (${names.join(', ')}): whether its ACLs are enabled, which CloudFront standard logging writes through, is not known`);
}

/**
 * The principals each bucket policy allows to write objects (an Allow of s3:PutObject, s3:Put*, s3:* or *): `key`
 * the resolved principals to compare (`principalKeys`), `principals` as written for messages. Several policies on
 * one bucket that differ here may drop the log-delivery grant, whichever is kept.
 */
function putGrants(ctx: RuleContext, policies: CfnResource[]): { pol: string; principals: string; key: string }[] {
  const { index } = ctx;
  return policies.map((bp) => {
    const doc = index.field(policyDocumentOf(index, bp), 'Statement');
    const statements = index.items(doc) ?? (doc.k === 'absent' ? [] : [doc]);
    const writing = statements.filter((st) => V.str(index.field(st, 'Effect')) === 'Allow' && writes(ctx, index.field(st, 'Action')));
    const principals = writing.map((st) => V.show(index.field(st, 'Principal'))).sort();
    const keys = writing.flatMap((st) => principalKeys(ctx, index.field(st, 'Principal')));
    return { pol: bp.logicalId, principals: [...new Set(principals)].join(', '), key: [...new Set(keys)].sort().join('\n') };
  });
}

/**
 * A statement's `Principal` as the principals it names, resolved so that two ways of writing one compare equal:
 * `*` is `{ AWS: * }`; each entry's value as the template evaluates it (a Join, a Sub or a literal spelling the same
 * text are one; a parameter is its hole, see `holedText`); the partition written `aws`; an account (its 12-digit id,
 * or `${AWS::AccountId}`) is its root user's ARN, as IAM reads it. A value decided at deploy time without a text
 * stays as shown (two such compare unequal: unknown).
 */
function principalKeys(ctx: RuleContext, principal: Val): string[] {
  const { index } = ctx;
  if (principal.k === 'absent') return [];
  if (principal.k === 'lit' && principal.v === '*') return ['AWS *'];
  const kinds = principal.k === 'lit' ? index.keys(principal) : undefined;
  if (kinds === undefined) return [`? ${V.show(principal)}`];
  const out: string[] = [];
  for (const [kind, value] of kinds) {
    const list = value.k === 'lit' && Array.isArray(value.v) ? index.items(value) ?? [value] : [value];
    for (const e of list) {
      // A pseudo parameter decided at deploy time reads as Fn::Sub places it (its mark, `pseudoMark`).
      const pseudo = e.k === 'unknown' && e.why.startsWith('pseudo parameter ') ? pseudoMark(e.why.substring('pseudo parameter '.length)) : undefined;
      let t = pseudo ?? (e.k === 'unknown' ? holedText(e) : e.k === 'ref' ? refMark(e.target.logicalId, e.attr) : valueText(e));
      if (t === undefined) { out.push(`${kind} ? ${V.show(e)}`); continue; }
      t = t.split(`arn:${pseudoMark('AWS::Partition')}:`).join('arn:aws:').replace(/^arn:aws-(cn|us-gov|iso|iso-b):/, 'arn:aws:');
      if (kind === 'AWS' && (/^\d{12}$/.test(t) || t === pseudoMark('AWS::AccountId'))) t = `arn:aws:iam::${t}:root`;
      // Known text never spells a parameter's hole; `${...}` of a plain string is left as written by CloudFormation
      // (no account, no reference: text IAM reads as written or as a policy variable), unlike Fn::Sub's.
      out.push(`${kind} ${e.k === 'unknown' && pseudo === undefined ? 'holed' : e.k === 'lit' && t.includes('${') ? 'as written' : 'text'} ${t}`);
    }
  }
  return out;
}

/** Whether an Action value allows PutObject. */
function writes(ctx: RuleContext, action: Val): boolean {
  const list = ctx.index.items(action) ?? [action];
  return list.some((a) => { const x = (V.str(a) ?? '').toLowerCase(); return x === '*' || x === 's3:*' || x === 's3:put*' || x === 's3:putobject'; });
}

/**
 * The verdict on where access logs go, once they are on: a bucket of this
 * template is judged (see `judgeLogBucket`; `logs`: where the log keys start,
 * from the service's prefix setting), whether the destination refers to it or
 * names it by text (see `logBucketNamedBy`); a bucket named from elsewhere
 * passes on the setting, naming where to check it; text that may name a
 * bucket of this template without showing which is unknown. `aclWrites`: see
 * `judgeLogBucket` (CloudFront standard logging).
 * @internal
 */
export function judgeLogDestination(ctx: RuleContext, bucketValue: Val, property: string, sseS3Only: boolean, enabledVerdict: Verdict, logs?: LogKeys[], aclWrites = false): Verdict[] {
  if (bucketValue.k === 'absent') return [fail(property, bucketValue, 'access logs enabled without a bucket')];
  const named = bucketValue.k === 'ref' && bucketValue.target.type === BUCKET ? { bucket: bucketValue.target } : logBucketNamedBy(ctx.index, bucketValue);
  const bucket = named.bucket;
  if (!bucket && bucketValue.k === 'unknown') return [unknown(property, bucketValue, `log bucket decided at deploy time (${bucketValue.why})`)];
  if (!bucket && named.open) return [unknown(property, bucketValue, `log bucket ${V.show(bucketValue)}: ${named.open}; its encryption, policy and lifecycle are judged only when the template shows which bucket it is`)];
  if (!bucket) return [pass(property, bucketValue, `${enabledVerdict.message}, to bucket ${V.show(bucketValue)} (not in this template: check its encryption and policy${aclWrites ? ', and that its ACLs are enabled,' : ''} there)`)];
  const by = bucketValue.k === 'ref' ? '' : ` (named ${V.show(bucketValue)})`;
  return worst([pass(enabledVerdict.property, enabledVerdict.value, `${enabledVerdict.message}, to bucket ${bucket.logicalId}${by}`), ...judgeLogBucket(ctx, bucket, sseS3Only, logs, aclWrites)]);
}

const ENABLED = 'access_logs.s3.enabled';
const BUCKET_KEY = 'access_logs.s3.bucket';
const PREFIX_KEY = 'access_logs.s3.prefix';

/**
 * The verdicts on an ELBv2 load balancer's access logs (the
 * `access_logs.s3.*` attributes): on, to a bucket judged by
 * `judgeLogDestination`, the log files under `<access_logs.s3.prefix>/AWSLogs/`.
 * @internal
 */
export function judgeElbv2AccessLogs(ctx: RuleContext, lb: CfnResource, sseS3Only: boolean, offMessage: string): Verdict | Verdict[] {
  const { index } = ctx;
  const p = `Properties.LoadBalancerAttributes[${ENABLED}]`;
  const on = attribute(index, lb, 'LoadBalancerAttributes', ENABLED);
  if (on.k === 'unknown') return unknown(p, on, `decided at deploy time (${on.why})`);
  if (!V.isTrue(on)) return fail(p, on, on.k === 'absent' ? offMessage : `${ENABLED} is ${V.show(on)}`);
  const bucket = attribute(index, lb, 'LoadBalancerAttributes', BUCKET_KEY);
  const logs = logKeysUnderAwsLogs(attribute(index, lb, 'LoadBalancerAttributes', PREFIX_KEY), PREFIX_KEY);
  return judgeLogDestination(ctx, bucket, `Properties.LoadBalancerAttributes[${BUCKET_KEY}]`, sseS3Only, pass(p, on, 'access logs on'), logs);
}
