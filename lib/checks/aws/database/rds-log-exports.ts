import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { postgresDurationMs } from '../../../checklist/policy/data-settings';
import { CLUSTERED_DB_TYPES, combine, dbSetting, DOCDB_CLUSTER, effectiveSettings, engineFamily, engineOf, judged, NEPTUNE_CLUSTER } from '../../cfn/databases';
import { OPENSEARCH_TYPES } from '../../cfn/opensearch';
import { openSearchLogExports } from './opensearch-log-exports';

/**
 * DB-LOG-EXPORTS: the database log, slow queries included, reaches
 * CloudWatch Logs. Judged on the cluster or the standalone instance.
 *
 * - PostgreSQL: `EnableCloudwatchLogsExports` includes `postgresql`, and
 *   `log_min_duration_statement` is 0 or more (milliseconds) in the parameter
 *   group each instance uses: its default, -1, logs no statement at all. For
 *   an Aurora cluster each member instance's DB parameter group may override
 *   the cluster's value, and every member must log slow queries.
 * - MySQL, MariaDB, Aurora MySQL: `slowquery` is exported, `slow_query_log`
 *   is 1/ON (default off), and `log_output` is FILE (RDS for MySQL/MariaDB
 *   default to TABLE, which never reaches CloudWatch Logs; Aurora MySQL
 *   defaults to FILE). As for PostgreSQL, an Aurora MySQL member's DB
 *   parameter group may override the cluster group's `slow_query_log` and
 *   `log_output`, and every member must log slow queries to files.
 * - Other engines: no export at all fails; with exports, how slow queries are
 *   logged is not judged: unknown, naming the engine. So is an engine decided
 *   at deploy time (an AllowedValues engine is judged for each value).
 * - DocumentDB: `profiler` (slow operations) is exported and the cluster
 *   parameter group sets `profiler` to enabled (default disabled: nothing is
 *   written); the audit log is not required (as pgaudit is not for PostgreSQL).
 * - Neptune: `slowquery` is exported and the cluster parameter group sets
 *   `neptune_enable_slow_query_log` to info or debug (default disabled; engine
 *   1.2.1.0 and later).
 * A parameter group decided at deploy time or defined outside this template
 * is unknown.
 * - OpenSearch Service (and Elasticsearch) domains are read to fail only (`failOnlyTypes`, see
 *   `openSearchLogExports`): application or search slow logs not published fails; both published says nothing,
 *   since the slow-log thresholds are index settings outside the template (the item stays unknown beside a domain).
 */
export const RdsLogExports: AwsRule = {
  id: 'RdsLogExports',
  items: ['DB-LOG-EXPORTS'],
  types: [...CLUSTERED_DB_TYPES, ...OPENSEARCH_TYPES],
  failOnlyTypes: OPENSEARCH_TYPES,
  severity: Severity.MEDIUM,
  description: "EnableCloudwatchLogsExports includes 'postgresql' (MySQL: 'slowquery'; DocumentDB: 'profiler'; Neptune: 'slowquery') and the parameter group logs slow queries (log_min_duration_statement >= 0; MySQL slow_query_log = 1 with log_output FILE; DocumentDB profiler enabled; Neptune neptune_enable_slow_query_log info/debug); an OpenSearch domain that does not publish its application and search slow logs fails.",
  fix: "Set EnableCloudwatchLogsExports: ['postgresql'] and 'log_min_duration_statement': '1000' in the parameter group (MySQL: ['slowquery'], 'slow_query_log': '1', 'log_output': 'FILE').",
  check(res, { index }) {
    if (OPENSEARCH_TYPES.includes(res.type)) return openSearchLogExports(res, index);
    if (!judged(res, index)) return undefined;
    const p = 'Properties.EnableCloudwatchLogsExports';
    const v = index.prop(res, 'EnableCloudwatchLogsExports');
    if (v.k === 'unknown') return unknown(p, v, `log exports decided at deploy time (${v.why})`);
    const items = index.items(v) ?? [];
    const open = items.find((x) => x.k === 'unknown');
    if (open) return unknown(p, open, 'a log export is decided at deploy time');
    const names = items.map((x) => V.str(x)).filter((x): x is string => x !== undefined);
    if (res.type === DOCDB_CLUSTER) return slowLog(res, index, names, v, 'profiler', 'profiler', ['enabled'], 'the profiler (slow operations)');
    if (res.type === NEPTUNE_CLUSTER) return slowLog(res, index, names, v, 'slowquery', 'neptune_enable_slow_query_log', ['info', 'debug'], 'the slow-query log');
    const engineVal = index.prop(res, 'Engine');
    if (engineVal.k === 'unknown') return unknown('Properties.Engine', engineVal, `engine decided at deploy time (${engineVal.why}): which log to export cannot be judged`);
    const engine = engineOf(res, index);
    const family = engine === undefined ? 'other' : engineFamily(engine);
    const shown = names.join(', ') || 'none';
    if (family === 'postgres') {
      if (!names.includes('postgresql')) return fail(p, v, `the postgresql log is not exported (exports: ${shown})`);
      return combine([pass(p, v, 'the postgresql log is exported to CloudWatch Logs'), ...slowStatements(res, index)]);
    }
    if (family === 'mysql') {
      if (!names.includes('slowquery')) return fail(p, v, `the slow query log is not exported (exports: ${shown})`);
      return combine([pass(p, v, 'the slow query log is exported to CloudWatch Logs'), ...mysqlSlowLog(res, index, engine!)]);
    }
    if (names.length === 0) return fail(p, v, `engine ${engine ?? '(not set: inherited from its source)'} exports no log to CloudWatch Logs`);
    return unknown(p, v, `engine ${engine ?? '(not set: inherited from its source)'} exports ${shown}; whether slow queries are logged is not judged for this engine: check it by hand`);
  },
};

/**
 * DocumentDB and Neptune: the slow-operation log is exported (`exported`), and the cluster parameter `param` turns it
 * on (one of `on`, case-insensitive; not set: off, as in the default group).
 */
function slowLog(res: CfnResource, index: TemplateIndex, names: string[], v: Val, exported: string, param: string, on: string[], what: string): Verdict {
  const p = 'Properties.EnableCloudwatchLogsExports';
  if (!names.includes(exported)) return fail(p, v, `${what} is not exported (exports: ${names.join(', ') || 'none'}): add '${exported}'`);
  const s = dbSetting(res, param, index);
  const x = s.value;
  const logs = (() => {
    if (x.k === 'unknown') return unknown(s.property, x, `${param} cannot be read at synth (${x.why})`, s.group);
    if (x.k === 'absent') return fail(s.property, '(not set)', `${param} not set in ${s.where}: off by default, so nothing is written to the exported log`, s.group);
    const text = V.str(x)?.toLowerCase();
    if (text === undefined) return unknown(s.property, x, `${param} ${V.show(x)} in ${s.where} not understood`, s.group);
    return on.includes(text) ? pass(s.property, x, `${param} is ${V.show(x)} in ${s.where}`) : fail(s.property, x, `${param} is ${V.show(x)} in ${s.where}: ${what} writes nothing`, s.group);
  })();
  return combine([pass(p, v, `${what} is exported to CloudWatch Logs`), logs]);
}

/** `log_min_duration_statement` as every instance gets it: 0 or more logs slow statements; -1 (the default) logs none. */
function slowStatements(res: CfnResource, index: TemplateIndex): Verdict[] {
  return effectiveSettings(res, 'log_min_duration_statement', index).map(({ on, setting: s }) => {
    const v = s.value;
    const who = on === res ? '' : ` (instance ${on.logicalId})`;
    if (v.k === 'unknown') return unknown(s.property, v, `log_min_duration_statement cannot be read at synth${who} (${v.why})`, s.group);
    if (v.k === 'absent') return fail(s.property, '(log_min_duration_statement not set)', `log_min_duration_statement not set in ${s.where}${who}: its default, -1, logs no slow query`, s.group ?? on);
    const ms = V.str(v) === undefined ? undefined : postgresDurationMs(V.str(v)!);
    if (ms === undefined) return unknown(s.property, v, `log_min_duration_statement ${V.show(v)} in ${s.where}${who} not understood`, s.group);
    return ms >= 0
      ? pass(s.property, v, `statements slower than ${ms} ms are logged (log_min_duration_statement in ${s.where}${who})`)
      : fail(s.property, v, `log_min_duration_statement is ${V.show(v)} in ${s.where}${who}: no slow query is logged`, s.group ?? on);
  });
}

/**
 * MySQL/MariaDB: the slow query log is on and written to files (what CloudWatch
 * Logs receives), as every instance gets it: for an Aurora MySQL cluster a
 * member's DB parameter group overrides the cluster group's value.
 */
function mysqlSlowLog(res: CfnResource, index: TemplateIndex, engine: string): Verdict[] {
  const on = (text: string | undefined) => text !== undefined && ['1', 'ON'].includes(text.toUpperCase());
  const maria = engine.includes('mariadb');
  const out: Verdict[] = [];
  for (const { on: who, setting: slow } of effectiveSettings(res, 'slow_query_log', index)) {
    const inst = who === res ? '' : ` (instance ${who.logicalId})`;
    const mariaSlow = maria ? dbSetting(who, 'log_slow_query', index) : undefined;
    const open = [slow, ...(mariaSlow ? [mariaSlow] : [])].find((x) => x.value.k === 'unknown');
    if (open && open.value.k === 'unknown') {
      out.push(unknown(open.property, open.value, `the slow query log setting cannot be read at synth${inst} (${open.value.why})`, open.group));
      continue;
    }
    if (on(V.str(slow.value)) || (mariaSlow && on(V.str(mariaSlow.value)))) out.push(pass(slow.property, slow.value, `slow_query_log on in ${slow.where}${inst}`));
    else out.push(fail(slow.property, slow.value.k === 'absent' ? '(not set)' : slow.value, `slow_query_log is ${slow.value.k === 'absent' ? 'not set (off by default)' : V.show(slow.value)} in ${slow.where}${inst}: no slow query is logged`, slow.group ?? who));
  }
  for (const { on: who, setting: output } of effectiveSettings(res, 'log_output', index)) {
    const inst = who === res ? '' : ` (instance ${who.logicalId})`;
    const o = output.value;
    if (o.k === 'unknown') out.push(unknown(output.property, o, `log_output cannot be read at synth${inst} (${o.why})`, output.group));
    else if (o.k === 'absent') {
      if (!engine.startsWith('aurora')) out.push(fail(output.property, '(not set)', `log_output not set in ${output.where}: RDS for MySQL/MariaDB write the slow query log to a table by default, which never reaches CloudWatch Logs; set it to FILE`, output.group ?? who));
    } else if ((V.str(o) ?? '').toUpperCase().split(',').includes('FILE')) out.push(pass(output.property, o, `log_output ${V.show(o)}${inst}`));
    else out.push(fail(output.property, o, `log_output is ${V.show(o)} in ${output.where}${inst}: the slow query log never reaches CloudWatch Logs`, output.group ?? who));
  }
  return out;
}
