/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * HeadersCsp (HEADERS-CSP asks for a restrictive Content-Security-Policy) judged as CSP 3 browsers enforce the
 * header, for every place the rule reads it: an ALB listener attribute, a CloudFront response headers policy's
 * SecurityHeadersConfig and its custom headers.
 *
 * - defect 1: a script source list that lets in any origin in another spelling (`https://*`, `*.com`, a wildcard over
 *   a shared-hosting domain, `wss:`, which CSP 3 matches against https URLs) was a PASS;
 * - defect 2: `script-src-elem` / `script-src-attr` were ignored, so a strict `script-src` next to
 *   `script-src-elem *` or `script-src-attr 'unsafe-inline'` was a PASS;
 * - defect 3: `'strict-dynamic'` with a nonce or hash makes CSP 3 browsers ignore host and scheme sources and
 *   `'unsafe-inline'`, so the backward-compatible strict policy was a false FAIL.
 *
 * Sources: MDN "CSP: script-src-elem" (fallback script-src-elem -> script-src -> default-src), MDN "CSP source
 * values", CSP 3 §8.2 "Usage of 'strict-dynamic'" (quoted in TYPO3 commit 74105af), WPT
 * content-security-policy/script-src-attr-elem/strict-dynamic-elem-*.html, CSP 3 §6.7.2.8 scheme-part matching.
 */
import { GoLiveChecks } from '../../../lib';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[resource, status, message]` of HeadersCsp's findings on a template. */
function judged(resources: Record<string, any>, extra: Record<string, any> = {}): Array<[string, string, string]> {
  const report = checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: resources });
  return report.findings.filter((f) => f.ruleId === 'HeadersCsp').map((f) => [f.resource ?? '', f.status, f.message]);
}
const statuses = (fs: Array<[string, string, string]>) => fs.map(([, s]) => s);
const text = (fs: Array<[string, string, string]>) => fs.map(([, , m]) => m).join('\n');

/** An internet-facing ALB whose HTTPS listener sends `csp`. */
const alb = (csp: any) => ({
  Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Type: 'application', Subnets: ['subnet-1', 'subnet-2'] } },
  Https: {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: { Ref: 'Alb' }, Port: 443, Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100' }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      ListenerAttributes: [{ Key: 'routing.http.response.content_security_policy.header_value', Value: csp }],
    },
  },
});

/** A distribution whose response headers policy sends `csp`, as a security header or as a custom header. */
const cloudFront = (csp: any, as: 'security' | 'custom' = 'security') => ({
  Policy: {
    Type: 'AWS::CloudFront::ResponseHeadersPolicy',
    Properties: {
      ResponseHeadersPolicyConfig: {
        Name: 'headers',
        ...(as === 'security'
          ? { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: true } } }
          : { CustomHeadersConfig: { Items: [{ Header: 'Content-Security-Policy', Value: csp, Override: true }] } }),
      },
    },
  },
  Distribution: {
    Type: 'AWS::CloudFront::Distribution',
    Properties: {
      DistributionConfig: {
        Enabled: true,
        Origins: [{ Id: 'o', DomainName: 'origin.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }],
        DefaultCacheBehavior: {
          TargetOriginId: 'o', ViewerProtocolPolicy: 'redirect-to-https',
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6', ResponseHeadersPolicyId: { Ref: 'Policy' },
        },
      },
    },
  },
});

describe('defect 1: a script source list that lets in any origin fails', () => {
  test.each([
    ["default-src 'self'; script-src 'self' https://*", /script-src allows https:\/\/\* \(every host\)/],
    ["default-src https://*; frame-ancestors 'none'", /default-src allows https:\/\/\* \(every host\)/],
    ["default-src 'self'; script-src 'self' http://*", /allows http:\/\/\*/],
    ["default-src 'self'; script-src 'self' https://*:443", /allows https:\/\/\*:443/],
    ["default-src 'self'; script-src 'self' https://*/js/", /allows https:\/\/\*\/js\//],
    ["default-src 'self'; script-src 'self' *:*", /allows \*:\*/],
    ["default-src 'self'; script-src 'self' *.com", /allows \*\.com \(every host under com\)/],
    ["default-src 'self'; script-src 'self' https://*.co.uk", /allows https:\/\/\*\.co\.uk \(every host under co\.uk\)/],
    ["default-src 'self'; script-src 'self' https://*.cloudfront.net", /\*\.cloudfront\.net \(every host under cloudfront\.net, where anyone can get one\)/],
    ["default-src 'self'; script-src 'self' *.s3.amazonaws.com", /\*\.s3\.amazonaws\.com/],
    ["default-src 'self' *.execute-api.eu-west-1.amazonaws.com", /default-src allows \*\.execute-api/],
    ["default-src 'self'; script-src 'self' wss:", /allows wss: \(every URL of that scheme\)/],
    ["default-src 'self'; script-src 'self' data:", /allows data:/],
    ["default-src 'self'; script-src 'self' https:", /allows https:/],
    ['script-src *', /allows \*/],
    ["default-src 'self'; script-src 'self' HTTPS://*", /allows https:\/\/\*/],
  ])('ALB %s', (csp, why) => {
    const f = judged(alb(csp));
    expect(statuses(f)).toEqual(['fail']);
    expect(text(f)).toMatch(why);
  });

  test('CloudFront, as a security header and as a custom header', () => {
    for (const as of ['security', 'custom'] as const) {
      const f = judged(cloudFront("default-src 'self'; script-src 'self' https://*", as));
      expect(statuses(f)).toEqual(['fail']);
      expect(text(f)).toMatch(/DefaultCacheBehavior \(policy Policy\): Content-Security-Policy .*script-src allows https:\/\/\*/);
    }
  });

  test.each([
    "default-src 'self'; script-src 'self' https://cdn.example.com https://*.example.com",
    "default-src 'self'; script-src 'self' https://d111111abcdef8.cloudfront.net",
    "default-src 'self'; script-src 'self' https://*.example.co.uk",
    "default-src 'self' wss://ws.example.com; img-src * data:; connect-src https:",
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'",
    "default-src 'self'; script-src 'self' 'unsafe-eval'",
  ])('a policy that names its script hosts passes: %s', (csp) => {
    expect(statuses(judged(alb(csp)))).toEqual(['pass']);
    expect(statuses(judged(cloudFront(csp)))).toEqual(['pass']);
  });

  test('a condition choosing between a strict and an open policy is unknown; both strict passes', () => {
    const param = { Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } }, Conditions: { Dev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] } } };
    const csp = (dev: string) => ({ 'Fn::If': ['Dev', dev, "default-src 'self'"] });
    expect(statuses(judged(alb(csp("default-src 'self' https://*")), param))).toEqual(['unknown']);
    expect(statuses(judged(cloudFront(csp("default-src 'self' https://*")), param))).toEqual(['unknown']);
    expect(statuses(judged(alb(csp("default-src 'self' https://cdn.example.com")), param))).toEqual(['pass']);
  });

  test('a policy from an open parameter is unknown', () => {
    const f = judged(alb({ Ref: 'Csp' }), { Parameters: { Csp: { Type: 'String' } } });
    expect(statuses(f)).toEqual(['unknown']);
    expect(text(f)).toMatch(/Content-Security-Policy decided at deploy time/);
  });

  test('script hosts joined from a parameter are unknown', () => {
    const f = judged(alb({ 'Fn::Join': [' ', ["default-src 'self'; script-src 'self'", { Ref: 'ScriptHost' }]] }), { Parameters: { ScriptHost: { Type: 'String' } } });
    expect(statuses(f)).toEqual(['unknown']);
  });
});

describe('defect 2: script-src-elem and script-src-attr are read (CSP 3 fallback)', () => {
  test.each([
    ["default-src 'self'; script-src 'self'; script-src-elem 'unsafe-inline' *", /script-src-elem allows \*/],
    ["default-src 'self'; script-src-elem https:", /script-src-elem allows https:/],
    ["default-src 'self'; script-src 'self'; script-src-elem 'self' 'unsafe-inline'", /script-src-elem allows 'unsafe-inline' scripts without a nonce, hash or 'strict-dynamic'/],
    ["default-src 'self'; script-src 'self'; script-src-attr 'unsafe-inline'", /script-src-attr allows 'unsafe-inline' event handlers without a nonce, hash or 'strict-dynamic'/],
    ["default-src 'self'; script-src-attr 'unsafe-inline'", /script-src-attr allows 'unsafe-inline' event handlers/],
    ["script-src-elem 'self'; object-src 'none'", /restricts no inline event handler \(neither script-src-attr, script-src nor default-src\)/],
    ["script-src-attr 'none'", /restricts no script element \(neither script-src-elem, script-src nor default-src\)/],
  ])('ALB %s', (csp, why) => {
    const f = judged(alb(csp));
    expect(statuses(f)).toEqual(['fail']);
    expect(text(f)).toMatch(why);
  });

  test('CloudFront: script-src-elem * next to a strict script-src fails', () => {
    const f = judged(cloudFront("default-src 'self'; script-src 'self'; script-src-elem *"));
    expect(statuses(f)).toEqual(['fail']);
    expect(text(f)).toMatch(/script-src-elem allows \*/);
  });

  test.each([
    "default-src 'self'; script-src-elem 'self' https://cdn.example.com; script-src-attr 'none'",
    // script-src-elem and script-src-attr override a weak script-src for every script the page can run
    "script-src 'unsafe-inline' https:; script-src-elem 'self'; script-src-attr 'none'",
    "default-src 'self'; script-src-attr 'unsafe-hashes' 'sha256-AbCdEf0123456789AbCdEf0123456789AbCdEf01234='",
    "script-src-elem 'self'; script-src-attr 'none'",
  ])('a policy whose element and attribute lists are strict passes: %s', (csp) => {
    expect(statuses(judged(alb(csp)))).toEqual(['pass']);
  });

  test('two policies in one header: a script must pass both, so one strict policy per kind of script suffices', () => {
    expect(statuses(judged(alb("default-src *, default-src 'self'")))).toEqual(['pass']);
    expect(statuses(judged(alb("script-src *, img-src 'self'")))).toEqual(['fail']);
    // elements restricted by the second, event handlers by neither
    const f = judged(alb("script-src 'self' 'unsafe-inline', script-src-elem 'self'"));
    expect(statuses(f)).toEqual(['fail']);
    expect(text(f)).toMatch(/'unsafe-inline' event handlers/);
  });
});

describe("defect 3: 'strict-dynamic' with a nonce or hash is a strict policy", () => {
  const google = "script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'; base-uri 'none'";
  test.each([
    google,
    "script-src 'sha256-AbCdEf0123456789AbCdEf0123456789AbCdEf01234=' 'strict-dynamic' https: http: 'unsafe-inline'; object-src 'none'",
    "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'strict-dynamic' *",
    "default-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'",
    "default-src 'self'; script-src-elem 'nonce-r4nd0m' 'strict-dynamic' https:",
    "default-src 'self'; script-src 'Nonce-r4nd0m' 'Strict-Dynamic' https:",
  ])('passes: %s', (csp) => {
    const f = judged(alb(csp));
    expect(statuses(f)).toEqual(['pass']);
    expect(statuses(judged(cloudFront(csp)))).toEqual(['pass']);
    expect(statuses(judged(cloudFront(csp, 'custom')))).toEqual(['pass']);
  });

  test("the same host list without 'strict-dynamic' still fails", () => {
    const f = judged(alb("script-src 'nonce-r4nd0m' https: 'unsafe-inline'; object-src 'none'"));
    expect(statuses(f)).toEqual(['fail']);
    expect(text(f)).toMatch(/script-src allows https:/);
  });

  test("'strict-dynamic' in script-src does not cover a weaker script-src-elem", () => {
    const f = judged(alb("script-src 'nonce-r4nd0m' 'strict-dynamic'; script-src-elem 'self' https:"));
    expect(statuses(f)).toEqual(['fail']);
    expect(text(f)).toMatch(/script-src-elem allows https:/);
  });

  test("'strict-dynamic' ignores 'unsafe-inline' for event handlers too", () => {
    expect(statuses(judged(alb("script-src 'strict-dynamic' 'nonce-r4nd0m' 'unsafe-inline'")))).toEqual(['pass']);
  });
});
