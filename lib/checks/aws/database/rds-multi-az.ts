import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { DB_CLUSTER, DB_TYPES, isAuroraCluster, isReadReplica, judged, membersOf } from '../../cfn/databases';

/**
 * DB-MULTI-AZ: the database survives the loss of an availability zone.
 *
 * - Aurora cluster: at least `minAvailabilityZones` member instances (a writer
 *   and readers, any of them a failover target) in this template; when every
 *   member pins `AvailabilityZone`, they span at least `minAvailabilityZones`
 *   zones, and pinned zones must not all be the same.
 * - Multi-AZ DB cluster (RDS for MySQL/PostgreSQL with `DBClusterInstanceClass`):
 *   one writer and two readers in three zones by construction → pass.
 * - Standalone instance: `MultiAZ` true. Read replicas are judged on their source.
 */
export const RdsMultiAz: AwsRule = {
  id: 'RdsMultiAz',
  items: ['DB-MULTI-AZ'],
  types: DB_TYPES,
  severity: Severity.HIGH,
  description: 'An Aurora cluster has a writer and a reader in different zones; an RDS instance is Multi-AZ.',
  fix: 'Add a reader to the Aurora cluster (readers: [ClusterInstance.provisioned(...)]) or set MultiAZ: true on the instance.',
  check(res, { index, thresholds }) {
    if (!judged(res, index) || isReadReplica(res, index)) return undefined;
    if (res.type === DB_CLUSTER) {
      if (!isAuroraCluster(res, index)) {
        return pass('Properties.DBClusterInstanceClass', index.prop(res, 'DBClusterInstanceClass'), 'Multi-AZ DB cluster: a writer and two readers in three availability zones');
      }
      const min = thresholds.get('minAvailabilityZones');
      const members = membersOf(res, index);
      const ids = members.map((m) => m.logicalId).join(', ') || 'none';
      if (members.length < min) {
        return fail(undefined, `${members.length} instance(s)`, `Aurora cluster has ${members.length} instance(s) in this template (${ids}); minAvailabilityZones is ${min}: no failover target in another zone`);
      }
      const azs = members.map((m) => index.prop(m, 'AvailabilityZone'));
      if (azs.some((a) => a.k === 'unknown')) {
        return unknown('AvailabilityZone', azs.find((a) => a.k === 'unknown'), `availability zone of a member decided at deploy time: ${ids}`);
      }
      const pinned = azs.map((a) => V.str(a)).filter((a): a is string => a !== undefined);
      const distinct = new Set(pinned);
      if (pinned.length === members.length && distinct.size < min) {
        return fail('AvailabilityZone', [...distinct].join(', '), `all ${members.length} instances are pinned to ${distinct.size} zone(s) (${[...distinct].join(', ')}); minAvailabilityZones is ${min}`);
      }
      if (pinned.length >= 2 && distinct.size === 1) {
        return fail('AvailabilityZone', pinned[0], `the instances that pin a zone all pin ${pinned[0]}`);
      }
      return pass(undefined, `${members.length} instances`, `Aurora cluster has ${members.length} instances (${ids})${pinned.length > 0 ? ` in ${[...distinct].join(', ')}` : ', placed by RDS across the subnet group\'s zones'}`);
    }
    const multiAz = index.prop(res, 'MultiAZ');
    if (V.isTrue(multiAz)) return pass('Properties.MultiAZ', multiAz, 'Multi-AZ instance: a synchronous standby in another zone');
    if (multiAz.k === 'unknown') return unknown('Properties.MultiAZ', multiAz, `Multi-AZ decided at deploy time (${multiAz.why})`);
    return fail('Properties.MultiAZ', multiAz, `single-AZ instance: MultiAZ is ${V.show(multiAz)}`);
  },
};
