import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { weakDbTlsVersions } from '../../../checklist/policy/tls';
import { CLUSTERED_DB_TYPES, combine, dbSetting, DbSetting, DOCDB_CLUSTER, describeOrigin, engineFamily, engineOf, isAuroraCluster, isClusterMember, judged, NEPTUNE_CLUSTER, originOf } from '../../cfn/databases';

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
 *   `EngineVersion` on a database created empty gets RDS's current default
 *   major version (>= 15) → pass. A database restored from a snapshot, a
 *   point-in-time restore or a replica without its own `EngineVersion` runs
 *   its source's version: the source's `EngineVersion` when the source is in
 *   this template, else unknown, naming the snapshot or source.
 * MySQL, MariaDB, Aurora MySQL (`require_secure_transport`, `tls_version`):
 * - `require_secure_transport` must be 1/ON (the default is OFF, so absent
 *   fails); a `tls_version` that allows TLSv1 or TLSv1.1 fails.
 * - `tls_version` not set: the engine version's default applies. RDS for
 *   MySQL 5.7 and 8.0 before 8.0.28 allow TLS 1.0/1.1 by default → fail; 8.0.28
 *   and later (8.4 included) support TLS 1.2+ only → pass. MariaDB before
 *   10.6 allows TLS 1.0/1.1 (10.4, 10.5: TLSv1.1) → fail; later MariaDB
 *   versions are unknown (the default is not modelled). Aurora MySQL 1 and 2
 *   (5.6/5.7 compatible, engine `aurora` or an `aurora-mysql` 5.x /
 *   `mysql_aurora.2` version) allow TLS 1.0/1.1 → fail. Aurora MySQL 3
 *   (`8.0.mysql_aurora.3.xx.y`) before 3.04.0 admits TLS 1.0/1.1 (deprecated,
 *   still supported, and the default admits every supported version) → fail;
 *   3.04.0 and later support TLS 1.2/1.3 only → pass (Aurora User Guide, "TLS
 *   versions for Aurora MySQL"). A version that is only a major ("8.0": RDS
 *   picks the minor), not pinned (RDS picks the version at deploy time),
 *   decided at deploy time or inherited from a snapshot or source is unknown,
 *   naming what decides it.
 * DocumentDB: the cluster parameter group's `tls` must be tls1.2+, tls1.3+ or
 * fips-140-3. `enabled` (the default group's value, and the engine default when
 * the group does not set it) requires TLS but accepts TLS 1.0 and 1.1 → fail;
 * `disabled` → fail.
 * Neptune: engine 1.0.4.0 and later accept HTTPS only, TLS 1.2 or later, with no
 * setting to turn it off → pass; an unset `EngineVersion` on a cluster created
 * empty gets the current release → pass; an earlier version (HTTP, TLS 1.1
 * possible) fails; a version decided at deploy time, or inherited from a
 * snapshot or source cluster, is unknown.
 * Everywhere: a parameter group from a parameter, an import or named outside
 * this template is unknown; other engines (Oracle, SQL Server) are unknown,
 * naming the engine, and so is an engine decided at deploy time (an engine
 * from an AllowedValues parameter is judged for each of its values).
 */
export const RdsTlsEnforced: AwsRule = {
  id: 'RdsTlsEnforced',
  items: ['DB-TLS-ENFORCED'],
  types: CLUSTERED_DB_TYPES,
  severity: Severity.HIGH,
  description: 'The database parameter group refuses connections without TLS (rds.force_ssl = 1; MySQL require_secure_transport = ON; DocumentDB tls = tls1.2+) and nothing older than TLS 1.2 (Neptune 1.0.4.0 and later: HTTPS only).',
  fix: "Use a (cluster) parameter group with 'rds.force_ssl': '1' and 'ssl_min_protocol_version': 'TLSv1.2' (MySQL: 'require_secure_transport': 'ON', 'tls_version': 'TLSv1.2,TLSv1.3').",
  check(res, { index }) {
    if (!judged(res, index)) return undefined;
    if (res.type === DOCDB_CLUSTER) return docdbTls(res, index);
    if (res.type === NEPTUNE_CLUSTER) return neptuneTls(res, index);
    const engineVal = index.prop(res, 'Engine');
    if (engineVal.k === 'unknown') return unknown('Properties.Engine', engineVal, `engine decided at deploy time (${engineVal.why}): TLS setting cannot be judged`);
    const engine = engineOf(res, index);
    const family = engine === undefined ? 'other' : engineFamily(engine);
    if (family === 'postgres') return combine([...minimumTls(res, index, 'ssl_min_protocol_version'), forceSsl(res, index)]);
    if (family === 'mysql') return combine([...minimumTls(res, index, 'tls_version', (s) => mysqlDefaultTls(res, index, engine!, s)), secureTransport(res, index)]);
    return unknown('Properties.Engine', engineVal, `engine ${engine ?? '(not set: inherited from its source)'}: this check reads the PostgreSQL and MySQL TLS settings; check this engine's TLS setting by hand`);
  },
};

/** DocumentDB's `tls` cluster parameter values that refuse plain connections and TLS 1.0/1.1. */
const DOCDB_TLS_STRICT = ['tls1.2+', 'tls1.3+', 'fips-140-3'];

function docdbTls(res: CfnResource, index: TemplateIndex): Verdict {
  const s = dbSetting(res, 'tls', index);
  const v = s.value;
  if (v.k === 'unknown') return unknown(s.property, v, `the tls parameter cannot be read at synth (${v.why})`, s.group);
  if (v.k === 'absent') return fail(s.property, '(tls not set: enabled)', `tls not set in ${s.where}: its default, enabled, requires TLS but accepts TLS 1.0 and 1.1; set it to tls1.2+`, s.group);
  const text = V.str(v)?.toLowerCase();
  if (text !== undefined && DOCDB_TLS_STRICT.includes(text)) return pass(s.property, v, `tls is ${V.show(v)} in ${s.where}: connections without TLS 1.2 or later are refused`);
  if (text === 'enabled') return fail(s.property, v, `tls is enabled in ${s.where}: TLS is required but TLS 1.0 and 1.1 are accepted; set tls1.2+`, s.group);
  if (text === 'disabled') return fail(s.property, v, `tls is disabled in ${s.where}: the cluster accepts connections without TLS`, s.group);
  return unknown(s.property, v, `tls ${V.show(v)} in ${s.where} not understood`, s.group);
}

/** Neptune accepts HTTPS only, TLS 1.2 or later, from this engine release on. */
const NEPTUNE_HTTPS_ONLY_FROM = [1, 0, 4, 0];

function neptuneTls(res: CfnResource, index: TemplateIndex): Verdict {
  const p = 'Properties.EngineVersion';
  const v = index.prop(res, 'EngineVersion');
  if (v.k === 'unknown') return unknown(p, v, `engine version decided at deploy time (${v.why}): Neptune before 1.0.4.0 accepts HTTP and TLS 1.1`);
  if (v.k === 'absent') {
    const origin = originOf(res, index);
    if (origin) return unknown(`Properties.${origin.property}`, origin.value, `EngineVersion not set: the cluster runs the version it is ${describeOrigin(origin)}; Neptune before 1.0.4.0 accepts HTTP and TLS 1.1`);
    return pass(p, '(not set)', 'EngineVersion not set: Neptune creates the cluster with its current release, which accepts HTTPS only (TLS 1.2 or later)');
  }
  const parts = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(V.show(v).trim());
  if (!parts) return unknown(p, v, `EngineVersion ${V.show(v)} not understood`);
  const n = parts.slice(1).map((x) => Number(x ?? 0));
  const i = n.findIndex((x, k) => x !== NEPTUNE_HTTPS_ONLY_FROM[k]);
  const newer = i === -1 || n[i] > NEPTUNE_HTTPS_ONLY_FROM[i];
  return newer ? pass(p, v, `Neptune ${V.show(v)} accepts HTTPS only, TLS 1.2 or later (engine 1.0.4.0 and later)`)
    : fail(p, v, `Neptune ${V.show(v)} is older than 1.0.4.0: it may accept HTTP and TLS 1.1; upgrade the engine`);
}

/** Where a setting's verdict is reported: on the group when it comes from one, else on the database. */
function at(s: DbSetting): CfnResource | undefined {
  return s.group;
}

/**
 * A protocol floor (PostgreSQL `ssl_min_protocol_version`, MySQL
 * `tls_version`) that lets TLS 1.0/1.1 in fails; not set, the engine's default
 * applies: `byDefault` judges it (no verdict when not given).
 */
function minimumTls(res: CfnResource, index: TemplateIndex, name: string, byDefault?: (s: DbSetting) => Verdict | undefined): Verdict[] {
  const s = dbSetting(res, name, index);
  const v = s.value;
  if (v.k === 'absent') {
    const d = byDefault?.(s);
    return d ? [d] : [];
  }
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
  const version = runningVersion(res, index);
  if (version.k === 'open') return unknown(version.property, version.value, `${what}: whether RDS for PostgreSQL forces TLS by default depends on the engine version: ${version.why}`);
  if (version.k === 'default') {
    return pass(s.property, '(rds.force_ssl not set)', `${what}: EngineVersion not pinned, so RDS picks its current default major version (>= ${RDS_PG_FORCE_SSL_DEFAULT_FROM}), whose default rds.force_ssl is 1`);
  }
  const major = versionParts(version.text)[0];
  if (major !== undefined && major >= RDS_PG_FORCE_SSL_DEFAULT_FROM) {
    return pass(s.property, '(rds.force_ssl not set)', `${what}: RDS for PostgreSQL ${major}${version.from} defaults rds.force_ssl to 1`);
  }
  return fail(s.property, '(rds.force_ssl not set)', `${what}: RDS for PostgreSQL ${major ?? version.text}${version.from} defaults rds.force_ssl to 0 (1 only from ${RDS_PG_FORCE_SSL_DEFAULT_FROM}), so clients may connect without TLS`, at(s));
}

/** The engine version a database runs: pinned (its own, or its source's in this template), RDS's default, or open (decided elsewhere). */
type RunningVersion =
  | { k: 'pinned'; text: string; from: string }
  | { k: 'default' }
  | { k: 'open'; property: string; value: Val; why: string };

function runningVersion(res: CfnResource, index: TemplateIndex, depth = 0): RunningVersion {
  const v = index.prop(res, 'EngineVersion');
  if (v.k === 'unknown') return { k: 'open', property: 'Properties.EngineVersion', value: v, why: `EngineVersion is decided at deploy time (${v.why})` };
  if (v.k !== 'absent') {
    const text = V.str(v);
    if (text === undefined) return { k: 'open', property: 'Properties.EngineVersion', value: v, why: `EngineVersion ${V.show(v)} is computed at deploy time` };
    return { k: 'pinned', text, from: depth > 0 ? ` (the EngineVersion of ${res.logicalId})` : '' };
  }
  const origin = originOf(res, index);
  if (!origin) return { k: 'default' };
  // The source's own version, when the source is a database of this template that states it.
  if (origin.source && depth < 4 && !isClusterMember(origin.source, index)) {
    const src = runningVersion(origin.source, index, depth + 1);
    if (src.k !== 'default') return src;
  }
  return { k: 'open', property: `Properties.${origin.property}`, value: origin.value, why: `EngineVersion not set, so the database runs the version it is ${describeOrigin(origin)}` };
}

/** The numeric parts of a version text: "8.0.35" → [8, 0, 35]; "8.0.mysql_aurora.3.05.2" → [8, 0]. */
function versionParts(text: string): number[] {
  const out: number[] = [];
  for (const p of text.trim().split('.')) {
    if (!/^\d+$/.test(p)) break;
    out.push(Number(p));
  }
  return out;
}

/** Aurora MySQL 3 supports TLS 1.2 and 1.3 only from this minor version ([3, 4] = 3.04.0); before, TLS 1.0/1.1 too. */
const AURORA_MYSQL3_TLS12_ONLY_FROM = [3, 4];

/**
 * MySQL-family `tls_version` not set: the protocols the engine version admits
 * by default. A fail when they include TLS 1.0/1.1, a pass when only TLS 1.2+,
 * unknown when the version is not known.
 */
function mysqlDefaultTls(res: CfnResource, index: TemplateIndex, engine: string, s: DbSetting): Verdict | undefined {
  const what = s.group ? `${s.where} without tls_version` : `tls_version not set (${s.where})`;
  const version = runningVersion(res, index);
  const aurora = engine.startsWith('aurora');
  const name = aurora ? 'Aurora MySQL' : engine.includes('mariadb') ? 'MariaDB' : 'MySQL';
  if (version.k === 'open') return unknown(version.property, version.value, `${what}: which TLS versions ${name} admits by default depends on the engine version: ${version.why}`);
  if (version.k === 'default') {
    if (engine === 'aurora') return fail(s.property, '(tls_version not set)', `${what}: engine aurora is Aurora MySQL 1 (MySQL 5.6 compatible), which admits TLS 1.0 and TLS 1.1 by default, which are broken; set tls_version to TLSv1.2`, at(s) ?? res);
    if (aurora) return unknown('Properties.EngineVersion', '(not set)', `${what}: EngineVersion not pinned, so RDS picks the Aurora MySQL version at deploy time, and the TLS versions it admits by default depend on it (before 3.04.0: TLS 1.0/1.1 too); set tls_version to TLSv1.2,TLSv1.3 or pin the version`);
    return unknown('Properties.EngineVersion', '(not set)', `${what}: EngineVersion not pinned, so RDS picks the version, and the TLS versions ${name} admits by default depend on it (MySQL before 8.0.28 and MariaDB before 10.6 admit TLS 1.0/1.1); set tls_version to TLSv1.2,TLSv1.3 or pin the version`);
  }
  const text = version.text;
  const [major, minor, patch] = versionParts(text);
  const weak = (detail: string) => fail(s.property, '(tls_version not set)', `${what}: ${name} ${text}${version.from} ${detail}, which are broken; set tls_version to TLSv1.2,TLSv1.3`, at(s) ?? res);
  const open = (detail: string) => unknown('Properties.EngineVersion', text, `${what}: ${name} ${text}${version.from}: ${detail}; set tls_version to TLSv1.2,TLSv1.3`);
  if (aurora) {
    // Aurora MySQL 1 (5.6) and 2 (5.7) admit TLS 1.0/1.1 by default; version 3 until 3.04.0 does too.
    if (major === 5 || engine === 'aurora' || /mysql_aurora\.[12]\./.test(text)) return weak('admits TLS 1.0 and TLS 1.1 by default');
    const m = /mysql_aurora\.(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
    if (!m) return open('the Aurora MySQL version (3.xx.y after mysql_aurora) is not pinned, and only 3.04.0 and later refuse TLS 1.0/1.1 by default');
    const [av, minorV] = [Number(m[1]), Number(m[2])];
    const [fromMajor, fromMinor] = AURORA_MYSQL3_TLS12_ONLY_FROM;
    if (av < fromMajor || (av === fromMajor && minorV < fromMinor)) return weak('admits TLS 1.0 and TLS 1.1 by default (Aurora MySQL 3 refuses them from 3.04.0)');
    return pass(s.property, '(tls_version not set)', `${what}: Aurora MySQL ${text}${version.from} supports TLS 1.2 and later only (from 3.04.0)`);
  }
  if (major === undefined || minor === undefined) return open('the minor version, and with it the default tls_version, is picked by RDS');
  if (name === 'MariaDB') {
    if (major < 10 || (major === 10 && minor <= 5)) return weak(`admits ${major === 10 && minor >= 4 ? 'TLS 1.1' : 'TLS 1.0 and TLS 1.1'} by default`);
    return open('its default tls_version is not modelled by this check');
  }
  if (major < 8) return weak('admits TLS 1.0 and TLS 1.1 by default');
  if (major === 8 && minor === 0) {
    if (patch === undefined) return open('RDS picks the minor version; MySQL 8.0 admits TLS 1.0/1.1 before 8.0.28');
    if (patch < 28) return weak('admits TLS 1.0 and TLS 1.1 by default (removed in 8.0.28)');
  }
  return pass(s.property, '(tls_version not set)', `${what}: ${name} ${text}${version.from} supports TLS 1.2 and later only`);
}

function secureTransport(res: CfnResource, index: TemplateIndex): Verdict {
  const s = dbSetting(res, 'require_secure_transport', index);
  const v = s.value;
  if (v.k === 'unknown') return unknown(s.property, v, `require_secure_transport cannot be read at synth (${v.why})`, at(s));
  const text = (V.str(v) ?? '').toUpperCase();
  if (text === '1' || text === 'ON') return pass(s.property, v, `require_secure_transport is ${V.show(v)} in ${s.where}: connections without TLS are refused`);
  return fail(s.property, v.k === 'absent' ? '(require_secure_transport not set)' : v, `require_secure_transport is ${v.k === 'absent' ? 'not set (the default is OFF)' : V.show(v)} in ${s.where}: clients may connect without TLS`, at(s) ?? res);
}
