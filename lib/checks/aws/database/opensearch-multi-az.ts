import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { OPENSEARCH_TYPES, clusterConfigProp } from '../../cfn/opensearch';

/**
 * DB-MULTI-AZ for OpenSearch Service (and Elasticsearch) domains: the data nodes are spread over two or three
 * availability zones, so a zone's loss leaves replicas of every shard elsewhere. Read in `ClusterConfig` (legacy:
 * `ElasticsearchClusterConfig`): `ZoneAwarenessEnabled` must be true (absent is false: every node in one zone), with
 * `ZoneAwarenessConfig.AvailabilityZoneCount` 2 (its default) or 3, and `InstanceCount` (default 1) at least 2 (a
 * single node is in one zone whatever the setting). Multi-AZ with standby (`MultiAZWithStandbyEnabled`) needs zone
 * awareness over three zones, so it is judged through the same properties. Decided at deploy time is unknown.
 */
export const OpenSearchMultiAz: AwsRule = {
  id: 'OpenSearchMultiAz',
  items: ['DB-MULTI-AZ'],
  types: OPENSEARCH_TYPES,
  severity: Severity.HIGH,
  description: 'OpenSearch Service (and Elasticsearch) domains spread their data nodes over two or three availability zones (zone awareness, at least two data nodes).',
  fix: 'Set ClusterConfig { ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, InstanceCount: 3 } (zoneAwareness: { enabled: true, availabilityZoneCount: 3 }, capacity.dataNodes >= 2), or Multi-AZ with standby.',
  check(res, { index }) {
    const cc = clusterConfigProp(res);
    const p = `Properties.${cc}`;
    const zones = index.prop(res, `${cc}.ZoneAwarenessEnabled`);
    if (zones.k === 'unknown') return unknown(`${p}.ZoneAwarenessEnabled`, zones, `zone awareness decided at deploy time (${zones.why})`);
    if (!V.isTrue(zones)) return fail(`${p}.ZoneAwarenessEnabled`, zones, `zone awareness off (ZoneAwarenessEnabled ${V.show(zones)}): every node of the domain is in one availability zone`);
    const count = index.prop(res, `${cc}.ZoneAwarenessConfig.AvailabilityZoneCount`);
    if (count.k === 'unknown') return unknown(`${p}.ZoneAwarenessConfig.AvailabilityZoneCount`, count, `number of zones decided at deploy time (${count.why})`);
    const az = count.k === 'absent' ? 2 : V.num(count);
    if (az === undefined || az < 2) return fail(`${p}.ZoneAwarenessConfig.AvailabilityZoneCount`, count, `AvailabilityZoneCount ${V.show(count)}: not spread over two zones`);
    const nodes = index.prop(res, `${cc}.InstanceCount`);
    if (nodes.k === 'unknown') return unknown(`${p}.InstanceCount`, nodes, `number of data nodes decided at deploy time (${nodes.why})`);
    const n = nodes.k === 'absent' ? 1 : V.num(nodes);
    if (n === undefined || n < 2) return fail(`${p}.InstanceCount`, nodes, `${nodes.k === 'absent' ? 'one data node (InstanceCount not set)' : `InstanceCount ${V.show(nodes)}`}: a single node is in one zone`);
    return pass(`${p}.ZoneAwarenessEnabled`, zones, `zone awareness on: ${n} data nodes over ${az} availability zones${count.k === 'absent' ? ' (the default count)' : ''}`);
  },
};
