import { FindingStatus } from '../../model';
import { fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { best, invokersOutside } from '../../cfn/alarms';
import { aliasesOf } from '../../cfn/service-compute';

/** @internal */
export const GROUP_TYPE = 'AWS::CodeDeploy::DeploymentGroup';

/** The compute platform of a deployment group's application (`Server` when not set). @internal */
export function computePlatform(index: TemplateIndex, group: CfnResource): string | undefined {
  const app = index.prop(group, 'ApplicationName');
  if (app.k === 'ref' && app.target.type === 'AWS::CodeDeploy::Application') return V.str(index.prop(app.target, 'ComputePlatform')) ?? 'Server';
  return undefined;
}

/**
 * Whether a deployment group shifts traffic progressively: a canary or linear
 * config (predefined or an AWS::CodeDeploy::DeploymentConfig of the template
 * whose step is below 100 % and whose interval between steps is above 0 minutes), never an AllAtOnce config. In-place Server deployments pass with
 * OneAtATime/HalfAtATime or a MinimumHealthyHosts config that keeps at least
 * one host (a minimum of 0 hosts or 0 % is all at once).
 * @internal
 */
export function groupProgressive(index: TemplateIndex, group: CfnResource): Verdict {
  const p = 'Properties.DeploymentConfigName';
  const v = index.prop(group, 'DeploymentConfigName');
  const g = group.logicalId;
  if (v.k === 'unknown') return unknown(p, v, `deployment config of ${g} decided at deploy time (${v.why})`, group);
  if (v.k === 'absent') {
    const platform = computePlatform(index, group);
    if (platform === 'Lambda' || platform === 'ECS') return fail(p, v, `${g} has no deployment config: CodeDeploy uses CodeDeployDefault.${platform}AllAtOnce`, group);
    if (platform === 'Server') return pass(p, v, `${g} uses the default CodeDeployDefault.OneAtATime (one instance at a time)`, group);
    return unknown(p, v, `${g} has no deployment config and its application is not in this template`, group);
  }
  if (v.k === 'ref' && v.target.type === 'AWS::CodeDeploy::DeploymentConfig') {
    const cfg = v.target;
    const type = index.prop(cfg, 'TrafficRoutingConfig.Type');
    if (type.k === 'unknown') return unknown(`${cfg.logicalId}.TrafficRoutingConfig.Type`, type, `traffic routing of ${cfg.logicalId} decided at deploy time`, group);
    const t = V.str(type);
    if (t === 'TimeBasedCanary' || t === 'TimeBasedLinear') {
      // A first step (canary) or every step (linear) of 100 % shifts all traffic at once.
      const field = t === 'TimeBasedCanary' ? 'TimeBasedCanary.CanaryPercentage' : 'TimeBasedLinear.LinearPercentage';
      const at = `${cfg.logicalId}.TrafficRoutingConfig.${field}`;
      const pct = index.prop(cfg, `TrafficRoutingConfig.${field}`);
      if (pct.k === 'unknown') return unknown(at, pct, `the traffic step of ${cfg.logicalId} is decided at deploy time (${pct.why})`, group);
      const n = V.num(pct);
      if (n !== undefined && n >= 100) return fail(at, pct, `${g} shifts all traffic at once (${cfg.logicalId}: ${t} with a step of ${n} %)`, group);
      // The minutes between steps: with 0 the next step follows at once, so all traffic moves in one go.
      const intervalField = t === 'TimeBasedCanary' ? 'TimeBasedCanary.CanaryInterval' : 'TimeBasedLinear.LinearInterval';
      const interval = index.prop(cfg, `TrafficRoutingConfig.${intervalField}`);
      const iat = `${cfg.logicalId}.TrafficRoutingConfig.${intervalField}`;
      if (interval.k === 'unknown') return unknown(iat, interval, `the wait between traffic steps of ${cfg.logicalId} is decided at deploy time (${interval.why})`, group);
      const minutes = V.num(interval);
      if (minutes !== undefined && minutes <= 0) return fail(iat, interval, `${g} shifts all traffic at once (${cfg.logicalId}: ${t} waits ${minutes} min between steps, so each step follows the last at once)`, group);
      return pass(`${cfg.logicalId}.TrafficRoutingConfig.Type`, t, `${g} shifts traffic with ${cfg.logicalId} (${t}${n === undefined ? '' : `, ${n} % per step`})`, group);
    }
    const minimum = index.prop(cfg, 'MinimumHealthyHosts');
    if (t === undefined && minimum.k !== 'absent') {
      const at = `${cfg.logicalId}.MinimumHealthyHosts`;
      const value = index.field(minimum, 'Value');
      if (value.k === 'unknown' || minimum.k === 'unknown') return unknown(at, value, `the minimum of healthy hosts of ${cfg.logicalId} is decided at deploy time`, group);
      const n = V.num(value);
      // HOST_COUNT 0 or FLEET_PERCENT 0 keeps no host in service: CodeDeployDefault.AllAtOnce.
      if (n === undefined || n <= 0) return fail(at, minimum, `${g} deploys to every host at once (${cfg.logicalId} keeps ${V.show(value)} healthy hosts)`, group);
      return pass(at, minimum, `${g} deploys in place keeping minimum healthy hosts (${cfg.logicalId})`, group);
    }
    return fail(`${cfg.logicalId}.TrafficRoutingConfig.Type`, type, `${g} shifts all traffic at once (${cfg.logicalId}: ${V.show(type)})`, group);
  }
  const name = V.show(v);
  if (/AllAtOnce/i.test(name)) return fail(p, v, `${g} shifts all traffic at once (${name})`, group);
  if (/^CodeDeployDefault\.(Lambda|ECS)(Canary|Linear)/.test(name)) return pass(p, v, `${g} shifts traffic progressively (${name})`, group);
  if (/^CodeDeployDefault\.(OneAtATime|HalfAtATime)$/.test(name)) return pass(p, v, `${g} deploys in place progressively (${name})`, group);
  return unknown(p, v, `${g} uses deployment config ${name}, which is not defined in this template`, group);
}

/** The CodeDeploy hook section of an alias's UpdatePolicy in the current world, if any. @internal */
export function aliasUpdate(index: TemplateIndex, alias: CfnResource): Val | undefined {
  const u = index.attribute(alias, 'UpdatePolicy.CodeDeployLambdaAliasUpdate');
  return u.k === 'absent' ? undefined : u;
}

/** An alias released through CodeDeploy, with its deployment group when it is in the template. @internal */
export interface CodeDeployAlias {
  readonly alias: CfnResource;
  /** The alias's `CodeDeployLambdaAliasUpdate` section. */
  readonly update: Val;
  readonly group?: CfnResource;
  readonly groupVal: Val;
}

/**
 * The aliases of a function with a CodeDeploy UpdatePolicy, with their
 * deployment group when it is in the template.
 * @internal
 */
export function codeDeployAliases(index: TemplateIndex, fn: CfnResource): CodeDeployAlias[] {
  const out: CodeDeployAlias[] = [];
  for (const alias of aliasesOf(index, fn)) {
    const update = aliasUpdate(index, alias);
    if (!update) continue;
    const groupVal = index.field(update, 'DeploymentGroupName');
    const group = groupVal.k === 'ref' && groupVal.target.type === GROUP_TYPE ? groupVal.target : undefined;
    out.push({ alias, update, group, groupVal });
  }
  return out;
}

/**
 * Judge how a serving function's new versions reach its callers, with `judge` for each alias CodeDeploy releases.
 * Every such alias must satisfy the item (the worst verdict counts): each takes every new version through its own
 * deployment group, and a caller outside the template may invoke any of them, so a second alias released without
 * hooks, or by an AllAtOnce group, leaves the function failing whatever the first does. An alias with no CodeDeploy
 * UpdatePolicy is not released progressively at all: a caller the template shows invoking it bypasses the released
 * ones (below); one with no caller in the template is not counted, as the function's own `$LATEST` is not (what
 * calls a function from outside the template is not read).
 *
 * Not released (fail, `without` saying what that means for the item): no alias has a CodeDeploy UpdatePolicy, or
 * each that has points at `$LATEST` (CodeDeploy runs when an alias's version changes; `$LATEST` never does, and each
 * deploy overwrites it). An alias whose version is decided at deploy time may be on `$LATEST`: unknown.
 *
 * Released, but bypassed: a caller the template shows invoking the function itself (`$LATEST`), another qualifier
 * or an alias CodeDeploy does not release (`invokersOutside`: a function URL, an API integration, a target group, a
 * permission, an event source...) takes each new version at once, whatever the released alias does: fail, naming
 * it; a caller that may (named inside a value decided at deploy time, a qualifier not known): unknown, unless the
 * aliases fail anyway.
 * @internal
 */
export function judgeLambdaRelease(index: TemplateIndex, fn: CfnResource, without: string, judge: (a: CodeDeployAlias) => Verdict): Verdict {
  const all = codeDeployAliases(index, fn);
  const latest = all.filter((a) => V.str(index.prop(a.alias, 'FunctionVersion')) === '$LATEST');
  const released = all.filter((a) => !latest.includes(a));
  if (released.length === 0) {
    if (latest.length === 0) return fail(undefined, undefined, `not released through a CodeDeploy alias: ${without}`);
    const names = latest.map((a) => a.alias.logicalId).join(', ');
    return fail(`${latest[0].alias.logicalId}.Properties.FunctionVersion`, '$LATEST', `alias ${names} points at $LATEST: CodeDeploy runs when an alias's version changes, and $LATEST never does (each deploy overwrites it), so ${without}`);
  }
  const outside = invokersOutside(index, fn, released.map((a) => a.alias));
  const shown = (c: { res: CfnResource; through?: string }) => `${c.res.logicalId} (${c.through === undefined ? 'the function itself, $LATEST' : `qualifier ${c.through}`})`;
  if (outside.invokers.length > 0) {
    const ids = outside.invokers.map((c) => c.res.logicalId).join(', ');
    return fail('Properties', ids, `${outside.invokers.map(shown).join(', ')} invoke${outside.invokers.length > 1 ? '' : 's'} the function outside the alias${released.length > 1 ? 'es' : ''} CodeDeploy releases (${released.map((a) => a.alias.logicalId).join(', ')}): every new version takes that traffic at once, whatever the alias's deployment`);
  }
  // Each alias CodeDeploy releases takes the new version (callers outside the template may invoke any of them):
  // every one must satisfy the item, so the worst verdict counts. One whose version is decided at deploy time may be
  // on $LATEST, where CodeDeploy never releases it (then it is not counted): it passes if it passes, else unknown.
  const sure = released.filter((a) => index.prop(a.alias, 'FunctionVersion').k !== 'unknown');
  const verdict = sure.length === 0
    ? best(released.map((a) => {
      const version = index.prop(a.alias, 'FunctionVersion') as Extract<Val, { k: 'unknown' }>;
      return unknown(`${a.alias.logicalId}.Properties.FunctionVersion`, version, `the version of alias ${a.alias.logicalId} is decided at deploy time (${version.why}): on $LATEST, CodeDeploy never runs`);
    }), () => fail(undefined, undefined, 'no CodeDeploy alias'))
    : worstOf(released.map((a) => {
      const v = judge(a);
      const version = index.prop(a.alias, 'FunctionVersion');
      if (version.k !== 'unknown' || v.status === FindingStatus.PASS) return v;
      return unknown(`${a.alias.logicalId}.Properties.FunctionVersion`, version, `the version of alias ${a.alias.logicalId} is decided at deploy time (${version.why}): on $LATEST CodeDeploy never releases it; otherwise ${v.message}`);
    }));
  if (outside.maybe.length === 0 || verdict.status === FindingStatus.FAIL) return verdict;
  const named = (c: { res: CfnResource; through?: string }) => `${c.res.logicalId} (naming the function${c.through === undefined ? '' : `, qualifier ${c.through}`})`;
  return unknown('Properties', outside.maybe.map((c) => c.res.logicalId).join(', '), `${outside.maybe.map(named).join(', ')} may invoke the function outside the alias${released.length > 1 ? 'es' : ''} CodeDeploy releases (${released.map((a) => a.alias.logicalId).join(', ')}), where each new version would take its traffic at once; otherwise ${verdict.message}`);
}

/** The worst of several verdicts that must all hold: the first fail, else the first unknown, else the first pass. */
function worstOf(verdicts: Verdict[]): Verdict {
  return verdicts.find((v) => v.status === FindingStatus.FAIL) ?? verdicts.find((v) => v.status === FindingStatus.UNKNOWN) ?? verdicts[0];
}

/** The deployment groups of the template that deploy an ECS service, in the current world. @internal */
export function ecsGroupsOf(index: TemplateIndex, svc: CfnResource): CfnResource[] {
  return index.referrers(svc, GROUP_TYPE).filter((g) => index.refsOf(index.prop(g, 'ECSServices')).has(svc.logicalId));
}

/** The ECS deployment controller of a service (ECS when not set). @internal */
export function controllerOf(index: TemplateIndex, svc: CfnResource): Val {
  const v = index.prop(svc, 'DeploymentController.Type');
  return v.k === 'absent' ? { k: 'lit', v: 'ECS' } : v;
}

/** The native ECS deployment strategy (ROLLING when not set). @internal */
export function strategyOf(index: TemplateIndex, svc: CfnResource): Val {
  const v = index.prop(svc, 'DeploymentConfiguration.Strategy');
  return v.k === 'absent' ? { k: 'lit', v: 'ROLLING' } : v;
}
