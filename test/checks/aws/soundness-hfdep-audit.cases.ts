/**
 * Wrong verdicts left in the deployment rules (hfcdk leads; each case was a PASS unless said):
 * - F1: the ECS circuit breaker's ThresholdConfiguration was not read: COUNT 1000 on a service of 3 tasks (or
 *   UNBOUNDED_PERCENT 1000) passed DEPLOY-CANARY-ROLLBACK although a failing deployment then launches failing tasks
 *   hundreds of times before it rolls back;
 * - F2 (a wrong FAIL): native CANARY / LINEAR / BLUE_GREEN services with deployment alarms that roll back failed
 *   without the circuit breaker, which is the rolling update's mechanism;
 * - F3: DeployHealthHooks / DeployProgressive took the best of a function's CodeDeploy aliases: a second alias released
 *   without hooks or by an AllAtOnce group left the function passing.
 */
import { PatchOp, R, compliantBases, del, set } from './fixtures';
import { judgedOn } from './judged';

const DC = (...p: (string | number)[]) => R('Service', 'Properties', 'DeploymentConfiguration', ...p);
/** The ecs-service base as a rolling update with the circuit breaker only (no alarms, no canary). */
const ROLLING: PatchOp[] = [
  set(DC('Strategy'), 'ROLLING'), del(DC('CanaryConfiguration')), del(DC('LifecycleHooks')), del(DC('Alarms')), del(DC('BakeTimeInMinutes')),
];
const threshold = (config: unknown) => set(DC('DeploymentCircuitBreaker', 'ThresholdConfiguration'), config);
const rollback = (patch: PatchOp[]) => judgedOn('ecs-service', patch, 'DeployCanaryRollback', 'Service');

describe('F1: the circuit breaker\'s failure threshold', () => {
  test('the default threshold (no ThresholdConfiguration) passes, as before', () => {
    expect(rollback(ROLLING)).toEqual([['pass', expect.stringMatching(/the circuit breaker rolls back deployments whose tasks fail/)]]);
  });

  test('COUNT 1000 on a service of 3 to 12 tasks fails, naming both thresholds', () => {
    expect(rollback([...ROLLING, threshold({ Type: 'COUNT', Value: 1000 })])).toEqual([
      ['fail', expect.stringMatching(/rolls back only after 1000 failed tasks \(ThresholdConfiguration COUNT 1000\) with 3 desired tasks, where AWS's default would after 3/)],
    ]);
  });

  test('UNBOUNDED_PERCENT above 50 fails; BOUNDED_PERCENT 50 or less and COUNT 3 or less pass', () => {
    expect(rollback([...ROLLING, threshold({ Type: 'UNBOUNDED_PERCENT', Value: 1000 })])).toEqual([
      ['fail', expect.stringMatching(/only after 120 failed tasks \(ThresholdConfiguration UNBOUNDED_PERCENT 1000\) with 12 desired tasks, where AWS's default would after 6/)],
    ]);
    expect(rollback([...ROLLING, threshold({ Type: 'BOUNDED_PERCENT', Value: 25 })])).toEqual([['pass', expect.stringMatching(/no looser than AWS's default/)]]);
    expect(rollback([...ROLLING, threshold({ Type: 'COUNT', Value: 2 })])).toEqual([['pass', expect.stringMatching(/COUNT 2\) no looser than AWS's default/)]]);
  });

  test('a COUNT within the default for every desired count the service may have passes; above it for the minimum fails', () => {
    // 3..12 tasks: the default is 3 (3 to 6 tasks) up to 6 (12 tasks); COUNT 3 passes, COUNT 4 fails at 3 tasks.
    expect(rollback([...ROLLING, threshold({ Type: 'COUNT', Value: 3 })]).map(([s]) => s)).toEqual(['pass']);
    expect(rollback([...ROLLING, threshold({ Type: 'COUNT', Value: 4 })])).toEqual([['fail', expect.stringMatching(/only after 4 failed tasks .* with 3 desired tasks/)]]);
    // Not autoscaled, 40 tasks: the default is 20.
    const fixed = [...ROLLING, del(R('ServiceTaskCountTarget')), del(R('ServiceTaskCountTargetCpu')), set(R('Service', 'Properties', 'DesiredCount'), 40)];
    expect(rollback([...fixed, threshold({ Type: 'COUNT', Value: 20 })]).map(([s]) => s)).toEqual(['pass']);
    expect(rollback([...fixed, threshold({ Type: 'COUNT', Value: 21 })]).map(([s]) => s)).toEqual(['fail']);
  });

  test('a threshold or desired count decided at deploy time is unknown', () => {
    const param = set(['Parameters', 'Threshold'], { Type: 'Number' });
    expect(rollback([...ROLLING, param, threshold({ Type: 'COUNT', Value: { Ref: 'Threshold' } })])).toEqual([
      ['unknown', expect.stringMatching(/parameter Threshold is set at deploy time/)],
    ]);
    const desired = [...ROLLING, set(['Parameters', 'Desired'], { Type: 'Number' }), set(R('ServiceTaskCountTarget', 'Properties', 'MinCapacity'), { Ref: 'Desired' })];
    expect(rollback([...desired, threshold({ Type: 'COUNT', Value: 10 })])).toEqual([
      ['unknown', expect.stringMatching(/parameter Desired is set at deploy time/)],
    ]);
  });
});

describe('F2: native canary, linear and blue/green roll back through their alarms', () => {
  test('the canary base without the circuit breaker (off or absent) passes on its alarms', () => {
    for (const patch of [[set(DC('DeploymentCircuitBreaker'), { Enable: false, Rollback: false })], [del(DC('DeploymentCircuitBreaker'))]]) {
      expect(rollback(patch)).toEqual([['pass', expect.stringMatching(/2 deployment alarm\(s\) roll back the canary deployment; error spike to rollback start ~240 s/)]]);
    }
  });

  test('a canary without alarm rollback still fails; a rolling update without the circuit breaker still fails', () => {
    expect(rollback([del(DC('DeploymentCircuitBreaker')), set(DC('Alarms', 'Rollback'), false)])).toEqual([
      ['fail', expect.stringMatching(/canary deployment without deployment alarms that roll back/)],
    ]);
    expect(rollback([...ROLLING, del(DC('DeploymentCircuitBreaker'))])).toEqual([['fail', expect.stringMatching(/circuit breaker does not roll back/)]]);
  });

  test('a strategy decided at deploy time: unknown when the readings differ, fail when both fail', () => {
    const strategy = [set(['Parameters', 'Strategy'], { Type: 'String', AllowedValues: ['ROLLING', 'CANARY'] }), set(DC('Strategy'), { Ref: 'Strategy' })];
    expect(rollback([...strategy, del(DC('DeploymentCircuitBreaker'))])).toEqual([
      ['unknown', expect.stringMatching(/fails when parameter Strategy = ROLLING: the deployment circuit breaker does not roll back .*; passes when parameter Strategy = CANARY/)],
    ]);
    expect(rollback([...strategy, del(DC('DeploymentCircuitBreaker')), del(DC('Alarms'))]).map(([s]) => s)).toEqual(['fail']);
  });
});

describe('F3: every alias a deployment group releases', () => {
  const FN = 'Fn9270CBC0';
  const ALIAS = 'Live848578DF';
  const GROUP = 'Deployment37BBD5E4';
  /** A second alias of the function, released by its own group (a copy of the base's, with `config`), with `hooks`. */
  const base = compliantBases().get('lambda-service');
  const copy = (id: string) => JSON.parse(JSON.stringify(base.Resources[id]));
  const second = (config: string, hooks: Record<string, unknown> = {}): PatchOp[] => [
    set(R('SecondGroup'), copy(GROUP)),
    set(R('Second'), copy(ALIAS)),
    set(R('Second', 'Properties', 'Name'), 'second'),
    set(R('SecondGroup', 'Properties', 'DeploymentConfigName'), config),
    set(R('Second', 'UpdatePolicy'), { CodeDeployLambdaAliasUpdate: { ApplicationName: { Ref: 'DeploymentApplication7D968237' }, DeploymentGroupName: { Ref: 'SecondGroup' }, ...hooks } }),
  ];
  const both = (patch: PatchOp[]) => ['DeployHealthHooks', 'DeployProgressive'].map((r) => judgedOn('lambda-service', patch, r, FN)[0]);

  test('a second alias without hooks, released AllAtOnce, fails both', () => {
    expect(both(second('CodeDeployDefault.LambdaAllAtOnce'))).toEqual([
      ['fail', expect.stringMatching(/alias Second has no BeforeAllowTrafficHook: the new version takes traffic unchecked/)],
      ['fail', expect.stringMatching(/alias Second: SecondGroup shifts all traffic at once \(CodeDeployDefault\.LambdaAllAtOnce\)/)],
    ]);
  });

  test('a second alias with a hook and a canary group passes both', () => {
    expect(both(second('CodeDeployDefault.LambdaCanary10Percent5Minutes', { BeforeAllowTrafficHook: { Ref: 'PreTrafficD1555B24' } })).map((f) => f[0])).toEqual(['pass', 'pass']);
  });

  test('a second alias whose version is decided at deploy time is unknown when it would fail (on $LATEST it is never released)', () => {
    const open = [...second('CodeDeployDefault.LambdaAllAtOnce'), set(['Parameters', 'Version'], { Type: 'String' }), set(R('Second', 'Properties', 'FunctionVersion'), { Ref: 'Version' })];
    expect(both(open)).toEqual([
      ['unknown', expect.stringMatching(/parameter Version is set at deploy time/)],
      ['unknown', expect.stringMatching(/parameter Version is set at deploy time/)],
    ]);
  });
});
