import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { EnvSource, ENVIRONMENT_TYPES, environments, literal, matching, showVars } from '../../cfn/environment';
import { isEnvironmentName, isProductionEnvironment } from '../../../checklist/policy/environment';

function judge(env: EnvSource): Verdict {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown})`);
  const found = matching(env, isEnvironmentName);
  if (found.length === 0) {
    if (env.envFiles) return unknown(env.path, undefined, `${env.label}: no ENVIRONMENT variable inline; it may come from the container's environment files`);
    return fail(env.path, undefined, `${env.label}: no ENVIRONMENT / NODE_ENV / APP_ENV / STAGE variable: the code cannot tell it runs in production`);
  }
  const wrong = found.filter(([n, v]) => literal(v) !== undefined && !isProductionEnvironment(n, literal(v)!));
  if (wrong.length > 0) {
    return fail(env.path, showVars(wrong), `${env.label}: ${wrong.map(([n, v]) => `${n} is ${V.show(v)}`).join(', ')}, not production`);
  }
  const open = found.filter(([, v]) => literal(v) === undefined);
  if (open.length > 0) {
    return unknown(env.path, showVars(open), `${env.label}: ${open.map(([n]) => n).join(', ')} decided at deploy time`);
  }
  return pass(env.path, showVars(found), `${env.label}: runs with ${showVars(found)}`);
}

/** CONFIG-ENVIRONMENT-PRODUCTION: service compute knows it runs in production. */
export const ConfigEnvironmentProduction: AwsRule = {
  id: 'ConfigEnvironmentProduction',
  items: ['CONFIG-ENVIRONMENT-PRODUCTION'],
  types: ENVIRONMENT_TYPES,
  severity: Severity.MEDIUM,
  description: 'Serving Lambda functions and the application containers of ECS services (and App Runner services) set ENVIRONMENT (or NODE_ENV/APP_ENV/STAGE) to production.',
  fix: 'Set ENVIRONMENT=production (and NODE_ENV=production for Node.js) in the function or container environment.',
  check(res, { index }) {
    return environments(res, index, true)?.map(judge);
  },
};
