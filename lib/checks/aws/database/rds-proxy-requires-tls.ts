import { Severity } from '../../model';
import { AwsRule, requireTrue } from '../../rule';

/**
 * DB-CONNECTION-POOLING: an RDS Proxy pools connections and requires TLS from
 * its clients. Dispatched to `AWS::RDS::DBProxy` only: a stack without a proxy
 * has no finding for this item (pooling may live in the application), and the
 * report shows the item as not evidenced.
 */
export const RdsProxyRequiresTls: AwsRule = {
  id: 'RdsProxyRequiresTls',
  items: ['DB-CONNECTION-POOLING'],
  types: ['AWS::RDS::DBProxy'],
  severity: Severity.MEDIUM,
  description: 'The RDS Proxy in front of the database requires TLS.',
  fix: 'Set RequireTLS: true on the DB proxy (cluster.addProxy(..., { requireTLS: true })).',
  check(res, ctx) {
    return requireTrue(ctx, res, 'RequireTLS', 'RDS Proxy requires TLS');
  },
};
