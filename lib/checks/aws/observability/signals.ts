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
    return /:autoscaling:.*:scalingPolicy/.test(s);
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

// ---------------------------------------------------------------- dashboards

/** One metric row of a dashboard, with its dimensions as text (`${LogicalId}` for references). @internal */
export interface DashRow {
  readonly namespace: string;
  readonly name: string;
  readonly dims: Record<string, string>;
  readonly dashboard: CfnResource;
}

function render(node: any): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node === null || typeof node !== 'object') return '';
  const [fn] = Object.keys(node);
  const arg = node[fn];
  switch (fn) {
    case 'Fn::Join': return Array.isArray(arg) && Array.isArray(arg[1]) ? arg[1].map(render).join(typeof arg[0] === 'string' ? arg[0] : '') : '';
    case 'Fn::Sub': {
      const [tpl, vars] = Array.isArray(arg) ? arg : [arg, {}];
      if (typeof tpl !== 'string') return '';
      return tpl.replace(/\$\{([^!}][^}]*)\}/g, (m, name: string) => (vars && name in vars ? render(vars[name]) : m));
    }
    case 'Ref': return `\${${arg}}`;
    case 'Fn::GetAtt': return `\${${Array.isArray(arg) ? arg.join('.') : arg}}`;
    default: return `\${${[...refsIn(node)].join(',')}}`;
  }
}

/**
 * The metric rows of a dashboard, or undefined when its body cannot be read.
 * Handles the `.`/`...` shorthands and `SEARCH('{Namespace,...}')` expressions
 * (a row with the searched namespace and metric name when given).
 * @internal
 */
export function dashboardRows(dashboard: CfnResource): DashRow[] | undefined {
  const text = render(dashboard.properties.DashboardBody);
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: DashRow[] = [];
  for (const w of Array.isArray(body?.widgets) ? body.widgets : []) {
    let prev: string[] = [];
    for (const row of Array.isArray(w?.properties?.metrics) ? w.properties.metrics : []) {
      if (!Array.isArray(row)) continue;
      const opts = row.find((x: any) => x && typeof x === 'object') ?? {};
      if (typeof opts.expression === 'string') {
        const m = /SEARCH\(\s*'\{([^,}]+)[^}]*\}([^']*)'/i.exec(opts.expression);
        if (m) out.push({ namespace: m[1].trim(), name: /MetricName\s*=\s*"?([A-Za-z0-9_.-]+)/.exec(m[2])?.[1] ?? '', dims: {}, dashboard });
        continue;
      }
      const cells: string[] = [];
      for (const [i, c] of row.entries()) {
        if (typeof c !== 'string') continue;
        if (c === '...') { cells.push(...prev.slice(cells.length)); break; }
        cells.push(c === '.' ? prev[i] ?? '' : c);
      }
      prev = cells;
      if (cells.length < 2) continue;
      const dims: Record<string, string> = {};
      for (let i = 2; i + 1 < cells.length; i += 2) dims[cells[i]] = cells[i + 1];
      out.push({ namespace: cells[0], name: cells[1], dims, dashboard });
    }
  }
  return out;
}

/** Whether a dimension value text references a resource (`${Id}` or `${Id.Attr}`). @internal */
export function mentions(text: string, res: CfnResource): boolean {
  return text.includes(`\${${res.logicalId}}`) || text.includes(`\${${res.logicalId}.`);
}

/** The rows of the given dashboards, and the dashboards whose bodies cannot be read. @internal */
export function rowsOf(dashboards: CfnResource[]): { rows: DashRow[]; unreadable: CfnResource[] } {
  const rows: DashRow[] = [];
  const unreadable: CfnResource[] = [];
  for (const d of dashboards) {
    const r = dashboardRows(d);
    if (r) rows.push(...r);
    else unreadable.push(d);
  }
  return { rows, unreadable };
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
