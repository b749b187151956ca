/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Shapes of templates the AWS CDK itself synthesizes (its integration-test snapshots, aws/aws-cdk
 * packages/@aws-cdk-testing/framework-integ, hunt of hfcdk):
 * - DEPLOY-ZERO-DOWNTIME: `ecs.FargateService` with `deploymentStrategy` BLUE_GREEN, CANARY or LINEAR writes
 *   `MinimumHealthyPercent: 50` (its default) beside `Strategy`; the rule failed it ("deployments may stop 50 % of the
 *   tasks"), although a native blue/green, canary or linear deployment scales the new revision up to 100 % beside the
 *   old one and stops the old one only after the traffic shift and bake time (MinimumHealthyPercent is a rolling-update
 *   setting). A false alarm for every CDK user of those strategies.
 * - Coverage: the Application Auto Scaling targets and policies the scaling rules read were listed as "not judged".
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });
const DC = ['Resources', 'Service', 'Properties', 'DeploymentConfiguration'];

function judged(rule: string, patch: PatchOp[]): Array<[string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get('ecs-service'), patch), 'ecs-service', { region: 'eu-west-1' });
  return report.findings.filter((f) => f.ruleId === rule && f.resource === 'Service').map((f) => [f.status, f.message]);
}

describe('DEPLOY-ZERO-DOWNTIME: native blue/green, canary and linear keep the old revision running', () => {
  const zero = (patch: PatchOp[]) => judged('DeployZeroDowntime', patch);
  const halfHealthy = set([...DC, 'MinimumHealthyPercent'], 50);

  test('CANARY with MinimumHealthyPercent 50 (what the CDK writes): pass', () => {
    expect(zero([halfHealthy])).toEqual([['pass', expect.stringMatching(/native ECS canary deployment: ECS starts the new revision at 100 % of the desired count beside the old one/)]]);
  });

  test('BLUE_GREEN and LINEAR with MinimumHealthyPercent 50: pass', () => {
    expect(zero([halfHealthy, set([...DC, 'Strategy'], 'BLUE_GREEN'), del([...DC, 'CanaryConfiguration'])]))
      .toEqual([['pass', expect.stringMatching(/native ECS blue\/green deployment/)]]);
    expect(zero([halfHealthy, set([...DC, 'Strategy'], 'LINEAR'), del([...DC, 'CanaryConfiguration']), set([...DC, 'LinearConfiguration'], { StepPercent: 10, StepBakeTimeInMinutes: 5 })]))
      .toEqual([['pass', expect.stringMatching(/native ECS linear deployment/)]]);
  });

  test('ROLLING (or no strategy) with MinimumHealthyPercent 50: fail, as before', () => {
    expect(zero([halfHealthy, set([...DC, 'Strategy'], 'ROLLING'), del([...DC, 'CanaryConfiguration'])]))
      .toEqual([['fail', expect.stringMatching(/may stop 50 % of the tasks/)]]);
    expect(zero([halfHealthy, del([...DC, 'Strategy']), del([...DC, 'CanaryConfiguration'])]))
      .toEqual([['fail', expect.stringMatching(/may stop 50 % of the tasks/)]]);
  });

  test('a DAEMON service still fails whatever its strategy', () => {
    expect(zero([set(['Resources', 'Service', 'Properties', 'SchedulingStrategy'], 'DAEMON'), del(['Resources', 'Service', 'Properties', 'DesiredCount'])]))
      .toEqual([['fail', expect.stringMatching(/daemon service/)]]);
  });

  test('strategy from an AllowedValues parameter [CANARY, ROLLING] with MinimumHealthyPercent 50: unknown', () => {
    const patch = [
      set(['Parameters', 'Strategy'], { Type: 'String', AllowedValues: ['CANARY', 'ROLLING'], Default: 'CANARY' }),
      set([...DC, 'Strategy'], { Ref: 'Strategy' }),
      halfHealthy,
    ];
    expect(zero(patch)).toEqual([['unknown', expect.stringMatching(/Strategy = ROLLING: deployments may stop 50 % of the tasks/)]]);
  });

  test('strategy from an open String parameter with MinimumHealthyPercent 50: unknown, naming it', () => {
    const patch = [set(['Parameters', 'Strategy'], { Type: 'String', Default: 'CANARY' }), set([...DC, 'Strategy'], { Ref: 'Strategy' }), halfHealthy];
    expect(zero(patch)).toEqual([['unknown', expect.stringMatching(/deployment strategy decided at deploy time.*Strategy.*a rolling update may stop 50 %/)]]);
  });
});

describe('coverage: the Application Auto Scaling types the scaling rules read are not "not judged"', () => {
  test('the ECS base (scalable target and target-tracking policy) lists nothing; a type no rule reads still is listed', () => {
    const report = checks.checkTemplate(bases.get('ecs-service'), 'ecs-service', { region: 'eu-west-1' });
    expect(report.findings.filter((f) => f.ruleId === 'ScalingAutoscaling' && f.resource === 'Service').map((f) => f.status)).toEqual(['pass']);
    expect(Object.keys(report.coverage.notJudged).filter((t) => t.startsWith('AWS::ApplicationAutoScaling::'))).toEqual([]);
    // A DynamoDB table is read since the DynamoDb* rules: a Timestream database no rule reads is listed.
    const withTable = applyPatch(bases.get('ecs-service'), [set(['Resources', 'Table'], { Type: 'AWS::Timestream::Database', Properties: { DatabaseName: 'metrics' } })]);
    expect(checks.checkTemplate(withTable, 'ecs-service', { region: 'eu-west-1' }).coverage.notJudged).toEqual(expect.objectContaining({ 'AWS::Timestream::Database': 1 }));
  });
});
