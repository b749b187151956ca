/**
 * An alarm whose only actions scale or stop machines (a step-scaling alarm on CPU, an EC2 recover action) tells no
 * one. The alarm items on error rate, latency, unhealthy hosts, CPU, memory... counted it as their alarm "with an
 * action" (a wrong pass: nobody learns that the service is failing), and ALARM-ACTIONS said it "notifies 1 target(s)".
 * Found on ecs-refarch-cloudformation's website service (CPUScaleOutAlarm / CPUScaleInAlarm, StepScaling only).
 */
import { judgedOn } from './judged';
import { R, set } from './fixtures';

const BASE = 'ecs-service';
const actions = (alarm: string, value: unknown[]) => set(R(alarm, 'Properties', 'AlarmActions'), value);
const SCALE = { Ref: 'ServiceTaskCountTargetCpu' };

describe('alarms whose only actions are scaling policies or EC2 actions', () => {
  test('the CPU alarm that only scales is not the CPU alarm of the item: fail, saying it tells no one', () => {
    expect(judgedOn(BASE, [actions('CpuAlarm', [SCALE])], 'AlarmCpu', 'Service')).toEqual([
      ['fail', expect.stringMatching(/alarm CpuAlarm: its only action is a scaling policy: it changes capacity and tells no one/)],
    ]);
    // the same alarm also notifying the topic: passes, as before
    expect(judgedOn(BASE, [actions('CpuAlarm', [SCALE, { Ref: 'AlarmTopic' }])], 'AlarmCpu', 'Service').map(([s]) => s)).toEqual(['pass']);
  });

  test('latency and unhealthy-host alarms on a scaling policy or an EC2 action (literal ARN, Fn::Sub ARN, GetAtt Arn) fail', () => {
    const forms: unknown[] = [
      { 'Fn::GetAtt': ['ServiceTaskCountTargetCpu', 'Arn'] },
      'arn:aws:autoscaling:eu-west-1:111111111111:scalingPolicy:1a2b:autoScalingGroupName/web:policyName/out',
      { 'Fn::Sub': 'arn:${AWS::Partition}:automate:${AWS::Region}:ec2:recover' },
    ];
    for (const form of forms) {
      const p95 = judgedOn(BASE, [actions('LatencyP95Alarm', [form])], 'AlarmLatencyP95', 'Alb');
      expect(p95.map(([s, m]) => [s, /LatencyP95Alarm: its only action is (a scaling policy|an EC2 action): it changes capacity and tells no one/.test(m)])).toEqual([['fail', true]]);
    }
    const both = [actions('BlueUnhealthyHostsAlarm', [SCALE]), actions('GreenUnhealthyHostsAlarm', [SCALE])];
    expect(judgedOn(BASE, both, 'AlarmUnhealthyHosts', 'Blue').map(([s]) => s)).toEqual(['fail']);
  });

  test('ALARM-ACTIONS: a scaling-only alarm acts (a pass, as Security Hub CloudWatch.15 asks), saying it tells no one', () => {
    expect(judgedOn(BASE, [actions('CpuAlarm', [SCALE])], 'AlarmHasAction', 'CpuAlarm')).toEqual([
      ['pass', expect.stringMatching(/^alarm acts: its only action is a scaling policy: it changes capacity and tells no one \(an action, as Security Hub CloudWatch\.15 asks/)],
    ]);
    expect(judgedOn(BASE, [], 'AlarmHasAction', 'CpuAlarm')).toEqual([['pass', 'alarm notifies 1 target(s)']]);
  });

  test('an action decided at deploy time, or a Lambda / OpsItem action, is not a machine action (unchanged)', () => {
    const opsItem = 'arn:aws:ssm:eu-west-1:111111111111:opsitem:2#CATEGORY=Availability';
    expect(judgedOn(BASE, [actions('CpuAlarm', [opsItem])], 'AlarmCpu', 'Service').map(([s]) => s)).toEqual(['pass']);
    const lambda = 'arn:aws:lambda:eu-west-1:111111111111:function:notify-chat';
    expect(judgedOn(BASE, [actions('CpuAlarm', [lambda])], 'AlarmCpu', 'Service').map(([s]) => s)).toEqual(['pass']);
  });
});
