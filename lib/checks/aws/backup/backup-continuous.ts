import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { DB_CLUSTER, DB_INSTANCE, isClusterMember } from '../../cfn/databases';
import { BACKUP_PLAN, candidateSelections, planOf, planRefused, ruleLockAccepts, ruleName, rulesOf, selectionsOf, selects } from './selection';
import { settled } from '../../cfn/settled';
import { selectionRoleWorks } from './roles';

/**
 * BACKUP-CONTINUOUS: a plan that backs up RDS/Aurora has a rule with
 * `EnableContinuousBackup` true (point-in-time restore from AWS Backup).
 *
 * Dispatched to `AWS::Backup::BackupPlan`. The plan backs up RDS when one of its
 * selections (referrers of the plan) selects an RDS cluster or standalone
 * instance of this template (by ARN, wildcard or tags), or names an RDS ARN.
 * A plan that selects no RDS database has no finding (continuous backup is for
 * the resource types that support it); one whose selection cannot be read at
 * synth is unknown. A selection whose IAM role AWS Backup cannot use
 * (`selectionRoleWorks`) selects nothing; one whose role cannot be judged is
 * unknown.
 *
 * A continuous rule counts only when the Vault Lock of the vault it writes to
 * accepts its retention (`ruleLockAccepts`): a lock whose MinRetentionDays is
 * above the rule's `DeleteAfterDays` (at most 35 days for continuous backups)
 * fails every continuous backup job, so there is no point-in-time restore; a
 * bound decided at deploy time is unknown. A vault outside this template is
 * taken to accept it (its lock cannot be read here, the documented gap of
 * `ruleLockAccepts`); the pass message names it.
 *
 * AWS Backup keeps continuous backups 1 to 35 days: a continuous rule kept
 * longer, without `Lifecycle.DeleteAfterDays` or moving to cold storage makes
 * CreateBackupPlan refuse the plan (`planRefused`), so nothing of it is
 * deployed: fail; a flag or retention decided at deploy time that may be
 * refused is unknown.
 */
export const BackupContinuous: AwsRule = {
  id: 'BackupContinuous',
  items: ['BACKUP-CONTINUOUS'],
  types: [BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'A backup plan that selects RDS/Aurora has a rule with continuous backup (point-in-time restore) enabled.',
  fix: 'Set EnableContinuousBackup: true on the plan\'s daily rule (new BackupPlanRule({ enableContinuousBackup: true, deleteAfter: <= 35 days })).',
  check(res, { index }) {
    const rds = rdsSelected(res, index);
    if (!rds) return undefined;
    if (typeof rds === 'object') return unknown(undefined, undefined, `whether this plan backs up an RDS database cannot be known at synth (${rds.unknown})`);
    const rules = rulesOf(res, index);
    if ('unknown' in rules) return unknown('Properties.BackupPlan.BackupPlanRule', undefined, `plan rules decided at deploy time (${rules.unknown})`);
    const p = 'Properties.BackupPlan.BackupPlanRule.EnableContinuousBackup';
    // A continuous rule kept over 35 days (or without a lifecycle) makes AWS Backup refuse the whole plan.
    const refusal = planRefused(res, index);
    if (refusal.k === 'yes') return fail(p, 'true', `the plan backs up ${rds}, but ${refusal.why}: no backup of it runs, continuous or not`);
    const values = rules.map((r) => ({ rule: r, name: ruleName(r, index), value: index.field(r, 'EnableContinuousBackup') }));
    let open: { value: Val; why: string } | undefined;
    const refused: string[] = [];
    for (const x of values) {
      if (x.value.k === 'unknown') { open ??= { value: x.value, why: `continuous backup of rule ${x.name} decided at deploy time` }; continue; }
      if (!V.isTrue(x.value)) continue;
      // The target vault's Vault Lock must accept the rule's retention, else every continuous backup job fails.
      const keepVal = index.field(x.rule, 'Lifecycle.DeleteAfterDays');
      if (keepVal.k === 'unknown') { open ??= { value: x.value, why: `rule ${x.name} enables continuous backup, but its retention is decided at deploy time (${keepVal.why}), and with it whether its vault's lock accepts its jobs` }; continue; }
      const lock = ruleLockAccepts(x.rule, keepVal.k === 'absent' ? Infinity : V.num(keepVal) ?? 0, index);
      if (lock.k === 'yes') {
        const outside = lock.assumed !== undefined ? `; ${lock.assumed}: a Vault Lock there cannot be read here and is taken to accept the retention` : '';
        if (refusal.k === 'no') return pass(p, x.value, `rule ${x.name} backs up ${rds} continuously (point-in-time restore)${outside}`);
        open ??= { value: x.value, why: refusal.why };
      } else if (lock.k === 'unknown') open ??= { value: x.value, why: `rule ${x.name} enables continuous backup, but ${lock.why}` };
      else refused.push(`rule ${x.name} enables continuous backup, but ${lock.why}`);
    }
    if (open) return unknown(p, open.value, open.why);
    if (refused.length > 0) return fail(p, 'true', `the plan backs up ${rds}, but no continuous backup job can run: ${refused.join('; ')}`);
    return fail(p, undefined, `the plan backs up ${rds}, but none of its rules (${values.map((x) => x.name).join(', ') || 'none'}) enables continuous backup`);
  },
};

/**
 * A description of the RDS databases a plan selects; undefined when it selects
 * none; `{ unknown }` when whether it selects one cannot be known at synth.
 */
function rdsSelected(plan: CfnResource, index: TemplateIndex): string | { unknown: string } | undefined {
  const inTemplate = databasesByPlan(index).get(plan);
  const found = new Set<string>();
  let open = inTemplate?.open;
  // A selection whose IAM role AWS Backup cannot use backs nothing up (RdsInBackupPlan fails the database for it).
  for (const [db, sel] of inTemplate?.pairs ?? []) {
    const role = selectionRoleWorks(sel, db, index);
    if (role.k === 'yes') found.add(db.logicalId);
    else if (role.k === 'unknown') open ??= `${sel.logicalId}: ${role.why}`;
  }
  for (const sel of selectionsOf(plan, index)) {
    // RDS ARNs of databases outside this template (literal, or built from pseudo parameters only).
    const resources = index.prop(sel, 'BackupSelection.Resources');
    if (resources.k === 'unknown') { open ??= `${sel.logicalId}: ${resources.why}`; continue; }
    for (const v of index.items(resources) ?? []) {
      if (v.k === 'unknown') open ??= `${sel.logicalId}: ${v.why}`;
      else if ((v.k === 'lit' || (v.k === 'expr' && v.refs.length === 0)) && /^arn:.*:rds:/.test(V.show(v))) found.add(V.show(v));
    }
  }
  if (found.size > 0) return [...found].join(', ');
  return open ? { unknown: open } : undefined;
}

/**
 * The RDS databases of the template each plan selects (or why it cannot be
 * known), found from the databases' side: each database against the
 * selections that may reach it (see candidateSelections), so the template is
 * read once, not once per plan. Each pair is a database and a selection that
 * selects it; whether the selection's IAM role lets AWS Backup back it up is
 * judged per plan (`rdsSelected`), a selection whose role cannot counting for
 * nothing.
 */
function databasesByPlan(index: TemplateIndex): Map<CfnResource, { pairs: [CfnResource, CfnResource][]; open?: string }> {
  return settled(index, 'rds-by-backup-plan', () => {
    const out = new Map<CfnResource, { pairs: [CfnResource, CfnResource][]; open?: string }>();
    const dbs = [...index.ofType(DB_CLUSTER), ...index.ofType(DB_INSTANCE).filter((i) => !isClusterMember(i, index))];
    for (const db of dbs) {
      for (const sel of candidateSelections(db, index)) {
        const plan = planOf(sel, index);
        if ('unknown' in plan) continue; // not a selection of a plan of this template
        const s = selects(sel, db, index);
        if (s.k === 'no') continue;
        let entry = out.get(plan);
        if (!entry) out.set(plan, (entry = { pairs: [] }));
        if (s.k === 'yes') entry.pairs.push([db, sel]);
        else entry.open ??= `${sel.logicalId}: ${s.why}`;
      }
    }
    return out;
  });
}
