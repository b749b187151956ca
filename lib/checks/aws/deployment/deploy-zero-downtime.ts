import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { controllerOf, strategyOf } from './codedeploy';

/** Native ECS strategies that scale the new revision up to 100 % beside the old one before any traffic moves. */
const SIDE_BY_SIDE = ['BLUE_GREEN', 'CANARY', 'LINEAR'];

/**
 * DEPLOY-ZERO-DOWNTIME: an ECS deployment never drops below full capacity.
 *
 * Decisions: a replica service passes with MinimumHealthyPercent 100 or more (its default, 100, when unset), a
 * CodeDeploy blue/green controller, or a native ECS `BLUE_GREEN`, `CANARY` or `LINEAR` strategy (ECS controller): ECS
 * scales the new (green) revision up to 100 % of the desired count beside the old one (lifecycle stage `SCALE_UP`),
 * shifts traffic, and stops the old revision only after the bake time (`CLEAN_UP`); MinimumHealthyPercent and
 * MaximumPercent govern rolling updates only (ECS API DeploymentConfiguration, ServiceDeployment lifecycleStage),
 * so the 50 the CDK writes by default does not drop capacity there. A strategy decided at deploy time leaves a
 * MinimumHealthyPercent under 100 unknown (it may be `ROLLING`). A DAEMON service fails: it runs one task per container instance and its
 * MaximumPercent stays 100 %, so ECS stops an instance's task before it starts the new one there, and by default
 * (MinimumHealthyPercent 0 % through CloudFormation and the API) on every instance at once (the DaemonSet
 * counterpart, K8sZeroDowntimeUpdate, fails a DaemonSet that does not surge). A scheduling strategy decided at deploy
 * time is judged in each world it may take.
 */
export const DeployZeroDowntime: AwsRule = {
  id: 'DeployZeroDowntime',
  items: ['DEPLOY-ZERO-DOWNTIME'],
  types: ['AWS::ECS::Service'],
  severity: Severity.MEDIUM,
  description: 'An ECS replica service keeps MinimumHealthyPercent >= 100 during rolling deployments (the default for replica services when not set), or deploys blue/green, canary or linear (ECS or CodeDeploy), which start the new revision beside the old one; a DAEMON service, which replaces each instance\'s task in place, does not.',
  fix: 'Set minHealthyPercent: 100 (and maxHealthyPercent: 200) on the service.',
  check(res, { index }) {
    if (V.str(index.prop(res, 'SchedulingStrategy')) === 'DAEMON') {
      const p = 'Properties.DeploymentConfiguration.MinimumHealthyPercent';
      const v = index.prop(res, 'DeploymentConfiguration.MinimumHealthyPercent');
      const shown = v.k === 'absent' ? 'not set: 0 % for a daemon service' : V.show(v);
      return fail(p, v.k === 'absent' ? '0' : v, `daemon service: ECS stops each container instance's task before starting its replacement there (one task per instance, MaximumPercent stays 100 %), so every deployment takes capacity away (MinimumHealthyPercent ${shown}); serve from a REPLICA service`);
    }
    const controller = controllerOf(index, res);
    if (controller.k === 'lit' && controller.v === 'CODE_DEPLOY') {
      return pass('Properties.DeploymentController.Type', 'CODE_DEPLOY', 'CodeDeploy blue/green starts a full replacement task set before shifting traffic');
    }
    if (controller.k === 'lit' && controller.v === 'ECS') {
      const strategy = strategyOf(index, res);
      if (strategy.k === 'lit' && SIDE_BY_SIDE.includes(V.show(strategy))) {
        return pass('Properties.DeploymentConfiguration.Strategy', V.show(strategy), `native ECS ${V.show(strategy).toLowerCase().replace('_', '/')} deployment: ECS starts the new revision at 100 % of the desired count beside the old one and stops the old one only after the traffic shift and bake time (MinimumHealthyPercent applies to rolling updates only)`);
      }
    }
    const p = 'Properties.DeploymentConfiguration.MinimumHealthyPercent';
    const v = index.prop(res, 'DeploymentConfiguration.MinimumHealthyPercent');
    if (v.k === 'unknown') return unknown(p, v, `minimum healthy percent decided at deploy time (${v.why})`);
    if (v.k === 'absent') return pass(p, v, 'not set: ECS keeps 100 % of a replica service healthy by default');
    const n = V.num(v);
    if (n === undefined || n < 100) {
      const strategy = strategyOf(index, res);
      if (controller.k !== 'lit' || strategy.k !== 'lit') {
        const open = controller.k !== 'lit' ? controller : strategy;
        return unknown(controller.k !== 'lit' ? 'Properties.DeploymentController.Type' : 'Properties.DeploymentConfiguration.Strategy', open, `deployment ${controller.k !== 'lit' ? 'controller' : 'strategy'} decided at deploy time (${open.k === 'unknown' ? open.why : 'open'}): a rolling update may stop ${n === undefined ? 'some' : `${100 - n} %`} of the tasks before new ones are healthy (MinimumHealthyPercent ${V.show(v)}); blue/green, canary and linear keep the old revision running`);
      }
      return fail(p, v, `deployments may stop ${n === undefined ? 'some' : `${100 - n} %`} of the tasks before new ones are healthy (MinimumHealthyPercent ${V.show(v)})`);
    }
    return pass(p, v, `MinimumHealthyPercent ${n}: full capacity during deployments`);
  },
};
