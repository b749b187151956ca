/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { AlbAccessLogs } from '../../../lib/checks/aws/edge/alb-access-logs';
import { EdgeDnsAlias } from '../../../lib/checks/aws/edge/edge-dns-alias';
import { HeadersHsts } from '../../../lib/checks/aws/edge/headers-hsts';
import { ServiceBehindProxy } from '../../../lib/checks/aws/edge/service-behind-proxy';
import { WafRateLimit } from '../../../lib/checks/aws/edge/waf-rate-limit';
import { WafWebAcl } from '../../../lib/checks/aws/edge/waf-web-acl';
import { weakCsp } from '../../../lib/checklist/policy/csp';
import { isApiGatewayTls12Policy, isElbTls12Policy } from '../../../lib/checklist/policy/tls';
import { ApiGatewayAccessLogs } from '../../../lib/checks/aws/edge/apigateway-access-logs';
import { ApiGatewayAuthorization } from '../../../lib/checks/aws/edge/apigateway-authorization';
import { ApiGatewayDomainTls } from '../../../lib/checks/aws/edge/apigateway-domain-tls';
import { ApiGatewayThrottling } from '../../../lib/checks/aws/edge/apigateway-throttling';
import { ClbHttpsListener } from '../../../lib/checks/aws/edge/clb-https-listener';
import { ElbDeletionProtection } from '../../../lib/checks/aws/edge/elb-deletion-protection';
import { ElbHttpsListener } from '../../../lib/checks/aws/edge/elb-https-listener';
import { NlbAccessLogs } from '../../../lib/checks/aws/edge/nlb-access-logs';
import { S3BucketTlsOnly } from '../../../lib/checks/aws/storage/s3-bucket-tls-only';
import { MultiAz } from '../../../lib/checks/aws/network/multi-az';
import { SecurityGroupRestrictedIngress } from '../../../lib/checks/aws/network/restricted-ingress';
import { AwsRule, Verdict } from '../../../lib/checks/rule';
import { TemplateIndex } from '../../../lib/checks/template-index';
import { applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();

function run(rule: AwsRule, template: any, logicalId: string, thresholds = Thresholds.DEFAULTS): Verdict[] {
  const index = new TemplateIndex(template, 'test.json', 'Test');
  const res = index.get(logicalId);
  if (!res) throw new Error(`no ${logicalId}`);
  const out = rule.check(res, { index, thresholds });
  return out === undefined ? [] : Array.isArray(out) ? out : [out];
}
const statuses = (vs: Verdict[]) => vs.map((v) => v.status);

describe('ELB security policies', () => {
  test.each([
    ['ELBSecurityPolicy-TLS13-1-2-2021-06', true],
    ['ELBSecurityPolicy-TLS13-1-3-2021-06', true],
    ['ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09', true],
    ['ELBSecurityPolicy-FS-1-2-Res-2020-10', true],
    ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', true],
    ['ELBSecurityPolicy-2016-08', false],
    ['ELBSecurityPolicy-TLS13-1-1-2021-06', false],
    ['ELBSecurityPolicy-TLS13-1-0-PQ-2025-09', false],
    ['ELBSecurityPolicy-FS-1-1-2019-08', false],
    ['ELBSecurityPolicy-TLS-1-1-2017-01', false],
  ])('%s → %s', (name, ok) => expect(isElbTls12Policy(name)).toBe(ok));
});

describe('ServiceBehindProxy on ECS', () => {
  const ecs = bases.get('ecs-service');
  const noLb = { op: 'delete' as const, path: ['Resources', 'Service', 'Properties', 'LoadBalancers'] };
  test('a load-balanced service passes', () => {
    expect(statuses(run(ServiceBehindProxy, ecs, 'Service'))).toEqual(['pass']);
  });
  test('ports without a load balancer fail', () => {
    expect(statuses(run(ServiceBehindProxy, applyPatch(ecs, [noLb]), 'Service'))).toEqual(['fail']);
  });
  test('a worker without ports passes', () => {
    const t = applyPatch(ecs, [noLb]);
    for (const c of t.Resources.Task.Properties.ContainerDefinitions) delete c.PortMappings;
    expect(statuses(run(ServiceBehindProxy, t, 'Service'))).toEqual(['pass']);
  });
  test('Service Connect counts as an internal front door', () => {
    const t = applyPatch(ecs, [noLb, { op: 'set', path: ['Resources', 'Service', 'Properties', 'ServiceConnectConfiguration'], value: { Enabled: true } }]);
    expect(statuses(run(ServiceBehindProxy, t, 'Service'))).toEqual(['pass']);
  });
  test('public IPs fail even behind a load balancer', () => {
    const t = applyPatch(ecs, [{ op: 'set', path: ['Resources', 'Service', 'Properties', 'NetworkConfiguration', 'AwsvpcConfiguration', 'AssignPublicIp'], value: 'ENABLED' }]);
    expect(statuses(run(ServiceBehindProxy, t, 'Service'))).toEqual(['fail']);
  });
  test('an IAM-authenticated function URL passes', () => {
    const t = applyPatch(bases.get('lambda-canary'), [{ op: 'set', path: ['Resources', 'Url'], value: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { Ref: 'Live' } } } }]);
    expect(statuses(run(ServiceBehindProxy, t, 'Url'))).toEqual(['pass']);
  });
});

describe('WafRateLimit arithmetic', () => {
  const alb = bases.get('edge-alb');
  const rate = (limit: number, window?: number) => applyPatch(alb, [
    { op: 'set', path: ['Resources', 'WebAcl', 'Properties', 'Rules', 3, 'Statement', 'RateBasedStatement'], value: { AggregateKeyType: 'IP', Limit: limit, ...(window ? { EvaluationWindowSec: window } : {}) } },
  ]);
  test('500 per default 300 s window = 100/min passes', () => expect(statuses(run(WafRateLimit, rate(500), 'Alb'))).toEqual(['pass']));
  test('501 per 300 s fails', () => expect(statuses(run(WafRateLimit, rate(501), 'Alb'))).toEqual(['fail']));
  test('200 per 120 s = 100/min passes', () => expect(statuses(run(WafRateLimit, rate(200, 120), 'Alb'))).toEqual(['pass']));
  test('a tightened threshold is honoured', () => {
    expect(statuses(run(WafRateLimit, rate(100, 60), 'Alb', Thresholds.of({ rateLimitPerMinute: 50 })))).toEqual(['fail']);
  });
});

describe('HeadersHsts parsing', () => {
  const alb = bases.get('edge-alb');
  const hsts = (v: string) => applyPatch(alb, [{ op: 'set', path: ['Resources', 'AlbHttps', 'Properties', 'ListenerAttributes', 0, 'Value'], value: v }]);
  test.each([
    ['max-age=31536000; includeSubDomains', 'pass'],
    ['max-age=63072000;includesubdomains;preload', 'pass'],
    ['includeSubDomains; max-age=31536000', 'pass'],
    ['max-age=31535999; includeSubDomains', 'fail'],
    ['max-age=31536000; includeSubDomainsX', 'fail'],
    ['includeSubDomains', 'fail'],
  ])('%s → %s', (v, expected) => expect(statuses(run(HeadersHsts, hsts(v), 'AlbHttps'))).toEqual([expected]));
  test('a tightened max-age is honoured', () => {
    expect(statuses(run(HeadersHsts, alb, 'AlbHttps', Thresholds.of({ hstsMaxAgeSeconds: 63072000 })))).toEqual(['fail']);
  });
  test('a listener of an ALB fronted by CloudFront is left to the distribution', () => {
    const t = applyPatch(alb, [{ op: 'set', path: ['Resources', 'Cdn'], value: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: {
      Enabled: true, Origins: [{ Id: 'alb', DomainName: { 'Fn::GetAtt': ['Alb', 'DNSName'] }, CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }],
      DefaultCacheBehavior: { TargetOriginId: 'alb', ViewerProtocolPolicy: 'https-only', CachePolicyId: 'x', Compress: true } } } } }]);
    expect(run(HeadersHsts, t, 'AlbHttps')).toEqual([]);
    expect(statuses(run(EdgeDnsAlias, t, 'Alb'))).toEqual(['pass']);
  });
});

describe('MultiAz zones', () => {
  const alb = bases.get('edge-alb');
  test('Fn::Select over Fn::GetAZs at distinct indexes are distinct zones', () => {
    const t = JSON.parse(JSON.stringify(alb));
    [1, 2, 3].forEach((n, i) => { t.Resources[`VpcPublicSubnet${n}Subnet`].Properties.AvailabilityZone = { 'Fn::Select': [i, { 'Fn::GetAZs': '' }] }; });
    expect(statuses(run(MultiAz, t, 'Alb'))).toEqual(['pass']);
  });
  test('the same GetAZs index twice is one zone', () => {
    const t = JSON.parse(JSON.stringify(alb));
    [1, 2, 3].forEach((n) => { t.Resources[`VpcPublicSubnet${n}Subnet`].Properties.AvailabilityZone = { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }; });
    expect(statuses(run(MultiAz, t, 'Alb'))).toEqual(['fail']);
  });
  test('a load balancer in literal subnets counts one zone per subnet', () => {
    const t = applyPatch(alb, [{ op: 'set', path: ['Resources', 'Alb', 'Properties', 'Subnets'], value: ['subnet-1', 'subnet-2'] }]);
    expect(statuses(run(MultiAz, t, 'Alb'))).toEqual(['pass']);
  });
  test('an ECS service in literal subnets is unknown', () => {
    const t = applyPatch(bases.get('ecs-service'), [{ op: 'set', path: ['Resources', 'Service', 'Properties', 'NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets'], value: ['subnet-1', 'subnet-2'] }]);
    expect(statuses(run(MultiAz, t, 'Service'))).toEqual(['unknown']);
  });
});

describe('SecurityGroupRestrictedIngress', () => {
  test('world-open 443 on a group not in the template is unknown', () => {
    const t = applyPatch(bases.get('edge-alb'), [{ op: 'set', path: ['Resources', 'Ingress'], value: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: {
      GroupId: 'sg-0123456789abcdef0', CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 } } }]);
    expect(statuses(run(SecurityGroupRestrictedIngress, t, 'Ingress'))).toEqual(['unknown']);
  });
  test('a port range 80-443 is not a web port', () => {
    const t = applyPatch(bases.get('edge-alb'), [{ op: 'set', path: ['Resources', 'AlbSecurityGroup', 'Properties', 'SecurityGroupIngress', 0, 'ToPort'], value: 8443 }]);
    expect(statuses(run(SecurityGroupRestrictedIngress, t, 'AlbSecurityGroup'))).toEqual(['fail']);
  });
});

describe('WafRateLimit: the application-level alternative', () => {
  const ecs = bases.get('ecs-service');
  const withEnv = (vars: Record<string, string>) => {
    const t = applyPatch(ecs, [{ op: 'delete', path: ['Resources', 'WebAcl', 'Properties', 'Rules', 3] }]);
    for (const c of t.Resources.Task.Properties.ContainerDefinitions) {
      c.Environment = [...(c.Environment ?? []), ...Object.entries(vars).map(([Name, Value]) => ({ Name, Value }))];
    }
    return t;
  };
  test('no rate rule and no app settings fails', () => {
    expect(statuses(run(WafRateLimit, withEnv({}), 'Alb'))).toEqual(['fail']);
  });
  test('RATE_LIMIT_ENABLED=true and RATE_LIMIT_PER_MINUTE=100 on every container passes', () => {
    expect(statuses(run(WafRateLimit, withEnv({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '100' }), 'Alb'))).toEqual(['pass']);
  });
  test('a looser application limit does not count', () => {
    expect(statuses(run(WafRateLimit, withEnv({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '1000' }), 'Alb'))).toEqual(['fail']);
  });
  test('a disabled application limit does not count', () => {
    expect(statuses(run(WafRateLimit, withEnv({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '100' }), 'Alb'))).toEqual(['fail']);
  });
});

describe('AlbAccessLogs bucket checks (these also violate BACKUP-BUCKET-*, so they are not violation fixtures)', () => {
  const alb = bases.get('edge-alb');
  test('a log bucket accepting plain HTTP fails', () => {
    const t = applyPatch(alb, [{ op: 'delete', path: ['Resources', 'AccessLogsPolicy', 'Properties', 'PolicyDocument', 'Statement', 0] }]);
    const v = run(AlbAccessLogs, t, 'Alb');
    expect(statuses(v)).toEqual(['fail']);
    expect(v[0].message).toMatch(/SecureTransport/);
  });
  test('a log bucket without lifecycle fails', () => {
    const t = applyPatch(alb, [{ op: 'delete', path: ['Resources', 'AccessLogs', 'Properties', 'LifecycleConfiguration'] }]);
    expect(statuses(run(AlbAccessLogs, t, 'Alb'))).toEqual(['fail']);
  });
  test('a log bucket named literally passes on the attribute', () => {
    const t = applyPatch(alb, [{ op: 'set', path: ['Resources', 'Alb', 'Properties', 'LoadBalancerAttributes', 4, 'Value'], value: 'central-elb-logs' }]);
    const v = run(AlbAccessLogs, t, 'Alb');
    expect(statuses(v)).toEqual(['pass']);
    expect(v[0].message).toMatch(/not in this template/);
  });
});

describe('Content-Security-Policy strength', () => {
  test.each([
    ["default-src 'self'; frame-ancestors 'none'", true],
    ["default-src 'none'; script-src 'self' https://cdn.example.com", true],
    ["default-src 'self'; script-src 'self' 'unsafe-inline' 'nonce-r4nd0m'", true],
    ["default-src 'self'; style-src 'self' 'unsafe-inline'", true],
    ['default-src *', false],
    ["default-src 'self'; script-src https:", false],
    ["default-src 'self'; script-src 'self' 'unsafe-inline'", false],
    ["default-src 'self' 'unsafe-inline'", false],
    ["frame-ancestors 'none'", false],
    ['', false],
  ])('%s → strong %s', (csp, strong) => expect(weakCsp(csp) === undefined).toBe(strong));
});

describe('API Gateway security policies', () => {
  test.each([
    ['TLS_1_2', true],
    ['SecurityPolicy_TLS13_1_3_2025_09', true],
    ['SecurityPolicy_TLS13_1_2_PQ_2025_09', true],
    ['SecurityPolicy_TLS13_2025_EDGE', true],
    ['SecurityPolicy_TLS12_PFS_2025_EDGE', true],
    ['TLS_1_0', false],
    ['tls_1_2', false],
  ])('%s → %s', (name, ok) => expect(isApiGatewayTls12Policy(name)).toBe(ok));
});

describe('TLS-only bucket policies cover the whole bucket', () => {
  const api = bases.get('edge-api');
  const withResource = (resource: any, extra: any[] = []) => applyPatch(api, [
    { op: 'set', path: ['Resources', 'LogArchivePolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'], value: resource }, ...extra,
  ]);
  test.each([
    ['Sub of the bucket name with the partition', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${LogArchive}' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${LogArchive}/*' }], 'pass'],
    ['one wildcard over bucket and objects', { 'Fn::Sub': '${LogArchive.Arn}*' }, 'pass'],
    ['every resource', '*', 'pass'],
    ['the bucket only', { 'Fn::GetAtt': ['LogArchive', 'Arn'] }, 'fail'],
    ['a Ref (the bucket name is not an ARN)', [{ Ref: 'LogArchive' }, { 'Fn::Sub': '${LogArchive.Arn}/*' }], 'fail'],
  ])('%s → %s', (_name, resource, expected) => expect(statuses(run(S3BucketTlsOnly, withResource(resource), 'LogArchive'))).toEqual([expected]));
  test('literal ARNs count when the bucket name is literal', () => {
    const t = withResource(['arn:aws:s3:::archive-1', 'arn:aws:s3:::archive-1/*'], [{ op: 'set', path: ['Resources', 'LogArchive', 'Properties', 'BucketName'], value: 'archive-1' }]);
    expect(statuses(run(S3BucketTlsOnly, t, 'LogArchive'))).toEqual(['pass']);
  });
  test('a Deny for one principal only does not count', () => {
    const t = withResource([{ 'Fn::GetAtt': ['LogArchive', 'Arn'] }, { 'Fn::Sub': '${LogArchive.Arn}/*' }],
      [{ op: 'set', path: ['Resources', 'LogArchivePolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Principal'], value: { AWS: 'arn:aws:iam::111111111111:role/app' } }]);
    expect(statuses(run(S3BucketTlsOnly, t, 'LogArchive'))).toEqual(['fail']);
  });
  test('a resource list decided at deploy time is unknown', () => {
    const t = applyPatch(withResource({ Ref: 'Resources' }), [{ op: 'set', path: ['Parameters', 'Resources'], value: { Type: 'CommaDelimitedList' } }]);
    expect(statuses(run(S3BucketTlsOnly, t, 'LogArchive'))).toEqual(['unknown']);
  });
});

describe('Classic Load Balancer negotiation policies', () => {
  const lb = bases.get('edge-lb');
  const clb = ['Resources', 'Clb', 'Properties'];
  test('a predefined policy named directly on the listener', () => {
    const t = applyPatch(lb, [{ op: 'delete', path: [...clb, 'Policies'] }, { op: 'set', path: [...clb, 'Listeners', 0, 'PolicyNames'], value: ['ELBSecurityPolicy-TLS-1-2-2017-01'] }]);
    expect(statuses(run(ClbHttpsListener, t, 'Clb'))).toEqual(['pass']);
  });
  test('a policy attached by load balancer port', () => {
    const t = applyPatch(lb, [{ op: 'delete', path: [...clb, 'Listeners', 0, 'PolicyNames'] }, { op: 'set', path: [...clb, 'Policies', 0, 'LoadBalancerPorts'], value: ['443'] }]);
    expect(statuses(run(ClbHttpsListener, t, 'Clb'))).toEqual(['pass']);
  });
  test('a custom policy allowing TLS 1.2 only', () => {
    const t = applyPatch(lb, [{ op: 'set', path: [...clb, 'Policies', 0, 'Attributes'], value: [{ Name: 'Protocol-TLSv1.2', Value: 'true' }, { Name: 'Protocol-TLSv1', Value: 'false' }] }]);
    expect(statuses(run(ClbHttpsListener, t, 'Clb'))).toEqual(['pass']);
  });
  test('an SSL listener without a certificate fails', () => {
    const t = applyPatch(lb, [{ op: 'set', path: [...clb, 'Listeners', 0, 'Protocol'], value: 'SSL' }, { op: 'delete', path: [...clb, 'Listeners', 0, 'SSLCertificateId'] }]);
    expect(statuses(run(ClbHttpsListener, t, 'Clb'))).toEqual(['fail']);
  });
});

describe('network load balancers', () => {
  const lb = bases.get('edge-lb');
  test('a UDP-only network load balancer has no HTTPS item to judge', () => {
    const t = applyPatch(lb, [{ op: 'set', path: ['Resources', 'NlbTls', 'Properties', 'Protocol'], value: 'UDP' }]);
    expect(run(ElbHttpsListener, t, 'Nlb')).toEqual([]);
    expect(run(NlbAccessLogs, t, 'Nlb')).toEqual([]);
  });
  test('an attribute list with a conditional entry keeps the other keys (no condition world: that entry is undecided)', () => {
    const t = applyPatch(lb, [
      { op: 'set', path: ['Conditions', 'IsProd'], value: { 'Fn::Equals': ['a', 'a'] } },
      { op: 'push', path: ['Resources', 'Nlb', 'Properties', 'LoadBalancerAttributes'], value: { 'Fn::If': ['IsProd', { Key: 'dns_record.client_routing_policy', Value: 'any_availability_zone' }, { Ref: 'AWS::NoValue' }] } },
    ]);
    expect(statuses(run(NlbAccessLogs, t, 'Nlb'))).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(statuses(run(ElbDeletionProtection, t, 'Nlb'))).toEqual(['pass']);
  });
});

describe('API Gateway details', () => {
  const api = bases.get('edge-api');
  const stage = ['Resources', 'ApiDeploymentStageprod', 'Properties'];
  test('a WAF association naming the stage by its literal name counts', () => {
    const t = applyPatch(api, [{ op: 'set', path: ['Resources', 'WebAclAssociation', 'Properties', 'ResourceArn'], value: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod' } }]);
    expect(statuses(run(WafWebAcl, t, 'ApiDeploymentStageprod'))).toEqual(['pass']);
  });
  test('a WAF association to another stage does not count', () => {
    const t = applyPatch(api, [{ op: 'set', path: ['Resources', 'WebAclAssociation', 'Properties', 'ResourceArn'], value: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/test' } }]);
    expect(statuses(run(WafWebAcl, t, 'ApiDeploymentStageprod'))).toEqual(['fail']);
  });
  test('a private API needs no WAF and no default-endpoint policy', () => {
    const t = applyPatch(api, [{ op: 'set', path: ['Resources', 'Api', 'Properties', 'EndpointConfiguration'], value: { Types: ['PRIVATE'] } }, { op: 'delete', path: ['Resources', 'Api', 'Properties', 'DisableExecuteApiEndpoint'] }]);
    expect(run(WafWebAcl, t, 'ApiDeploymentStageprod')).toEqual([]);
    expect(run(ApiGatewayDomainTls, t, 'Api')).toEqual([]);
  });
  const noStageThrottle = [
    { op: 'delete' as const, path: [...stage, 'MethodSettings', 0, 'ThrottlingRateLimit'] },
    { op: 'delete' as const, path: ['Resources', 'WebAclAssociation'] },
  ];
  const plan = { op: 'set' as const, path: ['Resources', 'Plan'], value: { Type: 'AWS::ApiGateway::UsagePlan', Properties: {
    ApiStages: [{ ApiId: { Ref: 'Api' }, Stage: { Ref: 'ApiDeploymentStageprod' } }], Throttle: { RateLimit: 10, BurstLimit: 20 } } } };
  test('a usage plan counts when every method requires an API key', () => {
    const t = applyPatch(api, [...noStageThrottle, plan, { op: 'set', path: ['Resources', 'ApiordersGET', 'Properties', 'ApiKeyRequired'], value: true }]);
    expect(statuses(run(ApiGatewayThrottling, t, 'ApiDeploymentStageprod'))).toEqual(['pass']);
  });
  test('a usage plan does not throttle methods that take no API key', () => {
    const t = applyPatch(api, [...noStageThrottle, plan]);
    const v = run(ApiGatewayThrottling, t, 'ApiDeploymentStageprod');
    expect(statuses(v)).toEqual(['fail']);
    expect(v[0].message).toMatch(/ApiordersGET require no key/);
  });
  test('a WAF rate-based rule on the stage counts', () => {
    const t = applyPatch(api, [noStageThrottle[0]]);
    expect(run(ApiGatewayThrottling, t, 'ApiDeploymentStageprod')[0].message).toMatch(/RateLimitPerIp/);
  });
  test('a deployment that creates its stage is judged through StageDescription', () => {
    const t = applyPatch(api, [{ op: 'set', path: ['Resources', 'Dep2'], value: { Type: 'AWS::ApiGateway::Deployment', Properties: {
      RestApiId: { Ref: 'Api' }, StageName: 'v2', StageDescription: { ThrottlingRateLimit: 50, AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': ['ApiAccessLogs', 'Arn'] }, Format: '$context.requestId $context.status' } } } } }]);
    expect(statuses(run(ApiGatewayThrottling, t, 'Dep2'))).toEqual(['pass']);
    expect(statuses(run(ApiGatewayAccessLogs, t, 'Dep2'))).toEqual(['pass']);
    expect(statuses(run(WafWebAcl, t, 'Dep2'))).toEqual(['fail']);
    expect(run(ApiGatewayAccessLogs, api, 'ApiDeploymentB17BE62D4460fe8b02f4c80ea9c2055b5c4010ce')).toEqual([]);
  });
  test('WebSocket APIs authorize $connect only', () => {
    const t = applyPatch(api, [
      { op: 'set', path: ['Resources', 'Ws'], value: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } } },
      { op: 'set', path: ['Resources', 'WsConnect'], value: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Ws' }, RouteKey: '$connect', AuthorizationType: 'NONE' } } },
      { op: 'set', path: ['Resources', 'WsSend'], value: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Ws' }, RouteKey: 'send', AuthorizationType: 'NONE' } } },
    ]);
    expect(statuses(run(ApiGatewayAuthorization, t, 'WsConnect'))).toEqual(['fail']);
    expect(run(ApiGatewayAuthorization, t, 'WsSend')).toEqual([]);
  });
  test('an HTTP API domain without a policy passes only when it serves HTTP/WebSocket APIs', () => {
    const noPolicy = { op: 'delete' as const, path: ['Resources', 'HttpDomain', 'Properties', 'DomainNameConfigurations', 0, 'SecurityPolicy'] };
    expect(statuses(run(ApiGatewayDomainTls, applyPatch(api, [noPolicy]), 'HttpDomain'))).toEqual(['pass']);
    const rest = applyPatch(api, [noPolicy, { op: 'set', path: ['Resources', 'RestOnV2'], value: { Type: 'AWS::ApiGateway::BasePathMapping', Properties: { DomainName: { Ref: 'HttpDomain' }, RestApiId: { Ref: 'Api' } } } }]);
    expect(statuses(run(ApiGatewayDomainTls, rest, 'HttpDomain'))).toEqual(['unknown']);
  });
});
