/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes of the edge rules found by an audit (2026-12-05; each case was a PASS): an IP allow-list WAF reads
 * from a forwarded-IP header, which the client writes, counted as a narrow exemption ahead of the managed groups and
 * the rate rule (WAF-WEB-ACL, WAF-RATE-LIMIT); two web ACL associations on one resource judged by the first in
 * template order; a scope-down statement taken for "every request" while it reads a header a request may leave out
 * or runs text transformations first; API Gateway access logs with a destination and no Format (API Gateway logs
 * nothing); a CloudFront CORS policy with OriginOverride false (the origin's own CORS headers win); and an HSTS value
 * with a repeated directive (browsers ignore the header). Each now fails or is unknown, and the compliant form next
 * to it still passes.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const ENV = { region: 'eu-west-1' };

/** `[status, message]` of one rule's findings on one resource of a patched compliant base. */
function judged(base: string, patch: PatchOp[], rule: string, resource: string): Array<[string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, ENV);
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });
const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });

// ---------------------------------------------------------------------------------------------------------------
// 1. An Allow rule keyed on a forwarded-IP header

const RULES = ['Resources', 'WebAcl', 'Properties', 'Rules'];
/** An IP set of one office address, and a first Allow rule (priority 0, the managed groups moved to 1-3) matching `stmt`. */
function allowFirst(stmt: any): PatchOp[] {
  return [
    set(['Resources', 'OfficeIps'], { Type: 'AWS::WAFv2::IPSet', Properties: { Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['203.0.113.10/32'] } }),
    set([...RULES, 0, 'Priority'], 1), set([...RULES, 1, 'Priority'], 2), set([...RULES, 2, 'Priority'], 3),
    { op: 'push', path: RULES, value: { Name: 'AllowOffice', Priority: 0, Action: { Allow: {} }, Statement: stmt, VisibilityConfig: vis('office') } },
  ];
}
const office = (forwarded?: Record<string, any>) => ({
  IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': ['OfficeIps', 'Arn'] }, ...(forwarded ? { IPSetForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'NO_MATCH', Position: 'ANY', ...forwarded } } : {}) },
});
const WAF = ['WafWebAcl', 'WafRateLimit'];
const onAlb = (patch: PatchOp[]) => WAF.map((r) => judged('edge-alb', patch, r, 'Alb')[0]);

describe('1. an allow-list read from a forwarded-IP header is not a narrow exemption', () => {
  test('an internet-facing ALB open to the internet: any client writes X-Forwarded-For, so both fail', () => {
    const f = onAlb(allowFirst(office({})));
    expect(f).toEqual(WAF.map(() => ['fail', expect.stringMatching(/rule AllowOffice \(priority 0\) allows requests whose X-Forwarded-For header holds an address of IP set OfficeIps \(IPSetForwardedIPConfig, Position ANY\).*Alb faces the internet \(security group AlbSecurityGroup admits 0\.0\.0\.0\/0\)/)]));
  });

  test('position FIRST, and another header at any position, fail the same way', () => {
    expect(onAlb(allowFirst(office({ Position: 'FIRST' }))).map(([s]) => s)).toEqual(['fail', 'fail']);
    expect(onAlb(allowFirst(office({ HeaderName: 'True-Client-IP', Position: 'LAST' }))).map(([s]) => s)).toEqual(['fail', 'fail']);
  });

  test('where the template does not show clients reaching the ALB, or X-Forwarded-For at position LAST: unknown', () => {
    const closed = [...allowFirst(office({})), del(['Resources', 'Alb', 'Properties', 'SecurityGroups'])];
    expect(onAlb(closed)).toEqual(WAF.map(() => ['unknown', expect.stringMatching(/X-Forwarded-For header holds an address of IP set OfficeIps.*unless every request comes through a proxy that overwrites X-Forwarded-For/)]));
    expect(onAlb(allowFirst(office({ Position: 'LAST' }))).map(([s]) => s)).toEqual(['unknown', 'unknown']);
  });

  test('an Allow rule of a rule group of the template reading the header fails too', () => {
    const patch = [
      set(['Resources', 'OfficeIps'], { Type: 'AWS::WAFv2::IPSet', Properties: { Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['203.0.113.10/32'] } }),
      set(['Resources', 'Group'], { Type: 'AWS::WAFv2::RuleGroup', Properties: { Scope: 'REGIONAL', Capacity: 10, VisibilityConfig: vis('g'), Rules: [{ Name: 'AllowOffice', Priority: 0, Action: { Allow: {} }, Statement: office({}), VisibilityConfig: vis('go') }] } }),
      set([...RULES, 0, 'Priority'], 1), set([...RULES, 1, 'Priority'], 2), set([...RULES, 2, 'Priority'], 3),
      { op: 'push', path: RULES, value: { Name: 'Own', Priority: 0, OverrideAction: { None: {} }, Statement: { RuleGroupReferenceStatement: { Arn: { 'Fn::GetAtt': ['Group', 'Arn'] } } }, VisibilityConfig: vis('own') } },
    ] as PatchOp[];
    expect(onAlb(patch)).toEqual(WAF.map(() => ['fail', expect.stringMatching(/rule AllowOffice of rule group Own \(priority 0\) allows requests whose X-Forwarded-For header/)]));
  });

  test('a CloudFront web ACL reads the viewer\'s own header: fail', () => {
    const patch: PatchOp[] = [
      set(['Resources', 'OfficeIps'], { Type: 'AWS::WAFv2::IPSet', Properties: { Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV4', Addresses: ['203.0.113.10/32'] } }),
      ...allowFirst(office({})).slice(1),
    ];
    expect(judged('edge-cloudfront', patch, 'WafWebAcl', 'Distribution')).toEqual([['fail', expect.stringMatching(/WAF inspects the viewer's own request at the CloudFront edge of Distribution/)]]);
  });

  test('still passes: the same IP set matched against the connection, or the header only on one exact path', () => {
    expect(onAlb(allowFirst(office())).map(([s]) => s)).toEqual(['pass', 'pass']);
    const path = { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'EXACTLY', SearchString: '/internal/report', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } };
    expect(onAlb(allowFirst({ AndStatement: { Statements: [path, office({})] } })).map(([s]) => s)).toEqual(['pass', 'pass']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Two web ACL associations on one resource

describe('2. several associations on one resource', () => {
  const weak = set(['Resources', 'WeakAcl'], { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('weak'), Rules: [] } });
  const second = (acl: string) => set(['Resources', 'Assoc2'], { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { Ref: 'Alb' }, WebACLArn: { 'Fn::GetAtt': [acl, 'Arn'] } } });

  test('a second association naming another web ACL: unknown, naming both, whichever comes first', () => {
    const msg = /associations (WebAclAssociation \(WebAcl\.Arn\), Assoc2 \(WeakAcl\.Arn\)|Assoc2 \(WeakAcl\.Arn\), WebAclAssociation \(WebAcl\.Arn\)) attach different web ACLs to the internet-facing load balancer/;
    expect(onAlb([weak, second('WeakAcl')])).toEqual(WAF.map(() => ['unknown', expect.stringMatching(msg)]));
  });

  test('a REST stage with two associations: unknown for WAF-WEB-ACL; the stage throttle still passes', () => {
    const patch: PatchOp[] = [weak, set(['Resources', 'Assoc2'], { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: bases.get('edge-api').Resources.WebAclAssociation.Properties.ResourceArn, WebACLArn: { 'Fn::GetAtt': ['WeakAcl', 'Arn'] } } })];
    expect(judged('edge-api', patch, 'WafWebAcl', 'ApiDeploymentStageprod')).toEqual([['unknown', expect.stringMatching(/attach different web ACLs to the public API stage/)]]);
    const unthrottled = [...patch, del(['Resources', 'ApiDeploymentStageprod', 'Properties', 'MethodSettings'])];
    expect(judged('edge-api', unthrottled, 'ApiGatewayThrottling', 'ApiDeploymentStageprod').map(([s]) => s)).toEqual(['unknown']);
  });

  test('still passes: two associations naming the same web ACL', () => {
    expect(onAlb([second('WebAcl')]).map(([s]) => s)).toEqual(['pass', 'pass']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. API Gateway access logs without a Format

describe('3. access logs need a Format', () => {
  const STAGE = ['Resources', 'ApiDeploymentStageprod', 'Properties', 'AccessLogSetting'];
  const HTTP = ['Resources', 'HttpStage', 'Properties', 'AccessLogSettings'];

  test('a REST stage and an HTTP stage with a destination and no Format fail', () => {
    expect(judged('edge-api', [del([...STAGE, 'Format'])], 'ApiGatewayAccessLogs', 'ApiDeploymentStageprod')).toEqual([['fail', expect.stringMatching(/names an access log destination \(ApiAccessLogs\.Arn\) but no Format: API Gateway enables access logging only with both/)]]);
    expect(judged('edge-api', [del([...HTTP, 'Format'])], 'ApiGatewayAccessLogs', 'HttpStage')).toEqual([['fail', expect.stringMatching(/but no Format/)]]);
  });

  test('a deployment whose StageDescription creates the stage fails the same way', () => {
    const dep = set(['Resources', 'Dep2'], { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'v2', StageDescription: { ThrottlingRateLimit: 50, AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': ['ApiAccessLogs', 'Arn'] } } } } });
    expect(judged('edge-api', [dep], 'ApiGatewayAccessLogs', 'Dep2')).toEqual([['fail', expect.stringMatching(/but no Format/)]]);
  });

  test('a format without $context.requestId or $context.extendedRequestId fails; one from a parameter is unknown', () => {
    expect(judged('edge-api', [set([...STAGE, 'Format'], '$context.identity.sourceIp $context.status')], 'ApiGatewayAccessLogs', 'ApiDeploymentStageprod')).toEqual([['fail', expect.stringMatching(/holds neither \$context\.requestId nor \$context\.extendedRequestId/)]]);
    const param = [set(['Parameters', 'LogFormat'], { Type: 'String' }), set([...STAGE, 'Format'], { Ref: 'LogFormat' })];
    expect(judged('edge-api', param, 'ApiGatewayAccessLogs', 'ApiDeploymentStageprod')).toEqual([['unknown', expect.stringMatching(/access log format decided at deploy time/)]]);
  });

  test('still passes: a format with $context.extendedRequestId only', () => {
    expect(judged('edge-api', [set([...HTTP, 'Format'], '$context.extendedRequestId $context.status')], 'ApiGatewayAccessLogs', 'HttpStage').map(([s]) => s)).toEqual(['pass']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 4. CloudFront CORS with OriginOverride false

describe('4. a CloudFront CORS policy without OriginOverride true', () => {
  const CORS = ['Resources', 'SecurityHeaders', 'Properties', 'ResponseHeadersPolicyConfig', 'CorsConfig'];
  const cors = (patch: PatchOp[]) => judged('edge-cloudfront', patch, 'EdgeCorsRestricted', 'SecurityHeaders');

  test('OriginOverride false, unset or from a parameter: unknown, the origin\'s own CORS headers win', () => {
    expect(cors([set([...CORS, 'OriginOverride'], false)])).toEqual([['unknown', expect.stringMatching(/CORS limited to https:\/\/app\.example\.com with OriginOverride false: CloudFront keeps the origin's own Access-Control-Allow-Origin/)]]);
    expect(cors([del([...CORS, 'OriginOverride'])])).toEqual([['unknown', expect.stringMatching(/with OriginOverride unset/)]]);
    expect(cors([set(['Parameters', 'Override'], { Type: 'String', AllowedValues: ['true', 'false'] }), set([...CORS, 'OriginOverride'], { Ref: 'Override' })])).toEqual([['unknown', expect.stringMatching(/parameter Override = false: CORS limited to https:\/\/app\.example\.com with OriginOverride false.*passes when parameter Override = true/)]]);
  });

  test('* fails either way; OriginOverride true still passes', () => {
    expect(cors([set([...CORS, 'OriginOverride'], false), set([...CORS, 'AccessControlAllowOrigins', 'Items'], ['*'])]).map(([s]) => s)).toEqual(['fail']);
    expect(cors([]).map(([s]) => s)).toEqual(['pass']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 5. Scope-down statements that are not 'every request'

describe('5. a scope-down on a field a request may lack, or after text transformations, is not every request', () => {
  const GROUP = (i: number) => [...RULES, i, 'Statement', 'ManagedRuleGroupStatement', 'ScopeDownStatement'];
  const RATE = [...RULES, 3, 'Statement', 'RateBasedStatement', 'ScopeDownStatement'];
  const everywhere = (stmt: any) => [0, 1, 2].map((i) => set(GROUP(i), stmt)).concat([set(RATE, stmt)]);
  const header = (kind: any) => ({ SizeConstraintStatement: { FieldToMatch: kind, ComparisonOperator: 'GE', Size: 0, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } });
  const slash = (type: string) => ({ ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/', TextTransformations: [{ Priority: 0, Type: type }] } });

  test('a size constraint GE 0 on a header: unknown, naming the header', () => {
    expect(onAlb(everywhere(header({ SingleHeader: { Name: 'x-scan-me' } })))).toEqual(WAF.map(() => ['unknown', expect.stringMatching(/ScopeDownStatement may leave requests out: its size constraint \(GE 0\) reads SingleHeader x-scan-me, which a request may leave out/)]));
  });

  test('a byte match of "/" on the path after BASE64_DECODE: unknown, naming the transformation', () => {
    expect(onAlb(everywhere(slash('BASE64_DECODE')))).toEqual(WAF.map(() => ['unknown', expect.stringMatching(/runs after the text transformations BASE64_DECODE/)]));
  });

  test('still passes: GE 0 on the URI path or the method; "/" after LOWERCASE or URL_DECODE; a geo scope-down still fails', () => {
    expect(onAlb(everywhere(header({ UriPath: {} }))).map(([s]) => s)).toEqual(['pass', 'pass']);
    expect(onAlb(everywhere(header({ Method: {} }))).map(([s]) => s)).toEqual(['pass', 'pass']);
    expect(onAlb(everywhere(slash('LOWERCASE'))).map(([s]) => s)).toEqual(['pass', 'pass']);
    expect(onAlb(everywhere(slash('URL_DECODE'))).map(([s]) => s)).toEqual(['pass', 'pass']);
    expect(onAlb(everywhere({ GeoMatchStatement: { CountryCodes: ['DE'] } })).map(([s]) => s)).toEqual(['fail', 'fail']);
  });

  test('an Allow rule of every request carrying a header is no longer judged as every request: unknown, not fail', () => {
    expect(onAlb(allowFirst(header({ SingleHeader: { Name: 'x-internal' } }))).map(([s]) => s)).toEqual(['unknown', 'unknown']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 6. HSTS with a repeated directive

describe('6. an HSTS value a browser ignores', () => {
  const HSTS = ['Resources', 'AlbHttps', 'Properties', 'ListenerAttributes', 0, 'Value'];
  const hsts = (value: string) => judged('edge-alb', [set(HSTS, value)], 'HeadersHsts', 'AlbHttps');

  test('a repeated max-age fails', () => {
    expect(hsts('max-age=31536000; max-age=0; includeSubDomains')).toEqual([['fail', expect.stringMatching(/repeats the max-age directive, so a browser ignores the whole header/)]]);
    expect(hsts('max-age=31536000; includeSubDomains; includesubdomains')).toEqual([['fail', expect.stringMatching(/repeats the includesubdomains directive/)]]);
  });

  test('a max-age that is not digits, or a directive outside the grammar, fails', () => {
    expect(hsts('max-age=31536000abc; includeSubDomains')).toEqual([['fail', expect.stringMatching(/max-age "31536000abc" is not a number of seconds/)]]);
    expect(hsts('max-age=31536000; includeSubDomains, preload')).toEqual([['fail', expect.stringMatching(/does not follow the header's grammar/)]]);
  });

  test('still passes: a quoted max-age, case-folded names, an empty directive', () => {
    expect(hsts('Max-Age="31536000"; INCLUDESUBDOMAINS;; preload').map(([s]) => s)).toEqual(['pass']);
  });
});
