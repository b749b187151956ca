import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { best } from '../../cfn/alarms';
import { servesRequests } from '../../cfn/load-balancers';
import { isServiceFunction } from '../../cfn/service-compute';
import { controllerOf, ecsGroupsOf, GROUP_TYPE, groupProgressive, judgeLambdaRelease, strategyOf } from './codedeploy';

/**
 * DEPLOY-PROGRESSIVE: releases shift traffic by canary or linear steps. Judged
 * on CodeDeploy deployment groups, on serving Lambda functions (released
 * through an alias with a deployment group, not on `$LATEST`, and called
 * only through it: `judgeLambdaRelease`) and on load-balanced ECS services
 * (native CANARY/LINEAR strategy, or CodeDeploy). Every alias of a function
 * that a deployment group releases must be shifted progressively: a second
 * CodeDeploy alias whose group is AllAtOnce fails, whatever the first does.
 *
 * A step that waits 0 minutes before the next one (ECS `CanaryBakeTimeInMinutes`
 * / `StepBakeTimeInMinutes` 0, CodeDeploy `CanaryInterval` / `LinearInterval` 0)
 * fails: the traffic then moves in one go, with no time to watch the new version.
 */
export const DeployProgressive: AwsRule = {
  id: 'DeployProgressive',
  items: ['DEPLOY-PROGRESSIVE'],
  types: [GROUP_TYPE, 'AWS::Lambda::Function', 'AWS::ECS::Service'],
  severity: Severity.HIGH,
  description: 'Releases shift traffic progressively: CodeDeploy canary/linear configs (never AllAtOnce), serving Lambda functions released through a CodeDeploy alias (not on $LATEST, and no caller in the template invoking the function itself or another alias), ECS services with a CANARY/LINEAR strategy or CodeDeploy.',
  fix: 'Lambda: codedeploy.LambdaDeploymentGroup with LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES on an alias of a published version, with every caller (API integration, function URL, event source) invoking the alias. ECS: deploymentStrategy CANARY or LINEAR (with an alternate target group), or CodeDeploy blue/green with a canary config.',
  check(res, { index }) {
    if (res.type === GROUP_TYPE) return groupProgressive(index, res);
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      return judgeLambdaRelease(index, res, 'a new version takes all traffic at once', ({ alias, group, groupVal }) => {
        if (!group) return unknown(`${alias.logicalId}.UpdatePolicy.CodeDeployLambdaAliasUpdate.DeploymentGroupName`, groupVal, `alias ${alias.logicalId} is deployed by a group not in this template`);
        const v = groupProgressive(index, group);
        return { ...v, resource: res, message: `alias ${alias.logicalId}: ${v.message}` };
      });
    }
    // ECS service
    if (!servesRequests(index, res)) return undefined;
    const controller = controllerOf(index, res);
    if (controller.k !== 'lit') return unknown('Properties.DeploymentController.Type', controller, 'deployment controller decided at deploy time');
    if (controller.v === 'CODE_DEPLOY') {
      const groups = ecsGroupsOf(index, res);
      if (groups.length === 0) return unknown('Properties.DeploymentController.Type', 'CODE_DEPLOY', 'deployed by CodeDeploy through a deployment group not in this template');
      return best(groups.map((g) => ({ ...groupProgressive(index, g), resource: res })), () => fail(undefined, undefined, 'no group'));
    }
    if (controller.v === 'EXTERNAL') return unknown('Properties.DeploymentController.Type', 'EXTERNAL', 'deployed by an external controller: its strategy is not in the template');
    const strategy = strategyOf(index, res);
    const p = 'Properties.DeploymentConfiguration.Strategy';
    if (strategy.k !== 'lit') return unknown(p, strategy, 'deployment strategy decided at deploy time');
    if (strategy.v === 'CANARY') {
      const pct = V.num(index.prop(res, 'DeploymentConfiguration.CanaryConfiguration.CanaryPercent')) ?? 5;
      const bake = V.num(index.prop(res, 'DeploymentConfiguration.CanaryConfiguration.CanaryBakeTimeInMinutes')) ?? 10;
      if (pct >= 100) return fail('Properties.DeploymentConfiguration.CanaryConfiguration.CanaryPercent', String(pct), 'a canary of 100 % shifts all traffic at once');
      // ECS accepts a bake time of 0 (0-1440 min): the rest of the traffic then follows the canary at once.
      if (bake <= 0) return fail('Properties.DeploymentConfiguration.CanaryConfiguration.CanaryBakeTimeInMinutes', String(bake), `a canary of ${pct} % with a bake time of 0 min: the rest of the traffic follows at once, so all of it moves before anything can be observed`);
      return pass(p, strategy, `native ECS canary: ${pct} % of traffic for ${bake} min, then the rest`);
    }
    if (strategy.v === 'LINEAR') {
      const pct = V.num(index.prop(res, 'DeploymentConfiguration.LinearConfiguration.StepPercent')) ?? 10;
      const bake = V.num(index.prop(res, 'DeploymentConfiguration.LinearConfiguration.StepBakeTimeInMinutes')) ?? 6;
      if (pct >= 100) return fail('Properties.DeploymentConfiguration.LinearConfiguration.StepPercent', String(pct), 'a linear step of 100 % shifts all traffic at once');
      if (bake <= 0) return fail('Properties.DeploymentConfiguration.LinearConfiguration.StepBakeTimeInMinutes', String(bake), `linear steps of ${pct} % with a bake time of 0 min follow one another at once: all traffic moves before anything can be observed`);
      return pass(p, strategy, `native ECS linear: ${pct} % more traffic every ${bake} min`);
    }
    if (strategy.v === 'BLUE_GREEN') return fail(p, strategy, 'blue/green shifts all production traffic at once; use CANARY or LINEAR');
    return fail(p, strategy, `${V.show(strategy).toLowerCase()} update: new tasks take their share of traffic as soon as they are healthy; use CANARY or LINEAR`);
  },
};
