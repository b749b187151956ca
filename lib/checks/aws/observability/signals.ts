/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { ALARM_TYPE, AlarmView, alarmsOn, parseAlarm, refsIn, serviceTraffic } from '../alarms/metric';
import { isServiceCompute } from '../compute';
import { appContainers } from '../config/environment';
import { LogDestination, containerLogDestination, lambdaLogDestination } from '../logging/log-destination';

/**
 * Shared reading for the observability rules: what a service is made of
 * (compute, target groups, load balancers), which alarms watch it, whether an
 * alarm reaches someone, where its logs go, and what dashboards show.
 * @internal
 */

export const COMPOSITE_TYPE = 'AWS::CloudWatch::CompositeAlarm';
const SCALING_POLICY_TYPES = ['AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::AutoScaling::ScalingPolicy'];

/** The task definition an ECS service runs, when it is in this template. @internal */
export function taskDefinitionOf(svc: CfnResource, index: TemplateIndex): CfnResource | undefined {
  const v = index.prop(svc, 'TaskDefinition');
  return v.k === 'ref' && v.target.type === 'AWS::ECS::TaskDefinition' ? v.target : undefined;
}

/**
 * The resources a service's metrics are named by: an ECS service with its
 * target groups, listeners and load balancers; a serving function with its
 * aliases and the target groups that invoke it.
 * @internal
 */
export function serviceParts(res: CfnResource, index: TemplateIndex): CfnResource[] {
  if (res.type === 'AWS::ECS::Service') {
    const t = serviceTraffic(index, res);
    return [res, ...t.targetGroups, ...t.listeners, ...t.loadBalancers];
  }
  const aliases = index.referrers(res, 'AWS::Lambda::Alias');
  const tgs = index.referrers(res, 'AWS::ElasticLoadBalancingV2::TargetGroup');
  return [res, ...aliases, ...tgs];
}

/** Whether an alarm only drives scaling (its actions are all scaling policies): not a notification alarm. @internal */
export function isScalingAlarm(alarm: CfnResource, index: TemplateIndex): boolean {
  const actions = V.list(index.prop(alarm, 'AlarmActions')) ?? [];
  if (actions.length === 0) return false;
  return actions.every((a) => {
    const v = index.value(a);
    if (v.k === 'ref') return SCALING_POLICY_TYPES.includes(v.target.type);
    const s = V.str(v) ?? '';
    // /:autoscaling:.*:scalingPolicy/ without restarting `.*` at every occurrence
    return s.split(/[\n\r\u2028\u2029]/).some((line) => {
      const at = line.indexOf(':autoscaling:');
      return at !== -1 && line.indexOf(':scalingPolicy', at + ':autoscaling:'.length) !== -1;
    });
  });
}

/** The notification alarms watching a service (scaling alarms left out). @internal */
export function serviceAlarms(res: CfnResource, index: TemplateIndex): AlarmView[] {
  return alarmsOn(index, serviceParts(res, index)).filter((a) => !isScalingAlarm(a.alarm, index));
}

/** The composite alarms whose rule names `alarm`. @internal */
export function compositesOf(alarm: CfnResource, index: TemplateIndex): CfnResource[] {
  return index.referrers(alarm, COMPOSITE_TYPE).filter((c) => refsIn(c.properties.AlarmRule).has(alarm.logicalId));
}

/**
 * Whether an alarm reaches someone: its own actions (enabled, non-empty), or a
 * composite alarm over it that does.
 * @internal
 */
export function notifies(alarm: CfnResource, index: TemplateIndex, depth = 0): boolean {
  if (depth > 5) return false;
  const enabled = index.prop(alarm, 'ActionsEnabled');
  const actions = V.list(index.prop(alarm, 'AlarmActions')) ?? [];
  if (!V.isFalse(enabled) && actions.length > 0) return true;
  return compositesOf(alarm, index).some((c) => notifies(c, index, depth + 1));
}

/** The alarms of the template on a metric (by namespace and name, any dimensions), through ofType. @internal */
export function alarmsOnMetric(index: TemplateIndex, namespace: string, name: string): AlarmView[] {
  return index.ofType(ALARM_TYPE).map((a) => parseAlarm(index, a))
    .filter((v) => v.metrics.some((m) => m.namespace === namespace && m.name === name));
}

/** Where the application logs of service compute go, one entry per container (or the function). @internal */
export function serviceLogDestinations(res: CfnResource, index: TemplateIndex): { label: string; dest: LogDestination }[] | undefined {
  if (!isServiceCompute(res, index)) return undefined;
  if (res.type === 'AWS::Lambda::Function') return [{ label: `function ${res.logicalId}`, dest: lambdaLogDestination(res, index) }];
  const td = taskDefinitionOf(res, index);
  if (!td) return [];
  return appContainers(td, index).map((c) => ({
    label: `container ${V.str(index.at(c.def, 'Name')) ?? c.position}`,
    dest: containerLogDestination(c.def, c.position, index),
  }));
}

/**
 * The resources of a given type attached to a log destination: referrers of
 * the log group resource, or of the function for Lambda's default group
 * (`LogGroupName: /aws/lambda/${Fn}`).
 * @internal
 */
export function onLogs(index: TemplateIndex, res: CfnResource, dest: LogDestination, type: string): CfnResource[] {
  if (dest.k === 'group') return index.referrers(dest.group, type).filter((r) => refsIn(r.properties.LogGroupName).has(dest.group.logicalId));
  if (dest.k === 'implicit' && res.type === 'AWS::Lambda::Function') {
    return index.referrers(res, type).filter((r) => {
      const v = index.prop(r, 'LogGroupName');
      return v.k === 'expr' && v.text === `/aws/lambda/\${${res.logicalId}}`;
    });
  }
  return [];
}

/**
 * The log destinations of service compute as dispatched to the logging rules:
 * a serving function, or each application container of a task definition an
 * ECS service runs (with the container, for its settings). Undefined otherwise.
 * @internal
 */
export function unitLogs(res: CfnResource, index: TemplateIndex): { label: string; dest: LogDestination; container?: any }[] | undefined {
  if (res.type === 'AWS::Lambda::Function') {
    return isServiceCompute(res, index) ? [{ label: `function ${res.logicalId}`, dest: lambdaLogDestination(res, index) }] : undefined;
  }
  if (res.type !== 'AWS::ECS::TaskDefinition' || index.referrers(res, 'AWS::ECS::Service').length === 0) return undefined;
  return appContainers(res, index).map((c) => ({
    label: `container ${V.str(index.at(c.def, 'Name')) ?? c.position}`,
    dest: containerLogDestination(c.def, c.position, index),
    container: c.def,
  }));
}

export type { DashRow } from '../dashboard-body';
export { dashboardRows, mentions, rowsOf } from '../dashboard-body';
