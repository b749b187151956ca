import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V, Val } from '../../template-index';
import { DEFAULT_PASSWORD_LENGTH, PASSWORD_CLASSES, passwordAlphabet, passwordWeakness } from '../../../checklist/policy/secret-strength';

/**
 * SECRETS-STRENGTH: generated secrets are long and random.
 * - `GenerateSecretString.PasswordLength` (default 32) >= `secretLengthChars`;
 * - the alphabet left after `ExcludeCharacters` and the `Exclude*` switches
 *   (`IncludeSpace` adds the space) gives the value at least
 *   4 bits × `secretLengthChars` of randomness (length × log2(alphabet)): a
 *   32-character secret over `0123` (64 bits) fails, one over lower case and
 *   digits (165 bits) passes.
 * A secret whose value is supplied, not generated, is not judged here.
 */
export const SecretsStrength: AwsRule = {
  id: 'SecretsStrength',
  items: ['SECRETS-STRENGTH'],
  types: ['AWS::SecretsManager::Secret'],
  severity: Severity.MEDIUM,
  description: 'Generated secrets (GenerateSecretString) have PasswordLength >= secretLengthChars (Secrets Manager generates 32 characters when unset) over an alphabet that leaves them at least 4 bits per required character of randomness.',
  fix: 'Set GenerateSecretString.PasswordLength to at least the secretLengthChars threshold and exclude only the few characters your client cannot take (ExcludeCharacters), not whole classes.',
  check(res, { index, thresholds }) {
    const gen = index.prop(res, 'GenerateSecretString');
    if (gen.k === 'absent') return undefined; // the value is supplied, not generated
    if (gen.k === 'unknown') return unknown('Properties.GenerateSecretString', gen, `generation settings decided at deploy time (${gen.why})`);
    const field = (name: string): Val => index.field(gen, name);
    const len = field('PasswordLength');
    const p = 'Properties.GenerateSecretString.PasswordLength';
    if (len.k === 'unknown') return unknown(p, len, `password length decided at deploy time (${len.why})`);
    const n = len.k === 'absent' ? DEFAULT_PASSWORD_LENGTH : V.num(len);
    const t = thresholds.get('secretLengthChars');
    const how = len.k === 'absent' ? ' (Secrets Manager default)' : '';
    if (n === undefined) return fail(p, len, `password length ${V.show(len)} is not a number (needs ${t})`);
    if (!thresholds.meets('secretLengthChars', n)) return fail(p, String(n), `generated secret of ${n} characters${how} is shorter than secretLengthChars ${t}`);
    const alphabet = alphabetOf(field);
    if ('unknown' in alphabet) return unknown(`Properties.GenerateSecretString.${alphabet.property}`, alphabet.value, `the characters the secret is drawn from are decided at deploy time (${alphabet.unknown})`);
    const weak = passwordWeakness(n, alphabet.chars, t);
    return weak === undefined
      ? pass(p, String(n), `generated secret of ${n} characters${how} over an alphabet of ${alphabet.chars.length} meets secretLengthChars ${t}`)
      : fail('Properties.GenerateSecretString.ExcludeCharacters', alphabet.excluded, `generated secret of ${weak}`);
  },
};

/** The characters left to draw from, or the setting that decides them at deploy time. */
function alphabetOf(field: (name: string) => Val): { chars: string; excluded: string } | { unknown: string; property: string; value: Val } {
  const excludedClasses: string[] = [];
  for (const { exclude } of PASSWORD_CLASSES) {
    const v = field(exclude);
    if (v.k === 'unknown') return { unknown: v.why, property: exclude, value: v };
    if (V.isTrue(v)) excludedClasses.push(exclude);
  }
  const space = field('IncludeSpace');
  if (space.k === 'unknown') return { unknown: space.why, property: 'IncludeSpace', value: space };
  const ex = field('ExcludeCharacters');
  if (ex.k === 'unknown') return { unknown: ex.why, property: 'ExcludeCharacters', value: ex };
  const text = V.str(ex) ?? '';
  return {
    chars: passwordAlphabet(excludedClasses, V.isTrue(space), text),
    excluded: [...excludedClasses, text ? `ExcludeCharacters ${JSON.stringify(text)}` : ''].filter(Boolean).join(', ') || '(none)',
  };
}
