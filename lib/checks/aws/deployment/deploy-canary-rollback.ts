import { FindingStatus, Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { ALARM_TYPE, AlarmView, COMPOSITE_TYPE, detectionSeconds, metricOn, parseAlarm, resolutionGap, timingText } from '../../cfn/alarms';
import { candidates as keyedCandidates, Keyed, keyedIndex } from '../../cfn/keyed';
import { listOf } from '../../cfn/lists';
import { frontOfTargetGroups, serviceTraffic, TARGET_GROUP } from '../../cfn/load-balancers';
import { ecsScalableTargets } from '../../cfn/scaling';
import { functionTargetGroups } from '../../cfn/service-compute';
import { aliasUpdate, controllerOf, ecsGroupsOf, GROUP_TYPE, strategyOf } from './codedeploy';


/**
 * Seconds CodeDeploy (or ECS) takes from an alarm going into ALARM to starting
 * the rollback. CodeDeploy polls a deployment's alarms about once a minute;
 * ECS deployment alarms likewise. Documented as an approximation.
 * @internal
 */
export const ROLLBACK_REACTION_SECONDS = 60;

const ERROR_METRIC = /5XX|^Errors$|Error/i;

const ASG_TYPE = 'AWS::AutoScaling::AutoScalingGroup';

/**
 * The compute a deployment releases: another function's, service's, Auto Scaling group's or instance's alarm does
 * not see its new version.
 */
const COMPUTE = new Set(['AWS::Lambda::Function', 'AWS::Lambda::Alias', 'AWS::Lambda::Version', 'AWS::ECS::Service', ASG_TYPE, 'AWS::EC2::Instance']);

/**
 * What a deployment group releases, as an alarm may name it (`resources`): the functions and aliases a Lambda group
 * shifts (the aliases whose UpdatePolicy names the group, not on `$LATEST`), the ECS services it deploys, the Auto
 * Scaling groups an in-place (Server) group deploys to, and the target groups and load balancers in front of them
 * (the group's own `LoadBalancerInfo` target groups too). `open` says why part of it cannot be told from the template
 * (a service, Auto Scaling group or instances named by a name or a tag, nothing of the template named at all): then
 * an alarm on other compute of the template may still watch it. `latest`: its aliases on `$LATEST` (CodeDeploy never
 * shifts them); `versionOpen`: those whose version is decided at deploy time (they may be on `$LATEST`); `sure`:
 * whether something it releases surely is deployed by it (an alias on a version, an ECS service, an Auto Scaling group).
 */
interface Released {
  readonly resources: CfnResource[];
  readonly open?: string;
  readonly latest: CfnResource[];
  readonly versionOpen: CfnResource[];
  readonly sure: boolean;
}

/** The tag selections of a deployment group: the instances they pick are not read from the template. */
const TAG_SELECTIONS = ['Ec2TagFilters', 'Ec2TagSet', 'OnPremisesInstanceTagFilters', 'OnPremisesTagSet'];

function deployedBy(index: TemplateIndex, group: CfnResource): Released {
  const out = new Set<CfnResource>();
  const latest: CfnResource[] = [];
  const versionOpen: CfnResource[] = [];
  const open: string[] = [];
  let sure = false;
  for (const alias of keyedCandidates(index, releasingAliases(index), [group.logicalId])) {
    const update = aliasUpdate(index, alias);
    if (!update || !index.refsOf(index.field(update, 'DeploymentGroupName')).has(group.logicalId)) continue;
    // CodeDeploy shifts an alias from one version to another; one on $LATEST is never deployed (each deploy overwrites it).
    const version = index.prop(alias, 'FunctionVersion');
    if (version.k === 'unknown') versionOpen.push(alias);
    else if (V.str(version) === '$LATEST') { latest.push(alias); continue; } else sure = true;
    out.add(alias);
    const fn = index.prop(alias, 'FunctionName');
    if (fn.k === 'ref' && fn.target.type === 'AWS::Lambda::Function') for (const r of withFront(index, fn.target)) out.add(r);
  }
  const services = index.prop(group, 'ECSServices');
  if (services.k === 'unknown') open.push(`its ECSServices are decided at deploy time (${services.why})`);
  for (const item of index.items(services) ?? []) {
    const svc = [...index.refsOf(index.field(item, 'ServiceName'))].map((id) => index.get(id)).find((r) => r?.type === 'AWS::ECS::Service');
    if (svc) { sure = true; for (const r of withFront(index, svc)) out.add(r); } else open.push(`ECS service ${V.show(index.field(item, 'ServiceName'))} is not a service of this template`);
  }
  const asgs = index.prop(group, 'AutoScalingGroups');
  if (asgs.k === 'unknown') open.push(`its AutoScalingGroups are decided at deploy time (${asgs.why})`);
  for (const item of index.items(asgs) ?? []) {
    if (item.k === 'ref' && item.target.type === ASG_TYPE && item.attr === undefined) { sure = true; for (const r of withFront(index, item.target)) out.add(r); } else open.push(`Auto Scaling group ${V.show(item)} is not a group of this template`);
  }
  for (const p of TAG_SELECTIONS) {
    const v = index.prop(group, p);
    if (v.k !== 'absent' && (v.k === 'unknown' || (index.items(v) ?? []).length > 0 || index.field(v, 'Ec2TagSetList').k !== 'absent' || index.field(v, 'OnPremisesTagSetList').k !== 'absent')) {
      open.push(`its ${p} pick instances by tag (which instances carry the tags is not read from the template)`);
    }
  }
  // The target groups CodeDeploy takes its instances out of and back into (in-place) front what it deploys.
  const tgs: CfnResource[] = [];
  for (const item of index.items(index.prop(group, 'LoadBalancerInfo.TargetGroupInfoList')) ?? []) {
    for (const id of index.refsOf(index.field(item, 'Name'))) { const tg = index.get(id); if (tg?.type === TARGET_GROUP) tgs.push(tg); }
  }
  for (const r of [...tgs, ...frontOfTargetGroups(index, tgs).loadBalancers]) out.add(r);
  if (!sure && latest.length === 0 && versionOpen.length === 0 && open.length === 0) {
    open.push('no alias, ECS service or Auto Scaling group of this template is deployed by it (what it deploys is named outside the template)');
  }
  return { resources: [...out], ...(open.length > 0 ? { open: open.join('; ') } : {}), latest, versionOpen, sure };
}

/**
 * The Lambda aliases by the deployment groups their CodeDeploy UpdatePolicy may name (the logical ids its
 * DeploymentGroupName references, in any world): a group looks up its own instead of reading every alias.
 */
function releasingAliases(index: TemplateIndex): Keyed {
  return keyedIndex(index, 'aliases-by-deployment-group', ['AWS::Lambda::Alias'], (alias) => {
    const update = aliasUpdate(index, alias);
    return update ? index.refsOf(index.field(update, 'DeploymentGroupName')) : [];
  });
}

/**
 * The alarms by the literal AlarmName they may have (in any world; one whose name cannot be read so is a
 * candidate for every name): a deployer naming an alarm by its name finds it without reading every alarm.
 */
function alarmsByAlarmName(index: TemplateIndex): Keyed {
  return keyedIndex(index, 'alarms-by-alarm-name', [ALARM_TYPE], (a) => {
    const name = V.str(index.prop(a, 'AlarmName'));
    return name === undefined ? [] : [name];
  });
}

/**
 * A function, service or Auto Scaling group with the target groups and load balancers that send it requests (their
 * metrics count its errors): a function's or service's (`functionTargetGroups`, `serviceTraffic`), an Auto Scaling
 * group's `TargetGroupARNs` and classic `LoadBalancerNames`.
 */
function withFront(index: TemplateIndex, compute: CfnResource): CfnResource[] {
  if (compute.type === ASG_TYPE) {
    const refs = (p: string, type: string) => [...index.refsOf(index.prop(compute, p))].map((id) => index.get(id)).filter((r): r is CfnResource => r?.type === type);
    const tgs = refs('TargetGroupARNs', TARGET_GROUP);
    return [compute, ...tgs, ...frontOfTargetGroups(index, tgs).loadBalancers, ...refs('LoadBalancerNames', 'AWS::ElasticLoadBalancing::LoadBalancer')];
  }
  const tgs = compute.type === 'AWS::ECS::Service' ? serviceTraffic(index, compute).targetGroups : functionTargetGroups(index, compute);
  return [compute, ...tgs, ...frontOfTargetGroups(index, tgs).loadBalancers];
}

/**
 * Whether an attached alarm sees what the deployment releases: `yes` when a metric names it (or what fronts it);
 * `no` when its metrics name only other functions, services, Auto Scaling groups or instances of the template (their
 * errors do not move with the new version's) and all it releases is known (`open` undefined); `maybe` otherwise (a
 * dimension decided at deploy time, a metric of the application's own, an API or resource in front the template does
 * not tie to it, compute of the template that a name or tag selection of the group may pick).
 */
function watchesDeployed(index: TemplateIndex, view: AlarmView, deployed: CfnResource[], open: string | undefined): 'yes' | 'no' | 'maybe' {
  if (view.open !== undefined) return 'maybe';
  let maybe = view.metrics.length === 0;
  for (const m of view.metrics) {
    const on = metricOn(index, m, deployed);
    if (on === true) return 'yes';
    const named = m.dims.flatMap((d) => [...index.refsOf(d.value)].map((id) => index.get(id))).filter((r): r is CfnResource => r !== undefined);
    if (on === undefined || open !== undefined || named.length === 0 || !named.every((r) => COMPUTE.has(r.type))) maybe = true;
  }
  return maybe ? 'maybe' : 'no';
}

/**
 * The time from an error spike to the start of a rollback: the fastest of the
 * attached alarms that watch errors (all attached alarms if none does) —
 * period x evaluation periods — plus the reaction of the deployer.
 */
function spikeToRollback(index: TemplateIndex, names: Val[], owner: CfnResource, maxSeconds: number, what: string, deployed: { resources: CfnResource[]; open?: string }): Verdict {
  const alarms: CfnResource[] = [];
  const allOf: Array<{ composite: CfnResource; children: CfnResource[] }> = [];
  const outside: string[] = [];
  for (const v of names) {
    // CodeDeploy and ECS look alarms up by name: Ref gives it; Fn::GetAtt (the ARN) names no alarm of the template.
    if (v.k === 'ref' && v.attr !== undefined) outside.push(`${V.show(v)} (an attribute, not the alarm name the deployer looks up)`);
    else if (v.k === 'ref' && v.target.type === ALARM_TYPE) alarms.push(v.target);
    else if (v.k === 'ref' && v.target.type === COMPOSITE_TYPE) {
      // A composite alarm fires through its children: time it by them. A rule that joins them with AND only
      // (no OR, no NOT) fires when the last of them does: time it by the slowest; other rules by the fastest.
      const rule = index.prop(v.target, 'AlarmRule');
      const children = [...index.refsOf(rule)].map((id) => index.get(id)).filter((r): r is CfnResource => r?.type === ALARM_TYPE);
      const text = rule.k === 'lit' ? V.str(rule) ?? '' : rule.k === 'expr' ? rule.text : '';
      if (children.length > 1 && /\bAND\b/i.test(text) && !/\b(OR|NOT)\b/i.test(text)) allOf.push({ composite: v.target, children });
      else if (children.length > 0) alarms.push(...children);
      else outside.push(V.show(v));
    } else {
      // An alarm of this template named literally (AlarmName) rather than by Ref.
      const name = v.k === 'lit' ? V.str(v) : undefined;
      // Alarm names are unique in an account and region: an alarm named so literally is the one, whatever the names of
      // others decided at deploy time (which would then be refused); without one, such an alarm may be it.
      const found = name === undefined ? [] : keyedCandidates(index, alarmsByAlarmName(index), [name]);
      const named = found.find((a) => { const n = index.prop(a, 'AlarmName'); return n.k === 'lit' && V.str(n) === name; }) ?? found.find((a) => V.str(index.prop(a, 'AlarmName')) === name);
      if (named) alarms.push(named);
      else outside.push(V.show(v));
    }
  }
  // Each candidate is one alarm, or an AND composite timed by its slowest child (its time unknown if one child's is).
  type View = ReturnType<typeof parseAlarm>;
  const attached: Array<{ views: View[] }> = [
    ...alarms.map((a) => ({ views: [parseAlarm(index, a)] })),
    ...allOf.map((c) => ({ views: c.children.map((a) => parseAlarm(index, a)) })),
  ];
  // Only an alarm that sees the released compute's errors stops its deployment (an AND composite: every child must).
  const sees = (c: { views: View[] }) => {
    const each = c.views.map((v) => watchesDeployed(index, v, deployed.resources, deployed.open));
    return each.includes('no') ? 'no' : each.includes('maybe') ? 'maybe' : 'yes';
  };
  const candidates = attached.filter((c) => sees(c) === 'yes');
  if (candidates.length === 0 && attached.length > 0 && outside.length === 0) {
    const ids = attached.flatMap((c) => c.views.map((v) => v.alarm.logicalId));
    const compute = deployed.resources.filter((r) => COMPUTE.has(r.type)).map((r) => r.logicalId);
    const released = [compute.join(', '), ...(deployed.open !== undefined ? [`what else it deploys: ${deployed.open}`] : [])].filter((x) => x !== '').join('; ') || '(none)';
    if (attached.every((c) => sees(c) === 'no')) {
      return fail(undefined, ids.join(', '), `${what}, but no attached alarm watches what it releases (${released}): ${ids.join(', ')} watch${ids.length > 1 ? '' : 'es'} other functions or services (or Auto Scaling groups, instances), so a failing new version never stops the deployment`, owner);
    }
    return unknown(undefined, ids.join(', '), `${what}; whether the attached alarms (${ids.join(', ')}) see the errors of what it releases (${released}) is not known: none names ${compute.length > 0 ? 'it' : 'a resource of this template it surely deploys'} (or what sends it requests) in its dimensions`, owner);
  }
  const watchesErrors = (c: { views: View[] }) => c.views.some((v) => v.metrics.some((m) => ERROR_METRIC.test(m.name ?? '')));
  const errorCandidates = candidates.filter(watchesErrors);
  // An alarm that may never fire (a Period under the metric's publishing interval: resolutionGap) times nothing.
  const gaps: string[] = [];
  const timed = (errorCandidates.length > 0 ? errorCandidates : candidates)
    .map((c) => {
      const gap = c.views.map((view) => ({ view, gap: resolutionGap(view) })).find((g) => g.gap !== undefined);
      if (gap) { gaps.push(`alarm ${gap.view.alarm.logicalId} ${gap.gap}`); return { view: c.views[0], s: undefined }; }
      const times = c.views.map((view) => ({ view, s: detectionSeconds(view) }));
      if (times.some((t) => t.s === undefined)) return { view: c.views[0], s: undefined };
      return times.sort((a, b) => b.s! - a.s!)[0];
    })
    .filter((x): x is { view: View; s: number } => x.s !== undefined)
    .sort((a, b) => a.s - b.s);
  if (timed.length === 0) {
    return unknown(undefined, outside.join(', ') || [...alarms.map((a) => a.logicalId), ...allOf.map((c) => c.composite.logicalId)].join(', '),
      gaps.length > 0 ? `${what}: whether they ever fire is not known: ${gaps.join('; ')}`
        : `${what}: the attached alarms' period and evaluation periods are not known at synth${outside.length ? ` (${outside.join(', ')} not in this template)` : ''}`, owner);
  }
  const fastest = timed[0];
  const total = fastest.s + ROLLBACK_REACTION_SECONDS;
  const detail = `error spike to rollback start ~${total} s (alarm ${fastest.view.alarm.logicalId}: ${timingText(fastest.view, fastest.s)}, + ~${ROLLBACK_REACTION_SECONDS} s for the deployer to react)`;
  if (total > maxSeconds + ROLLBACK_REACTION_SECONDS) {
    return fail(`${fastest.view.alarm.logicalId}.EvaluationPeriods`, `${total} s`, `${what}, but ${detail} exceeds alarmDetectionMinutes ${maxSeconds / 60} min + ${ROLLBACK_REACTION_SECONDS} s`, owner);
  }
  return pass(`${fastest.view.alarm.logicalId}.EvaluationPeriods`, `${total} s`, `${what}; ${detail}`, owner);
}

/** The native ECS strategies that shift traffic between two revisions: their rollback is the deployment alarms. */
const TRAFFIC_STRATEGIES = ['CANARY', 'LINEAR', 'BLUE_GREEN'];

/** The circuit breaker's failure threshold types (`ThresholdConfiguration.Type`). */
const THRESHOLD_TYPES = ['BOUNDED_PERCENT', 'UNBOUNDED_PERCENT', 'COUNT'];

/** The failed tasks after which the circuit breaker trips with `desired` tasks (ECS ThresholdConfiguration). */
function failureThreshold(type: string, value: number, desired: number): number {
  if (type === 'COUNT') return value;
  const t = (value * desired) / 100;
  return type === 'UNBOUNDED_PERCENT' ? t : Math.min(200, Math.max(3, t));
}

/** AWS's default failure threshold: BOUNDED_PERCENT 50, half the desired count, at least 3 and at most 200 failed tasks. */
const defaultThreshold = (desired: number) => failureThreshold('BOUNDED_PERCENT', 50, desired);

/** A desired count standing for "any number of tasks" when the service's is not read. */
const MANY_TASKS = 1e9;

/**
 * The desired counts the service may have: its scalable targets' MinCapacity..MaxCapacity (and their scheduled
 * actions' bounds), else its DesiredCount (1 when absent); `open` when one is decided at deploy time.
 */
function desiredRange(index: TemplateIndex, svc: CfnResource): { lo: number; hi: number } | { open: string } {
  const targets = ecsScalableTargets(index, svc);
  if (targets.length === 0) {
    const v = index.prop(svc, 'DesiredCount');
    if (v.k === 'absent') return { lo: 1, hi: 1 };
    const n = V.num(v);
    return n === undefined ? { open: `its DesiredCount ${V.show(v)} is decided at deploy time` } : { lo: n, hi: n };
  }
  const bounds: number[] = [];
  for (const tg of targets) {
    const vals = ['MinCapacity', 'MaxCapacity'].map((b) => ({ at: `${tg.logicalId}.${b}`, v: index.prop(tg, b) }));
    const actions = index.prop(tg, 'ScheduledActions');
    const list = index.items(actions);
    if (list === undefined && actions.k !== 'absent') return { open: `the scheduled actions of ${tg.logicalId} are decided at deploy time` };
    for (const a of list ?? []) for (const b of ['MinCapacity', 'MaxCapacity']) {
      const v = index.field(a, `ScalableTargetAction.${b}`);
      if (v.k !== 'absent') vals.push({ at: `${tg.logicalId}.ScheduledActions ${b}`, v });
    }
    for (const { at, v } of vals) {
      const n = V.num(v);
      if (n === undefined) return { open: `${at} ${V.show(v)} is decided at deploy time` };
      bounds.push(n);
    }
  }
  return { lo: Math.max(1, Math.min(...bounds)), hi: Math.max(1, ...bounds) };
}

/**
 * The desired count in `lo..hi` at which the threshold exceeds the default by the most, when it does anywhere. Both
 * are piecewise linear in the desired count, so the largest excess is at an end or a break (6 and 400 tasks for the
 * default, 300 / value and 20000 / value for a bounded percent).
 */
function looserAt(type: string, value: number, lo: number, hi: number): number | undefined {
  const points = [lo, hi, 6, 400, ...(value > 0 ? [300 / value, 20000 / value] : [])].filter((d) => d >= lo && d <= hi);
  let worst: { d: number; by: number } | undefined;
  for (const d of points) {
    const by = failureThreshold(type, value, d) - defaultThreshold(d);
    if (by > 1e-9 && (worst === undefined || by > worst.by)) worst = { d, by };
  }
  return worst?.d;
}

/**
 * Whether a rolling service's circuit breaker rolls a failing deployment back: enabled with rollback, and tripping no
 * later than AWS's default threshold would for every desired count the service may have (see DeployCanaryRollback).
 */
function circuitBreaker(index: TemplateIndex, res: CfnResource): Verdict {
  const cb = 'Properties.DeploymentConfiguration.DeploymentCircuitBreaker';
  const enable = index.prop(res, 'DeploymentConfiguration.DeploymentCircuitBreaker.Enable');
  const rollback = index.prop(res, 'DeploymentConfiguration.DeploymentCircuitBreaker.Rollback');
  if (enable.k === 'unknown' || rollback.k === 'unknown') return unknown(cb, enable.k === 'unknown' ? enable : rollback, 'circuit breaker decided at deploy time');
  if (!V.isTrue(enable) || !V.isTrue(rollback)) return fail(cb, `Enable ${V.show(enable)}, Rollback ${V.show(rollback)}`, 'the deployment circuit breaker does not roll back a failing deployment');
  const ok = pass(cb, 'Enable, Rollback', 'the circuit breaker rolls back deployments whose tasks fail (no deployment alarms attached)');
  const tc = `${cb}.ThresholdConfiguration`;
  const config = index.prop(res, 'DeploymentConfiguration.DeploymentCircuitBreaker.ThresholdConfiguration');
  if (config.k === 'absent') return ok;
  if (config.k === 'unknown') return unknown(tc, config, `the circuit breaker's failure threshold is decided at deploy time (${config.why})`);
  const typeV = index.field(config, 'Type');
  const valueV = index.field(config, 'Value');
  // ECS's documented defaults for each part: BOUNDED_PERCENT, 50.
  const type = typeV.k === 'absent' ? 'BOUNDED_PERCENT' : V.str(typeV);
  const value = valueV.k === 'absent' ? 50 : V.num(valueV);
  if (type === undefined || value === undefined || !THRESHOLD_TYPES.includes(type)) {
    return unknown(tc, `${V.show(typeV)} ${V.show(valueV)}`, 'the circuit breaker\'s failure threshold (Type, Value) is decided at deploy time or not one ECS accepts');
  }
  const shown = `${type} ${value}`;
  // A threshold that never exceeds the default, whatever the desired count, needs no desired count.
  if (looserAt(type, value, 1, MANY_TASKS) === undefined) return { ...ok, value: shown, message: `the circuit breaker rolls back deployments whose tasks fail, at a threshold (${shown}) no looser than AWS's default (no deployment alarms attached)` };
  const range = desiredRange(index, res);
  if ('open' in range) return unknown(tc, shown, `the circuit breaker trips after ${type === 'COUNT' ? `${value} failed tasks` : `${value} % of the desired count (${type})`}; whether that is more than AWS's default (half the desired count, 3 to 200 failed tasks) is not known: ${range.open}`);
  const d = looserAt(type, value, range.lo, range.hi);
  if (d === undefined) return { ...ok, value: shown, message: `the circuit breaker rolls back deployments whose tasks fail, at a threshold (${shown}) no looser than AWS's default for ${range.lo === range.hi ? range.lo : `${range.lo} to ${range.hi}`} desired tasks (no deployment alarms attached)` };
  const n = Math.ceil(failureThreshold(type, value, d) - 1e-9);
  const m = Math.ceil(defaultThreshold(d) - 1e-9);
  return fail(tc, shown, `the circuit breaker rolls back only after ${n} failed tasks (ThresholdConfiguration ${shown}) with ${Math.round(d)} desired task${Math.round(d) === 1 ? '' : 's'}, where AWS's default would after ${m}: a failing deployment keeps launching tasks that fail for longer than the item accepts`);
}

function groupVerdict(index: TemplateIndex, group: CfnResource, maxSeconds: number): Verdict {
  const g = group.logicalId;
  const enabled = index.prop(group, 'AutoRollbackConfiguration.Enabled');
  if (enabled.k === 'unknown') return unknown('Properties.AutoRollbackConfiguration.Enabled', enabled, `auto-rollback of ${g} decided at deploy time`, group);
  if (!V.isTrue(enabled)) return fail('Properties.AutoRollbackConfiguration.Enabled', enabled, `${g} does not roll back automatically`, group);
  const events = listOf(index, index.prop(group, 'AutoRollbackConfiguration.Events')).map((e) => V.str(e));
  const missing = ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'].filter((e) => !events.includes(e));
  if (missing.length > 0) return fail('Properties.AutoRollbackConfiguration.Events', events.join(', ') || '(none)', `${g} does not roll back on ${missing.join(', ')}`, group);
  const alarmsOn = index.prop(group, 'AlarmConfiguration.Enabled');
  if (alarmsOn.k === 'unknown') return unknown('Properties.AlarmConfiguration.Enabled', alarmsOn, `alarm monitoring of ${g} decided at deploy time`, group);
  const alarms = listOf(index, index.prop(group, 'AlarmConfiguration.Alarms'));
  if (!V.isTrue(alarmsOn) || alarms.length === 0) return fail('Properties.AlarmConfiguration', alarms.length ? 'disabled' : '(no alarms)', `${g} watches no alarm during a deployment: nothing stops a bad canary`, group);
  const released = deployedBy(index, group);
  if (released.latest.length > 0 && !released.sure && released.versionOpen.length === 0 && released.open === undefined) {
    const names = released.latest.map((a) => a.logicalId).join(', ');
    return fail(`${released.latest[0].logicalId}.Properties.FunctionVersion`, '$LATEST', `${g} releases only alias ${names} on $LATEST: CodeDeploy runs when an alias's version changes, and $LATEST never does (each deploy overwrites it), so no deployment of ${g} runs and its alarms never roll one back`, group);
  }
  const verdict = spikeToRollback(index, alarms.map((a) => index.field(a, 'Name')), group, maxSeconds, `${g} rolls back on failure and on ${alarms.length} alarm(s)`, released);
  if (verdict.status !== FindingStatus.PASS || released.sure || released.versionOpen.length === 0) return verdict;
  const open = released.versionOpen.map((a) => a.logicalId).join(', ');
  const why = index.prop(released.versionOpen[0], 'FunctionVersion');
  return unknown(`${released.versionOpen[0].logicalId}.Properties.FunctionVersion`, why, `the version of alias ${open} is decided at deploy time${why.k === 'unknown' ? ` (${why.why})` : ''}: on $LATEST, CodeDeploy never runs a deployment of ${g}; otherwise ${verdict.message}`, group);
}

/**
 * DEPLOY-CANARY-ROLLBACK: a release rolls back on its own when alarms fire,
 * fast enough: alarm period x evaluation periods + the deployer's reaction
 * within alarmDetectionMinutes + 60 s. A composite alarm is timed by its
 * children: the fastest, or the slowest when its rule joins them with AND only.
 * Alarms are named as the deployer reads
 * them (CodeDeploy `Alarms[].Name`, ECS `AlarmNames`): by Ref or the literal
 * AlarmName; an `Fn::GetAtt` (the alarm's ARN) is not its name, so it counts as
 * an alarm outside the template.
 *
 * Only an alarm that watches what the deployment releases stops it (`deployedBy`, `watchesDeployed`): a Lambda
 * group's aliases (not on `$LATEST`) and their functions, an ECS group's services, an in-place (Server) group's Auto
 * Scaling groups, with the target groups and load balancers in front of them (the group's `LoadBalancerInfo` target
 * groups too). An alarm naming only other compute of the template fails; where the group picks its targets by tag
 * (EC2 / on-premises tag filters or sets), by a name the template does not resolve, or names nothing of the
 * template, such an alarm may watch them: unknown. A Lambda group whose aliases are all on `$LATEST` never runs a
 * deployment (CodeDeploy shifts an alias between versions): fail; one whose alias versions are decided at deploy
 * time: unknown at best.
 *
 * Native ECS deployments (controller `ECS`):
 * - `CANARY`, `LINEAR`, `BLUE_GREEN`: the rollback is the deployment alarms (`Alarms` with `Enable` and `Rollback`),
 *   which ECS watches through the traffic shifts and the bake time; they are timed as above. The circuit breaker is
 *   not asked of them: the API and CloudFormation references say it applies to rolling updates only, the
 *   failure-detection guide names blue/green too; either way a canary that raises errors is stopped by its alarms.
 * - `ROLLING` (the default): the circuit breaker with `Enable` and `Rollback`, and the deployment alarms when it has
 *   some (timed). The catalog cannot time a circuit breaker (how fast tasks fail is not in the template): AWS's
 *   default threshold (BOUNDED_PERCENT 50: half the desired count, at least 3 and at most 200 failed tasks) is the
 *   bound the item accepts. A `ThresholdConfiguration` that may need more failed tasks than the default for a
 *   desired count the service may have (its scalable targets' capacities and scheduled actions, else DesiredCount)
 *   fails, naming both counts (COUNT 1000 on 3 tasks keeps a failing deployment launching tasks hundreds of times;
 *   UNBOUNDED_PERCENT drops the 200 bound); one no looser passes; one whose type, value or the desired count it
 *   depends on is decided at deploy time is unknown. `ResetOnHealthyTask` (true by default) is not judged: false
 *   only counts failures cumulatively, which trips sooner.
 * - A strategy decided at deploy time passes or fails only when both readings agree; otherwise unknown.
 */
export const DeployCanaryRollback: AwsRule = {
  id: 'DeployCanaryRollback',
  items: ['DEPLOY-CANARY-ROLLBACK'],
  types: [GROUP_TYPE, 'AWS::ECS::Service'],
  severity: Severity.HIGH,
  description: 'CodeDeploy groups auto-roll back on DEPLOYMENT_FAILURE and DEPLOYMENT_STOP_ON_ALARM with alarms attached that watch what they deploy (aliases not on $LATEST, ECS services, Auto Scaling groups, or what fronts them); ECS rolling services roll back through the circuit breaker (at a failure threshold no looser than AWS\'s default) and their deployment alarms, native canary/linear/blue-green ones through deployment alarms; the error spike to rollback time is within alarmDetectionMinutes + 60 s.',
  fix: 'LambdaDeploymentGroup/EcsDeploymentGroup with alarms and autoRollback { failedDeployment, deploymentInAlarm }; ECS: circuitBreaker { rollback: true } and deploymentAlarms { alarmNames, behavior: ROLLBACK_ON_ALARM }.',
  check(res, { index, thresholds }) {
    const maxSeconds = thresholds.get('alarmDetectionMinutes') * 60;
    if (res.type === GROUP_TYPE) return groupVerdict(index, res, maxSeconds);
    const controller = controllerOf(index, res);
    if (controller.k !== 'lit') return unknown('Properties.DeploymentController.Type', controller, 'deployment controller decided at deploy time');
    if (controller.v === 'CODE_DEPLOY') {
      // The deployment group carries the rollback and is judged on its own.
      if (ecsGroupsOf(index, res).length > 0) return undefined;
      return unknown('Properties.DeploymentController.Type', 'CODE_DEPLOY', 'deployed by CodeDeploy through a deployment group not in this template');
    }
    if (controller.v === 'EXTERNAL') return unknown('Properties.DeploymentController.Type', 'EXTERNAL', 'deployed by an external controller: its rollback is not in the template');
    const strategy = strategyOf(index, res);
    const ap = 'Properties.DeploymentConfiguration.Alarms';
    const aEnable = index.prop(res, 'DeploymentConfiguration.Alarms.Enable');
    const aRollback = index.prop(res, 'DeploymentConfiguration.Alarms.Rollback');
    const names = listOf(index, index.prop(res, 'DeploymentConfiguration.Alarms.AlarmNames'));
    const alarmsOpen = aEnable.k === 'unknown' || aRollback.k === 'unknown';
    const alarmsRollBack = !alarmsOpen && V.isTrue(aEnable) && V.isTrue(aRollback) && names.length > 0;
    // A native canary, linear or blue/green deployment rolls back through its deployment alarms (watched through
    // the bake time); the circuit breaker is not asked of it.
    const byAlarms = (kind: string): Verdict => {
      if (alarmsOpen) return unknown(ap, aEnable.k === 'unknown' ? aEnable : aRollback, 'deployment alarms decided at deploy time');
      if (!alarmsRollBack) return fail(ap, names.length ? `Enable ${V.show(aEnable)}, Rollback ${V.show(aRollback)}` : '(no alarms)', `${kind} deployment without deployment alarms that roll back: a canary with errors keeps going`);
      return spikeToRollback(index, names, res, maxSeconds, `${names.length} deployment alarm(s) roll back the ${kind} deployment`, { resources: withFront(index, res) });
    };
    // A rolling update rolls back through the circuit breaker, and its deployment alarms when it has some.
    const rolling = (): Verdict => {
      const cb = circuitBreaker(index, res);
      if (cb.status !== FindingStatus.PASS) return cb;
      if (alarmsOpen) return unknown(ap, aEnable.k === 'unknown' ? aEnable : aRollback, 'deployment alarms decided at deploy time');
      if (!alarmsRollBack) return cb;
      return spikeToRollback(index, names, res, maxSeconds, `circuit breaker and ${names.length} deployment alarm(s) roll back`, { resources: withFront(index, res) });
    };
    if (strategy.k === 'lit') return TRAFFIC_STRATEGIES.includes(V.show(strategy)) ? byAlarms(strategy.v === 'BLUE_GREEN' ? 'blue/green' : V.show(strategy).toLowerCase()) : rolling();
    // Decided at deploy time: a rolling update needs the circuit breaker, the others their alarms.
    const r = rolling();
    const a = byAlarms('canary, linear or blue/green');
    if (r.status === FindingStatus.FAIL && a.status === FindingStatus.FAIL) return r;
    if (r.status === FindingStatus.PASS && a.status === FindingStatus.PASS) return r;
    return unknown('Properties.DeploymentConfiguration.Strategy', strategy, `deployment strategy decided at deploy time: a rolling update ${r.status}s (${r.message}); canary, linear or blue/green ${a.status}s (${a.message})`);
  },
};
