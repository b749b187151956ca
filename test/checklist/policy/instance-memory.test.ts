import {
  defaultMaxConnectionsFormula, evaluateMaxConnections, instanceClassMemoryBytes, instanceClassMemoryGib,
  postgresDefaultMaxConnections, serverlessMemoryBytes,
} from '../../../lib/checklist/policy/instance-memory';

describe('instance-class memory: one table for constructs and checks', () => {
  test.each([
    ['db.r6g.large', 16], ['r6g.large', 16], ['db.m7g.16xlarge', 256], ['db.t4g.micro', 1], ['db.t3.2xlarge', 32],
    // the classes the two old tables disagreed on
    ['db.r6gd.xlarge', 32], ['db.x2g.large', 32], ['db.x2g.16xlarge', 1024], ['db.r5d.4xlarge', 128], ['db.m6gd.large', 8],
    ['db.x2iedn.xlarge', 128], ['db.x2idn.16xlarge', 1024], ['db.z1d.large', 16], ['db.r6i.32xlarge', 1024], ['DB.R7G.LARGE', 16],
  ] as [string, number][])('%s has %d GiB', (cls, gib) => {
    expect(instanceClassMemoryGib(cls)).toBe(gib);
    expect(instanceClassMemoryBytes(cls)).toBe(gib * 2 ** 30);
  });

  test.each(['db.m4.large', 'db.r4.large', 'db.r6g.metal', 'db.serverless', 'r6g', '', 'db.t4g.4xlarge', 'db.q9.large'])('%s is unknown, never guessed', (cls) => {
    expect(instanceClassMemoryBytes(cls)).toBeUndefined();
    expect(postgresDefaultMaxConnections(cls)).toBeUndefined();
  });

  test('PostgreSQL default max_connections: LEAST(memory / 9531392, 5000)', () => {
    expect(postgresDefaultMaxConnections('db.r6g.large')).toBe(1802);
    expect(postgresDefaultMaxConnections('t4g.medium')).toBe(450);
    expect(postgresDefaultMaxConnections('db.r6gd.large')).toBe(1802);
    expect(postgresDefaultMaxConnections('r7g.16xlarge')).toBe(5000);
    expect(postgresDefaultMaxConnections('x2iedn.xlarge')).toBe(5000);
  });

  test('engine default formulas', () => {
    expect(defaultMaxConnectionsFormula('aurora-postgresql')).toBe('LEAST({DBInstanceClassMemory/9531392},5000)');
    expect(defaultMaxConnectionsFormula('mysql')).toBe('{DBInstanceClassMemory/12582880}');
    expect(defaultMaxConnectionsFormula('oracle-ee')).toBeUndefined();
  });

  test('Aurora Serverless v2: 2 GiB per ACU', () => {
    expect(serverlessMemoryBytes(8)).toBe(16 * 2 ** 30);
  });

  test.each([
    ['LEAST({DBInstanceClassMemory/9531392},5000)', 16 * 2 ** 30, 1802],
    ['LEAST({DBInstanceClassMemory/9531392},5000)', 512 * 2 ** 30, 5000],
    ['{DBInstanceClassMemory/12582880}', 8 * 2 ** 30, 682],
    ['250', undefined, 250],
    ['GREATEST({DBInstanceClassMemory/9531392}, 3000)', 16 * 2 ** 30, 3000],
  ] as [string, number | undefined, number][])('%s on %s bytes = %d', (formula, memory, expected) => expect(evaluateMaxConnections(formula, memory)).toBe(expected));

  test('formulas not understood, or needing an unknown memory, are undefined', () => {
    expect(evaluateMaxConnections('{DBInstanceClassMemory/9531392}*2', 2 ** 30)).toBeUndefined();
    expect(evaluateMaxConnections('LEAST({DBInstanceClassMemory/9531392},5000)', undefined)).toBeUndefined();
  });
});
