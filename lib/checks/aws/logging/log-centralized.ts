import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { isServiceFunction, isServiceStateMachine } from '../../cfn/service-compute';
import { CfnResource, TemplateIndex } from '../../template-index';
import { containerName, containers, isServiceTaskDefinition } from '../../cfn/environment';

const CENTRAL = ['awslogs', 'awsfirelens'];

/**
 * A serving state machine's logging (see isServiceStateMachine): `LoggingConfiguration.Level` ALL, ERROR or FATAL with
 * a CloudWatch Logs log group among its `Destinations` ships its execution events; `OFF` (the default) ships none.
 * `IncludeExecutionData` (inputs and outputs in the events) is not asked for: the events of each execution ship
 * without it, and the data may hold personal data (LOG-NO-SECRETS).
 */
function stateMachineLogging(res: CfnResource, index: TemplateIndex) {
  const p = 'Properties.LoggingConfiguration';
  const level = index.prop(res, 'LoggingConfiguration.Level');
  if (level.k === 'unknown') return unknown(`${p}.Level`, level, `state machine ${res.logicalId}: log level decided at deploy time (${level.why})`);
  const l = (V.str(level) ?? 'OFF').toUpperCase();
  if (l === 'OFF') return fail(`${p}.Level`, level.k === 'absent' ? 'OFF (default)' : level, `state machine ${res.logicalId} serves requests with logging OFF: its executions' events are not shipped to CloudWatch Logs`);
  const dests = index.prop(res, 'LoggingConfiguration.Destinations');
  if (dests.k === 'unknown') return unknown(`${p}.Destinations`, dests, `state machine ${res.logicalId}: log destinations decided at deploy time (${dests.why})`);
  const groups = (index.items(dests) ?? []).map((d) => index.field(d, 'CloudWatchLogsLogGroup.LogGroupArn'));
  if (groups.some((g) => g.k === 'unknown') && !groups.some((g) => g.k !== 'unknown' && g.k !== 'absent')) return unknown(`${p}.Destinations`, undefined, `state machine ${res.logicalId}: the log group is decided at deploy time`);
  if (!groups.some((g) => g.k !== 'absent')) return fail(`${p}.Destinations`, '(none)', `state machine ${res.logicalId}: log level ${l} without a CloudWatch Logs log group: nothing is shipped`);
  return pass(`${p}.Level`, l, `state machine ${res.logicalId} ships its execution events (level ${l}) to CloudWatch Logs`);
}

/**
 * LOG-CENTRALIZED: every container and function ships its logs to CloudWatch Logs (directly or through FireLens).
 * A serving Step Functions state machine (an API Gateway integration or AppSync data source starts it) is part of
 * the service and ships its execution events (stateMachineLogging); one a schedule, rule or function starts is not
 * judged, as a helper function is not.
 */
export const LogCentralized: AwsRule = {
  id: 'LogCentralized',
  items: ['LOG-CENTRALIZED'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::StepFunctions::StateMachine'],
  severity: Severity.MEDIUM,
  description: 'Every container of an ECS service task definition, sidecars included, has an awslogs or awsfirelens log configuration; Lambda functions always log to CloudWatch Logs; a serving Step Functions state machine (started by an API Gateway integration or an AppSync data source) has LoggingConfiguration Level ALL, ERROR or FATAL with a CloudWatch Logs log group.',
  fix: 'Give every container logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix }) (or FireLens); a state machine: logs: { destination: logGroup, level: LogLevel.ALL }.',
  check(res, { index }) {
    if (res.type === 'AWS::StepFunctions::StateMachine') return isServiceStateMachine(res, index) ? stateMachineLogging(res, index) : undefined;
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
