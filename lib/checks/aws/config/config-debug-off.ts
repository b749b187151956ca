import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { EnvSource, SERVICE_COMPUTE_TYPES, environments, literal, pick, showVars } from '../../cfn/environment';

/** Variables that switch an application or framework into debug mode. */
export const DEBUG_NAMES = ['DEBUG', 'APP_DEBUG', 'DEBUG_MODE', 'ENABLE_DEBUG', 'FLASK_DEBUG', 'DJANGO_DEBUG', 'NODE_DEBUG'];
/** Runtime options that open a debugger port. */
const DEBUGGER: [string[], RegExp][] = [
  [['NODE_OPTIONS'], /--inspect/],
  [['JAVA_TOOL_OPTIONS', 'JAVA_OPTS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS'], /-agentlib:jdwp|-Xrunjdwp/],
];
const OFF = /^(|false|0|off|no|none|disabled)$/i;

function judge(env: EnvSource): Verdict {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown})`);
  const problems: string[] = [];
  const open: string[] = [];
  const found = pick(env, DEBUG_NAMES);
  for (const [n, v] of found) {
    const s = literal(v);
    if (s === undefined) open.push(n);
    else if (!OFF.test(s.trim())) problems.push(`${n}=${s}`);
  }
  for (const [names, re] of DEBUGGER) {
    for (const [n, v] of pick(env, names)) {
      const s = literal(v);
      if (s === undefined) open.push(n);
      else if (re.test(s)) problems.push(`${n}=${s} (opens a debugger)`);
    }
  }
  if (problems.length > 0) return fail(env.path, problems.join(', '), `${env.label}: debug mode on: ${problems.join(', ')}`);
  if (open.length > 0) return unknown(env.path, open.join(', '), `${env.label}: ${open.join(', ')} decided at deploy time`);
  if (found.length > 0) return pass(env.path, showVars(found), `${env.label}: debug off (${showVars(found)})`);
  if (env.envFiles) return unknown(env.path, undefined, `${env.label}: DEBUG not set inline; the container's environment files may set it`);
  return pass(env.path, undefined, `${env.label}: DEBUG not set, so debug mode stays off by default`);
}

/** CONFIG-DEBUG-OFF: no debug mode or debugger in production. */
export const ConfigDebugOff: AwsRule = {
  id: 'ConfigDebugOff',
  items: ['CONFIG-DEBUG-OFF'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.HIGH,
  description: 'Serving Lambda functions and ECS service containers do not enable DEBUG (or FLASK_DEBUG, NODE_DEBUG...) nor open a debugger (--inspect, jdwp).',
  fix: 'Remove DEBUG from the production environment or set it to false; drop --inspect / -agentlib:jdwp from runtime options.',
  check(res, { index }) {
    return environments(res, index, true)?.map(judge);
  },
};
