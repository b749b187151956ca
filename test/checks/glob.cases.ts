import { globMatch } from '../../lib/checks/glob';

describe('globMatch', () => {
  test.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['a*', 'a', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['*-vault', 'my-vault', true],
    ['*-vault', 'my-vaults', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxcyyb', false],
    ['a.b', 'axb', false],
    ['a?c', 'abc', false],
    ['a+', 'aa', false],
  ])('%s ~ %s = %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  test('? is one character only when asked', () => {
    expect(globMatch('a?c', 'abc', true)).toBe(true);
    expect(globMatch('a?c', 'ac', true)).toBe(false);
  });

  test('a pattern of many stars against a long text that almost matches answers', () => {
    // A backtracking regex (^a.*a.*...b$) explores polynomially many splits here; the matcher does not.
    expect(globMatch('a*'.repeat(30) + 'b', 'a'.repeat(20000))).toBe(false);
  });
});
