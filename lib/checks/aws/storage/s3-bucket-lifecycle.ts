import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { TemplateIndex, V, Val } from '../../template-index';
import { BUCKET } from './bucket';

/** Lists of transitions (each entry needs a StorageClass) and single transitions. */
const TRANSITION_LISTS = ['Transitions', 'NoncurrentVersionTransitions'];
const TRANSITION_ONE = ['Transition', 'NoncurrentVersionTransition'];
/** Expiration settings: scalars, and NoncurrentVersionExpiration (needs NoncurrentDays). */
const EXPIRY_SCALARS = ['ExpirationInDays', 'ExpirationDate', 'NoncurrentVersionExpirationInDays'];

/** Whether a lifecycle rule sets something: yes, no, or open (decided at deploy time, with why). */
type Has = { k: 'yes' } | { k: 'no' } | { k: 'open'; why: string };
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
    const transition = any(enabled.map((r) => transitions(r, index)));
    const expiry = any(enabled.map((r) => expiration(r, index)));
    const missing = [transition.k === 'no' ? 'no transition to colder storage' : undefined, expiry.k === 'no' ? 'no expiration' : undefined].filter((x) => x);
    if (missing.length > 0) return fail(p, `${enabled.length} rule(s)`, missing.join(' and '));
    const open = [transition, expiry].find((h): h is Extract<Has, { k: 'open' }> => h.k === 'open');
    if (open) return unknown(p, `${enabled.length} rule(s)`, `whether the lifecycle moves objects to colder storage and expires them is decided at deploy time (${open.why})`);
    return pass(p, `${enabled.length} rule(s)`, 'lifecycle moves objects to colder storage and expires them');
  },
};

/** Yes when one is yes; else open when one is open; else no. */
function any(list: Has[]): Has {
  return list.find((h) => h.k === 'yes') ?? list.find((h) => h.k === 'open') ?? NO;
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

function transitions(rule: Val, index: TemplateIndex): Has {
  const out: Has[] = [];
  for (const key of TRANSITION_LISTS) {
    const list = index.field(rule, key);
    if (list.k === 'absent') continue;
    if (list.k === 'unknown') { out.push({ k: 'open', why: `${key}: ${list.why}` }); continue; }
    const entries = index.items(list);
    if (entries === undefined) { out.push({ k: 'open', why: `${key} is computed at deploy time` }); continue; }
    out.push(...entries.map((e) => oneTransition(e, `an entry of ${key}`, index)));
  }
  for (const key of TRANSITION_ONE) out.push(oneTransition(index.field(rule, key), key, index));
  return any(out);
}

function expiration(rule: Val, index: TemplateIndex): Has {
  const out: Has[] = EXPIRY_SCALARS.map((k) => set(index.field(rule, k), k));
  const nv = index.field(rule, 'NoncurrentVersionExpiration');
  if (nv.k === 'lit') out.push(set(index.field(nv, 'NoncurrentDays'), 'NoncurrentVersionExpiration.NoncurrentDays'));
  else if (nv.k !== 'absent') out.push({ k: 'open', why: 'NoncurrentVersionExpiration is computed at deploy time' });
  return any(out);
}
