import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { keptOnRemoval } from '../../cfn/databases';
import { OPENSEARCH_TYPES } from '../../cfn/opensearch';

/**
 * DB-DELETION-PROTECTION for OpenSearch Service (and Elasticsearch) domains. OpenSearch Service has no deletion
 * protection setting (DeleteDomain deletes a domain and its data, automated snapshots included), so what the item
 * can ask of the template is the half CloudFormation decides, as for DynamoDB: the `DeletionPolicy` keeps the domain
 * when the resource is removed or the stack deleted. Retain or RetainExceptOnCreate (the CDK's
 * `RemovalPolicy.RETAIN`, its default for a Domain) pass; absent (CloudFormation's default, Delete) and Delete fail;
 * Snapshot is not among the types CloudFormation snapshots (fail); decided at deploy time is unknown.
 */
export const OpenSearchDeletionProtection: AwsRule = {
  id: 'OpenSearchDeletionProtection',
  items: ['DB-DELETION-PROTECTION'],
  types: OPENSEARCH_TYPES,
  severity: Severity.HIGH,
  description: 'OpenSearch Service (and Elasticsearch) domains have a Retain deletion policy (the service has no deletion protection setting).',
  fix: 'Set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (removalPolicy: RemovalPolicy.RETAIN).',
  check(res, { index }) {
    return keptOnRemoval(res, index, 'an OpenSearch domain', 'the domain');
  },
};
