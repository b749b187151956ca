/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The EC2 launch type on Spot capacity (ScalingMinCapacity, SCALING-MIN-CAPACITY): the third Spot case of the
 * thirteenth session (after Auto Scaling groups and capacity providers). A service with `LaunchType: EC2` runs its
 * tasks on whichever container instances join its cluster; when an Auto Scaling group of the template whose instances
 * join it may run Spot Instances, every task may be on them (how many tasks ECS puts on each instance is not known),
 * and EC2 may interrupt them at any time. It passed on its task count; now unknown, naming the group.
 */
import { findingsOn } from './judged';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const SPOT_ONLY = { OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' };

/** A group of three zones launching `EcsLaunchTemplate`, through a MixedInstancesPolicy when `distribution`. */
function group(distribution?: Record<string, any>): any {
  const spec = { LaunchTemplateId: { Ref: 'EcsLaunchTemplate' }, Version: { 'Fn::GetAtt': ['EcsLaunchTemplate', 'LatestVersionNumber'] } };
  return {
    Type: 'AWS::AutoScaling::AutoScalingGroup',
    Properties: {
      MinSize: '3', MaxSize: '6',
      VPCZoneIdentifier: [1, 2, 3].map((i) => ({ Ref: `Subnet${i}` })),
      ...(distribution === undefined ? { LaunchTemplate: spec }
        : { MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: spec, Overrides: [{ InstanceType: 'm5.large' }, { InstanceType: 'm6i.large' }] }, InstancesDistribution: distribution } }),
    },
  };
}

/** A cluster, a launch template joining it (`ECS_CLUSTER=${EcsCluster}`), these groups, and an EC2 service of 3 tasks. */
function stack(groups: Record<string, any>): any {
  const resources: Record<string, any> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    EcsCluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
    EcsLaunchTemplate: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: { LaunchTemplateData: { ImageId: 'ami-0abcdef1234567890', InstanceType: 'm5.large', MetadataOptions: { HttpTokens: 'required' }, UserData: { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\necho ECS_CLUSTER=${EcsCluster} >> /etc/ecs/ecs.config\n' } } } },
    },
    TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], NetworkMode: 'bridge', ContainerDefinitions: [{ Name: 'api', Image: 'public.ecr.aws/nginx/nginx:1.27', Memory: 512 }] } },
    ApiService: { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'EcsCluster' }, LaunchType: 'EC2', TaskDefinition: { Ref: 'TaskDef' }, DesiredCount: 3 } },
    ...groups,
  };
  ZONES.forEach((z, i) => { resources[`Subnet${i + 1}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: z } }; });
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}

const judge = (t: any) => findingsOn(t, 'ApiService', ['ScalingMinCapacity']);

describe('ScalingMinCapacity: an EC2 launch type service on Spot container instances', () => {
  test('guard: the joining group launches On-Demand instances: pass', () => {
    expect(judge(stack({ Asg: group() }))).toEqual(['ScalingMinCapacity pass: the service runs 3 tasks (minReplicas 3)']);
  });

  test('the joining group runs Spot Instances only: unknown, naming it (was pass)', () => {
    expect(judge(stack({ Asg: group(SPOT_ONLY) }))).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: the service runs at least 3 tasks on the container instances joining cluster EcsCluster, but Auto Scaling group Asg may run Spot Instances \(MixedInstancesPolicy: OnDemandBaseCapacity 0, OnDemandPercentageAboveBaseCapacity 0\)/)]);
  });

  test('an On-Demand group beside a Spot one: ECS may place every task on the Spot one: unknown (was pass)', () => {
    expect(judge(stack({ OnDemand: group(), Spot: group(SPOT_ONLY) }))).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*Auto Scaling group Spot may run Spot Instances/)]);
  });

  test('guard: an On-Demand base covering the group\'s MaxSize: pass', () => {
    expect(judge(stack({ Asg: group({ OnDemandBaseCapacity: 6, OnDemandPercentageAboveBaseCapacity: 0 }) }))).toEqual([expect.stringMatching(/^ScalingMinCapacity pass/)]);
  });
});
