import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { Undecidable } from '../../world';
import { openPolicy, tlsDenial } from '../../cfn/edge';
import { policyDocumentOf } from '../../cfn/iam-policies';
import { bucketPolicies, mayBeKept } from '../../cfn/bucket-names';
import { BUCKET } from './bucket';

/**
 * BACKUP-BUCKET-SECURED (transport): the bucket policy denies every request
 * made without TLS (Deny, Principal *, s3:*, Bool aws:SecureTransport false)
 * over the whole bucket: a `Resource` covering the bucket ARN and `ARN/*`, as
 * the CDK's `enforceSSL: true` writes it. A Deny on the objects alone leaves
 * bucket-level requests (listing, policy and ACL reads) open over plain HTTP.
 * A bucket has one policy: with several `AWS::S3::BucketPolicy` resources on
 * it, each replaces the other and the bucket keeps whichever CloudFormation
 * applies last, so every one of them must deny (some that do, some that do
 * not: unknown). A policy is the bucket's when its `Bucket` names the bucket:
 * a reference to it, or its name (the same literal, text or open parameter as
 * `BucketName`, see `bucketPolicies`); a `Bucket` that only holds a reference
 * to it (`!Sub '${B}-logs'`) names another bucket, so its policy is not this
 * one's. Its document is read as JSON when written as text (a string or
 * `Fn::Sub` JSON), and a `Resource` built from parameters is read with them
 * (`arn:aws:s3:::${P}/*` covers the objects of a bucket named `!Ref P`; one
 * built from another parameter may: unknown, naming both). A wildcard
 * `Resource` is matched against the bucket's ARN as S3 matches it (`*` any
 * run of characters, `?` one): `arn:aws:s3:::${B}*` covers the bucket named
 * `${B}-logs`, `${P}*` the one named `${P}-logs`; one the deploy-time values
 * decide (`${Q}*`, `acme-*` for the name `${P}-logs`) is unknown (see
 * `tlsDenial`). A `Bucket` of `!Sub '${P1}'` is the bucket named `!Ref P1`,
 * and `!Sub '${P1}-x'` never is (`namesBucket`). A policy whose
 * `Bucket` may name the bucket depending on values decided at deploy time (a
 * parameter other than the one in `BucketName`, text with a deploy-time part:
 * see `policiesMayBeOn`) may be the one the bucket keeps: a pass becomes
 * unknown when such a policy does not deny requests without TLS, and a fail
 * when one does, naming the policy and both values.
 */
export const S3BucketTlsOnly: AwsRule = {
  id: 'S3BucketTlsOnly',
  items: ['BACKUP-BUCKET-SECURED'],
  types: [BUCKET],
  severity: Severity.MEDIUM,
  description: 'S3 buckets have a bucket policy denying requests where aws:SecureTransport is false, for the bucket and every object in it.',
  fix: 'Set enforceSSL: true on the bucket (a Deny with Resource [bucket ARN, bucket ARN/*]).',
  check(res, { index }) {
    const policies = bucketPolicies(index, res);
    let why = 'no bucket policy: requests without TLS are accepted';
    const denying: { pol: string; statement?: number }[] = [];
    const other: { pol: string; why: string }[] = [];
    for (const pol of policies) {
      try {
        const d = tlsDenial(index, policyDocumentOf(index, pol), res);
        if (d.ok) denying.push({ pol: pol.logicalId, statement: d.statement });
        else other.push({ pol: pol.logicalId, why: d.why });
      } catch (e) {
        if (!(e instanceof Undecidable)) throw e;
        return unknown('PolicyDocument', pol.logicalId, `whether bucket policy ${pol.logicalId} denies requests without TLS is ${openPolicy(e)}`, pol);
      }
    }
    const maybe = mayBeKept(index, res, policies);
    if (denying.length > 0 && other.length === 0) {
      const lose = maybe.filter((m) => m.denies !== true);
      if (lose.length > 0) {
        return unknown('BucketPolicy', [...policies, ...lose.map((m) => m.pol)].map((p) => p.logicalId).join(', '), `bucket policy ${denying.map((x) => x.pol).join(', ')} denies requests without TLS, but a bucket keeps one policy (whichever CloudFormation applies last) and ${lose.map((m) => `bucket policy ${m.pol.logicalId} may be this bucket's (${m.why}) and ${m.denies === false ? 'does not deny them' : 'may not deny them'} (${m.how})`).join('; ')}`);
      }
      const d = denying[0];
      return pass(`${d.pol}.PolicyDocument.Statement.${d.statement}`, 'Deny aws:SecureTransport false', `bucket policy ${denying.map((x) => x.pol).join(', ')} denies requests without TLS to the whole bucket`);
    }
    if (denying.length > 0) {
      // A bucket has one policy: each AWS::S3::BucketPolicy replaces the other, and the one applied last is kept.
      const names = policies.map((p) => p.logicalId).join(', ');
      return unknown('BucketPolicy', names, `${policies.length} bucket policies (${names}) set this bucket's one policy, which keeps whichever CloudFormation applies last: ${denying.map((x) => x.pol).join(', ')} denies requests without TLS, ${other.map((o) => `${o.pol} does not (${o.why})`).join('; ')}`);
    }
    if (other.length > 0) why = other.map((o) => `bucket policy ${o.pol}: ${o.why}`).join('; ');
    const gain = maybe.filter((m) => m.denies !== false);
    if (gain.length > 0) {
      return unknown('BucketPolicy', [...policies, ...gain.map((m) => m.pol)].map((p) => p.logicalId).join(', '), `${why}; but a bucket keeps one policy (whichever CloudFormation applies last) and ${gain.map((m) => `bucket policy ${m.pol.logicalId} may be this bucket's (${m.why}) and ${m.denies === true ? 'denies them' : `may deny them (${m.how})`}`).join('; ')}`);
    }
    return fail('BucketPolicy', policies.map((p) => p.logicalId).join(', ') || '(none)', why);
  },
};

