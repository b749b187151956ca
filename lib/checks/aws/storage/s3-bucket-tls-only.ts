import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { Undecidable } from '../../world';
import { bucketPolicies, tlsDenial } from '../../cfn/edge';
import { BUCKET } from './bucket';

/**
 * BACKUP-BUCKET-SECURED (transport): the bucket policy denies every request
 * made without TLS (Deny, Principal *, s3:*, Bool aws:SecureTransport false)
 * over the whole bucket: a `Resource` covering the bucket ARN and `ARN/*`, as
 * the CDK's `enforceSSL: true` writes it. A Deny on the objects alone leaves
 * bucket-level requests (listing, policy and ACL reads) open over plain HTTP.
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
    for (const pol of policies) {
      try {
        const d = tlsDenial(index, index.prop(pol, 'PolicyDocument'), res);
        if (d.ok) return pass(`${pol.logicalId}.PolicyDocument.Statement.${d.statement}`, 'Deny aws:SecureTransport false', `bucket policy ${pol.logicalId} denies requests without TLS to the whole bucket`);
        why = `bucket policy ${pol.logicalId}: ${d.why}`;
      } catch (e) {
        if (!(e instanceof Undecidable)) throw e;
        return unknown('PolicyDocument', pol.logicalId, `bucket policy ${pol.logicalId} decided at deploy time (${e.why})`, pol);
      }
    }
    return fail('BucketPolicy', policies.map((p) => p.logicalId).join(', ') || '(none)', why);
  },
};
