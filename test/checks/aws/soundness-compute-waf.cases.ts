/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes found by probing the compute and WAF rules with templates written the way third parties write
 * them: each case was a PASS; each must now fail or be unknown, and the compliant form next to it must still pass.
 */
import { judged, statuses } from './judged';

const of = (fs: Array<[string, string, string]>, resource: string) => statuses(fs.filter(([r]) => r === resource));

describe('InstanceNoKeyPair: instances from a launch template', () => {
  const inst = (lt: any, own: Record<string, any> = {}) => ({
    Type: 'AWS::EC2::Instance',
    Properties: { LaunchTemplate: lt, MetadataOptions: { HttpTokens: 'required' }, ...own },
  });

  test.each([
    ['an id', { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '3' }, {}],
    ['a parameter', { LaunchTemplateId: { Ref: 'Lt' }, Version: '$Latest' }, { Parameters: { Lt: { Type: 'String' } } }],
  ])('an external launch template (%s) may carry a KeyName: unknown', (_, lt, extra) => {
    const f = judged('InstanceNoKeyPair', { Inst: inst(lt) }, extra);
    expect(statuses(f)).toEqual(['unknown']);
    expect(f[0][2]).toMatch(/launch template .* is outside this template/);
  });

  test('an instance naming its own KeyName is judged on it, whatever its launch template', () => {
    expect(statuses(judged('InstanceNoKeyPair', { Inst: inst({ LaunchTemplateId: 'lt-0123456789abcdef0', Version: '3' }, { KeyName: 'ops' }) }))).toEqual(['fail']);
  });

  test('a launch template of this template is judged for the instance; without a key both pass', () => {
    const lt = (data: Record<string, any>) => ({ Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' }, ...data } } });
    const ref = { LaunchTemplateId: { Ref: 'Lt' }, Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] } };
    expect(of(judged('InstanceNoKeyPair', { Lt: lt({ KeyName: 'ops' }), Inst: inst(ref) }), 'Lt')).toContain('fail');
    expect(statuses(judged('InstanceNoKeyPair', { Lt: lt({}), Inst: inst(ref) }))).toEqual(['pass', 'pass']);
  });

  test('an instance without a launch template or key passes', () => {
    expect(statuses(judged('InstanceNoKeyPair', { Inst: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', InstanceType: 't3.micro' } } }))).toEqual(['pass']);
  });
});

describe('EKS node groups: remote access', () => {
  const ng = (extra: Record<string, any>) => ({
    Type: 'AWS::EKS::Nodegroup',
    Properties: { ClusterName: 'c', NodeRole: 'arn:aws:iam::123456789012:role/n', Subnets: ['subnet-aaaa1111'], ...extra },
  });

  test('RemoteAccess without SourceSecurityGroups opens SSH to the internet and gives the nodes a key pair', () => {
    const nodes = { Ng: ng({ RemoteAccess: { Ec2SshKey: 'ops' } }) };
    const open = judged('NoPublicRemoteAccess', nodes);
    expect(statuses(open)).toEqual(['fail']);
    expect(open[0][2]).toMatch(/0\.0\.0\.0\/0/);
    expect(statuses(judged('InstanceNoKeyPair', nodes))).toEqual(['fail']);
  });

  test('with SourceSecurityGroups the port is not public, but the key pair remains', () => {
    const nodes = { Ng: ng({ RemoteAccess: { Ec2SshKey: 'ops', SourceSecurityGroups: ['sg-0123456789abcdef0'] } }) };
    expect(statuses(judged('NoPublicRemoteAccess', nodes))).toEqual(['pass']);
    expect(statuses(judged('InstanceNoKeyPair', nodes))).toEqual(['fail']);
  });

  test('a node group without remote access passes; one on an external launch template is unknown', () => {
    expect(statuses(judged('InstanceNoKeyPair', { Ng: ng({}) }))).toEqual(['pass']);
    expect(statuses(judged('NoPublicRemoteAccess', { Ng: ng({}) }))).toEqual([]);
    expect(statuses(judged('InstanceNoKeyPair', { Ng: ng({ LaunchTemplate: { Id: 'lt-0123456789abcdef0', Version: '1' } }) }))).toEqual(['unknown']);
  });
});

describe('ComputeTimeSync', () => {
  const al2023 = '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}';
  const inst = (script: string) => ({
    Inst: { Type: 'AWS::EC2::Instance', Properties: { ImageId: al2023, InstanceType: 't3.micro', MetadataOptions: { HttpTokens: 'required' }, UserData: { 'Fn::Base64': `#!/bin/bash\n${script}\n` } } },
  });

  test.each([
    ['systemctl --now disable chronyd'],
    ['timedatectl set-ntp false'],
    ['service chronyd stop'],
    ['chkconfig chronyd off'],
    ['sudo systemctl -q mask --now systemd-timesyncd.service'],
    ['service ntpd stop'],
    ['chkconfig --level 345 ntpd off'],
    ['yum install -y jq && systemctl stop chronyd'],
    ['dnf -y remove chrony'],
    ['systemctl disable --now chronyd'],
  ])('user data running `%s` stops the clock sync', (script) => {
    expect(statuses(judged('ComputeTimeSync', inst(script)))).toEqual(['fail']);
  });

  test.each([['systemctl enable --now chronyd'], ['service chronyd restart'], ['timedatectl set-ntp true'], ['yum install -y chrony']])('user data running `%s` keeps the Amazon Linux default', (script) => {
    expect(statuses(judged('ComputeTimeSync', inst(script)))).toEqual(['pass']);
  });

  const task = (compat: string[]) => ({
    Type: 'AWS::ECS::TaskDefinition',
    Properties: { RequiresCompatibilities: compat, NetworkMode: 'awsvpc', Cpu: '256', Memory: '512', ContainerDefinitions: [{ Name: 'app', Image: 'nginx', User: '1000' }] },
  });
  const svc = (launch: Record<string, any>) => ({
    Type: 'AWS::ECS::Service',
    Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Task' }, DesiredCount: 1, ...launch },
  });
  const tasks = (compat: string[], launch?: Record<string, any>, cluster: Record<string, any> = {}) => ({
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: cluster },
    Task: task(compat),
    ...(launch ? { Svc: svc(launch) } : {}),
  });
  const taskVerdict = (fs: Array<[string, string, string]>) => of(fs, 'Task');

  test.each([
    ['LaunchType EC2', { LaunchType: 'EC2' }, {}],
    ['an ASG capacity provider', { CapacityProviderStrategy: [{ CapacityProvider: 'AsgProvider', Weight: 1 }] }, {}],
    ['the EC2 default (no launch type, no default strategy)', {}, {}],
    ['a cluster default strategy on instances', {}, { DefaultCapacityProviderStrategy: [{ CapacityProvider: 'AsgProvider', Weight: 1 }] }],
  ])('a task definition for EC2 and FARGATE run with %s is not passed as Fargate', (_, launch, cluster) => {
    expect(taskVerdict(judged('ComputeTimeSync', tasks(['EC2', 'FARGATE'], launch, cluster)))).not.toContain('pass');
  });

  test('a task definition for EC2 and FARGATE with no runner in the template is unknown', () => {
    const f = judged('ComputeTimeSync', tasks(['EC2', 'FARGATE']));
    expect(taskVerdict(f)).toEqual(['unknown']);
    expect(f[0][2]).toMatch(/nothing in this template runs it/);
  });

  test.each([
    ['Fargate only, no runner', ['FARGATE'], undefined, {}],
    ['EC2 and FARGATE run with LaunchType FARGATE', ['EC2', 'FARGATE'], { LaunchType: 'FARGATE' }, {}],
    ['EC2 and FARGATE run with a FARGATE_SPOT strategy', ['EC2', 'FARGATE'], { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] }, {}],
    ['EC2 and FARGATE on a Fargate cluster default', ['EC2', 'FARGATE'], {}, { CapacityProviders: ['FARGATE'], DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }] }],
  ])('%s passes', (_, compat, launch, cluster) => {
    expect(taskVerdict(judged('ComputeTimeSync', tasks(compat, launch, cluster)))).toEqual(['pass']);
  });
});

describe('EcsContainerNonRootUser: spellings of root', () => {
  const td = (user: string) => ({
    Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['FARGATE'], ContainerDefinitions: [{ Name: 'a', Image: 'nginx', User: user }] } },
  });
  test.each([['0000'], ['0:0'], ['root:root'], [':1000'], ['ROOT'], [' 0 '], ['00:1000']])('User %j runs as root', (user) => {
    expect(statuses(judged('EcsContainerNonRootUser', td(user)))).toEqual(['fail']);
  });
  test.each([['1000'], ['1000:1000'], ['app'], ['app:app'], ['10'], ['100:0']])('User %j passes', (user) => {
    expect(statuses(judged('EcsContainerNonRootUser', td(user)))).toEqual(['pass']);
  });
});

describe('WAF: rules that do not see every request', () => {
  const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });
  const GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];
  const LOGIN = { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/login', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } };
  const EVERY = { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } };
  const managed = (scope?: any) => GROUPS.map((g, i) => ({
    Name: g, Priority: 10 + i, OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: g, ...(scope ? { ScopeDownStatement: scope } : {}) } },
    VisibilityConfig: vis(g),
  }));
  const rate = (scope?: any) => ({
    Name: 'rate', Priority: 1, Action: { Block: {} },
    Statement: { RateBasedStatement: { Limit: 100, EvaluationWindowSec: 60, AggregateKeyType: 'IP', ...(scope ? { ScopeDownStatement: scope } : {}) } },
    VisibilityConfig: vis('rate'),
  });
  const allow = (statement: any) => ({ Name: 'allow-first', Priority: 0, Action: { Allow: {} }, Statement: statement, VisibilityConfig: vis('allow') });
  const alb = (rules: any[], more: Record<string, any> = {}) => ({
    Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-aaaa1111', 'subnet-bbbb2222'] } },
    Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('Acl'), Rules: rules } },
    Assoc: { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { Ref: 'Alb' }, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } } },
    ...more,
  });
  const both = (template: Record<string, any>) => [statuses(judged('WafWebAcl', template)), statuses(judged('WafRateLimit', template))];

  test('the compliant web ACL passes both rules', () => {
    expect(both(alb([...managed(), rate()]))).toEqual([['pass'], ['pass']]);
  });

  test('an Allow rule matching every request, ordered first, fails both', () => {
    const f = judged('WafWebAcl', alb([...managed(), rate(), allow(EVERY)]));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/allow-first \(priority 0\) allows every request/);
    expect(statuses(judged('WafRateLimit', alb([...managed(), rate(), allow(EVERY)])))).toEqual(['fail']);
  });

  test('an Allow rule first whose statement may match every request is unknown for both', () => {
    const geo = { GeoMatchStatement: { CountryCodes: ['US', 'DE'] } };
    const f = judged('WafWebAcl', alb([...managed(), rate(), allow(geo)]));
    expect(statuses(f)).toEqual(['unknown']);
    expect(f[0][2]).toMatch(/allow-first \(priority 0\) allows the requests its statement matches/);
    expect(statuses(judged('WafRateLimit', alb([...managed(), rate(), allow(geo)])))).toEqual(['unknown']);
  });

  test('a narrow Allow first (one exact path, a small IP allow-list) and an Allow after the rules still pass', () => {
    const health = { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'EXACTLY', SearchString: '/health', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } };
    expect(both(alb([...managed(), rate(), allow(health)]))).toEqual([['pass'], ['pass']]);
    const ipSet = { Office: { Type: 'AWS::WAFv2::IPSet', Properties: { Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['203.0.113.0/24'] } } };
    expect(both(alb([...managed(), rate(), allow({ IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': ['Office', 'Arn'] } } })], ipSet))).toEqual([['pass'], ['pass']]);
    expect(both(alb([...managed(), rate(), { ...allow(EVERY), Priority: 50 }]))).toEqual([['pass'], ['pass']]);
  });

  test('an IP set allowing 0.0.0.0/1 first is not narrow', () => {
    const ipSet = { Wide: { Type: 'AWS::WAFv2::IPSet', Properties: { Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['0.0.0.0/1', '128.0.0.0/1'] } } };
    expect(both(alb([...managed(), rate(), allow({ IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': ['Wide', 'Arn'] } } })], ipSet))).toEqual([['unknown'], ['unknown']]);
  });

  test('a rate rule scoped down to /login does not limit every request', () => {
    const f = judged('WafRateLimit', alb([...managed(), rate(LOGIN)]));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/ScopeDownStatement/);
  });

  test('managed groups scoped down to /admin do not inspect every request', () => {
    const f = judged('WafWebAcl', alb([...managed(LOGIN), rate()]));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/inspects only the requests its ScopeDownStatement matches/);
  });

  test('a scope-down that matches every request is no limit', () => {
    expect(both(alb([...managed(EVERY), rate(EVERY)]))).toEqual([['pass'], ['pass']]);
  });
});
