import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { containerName, containers, isServiceTaskDefinition } from '../../cfn/environment';

const CENTRAL = ['awslogs', 'awsfirelens'];

/** LOG-CENTRALIZED: every container and function ships its logs to CloudWatch Logs (directly or through FireLens). */
export const LogCentralized: AwsRule = {
  id: 'LogCentralized',
  items: ['LOG-CENTRALIZED'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition'],
  severity: Severity.MEDIUM,
  description: 'Every container of an ECS service task definition, sidecars included, has an awslogs or awsfirelens log configuration; Lambda functions always log to CloudWatch Logs.',
  fix: 'Give every container logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix }) (or FireLens).',
  check(res, { index }) {
    if (res.type === 'AWS::Lambda::Function') {
      return isServiceFunction(res, index) ? pass(undefined, undefined, 'Lambda ships function output to CloudWatch Logs') : undefined;
    }
    if (!isServiceTaskDefinition(res, index)) return undefined;
    const missing: string[] = [];
    const open: string[] = [];
    for (const c of containers(res, index)) {
      const name = containerName(c, index);
      const driver = index.field(c.val, 'LogConfiguration.LogDriver');
      if (driver.k === 'unknown') open.push(name);
      else if (!CENTRAL.includes(V.str(driver) ?? '')) missing.push(`${name} (${driver.k === 'absent' ? 'no log configuration' : V.show(driver)})`);
    }
    if (missing.length > 0) return fail('Properties.ContainerDefinitions', missing.join(', '), `container logs not shipped to CloudWatch Logs: ${missing.join(', ')}`);
    if (open.length > 0) return unknown('Properties.ContainerDefinitions', open.join(', '), `log driver of ${open.join(', ')} decided at deploy time`);
    return pass('Properties.ContainerDefinitions', undefined, 'every container ships its logs through awslogs/FireLens');
  },
};
