/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ECS capacity, follow-ups of the thirteenth session's ecsjoin helper (2026-12-06):
 * 1. A service on Auto Scaling group capacity providers whose groups may run Spot Instances (a MixedInstancesPolicy
 *    with a Spot share, a launch template requesting Spot) passed ScalingMinCapacity on its task count: EC2 may
 *    interrupt Spot Instances at any time, and how many tasks ECS puts on each instance is not known. Now only the
 *    tasks the strategy places on providers whose groups are On-Demand only count (the Base first, then the rest by
 *    Weight, rounded down), as for FARGATE_SPOT.
 */
import { findingsOn } from './judged';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const sub = (text: string) => ({ 'Fn::Base64': { 'Fn::Sub': text } });
const JOIN = sub('#!/bin/bash\necho ECS_CLUSTER=${EcsCluster} >> /etc/ecs/ecs.config\n');

/** An Auto Scaling group of three zones launching `EcsLaunchTemplate` (a MixedInstancesPolicy when `distribution`). */
function group(distribution?: Record<string, any>, template = 'EcsLaunchTemplate'): any {
  const spec = { LaunchTemplateId: { Ref: template }, Version: { 'Fn::GetAtt': [template, 'LatestVersionNumber'] } };
  return {
    Type: 'AWS::AutoScaling::AutoScalingGroup',
    Properties: {
      MinSize: '0', MaxSize: '10',
      VPCZoneIdentifier: [1, 2, 3].map((i) => ({ Ref: `Subnet${i}` })),
      ...(distribution === undefined ? { LaunchTemplate: spec } : {
        MixedInstancesPolicy: {
          LaunchTemplate: { LaunchTemplateSpecification: spec, Overrides: [{ InstanceType: 'm5.large' }, { InstanceType: 'm6i.large' }] },
          InstancesDistribution: distribution,
        },
      }),
    },
  };
}

/**
 * An ECS-on-EC2 stack with capacity providers as third-party templates write it: a cluster, a launch template joining
 * it, Auto Scaling groups `groups` (each with its capacity provider `<id>Provider`, managed scaling), their
 * association, and a service of 3 tasks (a scalable target of MinCapacity 3) on `strategy`.
 */
function providers(groups: Record<string, any>, strategy: Array<Record<string, any>>): any {
  const resources: Record<string, any> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    EcsCluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: { Ref: 'ClusterName' } } },
    EcsLaunchTemplate: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: { LaunchTemplateData: { ImageId: { Ref: 'EcsAmi' }, InstanceType: 'm5.large', MetadataOptions: { HttpTokens: 'required' }, UserData: JOIN } },
    },
    Associations: {
      Type: 'AWS::ECS::ClusterCapacityProviderAssociations',
      Properties: { Cluster: { Ref: 'EcsCluster' }, CapacityProviders: Object.keys(groups).map((g) => ({ Ref: `${g}Provider` })), DefaultCapacityProviderStrategy: [] },
    },
    TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], NetworkMode: 'bridge', ContainerDefinitions: [{ Name: 'api', Image: 'public.ecr.aws/nginx/nginx:1.27', Memory: 512 }] } },
    ApiService: {
      Type: 'AWS::ECS::Service',
      DependsOn: 'Associations',
      Properties: { Cluster: { Ref: 'EcsCluster' }, TaskDefinition: { Ref: 'TaskDef' }, DesiredCount: 3, CapacityProviderStrategy: strategy },
    },
    ApiScaling: {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        MinCapacity: 3, MaxCapacity: 12, ScalableDimension: 'ecs:service:DesiredCount', ServiceNamespace: 'ecs',
        ResourceId: { 'Fn::Sub': 'service/${EcsCluster}/${ApiService.Name}' },
      },
    },
  };
  for (let i = 0; i < 3; i++) {
    resources[`Subnet${i + 1}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: ZONES[i] } };
  }
  for (const [id, g] of Object.entries(groups)) {
    resources[id] = g;
    resources[`${id}Provider`] = {
      Type: 'AWS::ECS::CapacityProvider',
      Properties: { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: id }, ManagedScaling: { Status: 'ENABLED', TargetCapacity: 100 }, ManagedTerminationProtection: 'DISABLED' } },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: {
      ClusterName: { Type: 'String', Default: 'api' },
      EcsAmi: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id' },
    },
    Resources: resources,
  };
}

const on = (t: any, id: string, rule: string) => findingsOn(t, id, [rule]);
const statusOf = (t: any, id: string, rule: string) => on(t, id, rule).map((f) => f.split(':')[0]);
const SPOT_ONLY = { OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' };
const ref = (g: string) => ({ Ref: `${g}Provider` });

describe('ScalingMinCapacity: a service on capacity providers whose groups run Spot Instances', () => {
  test('the base: one provider of On-Demand instances passes', () => {
    expect(on(providers({ OnDemandAsg: group() }, [{ CapacityProvider: ref('OnDemandAsg'), Weight: 1 }]), 'ApiService', 'ScalingMinCapacity'))
      .toEqual(['ScalingMinCapacity pass: the service never scales below 3 tasks (minReplicas 3)']);
  });

  test('every task on a group of Spot Instances (MixedInstancesPolicy 0 On-Demand): unknown, naming the group (was pass)', () => {
    expect(on(providers({ SpotAsg: group(SPOT_ONLY) }, [{ CapacityProvider: ref('SpotAsg'), Weight: 1 }]), 'ApiService', 'ScalingMinCapacity'))
      .toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: the service runs at least 3 tasks, but only 0 of them surely on On-Demand instances \(capacity provider strategy .*capacity provider SpotAsgProvider's group SpotAsg may run Spot Instances \(MixedInstancesPolicy: OnDemandBaseCapacity 0, OnDemandPercentageAboveBaseCapacity 0\)\): EC2 may interrupt Spot Instances/)]);
  });

  test('a group with some On-Demand instances still may hold every task on its Spot ones: unknown (was pass)', () => {
    const t = providers({ MixedAsg: group({ OnDemandBaseCapacity: 2, OnDemandPercentageAboveBaseCapacity: 50 }) }, [{ CapacityProvider: ref('MixedAsg'), Weight: 1 }]);
    expect(on(t, 'ApiService', 'ScalingMinCapacity')).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*only 0 of them surely on On-Demand instances/)]);
  });

  test('a launch template requesting Spot: unknown (was pass)', () => {
    const t = providers({ SpotAsg: group(undefined, 'SpotTemplate') }, [{ CapacityProvider: ref('SpotAsg'), Weight: 1 }]);
    t.Resources.SpotTemplate = JSON.parse(JSON.stringify(t.Resources.EcsLaunchTemplate));
    t.Resources.SpotTemplate.Properties.LaunchTemplateData.InstanceMarketOptions = { MarketType: 'spot' };
    expect(on(t, 'ApiService', 'ScalingMinCapacity')).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*launch template SpotTemplate requests Spot Instances/)]);
  });

  test('On-Demand Base 1, then Weight 1:3 with a Spot group: 1 + floor(2 x 1/4) = 1 of 3 tasks: unknown (was pass)', () => {
    const t = providers({ OnDemandAsg: group(), SpotAsg: group(SPOT_ONLY) },
      [{ CapacityProvider: ref('OnDemandAsg'), Base: 1, Weight: 1 }, { CapacityProvider: ref('SpotAsg'), Weight: 3 }]);
    expect(on(t, 'ApiService', 'ScalingMinCapacity')).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*only 1 of them surely on On-Demand instances/)]);
  });

  test('an On-Demand Base of 3 beside a Spot group: the three fewest tasks are On-Demand: pass', () => {
    const t = providers({ OnDemandAsg: group(), SpotAsg: group(SPOT_ONLY) },
      [{ CapacityProvider: ref('OnDemandAsg'), Base: 3, Weight: 1 }, { CapacityProvider: ref('SpotAsg'), Weight: 3 }]);
    expect(statusOf(t, 'ApiService', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity pass']);
  });

  test('an On-Demand base covering the group\'s MaxSize, or a Spot group with Weight 0 and no Base: pass', () => {
    expect(statusOf(providers({ MixedAsg: group({ OnDemandBaseCapacity: 10, OnDemandPercentageAboveBaseCapacity: 0 }) }, [{ CapacityProvider: ref('MixedAsg'), Weight: 1 }]), 'ApiService', 'ScalingMinCapacity'))
      .toEqual(['ScalingMinCapacity pass']);
    expect(statusOf(providers({ OnDemandAsg: group(), SpotAsg: group(SPOT_ONLY) }, [{ CapacityProvider: ref('OnDemandAsg'), Weight: 1 }, { CapacityProvider: ref('SpotAsg'), Weight: 0 }]), 'ApiService', 'ScalingMinCapacity'))
      .toEqual(['ScalingMinCapacity pass']);
  });

  test('the On-Demand share decided at deploy time: unknown, naming the parameter (was pass)', () => {
    const t = providers({ MixedAsg: group({ OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: { Ref: 'OnDemandPercent' } }) }, [{ CapacityProvider: ref('MixedAsg'), Weight: 1 }]);
    t.Parameters.OnDemandPercent = { Type: 'Number', Default: 100 };
    expect(on(t, 'ApiService', 'ScalingMinCapacity')).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*Spot Instances is not known: .*parameter OnDemandPercent/)]);
  });

  test('the cluster\'s default strategy on a Spot group: unknown (was pass)', () => {
    const t = providers({ SpotAsg: group(SPOT_ONLY) }, []);
    delete t.Resources.ApiService.Properties.CapacityProviderStrategy;
    t.Resources.Associations.Properties.DefaultCapacityProviderStrategy = [{ CapacityProvider: ref('SpotAsg'), Weight: 1 }];
    expect(on(t, 'ApiService', 'ScalingMinCapacity')).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*only 0 of them surely on On-Demand instances \(capacity provider strategy .*\(the cluster's default\)/)]);
  });
});

/**
 * A self-managed fleet without capacity providers: the cluster (ClusterName `clusterName`, `!Ref ClusterName` by
 * default), a launch template with `userData`, an Auto Scaling group of `asg` sizes, and a service launched on EC2.
 */
function selfManaged(userData: any, opts: { asg?: Record<string, any>; clusterName?: any; svcCluster?: any } = {}): any {
  const t = providers({}, []);
  delete t.Resources.Associations;
  delete t.Resources.ApiService.DependsOn;
  delete t.Resources.ApiService.Properties.CapacityProviderStrategy;
  t.Resources.ApiService.Properties.LaunchType = 'EC2';
  if (opts.svcCluster !== undefined) t.Resources.ApiService.Properties.Cluster = opts.svcCluster;
  if (opts.clusterName !== undefined) t.Resources.EcsCluster.Properties.ClusterName = opts.clusterName;
  t.Resources.EcsLaunchTemplate.Properties.LaunchTemplateData.UserData = userData;
  t.Resources.EcsAsg = group();
  Object.assign(t.Resources.EcsAsg.Properties, { MinSize: '3', DesiredCapacity: '3' }, opts.asg);
  return t;
}
const SMALL = { MinSize: '1', DesiredCapacity: '1' };

/**
 * 2. User data that fetches the agent's configuration (`aws s3 cp s3://.../ecs.config /etc/ecs/ecs.config`, the
 *    ECS developer guide's pattern; `aws ssm get-parameter ... >> /etc/ecs/ecs.config`) with no ECS_CLUSTER line of
 *    its own was read as joining no cluster: ComputeProvisioned failed "nothing provides container instances".
 *    Now such user data may join (unknown), naming the command.
 */
describe('the agent configuration fetched from S3 or SSM may join the cluster', () => {
  const S3 = sub('#!/bin/bash\nyum install -y aws-cli\naws s3 cp s3://${ConfigBucket}/ecs/ecs.config /etc/ecs/ecs.config\n');
  const SSM = sub('#!/bin/bash\naws ssm get-parameter --name /platform/ecs-agent-config --query Parameter.Value --output text >> /etc/ecs/ecs.config\nsystemctl restart ecs\n');
  const withBucket = (t: any) => { t.Parameters.ConfigBucket = { Type: 'String' }; return t; };

  test('aws s3 cp into /etc/ecs/ecs.config: ComputeProvisioned unknown, naming the command (was fail)', () => {
    expect(on(withBucket(selfManaged(S3)), 'ApiService', 'ComputeProvisioned'))
      .toEqual([expect.stringMatching(/^ComputeProvisioned unknown: .*EcsLaunchTemplate configures the ECS agent with settings the template does not show \(`aws s3 cp s3:\/\/\$\{ConfigBucket\}\/ecs\/ecs.config \/etc\/ecs\/ecs.config`\)/)]);
  });

  test('aws ssm get-parameter appended to it: unknown (was fail); MultiAz unknown', () => {
    expect(statusOf(selfManaged(SSM), 'ApiService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned unknown']);
    expect(statusOf(selfManaged(SSM), 'ApiService', 'MultiAz')).toEqual(['MultiAz unknown']);
  });

  test('an echo of a shell variable into it, Windows Initialize-ECSAgent, Bottlerocket [settings.ecs]: unknown (was fail)', () => {
    for (const data of [
      sub('#!/bin/bash\nCONFIG=$(curl -s http://config.internal/ecs)\necho "$CONFIG" >> /etc/ecs/ecs.config\n'),
      sub('<powershell>\nImport-Module ECSTools\nInitialize-ECSAgent -Cluster $env:CLUSTER -EnableTaskIAMRole\n</powershell>\n'),
      { 'Fn::Base64': '[settings.ecs]\ncluster = "api-prod"\n' },
    ]) {
      expect(statusOf(selfManaged(data), 'ApiService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned unknown']);
    }
  });

  test('as before: literal settings written with echo or a heredoc are read, and a command reading the file writes nothing', () => {
    const other = sub('#!/bin/bash\ngrep -q ECS_CLUSTER /etc/ecs/ecs.config || echo ECS_CLUSTER=batch >> /etc/ecs/ecs.config\necho ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config\n');
    expect(statusOf(selfManaged(other, { clusterName: 'api' }), 'ApiService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned fail']);
    const heredoc = sub("#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=${ClusterName}\nECS_LOGLEVEL=info\nEOF\n");
    expect(statusOf(selfManaged(heredoc), 'ApiService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned pass']);
  });
});

/**
 * 3. A group whose user data configures the ECS agent for a cluster the template does not hold (`ECS_CLUSTER=batch`,
 *    a literal name no cluster or service of the template has) was judged by ScalingMinCapacity as a fleet serving
 *    the app itself, and failed at MinSize 1. Its instances are ECS container instances: they run the tasks of
 *    services elsewhere, whose counts those services' own checks judge. Now no finding, as for the capacity of a
 *    cluster of the template.
 */
describe('ScalingMinCapacity: a group of container instances for a cluster outside the template', () => {
  test('ECS_CLUSTER=batch, a name the template does not hold: no finding (was fail)', () => {
    const t = selfManaged(sub('#!/bin/bash\necho ECS_CLUSTER=batch >> /etc/ecs/ecs.config\n'), { asg: SMALL, clusterName: 'api' });
    expect(on(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual([]);
  });

  test('the configuration fetched from S3: container instances too: no finding (was fail)', () => {
    const t = selfManaged(sub('#!/bin/bash\naws s3 cp s3://platform-config/ecs.config /etc/ecs/ecs.config\n'), { asg: SMALL });
    expect(on(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual([]);
  });

  test('as before: a group whose user data does not configure the agent is a serving fleet: fail', () => {
    const t = selfManaged(sub('#!/bin/bash\ndnf install -y nginx\ncat /etc/ecs/ecs.config || true\n'), { asg: SMALL });
    delete t.Resources.ApiService;
    delete t.Resources.ApiScaling;
    expect(statusOf(t, 'EcsAsg', 'ScalingMinCapacity')).toEqual(['ScalingMinCapacity fail']);
  });
});

/**
 * 4. A service whose `Cluster` is a name (`Cluster: api`) equal in every world to a cluster resource's `ClusterName`
 *    was read as a cluster outside the template: its default capacity provider strategy unread (ComputeProvisioned
 *    unknown), instances outside the template supposed (MultiAz unknown where the template's group is in one zone),
 *    Container Insights unknown. Now it is that cluster.
 */
describe('a service naming a cluster of the template by its ClusterName', () => {
  const JOINS = sub('#!/bin/bash\necho ECS_CLUSTER=api >> /etc/ecs/ecs.config\n');

  test('its cluster\'s default strategy is read: ComputeProvisioned passes (was unknown), ScalingMinCapacity reads its Spot group (was pass)', () => {
    const t = providers({ OnDemandAsg: group() }, []);
    t.Resources.EcsCluster.Properties.ClusterName = 'api';
    t.Resources.ApiService.Properties.Cluster = 'api';
    delete t.Resources.ApiService.Properties.CapacityProviderStrategy;
    t.Resources.Associations.Properties.DefaultCapacityProviderStrategy = [{ CapacityProvider: ref('OnDemandAsg'), Weight: 1 }];
    expect(statusOf(t, 'ApiService', 'ComputeProvisioned')).toEqual(['ComputeProvisioned pass']);
    t.Resources.OnDemandAsg = group(SPOT_ONLY);
    expect(on(t, 'ApiService', 'ScalingMinCapacity')).toEqual([expect.stringMatching(/^ScalingMinCapacity unknown: .*only 0 of them surely on On-Demand instances/)]);
  });

  test('its group in one zone fails MultiAz (was unknown: instances outside the template supposed)', () => {
    const t = selfManaged(JOINS, { clusterName: 'api', svcCluster: 'api', asg: { VPCZoneIdentifier: [{ Ref: 'Subnet1' }] } });
    expect(on(t, 'ApiService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz fail: the tasks run on the container instances of Auto Scaling group EcsAsg, which spans 1 availability zone/)]);
  });

  test('the same parameter on both sides is the same cluster; Container Insights is judged on the cluster (was unknown on the service)', () => {
    const t = selfManaged(sub('#!/bin/bash\necho ECS_CLUSTER=${ClusterName} >> /etc/ecs/ecs.config\n'), { svcCluster: { Ref: 'ClusterName' }, asg: { VPCZoneIdentifier: [{ Ref: 'Subnet1' }] } });
    expect(statusOf(t, 'ApiService', 'MultiAz')).toEqual(['MultiAz fail']);
    expect(on(t, 'ApiService', 'ContainerInsightsEnabled')).toEqual([]);
  });

  test('as before: another name, or a parameter on one side only, is a cluster outside the template', () => {
    const other = selfManaged(sub('#!/bin/bash\necho ECS_CLUSTER=api-2 >> /etc/ecs/ecs.config\n'), { clusterName: 'api', svcCluster: 'api-2', asg: { VPCZoneIdentifier: [{ Ref: 'Subnet1' }] } });
    expect(on(other, 'ApiService', 'MultiAz')).toEqual([expect.stringMatching(/^MultiAz unknown: .*may be in other zones/)]);
    expect(statusOf(other, 'ApiService', 'ContainerInsightsEnabled')).toEqual(['ContainerInsightsEnabled unknown']);
    const param = selfManaged(JOINS, { clusterName: 'api', svcCluster: { Ref: 'ClusterName' } });
    expect(statusOf(param, 'ApiService', 'ContainerInsightsEnabled')).toEqual(['ContainerInsightsEnabled unknown']);
  });
});
