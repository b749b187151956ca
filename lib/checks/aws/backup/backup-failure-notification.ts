import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { EventShape, Match, matchingRules } from '../../cfn/event-rules';
import { BACKUP_VAULT } from './selection';

const SNS_TOPIC = 'AWS::SNS::Topic';
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
 * Every value is read in the world being judged: a pattern or a state behind a
 * condition counts where the condition holds. One way that works is enough; a
 * way the template cannot decide (a topic from a parameter, a pattern computed
 * at deploy) makes the verdict unknown unless another way works.
 */
export const BackupFailureNotification: AwsRule = {
  id: 'BackupFailureNotification',
  items: ['BACKUP-FAILURE-NOTIFICATION'],
  types: [BACKUP_VAULT],
  severity: Severity.MEDIUM,
  description: 'Failed backup jobs of the vault notify an SNS topic (vault notifications or an EventBridge rule).',
  fix: 'Set the vault\'s notificationTopic with BackupVaultEvents.BACKUP_JOB_COMPLETED (which reports failures), or add an EventBridge rule on aws.backup "Backup Job State Change" state FAILED targeting an SNS topic.',
  check(res, { index }) {
    const p = 'Properties.Notifications';
    const events = index.prop(res, 'Notifications.BackupVaultEvents');
    const topic = index.prop(res, 'Notifications.SNSTopicArn');
    const names = (index.items(events) ?? []).map((e) => (e.k === 'unknown' ? undefined : V.str(e)));
    const vaultOpen = events.k === 'unknown' || names.includes(undefined) ? 'the vault\'s notification events are decided at deploy time'
      : topic.k === 'unknown' ? `the vault's notification topic is decided at deploy time (${topic.why})` : undefined;
    if (topic.k !== 'absent' && topic.k !== 'unknown' && names.includes(REPORTS_FAILURES)) {
      return pass(p, `${V.show(topic)}: ${names.join(', ')}`, `vault notifies ${V.show(topic)} on ${REPORTS_FAILURES}, which reports failed jobs`);
    }
    const rule = eventRule(res, index);
    if (rule.found) return pass(undefined, rule.found.logicalId, `EventBridge rule ${rule.found.logicalId} sends failed backup jobs to an SNS topic`);
    if (vaultOpen || rule.open) return unknown(p, topic, `whether a failed backup job reaches anyone cannot be known at synth: ${[vaultOpen, rule.open].filter(Boolean).join('; ')}`);
    if (topic.k !== 'absent' && names.includes(DEPRECATED_FAILED)) {
      return fail(`${p}.BackupVaultEvents`, names.join(', '), `${DEPRECATED_FAILED} is deprecated and sends nothing; subscribe to ${REPORTS_FAILURES}, which reports failed jobs`);
    }
    return fail(p, topic.k === 'absent' ? topic : names.join(', ') || '(none)', 'nobody is told when a backup job fails: no vault notification and no EventBridge rule on failed backup jobs');
  },
};

/** An enabled EventBridge rule sending this vault's failed backup jobs to SNS, or why it cannot be known. */
function eventRule(vault: CfnResource, index: TemplateIndex): { found?: CfnResource; open?: string } {
  const name = index.prop(vault, 'BackupVaultName');
  const failed: EventShape = {
    'source': 'aws.backup',
    'detail-type': 'Backup Job State Change',
    'detail': { state: 'FAILED', backupVaultName: { resources: [vault], name: name.k === 'lit' ? V.str(name) : undefined } },
  };
  let open: string | undefined;
  for (const { rule, match, targets } of matchingRules(index, [failed])) {
    const m: Match = match.k === 'yes' ? snsTarget(rule, targets, index) : match;
    if (m.k === 'yes') return { found: rule };
    if (m.k === 'unknown') open ??= m.why;
  }
  return { open };
}

/** Whether one of the rule's targets is an SNS topic. */
function snsTarget(rule: CfnResource, targets: Val[] | undefined, index: TemplateIndex): Match {
  if (targets === undefined) return { k: 'unknown', why: `the targets of ${rule.logicalId} are decided at deploy time` };
  let open = false;
  for (const t of targets) {
    const arn = index.field(t, 'Arn');
    if (arn.k === 'ref' && arn.target.type === SNS_TOPIC) return { k: 'yes' };
    if (arn.k === 'unknown') { open = true; continue; }
    if (/^arn:[^:]*:sns:/.test(V.show(arn))) return { k: 'yes' };
  }
  return open ? { k: 'unknown', why: `a target of ${rule.logicalId} is decided at deploy time` } : { k: 'no', why: `${rule.logicalId} has no SNS topic target` };
}
