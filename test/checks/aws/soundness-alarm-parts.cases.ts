/**
 * An alarm on a part of a load balancer watches that part only: one availability zone (an `AvailabilityZone`
 * dimension: the load balancer spans two zones or more) or one target group (a `TargetGroup` dimension, while the
 * listeners route to others too, or swap to another in a blue/green deployment). AlarmErrorRate, AlarmLatencyP95
 * and AlarmUnhealthyHosts passed on such an alarm. Alarms part by part are not added up, so the verdict is unknown,
 * naming the part and what it leaves out; an alarm on the whole, or on the only target group, still passes.
 */
import { App, Duration, Stack, aws_cloudwatch as cw, aws_ec2 as ec2, aws_ecs as ecs, aws_elasticloadbalancingv2 as elbv2, aws_sns as sns } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { checks } from './judged';

interface Parts {
  readonly stack: Stack;
  readonly lb: elbv2.ApplicationLoadBalancer;
  readonly web: elbv2.ApplicationTargetGroup;
  readonly api: elbv2.ApplicationTargetGroup;
  readonly listener: elbv2.ApplicationListener;
  readonly topic: sns.Topic;
}

/** An internet-facing ALB whose listener forwards to `web`, and (with `twoGroups`) `/api/*` to `api`. */
function parts(twoGroups: boolean): Parts {
  const stack = new Stack(new App(), 'Shop', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
  const listener = lb.addListener('Http', { port: 80, open: false });
  const group = (id: string) => new elbv2.ApplicationTargetGroup(stack, id, { vpc, port: 8080, targetType: elbv2.TargetType.IP });
  const web = group('Web');
  const api = group('Api');
  listener.addTargetGroups('Default', { targetGroups: [web] });
  if (twoGroups) listener.addTargetGroups('ApiRoute', { targetGroups: [api], priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])] });
  return { stack, lb, web, api, listener, topic: new sns.Topic(stack, 'OnCall') };
}

function alarm(p: Parts, id: string, metric: cw.IMetric, threshold: number): void {
  new cw.Alarm(p.stack, id, { metric, threshold, evaluationPeriods: 3, comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD })
    .addAlarmAction({ bind: () => ({ alarmActionArn: p.topic.topicArn }) });
}

const ELB = 'AWS/ApplicationELB';
const minute = { period: Duration.minutes(1) };
const zoneDims = (p: Parts, zone?: string): Record<string, string> => ({ LoadBalancer: p.lb.loadBalancerFullName, ...(zone ? { AvailabilityZone: zone } : {}) });

/** An error-rate alarm on the load balancer (with `zone`, on one availability zone). */
function errorRate(p: Parts, zone?: string): void {
  const m = (name: string) => new cw.Metric({ namespace: ELB, metricName: name, dimensionsMap: zoneDims(p, zone), statistic: 'Sum', ...minute });
  alarm(p, 'ErrorRate', new cw.MathExpression({
    expression: '100 * (t + e) / r', usingMetrics: { t: m('HTTPCode_Target_5XX_Count'), e: m('HTTPCode_ELB_5XX_Count'), r: m('RequestCount') }, ...minute,
  }), 1);
}

/** A p95 latency alarm on TargetResponseTime: of the load balancer, one zone, or one target group. */
function latency(p: Parts, of: { zone?: string; group?: elbv2.ApplicationTargetGroup } = {}, threshold = 0.5): void {
  const dims = of.group ? { LoadBalancer: p.lb.loadBalancerFullName, TargetGroup: of.group.targetGroupFullName } : zoneDims(p, of.zone);
  alarm(p, `P95${of.group ? of.group.node.id : ''}`, new cw.Metric({ namespace: ELB, metricName: 'TargetResponseTime', dimensionsMap: dims, statistic: 'p95', ...minute }), threshold);
}

function verdicts(p: Parts, ruleId: string, resource: { node: { defaultChild?: unknown } }): string[][] {
  const template = Template.fromStack(p.stack).toJSON();
  const id = p.stack.getLogicalId(resource.node.defaultChild as never);
  return checks.checkTemplate(template).findings.filter((f) => f.ruleId === ruleId && f.resource === id).map((f) => [f.status, f.message]);
}

describe('one availability zone', () => {
  test('an error-rate alarm on one zone of the load balancer: unknown, naming the zone; on the whole: pass', () => {
    const zoned = parts(false);
    errorRate(zoned, 'eu-west-1a');
    expect(verdicts(zoned, 'AlarmErrorRate', zoned.lb)).toEqual([['unknown', expect.stringContaining('watches one availability zone (AvailabilityZone eu-west-1a): what the other zones serve is not in its data')]]);
    const whole = parts(false);
    errorRate(whole);
    expect(verdicts(whole, 'AlarmErrorRate', whole.lb).map((v) => v[0])).toEqual(['pass']);
  });

  test('a p95 latency alarm on one zone: unknown', () => {
    const p = parts(false);
    latency(p, { zone: 'eu-west-1b' });
    expect(verdicts(p, 'AlarmLatencyP95', p.lb)).toEqual([['unknown', expect.stringContaining('(AvailabilityZone eu-west-1b)')]]);
  });

  test('an UnHealthyHostCount alarm on one zone of the target group: unknown; on the target group: pass', () => {
    const unhealthy = (p: Parts, zone?: string) => alarm(p, 'Unhealthy', new cw.Metric({
      namespace: ELB, metricName: 'UnHealthyHostCount', statistic: 'Maximum', ...minute,
      dimensionsMap: { LoadBalancer: p.lb.loadBalancerFullName, TargetGroup: p.web.targetGroupFullName, ...(zone ? { AvailabilityZone: zone } : {}) },
    }), 0);
    const zoned = parts(false);
    unhealthy(zoned, 'eu-west-1a');
    expect(verdicts(zoned, 'AlarmUnhealthyHosts', zoned.web)).toEqual([['unknown', expect.stringContaining('watches one availability zone (AvailabilityZone eu-west-1a)')]]);
    const whole = parts(false);
    unhealthy(whole);
    expect(verdicts(whole, 'AlarmUnhealthyHosts', whole.web).map((v) => v[0])).toEqual(['pass']);
  });
});

describe('one target group', () => {
  test('a p95 alarm on the target group the load balancer routes everything to: pass', () => {
    const p = parts(false);
    latency(p, { group: p.web });
    expect(verdicts(p, 'AlarmLatencyP95', p.lb).map((v) => v[0])).toEqual(['pass']);
  });

  test('a p95 alarm on one of two target groups the listener routes to: unknown, naming the other', () => {
    const p = parts(true);
    latency(p, { group: p.web });
    expect(verdicts(p, 'AlarmLatencyP95', p.lb)).toEqual([['unknown', expect.stringMatching(/watches target group Web\w+ of the load balancer, which also routes to Api\w+: their requests are not in its data/)]]);
  });

  test('p95 alarms on each target group the listener routes to, added up: pass; one of them too lax: that one fails', () => {
    const both = parts(true);
    latency(both, { group: both.web });
    latency(both, { group: both.api });
    expect(verdicts(both, 'AlarmLatencyP95', both.lb)).toEqual([['pass', expect.stringMatching(/alarms P95Web\w+, P95Api\w+ together watch every target group the load balancer routes to/)]]);
    const lax = parts(true);
    latency(lax, { group: lax.web });
    latency(lax, { group: lax.api }, 5);
    expect(verdicts(lax, 'AlarmLatencyP95', lax.lb).map((v) => v[0])).toEqual(['unknown']);
  });

  test('an error-rate alarm on the targets of one of two target groups: unknown', () => {
    const p = parts(true);
    const m = (name: string, dims: Record<string, string>) => new cw.Metric({ namespace: ELB, metricName: name, dimensionsMap: dims, statistic: 'Sum', ...minute });
    const lbOnly = { LoadBalancer: p.lb.loadBalancerFullName };
    const web = { ...lbOnly, TargetGroup: p.web.targetGroupFullName };
    alarm(p, 'ErrorRate', new cw.MathExpression({
      expression: '100 * (t + e) / r', usingMetrics: { t: m('HTTPCode_Target_5XX_Count', web), e: m('HTTPCode_ELB_5XX_Count', lbOnly), r: m('RequestCount', lbOnly) }, ...minute,
    }), 1);
    expect(verdicts(p, 'AlarmErrorRate', p.lb)).toEqual([['unknown', expect.stringMatching(/watches target group Web\w+ of the load balancer, which also routes to Api\w+/)]]);
  });

  test('a p95 alarm on the blue target group of an ECS blue/green service: unknown, naming the green one', () => {
    const p = parts(false);
    const cluster = new ecs.Cluster(p.stack, 'Cluster', { vpc: p.lb.vpc as ec2.IVpc });
    const task = new ecs.FargateTaskDefinition(p.stack, 'Task');
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27.3'), portMappings: [{ containerPort: 8080 }] });
    const service = new ecs.FargateService(p.stack, 'Svc', { cluster, taskDefinition: task, deploymentController: { type: ecs.DeploymentControllerType.ECS } });
    service.attachToApplicationTargetGroup(p.web);
    (service.node.defaultChild as ecs.CfnService).addPropertyOverride('LoadBalancers.0.AdvancedConfiguration', { AlternateTargetGroupArn: p.api.targetGroupArn, RoleArn: 'arn:aws:iam::111111111111:role/ecs-lb' });
    latency(p, { group: p.web });
    expect(verdicts(p, 'AlarmLatencyP95', p.lb)).toEqual([['unknown', expect.stringMatching(/which also routes to Api\w+/)]]);
  });
});
