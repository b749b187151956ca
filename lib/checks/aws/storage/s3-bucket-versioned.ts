import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { BUCKET } from './bucket';
import { versioningStatus } from '../../cfn/bucket-names';

/**
 * BACKUP-BUCKET-LIFECYCLE (versions): every bucket keeps object versions.
 *
 * Decisions: `VersioningConfiguration.Status` Enabled passes, and so does a bucket created with `ObjectLockEnabled`
 * true whatever its `VersioningConfiguration` says (S3 turns versioning on with Object Lock and never lets it be
 * suspended: see `versioningStatus`); Suspended or absent fails; either decided at deploy time is unknown.
 */
export const S3BucketVersioned: AwsRule = {
  id: 'S3BucketVersioned',
  items: ['BACKUP-BUCKET-LIFECYCLE'],
  types: [BUCKET],
  severity: Severity.MEDIUM,
  description: 'S3 buckets have VersioningConfiguration Status Enabled, so overwritten or deleted objects can be recovered.',
  fix: 'Set versioned: true on the bucket (and expire noncurrent versions in a lifecycle rule).',
  check(res, { index }) {
    const { v, byLock } = versioningStatus(index, res);
    if (byLock) return pass('Properties.ObjectLockEnabled', 'true', 'versioning enabled: the bucket is created with Object Lock, which turns versioning on for good');
    const p = 'Properties.VersioningConfiguration.Status';
    if (v.k === 'unknown') return unknown(p, v, `versioning decided at deploy time (${v.why})`);
    if (V.str(v) === 'Enabled') return pass(p, v, 'versioning enabled');
    return fail(p, v, `versioning ${V.str(v) === 'Suspended' ? 'suspended' : 'off'}: an overwrite or delete loses the object`);
  },
};
