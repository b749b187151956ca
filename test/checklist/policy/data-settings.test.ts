import { accessStringProblem, parseAccessString, postgresDurationMs, slowQueryLogProblem } from '../../../lib/checklist/policy/data-settings';

describe('PostgreSQL durations (log_min_duration_statement)', () => {
  test.each([
    ['1000', 1000], ['250ms', 250], ['1s', 1000], ['2 min', 120000], ['1h', 3600000], ['-1', -1], ['0', 0], ['fast', undefined], ['1.5s', undefined],
  ] as [string, number | undefined][])('%s → %s ms', (text, ms) => expect(postgresDurationMs(text)).toBe(ms));

  test.each([
    ['-1', /logs no slow query/], ['1000', undefined], ['0', undefined], ['soon', /not a PostgreSQL duration/],
  ] as [string, RegExp | undefined][])('%s → %s', (value, problem) => {
    const p = slowQueryLogProblem(value);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toMatch(problem);
  });
});

describe('Redis/Valkey access strings (CACHE-AUTH)', () => {
  test('rules apply left to right', () => {
    expect(parseAccessString('on ~* +@all nopass')).toEqual({ on: true, nopass: true, literalPassword: false });
    expect(parseAccessString('on nopass resetpass')).toEqual({ on: true, nopass: false, literalPassword: false });
    expect(parseAccessString('on nopass reset')).toEqual({ on: false, nopass: false, literalPassword: false });
    expect(parseAccessString('on >hunter2 ~* +@all')).toEqual({ on: true, nopass: false, literalPassword: true });
    expect(parseAccessString('on nopass #5e884898da28')).toEqual({ on: true, nopass: false, literalPassword: false });
  });
  test.each([
    ['on ~app:* +@all -@dangerous nopass', /nopass/],
    ['on ~* +@all >p4ss', /password written/],
    ['off ~* +@all nopass', undefined],
    ['on ~app:* +@read', undefined],
  ] as [string, RegExp | undefined][])('%s → %s', (access, problem) => {
    const p = accessStringProblem(access);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toMatch(problem);
  });
});
