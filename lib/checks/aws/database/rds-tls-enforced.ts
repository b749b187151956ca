import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { weakDbTlsVersions } from '../../../checklist/policy/tls';
import { combine, dbSetting, DbSetting, DB_TYPES, engineFamily, engineOf, isAuroraCluster, judged, majorVersion } from '../../cfn/databases';

/** RDS for PostgreSQL turned `rds.force_ssl` on by default from this major version. */
const RDS_PG_FORCE_SSL_DEFAULT_FROM = 15;

/**
 * DB-TLS-ENFORCED: the database refuses connections without TLS, and accepts
 * no protocol older than TLS 1.2.
 *
 * PostgreSQL (`rds.force_ssl`, `ssl_min_protocol_version`):
 * - A cluster is judged on its `AWS::RDS::DBClusterParameterGroup` (for
 *   Aurora these are cluster parameters); a standalone instance on its
 *   `AWS::RDS::DBParameterGroup`. Instances of a cluster are judged through it.
 * - `ssl_min_protocol_version` set to TLSv1 or TLSv1.1 fails.
 * - `rds.force_ssl` = 1 passes, 0 fails. Default group (property absent), or
 *   the key not set in the group: Aurora PostgreSQL defaults to 0 → fail; RDS
 *   for PostgreSQL (instances and Multi-AZ DB clusters) defaults to 1 from
 *   major version 15 → pass, saying so; older versions → fail. An unpinned
 *   `EngineVersion` gets RDS's current default major version (>= 15) → pass.
 * MySQL, MariaDB, Aurora MySQL (`require_secure_transport`, `tls_version`):
 * - `require_secure_transport` must be 1/ON (the default is OFF, so absent
 *   fails); a `tls_version` that allows TLSv1 or TLSv1.1 fails.
 * Everywhere: a parameter group from a parameter, an import or named outside
 * this template is unknown; other engines (Oracle, SQL Server) are unknown,
 * naming the engine, and so is an engine decided at deploy time (an engine
 * from an AllowedValues parameter is judged for each of its values).
 */
export const RdsTlsEnforced: AwsRule = {
  id: 'RdsTlsEnforced',
  items: ['DB-TLS-ENFORCED'],
  types: DB_TYPES,
  severity: Severity.HIGH,
  description: 'The database parameter group refuses connections without TLS (rds.force_ssl = 1; MySQL require_secure_transport = ON) and nothing older than TLS 1.2.',
  fix: "Use a (cluster) parameter group with 'rds.force_ssl': '1' and 'ssl_min_protocol_version': 'TLSv1.2' (MySQL: 'require_secure_transport': 'ON', 'tls_version': 'TLSv1.2,TLSv1.3').",
  check(res, { index }) {
    if (!judged(res, index)) return undefined;
    const engineVal = index.prop(res, 'Engine');
    if (engineVal.k === 'unknown') return unknown('Properties.Engine', engineVal, `engine decided at deploy time (${engineVal.why}): TLS setting cannot be judged`);
    const engine = engineOf(res, index);
    const family = engine === undefined ? 'other' : engineFamily(engine);
    if (family === 'postgres') return combine([...minimumTls(res, index, 'ssl_min_protocol_version'), forceSsl(res, index)]);
    if (family === 'mysql') return combine([...minimumTls(res, index, 'tls_version'), secureTransport(res, index)]);
    return unknown('Properties.Engine', engineVal, `engine ${engine ?? '(not set: inherited from its source)'}: this check reads the PostgreSQL and MySQL TLS settings; check this engine's TLS setting by hand`);
  },
};

/** Where a setting's verdict is reported: on the group when it comes from one, else on the database. */
function at(s: DbSetting): CfnResource | undefined {
  return s.group;
}

/**
 * A protocol floor (PostgreSQL `ssl_min_protocol_version`, MySQL
 * `tls_version`) that lets TLS 1.0/1.1 in fails; not set, the engine's default
 * applies and this adds no verdict.
 */
function minimumTls(res: CfnResource, index: TemplateIndex, name: string): Verdict[] {
  const s = dbSetting(res, name, index);
  const v = s.value;
  if (v.k === 'absent') return [];
  if (v.k === 'unknown') return [unknown(s.property, v, `${name} cannot be read at synth (${v.why})`, at(s))];
  const text = V.str(v) ?? V.show(v);
  const weak = weakDbTlsVersions(text);
  return [weak.length > 0
    ? fail(s.property, v, `${name} is ${text} in ${s.where}: clients may connect with ${weak.join(', ')}, which are broken; require TLS 1.2 or later`, at(s))
    : pass(s.property, v, `${name} is ${text} in ${s.where}`)];
}

function forceSsl(res: CfnResource, index: TemplateIndex): Verdict {
  const s = dbSetting(res, 'rds.force_ssl', index);
  const v = s.value;
  if (v.k === 'unknown') return unknown(s.property, v, `rds.force_ssl cannot be read at synth (${v.why})`, at(s));
  if (v.k === 'absent') return byDefault(res, index, s);
  const text = V.str(v);
  if (text === '1') return pass(s.property, v, `rds.force_ssl = 1 in ${s.where}: connections without TLS are refused`);
  return fail(s.property, v, `rds.force_ssl is ${V.show(v)} in ${s.where}: clients may connect without TLS`, at(s));
}

function byDefault(res: CfnResource, index: TemplateIndex, s: DbSetting): Verdict {
  const what = s.group ? `${s.where} without rds.force_ssl` : s.where;
  if (isAuroraCluster(res, index)) return fail(s.property, '(rds.force_ssl not set)', `${what}: Aurora PostgreSQL defaults rds.force_ssl to 0, so clients may connect without TLS`, at(s));
  const versionVal = index.prop(res, 'EngineVersion');
  if (versionVal.k === 'unknown') return unknown('Properties.EngineVersion', versionVal, `${what}: whether RDS for PostgreSQL forces TLS by default depends on the engine version, decided at deploy time (${versionVal.why})`);
  if (versionVal.k === 'absent') {
    return pass(s.property, '(rds.force_ssl not set)', `${what}: EngineVersion not pinned, so RDS picks its current default major version (>= ${RDS_PG_FORCE_SSL_DEFAULT_FROM}), whose default rds.force_ssl is 1`);
  }
  const major = majorVersion(res, index);
  if (major !== undefined && major >= RDS_PG_FORCE_SSL_DEFAULT_FROM) {
    return pass(s.property, '(rds.force_ssl not set)', `${what}: RDS for PostgreSQL ${major} defaults rds.force_ssl to 1`);
  }
  return fail(s.property, '(rds.force_ssl not set)', `${what}: RDS for PostgreSQL ${major ?? V.show(versionVal)} defaults rds.force_ssl to 0 (1 only from ${RDS_PG_FORCE_SSL_DEFAULT_FROM}), so clients may connect without TLS`, at(s));
}

function secureTransport(res: CfnResource, index: TemplateIndex): Verdict {
  const s = dbSetting(res, 'require_secure_transport', index);
  const v = s.value;
  if (v.k === 'unknown') return unknown(s.property, v, `require_secure_transport cannot be read at synth (${v.why})`, at(s));
  const text = (V.str(v) ?? '').toUpperCase();
  if (text === '1' || text === 'ON') return pass(s.property, v, `require_secure_transport is ${V.show(v)} in ${s.where}: connections without TLS are refused`);
  return fail(s.property, v.k === 'absent' ? '(not set)' : v, `require_secure_transport is ${v.k === 'absent' ? 'not set (the default is OFF)' : V.show(v)} in ${s.where}: clients may connect without TLS`, at(s) ?? res);
}
