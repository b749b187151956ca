import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { DB_TYPES, describeOrigin, isReadReplica, judged, originOf } from '../../cfn/databases';

/**
 * DB-ENGINE-VERSION: the engine version is pinned to a major.minor, so
 * production runs the version development and staging tested. Absent
 * `EngineVersion` (the service default of the day) fails, and so does a major
 * version alone ("16": RDS picks the minor). Judged on clusters and standalone
 * instances; cluster members run their cluster's version, read replicas their
 * source's. A database restored from a snapshot without its own EngineVersion
 * runs the snapshot's version: unknown, naming the snapshot.
 */
export const RdsEngineVersionPinned: AwsRule = {
  id: 'RdsEngineVersionPinned',
  items: ['DB-ENGINE-VERSION'],
  types: DB_TYPES,
  severity: Severity.LOW,
  description: 'EngineVersion is set explicitly to a major.minor version, never left to the service default.',
  fix: 'Pin the version (AuroraPostgresEngineVersion.VER_16_4 / PostgresEngineVersion.VER_16_4), the one staging runs.',
  check(res, { index }) {
    if (!judged(res, index) || isReadReplica(res, index)) return undefined;
    const p = 'Properties.EngineVersion';
    const v = index.prop(res, 'EngineVersion');
    if (v.k === 'unknown') return unknown(p, v, `engine version decided at deploy time (${v.why})`);
    const s = V.str(v);
    const origin = v.k === 'absent' ? originOf(res, index) : undefined;
    if (origin) return unknown(`Properties.${origin.property}`, origin.value, `EngineVersion not set: the database runs the version it is ${describeOrigin(origin)}; check that it is the one you tested`);
    if (s === undefined) return fail(p, v, 'EngineVersion not set: RDS creates the database with its default version of the day, not the one you tested');
    if (!/^\d+\.\d+/.test(s)) return fail(p, v, `EngineVersion ${s} names the major version only: RDS picks the minor version`);
    return pass(p, v, `engine version pinned to ${s}`);
  },
};
