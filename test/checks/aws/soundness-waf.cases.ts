/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes of the WAF rules (WAF-WEB-ACL, WAF-RATE-LIMIT), probed with web ACLs written the way third parties
 * write them: a rate-based rule that counts per an address the client writes itself (a forwarded-IP header, custom
 * keys the client varies), and managed or referenced rule groups whose rules are overridden to Allow ahead of the
 * rules that must see every request. Each case was a PASS; each must now fail or be unknown, and the compliant form
 * next to it must still pass.
 */
import { judged, statuses } from './judged';

const of = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource);

const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });
const GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];
const EVERY = { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } };

/** The three required managed groups at priorities 10, 11, 12, as AWS wrote them unless `own` changes one (`group` goes into its statement). */
const managed = (own: Record<string, Record<string, any>> = {}) => GROUPS.map((g, i) => {
  const { group, ...rule } = own[g] ?? {};
  return {
    Name: g, Priority: 10 + i, OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: g, ...(group ?? {}) } },
    VisibilityConfig: vis(g),
    ...rule,
  };
});

/** A rate rule at priority 5 blocking above 100 requests per minute, with `stmt` merged into its RateBasedStatement. */
const rate = (stmt: Record<string, any> = {}) => ({
  Name: 'rate', Priority: 5, Action: { Block: {} },
  Statement: { RateBasedStatement: { Limit: 100, EvaluationWindowSec: 60, AggregateKeyType: 'IP', ...stmt } },
  VisibilityConfig: vis('rate'),
});
const XFF = (fallback = 'MATCH', header = 'X-Forwarded-For') => ({ ForwardedIPConfig: { HeaderName: header, FallbackBehavior: fallback } });

const acl = (rules: any[], scope = 'REGIONAL', defaultAction: any = { Allow: {} }) => ({
  Type: 'AWS::WAFv2::WebACL', Properties: { Scope: scope, DefaultAction: defaultAction, VisibilityConfig: vis('Acl'), Rules: rules },
});

/** An internet-facing ALB whose security group is open to the internet on 443 (or `groups` instead), with its web ACL. */
function alb(rules: any[], opts: { groups?: any[]; more?: Record<string, any>; defaultAction?: any } = {}) {
  return {
    AlbSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'alb', VpcId: 'vpc-0123456789abcdef0', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] },
    },
    Alb: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Scheme: 'internet-facing', Subnets: ['subnet-aaaa1111', 'subnet-bbbb2222'], SecurityGroups: opts.groups ?? [{ 'Fn::GetAtt': ['AlbSg', 'GroupId'] }] },
    },
    Acl: acl(rules, 'REGIONAL', opts.defaultAction),
    Assoc: { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { Ref: 'Alb' }, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } } },
    ...(opts.more ?? {}),
  };
}

/** A CloudFront distribution with a CLOUDFRONT-scope web ACL. */
function distribution(rules: any[]) {
  return {
    Acl: acl(rules, 'CLOUDFRONT'),
    Dist: {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          Enabled: true,
          WebACLId: { 'Fn::GetAtt': ['Acl', 'Arn'] },
          Origins: [{ Id: 'o', DomainName: 'origin.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }],
          DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
        },
      },
    },
  };
}

/** A public REST API stage with no throttle of its own, protected by a regional web ACL. */
function restStage(rules: any[], api: Record<string, any> = {}) {
  return {
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api', ...api } },
    Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' } } },
    Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Get'], Properties: { RestApiId: { Ref: 'Api' } } },
    Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Deployment' }, StageName: 'prod' } },
    Acl: acl(rules),
    Assoc: {
      Type: 'AWS::WAFv2::WebACLAssociation',
      Properties: { ResourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}' }, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } },
    },
  };
}

const rateOn = (template: Record<string, any>, resource: string) => of(judged('WafRateLimit', template), resource);

describe('WafRateLimit: a rate rule keyed on a forwarded-IP header', () => {
  test('the per-IP rate rule passes on an ALB, a distribution and a REST stage (compliant form)', () => {
    expect(statuses(rateOn(alb([...managed(), rate()]), 'Alb'))).toEqual(['pass']);
    expect(statuses(rateOn(distribution([...managed(), rate()]), 'Dist'))).toEqual(['pass']);
    expect(statuses(of(judged('ApiGatewayThrottling', restStage([...managed(), rate()])), 'Stage'))).toEqual(['pass']);
  });

  test.each([['MATCH'], ['NO_MATCH']])('FORWARDED_IP on X-Forwarded-For (fallback %s) on an ALB open to the internet fails: the client writes the first address', (fallback) => {
    const f = rateOn(alb([...managed(), rate({ AggregateKeyType: 'FORWARDED_IP', ...XFF(fallback) })]), 'Alb');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/X-Forwarded-For/);
    expect(f[0][2]).toMatch(/first address/);
    expect(f[0][2]).toMatch(/without the header is not counted/);
    expect(f[0][2]).toMatch(/AlbSg admits 0\.0\.0\.0\/0/);
  });

  test('a CloudFront distribution in front does not help: the ALB is still open to the internet, and CloudFront appends to X-Forwarded-For', () => {
    const front = {
      Front: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: { DistributionConfig: { Enabled: true, Origins: [{ Id: 'alb', DomainName: { 'Fn::GetAtt': ['Alb', 'DNSName'] }, CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }], DefaultCacheBehavior: { TargetOriginId: 'alb', ViewerProtocolPolicy: 'https-only' } } },
      },
    };
    expect(statuses(rateOn(alb([...managed(), rate({ AggregateKeyType: 'FORWARDED_IP', ...XFF() })], { more: front }), 'Alb'))).toEqual(['fail']);
  });

  test('another header on an ALB open to the internet fails too: the client sends it, or leaves it out', () => {
    const f = rateOn(alb([...managed(), rate({ AggregateKeyType: 'FORWARDED_IP', ...XFF('MATCH', 'True-Client-IP') })]), 'Alb');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/True-Client-IP/);
  });

  test('an ALB whose security groups are not in the template (a proxy may be its only client) is unknown, naming what decides', () => {
    const f = rateOn(alb([...managed(), rate({ AggregateKeyType: 'FORWARDED_IP', ...XFF() })], { groups: ['sg-0123456789abcdef0'] }), 'Alb');
    expect(statuses(f)).toEqual(['unknown']);
    expect(f[0][2]).toMatch(/proxy .* overwrites X-Forwarded-For/);
  });

  test('a web ACL that blocks by default may admit only a proxy: unknown, not fail', () => {
    const f = rateOn(alb([...managed(), rate({ AggregateKeyType: 'FORWARDED_IP', ...XFF() })], { defaultAction: { Block: {} } }), 'Alb');
    expect(statuses(f)).toEqual(['unknown']);
  });

  test('FORWARDED_IP on a CLOUDFRONT web ACL fails: WAF reads the viewer\'s own header at the edge', () => {
    const f = rateOn(distribution([...managed(), rate({ AggregateKeyType: 'FORWARDED_IP', ...XFF() })]), 'Dist');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/edge/);
  });

  test('FORWARDED_IP on the web ACL of a public REST stage does not throttle it', () => {
    const f = of(judged('ApiGatewayThrottling', restStage([...managed(), rate({ AggregateKeyType: 'FORWARDED_IP', ...XFF() })])), 'Stage');
    expect(statuses(f)).toEqual(['fail']);
    expect(f.map(([, , m]) => m).join(' ')).toMatch(/X-Forwarded-For/);
  });

  test('a key type from a parameter (IP or FORWARDED_IP) is unknown', () => {
    const extra = { Parameters: { KeyType: { Type: 'String', AllowedValues: ['IP', 'FORWARDED_IP'], Default: 'IP' } } };
    const f = of(judged('WafRateLimit', alb([...managed(), rate({ AggregateKeyType: { Ref: 'KeyType' }, ...XFF() })]), extra), 'Alb');
    expect(statuses(f)).toEqual(['unknown']);
    expect(f[0][2]).toMatch(/KeyType/);
  });
});

describe('WafRateLimit: custom aggregation keys', () => {
  const custom = (...keys: any[]) => rate({ AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: keys });

  test.each([
    ['IP and a header', [{ IP: {} }, { Header: { Name: 'User-Agent', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }], /Header User-Agent/],
    ['IP and the HTTP method', [{ IP: {} }, { HTTPMethod: {} }], /HTTPMethod/],
    ['IP and a query argument', [{ IP: {} }, { QueryArgument: { Name: 'session', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }], /QueryArgument session/],
    ['IP and a label namespace', [{ IP: {} }, { LabelNamespace: { Namespace: 'awswaf:managed:aws:bot-control:' } }], /LabelNamespace/],
  ])('%s: a client that varies (or omits) the other key is counted anew: fail', (_, keys, why) => {
    const f = rateOn(alb([...managed(), custom(...keys)]), 'Alb');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(why);
  });

  test('a forwarded IP with the ASN on an ALB open to the internet fails like FORWARDED_IP', () => {
    const f = rateOn(alb([...managed(), rate({ AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ ForwardedIP: {} }, { ASN: {} }], ...XFF() })]), 'Alb');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/X-Forwarded-For/);
  });

  test('IP with the ASN of that IP still counts per client: pass', () => {
    expect(statuses(rateOn(alb([...managed(), custom({ IP: {} }, { ASN: {} })]), 'Alb'))).toEqual(['pass']);
  });

  test('custom keys decided at deploy time are unknown', () => {
    const extra = { Parameters: { Keys: { Type: 'String' } } };
    const f = of(judged('WafRateLimit', alb([...managed(), rate({ AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: { 'Fn::Split': [',', { Ref: 'Keys' }] } })]), extra), 'Alb');
    expect(statuses(f)).toEqual(['unknown']);
  });
});

describe('managed and referenced rule groups overridden to Allow before the rules that must see every request', () => {
  const both = (template: Record<string, any>) => [statuses(of(judged('WafWebAcl', template), 'Alb')), statuses(rateOn(template, 'Alb'))];
  const earlier = (group: string, statement: Record<string, any> = {}, own: Record<string, any> = {}) => ({
    Name: group, Priority: 0, OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group, ...statement } },
    VisibilityConfig: vis(group), ...own,
  });

  test('an earlier managed group run as AWS wrote it (as our HttpsEndpoint does) passes both', () => {
    expect(both(alb([earlier('AWSManagedRulesAmazonIpReputationList'), ...managed(), rate()]))).toEqual([['pass'], ['pass']]);
  });

  test('an earlier managed rule overridden to Allow lets the requests it matches skip the groups and the rate rule: unknown for both', () => {
    const bot = earlier('AWSManagedRulesBotControlRuleSet', { RuleActionOverrides: [{ Name: 'CategoryHttpLibrary', ActionToUse: { Allow: {} } }] });
    const t = alb([bot, ...managed(), rate()]);
    const f = of(judged('WafWebAcl', t), 'Alb');
    expect(statuses(f)).toEqual(['unknown']);
    expect(f[0][2]).toMatch(/CategoryHttpLibrary of managed rule group AWSManagedRulesBotControlRuleSet \(priority 0\) is overridden to Allow/);
    const r = rateOn(t, 'Alb');
    expect(statuses(r)).toEqual(['unknown']);
    expect(r[0][2]).toMatch(/CategoryHttpLibrary/);
  });

  test('the same group after the rules, or counted as a whole, leaves both passing', () => {
    const bot = (own: Record<string, any>) => earlier('AWSManagedRulesBotControlRuleSet', { RuleActionOverrides: [{ Name: 'CategoryHttpLibrary', ActionToUse: { Allow: {} } }] }, own);
    expect(both(alb([bot({ Priority: 50 }), ...managed(), rate()]))).toEqual([['pass'], ['pass']]);
    expect(both(alb([bot({ OverrideAction: { Count: {} } }), ...managed(), rate()]))).toEqual([['pass'], ['pass']]);
  });

  test('a required group with a rule overridden to Allow fails WAF-WEB-ACL and, ordered before the rate rule, leaves WAF-RATE-LIMIT unknown', () => {
    const t = alb([...managed({ AWSManagedRulesCommonRuleSet: { Priority: 1, group: { RuleActionOverrides: [{ Name: 'NoUserAgent_HEADER', ActionToUse: { Allow: {} } }] } } }), rate()]);
    const w = of(judged('WafWebAcl', t), 'Alb');
    expect(statuses(w)).toEqual(['fail']);
    expect(w[0][2]).toMatch(/NoUserAgent_HEADER/);
    const r = rateOn(t, 'Alb');
    expect(statuses(r)).toEqual(['unknown']);
    expect(r[0][2]).toMatch(/NoUserAgent_HEADER/);
  });

  test.each([
    ['the whole group counted', { OverrideAction: { Count: {} } }, /count mode only/],
    ['a rule overridden to Count', { group: { RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] } }, /SizeRestrictions_BODY/],
    ['a rule excluded', { group: { ExcludedRules: [{ Name: 'CrossSiteScripting_BODY' }] } }, /CrossSiteScripting_BODY/],
  ])('a required group with %s fails WAF-WEB-ACL', (_, own, why) => {
    const f = of(judged('WafWebAcl', alb([...managed({ AWSManagedRulesCommonRuleSet: own }), rate()])), 'Alb');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(why);
  });

  test('a marketplace managed group before the rules may allow requests: unknown', () => {
    const vendor = { Name: 'vendor', Priority: 0, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'Example', Name: 'ExampleBotRules' } }, VisibilityConfig: vis('vendor') };
    const f = of(judged('WafWebAcl', alb([vendor, ...managed(), rate()])), 'Alb');
    expect(statuses(f)).toEqual(['unknown']);
    expect(f[0][2]).toMatch(/Example.*ExampleBotRules.*not in this template/);
  });

  const ruleGroup = {
    Group: {
      Type: 'AWS::WAFv2::RuleGroup',
      Properties: {
        Scope: 'REGIONAL', Capacity: 10, VisibilityConfig: vis('Group'),
        Rules: [{ Name: 'block-all-tests', Priority: 0, Action: { Block: {} }, Statement: EVERY, VisibilityConfig: vis('b') }],
      },
    },
  };
  const reference = (own: Record<string, any> = {}) => ({
    Name: 'own-group', Priority: 0, OverrideAction: { None: {} },
    Statement: { RuleGroupReferenceStatement: { Arn: { 'Fn::GetAtt': ['Group', 'Arn'] }, ...own } },
    VisibilityConfig: vis('own'),
  });

  test('a rule of a referenced group overridden to Allow, whose statement matches every request, fails both', () => {
    const t = alb([reference({ RuleActionOverrides: [{ Name: 'block-all-tests', ActionToUse: { Allow: {} } }] }), ...managed(), rate()], { more: ruleGroup });
    const f = of(judged('WafWebAcl', t), 'Alb');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/block-all-tests of rule group own-group \(priority 0\) allows every request/);
    expect(statuses(rateOn(t, 'Alb'))).toEqual(['fail']);
  });

  test('the same group referenced without the override (it blocks) passes both', () => {
    expect(both(alb([reference(), ...managed(), rate()], { more: ruleGroup }))).toEqual([['pass'], ['pass']]);
  });
});

describe('WafRateLimit: a rate rule inside a rule group (a false fail: "no rate-based rule")', () => {
  const groupRef = (arn: any, extra: Record<string, any> = {}) => ({
    Name: 'limits', Priority: 1, OverrideAction: { None: {} },
    Statement: { RuleGroupReferenceStatement: { Arn: arn } },
    VisibilityConfig: vis('limits'),
    ...extra,
  });
  const group = (rules: any[]) => ({
    Type: 'AWS::WAFv2::RuleGroup',
    Properties: { Scope: 'REGIONAL', Capacity: 50, VisibilityConfig: vis('Group'), Rules: rules },
  });
  const arnOf = { 'Fn::GetAtt': ['Limits', 'Arn'] };

  test('a group of this template holding a rate rule: unknown, naming it (was a fail)', () => {
    const r = of(judged('WafRateLimit', alb([groupRef(arnOf), ...managed()], { more: { Limits: group([rate()]) } })), 'Alb');
    expect(r).toEqual([['Alb', 'unknown', expect.stringMatching(/rule limits uses rule group Limits, which holds a rate-based rule: rate rules inside a rule group are not judged/)]]);
  });

  test('a group from outside the template: unknown', () => {
    const r = of(judged('WafRateLimit', alb([groupRef('arn:aws:wafv2:eu-west-1:111111111111:regional/rulegroup/limits/0123'), ...managed()])), 'Alb');
    expect(statuses(r)).toEqual(['unknown']);
  });

  test('a group without a rate rule, or one overridden to Count: still a fail', () => {
    const other = { Name: 'ua', Priority: 0, Action: { Block: {} }, Statement: EVERY, VisibilityConfig: vis('ua') };
    expect(statuses(of(judged('WafRateLimit', alb([groupRef(arnOf), ...managed()], { more: { Limits: group([other]) } })), 'Alb'))).toEqual(['fail']);
    const counted = groupRef(arnOf, { OverrideAction: { Count: {} } });
    expect(statuses(of(judged('WafRateLimit', alb([counted, ...managed()], { more: { Limits: group([rate()]) } })), 'Alb'))).toEqual(['fail']);
  });
});
