import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { DB_CLUSTER, DB_INSTANCE, isAuroraCluster, NEPTUNE_CLUSTER, NEPTUNE_INSTANCE } from '../../cfn/databases';

/**
 * DB-NOT-PUBLIC: no database endpoint gets a public IP.
 *
 * Judged on every `AWS::RDS::DBInstance`, members of an Aurora cluster included
 * (the Aurora cluster has no such property: its instances carry it, each judged
 * on its own). `PubliclyAccessible` must be explicitly false: true fails, and
 * absent fails too, because its default depends on the subnets (public when the
 * DB subnet group's VPC has an internet gateway, or no subnet group is given).
 * A Multi-AZ DB cluster carries `PubliclyAccessible` itself and is judged alike.
 * A Neptune instance carries it too (public endpoints, engine 1.4.6 and later),
 * but Neptune creates every instance without one unless it is true: absent
 * passes, saying so. A Neptune cluster is judged through its instances. A
 * DocumentDB cluster has no public endpoint at all (NOT_ABOUT in kinds.ts).
 */
export const RdsNotPublic: AwsRule = {
  id: 'RdsNotPublic',
  items: ['DB-NOT-PUBLIC'],
  types: [DB_CLUSTER, DB_INSTANCE, NEPTUNE_CLUSTER, NEPTUNE_INSTANCE],
  severity: Severity.CRITICAL,
  description: 'Every database instance sets PubliclyAccessible to false (a Neptune instance may leave it unset: no public endpoint by default).',
  fix: 'Set PubliclyAccessible: false on every instance (publiclyAccessible: false on ClusterInstance / DatabaseInstance) and place it in private or isolated subnets.',
  check(res, { index }) {
    if (res.type === NEPTUNE_CLUSTER || (res.type === DB_CLUSTER && isAuroraCluster(res, index))) return undefined;
    const v = index.prop(res, 'PubliclyAccessible');
    const p = 'Properties.PubliclyAccessible';
    if (V.isFalse(v)) return pass(p, v, 'not publicly accessible');
    if (V.isTrue(v)) return fail(p, v, 'publicly accessible: the endpoint resolves to a public IP');
    if (v.k === 'unknown') return unknown(p, v, `public accessibility decided at deploy time (${v.why})`);
    if (res.type === NEPTUNE_INSTANCE) return pass(p, '(not set)', 'PubliclyAccessible not set: Neptune creates instances without a public endpoint unless it is true');
    return fail(p, v, 'PubliclyAccessible not set: the default depends on the subnets (public when the VPC has an internet gateway); set it to false explicitly');
  },
};
