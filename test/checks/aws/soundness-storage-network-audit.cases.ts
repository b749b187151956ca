/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Storage and network audit (second round, 2026-12-05): templates that came out PASS although some deployment of
 * them does not meet the item; the compliant form next to each still passes.
 */
import { checkPatched, judgedOn } from './judged';
import { PatchOp } from './fixtures';

// ---------------------------------------------------------------- PrivateSubnets: compute the rule did not read

describe('PrivateSubnets: Auto Scaling groups, EKS node groups, ECS task sets and Batch compute environments', () => {
  const pub = [{ Ref: 'VpcPublicSubnet1Subnet' }, { Ref: 'VpcPublicSubnet2Subnet' }];
  const priv = [{ Ref: 'VpcPrivateSubnet1Subnet' }];
  const add = (resource: any): PatchOp[] => [{ op: 'set', path: ['Resources', 'Compute'], value: resource }];
  const asg = (zones?: any) => ({ Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '2', MaxSize: '4', LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '1' }, ...(zones ? { VPCZoneIdentifier: zones } : {}) } });
  const nodegroup = (subnets: any) => ({ Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: 'prod', NodeRole: 'arn:aws:iam::111111111111:role/nodes', Subnets: subnets } });
  const taskSet = (subnets: any, ip = 'DISABLED') => ({ Type: 'AWS::ECS::TaskSet', Properties: { Cluster: 'prod', Service: 'web', TaskDefinition: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/web:3', NetworkConfiguration: { AwsVpcConfiguration: { Subnets: subnets, AssignPublicIp: ip } } } });
  const msk = (subnets: any) => ({ Type: 'AWS::MSK::Cluster', Properties: { ClusterName: 'events', KafkaVersion: '3.6.0', NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: 'kafka.m5.large', ClientSubnets: subnets } } });
  const dms = (subnets: any) => ({ Type: 'AWS::DMS::ReplicationSubnetGroup', Properties: { ReplicationSubnetGroupDescription: 'dms', SubnetIds: subnets } });
  const batch = (subnets: any) => ({ Type: 'AWS::Batch::ComputeEnvironment', Properties: { Type: 'MANAGED', ComputeResources: { Type: 'FARGATE', MaxvCpus: 16, Subnets: subnets, SecurityGroupIds: ['sg-0123456789abcdef0'] } } });
  const on = (resource: any) => judgedOn('edge-alb', add(resource), 'PrivateSubnets', 'Compute');
  const item = (resource: any) => checkPatched('edge-alb', add(resource)).statusOf('NET-PRIVATE-SUBNETS');

  test.each([
    ['an Auto Scaling group', asg(pub)],
    ['an EKS managed node group', nodegroup(pub)],
    ['an ECS task set', taskSet(pub)],
    ['a Batch compute environment', batch(pub)],
    ['an MSK cluster', msk(pub)],
    ['a DMS replication subnet group', dms(pub)],
  ])('%s in public subnets fails, and the item is violated', (_name, resource) => {
    expect(on(resource)).toEqual([['fail', expect.stringMatching(/^subnet VpcPublicSubnet1Subnet is public: MapPublicIpOnLaunch is true/)], ['fail', expect.stringMatching(/^subnet VpcPublicSubnet2Subnet is public/)]]);
    expect(item(resource)).toBe('violated');
  });

  test.each([
    ['an Auto Scaling group', asg(priv)],
    ['an EKS managed node group', nodegroup(priv)],
    ['an ECS task set', taskSet(priv)],
    ['a Batch compute environment', batch(priv)],
    ['an MSK cluster', msk(priv)],
    ['a DMS replication subnet group', dms(priv)],
  ])('%s in a private subnet passes', (_name, resource) => {
    expect(on(resource)).toEqual([['pass', '1 private subnet(s)']]);
  });

  test('an ECS task set with AssignPublicIp ENABLED fails, even in a private subnet', () => {
    expect(on(taskSet(priv, 'ENABLED'))).toEqual([['fail', 'tasks get public IP addresses']]);
  });

  test('an Auto Scaling group without VPCZoneIdentifier (the default VPC, or the launch template decides): unknown', () => {
    expect(on(asg())).toEqual([['unknown', expect.stringMatching(/^no VPCZoneIdentifier: .*default VPC's default subnets, which are public/)]]);
  });
});

// ---------------------------------------------------------------- S3BucketLifecycle: expiry on a versioned bucket

describe('S3BucketLifecycle: expiring current versions of a bucket with versioning Enabled deletes nothing', () => {
  const rule0 = ['Resources', 'CanaryArtifacts', 'Properties', 'LifecycleConfiguration', 'Rules', 0];
  const noNoncurrent: PatchOp = { op: 'delete', path: [...rule0, 'NoncurrentVersionExpiration'] };
  const versioning = (status: any): PatchOp => ({ op: 'set', path: ['Resources', 'CanaryArtifacts', 'Properties', 'VersioningConfiguration', 'Status'], value: status });
  const on = (patch: PatchOp[]) => judgedOn('platform', patch, 'S3BucketLifecycle', 'CanaryArtifacts');

  test('the base (expiration and NoncurrentVersionExpiration) passes', () => {
    expect(on([])).toEqual([['pass', 'lifecycle moves objects to colder storage and expires them']]);
  });
  test('ExpirationInDays alone on a bucket with versioning Enabled: fail (expired objects stay as noncurrent versions)', () => {
    expect(on([noNoncurrent])).toEqual([['fail', expect.stringMatching(/^no expiration \(versioning is Enabled: an expired object becomes a noncurrent version, which no rule expires, so it is kept forever/)]]);
  });
  test('the noncurrent expiry on a second enabled rule counts; on a Disabled one it does not', () => {
    const second = (status: string): PatchOp => ({ op: 'set', path: ['Resources', 'CanaryArtifacts', 'Properties', 'LifecycleConfiguration', 'Rules', 1], value: { Status: status, NoncurrentVersionExpiration: { NoncurrentDays: 30 } } });
    expect(on([noNoncurrent, second('Enabled')]).map(([s]) => s)).toEqual(['pass']);
    expect(on([noNoncurrent, second('Disabled')]).map(([s]) => s)).toEqual(['fail']);
  });
  test('versioning decided at deploy time: unknown; Suspended (the expiry replaces the null version): pass', () => {
    const param: PatchOp = { op: 'set', path: ['Parameters'], value: { Versioning: { Type: 'String', AllowedValues: ['Enabled', 'Suspended'] } } };
    expect(on([noNoncurrent, param, versioning({ Ref: 'Versioning' })])).toEqual([['unknown', expect.stringMatching(/Versioning/)]]);
    expect(on([noNoncurrent, versioning('Suspended')]).map(([s]) => s)).toEqual(['pass']);
  });
  test('versioning decided at deploy time with both expiries (current and noncurrent): pass in every world', () => {
    const param: PatchOp = { op: 'set', path: ['Parameters'], value: { Versioning: { Type: 'String', AllowedValues: ['Enabled', 'Suspended'] } } };
    expect(on([param, versioning({ Ref: 'Versioning' })]).map(([s]) => s)).toEqual(['pass']);
  });
});

