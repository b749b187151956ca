import { fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';

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
 * whose step is below 100 %), never an AllAtOnce config. In-place Server deployments pass with
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

/** The Lambda aliases of a function (aliases whose FunctionName is the function), in the current world. @internal */
export function aliasesOf(index: TemplateIndex, fn: CfnResource): CfnResource[] {
  return index.referrers(fn, 'AWS::Lambda::Alias').filter((a) => index.refsOf(index.prop(a, 'FunctionName')).has(fn.logicalId));
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
 * The aliases of a function released through CodeDeploy, with their
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
