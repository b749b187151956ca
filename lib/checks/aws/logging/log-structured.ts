import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { EnvSource, environments, literal, pick } from '../../cfn/environment';

/** Variables an application reads to choose its log format. */
export const LOG_FORMAT_NAMES = ['LOG_FORMAT', 'LOGGING_FORMAT', 'LOG_FORMATTER', 'LOG_OUTPUT_FORMAT', 'LOG_ENCODING'];

function judgeContainer(env: EnvSource): Verdict {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown})`);
  const found = pick(env, LOG_FORMAT_NAMES);
  if (found.length === 0) {
    if (env.envFiles) return unknown(env.path, undefined, `${env.label}: no LOG_FORMAT inline; it may come from the container's environment files`);
    return fail(env.path, undefined, `${env.label}: no LOG_FORMAT=json: container logs are assumed to be plain text`);
  }
  const [n, v] = found[0];
  const s = literal(v);
  if (s === undefined) return unknown(env.path, `${n}=${V.show(v)}`, `${env.label}: log format decided at deploy time`);
  return /json/i.test(s) ? pass(env.path, `${n}=${s}`, `${env.label}: JSON logs (${n}=${s})`) : fail(env.path, `${n}=${s}`, `${env.label}: log format ${s}, not JSON`);
}

/**
 * LOG-STRUCTURED: JSON logs. Lambda: LoggingConfig.LogFormat JSON. ECS: the
 * task definition cannot show what the code prints, so the application
 * containers must declare it with LOG_FORMAT=json (or LOGGING_FORMAT...).
 */
export const LogStructured: AwsRule = {
  id: 'LogStructured',
  items: ['LOG-STRUCTURED'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition'],
  severity: Severity.LOW,
  description: 'Serving Lambda functions use LoggingConfig.LogFormat JSON; application containers of ECS services set LOG_FORMAT=json.',
  fix: 'Lambda: loggingFormat: LoggingFormat.JSON. ECS: log JSON and declare it with LOG_FORMAT=json in the container environment.',
  check(res, { index }) {
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      const f = index.prop(res, 'LoggingConfig.LogFormat');
      const p = 'Properties.LoggingConfig.LogFormat';
      if (f.k === 'unknown') return unknown(p, f, `log format decided at deploy time (${f.why})`);
      return V.str(f) === 'JSON' ? pass(p, f, 'JSON log format') : fail(p, f, `log format is ${f.k === 'absent' ? 'Text (the default)' : V.show(f)}, not JSON`);
    }
    return environments(res, index, true)?.map(judgeContainer);
  },
};
