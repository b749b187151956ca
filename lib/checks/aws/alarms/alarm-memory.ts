import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { DOC_GRAPH_TYPES } from '../../cfn/databases';
import { dbKind, lowVerdict, utilizationVerdict } from './utilization';

/**
 * ALARM-MEMORY: memory alarms on service compute and caches at or below memoryPercent; databases (RDS, DocumentDB,
 * Neptune) alarm on low FreeableMemory in their service's namespace (AWS/RDS, AWS/DocDB, AWS/Neptune), any positive
 * threshold (what "low" is depends on the workload), on the cluster or on every member instance.
 */
export const AlarmMemory: AwsRule = {
  id: 'AlarmMemory',
  items: ['ALARM-MEMORY'],
  types: ['AWS::ECS::Service', 'AWS::ElastiCache::ReplicationGroup', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', ...DOC_GRAPH_TYPES],
  severity: Severity.MEDIUM,
  description: 'ECS services (MemoryUtilization) and ElastiCache replication groups (DatabaseMemoryUsagePercentage) alarm at or below memoryPercent; RDS, DocumentDB and Neptune clusters/instances alarm when FreeableMemory drops; each with an action.',
  fix: 'Add cloudwatch.Alarms on service.metricMemoryUtilization() / DatabaseMemoryUsagePercentage (threshold <= 85) and on FreeableMemory of the database (AWS/RDS, AWS/DocDB, AWS/Neptune; LessThanThreshold), with SNS actions.',
  check(res, { index, thresholds }) {
    const limit = thresholds.get('memoryPercent');
    switch (res.type) {
      case 'AWS::ECS::Service': return utilizationVerdict(index, res, { namespace: 'AWS/ECS', names: ['MemoryUtilization'] }, limit, 'memory');
      case 'AWS::ElastiCache::ReplicationGroup': return utilizationVerdict(index, res, { namespace: 'AWS/ElastiCache', names: ['DatabaseMemoryUsagePercentage'] }, limit, 'cache memory');
      // Any positive threshold: what "low" means depends on the workload; the alarm must exist and act.
      default: return lowVerdict(index, res, dbKind(res, ['FreeableMemory']), 1, 'freeable memory', ' bytes', false);
    }
  },
};
