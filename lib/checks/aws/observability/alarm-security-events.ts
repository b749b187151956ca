import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { notifies } from '../../cfn/alarms';
import { settledFor } from '../../cfn/settled';
import { authAlarms, wafBlockedAlarms, webAclNames } from './security-signals';

/**
 * ALARM-SECURITY-EVENTS: security signals raise alarms that notify.
 *
 * Decisions:
 * - every WAFv2 web ACL has an alarm on its AWS/WAFV2 BlockedRequests metric
 *   (dimension WebACL = the ACL's metric name; its Name, when another, is
 *   unknown; a reference to it, `name|id|scope` or an id, gets no data), with
 *   an action (its own, or a composite's). The alarm must read the dimensions WAF publishes
 *   (WebACL + Rule, plus Region — the stack's — for a regional web ACL, none
 *   for a CloudFront one): other sets get no data and fail. Rule ALL watches
 *   every block; Rule = one rule's metric name or Default_Action watches part
 *   (unknown); a Rule that is none of these, or a rule whose metrics are off,
 *   gets no data (fail). A literal Region is compared with the stack's region,
 *   known from the cloud assembly (unknown for a template checked alone,
 *   unless `checkTemplate` is given its environment);
 * - every Cognito user pool has an alarm on its authentication signals: the
 *   AWS/Cognito sign-in/token-refresh success ratio or risk metrics of the
 *   pool, or a metric filter over the log group its log delivery writes to.
 *   Cognito publishes the success metrics per UserPool + UserPoolClient (an
 *   alarm by UserPool alone gets no data: fail; on one client of several:
 *   unknown) and the risk metrics (CompromisedCredentialRisk,
 *   AccountTakeoverRisk, OverrideBlock, Risk) per Operation + UserPoolId.
 *   The alarm must fire on failures: a success metric (1 per success, 0 per
 *   failure) falling (a Less* comparison whose threshold 0 breaches) with a
 *   statistic other than SampleCount, a risk metric rising (Greater*); a
 *   sign-in volume alarm (`Sum > 10000` of SignInSuccesses) fires on more
 *   successes and does not count (fail when no other alarm does). An alarm
 *   returning a metric-math expression is unknown. Alarms on metric filters
 *   over the pool's logs are not judged for direction (the filter's pattern
 *   says what it counts).
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
    const found = isAcl ? wafBlockedAlarms(res, index) : authAlarms(res, index);
    const what = isAcl ? 'blocked requests' : 'authentication failures';
    // Whether an alarm notifies is kept per alarm for the run: web ACLs sharing a metric name share their alarms.
    const graded = found.alarms.map((a) => ({ id: a.alarm.logicalId, n: settledFor(index, 'alarm-notifies', a.alarm, (alarm, i) => notifies(i, alarm)) }));
    const ok = graded.filter((g) => g.n === true).map((g) => g.id);
    if (ok.length > 0) return pass(undefined, ok.join(', '), `alarm ${ok.join(', ')} on ${what} notifies`);
    const undecided = graded.filter((g) => g.n === undefined).map((g) => g.id);
    if (undecided.length > 0) return unknown(undefined, undecided.join(', '), `whether alarm ${undecided.join(', ')} on ${what} notifies is decided at deploy time`);
    if (found.open.length > 0) {
      const ids = found.open.map((a) => a.alarm.logicalId).join(', ');
      const why = found.open.filter((a) => found.why.has(a)).map((a) => `${a.alarm.logicalId}: ${found.why.get(a)}`);
      const said = why.length > 0 ? `whether alarm ${ids} watches all ${what} is not known (${why.join('; ')})` : `whether alarm ${ids} watches ${what} is decided at deploy time`;
      return unknown(undefined, ids, `${said}${graded.length > 0 ? '; the alarms that do have no action' : ''}`);
    }
    if (graded.length > 0) return fail(undefined, graded.map((g) => g.id).join(', '), `alarm on ${what} has no action: nobody is told`);
    if (isAcl) {
      const names = webAclNames(res, index);
      if (names.open !== undefined) return unknown('Properties.Name', undefined, `the web ACL name is decided at deploy time (${names.open}), so alarms naming it cannot be matched`);
      if (names.names.length === 0) return unknown('Properties.Name', undefined, 'the web ACL name is generated at deploy time, so alarms naming it cannot be matched');
    }
    if (found.wrong.length > 0) {
      const ids = found.wrong.map((w) => w.view.alarm.logicalId).join(', ');
      const never = found.wrong.filter((w) => w.never).length;
      const lead = never === 0 ? 'gets no data' : never === found.wrong.length ? 'does not fire on them' : 'gets no data or does not fire on them';
      return fail(undefined, ids, `alarm on ${what} ${lead}: ${found.wrong.map((w) => `${w.view.alarm.logicalId}: ${w.why}`).join('; ')}`);
    }
    return fail(undefined, res.logicalId, `no alarm on ${what}`);
  },
};
