import { literalSecretFieldsOf } from '../../../lib/checklist/policy/secret-names';

describe('literalSecretFieldsOf', () => {
  test('a secret-looking field with a literal value', () => {
    expect(literalSecretFieldsOf({ username: 'app', password: 'hunter2hunter2' })).toEqual([{ path: 'password', value: 'hunter2hunter2' }]);
  });
  test('a URL with a literal password, whatever the field is named', () => {
    expect(literalSecretFieldsOf({ url: 'postgres://app:hunter2@db:5432/app' })).toEqual([{ path: 'url', value: 'postgres://app:hunter2@db:5432/app' }]);
    expect(literalSecretFieldsOf({ nested: { dsn: 'redis://:p4ss@cache:6379' } })).toEqual([{ path: 'nested.dsn', value: 'redis://:p4ss@cache:6379' }]);
  });
  test('a URL without a password, a computed value and the generated key are not literals', () => {
    expect(literalSecretFieldsOf({ url: 'https://api.example.com/v1', host: 'db' })).toEqual([]);
    expect(literalSecretFieldsOf({ url: 'postgres://app:@@computed@@@db/app' }, undefined, (v) => v.includes('@@computed@@'))).toEqual([]);
    expect(literalSecretFieldsOf({ password: 'x' }, 'password')).toEqual([]);
  });
});
