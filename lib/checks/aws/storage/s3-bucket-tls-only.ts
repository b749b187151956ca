/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { refsIn } from '../../cfn/alarms';
import { BUCKET } from './bucket';

function isWorld(index: TemplateIndex, principal: any): boolean {
  const p = index.value(principal);
  if (V.str(p) === '*') return true;
  if (p.k === 'lit' && p.v && typeof p.v === 'object') {
    const aws = index.value(p.v.AWS);
    return V.str(aws) === '*' || (V.list(aws) ?? []).some((x) => V.str(index.value(x)) === '*');
  }
  return false;
}

function coversAll(index: TemplateIndex, action: any): boolean {
  const v = index.value(action);
  const list: any[] = V.list(v) ?? [action];
  return list.map((a) => V.str(index.value(a))).some((a) => a === '*' || a === 's3:*');
}

function deniesInsecure(index: TemplateIndex, stmt: any): boolean {
  if (V.str(index.value(stmt?.Effect)) !== 'Deny') return false;
  const cond = index.value(stmt?.Condition);
  if (cond.k !== 'lit' || !cond.v || typeof cond.v !== 'object') return false;
  const secure = ['Bool', 'BoolIfExists'].map((op) => index.value(cond.v[op]?.['aws:SecureTransport'])).find((x) => x.k !== 'absent');
  return !!secure && V.isFalse(secure) && isWorld(index, stmt.Principal) && coversAll(index, stmt.Action);
}

/** The bucket policies of this template attached to `bucket`. @internal */
export function policiesOf(bucket: CfnResource, index: TemplateIndex): CfnResource[] {
  return index.referrers(bucket, 'AWS::S3::BucketPolicy').filter((p) => refsIn(p.properties.Bucket).has(bucket.logicalId));
}

/**
 * BACKUP-BUCKET-SECURED (transport): the bucket policy denies every request
 * made without TLS (Deny, Principal *, s3:*, Bool aws:SecureTransport false),
 * as the CDK's `enforceSSL: true` writes it.
 */
export const S3BucketTlsOnly: AwsRule = {
  id: 'S3BucketTlsOnly',
  items: ['BACKUP-BUCKET-SECURED'],
  types: [BUCKET],
  severity: Severity.MEDIUM,
  description: 'S3 buckets have a bucket policy denying requests where aws:SecureTransport is false.',
  fix: 'Set enforceSSL: true on the bucket.',
  fsbp: ['S3.5'],
  controlTower: ['CT.S3.PR.7'],
  check(res, { index }) {
    const policies = policiesOf(res, index);
    for (const pol of policies) {
      const doc = index.prop(pol, 'PolicyDocument');
      if (doc.k === 'unknown') return unknown('PolicyDocument', doc, `bucket policy ${pol.logicalId} decided at deploy time`, pol);
      const raw = doc.k === 'lit' ? doc.v?.Statement : undefined;
      const stmts = Array.isArray(raw) ? raw : raw ? [raw] : [];
      const i = stmts.findIndex((s: any) => deniesInsecure(index, s));
      if (i >= 0) return pass(`${pol.logicalId}.PolicyDocument.Statement.${i}`, 'Deny aws:SecureTransport false', `bucket policy ${pol.logicalId} denies requests without TLS`);
    }
    return fail('BucketPolicy', policies.map((p) => p.logicalId).join(', ') || '(none)', policies.length > 0 ? 'the bucket policy does not deny requests without TLS' : 'no bucket policy: requests without TLS are accepted');
  },
};
