import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { controllerOf } from './codedeploy';

/** DEPLOY-ZERO-DOWNTIME: an ECS deployment never drops below full capacity. */
export const DeployZeroDowntime: AwsRule = {
  id: 'DeployZeroDowntime',
  items: ['DEPLOY-ZERO-DOWNTIME'],
  types: ['AWS::ECS::Service'],
  severity: Severity.MEDIUM,
  description: 'An ECS replica service keeps MinimumHealthyPercent >= 100 during deployments (the default for replica services when not set).',
  fix: 'Set minHealthyPercent: 100 (and maxHealthyPercent: 200) on the service.',
  check(res, { index }) {
    if (V.str(index.prop(res, 'SchedulingStrategy')) === 'DAEMON') return undefined;
    const controller = controllerOf(index, res);
    if (controller.k === 'lit' && controller.v === 'CODE_DEPLOY') {
      return pass('Properties.DeploymentController.Type', 'CODE_DEPLOY', 'CodeDeploy blue/green starts a full replacement task set before shifting traffic');
    }
    const p = 'Properties.DeploymentConfiguration.MinimumHealthyPercent';
    const v = index.prop(res, 'DeploymentConfiguration.MinimumHealthyPercent');
    if (v.k === 'unknown') return unknown(p, v, `minimum healthy percent decided at deploy time (${v.why})`);
    if (v.k === 'absent') return pass(p, v, 'not set: ECS keeps 100 % of a replica service healthy by default');
    const n = V.num(v);
    if (n === undefined || n < 100) return fail(p, v, `deployments may stop ${n === undefined ? 'some' : `${100 - n} %`} of the tasks before new ones are healthy (MinimumHealthyPercent ${V.show(v)})`);
    return pass(p, v, `MinimumHealthyPercent ${n}: full capacity during deployments`);
  },
};
