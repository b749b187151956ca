import { Severity } from '../../model';
import { AwsRule, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { isClusterMember } from '../../cfn/databases';
import { clusterConfigProp, isDomain, OPENSEARCH_TYPES } from '../../cfn/opensearch';
import { dbKind, lowVerdict } from './utilization';

const GIB = 1024 * 1024 * 1024;

/**
 * ALARM-DISK: an RDS database with provisioned storage alarms when free storage
 * falls below (100 - diskPercent) % of AllocatedStorage. Aurora storage grows
 * on its own: no finding.
 *
 * An OpenSearch Service or Elasticsearch domain is judged the same way, per data node: AWS/ES FreeStorageSpace (in
 * MiB, by `ClientId` and `DomainName`) at or above (100 - diskPercent) % of the EBS volume each data node has
 * (`EBSOptions.VolumeSize`, GiB), the Minimum over two or more data nodes (`spreadOver`: the node with the least free
 * space; AWS recommends 25 % of each node's storage). A domain whose data nodes use instance storage (EBS not
 * enabled: its size follows the instance type), or whose volume size is decided at deploy time, is unknown.
 */
export const AlarmDisk: AwsRule = {
  id: 'AlarmDisk',
  items: ['ALARM-DISK'],
  types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', ...OPENSEARCH_TYPES],
  severity: Severity.MEDIUM,
  description: 'An RDS instance (or Multi-AZ DB cluster) with provisioned storage, or an OpenSearch domain with EBS volumes, has a FreeStorageSpace alarm at or above (100 - diskPercent) % of its storage (AllocatedStorage; a domain: each data node\'s VolumeSize, the Minimum over its nodes), with an action. Aurora storage auto-grows and is not checked.',
  fix: 'Add a cloudwatch.Alarm on AWS/RDS FreeStorageSpace with LessThanThreshold at 20 % of the allocated storage in bytes (a domain: AWS/ES FreeStorageSpace, Minimum, at 20 % of VolumeSize in MiB, with ClientId and DomainName), and an SNS action.',
  check(res, { index, thresholds }) {
    const free = (100 - thresholds.get('diskPercent')) / 100;
    if (isDomain(res)) return domainDisk(index, res, free);
    if (isClusterMember(res, index)) return undefined;
    const engine = index.prop(res, 'Engine');
    if (engine.k === 'unknown') return unknown('Properties.Engine', engine, `engine decided at deploy time (${engine.why})`);
    if ((V.str(engine) ?? '').startsWith('aurora')) return undefined;
    if (res.type === 'AWS::RDS::DBCluster' && index.prop(res, 'AllocatedStorage').k === 'absent') return undefined;
    const storage = index.prop(res, 'AllocatedStorage');
    const gib = V.num(storage);
    if (gib === undefined) return unknown('Properties.AllocatedStorage', storage, 'allocated storage not known at synth, so the free-storage threshold cannot be judged');
    const limit = Math.ceil(free * gib * GIB);
    // The most free storage can be: the storage allocated, or the most storage autoscaling may grow it to.
    const most = index.prop(res, 'MaxAllocatedStorage');
    const mostGib = most.k === 'absent' ? gib : most.k === 'unknown' ? undefined : V.num(most);
    const ceiling = mostGib === undefined
      ? { value: gib * GIB, what: `the ${gib} GiB of storage the database has`, open: `MaxAllocatedStorage ${most.k === 'unknown' ? most.why : V.show(most)}` }
      : { value: Math.max(gib, mostGib) * GIB, what: `the ${Math.max(gib, mostGib)} GiB of storage the database ${mostGib > gib ? 'may grow to (MaxAllocatedStorage)' : 'has'}` };
    return lowVerdict(index, res, { namespace: 'AWS/RDS', names: ['FreeStorageSpace'] }, limit,
      `free storage (${Math.round(free * 100)} % of ${gib} GiB)`, ' bytes', true, ceiling);
  },
};

/** ALARM-DISK on a domain: FreeStorageSpace (MiB) per data node against its EBS volume (`EBSOptions.VolumeSize`, GiB). */
function domainDisk(index: TemplateIndex, res: CfnResource, free: number): Verdict | undefined {
  const ebs = index.prop(res, 'EBSOptions.EBSEnabled');
  if (ebs.k === 'unknown') return unknown('Properties.EBSOptions.EBSEnabled', ebs, `whether the data nodes of ${res.logicalId} use EBS volumes is decided at deploy time (${ebs.why})`);
  if (!V.isTrue(ebs)) {
    const type = index.prop(res, `${clusterConfigProp(res)}.InstanceType`);
    return unknown('Properties.EBSOptions.EBSEnabled', ebs, `the data nodes of ${res.logicalId} use instance storage (EBSEnabled ${V.show(ebs)}), whose size follows the instance type (${V.show(type)}): the free-storage threshold cannot be judged`);
  }
  const size = index.prop(res, 'EBSOptions.VolumeSize');
  const gib = size.k === 'unknown' ? undefined : V.num(size);
  if (gib === undefined) return unknown('Properties.EBSOptions.VolumeSize', size, `EBS volume size of ${res.logicalId} ${size.k === 'unknown' ? `decided at deploy time (${size.why})` : `not known at synth (${V.show(size)})`}, so the free-storage threshold cannot be judged`);
  const limit = Math.ceil(free * gib * 1024);
  // FreeStorageSpace is in MiB: a threshold written in bytes is above the node's whole volume.
  const ceiling = { value: gib * 1024, what: `the ${gib} GiB volume of each data node` };
  return lowVerdict(index, res, dbKind(res, ['FreeStorageSpace']), limit, `free storage per data node (${Math.round(free * 100)} % of ${gib} GiB)`, ' MiB', true, ceiling);
}
