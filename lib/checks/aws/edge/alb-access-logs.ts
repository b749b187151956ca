import { Severity } from '../../model';
import { AwsRule, RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, V } from '../../template-index';
import { BUCKET, bucketPolicies, deniesInsecureTransport, worst } from '../../cfn/edge';
import { attribute, isAlb, LB } from '../../cfn/load-balancers';

const ENABLED = 'access_logs.s3.enabled';
const BUCKET_KEY = 'access_logs.s3.bucket';

/** The verdicts on an access-log bucket of this template: SSE-S3, TLS-only, a lifecycle keeping logs >= logRetentionDays. */
export function judgeLogBucket(ctx: RuleContext, bucket: CfnResource, sseS3Only: boolean): Verdict[] {
  const { index, thresholds } = ctx;
  const out: Verdict[] = [];
  const p = `${bucket.logicalId}`;
  const rules = index.prop(bucket, 'BucketEncryption.ServerSideEncryptionConfiguration');
  const algos = (V.list(rules) ?? []).map((r) => index.at(r, 'ServerSideEncryptionByDefault.SSEAlgorithm'));
  const algo = algos.find((a) => a.k !== 'absent');
  if (rules.k === 'unknown' || algo?.k === 'unknown') out.push(unknown(`${p}.BucketEncryption`, algo ?? rules, 'bucket encryption decided at deploy time'));
  else if (algo === undefined) out.push(pass(`${p}.BucketEncryption`, '(not set)', `log bucket ${p} encrypted with S3's default SSE-S3`));
  else if (V.str(algo) === 'AES256' || !sseS3Only) out.push(pass(`${p}.BucketEncryption`, algo, `log bucket ${p} encrypted (${V.show(algo)})`));
  else out.push(fail(`${p}.BucketEncryption`, algo, `log bucket ${p} uses ${V.show(algo)}: Application Load Balancers can only write access logs to SSE-S3 (AES256) buckets`));

  const policies = bucketPolicies(index, bucket);
  if (policies.some((bp) => deniesInsecureTransport(index, index.prop(bp, 'PolicyDocument')))) out.push(pass(`${p}.BucketPolicy`, policies.map((x) => x.logicalId).join(', '), `log bucket ${p} denies requests without TLS`));
  else if (policies.some((bp) => index.prop(bp, 'PolicyDocument').k === 'unknown')) out.push(unknown(`${p}.BucketPolicy`, policies[0].logicalId, `log bucket ${p} policy decided at deploy time`));
  else out.push(fail(`${p}.BucketPolicy`, policies.map((x) => x.logicalId).join(', ') || '(none)', `log bucket ${p} has no policy denying aws:SecureTransport false`));

  const lifecycle = index.prop(bucket, 'LifecycleConfiguration.Rules');
  const enabled = (V.list(lifecycle) ?? []).filter((r) => V.str(index.at(r, 'Status')) === 'Enabled');
  const key = 'logRetentionDays';
  const min = thresholds.get(key);
  if (lifecycle.k === 'unknown') out.push(unknown(`${p}.LifecycleConfiguration`, lifecycle, 'lifecycle decided at deploy time'));
  else if (enabled.length === 0) out.push(fail(`${p}.LifecycleConfiguration`, lifecycle, `log bucket ${p} has no enabled lifecycle rule: logs are never expired or archived`));
  else {
    const short = enabled.map((r) => V.num(index.at(r, 'ExpirationInDays'))).find((d) => d !== undefined && !thresholds.meets(key, d));
    if (short !== undefined) out.push(fail(`${p}.LifecycleConfiguration`, String(short), `log bucket ${p} expires logs after ${short} days, ${key} is ${min}`));
    else out.push(pass(`${p}.LifecycleConfiguration`, `${enabled.length} rule(s)`, `log bucket ${p} has a lifecycle keeping logs >= ${min} days`));
  }
  return out;
}

/** EDGE-ACCESS-LOGS (ALB): access logs go to an encrypted, TLS-only bucket with a lifecycle. */
export const AlbAccessLogs: AwsRule = {
  id: 'AlbAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [LB],
  severity: Severity.MEDIUM,
  description: 'Application Load Balancers write access logs to an SSE-S3 encrypted, TLS-only bucket with a lifecycle rule.',
  fix: 'alb.logAccessLogs(bucket) with a bucket that has encryption S3_MANAGED, enforceSSL: true and a lifecycle rule.',
  fsbp: ['ELB.5'],
  controlTower: ['CT.ELASTICLOADBALANCING.PR.6'],
  check(res, ctx) {
    const { index } = ctx;
    if (!isAlb(res, index)) return undefined;
    const p = `Properties.LoadBalancerAttributes[${ENABLED}]`;
    const on = attribute(index, res, 'LoadBalancerAttributes', ENABLED);
    if (on.k === 'unknown') return unknown(p, on, `decided at deploy time (${on.why})`);
    if (!V.isTrue(on)) return fail(p, on, on.k === 'absent' ? 'access logs are off (the default)' : `${ENABLED} is ${V.show(on)}`);
    const b = attribute(index, res, 'LoadBalancerAttributes', BUCKET_KEY);
    const bp = `Properties.LoadBalancerAttributes[${BUCKET_KEY}]`;
    if (b.k === 'unknown') return unknown(bp, b, `log bucket decided at deploy time (${b.why})`);
    if (b.k === 'absent') return fail(bp, b, 'access logs enabled without a bucket');
    const bucket = b.k === 'ref' && b.target.type === BUCKET ? b.target : undefined;
    if (!bucket) return pass(bp, b, `access logs on, to bucket ${V.show(b)} (not in this template: check its encryption and policy there)`);
    return worst([pass(p, on, `access logs on, to bucket ${bucket.logicalId}`), ...judgeLogBucket(ctx, bucket, true)]);
  },
};
