import { fail, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { combine } from '../../cfn/databases';

/** The logs the item asks for: the error log and the slow query log. */
const LOGS: [string, string][] = [['ES_APPLICATION_LOGS', 'error (application) logs'], ['SEARCH_SLOW_LOGS', 'search slow logs']];

/**
 * DB-LOG-EXPORTS for OpenSearch Service (and Elasticsearch) domains, read by RdsLogExports, which fails what it sees
 * and says nothing more (the domain types are its `failOnlyTypes`): the domain must publish its error logs
 * (`LogPublishingOptions.ES_APPLICATION_LOGS`) and its slow query logs (`SEARCH_SLOW_LOGS`) to CloudWatch Logs, each
 * `Enabled` with a `CloudWatchLogsLogGroupArn`; one not published fails. Both published is no pass: a slow log holds
 * only the queries of indexes whose slow-log thresholds are set (`index.search.slowlog.threshold.*`, off by default),
 * index settings made through the domain's API, not in the template; so the item stays unknown while the app holds
 * a domain (kinds.ts: the domain types are unread for it). Decided at deploy time is unknown.
 * @internal
 */
export function openSearchLogExports(res: CfnResource, index: TemplateIndex): Verdict | undefined {
  const out: Verdict[] = [];
  for (const [log, what] of LOGS) {
    const p = `Properties.LogPublishingOptions.${log}`;
    const on = index.prop(res, `LogPublishingOptions.${log}.Enabled`);
    if (on.k === 'unknown') { out.push(unknown(`${p}.Enabled`, on, `${what} publishing decided at deploy time (${on.why})`)); continue; }
    if (!V.isTrue(on)) { out.push(fail(`${p}.Enabled`, on, `${what} not published to CloudWatch Logs (${log}.Enabled ${V.show(on)})`)); continue; }
    const group = index.prop(res, `LogPublishingOptions.${log}.CloudWatchLogsLogGroupArn`);
    if (group.k === 'absent') out.push(fail(`${p}.CloudWatchLogsLogGroupArn`, group, `${what} enabled without a log group`));
    else if (group.k === 'unknown') out.push(unknown(`${p}.CloudWatchLogsLogGroupArn`, group, `${what} log group decided at deploy time (${group.why})`));
  }
  return out.length > 0 ? combine(out) : undefined;
}
