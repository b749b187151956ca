import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { notifies } from './signals';
import { authAlarms, wafBlockedAlarms, webAclNames } from './security-signals';

/**
 * ALARM-SECURITY-EVENTS: security signals raise alarms that notify.
 *
 * Decisions:
 * - every WAFv2 web ACL has an alarm on its AWS/WAFV2 BlockedRequests metric
 *   (dimension WebACL = the ACL's Name or metric name), with an action (its
 *   own, or a composite's);
 * - every Cognito user pool has an alarm on its authentication signals: the
 *   AWS/Cognito sign-in/token-refresh success ratio or risk metrics of the
 *   pool, or a metric filter over the log group its log delivery writes to.
 * Applications that authenticate without Cognito are not judged: the template
 * does not show which log lines are authentication failures.
 */
export const AlarmSecurityEvents: AwsRule = {
  id: 'AlarmSecurityEvents',
  items: ['ALARM-SECURITY-EVENTS'],
  types: ['AWS::WAFv2::WebACL', 'AWS::Cognito::UserPool'],
  severity: Severity.MEDIUM,
  description: 'Web ACLs have a notifying alarm on BlockedRequests; user pools have a notifying alarm on authentication failures (Cognito sign-in metrics or a metric filter over the pool\'s logs).',
  fix: 'Add cloudwatch.Alarm on AWS/WAFV2 BlockedRequests (WebACL, Rule=ALL) and on AWS/Cognito SignInSuccesses (Average, below a ratio) with an SNS action.',
  check(res, { index }) {
    const isAcl = res.type === 'AWS::WAFv2::WebACL';
    const alarms = isAcl ? wafBlockedAlarms(res, index) : authAlarms(res, index);
    const what = isAcl ? 'blocked requests' : 'authentication failures';
    const ok = alarms.filter((a) => notifies(a.alarm, index));
    if (ok.length > 0) return pass(undefined, ok.map((a) => a.alarm.logicalId).join(', '), `alarm ${ok.map((a) => a.alarm.logicalId).join(', ')} on ${what} notifies`);
    if (alarms.length > 0) return fail(undefined, alarms.map((a) => a.alarm.logicalId).join(', '), `alarm on ${what} has no action: nobody is told`);
    if (isAcl && webAclNames(res, index).length === 0) {
      return unknown('Properties.Name', undefined, 'the web ACL name is generated at deploy time, so alarms naming it cannot be matched');
    }
    return fail(undefined, res.logicalId, `no alarm on ${what}`);
  },
};
