import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { DB_CLUSTER, DB_TYPES, describeDb, engineOf, isPostgres, judged, membersOf } from '../../cfn/databases';

/**
 * DB-PROVISIONED: a production database exists in the stack.
 *
 * Decisions:
 * - every RDS cluster and standalone instance counts, whatever its engine; the
 *   message names the engine and says so when it is not PostgreSQL (the
 *   PostgreSQL-specific items, `rds.force_ssl` and the `postgresql` log export,
 *   are judged by their own rules). An engine chosen at deploy time counts too:
 *   the database exists either way.
 * - "production" is judged on the instance class: burstable classes (`db.t2`,
 *   `db.t3`, `db.t4g`) run on CPU credits and AWS recommends them only for
 *   development and test, so they fail; a class from a parameter is unknown.
 *   An Aurora cluster is judged on its member instances (and a Multi-AZ DB
 *   cluster on `DBClusterInstanceClass`); instances of a cluster are reported
 *   through their cluster. An Aurora cluster with no DB instance in the
 *   template serves nothing from it: unknown (its members may join from
 *   another stack), except Aurora Serverless v1, which has none by design.
 */
export const RdsDatabaseProvisioned: AwsRule = {
  id: 'RdsDatabaseProvisioned',
  items: ['DB-PROVISIONED'],
  types: DB_TYPES,
  severity: Severity.LOW,
  description: 'A production RDS/Aurora database (PostgreSQL for this checklist) is provisioned, on a non-burstable instance class.',
  fix: 'Provision the database in the stack (rds.DatabaseCluster with DatabaseClusterEngine.auroraPostgres, or ProductionDatabase) on a memory-optimized or general-purpose class (db.r*/db.m*) or Aurora Serverless v2.',
  check(res, { index }) {
    if (!judged(res, index)) return undefined;
    const engineVal = index.prop(res, 'Engine');
    const engine = engineOf(res, index);
    const what = describeDb(res, index);
    const classes: [CfnResource, string][] = res.type === DB_CLUSTER
      ? [...membersOf(res, index).map((m) => [m, 'DBInstanceClass'] as [CfnResource, string]),
        ...(index.prop(res, 'DBClusterInstanceClass').k !== 'absent' ? [[res, 'DBClusterInstanceClass'] as [CfnResource, string]] : [])]
      : [[res, 'DBInstanceClass']];
    const bad = classVerdicts(classes, index);
    if (bad) return bad;
    // An Aurora cluster serves through its DB instances: with none in the template, nothing answers queries here
    // (Aurora Serverless v1, EngineMode serverless, has none by design).
    if (res.type === DB_CLUSTER && classes.length === 0 && (engine ?? '').startsWith('aurora')) {
      const mode = index.prop(res, 'EngineMode');
      if (mode.k === 'unknown') return unknown('Properties.EngineMode', mode, `${what}: engine mode decided at deploy time (${mode.why}), and no DB instance of this template joins the cluster`);
      if (V.str(mode) !== 'serverless') return unknown(undefined, res.logicalId, `${what} has no DB instance in this template: nothing serves queries unless instances join it from elsewhere`);
    }
    const onClasses = classes.length > 0 ? ` on ${classes.map(([r, p]) => V.show(index.prop(r, p))).join(', ')}` : '';
    if (engineVal.k === 'unknown') return pass('Properties.Engine', engineVal, `${what}${onClasses}: engine decided at deploy time (${engineVal.why})`);
    if (engine === undefined) return pass('Properties.Engine', engineVal, `${what}${onClasses}: engine not set (restored from a snapshot or a replica of its source)`);
    if (isPostgres(engine)) return pass('Properties.Engine', engineVal, `PostgreSQL database provisioned: ${what}${onClasses}`);
    return pass('Properties.Engine', engineVal, `database provisioned, but its engine is ${engine}, not PostgreSQL: ${what}${onClasses}`);
  },
};

/** A fail or unknown verdict for a burstable or deploy-time instance class, or undefined when all classes are fine. */
function classVerdicts(classes: [CfnResource, string][], index: TemplateIndex): Verdict[] | undefined {
  const out: Verdict[] = [];
  for (const [r, p] of classes) {
    const v = index.prop(r, p);
    if (v.k === 'unknown') { out.push(unknown(`Properties.${p}`, v, `instance class of ${r.logicalId} decided at deploy time (${v.why})`, r)); continue; }
    const c = V.str(v);
    if (c !== undefined && /^db\.t\d/.test(c)) {
      out.push(fail(`Properties.${p}`, v, `${r.logicalId} runs on the burstable class ${c}: CPU credits run out under sustained load; AWS recommends T classes only for development and test`, r));
    }
  }
  return out.length > 0 ? out : undefined;
}
