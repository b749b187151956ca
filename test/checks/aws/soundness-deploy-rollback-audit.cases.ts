/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * DEPLOY-CANARY-ROLLBACK of a CodeDeploy deployment group reads what the group deploys (found by an audit: each case
 * was a PASS). A Lambda group whose aliases are all on `$LATEST` never runs a deployment (CodeDeploy shifts an alias
 * between versions), so its alarms never roll one back; an in-place (Server) group's alarms must watch the Auto
 * Scaling groups it deploys to (or what fronts them), and where the group picks its instances by tag or by a name
 * the template does not resolve, an alarm on other compute of the template may or may not watch them: unknown.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });

/** `[status, message]` of DeployCanaryRollback on one resource of a template. */
function rollback(template: any, resource: string): Array<[string, string]> {
  const report = checks.checkTemplate(template, 'rollback', { region: 'eu-west-1', account: '111111111111' });
  return report.findings.filter((f) => f.ruleId === 'DeployCanaryRollback' && f.resource === resource).map((f) => [f.status, f.message]);
}

describe('a Lambda deployment group whose aliases are on $LATEST', () => {
  const canary = (patch: PatchOp[]) => rollback(applyPatch(bases.get('lambda-canary'), patch), 'Deployment');
  const version = (v: any) => set(['Resources', 'Live', 'Properties', 'FunctionVersion'], v);

  test('the base passes', () => {
    expect(canary([])).toEqual([['pass', expect.stringMatching(/error spike to rollback start/)]]);
  });
  test('its only alias on $LATEST: no deployment runs, so nothing rolls back: fail', () => {
    expect(canary([version('$LATEST')])).toEqual([['fail', expect.stringMatching(/releases only alias Live on \$LATEST: CodeDeploy runs when an alias's version changes/)]]);
  });
  test('its alias\'s version decided at deploy time: unknown', () => {
    expect(canary([set(['Parameters'], { V: { Type: 'String' } }), version({ Ref: 'V' })])).toEqual([['unknown', expect.stringMatching(/the version of alias Live is decided at deploy time.*on \$LATEST, CodeDeploy never runs a deployment of Deployment/)]]);
  });
  test('a second alias of the group on a version: the group deploys it, and passes', () => {
    const second = set(['Resources', 'Second'], { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Handler' }, FunctionVersion: { 'Fn::GetAtt': ['HandlerCurrentVersion', 'Version'] }, Name: 'second' }, UpdatePolicy: { CodeDeployLambdaAliasUpdate: { ApplicationName: { Ref: 'DeploymentApplication' }, DeploymentGroupName: { Ref: 'Deployment' } } } });
    expect(canary([version('$LATEST'), second]).map(([s]) => s)).toEqual(['pass']);
  });
  test('no alias of the template names the group: what it deploys is not known, unknown', () => {
    const noAlias = { op: 'delete', path: ['Resources', 'Live', 'UpdatePolicy'] } as PatchOp;
    expect(canary([noAlias])).toEqual([['unknown', expect.stringMatching(/no alias, ECS service or Auto Scaling group of this template is deployed by it/)]]);
  });
});

describe('an in-place (Server) deployment group: its alarms must watch the instances it deploys to', () => {
  const cpu = (dims: any[]) => ({ Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, Period: 60, Statistic: 'Average', Threshold: 90, Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: dims } });
  const asg = (props: any = {}) => ({ Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '2', MaxSize: '4', LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' }, AvailabilityZones: ['eu-west-1a'], ...props } });
  const server = (group: any, extra: any = {}) => ({
    Resources: {
      Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { ImageId: 'ami-12345678' } } },
      Web: asg({ TargetGroupARNs: [{ Ref: 'WebTg' }] }),
      WebTg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP', VpcId: 'vpc-1' } },
      Other: asg(),
      App: { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'Server' } },
      OtherCpu: cpu([{ Name: 'AutoScalingGroupName', Value: { Ref: 'Other' } }]),
      WebCpu: cpu([{ Name: 'AutoScalingGroupName', Value: { Ref: 'Web' } }]),
      Web5xx: { Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 2, Period: 60, Statistic: 'Sum', Threshold: 5, Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': ['WebTg', 'TargetGroupFullName'] } }, { Name: 'LoadBalancer', Value: 'app/web/0123456789abcdef' }] } },
      Group: { Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: {
        ApplicationName: { Ref: 'App' }, ServiceRoleArn: 'arn:aws:iam::111111111111:role/cd', DeploymentConfigName: 'CodeDeployDefault.OneAtATime',
        AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
        AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: 'OtherCpu' } }] },
        AutoScalingGroups: [{ Ref: 'Web' }],
        ...group,
      } },
      ...extra,
    },
  });
  const alarms = (...ids: string[]) => ({ AlarmConfiguration: { Enabled: true, Alarms: ids.map((id) => ({ Name: { Ref: id } })) } });

  test('an alarm on another Auto Scaling group only: fail', () => {
    expect(rollback(server({}), 'Group')).toEqual([['fail', expect.stringMatching(/no attached alarm watches what it releases \(Web\): OtherCpu watches other functions or services/)]]);
  });
  test('an alarm on its Auto Scaling group, or on the target group in front of it: pass', () => {
    expect(rollback(server(alarms('OtherCpu', 'WebCpu')), 'Group')).toEqual([['pass', expect.stringMatching(/alarm WebCpu/)]]);
    expect(rollback(server(alarms('Web5xx')), 'Group')).toEqual([['pass', expect.stringMatching(/alarm Web5xx/)]]);
  });
  test('an alarm on the target group of its LoadBalancerInfo: pass', () => {
    const tg = { AutoScalingGroups: [], Ec2TagFilters: [], LoadBalancerInfo: { TargetGroupInfoList: [{ Name: { 'Fn::GetAtt': ['WebTg', 'TargetGroupName'] } }] }, ...alarms('Web5xx') };
    expect(rollback(server(tg), 'Group').map(([s]) => s)).toEqual(['pass']);
  });
  test('instances picked by EC2 tags: an alarm on another Auto Scaling group of the template may watch them: unknown', () => {
    const tags = { AutoScalingGroups: [], Ec2TagFilters: [{ Key: 'app', Value: 'web', Type: 'KEY_AND_VALUE' }] };
    expect(rollback(server(tags), 'Group')).toEqual([['unknown', expect.stringMatching(/its Ec2TagFilters pick instances by tag/)]]);
    const set_ = { AutoScalingGroups: [], Ec2TagSet: { Ec2TagSetList: [{ Ec2TagGroup: [{ Key: 'app', Value: 'web', Type: 'KEY_AND_VALUE' }] }] } };
    expect(rollback(server(set_), 'Group')).toEqual([['unknown', expect.stringMatching(/its Ec2TagSet pick instances by tag/)]]);
  });
  test('an Auto Scaling group named by a literal name, or no target at all: unknown', () => {
    expect(rollback(server({ AutoScalingGroups: ['web-asg'] }), 'Group')).toEqual([['unknown', expect.stringMatching(/Auto Scaling group web-asg is not a group of this template/)]]);
    expect(rollback(server({ AutoScalingGroups: [] }), 'Group')).toEqual([['unknown', expect.stringMatching(/what it deploys is named outside the template/)]]);
  });
  test('with tag filters, an alarm on its own Auto Scaling group still passes', () => {
    const both = { Ec2TagFilters: [{ Key: 'app', Value: 'web', Type: 'KEY_AND_VALUE' }], ...alarms('WebCpu') };
    expect(rollback(server(both), 'Group').map(([s]) => s)).toEqual(['pass']);
  });
});

describe('an ECS deployment group naming its service by a literal name', () => {
  test('an alarm on another service of the template may or may not be on it: unknown', () => {
    const base = bases.get('ecs-service');
    const tpl = applyPatch(base, [
      set(['Resources', 'CdApp'], { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'ECS' } }),
      set(['Resources', 'OtherCpu'], { Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, Period: 60, Statistic: 'Average', Threshold: 90, Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: 'other' }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } }] } }),
      set(['Resources', 'Group'], { Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: {
        ApplicationName: { Ref: 'CdApp' }, ServiceRoleArn: 'arn:aws:iam::111111111111:role/cd', DeploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
        AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
        AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: 'OtherCpu' } }] },
        ECSServices: [{ ClusterName: 'prod', ServiceName: 'checkout' }],
      } }),
    ]);
    expect(rollback(tpl, 'Group')).toEqual([['unknown', expect.stringMatching(/ECS service checkout is not a service of this template/)]]);
  });
});
