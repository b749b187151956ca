import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { best } from '../../cfn/alarms';
import { entries, listOf } from '../../cfn/lists';
import { servesRequests } from '../../cfn/load-balancers';
import { isServiceFunction } from '../../cfn/service-compute';
import { controllerOf, ecsGroupsOf, judgeLambdaRelease, strategyOf } from './codedeploy';

/** Native ECS lifecycle stages at which a hook can check the new revision before it takes (all) production traffic. */
const CHECK_STAGES = ['POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'];

function groupHasTestListener(index: TemplateIndex, group: CfnResource): Verdict {
  const g = group.logicalId;
  const pairs = entries(index, index.prop(group, 'LoadBalancerInfo.TargetGroupPairInfoList'));
  if (pairs === undefined) return unknown(`${g}.LoadBalancerInfo.TargetGroupPairInfoList`, undefined, `target group pairs of ${g} decided at deploy time`);
  const withTest = pairs.find((p) => listOf(index, index.field(p.value, 'TestTrafficRoute.ListenerArns')).length > 0);
  if (index.prop(group, 'BlueGreenDeploymentConfiguration').k !== 'absent' && withTest) {
    return pass(`${g}.LoadBalancerInfo.TargetGroupPairInfoList`, 'TestTrafficRoute', `CodeDeploy blue/green (${g}) routes test traffic to the new task set before production`);
  }
  return fail(`${g}.LoadBalancerInfo.TargetGroupPairInfoList`, '(no TestTrafficRoute)', `CodeDeploy group ${g} has no test listener: the new task set is not checked before it takes traffic`);
}

/**
 * DEPLOY-HEALTH-HOOKS: the new version is checked before it takes traffic. A
 * Lambda function's hooks run only for the traffic of the alias CodeDeploy
 * releases (`judgeLambdaRelease`: not on `$LATEST`, no caller outside it).
 * Every alias a deployment group releases must have a BeforeAllowTrafficHook:
 * a second CodeDeploy alias without one takes each new version unchecked
 * (fail), whatever the first does. An alias no deployment group releases is
 * judged by its callers in the template (`judgeLambdaRelease`).
 */
export const DeployHealthHooks: AwsRule = {
  id: 'DeployHealthHooks',
  items: ['DEPLOY-HEALTH-HOOKS'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::Service'],
  severity: Severity.MEDIUM,
  description: 'A serving Lambda function is released through a CodeDeploy alias with a BeforeAllowTraffic hook (not on $LATEST, and no caller in the template invoking the function itself or another alias); a load-balanced ECS service has native lifecycle hooks before production traffic, or CodeDeploy blue/green with a test listener.',
  fix: 'LambdaDeploymentGroup { preHook, postHook } on an alias every caller invokes; ECS: service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(fn, "Check", { lifecycleStages: [POST_SCALE_UP] })) or CodeDeploy blue/green with a test listener.',
  check(res, { index }) {
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      return judgeLambdaRelease(index, res, 'no hook checks a new version before it takes traffic', ({ alias, update }) => {
        const p = `${alias.logicalId}.UpdatePolicy.CodeDeployLambdaAliasUpdate`;
        const before = index.field(update, 'BeforeAllowTrafficHook');
        const after = index.field(update, 'AfterAllowTrafficHook');
        if (before.k === 'absent') return fail(`${p}.BeforeAllowTrafficHook`, before, `alias ${alias.logicalId} has no BeforeAllowTrafficHook: the new version takes traffic unchecked`);
        if (before.k === 'unknown') return unknown(`${p}.BeforeAllowTrafficHook`, before, `pre-traffic hook of ${alias.logicalId} decided at deploy time`);
        return pass(`${p}.BeforeAllowTrafficHook`, before, `alias ${alias.logicalId} checks the new version before traffic (${V.show(before)})${after.k === 'absent' ? '; no AfterAllowTrafficHook' : ` and after (${V.show(after)})`}`);
      });
    }
    if (!servesRequests(index, res)) return undefined;
    const controller = controllerOf(index, res);
    if (controller.k !== 'lit') return unknown('Properties.DeploymentController.Type', controller, 'deployment controller decided at deploy time');
    if (controller.v === 'CODE_DEPLOY') {
      const groups = ecsGroupsOf(index, res);
      if (groups.length === 0) return unknown('Properties.DeploymentController.Type', 'CODE_DEPLOY', 'deployed by CodeDeploy through a deployment group not in this template');
      return best(groups.map((g) => groupHasTestListener(index, g)), () => fail(undefined, undefined, 'no group'));
    }
    if (controller.v === 'EXTERNAL') return unknown('Properties.DeploymentController.Type', 'EXTERNAL', 'deployed by an external controller');
    const strategy = strategyOf(index, res);
    if (strategy.k !== 'lit') return unknown('Properties.DeploymentConfiguration.Strategy', strategy, 'deployment strategy decided at deploy time');
    if (!['BLUE_GREEN', 'CANARY', 'LINEAR'].includes(V.show(strategy))) {
      return fail('Properties.DeploymentConfiguration.Strategy', strategy, `${V.show(strategy).toLowerCase()} update: ECS runs lifecycle hooks only for BLUE_GREEN, CANARY and LINEAR deployments, so nothing but the target-group health check gates the new tasks`);
    }
    const p = 'Properties.DeploymentConfiguration.LifecycleHooks';
    const hooks = index.prop(res, 'DeploymentConfiguration.LifecycleHooks');
    if (hooks.k === 'unknown') return unknown(p, hooks, 'lifecycle hooks decided at deploy time');
    const list = listOf(index, hooks);
    const stagesOf = (h: Val) => listOf(index, index.field(h, 'LifecycleStages')).map((s) => V.str(s) ?? '');
    const checking = list.find((h) => stagesOf(h).some((s) => CHECK_STAGES.includes(s)));
    if (checking) {
      const stages = stagesOf(checking).join(', ');
      return pass(p, stages, `a lifecycle hook checks the new revision at ${stages}`);
    }
    return fail(p, list.length ? 'no pre-production stage' : '(none)', 'no lifecycle hook checks the new revision before it takes production traffic');
  },
};
