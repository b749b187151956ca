import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { DB_TYPES, engineOf, isPostgres, judged } from '../../cfn/databases';

/**
 * DB-LOG-EXPORTS: the database log goes to CloudWatch Logs.
 * PostgreSQL engines must export `postgresql`; other engines must export at
 * least one log type (the message names them). Judged on the cluster or the
 * standalone instance.
 */
export const RdsLogExports: AwsRule = {
  id: 'RdsLogExports',
  items: ['DB-LOG-EXPORTS'],
  types: DB_TYPES,
  severity: Severity.MEDIUM,
  description: "EnableCloudwatchLogsExports includes 'postgresql' (PostgreSQL engines) so the database log reaches CloudWatch Logs.",
  fix: "Set EnableCloudwatchLogsExports: ['postgresql'] (cloudwatchLogsExports: ['postgresql']).",
  fsbp: ['RDS.9'],
  check(res, { index }) {
    if (!judged(res, index)) return undefined;
    const p = 'Properties.EnableCloudwatchLogsExports';
    const v = index.prop(res, 'EnableCloudwatchLogsExports');
    if (v.k === 'unknown') return unknown(p, v, `log exports decided at deploy time (${v.why})`);
    const list = V.list(v);
    const items = (list ?? []).map((x) => index.value(x));
    if (items.some((x) => x.k === 'unknown')) return unknown(p, v, 'a log export is decided at deploy time');
    const names = items.map((x) => V.str(x)).filter((x): x is string => x !== undefined);
    const engineVal = index.prop(res, 'Engine');
    if (engineVal.k === 'unknown') return unknown('Properties.Engine', engineVal, `engine decided at deploy time (${engineVal.why}): which log to export cannot be judged`);
    const engine = engineOf(res, index);
    if (isPostgres(engine)) {
      return names.includes('postgresql')
        ? pass(p, v, 'the postgresql log is exported to CloudWatch Logs')
        : fail(p, v, `the postgresql log is not exported (exports: ${names.join(', ') || 'none'})`);
    }
    return names.length > 0
      ? pass(p, v, `engine ${engine ?? '(not set)'} exports ${names.join(', ')} to CloudWatch Logs`)
      : fail(p, v, `engine ${engine ?? '(not set)'} exports no log to CloudWatch Logs`);
  },
};
