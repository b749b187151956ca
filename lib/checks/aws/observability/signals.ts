import { CfnResource, refMark, TemplateIndex, V, Val } from '../../template-index';
import { ALARM_TYPE, AlarmView, alarmView, alarmsOn, MetricRef, parseAlarm, unitMismatch, valueText } from '../../cfn/alarms';
import { serviceTraffic } from '../../cfn/load-balancers';
import { functionTargetGroups, invocationTargets, isServiceCompute } from '../../cfn/service-compute';
import { appContainers } from '../../cfn/environment';
import { LogDestination, containerLogDestination, lambdaLogDestination } from '../../cfn/log-destinations';
import { candidates, keyedIndex } from '../../cfn/keyed';
import { settledFor } from '../../cfn/settled';

/**
 * Shared reading for the observability rules: what a service is made of
 * (compute, target groups, load balancers), which alarms watch it, where its
 * logs go. Everything is read in the current world.
 * @internal
 */

const SCALING_POLICY_TYPES = ['AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::AutoScaling::ScalingPolicy'];

/** The task definition an ECS service runs, when it is in this template. @internal */
export function taskDefinitionOf(svc: CfnResource, index: TemplateIndex): CfnResource | undefined {
  const v = index.prop(svc, 'TaskDefinition');
  return v.k === 'ref' && v.target.type === 'AWS::ECS::TaskDefinition' ? v.target : undefined;
}

/**
 * The resources a service's metrics are named by: an ECS service with its
 * target groups, listeners and load balancers; a serving function with its
 * aliases and the target groups that invoke it (directly or through an alias).
 * @internal
 */
export function serviceParts(res: CfnResource, index: TemplateIndex): CfnResource[] {
  if (res.type === 'AWS::ECS::Service') {
    const t = serviceTraffic(index, res);
    return [res, ...t.targetGroups, ...t.listeners, ...t.loadBalancers];
  }
  return [...invocationTargets(index, res), ...functionTargetGroups(index, res)];
}

/**
 * Whether an alarm only drives scaling (its actions are all scaling policies):
 * not a notification alarm. An action list decided at deploy time is not
 * known to be scaling only.
 * @internal
 */
export function isScalingAlarm(alarm: CfnResource, index: TemplateIndex): boolean {
  const actions = index.items(index.prop(alarm, 'AlarmActions')) ?? [];
  if (actions.length === 0) return false;
  return actions.every((v) => {
    if (v.k === 'ref') return SCALING_POLICY_TYPES.includes(v.target.type);
    return v.k === 'lit' && /:autoscaling:.*:scalingPolicy/.test(V.str(v) ?? '');
  });
}

/** The notification alarms watching a service (scaling alarms left out). @internal */
export function serviceAlarms(res: CfnResource, index: TemplateIndex): AlarmView[] {
  return alarmsOn(index, serviceParts(res, index)).filter((a) => !isScalingAlarm(a.alarm, index));
}

/** Alarms on a signal, with why each one that is not a whole, working signal is open or wrong. @internal */
export interface SignalAlarms {
  /** Alarms that watch the whole signal, under dimensions it is published with. */
  readonly alarms: AlarmView[];
  /** Alarms that may watch it, or watch part of it. */
  readonly open: AlarmView[];
  /** Alarms on the signal that get no data, or (`never`) never fire on it, with why. */
  readonly wrong: { readonly view: AlarmView; readonly why: string; readonly never?: true }[];
  /** Why each alarm of `open` may or may not be the signal, when that is known. */
  readonly why: Map<AlarmView, string>;
}

/** What a metric is published with: its dimension names (sorted) and unit (`unitOpen`: decided at deploy time), or why that is open. @internal */
export type Published = { names: string[]; unit?: string; unitOpen?: string } | { open: string };

/**
 * What a metric filter's transformation publishes its metric with: the dimension names it declares (none when it
 * declares none) and its Unit (None when it sets none), or why they are decided at deploy time.
 * @internal
 */
export function filterPublishes(index: TemplateIndex, transformation: Val): Published {
  const dims = index.field(transformation, 'Dimensions');
  if (dims.k === 'unknown') return { open: `the filter's Dimensions are decided at deploy time (${dims.why})` };
  const names: string[] = [];
  for (const d of index.items(dims) ?? []) {
    const key = index.field(d, 'Key');
    if (key.k === 'unknown') return { open: `a dimension of the filter is named at deploy time (${key.why})` };
    const s = V.str(key);
    if (s !== undefined) names.push(s);
  }
  const unit = index.field(transformation, 'Unit');
  if (unit.k === 'unknown') return { names: names.sort(), unitOpen: unit.why };
  return { names: names.sort(), unit: unit.k === 'absent' ? 'None' : V.str(unit) };
}

/**
 * The alarms of the template on a metric (by namespace and name), through ofType; with `open` the alarms whose
 * metric is decided at deploy time (they may be on it). With `published` (the dimension names and unit the metric
 * is published with, as a metric filter declares them), an alarm reading other dimensions or asking for another
 * Unit gets no data (`wrong`, with why), and one picking values of published dimensions watches those values only (`open`, `why`).
 * @internal
 */
export function alarmsOnMetric(index: TemplateIndex, namespace: string, name: string, published?: Published): SignalAlarms {
  const alarms: AlarmView[] = [];
  const open: AlarmView[] = [];
  const wrong: { view: AlarmView; why: string }[] = [];
  const why = new Map<AlarmView, string>();
  // Only the alarms that may read the metric, or whose metric is decided at deploy time, in some world: an alarm
  // that reads other metrics in every world is none of these (found by lookup, not by reading every alarm).
  for (const a of candidates(index, alarmsByMetric(index), [metricKey(namespace, name)])) {
    const v = alarmView(index, a);
    const on = v.metrics.filter((m) => m.namespace === namespace && m.name === name);
    if (on.length === 0) {
      if (v.open !== undefined || v.metrics.some((m) => m.kindOpen !== undefined && (m.namespace === undefined || m.namespace === namespace) && (m.name === undefined || m.name === name))) open.push(v);
      continue;
    }
    if (!published) { alarms.push(v); continue; }
    const fits = on.map((m) => readsPublished(m, namespace, name, published));
    if (fits.some((f) => f === true)) alarms.push(v);
    else if (fits.some((f) => typeof f === 'object' && 'open' in f)) {
      open.push(v);
      why.set(v, (fits.find((f) => typeof f === 'object' && 'open' in f) as { open: string }).open);
    } else wrong.push({ view: v, why: (fits.find((f) => typeof f === 'object' && 'wrong' in f) as { wrong: string }).wrong });
  }
  return { alarms, open, wrong, why };
}

const metricKey = (namespace: string, name: string) => `${namespace}\u0000${name}`;

/**
 * The alarms of the template by the metrics (namespace and name) they read in some world (`keyedIndex`);
 * an alarm whose metrics, or one metric's namespace or name, are decided at deploy time may read any.
 */
function alarmsByMetric(index: TemplateIndex) {
  return keyedIndex(index, 'alarms-by-metric', [ALARM_TYPE], (a) => {
    const v = parseAlarm(index, a);
    if (v.open !== undefined || v.metrics.some((m) => m.kindOpen !== undefined)) return 'any';
    return v.metrics.filter((m) => m.namespace !== undefined && m.name !== undefined).map((m) => metricKey(m.namespace!, m.name!));
  });
}

/** Whether sorted dimension names are those a metric filter publishes its metric with (CloudWatch keeps each set apart). @internal */
export function publishedNames(sortedNames: readonly string[], published: { names: string[] }): boolean {
  return sortedNames.length === published.names.length && sortedNames.every((n, k) => n === published.names[k]);
}

/** Whether a metric reads a published metric whole (true), part of it or undecided (`open`), or nothing (`wrong`: other dimensions, another Unit); the words follow the alarm's name. */
function readsPublished(m: MetricRef, namespace: string, name: string, published: Published): true | { open: string } | { wrong: string } {
  if ('open' in published) return { open: published.open };
  if (m.dimsOpen !== undefined) return { open: m.dimsOpen };
  if (m.dims.some((d) => d.name === '')) return { open: 'a dimension name of the alarm is decided at deploy time' };
  const names = m.dims.map((d) => d.name).sort();
  if (!publishedNames(names, published)) {
    return { wrong: `reads ${namespace}/${name} with dimensions ${names.join(' + ') || '(none)'}, but the filter publishes it with ${published.names.join(' + ') || 'none'}: it has no data` };
  }
  // An alarm that asks for a Unit reads only the data points published in it.
  const unit = unitMismatch(m, published, 'the filter');
  if (unit.wrong !== undefined) return { wrong: unit.wrong };
  if (unit.open !== undefined) return { open: unit.open };
  if (names.length === 0) return true;
  return { open: `watches ${m.dims.map((d) => `${d.name} = ${V.show(d.value)}`).join(', ')} only, of a metric the filter publishes per ${published.names.join(' + ')}` };
}

/**
 * The resources of a given type attached to a log destination: referrers of
 * the log group resource whose `LogGroupName` names it in this world, or
 * resources whose `LogGroupName` is the same text as the group's (a literal
 * `/ecs/web`, or the same Sub/Join text), or referrers of
 * the function for Lambda's default group (`LogGroupName: /aws/lambda/${Fn}`).
 * @internal
 */
export function onLogs(index: TemplateIndex, res: CfnResource, dest: LogDestination, type: string): CfnResource[] {
  if (dest.k === 'group') {
    const g = dest.group;
    const byRef = index.referrers(g, type).filter((r) => index.refsOf(index.prop(r, 'LogGroupName')).has(g.logicalId));
    // A filter may name the group by its name as text (`LogGroupName: /ecs/web`, the group's own LogGroupName).
    const name = valueText(index.prop(g, 'LogGroupName'));
    if (name === undefined) return byRef;
    const byName = index.ofType(type).filter((r) => !byRef.includes(r) && valueText(index.prop(r, 'LogGroupName')) === name);
    return [...byRef, ...byName];
  }
  if (dest.k === 'implicit' && res.type === 'AWS::Lambda::Function') {
    return index.referrers(res, type).filter((r) => {
      const v = index.prop(r, 'LogGroupName');
      return v.k === 'expr' && v.text === `/aws/lambda/${refMark(res.logicalId)}`;
    });
  }
  return [];
}

/**
 * The log destinations of service compute as dispatched to the logging rules:
 * a serving function, or each application container of a task definition an
 * ECS service runs (with the container definition, for its settings, read
 * with `index.at`, and its position). Undefined otherwise.
 * @internal
 */
export function unitLogs(res: CfnResource, index: TemplateIndex) {
  if (res.type === 'AWS::Lambda::Function') {
    return isServiceCompute(res, index) ? [{ label: `function ${res.logicalId}`, dest: lambdaLogDestination(res, index), container: undefined, position: undefined }] : undefined;
  }
  if (res.type !== 'AWS::ECS::TaskDefinition' || index.referrers(res, 'AWS::ECS::Service').length === 0) return undefined;
  return appContainers(res, index).map((c) => ({
    label: `container ${V.str(index.at(c.def, 'Name')) ?? c.position}`,
    dest: containerLogDestination(c.def, c.position, index),
    container: c.def,
    position: c.position as number | undefined,
  }));
}

const RISING = ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'GreaterThanUpperThreshold', 'LessThanLowerOrGreaterThanUpperThreshold'];
const FALLING = ['LessThanThreshold', 'LessThanOrEqualToThreshold', 'LessThanLowerThreshold', 'LessThanLowerOrGreaterThanUpperThreshold'];

/**
 * Whether an alarm fires when the value it compares rises (`up`) or falls (`down`): its ComparisonOperator goes
 * that way (an anomaly band's side included) and, with `at` (the value a failure gives: 0 for a success ratio or
 * a health check status), its static threshold lets that value breach (`< t` with t > at, `<= t` with t >= at, and
 * the mirror for `up`). `wrong` (why) when it never fires on the failure, `open` when the operator or threshold is
 * decided at deploy time.
 * @internal
 */
export function firesOn(index: TemplateIndex, view: AlarmView, dir: 'up' | 'down', what: string, at?: number): true | { wrong: string } | { open: string } {
  const id = view.alarm.logicalId;
  // Kept per alarm for the run: an alarm on a signal many resources share is judged for each of them.
  const op = settledFor(index, 'alarm-comparison-operator', view.alarm, (a, i) => i.prop(a, 'ComparisonOperator'));
  if (op.k === 'unknown') return { open: `the comparison of alarm ${id} is decided at deploy time (${op.why})` };
  const c = V.str(op) ?? '(not set)';
  if (!(dir === 'up' ? RISING : FALLING).includes(c)) {
    return { wrong: `alarm ${id} compares with ${c}: it fires when ${what} ${dir === 'up' ? 'falls' : 'rises'}, not when it ${dir === 'up' ? 'rises' : 'falls'} on failures` };
  }
  // An anomaly band is drawn from the metric's own history: whether the failure value breaches it is the model's.
  if (at !== undefined && view.band !== undefined) return { open: `alarm ${id} compares ${what} with an anomaly detection band (${view.band.id}): whether the ${at} a failure gives breaches it depends on the metric's history` };
  if (at === undefined || !['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'].includes(c)) return true;
  const t = view.threshold;
  if (t.k === 'unknown') return { open: `the threshold of alarm ${id} is decided at deploy time (${t.why})` };
  const n = V.num(t);
  if (n === undefined) return { open: `alarm ${id} has no static threshold (${V.show(t)})` };
  const breached = c === 'GreaterThanThreshold' ? at > n : c === 'GreaterThanOrEqualToThreshold' ? at >= n : c === 'LessThanThreshold' ? at < n : at <= n;
  return breached ? true : { wrong: `alarm ${id} fires when ${what} is ${c.replace(/Threshold$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${n}: the ${at} a failure gives never breaches it` };
}
