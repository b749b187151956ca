/**
 * The weakening harness itself: the enumeration reads the jsii assembly (inherited
 * props, map props, value-object factories and their options), the coverage
 * check names what a table misses or invents, and the pieces a row runs on
 * (validation errors, acknowledgement, failing findings) see a real weakening.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { BackupPlan } from '../../../lib/aws/backup-plan';
import { ChecklistReport, GoLiveChecks } from '../../../lib/checks';
import { buildIn, coverageProblems, enumerateProps, failingFindings, ownClaims, validationErrors, WeakeningTable } from './harness';

describe('enumerateProps (from the jsii assembly)', () => {
  test('follows value-object factories and their options, and marks map props', () => {
    const paths = enumerateProps('ProductionCacheProps');
    expect(paths).toEqual(expect.arrayContaining([
      { path: 'vpc', kind: 'leaf' },
      { path: 'parameters', kind: 'map' },
      { path: 'authentication.rbac()', kind: 'factory' },
      { path: 'authentication.rbac().accessString', kind: 'leaf' },
      { path: 'authentication.rbac().userName', kind: 'leaf' },
      { path: 'authentication.authToken()', kind: 'factory' },
    ]));
    expect(paths.map((p) => p.path)).not.toContain('authentication');
  });

  test('includes inherited props, and every factory of a value object', () => {
    const paths = enumerateProps('AppSecretProps').map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['length', 'excludeCharacters', 'rotateEvery', 'jsonFields', 'rotation.disabled()', 'rotation.generic()', 'rotation.hosted()']));
    expect(new Set(paths).size).toBe(paths.length);
  });

  test('an unknown props type is one line', () => {
    expect(() => enumerateProps('NoSuchProps')).toThrow(/^NoSuchProps is not in the jsii assembly cdk-golive$/);
  });
});

describe('coverageProblems', () => {
  const table = (weakenings: string[], untouched: Record<string, string>): WeakeningTable => ({
    construct: 'X',
    propsType: 'XProps',
    configurations: {},
    weakenings: weakenings.map((prop) => ({ prop, item: 'BACKUP-PLAN', props: {}, check: { kind: 'fails' } })),
    untouched,
  });
  const paths = [
    { path: 'a', kind: 'leaf' as const },
    { path: 'm', kind: 'map' as const },
    { path: 'v.f()', kind: 'factory' as const },
    { path: 'v.f().x', kind: 'leaf' as const },
    { path: 's.y', kind: 'leaf' as const },
  ];

  test('a prop in neither list, and a name the props do not have, are problems', () => {
    expect(coverageProblems(table(['a', 'nope'], { 'm': 'because it is a map nobody reads', 's': 'because a struct covers its fields' }), paths)).toEqual([
      'XProps.v.f() is neither in the weakening table nor in untouched ("touches no claimed item, because ...")',
      'XProps.v.f().x is neither in the weakening table nor in untouched ("touches no claimed item, because ...")',
      "X: 'nope' is not a prop path of XProps",
    ]);
  });

  test('a struct in a row does not cover its fields', () => {
    expect(coverageProblems(table(['a', 'm.k', 'v.f()', 'v.f().x', 's'], {}), paths)).toEqual([
      'XProps.s.y is neither in the weakening table nor in untouched ("touches no claimed item, because ...")',
      "X: 's' is not a prop path of XProps",
    ]);
  });

  test('a key of a map prop covers the map; a reason is required', () => {
    expect(coverageProblems(table(['a', 'm.some_key', 'v.f().x', 's.y'], { 'v.f()': 'because' }), paths)).toEqual([
      "X: untouched 'v.f()' needs a reason",
    ]);
  });
});

describe('the pieces a row runs on, on a real weakening (BackupPlan continuousBackup: false)', () => {
  const plan: WeakeningTable = {
    construct: 'BackupPlan',
    propsType: 'BackupPlanProps',
    configurations: {
      db: (stack: Stack, props) => {
        const p = new BackupPlan(stack, 'Plan', props);
        const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'd', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
        const instance = new rds.DatabaseInstance(stack, 'Db', {
          engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 }), vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        });
        p.addDatabaseInstance(instance);
        return p;
      },
    },
    weakenings: [],
    untouched: {},
  };
  const checks = (app: Parameters<GoLiveChecks['checkApp']>[0]): ChecklistReport => new GoLiveChecks({ printSummary: false, writeReports: false }).checkApp(app);

  test('refused naming the prop, the item and the acknowledge call; accepted when acknowledged; failed by the checks', () => {
    const { app, construct } = buildIn(plan, 'db', { continuousBackup: false });
    const errors = validationErrors(construct);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^\[BACKUP-CONTINUOUS\] continuousBackup: .*Validations\.of\(construct\)\.acknowledge\(\{ id: 'GoLiveChecks::BACKUP-CONTINUOUS'/)]);
    expect(errors[0].construct).toBe(construct);
    expect(ownClaims(construct)).not.toContain('BACKUP-CONTINUOUS');
    Validations.of(construct).acknowledge({ id: 'GoLiveChecks::BACKUP-CONTINUOUS', reason: 'test' });
    expect(validationErrors(construct)).toEqual([]);
    expect(failingFindings(checks(app), 'BACKUP-CONTINUOUS').map((f) => f.ruleId)).toEqual(['BackupContinuous']);
  });

  test('the default finds nothing failing', () => {
    expect(failingFindings(checks(buildIn(plan, 'db', {}).app), 'BACKUP-CONTINUOUS')).toEqual([]);
  });
});
