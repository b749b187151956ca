/**
 * Strength of a generated secret (SECRETS-STRENGTH): its length, and the
 * randomness left after the exclusions. What AppSecret and the data-tier
 * constructs refuse and the SecretsStrength rule fails.
 * @internal
 */

/** Secrets Manager's GenerateSecretString / GetRandomPassword default length. @internal */
export const DEFAULT_PASSWORD_LENGTH = 32;

/** The characters Secrets Manager draws from, by class, with the switch that excludes each. @internal */
export const PASSWORD_CLASSES: ReadonlyArray<{ readonly exclude: string; readonly chars: string }> = [
  { exclude: 'ExcludeLowercase', chars: 'abcdefghijklmnopqrstuvwxyz' },
  { exclude: 'ExcludeUppercase', chars: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
  { exclude: 'ExcludeNumbers', chars: '0123456789' },
  { exclude: 'ExcludePunctuation', chars: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' },
];

/**
 * Bits of randomness required per character of the length threshold: a
 * generated secret must be at least as unpredictable as `secretLengthChars`
 * hexadecimal characters (128 bits at the default 32).
 * @internal
 */
export const BITS_PER_REQUIRED_CHAR = 4;

/**
 * The alphabet Secrets Manager draws from: every class not switched off
 * (`excludedClasses` holds the switch names, e.g. `ExcludePunctuation`), the
 * space when included, minus `excludeCharacters`. Sorted, one of each.
 * @internal
 */
export function passwordAlphabet(excludedClasses: readonly string[], includeSpace: boolean, excludeCharacters: string): string {
  const chars = new Set<string>();
  for (const c of PASSWORD_CLASSES) {
    if (excludedClasses.includes(c.exclude)) continue;
    for (const ch of c.chars) chars.add(ch);
  }
  if (includeSpace) chars.add(' ');
  for (const ch of excludeCharacters) chars.delete(ch);
  return [...chars].sort().join('');
}

/** Bits of randomness of `length` characters drawn uniformly from `alphabetSize` characters. @internal */
export function passwordBits(length: number, alphabetSize: number): number {
  return alphabetSize > 1 ? length * Math.log2(alphabetSize) : 0;
}

/**
 * Why a generated secret is too weak for the `secretLengthChars` threshold in
 * force, or undefined when it is strong enough: shorter than the threshold, or
 * fewer than 4 bits of randomness per required character (a 32-character
 * secret over `0123` has 64 bits, not 128).
 * @internal
 */
export function passwordWeakness(length: number, alphabet: string, secretLengthChars: number): string | undefined {
  if (!(length >= secretLengthChars)) return `${length} characters is shorter than secretLengthChars ${secretLengthChars}`;
  const bits = passwordBits(length, alphabet.length);
  const need = BITS_PER_REQUIRED_CHAR * secretLengthChars;
  if (bits >= need) return undefined;
  const shown = alphabet.length <= 16 ? ` (${alphabet})` : '';
  return `${length} characters over an alphabet of ${alphabet.length}${shown} give ${Math.floor(bits)} bits of randomness, less than ${need} ` +
    `(${BITS_PER_REQUIRED_CHAR} bits per character of secretLengthChars ${secretLengthChars}): the exclusions leave too small an alphabet`;
}
