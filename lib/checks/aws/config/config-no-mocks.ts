import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { EnvSource, ENVIRONMENT_TYPES, environments, literal, matching, showVars } from '../../cfn/environment';
import { isOffValue } from '../../../checklist/policy/environment';

/** Names of switches that replace real behaviour: simulation, dry run, mocks, fakes, stubs, sandboxes, test mode. */
const MOCK_SWITCH = /(^|_)(SIMULAT(E|ION|ED)(_MODE)?|DRY_?RUN|MOCKS?|MOCK_(MODE|SERVICES?|API|DATA)|USE_MOCKS?|FAKES?|USE_FAKES?|STUBS?|SANDBOX(_MODE)?|TEST_?MODE)$/;

function normalise(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

function judge(env: EnvSource): Verdict {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown})`);
  const switches = matching(env, (n) => MOCK_SWITCH.test(normalise(n)));
  // Any value but an off value may switch it on (`MOCK_MODE=full`, `DRY_RUN=y`): the application reads it, not us.
  const on = switches.filter(([, v]) => { const l = literal(v); return l !== undefined && !isOffValue(l); });
  const shown = showVars;
  if (on.length > 0) return fail(env.path, shown(on), `${env.label}: simulated or mocked behaviour switched on in production (${shown(on)})`);
  const open = switches.filter(([, v]) => literal(v) === undefined);
  if (open.length > 0) return unknown(env.path, shown(open), `${env.label}: ${shown(open)} decided at deploy time`);
  const off = switches.filter(([, v]) => literal(v) !== undefined && isOffValue(literal(v)!));
  if (off.length === 0 && env.envFiles) return unknown(env.path, undefined, `${env.label}: no simulation, dry-run or mock switch inline; the container's environment files may set one`);
  return pass(env.path, off.length ? shown(off) : undefined, off.length ? `${env.label}: ${shown(off)}` : `${env.label}: no simulation, dry-run or mock switch set`);
}

/**
 * CONFIG-NO-MOCKS: no simulation, dry-run or mock mode on production compute.
 *
 * Decisions: a switch set to anything but an off value (empty, false, 0, no,
 * off, none, disabled) fails: `MOCK_MODE=full` is on. A switch set from a
 * secret or parameter (ECS `Secrets`), or decided at deploy time, is unknown;
 * so is a container with no switch inline that loads environment files (the
 * file may set one), as the other config rules read a name missing inline.
 * Every application container of a service's task is judged, `Essential:
 * false` ones too: they run in production all the same.
 */
export const ConfigNoMocks: AwsRule = {
  id: 'ConfigNoMocks',
  items: ['CONFIG-NO-MOCKS'],
  types: ENVIRONMENT_TYPES,
  severity: Severity.HIGH,
  description: 'Serving Lambda functions and ECS service containers (and App Runner services) do not switch on SIMULATION_MODE, DRY_RUN, USE_MOCK_SERVICES, FAKE_*, SANDBOX or TEST_MODE.',
  fix: 'Remove the switch from the production environment or set it to false.',
  check(res, { index }) {
    return environments(res, index, true, true)?.map(judge);
  },
};
