import { Severity } from '../../model';
import { globMatch } from '../../glob';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { BACKUP_PLAN, BACKUP_VAULT, arnDesignates, candidateSelections, inStackPlace, planOf, rulesOf, selects, tagCondition, tagsOf, targetVaultOf } from './selection';
import { settled, settledFor } from '../../cfn/settled';
import { restoreRoleWorks } from './roles';

const TESTING_PLAN = 'AWS::Backup::RestoreTestingPlan';
const TESTING_SELECTION = 'AWS::Backup::RestoreTestingSelection';

/**
 * BACKUP-RESTORE-TESTED: restores of this plan's recovery points are tested on a
 * schedule: an `AWS::Backup::RestoreTestingPlan` with at least one
 * `AWS::Backup::RestoreTestingSelection` exists, its
 * `RecoveryPointSelection.IncludeVaults` covers a vault this plan's rules write
 * to (`*`, a wildcard ARN, the vault's ARN or name) and its `ExcludeVaults`
 * does not take that vault out again, and for every resource of this template
 * the plan backs up, a selection of such a testing plan restores it: its
 * `ProtectedResourceType` is the resource's kind (an Aurora cluster is
 * `Aurora`, a standalone DB instance `RDS`, a table `DynamoDB`, ...), its
 * `ProtectedResourceArns` (absent or `*`: every resource) name it (each read
 * as a backup selection's ARN is, `arnDesignates`), and its
 * `ProtectedResourceConditions` (tag conditions) hold for it.
 *
 * Decisions:
 * - A testing plan covers the plan when it covers one of the plan's vaults
 *   (restore tests pick recovery points from any vault they include) and
 *   picks the kind of recovery point the plan makes: one whose
 *   `RecoveryPointTypes` is only `CONTINUOUS` tests nothing of a plan with no
 *   rule enabling continuous backup.
 * - A vault ARN in IncludeVaults / ExcludeVaults names a vault of this stack
 *   only in the stack's region and account (`inStackPlace`): restore testing
 *   plans and vaults are regional, so an ARN of another region or account
 *   (a cross-region copy vault of the same name, a central backup account's
 *   vault) tests none of this plan's recovery points; a literal region or
 *   account while the stack's is not known is unknown.
 * - A vault entry, protected-resource ARN, type or tag condition that cannot
 *   be read at synth makes the verdict unknown, never a pass; so does a
 *   literal vault name against a vault whose name is computed.
 * - The resources judged are those of this template the plan's selections
 *   select (by `selects`); a resource only possibly selected (a selection
 *   decided at deploy time) must be tested too, else unknown. When the plan
 *   selects no resource of this template (its selections are in another stack,
 *   or select by tag resources elsewhere) the kinds its tests must cover
 *   cannot be read: unknown.
 * - A selection restores with its `IamRoleArn` (`restoreRoleWorks`, read as a backup selection's role is): a role
 *   of this template that does not trust `backup.amazonaws.com`, or has neither
 *   AWSBackupServiceRolePolicyForRestores nor any statement allowing the restore action, makes every restore job
 *   fail, so the selection tests nothing (fail when no other selection restores the resource); a role outside the
 *   template (other than the account's AWSBackupDefaultServiceRole), a trust under a Condition, a Deny that may
 *   apply, a boundary or own statements without the managed policy are unknown.
 * - An RDS DB cluster whose engine is `aurora*` is `Aurora`, another RDS
 *   cluster (Multi-AZ DB cluster) and a standalone DB instance `RDS`; an
 *   instance that is a member of a cluster is backed up with its cluster.
 *
 * Dispatched to `AWS::Backup::BackupPlan`. The testing plans of a template, and
 * the resources each backup plan selects, are read once per template
 * (`testingOf`, `protectedOf`), so each backup plan is judged by a few lookups.
 */
export const BackupRestoreTested: AwsRule = {
  id: 'BackupRestoreTested',
  items: ['BACKUP-RESTORE-TESTED'],
  types: [BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'An AWS Backup restore testing plan with a selection tests restores from this plan\'s vault, for each kind of resource the plan backs up.',
  fix: 'Add a CfnRestoreTestingPlan (IncludeVaults: the plan\'s vault, not excluded by ExcludeVaults) and a CfnRestoreTestingSelection whose ProtectedResourceType is the kind of each protected resource (Aurora, RDS, DynamoDB, ...).',
  check(res, { index }) {
    const testing = testingOf(index);
    if (testing.plans.length === 0) return fail(undefined, undefined, 'no restore testing plan in this template: nobody knows whether these backups restore');
    const vaults = targetVaults(res, index);
    // How each testing plan that may include one of the plan's vaults covers them.
    const continuousOnly: string[] = [];
    const coverage = testing.candidates(vaults).map((tp) => {
      const st = vaultCoverage(tp, vaults, index);
      const types = st.k === 'no' ? st : pointTypes(tp, res, index);
      if (types.k === 'no' && st.k !== 'no') continuousOnly.push(tp.plan.logicalId);
      return { tp, st: types.k === 'no' ? types : types.k === 'open' ? { k: 'open' as const, why: st.k === 'open' ? st.why : types.why } : st };
    });
    const reaching = coverage.filter((c) => c.st.k !== 'no');
    if (reaching.length === 0) {
      if (vaults.open) return unknown(undefined, undefined, `whether restores of this plan are tested cannot be known at synth (${vaults.open})`);
      if (continuousOnly.length > 0) {
        return fail('Properties.RecoveryPointSelection.RecoveryPointTypes', continuousOnly.join(', '), `restore testing plan ${continuousOnly.join(', ')} tests only CONTINUOUS recovery points, and no rule of this plan enables continuous backup: its snapshots are never restore-tested`);
      }
      return fail(undefined, testing.other, `no restore testing plan tests this plan's vault (${testing.other})`);
    }
    const targets = protectedOf(res, index);
    if (targets.length === 0) {
      const first = reaching.find((c) => c.st.k === 'yes') ?? reaching[0];
      const why = first.st.k === 'open' ? first.st.why : `${first.tp.plan.logicalId} tests this plan's vault`;
      return unknown(undefined, undefined, `whether restores of this plan are tested cannot be known at synth (this plan selects no resource of this template, so the kind of resource its restore tests must restore cannot be read; ${why})`);
    }
    const passed: { target: Target; tp: TestingPlan; sels: CfnResource[] }[] = [];
    const never: string[] = [];
    let open: string | undefined;
    for (const t of targets) {
      let best: { tp: TestingPlan; sels: CfnResource[] } | undefined;
      let why: string | undefined;
      const kinds: string[] = [];
      for (const { tp, st } of reaching) {
        const sels: CfnResource[] = [];
        for (const s of tp.selections) {
          const m = selectionTests(s, t, index);
          if (m.k === 'yes') sels.push(s);
          else if (m.k === 'open') why ??= `${s.logicalId}: ${m.why}`;
          else if ('kind' in m && m.kind) kinds.push(`${s.logicalId} restores ${m.kind}`);
          else if ('role' in m && m.role) kinds.push(`${s.logicalId} cannot restore it: ${m.role}`);
        }
        if (sels.length === 0) continue;
        if (st.k === 'yes') { best = { tp, sels }; break; }
        if (st.k === 'open') why ??= st.why;
      }
      if (best) { passed.push({ target: t, ...best }); continue; }
      if (!why && t.maybe) why = `whether this plan backs up ${t.what} is decided at deploy time (${t.maybe})`;
      if (why) { open ??= `${t.what}: ${why}`; continue; }
      never.push(`${t.what} (${t.kinds.join(' or ')})${kinds.length > 0 ? `: ${[...new Set(kinds)].slice(0, MAX_LISTED).join('; ')}` : ''}`);
    }
    if (never.length > 0) return fail('Properties.ProtectedResourceType', never.join('; '), `no restore testing selection of a testing plan for this plan's vault restores ${never.join('; ')}`);
    if (open) return unknown(undefined, undefined, `whether restores of this plan are tested cannot be known at synth (${open})`);
    const first = passed.reduce((a, b) => (b.tp.order < a.tp.order ? b : a));
    const plans = [...new Set(passed.map((p) => p.tp))].sort((a, b) => a.order - b.order);
    const sels = [...new Set(passed.filter((p) => p.tp === plans[0]).flatMap((p) => p.sels))];
    const tested = passed.map((p) => `${p.target.what} as ${p.target.kinds.join('/')}`).join(', ');
    const also = plans.length > 1 ? `, with ${plans.slice(1).map((p) => p.plan.logicalId).join(', ')}` : '';
    return pass('Properties.RecoveryPointSelection.IncludeVaults', first.tp.include, `restore testing plan ${plans[0].plan.logicalId} (${sels.map((s) => s.logicalId).join(', ')}) tests restores from this plan's vault${also}: ${tested}`, res);
  },
};

/** One vault a backup plan's rules write to: a resource of this template and/or a literal name. */
interface Vault {
  readonly res?: CfnResource;
  readonly name?: string;
  /** Set when the vault, known by its literal name, may be a vault of this template whose name is decided at deploy time: why. */
  readonly maybe?: string;
}

/** The vaults a backup plan's rules write to (`open`: one cannot be read at synth). */
interface Vaults {
  readonly list: Vault[];
  readonly open?: string;
}

/** One restore testing plan, read once. */
interface TestingPlan {
  readonly plan: CfnResource;
  /** Its position among the template's testing plans: the first one found is the one reported. */
  readonly order: number;
  /** A key of its own for what is read of it once per run (`settled`): one per testing plan read. */
  readonly key: string;
  readonly selections: CfnResource[];
  readonly include: Val;
  readonly exclude: Val;
}

type Match = { k: 'yes' } | { k: 'no' } | { k: 'open'; why: string };
/** Testing plans read so far (each one's `key`). */
let testingPlans = 0;
const YES: Match = { k: 'yes' };
const NO: Match = { k: 'no' };

/** The restore testing plans of one template, indexed by the vaults their IncludeVaults name. */
class TestingIndex {
  public readonly plans: TestingPlan[] = [];
  /** The reason given when no testing plan covers a backup plan and none is undecided. */
  public readonly other: string;
  /** Testing plans (with a selection) whose IncludeVaults only name vaults of this template. */
  private readonly byVault = new Map<CfnResource, TestingPlan[]>();
  /** Testing plans (with a selection) that name vaults otherwise: by name, pattern, `*`, or computed. */
  private readonly general: TestingPlan[] = [];

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
      const tp: TestingPlan = {
        plan,
        order,
        key: `BackupRestoreTested.tp.${++testingPlans}`,
        selections: selections.get(plan)!,
        include: index.prop(plan, 'RecoveryPointSelection.IncludeVaults'),
        exclude: index.prop(plan, 'RecoveryPointSelection.ExcludeVaults'),
      };
      this.plans.push(tp);
      if (tp.selections.length === 0) {
        other.push(`${plan.logicalId} has no selection`);
        return;
      }
      if (tp.include.k !== 'unknown') other.push(`${plan.logicalId} tests other vaults`);
      const entries = tp.include.k === 'unknown' ? undefined : index.items(tp.include);
      const refs = entries?.every((v) => v.k === 'ref' || (v.k === 'expr' && v.refs.length > 0)) ? entries : undefined;
      if (!refs) { this.general.push(tp); return; }
      for (const v of refs) for (const r of v.k === 'ref' ? [v.target] : v.k === 'expr' ? v.refs : []) {
        const list = first(this.byVault, r, []);
        if (!list.includes(tp)) list.push(tp);
      }
    });
    this.other = other.length > MAX_LISTED ? `${other.slice(0, MAX_LISTED).join('; ')}; and ${other.length - MAX_LISTED} more` : other.join('; ');
  }

  /** The testing plans (with a selection) that may include one of the vaults, in template order. */
  public candidates(vaults: Vaults): TestingPlan[] {
    // A vault decided at deploy time may be any vault: every testing plan may include it.
    if (vaults.open || vaults.list.some((v) => v.maybe)) return this.plans.filter((tp) => tp.selections.length > 0);
    const out = new Set<TestingPlan>(this.general);
    for (const v of vaults.list) if (v.res) for (const tp of this.byVault.get(v.res) ?? []) out.add(tp);
    return [...out].sort((a, b) => a.order - b.order);
  }
}

/** Whether a testing plan includes, and does not exclude, one of the vaults. */
function vaultCoverage(tp: TestingPlan, vaults: Vaults, index: TemplateIndex): Match {
  let why = vaults.open && tp.include.k !== 'absent' ? vaults.open : undefined;
  for (const v of vaults.list) {
    const inc = vaultListMatches(tp.include, () => vaultItems(tp, 'include', index), v, index);
    if (inc.k === 'no') continue;
    const exc = tp.exclude.k === 'absent' ? NO : vaultListMatches(tp.exclude, () => vaultItems(tp, 'exclude', index), v, index);
    if (exc.k === 'yes') continue;
    if (inc.k === 'yes' && exc.k === 'no') return YES;
    why ??= `${tp.plan.logicalId}: ${inc.k === 'open' ? inc.why : exc.k === 'open' ? `ExcludeVaults: ${exc.why}` : ''}`;
  }
  return why ? { k: 'open', why } : NO;
}

/**
 * Whether a testing plan picks the kind of recovery point the backup plan makes:
 * `SNAPSHOT` in `RecoveryPointTypes` picks the snapshots every plan makes;
 * `CONTINUOUS` alone picks only continuous (point-in-time) recovery points,
 * which exist only when a rule of the plan enables continuous backup.
 */
function pointTypes(tp: TestingPlan, plan: CfnResource, index: TemplateIndex): Match {
  const types = pointTypesOf(tp.plan, index);
  if (types.k === 'absent') return YES; // required by CloudFormation
  if (types.k === 'unknown') return { k: 'open', why: `${tp.plan.logicalId}: RecoveryPointTypes decided at deploy time (${types.why})` };
  if (types.k === 'open') return { k: 'open', why: `${tp.plan.logicalId}: a recovery point type is decided at deploy time` };
  const names = types.names;
  if (names.includes('SNAPSHOT')) return YES;
  if (!names.includes('CONTINUOUS')) return NO;
  const c = continuousOf(plan, index);
  if (c.k === 'rules') return { k: 'open', why: `the plan's rules are decided at deploy time (${c.why})` };
  if (c.k === 'yes') return YES;
  return c.why !== undefined ? { k: 'open', why: `${tp.plan.logicalId} tests only CONTINUOUS recovery points, and whether this plan makes them is decided at deploy time (${c.why})` } : NO;
}

/** A testing plan's RecoveryPointTypes, read once per run: every backup plan reads every testing plan's that may include its vault. */
function pointTypesOf(testingPlan: CfnResource, index: TemplateIndex): { k: 'absent' } | { k: 'unknown'; why: string } | { k: 'open' } | { k: 'names'; names: (string | undefined)[] } {
  return settledFor(index, 'BackupRestoreTested.pointTypes', testingPlan, (p, ix) => {
    const types = ix.prop(p, 'RecoveryPointSelection.RecoveryPointTypes');
    if (types.k === 'absent') return { k: 'absent' as const };
    if (types.k === 'unknown') return { k: 'unknown' as const, why: types.why };
    const list = ix.items(types) ?? [];
    if (list.some((t) => t.k === 'unknown')) return { k: 'open' as const };
    return { k: 'names' as const, names: list.map((t) => V.str(t)) };
  });
}

/**
 * Whether a backup plan makes continuous recovery points (a rule enables continuous backup), read once per plan:
 * `rules` when its rules are decided at deploy time, else `yes`, or `no` with why the first rule that may is
 * decided at deploy time.
 */
function continuousOf(plan: CfnResource, index: TemplateIndex): { k: 'rules'; why: string } | { k: 'yes' } | { k: 'no'; why?: string } {
  return settledFor(index, 'BackupRestoreTested.continuous', plan, (p, ix) => {
    const rules = rulesOf(p, ix);
    if ('unknown' in rules) return { k: 'rules' as const, why: rules.unknown };
    let open: string | undefined;
    for (const r of rules) {
      const c = ix.field(r, 'EnableContinuousBackup');
      if (c.k === 'unknown') { open ??= c.why; continue; }
      if (V.isTrue(c)) return { k: 'yes' as const };
    }
    return open !== undefined ? { k: 'no' as const, why: open } : { k: 'no' as const };
  });
}

/**
 * The entries of a testing plan's IncludeVaults or ExcludeVaults, read once per run (`settled`): with `*` every
 * backup plan reads every testing plan's.
 */
function vaultItems(tp: TestingPlan, which: 'include' | 'exclude', index: TemplateIndex): Val[] | undefined {
  return settled(index, `${tp.key}.${which}`, () => index.items(tp[which]));
}

/**
 * Whether a list of vaults (IncludeVaults / ExcludeVaults; `items` its entries) names a vault. A vault ARN names a
 * vault of this stack only in the stack's region and account (`inStackPlace`): a restore testing plan, like the
 * vaults it reads, is regional, so an ARN of another region or account (a DR copy vault of the same name) does not
 * name this plan's vault, and a literal region or account the stack may or may not be deployed in is unknown.
 */
function vaultListMatches(list: Val, items: () => Val[] | undefined, vault: Vault, index: TemplateIndex): Match {
  if (list.k === 'unknown') return { k: 'open', why: list.why };
  let why: string | undefined;
  for (const v of items() ?? []) {
    if (v.k === 'ref') {
      if (vault.res && v.target === vault.res) return YES;
      if (vault.maybe && v.target.type === BACKUP_VAULT) why ??= vault.maybe;
      continue;
    }
    if (v.k === 'unknown') { why ??= 'its vaults cannot be matched at synth'; continue; }
    // An ARN of another region or account names no vault of this stack; one that may be is decided at deploy time.
    const text = v.k === 'expr' ? v.text : V.str(v);
    const place = text === undefined ? undefined : inStackPlace(text, index);
    if (place?.k === 'no') continue;
    const hit = (): Match | undefined => {
      if (place?.k !== 'unknown') return YES;
      why ??= place.why;
      return undefined;
    };
    if (v.k === 'expr') {
      if (vault.res && v.refs.includes(vault.res)) { const m = hit(); if (m) return m; continue; }
      if (v.refs.length === 0) why ??= 'its vaults cannot be matched at synth';
      else if (vault.maybe && v.refs.some((r) => r.type === BACKUP_VAULT)) why ??= vault.maybe;
      continue; // an ARN built from another resource designates that one
    }
    const s = text;
    if (s === undefined) continue;
    const name = s.replace(/^arn:[^:]*:backup:[^:]*:[^:]*:backup-vault:/, '');
    if (s === '*' || name === '*') { const m = hit(); if (m) return m; continue; }
    if (vault.name === undefined) { why ??= 'its vaults cannot be matched at synth'; continue; }
    if (name.includes('*') ? globMatch(name, vault.name) : name === vault.name) { const m = hit(); if (m) return m; }
  }
  return why ? { k: 'open', why } : NO;
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

function first<K, T>(m: Map<K, T>, key: K, init: T): T {
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = init));
  return v;
}

/**
 * The vaults the plan's rules write to (`targetVaultOf`): a vault of this template (with its literal name), a name
 * outside it, or a literal name that may be a vault of this template whose name is decided at deploy time (`maybe`);
 * `open` when a target cannot be read at synth.
 */
function targetVaults(plan: CfnResource, index: TemplateIndex): Vaults {
  const list: Vault[] = [];
  let open: string | undefined;
  const rules = rulesOf(plan, index);
  if ('unknown' in rules) return { list, open: `the plan's rules are decided at deploy time (${rules.unknown})` };
  for (const r of rules) {
    const t = targetVaultOf(r, index);
    if (t.k === 'template') list.push({ res: t.vault, name: V.str(index.prop(t.vault, 'BackupVaultName')) });
    else if (t.k === 'outside') list.push({ name: t.text });
    else if (t.name !== undefined) list.push({ name: t.name, maybe: t.why });
    else open ??= t.why;
  }
  return { list, open };
}

/** A resource of this template a backup plan backs up, and the ProtectedResourceType values that restore it. */
interface Target {
  readonly res: CfnResource;
  readonly what: string;
  readonly kinds: string[];
  /** Set when the plan only possibly selects it: why that is decided at deploy time. */
  readonly maybe?: string;
  /** Set when which of `kinds` it is cannot be read at synth. */
  readonly kindOpen?: string;
}

/** The restore testing resource type of a resource AWS Backup protects; undefined for other resources. */
function kindsOf(res: CfnResource, index: TemplateIndex): string[] | undefined {
  switch (res.type) {
    case 'AWS::RDS::DBCluster': {
      const engine = index.prop(res, 'Engine');
      if (engine.k === 'unknown') return ['Aurora', 'RDS']; // which one: `kindOpen`
      return (V.str(engine) ?? 'aurora').toLowerCase().startsWith('aurora') ? ['Aurora'] : ['RDS'];
    }
    case 'AWS::RDS::DBInstance': return index.prop(res, 'DBClusterIdentifier').k === 'absent' ? ['RDS'] : undefined;
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': return ['DynamoDB'];
    case 'AWS::EFS::FileSystem': return ['EFS'];
    case 'AWS::EC2::Instance': return ['EC2'];
    case 'AWS::EC2::Volume': return ['EBS'];
    case 'AWS::S3::Bucket': return ['S3'];
    case 'AWS::DocDB::DBCluster': return ['DocumentDB'];
    case 'AWS::Neptune::DBCluster': return ['Neptune'];
    case 'AWS::FSx::FileSystem': return ['FSx'];
    default: return undefined;
  }
}

const PROTECTED_TYPES = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::EFS::FileSystem', 'AWS::EC2::Instance',
  'AWS::EC2::Volume', 'AWS::S3::Bucket', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster', 'AWS::FSx::FileSystem'];

/** The resources of this template each backup plan selects, read once per template (see `testingOf`). */
function protectedIndex(index: TemplateIndex): Map<CfnResource, Target[]> {
  return settled(index, 'BackupRestoreTested.protected', () => {
    const out = new Map<CfnResource, Target[]>();
    for (const type of PROTECTED_TYPES) {
      for (const r of index.ofType(type)) {
        const kinds = kindsOf(r, index);
        if (!kinds) continue;
        const engine = r.type === 'AWS::RDS::DBCluster' ? index.prop(r, 'Engine') : undefined;
        const kindOpen = engine?.k === 'unknown' ? `the engine of ${r.logicalId} (Aurora or not) is decided at deploy time (${engine.why})` : undefined;
        const seen = new Map<CfnResource, Target>();
        for (const sel of candidateSelections(r, index)) {
          const plan = planOf(sel, index);
          if ('unknown' in plan) continue;
          const s = selects(sel, r, index);
          if (s.k === 'no') continue;
          const had = seen.get(plan);
          if (had && !had.maybe) continue;
          seen.set(plan, { res: r, what: `${r.logicalId} (${r.type})`, kinds, ...(kindOpen ? { kindOpen } : {}), ...(s.k === 'unknown' ? { maybe: s.why } : {}) });
        }
        for (const [plan, t] of seen) first(out, plan, []).push(t);
      }
    }
    return out;
  });
}

function protectedOf(plan: CfnResource, index: TemplateIndex): Target[] {
  return protectedIndex(index).get(plan) ?? [];
}

/**
 * Whether a restore testing selection restores a target: type, ARNs, tag conditions, and a role AWS Backup can restore
 * it with (`restoreRoleWorks`). `kind`: the type it restores instead; `role`: why its role restores nothing.
 */
function selectionTests(sel: CfnResource, t: Target, index: TemplateIndex): Match | { k: 'no'; kind?: string; role?: string } {
  const type = settledFor(index, 'BackupRestoreTested.selection.type', sel, (s, ix) => ix.prop(s, 'ProtectedResourceType'));
  if (type.k === 'unknown') return { k: 'open', why: `ProtectedResourceType decided at deploy time (${type.why})` };
  const kind = type.k === 'lit' ? V.str(type) : undefined;
  if (kind === undefined) return { k: 'open', why: `ProtectedResourceType ${V.show(type)} cannot be read at synth` };
  if (!t.kinds.some((k) => k.toLowerCase() === kind.toLowerCase())) return { k: 'no', kind };
  if (t.kindOpen) return { k: 'open', why: t.kindOpen };
  const arns = arnsMatch(sel, t, index);
  if (arns.k !== 'yes') return arns;
  const conds = conditionsHold(sel, t, index);
  if (conds.k !== 'yes') return conds;
  // AWS Backup restores with the selection's role: one that cannot restore tests nothing.
  const role = restoreRoleWorks(sel, t.res, index);
  if (role.k === 'yes') return YES;
  if (role.k === 'unknown') return { k: 'open', why: role.why };
  return { k: 'no', role: role.why };
}

/*
 * What a restore testing selection says, read once per run (`settledFor`), each part where it was read for each
 * target and in the same order (a part read only when the target needs it stays so): a selection by tag
 * restores every resource of the plans whose vaults its testing plan includes, and was read again for each.
 */

/** A selection's ProtectedResourceArns, and its entries when it is a list. */
function arnsOf(sel: CfnResource, index: TemplateIndex): { list: Val; items?: Val[] } {
  return settledFor(index, 'BackupRestoreTested.selection.arns', sel, (s, ix) => {
    const list = ix.prop(s, 'ProtectedResourceArns');
    return list.k === 'absent' || list.k === 'unknown' ? { list } : { list, items: ix.items(list) };
  });
}

/** A selection's ProtectedResourceConditions, and its operators with their lists when it can be read. */
function conditionsOf(sel: CfnResource, index: TemplateIndex): { conds: Val; entries?: [string, Val][] } {
  return settledFor(index, 'BackupRestoreTested.selection.conditions', sel, (s, ix) => {
    const conds = ix.prop(s, 'ProtectedResourceConditions');
    return conds.k === 'absent' || conds.k === 'unknown' ? { conds } : { conds, entries: ix.keys(conds) };
  });
}

/** The entries of the `j`th operator of a selection's ProtectedResourceConditions. */
function conditionItems(sel: CfnResource, j: number, index: TemplateIndex): Val[] | undefined {
  return settledFor(index, `BackupRestoreTested.selection.conditions.${j}`, sel, (s, ix) => ix.items(conditionsOf(s, ix).entries![j][1]));
}

/** The key and value of the `n`th entry of the `j`th operator of a selection's ProtectedResourceConditions. */
function conditionEntry(sel: CfnResource, j: number, n: number, index: TemplateIndex): { key: Val; value: Val } {
  return settledFor(index, `BackupRestoreTested.selection.conditions.${j}.${n}`, sel, (s, ix) => {
    const c = conditionItems(s, j, ix)![n];
    return { key: ix.field(c, 'Key'), value: ix.field(c, 'Value') };
  });
}

/** Whether ProtectedResourceArns (absent: every resource of the type) names the target, each entry read as a backup selection's ARN (`arnDesignates`). */
function arnsMatch(sel: CfnResource, t: Target, index: TemplateIndex): Match {
  const { list, items } = arnsOf(sel, index);
  if (list.k === 'absent') return YES;
  if (list.k === 'unknown') return { k: 'open', why: `ProtectedResourceArns decided at deploy time (${list.why})` };
  if (items === undefined) return { k: 'open', why: 'ProtectedResourceArns computed at deploy time' };
  let why: string | undefined;
  for (const v of items) {
    const m = arnDesignates(v, t.res, index);
    if (m.k === 'yes') return YES;
    if (m.k === 'unknown') why ??= `ProtectedResourceArns: ${m.why}`;
  }
  return why ? { k: 'open', why } : NO;
}

/** Whether ProtectedResourceConditions (StringEquals / StringNotEquals on tags, all of them) hold for the target. */
function conditionsHold(sel: CfnResource, t: Target, index: TemplateIndex): Match {
  const { conds, entries } = conditionsOf(sel, index);
  if (conds.k === 'absent') return YES;
  if (conds.k === 'unknown') return { k: 'open', why: `ProtectedResourceConditions decided at deploy time (${conds.why})` };
  if (entries === undefined) return { k: 'open', why: 'ProtectedResourceConditions computed at deploy time' };
  const tags = tagsOf(t.res, index);
  for (let j = 0; j < entries.length; j++) {
    const [op, list] = entries[j];
    if (list.k === 'unknown') return { k: 'open', why: `ProtectedResourceConditions.${op} decided at deploy time (${list.why})` };
    const items = conditionItems(sel, j, index) ?? [];
    for (let n = 0; n < items.length; n++) {
      if (!(tags instanceof Map)) return { k: 'open', why: `tags of ${t.res.logicalId}: ${tags.unknown}` };
      const c = conditionEntry(sel, j, n, index);
      const held = tagCondition(op, c.key, c.value, tags);
      if (held === false) return NO;
      if (typeof held === 'object') return { k: 'open', why: held.unknown };
    }
  }
  return YES;
}
