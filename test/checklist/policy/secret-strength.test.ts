import { hasUrlCredentials, isSecretName } from '../../../lib/checklist/policy/secret-names';
import { passwordAlphabet, passwordBits, passwordWeakness } from '../../../lib/checklist/policy/secret-strength';

describe('generated secret strength', () => {
  test('the full alphabet has 94 characters; exclusions and switches shrink it', () => {
    expect(passwordAlphabet([], false, '')).toHaveLength(94);
    expect(passwordAlphabet([], true, '')).toHaveLength(95);
    expect(passwordAlphabet(['ExcludePunctuation'], false, '')).toHaveLength(62);
    expect(passwordAlphabet(['ExcludeLowercase', 'ExcludeUppercase', 'ExcludePunctuation'], false, '456789')).toBe('0123');
  });

  test('32 characters over the full alphabet meet secretLengthChars 32', () => {
    expect(passwordWeakness(32, passwordAlphabet([], false, '"@/\\'), 32)).toBeUndefined();
  });

  test('an exclusion that leaves 4 characters fails, naming the alphabet', () => {
    const alphabet = passwordAlphabet(['ExcludeLowercase', 'ExcludeUppercase', 'ExcludePunctuation'], false, '456789');
    expect(passwordBits(32, alphabet.length)).toBe(64);
    expect(passwordWeakness(32, alphabet, 32)).toMatch(/alphabet of 4 \(0123\) give 64 bits.*less than 128/);
    // a longer secret over the same alphabet is strong enough
    expect(passwordWeakness(64, alphabet, 32)).toBeUndefined();
  });

  test('shorter than the threshold fails; a tightened threshold is the one in force', () => {
    expect(passwordWeakness(20, passwordAlphabet([], false, ''), 32)).toMatch(/shorter than secretLengthChars 32/);
    expect(passwordWeakness(32, passwordAlphabet([], false, ''), 48)).toMatch(/shorter than secretLengthChars 48/);
    expect(passwordWeakness(Number.NaN, passwordAlphabet([], false, ''), 32)).toMatch(/shorter/);
  });

  test('a one-character alphabet has no randomness', () => expect(passwordBits(64, 1)).toBe(0));
});

describe('secret-looking names and URL credentials (one detector)', () => {
  test.each([
    ['DB_PASSWORD', true], ['JWT_SECRET', true], ['STRIPE_API_KEY', true], ['dbPassword', true], ['DATABASE_CONNECTION_STRING', true],
    ['AWS_ACCESS_KEY_ID', false], ['DB_PASSWORD_FILE', false], ['MAX_PASSWORD_AGE', false], ['ALLOW_USERS_TO_CHANGE_PASSWORD', false], ['LOG_LEVEL', false],
  ] as [string, boolean][])('%s → %s', (name, secret) => expect(isSecretName(name)).toBe(secret));

  test.each([
    ['redis://:p4ss@cache:6379', true], ['postgres://web:hunter2@db:5432/web', true], ['jdbc:postgresql://app:pw@db/app', true],
    ['postgres://web@db:5432/web', false], ['rediss://cache:6379', false], ['https://api.example.com/a:b@c', false], ['://:x@y', false],
  ] as [string, boolean][])('%s → %s', (value, has) => expect(hasUrlCredentials(value)).toBe(has));
});
