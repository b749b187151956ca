import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { utilizationVerdict } from './utilization';

/** ALARM-CPU: CPU alarms on service compute, databases and caches at or below cpuPercent. */
export const AlarmCpu: AwsRule = {
  id: 'AlarmCpu',
  items: ['ALARM-CPU'],
  types: ['AWS::ECS::Service', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup'],
  severity: Severity.MEDIUM,
  description: 'ECS services (CPUUtilization), RDS clusters/instances (CPUUtilization) and ElastiCache replication groups (EngineCPUUtilization) have a CPU alarm at or below cpuPercent, with an action.',
  fix: 'Add a cloudwatch.Alarm on the CPU metric (service.metricCpuUtilization(), AWS/RDS CPUUtilization, AWS/ElastiCache EngineCPUUtilization) with threshold <= 80 and an SNS action.',
  check(res, { index, thresholds }) {
    const limit = thresholds.get('cpuPercent');
    switch (res.type) {
      case 'AWS::ECS::Service': return utilizationVerdict(index, res, { namespace: 'AWS/ECS', names: ['CPUUtilization'] }, limit, 'CPU');
      case 'AWS::ElastiCache::ReplicationGroup': return utilizationVerdict(index, res, { namespace: 'AWS/ElastiCache', names: ['EngineCPUUtilization'] }, limit, 'engine CPU');
      default: return utilizationVerdict(index, res, { namespace: 'AWS/RDS', names: ['CPUUtilization'] }, limit, 'CPU');
    }
  },
};
