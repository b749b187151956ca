import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { EnvSource, SERVICE_COMPUTE_TYPES, environments, literal, matching, showVars } from '../../cfn/environment';
import { debugProblem, isDebugName, isDebuggerOptionName } from '../../../checklist/policy/environment';

function judge(env: EnvSource): Verdict {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown})`);
  const problems: string[] = [];
  const open: string[] = [];
  const found = matching(env, isDebugName);
  for (const [n, v] of [...found, ...matching(env, isDebuggerOptionName)]) {
    const s = literal(v);
    if (s === undefined) open.push(n);
    else if (debugProblem(n, s)) problems.push(`${n}=${s}${isDebugName(n) ? '' : ' (opens a debugger)'}`);
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
