import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { BUCKET } from './bucket';

const TRANSITION = ['Transitions', 'Transition', 'NoncurrentVersionTransitions', 'NoncurrentVersionTransition'];
const EXPIRY = ['ExpirationInDays', 'ExpirationDate', 'NoncurrentVersionExpiration', 'NoncurrentVersionExpirationInDays'];

/**
 * BACKUP-BUCKET-LIFECYCLE (lifecycle): an enabled lifecycle rule moves
 * objects to colder storage and one expires them.
 *
 * Decisions: applies to every bucket. Rules on noncurrent versions count (a
 * website or artifact bucket keeps its current objects and ages out old
 * versions); the transition may be to any other storage class.
 */
export const S3BucketLifecycle: AwsRule = {
  id: 'S3BucketLifecycle',
  items: ['BACKUP-BUCKET-LIFECYCLE'],
  types: [BUCKET],
  severity: Severity.LOW,
  description: 'S3 buckets have enabled lifecycle rules that transition objects (or noncurrent versions) to colder storage and expire them.',
  fix: 'Add lifecycleRules with transitions (e.g. GLACIER after 90 days) and expiration / noncurrentVersionExpiration.',
  check(res, { index }) {
    const p = 'Properties.LifecycleConfiguration.Rules';
    const rules = index.prop(res, 'LifecycleConfiguration.Rules');
    if (rules.k === 'unknown') return unknown(p, rules, `lifecycle decided at deploy time (${rules.why})`);
    const enabled = (index.items(rules) ?? []).filter((r) => V.str(index.field(r, 'Status')) === 'Enabled');
    const has = (keys: string[]) => enabled.some((r) => keys.some((k) => index.field(r, k).k !== 'absent'));
    const missing = [has(TRANSITION) ? undefined : 'no transition to colder storage', has(EXPIRY) ? undefined : 'no expiration'].filter((x) => x);
    if (enabled.length === 0) return fail(p, rules, 'no enabled lifecycle rule: objects stay in standard storage forever');
    if (missing.length > 0) return fail(p, `${enabled.length} rule(s)`, missing.join(' and '));
    return pass(p, `${enabled.length} rule(s)`, 'lifecycle moves objects to colder storage and expires them');
  },
};
