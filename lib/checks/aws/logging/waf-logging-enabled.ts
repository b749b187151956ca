import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/**
 * AUDIT-SECURITY-EVENTS: every WAFv2 web ACL logs its requests (FSBP WAF.11),
 * so blocked and rate-limited requests are recorded. Dispatched to
 * AWS::WAFv2::WebACL; the AWS::WAFv2::LoggingConfiguration is found through the
 * reverse references (its ResourceArn points at the ACL).
 *
 * Decisions: a destination outside the template (a literal ARN) passes — WAF
 * validates it at deploy; a destination from a parameter or an import is unknown.
 * The application's own security-event log group cannot be told apart from its
 * other log groups in a template, so that half of the item is not judged here.
 */
export const WafLoggingEnabled: AwsRule = {
  id: 'WafLoggingEnabled',
  items: ['AUDIT-SECURITY-EVENTS'],
  types: ['AWS::WAFv2::WebACL'],
  severity: Severity.MEDIUM,
  description: 'Every WAFv2 web ACL has a logging configuration, so blocked and rate-limited requests are recorded.',
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
    return pass(p, V.show(first), `web ACL ${res.logicalId} logs to ${V.show(first)} (${config})`);
  },
};
