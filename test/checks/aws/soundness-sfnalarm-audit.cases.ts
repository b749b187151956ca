/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts found by the audits of the sixteenth session (hfleft2 item 8, and the hfalarm mute rules read by one
 * reader only):
 * - An alarm naming a Step Functions state machine by its ARN written out (`arn:aws:states:<region>:<account>:
 *   stateMachine:<StateMachineName>`, literal or Fn::Sub) was matched to no state machine: ALARM-ERROR-RATE (and the
 *   latency items of an Express machine) failed with "no error-rate alarm" (a wrong FAIL). It is now judged on its
 *   name, partition, region and account.
 * - ScalingAutoscaling read a step-scaling alarm's ActionsEnabled itself: an alarm mute rule muting that alarm at all
 *   times (a mute rule mutes Auto Scaling actions too) left SCALING-AUTOSCALING passed (a wrong PASS).
 * - An alarm mute rule in another stack of the same run naming an alarm by its AlarmName was not read: the alarm
 *   items passed (a wrong PASS); now unknown.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TemplateInput } from '../../../lib/checks/engine';
import { loadFolder } from '../../../lib/checks/loader';
import { PatchOp } from './fixtures';
import { checks, judgedOn } from './judged';

const ENV = { region: 'eu-west-1', account: '111111111111' };
const ROLE = 'arn:aws:iam::123456789012:role/r';
const topic = { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } };
const dims = (name: string, value: any) => [{ Name: name, Value: value }];
const stat = (id: string, metric: string, v: any) => ({ Id: id, ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/States', MetricName: metric, Dimensions: dims('StateMachineArn', v) }, Period: 60, Stat: 'Sum' } });
const smRate = (v: any) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    ComparisonOperator: 'GreaterThanThreshold', Threshold: 1, EvaluationPeriods: 3, AlarmActions: [{ Ref: 'Topic' }],
    Metrics: [stat('e0', 'ExecutionsFailed', v), stat('e1', 'ExecutionsTimedOut', v), stat('s', 'ExecutionsStarted', v), { Id: 'r', Expression: '100 * (e0 + e1) / s', ReturnData: true }],
  },
});
const latency = (p: number, threshold: number, v: any) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: { Namespace: 'AWS/States', MetricName: 'ExecutionTime', Dimensions: dims('StateMachineArn', v), ExtendedStatistic: `p${p}`, Period: 60, EvaluationPeriods: 3, Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }] },
});
const integration = { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: 'abc123', IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'StepFunctions-StartSyncExecution', PayloadFormatVersion: '1.0', CredentialsArn: ROLE, RequestParameters: { StateMachineArn: { Ref: 'Sm' } } } };
const machine = (name?: string) => ({ Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: ROLE, StateMachineType: 'EXPRESS', ...(name ? { StateMachineName: name } : {}), Definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } });

const LITERAL = 'arn:aws:states:eu-west-1:111111111111:stateMachine:orders';
const SUB = { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:orders' };

/** `[status, message]` of a rule on state machine Sm (named `orders` unless told; null: no StateMachineName), with these alarms. */
function onMachine(ruleId: string, alarms: Record<string, any>, env: any = ENV, name: string | null = 'orders'): Array<[string, string]> {
  const report = checks.checkTemplate({ Resources: { Topic: topic, Int: integration, Sm: machine(name ?? undefined), ...alarms } }, 'sfn', env);
  return report.findings.filter((f) => f.ruleId === ruleId && f.resource === 'Sm').map((f) => [f.status, f.message]);
}

describe('AlarmErrorRate / latency: a state machine named by its ARN written out', () => {
  test('a literal or Fn::Sub ARN of the machine (its StateMachineName, the stack\'s region and account): pass (before: fail, no alarm)', () => {
    for (const v of [LITERAL, SUB]) {
      expect(onMachine('AlarmErrorRate', { SmRate: smRate(v) })).toEqual([['pass', expect.stringMatching(/alarm SmRate fires above 1 %/)]]);
    }
    // The Sub's pseudo parameters are the stack's whatever they are: also when the stack's environment is not known.
    expect(onMachine('AlarmErrorRate', { SmRate: smRate(SUB) }, {})).toEqual([['pass', expect.stringMatching(/alarm SmRate fires above 1 %/)]]);
    // `${Sm.Name}` is the machine's name, generated or not.
    const byAttr = { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${Sm.Name}' };
    expect(onMachine('AlarmErrorRate', { SmRate: smRate(byAttr) }, ENV, null)).toEqual([['pass', expect.stringMatching(/alarm SmRate fires above 1 %/)]]);
  });

  test('the latency items of an Express machine count p95 / p99 alarms by its literal ARN: pass (before: fail)', () => {
    const alarms = { P95: latency(95, 300, LITERAL), P99: latency(99, 900, LITERAL) };
    expect(onMachine('AlarmLatencyP95', alarms)).toEqual([['pass', expect.stringMatching(/P95/)]]);
    expect(onMachine('AlarmLatencyP99', alarms)).toEqual([['pass', expect.stringMatching(/P99/)]]);
  });

  test('a literal region or account while the stack\'s is not known: unknown, naming it', () => {
    expect(onMachine('AlarmErrorRate', { SmRate: smRate(LITERAL) }, {})).toEqual([['unknown', expect.stringMatching(/region eu-west-1 of dimension StateMachineArn .* is this stack's region \(decided at deploy time\)/)]]);
    expect(onMachine('AlarmErrorRate', { SmRate: smRate(LITERAL) }, { region: 'eu-west-1' })).toEqual([['unknown', expect.stringMatching(/account 111111111111 of dimension StateMachineArn/)]]);
  });

  test('another region, account or partition, or ${AWS::Region} kept as written: fail, naming why', () => {
    expect(onMachine('AlarmErrorRate', { SmRate: smRate('arn:aws:states:us-east-1:111111111111:stateMachine:orders') })).toEqual([['fail', expect.stringMatching(/is in region us-east-1, not this stack's region eu-west-1/)]]);
    expect(onMachine('AlarmErrorRate', { SmRate: smRate('arn:aws:states:eu-west-1:222222222222:stateMachine:orders') })).toEqual([['fail', expect.stringMatching(/is in account 222222222222, not this stack's account 111111111111/)]]);
    expect(onMachine('AlarmErrorRate', { SmRate: smRate('arn:aws-cn:states:eu-west-1:111111111111:stateMachine:orders') })).toEqual([['fail', expect.stringMatching(/is in partition aws-cn, not this stack's partition aws/)]]);
    const written = { 'Fn::Join': ['', ['arn:aws:states:${AWS::Region}:', { Ref: 'AWS::AccountId' }, ':stateMachine:orders']] };
    expect(onMachine('AlarmErrorRate', { SmRate: smRate(written) }, {})).toEqual([['fail', expect.stringMatching(/keeps \$\{AWS::Region\} as written/)]]);
  });

  test('another machine\'s ARN, or a literal ARN while CloudFormation generates the name: no alarm of this machine, fail', () => {
    expect(onMachine('AlarmErrorRate', { SmRate: smRate('arn:aws:states:eu-west-1:111111111111:stateMachine:payments') })).toEqual([['fail', expect.stringMatching(/no error-rate alarm .* watches this state machine/)]]);
    expect(onMachine('AlarmErrorRate', { SmRate: smRate(LITERAL) }, ENV, null)).toEqual([['fail', expect.stringMatching(/no error-rate alarm .* watches this state machine/)]]);
    // A rate whose errors are the machine's (!Ref) over another machine's started executions: not its rate.
    const mixed = smRate({ Ref: 'Sm' });
    mixed.Properties.Metrics[2] = stat('s', 'ExecutionsStarted', 'arn:aws:states:eu-west-1:111111111111:stateMachine:payments');
    expect(onMachine('AlarmErrorRate', { SmRate: mixed })).toEqual([['fail', expect.stringMatching(/alarm SmRate is not an error rate: the expression reads no request count/)]]);
  });
});

// ---------------------------------------------------------------- ScalingAutoscaling and alarm mute rules

const set = (p: (string | number)[], value: any): PatchOp => ({ op: 'set', path: p, value });
const stepScaling = (extra: Record<string, any> = {}): PatchOp[] => [
  set(['Resources', 'ServiceTaskCountTargetCpu', 'Properties', 'PolicyType'], 'StepScaling'),
  { op: 'delete', path: ['Resources', 'ServiceTaskCountTargetCpu', 'Properties', 'TargetTrackingScalingPolicyConfiguration'] },
  set(['Resources', 'ServiceTaskCountTargetCpu', 'Properties', 'StepScalingPolicyConfiguration'], { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }] }),
  set(['Resources', 'CpuHigh'], { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'ServiceTaskCountTargetCpu' }], Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: { Ref: 'Cluster' } }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } }], Statistic: 'Average', Period: 60, EvaluationPeriods: 3, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', ...extra } }),
];
const mute = (schedule: any, names: any[] = [{ Ref: 'CpuHigh' }]) => ({ Type: 'AWS::CloudWatch::AlarmMuteRule', Properties: { Rule: { Schedule: schedule }, MuteTargets: { AlarmNames: names } } });
const ALWAYS = { Expression: 'cron(0 0 * * ? *)', Duration: 'P1D' };
const WEEKLY = { Expression: 'cron(0 2 ? * SUN *)', Duration: 'PT2H' };

describe('ScalingAutoscaling: a step-scaling alarm an alarm mute rule mutes', () => {
  const scaling = (patch: PatchOp[]) => judgedOn('ecs-service', patch, 'ScalingAutoscaling', 'Service');

  test('unmuted: pass', () => {
    expect(scaling(stepScaling())).toEqual([['pass', expect.stringMatching(/ServiceTaskCountTargetCpu \(StepScaling\)/)]]);
  });

  test('muted at all times: the policy never runs, fail (before: pass)', () => {
    expect(scaling([...stepScaling(), set(['Resources', 'Mute'], mute(ALWAYS))])).toEqual([['fail', expect.stringMatching(/no scaling policy that acts \(a StepScaling policy needs an alarm with actions enabled that invokes it, not muted at all times by an alarm mute rule/)]]);
  });

  test('muted in windows: unknown, naming the rule (before: pass); a second alarm not muted still runs it: pass', () => {
    expect(scaling([...stepScaling(), set(['Resources', 'Mute'], mute(WEEKLY))])).toEqual([['unknown', expect.stringMatching(/alarm CpuHigh invokes ServiceTaskCountTargetCpu, but alarm mute rule Mute mutes its actions on schedule cron\(0 2 \? \* SUN \*\)/)]]);
    const second = set(['Resources', 'CpuHigh2'], { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'ServiceTaskCountTargetCpu' }], Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: { Ref: 'Cluster' } }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } }], Statistic: 'Maximum', Period: 60, EvaluationPeriods: 3, Threshold: 85, ComparisonOperator: 'GreaterThanThreshold' } });
    expect(scaling([...stepScaling(), set(['Resources', 'Mute'], mute(ALWAYS)), second])).toEqual([['pass', expect.stringMatching(/StepScaling/)]]);
  });
});

// ---------------------------------------------------------------- mute rules of another stack of the run

describe('an alarm mute rule of another stack of the run', () => {
  const web = () => {
    const t = JSON.parse(JSON.stringify(require('../../fixtures/aws/compliant/ecs-service.json')));
    t.Resources.CpuAlarm.Properties.AlarmName = 'web-cpu';
    return t;
  };
  const ops = (names: any[]) => ({ Resources: { Mute: mute(ALWAYS, names) } });
  const ruled = (templates: TemplateInput[]) => checks._evaluateLoaded({ templates, manifests: [], acks: [], lines: {} })
    .findings.filter((f) => (f.ruleId === 'AlarmHasAction' && f.resource === 'CpuAlarm') || (f.ruleId === 'AlarmCpu' && f.resource === 'Service'))
    .map((f) => [f.ruleId, f.status, f.message]);
  const both = (names: any[]): TemplateInput[] => [
    { file: 'web.template.json', stack: 'web', template: web(), region: 'eu-west-1' },
    { file: 'ops.template.json', stack: 'ops', template: ops(names), region: 'eu-west-1' },
  ];

  test('naming the alarm by its AlarmName: the alarm items are unknown (before: pass)', () => {
    expect(ruled(both(['web-cpu']))).toEqual(expect.arrayContaining([
      ['AlarmHasAction', 'unknown', expect.stringMatching(/alarm mute rule Mute of stack ops names it; it mutes the alarms of its own account and region/)],
      ['AlarmCpu', 'unknown', expect.stringMatching(/alarm mute rule Mute of stack ops names it/)],
    ]));
  });

  test('naming another alarm: the alarm items pass as before', () => {
    expect(ruled(both(['other-alarm'])).map(([r, s]) => [r, s])).toEqual(expect.arrayContaining([['AlarmHasAction', 'pass'], ['AlarmCpu', 'pass']]));
  });

  test('templates read from a folder (each judged alone unless one needs another) see the other stack\'s mute rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfnalarm-'));
    try {
      fs.writeFileSync(path.join(dir, 'web.template.json'), JSON.stringify(web()));
      fs.writeFileSync(path.join(dir, 'ops.template.json'), JSON.stringify(ops(['web-cpu'])));
      const report = checks._evaluateLoaded(loadFolder(dir, { region: 'eu-west-1' }));
      const f = report.findings.find((x) => x.ruleId === 'AlarmHasAction' && x.resource === 'CpuAlarm');
      expect([f?.status, f?.message]).toEqual(['unknown', expect.stringMatching(/alarm mute rule Mute of stack ops names it/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
