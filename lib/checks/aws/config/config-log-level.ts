import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val } from '../../template-index';
import { EnvSource, ENVIRONMENT_TYPES, environments, literal, matching, showVars } from '../../cfn/environment';
import { isLogLevelName, isVerboseLogLevel } from '../../../checklist/policy/environment';

function judge(env: EnvSource, res: CfnResource, index: TemplateIndex): Verdict {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown})`);
  const found: [string, Val][] = matching(env, isLogLevelName);
  let path = env.path;
  // Lambda's system log level (the runtime's own logs, JSON log format): it sets no level for the code, but DEBUG is verbose.
  const system: [string, Val][] = [];
  if (res.type === 'AWS::Lambda::Function') {
    // Lambda's own application log level filter (JSON log format).
    const lvl = index.prop(res, 'LoggingConfig.ApplicationLogLevel');
    if (lvl.k !== 'absent') found.push(['LoggingConfig.ApplicationLogLevel', lvl]);
    if (found.length === 1 && lvl.k !== 'absent') path = 'Properties.LoggingConfig.ApplicationLogLevel';
    const sys = index.prop(res, 'LoggingConfig.SystemLogLevel');
    if (sys.k !== 'absent') system.push(['LoggingConfig.SystemLogLevel', sys]);
  }
  const verboseSystem = system.filter(([, v]) => literal(v) !== undefined && isVerboseLogLevel(literal(v)!));
  if (verboseSystem.length > 0) return fail('Properties.LoggingConfig.SystemLogLevel', showVars(verboseSystem), `${env.label}: verbose system log level in production (${showVars(verboseSystem)}): Lambda logs the runtime's debug records`);
  if (found.length === 0) {
    if (env.envFiles) return unknown(path, undefined, `${env.label}: no LOG_LEVEL inline; it may come from the container's environment files`);
    return fail(path, undefined, `${env.label}: no LOG_LEVEL set: the production log level is left to the code's default`);
  }
  const verbose = found.filter(([, v]) => literal(v) !== undefined && isVerboseLogLevel(literal(v)!));
  const shown = showVars;
  if (verbose.length > 0) return fail(path, shown(verbose), `${env.label}: verbose log level in production (${shown(verbose)})`);
  const open = [...found, ...system].filter(([, v]) => literal(v) === undefined);
  if (open.length > 0) return unknown(path, shown(open), `${env.label}: log level decided at deploy time (${shown(open)})`);
  return pass(path, shown(found), `${env.label}: production log level ${shown(found)}`);
}

/**
 * CONFIG-LOG-LEVEL: a production log level (INFO/WARN/ERROR), never DEBUG/TRACE.
 *
 * Decisions: every LOG_LEVEL-like variable and, on a Lambda function, `LoggingConfig.ApplicationLogLevel` is read;
 * one verbose value fails, one decided at deploy time is unknown. A Lambda function's
 * `LoggingConfig.SystemLogLevel` DEBUG fails too (the runtime's own debug records in production), one decided at
 * deploy time is unknown; it does not stand for the code's level (no LOG_LEVEL still fails).
 */
export const ConfigLogLevel: AwsRule = {
  id: 'ConfigLogLevel',
  items: ['CONFIG-LOG-LEVEL'],
  types: ENVIRONMENT_TYPES,
  severity: Severity.LOW,
  description: 'Serving Lambda functions and ECS service containers (and App Runner services) set LOG_LEVEL (or Lambda ApplicationLogLevel) to INFO, WARN or ERROR, not DEBUG/TRACE.',
  fix: 'Set LOG_LEVEL=INFO in the environment (or applicationLogLevelV2: INFO with JSON logging on Lambda).',
  check(res, { index }) {
    return environments(res, index, true)?.map((env) => judge(env, res, index));
  },
};
