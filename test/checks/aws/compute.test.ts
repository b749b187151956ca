/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';

// Focused cases for logic the violation fixtures cannot isolate (they would
// also fail another item) or paths the compliant bases do not take.
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

function findings(resources: Record<string, any>, ruleId: string, parameters?: Record<string, any>) {
  const report = checks.checkTemplate({ Parameters: parameters, Resources: resources }, 'unit');
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => ({ resource: f.resource, status: f.status, message: f.message }));
}

const sg = (ingress: any[]) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', SecurityGroupIngress: ingress } });

describe('NoPublicRemoteAccess (security groups)', () => {
  test.each([
    ['SSH from 0.0.0.0/0', { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }, 'fail'],
    ['RDP from ::/0', { CidrIpv6: '::/0', IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389 }, 'fail'],
    ['all traffic from the world', { CidrIp: '0.0.0.0/0', IpProtocol: '-1' }, 'fail'],
    ['a range covering 22', { CidrIp: '0.0.0.0/0', IpProtocol: '6', FromPort: 20, ToPort: 25 }, 'fail'],
    ['HTTPS from the world', { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }, 'pass'],
    ['SSH from a private range', { CidrIp: '10.0.0.0/8', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }, 'pass'],
  ])('%s', (_name, rule, status) => {
    expect(findings({ Sg: sg([rule]) }, 'NoPublicRemoteAccess').map((f) => f.status)).toEqual([status]);
  });

  test('a standalone ingress is judged with its group and reported on itself', () => {
    const out = findings({
      Sg: sg([]),
      Ssh: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] }, CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 } },
    }, 'NoPublicRemoteAccess');
    expect(out).toEqual([expect.objectContaining({ resource: 'Ssh', status: 'fail' })]);
  });

  test('an SSH source from a parameter is unknown', () => {
    const out = findings({ Sg: sg([{ CidrIp: { Ref: 'Cidr' }, IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }]) }, 'NoPublicRemoteAccess', { Cidr: { Type: 'String' } });
    expect(out.map((f) => f.status)).toEqual(['unknown']);
  });
});

describe('EcsImageImmutable', () => {
  const td = (image: any) => ({ Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'web', Image: image }] } } });
  test('a CDK asset image is immutable', () => {
    const image = { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}:0123abcd' };
    expect(findings(td(image), 'EcsImageImmutable').map((f) => f.status)).toEqual(['pass']);
  });
  test('an image from a parameter is unknown', () => {
    expect(findings(td({ Ref: 'Image' }), 'EcsImageImmutable', { Image: { Type: 'String' } }).map((f) => f.status)).toEqual(['unknown']);
  });
  test('a registry with a port and no tag is untagged', () => {
    expect(findings(td('registry.example.com:5000/web'), 'EcsImageImmutable').map((f) => f.status)).toEqual(['fail']);
  });
});

describe('ComputeTimeSync', () => {
  test('an instance with an Amazon Linux AMI and a metadata-only launch template passes once', () => {
    const out = findings({
      Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } } },
      I: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'Ami' }, LaunchTemplate: { LaunchTemplateName: 'x', Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] } } } },
    }, 'ComputeTimeSync', { Ami: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64' } });
    expect(out).toEqual([expect.objectContaining({ resource: 'I', status: 'pass' })]);
  });
  test('an EC2-only task definition is left to its instances', () => {
    const out = findings({ Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], ContainerDefinitions: [] } } }, 'ComputeTimeSync');
    expect(out).toEqual([]);
  });
});

describe('IamNoWildcardPermissions', () => {
  const policy = (statement: any) => ({ P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [statement] }, Roles: ['r'] } } });
  test('partial wildcards (as CDK grants emit) pass', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['s3:GetObject*', 's3:List*'], Resource: 'arn:aws:s3:::b/*' }), 'IamNoWildcardPermissions').map((f) => f.status)).toEqual(['pass']);
  });
  test('Deny statements are not judged', () => {
    expect(findings(policy({ Effect: 'Deny', Action: '*', Resource: '*' }), 'IamNoWildcardPermissions')).toEqual([]);
  });
  test('an AWS managed *FullAccess policy fails', () => {
    const out = findings({ R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] } } }, 'IamNoWildcardPermissions');
    expect(out.map((f) => f.status)).toEqual(['fail']);
  });
  test('PassRole scoped to a role passes', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/task' }), 'IamNoWildcardPermissions').map((f) => f.status)).toEqual(['pass']);
  });
});

describe('SecretsReadScoped', () => {
  test('a name-prefix wildcard (fromSecretNameV2) is scoped', () => {
    const out = findings({ P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', Roles: ['r'], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-??????' }] } } } }, 'SecretsReadScoped');
    expect(out.map((f) => f.status)).toEqual(['pass']);
  });
});
