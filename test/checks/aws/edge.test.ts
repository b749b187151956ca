/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { isTls12PlusPolicy } from '../../../lib/checks/aws/edge/elb-https-listener';
import { AlbAccessLogs } from '../../../lib/checks/aws/edge/alb-access-logs';
import { EdgeDnsAlias } from '../../../lib/checks/aws/edge/edge-dns-alias';
import { HeadersHsts } from '../../../lib/checks/aws/edge/headers-hsts';
import { ServiceBehindProxy } from '../../../lib/checks/aws/edge/service-behind-proxy';
import { WafRateLimit } from '../../../lib/checks/aws/edge/waf-rate-limit';
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
  ])('%s → %s', (name, ok) => expect(isTls12PlusPolicy(name)).toBe(ok));
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
