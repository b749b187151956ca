import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { DOC_GRAPH_TYPES } from '../../cfn/databases';
import { isDomain, OPENSEARCH_TYPES } from '../../cfn/opensearch';
import { dbKind, lowVerdict, utilizationVerdict } from './utilization';

/**
 * ALARM-MEMORY: memory alarms on service compute and caches at or below memoryPercent; databases (RDS, DocumentDB,
 * Neptune) alarm on low FreeableMemory in their service's namespace (AWS/RDS, AWS/DocDB, AWS/Neptune), any positive
 * threshold (what "low" is depends on the workload), on the cluster or on every member instance. An OpenSearch
 * Service or Elasticsearch domain alarms on AWS/ES JVMMemoryPressure (the percentage of the Java heap in use, which
 * decides memory errors and circuit breakers: its instances' own memory use, SysMemoryUtilization, is high by design)
 * at or below memoryPercent, by `ClientId` and `DomainName`, the Maximum over two or more data nodes.
 */
export const AlarmMemory: AwsRule = {
  id: 'AlarmMemory',
  items: ['ALARM-MEMORY'],
  types: ['AWS::ECS::Service', 'AWS::ElastiCache::ReplicationGroup', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', ...DOC_GRAPH_TYPES, ...OPENSEARCH_TYPES],
  severity: Severity.MEDIUM,
  description: 'ECS services (MemoryUtilization) and ElastiCache replication groups (DatabaseMemoryUsagePercentage) alarm at or below memoryPercent; RDS, DocumentDB and Neptune clusters/instances alarm when FreeableMemory drops; OpenSearch domains alarm on JVMMemoryPressure at or below memoryPercent; each with an action.',
  fix: 'Add cloudwatch.Alarms on service.metricMemoryUtilization() / DatabaseMemoryUsagePercentage (threshold <= 85) and on FreeableMemory of the database (AWS/RDS, AWS/DocDB, AWS/Neptune; LessThanThreshold), and on AWS/ES JVMMemoryPressure (Maximum, threshold <= 85) for a domain, with SNS actions.',
  check(res, { index, thresholds }) {
    const limit = thresholds.get('memoryPercent');
    if (isDomain(res)) return utilizationVerdict(index, res, dbKind(res, ['JVMMemoryPressure']), limit, 'JVM memory pressure');
    switch (res.type) {
      case 'AWS::ECS::Service': return utilizationVerdict(index, res, { namespace: 'AWS/ECS', names: ['MemoryUtilization'] }, limit, 'memory');
      case 'AWS::ElastiCache::ReplicationGroup': return utilizationVerdict(index, res, { namespace: 'AWS/ElastiCache', names: ['DatabaseMemoryUsagePercentage'] }, limit, 'cache memory');
      // Any positive threshold: what "low" means depends on the workload; the alarm must exist and act.
      default: return lowVerdict(index, res, dbKind(res, ['FreeableMemory']), 1, 'freeable memory', ' bytes', false);
    }
  },
};
