/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Compute and deployment shapes of real third-party templates (hunt of 2026-12-05, hfcomp): each case was a PASS.
 * - DEPLOY-PROGRESSIVE: a native ECS canary or linear step that waits 0 minutes (ECS accepts 0 to 1440) and a CodeDeploy
 *   TimeBasedCanary / TimeBasedLinear config with an interval of 0 minutes move all traffic in one go.
 * - COMPUTE-PROVISIONED: an EC2-launched ECS service whose cluster is joined only by a launch template nothing launches,
 *   or whose Auto Scaling groups (behind a capacity provider or launching the joining template) all have MaxSize 0,
 *   never gets a container instance.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });

/** `[status, message]` of one rule on one resource of a patched compliant base. */
function judged(base: string, rule: string, resource: string, patch: PatchOp[]): Array<[string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, { region: 'eu-west-1' });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}

describe('DEPLOY-PROGRESSIVE: a step that waits 0 minutes moves all traffic at once', () => {
  const DC = ['Resources', 'Service', 'Properties', 'DeploymentConfiguration'];
  const ecs = (patch: PatchOp[]) => judged('ecs-service', 'DeployProgressive', 'Service', patch);

  test('the ECS base (canary 10 % for 5 min) passes; the default bake time (10 min) passes', () => {
    expect(ecs([])).toEqual([['pass', expect.stringMatching(/native ECS canary: 10 % of traffic for 5 min/)]]);
    expect(ecs([del([...DC, 'CanaryConfiguration', 'CanaryBakeTimeInMinutes'])])).toEqual([['pass', expect.stringMatching(/for 10 min/)]]);
  });

  test('ECS canary with CanaryBakeTimeInMinutes 0: fail', () => {
    expect(ecs([set([...DC, 'CanaryConfiguration', 'CanaryBakeTimeInMinutes'], 0)]))
      .toEqual([['fail', expect.stringMatching(/canary of 10 % with a bake time of 0 min: the rest of the traffic follows at once/)]]);
  });

  test('ECS linear with StepBakeTimeInMinutes 0: fail; 1 min passes', () => {
    const linear = (bake: number) => [
      set([...DC, 'Strategy'], 'LINEAR'),
      del([...DC, 'CanaryConfiguration']),
      set([...DC, 'LinearConfiguration'], { StepPercent: 10, StepBakeTimeInMinutes: bake }),
    ];
    expect(ecs(linear(0))).toEqual([['fail', expect.stringMatching(/linear steps of 10 % with a bake time of 0 min follow one another at once/)]]);
    expect(ecs(linear(1))).toEqual([['pass', expect.stringMatching(/native ECS linear: 10 % more traffic every 1 min/)]]);
  });

  test('ECS canary bake time from an AllowedValues parameter [0, 5]: unknown', () => {
    const patch = [
      set(['Parameters', 'Bake'], { Type: 'Number', AllowedValues: [0, 5], Default: 5 }),
      set([...DC, 'CanaryConfiguration', 'CanaryBakeTimeInMinutes'], { Ref: 'Bake' }),
    ];
    expect(ecs(patch)).toEqual([['unknown', expect.stringMatching(/Bake = 0: a canary of 10 % with a bake time of 0 min/)]]);
  });

  const FN = 'Fn9270CBC0';
  const GROUP = 'Deployment37BBD5E4';
  const custom = (routing: any): PatchOp[] => [
    set(['Resources', 'Cfg'], { Type: 'AWS::CodeDeploy::DeploymentConfig', Properties: { ComputePlatform: 'Lambda', TrafficRoutingConfig: routing } }),
    set(['Resources', GROUP, 'Properties', 'DeploymentConfigName'], { Ref: 'Cfg' }),
  ];

  test('CodeDeploy TimeBasedCanary with CanaryInterval 0: the group and the function fail', () => {
    const patch = custom({ Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 10, CanaryInterval: 0 } });
    const msg = /Deployment37BBD5E4 shifts all traffic at once \(Cfg: TimeBasedCanary waits 0 min between steps/;
    expect(judged('lambda-service', 'DeployProgressive', GROUP, patch)).toEqual([['fail', expect.stringMatching(msg)]]);
    expect(judged('lambda-service', 'DeployProgressive', FN, patch)).toEqual([['fail', expect.stringMatching(msg)]]);
  });

  test('CodeDeploy TimeBasedLinear with LinearInterval 0: fail; 1 min passes', () => {
    const at = (minutes: number) => custom({ Type: 'TimeBasedLinear', TimeBasedLinear: { LinearPercentage: 10, LinearInterval: minutes } });
    expect(judged('lambda-service', 'DeployProgressive', GROUP, at(0))).toEqual([['fail', expect.stringMatching(/TimeBasedLinear waits 0 min between steps/)]]);
    expect(judged('lambda-service', 'DeployProgressive', GROUP, at(1))).toEqual([['pass', expect.stringMatching(/shifts traffic with Cfg \(TimeBasedLinear, 10 % per step\)/)]]);
  });

  test('CodeDeploy interval from an open parameter: unknown', () => {
    const patch = [
      set(['Parameters', 'Minutes'], { Type: 'Number', Default: 5 }),
      ...custom({ Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 10, CanaryInterval: { Ref: 'Minutes' } } }),
    ];
    expect(judged('lambda-service', 'DeployProgressive', GROUP, patch)).toEqual([['unknown', expect.stringMatching(/Minutes/)]]);
  });
});

/**
 * COMPUTE-PROVISIONED: an EC2-launched ECS service has somewhere to run only when something starts container instances
 * for its cluster. A launch template that joins the cluster but that no Auto Scaling group or instance launches, and
 * Auto Scaling groups with MaxSize 0 (behind a capacity provider or launching the joining template), start none.
 */
describe('COMPUTE-PROVISIONED: the instances that join the cluster must be started by something', () => {
  const service = (props: any): PatchOp[] => [
    set(['Resources', 'Td'], { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], NetworkMode: 'bridge', ContainerDefinitions: [{ Name: 'app', Image: 'public.ecr.aws/x/app@sha256:' + 'a'.repeat(64), Memory: 256, Essential: true }] } }),
    set(['Resources', 'Svc'], { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, DesiredCount: 2, TaskDefinition: { Ref: 'Td' }, ...props } }),
  ];
  const ec2 = service({ LaunchType: 'EC2' });
  const viaProvider = service({ CapacityProviderStrategy: [{ CapacityProvider: { Ref: 'Capacity' }, Weight: 1 }] });
  const judge = (patch: PatchOp[]) => judged('platform-ec2', 'ComputeProvisioned', 'Svc', patch);
  const asgSize = (max: any): PatchOp[] => [set(['Resources', 'Asg', 'Properties', 'MaxSize'], max), set(['Resources', 'Asg', 'Properties', 'MinSize'], '0')];
  const noProvider: PatchOp[] = [del(['Resources', 'ClusterCapacityProviders']), del(['Resources', 'Capacity'])];

  test('the base cluster (an ASG capacity provider, MaxSize 9) runs an EC2 service and a capacity-provider service', () => {
    expect(judge(ec2)).toEqual([['pass', expect.stringMatching(/runs 2 task\(s\) on EC2 container instances/)]]);
    expect(judge(viaProvider)).toEqual([['pass', expect.stringMatching(/runs 2 task\(s\) on capacity providers/)]]);
  });

  test('the only Auto Scaling group has MaxSize 0: both fail', () => {
    expect(judge([...ec2, ...asgSize('0')])).toEqual([['fail', expect.stringMatching(/nothing starts a container instance for cluster Cluster \(Auto Scaling group Asg has MaxSize 0/)]]);
    expect(judge([...viaProvider, ...asgSize('0')])).toEqual([['fail', expect.stringMatching(/no capacity provider of the strategy can start an instance \(Auto Scaling group Asg has MaxSize 0\)/)]]);
  });

  test('a launch template that joins the cluster but nothing launches: fail', () => {
    expect(judge([...ec2, ...noProvider, del(['Resources', 'Asg'])])).toEqual([['fail', expect.stringMatching(/LaunchTemplate is launched by no Auto Scaling group or instance/)]]);
  });

  test('the joining launch template launched by a group with MaxSize 0: fail; from an open parameter: unknown', () => {
    expect(judge([...ec2, ...noProvider, ...asgSize('0')])).toEqual([['fail', expect.stringMatching(/Auto Scaling group Asg has MaxSize 0/)]]);
    const open = [...ec2, ...noProvider, set(['Parameters', 'ClusterSize'], { Type: 'Number', Default: 4 }), ...asgSize({ Ref: 'ClusterSize' })];
    expect(judge(open)).toEqual([['unknown', expect.stringMatching(/ClusterSize/)]]);
  });
});
