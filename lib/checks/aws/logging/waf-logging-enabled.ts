import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { TemplateIndex, Val, V } from '../../template-index';

/**
 * Whether a logging configuration's LoggingFilter keeps the records of blocked
 * requests (action BLOCK; rate-based rules block too). WAF applies the first
 * filter whose conditions match a record, else DefaultBehavior. A label
 * condition may or may not match a blocked request: a DROP filter that may
 * match leaves the answer open. Returns `kept`, a reason it drops them, or
 * `open: <why>`.
 */
function blockedRecordsKept(index: TemplateIndex, filter: Val): string {
  if (filter.k === 'absent') return 'kept';
  if (filter.k === 'unknown') return `open: logging filter decided at deploy time (${filter.why})`;
  const filters = index.items(index.field(filter, 'Filters'));
  if (filters === undefined) return 'open: logging filters decided at deploy time';
  for (const [i, f] of filters.entries()) {
    if (f.k === 'unknown') return `open: logging filter ${i} decided at deploy time (${f.why})`;
    const behavior = V.str(index.field(f, 'Behavior'));
    const requirement = V.str(index.field(f, 'Requirement'));
    const conditions = index.items(index.field(f, 'Conditions'));
    if (conditions === undefined || behavior === undefined || requirement === undefined) return `open: logging filter ${i} decided at deploy time`;
    // true: a blocked request meets the condition; false: it cannot; undefined: it may (a label condition).
    const meets = conditions.map((c): boolean | undefined => {
      const action = index.field(c, 'ActionCondition.Action');
      if (action.k !== 'absent') return V.str(action) === 'BLOCK';
      return undefined;
    });
    const match = requirement === 'MEETS_ALL'
      ? (meets.includes(false) ? false : meets.every((m) => m === true) ? true : undefined)
      : (meets.includes(true) ? true : meets.every((m) => m === false) ? false : undefined);
    if (match === false) continue;
    if (behavior === 'DROP') {
      return match ? `filter ${i} drops the records of blocked requests (Behavior DROP)` : `open: filter ${i} drops the records carrying its labels, which blocked requests may carry`;
    }
    if (match) return 'kept';
    // A KEEP filter that may match keeps some blocked records; the others go on to the next filter.
  }
  const def = index.field(filter, 'DefaultBehavior');
  if (def.k === 'unknown') return `open: default logging behavior decided at deploy time (${def.why})`;
  return V.str(def) === 'DROP' ? 'DefaultBehavior DROP drops the records of blocked requests (no filter keeps them)' : 'kept';
}

/**
 * AUDIT-SECURITY-EVENTS: every WAFv2 web ACL logs its requests (FSBP WAF.11),
 * so blocked and rate-limited requests are recorded. Dispatched to
 * AWS::WAFv2::WebACL; the AWS::WAFv2::LoggingConfiguration is found through the
 * reverse references (its ResourceArn points at the ACL).
 *
 * Decisions: a destination outside the template (a literal ARN) passes — WAF
 * validates it at deploy; a destination from a parameter or an import is unknown.
 * A LoggingFilter that drops the records of blocked requests (a DROP filter on
 * action BLOCK, or DefaultBehavior DROP with no filter keeping BLOCK) fails; one
 * whose label conditions may drop them is unknown.
 * The application's own security-event log group cannot be told apart from its
 * other log groups in a template, so that half of the item is not judged here.
 */
export const WafLoggingEnabled: AwsRule = {
  id: 'WafLoggingEnabled',
  items: ['AUDIT-SECURITY-EVENTS'],
  types: ['AWS::WAFv2::WebACL'],
  severity: Severity.MEDIUM,
  description: 'Every WAFv2 web ACL has a logging configuration whose LoggingFilter (if any) keeps the records of blocked requests, so blocked and rate-limited requests are recorded.',
  fix: 'Add an AWS::WAFv2::LoggingConfiguration for the web ACL to a log group named aws-waf-logs-* (HttpsEndpoint does), an S3 bucket or a Firehose stream.',
  check(res, { index }) {
    const configs = index.referrers(res, 'AWS::WAFv2::LoggingConfiguration');
    if (configs.length === 0) return fail('WAFv2::LoggingConfiguration', '(none)', `web ACL ${res.logicalId} does not log its requests`);
    // Every verdict is on the web ACL, so the worlds where a conditional logging configuration exists and
    // those where it does not combine into one verdict.
    const config = configs[0].logicalId;
    const dest = index.prop(configs[0], 'LogDestinationConfigs');
    const p = `${config}.LogDestinationConfigs`;
    if (dest.k === 'unknown') return unknown(p, dest, `log destination of ${config} decided at deploy time (${dest.why})`);
    const list = index.items(dest) ?? [];
    if (list.length === 0) return fail(p, dest, `logging configuration ${config} has no destination`);
    // The list itself is literal, but its destination may still come from a parameter or an import.
    const first = list[0];
    if (first.k === 'unknown') return unknown(p, first, `log destination of ${config} decided at deploy time (${first.why})`);
    const kept = blockedRecordsKept(index, index.prop(configs[0], 'LoggingFilter'));
    const fp = `${config}.LoggingFilter`;
    if (kept.startsWith('open: ')) return unknown(fp, undefined, `web ACL ${res.logicalId} logs through ${config}, but whether blocked requests are kept is open: ${kept.slice(6)}`);
    if (kept !== 'kept') return fail(fp, undefined, `web ACL ${res.logicalId} does not record blocked requests: ${kept} (${config})`);
    return pass(p, V.show(first), `web ACL ${res.logicalId} logs to ${V.show(first)} (${config})`);
  },
};
