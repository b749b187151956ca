/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes found by probing the edge, network, IAM and secrets rules with templates written the way third
 * parties write them (2026-12-04): each case was a PASS; each must now fail or be unknown, and the compliant form
 * next to it must still pass.
 */
import { judged, statuses } from './judged';

const role = (managed: any[], statements: any[] = []) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    ManagedPolicyArns: managed,
    ...(statements.length > 0 ? { Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] } : {}),
  },
});

describe('IamNoWildcardPermissions', () => {
  test.each([
    ['arn:aws:iam::aws:policy/AWSLambda_FullAccess', /AWSLambda_FullAccess grants every action of a service/],
    ['arn:aws:iam::aws:policy/AdministratorAccess-Amplify', /AdministratorAccess-Amplify grants administrator-level access/],
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonDynamoDBFullAccesswithDataPipeline' }, /grants every action of a service/],
  ])('the managed policy %j fails', (arn, message) => {
    const f = judged('IamNoWildcardPermissions', { Fn: role([arn]) });
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(message);
  });

  test('a narrow managed policy passes', () => {
    expect(statuses(judged('IamNoWildcardPermissions', { Fn: role(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']) }))).toEqual(['pass']);
  });

  test.each([['*3:*'], ['**'], ['s?:*'], ['*:GetObject']])('a wildcard in the service prefix (%s) allows every action', (action) => {
    const f = judged('IamNoWildcardPermissions', { Fn: role([], [{ Effect: 'Allow', Action: action, Resource: '*' }]) });
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', 'allows every action ("*"): administrator-equivalent on its resources']]);
  });

  test('partial action wildcards (s3:GetObject*) are named actions', () => {
    expect(statuses(judged('IamNoWildcardPermissions', { Fn: role([], [{ Effect: 'Allow', Action: ['s3:GetObject*', 's3:List*'], Resource: 'arn:aws:s3:::b/*' }]) }))).toEqual(['pass']);
  });

  test('iam:PassRole on role* is every role; on a path of roles it is scoped', () => {
    const pass = (resource: string) => judged('IamNoWildcardPermissions', { Fn: role([], [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: resource }]) });
    expect(statuses(pass('arn:aws:iam::123456789012:ro*'))).toEqual(['fail']);
    expect(statuses(pass('arn:aws:iam::123456789012:role/service-role/*'))).toEqual(['pass']);
  });
});

describe('SecretsReadScoped', () => {
  const read = (resource: any) => judged('SecretsReadScoped', { Fn: role([], [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: resource }]) });
  test.each([
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret*'],
    ['arn:aws:secretsmanager:us-east-1:123456789012:sec*'],
    ['arn:aws:secretsmanager:*'],
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret*' }],
  ])('%j is every secret', (resource) => {
    expect(statuses(read(resource))).toEqual(['fail']);
  });
  test.each([['arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-*'], [{ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:app/*' }]])('a name prefix %j is scoped', (resource) => {
    expect(statuses(read(resource))).toEqual(['pass']);
  });
});

describe('security group ingress: the internet in any spelling', () => {
  const sg = (ingress: any[]) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'ssh', VpcId: 'vpc-1', SecurityGroupIngress: ingress } });
  const ssh = (source: Record<string, any>) => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, ...source });

  test.each([
    ['0::/0', [ssh({ CidrIpv6: '0::/0' })]],
    ['1.2.3.4/0', [ssh({ CidrIp: '1.2.3.4/0' })]],
    ['the two halves of IPv4', [ssh({ CidrIp: '0.0.0.0/1' }), ssh({ CidrIp: '128.0.0.0/1' })]],
    ['a public /8', [ssh({ CidrIp: '52.0.0.0/8' })]],
    ['a /16 of IPv6', [ssh({ CidrIpv6: '2600::/16' })]],
  ])('SSH from %s fails NoPublicRemoteAccess and SecurityGroupRestrictedIngress', (_name, ingress) => {
    expect(statuses(judged('NoPublicRemoteAccess', { Sg: sg(ingress) }))).toContain('fail');
    expect(statuses(judged('SecurityGroupRestrictedIngress', { Sg: sg(ingress) }))).toContain('fail');
  });

  test.each([['10.0.0.0/8'], ['203.0.113.0/24'], ['172.16.0.0/12']])('SSH from %s is not the internet', (cidr) => {
    expect(statuses(judged('NoPublicRemoteAccess', { Sg: sg([ssh({ CidrIp: cidr })]) }))).toEqual(['pass']);
  });

  test('fc00::/7 (unique local) is not the internet', () => {
    expect(statuses(judged('NoPublicRemoteAccess', { Sg: sg([ssh({ CidrIpv6: 'fd00::/8' })]) }))).toEqual(['pass']);
  });

  test('a prefix list of this template is read: an entry of 0.0.0.0/0 is the internet, private entries are not', () => {
    const pl = (cidr: string) => ({ Type: 'AWS::EC2::PrefixList', Properties: { PrefixListName: 'admins', AddressFamily: 'IPv4', MaxEntries: 2, Entries: [{ Cidr: '10.1.0.0/16' }, { Cidr: cidr }] } });
    const open = { Pl: pl('0.0.0.0/0'), Sg: sg([ssh({ SourcePrefixListId: { 'Fn::GetAtt': ['Pl', 'PrefixListId'] } })]) };
    const f = judged('NoPublicRemoteAccess', open);
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', 'admits SSH (22) from 0.0.0.0/0 (prefix list Pl)']]);
    expect(statuses(judged('SecurityGroupRestrictedIngress', open))).toEqual(['fail']);
    expect(statuses(judged('NoPublicRemoteAccess', { Pl: pl('10.2.0.0/16'), Sg: sg([ssh({ SourcePrefixListId: { Ref: 'Pl' } })]) }))).toEqual(['pass']);
  });

  test('a prefix list that is not in the template (an id, a managed list) is unknown', () => {
    const f = judged('NoPublicRemoteAccess', { Sg: sg([ssh({ SourcePrefixListId: 'pl-0123456789abcdef0' })]) });
    expect(f.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/prefix list pl-0123456789abcdef0 is not in this template/)]]);
  });
});

describe('TLS-only policies: the Deny must cover every request without TLS', () => {
  const bucket = { Type: 'AWS::S3::Bucket', Properties: {} };
  const policy = (condition: any) => ({
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: { Ref: 'Logs' },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Deny', Principal: '*', Action: 's3:*',
          Resource: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }, { 'Fn::Sub': '${Logs.Arn}/*' }],
          Condition: condition,
        }],
      },
    },
  });
  test('a Deny that also needs aws:SourceVpce denies only some requests', () => {
    const f = judged('S3BucketTlsOnly', { Logs: bucket, Policy: policy({ Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } }) });
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/applies only where StringEquals aws:SourceVpce also holds/)]]);
  });
  test('condition keys are compared without case, as IAM does; BoolIfExists counts', () => {
    expect(statuses(judged('S3BucketTlsOnly', { Logs: bucket, Policy: policy({ Bool: { 'aws:securetransport': 'false' } }) }))).toEqual(['pass']);
    expect(statuses(judged('S3BucketTlsOnly', { Logs: bucket, Policy: policy({ BoolIfExists: { 'aws:SecureTransport': false } }) }))).toEqual(['pass']);
  });
  test('a condition from an open parameter is unknown', () => {
    const f = judged('S3BucketTlsOnly', { Logs: bucket, Policy: policy({ Ref: 'Cond' }) }, { Parameters: { Cond: { Type: 'String' } } });
    expect(statuses(f)).toEqual(['unknown']);
  });
});

describe('ClbNoPlainHttp', () => {
  const clb = (listeners: any[], extra: Record<string, any> = {}) => ({ ...extra, Lb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { AvailabilityZones: ['eu-west-1a'], Listeners: listeners } } });
  const https = { LoadBalancerPort: '443', InstancePort: '8080', Protocol: 'HTTPS', InstanceProtocol: 'HTTP', SSLCertificateId: 'arn:aws:acm:eu-west-1:123456789012:certificate/1' };
  test('a TCP listener on port 80 passes plain HTTP through', () => {
    expect(judged('ClbNoPlainHttp', clb([https, { LoadBalancerPort: '80', InstancePort: '80', Protocol: 'TCP' }])).map(([, s]) => s)).toEqual(['fail']);
  });
  test('a TCP listener on another port is not HTTP; an open port or protocol is unknown', () => {
    expect(statuses(judged('ClbNoPlainHttp', clb([https, { LoadBalancerPort: 5432, InstancePort: 5432, Protocol: 'TCP' }])))).toEqual(['pass']);
    const params = { Parameters: { Port: { Type: 'Number' }, Proto: { Type: 'String' } } };
    expect(statuses(judged('ClbNoPlainHttp', clb([https, { LoadBalancerPort: { Ref: 'Port' }, InstancePort: 80, Protocol: 'TCP' }]), params))).toEqual(['unknown']);
    expect(statuses(judged('ClbNoPlainHttp', clb([https, { LoadBalancerPort: 80, InstancePort: 80, Protocol: { Ref: 'Proto' } }]), params))).toEqual(['unknown']);
  });
});

describe('ElbHttpRedirect: listener rules that serve plain HTTP', () => {
  const base = () => ({
    Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-1', 'subnet-2'] } },
    Http: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: { Ref: 'Alb' }, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] },
    },
  });
  const rule = (actions: any) => ({ Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Http' }, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/*'] }], Actions: actions } });

  test('the redirect alone passes', () => {
    expect(statuses(judged('ElbHttpRedirect', base()))).toEqual(['pass']);
  });
  test('a rule answering with a fixed response serves plain HTTP', () => {
    const f = judged('ElbHttpRedirect', { ...base(), Page: rule([{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/html', MessageBody: '<p>hi</p>' } }]) });
    expect(f.map(([r, s]) => [r, s])).toEqual([['Page', 'fail']]);
  });
  test('rule actions from an open parameter are unknown', () => {
    const f = judged('ElbHttpRedirect', { ...base(), Page: rule({ Ref: 'Actions' }) }, { Parameters: { Actions: { Type: 'String' } } });
    expect(statuses(f)).toEqual(['unknown']);
  });
  test('a listener handed to a nested stack, or exported, may get rules there: unknown', () => {
    const nested = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/child.json', Parameters: { Listener: { Ref: 'Http' } } } };
    expect(judged('ElbHttpRedirect', { ...base(), Child: nested }).map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/passed to Child, which may add listener rules/)]]);
    const exported = judged('ElbHttpRedirect', base(), { Outputs: { L: { Value: { Ref: 'Http' }, Export: { Name: 'http-listener' } } } });
    expect(exported.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/exported as output L/)]]);
  });
});

describe('SecretsNoPlaintext: attributes that are secrets', () => {
  const fn = (value: any) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' }, Environment: { Variables: { PARTNER_KEY: value } } },
  });
  const key = { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'partner' } };
  test.each([
    [{ 'Fn::GetAtt': ['Key', 'SecretAccessKey'] }],
    [{ 'Fn::Sub': 'id=${Key}&secret=${Key.SecretAccessKey}' }],
  ])('%j is the secret itself', (value) => {
    const f = judged('SecretsNoPlaintext', { Key: key, Fn: fn(value) });
    expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/Key\.SecretAccessKey is the secret itself/)]]);
  });
  test('the access key id (Ref) is not a secret', () => {
    expect(statuses(judged('SecretsNoPlaintext', { Key: key, Fn: fn({ Ref: 'Key' }) }))).toEqual(['pass']);
  });
});
