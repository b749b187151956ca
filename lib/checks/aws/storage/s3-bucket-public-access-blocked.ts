import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { BUCKET } from './bucket';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/**
 * BACKUP-BUCKET-SECURED (privacy): every bucket blocks public access.
 *
 * Decisions: an absent PublicAccessBlockConfiguration passes — since April
 * 2023 S3 turns all four settings on for new buckets; any setting explicitly
 * false fails, as does a public canned ACL.
 */
export const S3BucketPublicAccessBlocked: AwsRule = {
  id: 'S3BucketPublicAccessBlocked',
  items: ['BACKUP-BUCKET-SECURED'],
  types: [BUCKET],
  severity: Severity.HIGH,
  description: 'S3 buckets keep all four block-public-access settings on and have no public canned ACL.',
  fix: 'Set blockPublicAccess: BlockPublicAccess.BLOCK_ALL and serve public content through CloudFront with origin access control.',
  check(res, { index }) {
    const acl = V.str(index.prop(res, 'AccessControl'));
    if (acl && /^(PublicRead|PublicReadWrite|AuthenticatedRead)$/.test(acl)) return fail('Properties.AccessControl', acl, `public canned ACL ${acl}`);
    const conf = index.prop(res, 'PublicAccessBlockConfiguration');
    const p = 'Properties.PublicAccessBlockConfiguration';
    if (conf.k === 'absent') return pass(p, conf, 'no override: S3 blocks all public access on new buckets by default');
    if (conf.k === 'unknown') return unknown(p, conf, `public access block decided at deploy time (${conf.why})`);
    const off = SETTINGS.filter((s) => !V.isTrue(index.prop(res, `PublicAccessBlockConfiguration.${s}`)));
    const computed = SETTINGS.find((s) => index.prop(res, `PublicAccessBlockConfiguration.${s}`).k === 'unknown');
    if (computed) return unknown(`${p}.${computed}`, undefined, `${computed} decided at deploy time`);
    if (off.length > 0) return fail(p, off.join(', '), `block-public-access settings off: ${off.join(', ')}`);
    return pass(p, 'all four true', 'all public access blocked');
  },
};
