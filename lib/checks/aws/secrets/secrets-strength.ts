import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V, Val } from '../../template-index';

/** Secrets Manager's GenerateSecretString default length. */
const DEFAULT_PASSWORD_LENGTH = 32;
/** The characters Secrets Manager draws from, by class (GetRandomPassword). */
const CLASSES: [string, string][] = [
  ['ExcludeLowercase', 'abcdefghijklmnopqrstuvwxyz'],
  ['ExcludeUppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['ExcludeNumbers', '0123456789'],
  ['ExcludePunctuation', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
];
/**
 * Bits of randomness required per character of the length threshold: a
 * generated secret must be at least as unpredictable as `secretLengthChars`
 * hexadecimal characters (128 bits at the default 32).
 */
const BITS_PER_REQUIRED_CHAR = 4;

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
    const bits = alphabet.size > 1 ? n * Math.log2(alphabet.size) : 0;
    const need = BITS_PER_REQUIRED_CHAR * t;
    const shown = `${n} characters${how} over an alphabet of ${alphabet.size}`;
    return bits >= need
      ? pass(p, String(n), `generated secret of ${shown} (${Math.floor(bits)} bits) meets secretLengthChars ${t}`)
      : fail('Properties.GenerateSecretString.ExcludeCharacters', alphabet.excluded, `generated secret of ${shown}${alphabet.size <= 16 ? ` (${alphabet.sample})` : ''}: ${Math.floor(bits)} bits of randomness, less than ${need} (${BITS_PER_REQUIRED_CHAR} bits per character of secretLengthChars ${t}): the exclusions leave too small an alphabet`);
  },
};

/** The characters left to draw from, or the setting that decides them at deploy time. */
function alphabetOf(field: (name: string) => Val): { size: number; excluded: string; sample: string } | { unknown: string; property: string; value: Val } {
  const chars = new Set<string>();
  const excludedClasses: string[] = [];
  for (const [flag, set] of CLASSES) {
    const v = field(flag);
    if (v.k === 'unknown') return { unknown: v.why, property: flag, value: v };
    if (V.isTrue(v)) { excludedClasses.push(flag); continue; }
    for (const c of set) chars.add(c);
  }
  const space = field('IncludeSpace');
  if (space.k === 'unknown') return { unknown: space.why, property: 'IncludeSpace', value: space };
  if (V.isTrue(space)) chars.add(' ');
  const ex = field('ExcludeCharacters');
  if (ex.k === 'unknown') return { unknown: ex.why, property: 'ExcludeCharacters', value: ex };
  const text = V.str(ex) ?? '';
  for (const c of text) chars.delete(c);
  const left = [...chars].sort().join('');
  return { size: chars.size, excluded: [...excludedClasses, text ? `ExcludeCharacters ${JSON.stringify(text)}` : ''].filter(Boolean).join(', ') || '(none)', sample: left };
}
