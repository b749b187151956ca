import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/**
 * The minimum password length this rule requires: 12, the OWASP ASVS 4.0
 * requirement 2.1.1. The catalog has no threshold for it; this is a fixed
 * property of the rule, stated in its description.
 */
export const MIN_PASSWORD_LENGTH = 12;
const CLASSES = ['RequireLowercase', 'RequireUppercase', 'RequireNumbers', 'RequireSymbols'];

/**
 * AUTH-PASSWORD-POLICY: the user pool's password policy requires length and
 * every character class.
 *
 * Decisions: MinimumLength >= 12 (OWASP ASVS 2.1.1; Cognito's default of 8 is
 * below it) and all four character classes required. Account lockout: Cognito
 * locks a user out after repeated failed sign-ins on every pool, so it needs no
 * setting; threat protection (AdvancedSecurityMode ENFORCED) is reported when
 * on but not required.
 */
export const CognitoPasswordPolicy: AwsRule = {
  id: 'CognitoPasswordPolicy',
  items: ['AUTH-PASSWORD-POLICY'],
  types: ['AWS::Cognito::UserPool'],
  severity: Severity.MEDIUM,
  description: `Cognito user pools require passwords of at least ${MIN_PASSWORD_LENGTH} characters (OWASP ASVS 2.1.1) with lower case, upper case, digits and symbols.`,
  fix: `Set passwordPolicy { minLength: ${MIN_PASSWORD_LENGTH}, requireLowercase, requireUppercase, requireDigits, requireSymbols: true }.`,
  check(res, { index }) {
    const base = 'Properties.Policies.PasswordPolicy';
    const policy = index.prop(res, 'Policies.PasswordPolicy');
    if (policy.k === 'unknown') return unknown(base, policy, `password policy decided at deploy time (${policy.why})`);
    if (policy.k === 'absent') return fail(base, policy, `no password policy: Cognito's default minimum of 8 characters is below ${MIN_PASSWORD_LENGTH}`);
    const len = index.prop(res, 'Policies.PasswordPolicy.MinimumLength');
    if (len.k === 'unknown') return unknown(`${base}.MinimumLength`, len, `minimum length decided at deploy time (${len.why})`);
    const n = V.num(len) ?? 8;
    const problems: string[] = [];
    if (n < MIN_PASSWORD_LENGTH) problems.push(`minimum length ${n} < ${MIN_PASSWORD_LENGTH}`);
    const computed = CLASSES.find((c) => index.prop(res, `Policies.PasswordPolicy.${c}`).k === 'unknown');
    if (computed) return unknown(`${base}.${computed}`, undefined, `${computed} decided at deploy time`);
    const missing = CLASSES.filter((c) => !V.isTrue(index.prop(res, `Policies.PasswordPolicy.${c}`)));
    if (missing.length > 0) problems.push(`not required: ${missing.join(', ')}`);
    if (problems.length > 0) return fail(base, `${n} chars`, `weak password policy: ${problems.join('; ')}`);
    const mode = index.prop(res, 'UserPoolAddOns.AdvancedSecurityMode');
    const tp = mode.k === 'lit' ? V.str(mode) : undefined;
    return pass(base, `${n} chars, all classes`, `passwords of ${n}+ characters with all character classes; Cognito's lockout after failed sign-ins applies${tp === 'ENFORCED' ? '; threat protection enforced' : ''}`);
  },
};
