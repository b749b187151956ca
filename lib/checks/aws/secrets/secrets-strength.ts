import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/** Secrets Manager's GenerateSecretString default length. */
const DEFAULT_PASSWORD_LENGTH = 32;

/** SECRETS-STRENGTH: generated secrets are long enough. */
export const SecretsStrength: AwsRule = {
  id: 'SecretsStrength',
  items: ['SECRETS-STRENGTH'],
  types: ['AWS::SecretsManager::Secret'],
  severity: Severity.MEDIUM,
  description: 'Generated secrets (GenerateSecretString) have PasswordLength >= secretLengthChars (Secrets Manager generates 32 characters when unset).',
  fix: 'Set GenerateSecretString.PasswordLength (generateSecretString.passwordLength) to at least the secretLengthChars threshold.',
  check(res, { index, thresholds }) {
    const gen = index.prop(res, 'GenerateSecretString');
    if (gen.k === 'absent') return undefined; // the value is supplied, not generated
    if (gen.k === 'unknown') return unknown('Properties.GenerateSecretString', gen, `generation settings decided at deploy time (${gen.why})`);
    const len = index.prop(res, 'GenerateSecretString.PasswordLength');
    const p = 'Properties.GenerateSecretString.PasswordLength';
    if (len.k === 'unknown') return unknown(p, len, `password length decided at deploy time (${len.why})`);
    const n = len.k === 'absent' ? DEFAULT_PASSWORD_LENGTH : V.num(len);
    const t = thresholds.get('secretLengthChars');
    const how = len.k === 'absent' ? ' (Secrets Manager default)' : '';
    if (n === undefined) return fail(p, len, `password length ${V.show(len)} is not a number (needs ${t})`);
    return thresholds.meets('secretLengthChars', n)
      ? pass(p, String(n), `generated secret of ${n} characters${how} meets secretLengthChars ${t}`)
      : fail(p, String(n), `generated secret of ${n} characters${how} is shorter than secretLengthChars ${t}`);
  },
};
