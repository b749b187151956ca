import { Severity } from '../../model';
import { Thresholds } from '../../../checklist/thresholds';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { CLUSTERED_DB_TYPES, asPrimary, judged, onReplica, replicaState } from '../../cfn/databases';
import { DAILY_INTERVAL_DAYS as DAILY, MONTHLY_INTERVAL_DAYS as MONTHLY, scheduleIntervalDays, showInterval } from '../../../checklist/policy/schedules';
import { candidateSelections, planOf, planRefused, ruleLockAccepts, ruleName, rulesOf, selects } from './selection';
import { settledFor } from '../../cfn/settled';
import { selectionRoleWorks } from './roles';

/** AWS Backup runs a rule without ScheduleExpression daily at 05:00 UTC. */
const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';

/**
 * BACKUP-PLAN: the database is in an AWS Backup plan with a daily rule kept at
 * least `dailyBackupRetentionDays` and a monthly rule kept at least
 * `monthlyBackupRetentionDays`.
 *
 * - Dispatched to RDS clusters and standalone instances (a cluster member is
 *   backed up with its cluster). The `AWS::Backup::BackupSelection`s of the
 *   template are read (`ofType`, not referrers, so that tag and wildcard
 *   selections count): `Resources` ARNs (CDK: Fn::Join around a Ref to the
 *   database, read as an ARN: `cluster`/`db` type, service, region, account;
 *   a `Ref` alone is the identifier, no ARN; see `arnDesignates`), wildcards, `ListOfTags` / `Conditions` against the database's
 *   `Tags`, minus `NotResources`.
 * - The rules of every plan that selects the database count together. A rule
 *   runs daily when its cron/rate schedule repeats at least once a day (absent
 *   ScheduleExpression: AWS Backup's default, daily at 05:00 UTC), monthly when
 *   at least every 31 days; it is kept `Lifecycle.DeleteAfterDays` (absent:
 *   never deleted). A daily rule kept a year satisfies both.
 * - A plan AWS Backup refuses counts for nothing: a rule with
 *   `EnableContinuousBackup` kept over 35 days, without
 *   `Lifecycle.DeleteAfterDays` or moving to cold storage is refused at
 *   deploy (`planRefused`), so the stack does not create the plan; such a
 *   rule is never read as "kept 400 days / forever".
 * - A rule counts only when the Vault Lock of the vault it writes to
 *   (`TargetBackupVault`, a vault of this template) accepts its retention:
 *   AWS Backup fails every job kept less than the lock's `MinRetentionDays`
 *   or more than its `MaxRetentionDays` (absent `DeleteAfterDays` is more
 *   than any maximum). A bound decided at deploy time is unknown. A vault
 *   outside this template is taken to accept it (its lock cannot be read
 *   here; see `ruleLockAccepts`); the pass message names it.
 * - A selection counts only when AWS Backup can run its jobs with its
 *   `IamRoleArn` (`selectionRoleWorks`): a role of this template that does
 *   not trust backup.amazonaws.com, or has neither
 *   AWSBackupServiceRolePolicyForBackup nor a statement allowing the
 *   snapshot action, fails every job; a role outside the template is
 *   taken to work (a documented gap, as for vaults outside).
 * - A point-in-time restore is a primary of its own and is judged; a read
 *   replica is backed up through its source (`replicaState`); one whose source
 *   is outside this template is unknown, naming it (`onReplica`), and when whether
 *   it is a replica is decided at deploy time, so is a pass (`asPrimary`).
 * - DocumentDB and Neptune clusters are read alike (AWS Backup selects them by
 *   their `arn:aws:rds:<region>:<account>:cluster:<id>` ARN; their instances are
 *   backed up with the cluster).
 * - ElastiCache is not in scope: AWS Backup does not support it, so cache
 *   snapshots are judged by the cache area's snapshot-retention rule.
 */
export const RdsInBackupPlan: AwsRule = {
  id: 'RdsInBackupPlan',
  items: ['BACKUP-PLAN'],
  types: CLUSTERED_DB_TYPES,
  severity: Severity.HIGH,
  description: 'The database is selected by an AWS Backup plan with a daily rule (>= dailyBackupRetentionDays) and a monthly rule (>= monthlyBackupRetentionDays).',
  fix: 'Add the database to a backup plan (plan.addSelection(..., { resources: [BackupResource.fromRdsDatabaseCluster(db)] })) with daily and monthly rules of sufficient retention.',
  check(res, { index, thresholds }) {
    // A read replica's data is backed up through its source; a point-in-time restore is a primary of its own.
    const replica = replicaState(res, index);
    if (!judged(res, index)) return undefined;
    if (replica.k === 'yes') return onReplica(res, index, 'backup plan');
    return asPrimary(replica, inBackupPlan(res, index, thresholds));
  },
};

/**
 * Whether AWS Backup plans of the template select `res` with daily and monthly rules of the retentions the item asks
 * (see RdsInBackupPlan): shared with DynamoDbInBackupPlan, which reads tables alike.
 * @internal
 */
export function inBackupPlan(res: CfnResource, index: TemplateIndex, thresholds: Thresholds): Verdict {
  const plans = new Map<CfnResource, string>();
  let pending: string | undefined;
  let rolePending: string | undefined;
  const near: string[] = [];
  const roleless: string[] = [];
  for (const sel of candidateSelections(res, index, 'db.')) {
    const s = selects(sel, res, index, 'db.');
    if (s.k === 'unknown') { pending ??= `${sel.logicalId}: ${s.why}`; continue; }
    if (s.k === 'no') { if (s.why) near.push(`${sel.logicalId}: ${s.why}`); continue; }
    const plan = planOf(sel, index, 'db.');
    if ('unknown' in plan) { pending ??= `${sel.logicalId}: ${plan.unknown}`; continue; }
    // AWS Backup runs the selection's jobs as its IAM role: one it cannot assume, or that may not back up, fails them all.
    const role = selectionRoleWorks(sel, res, index);
    if (role.k === 'no') { roleless.push(`${sel.logicalId}: ${role.why}`); continue; }
    if (role.k === 'unknown') { rolePending ??= `${sel.logicalId}: ${role.why}`; continue; }
    plans.set(plan, `${sel.logicalId} (${s.how})`);
  }
  if (plans.size === 0) {
    if (pending) return unknown(undefined, undefined, `whether an AWS Backup selection covers the database cannot be known at synth (${pending})`);
    if (rolePending) return unknown(undefined, undefined, `the database is selected, but whether the selection's IAM role lets AWS Backup back it up cannot be known at synth (${rolePending})`);
    if (roleless.length > 0) return fail(undefined, undefined, `the database is selected, but no backup of it can run (${roleless.join('; ')})`);
    return fail(undefined, undefined, `no AWS Backup plan in this template selects the database${near.length > 0 ? ` (${near.join('; ')})` : ''}`);
  }
  const daily = thresholds.get('dailyBackupRetentionDays');
  const monthly = thresholds.get('monthlyBackupRetentionDays');
  let dailyOk: string | undefined;
  let monthlyOk: string | undefined;
  // The vaults outside this template the counted rules write to: their locks are taken to accept the retention.
  const assumed: string[] = [];
  const seen: string[] = [];
  for (const plan of plans.keys()) {
    const rules = planRules(plan, index);
    if ('unknown' in rules) { pending ??= `${plan.logicalId}: ${rules.unknown}`; continue; }
    for (const rule of rules) {
      if ('pending' in rule) { pending ??= rule.pending; continue; }
      const { every, keep, shown } = rule;
      if (rule.refused !== undefined) { seen.push(`${shown}, but ${rule.refused}, so the rule makes no recovery point`); continue; }
      seen.push(shown);
      const note = () => { if (rule.assumed !== undefined && !assumed.includes(rule.assumed)) assumed.push(rule.assumed); };
      if (every <= DAILY && thresholds.meets('dailyBackupRetentionDays', keep) && dailyOk === undefined) { dailyOk = shown; note(); }
      if (every <= MONTHLY && thresholds.meets('monthlyBackupRetentionDays', keep) && monthlyOk === undefined) { monthlyOk = shown; note(); }
    }
  }
  const selected = [...plans.values()].join('; ');
  if (dailyOk && monthlyOk) {
    const outside = assumed.length > 0 ? `; ${assumed.join('; ')}: a Vault Lock there cannot be read here and is taken to accept the retention` : '';
    return pass(undefined, selected, `selected by ${selected}: daily rule ${dailyOk}; monthly rule ${monthlyOk}${outside}`);
  }
  if (pending) return unknown(undefined, selected, `selected by ${selected}, but a rule cannot be read at synth (${pending})`);
  if (rolePending) return unknown(undefined, selected, `selected by ${selected}, whose rules fall short, and by a selection whose IAM role cannot be judged at synth (${rolePending})`);
  const missing = [
    ...(dailyOk ? [] : [`no daily rule kept >= ${daily} days (dailyBackupRetentionDays)`]),
    ...(monthlyOk ? [] : [`no rule at least monthly kept >= ${monthly} days (monthlyBackupRetentionDays)`]),
  ];
  return fail(undefined, selected, `selected by ${selected}, but ${missing.join(' and ')}; rules: ${seen.join('; ') || 'none'}`);
}

/** A plan rule as this item reads it: why it cannot be read at synth, or its interval, retention, and the Vault Lock's refusal. */
type PlanRule = { pending: string } | { every: number; keep: number; shown: string; refused?: string; assumed?: string };

/**
 * The rules of a plan, read once per plan (`settledFor`, in the order they were read for each database): a plan
 * selecting databases by tag was read again for each database it selects, and each of those is selected by
 * every plan of the same tag.
 */
function planRules(plan: CfnResource, index: TemplateIndex): PlanRule[] | { unknown: string } {
  return settledFor(index, 'RdsInBackupPlan.rules', plan, (p, ix) => {
    const rules = rulesOf(p, ix);
    if ('unknown' in rules) return rules;
    // A continuous rule AWS Backup refuses (kept over 35 days, or without a lifecycle) leaves the whole plan undeployed.
    const refusal = planRefused(p, ix);
    if (refusal.k === 'unknown') return { unknown: refusal.why };
    return rules.map((rule): PlanRule => {
      const name = `${p.logicalId}/${ruleName(rule, ix)}`;
      const schedVal = ix.field(rule, 'ScheduleExpression');
      const keepVal = ix.field(rule, 'Lifecycle.DeleteAfterDays');
      if (schedVal.k === 'unknown' || keepVal.k === 'unknown') return { pending: `${name}: schedule or retention decided at deploy time` };
      const sched = schedVal.k === 'absent' ? DEFAULT_SCHEDULE : V.str(schedVal) ?? '';
      const every = scheduleIntervalDays(sched);
      if (every === undefined) return { pending: `${name}: schedule ${sched} not understood` };
      const keep = keepVal.k === 'absent' ? Infinity : V.num(keepVal) ?? 0;
      const shown = `${name} ${showInterval(every)}, kept ${keep === Infinity ? 'forever' : `${keep} days`}`;
      // A job the target vault's Vault Lock refuses fails: the rule makes no recovery point at all.
      if (refusal.k === 'yes') return { every, keep, shown, refused: refusal.why };
      const lock = ruleLockAccepts(rule, keep, ix);
      if (lock.k === 'unknown') return { pending: `${name}: ${lock.why}` };
      return { every, keep, shown, ...(lock.k === 'no' ? { refused: lock.why } : {}), ...(lock.k === 'yes' && lock.assumed !== undefined ? { assumed: lock.assumed } : {}) };
    });
  });
}
