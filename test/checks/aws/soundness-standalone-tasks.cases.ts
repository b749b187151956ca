/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * A task definition that no ECS service runs. An ECS service and the task definition it names are parts of one
 * resource (kinds.ts), so rules that read services judge the tasks they run. A task definition run by a schedule (an
 * EventBridge rule or an EventBridge Scheduler schedule), a pipe, a state machine or from outside the template was
 * counted as judged by those same rules: an app whose service sat in private subnets satisfied NET-PRIVATE-SUBNETS
 * while its nightly task ran in a public subnet with a public IP, a network configuration written on the schedule's
 * target, which no rule reads. Now such a task definition keeps the items its rules read only on services unknown,
 * naming it, unless kinds.ts says why the item is not about it (it runs to completion: no replicas, no rollout).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { checks } from './judged';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant');
const ecs = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ecs-service.json'), 'utf8'));
const SCHEDULED = 'AWS::ECS::TaskDefinition run by a schedule';
const ALONE = 'AWS::ECS::TaskDefinition run by no ECS service';

/** The service's task definition, again, as a nightly task's (same container, same roles). */
const nightlyTask = (t: any) => ({ ...t.Resources.Task, Properties: { ...t.Resources.Task.Properties, Family: 'nightly-report' } });
const publicRunner = {
  Type: 'AWS::Events::Rule',
  Properties: {
    ScheduleExpression: 'cron(0 3 * * ? *)',
    Targets: [{
      Id: 'nightly',
      Arn: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
      RoleArn: 'arn:aws:iam::111111111111:role/events-run-task',
      EcsParameters: {
        TaskDefinitionArn: { Ref: 'Nightly' },
        LaunchType: 'FARGATE',
        NetworkConfiguration: { AwsVpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: [{ Ref: 'VpcPublicSubnet1Subnet' }] } },
      },
    }],
  },
};
const withResources = (extra: Record<string, any>) => {
  const t = ecs();
  return { ...t, Resources: { ...t.Resources, ...(typeof extra === 'function' ? (extra as any)(t) : extra) } };
};
const status = (template: any, item: string) => checks.checkTemplate(template).statusOf(item);
const reason = (template: any, item: string) => checks.checkTemplate(template).items.find((i) => i.id === item)!.reason;
const failing = (template: any) => checks.checkTemplate(template).findings.filter((f) => f.status === 'fail').map((f) => [f.resource, f.property]);

test('the base: the service\'s task definition is judged through its service', () => {
  expect(status(ecs(), 'NET-PRIVATE-SUBNETS')).toBe('satisfied');
});

test('a task definition an EventBridge rule runs in a public subnet with a public IP: NET-PRIVATE-SUBNETS is violated on the rule', () => {
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base), NightlyRule: publicRunner })) as any);
  expect(status(t, 'NET-PRIVATE-SUBNETS')).toBe('violated');
  expect(failing(t)).toEqual([['NightlyRule', 'Properties.Targets.0.EcsParameters.NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp']]);
});

test('the same rule with a private subnet and no public IP: satisfied (PrivateSubnets reads the schedule)', () => {
  const rule = JSON.parse(JSON.stringify(publicRunner));
  rule.Properties.Targets[0].EcsParameters.NetworkConfiguration.AwsVpcConfiguration = { AssignPublicIp: 'DISABLED', Subnets: [{ Ref: 'VpcPrivateSubnet1Subnet' }, { Ref: 'VpcPrivateSubnet2Subnet' }] };
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base), NightlyRule: rule })) as any);
  expect(status(t, 'NET-PRIVATE-SUBNETS')).toBe('satisfied');
});

test('a schedule whose subnets come from a parameter: unknown, naming the parameter', () => {
  const rule = JSON.parse(JSON.stringify(publicRunner));
  rule.Properties.Targets[0].EcsParameters.NetworkConfiguration.AwsVpcConfiguration = { Subnets: { Ref: 'TaskSubnets' } };
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base), NightlyRule: rule })) as any);
  t.Parameters = { ...(t.Parameters ?? {}), TaskSubnets: { Type: 'List<AWS::EC2::Subnet::Id>' } };
  expect(status(t, 'NET-PRIVATE-SUBNETS')).toBe('unknown');
});

test('an EventBridge Scheduler schedule: the same', () => {
  const schedule = {
    Type: 'AWS::Scheduler::Schedule',
    Properties: {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': ['Cluster', 'Arn'] }, RoleArn: 'arn:aws:iam::111111111111:role/scheduler-run-task', EcsParameters: { TaskDefinitionArn: { Ref: 'Nightly' }, NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: [{ Ref: 'VpcPublicSubnet1Subnet' }] } } } },
    },
  };
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base), NightlySchedule: schedule })) as any);
  expect(status(t, 'NET-PRIVATE-SUBNETS')).toBe('violated');
  expect(failing(t)).toEqual([['NightlySchedule', 'Properties.Target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp']]);
});

test('a schedule no rule of the item reads would keep it unknown: the reason names the scheduled task', () => {
  const only = new GoLiveChecks({ printSummary: false, writeReports: false, items: ['NET-PRIVATE-SUBNETS'] });
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base), NightlyRule: { ...publicRunner, Type: 'AWS::Pipes::Pipe' } })) as any);
  expect(only.checkTemplate(t).items.find((i) => i.id === 'NET-PRIVATE-SUBNETS')!.reason).toContain(ALONE);
});

test('a task definition nothing in the template runs: every item read only on services is unknown (it may run as a service made elsewhere)', () => {
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base) })) as any);
  for (const item of ['NET-PRIVATE-SUBNETS', 'DEPLOY-ZERO-DOWNTIME', 'SCALING-MIN-CAPACITY', 'HA-MULTI-AZ', 'EDGE-REVERSE-PROXY']) {
    expect([item, status(t, item)]).toEqual([item, 'unknown']);
    expect(reason(t, item)).toContain(ALONE);
  }
});

test('a task definition a service names under an Fn::If, or a state machine runs: unknown', () => {
  const chosen = ecs();
  chosen.Conditions = { Nightly: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] } };
  chosen.Resources.Nightly = nightlyTask(chosen);
  chosen.Resources.Service.Properties.TaskDefinition = { 'Fn::If': ['Nightly', { Ref: 'Nightly' }, { Ref: 'Task' }] };
  expect(reason(chosen, 'DEPLOY-ZERO-DOWNTIME') ?? '').toContain(ALONE);
  const machine = withResources(((base: any) => ({
    Nightly: nightlyTask(base),
    Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::111111111111:role/sfn', DefinitionString: { 'Fn::Sub': ['{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync","Parameters":{"TaskDefinition":"${td}"},"End":true}}}', { td: { Ref: 'Nightly' } }] } } },
  })) as any);
  expect(status(machine, 'NET-PRIVATE-SUBNETS')).toBe('unknown');
  expect(reason(machine, 'DEPLOY-ZERO-DOWNTIME')).toContain(ALONE);
});

test('a task definition run by a service and by a schedule: the schedule\'s network configuration is judged too', () => {
  const rule = JSON.parse(JSON.stringify(publicRunner));
  rule.Properties.Targets[0].EcsParameters.TaskDefinitionArn = { Ref: 'Task' };
  const t = withResources({ NightlyRule: rule });
  expect(status(t, 'NET-PRIVATE-SUBNETS')).toBe('violated');
});

test('the items about releases, replicas and serving are not about a task a schedule runs (it runs to completion)', () => {
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base), NightlyRule: publicRunner })) as any);
  const before = checks.checkTemplate(ecs());
  const after = checks.checkTemplate(t);
  const changed = after.items.filter((i) => before.statusOf(i.id) !== i.status).map((i) => i.id);
  expect(changed).toEqual(['NET-PRIVATE-SUBNETS']);
});

test('what the rules read on the task definition itself is judged on it (its image, its logs)', () => {
  const t = withResources(((base: any) => ({ Nightly: nightlyTask(base), NightlyRule: publicRunner })) as any);
  expect(status(t, 'DEPLOY-IMMUTABLE-ARTIFACTS')).toBe(status(ecs(), 'DEPLOY-IMMUTABLE-ARTIFACTS'));
  expect(reason(t, 'DEPLOY-IMMUTABLE-ARTIFACTS') ?? '').not.toContain('run by');
});
