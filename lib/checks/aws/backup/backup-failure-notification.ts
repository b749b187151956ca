import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { EventShape, matchingRules, NamedResource } from '../../cfn/event-rules';
import { ruleDelivers, serviceDelivers } from '../../cfn/sns-delivery';
import { BACKUP_PLAN, BACKUP_VAULT, targetsOutside } from './selection';

/** Where the event names the vault: rules filtering on other vaults are not tried (linear in vaults). */
const VAULT_NAME = ['detail', 'backupVaultName'];
/**
 * The vault event that reports failed backup jobs. AWS Backup deprecated
 * BACKUP_JOB_FAILED / BACKUP_JOB_SUCCESSFUL: they no longer send anything, and
 * BACKUP_JOB_COMPLETED now reports every end state, failures included.
 */
const REPORTS_FAILURES = 'BACKUP_JOB_COMPLETED';
const DEPRECATED_FAILED = 'BACKUP_JOB_FAILED';

/**
 * BACKUP-FAILURE-NOTIFICATION: a failed backup job of this vault reaches
 * someone, either
 * - through the vault's `Notifications`: an `SNSTopicArn` and
 *   `BackupVaultEvents` including BACKUP_JOB_COMPLETED (which carries the FAILED
 *   state; a list with only the deprecated BACKUP_JOB_FAILED sends nothing and
 *   fails), or
 * - through an enabled `AWS::Events::Rule` on the default bus whose pattern
 *   matches the event AWS Backup sends for a failed job of this vault (source
 *   `aws.backup`, detail-type "Backup Job State Change", state FAILED, this
 *   vault's name), with an SNS topic target.
 * Either way the service must be able to publish to the topic: its topic
 * policy lets `backup.amazonaws.com` (vault notifications) or
 * `events.amazonaws.com` (a rule) publish, and a KMS-encrypted topic's key
 * policy lets that service use the key (see cfn/sns-delivery.ts: a topic policy
 * in the template without the grant, or the AWS-managed alias/aws/sns key,
 * fails; no topic policy in the template, or a topic or key outside it, is
 * unknown, since a policy set elsewhere decides).
 * Every value is read in the world being judged: a pattern or a state behind a
 * condition counts where the condition holds. One way that works is enough; a
 * way the template cannot decide (a topic from a parameter, a pattern computed
 * at deploy) makes the verdict unknown unless another way works.
 *
 * Also dispatched to `AWS::Backup::BackupPlan`: a plan rule whose
 * `TargetBackupVault` is no vault of this template (the account's `Default`
 * vault, another stack's) runs its jobs in a vault whose notifications this
 * template cannot show. It passes only when an EventBridge rule of this
 * template sends that vault's failed jobs to a topic EventBridge may publish
 * to (a pattern on every vault, or on that vault's name); otherwise unknown,
 * naming the vault. A target decided at deploy time is judged the same way,
 * with the vault's name unknown. A plan writing only to vaults of this
 * template has no finding of its own: those vaults are judged.
 */
export const BackupFailureNotification: AwsRule = {
  id: 'BackupFailureNotification',
  items: ['BACKUP-FAILURE-NOTIFICATION'],
  types: [BACKUP_VAULT, BACKUP_PLAN],
  severity: Severity.MEDIUM,
  description: 'Failed backup jobs of the vault notify an SNS topic (vault notifications or an EventBridge rule) whose topic (and key) policy lets the sending service publish.',
  fix: 'Set the vault\'s notificationTopic with BackupVaultEvents.BACKUP_JOB_COMPLETED (which reports failures), or add an EventBridge rule on aws.backup "Backup Job State Change" state FAILED targeting an SNS topic.',
  check(res, { index }) {
    if (res.type === BACKUP_PLAN) return judgePlan(res, index);
    const p = 'Properties.Notifications';
    const events = index.prop(res, 'Notifications.BackupVaultEvents');
    const topic = index.prop(res, 'Notifications.SNSTopicArn');
    const names = (index.items(events) ?? []).map((e) => (e.k === 'unknown' ? undefined : V.str(e)));
    let vaultOpen = events.k === 'unknown' || names.includes(undefined) ? 'the vault\'s notification events are decided at deploy time'
      : topic.k === 'unknown' ? `the vault's notification topic is decided at deploy time (${topic.why})` : undefined;
    let vaultRefused: string | undefined;
    if (topic.k !== 'absent' && topic.k !== 'unknown' && names.includes(REPORTS_FAILURES)) {
      const d = serviceDelivers(index, topic, 'backup.amazonaws.com', res);
      const shown = topic.k === 'ref' ? topic.target.logicalId : V.show(topic);
      if (d.k === 'yes') return pass(p, `${V.show(topic)}: ${names.join(', ')}`, `vault notifies ${shown} on ${REPORTS_FAILURES}, which reports failed jobs, and AWS Backup may publish to it`);
      if (d.k === 'unknown') vaultOpen ??= `the vault notifies ${shown}, but ${d.why}`;
      else vaultRefused = `the vault notifies ${shown}, but ${d.why}`;
    }
    const vaultName = index.prop(res, 'BackupVaultName');
    const rule = eventRule({ resources: [res], name: vaultName.k === 'lit' ? V.str(vaultName) : undefined }, index);
    if (rule.found) return pass(undefined, rule.found.logicalId, `EventBridge rule ${rule.found.logicalId} sends failed backup jobs to an SNS topic EventBridge may publish to`);
    if (vaultOpen || rule.open) return unknown(p, topic, `whether a failed backup job reaches anyone cannot be known at synth: ${[vaultOpen, rule.open].filter(Boolean).join('; ')}`);
    if (vaultRefused || rule.refused.length > 0) {
      return fail(p, topic.k === 'absent' ? topic : names.join(', ') || '(none)', `nobody is told when a backup job fails: ${[vaultRefused, ...rule.refused].filter(Boolean).join('; ')}`);
    }
    if (topic.k !== 'absent' && names.includes(DEPRECATED_FAILED)) {
      return fail(`${p}.BackupVaultEvents`, names.join(', '), `${DEPRECATED_FAILED} is deprecated and sends nothing; subscribe to ${REPORTS_FAILURES}, which reports failed jobs`);
    }
    return fail(p, topic.k === 'absent' ? topic : names.join(', ') || '(none)', 'nobody is told when a backup job fails: no vault notification and no EventBridge rule on failed backup jobs');
  },
};

/** The plan's vaults outside this template: each passes only on an EventBridge rule of this template that reports its failed jobs. */
function judgePlan(plan: CfnResource, index: TemplateIndex) {
  const p = 'Properties.BackupPlan.BackupPlanRule.TargetBackupVault';
  const t = targetsOutside(plan, index);
  const vaults: { shown: string; named: NamedResource; open?: string }[] = [...t.outside].map(([name, rules]) => ({ shown: `vault ${name} (rule ${rules.join(', ')})`, named: { resources: [], name } }));
  if (t.open) vaults.push({ shown: 'a vault named at deploy time', named: { resources: [] }, open: t.open });
  if (vaults.length === 0) return undefined;
  const told: string[] = [];
  for (const v of vaults) {
    const rule = eventRule(v.named, index);
    if (!rule.found) {
      const why = [v.open, rule.open, ...rule.refused].filter(Boolean).join('; ');
      return unknown(p, v.shown, `the plan runs its backup jobs in ${v.shown}, outside this template: whether its failed jobs notify anyone is set there, and no EventBridge rule of this template reports them${why ? ` (${why})` : ''}`);
    }
    told.push(`${v.shown} by EventBridge rule ${rule.found.logicalId}`);
  }
  return pass(p, told.join('; '), `failed backup jobs of the plan's vaults outside this template reach an SNS topic EventBridge may publish to: ${told.join('; ')}`);
}

/** An enabled EventBridge rule sending the vault's failed backup jobs to SNS, or why it cannot be known, or why the matching rules tell nobody. */
function eventRule(vault: NamedResource, index: TemplateIndex): { found?: CfnResource; open?: string; refused: string[] } {
  const failed: EventShape = {
    'source': 'aws.backup',
    'detail-type': 'Backup Job State Change',
    'detail': { state: 'FAILED', backupVaultName: vault },
  };
  let open: string | undefined;
  const refused: string[] = [];
  for (const { rule, match, targets } of matchingRules(index, [failed], VAULT_NAME)) {
    if (match.k === 'unknown') { open ??= match.why; continue; }
    const d = ruleDelivers(index, rule, targets);
    if (d.k === 'yes') return { found: rule, refused };
    if (d.k === 'unknown') open ??= d.why;
    else refused.push(`EventBridge rule ${rule.logicalId} matches failed jobs but ${d.why}`);
  }
  return { open, refused };
}
