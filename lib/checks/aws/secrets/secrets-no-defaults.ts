import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, PARAMETER_TYPE, V } from '../../template-index';
import { environments } from '../../cfn/environment';
import { isSecretName, isSecretParameter, parameterField, parameterOf } from '../../cfn/secret-values';

/** Framework defaults, well-known passwords and placeholders. */
const WELL_KNOWN = /^(|changeme|change_?me|change-me|changeit|password|passw0rd|p@ssw0rd|admin|administrator|root|secret|default|test|testing|guest|demo|example|letmein|welcome|qwerty|12345678?|123456789|1234|0000|xxx+|todo|tbd|none|null|placeholder|your[-_].*|<.*>|\$\{.*\}|insecure.*|django-insecure.*)$/i;

function defaults(vars: [string, string][]): string[] {
  return vars.filter(([, v]) => WELL_KNOWN.test(v.trim())).map(([n, v]) => `${n}=${v === '' ? '(empty)' : v}`);
}

/**
 * SECRETS-NO-DEFAULTS: no credential left empty or at a well-known default, in
 * a Lambda or container environment (secret-looking names, see isSecretName)
 * or as the `Default` of a template parameter that holds a secret (see
 * isSecretParameter: `MaxPasswordAge` or a KMS key id parameter is not one).
 * Every value is read in every world: a default behind `Fn::If` fails where the
 * condition holds; an environment computed at deploy time is unknown, and so is
 * a secret-looking variable set from a parameter (whatever its name) whose
 * `Default` is empty or well known: the value given at deploy decides.
 */
export const SecretsNoDefaults: AwsRule = {
  id: 'SecretsNoDefaults',
  items: ['SECRETS-NO-DEFAULTS'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', PARAMETER_TYPE],
  severity: Severity.CRITICAL,
  description: 'No secret-looking variable or parameter (SECRET_KEY, ADMIN_PASSWORD, API_TOKEN...) is empty or a framework default/placeholder (changeme, admin, secret, your_*, <...>).',
  fix: 'Generate the credential (Secrets Manager GenerateSecretString) and pass it by reference (ECS Secrets, the secret ARN); never ship a default.',
  check(res: CfnResource, { index }) {
    if (res.type === PARAMETER_TYPE) {
      const d = index.prop(res, 'Default');
      if (!isSecretParameter(index, res.logicalId) || d.k !== 'lit') return undefined;
      const bad = defaults([[res.logicalId, V.str(d) ?? '']]);
      return bad.length > 0 ? fail('Default', bad[0], `parameter ${res.logicalId} defaults to a well-known or empty credential`) : undefined;
    }
    const bad: string[] = [];
    const open: string[] = [];
    for (const env of environments(res, index, false) ?? []) {
      if (env.unknown) { open.push(`${env.label}: environment computed at deploy time (${env.unknown})`); continue; }
      const lits: [string, string][] = [];
      for (const [n, v] of env.vars) {
        if (!isSecretName(n)) continue;
        const param = parameterOf(v, index);
        if (param) {
          const d = parameterField(index, param, 'Default');
          const text = d.k === 'lit' ? V.str(d) : undefined;
          if (text !== undefined && defaults([[n, text]]).length > 0) open.push(`${env.label}: ${n} is parameter ${param}, whose Default is ${text === '' ? 'empty' : 'a well-known value'}: the value given at deploy decides`);
          continue;
        }
        if (v.k !== 'lit') continue;
        const text = V.str(v);
        if (text !== undefined) lits.push([n, text]);
      }
      bad.push(...defaults(lits).map((b) => `${env.label}: ${b}`));
    }
    const prop = res.type === 'AWS::Lambda::Function' ? 'Properties.Environment.Variables' : 'Properties.ContainerDefinitions';
    if (bad.length > 0) return fail(prop, bad.join('; '), `credential left empty or at a well-known default: ${bad.join('; ')}`);
    if (open.length > 0) return unknown(prop, undefined, `cannot tell at synth whether a credential is left at a default: ${open.join('; ')}`);
    return pass(prop, undefined, 'no credential variable is empty or a well-known default');
  },
};
