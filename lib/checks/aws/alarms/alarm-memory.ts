import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { lowVerdict, utilizationVerdict } from './utilization';

/** ALARM-MEMORY: memory alarms on service compute and caches at or below memoryPercent; databases alarm on low freeable memory. */
export const AlarmMemory: AwsRule = {
  id: 'AlarmMemory',
  items: ['ALARM-MEMORY'],
  types: ['AWS::ECS::Service', 'AWS::ElastiCache::ReplicationGroup', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
  severity: Severity.MEDIUM,
  description: 'ECS services (MemoryUtilization) and ElastiCache replication groups (DatabaseMemoryUsagePercentage) alarm at or below memoryPercent; RDS clusters/instances alarm when FreeableMemory drops; each with an action.',
  fix: 'Add cloudwatch.Alarms on service.metricMemoryUtilization() / DatabaseMemoryUsagePercentage (threshold <= 85) and on RDS FreeableMemory (LessThanThreshold), with SNS actions.',
  check(res, { index, thresholds }) {
    const limit = thresholds.get('memoryPercent');
    switch (res.type) {
      case 'AWS::ECS::Service': return utilizationVerdict(index, res, { namespace: 'AWS/ECS', names: ['MemoryUtilization'] }, limit, 'memory');
      case 'AWS::ElastiCache::ReplicationGroup': return utilizationVerdict(index, res, { namespace: 'AWS/ElastiCache', names: ['DatabaseMemoryUsagePercentage'] }, limit, 'cache memory');
      // Any positive threshold: what "low" means depends on the workload; the alarm must exist and act.
      default: return lowVerdict(index, res, { namespace: 'AWS/RDS', names: ['FreeableMemory'] }, 1, 'freeable memory', ' bytes', false);
    }
  },
};
