/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { AlarmCpu } from '../../../lib/checks/aws/alarms/alarm-cpu';
import { AlarmDbConnections } from '../../../lib/checks/aws/alarms/alarm-db-connections';
import { AlarmErrorRate } from '../../../lib/checks/aws/alarms/alarm-error-rate';
import { AlarmLatencyP95 } from '../../../lib/checks/aws/alarms/alarm-latency-p95';
import { AlarmLatencyP99 } from '../../../lib/checks/aws/alarms/alarm-latency-p99';
import { AlarmMemory } from '../../../lib/checks/aws/alarms/alarm-memory';
import { AlarmUnhealthyHosts } from '../../../lib/checks/aws/alarms/alarm-unhealthy-hosts';
import { dashboardRows as dashboardMetrics } from '../../../lib/checks/cfn/dashboards';
import { DashboardService } from '../../../lib/checks/aws/alarms/dashboard-service';
import { parseAlarm, parseExpression, rateFactor } from '../../../lib/checks/cfn/alarms';
import { isServiceFunction } from '../../../lib/checks/cfn/service-compute';
import { DeployCanaryRollback } from '../../../lib/checks/aws/deployment/deploy-canary-rollback';
import { DeployHealthHooks } from '../../../lib/checks/aws/deployment/deploy-health-hooks';
import { DeployProgressive } from '../../../lib/checks/aws/deployment/deploy-progressive';
import { DeployZeroDowntime } from '../../../lib/checks/aws/deployment/deploy-zero-downtime';
import { ScalingMinCapacity } from '../../../lib/checks/aws/deployment/scaling-min-capacity';
import { GoLiveChecks } from '../../../lib';
import { AwsRule, Verdict } from '../../../lib/checks/rule';
import { TemplateIndex } from '../../../lib/checks/template-index';
import { applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const ecs = bases.get('ecs-service');
const lambda = bases.get('lambda-canary');

function run(rule: AwsRule, template: any, logicalId: string, thresholds = Thresholds.DEFAULTS): Verdict[] {
  const index = new TemplateIndex(template, 'test.json', 'Test');
  const res = index.get(logicalId);
  if (!res) throw new Error(`no ${logicalId}`);
  const out = rule.check(res, { index, thresholds });
  return out === undefined ? [] : Array.isArray(out) ? out : [out];
}
const status = (vs: Verdict[]) => vs.map((v) => v.status);
const set = (path: (string | number)[], value: any) => ({ op: 'set' as const, path, value });
const del = (path: (string | number)[]) => ({ op: 'delete' as const, path });

describe('metric-math error rate', () => {
  const alarm = (expression: string, extra: any[] = []) => {
    const t = {
      Resources: {
        A: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            Metrics: [
              { Id: 'expr', Expression: expression, ReturnData: true },
              { Id: 'e5', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
              { Id: 'e5elb', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_ELB_5XX_Count' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
              { Id: 'req', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
              ...extra,
            ],
          },
        },
      },
    };
    const index = new TemplateIndex(t, 't', 't');
    const view = parseAlarm(index, index.get('A')!);
    return rateFactor(view, 'expr', (m) => /5XX/.test(m.name ?? ''), (m) => m.name === 'RequestCount');
  };

  test.each([
    ['100 * e5 / req', 100],
    ['(e5 / req) * 100', 100],
    ['e5 / req', 1],
    ['100 * (e5 + e5elb) / req', 100],
    ['100 * FILL(e5, 0) / MAX([req, 1])', 100],
    ['100*(e5+e5elb)/(req)', 100],
  ])('%s is a rate with factor %d', (expr, factor) => expect(alarm(expr).factor).toBeCloseTo(factor));

  test.each([
    ['e5', /reads no request count/],
    ['100 * e5 / 1000', /reads no request count/],
    ['100 * e5 / (req - req + 1000)', /not e5 divided/],
    ['req / e5', /not zero/],
    ['100 * e5 / req + 1', /not zero/],
    ['100 * (2 * e5 + e5elb) / req', /weighted differently/],
    ['100 * e5 / RUNNING_SUM(req)', /not interpreted/],
  ])('%s is not a rate', (expr, reason) => expect(alarm(expr).reason).toMatch(reason));

  test('the parser knows precedence, unary minus and arrays', () => {
    expect(parseExpression('1 + 2 * 3')).toEqual({ t: 'bin', op: '+', l: { t: 'num', v: 1 }, r: { t: 'bin', op: '*', l: { t: 'num', v: 2 }, r: { t: 'num', v: 3 } } });
    expect(() => parseExpression('1 +')).toThrow();
    expect(parseExpression('MAX([a, -1])').t).toBe('call');
  });

  test('a tightened errorRatePercent fails the compliant 1 % alarm', () => {
    expect(status(run(AlarmErrorRate, ecs, 'Alb'))).toEqual(['pass']);
    expect(status(run(AlarmErrorRate, ecs, 'Alb', Thresholds.of({ errorRatePercent: 0.5 })))).toEqual(['fail']);
  });

  test('a fraction threshold of 0.01 is 1 %', () => {
    const t = applyPatch(ecs, [set(['Resources', 'ErrorRateAlarm', 'Properties', 'Metrics', 0, 'Expression'], '(FILL(e5, 0) + FILL(elb5, 0)) / req'), set(['Resources', 'ErrorRateAlarm', 'Properties', 'Threshold'], 0.01)]);
    expect(status(run(AlarmErrorRate, t, 'Alb'))).toEqual(['pass']);
  });

  test('an internal ALB is not checked', () => {
    const t = applyPatch(ecs, [set(['Resources', 'Alb', 'Properties', 'Scheme'], 'internal')]);
    expect(run(AlarmErrorRate, t, 'Alb')).toEqual([]);
  });
});

describe('alarms read in each world', () => {
  const open = (t: any, name: string) => applyPatch(t, [set(['Parameters', name], { Type: 'String' })]);

  test('an open part of one alarm makes only the requirements it may meet unknown', () => {
    const t = applyPatch(open(ecs, 'P95Stat'), [set(['Resources', 'LatencyP95Alarm', 'Properties', 'ExtendedStatistic'], { Ref: 'P95Stat' })]);
    const p95 = run(AlarmLatencyP95, t, 'Alb');
    expect(status(p95)).toEqual(['unknown']);
    expect(p95[0].message).toMatch(/parameter P95Stat/);
    expect(status(run(AlarmLatencyP99, t, 'Alb'))).toEqual(['pass']);
    // A utilization alarm measures a level only with a level statistic (Average, Maximum, pNN): an open one
    // (SampleCount, Sum) is unknown, on that alarm's item alone.
    const memory = applyPatch(open(ecs, 'MemoryStat'), [set(['Resources', 'MemoryAlarm', 'Properties', 'Statistic'], { Ref: 'MemoryStat' })]);
    const mem = run(AlarmMemory, memory, 'Service');
    expect(status(mem)).toEqual(['unknown']);
    expect(mem[0].message).toMatch(/parameter MemoryStat/);
    expect(status(run(AlarmCpu, memory, 'Service'))).toEqual(['pass']);
  });

  test('a metric name from an open parameter may be the CPU metric; a known namespace of another service is not', () => {
    const name = applyPatch(open(ecs, 'Metric'), [del(['Resources', 'CpuAlarm']), set(['Resources', 'MemoryAlarm', 'Properties', 'MetricName'], { Ref: 'Metric' })]);
    expect(status(run(AlarmCpu, name, 'Service'))).toEqual(['unknown']);
    const other = applyPatch(name, [set(['Resources', 'MemoryAlarm', 'Properties', 'Namespace'], 'AWS/SQS')]);
    expect(status(run(AlarmCpu, other, 'Service'))).toEqual(['fail']);
  });

  test('ActionsEnabled: !If [cond, false, AWS::NoValue] never passes (issue 13)', () => {
    const t = applyPatch(ecs, [
      set(['Parameters', 'Mute'], { Type: 'String', AllowedValues: ['yes', 'no'] }),
      set(['Conditions'], { Muted: { 'Fn::Equals': [{ Ref: 'Mute' }, 'yes'] } }),
      set(['Resources', 'CpuAlarm', 'Properties', 'ActionsEnabled'], { 'Fn::If': ['Muted', false, { Ref: 'AWS::NoValue' }] }),
    ]);
    const report = new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate(t, 'muted');
    expect(report.findings.filter((f) => f.resource === 'CpuAlarm' && f.ruleId === 'AlarmHasAction').map((f) => f.status)).toEqual(['unknown']);
    expect(report.findings.filter((f) => f.resource === 'Service' && f.ruleId === 'AlarmCpu').map((f) => f.status)).toEqual(['unknown']);
    expect(report.statusOf('ALARM-ACTIONS')).not.toBe('satisfied');
    expect(report.statusOf('ALARM-CPU')).not.toBe('satisfied');
  });
});

describe('latency', () => {
  test('TargetResponseTime is in seconds', () => {
    const t = applyPatch(ecs, [set(['Resources', 'LatencyP95Alarm', 'Properties', 'Threshold'], 500)]);
    expect(status(run(AlarmLatencyP95, t, 'Alb'))).toEqual(['fail']);
  });
  test('a tightened latencyP95Ms fails the 500 ms alarm', () => {
    expect(status(run(AlarmLatencyP95, lambda, 'Handler', Thresholds.of({ latencyP95Ms: 300 })))).toEqual(['fail']);
  });
});

describe('unhealthy hosts', () => {
  test.each([
    ['GreaterThanThreshold', 0, 'pass'],
    ['GreaterThanThreshold', 0.5, 'pass'],
    ['GreaterThanThreshold', 1, 'fail'],
    ['GreaterThanOrEqualToThreshold', 1, 'pass'],
    ['GreaterThanOrEqualToThreshold', 0, 'fail'],
    ['GreaterThanOrEqualToThreshold', 2, 'fail'],
    ['LessThanThreshold', 0, 'fail'],
  ])('%s %d → %s', (op, threshold, expected) => {
    const t = applyPatch(ecs, [
      set(['Resources', 'BlueUnhealthyHostsAlarm', 'Properties', 'ComparisonOperator'], op),
      set(['Resources', 'BlueUnhealthyHostsAlarm', 'Properties', 'Threshold'], threshold),
    ]);
    expect(status(run(AlarmUnhealthyHosts, t, 'Blue'))).toEqual([expected]);
  });
  test('Lambda target groups are checked only with health checks enabled (the Lambda default is off)', () => {
    const lambdaTg = applyPatch(ecs, [set(['Resources', 'Blue', 'Properties', 'TargetType'], 'lambda')]);
    expect(run(AlarmUnhealthyHosts, applyPatch(lambdaTg, [del(['Resources', 'Blue', 'Properties', 'HealthCheckEnabled'])]), 'Blue')).toEqual([]);
    expect(run(AlarmUnhealthyHosts, applyPatch(lambdaTg, [set(['Resources', 'Blue', 'Properties', 'HealthCheckEnabled'], false)]), 'Blue')).toEqual([]);
    const checked = applyPatch(lambdaTg, [set(['Resources', 'Blue', 'Properties', 'HealthCheckEnabled'], true)]);
    expect(status(run(AlarmUnhealthyHosts, checked, 'Blue'))).toEqual(['pass']);
    expect(status(run(AlarmUnhealthyHosts, applyPatch(checked, [set(['Resources', 'BlueUnhealthyHostsAlarm', 'Properties', 'Threshold'], 2)]), 'Blue'))).toEqual(['fail']);
  });
});

describe('max_connections', () => {
  const db = bases.get('database');
  const alarm = db && Object.entries<any>(db.Resources).find(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === 'DatabaseConnections')?.[0];
  const writer = db && Object.entries<any>(db.Resources).find(([, r]) => r.Type === 'AWS::RDS::DBInstance')?.[0];
  (alarm && writer ? test : test.skip)('a cluster is covered by an alarm on each member instead', () => {
    const members = Object.entries<any>(db.Resources).filter(([, r]) => r.Type === 'AWS::RDS::DBInstance').map(([id]) => id);
    const moved = applyPatch(db, [
      del(['Resources', alarm!]),
      ...members.map((m) => set(['Resources', `${m}Conns`], {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/RDS', MetricName: 'DatabaseConnections', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 3, Threshold: 1500,
          ComparisonOperator: 'GreaterThanThreshold', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: m } }],
          AlarmActions: db.Resources[alarm!].Properties.AlarmActions,
        },
      })),
    ]);
    expect(status(run(AlarmDbConnections, moved, 'Db'))).toEqual(['pass']);
    // One member left without an alarm: the cluster is not covered.
    const partial = applyPatch(moved, [del(['Resources', `${members[0]}Conns`])]);
    expect(status(run(AlarmDbConnections, partial, 'Db'))).toEqual(['fail']);
    // Member instances get no finding of their own.
    expect(run(AlarmDbConnections, moved, members[0])).toEqual([]);
  });
  (writer ? test : test.skip).each(['db.r6gd.large', 'db.x2g.large'])('%s is in the one memory table: judged, not unknown (the construct claims it)', (cls) => {
    const members = Object.entries<any>(db.Resources).filter(([, r]) => r.Type === 'AWS::RDS::DBInstance').map(([id]) => id);
    const patched = applyPatch(db, members.map((m) => set(['Resources', m, 'Properties', 'DBInstanceClass'], cls)));
    const verdicts = status(run(AlarmDbConnections, patched, 'Db'));
    expect(verdicts).toHaveLength(1);
    expect(['pass', 'fail']).toContain(verdicts[0]);
    const old = applyPatch(db, members.map((m) => set(['Resources', m, 'Properties', 'DBInstanceClass'], 'db.r4.large')));
    expect(status(run(AlarmDbConnections, old, 'Db'))).toEqual(['unknown']);
  });
});

describe('dashboards', () => {
  test('the "." and "..." shorthands repeat the row above', () => {
    const body = JSON.stringify({
      widgets: [{
        type: 'metric',
        properties: {
          stat: 'p50',
          metrics: [
            ['AWS/Lambda', 'Duration', 'FunctionName', '${Fn}'],
            ['.', '.', '.', '.', { stat: 'p95' }],
            ['...', { stat: 'p99' }],
            ['.', 'Invocations', '.', '.'],
          ],
        },
      }],
    });
    const index = new TemplateIndex({ Resources: { Fn: { Type: 'AWS::Lambda::Function' }, D: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Sub': body } } } } }, 't', 't');
    const metrics = dashboardMetrics(index, index.get('D')!)!;
    expect(metrics.map((m) => `${m.name}:${m.stat}:${[...m.refs].join()}`)).toEqual(['Duration:p50:Fn', 'Duration:p95:Fn', 'Duration:p99:Fn', 'Invocations:p50:Fn']);
  });

  test('a load balancer name cut from the listener ARN (Fn::Select over Fn::Split, as the CDK writes it) keeps the body readable', () => {
    const lbName = { 'Fn::Join': ['/', [
      { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'Listener' }] }] },
      { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'Listener' }] }] },
      { 'Fn::Select': [3, { 'Fn::Split': ['/', { Ref: 'Listener' }] }] },
    ]] };
    const body = { 'Fn::Join': ['', ['{"widgets":[{"type":"metric","properties":{"metrics":[["AWS/ApplicationELB","RequestCount","LoadBalancer","', lbName, '"]]}}]}']] };
    const index = new TemplateIndex({ Resources: { Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener' }, D: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: body } } } }, 't', 't');
    const rows = dashboardMetrics(index, index.get('D')!);
    expect(rows?.map((r) => `${r.name}:${[...r.refs].join()}`)).toEqual(['RequestCount:Listener']);
  });

  test('target-group metrics (LoadBalancer named through the listener) count for the ECS service', () => {
    expect(status(run(DashboardService, ecs, 'Service'))).toEqual(['pass']);
  });
});

describe('deployment', () => {
  test('CodeDeploy pre/post-traffic hooks are not serving functions', () => {
    const index = new TemplateIndex(lambda, 't', 't');
    expect(isServiceFunction(index.get('Handler')!, index)).toBe(true);
    expect(isServiceFunction(index.get('PreTrafficHook')!, index)).toBe(false);
    expect(isServiceFunction(index.get('PostTrafficHook')!, index)).toBe(false);
  });

  test('the rollback message reports the error-spike-to-rollback time', () => {
    const [v] = run(DeployCanaryRollback, lambda, 'Deployment');
    expect(v.status).toBe('pass');
    expect(v.message).toMatch(/~240 s/);
  });

  test('deployment alarms named literally (AlarmName) or through a composite alarm are timed', () => {
    const literal = applyPatch(ecs, [
      set(['Resources', 'ErrorRateAlarm', 'Properties', 'AlarmName'], 'web-error-rate'),
      set(['Resources', 'Service', 'Properties', 'DeploymentConfiguration', 'Alarms', 'AlarmNames'], ['web-error-rate']),
    ]);
    expect(run(DeployCanaryRollback, literal, 'Service')[0].message).toMatch(/ErrorRateAlarm: 60 s x 3/);
    const composite = applyPatch(lambda, [
      set(['Resources', 'Any'], { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmRule: { 'Fn::Join': ['', ['ALARM("', { Ref: 'ErrorRateAlarm' }, '")']] } } }),
      set(['Resources', 'Deployment', 'Properties', 'AlarmConfiguration', 'Alarms'], [{ Name: { Ref: 'Any' } }]),
    ]);
    expect(status(run(DeployCanaryRollback, composite, 'Deployment'))).toEqual(['pass']);
  });

  test('a tightened detection window fails the 3-minute alarm', () => {
    expect(status(run(DeployCanaryRollback, lambda, 'Deployment', Thresholds.of({ alarmDetectionMinutes: 2 })))).toEqual(['fail']);
  });

  test('predefined configs', () => {
    for (const [name, expected] of [
      ['CodeDeployDefault.LambdaLinear10PercentEvery1Minute', 'pass'],
      ['CodeDeployDefault.ECSCanary10Percent5Minutes', 'pass'],
      ['CodeDeployDefault.ECSAllAtOnce', 'fail'],
      ['my-team-config', 'unknown'],
    ]) {
      const t = applyPatch(lambda, [set(['Resources', 'Deployment', 'Properties', 'DeploymentConfigName'], name)]);
      expect(status(run(DeployProgressive, t, 'Deployment'))).toEqual([expected]);
    }
  });

  test('a rolling ECS service is neither progressive nor hooked, and keeps zero downtime by default', () => {
    const t = applyPatch(ecs, [
      del(['Resources', 'Service', 'Properties', 'DeploymentConfiguration', 'Strategy']),
      del(['Resources', 'Service', 'Properties', 'DeploymentConfiguration', 'MinimumHealthyPercent']),
    ]);
    expect(status(run(DeployProgressive, t, 'Service'))).toEqual(['fail']);
    expect(status(run(DeployHealthHooks, t, 'Service'))).toEqual(['fail']);
    expect(status(run(DeployZeroDowntime, t, 'Service'))).toEqual(['pass']);
  });

  test('ECS CodeDeploy blue/green defers to the deployment group', () => {
    const t = applyPatch(ecs, [
      set(['Resources', 'Service', 'Properties', 'DeploymentController'], { Type: 'CODE_DEPLOY' }),
      set(['Resources', 'EcsApp'], { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'ECS' } }),
      set(['Resources', 'EcsGroup'], {
        Type: 'AWS::CodeDeploy::DeploymentGroup',
        Properties: {
          ApplicationName: { Ref: 'EcsApp' },
          DeploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
          ECSServices: [{ ClusterName: { Ref: 'Cluster' }, ServiceName: { 'Fn::GetAtt': ['Service', 'Name'] } }],
          BlueGreenDeploymentConfiguration: { TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE' } },
          LoadBalancerInfo: {
            TargetGroupPairInfoList: [{
              TargetGroups: [{ Name: { 'Fn::GetAtt': ['Blue', 'TargetGroupName'] } }, { Name: { 'Fn::GetAtt': ['Green', 'TargetGroupName'] } }],
              ProdTrafficRoute: { ListenerArns: [{ Ref: 'AlbHttps' }] },
              TestTrafficRoute: { ListenerArns: [{ Ref: 'AlbHttps' }] },
            }],
          },
        },
      }),
    ]);
    expect(status(run(DeployProgressive, t, 'Service'))).toEqual(['pass']);
    expect(status(run(DeployHealthHooks, t, 'Service'))).toEqual(['pass']);
    expect(run(DeployCanaryRollback, t, 'Service')).toEqual([]);
    expect(status(run(DeployCanaryRollback, t, 'EcsGroup'))).toEqual(['fail']);
    const noTest = applyPatch(t, [del(['Resources', 'EcsGroup', 'Properties', 'LoadBalancerInfo', 'TargetGroupPairInfoList', 0, 'TestTrafficRoute'])]);
    expect(status(run(DeployHealthHooks, noTest, 'Service'))).toEqual(['fail']);
  });

  test('not autoscaled: DesiredCount counts, absent means 1', () => {
    const t = applyPatch(ecs, [del(['Resources', 'ServiceTaskCountTarget']), del(['Resources', 'ServiceTaskCountTargetCpu'])]);
    expect(status(run(ScalingMinCapacity, t, 'Service'))).toEqual(['pass']);
    expect(status(run(ScalingMinCapacity, applyPatch(t, [del(['Resources', 'Service', 'Properties', 'DesiredCount'])]), 'Service'))).toEqual(['fail']);
  });
});
