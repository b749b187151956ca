import { Severity } from '../../model';
import { AwsRule, fail, requireTrue, unknown } from '../../rule';
import { V } from '../../template-index';
import { CLUSTERED_DB_TYPES, DOCDB_CLUSTER, NEPTUNE_CLUSTER, judged } from '../../cfn/databases';

/**
 * DB-IAM-AUTH: IAM database authentication is enabled, on the cluster or the
 * standalone instance (members of a cluster are judged through it).
 * - RDS: `EnableIAMDatabaseAuthentication` true.
 * - Neptune: `IamAuthEnabled` true (without it, Neptune authenticates nobody:
 *   anyone who reaches the endpoint can query).
 * - DocumentDB: IAM authentication (engine 5.0 and later) is granted per
 *   database user (`$external` users mapped to IAM ARNs), created inside the
 *   database: no template property turns it on, so it is unknown; an
 *   `EngineVersion` before 5.0 has no IAM authentication at all and fails.
 */
export const RdsIamAuth: AwsRule = {
  id: 'RdsIamAuth',
  items: ['DB-IAM-AUTH'],
  types: CLUSTERED_DB_TYPES,
  severity: Severity.MEDIUM,
  description: 'IAM database authentication is enabled (RDS EnableIAMDatabaseAuthentication, Neptune IamAuthEnabled; DocumentDB 5.0 grants it per database user).',
  fix: 'Set EnableIAMDatabaseAuthentication: true (iamAuthentication: true); on Neptune IamAuthEnabled: true; on DocumentDB 5.0 create the application users as $external IAM users.',
  check(res, ctx) {
    if (!judged(res, ctx.index)) return undefined;
    if (res.type === NEPTUNE_CLUSTER) return requireTrue(ctx, res, 'IamAuthEnabled', 'Neptune IAM authentication');
    if (res.type === DOCDB_CLUSTER) {
      const v = ctx.index.prop(res, 'EngineVersion');
      const major = v.k === 'lit' ? Number(/^(\d+)/.exec(V.show(v))?.[1]) : NaN;
      if (major < 5) return fail('Properties.EngineVersion', v, `DocumentDB ${V.show(v)} has no IAM authentication (DocumentDB 5.0 and later): every user signs in with a password`);
      return unknown('Properties.EngineVersion', v, 'DocumentDB grants IAM authentication per database user ($external users mapped to IAM roles, engine 5.0 and later), created inside the database: the template cannot show it; check the application\'s users');
    }
    return requireTrue(ctx, res, 'EnableIAMDatabaseAuthentication', 'IAM database authentication');
  },
};
