/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Follow-ups of the sixteenth-to-twentieth sessions' fixes.
 * 1. A region with white space around it (` eu-west-1 `) was read as the region it pads (`inStackRegion` trimmed it),
 *    while no reader's service documents trimming it (the awslogs driver's `awslogs-region`, a dashboard graph's
 *    `region`, a metric's Region dimension, which CloudWatch matches as written): the logs, graphs and alarms were
 *    counted as this stack's. Such a region is undecided now: unknown, saying why.
 */
import { inStackRegion } from '../../../lib/checks/cfn/names';
import { judgedOn, oneFindingOn } from './judged';
import { GoLiveChecks } from '../../../lib';
import { R, compliantBases, set } from './fixtures';

describe('a region with white space around it is not read as the stack\'s', () => {
  test('inStackRegion: a padded region is open, as a padded account is', () => {
    expect(inStackRegion(' eu-west-1 ', 'eu-west-1')).toBe('open');
    expect(inStackRegion('eu-west-1 ', 'eu-west-1')).toBe('open');
    expect(inStackRegion('eu-west-1', 'eu-west-1')).toBe(true);
    expect(inStackRegion('us-east-1', 'eu-west-1')).toBe(false);
  });

  test('LogRetention: awslogs-region " eu-west-1 " (the stack\'s region, padded): unknown (was pass)', () => {
    const patch = [set(R('Task', 'Properties', 'ContainerDefinitions', 0, 'LogConfiguration', 'Options', 'awslogs-region'), ' eu-west-1 ')];
    expect(judgedOn('ecs-service', patch, 'LogRetention', 'Task')).toEqual([['unknown', expect.stringMatching(/awslogs-region is " eu-west-1 ", with white space around it: whether the driver reads it as region eu-west-1 .* is not documented/)]]);
    expect(judgedOn('ecs-service', [], 'LogRetention', 'Task').map(([s]) => s)).toEqual(['pass']);
  });

  test('AlarmSecurityEvents: a WAF alarm\'s Region dimension "eu-west-1 ": unknown (was pass)', () => {
    const patch = [set(R('WafBlockedAlarm', 'Properties', 'Dimensions', 0, 'Value'), 'eu-west-1 ')];
    expect(judgedOn('edge-alb', patch, 'AlarmSecurityEvents', 'WebAcl')).toEqual([['unknown', expect.stringMatching(/dimension Region is "eu-west-1 ", with white space around it: whether CloudWatch reads it as region eu-west-1 is not documented/)]]);
    expect(judgedOn('edge-alb', [], 'AlarmSecurityEvents', 'WebAcl').map(([s]) => s)).toEqual(['pass']);
  });

  test('DashboardInfrastructure: a graph whose region is " eu-west-1 ": unknown (was pass)', () => {
    const ROWS = ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'];
    const app = (region: string): any => {
      const pieces: any[] = [`{"widgets":[{"type":"metric","properties":{"region":"${region}","stat":"Maximum","metrics":[`];
      ROWS.forEach((m, i) => pieces.push(`${i ? ',' : ''}["AWS/DocDB","${m}","DBClusterIdentifier","`, { Ref: 'Docs' }, '"]'));
      pieces.push(']}}]}');
      return {
        Resources: {
          Docs: { Type: 'AWS::DocDB::DBCluster', DeletionPolicy: 'Snapshot', Properties: { EngineVersion: '5.0.0', StorageEncrypted: true, BackupRetentionPeriod: 30, DeletionProtection: true } },
          DocsA: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large' } },
          Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } },
        },
      };
    };
    expect(oneFindingOn(app('eu-west-1'), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure pass/);
    expect(oneFindingOn(app(' eu-west-1 '), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure unknown: dashboard Dash graphs region " eu-west-1 ", with white space around it: whether CloudWatch reads it as region eu-west-1 is not documented$/); // (the body is not read, as for a padded accountId)
  });

  test('DashboardSecurity: WAF rows whose Region dimension is "eu-west-1 ": unknown (was pass)', () => {
    const body = compliantBases().get('edge-alb').Resources.SecurityDashboard.Properties.DashboardBody;
    const padded = { 'Fn::Join': [body['Fn::Join'][0], body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p.split('"Region","eu-west-1"').join('"Region","eu-west-1 "') : p))] };
    expect(JSON.stringify(padded)).toContain('eu-west-1 ');
    const patch = [set(R('SecurityDashboard', 'Properties', 'DashboardBody'), padded)];
    expect(judgedOn('edge-alb', patch, 'DashboardSecurity', 'WebAcl')).toEqual([['unknown', expect.stringMatching(/dimension Region is "eu-west-1 ", with white space around it/)]]);
    expect(judgedOn('edge-alb', [], 'DashboardSecurity', 'WebAcl').map(([s]) => s)).toEqual(['pass']);
  });
});

/**
 * 2. A TLS Deny whose principal may not be every principal for a reason that is not a deploy-time value (a padded
 *    `" * "`, `"*"` under CanonicalUser or Service, a wildcard inside an ARN: `principalEveryone`, which IAM does not
 *    document as every principal) was reported as "decided at deploy time": the message says why it is not known now.
 */
describe('a TLS Deny whose principal IAM does not document as everyone: unknown, saying so (not "decided at deploy time")', () => {
  const PRINCIPALS: Array<[any, RegExp]> = [
    [' * ', /the principal is " \* ", "\*" with white space/],
    [{ CanonicalUser: '*' }, /"CanonicalUser": "\*" is not documented by IAM as every principal/],
    [{ Service: '*' }, /"Service": "\*" is not documented by IAM as every principal/],
    [{ AWS: 'arn:aws:iam::*:root' }, /holds a wildcard \(arn:aws:iam::\*:root\)/],
  ];

  test('S3BucketTlsOnly', () => {
    for (const [principal, why] of PRINCIPALS) {
      const found = judgedOn('platform', [set(R('LogArchivePolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Principal'), principal)], 'S3BucketTlsOnly', 'LogArchivePolicy');
      expect(found).toEqual([['unknown', expect.stringMatching(/^whether bucket policy LogArchivePolicy denies requests without TLS is not known as written: statement 0 denies requests without TLS to a principal that may not be every principal: /)]]);
      expect(found[0][1]).toMatch(why);
      expect(found[0][1]).not.toMatch(/deploy time/);
    }
  });

  test('AlarmTopicEncrypted', () => {
    for (const [principal, why] of PRINCIPALS) {
      const found = judgedOn('cache', [set(R('OnCallPolicy09ED5D63', 'Properties', 'PolicyDocument', 'Statement', 0, 'Principal'), principal)], 'AlarmTopicEncrypted', 'OnCall0B2745F4');
      expect(found).toEqual([['unknown', expect.stringMatching(/^whether topic policy OnCallPolicy09ED5D63 denies non-TLS requests is not known as written: statement 0 denies requests without TLS to a principal that may not be every principal: /)]]);
      expect(found[0][1]).toMatch(why);
      expect(found[0][1]).not.toMatch(/deploy time/);
    }
  });

  test('DynamoDbTlsEnforced', () => {
    for (const [principal, why] of PRINCIPALS) {
      const found = judgedOn('dynamodb', [set(R('Orders', 'Properties', 'ResourcePolicy', 'PolicyDocument', 'Statement', 0, 'Principal'), principal)], 'DynamoDbTlsEnforced', 'Orders');
      expect(found).toEqual([['unknown', expect.stringMatching(/whether the resource policy of the table refuses requests without TLS is not known as written: statement 0 denies requests without TLS to a principal that may not be every principal: /)]]);
      expect(found[0][1]).toMatch(why);
      expect(found[0][1]).not.toMatch(/deploy time/);
    }
  });

  test('a principal from a parameter still says "decided at deploy time"', () => {
    const patch = [set(['Parameters'], { Who: { Type: 'String' } }), set(R('LogArchivePolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Principal'), { AWS: { Ref: 'Who' } })];
    expect(judgedOn('platform', patch, 'S3BucketTlsOnly', 'LogArchivePolicy')).toEqual([['unknown', expect.stringMatching(/^whether bucket policy LogArchivePolicy denies requests without TLS is decided at deploy time \(a policy statement is decided at deploy time/)]]);
  });
});

/**
 * 3. MultiAz, an ECS service on several capacity providers: the verdict was unknown unless every provider's Auto
 *    Scaling group spanned the zones itself. A provider of Weight 0 and Base 0 gets no task (its group is not read
 *    now); groups that surely each get a task and whose zones do not overlap put tasks in that many zones (pass);
 *    groups whose zones together are too few fail; anything else stays unknown.
 */
describe('MultiAz: the groups of a capacity provider strategy judged together', () => {
  const ENV = { region: 'eu-west-1', account: '111111111111' };
  const PRIVATE = [1, 2, 3].map((i) => ({ Ref: `VpcPrivateSubnet${i}Subnet` }));
  /** platform-ec2 with a second group (Asg2, on Capacity2) and an awsvpc service of `count` tasks on `strategy`. */
  function twoGroups(zones1: number[], zones2: number[], strategy: any[], count = 3): any {
    const t = JSON.parse(JSON.stringify(compliantBases().get('platform-ec2')));
    t.Resources.Asg.Properties.VPCZoneIdentifier = zones1.map((i) => PRIVATE[i]);
    t.Resources.Asg2 = JSON.parse(JSON.stringify(t.Resources.Asg));
    t.Resources.Asg2.Properties.VPCZoneIdentifier = zones2.map((i) => PRIVATE[i]);
    t.Resources.Capacity2 = JSON.parse(JSON.stringify(t.Resources.Capacity));
    t.Resources.Capacity2.Properties.AutoScalingGroupProvider.AutoScalingGroupArn = { Ref: 'Asg2' };
    t.Resources.ClusterCapacityProviders.Properties.CapacityProviders.push({ Ref: 'Capacity2' });
    t.Resources.Td = { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], NetworkMode: 'awsvpc', ContainerDefinitions: [{ Name: 'app', Image: 'public.ecr.aws/nginx/nginx:1.27', Memory: 512 }] } };
    t.Resources.Svc = {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Td' }, DesiredCount: count, CapacityProviderStrategy: strategy,
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: PRIVATE, SecurityGroups: [{ 'Fn::GetAtt': ['InstanceSg', 'GroupId'] }] } },
      },
    };
    return t;
  }
  const multiAz = (t: any) => new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate(t, 'T', ENV).findings
    .filter((f) => f.ruleId === 'MultiAz' && f.resource === 'Svc').map((f) => [f.status, f.message]);
  const C1 = { Ref: 'Capacity' };
  const C2 = { Ref: 'Capacity2' };

  test('two one-zone groups in different zones, Weight 1 each, 3 tasks: pass (was unknown)', () => {
    expect(multiAz(twoGroups([0], [1], [{ CapacityProvider: C1, Weight: 1 }, { CapacityProvider: C2, Weight: 1 }])))
      .toEqual([['pass', expect.stringMatching(/spans 3 availability zones/)]]);
    // A Base of 1 on one, Weight 1 on the other: each gets a task.
    expect(multiAz(twoGroups([0], [1], [{ CapacityProvider: C1, Weight: 0, Base: 1 }, { CapacityProvider: C2, Weight: 1 }]))[0][0]).toBe('pass');
  });

  test('a provider of Weight 0 and Base 0 gets no task: its one-zone group is not read, the other spans 3 zones: pass (was unknown)', () => {
    expect(multiAz(twoGroups([0, 1, 2], [0], [{ CapacityProvider: C1, Weight: 1 }, { CapacityProvider: C2, Weight: 0 }])))
      .toEqual([['pass', expect.stringMatching(/spans 3 availability zones/)]]);
    expect(multiAz(twoGroups([0, 1, 2], [0], [{ CapacityProvider: C1, Weight: 1 }, { CapacityProvider: C2 }]))[0][0]).toBe('pass');
  });

  test('a share that may round to no task (Weight 1 against 4 with 3 tasks), or overlapping zones: still unknown', () => {
    expect(multiAz(twoGroups([0], [1], [{ CapacityProvider: C1, Weight: 1 }, { CapacityProvider: C2, Weight: 4 }])))
      .toEqual([['unknown', expect.stringMatching(/the zones of the service's container instances are not known: Auto Scaling group Asg: spans 1 availability zone/)]]);
    expect(multiAz(twoGroups([0], [0, 1], [{ CapacityProvider: C1, Weight: 1 }, { CapacityProvider: C2, Weight: 1 }]))[0][0]).toBe('unknown');
    // A Weight from a parameter may be 0 or large: unknown.
    const t = twoGroups([0], [1], [{ CapacityProvider: C1, Weight: { Ref: 'W' } }, { CapacityProvider: C2, Weight: 1 }]);
    t.Parameters = { ...(t.Parameters ?? {}), W: { Type: 'Number' } };
    expect(multiAz(t)[0][0]).toBe('unknown');
  });

  test('two groups in the same one zone: fail, naming both (was unknown)', () => {
    expect(multiAz(twoGroups([0], [0], [{ CapacityProvider: C1, Weight: 1 }, { CapacityProvider: C2, Weight: 1 }])))
      .toEqual([['fail', expect.stringMatching(/container instances of Auto Scaling groups Asg \(eu-west-1a\), Asg2 \(eu-west-1a\), 1 availability zone\(s\) together/)]]);
  });
});

/**
 * 4. An EC2-launch-type cluster whose instances join it by its literal name in user data (`echo ECS_CLUSTER=my-cluster
 *    >> /etc/ecs/ecs.config`, the cluster's `ClusterName: my-cluster`): MultiAz was unknown (no launch template joins
 *    the cluster), ScalingMinCapacity judged the group as a serving fleet (a wrong fail) and ComputeProvisioned said
 *    nothing provides container instances (a wrong fail). A literal ClusterName match is read as joining now.
 */
describe('instances joining a cluster by its literal ClusterName in user data', () => {
  const ENV = { region: 'eu-west-1', account: '111111111111' };
  const PRIVATE = [1, 2, 3].map((i) => ({ Ref: `VpcPrivateSubnet${i}Subnet` }));
  function byName(joins: string, asg: Record<string, any> = {}): any {
    const t = JSON.parse(JSON.stringify(compliantBases().get('platform-ec2')));
    for (const id of ['ClusterCapacityProviders', 'Capacity']) delete t.Resources[id];
    t.Resources.Cluster.Properties.ClusterName = 'my-cluster';
    t.Resources.LaunchTemplate.Properties.LaunchTemplateData.UserData = { 'Fn::Base64': `#!/bin/bash\necho ECS_CLUSTER=${joins} >> /etc/ecs/ecs.config\n` };
    Object.assign(t.Resources.Asg.Properties, asg);
    t.Resources.Td = { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], NetworkMode: 'awsvpc', ContainerDefinitions: [{ Name: 'app', Image: 'public.ecr.aws/nginx/nginx:1.27', Memory: 512 }] } };
    t.Resources.Svc = {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Td' }, DesiredCount: 3, LaunchType: 'EC2',
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: PRIVATE, SecurityGroups: [{ 'Fn::GetAtt': ['InstanceSg', 'GroupId'] }] } },
      },
    };
    return t;
  }
  const on = (t: any, rule: string, id: string) => new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate(t, 'T', ENV).findings
    .filter((f) => f.ruleId === rule && f.resource === id).map((f) => [f.status, f.message]);

  test('MultiAz reads the group launching the template that joins by name: pass, or fail in one zone (was unknown)', () => {
    expect(on(byName('my-cluster'), 'MultiAz', 'Svc')).toEqual([['pass', expect.stringMatching(/spans 3 availability zones/)]]);
    expect(on(byName('my-cluster', { VPCZoneIdentifier: [PRIVATE[0]] }), 'MultiAz', 'Svc'))
      .toEqual([['fail', expect.stringMatching(/container instances of Auto Scaling group Asg, which spans 1 availability zone/)]]);
  });

  test('ScalingMinCapacity counts such a group on the service, not as a serving fleet (was fail)', () => {
    expect(on(byName('my-cluster', { MinSize: '1' }), 'ScalingMinCapacity', 'Asg')).toEqual([]);
  });

  test('ComputeProvisioned: the cluster gets container instances (was fail)', () => {
    expect(on(byName('my-cluster'), 'ComputeProvisioned', 'Svc').map(([s]) => s)).not.toContain('fail');
  });

  test('another name in user data does not join it: as before', () => {
    expect(on(byName('other-cluster'), 'MultiAz', 'Svc')).toEqual([['unknown', expect.stringMatching(/no launch template, launch configuration or instance of the template joins cluster Cluster/)]]);
    // Container instances of cluster other-cluster, outside the template: ECS capacity, not a serving fleet (ecsjoin2).
    expect(on(byName('other-cluster', { MinSize: '1' }), 'ScalingMinCapacity', 'Asg')).toEqual([]);
    expect(on(byName('my-cluster-2'), 'MultiAz', 'Svc')[0][0]).toBe('unknown');
  });
});
