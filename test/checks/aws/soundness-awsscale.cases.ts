/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * HA-MULTI-AZ and SCALING-MIN-CAPACITY on EC2 capacity (found by an audit, 2026-12-06):
 * - an ECS service on container instances whose placement strategy does not spread by availability zone first
 *   (binpack, spread on instanceId) or whose memberOf constraint pins one zone passed MultiAz on its subnets: ECS
 *   spreads a service's tasks across zones only by default, and a constraint is binding; now fail (unknown when the
 *   launch type or the strategy is decided at deploy time). The zones of its container instances are read from the
 *   Auto Scaling group of its capacity provider (or the groups launching what joins its cluster).
 * - HA-MULTI-AZ could never be satisfied beside an Auto Scaling group: its launch template was compute no rule of the
 *   item read. A group and the launch template or configuration it launches are now parts of one resource; one launched
 *   by no group stays unread; a lone EC2 instance (one zone) fails.
 * - SCALING-MIN-CAPACITY now reads Auto Scaling groups (asgInstanceBounds, as MultiAz counts them) against
 *   minReplicas; a group hosting ECS tasks is capacity, counted on the service.
 */
import { GoLiveChecks } from '../../../lib';
import { compliantBases } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const ENV = { region: 'eu-west-1', account: '111111111111' };
const ec2Base = () => JSON.parse(JSON.stringify(compliantBases().get('platform-ec2')));
const PRIVATE = [1, 2, 3].map((i) => ({ Ref: `VpcPrivateSubnet${i}Subnet` }));

/** platform-ec2 with an awsvpc ECS service of 3 tasks on its capacity provider, `svc` merged into its properties. */
function withService(svc: Record<string, any> = {}, td: Record<string, any> = {}): any {
  const t = ec2Base();
  t.Resources.Td = { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], NetworkMode: 'awsvpc', ContainerDefinitions: [{ Name: 'app', Image: 'public.ecr.aws/nginx/nginx:1.27', Memory: 512 }], ...td } };
  t.Resources.Svc = {
    Type: 'AWS::ECS::Service',
    Properties: {
      Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Td' }, DesiredCount: 3,
      CapacityProviderStrategy: [{ CapacityProvider: { Ref: 'Capacity' }, Weight: 1 }],
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: PRIVATE, SecurityGroups: [{ 'Fn::GetAtt': ['InstanceSg', 'GroupId'] }] } },
      ...svc,
    },
  };
  return t;
}
const run = (t: any) => checks.checkTemplate(t, 'T', ENV);
const on = (t: any, rule: string, id: string) => run(t).findings.filter((f) => f.ruleId === rule && f.resource === id).map((f) => [f.status, f.message]);

describe('MultiAz: an ECS service on container instances is placed as its strategy and constraints say', () => {
  test('the default strategy (spread by zone) on a group in three zones passes', () => {
    expect(on(withService(), 'MultiAz', 'Svc')).toEqual([['pass', expect.stringMatching(/spans 3 availability zones/)]]);
    const bridge = withService({ NetworkConfiguration: undefined }, { NetworkMode: 'bridge' });
    delete bridge.Resources.Svc.Properties.NetworkConfiguration;
    expect(on(bridge, 'MultiAz', 'Svc')).toEqual([['pass', expect.stringMatching(/container instances of Auto Scaling group\(s\) Asg \(spans 3 availability zones/)]]);
    expect(on(withService({ PlacementStrategies: [{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }, { Type: 'binpack', Field: 'memory' }] }), 'MultiAz', 'Svc')[0][0]).toBe('pass');
  });

  test('binpack, spread on instanceId or random first: fail (was pass on the subnets)', () => {
    for (const first of [{ Type: 'binpack', Field: 'memory' }, { Type: 'spread', Field: 'instanceId' }, { Type: 'random' }]) {
      const t = withService({ PlacementStrategies: [first, { Type: 'spread', Field: 'attribute:ecs.availability-zone' }] });
      expect(on(t, 'MultiAz', 'Svc')).toEqual([['fail', expect.stringMatching(/first placement strategy, .* does not spread them by attribute:ecs.availability-zone .*every task may run in one availability zone/)]]);
    }
  });

  test('a strategy decided at deploy time is unknown; one a parameter picks among spread and binpack is unknown too, naming binpack', () => {
    const t = withService({ PlacementStrategies: [{ Type: { Ref: 'Strategy' }, Field: 'attribute:ecs.availability-zone' }] });
    t.Parameters = { ...(t.Parameters ?? {}), Strategy: { Type: 'String' } };
    expect(on(t, 'MultiAz', 'Svc')).toEqual([['unknown', expect.stringMatching(/first placement strategy is decided at deploy time/)]]);
    t.Parameters.Strategy.AllowedValues = ['spread', 'binpack'];
    expect(on(t, 'MultiAz', 'Svc')).toEqual([['unknown', expect.stringMatching(/first placement strategy, binpack/)]]);
  });

  test('a memberOf constraint pinning one zone fails, on the service or its task definition (was pass)', () => {
    const pin = [{ Type: 'memberOf', Expression: 'attribute:ecs.availability-zone == eu-west-1a' }];
    expect(on(withService({ PlacementConstraints: pin }), 'MultiAz', 'Svc')).toEqual([['fail', expect.stringMatching(/memberOf constraint "attribute:ecs.availability-zone == eu-west-1a" of the service keeps every task in 1 availability zone/)]]);
    expect(on(withService({}, { PlacementConstraints: [{ Type: 'memberOf', Expression: 'attribute:ecs.availability-zone in [eu-west-1b] and attribute:ecs.instance-type =~ m7g.*' }] }), 'MultiAz', 'Svc'))
      .toEqual([['fail', expect.stringMatching(/of task definition Td keeps every task in 1 availability zone/)]]);
  });

  test('a task definition registered outside the template (its constraints unseen) is unknown on container instances', () => {
    const t = withService({ TaskDefinition: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/app:7' });
    expect(on(t, 'MultiAz', 'Svc')).toEqual([['unknown', expect.stringMatching(/the task definition arn:aws:ecs:eu-west-1:111111111111:task-definition\/app:7 is not one of the template's, so its placement constraints .* are not known/)]]);
  });

  test('a constraint listing enough zones passes; one the check does not read is unknown; other attributes are not about zones', () => {
    const c = (e: string) => on(withService({ PlacementConstraints: [{ Type: 'memberOf', Expression: e }] }), 'MultiAz', 'Svc')[0][0];
    expect(c('attribute:ecs.availability-zone in [eu-west-1a, eu-west-1b]')).toBe('pass');
    expect(c('attribute:ecs.availability-zone != eu-west-1a')).toBe('unknown');
    expect(c('attribute:ecs.instance-type =~ m7g.*')).toBe('pass');
  });

  test('a capacity provider whose group is outside the template: unknown, naming it', () => {
    const t = withService();
    t.Resources.Capacity.Properties.AutoScalingGroupProvider.AutoScalingGroupArn = 'arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup:abc:autoScalingGroupName/other';
    expect(on(t, 'MultiAz', 'Svc')).toEqual([['unknown', expect.stringMatching(/the Auto Scaling group of capacity provider Capacity is not in this template/)]]);
  });

  test('the EC2 launch type reads the groups launching what joins the cluster: one zone fails', () => {
    const t = withService({ CapacityProviderStrategy: undefined, LaunchType: 'EC2' });
    delete t.Resources.Svc.Properties.CapacityProviderStrategy;
    expect(on(t, 'MultiAz', 'Svc')[0][0]).toBe('pass');
    t.Resources.Asg.Properties.VPCZoneIdentifier = [PRIVATE[0]];
    expect(on(t, 'MultiAz', 'Svc')).toEqual([['fail', expect.stringMatching(/container instances of Auto Scaling group Asg, which spans 1 availability zone/)]]);
  });

  test('a Fargate service is spread by ECS itself over its subnets: a strategy is not read', () => {
    const t = withService({ CapacityProviderStrategy: undefined, LaunchType: 'FARGATE' });
    delete t.Resources.Svc.Properties.CapacityProviderStrategy;
    expect(on(t, 'MultiAz', 'Svc')[0][0]).toBe('pass');
    const fargate = compliantBases().get('ecs-service');
    expect(run(fargate).findings.filter((f) => f.ruleId === 'MultiAz').every((f) => f.status === 'pass')).toBe(true);
  });
});

describe('HA-MULTI-AZ: an Auto Scaling group and its launch template are one resource', () => {
  test('the platform-ec2 base (a group in three zones) satisfies HA-MULTI-AZ (was unknown: its launch template unread)', () => {
    expect(run(ec2Base()).statusOf('HA-MULTI-AZ')).toBe('satisfied');
  });

  test('a launch template no group launches stays unread: unknown', () => {
    const t = ec2Base();
    t.Resources.Spare = JSON.parse(JSON.stringify(t.Resources.LaunchTemplate));
    const r = run(t);
    expect(r.statusOf('HA-MULTI-AZ')).toBe('unknown');
    expect(r.items.find((i) => i.id === 'HA-MULTI-AZ')!.reason).toMatch(/AWS::EC2::LaunchTemplate launched by no Auto Scaling group/);
  });

  test('a launch template a group and an instance launch: the instance is unknown (a helper or the service), the template stays unread', () => {
    const t = ec2Base();
    t.Resources.Box = { Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'LaunchTemplate' }, Version: '1' }, SubnetId: PRIVATE[0] } };
    expect(on(t, 'MultiAz', 'Box')).toEqual([['unknown', expect.stringMatching(/a single EC2 instance runs in one availability zone; no target group or Classic Load Balancer .* a bastion host is not known/)]]);
    expect(run(t).statusOf('HA-MULTI-AZ')).toBe('unknown');
  });

  test('a single instance that a target group or a Classic Load Balancer sends traffic to fails (one zone)', () => {
    const t = ec2Base();
    t.Resources.Box = { Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'LaunchTemplate' }, Version: '1' }, SubnetId: PRIVATE[0] } };
    t.Resources.BoxTargets = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 443, Protocol: 'HTTPS', TargetType: 'instance', VpcId: { Ref: 'Vpc' }, Targets: [{ Id: { Ref: 'Box' } }] } };
    expect(on(t, 'MultiAz', 'Box')).toEqual([['fail', expect.stringMatching(/a single EC2 instance runs in one availability zone and BoxTargets send\(s\) it traffic/)]]);
    expect(run(t).statusOf('HA-MULTI-AZ')).toBe('violated');
    delete t.Resources.BoxTargets;
    t.Resources.Classic = { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Subnets: PRIVATE, Listeners: [{ LoadBalancerPort: '443', InstancePort: '443', Protocol: 'HTTPS', SSLCertificateId: 'arn:aws:acm:eu-west-1:111111111111:certificate/x' }], Instances: [{ Ref: 'Box' }] } };
    expect(on(t, 'MultiAz', 'Box')).toEqual([['fail', expect.stringMatching(/Classic send\(s\) it traffic/)]]);
  });

  test('a NAT instance (SourceDestCheck false) is plumbing: no verdict', () => {
    const t = ec2Base();
    t.Resources.Nat = { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-0123456789abcdef0', SourceDestCheck: false, SubnetId: { Ref: 'VpcPublicSubnet1Subnet' } } };
    expect(on(t, 'MultiAz', 'Nat')).toEqual([]);
    expect(run(t).statusOf('HA-MULTI-AZ')).toBe('satisfied');
  });

  test('ECS managed scaling moves the group between its sizes: MinSize counts, not DesiredCapacity', () => {
    const t = ec2Base();
    Object.assign(t.Resources.Asg.Properties, { MinSize: '1', DesiredCapacity: '3' });
    expect(on(t, 'MultiAz', 'Asg')).toEqual([['fail', expect.stringMatching(/the group may run 1 instance\(s\) \(MinSize/)]]);
  });
});

describe('ScalingMinCapacity reads Auto Scaling groups', () => {
  /** A group serving the app (no ECS cluster), launched from its own launch template. */
  function fleet(props: Record<string, any>): any {
    const t = ec2Base();
    for (const id of ['Cluster', 'ClusterCapacityProviders', 'Capacity']) delete t.Resources[id];
    t.Resources.LaunchTemplate.Properties.LaunchTemplateData.UserData = { 'Fn::Base64': '#!/bin/bash\nsystemctl start app' };
    Object.assign(t.Resources.Asg.Properties, props);
    return t;
  }

  test('a group with MinSize 3 passes; MinSize 2 fails naming minReplicas (was no verdict)', () => {
    expect(on(fleet({}), 'ScalingMinCapacity', 'Asg')).toEqual([['pass', expect.stringMatching(/never runs fewer than 3 instances \(minReplicas 3\)/)]]);
    expect(on(fleet({ MinSize: '2' }), 'ScalingMinCapacity', 'Asg')).toEqual([['fail', expect.stringMatching(/the group may run 2 instance\(s\) \(MinSize.*minReplicas is 3/)]]);
    expect(on(fleet({ MaxSize: '2', MinSize: '2' }), 'ScalingMinCapacity', 'Asg')).toEqual([['fail', expect.stringMatching(/at most 2 instance\(s\) \(MaxSize\)/)]]);
  });

  test('a size from a parameter is unknown; a scheduled action setting 1 fails', () => {
    const p = fleet({ MinSize: { Ref: 'Min' } });
    p.Parameters = { ...(p.Parameters ?? {}), Min: { Type: 'Number', Default: 3 } };
    expect(on(p, 'ScalingMinCapacity', 'Asg')[0][0]).toBe('unknown');
    const s = fleet({});
    s.Resources.Night = { Type: 'AWS::AutoScaling::ScheduledAction', Properties: { AutoScalingGroupName: { Ref: 'Asg' }, MinSize: 1, Recurrence: '0 22 * * *' } };
    expect(on(s, 'ScalingMinCapacity', 'Asg')).toEqual([['fail', expect.stringMatching(/scheduled action Night sets MinSize 1/)]]);
  });

  test('the items read one number: a group of 1 fails both; SCALING-MIN-CAPACITY is satisfiable beside a group', () => {
    const one = fleet({ MinSize: '1' });
    expect(on(one, 'MultiAz', 'Asg')[0][0]).toBe('fail');
    expect(on(one, 'ScalingMinCapacity', 'Asg')[0][0]).toBe('fail');
    expect(run(fleet({})).statusOf('SCALING-MIN-CAPACITY')).toBe('satisfied');
  });

  test('a group hosting ECS tasks is capacity: no verdict (the tasks are counted on the service)', () => {
    const t = ec2Base();
    t.Resources.Asg.Properties.MinSize = '2';
    expect(on(t, 'ScalingMinCapacity', 'Asg')).toEqual([]);
  });
});
