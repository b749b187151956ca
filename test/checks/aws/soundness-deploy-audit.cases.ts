/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes of the deployment and scaling rules found by an audit (2026-12-05): each case was a PASS.
 * DEPLOY-CANARY-ROLLBACK timed any attached alarm, whatever it watched; SCALING-AUTOSCALING counted a predictive
 * policy that only forecasts and a step policy invoked only by an alarm whose actions are disabled.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[resource, status, message]` of one rule's findings on a patched base. */
function judged(ruleId: string, base: string, patch: PatchOp[]): Array<[string, string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, { region: 'eu-west-1' });
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource ?? '', f.status, f.message]);
}
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });

describe('DeployCanaryRollback: the attached alarms must watch what the deployment releases', () => {
  const GROUP = 'Deployment37BBD5E4';
  const rollback = (patch: PatchOp[]) => judged('DeployCanaryRollback', 'lambda-service', patch).filter(([r]) => r === GROUP).map(([, s, m]) => [s, m]);
  const alarm = (metric: any): PatchOp => set(['Resources', 'Other'], { Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, Period: 60, Statistic: 'Sum', Threshold: 1, ...metric } });
  const attachOnly = set(['Resources', GROUP, 'Properties', 'AlarmConfiguration', 'Alarms'], [{ Name: { Ref: 'Other' } }]);

  test('the base passes', () => {
    expect(rollback([]).map(([s]) => s)).toEqual(['pass']);
  });
  test('an alarm on another function only: fail', () => {
    const other = alarm({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'PreTrafficD1555B24' } }] });
    expect(rollback([other, attachOnly])).toEqual([['fail', expect.stringMatching(/no attached alarm watches what it releases \(Live848578DF, Fn9270CBC0\): Other watches other functions or services/)]]);
  });
  test('an alarm on an application metric (no dimension naming the function): unknown', () => {
    const app = alarm({ Namespace: 'Shop', MetricName: 'CheckoutErrors' });
    expect(rollback([app, attachOnly])).toEqual([['unknown', expect.stringMatching(/whether the attached alarms \(Other\) see the errors of what it releases/)]]);
  });
  test('an alarm on the function at a 10-s Period (AWS/Lambda publishes once a minute) may never fire: unknown, not timed', () => {
    const fast = alarm({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'Fn9270CBC0' } }], Period: 10, EvaluationPeriods: 3 });
    expect(rollback([fast, attachOnly])).toEqual([['unknown', expect.stringMatching(/whether they ever fire is not known: alarm Other reads AWS\/Lambda Errors at a 10-s Period/)]]);
  });
  test('an alarm on the alias (FunctionName + Resource) passes', () => {
    const alias = alarm({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'Fn9270CBC0' } }, { Name: 'Resource', Value: { 'Fn::Join': [':', [{ Ref: 'Fn9270CBC0' }, 'live']] } }] });
    expect(rollback([alias, attachOnly]).map(([s]) => s)).toEqual(['pass']);
  });
});

describe('ScalingAutoscaling: a policy that acts', () => {
  const POLICY = ['Resources', 'ServiceTaskCountTargetCpu', 'Properties'];
  const scaling = (patch: PatchOp[]) => judged('ScalingAutoscaling', 'ecs-service', patch).filter(([r]) => r === 'Service').map(([, s, m]) => [s, m]);
  const predictive = (mode: any): PatchOp[] => [
    set([...POLICY, 'PolicyType'], 'PredictiveScaling'),
    { op: 'delete', path: [...POLICY, 'TargetTrackingScalingPolicyConfiguration'] },
    set([...POLICY, 'PredictiveScalingPolicyConfiguration'], { MetricSpecifications: [{ TargetValue: 60, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' } }], ...(mode === undefined ? {} : { Mode: mode }) }),
  ];
  test('a predictive policy only forecasts by default or in ForecastOnly mode: fail; ForecastAndScale passes; a mode decided at deploy time is unknown', () => {
    expect(scaling(predictive(undefined))).toEqual([['fail', expect.stringMatching(/a PredictiveScaling policy needs Mode ForecastAndScale/)]]);
    expect(scaling(predictive('ForecastOnly')).map(([s]) => s)).toEqual(['fail']);
    expect(scaling(predictive('ForecastAndScale')).map(([s]) => s)).toEqual(['pass']);
    expect(scaling([set(['Parameters', 'Mode'], { Type: 'String', AllowedValues: ['ForecastOnly', 'ForecastAndScale'] }), ...predictive({ Ref: 'Mode' })]).map(([s]) => s)).toEqual(['unknown']);
  });
  const step = (actionsEnabled: any): PatchOp[] => [
    set([...POLICY, 'PolicyType'], 'StepScaling'),
    { op: 'delete', path: [...POLICY, 'TargetTrackingScalingPolicyConfiguration'] },
    set([...POLICY, 'StepScalingPolicyConfiguration'], { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }] }),
    set(['Resources', 'CpuHigh'], { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: { Ref: 'Cluster' } }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } }], Statistic: 'Average', Period: 60, EvaluationPeriods: 3, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'ServiceTaskCountTargetCpu' }], ...(actionsEnabled === undefined ? {} : { ActionsEnabled: actionsEnabled }) } }),
  ];
  test('a step policy invoked only by an alarm with its actions disabled never runs: fail; enabled passes', () => {
    expect(scaling(step(false))).toEqual([['fail', expect.stringMatching(/a StepScaling policy needs an alarm with actions enabled that invokes it/)]]);
    expect(scaling(step(undefined)).map(([s]) => s)).toEqual(['pass']);
    expect(scaling(step(true)).map(([s]) => s)).toEqual(['pass']);
  });
});

describe('ComputeProvisioned: an ECS service has capacity where ECS places its tasks', () => {
  const provisioned = (patch: PatchOp[]) => judged('ComputeProvisioned', 'ecs-service', patch).filter(([r]) => r === 'Service').map(([, s, m]) => [s, m]);
  const noLaunchType: PatchOp = { op: 'delete', path: ['Resources', 'Service', 'Properties', 'LaunchType'] };
  const strategy = (p: string): PatchOp => set(['Resources', 'Service', 'Properties', 'CapacityProviderStrategy'], [{ CapacityProvider: p, Weight: 1 }]);
  const associate = (ps: string[], dflt?: string): PatchOp => set(['Resources', 'Providers'], { Type: 'AWS::ECS::ClusterCapacityProviderAssociations', Properties: { Cluster: { Ref: 'Cluster' }, CapacityProviders: ps, DefaultCapacityProviderStrategy: dflt ? [{ CapacityProvider: dflt, Weight: 1 }] : [] } });
  test('the base (LaunchType FARGATE) passes', () => {
    expect(provisioned([]).map(([s]) => s)).toEqual(['pass']);
  });
  test('no LaunchType, no strategy, a cluster without a default strategy or instances: ECS falls back to EC2, and nothing runs: fail', () => {
    expect(provisioned([noLaunchType])).toEqual([['fail', expect.stringMatching(/has no default strategy: the EC2 launch type, but nothing provides container instances to cluster Cluster/)]]);
  });
  test("the cluster's default strategy on an associated FARGATE passes", () => {
    expect(provisioned([noLaunchType, associate(['FARGATE'], 'FARGATE')])).toEqual([['pass', expect.stringMatching(/on the cluster's default strategy: Fargate/)]]);
  });
  test('a strategy naming a provider not associated with the cluster: fail; associated: pass', () => {
    expect(provisioned([noLaunchType, strategy('FARGATE_SPOT')])).toEqual([['fail', expect.stringMatching(/capacity provider FARGATE_SPOT is not associated with cluster Cluster/)]]);
    expect(provisioned([noLaunchType, strategy('FARGATE_SPOT'), associate(['FARGATE', 'FARGATE_SPOT'])]).map(([s]) => s)).toEqual(['pass']);
  });
  test('a strategy in a cluster outside the template: unknown', () => {
    const outside = set(['Resources', 'Service', 'Properties', 'Cluster'], 'arn:aws:ecs:eu-west-1:111111111111:cluster/shared');
    expect(provisioned([noLaunchType, strategy('FARGATE'), outside])).toEqual([['unknown', expect.stringMatching(/outside this template, has capacity provider FARGATE associated cannot be seen/)]]);
  });
});

describe('ConfigDebugOff / ConfigNoMocks: a container with Essential false runs in production too', () => {
  const worker = (env: Array<[string, string]>, command?: string[]): PatchOp => ({ op: 'push', path: ['Resources', 'Task', 'Properties', 'ContainerDefinitions'], value: { Name: 'worker', Image: 'public.ecr.aws/docker/library/node:22-alpine', Essential: false, Environment: env.map(([Name, Value]) => ({ Name, Value })), ...(command ? { Command: command } : {}) } });
  const statuses = (rule: string, patch: PatchOp[]) => judged(rule, 'ecs-service', patch).map(([, s, m]) => [s, m]);
  test('a debugger or DEBUG on a non-essential container fails; the base passes', () => {
    expect(statuses('ConfigDebugOff', []).every(([s]) => s === 'pass')).toBe(true);
    expect(statuses('ConfigDebugOff', [worker([['DEBUG', 'true']], ['node', '--inspect=0.0.0.0:9229', 'worker.js'])])).toContainEqual(['fail', expect.stringMatching(/container worker: debug mode on: .*--inspect/)]);
  });
  test('a mock switch on a non-essential container fails', () => {
    expect(statuses('ConfigNoMocks', [worker([['MOCK_MODE', 'full']])])).toContainEqual(['fail', expect.stringMatching(/container worker/)]);
  });
});
