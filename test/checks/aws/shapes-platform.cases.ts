/**
 * The shapes real templates use, for the compute, network, deployment and IAM
 * rules: security groups and instances written the way third-party templates
 * write them (test/fixtures/aws/shapes/platform/*.yaml). Each row names the
 * verdict the checks reach now and, for the record, the one they reached before
 * the evaluator judged every world (`old`, from the build of c3b20b4): every file
 * holds at least one verdict the old checks got wrong.
 */
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { loadFolder } from '../../../lib/checks/loader';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'shapes', 'platform');

interface Row {
  readonly file: string;
  readonly rule: string;
  readonly resource: string;
  readonly status: 'pass' | 'fail' | 'unknown';
  /** What the message must say (the reason, the deciding parameter or condition). */
  readonly says?: RegExp;
  /** The old verdict, for the record (not asserted). */
  readonly old: string;
  /** The old status was right, its reason false. */
  readonly reasonWas?: 'false';
}

const ROWS: Row[] = [
  // SSH from a parameter without AllowedValues: its Default 0.0.0.0/0 is only the likely value.
  { file: 'web-server-ssh-parameter.yaml', rule: 'NoPublicRemoteAccess', resource: 'WebServerSecurityGroup', status: 'unknown', says: /SSHLocation.*Default "0\.0\.0\.0\/0" is only the likely value/, old: 'unknown' },
  { file: 'web-server-ssh-parameter.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'WebServerSecurityGroup', status: 'fail', says: /also attached to WebServerInstance \(AWS::EC2::Instance\)/, old: 'fail: "not attached to an internet-facing load balancer"', reasonWas: 'false' },
  { file: 'web-server-ssh-parameter.yaml', rule: 'ComputeTimeSync', resource: 'WebServerInstance', status: 'unknown', says: /SSM parameter LatestAmiId.*likely Amazon Linux.*only the likely value/, old: 'pass (the Default taken as proof)' },
  { file: 'web-server-ssh-parameter.yaml', rule: 'Ec2Imdsv2Required', resource: 'WebServerInstance', status: 'fail', old: 'fail' },
  // SSH from a parameter with AllowedValues: judged for every allowed value.
  { file: 'bastion-ssh-allowed-values.yaml', rule: 'NoPublicRemoteAccess', resource: 'BastionSecurityGroup', status: 'unknown', says: /fails when parameter AdminCidr = 0\.0\.0\.0\/0.*passes when parameter AdminCidr = 10\.0\.0\.0\/8/, old: 'unknown (no allowed value named)' },
  { file: 'bastion-ssh-allowed-values.yaml', rule: 'NoPublicRemoteAccess', resource: 'OfficeSecurityGroup', status: 'pass', says: /every combination of parameter OfficeCidr/, old: 'unknown' },
  { file: 'bastion-ssh-allowed-values.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'OfficeSecurityGroup', status: 'pass', old: 'unknown' },
  // Ingress lists behind !If, whole or per entry.
  { file: 'ingress-by-environment.yaml', rule: 'NoPublicRemoteAccess', resource: 'AppSecurityGroup', status: 'unknown', says: /fails when parameter Environment = dev: admits SSH \(22\) from 0\.0\.0\.0\/0; passes when parameter Environment = prod/, old: 'pass (the !If list read as no rule)' },
  { file: 'ingress-by-environment.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'AppSecurityGroup', status: 'unknown', says: /Environment = dev/, old: 'unknown' },
  { file: 'ingress-by-environment.yaml', rule: 'NoPublicRemoteAccess', resource: 'WorkerSecurityGroup', status: 'unknown', says: /fails when parameter Environment = dev: admits RDP \(3389\)/, old: 'unknown: "protocol decided at deploy time"' },
  // A classic ELB sharing its group with instances; one with a group of its own.
  { file: 'classic-elb-shared-group.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'WebSecurityGroup', status: 'fail', says: /also attached to LaunchConfig \(AWS::AutoScaling::LaunchConfiguration\)/, old: 'fail: "not attached to an internet-facing load balancer" (the classic ELB not seen)', reasonWas: 'false' },
  { file: 'classic-elb-own-group.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'LoadBalancerSecurityGroup', status: 'pass', says: /internet-facing load balancer PublicLoadBalancer only/, old: 'fail (the classic ELB not seen)' },
  // An ALB sharing its group with the tasks it serves.
  { file: 'alb-group-shared-with-service.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'AppSecurityGroup', status: 'fail', says: /also attached to Service \(AWS::ECS::Service\)/, old: 'pass (the ALB alone looked at)' },
  // A load balancer scheme from a parameter or a condition.
  { file: 'alb-scheme-parameter.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'AlbSecurityGroup', status: 'unknown', says: /fails when parameter Scheme = internal.*passes when parameter Scheme = internet-facing/, old: 'fail' },
  { file: 'alb-scheme-parameter.yaml', rule: 'SecurityGroupRestrictedIngress', resource: 'ApiAlbSecurityGroup', status: 'unknown', says: /fails when parameter Exposure = private/, old: 'fail' },
  // Launch templates with MetadataOptions in one branch; IMDSv2 set on the instance itself.
  { file: 'launch-template-imds-branch.yaml', rule: 'Ec2Imdsv2Required', resource: 'AppLaunchTemplate', status: 'unknown', says: /fails when parameter Environment = dev: IMDSv1 allowed/, old: 'unknown' },
  { file: 'launch-template-imds-branch.yaml', rule: 'Ec2Imdsv2Required', resource: 'JobsLaunchTemplate', status: 'unknown', says: /HttpTokens optional/, old: 'unknown' },
  { file: 'launch-template-imds-branch.yaml', rule: 'Ec2Imdsv2Required', resource: 'ToolsInstance', status: 'pass', old: 'fail (MetadataOptions on the instance ignored)' },
  { file: 'launch-template-imds-branch.yaml', rule: 'Ec2Imdsv2Required', resource: 'LegacyInstance', status: 'fail', old: 'fail' },
  { file: 'launch-template-imds-branch.yaml', rule: 'ComputeTimeSync', resource: 'AppLaunchTemplate', status: 'pass', says: /Amazon Linux AMI/, old: 'unknown' },
  { file: 'launch-template-imds-branch.yaml', rule: 'ComputeTimeSync', resource: 'JobsLaunchTemplate', status: 'unknown', says: /LatestAmiId/, old: 'pass (the Default taken as proof)' },
  { file: 'launch-template-imds-branch.yaml', rule: 'ComputeTimeSync', resource: 'LegacyInstance', status: 'fail', says: /stops or removes the time daemon/, old: 'fail' },
  // IAM statements and actions behind !If.
  { file: 'iam-policies-by-condition.yaml', rule: 'IamNoWildcardPermissions', resource: 'AppRole', status: 'unknown', says: /fails when parameter Environment = dev: allows every action/, old: 'pass (the !If statement skipped)' },
  { file: 'iam-policies-by-condition.yaml', rule: 'SecretsReadScoped', resource: 'AppRole', status: 'unknown', says: /Environment = dev/, old: '(no finding)' },
  { file: 'iam-policies-by-condition.yaml', rule: 'IamNoWildcardPermissions', resource: 'DataAccessPolicy', status: 'unknown', says: /s3:\*/, old: 'unknown' },
  { file: 'iam-policies-by-condition.yaml', rule: 'SecretsReadScoped', resource: 'SecretReadPolicy', status: 'unknown', says: /fails when parameter Environment = dev/, old: 'unknown' },
  // An ECS service parameterised per environment through a mapping.
  { file: 'ecs-rollout-by-environment.yaml', rule: 'EcsImageImmutable', resource: 'TaskDefinition', status: 'unknown', says: /fails when parameter Environment = dev: container web: the latest tag/, old: 'unknown' },
  { file: 'ecs-rollout-by-environment.yaml', rule: 'DeployCanaryRollback', resource: 'Service', status: 'unknown', says: /fails when parameter EnableRollback = false/, old: 'unknown' },
  { file: 'ecs-rollout-by-environment.yaml', rule: 'ScalingMinCapacity', resource: 'Service', status: 'unknown', says: /fails when parameter Environment = dev: the service may scale in to 1/, old: 'unknown' },
  { file: 'ecs-rollout-by-environment.yaml', rule: 'ScalingAutoscaling', resource: 'Service', status: 'pass', old: 'unknown' },
];

const report = new GoLiveChecks({ printSummary: false, writeReports: false })._evaluateLoaded(loadFolder(DIR));

test.each(ROWS.map((r) => [r.file, r.rule, r.resource, r.status, r] as const))('%s: %s on %s is %s', (file, rule, resource, status, row) => {
  const mine = report.findings.filter((f) => path.basename(f.file) === file && f.ruleId === rule && f.resource === resource);
  // The worst verdict on the resource is the one asserted (a group may carry one verdict per ingress rule).
  const worst = mine.find((f) => f.status === 'fail') ?? mine.find((f) => f.status === 'unknown') ?? mine[0];
  expect(worst?.status).toBe(status);
  if (row.says) expect(worst!.message).toMatch(row.says);
});

test('every fixture file has rows, and every row names a verdict the old checks got differently or for a false reason', () => {
  const files = new Set(report.findings.map((f) => path.basename(f.file)));
  expect([...files].sort()).toEqual([...new Set(ROWS.map((r) => r.file))].sort());
  for (const file of files) {
    expect([file, ROWS.filter((r) => r.file === file).some((r) => !r.old.startsWith(r.status) || r.reasonWas === 'false')]).toEqual([file, true]);
  }
});
