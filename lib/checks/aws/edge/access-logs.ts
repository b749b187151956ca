import { RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { attribute } from '../../cfn/load-balancers';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { globMatch } from '../../glob';
import { sameName, valueText } from '../../cfn/names';
import { BUCKET, bucketPolicies, tlsDenial, worst } from '../../cfn/edge';
import { policyDocumentOf } from '../../cfn/iam-policies';
import { LogKeys, logBucketLifecycle, logKeysUnderAwsLogs } from '../../cfn/log-destinations';

/**
 * The verdicts on an access-log bucket of this template: encrypted (SSE-S3
 * only when the delivering service cannot write to SSE-KMS buckets), a policy
 * denying requests without TLS over the whole bucket (a bucket keeps one
 * policy: with several AWS::S3::BucketPolicy resources on it, the one applied
 * last, so every one must deny; some that do and some that do not is unknown,
 * and so are several that allow object writes to different principals: the
 * log-delivery grant may not be in the one kept),
 * and a lifecycle keeping logs at least logRetentionDays: an enabled rule applies to the log files
 * (keys starting with one of `logs`), and none that can take them expires them
 * sooner, by days or by an ExpirationDate (see `logBucketLifecycle`).
 * @internal
 */
export function judgeLogBucket(ctx: RuleContext, bucket: CfnResource, sseS3Only: boolean, logs?: LogKeys[]): Verdict[] {
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
      undecided ??= `${bp.logicalId}: ${e.why}`;
    }
  }
  if (undecided) out.push(unknown(`${p}.BucketPolicy`, names, `log bucket ${p} policy decided at deploy time (${undecided})`));
  else if (denying.length > 0 && other.length === 0) out.push(pass(`${p}.BucketPolicy`, names, `log bucket ${p} denies requests without TLS`));
  else if (denying.length > 0) {
    out.push(unknown(`${p}.BucketPolicy`, names, `log bucket ${p}: ${policies.length} bucket policies (${names}) set its one policy, which keeps whichever CloudFormation applies last: ${denying.join(', ')} denies requests without TLS, ${other.map((o) => `${o.pol} does not (${o.why})`).join('; ')}`));
  } else out.push(fail(`${p}.BucketPolicy`, names, `log bucket ${p} does not deny every request without TLS: ${other.map((o) => o.why).join('; ') || 'no bucket policy'}`));

  const grants = policies.length > 1 ? putGrants(ctx, policies) : undefined;
  if (grants && new Set(grants.map((g) => g.principals)).size > 1) {
    out.push(unknown(`${p}.BucketPolicy`, names, `log bucket ${p}: ${policies.length} bucket policies (${names}) set its one policy, which keeps whichever CloudFormation applies last, and they grant writes to different principals (${grants.map((g) => `${g.pol}: ${g.principals || 'none'}`).join('; ')}): whether the policy kept grants the log delivery decides`));
  }

  const key = 'logRetentionDays';
  out.push(logBucketLifecycle(index, bucket, logs, (d) => thresholds.meets(key, d),
    { property: `${p}.LifecycleConfiguration`, label: `log bucket ${p}`, threshold: `${key} is ${thresholds.get(key)}`, needsRule: true }));
  return out;
}

/**
 * The principals each bucket policy allows to write objects (an Allow of
 * s3:PutObject, s3:Put*, s3:* or *), as comparable text: several policies on
 * one bucket that differ here may drop the log-delivery grant, whichever is kept.
 */
function putGrants(ctx: RuleContext, policies: CfnResource[]): { pol: string; principals: string }[] {
  const { index } = ctx;
  return policies.map((bp) => {
    const doc = index.field(policyDocumentOf(index, bp), 'Statement');
    const statements = index.items(doc) ?? (doc.k === 'absent' ? [] : [doc]);
    const principals = statements.filter((st) => V.str(index.field(st, 'Effect')) === 'Allow' && writes(ctx, index.field(st, 'Action')))
      .map((st) => V.show(index.field(st, 'Principal'))).sort();
    return { pol: bp.logicalId, principals: [...new Set(principals)].join(', ') };
  });
}

/** Whether an Action value allows PutObject. */
function writes(ctx: RuleContext, action: Val): boolean {
  const list = ctx.index.items(action) ?? [action];
  return list.some((a) => { const x = (V.str(a) ?? '').toLowerCase(); return x === '*' || x === 's3:*' || x === 's3:put*' || x === 's3:putobject'; });
}

/**
 * The end of an S3 endpoint host name after a bucket name (`.s3.amazonaws.com`, `.s3.<region>.amazonaws.com`,
 * `.s3-<region>.amazonaws.com`, `.s3.dualstack.<region>.amazonaws.com`, China's `.com.cn`), the region possibly
 * still `${AWS::Region}`. No nested quantifier: linear on hostile text.
 */
const S3_HOST = /\.s3(?:\.dualstack)?(?:[.-](?:[a-z0-9-]+|\$\{AWS::Region\}))?\.amazonaws\.com(?:\.cn)?$/;

/** A bucket's resource attributes that are its host name (CloudFront's `Logging.Bucket` takes one). */
const HOST_ATTRIBUTES = ['DomainName', 'RegionalDomainName', 'DualStackDomainName'];

/**
 * The bucket of this template a log destination names, when it names one by text rather than by `Ref`: the same
 * text or open parameter as the bucket's `BucketName` (see `sameName`), `${Bucket}` in an Fn::Sub / Fn::Join, or the
 * host name of either (`<name>.s3[.<region>].amazonaws.com`, `${Bucket.DomainName}`, `${Bucket.RegionalDomainName}`).
 * `open` names a bucket of the template the text may name but does not show to (its `BucketName` decided at deploy
 * time, or text that places a deploy-time value where the other is known). A bucket without `BucketName` is never
 * matched by text: CloudFormation names it `<stack>-<logical id>-<random suffix>`, which no template can spell.
 * @internal
 */
export function logBucketNamedBy(index: TemplateIndex, v: Val): { bucket?: CfnResource; open?: string } {
  const whole = valueText(v);
  const host = whole === undefined ? undefined : S3_HOST.exec(whole);
  const named = host ? whole!.substring(0, host.index) : whole;
  const candidates = [...new Set([whole, named].filter((t): t is string => t !== undefined && t !== ''))];
  let open: string | undefined;
  for (const b of index.ofType(BUCKET)) {
    const id = b.logicalId;
    if (candidates.includes(`\${${id}}`) || (whole !== undefined && HOST_ATTRIBUTES.some((a) => whole === `\${${id}.${a}}`))) return { bucket: b };
    const name = index.prop(b, 'BucketName');
    if (name.k === 'absent') continue;
    if (sameName(v, name, false) || candidates.some((t) => sameName({ k: 'lit', v: t }, name, false))) return { bucket: b };
    if (name.k === 'unknown') { open ??= `bucket ${id} of this template may be it: its BucketName is decided at deploy time (${name.why})`; continue; }
    const nameText = valueText(name);
    if (nameText !== undefined && candidates.some((t) => mayBeEqual(t, nameText))) open ??= `bucket ${id} of this template (BucketName ${nameText}) may be it, depending on values decided at deploy time`;
  }
  return { open };
}

/** Whether two texts, `${...}` standing for values decided at deploy time, may be equal once deployed (without any placeholder: never, they differ). */
function mayBeEqual(a: string, b: string): boolean {
  const pa = a.includes('${');
  const pb = b.includes('${');
  if (!pa && !pb) return false;
  if (pa && pb) return true;
  const [pattern, text] = pa ? [a, b] : [b, a];
  return globMatch(placeholdersAsStars(pattern), text);
}

/** Text with each `${...}` placeholder written as `*` (a glob for `globMatch`); linear, no regular expression. */
function placeholdersAsStars(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (!text.startsWith('${', i)) {
      out += text[i++];
      continue;
    }
    const close = text.indexOf('}', i + 2);
    if (close === -1) return out + text.substring(i); // no placeholder closes after here
    out += '*';
    i = close + 1;
  }
  return out;
}

/**
 * The verdict on where access logs go, once they are on: a bucket of this
 * template is judged (see `judgeLogBucket`; `logs`: where the log keys start,
 * from the service's prefix setting), whether the destination refers to it or
 * names it by text (see `logBucketNamedBy`); a bucket named from elsewhere
 * passes on the setting, naming where to check it; text that may name a
 * bucket of this template without showing which is unknown.
 * @internal
 */
export function judgeLogDestination(ctx: RuleContext, bucketValue: Val, property: string, sseS3Only: boolean, enabledVerdict: Verdict, logs?: LogKeys[]): Verdict[] {
  if (bucketValue.k === 'absent') return [fail(property, bucketValue, 'access logs enabled without a bucket')];
  const named = bucketValue.k === 'ref' && bucketValue.target.type === BUCKET ? { bucket: bucketValue.target } : logBucketNamedBy(ctx.index, bucketValue);
  const bucket = named.bucket;
  if (!bucket && bucketValue.k === 'unknown') return [unknown(property, bucketValue, `log bucket decided at deploy time (${bucketValue.why})`)];
  if (!bucket && named.open) return [unknown(property, bucketValue, `log bucket ${V.show(bucketValue)}: ${named.open}; its encryption, policy and lifecycle are judged only when the template shows which bucket it is`)];
  if (!bucket) return [pass(property, bucketValue, `${enabledVerdict.message}, to bucket ${V.show(bucketValue)} (not in this template: check its encryption and policy there)`)];
  const by = bucketValue.k === 'ref' ? '' : ` (named ${V.show(bucketValue)})`;
  return worst([pass(enabledVerdict.property, enabledVerdict.value, `${enabledVerdict.message}, to bucket ${bucket.logicalId}${by}`), ...judgeLogBucket(ctx, bucket, sseS3Only, logs)]);
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
