/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, fail, pass } from '../../rule';
import { CfnResource, PARAMETER_TYPE } from '../../template-index';
import { environments } from '../../cfn/environment';
import { isSecretName } from '../../cfn/secret-values';

/** Framework defaults, well-known passwords and placeholders. */
const WELL_KNOWN = /^(|changeme|change_?me|change-me|changeit|password|passw0rd|p@ssw0rd|admin|administrator|root|secret|default|test|testing|guest|demo|example|letmein|welcome|qwerty|12345678?|123456789|1234|0000|xxx+|todo|tbd|none|null|placeholder|your[-_].*|<.*>|\$\{.*\}|insecure.*|django-insecure.*)$/i;

function defaults(vars: [string, any][]): string[] {
  return vars.filter(([n, v]) => isSecretName(n) && typeof v === 'string' && WELL_KNOWN.test(v.trim())).map(([n, v]) => `${n}=${v === '' ? '(empty)' : v}`);
}

/** SECRETS-NO-DEFAULTS: no credential left empty or at a well-known default. */
export const SecretsNoDefaults: AwsRule = {
  id: 'SecretsNoDefaults',
  items: ['SECRETS-NO-DEFAULTS'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', PARAMETER_TYPE],
  severity: Severity.CRITICAL,
  description: 'No secret-looking variable or parameter (SECRET_KEY, ADMIN_PASSWORD, API_TOKEN...) is empty or a framework default/placeholder (changeme, admin, secret, your_*, <...>).',
  fix: 'Generate the credential (Secrets Manager GenerateSecretString) and pass it by reference (ECS Secrets, the secret ARN); never ship a default.',
  check(res: CfnResource, { index }) {
    if (res.type === PARAMETER_TYPE) {
      if (!isSecretName(res.logicalId) || res.properties.Default === undefined) return undefined;
      const bad = defaults([[res.logicalId, String(res.properties.Default)]]);
      return bad.length > 0 ? fail('Default', bad[0], `parameter ${res.logicalId} defaults to a well-known or empty credential`) : undefined;
    }
    const bad: string[] = [];
    for (const env of environments(res, index, false) ?? []) {
      const lits = [...env.vars.entries()].filter(([, v]) => v.k === 'lit').map(([n, v]) => [n, (v as any).v] as [string, any]);
      bad.push(...defaults(lits).map((b) => `${env.label}: ${b}`));
    }
    const prop = res.type === 'AWS::Lambda::Function' ? 'Properties.Environment.Variables' : 'Properties.ContainerDefinitions';
    if (bad.length > 0) return fail(prop, bad.join('; '), `credential left empty or at a well-known default: ${bad.join('; ')}`);
    return pass(prop, undefined, 'no credential variable is empty or a well-known default');
  },
};
