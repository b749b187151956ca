/**
 * Fargate Spot in SCALING-MIN-CAPACITY (ScalingMinCapacity), the ECS side of the Spot decision the Auto Scaling side
 * took this session (`onDemandShare`): "When AWS needs the capacity back, your tasks are interrupted with a two-minute
 * warning" (AWS::ECS::Service CapacityProviderStrategyItem, FARGATE_SPOT). A service whose fewest tasks run partly on
 * FARGATE_SPOT keeps its minimum only while Spot capacity lasts: the pass is unknown when its On-Demand (FARGATE)
 * tasks alone do not reach minReplicas (3 by default), reading the strategy as ECS documents it: the one Base first,
 * then the rest by Weight (rounded down for FARGATE: the share the rounding of small counts leaves unsure is counted
 * as Spot).
 */
import { judgedOn } from './judged';
import { R, del, set } from './fixtures';

const SVC = (...p: (string | number)[]) => R('Service', 'Properties', ...p);
const strategy = (...items: object[]) => [del(SVC('LaunchType')), set(SVC('CapacityProviderStrategy'), items)];
const judge = (patch: ReturnType<typeof set>[]) => judgedOn('ecs-service', patch, 'ScalingMinCapacity', 'Service');

describe('ScalingMinCapacity: tasks on FARGATE_SPOT', () => {
  test('the base: LaunchType FARGATE passes (MinCapacity 3)', () => {
    expect(judge([])).toEqual([['pass', expect.stringMatching(/never scales below 3 tasks/)]]);
  });

  test('every task on FARGATE_SPOT: unknown (was pass)', () => {
    expect(judge(strategy({ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }))).toEqual([['unknown', expect.stringMatching(/at least 3 tasks, but only 0 of them on FARGATE .*FARGATE_SPOT.*interrupt/)]]);
  });

  test('FARGATE Base 1 and Weight 1, FARGATE_SPOT Weight 3: 1 + floor(2 x 1/4) = 1 On-Demand task of 3: unknown (was pass)', () => {
    expect(judge(strategy({ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }))).toEqual([['unknown', expect.stringMatching(/only 1 of them on FARGATE/)]]);
  });

  test('FARGATE Base 3 beside FARGATE_SPOT Weight 1: the three fewest tasks are On-Demand: pass', () => {
    expect(judge(strategy({ CapacityProvider: 'FARGATE', Base: 3, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }))).toEqual([['pass', expect.stringMatching(/never scales below 3 tasks/)]]);
  });

  test('FARGATE_SPOT with Weight 0 and no Base places no task: pass', () => {
    expect(judge(strategy({ CapacityProvider: 'FARGATE', Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 0 }))).toEqual([['pass', expect.stringMatching(/never scales below 3 tasks/)]]);
  });

  test('FARGATE_SPOT holding the Base: the Base tasks are Spot (Base 2 of 3, the third by Weight 1:1 rounds down to Spot): unknown (was pass)', () => {
    expect(judge(strategy({ CapacityProvider: 'FARGATE', Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Base: 2, Weight: 1 }))).toEqual([['unknown', expect.stringMatching(/only 0 of them on FARGATE/)]]);
  });

  test('a Weight from a parameter: unknown, naming it (was pass)', () => {
    const patch = [
      set(['Parameters'], { SpotWeight: { Type: 'Number', Default: 0 } }),
      ...strategy({ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: { Ref: 'SpotWeight' } }),
    ];
    expect(judge(patch)).toEqual([['unknown', expect.stringMatching(/parameter SpotWeight is set at deploy time/)]]);
  });

  test("the cluster's default strategy of FARGATE_SPOT only (the service sets neither LaunchType nor a strategy): unknown (was pass)", () => {
    const patch = [
      del(SVC('LaunchType')),
      set(R('Cluster', 'Properties', 'CapacityProviders'), ['FARGATE', 'FARGATE_SPOT']),
      set(R('Cluster', 'Properties', 'DefaultCapacityProviderStrategy'), [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]),
    ];
    expect(judge(patch)).toEqual([['unknown', expect.stringMatching(/only 0 of them on FARGATE/)]]);
  });
});
