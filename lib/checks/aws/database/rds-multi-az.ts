import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { CLUSTERED_DB_TYPES, DB_CLUSTER, asPrimary, isAuroraCluster, isCluster, judged, membersOf, onReplica, replicaState, serviceOf } from '../../cfn/databases';
import { PLACED, Zone, surelyDistinctZones, zoneKey } from '../../cfn/network';

/**
 * DB-MULTI-AZ: the database survives the loss of an availability zone.
 *
 * - Aurora cluster: at least `minAvailabilityZones` member instances (a writer
 *   and readers, any of them a failover target) in this template; when every
 *   member pins `AvailabilityZone`, they span at least `minAvailabilityZones`
 *   zones, and pinned zones must not all be the same. Members without a zone
 *   are placed by RDS across the subnet group's zones.
 * - Pinned zones are compared as written: zone names by name; `Fn::Select` of
 *   `Fn::GetAZs` by region and index (`''`, `Ref AWS::Region` and the stack's
 *   region name are one region, so equal indexes are one zone); a
 *   `Fn::Sub`/`Fn::Join` on `AWS::Region` alone by its text; a subnet's
 *   `AvailabilityZone` attribute by the subnet's zone. Zones of different
 *   forms (a name and a `Fn::GetAZs` entry), a region from a parameter, or a
 *   reference to anything else cannot be compared: they never count as
 *   distinct, and when the verdict depends on them it is unknown, naming them.
 * - DocumentDB and Neptune clusters are judged as an Aurora cluster is: their
 *   instances (`AWS::DocDB::DBInstance`, `AWS::Neptune::DBInstance`) of this
 *   template, a writer and failover targets, counted and their zones compared.
 * - Multi-AZ DB cluster (RDS for MySQL/PostgreSQL with `DBClusterInstanceClass`):
 *   one writer and two readers in three zones by construction → pass.
 * - Standalone instance: `MultiAZ` true. Read replicas are judged on their
 *   source; a point-in-time restore or an instance whose source is empty is a
 *   primary (`replicaState`: RDS restores single-AZ unless MultiAZ is set), and
 *   when whether it is a replica is decided at deploy time a failure is unknown
 *   (a pass too when the source is outside this template: `asPrimary`); a
 *   replica of a source outside this template is unknown, naming it (`onReplica`).
 */
export const RdsMultiAz: AwsRule = {
  id: 'RdsMultiAz',
  items: ['DB-MULTI-AZ'],
  types: CLUSTERED_DB_TYPES,
  severity: Severity.HIGH,
  description: 'An Aurora, DocumentDB or Neptune cluster has a writer and a reader in different zones; an RDS instance is Multi-AZ.',
  fix: 'Add a reader to the Aurora cluster (readers: [ClusterInstance.provisioned(...)]) or set MultiAZ: true on the instance.',
  check(res, { index, thresholds }) {
    const replica = replicaState(res, index);
    if (!judged(res, index)) return undefined;
    if (replica.k === 'yes') return onReplica(res, index, 'availability (Multi-AZ)');
    if (isCluster(res)) {
      if (res.type === DB_CLUSTER && !isAuroraCluster(res, index)) {
        return pass('Properties.DBClusterInstanceClass', index.prop(res, 'DBClusterInstanceClass'), 'Multi-AZ DB cluster: a writer and two readers in three availability zones');
      }
      const kind = res.type === DB_CLUSTER ? 'Aurora cluster' : `${serviceOf(res)} cluster`;
      const min = thresholds.get('minAvailabilityZones');
      const members = membersOf(res, index);
      const ids = members.map((m) => m.logicalId).join(', ') || 'none';
      if (members.length < min) {
        return fail(undefined, `${members.length} instance(s)`, `${kind} has ${members.length} instance(s) in this template (${ids}); minAvailabilityZones is ${min}: no failover target in another zone`);
      }
      const azs = members.map((m) => index.prop(m, 'AvailabilityZone'));
      if (azs.some((a) => a.k === 'unknown')) {
        return unknown('AvailabilityZone', azs.find((a) => a.k === 'unknown'), `availability zone of a member decided at deploy time: ${ids}`);
      }
      const zones = members.map((m, i) => ({ member: m, value: azs[i], zone: zoneKey(index, azs[i]) }));
      const pinned = zones.filter((z) => z.zone !== PLACED);
      const open = pinned.filter((z) => z.zone === undefined);
      const known = pinned.filter((z): z is typeof z & { zone: Zone } => z.zone !== undefined && z.zone !== PLACED);
      const kinds = new Set(known.map((z) => z.zone.kind));
      // Zones of one kind compare by their key; zones of different kinds (a zone name and an index into Fn::GetAZs) may be the same zone.
      const surelyDistinct = surelyDistinctZones(known.map((z) => z.zone));
      const comparable = open.length === 0 && kinds.size <= 1;
      const shown = [...new Set(known.map((z) => z.zone.shown))];
      const allPinned = pinned.length === members.length;
      const undecided = () => {
        const first = open[0] ?? known.find((z) => z.zone.kind !== known[0].zone.kind) ?? known[0];
        const what = open.length > 0
          ? `the availability zone of ${open.map((z) => z.member.logicalId).join(', ')} (${open.map((z) => V.show(z.value)).join('; ')}) cannot be compared with the others'`
          : `the pinned zones ${known.map((z) => `${z.member.logicalId}: ${z.zone.shown}`).join(', ')} are written in forms that cannot be compared (a zone name may be an entry of Fn::GetAZs)`;
        return unknown('AvailabilityZone', first.value, `${what}: whether the instances span ${min} zones is decided at deploy time`);
      };
      if (allPinned) {
        if (surelyDistinct >= min) return pass(undefined, `${members.length} instances`, `${kind} has ${members.length} instances (${ids}) in ${shown.join(', ')}`);
        if (!comparable) return undecided();
        return fail('AvailabilityZone', shown.join(', '), `all ${members.length} instances are pinned to ${surelyDistinct} zone(s) (${shown.join(', ')}); minAvailabilityZones is ${min}`);
      }
      if (pinned.length >= 2 && surelyDistinct < 2) {
        if (!comparable) return undecided();
        return fail('AvailabilityZone', shown[0], `the instances that pin a zone all pin ${shown[0]}`);
      }
      const where = [...shown, ...open.map((z) => V.show(z.value))];
      return pass(undefined, `${members.length} instances`, `${kind} has ${members.length} instances (${ids})${where.length > 0 ? ` in ${where.join(', ')} and the others` : ''}, placed by RDS across the subnet group's zones`);
    }
    const multiAz = index.prop(res, 'MultiAZ');
    if (V.isTrue(multiAz)) return asPrimary(replica, pass('Properties.MultiAZ', multiAz, 'Multi-AZ instance: a synchronous standby in another zone'));
    if (multiAz.k === 'unknown') return unknown('Properties.MultiAZ', multiAz, `Multi-AZ decided at deploy time (${multiAz.why})`);
    return asPrimary(replica, fail('Properties.MultiAZ', multiAz, `single-AZ instance: MultiAZ is ${V.show(multiAz)}`));
  },
};
