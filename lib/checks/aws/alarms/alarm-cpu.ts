import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { DOC_GRAPH_TYPES } from '../../cfn/databases';
import { OPENSEARCH_TYPES } from '../../cfn/opensearch';
import { dbKind, utilizationVerdict } from './utilization';

/**
 * ALARM-CPU: CPU alarms on service compute, databases and caches at or below cpuPercent. A database (RDS, DocumentDB,
 * Neptune) is judged on CPUUtilization in its service's namespace (AWS/RDS, AWS/DocDB, AWS/Neptune), on the cluster or
 * on every member instance (`rdsAlarmVerdict`). An OpenSearch Service or Elasticsearch domain is judged on AWS/ES
 * CPUUtilization by `ClientId` (its account) and `DomainName` (`!Ref`, or its DomainName), the Maximum over its data
 * nodes when it has two or more (`spreadOver`); an alarm on one node (NodeId) fails.
 */
export const AlarmCpu: AwsRule = {
  id: 'AlarmCpu',
  items: ['ALARM-CPU'],
  types: ['AWS::ECS::Service', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', ...DOC_GRAPH_TYPES, ...OPENSEARCH_TYPES],
  severity: Severity.MEDIUM,
  description: 'ECS services (CPUUtilization), RDS, DocumentDB and Neptune clusters/instances and OpenSearch domains (CPUUtilization) and ElastiCache replication groups (EngineCPUUtilization) have a CPU alarm at or below cpuPercent, with an action.',
  fix: 'Add a cloudwatch.Alarm on the CPU metric (service.metricCpuUtilization(), AWS/RDS, AWS/DocDB or AWS/Neptune CPUUtilization, AWS/ES CPUUtilization Maximum with ClientId and DomainName, AWS/ElastiCache EngineCPUUtilization) with threshold <= 80 and an SNS action.',
  check(res, { index, thresholds }) {
    const limit = thresholds.get('cpuPercent');
    switch (res.type) {
      case 'AWS::ECS::Service': return utilizationVerdict(index, res, { namespace: 'AWS/ECS', names: ['CPUUtilization'] }, limit, 'CPU');
      case 'AWS::ElastiCache::ReplicationGroup': return utilizationVerdict(index, res, { namespace: 'AWS/ElastiCache', names: ['EngineCPUUtilization'] }, limit, 'engine CPU');
      default: return utilizationVerdict(index, res, dbKind(res, ['CPUUtilization']), limit, 'CPU');
    }
  },
};
