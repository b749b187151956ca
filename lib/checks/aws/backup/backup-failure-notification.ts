/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { BACKUP_VAULT } from './selection';

const EVENTS_RULE = 'AWS::Events::Rule';
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
 * - through an enabled `AWS::Events::Rule` on the default bus (found with `ofType`) matching source
 *   `aws.backup`, detail-type "Backup Job State Change" (or any), state FAILED
 *   (or any), and this vault (or any vault), with an SNS topic target.
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
    if (events.k === 'unknown' || topic.k === 'unknown') return unknown(p, events.k === 'unknown' ? events : topic, 'vault notifications decided at deploy time');
    const names = (V.list(events) ?? []).map((e) => V.str(index.value(e)));
    if (topic.k !== 'absent' && names.includes(REPORTS_FAILURES)) {
      return pass(p, `${V.show(topic)}: ${names.join(', ')}`, `vault notifies ${V.show(topic)} on ${REPORTS_FAILURES}, which reports failed jobs`);
    }
    const rule = eventRule(res, index);
    if (rule) return pass(undefined, rule.logicalId, `EventBridge rule ${rule.logicalId} sends failed backup jobs to an SNS topic`);
    if (topic.k !== 'absent' && names.includes(DEPRECATED_FAILED)) {
      return fail(`${p}.BackupVaultEvents`, names.join(', '), `${DEPRECATED_FAILED} is deprecated and sends nothing; subscribe to ${REPORTS_FAILURES}, which reports failed jobs`);
    }
    return fail(p, topic.k === 'absent' ? topic : names.join(', ') || '(none)', 'nobody is told when a backup job fails: no vault notification and no EventBridge rule on failed backup jobs');
  },
};

/** An enabled EventBridge rule sending this vault's failed backup jobs to SNS. */
function eventRule(vault: CfnResource, index: TemplateIndex): CfnResource | undefined {
  const vaultName = V.str(index.prop(vault, 'BackupVaultName'));
  return index.ofType(EVENTS_RULE).find((r) => {
    if (V.str(index.prop(r, 'State')) === 'DISABLED') return false;
    // AWS Backup events arrive on the default bus only.
    const bus = index.prop(r, 'EventBusName');
    if (bus.k !== 'absent' && !(bus.k === 'lit' && (bus.v === 'default' || /:event-bus\/default$/.test(String(bus.v))))) return false;
    let pattern: any = index.prop(r, 'EventPattern');
    if (pattern.k !== 'lit') return false;
    pattern = pattern.v;
    if (typeof pattern === 'string') {
      try { pattern = JSON.parse(pattern); } catch { return false; }
    }
    const list = (x: any): any[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? x : [x]);
    const matches = (x: any, want: string): boolean => {
      const l = list(x);
      return l === undefined || l.some((e) => e === want);
    };
    if (!(list(pattern?.source) ?? []).includes('aws.backup')) return false;
    if (!matches(pattern['detail-type'], 'Backup Job State Change')) return false;
    if (!matches(pattern.detail?.state, 'FAILED')) return false;
    const vaults = list(pattern.detail?.backupVaultName);
    if (vaults !== undefined && !(vaultName !== undefined && vaults.includes(vaultName))) {
      const v = vaults.map((x) => index.value(x));
      if (!v.some((x) => x.k === 'ref' && x.target === vault)) return false;
    }
    const targets = V.list(index.prop(r, 'Targets')) ?? [];
    return targets.some((t) => {
      const arn = index.at(t, 'Arn');
      return (arn.k === 'ref' && arn.target.type === SNS_TOPIC) || /^arn:[^:]*:sns:/.test(V.show(arn));
    });
  });
}
