import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { BUCKET } from './bucket';
import { versioningStatus } from '../../cfn/bucket-names';

/** Lists of transitions (each entry needs a StorageClass) and single transitions. */
const TRANSITION_LISTS = ['Transitions', 'NoncurrentVersionTransitions'];
const TRANSITION_ONE = ['Transition', 'NoncurrentVersionTransition'];
/** Expiration settings: scalars, and NoncurrentVersionExpiration (needs NoncurrentDays). */
const EXPIRY_SCALARS = ['ExpirationInDays', 'ExpirationDate', 'NoncurrentVersionExpirationInDays'];
/** Settings on noncurrent versions: they act only on a bucket that keeps versions. */
const isNoncurrent = (key: string) => key.startsWith('Noncurrent');

/** Whether a lifecycle rule sets something: yes, no, or open (decided at deploy time, with why). */
type Has = { k: 'yes' } | { k: 'no'; noncurrentOnly?: boolean; currentOnly?: boolean } | { k: 'open'; why: string };
const YES: Has = { k: 'yes' };
const NO: Has = { k: 'no' };

/**
 * BACKUP-BUCKET-LIFECYCLE (lifecycle): an enabled lifecycle rule moves
 * objects to colder storage and one expires them.
 *
 * Decisions: applies to every bucket. Rules on noncurrent versions count (a
 * website or artifact bucket keeps its current objects and ages out old
 * versions); the transition may be to any other storage class. What a rule
 * sets is read in each world, entry by entry: a `Transitions` list whose
 * entries are all `AWS::NoValue` in a world (an `Fn::If` choosing it) is no
 * transition there, and a transition counts only with a `StorageClass`, a
 * `NoncurrentVersionExpiration` only with `NoncurrentDays`. A list, entry or
 * setting computed at deploy time is unknown, never a transition or expiry.
 * A setting on noncurrent versions counts only on a bucket that keeps them
 * (versioning Enabled or Suspended): on one never versioned it does nothing,
 * and with versioning decided at deploy time it is unknown.
 * Conversely, on a bucket with versioning Enabled, expiring current versions
 * (`ExpirationInDays`, `ExpirationDate`) deletes nothing: S3 adds a delete
 * marker and keeps the object as a noncurrent version, forever unless a
 * `NoncurrentVersionExpiration` removes it ("Expiring objects", S3 User Guide).
 * There, an expiry counts only with one on noncurrent versions (none: fail;
 * decided at deploy time, or versioning decided at deploy time: unknown). On a
 * suspended bucket the expiry replaces the null version and counts.
 * A bucket created with `ObjectLockEnabled` true is versioning Enabled whatever
 * its `VersioningConfiguration` says (see `versioningStatus`).
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
    if (enabled.length === 0) return fail(p, rules, 'no enabled lifecycle rule: objects stay in standard storage forever');
    // Read only when a rule sets something on noncurrent versions.
    let kept: Has | undefined;
    const versions = () => (kept ??= versionsKept(res, index));
    const transition = any(enabled.map((r) => transitions(r, index, versions)));
    const expiry = deletes(
      any(enabled.map((r) => currentExpiration(r, index))),
      any(enabled.map((r) => noncurrentExpiration(r, index, versions))),
      () => any(enabled.map((r) => noncurrentExpiration(r, index, () => YES))),
      () => versioningEnabled(res, index),
    );
    const missing = [transition.k === 'no' ? 'no transition to colder storage' : undefined, expiry.k === 'no' ? 'no expiration' : undefined].filter((x) => x);
    if (missing.length > 0) {
      const why = kept?.k === 'no' && [transition, expiry].some((h) => h.k === 'no' && h.noncurrentOnly) ? ' (rules on noncurrent versions do nothing: the bucket is not versioned, so it has none)' : '';
      const current = expiry.k === 'no' && expiry.currentOnly ? ' (versioning is Enabled: an expired object becomes a noncurrent version, which no rule expires, so it is kept forever; add a NoncurrentVersionExpiration)' : '';
      return fail(p, `${enabled.length} rule(s)`, `${missing.join(' and ')}${why}${current}`);
    }
    const open = [transition, expiry].find((h): h is Extract<Has, { k: 'open' }> => h.k === 'open');
    if (open) return unknown(p, `${enabled.length} rule(s)`, `whether the lifecycle moves objects to colder storage and expires them is decided at deploy time (${open.why})`);
    return pass(p, `${enabled.length} rule(s)`, 'lifecycle moves objects to colder storage and expires them');
  },
};

/** Yes when one is yes; else open when one is open; else no (noncurrentOnly when every no is one). */
function any(list: Has[]): Has {
  const found = list.find((h) => h.k === 'yes') ?? list.find((h) => h.k === 'open');
  if (found) return found;
  return list.some((h) => h.k === 'no' && h.noncurrentOnly) ? { k: 'no', noncurrentOnly: true } : NO;
}

/**
 * Whether the bucket keeps noncurrent versions: yes when versioning is
 * Enabled or Suspended (the versions made stay), no when never enabled,
 * open when decided at deploy time.
 */
function versionsKept(res: CfnResource, index: TemplateIndex): Has {
  const { v } = versioningStatus(index, res);
  if (v.k === 'unknown') return { k: 'open', why: `versioning decided at deploy time (${v.why}), and rules on noncurrent versions act only on a versioned bucket` };
  const s = V.str(v);
  return s === 'Enabled' || s === 'Suspended' ? YES : NO;
}

/** What a setting on noncurrent versions does: nothing on a bucket that keeps none. */
function onVersions(h: Has, kept: () => Has): Has {
  if (h.k === 'no') return h;
  const versions = kept();
  if (versions.k === 'yes') return h;
  if (versions.k === 'open') return h.k === 'yes' ? versions : h;
  return { k: 'no', noncurrentOnly: true };
}

/** Whether a value is set: yes, no (absent), or open. */
function set(v: Val, what: string): Has {
  if (v.k === 'absent') return NO;
  // A parameter's value is set, whatever it is; anything else computed (an Fn::If on an undecided condition) may be AWS::NoValue.
  if (v.k === 'unknown') return v.param !== undefined ? YES : { k: 'open', why: `${what}: ${v.why}` };
  return YES;
}

/** Whether a transition (an object with a StorageClass) is set. */
function oneTransition(t: Val, what: string, index: TemplateIndex): Has {
  if (t.k === 'absent') return NO;
  if (t.k !== 'lit') return { k: 'open', why: `${what} is computed at deploy time` };
  return set(index.field(t, 'StorageClass'), `StorageClass of ${what}`);
}

function transitions(rule: Val, index: TemplateIndex, versions: () => Has): Has {
  const out: Has[] = [];
  for (const key of TRANSITION_LISTS) {
    const list = index.field(rule, key);
    const found: Has[] = [];
    if (list.k === 'absent') continue;
    if (list.k === 'unknown') found.push({ k: 'open', why: `${key}: ${list.why}` });
    else {
      const entries = index.items(list);
      if (entries === undefined) found.push({ k: 'open', why: `${key} is computed at deploy time` });
      else found.push(...entries.map((e) => oneTransition(e, `an entry of ${key}`, index)));
    }
    out.push(...(isNoncurrent(key) ? found.map((h) => onVersions(h, versions)) : found));
  }
  for (const key of TRANSITION_ONE) {
    const h = oneTransition(index.field(rule, key), key, index);
    out.push(isNoncurrent(key) ? onVersions(h, versions) : h);
  }
  return any(out);
}

/**
 * Whether the lifecycle deletes objects: an expiry of noncurrent versions does; one of current versions alone does
 * unless versioning is Enabled, where it only turns them into noncurrent versions (open when versioning is open).
 */
function deletes(current: Has, noncurrent: Has, versionedNoncurrent: () => Has, enabledVersioning: () => Has): Has {
  if (noncurrent.k === 'yes' || current.k !== 'yes') return any([current, noncurrent]);
  const on = enabledVersioning();
  if (on.k === 'no') return current;
  // Versioning Enabled (in some world): the versions are kept, so what expires noncurrent versions counts as written.
  const kept = versionedNoncurrent();
  if (kept.k === 'yes') return kept; // unversioned: the current expiry deletes; Enabled: the noncurrent one does
  if (kept.k === 'open') return kept;
  return on.k === 'open' ? on : { k: 'no', currentOnly: true };
}

/** Whether versioning is Enabled: yes, no (absent or Suspended), or open. */
function versioningEnabled(res: CfnResource, index: TemplateIndex): Has {
  const { v } = versioningStatus(index, res);
  if (v.k === 'unknown') return { k: 'open', why: `versioning decided at deploy time (${v.why}), and on a bucket with versioning Enabled an expiry of current versions keeps them as noncurrent versions` };
  return V.str(v) === 'Enabled' ? YES : NO;
}

function currentExpiration(rule: Val, index: TemplateIndex): Has {
  return any(EXPIRY_SCALARS.filter((k) => !isNoncurrent(k)).map((k) => set(index.field(rule, k), k)));
}

function noncurrentExpiration(rule: Val, index: TemplateIndex, versions: () => Has): Has {
  const out: Has[] = EXPIRY_SCALARS.filter(isNoncurrent).map((k) => onVersions(set(index.field(rule, k), k), versions));
  const nv = index.field(rule, 'NoncurrentVersionExpiration');
  if (nv.k === 'lit') out.push(onVersions(set(index.field(nv, 'NoncurrentDays'), 'NoncurrentVersionExpiration.NoncurrentDays'), versions));
  else if (nv.k !== 'absent') out.push(onVersions({ k: 'open', why: 'NoncurrentVersionExpiration is computed at deploy time' }, versions));
  return any(out);
}
