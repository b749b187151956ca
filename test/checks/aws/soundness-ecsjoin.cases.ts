/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Container instances joining an ECS cluster, read as third-party templates write them (found by an audit,
 * 2026-12-06, thirteenth session):
 * 1. A service with no `Cluster` runs in the account's `default` cluster, and an instance whose ECS agent is given
 *    no `ECS_CLUSTER` joins `default` (ECS agent configuration: ECS_CLUSTER, default value `default`). Such instances
 *    were not read as the service's capacity: ScalingMinCapacity judged their group as a serving fleet (a wrong
 *    fail). `ECS_CLUSTER=default` in user data now joins the default cluster; user data without the setting may
 *    (unknown: the AMI's own agent configuration decides); the default cluster may hold instances outside the
 *    template, which can only add zones, so a fail on the template's instances is unknown and a pass stands.
 * 2. `ECS_CLUSTER=${ClusterName}` where the cluster's `ClusterName` is `!Ref ClusterName` (or
 *    `${AWS::StackName}` on both sides): the same name in every world, so the instances join. They were not read
 *    as joining: ComputeProvisioned failed ("nothing provides container instances"), ScalingMinCapacity failed the
 *    group as a serving fleet. A parameter on one side only may join (unknown, never a pass nor a fail).
 * 3. MultiAz's pass of an ECS service on EC2 capacity named the awsvpc subnets only: it now names the Auto Scaling
 *    groups whose zones decided it.
 * 4. An Auto Scaling group of Spot Instances (a MixedInstancesPolicy with too small an On-Demand share, a launch
 *    template requesting Spot, a launch configuration with a SpotPrice) passed ScalingMinCapacity on its MinSize: EC2
 *    may interrupt Spot Instances at any time and replaces them only while Spot capacity lasts. Unknown now, unless
 *    the On-Demand instances alone reach minReplicas.
 */
import { findingsOn } from './judged';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/**
 * A self-managed ECS-on-EC2 stack as third-party templates write it: a VPC with three subnets, a cluster named by
 * parameter `ClusterName`, a launch template whose user data writes the agent's config, an Auto Scaling group, and
 * a bridge-mode service launched on EC2 with 3 tasks.
 */
function ecsOnEc2(opts: { userData?: any; clusterName?: any; cluster?: any; asg?: Record<string, any>; svc?: Record<string, any>; zones?: number } = {}): any {
  const zones = opts.zones ?? 3;
  const subnets: Record<string, any> = {};
  for (let i = 0; i < zones; i++) {
    subnets[`Subnet${i + 1}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: ZONES[i] } };
  }
  const userData = opts.userData === undefined ? { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\necho ECS_CLUSTER=${ClusterName} >> /etc/ecs/ecs.config\necho ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config\n' } } : opts.userData;
  const resources: Record<string, any> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    ...subnets,
    EcsCluster: { Type: 'AWS::ECS::Cluster', Properties: opts.clusterName === null ? {} : { ClusterName: opts.clusterName ?? { Ref: 'ClusterName' } } },
    InstanceProfile: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: ['ecsInstanceRole'] } },
    EcsLaunchTemplate: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateData: {
          ImageId: { Ref: 'EcsAmi' }, InstanceType: 't3.large', IamInstanceProfile: { Arn: { 'Fn::GetAtt': ['InstanceProfile', 'Arn'] } },
          MetadataOptions: { HttpTokens: 'required' },
          ...(userData === null ? {} : { UserData: userData }),
        },
      },
    },
    EcsAsg: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: {
        LaunchTemplate: { LaunchTemplateId: { Ref: 'EcsLaunchTemplate' }, Version: { 'Fn::GetAtt': ['EcsLaunchTemplate', 'LatestVersionNumber'] } },
        MinSize: '3', MaxSize: '6', DesiredCapacity: '3',
        VPCZoneIdentifier: Object.keys(subnets).map((s) => ({ Ref: s })),
        ...opts.asg,
      },
    },
    TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], NetworkMode: 'bridge', ContainerDefinitions: [{ Name: 'web', Image: 'public.ecr.aws/nginx/nginx:1.27', Memory: 256, PortMappings: [{ ContainerPort: 80 }] }] } },
    WebService: {
      Type: 'AWS::ECS::Service',
      Properties: {
        ...(opts.cluster === null ? {} : { Cluster: opts.cluster ?? { Ref: 'EcsCluster' } }),
        TaskDefinition: { Ref: 'TaskDef' }, LaunchType: 'EC2', DesiredCount: 3,
        ...opts.svc,
      },
    },
  };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: {
      ClusterName: { Type: 'String', Default: 'web-cluster', Description: 'Name of the ECS cluster' },
      OtherCluster: { Type: 'String', Default: 'web-cluster' },
      EcsAmi: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id' },
    },
    Resources: resources,
  };
}

const on = (t: any, id: string, rule: string) => findingsOn(t, id, [rule]);
const sub = (text: string) => ({ 'Fn::Base64': { 'Fn::Sub': text } });

const statusOf = (t: any, id: string, rule: string) => on(t, id, rule).map((f) => f.split(':')[0]);
/** The group run at 1 instance: a serving fleet fails SCALING-MIN-CAPACITY; ECS capacity gets no finding. */
const small = { MinSize: '1', DesiredCapacity: '1' };

describe('ECS_CLUSTER written with the parameter or pseudo parameters that name the cluster', () => {
  test('${ClusterName} on both sides joins: ComputeProvisioned passes (was fail), MultiAz reads the group (was unknown)', () => {
    expect(on(ecsOnEc2(), 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned pass: ECS service runs 3 task(s) on EC2 container instances']);
    expect(on(ecsOnEc2(), 'WebService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz pass: ECS spreads the tasks across the zones of the container instances of Auto Scaling group\(s\) EcsAsg \(spans 3 availability zones/)]);
    expect(on(ecsOnEc2({ zones: 1 }), 'WebService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz fail: the tasks run on the container instances of Auto Scaling group EcsAsg, which spans 1 availability zone/)]);
  });

  test('${ClusterName} on both sides: the group is ECS capacity, not judged as a serving fleet (was fail)', () => {
    expect(on(ecsOnEc2({ asg: small }), 'EcsAsg', 'ScalingMinCapacity')).toEqual([]);
  });

  test('${AWS::StackName}-ecs on both sides joins (was fail / unknown)', () => {
    const t = ecsOnEc2({ clusterName: { 'Fn::Sub': '${AWS::StackName}-ecs' }, userData: sub('#!/bin/bash\necho "ECS_CLUSTER=${AWS::StackName}-ecs" >> /etc/ecs/ecs.config\n'), asg: small });
    expect(statusOf(t, 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned pass']);
    expect(statusOf(t, 'WebService', 'MultiAz')).toEqual(['MultiAz pass']);
    expect(on(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual([]);
  });

  test('a parameter on one side only may join: unknown, never pass nor fail (ComputeProvisioned and ScalingMinCapacity failed)', () => {
    const t = ecsOnEc2({ userData: sub('#!/bin/bash\necho ECS_CLUSTER=${OtherCluster} >> /etc/ecs/ecs.config\n'), asg: small });
    expect(on(t, 'WebService', 'ComputeProvisioned')).toEqual([expect.stringMatching(/^ComputeProvisioned unknown: .*EcsLaunchTemplate sets ECS_CLUSTER=\$\{OtherCluster\} in its user data, which may or may not be cluster EcsCluster/)]);
    expect(statusOf(t, 'WebService', 'MultiAz')).toEqual(['MultiAz unknown']);
    // Container instances of some cluster either way (ecsjoin2: user data setting ECS_CLUSTER is ECS capacity).
    expect(on(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual([]);
    const literal = ecsOnEc2({ clusterName: 'web', userData: sub('#!/bin/bash\necho ECS_CLUSTER=${OtherCluster} >> /etc/ecs/ecs.config\n') });
    expect(statusOf(literal, 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned unknown']);
  });

  test('a name computed by the script (shell substitution) may join: unknown (was fail)', () => {
    const t = ecsOnEc2({ userData: sub('#!/bin/bash\necho ECS_CLUSTER=$(aws ssm get-parameter --name /ecs/cluster --query Parameter.Value --output text) >> /etc/ecs/ecs.config\n') });
    expect(statusOf(t, 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned unknown']);
  });

  test('as before: another literal name does not join', () => {
    const t = ecsOnEc2({ clusterName: 'web', userData: sub('#!/bin/bash\necho ECS_CLUSTER=web-2 >> /etc/ecs/ecs.config\n'), asg: small });
    expect(statusOf(t, 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned fail']);
    // The group is ECS capacity of cluster web-2, outside the template, not a serving fleet (ecsjoin2).
    expect(on(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual([]);
    // `${OtherEcsCluster}` is another cluster of the template, generated name: never this one.
    const two = ecsOnEc2({ userData: sub('#!/bin/bash\necho ECS_CLUSTER=${OtherEcsCluster} >> /etc/ecs/ecs.config\n'), asg: small });
    two.Resources.OtherEcsCluster = { Type: 'AWS::ECS::Cluster', Properties: {} };
    expect(statusOf(two, 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned fail']);
  });
});

describe('a service without Cluster runs in the account\'s default cluster', () => {
  const toDefault = sub('#!/bin/bash\necho ECS_CLUSTER=default >> /etc/ecs/ecs.config\n');

  test('ECS_CLUSTER=default joins it: MultiAz passes on the group (was unknown), extra instances only add zones', () => {
    expect(on(ecsOnEc2({ cluster: null, userData: toDefault }), 'WebService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz pass: ECS spreads the tasks across the zones of the container instances of Auto Scaling group\(s\) EcsAsg .*other instances can only add zones \(cluster default .*may hold container instances this template does not show\)/)]);
    expect(on(ecsOnEc2({ cluster: null, userData: toDefault }), 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned pass: ECS service runs 3 task(s) on EC2 container instances']);
    expect(on(ecsOnEc2({ cluster: null, userData: toDefault, asg: small }), 'EcsAsg', 'ScalingMinCapacity')).toEqual([]);
  });

  test('the template\'s group in one zone: unknown, not fail (the default cluster may hold instances in other zones)', () => {
    expect(on(ecsOnEc2({ cluster: null, userData: toDefault, zones: 1 }), 'WebService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz unknown: the tasks run on the container instances of Auto Scaling group EcsAsg, which spans 1 availability zone.*may be in other zones/)]);
  });

  test('no ECS_CLUSTER (or no user data): may join it, if the AMI runs the agent as shipped; the group is not failed as a serving fleet (was fail)', () => {
    for (const userData of [null, sub('#!/bin/bash\necho ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config\n')]) {
      const t = ecsOnEc2({ cluster: null, userData, asg: small });
      expect(on(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*the ECS agent joins cluster default then, if the instance runs it with the AMI's own configuration/)]);
      expect(on(t, 'WebService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz unknown: .*no launch template, launch configuration or instance of the template surely joins cluster default/)]);
      expect(statusOf(t, 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned unknown']);
    }
  });

  test('a Fargate service in the default cluster leaves a serving fleet judged as one', () => {
    const t = ecsOnEc2({ cluster: null, userData: null, asg: small, svc: { LaunchType: 'FARGATE', NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'Subnet1' }, { Ref: 'Subnet2' }] } } } });
    expect(statusOf(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity fail']);
  });

  test('a cluster outside the template named by its ARN is joined by that name', () => {
    const t = ecsOnEc2({ cluster: 'arn:aws:ecs:eu-west-1:111111111111:cluster/shared', userData: sub('#!/bin/bash\necho ECS_CLUSTER=shared >> /etc/ecs/ecs.config\n') });
    expect(statusOf(t, 'WebService', 'MultiAz')).toEqual(['MultiAz pass']);
    expect(statusOf(t, 'WebService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned pass']);
  });
});

describe('MultiAz names what decided the pass of a service on EC2 capacity', () => {
  test('an awsvpc service: the Auto Scaling group and its subnets (the message named the subnets only)', () => {
    const t = ecsOnEc2({ svc: { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'Subnet1' }, { Ref: 'Subnet2' }, { Ref: 'Subnet3' }] } } } });
    t.Resources.TaskDef.Properties.NetworkMode = 'awsvpc';
    expect(on(t, 'WebService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz pass: ECS spreads the tasks across the zones of the container instances of Auto Scaling group\(s\) EcsAsg \(spans 3 availability zones \(minAvailabilityZones 2\)\); its awsvpc subnets: spans 3 availability zones/)]);
  });
});

describe('an Auto Scaling group of Spot Instances keeps its minimum only while Spot capacity lasts', () => {
  /** A web fleet of 3 instances behind nothing ECS: a serving group, judged on its own count. */
  function fleet(asg: Record<string, any> = {}, lt: Record<string, any> = {}): any {
    const t = ecsOnEc2({ cluster: null, userData: sub('#!/bin/bash\ndnf install -y nginx && systemctl enable --now nginx\n'), asg });
    for (const id of ['EcsCluster', 'TaskDef', 'WebService']) delete t.Resources[id];
    Object.assign(t.Resources.EcsLaunchTemplate.Properties.LaunchTemplateData, lt);
    return t;
  }
  const mixed = (distribution: Record<string, any>) => ({
    LaunchTemplate: undefined,
    MixedInstancesPolicy: {
      LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'EcsLaunchTemplate' }, Version: { 'Fn::GetAtt': ['EcsLaunchTemplate', 'LatestVersionNumber'] } }, Overrides: [{ InstanceType: 't3.large' }, { InstanceType: 'm5.large' }] },
      InstancesDistribution: distribution,
    },
  });

  test('all Spot above a base of 0: unknown (was pass)', () => {
    expect(on(fleet(mixed({ OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' })), 'EcsAsg', 'ScalingMinCapacity'))
      .toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: the group runs at least 3 instances, but only 0 of them On-Demand \(MixedInstancesPolicy: OnDemandBaseCapacity 0, OnDemandPercentageAboveBaseCapacity 0\): EC2 may interrupt the Spot Instances/)]);
    expect(statusOf(fleet(mixed({ OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 50 })), 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity unknown']);
  });

  test('a launch template requesting Spot, a launch configuration with a SpotPrice: unknown (was pass)', () => {
    expect(statusOf(fleet({}, { InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time' } } }), 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity unknown']);
    const lc = fleet({ LaunchTemplate: undefined, LaunchConfigurationName: { Ref: 'Lc' } });
    lc.Resources.Lc = { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.large', SpotPrice: '0.05', MetadataOptions: { HttpTokens: 'required' } } };
    expect(statusOf(lc, 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity unknown']);
  });

  test('On-Demand instances alone reaching minReplicas, or no Spot: pass as before', () => {
    expect(statusOf(fleet(mixed({ OnDemandBaseCapacity: 3, OnDemandPercentageAboveBaseCapacity: 0 })), 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity pass']);
    expect(statusOf(fleet(mixed({ OnDemandBaseCapacity: 0 })), 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity pass']);
    expect(statusOf(fleet(), 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity pass']);
  });
});
