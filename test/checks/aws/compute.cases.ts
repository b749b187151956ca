/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';
import { applyPatch, compliantBases } from './fixtures';

// Focused cases for logic the violation fixtures cannot isolate (they would
// also fail another item) or paths the compliant bases do not take.
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

function findings(resources: Record<string, any>, ruleId: string, parameters?: Record<string, any>, conditions?: Record<string, any>) {
  const report = checks.checkTemplate({ Parameters: parameters, Conditions: conditions, Resources: resources }, 'unit');
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
  const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64';
  const instance = (props: any) => ({ I: { Type: 'AWS::EC2::Instance', Properties: props } });
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

  test('an AMI from an SSM-typed parameter with only a Default is unknown, naming the parameter and its likely image', () => {
    const out = findings({
      Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } } },
      I: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'Ami' }, LaunchTemplate: { LaunchTemplateName: 'x', Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] } } } },
    }, 'ComputeTimeSync', { Ami: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: AL2023 } });
    // Judged once, on the instance (the metadata-only launch template is not judged on its own).
    expect(out).toEqual([expect.objectContaining({ resource: 'I', status: 'unknown', message: expect.stringMatching(/SSM parameter Ami, whose Default .*al2023.* is likely Amazon Linux; a Default is only the likely value/) })]);
  });

  test.each([
    ['an AWS public parameter resolved at launch', `resolve:ssm:${AL2023}`, undefined, 'pass'],
    ['a dynamic reference to a Bottlerocket parameter', '{{resolve:ssm:/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id}}', undefined, 'pass'],
    ['an SSM parameter whose AllowedValues are all Amazon Linux', { Ref: 'Ami' }, { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', AllowedValues: [AL2023, '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64'] }, 'pass'],
    ['an SSM parameter allowing another image', { Ref: 'Ami' }, { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', AllowedValues: [AL2023, '/team/golden-ami'] }, 'unknown'],
    ['a parameter outside the AWS namespace resolved at launch', 'resolve:ssm:/team/golden-ami', undefined, 'unknown'],
    ['a literal AMI id', 'ami-0123456789abcdef0', undefined, 'unknown'],
  ])('image: %s', (_name, image, param, status) => {
    expect(findings(instance({ ImageId: image }), 'ComputeTimeSync', param ? { Ami: param } : undefined).map((f) => f.status)).toEqual([status]);
  });

  test('user data is decoded: Fn::Base64 over a Sub with references, and literal base64', () => {
    const disables = { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\nsystemctl disable --now chronyd\necho ${AWS::StackName}\n' } };
    expect(findings(instance({ ImageId: `resolve:ssm:${AL2023}`, UserData: disables }), 'ComputeTimeSync').map((f) => f.status)).toEqual(['fail']);
    const literal = b64('#!/bin/bash\necho "server 169.254.169.123 prefer iburst" > /etc/chrony.d/aws.conf\n');
    expect(findings(instance({ ImageId: 'ami-0123456789abcdef0', UserData: literal }), 'ComputeTimeSync').map((f) => f.status)).toEqual(['pass']);
    // Disabling chronyd while pointing another daemon at a server is a deliberate configuration, not drift.
    const replaced = b64('#!/bin/bash\nsystemctl disable --now chronyd\necho "server 169.254.169.123" >> /etc/ntp.conf\nsystemctl enable --now ntpd\n');
    expect(findings(instance({ ImageId: 'ami-0123456789abcdef0', UserData: replaced }), 'ComputeTimeSync').map((f) => f.status)).toEqual(['pass']);
  });

  test('user data behind a condition is judged in each branch', () => {
    const out = findings(instance({
      ImageId: 'ami-0123456789abcdef0',
      UserData: { 'Fn::If': ['Legacy', { 'Fn::Base64': 'systemctl stop chronyd' }, { 'Fn::Base64': 'echo "server 169.254.169.123 iburst" > /etc/chrony.d/a.conf' }] },
    }), 'ComputeTimeSync', { Mode: { Type: 'String', AllowedValues: ['legacy', 'modern'] } }, { Legacy: { 'Fn::Equals': [{ Ref: 'Mode' }, 'legacy'] } });
    expect(out).toEqual([expect.objectContaining({ status: 'unknown', message: expect.stringMatching(/fails when parameter Mode = legacy.*passes when parameter Mode = modern/) })]);
  });

  test('an EC2-only task definition is left to its instances', () => {
    const out = findings({ Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['EC2'], ContainerDefinitions: [] } } }, 'ComputeTimeSync');
    expect(out).toEqual([]);
  });
});

describe('Ec2Imdsv2Required', () => {
  const lt = (tokens: string) => ({ Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: tokens } } } });
  const withLt = { LaunchTemplateId: { Ref: 'Lt' }, Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] } };
  const statusOf = (resources: Record<string, any>, id: string) => findings(resources, 'Ec2Imdsv2Required').filter((f) => f.resource === id).map((f) => f.status);

  test('MetadataOptions on the instance itself count, and override the launch template', () => {
    expect(statusOf({ I: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', MetadataOptions: { HttpTokens: 'required' } } } }, 'I')).toEqual(['pass']);
    expect(statusOf({ I: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', MetadataOptions: { HttpEndpoint: 'disabled' } } } }, 'I')).toEqual(['pass']);
    expect(statusOf({ Lt: lt('required'), I: { Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: withLt, MetadataOptions: { HttpTokens: 'optional' } } } }, 'I')).toEqual(['fail']);
    expect(statusOf({ Lt: lt('optional'), I: { Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: withLt, MetadataOptions: { HttpTokens: 'required' } } } }, 'I')).toEqual(['pass']);
  });

  test('an instance setting only the hop limit is judged on its launch template', () => {
    const out = findings({ Lt: lt('required'), I: { Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: withLt, MetadataOptions: { HttpPutResponseHopLimit: 2 } } } }, 'Ec2Imdsv2Required');
    expect(out).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'Lt', status: 'pass', message: expect.stringMatching(/launch template Lt/) })]));
  });

  test('a launch configuration is judged on its own MetadataOptions', () => {
    expect(statusOf({ Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-1', InstanceType: 't3.micro' } } }, 'Lc')).toEqual(['fail']);
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

describe('IAM statements in every world', () => {
  const policy = (statement: any) => ({ P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [statement] }, Roles: ['r'] } } });
  const env = { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } };
  const isDev = { IsDev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] } };

  test('an Effect decided at deploy time is judged as an Allow: what would fail is unknown', () => {
    const out = findings(policy({ Effect: { Ref: 'Effect' }, Action: '*', Resource: '*' }), 'IamNoWildcardPermissions', { Effect: { Type: 'String' } });
    expect(out).toEqual([expect.objectContaining({ status: 'unknown', message: expect.stringMatching(/if its Effect .* is Allow/) })]);
  });

  test('an inline policy behind Fn::If, and an AWS managed policy behind Fn::If', () => {
    const role = {
      R: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {},
          Policies: [{ 'Fn::If': ['IsDev', { PolicyName: 'dev', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } }, { Ref: 'AWS::NoValue' }] }],
        },
      },
      M: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, ManagedPolicyArns: [{ 'Fn::If': ['IsDev', 'arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'] }] } },
    };
    const out = findings(role, 'IamNoWildcardPermissions', env, isDev);
    expect(out.map((f) => [f.resource, f.status])).toEqual([['R', 'unknown'], ['M', 'unknown']]);
    expect(out[0].message).toMatch(/fails when parameter Env = dev: allows every action of a service \(dynamodb:\*\)/);
  });

  test('SecretsReadScoped: Allow + NotAction reads every secret unless a NotAction pattern covers GetSecretValue', () => {
    expect(findings(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'SecretsReadScoped').map((f) => f.status)).toEqual(['fail']);
    expect(findings(policy({ Effect: 'Allow', NotAction: ['iam:*', 'secretsmanager:*'], Resource: '*' }), 'SecretsReadScoped')).toEqual([]);
  });

  test('SecretsReadScoped: actions from a parameter matter only on resources that may be every secret', () => {
    const params = { Actions: { Type: 'CommaDelimitedList' } };
    expect(findings(policy({ Effect: 'Allow', Action: { Ref: 'Actions' }, Resource: 'arn:aws:sqs:eu-west-1:123456789012:jobs' }), 'SecretsReadScoped', params)).toEqual([]);
    expect(findings(policy({ Effect: 'Allow', Action: { Ref: 'Actions' }, Resource: '*' }), 'SecretsReadScoped', params).map((f) => f.status)).toEqual(['unknown']);
  });
});

describe('ECS containers in every world', () => {
  const td = (containers: any[]) => ({ Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: containers } } });
  const env = { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } };
  const isDev = { IsDev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] } };

  test('a debug container that exists only in dev', () => {
    const out = findings(td([
      { Name: 'web', Image: 'public.ecr.aws/x/web@sha256:' + 'a'.repeat(64), Privileged: false },
      { 'Fn::If': ['IsDev', { Name: 'debug', Image: 'public.ecr.aws/x/debug@sha256:' + 'b'.repeat(64), Privileged: true }, { Ref: 'AWS::NoValue' }] },
    ]), 'EcsContainerNotPrivileged', env, isDev);
    expect(out).toEqual([expect.objectContaining({ status: 'unknown', message: expect.stringMatching(/fails when parameter Env = dev: container debug runs privileged/) })]);
  });

  test('a tag in an IMMUTABLE_WITH_EXCLUSION repository passes unless a filter matches it', () => {
    const repo = (filter: string) => ({
      Repo: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', ImageTagMutabilityExclusionFilters: [{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: filter }] } },
      ...td([{ Name: 'web', Image: { 'Fn::Sub': '${Repo.RepositoryUri}:2.0.1' } }]),
    });
    expect(findings(repo('dev-*'), 'EcsImageImmutable').map((f) => f.status)).toEqual(['pass']);
    expect(findings(repo('2.*'), 'EcsImageImmutable').map((f) => f.status)).toEqual(['fail']);
  });

  test('container definitions decided at deploy time are unknown, never none', () => {
    expect(findings(td({ Ref: 'Defs' } as any), 'EcsContainerNonRootUser', { Defs: { Type: 'String' } }).map((f) => f.status)).toEqual(['unknown']);
  });
});

describe('SecurityGroupRestrictedIngress: a world-open 80/443 group only on internet-facing load balancers', () => {
  const web = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }] } };
  const alb = (scheme?: string) => ({ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { ...(scheme ? { Scheme: scheme } : {}), Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: [{ 'Fn::GetAtt': ['Web', 'GroupId'] }] } });
  const verdict = (resources: Record<string, any>) => findings({ Web: web, ...resources }, 'SecurityGroupRestrictedIngress').map((f) => [f.status, f.message]);

  test('an internet-facing ALB alone (the default scheme) passes; an internal one fails', () => {
    expect(verdict({ Alb: alb() })).toEqual([['pass', expect.stringMatching(/for internet-facing load balancer Alb only/)]]);
    expect(verdict({ Alb: alb('internal') })).toEqual([['fail', expect.stringMatching(/internal load balancer Alb/)]]);
  });

  test('shared with a function, or with nothing, fails; passed on to a nested stack is unknown', () => {
    const fn = { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::123456789012:role/x', Code: { ZipFile: 'x' }, Handler: 'i.h', Runtime: 'nodejs20.x', VpcConfig: { SecurityGroupIds: [{ Ref: 'Web' }], SubnetIds: ['subnet-1'] } } };
    expect(verdict({ Alb: alb(), Fn: fn })).toEqual([['fail', expect.stringMatching(/also attached to Fn \(AWS::Lambda::Function\)/)]]);
    expect(verdict({})).toEqual([['fail', expect.stringMatching(/not attached to an internet-facing load balancer/)]]);
    const nested = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/t.yaml', Parameters: { GroupId: { Ref: 'Web' } } } };
    expect(verdict({ Alb: alb(), Child: nested })).toEqual([['unknown', expect.stringMatching(/passed to Child/)]]);
  });

  test('a standalone ingress rule on the group of a public load balancer passes', () => {
    const out = findings({
      Web: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web' } },
      Alb: alb(),
      Https: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': ['Web', 'GroupId'] }, CidrIpv6: '::/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 } },
    }, 'SecurityGroupRestrictedIngress');
    expect(out).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'Https', status: 'pass' })]));
  });
});

describe('network placement', () => {
  const subnet = (az: any, extra: Record<string, any> = {}) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: az, ...extra } });
  const alb = (subnets: string[]) => ({ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: subnets.map((s) => ({ Ref: s })) } });
  const getAz = (i: number) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] });

  test('MultiAz: subnets at distinct indexes of Fn::GetAZs are distinct zones', () => {
    expect(findings({ A: subnet(getAz(0)), B: subnet(getAz(1)), Lb: alb(['A', 'B']) }, 'MultiAz').map((f) => f.status)).toEqual(['pass']);
    expect(findings({ A: subnet(getAz(0)), B: subnet(getAz(0)), Lb: alb(['A', 'B']) }, 'MultiAz').map((f) => f.status)).toEqual(['fail']);
  });

  test('MultiAz: a Classic Load Balancer counts its availability zones', () => {
    const clb = (zones: any) => ({ Clb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { AvailabilityZones: zones, Listeners: [{ LoadBalancerPort: '80', InstancePort: '80', Protocol: 'HTTP' }] } } });
    expect(findings(clb(['eu-west-1a']), 'MultiAz').map((f) => f.status)).toEqual(['fail']);
    expect(findings(clb(['eu-west-1a', 'eu-west-1b']), 'MultiAz').map((f) => f.status)).toEqual(['pass']);
    expect(findings(clb({ 'Fn::GetAZs': '' }), 'MultiAz').map((f) => f.status)).toEqual(['unknown']);
  });

  test('PrivateSubnets: a route table outside the template is unknown, never private', () => {
    const out = findings({
      A: subnet('eu-west-1a'),
      Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'A' }, RouteTableId: { 'Fn::ImportValue': 'shared-public-rt' } } },
      Db: { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'db', SubnetIds: [{ Ref: 'A' }] } },
    }, 'PrivateSubnets');
    expect(out).toEqual([expect.objectContaining({ resource: 'Db', status: 'unknown', message: expect.stringMatching(/route table of Assoc is not in this template/) })]);
  });
});

describe('scaling relations found under an open parameter', () => {
  test('a scalable target whose ResourceId joins a cluster name from a parameter still scales the service', () => {
    const out = findings({
      Service: { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'ClusterName' }, DesiredCount: 3, TaskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1' } },
      Target: {
        Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
        Properties: { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: { 'Fn::Join': ['/', ['service', { Ref: 'ClusterName' }, { 'Fn::GetAtt': ['Service', 'Name'] }]] }, MinCapacity: 1, MaxCapacity: 6 },
      },
    }, 'ScalingMinCapacity', { ClusterName: { Type: 'String' } });
    // DesiredCount 3 would pass: the target's floor of 1 decides.
    expect(out).toEqual([expect.objectContaining({ status: 'fail', message: expect.stringMatching(/scale in to 1/) })]);
  });
});

describe('deployment in every world', () => {
  const lambda = compliantBases().get('lambda-canary');
  const stage = { op: 'set' as const, path: ['Parameters', 'Stage'], value: { Type: 'String', AllowedValues: ['test', 'prod'] } };
  const isProd = { op: 'set' as const, path: ['Conditions'], value: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } } };
  const verdicts = (patch: any[], ruleId: string, resource: string) => checks.checkTemplate(applyPatch(lambda, [stage, isProd, ...patch]), 'unit').findings
    .filter((f) => f.ruleId === ruleId && f.resource === resource).map((f) => [f.status, f.message]);

  test('a pre-traffic hook in the alias UpdatePolicy behind Fn::If', () => {
    const hook = { op: 'set' as const, path: ['Resources', 'Live', 'UpdatePolicy', 'CodeDeployLambdaAliasUpdate', 'BeforeAllowTrafficHook'], value: { 'Fn::If': ['IsProd', { Ref: 'PreTrafficHook' }, { Ref: 'AWS::NoValue' }] } };
    expect(verdicts([hook], 'DeployHealthHooks', 'Handler')).toEqual([['unknown', expect.stringMatching(/fails when parameter Stage = test: alias Live has no BeforeAllowTrafficHook/)]]);
  });

  test('auto-rollback events behind Fn::If', () => {
    const events = { op: 'set' as const, path: ['Resources', 'Deployment', 'Properties', 'AutoRollbackConfiguration', 'Events'], value: ['DEPLOYMENT_FAILURE', { 'Fn::If': ['IsProd', 'DEPLOYMENT_STOP_ON_ALARM', { Ref: 'AWS::NoValue' }] }] };
    expect(verdicts([events], 'DeployCanaryRollback', 'Deployment')).toEqual([['unknown', expect.stringMatching(/fails when parameter Stage = test: Deployment does not roll back on DEPLOYMENT_STOP_ON_ALARM/)]]);
  });

  test('an alias that exists only in production: a function that serves in every stage is not released progressively outside it', () => {
    const onlyProd = { op: 'set' as const, path: ['Resources', 'Live', 'Condition'], value: 'IsProd' };
    // Without another way in, the function serves nothing in test: the item does not apply there.
    expect(verdicts([onlyProd], 'DeployProgressive', 'Handler')).toEqual([['pass', expect.stringMatching(/wherever it applies; not judged when parameter Stage = test/)]]);
    const url = { op: 'set' as const, path: ['Resources', 'HandlerUrl'], value: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['Handler', 'Arn'] } } } };
    // The URL invokes the function itself ($LATEST): outside production it is not released through an alias, and in
    // production the URL bypasses the alias's canary. It fails in every world.
    expect(verdicts([onlyProd, url], 'DeployProgressive', 'Handler')).toEqual([['fail', expect.stringMatching(/not released through a CodeDeploy alias|invokes the function itself/)]]);
    const aliasUrl = { ...url, value: { ...url.value, Properties: { ...url.value.Properties, Qualifier: 'live' } } };
    expect(verdicts([onlyProd, aliasUrl], 'DeployProgressive', 'Handler')).toEqual([['unknown', expect.stringMatching(/fails when parameter Stage = test: not released through a CodeDeploy alias/)]]);
  });
});

describe('EcrTagImmutability', () => {
  const repo = (props: any) => ({ Repo: { Type: 'AWS::ECR::Repository', Properties: props } });
  test('IMMUTABLE_WITH_EXCLUSION passes unless a filter exempts every tag', () => {
    const filter = (value: string) => [{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: value }];
    expect(findings(repo({ ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', ImageTagMutabilityExclusionFilters: filter('dev-*') }), 'EcrTagImmutability').map((f) => f.status)).toEqual(['pass']);
    expect(findings(repo({ ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', ImageTagMutabilityExclusionFilters: filter('*') }), 'EcrTagImmutability').map((f) => f.status)).toEqual(['fail']);
  });
});
