import { Severity } from '../../model';
import { AwsRule, unknown } from '../../rule';
import { V } from '../../template-index';
import { isClusterMember } from '../../cfn/databases';
import { lowVerdict } from './utilization';

const GIB = 1024 * 1024 * 1024;

/**
 * ALARM-DISK: an RDS database with provisioned storage alarms when free storage
 * falls below (100 - diskPercent) % of AllocatedStorage. Aurora storage grows
 * on its own: no finding.
 */
export const AlarmDisk: AwsRule = {
  id: 'AlarmDisk',
  items: ['ALARM-DISK'],
  types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  severity: Severity.MEDIUM,
  description: 'An RDS instance (or Multi-AZ DB cluster) with provisioned storage has a FreeStorageSpace alarm at or above (100 - diskPercent) % of AllocatedStorage, with an action. Aurora storage auto-grows and is not checked.',
  fix: 'Add a cloudwatch.Alarm on AWS/RDS FreeStorageSpace with LessThanThreshold at 20 % of the allocated storage in bytes, and an SNS action.',
  check(res, { index, thresholds }) {
    if (isClusterMember(res, index)) return undefined;
    const engine = index.prop(res, 'Engine');
    if (engine.k === 'unknown') return unknown('Properties.Engine', engine, `engine decided at deploy time (${engine.why})`);
    if ((V.str(engine) ?? '').startsWith('aurora')) return undefined;
    if (res.type === 'AWS::RDS::DBCluster' && index.prop(res, 'AllocatedStorage').k === 'absent') return undefined;
    const storage = index.prop(res, 'AllocatedStorage');
    const gib = V.num(storage);
    if (gib === undefined) return unknown('Properties.AllocatedStorage', storage, 'allocated storage not known at synth, so the free-storage threshold cannot be judged');
    const free = (100 - thresholds.get('diskPercent')) / 100;
    const limit = Math.ceil(free * gib * GIB);
    return lowVerdict(index, res, { namespace: 'AWS/RDS', names: ['FreeStorageSpace'] }, limit,
      `free storage (${Math.round(free * 100)} % of ${gib} GiB)`, ' bytes');
  },
};
