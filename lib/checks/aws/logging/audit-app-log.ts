import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { EnvSource, SERVICE_COMPUTE_TYPES, environments, literal, pick, showVars } from '../../cfn/environment';

/** Variables that switch the application's audit log on or off. */
export const AUDIT_NAMES = ['AUDIT_LOG_ENABLED', 'AUDIT_LOGGING_ENABLED', 'ENABLE_AUDIT_LOG', 'ENABLE_AUDIT_LOGGING', 'AUDIT_LOG', 'AUDIT_LOGGING'];
const ON = /^(true|1|on|yes|enabled)$/i;

function judge(env: EnvSource): Verdict | undefined {
  if (env.unknown) return unknown(env.path, undefined, `${env.label}: environment computed at deploy time (${env.unknown}): an audit switch may be off`);
  const found = pick(env, AUDIT_NAMES);
  if (found.length === 0) return undefined; // the application does not declare an audit switch
  const shown = showVars(found);
  const off = found.filter(([, v]) => literal(v) !== undefined && !ON.test(literal(v)!.trim()));
  if (off.length > 0) return fail(env.path, shown, `${env.label}: application audit log switched off (${shown})`);
  if (found.some(([, v]) => literal(v) === undefined)) return unknown(env.path, shown, `${env.label}: audit log switch decided at deploy time`);
  return pass(env.path, shown, `${env.label}: application audit log on (${shown})`);
}

/**
 * AUDIT-LOGGING (application side): where service compute declares an audit
 * switch (AUDIT_LOG_ENABLED...), it is on. Compute that declares none is not
 * judged: the template cannot tell whether the application has an audit log.
 */
export const AuditAppLogEnabled: AwsRule = {
  id: 'AuditAppLogEnabled',
  items: ['AUDIT-LOGGING'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.MEDIUM,
  description: 'Serving Lambda functions and ECS service containers that declare an audit switch (AUDIT_LOG_ENABLED, ENABLE_AUDIT_LOG...) set it on.',
  fix: 'Set AUDIT_LOG_ENABLED=true in the production environment.',
  check(res, { index }) {
    return environments(res, index, true)?.map(judge).filter((v): v is Verdict => v !== undefined);
  },
};
