import { Severity } from '../../model';
import { globMatch } from '../../glob';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { BACKUP_PLAN, BACKUP_VAULT, rulesOf } from './selection';
import { settled } from '../../cfn/settled';

const TESTING_PLAN = 'AWS::Backup::RestoreTestingPlan';
const TESTING_SELECTION = 'AWS::Backup::RestoreTestingSelection';

/**
 * BACKUP-RESTORE-TESTED: restores of this plan's recovery points are tested on a
 * schedule: an `AWS::Backup::RestoreTestingPlan` with at least one
 * `AWS::Backup::RestoreTestingSelection` exists, and its
 * `RecoveryPointSelection.IncludeVaults` covers a vault this plan's rules write
 * to (`*`, a wildcard ARN, the vault's ARN or name).
 * Dispatched to `AWS::Backup::BackupPlan`. The testing plans of a template are
 * read once per template (`testingOf`), so each backup plan is judged by a few
 * lookups: the rule is linear in the size of the template.
 */
export const BackupRestoreTested: AwsRule = {
  id: 'BackupRestoreTested',
  items: ['BACKUP-RESTORE-TESTED'],
  types: [BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'An AWS Backup restore testing plan with a selection tests restores from this plan\'s vault.',
  fix: 'Add a CfnRestoreTestingPlan (IncludeVaults: the plan\'s vault) and a CfnRestoreTestingSelection for the protected resource type.',
  check(res, { index }) {
    const testing = testingOf(index);
    if (testing.plans.length === 0) return fail(undefined, undefined, 'no restore testing plan in this template: nobody knows whether these backups restore');
    const vaults = targetVaults(res, index);
    const covering = testing.covering(vaults);
    if (covering) {
      return pass('Properties.RecoveryPointSelection.IncludeVaults', covering.include, `restore testing plan ${covering.plan.logicalId} (${covering.selections.map((s) => s.logicalId).join(', ')}) tests restores from this plan's vault`, res);
    }
    // A literal name that matched nothing cannot rule out a vault of this plan whose name is not known at synth.
    const pending = testing.pending(vaults.names.length < vaults.resources.length) ?? vaults.open;
    if (pending) return unknown(undefined, undefined, `whether restores of this plan are tested cannot be known at synth (${pending})`);
    return fail(undefined, testing.other, `no restore testing plan tests this plan's vault (${testing.other})`);
  },
};

/** The vaults a backup plan's rules write to: resources of this template, or literal names (`open`: one cannot be read at synth). */
interface Vaults {
  readonly resources: CfnResource[];
  readonly names: string[];
  readonly open?: string;
}

/** One restore testing plan, read once. */
interface TestingPlan {
  readonly plan: CfnResource;
  /** Its position among the template's testing plans: the first one found is the one reported. */
  readonly order: number;
  readonly selections: CfnResource[];
  readonly include: Val;
}

/** The restore testing plans of one template, indexed by what their IncludeVaults name. */
class TestingIndex {
  public readonly plans: TestingPlan[] = [];
  /** The reason given when no testing plan covers a backup plan and none is undecided. */
  public readonly other: string;
  private readonly byVault = new Map<CfnResource, TestingPlan>();
  private readonly byName = new Map<string, TestingPlan>();
  private readonly byPattern = new Map<string, TestingPlan>();
  private everyVault?: TestingPlan;
  /** The first testing plan whose vaults cannot be read at synth, whatever the backup plan. */
  private undecided?: { at: TestingPlan; why: string };
  /** The first testing plan naming a vault by a literal name or pattern. */
  private literal?: TestingPlan;

  constructor(index: TemplateIndex) {
    const plans = index.ofType(TESTING_PLAN);
    const selections = new Map<CfnResource, CfnResource[]>(plans.map((p) => [p, []]));
    const byPlanName = new Map<string, CfnResource[]>();
    for (const p of plans) {
      const name = V.str(index.prop(p, 'RestoreTestingPlanName'));
      if (name !== undefined) first(byPlanName, name, []).push(p);
    }
    // A selection belongs to the testing plan it references, or to every testing plan of its literal name.
    for (const s of index.ofType(TESTING_SELECTION)) {
      const v = index.prop(s, 'RestoreTestingPlanName');
      const owners = v.k === 'ref' ? [v.target] : byPlanName.get(V.str(v) ?? '') ?? [];
      for (const o of owners) selections.get(o)?.push(s);
    }
    const other: string[] = [];
    plans.forEach((plan, order) => {
      const tp: TestingPlan = { plan, order, selections: selections.get(plan)!, include: index.prop(plan, 'RecoveryPointSelection.IncludeVaults') };
      this.plans.push(tp);
      if (tp.selections.length === 0) {
        other.push(`${plan.logicalId} has no selection`);
        return;
      }
      if (tp.include.k === 'unknown') {
        this.undecided ??= { at: tp, why: tp.include.why };
        return;
      }
      other.push(`${plan.logicalId} tests other vaults`);
      this.addEntries(tp, index.items(tp.include) ?? []);
    });
    this.other = other.length > MAX_LISTED ? `${other.slice(0, MAX_LISTED).join('; ')}; and ${other.length - MAX_LISTED} more` : other.join('; ');
  }

  /** The first testing plan (with a selection) whose IncludeVaults covers one of the vaults. */
  public covering(vaults: Vaults): TestingPlan | undefined {
    let best = this.everyVault;
    const consider = (tp: TestingPlan | undefined) => {
      if (tp && (!best || tp.order < best.order)) best = tp;
    };
    for (const r of vaults.resources) consider(this.byVault.get(r));
    for (const n of vaults.names) {
      consider(this.byName.get(n));
      for (const [pattern, tp] of this.byPattern) if (globMatch(pattern, n)) consider(tp);
    }
    return best;
  }

  /** Why it cannot be known at synth whether some testing plan covers the vaults, if it cannot. */
  public pending(unnamedVault: boolean): string | undefined {
    const lit = unnamedVault ? this.literal : undefined;
    const und = this.undecided;
    if (lit && (!und || lit.order < und.at.order)) return `${lit.plan.logicalId}: its vaults cannot be matched at synth`;
    return und ? `${und.at.plan.logicalId}: ${und.why}` : undefined;
  }

  private addEntries(tp: TestingPlan, include: Val[]): void {
    for (const v of include) {
      if (v.k === 'ref') { keepFirst(this.byVault, v.target, tp); continue; }
      if (v.k === 'expr') {
        for (const r of v.refs) keepFirst(this.byVault, r, tp);
        if (v.refs.length === 0) this.undecided ??= { at: tp, why: 'its vaults cannot be matched at synth' };
        continue;
      }
      if (v.k === 'unknown') { this.undecided ??= { at: tp, why: 'its vaults cannot be matched at synth' }; continue; }
      const s = V.str(v);
      if (s === undefined) continue;
      if (s === '*') { this.everyVault ??= tp; continue; }
      this.literal ??= tp;
      const name = s.replace(/^arn:[^:]*:backup:[^:]*:[^:]*:backup-vault:/, '');
      keepFirst(name.includes('*') ? this.byPattern : this.byName, name, tp);
    }
  }
}

/** How many testing plans a failure names before it counts the rest. */
const MAX_LISTED = 5;

/**
 * The testing plans of a template, read once per run when no condition,
 * parameter or mapping choice decides them (`settled`); in each world
 * otherwise, so one deployment's plans never stand for another's.
 */
function testingOf(index: TemplateIndex): TestingIndex {
  return settled(index, 'BackupRestoreTested.testing', () => new TestingIndex(index));
}

function keepFirst<K>(m: Map<K, TestingPlan>, key: K, tp: TestingPlan): void {
  if (!m.has(key)) m.set(key, tp);
}

function first<K, T>(m: Map<K, T>, key: K, init: T): T {
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = init));
  return v;
}

/** The vaults the plan's rules write to: resources of this template, or literal names (`open`: one cannot be read at synth). */
function targetVaults(plan: CfnResource, index: TemplateIndex): Vaults {
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
