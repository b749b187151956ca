import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { BACKUP_PLAN, BACKUP_VAULT, rulesOf } from './selection';

const TESTING_PLAN = 'AWS::Backup::RestoreTestingPlan';
const TESTING_SELECTION = 'AWS::Backup::RestoreTestingSelection';

/**
 * BACKUP-RESTORE-TESTED: restores of this plan's recovery points are tested on a
 * schedule: an `AWS::Backup::RestoreTestingPlan` with at least one
 * `AWS::Backup::RestoreTestingSelection` exists, and its
 * `RecoveryPointSelection.IncludeVaults` covers a vault this plan's rules write
 * to (`*`, a wildcard ARN, the vault's ARN or name).
 * Dispatched to `AWS::Backup::BackupPlan`; testing plans are found with `ofType`.
 */
export const BackupRestoreTested: AwsRule = {
  id: 'BackupRestoreTested',
  items: ['BACKUP-RESTORE-TESTED'],
  types: [BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'An AWS Backup restore testing plan with a selection tests restores from this plan\'s vault.',
  fix: 'Add a CfnRestoreTestingPlan (IncludeVaults: the plan\'s vault) and a CfnRestoreTestingSelection for the protected resource type.',
  check(res, { index }) {
    const testingPlans = index.ofType(TESTING_PLAN);
    if (testingPlans.length === 0) return fail(undefined, undefined, 'no restore testing plan in this template: nobody knows whether these backups restore');
    const selections = index.ofType(TESTING_SELECTION);
    const vaults = targetVaults(res, index);
    let pending: string | undefined;
    const other: string[] = [];
    for (const tp of testingPlans) {
      const sels = selections.filter((s) => testsPlan(s, tp, index));
      if (sels.length === 0) { other.push(`${tp.logicalId} has no selection`); continue; }
      const include = index.prop(tp, 'RecoveryPointSelection.IncludeVaults');
      if (include.k === 'unknown') { pending ??= `${tp.logicalId}: ${include.why}`; continue; }
      const covered = covers(V.list(include) ?? [], vaults, index);
      if (covered === true) return pass('Properties.RecoveryPointSelection.IncludeVaults', include, `restore testing plan ${tp.logicalId} (${sels.map((s) => s.logicalId).join(', ')}) tests restores from this plan's vault`, res);
      if (covered === undefined) pending ??= `${tp.logicalId}: its vaults cannot be matched at synth`;
      else other.push(`${tp.logicalId} tests other vaults`);
    }
    if (vaults.open) pending ??= vaults.open;
    if (pending) return unknown(undefined, undefined, `whether restores of this plan are tested cannot be known at synth (${pending})`);
    return fail(undefined, other.join('; '), `no restore testing plan tests this plan's vault (${other.join('; ')})`);
  },
};

/** Whether a testing selection belongs to a testing plan (Ref, or the plan's literal name). */
function testsPlan(sel: CfnResource, tp: CfnResource, index: TemplateIndex): boolean {
  const v = index.prop(sel, 'RestoreTestingPlanName');
  if (v.k === 'ref') return v.target === tp;
  const name = V.str(v);
  return name !== undefined && name === V.str(index.prop(tp, 'RestoreTestingPlanName'));
}

/** The vaults the plan's rules write to: resources of this template, or literal names (`open`: one cannot be read at synth). */
function targetVaults(plan: CfnResource, index: TemplateIndex): { resources: CfnResource[]; names: string[]; open?: string } {
  const out: { resources: CfnResource[]; names: string[]; open?: string } = { resources: [], names: [] };
  const rules = rulesOf(plan, index);
  if ('unknown' in rules) return { ...out, open: `the plan's rules are decided at deploy time (${rules.unknown})` };
  for (const r of rules) {
    const v = index.field(r, 'TargetBackupVault');
    if (v.k === 'unknown') { out.open ??= `a target vault is decided at deploy time (${v.why})`; continue; }
    if (v.k === 'ref' && v.target.type === BACKUP_VAULT) {
      out.resources.push(v.target);
      const n = V.str(index.prop(v.target, 'BackupVaultName'));
      if (n) out.names.push(n);
    } else if (V.str(v)) out.names.push(V.str(v)!);
  }
  return out;
}

/** true: an entry covers one of the vaults; false: none does; undefined: cannot tell. */
function covers(include: unknown[], vaults: { resources: CfnResource[]; names: string[] }, index: TemplateIndex): boolean | undefined {
  let unsure = false;
  for (const raw of include) {
    const v = index.value(raw);
    if (v.k === 'ref') { if (vaults.resources.includes(v.target)) return true; continue; }
    if (v.k === 'expr') { if (v.refs.some((r) => vaults.resources.includes(r))) return true; if (v.refs.length === 0) unsure = true; continue; }
    if (v.k === 'unknown') { unsure = true; continue; }
    const s = V.str(v);
    if (s === undefined) continue;
    if (s === '*') return true;
    const name = s.replace(/^arn:[^:]*:backup:[^:]*:[^:]*:backup-vault:/, '');
    const re = new RegExp('^' + name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
    if (vaults.names.some((n) => re.test(n))) return true;
    if (vaults.names.length < vaults.resources.length) unsure = true;
  }
  return unsure ? undefined : false;
}
