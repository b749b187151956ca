/**
 * The alarms that name a database by its name (not by a reference) are found through an index of the names
 * every alarm may carry in any world (conditions, parameters), read once per run: an alarm whose dimension
 * takes the name in only one branch of a condition covers the database in that world only, whichever branch
 * comes first, and an alarm read under a condition is found as one read without.
 */
import { judgedOn } from './judged';
import { PatchOp, R, set } from './fixtures';

const ALARM = 'DbConnectionsAlarm7767BF57';
/** The base's connections alarm on the cluster `golive-db` with its dimension value `value`, under a condition IsProd. */
function withValue(value: unknown): PatchOp[] {
  return [
    set(['Parameters'], { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } }),
    set(['Conditions'], { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } }),
    set(R(ALARM, 'Properties', 'Dimensions'), [{ Name: 'DBClusterIdentifier', Value: value }]),
  ];
}
const onDb = (patch: PatchOp[]) => judgedOn('database', patch, 'AlarmDbConnections', 'Db');

describe('alarms that name a database, in every world', () => {
  test('the name in both branches: covered', () => {
    expect(onDb(withValue({ 'Fn::If': ['IsProd', 'golive-db', 'golive-db'] })).map(([s]) => s)).toEqual(['pass']);
  });
  test('the name in the first branch only: covered in one world, not the other', () => {
    const [[status, message]] = onDb(withValue({ 'Fn::If': ['IsProd', 'golive-db', 'other-db'] }));
    expect(status).toBe('unknown');
    expect(message).toMatch(/parameter Env = /);
  });
  test('the name in the second branch only: the same (the index holds the names of every branch)', () => {
    const [[status, message]] = onDb(withValue({ 'Fn::If': ['IsProd', 'other-db', 'golive-db'] }));
    expect(status).toBe('unknown');
    expect(message).toMatch(/parameter Env = /);
  });
  test('the name in neither branch: fails', () => {
    expect(onDb(withValue({ 'Fn::If': ['IsProd', 'other-db', 'another-db'] })).map(([s]) => s)).toEqual(['fail']);
  });
  test('the name picked from a mapping by a parameter: covered only where the entry is the name', () => {
    const patch = [
      ...withValue({ 'Fn::FindInMap': ['Names', { Ref: 'Env' }, 'Db'] }),
      set(['Mappings'], { Names: { prod: { Db: 'golive-db' }, dev: { Db: 'dev-db' } } }),
    ];
    expect(onDb(patch).map(([s]) => s)).toEqual(['unknown']);
    patch[patch.length - 1] = set(['Mappings'], { Names: { prod: { Db: 'golive-db' }, dev: { Db: 'golive-db' } } });
    expect(onDb(patch).map(([s]) => s)).toEqual(['pass']);
  });
  test('an alarm read under a condition (its statistic) still names the database by name', () => {
    const patch = [...withValue('golive-db'), set(R(ALARM, 'Properties', 'Statistic'), { 'Fn::If': ['IsProd', 'Maximum', 'Maximum'] })];
    expect(onDb(patch).map(([s]) => s)).toEqual(['pass']);
  });
});
