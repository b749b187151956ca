import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/**
 * AUTH-MFA-ADMINS: the user pool requires MFA.
 *
 * Decisions: Cognito sets MFA per pool, not per group, so the only setting a
 * template can show that makes administrators use MFA is `MfaConfiguration: ON`
 * (pass, with at least one factor enabled). `OPTIONAL` is unknown: whether the
 * administrators enrolled is decided per user, outside the template. `OFF` or
 * absent fails.
 */
export const CognitoMfaRequired: AwsRule = {
  id: 'CognitoMfaRequired',
  items: ['AUTH-MFA-ADMINS'],
  types: ['AWS::Cognito::UserPool'],
  severity: Severity.HIGH,
  description: 'Cognito user pools require MFA (MfaConfiguration ON, with a software-token or SMS factor).',
  fix: 'Set mfa: Mfa.REQUIRED with mfaSecondFactor { otp: true } (or keep administrators in a pool that requires MFA).',
  check(res, { index }) {
    const v = index.prop(res, 'MfaConfiguration');
    const p = 'Properties.MfaConfiguration';
    if (v.k === 'unknown') return unknown(p, v, `MFA mode decided at deploy time (${v.why})`);
    const mode = V.str(v) ?? 'OFF';
    if (mode === 'ON') {
      const factors = (index.items(index.prop(res, 'EnabledMfas')) ?? []).map((f) => V.show(f));
      return pass(p, v, `MFA required for every user${factors.length ? ` (${factors.join(', ')})` : ''}`);
    }
    if (mode === 'OPTIONAL') return unknown(p, v, 'MFA optional: whether administrators enrolled is decided per user, outside the template');
    return fail(p, v, 'MFA off: administrators sign in with a password alone');
  },
};
