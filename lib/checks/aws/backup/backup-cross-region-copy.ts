import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { markedPseudo, TemplateIndex, V, Val } from '../../template-index';
import { replaceSubReferences } from '../../cfn/documents';
import { BACKUP_PLAN, BACKUP_VAULT, ruleName, rulesOf } from './selection';

/**
 * BACKUP-CROSS-REGION-COPY: a plan rule copies recovery points to a vault in
 * another region or account (`CopyActions[].DestinationBackupVaultArn`), and
 * keeps each such copy at least `dailyBackupRetentionDays`
 * (`CopyActions[].Lifecycle.DeleteAfterDays`; absent: never deleted): a copy
 * that expires after a day protects nothing. A copy action without a
 * `Lifecycle` of its own keeps the source recovery point's, the rule's
 * `Lifecycle.DeleteAfterDays` (AWS Backup CopyAction: "If you don't specify a
 * lifecycle, AWS Backup applies the lifecycle policy of the source backup").
 *
 * - A vault of this template, or an ARN built from `${AWS::Region}` and
 *   `${AWS::AccountId}`, is in the same region and account → does not count.
 * - A literal region or account in the ARN is compared with the stack's when
 *   the stack's environment is known (a cloud assembly's `aws://account/region`,
 *   or a world in which a mapping keyed by `AWS::Region` fixed it): another one
 *   counts, the stack's own does not.
 * - Decision: in a template whose region is not known (an environment-agnostic
 *   stack) a literal region is not taken to be elsewhere: the stack may be
 *   deployed in that region, and then a copy to it in the same account stays
 *   in the same region. The rule is judged for every region the stack can be
 *   deployed in that matters (each literal region a destination names, and
 *   any other); when they disagree the verdict is unknown and names the region
 *   that decides it ("fail when deployed in region us-west-2"). A copy kept too
 *   short fails wherever it goes (local or elsewhere, it is no usable copy).
 * - Decision (kept, a known gap): when the stack's account is not known, a
 *   literal account is taken to be another account than the stack's, so a copy
 *   to a literal account counts whatever the region. The message names the
 *   destination's region and account.
 * - A region or account computed at deploy time, a destination or a retention
 *   from a parameter or an import, is unknown.
 */
export const BackupCrossRegionCopy: AwsRule = {
  id: 'BackupCrossRegionCopy',
  items: ['BACKUP-CROSS-REGION-COPY'],
  types: [BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'A backup plan rule copies recovery points to a vault in another region or account, and keeps the copies at least dailyBackupRetentionDays.',
  fix: 'Add a copy action to a vault in another region/account (BackupPlanRule copyActions: [{ destinationBackupVault: BackupVault.fromBackupVaultArn(...), deleteAfter: Duration.days(35) }]).',
  check(res, { index, thresholds }) {
    const p = 'Properties.BackupPlan.BackupPlanRule.CopyActions';
    const rules = rulesOf(res, index);
    if ('unknown' in rules) return unknown(p, undefined, `plan rules decided at deploy time (${rules.unknown})`);
    const min = thresholds.get('dailyBackupRetentionDays');
    const copies: Copy[] = [];
    let pending: string | undefined;
    for (const rule of rules) {
      const name = ruleName(rule, index);
      const actions = index.field(rule, 'CopyActions');
      if (actions.k === 'unknown') { pending ??= `copy actions of ${name}: ${actions.why}`; continue; }
      for (const a of index.items(actions) ?? []) {
        const dest = index.field(a, 'DestinationBackupVaultArn');
        const place = placeOf(dest);
        if ('unknown' in place) { pending ??= `destination of ${name}: ${place.unknown}`; continue; }
        // A copy without its own Lifecycle keeps the source recovery point's: the rule's.
        const own = index.field(a, 'Lifecycle');
        const inherits = own.k === 'absent';
        const keep = own.k === 'unknown' ? own : index.field(inherits ? rule : a, 'Lifecycle.DeleteAfterDays');
        const from = inherits ? ' (no Lifecycle of its own: the rule\'s)' : '';
        let kept: Copy['kept'];
        if (keep.k === 'unknown') kept = { unknown: `retention of the copy of ${name}${from}: ${keep.why}` };
        else {
          const days = keep.k === 'absent' ? Infinity : V.num(keep);
          kept = { ok: days !== undefined && thresholds.meets('dailyBackupRetentionDays', days), text: `${days === Infinity ? 'kept until deleted by hand' : `kept ${V.show(keep)} days`}${from}` };
        }
        copies.push({ rule: name, dest, place, kept });
      }
    }
    // Where the stack may be: known, or each literal place a destination names and anywhere else.
    const hereRegion = pseudo(index, 'AWS::Region');
    const hereAccount = pseudo(index, 'AWS::AccountId');
    const regions = hereRegion !== undefined ? [hereRegion] : [ELSEWHERE, ...new Set(copies.map((c) => c.place.region).filter(isLiteral))];
    // A literal account is judged as the region is: the stack may be deployed in that very account.
    const accounts = hereAccount !== undefined ? [hereAccount] : [ELSEWHERE, ...new Set(copies.map((c) => c.place.account).filter(isLiteral))];
    const verdicts: { region: string; account: string; verdict: Verdict }[] = [];
    for (const region of regions) for (const account of accounts) verdicts.push({ region, account, verdict: judge(copies, pending, region, account, p, min) });
    const base = verdicts[0].verdict;
    const differing = verdicts.find((x) => x.verdict.status !== base.status);
    if (!differing) return base;
    const bad = verdicts.find((x) => x.verdict.status === 'fail') ?? differing;
    const good = verdicts.find((x) => x.verdict.status === 'pass');
    return unknown(p, undefined, `depends on the region the stack is deployed in, which this environment-agnostic template does not say: ${bad.verdict.status} when deployed in ${bad.region === ELSEWHERE ? 'a region no destination names' : `region ${bad.region}`} (${bad.verdict.message})${good ? `; passes in ${good.region === ELSEWHERE ? 'any other region' : `region ${good.region}`} (${good.verdict.message})` : ''}`);
  },
};

/** A placeholder for "a region or account no destination names literally". */
const ELSEWHERE = '\u0000elsewhere';

interface Copy {
  readonly rule: string;
  readonly dest: Val;
  readonly place: Place;
  readonly kept: { ok: boolean; text: string } | { unknown: string };
}

/** A destination's region and account: THIS (the stack's own placeholder), COMPUTED, a literal, or `local` for a vault of this stack. */
interface Place {
  readonly local?: string;
  readonly region: string;
  readonly account: string;
  readonly arn: string;
}

function isLiteral(part: string): boolean {
  return part !== THIS && part !== '' && !part.includes(COMPUTED);
}

/** The verdict when the stack is in `region` and `account` (ELSEWHERE: one no destination names). */
function judge(copies: Copy[], pendingIn: string | undefined, region: string, account: string, p: string, min: number | undefined): Verdict {
  let pending = pendingIn;
  const local: string[] = [];
  const short: string[] = [];
  let good: { rule: string; dest: Val; where: string; kept: string } | undefined;
  for (const c of copies) {
    const shown = (part: string) => (part === THIS ? "the stack's" : part || '?');
    const what = c.place.local ?? `${c.place.arn} (region ${shown(c.place.region)}, account ${shown(c.place.account)})`;
    const r = c.place.local ? 'same' : compare(c.place.region, region);
    const a = c.place.local ? 'same' : compare(c.place.account, account);
    const where = r === 'same' && a === 'same' ? 'local' : r === 'other' || a === 'other' ? 'other' : 'open';
    if (where === 'open') { pending ??= `destination of ${c.rule}: ${what}: whether that is another region or account is decided at deploy time`; continue; }
    if (where === 'local') { local.push(`${c.rule} → ${what}`); continue; }
    if ('unknown' in c.kept) { pending ??= c.kept.unknown; continue; }
    if (!c.kept.ok) { short.push(`${c.rule} → ${what}, ${c.kept.text}`); continue; }
    good ??= { rule: c.rule, dest: c.dest, where: what, kept: c.kept.text };
  }
  if (short.length > 0) return fail(`${p}.Lifecycle.DeleteAfterDays`, short.join('; '), `copies to another region or account kept less than dailyBackupRetentionDays ${min}: ${short.join('; ')}`);
  if (good && !pending) return pass(p, good.dest, `rule ${good.rule} copies recovery points to ${good.where}, ${good.kept} (dailyBackupRetentionDays ${min})`);
  if (pending) return unknown(p, undefined, `copy destination or retention decided at deploy time (${pending})`);
  if (local.length > 0) return fail(p, local.join('; '), `copies stay in the same region and account: ${local.join('; ')}`);
  return fail(p, undefined, 'no rule copies recovery points to another region or account: a regional outage or a compromised account loses every backup');
}

/** Where a copy destination is: a vault of this stack, an ARN's region and account parts, or not known at synth. */
function placeOf(dest: Val): Place | { unknown: string } {
  if (dest.k === 'unknown') return { unknown: dest.why };
  if (dest.k === 'absent') return { local: '(no destination)', region: THIS, account: THIS, arn: '' };
  if (dest.k === 'ref' || (dest.k === 'expr' && dest.refs.some((r) => r.type === BACKUP_VAULT))) return { local: 'a vault of this stack', region: THIS, account: THIS, arn: '' };
  const arn = V.show(dest);
  // Placeholders (the stack's region placed by Fn::Sub, `pseudoMark`) contain colons: name them before splitting the
  // ARN. `${AWS::Region}` written as text (a plain string, an Fn::Join piece) names no region: not this stack's.
  const parts = replaceSubReferences(arn, (name) => (STACK_PLACE.has(markedPseudo(name) ?? '') ? THIS : COMPUTED)).split(':');
  return { region: parts[3] ?? '', account: parts[4] ?? '', arn };
}

const THIS = '<this stack>';
const STACK_PLACE = new Set(['AWS::Region', 'AWS::AccountId']);
const COMPUTED = '<computed>';

/** An ARN's region or account against the stack's own (`here`; ELSEWHERE: not one any destination names). */
function compare(part: string, here: string): 'same' | 'other' | 'open' {
  if (part === THIS) return 'same';
  if (part === '' || part.includes(COMPUTED)) return 'open';
  return part === here ? 'same' : 'other';
}

/** A pseudo parameter's value when the stack's environment is known. */
function pseudo(index: TemplateIndex, name: string): string | undefined {
  const v = index.value({ Ref: name });
  return v.k === 'lit' ? V.show(v) : undefined;
}
