import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { TemplateIndex, V, Val } from '../../template-index';
import { replaceSubReferences } from '../../cfn/documents';
import { BACKUP_PLAN, BACKUP_VAULT, ruleName, rulesOf } from './selection';

/**
 * BACKUP-CROSS-REGION-COPY: a plan rule copies recovery points to a vault in
 * another region or account (`CopyActions[].DestinationBackupVaultArn`), and
 * keeps each such copy at least `dailyBackupRetentionDays`
 * (`CopyActions[].Lifecycle.DeleteAfterDays`; absent: never deleted): a copy
 * that expires after a day protects nothing.
 *
 * - A vault of this template, or an ARN built from `${AWS::Region}` and
 *   `${AWS::AccountId}`, is in the same region and account → does not count.
 * - A literal ARN counts when its region or account differs from the stack's
 *   (compared when the stack's environment is known, e.g. in a cloud assembly;
 *   in an environment-agnostic template a literal region or account is taken
 *   to be elsewhere), and the message names its region and account; one in the
 *   stack's own region and account does not. A region or account computed at
 *   deploy time is unknown.
 * - A destination or a retention from a parameter or an import is unknown.
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
    let pending: string | undefined;
    const local: string[] = [];
    const short: string[] = [];
    let good: { rule: string; dest: Val; where: string; kept: string } | undefined;
    for (const rule of rules) {
      const name = ruleName(rule, index);
      const actions = index.field(rule, 'CopyActions');
      if (actions.k === 'unknown') { pending ??= `copy actions of ${name}: ${actions.why}`; continue; }
      for (const a of index.items(actions) ?? []) {
        const dest = index.field(a, 'DestinationBackupVaultArn');
        const where = elsewhere(dest, index);
        if (where.k === 'unknown') { pending ??= `destination of ${name}: ${where.why}`; continue; }
        if (where.k === 'local') { local.push(`${name} → ${where.what}`); continue; }
        const keep = index.field(a, 'Lifecycle.DeleteAfterDays');
        if (keep.k === 'unknown') { pending ??= `retention of the copy of ${name}: ${keep.why}`; continue; }
        const days = keep.k === 'absent' ? Infinity : V.num(keep);
        const kept = days === Infinity ? 'kept until deleted by hand' : `kept ${V.show(keep)} days`;
        if (days === undefined || !thresholds.meets('dailyBackupRetentionDays', days)) { short.push(`${name} → ${where.what}, ${kept}`); continue; }
        good ??= { rule: name, dest, where: where.what, kept };
      }
    }
    if (short.length > 0) return fail(`${p}.Lifecycle.DeleteAfterDays`, short.join('; '), `copies to another region or account kept less than dailyBackupRetentionDays ${min}: ${short.join('; ')}`);
    if (good && !pending) return pass(p, good.dest, `rule ${good.rule} copies recovery points to ${good.where}, ${good.kept} (dailyBackupRetentionDays ${min})`);
    if (pending) return unknown(p, undefined, `copy destination or retention decided at deploy time (${pending})`);
    if (local.length > 0) return fail(p, local.join('; '), `copies stay in the same region and account: ${local.join('; ')}`);
    return fail(p, undefined, 'no rule copies recovery points to another region or account: a regional outage or a compromised account loses every backup');
  },
};

/** Where a copy destination is: another region/account (with words), this stack's, or not known at synth. */
function elsewhere(dest: Val, index: TemplateIndex): { k: 'other' | 'local'; what: string } | { k: 'unknown'; why: string } {
  if (dest.k === 'unknown') return { k: 'unknown', why: dest.why };
  if (dest.k === 'absent') return { k: 'local', what: '(no destination)' };
  if (dest.k === 'ref' || (dest.k === 'expr' && dest.refs.some((r) => r.type === BACKUP_VAULT))) return { k: 'local', what: 'a vault of this stack' };
  const arn = V.show(dest);
  // Placeholders (${AWS::Region}) contain colons: name them before splitting the ARN.
  const parts = replaceSubReferences(arn, (name) => (name === 'AWS::Region' || name === 'AWS::AccountId' ? THIS : COMPUTED)).split(':');
  const region = compare(parts[3] ?? '', pseudo(index, 'AWS::Region'));
  const account = compare(parts[4] ?? '', pseudo(index, 'AWS::AccountId'));
  const what = `${arn} (region ${parts[3] ?? '?'}, account ${parts[4] ?? '?'})`;
  if (region === 'same' && account === 'same') return { k: 'local', what };
  if (region === 'other' || account === 'other') return { k: 'other', what };
  return { k: 'unknown', why: `${what}: whether that is another region or account depends on where the stack is deployed` };
}

const THIS = '<this stack>';
const COMPUTED = '<computed>';

/**
 * An ARN's region or account against the stack's own: compared when the
 * stack's environment is known; otherwise a literal names another place than
 * the stack's own placeholder (Decision: the template is taken to be deployed
 * where it does not copy to, as the CDK's env-agnostic stacks are).
 */
function compare(part: string, here: string | undefined): 'same' | 'other' | 'open' {
  if (part === THIS) return 'same';
  if (part === '' || part.includes(COMPUTED)) return 'open';
  return here === undefined || part !== here ? 'other' : 'same';
}

/** A pseudo parameter's value when the stack's environment is known. */
function pseudo(index: TemplateIndex, name: string): string | undefined {
  const v = index.value({ Ref: name });
  return v.k === 'lit' ? String(v.v) : undefined;
}
