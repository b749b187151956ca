import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { CLUSTERED_DB_TYPES, DOCDB_CLUSTER, NEPTUNE_CLUSTER, asPrimary, describeOrigin, engineOf, judged, onReplica, originOf, replicaState, serviceOf } from '../../cfn/databases';

/**
 * DB-ENGINE-VERSION: the engine version is pinned to a minor version, so
 * production runs the version development and staging tested. Absent
 * `EngineVersion` (the service default of the day) fails, and so does a major
 * version alone, with which RDS picks the minor. What a major version alone
 * looks like depends on the engine:
 * - PostgreSQL, Aurora PostgreSQL: "16" is the major, "16.4" is pinned (before
 *   PostgreSQL 10 the major had two parts: "9.6" is a major, "9.6.22" pinned).
 * - MySQL, MariaDB: "8.0" / "10.11" are majors; pinned has three numeric
 *   parts ("8.0.35", "10.11.6").
 * - Aurora MySQL: "8.0" / "5.7" are majors; pinned names the Aurora version
 *   ("8.0.mysql_aurora.3.05.2"); legacy Aurora MySQL 1 "5.6.10a" is pinned.
 * - SQL Server: "15.00" is a major; pinned has more parts ("15.00.4345.5.v1").
 * - Other engines (Oracle, Db2, custom engines): a major.minor prefix is pinned.
 * - DocumentDB (cluster `EngineVersion` 3.6.0, 4.0.0, 5.0.0, 8.0.0): the only
 *   version a template can name; AWS applies engine patches itself (instances'
 *   AutoMinorVersionUpgrade does not apply to DocumentDB): set passes.
 * - Neptune: a release has four parts (1.3.2.1); fewer is unknown to Neptune
 *   as a pin and fails.
 * - An engine decided at deploy time (an AllowedValues engine is judged for
 *   each value): a version with three numeric parts or an Aurora MySQL version
 *   is pinned for any engine; a shorter one is unknown, naming the engine.
 * Judged on clusters and standalone instances; cluster members run their
 * cluster's version, read replicas their source's. A database restored from a
 * snapshot without its own EngineVersion runs the snapshot's version: unknown,
 * naming the snapshot. A point-in-time restore, or an instance whose source is
 * empty, is a primary judged on its own (`replicaState`); one that may be a
 * replica (its source decided at deploy time) is unknown instead of failing,
 * and instead of passing too when that source is outside this template. A
 * replica of a source outside this template is unknown, naming it (`onReplica`).
 *
 * Known limit: the rule judges the version written in the template, the one
 * RDS creates the database with. It does not read `AutoMinorVersionUpgrade`:
 * RDS applies minor upgrades on its own in the maintenance window unless that
 * is false (the default is true), so a database pinned to 16.4 may run 16.5
 * later. Set `AutoMinorVersionUpgrade: false` (on Aurora, on the members) to
 * keep the tested version.
 */
export const RdsEngineVersionPinned: AwsRule = {
  id: 'RdsEngineVersionPinned',
  items: ['DB-ENGINE-VERSION'],
  types: CLUSTERED_DB_TYPES,
  severity: Severity.LOW,
  description: 'EngineVersion is set explicitly to a minor version (16.4, 8.0.35, 8.0.mysql_aurora.3.05.2), never left to the service default.',
  fix: 'Pin the version (AuroraPostgresEngineVersion.VER_16_4 / PostgresEngineVersion.VER_16_4 / MysqlEngineVersion.VER_8_0_35), the one staging runs.',
  check(res, { index }) {
    const replica = replicaState(res, index);
    if (!judged(res, index)) return undefined;
    if (replica.k === 'yes') return onReplica(res, index, 'engine version');
    return asPrimary(replica, judge(res, index));
  },
};

function judge(res: CfnResource, index: TemplateIndex): Verdict {
  const p = 'Properties.EngineVersion';
  const v = index.prop(res, 'EngineVersion');
  if (v.k === 'unknown') return unknown(p, v, `engine version decided at deploy time (${v.why})`);
  const s = V.str(v);
  const origin = v.k === 'absent' ? originOf(res, index) : undefined;
  if (origin) return unknown(`Properties.${origin.property}`, origin.value, `EngineVersion not set: the database runs the version it is ${describeOrigin(origin)}; check that it is the one you tested`);
  if (s === undefined) return fail(p, v, `EngineVersion not set: ${serviceOf(res)} creates the database with its default version of the day, not the one you tested`);
  if (res.type === DOCDB_CLUSTER) return pass(p, v, `DocumentDB engine version pinned to ${s} (DocumentDB applies engine patches itself)`);
  if (res.type === NEPTUNE_CLUSTER) {
    return /^\d+\.\d+\.\d+\.\d+/.test(s.trim()) ? pass(p, v, `Neptune engine version pinned to ${s}`)
      : fail(p, v, `EngineVersion ${s} is not a full Neptune release (four parts, e.g. 1.3.2.1): Neptune picks the release`);
  }
  const engineVal = index.prop(res, 'Engine');
  const engine = engineVal.k === 'unknown' ? undefined : engineOf(res, index);
  const form = versionForm(engine, s);
  if (form === 'pinned') return pass(p, v, `engine version pinned to ${s}`);
  if (form === 'open') {
    const why = engineVal.k === 'unknown' ? `the engine is decided at deploy time (${engineVal.why})` : 'Engine is not set (inherited)';
    return unknown('Properties.Engine', engineVal, `EngineVersion ${s} is a major version for some engines and pinned for others; ${why}`);
  }
  return fail(p, v, `EngineVersion ${s} names the ${engine ? engine + ' ' : ''}major version only: RDS picks the minor version`);
}

/** Whether an engine version text pins the minor version of `engine` (undefined: engine not known). */
function versionForm(engine: string | undefined, s: string): 'pinned' | 'major' | 'open' {
  const text = s.trim();
  // At least n dot-separated numeric parts at the start (8.0.35, 15.4): counted on a static expression.
  const leading = /^\d+(?:\.\d+)*/.exec(text)?.[0] ?? '';
  const numeric = (n: number) => leading !== '' && leading.split('.').length >= n;
  const auroraMysqlPinned = /^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+/.test(text);
  if (engine === undefined) return auroraMysqlPinned || numeric(3) ? 'pinned' : numeric(2) ? 'open' : 'major';
  if (engine === 'aurora' || engine === 'aurora-mysql') {
    return auroraMysqlPinned || /^5\.6\.\d+/.test(text) ? 'pinned' : 'major';
  }
  if (/postgres/.test(engine)) {
    const m = /^(\d+)/.exec(text);
    return m && Number(m[1]) < 10 ? (numeric(3) ? 'pinned' : 'major') : numeric(2) ? 'pinned' : 'major';
  }
  if (/mysql|mariadb|^sqlserver/.test(engine)) return numeric(3) ? 'pinned' : 'major';
  return numeric(2) ? 'pinned' : 'major';
}
