import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { DB_CLUSTER, DB_TYPES, engineOf, isAuroraCluster, isPostgres, judged, majorVersion } from '../../cfn/databases';

const CLUSTER_PG = 'AWS::RDS::DBClusterParameterGroup';
const INSTANCE_PG = 'AWS::RDS::DBParameterGroup';
/** RDS for PostgreSQL turned `rds.force_ssl` on by default from this major version. */
const RDS_PG_FORCE_SSL_DEFAULT_FROM = 15;

/**
 * DB-TLS-ENFORCED: the database refuses connections without TLS
 * (`rds.force_ssl = 1` in its parameter group).
 *
 * - A cluster is judged on `DBClusterParameterGroupName` → an
 *   `AWS::RDS::DBClusterParameterGroup` (for Aurora, `rds.force_ssl` is a
 *   cluster parameter); a standalone instance on `DBParameterGroupName` → an
 *   `AWS::RDS::DBParameterGroup`. Instances of a cluster are judged through it.
 * - Default group (property absent), or the parameter not set in the group:
 *   Aurora PostgreSQL defaults to 0 → fail; RDS for PostgreSQL (instances and
 *   Multi-AZ DB clusters) defaults to 1 from major version 15 → pass, saying so;
 *   older versions → fail. An unpinned `EngineVersion` gets RDS's current
 *   default major version (>= 15) → pass, saying so.
 * - A parameter group from a parameter, an import, or named outside this
 *   template → unknown.
 * - Non-PostgreSQL engines are not judged by `rds.force_ssl` → unknown, saying
 *   which engine-specific setting to check.
 */
export const RdsTlsEnforced: AwsRule = {
  id: 'RdsTlsEnforced',
  items: ['DB-TLS-ENFORCED'],
  types: DB_TYPES,
  severity: Severity.HIGH,
  description: 'The database parameter group sets rds.force_ssl = 1, so clients cannot connect without TLS.',
  fix: "Use a (cluster) parameter group with 'rds.force_ssl': '1' (rds.DatabaseCluster parameters: { 'rds.force_ssl': '1' }).",
  check(res, { index }) {
    if (!judged(res, index)) return undefined;
    const engine = engineOf(res, index);
    const engineVal = index.prop(res, 'Engine');
    if (engineVal.k === 'unknown') return unknown('Properties.Engine', engineVal, `engine decided at deploy time (${engineVal.why}): TLS setting cannot be judged`);
    if (!isPostgres(engine)) {
      return unknown('Properties.Engine', engineVal, `engine ${engine ?? '(not set)'}: rds.force_ssl applies to PostgreSQL; check this engine's TLS setting (MySQL/MariaDB: require_secure_transport) by hand`);
    }
    const aurora = isAuroraCluster(res, index);
    const groupProp = res.type === DB_CLUSTER ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
    const groupType = res.type === DB_CLUSTER ? CLUSTER_PG : INSTANCE_PG;
    const groupVal = index.prop(res, groupProp);
    const p = `Properties.${groupProp}`;
    if (groupVal.k === 'absent') return byDefault(res, index, aurora, p, groupVal, 'default parameter group');
    if (groupVal.k === 'unknown') return unknown(p, groupVal, `parameter group decided at deploy time (${groupVal.why})`);
    const group = groupVal.k === 'ref' && groupVal.target.type === groupType ? groupVal.target : undefined;
    if (!group) {
      const name = V.str(groupVal);
      if (name !== undefined && name.startsWith('default.')) return byDefault(res, index, aurora, p, groupVal, `default parameter group ${name}`);
      return unknown(p, groupVal, 'parameter group defined outside this template: rds.force_ssl cannot be read');
    }
    const params = index.prop(group, 'Parameters');
    if (params.k === 'unknown') return unknown('Properties.Parameters', params, `parameters of ${group.logicalId} decided at deploy time (${params.why})`, group);
    const v: Val = forceSslValue(group, index) ?? { k: 'absent' };
    if (v.k === 'absent') return byDefault(res, index, aurora, 'Properties.Parameters', '(rds.force_ssl not set)', `parameter group ${group.logicalId} without rds.force_ssl`, group);
    if (v.k === 'unknown') return unknown("Properties.Parameters['rds.force_ssl']", v, `rds.force_ssl decided at deploy time (${v.why})`, group);
    const s = V.str(v);
    if (s === '1') return pass("Properties.Parameters['rds.force_ssl']", v, `rds.force_ssl = 1 in ${group.logicalId}: connections without TLS are refused`);
    return fail("Properties.Parameters['rds.force_ssl']", v, `rds.force_ssl is ${V.show(v)} in ${group.logicalId}: clients may connect without TLS`, group);
  },
};

/** `Parameters['rds.force_ssl']` read directly (the key contains a dot, so `at()` cannot address it). */
function forceSslValue(group: CfnResource, index: TemplateIndex): Val | undefined {
  const params = index.prop(group, 'Parameters');
  if (params.k !== 'lit' || typeof params.v !== 'object' || params.v === null) return undefined;
  return index.value(params.v['rds.force_ssl']);
}

function byDefault(res: CfnResource, index: TemplateIndex, aurora: boolean, p: string, v: Val | string, what: string, group?: CfnResource) {
  const at = group ?? res;
  if (aurora) return fail(p, v, `${what}: Aurora PostgreSQL defaults rds.force_ssl to 0, so clients may connect without TLS`, at);
  const versionVal = index.prop(res, 'EngineVersion');
  if (versionVal.k === 'unknown') return unknown('Properties.EngineVersion', versionVal, `${what}: whether RDS for PostgreSQL forces TLS by default depends on the engine version, decided at deploy time (${versionVal.why})`);
  const major = majorVersion(res, index);
  if (versionVal.k === 'absent') {
    return pass(p, v, `${what}: EngineVersion not pinned, so RDS picks its current default major version (>= ${RDS_PG_FORCE_SSL_DEFAULT_FROM}), whose default rds.force_ssl is 1`);
  }
  if (major !== undefined && major >= RDS_PG_FORCE_SSL_DEFAULT_FROM) {
    return pass(p, v, `${what}: RDS for PostgreSQL ${major} defaults rds.force_ssl to 1`);
  }
  return fail(p, v, `${what}: RDS for PostgreSQL ${major ?? V.show(versionVal)} defaults rds.force_ssl to 0 (1 only from ${RDS_PG_FORCE_SSL_DEFAULT_FROM}), so clients may connect without TLS`, at);
}
