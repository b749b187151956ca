import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { DB_CLUSTER, DB_INSTANCE, isClusterMember } from '../../cfn/databases';
import { BACKUP_PLAN, ruleName, rulesOf, selectionsOf, selects } from './selection';

/**
 * BACKUP-CONTINUOUS: a plan that backs up RDS/Aurora has a rule with
 * `EnableContinuousBackup` true (point-in-time restore from AWS Backup).
 *
 * Dispatched to `AWS::Backup::BackupPlan`. The plan backs up RDS when one of its
 * selections (referrers of the plan) selects an RDS cluster or standalone
 * instance of this template (by ARN, wildcard or tags), or names an RDS ARN.
 * A plan that selects no RDS database has no finding (continuous backup is for
 * the resource types that support it).
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
    const rules = rulesOf(res, index);
    if ('unknown' in rules) return unknown('Properties.BackupPlan.BackupPlanRule', undefined, `plan rules decided at deploy time (${rules.unknown})`);
    const values = rules.map((r) => ({ name: ruleName(r, index), v: index.at(r, 'EnableContinuousBackup') }));
    const on = values.find((x) => V.isTrue(x.v));
    if (on) return pass('Properties.BackupPlan.BackupPlanRule.EnableContinuousBackup', on.v, `rule ${on.name} backs up ${rds} continuously (point-in-time restore)`);
    const unk = values.find((x) => x.v.k === 'unknown');
    if (unk) return unknown('Properties.BackupPlan.BackupPlanRule.EnableContinuousBackup', unk.v, `continuous backup of rule ${unk.name} decided at deploy time`);
    return fail('Properties.BackupPlan.BackupPlanRule.EnableContinuousBackup', undefined, `the plan backs up ${rds}, but none of its rules (${values.map((x) => x.name).join(', ') || 'none'}) enables continuous backup`);
  },
};

/** A description of the RDS databases a plan selects, or undefined when it selects none. */
function rdsSelected(plan: CfnResource, index: TemplateIndex): string | undefined {
  const dbs = [...index.ofType(DB_CLUSTER), ...index.ofType(DB_INSTANCE).filter((i) => !isClusterMember(i, index))];
  const found = new Set<string>();
  for (const sel of selectionsOf(plan, index)) {
    for (const db of dbs) if (selects(sel, db, index).k === 'yes') found.add(db.logicalId);
    // RDS ARNs of databases outside this template (literal, or built from pseudo parameters only).
    const resources = V.list(index.prop(sel, 'BackupSelection.Resources')) ?? [];
    for (const r of resources) {
      const v = index.value(r);
      if ((v.k === 'lit' || (v.k === 'expr' && v.refs.length === 0)) && /^arn:.*:rds:/.test(V.show(v))) found.add(V.show(v));
    }
  }
  return found.size > 0 ? [...found].join(', ') : undefined;
}
