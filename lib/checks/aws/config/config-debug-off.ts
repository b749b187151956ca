import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { TemplateIndex } from '../../template-index';
import { EnvSource, ENVIRONMENT_TYPES, environments, literal, matching, showVars } from '../../cfn/environment';
import { DEBUGGER_OPTIONS, debugProblem, isDebugName, isDebuggerOptionName } from '../../../checklist/policy/environment';

/** A container command-line argument that opens a debugger (`node --inspect=0.0.0.0:9229`, `-agentlib:jdwp=...`, debugpy). */
function opensDebugger(arg: string): boolean {
  return DEBUGGER_OPTIONS.some((d) => d.option.test(arg)) || /\bdebugpy\b/.test(arg);
}

function judge(env: EnvSource, index: TemplateIndex): Verdict {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown})`);
  const problems: string[] = [];
  const open: string[] = [];
  if (env.containerVal) {
    // The container's command line: a debugger opened there is as open as one in NODE_OPTIONS.
    for (const key of ['EntryPoint', 'Command']) {
      const list = index.field(env.containerVal, key);
      const args = index.items(list);
      if (args === undefined) {
        if (list.k !== 'absent') open.push(key);
        continue;
      }
      for (const a of args) {
        const s = literal(a);
        if (s === undefined) open.push(key);
        else if (opensDebugger(s)) problems.push(`${key} ${s} (opens a debugger)`);
      }
    }
  }
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

/**
 * CONFIG-DEBUG-OFF: no debug mode or debugger in production: no debug switch
 * on (DEBUG, FLASK_DEBUG...), no debugger option in NODE_OPTIONS/JAVA_OPTS,
 * and no debugger on an ECS container's command line (`EntryPoint`,
 * `Command`: `--inspect`, `-agentlib:jdwp`, debugpy); a command decided at
 * deploy time is unknown. Every application container of a service's task is
 * judged, `Essential: false` ones too (they run in production, and share the
 * task's network interface under awsvpc).
 */
export const ConfigDebugOff: AwsRule = {
  id: 'ConfigDebugOff',
  items: ['CONFIG-DEBUG-OFF'],
  types: ENVIRONMENT_TYPES,
  severity: Severity.HIGH,
  description: 'Serving Lambda functions and ECS service containers (and App Runner services) do not enable DEBUG (or FLASK_DEBUG, NODE_DEBUG...) nor open a debugger (--inspect, jdwp).',
  fix: 'Remove DEBUG from the production environment or set it to false; drop --inspect / -agentlib:jdwp from runtime options.',
  check(res, { index }) {
    return environments(res, index, true, true)?.map((env) => judge(env, index));
  },
};
