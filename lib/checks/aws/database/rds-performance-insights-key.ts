import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { DB_CLUSTER, DB_INSTANCE, DB_TYPES, DOCDB_INSTANCE, insightsProps } from '../../cfn/databases';

/**
 * DB-ENCRYPTION-AT-REST, for Performance Insights: what Performance Insights
 * keeps (the text of the statements, wait events, for up to two years) is
 * data of the database at rest, and is encrypted with the AWS-managed aws/rds
 * key unless a customer-managed key is given.
 *
 * Judged on every cluster and instance where Performance Insights may be on:
 * its key (`PerformanceInsightsKmsKeyId` on a cluster,
 * `PerformanceInsightsKMSKeyId` on an instance) must be customer-managed. An
 * instance of a cluster without its own key uses the cluster's. Performance
 * Insights off: no finding (nothing is kept); a customer-managed key passes
 * whether or not it is on. A member instance with no Performance Insights
 * setting of its own is judged with its cluster.
 * A DocumentDB instance with `EnablePerformanceInsights` true fails: DocumentDB
 * encrypts Performance Insights data with the account's default key (aws/rds)
 * unless a key is given, and `AWS::DocDB::DBInstance` has no property to give one
 * (the API's PerformanceInsightsKMSKeyId is not in CloudFormation).
 */
export const RdsPerformanceInsightsKey: AwsRule = {
  id: 'RdsPerformanceInsightsKey',
  items: ['DB-ENCRYPTION-AT-REST'],
  types: [...DB_TYPES, DOCDB_INSTANCE],
  severity: Severity.MEDIUM,
  description: 'Performance Insights data (statement text, wait events) is encrypted with a customer-managed KMS key.',
  fix: 'Set PerformanceInsightsKmsKeyId / PerformanceInsightsKMSKeyId to a customer-managed key (performanceInsightEncryptionKey).',
  check(res, { index }) {
    const { enabled: enabledProp, key: keyProp } = insightsProps(res);
    const own = index.prop(res, keyProp);
    const cluster = res.type === DB_INSTANCE ? clusterOf(res, index) : undefined;
    // A member without settings of its own is judged with its cluster.
    if (cluster && own.k === 'absent' && index.prop(res, enabledProp).k === 'absent') return undefined;
    const key: Val = own.k === 'absent' && cluster ? index.prop(cluster, insightsProps(cluster).key) : own;
    const where = own.k === 'absent' && cluster ? ` (the key of cluster ${cluster.logicalId})` : '';
    const p = `Properties.${keyProp}`;
    if (key.k !== 'absent' && key.k !== 'unknown' && !/alias\/aws\//.test(V.show(key))) {
      return pass(p, key, `Performance Insights data encrypted with a customer-managed KMS key${where}`);
    }
    const enabled = index.prop(res, enabledProp);
    if (enabled.k === 'unknown') return unknown(`Properties.${enabledProp}`, enabled, `Performance Insights decided at deploy time (${enabled.why}), and its key is not customer-managed`);
    if (!V.isTrue(enabled)) return undefined;
    if (key.k === 'unknown') return unknown(p, key, `Performance Insights key decided at deploy time (${key.why})${where}`);
    if (res.type === DOCDB_INSTANCE) return fail('Properties.EnablePerformanceInsights', enabled, 'DocumentDB Performance Insights data (statement text) is encrypted with the AWS-managed aws/rds key: AWS::DocDB::DBInstance has no property to choose a customer-managed key (set it outside CloudFormation, or turn Performance Insights off)');
    return key.k === 'absent'
      ? fail(p, key, 'Performance Insights data (statement text) encrypted with the AWS-managed aws/rds key, not a customer-managed key')
      : fail(p, key, `Performance Insights data encrypted with an AWS-managed key alias${where}`);
  },
};

/** The cluster of this template an instance belongs to (by reference), if any. */
function clusterOf(inst: CfnResource, index: TemplateIndex): CfnResource | undefined {
  const v = index.prop(inst, 'DBClusterIdentifier');
  const target = v.k === 'ref' ? v.target : v.k === 'expr' ? v.refs[0] : undefined;
  return target?.type === DB_CLUSTER ? target : undefined;
}
