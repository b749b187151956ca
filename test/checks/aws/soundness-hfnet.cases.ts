/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts found by running the network and IAM rules on third-party templates (hfnet: VPC and bastion
 * templates, Auto Scaling groups behind load balancers, roles with managed policies): each case below was a PASS
 * (and its item satisfied); each must now fail or be unknown, and the compliant form next to it must still pass.
 */
import { checks, judged, statuses } from './judged';

const trust = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const role = (arns: any[], extra: Record<string, any> = {}) => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust('lambda.amazonaws.com'), ManagedPolicyArns: arns, ...extra } });
const msg = (fs: Array<[string, string, string]>) => fs.map(([, , m]) => m).join('\n');

describe('IamNoWildcardPermissions: managed policies the template attaches but does not hold', () => {
  test('a customer managed policy of the account, by literal ARN: unknown (before: pass "every Allow names its actions", item satisfied)', () => {
    const resources = { R: role(['arn:aws:iam::123456789012:policy/team-shared']) };
    const f = judged('IamNoWildcardPermissions', resources);
    expect(statuses(f)).toEqual(['unknown']);
    expect(msg(f)).toMatch(/managed policy arn:aws:iam::123456789012:policy\/team-shared is not in this template .*cannot be read/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('IAM-LEAST-PRIVILEGE')).not.toBe('satisfied');
  });

  test('the same built with Fn::Sub on the stack\'s account: unknown', () => {
    const f = judged('IamNoWildcardPermissions', { R: role([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/core/ServicePutLog' }]) });
    expect(statuses(f)).toEqual(['unknown']);
    expect(msg(f)).toMatch(/policy\/core\/ServicePutLog is not in this template/);
  });

  test.each([
    ['AWSLambdaExecute', /logs:\*/],
    ['service-role/AWSGlueServiceRole', /glue:\*/],
    ['service-role/AmazonSSMAutomationRole', /ssm:\*/],
    ['service-role/AmazonEC2RoleforDataPipelineRole', /s3:\*/],
    ['service-role/AmazonElasticMapReduceforEC2Role', /dynamodb:\*/],
  ])('AWS managed %s allows every action of a service: fail (before: pass)', (name, wildcard) => {
    const f = judged('IamNoWildcardPermissions', { R: role([{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${name}` }]) });
    expect(statuses(f)).toEqual(['fail']);
    expect(msg(f)).toMatch(/allows every action of a service/);
    expect(msg(f)).toMatch(wildcard);
  });

  test('still passing: AWS managed policies that name their actions, and a managed policy of the template (judged on its own)', () => {
    const f = judged('IamNoWildcardPermissions', {
      P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } } },
      R: role(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', { Ref: 'P' }]),
    });
    expect(f.filter(([r]) => r === 'R').map(([, s]) => s)).toEqual(['pass']);
    expect(f.filter(([r]) => r === 'P').map(([, s]) => s)).toEqual(['pass']);
  });
});

describe('SecretsReadScoped: a customer managed policy beside a scoped read', () => {
  const scoped = { Policies: [{ PolicyName: 'read', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf' }] } }] };
  test('the account\'s own managed policy may read every secret: unknown (before: pass "scoped to 1 named secret")', () => {
    const f = judged('SecretsReadScoped', { R: role([{ 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:policy/core/AccessDWHSecret' }], scoped) });
    expect(statuses(f)).toEqual(['unknown']);
    expect(msg(f)).toMatch(/policy\/core\/AccessDWHSecret is not in this template .*may read every secret/);
  });
  test('still passing: the scoped read with an AWS managed logging policy', () => {
    const f = judged('SecretsReadScoped', { R: role(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], scoped) });
    expect(statuses(f)).toEqual(['pass']);
  });
});

const subnet = (vpc: any, az: number) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: vpc, CidrBlock: `10.0.${az}.0/24`, AvailabilityZone: { 'Fn::Select': [az, { 'Fn::GetAZs': '' }] } } });

describe('MultiAz: an Auto Scaling group is the compute the item is about', () => {
  const base = (asg: Record<string, any>) => ({
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    A: subnet({ Ref: 'Vpc' }, 0),
    B: subnet({ Ref: 'Vpc' }, 1),
    Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: [{ Ref: 'A' }, { Ref: 'B' }] } },
    Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-12345678', InstanceType: 't3.micro' } },
    Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchConfigurationName: { Ref: 'Lc' }, MinSize: '2', MaxSize: '4', ...asg } },
  });

  test('a group in one subnet behind a two-zone load balancer: fail (before: no finding, item satisfied by the load balancer)', () => {
    const resources = base({ VPCZoneIdentifier: [{ Ref: 'A' }] });
    const f = judged('MultiAz', resources).filter(([r]) => r === 'Asg');
    expect(statuses(f)).toEqual(['fail']);
    expect(msg(f)).toMatch(/spans 1 availability zone\(s\), minAvailabilityZones is 2/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('HA-MULTI-AZ')).toBe('violated');
  });

  test('a group with one AvailabilityZones entry: fail; subnets from a parameter: unknown; no placement at all: unknown', () => {
    expect(statuses(judged('MultiAz', base({ AvailabilityZones: ['eu-west-1a'] })).filter(([r]) => r === 'Asg'))).toEqual(['fail']);
    const param = judged('MultiAz', base({ VPCZoneIdentifier: { Ref: 'Subnets' } }), { Parameters: { Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' } } }).filter(([r]) => r === 'Asg');
    expect(statuses(param)).toEqual(['unknown']);
    const none = judged('MultiAz', base({})).filter(([r]) => r === 'Asg');
    expect(statuses(none)).toEqual(['unknown']);
    expect(msg(none)).toMatch(/launch template's network interfaces/);
  });

  test('still passing: the group in both subnets, or in two named zones', () => {
    expect(statuses(judged('MultiAz', base({ VPCZoneIdentifier: [{ Ref: 'A' }, { Ref: 'B' }] })).filter(([r]) => r === 'Asg'))).toEqual(['pass']);
    expect(statuses(judged('MultiAz', base({ AvailabilityZones: ['eu-west-1a', 'eu-west-1b'] })).filter(([r]) => r === 'Asg'))).toEqual(['pass']);
  });
});

describe('PrivateSubnets: a subnet without a route table association uses its VPC\'s main route table', () => {
  const group = { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'db', SubnetIds: [{ Ref: 'A' }, { Ref: 'B' }] } };
  test('subnets added to an existing VPC (a parameter) with no association: unknown (before: pass "2 private subnet(s)")', () => {
    const f = judged('PrivateSubnets', { A: subnet({ Ref: 'VpcId' }, 0), B: subnet({ Ref: 'VpcId' }, 1), G: group }, { Parameters: { VpcId: { Type: 'AWS::EC2::VPC::Id' } } });
    expect(statuses(f)).toEqual(['unknown']);
    expect(msg(f)).toMatch(/no route table association, so it uses the main route table of VPC .*not in this template/);
  });
  test('the same from Fn::ImportValue: unknown', () => {
    const vpc = { 'Fn::ImportValue': 'network-VPC' };
    expect(statuses(judged('PrivateSubnets', { A: subnet(vpc, 0), B: subnet(vpc, 1), G: group }))).toEqual(['unknown']);
  });
  test('still passing: subnets of a VPC of this template without association (its main route table has the local route only)', () => {
    const f = judged('PrivateSubnets', { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, A: subnet({ Ref: 'Vpc' }, 0), B: subnet({ Ref: 'Vpc' }, 1), G: group });
    expect(statuses(f)).toEqual(['pass']);
  });
  test('still passing: subnets of an existing VPC associated with a route table of this template that has no internet route', () => {
    const f = judged('PrivateSubnets', {
      A: subnet({ Ref: 'VpcId' }, 0), B: subnet({ Ref: 'VpcId' }, 1), G: group,
      Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'VpcId' } } },
      Aa: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'A' }, RouteTableId: { Ref: 'Rt' } } },
      Ab: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'B' }, RouteTableId: { Ref: 'Rt' } } },
    }, { Parameters: { VpcId: { Type: 'AWS::EC2::VPC::Id' } } });
    expect(statuses(f)).toEqual(['pass']);
  });
});
